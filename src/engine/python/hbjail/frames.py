"""Length-prefixed JSON frames: 4-byte big-endian length, then UTF-8 JSON (one object).
A length with the top bit set marks a raw frame (bytes, not JSON): output sent to Node."""
import json
import os
import struct

MAX_FRAME_BYTES = 64 * 1024 * 1024


def read_exact(fd, n):
    chunks = []
    while n > 0:
        b = os.read(fd, min(n, 1 << 20))
        if not b:
            raise EOFError('control channel closed')
        chunks.append(b)
        n -= len(b)
    return b''.join(chunks)


MAX_HEAD_BYTES = 64 * 1024

_LIMIT_KEYS = ('cpuSeconds', 'wallMs', 'memoryBytes', 'outputBytes', 'fileSizeBytes', 'openFiles', 'threads')


def check_head(head):
    """A job frame is two parts: 4-byte big-endian sizes of its header and of its body, the
    header (JSON: type, id and limits, no job data) and the body (JSON: code, filename, stdin,
    call). Returns what is wrong with a parsed header that the zygote and the child rely on,
    or None. Node validates first; this keeps a frame it let through from faulting the
    harness."""
    if not isinstance(head, dict) or head.get('type') != 'job':
        return 'not a job header'
    if not isinstance(head.get('id'), int):
        return 'id is not an integer'
    lim = head.get('limits')
    if not isinstance(lim, dict) or not all(
            isinstance(lim.get(k), (int, float)) and not isinstance(lim.get(k), bool) for k in _LIMIT_KEYS):
        return 'limits are incomplete'
    return None


def encode_frame(obj):
    body = json.dumps(obj, separators=(',', ':'), ensure_ascii=False).encode('utf-8', 'surrogatepass')
    return struct.pack('>I', len(body)) + body


def write_all(fd, data):
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def write_frame(fd, obj):
    write_all(fd, encode_frame(obj))


RAW_FLAG = 0x80000000


def raw_header(size):
    """The length word of a raw frame (bytes, not JSON): the top bit set."""
    return struct.pack('>I', RAW_FLAG | size)
