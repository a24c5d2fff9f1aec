# expect: 100 accepted
def solution(a, b): return a + b
assert solution(2, 3) == 5
