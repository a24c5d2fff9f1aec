def check(input, expected, actual):
    n = int(input)
    try:
        perm = [int(t) for t in actual.split()]
    except ValueError:
        return False, "print integers only"
    if sorted(perm) != list(range(1, n + 1)):
        return False, f"not a permutation of 1..{n}"
    for k in range(n - 1):
        if abs(perm[k] - perm[k + 1]) == 1:
            return False, f"positions {k + 1} and {k + 2} hold {perm[k]} and {perm[k + 1]}"
    return True
