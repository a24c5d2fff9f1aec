def check(input, expected, actual):
    nums, target = input
    if not (isinstance(actual, list) and len(actual) == 2 and all(isinstance(k, int) for k in actual)):
        return False, "return a list of two indices"
    i, j = actual
    if not (0 <= i < j < len(nums)):
        return False, f"indices must satisfy 0 <= i < j < {len(nums)}"
    if nums[i] + nums[j] != target:
        return False, f"nums[{i}] + nums[{j}] = {nums[i] + nums[j]}, not {target}"
    return True
