# expect: 100 accepted
import sys

for word in set(sys.stdin.read().split()):
    print(word)
