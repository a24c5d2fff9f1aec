# expect: 36 partial
# Compares the raw string: right for "level", "hello" and "No 1 on 2" (weights 1 + 1 + 2 of 11).
def is_palindrome(s):
    return s == s[::-1]
