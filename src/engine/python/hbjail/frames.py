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


def read_job_head(fd):
    """A job frame is two parts: 4-byte big-endian sizes of its header and of its body, the
    header (JSON: id and limits, no job data) and the body (JSON: code, filename, stdin,
    call). Reads the sizes and the header only, and returns (header bytes, body size): the
    body stays in the pipe for the zygote to splice into the job child's memfd."""
    head_size, body_size = struct.unpack('>II', read_exact(fd, 8))
    if head_size > MAX_HEAD_BYTES or body_size > MAX_FRAME_BYTES:
        raise ValueError('frame too large: %d + %d bytes' % (head_size, body_size))
    return read_exact(fd, head_size), body_size


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
