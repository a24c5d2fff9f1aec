# expect: 50 partial
# Binet's formula in floating point is exact only up to about fib(70): fib(90) and fib(300)
# differ in their last digits, which an exact checker must notice (JSON.parse alone would
# round both sides to the same double).
import math

def fib(n):
    phi = (1 + math.sqrt(5)) / 2
    return round(phi ** n / math.sqrt(5))
