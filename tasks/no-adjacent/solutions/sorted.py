# expect: 0 rejected
n = int(input())
print(*range(1, n + 1))
