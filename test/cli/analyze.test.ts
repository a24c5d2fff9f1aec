import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analysisReportSchema } from '../../src/analysis/index.js';
import type { CommandIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'hb-cli-analyze-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io: CommandIo & { out: string; err: string } = {
    out: '',
    err: '',
    isTTY: false,
    cwd: dir,
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
  };
  const code = await main(['analyze', ...argv], io);
  return { code, out: io.out, err: io.err };
}

const safe = file('safe.py', 'import math\ndef calculate_area(radius):\n    return math.pi * radius ** 2\n');
const unsafe = file('unsafe.py', 'import math\nfrom os import system as s\ns("id")\n');

describe('hackbridge analyze', () => {
  describe('when the code is safe', () => {
    it('exits 0 and says so', async () => {
      const { code, out } = await cli(safe);
      expect(code).toBe(0);
      expect(out).toMatch(/^safe\.py: SAFE \(risk 0\/100, 0 issues\)/);
    });
  });

  describe('when the code is unsafe', () => {
    it('exits 3 and prints code frames with a caret, the rule and the hint', async () => {
      const { code, out } = await cli(unsafe);
      expect(code).toBe(3);
      expect(out).toContain('unsafe.py:3:1  critical  HB-PROC-001  Uses os.system.  [CWE-78]');
      expect(out).toContain('> 3 | s("id")\n    | ^ HB-PROC-001\n');
      expect(out).toContain('hint: Solutions must not start programs');
    });

    it('prints the AnalysisReport with --json', async () => {
      const { code, out } = await cli(unsafe, '--json');
      expect(code).toBe(3);
      const report = analysisReportSchema.parse(JSON.parse(out));
      expect(report.safe).toBe(false);
      expect(report.issues.filter((i) => i.rule === 'HB-PROC-001').map((i) => i.line)).toEqual([2, 3]);
    });

    it('prints SARIF 2.1.0 with --format sarif', async () => {
      const { code, out } = await cli(unsafe, '--format', 'sarif');
      expect(code).toBe(3);
      const log = JSON.parse(out) as {
        version: string;
        runs: { results: { ruleId: string; locations: unknown[] }[] }[];
      };
      expect(log.version).toBe('2.1.0');
      expect(log.runs[0]?.results.map((r) => r.ruleId)).toContain('HB-PROC-001');
      expect(JSON.stringify(log.runs[0]?.results[0]?.locations)).toContain('"uri":"unsafe.py"');
    });

    it('applies a policy file', async () => {
      const policy = file(
        'policy.yaml',
        'modules:\n  allow: [os]\n  warn: []\n  deny: [math]\n  unknown: warn\n',
      );
      const { code, out } = await cli(safe, '--json', '--policy', policy);
      expect(code).toBe(3);
      expect(JSON.parse(out).issues[0].rule).toBe('HB-IMP-001');
    });
  });

  describe('when the input is bad', () => {
    it('exits 2 for a missing file', async () => {
      const { code, err } = await cli(join(dir, 'nope.py'));
      expect(code).toBe(2);
      expect(err).toMatch(/does not exist \[HB_USAGE\]/);
    });

    it('exits 2 with a clear error for binary input', async () => {
      const { code, err } = await cli(file('bin.py', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1])));
      expect(code).toBe(2);
      expect(err).toContain('[HB_ANALYSIS_INPUT_BINARY]');
    });

    it('exits 2 with a clear error for non-UTF-8 input', async () => {
      const { code, err } = await cli(
        file('latin1.py', new Uint8Array([0x78, 0x3d, 0x27, 0xe9, 0x27, 0x0a])),
      );
      expect(code).toBe(2);
      expect(err).toContain('not valid UTF-8 [HB_ANALYSIS_INPUT_ENCODING]');
    });

    it('exits 2 with a clear error for input over the configured size limit', async () => {
      const config = file('small.yaml', 'analysis:\n  maxSourceBytes: 16\n');
      const { code, err } = await cli(safe, '--config', config);
      expect(code).toBe(2);
      expect(err).toMatch(/the limit is 16 \[HB_ANALYSIS_INPUT_TOO_LARGE\]/);
    });

    it('exits 2 for a bad format or no file', async () => {
      expect((await cli(safe, '--format', 'xml')).code).toBe(2);
      expect((await cli()).code).toBe(2);
    });

    it('still analyses code with syntax errors and reports the position', async () => {
      const { code, out } = await cli(
        file('broken.py', 'import os\nos.system("x")\ndef f(:\n  pass\n'),
        '--json',
      );
      expect(code).toBe(3);
      const report = JSON.parse(out);
      expect(report.syntaxError).toBe(true);
      expect(report.issues.find((i: { rule: string }) => i.rule === 'HB-SYN-001').line).toBe(3);
    });
  });
});
