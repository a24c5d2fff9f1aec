/**
 * Output travels to Node as raw bytes, so what fits the output limit fits the frame, however
 * it would look as JSON; decoding happens on the Node side.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';

const engine = createEngine({ workers: 1 });
afterAll(() => engine.close());

describe('job output', () => {
  describe('when both streams carry 15 MiB of control characters under a 16 MiB limit', () => {
    it('returns them whole (as JSON each byte would take 6: past the frame cap)', async () => {
      const r = await engine.run(
        "import os\nb = b'\\x01' * (15 << 20)\nfor fd in (1, 2):\n    v = memoryview(b)\n    while v:\n        v = v[os.write(fd, v):]\n",
        { outputLimit: 16_384, timeLimit: 5 },
      );
      expect(r.status).toBe('success');
      expect(r.stdout.length).toBe(15 << 20);
      expect(r.stderr.length).toBe(15 << 20);
      expect(r.stdout.replaceAll('\x01', '')).toBe('');
      expect(r.truncated).toBe(false);
    });
  });

  describe('when a stream is not valid UTF-8', () => {
    it('decodes it on the Node side with U+FFFD for the invalid bytes', async () => {
      const r = await engine.run("import os\nos.write(1, b'a\\xffb\\xc3')\nos.write(2, 'é\\n'.encode())\n");
      expect(r.status).toBe('success');
      expect(r.stdout).toBe('a\ufffdb\ufffd');
      expect(r.stderr).toBe('é\n');
    });
  });
});
