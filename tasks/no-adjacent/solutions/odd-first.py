# expect: 80 partial
# Odds then evens: the seam (largest odd, 2) is fine for n >= 5, but n = 4 prints
# "1 3 2 4", where 3 and 2 sit side by side.
n = int(input())
print(*range(1, n + 1, 2), *range(2, n + 1, 2))
