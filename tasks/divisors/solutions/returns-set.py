# expect: 0 rejected
# A set is not a JSON value: reported as such, not guessed into a list.
def divisors(n):
    return {d for d in range(1, n + 1) if n % d == 0}
