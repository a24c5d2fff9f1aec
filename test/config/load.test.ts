import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { HackBridgeError } from '../../src/common/index.js';

describe('config', () => {
  it('applies defaults from the design document', () => {
    const c = loadConfig({ env: {} });
    expect(c.engine.defaultMemoryMiB).toBe(64);
    expect(c.engine.defaultCpuTimeMs).toBe(5000);
    expect(c.engine.pythonPath).toBe('/usr/bin/python3');
    expect(c.engine.sandbox).toBe('strict');
  });

  it('layers file < env < overrides', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hb-config-'));
    const file = join(dir, 'hb.yaml');
    writeFileSync(file, 'server:\n  port: 7000\nengine:\n  workers: 3\n');
    const c = loadConfig({
      file,
      env: { HACKBRIDGE_PORT: '7100', PYTHON_PATH: '/opt/py' },
      overrides: { engine: { workers: 1 } },
    });
    expect(c.server.port).toBe(7100);
    expect(c.engine.pythonPath).toBe('/opt/py');
    expect(c.engine.workers).toBe(1);
  });

  it('is frozen', () => {
    const c = loadConfig({ env: {} });
    expect(Object.isFrozen(c.engine)).toBe(true);
  });

  it('rejects unknown keys naming the path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hb-config-'));
    const file = join(dir, 'hb.yaml');
    writeFileSync(file, 'engine:\n  wrokers: 3\n');
    expect(() => loadConfig({ file, env: {} })).toThrowError(HackBridgeError);
    try {
      loadConfig({ file, env: {} });
    } catch (e) {
      expect((e as HackBridgeError).code).toBe('HB_CONFIG_INVALID');
    }
  });

  it('rejects a non-numeric port from the environment', () => {
    expect(() => loadConfig({ env: { HACKBRIDGE_PORT: 'eighty' } })).toThrowError(
      /HACKBRIDGE_PORT must be a number/,
    );
  });

  it('sets production from NODE_ENV', () => {
    expect(loadConfig({ env: { NODE_ENV: 'production' } }).telemetry.production).toBe(true);
  });
});
