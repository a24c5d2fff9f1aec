# expect: 25 partial
# pi = 3.14 is off by 5e-4 relative: only the radius-zero test passes.
def area(r):
    return 3.14 * r * r
