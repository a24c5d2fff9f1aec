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


def read_frame_raw(fd):
    """Returns (JSON bytes, parsed object) of the next frame."""
    (size,) = struct.unpack('>I', read_exact(fd, 4))
    if size > MAX_FRAME_BYTES:
        raise ValueError('frame too large: %d bytes' % size)
    raw = read_exact(fd, size)
    return raw, json.loads(raw)


def read_frame(fd):
    return read_frame_raw(fd)[1]


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


def write_raw(fd, data):
    """A frame of raw bytes (not JSON): its length has the top bit set."""
    write_all(fd, struct.pack('>I', RAW_FLAG | len(data)))
    write_all(fd, data)
