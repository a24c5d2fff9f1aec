/**
 * Jobs on one zygote must not see each other's data: every job's child has to start from a
 * pristine image, never from memory that held an earlier job's source, stdin, call arguments
 * (a custom checker's hidden expected values) or output.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';

// One worker: the victim and the attacker land on the same zygote.
const engine = createEngine({ workers: 1 });
afterAll(() => engine.close());

// Scans every writable, non-file-backed region of its own memory (heap, anonymous maps,
// stack) for markers of the shape the victims use.
const SCRAPER = `
import ctypes, re
pat = re.compile(rb'XJOB-[a-z]+-[0-9a-f]{16}')
found = set()
with open('/proc/self/maps') as maps:
    for line in maps:
        parts = line.split()
        if not parts[1].startswith('rw') or (len(parts) > 5 and parts[5].startswith('/')):
            continue
        lo, hi = (int(x, 16) for x in parts[0].split('-'))
        if hi - lo > (48 << 20):
            continue
        for m in pat.finditer(ctypes.string_at(lo, hi - lo)):
            found.add(m.group().decode())
print(sorted(found))
`;

describe('job isolation on one zygote', () => {
  it("leaves no trace of an earlier job's source, stdin, call args or output in a later job's memory", async () => {
    const tag = (what: string): string => `XJOB-${what}-${randomBytes(8).toString('hex')}`;
    const [code, stdin, out, arg, ret] = ['code', 'stdin', 'output', 'arg', 'ret'].map(tag) as [
      string,
      string,
      string,
      string,
      string,
    ];
    const control = await engine.run(SCRAPER, {});
    expect(control.status).toBe('success');
    expect(control.stdout.trim()).toBe('[]');

    const victim = await engine.run(
      `# ${code}\nimport sys\nline = sys.stdin.readline()\nprint(line.strip(), '${out}')\n`,
      {
        stdin: `${stdin}\n`,
      },
    );
    expect(victim.stdout).toContain(out);
    const checker = await engine.run(`def check(expected):\n    return expected + '|${ret}'\n`, {
      call: { entry: 'check', args: [arg] },
    });
    expect(checker.status).toBe('success');

    const attacker = await engine.run(SCRAPER, {});
    expect(attacker.status).toBe('success');
    expect(attacker.stdout.trim()).toBe('[]');
  });
});
