# expect: 100 accepted
from collections import Counter

def char_count(s):
    return dict(Counter(c for c in s.lower() if c.isalpha()))
