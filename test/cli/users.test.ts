import { existsSync, mkdtempSync, rmSync } from 'node:fs';
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

  describe('tokens and revocation', () => {
    const run = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
      const io = captureIo();
      const code = await main(['users', ...args, '--db', db], io);
      return { code, out: io.out, err: io.err };
    };
    const lastLine = (text: string): string => text.trimEnd().split('\n').at(-1) ?? '';
    const listed = async (name: string): Promise<{ id: string; revokedAt: string | null }[]> =>
      JSON.parse((await run('tokens', name, '--json')).out) as { id: string; revokedAt: string | null }[];
    const works = async (token: string): Promise<boolean> => {
      const store = await createStore(db);
      try {
        return (await store.findUserByTokenHash(hashToken(token))) !== undefined;
      } finally {
        await store.close();
      }
    };

    it('lists a user’s tokens by id and state, never a secret or a hash', async () => {
      const first = lastLine((await run('create', 'gus')).out);
      const second = lastLine((await run('token', 'gus')).out);
      const text = await run('tokens', 'gus');
      expect(text.code).toBe(0);
      const tokens = await listed('gus');
      expect(tokens).toHaveLength(2);
      for (const t of tokens) expect(text.out).toContain(t.id);
      expect(text.out).toMatch(/active/);
      expect(text.out).toContain('never');
      const json = (await run('tokens', 'gus', '--json')).out;
      for (const secret of [first, second]) {
        expect(text.out + json).not.toContain(secret);
        expect(text.out + json).not.toContain(hashToken(secret));
      }
      expect(Object.keys(tokens[0] ?? {}).sort()).toEqual([
        'createdAt',
        'id',
        'label',
        'lastUsedAt',
        'revokedAt',
        'userId',
      ]);
    });

    it('revokes one token by an id prefix and leaves the user’s other token working', async () => {
      const first = lastLine((await run('create', 'hana')).out);
      const second = lastLine((await run('token', 'hana')).out);
      const [a] = await listed('hana');
      const prefix = (a?.id ?? '').slice(0, -4);
      const revoked = await run('revoke', 'hana', '--token', prefix);
      expect(revoked.code).toBe(0);
      expect(revoked.out).toContain(`Revoked API token ${a?.id}`);
      expect(await works(first)).toBe(false);
      expect(await works(second)).toBe(true);
      expect((await run('tokens', 'hana')).out).toMatch(/revoked {2}\d{4}-.+ {2}\d{4}-/);
      // Revoking again is not an error and changes nothing.
      const again = await run('revoke', 'hana', '--token', a?.id ?? '');
      expect(again.code).toBe(0);
      expect(again.out).toContain('already revoked');
      expect((await listed('hana')).map((t) => t.revokedAt === null)).toEqual([false, true]);
    });

    it('revokes every token of a user with --all and no one else’s', async () => {
      const first = lastLine((await run('create', 'ivo')).out);
      const second = lastLine((await run('token', 'ivo')).out);
      const bystander = lastLine((await run('create', 'jan')).out);
      const all = await run('revoke', 'ivo', '--all');
      expect(all.code).toBe(0);
      expect(all.out).toContain("Revoked 2 API tokens of 'ivo'");
      expect(await works(first)).toBe(false);
      expect(await works(second)).toBe(false);
      expect(await works(bystander)).toBe(true);
      expect((await run('revoke', 'ivo', '--all')).out).toContain('no active API tokens');
    });

    it('answers bad usage with exit 2 and a clear HB_USAGE message', async () => {
      await run('create', 'kim');
      await run('token', 'kim');
      const cases: [string[], RegExp][] = [
        [['revoke', 'kim'], /needs --token ID .* or --all/],
        [['revoke', 'kim', '--token', 'tok_', '--all'], /not both/],
        [['revoke', 'kim', '--token', ''], /--token needs/],
        [['revoke', 'kim', '--token', 'tok_'], /names 2 tokens of 'kim'/],
        [['revoke', 'kim', '--token', 'tok_nothing'], /'kim' has no API token 'tok_nothing'/],
        [['revoke', 'nobody', '--all'], /no user 'nobody'/],
        [['revoke', '--all'], /users revoke needs a NAME/],
        [['tokens'], /users tokens needs a NAME/],
        [['tokens', 'nobody'], /no user 'nobody'/],
        [['tokens', 'kim', '--all'], /--token and --all apply to users revoke only/],
        [['token', 'kim', '--role', 'organiser'], /--role applies to users create only/],
      ];
      for (const [args, message] of cases) {
        const res = await run(...args);
        expect({ args, code: res.code }).toEqual({ args, code: 2 });
        expect(res.err).toMatch(message);
        expect(res.err).toContain('[HB_USAGE]');
      }
    });

    it('checks the flags before opening the database', async () => {
      const file = join(dir, 'never.db');
      const io = captureIo();
      expect(await main(['users', 'revoke', 'kim', '--db', `sqlite:${file}`], io)).toBe(2);
      expect(existsSync(file)).toBe(false);
    });

    it('documents tokens and revoke in its help', async () => {
      const io = captureIo();
      expect(await main(['users', '--help'], io)).toBe(0);
      expect(io.out).toContain('users tokens NAME');
      expect(io.out).toContain('users revoke NAME --token ID');
      expect(io.out).toContain('--all');
    });
  });
});
