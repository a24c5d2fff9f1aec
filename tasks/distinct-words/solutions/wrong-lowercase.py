# expect: 66 partial
# Folds case, so "Go" and "go" merge.
import sys

for word in sorted(set(sys.stdin.read().lower().split())):
    print(word)
