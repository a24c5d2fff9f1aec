import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { clampRunOptions } from '../../src/service/index.js';

describe('run limits', () => {
  const engine = loadConfig({
    env: {},
    overrides: { engine: { maxCpuTimeMs: 10_000, maxMemoryMiB: 256 } },
  }).engine;

  it('clamps requests to the operator maxima, converting units once', () => {
    expect(clampRunOptions({ timeLimit: 99, memoryLimit: 4096, stdin: 'x' }, engine)).toEqual({
      timeLimit: 10,
      memoryLimit: 256,
      stdin: 'x',
    });
  });

  it('keeps requests under the maxima and adds nothing', () => {
    expect(clampRunOptions({ timeLimit: 1.5 }, engine)).toEqual({ timeLimit: 1.5 });
    expect(clampRunOptions({}, engine)).toEqual({});
  });
});
