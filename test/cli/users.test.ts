import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CommandIo } from '../../src/cli/io.js';
import { hashToken } from '../../src/service/index.js';
import { createStore } from '../../src/store/index.js';

function captureIo(): CommandIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    isTTY: false,
    cwd: process.cwd(),
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
  };
  return io;
}

const dir = mkdtempSync(join(tmpdir(), 'hb-cli-users-'));
const db = `sqlite:${join(dir, 'hb.db')}`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hackbridge users', () => {
  it('creates a user and prints its token alone on the last line, storing only the hash', async () => {
    const io = captureIo();
    expect(await main(['users', 'create', 'ada', '--role', 'organiser', '--db', db], io)).toBe(0);
    const token = io.out.trimEnd().split('\n').at(-1) ?? '';
    expect(token).toMatch(/^hb_[A-Za-z0-9_-]{43}$/);
    const store = await createStore(db);
    try {
      const user = await store.findUserByTokenHash(hashToken(token));
      expect(user).toMatchObject({ name: 'ada', role: 'organiser' });
      expect(await store.findUserByTokenHash(token)).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('creates participants by default and lists users', async () => {
    expect(await main(['users', 'create', 'bea', '--db', db], captureIo())).toBe(0);
    const io = captureIo();
    expect(await main(['users', 'list', '--db', db, '--json'], io)).toBe(0);
    const users = JSON.parse(io.out) as { name: string; role: string }[];
    expect(users.map((u) => [u.name, u.role]).sort()).toEqual([
      ['ada', 'organiser'],
      ['bea', 'participant'],
    ]);
  });

  it('issues another token for an existing user', async () => {
    const io = captureIo();
    expect(await main(['users', 'token', 'bea', '--db', db], io)).toBe(0);
    expect(io.out.trimEnd().split('\n').at(-1)).toMatch(/^hb_/);
  });

  it('refuses an unknown role and a taken name', async () => {
    const bad = captureIo();
    expect(await main(['users', 'create', 'cy', '--role', 'admin', '--db', db], bad)).toBe(2);
    expect(bad.err).toContain('[HB_USAGE]');
    const taken = captureIo();
    expect(await main(['users', 'create', 'ada', '--db', db], taken)).not.toBe(0);
    expect(taken.err).toMatch(/\[HB_STORE_/);
  });
});
