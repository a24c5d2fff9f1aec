# expect: 50 partial
# Forgets to lower-case: "AaBb" and "Hi, hi!" come out wrong.
from collections import Counter

def char_count(s):
    print("debug:", s)  # printing is fine in function mode: stdout is captured separately
    return dict(Counter(c for c in s if c.isalpha()))
