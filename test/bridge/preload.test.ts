/**
 * The Electron preload exposes exactly the contract: the method names of the renderer API it
 * builds equal the contract table's keys, each bound to its own IPC channel, and the preload
 * source exposes nothing else. The electron binary is not installed, so the bundle the
 * sandboxed renderer loads (dist/electron/preload.cjs, built as `npm run build:electron` does)
 * is run in a fresh VM context with a fake `electron` and a `require` that refuses the rest.
 */
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { buildElectron } from '../../electron/build.js';
import {
  contract,
  contractMethodNames,
  createRendererApi,
  ipcChannel,
  RENDERER_GLOBAL,
} from '../../src/bridge/index.js';

describe('electron preload', () => {
  const source = readFileSync('electron/preload.ts', 'utf8');

  it('exposes one global, built by createRendererApi over ipcRenderer.invoke', () => {
    const exposures = [...source.matchAll(/exposeInMainWorld\(\s*([A-Za-z_.]+)\s*,\s*([A-Za-z_]+)\(/g)];
    expect(exposures).toHaveLength(1);
    expect(exposures[0]?.[1]).toBe('RENDERER_GLOBAL');
    expect(exposures[0]?.[2]).toBe('createRendererApi');
    expect(RENDERER_GLOBAL).toBe('hackbridge');
    expect(source).toMatch(/ipcRenderer\.invoke\(channel, \.\.\.args\)/);
    // Nothing else of Node or Electron leaks into the renderer.
    expect(source).not.toMatch(/ipcRenderer\.(send|on)\b/);
  });

  it("exposes exactly the contract's method names", () => {
    const api = createRendererApi(async () => ({ ok: true, value: null }));
    expect(Object.keys(api).sort()).toEqual(Object.keys(contract).sort());
    expect([...contractMethodNames].sort()).toEqual(Object.keys(contract).sort());
  });

  it('sends each method on its own channel and unwraps the envelope', async () => {
    const calls: [string, unknown[]][] = [];
    const api = createRendererApi(async (channel, ...args) => {
      calls.push([channel, args]);
      return channel === ipcChannel('getTask')
        ? { error: { code: 'HB_NOT_FOUND', message: 'No task', details: {} } }
        : { ok: true, value: 42 };
    });
    await expect(api.listTasks()).resolves.toBe(42);
    await expect(api.getTask('x')).rejects.toMatchObject({
      code: 'HB_NOT_FOUND',
      statusCode: 404,
      message: 'No task [HB_NOT_FOUND]',
    });
    expect(calls).toEqual([
      ['hackbridge:listTasks', []],
      ['hackbridge:getTask', ['x']],
    ]);
  });
});

describe('electron preload bundle (what the sandboxed renderer actually loads)', () => {
  /** Runs dist/electron/preload.cjs as a sandboxed preload would: a script with `require`. */
  async function runBundle(): Promise<{
    required: string[];
    exposed: [string, Record<string, unknown>][];
    invoked: [string, unknown[]][];
  }> {
    const { preload } = await buildElectron(false);
    const required: string[] = [];
    const exposed: [string, Record<string, unknown>][] = [];
    const invoked: [string, unknown[]][] = [];
    const electron = {
      contextBridge: {
        exposeInMainWorld: (name: string, api: Record<string, unknown>) => exposed.push([name, api]),
      },
      ipcRenderer: {
        invoke: async (channel: string, ...args: unknown[]) => {
          invoked.push([channel, args]);
          return { ok: true, value: channel };
        },
      },
    };
    const sandboxRequire = (id: string): unknown => {
      required.push(id);
      // A sandboxed preload gets only a few modules; this bundle may need nothing but electron.
      if (id === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require '${id}'`);
    };
    const module = { exports: {} };
    runInNewContext(preload, { require: sandboxRequire, module, exports: module.exports });
    return { required, exposed, invoked };
  }

  it('is one self-contained script that requires only electron', async () => {
    const { required } = await runBundle();
    expect(new Set(required)).toEqual(new Set(['electron']));
  });

  it("exposes exactly the contract's methods as window.hackbridge, each on its channel", async () => {
    const { exposed, invoked } = await runBundle();
    expect(exposed).toHaveLength(1);
    const [name, api] = exposed[0] ?? ['', {}];
    expect(name).toBe(RENDERER_GLOBAL);
    expect(Object.keys(api).sort()).toEqual(Object.keys(contract).sort());
    for (const method of contractMethodNames) {
      const fn = api[method];
      expect(typeof fn).toBe('function');
      await expect((fn as (...a: unknown[]) => Promise<unknown>)('arg')).resolves.toBe(ipcChannel(method));
    }
    expect(invoked.map(([channel]) => channel)).toEqual(contractMethodNames.map(ipcChannel));
    expect(invoked.every(([, args]) => args.length === 1 && args[0] === 'arg')).toBe(true);
  });
});
