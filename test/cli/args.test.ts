import { describe, expect, it } from 'vitest';
import { parseFlags } from '../../src/cli/args.js';
import { HackBridgeError } from '../../src/common/index.js';

describe('parseFlags', () => {
  it('returns flags and positionals', () => {
    const { values, positionals } = parseFlags(['a.py', '--json', '--stdin', 'in.txt'], {
      json: { type: 'boolean' },
      stdin: { type: 'string' },
    });
    expect(values).toEqual({ json: true, stdin: 'in.txt' });
    expect(positionals).toEqual(['a.py']);
  });

  it('turns an unknown flag into HB_USAGE', () => {
    let caught: unknown;
    try {
      parseFlags(['--jsno'], { json: { type: 'boolean' } });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(HackBridgeError);
    expect((caught as HackBridgeError).code).toBe('HB_USAGE');
    expect((caught as HackBridgeError).message).toMatch(/--jsno/);
  });

  it('turns a missing flag value into HB_USAGE', () => {
    expect(() => parseFlags(['--stdin'], { stdin: { type: 'string' } })).toThrowError(HackBridgeError);
  });
});
