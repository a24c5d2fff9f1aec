# expect: 100 accepted
# Bottom-up merge sort: O(n log n), about 0.5 s of CPU for n = 100 000 here.
import sys

def count(a):
    # bottom-up merge sort counting inversions
    n = len(a)
    inv = 0
    width = 1
    src = a[:]
    while width < n:
        dst = []
        for lo in range(0, n, 2 * width):
            left = src[lo:lo + width]
            right = src[lo + width:lo + 2 * width]
            i = j = 0
            nl = len(left)
            nr = len(right)
            while i < nl and j < nr:
                if left[i] <= right[j]:
                    dst.append(left[i]); i += 1
                else:
                    dst.append(right[j]); j += 1
                    inv += nl - i
            dst.extend(left[i:]); dst.extend(right[j:])
        src = dst
        width *= 2
    return inv

data = sys.stdin.buffer.read().split()
n = int(data[0])
print(count(list(map(int, data[1:n + 1]))))
