# expect: 50 partial
# O(n^2): fine for the small and medium tests, over the 1 s CPU limit for n = 100 000.
import sys

data = sys.stdin.read().split()
n = int(data[0])
a = [int(t) for t in data[1:n + 1]]
inv = 0
for i in range(n):
    x = a[i]
    for j in range(i + 1, n):
        if x > a[j]:
            inv += 1
print(inv)
