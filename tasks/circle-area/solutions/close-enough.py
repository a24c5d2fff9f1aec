# expect: 100 accepted
# A truncated pi (error ~3e-15) is well within the 1e-6 tolerance.
def area(r):
    return 3.14159265358979 * r * r
