# expect: 50 partial
# bisect.insort looks O(n log n) but each insert shifts the list: O(n^2) memory moves,
# about 2 s of CPU for n = 100 000 here — over the limit.
import bisect
import sys

data = sys.stdin.buffer.read().split()
n = int(data[0])
seen = []
inv = 0
for k, v in enumerate(map(int, data[1:n + 1])):
    p = bisect.bisect_right(seen, v)
    inv += k - p
    seen.insert(p, v)
print(inv)
