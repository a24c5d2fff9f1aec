# expect: 33 partial
# Tests multiples of 3 first, so 15 prints "Fizz": right up to 14 only (weights 1 + 1 of 6).
n = int(input())
for i in range(1, n + 1):
    print("Fizz" if i % 3 == 0 else "Buzz" if i % 5 == 0 else "FizzBuzz" if i % 15 == 0 else i)
