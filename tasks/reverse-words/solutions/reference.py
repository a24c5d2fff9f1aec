# expect: 100 accepted
import sys

print("\n".join(reversed(sys.stdin.read().split())))
