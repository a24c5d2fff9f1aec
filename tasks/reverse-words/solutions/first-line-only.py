# expect: 40 partial
# Reads only the first line: the multi-line test (weight 2) fails, and so does empty input
# (input() raises EOFError).
print(*reversed(input().split()))
