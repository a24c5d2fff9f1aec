# expect: 0 rejected
# "True" is not True: the exact checker compares JSON values.
def is_palindrome(s):
    kept = [c.lower() for c in s if c.isalnum()]
    return str(kept == kept[::-1])
