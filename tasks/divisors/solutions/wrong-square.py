# expect: 40 partial
# Adds the square root twice for perfect squares (1, 36 and 1000000): a multiset differs.
def divisors(n):
    out = []
    for d in range(1, int(n ** 0.5) + 1):
        if n % d == 0:
            out += [d, n // d]
    return out
