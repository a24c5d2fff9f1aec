import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';

describe('createEngine', () => {
  describe('when a sandbox layer is missing', () => {
    it('refuses to start and names the layer', () => {
      expect(() => createEngine({ workers: 1, bwrapPath: '/nonexistent/bwrap' })).toThrow(
        expect.objectContaining({
          code: 'HB_ENGINE_SANDBOX_UNAVAILABLE',
          details: expect.objectContaining({ layer: 'namespaces' }),
        }),
      );
    });

    it('refuses an unusable interpreter', () => {
      expect(() => createEngine({ workers: 1, pythonPath: '/nonexistent/python3' })).toThrow(
        expect.objectContaining({ code: 'HB_ENGINE_PYTHON_UNAVAILABLE' }),
      );
    });
  });

  describe('when an operator chooses a weaker mode', () => {
    it('warns loudly and every result reports the layers that were active', async () => {
      const warnings: string[] = [];
      const engine = createEngine({
        workers: 1,
        sandbox: 'no-namespaces',
        onWarning: (m) => warnings.push(m),
      });
      try {
        expect(warnings.join('\n')).toMatch(/weaker mode 'no-namespaces'.*namespaces OFF/);
        const r = await engine.run('import os\nprint(os.getcwd() != "/tmp/job")\nos.fork()');
        expect(r.environment).toMatchObject({
          sandbox: 'no-namespaces',
          layers: ['seccomp', 'no-new-privs', 'rlimits', 'audit-hook'],
        });
        expect(r.stdout).toBe('True\n');
        expect(r.status).toBe('security_violation'); // seccomp still stands without namespaces
      } finally {
        await engine.close();
      }
    });
  });
});
