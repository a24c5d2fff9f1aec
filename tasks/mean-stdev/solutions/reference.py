# expect: 100 accepted
import math
import sys

data = sys.stdin.read().split()
n = int(data[0])
xs = [float(t) for t in data[1:n + 1]]
mean = sum(xs) / n
print(mean, math.sqrt(sum((x - mean) ** 2 for x in xs) / n))
