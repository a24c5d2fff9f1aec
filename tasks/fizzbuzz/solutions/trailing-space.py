# expect: 100 accepted
# Trailing spaces and a missing final newline are ignored by the exact checker.
import sys
n = int(sys.stdin.read())
out = []
for i in range(1, n + 1):
    out.append(("FizzBuzz" if i % 15 == 0 else "Fizz" if i % 3 == 0 else "Buzz" if i % 5 == 0 else str(i)) + "  ")
sys.stdout.write("\n".join(out))
