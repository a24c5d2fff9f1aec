/**
 * The Electron preload exposes exactly the contract: the method names of the renderer API it
 * builds equal the contract table's keys, each bound to its own IPC channel, and the preload
 * source exposes nothing else. (The electron binary is not installed, so the preload file is
 * read as text rather than executed.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
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
