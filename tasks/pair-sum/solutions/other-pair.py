# expect: 100 accepted
# A different valid pair than the reference finds: the custom checker accepts any.
def pair_sum(nums, target):
    for i in range(len(nums) - 1, -1, -1):
        for j in range(len(nums) - 1, i, -1):
            if nums[i] + nums[j] == target:
                return (i, j)
