# expect: 0 error
# The top-level assert fails when the module runs: the code cannot be graded at all.
def solution(a, b):
    return a - b
assert solution(2, 3) == 5
