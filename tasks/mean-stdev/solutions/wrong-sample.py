# expect: 25 partial
# Sample standard deviation (n - 1): right only when every value is the same.
import statistics
import sys

data = sys.stdin.read().split()
xs = [float(t) for t in data[1:]]
print(statistics.mean(xs), statistics.stdev(xs))
