/**
 * One conformance suite for every Store implementation. `database()` gives a fresh database;
 * each opened store of that database sees the same data (two stores = two connections).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/index.js';
import type { Store, SubmissionOutcome, TestResultRow, User } from '../../src/store/index.js';
import type { TestDatabase } from './backends.js';

const outcome = (score: number, extra: Partial<SubmissionOutcome> = {}): SubmissionOutcome => ({
  state: 'done',
  score,
  status: score === 100 ? 'accepted' : 'wrong_answer',
  result: { score, note: 'ünïcode ✓' },
  ...extra,
});

const test = (name: string, passed: boolean): TestResultRow => ({
  name,
  passed,
  status: passed ? 'success' : 'runtime_error',
  weight: 1,
  hidden: name.startsWith('hidden'),
  executionTimeS: 0.012,
  memoryKiB: 9216,
});

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ name: 'HackBridgeError', code });
}

export function storeConformance(backend: 'sqlite' | 'postgres', database: () => TestDatabase): void {
  describe(`store (${backend})`, () => {
    let db: TestDatabase;
    let store: Store;
    let other: Store;
    let alice: User;
    let bob: User;

    beforeAll(async () => {
      db = database();
      store = await createStore(db.url);
      other = await createStore(db.url);
      alice = await store.createUser({ name: 'alice', role: 'participant' });
      bob = await store.createUser({ name: 'bob', role: 'organiser' });
    });
    afterAll(async () => {
      await store?.close();
      await other?.close();
      await db?.cleanup();
    });

    it('reports its backend', () => {
      expect(store.kind).toBe(backend);
    });

    describe('users', () => {
      it('finds a user by id and by name', async () => {
        expect(alice.id).toMatch(/^usr_[0-9a-z]{26}$/);
        expect(await store.getUser(alice.id)).toEqual(alice);
        expect(await other.getUserByName('bob')).toEqual(bob);
        expect(await store.getUser('usr_missing')).toBeUndefined();
        expect((await store.listUsers()).map((u) => u.name)).toEqual(
          expect.arrayContaining(['alice', 'bob']),
        );
      });

      it('refuses a second user with the same name', async () => {
        await expectCode(store.createUser({ name: 'alice', role: 'organiser' }), 'HB_STORE_CONFLICT');
      });

      it('rejects a malformed user as invalid input', async () => {
        await expectCode(store.createUser({ name: '', role: 'participant' }), 'HB_STORE_INPUT_INVALID');
        await expectCode(
          store.createUser({ name: 'x', role: 'admin' } as unknown as Parameters<Store['createUser']>[0]),
          'HB_STORE_INPUT_INVALID',
        );
      });

      it('resolves a token hash to its user until the token is revoked', async () => {
        const hash = 'a'.repeat(64);
        const token = await store.addToken(alice.id, hash, 'laptop');
        expect(token).toMatchObject({ userId: alice.id, label: 'laptop' });
        expect(await other.findUserByTokenHash(hash)).toEqual(alice);
        expect(await store.listTokens(alice.id)).toEqual([token]);
        expect(await store.revokeToken(token.id)).toBe(true);
        expect(await store.revokeToken(token.id)).toBe(false);
        expect(await store.findUserByTokenHash(hash)).toBeUndefined();
      });

      describe('token lifecycle', () => {
        const hashOf = (c: string): string => c.repeat(64);

        it('lists a user’s tokens oldest first, with state and never the hash', async () => {
          const erin = await store.createUser({ name: 'erin', role: 'participant' });
          const first = await store.addToken(erin.id, hashOf('c'), 'ci');
          const second = await other.addToken(erin.id, hashOf('d'));
          const listed = await other.listTokens(erin.id);
          expect(listed).toEqual([first, second]);
          expect(listed[0]).toEqual({
            id: first.id,
            userId: erin.id,
            label: 'ci',
            createdAt: first.createdAt,
            lastUsedAt: null,
            revokedAt: null,
          });
          expect(JSON.stringify(listed)).not.toContain(hashOf('c'));
          expect(await store.listTokens('usr_nobody')).toEqual([]);
        });

        it('revokes one token, keeps it listed as revoked, and leaves the others working', async () => {
          const fay = await store.createUser({ name: 'fay', role: 'participant' });
          const kept = await store.addToken(fay.id, hashOf('e'));
          const gone = await store.addToken(fay.id, hashOf('f'));
          expect(await other.revokeToken(gone.id)).toBe(true);
          // Seen at once through another connection.
          expect(await other.findUserByTokenHash(hashOf('f'))).toBeUndefined();
          expect(await store.findUserByTokenHash(hashOf('f'))).toBeUndefined();
          expect(await store.findUserByTokenHash(hashOf('e'))).toEqual(fay);
          const [a, b] = await store.listTokens(fay.id);
          expect(a).toMatchObject({ id: kept.id, revokedAt: null });
          expect(b?.id).toBe(gone.id);
          expect(b?.revokedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
          // Revoking again changes nothing, not even the time.
          expect(await store.revokeToken(gone.id)).toBe(false);
          expect((await store.listTokens(fay.id))[1]?.revokedAt).toBe(b?.revokedAt);
          expect(await store.revokeToken('tok_unknown')).toBe(false);
        });

        it('finds a token by its hash, revoked or not, with its user', async () => {
          const gil = await store.createUser({ name: 'gil', role: 'organiser' });
          const token = await store.addToken(gil.id, hashOf('g'), 'laptop');
          expect(await other.findToken(hashOf('g'))).toEqual({ token, user: gil });
          await store.revokeToken(token.id);
          const found = await other.findToken(hashOf('g'));
          expect(found?.user).toEqual(gil);
          expect(found?.token.revokedAt).not.toBeNull();
          expect(await store.findToken(hashOf('9'))).toBeUndefined();
        });

        it('revokes every active token of a user and no one else’s', async () => {
          const hal = await store.createUser({ name: 'hal', role: 'participant' });
          const ivy = await store.createUser({ name: 'ivy', role: 'participant' });
          const old = await store.addToken(hal.id, hashOf('h'));
          await store.revokeToken(old.id);
          await store.addToken(hal.id, hashOf('j'));
          await store.addToken(hal.id, hashOf('k'));
          await store.addToken(ivy.id, hashOf('m'));
          expect(await other.revokeUserTokens(hal.id)).toBe(2);
          expect(await store.revokeUserTokens(hal.id)).toBe(0);
          expect(await store.findUserByTokenHash(hashOf('j'))).toBeUndefined();
          expect(await store.findUserByTokenHash(hashOf('k'))).toBeUndefined();
          expect(await store.findUserByTokenHash(hashOf('m'))).toEqual(ivy);
          const tokens = await store.listTokens(hal.id);
          expect(tokens.every((t) => t.revokedAt !== null)).toBe(true);
          // The earlier revocation keeps its own time.
          expect(tokens[0]?.revokedAt).toBe((await store.findToken(hashOf('h')))?.token.revokedAt);
          await expectCode(store.revokeUserTokens('usr_nobody'), 'HB_STORE_NOT_FOUND');
        });

        it('records when a token was last used', async () => {
          const jo = await store.createUser({ name: 'jo', role: 'participant' });
          const token = await store.addToken(jo.id, hashOf('n'));
          const before = new Date().toISOString();
          await other.markTokenUsed(token.id);
          const [used] = await store.listTokens(jo.id);
          expect((used?.lastUsedAt ?? '') >= before).toBe(true);
          await store.markTokenUsed('tok_unknown');
        });
      });

      it('refuses a token for an unknown user', async () => {
        await expectCode(store.addToken('usr_nobody', 'b'.repeat(64)), 'HB_STORE_NOT_FOUND');
      });

      it('creates the local user once, even when asked concurrently', async () => {
        const users = await Promise.all([
          store.ensureLocalUser(),
          other.ensureLocalUser(),
          store.ensureLocalUser(),
        ]);
        expect(new Set(users.map((u) => u.id)).size).toBe(1);
        expect(users[0]).toMatchObject({ name: 'local', role: 'organiser' });
      });
    });

    describe('submissions', () => {
      it('starts queued and is claimed into running with a counted attempt', async () => {
        const s = await store.createSubmission({ userId: alice.id, taskId: 'sum', code: 'print(1)' });
        expect(s).toMatchObject({ state: 'queued', attempts: 0, score: null, startedAt: null });
        expect(s.id).toMatch(/^sub_[0-9a-z]{26}$/);
        expect(await store.getSubmission(s.id)).toEqual(s);
        expect(await store.claimSubmission(s.id)).toBe(true);
        // A job re-delivered after a crash claims it again.
        expect(await other.claimSubmission(s.id)).toBe(true);
        const running = await store.getSubmission(s.id);
        expect(running).toMatchObject({ state: 'running', attempts: 2 });
        expect(running?.startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      });

      it('keeps a caller-chosen id and refuses it twice', async () => {
        const s = await store.createSubmission({
          id: 'sub_fixed_1',
          userId: alice.id,
          taskId: 'sum',
          code: '',
        });
        expect(s.id).toBe('sub_fixed_1');
        await expectCode(
          other.createSubmission({ id: 'sub_fixed_1', userId: alice.id, taskId: 'sum', code: '' }),
          'HB_STORE_CONFLICT',
        );
      });

      it('refuses a submission by an unknown user', async () => {
        await expectCode(
          store.createSubmission({ userId: 'usr_nobody', taskId: 't', code: '' }),
          'HB_STORE_NOT_FOUND',
        );
      });

      it('stores the final outcome with its per-test rows, once', async () => {
        const s = await store.createSubmission({ userId: alice.id, taskId: 'sum', code: 'x' });
        await store.claimSubmission(s.id);
        const tests = [test('t1', true), test('hidden-2', false), test('t3', true)];
        expect(await store.finishSubmission(s.id, outcome(66, { tests }))).toBe(true);
        const done = await other.getSubmission(s.id);
        expect(done).toMatchObject({ state: 'done', score: 66, status: 'wrong_answer', error: null });
        expect(done?.result).toEqual({ score: 66, note: 'ünïcode ✓' });
        expect(done?.finishedAt).not.toBeNull();
        expect(await other.listTestResults(s.id)).toEqual(tests);
        // Final means final: neither another finish nor a claim changes it.
        expect(await store.finishSubmission(s.id, outcome(100))).toBe(false);
        expect(await store.claimSubmission(s.id)).toBe(false);
        expect(await store.getSubmission(s.id)).toEqual(done);
      });

      it('records a failure with its reason', async () => {
        const s = await store.createSubmission({ userId: alice.id, taskId: 'sum', code: 'x' });
        const failed = outcome(0, {
          state: 'failed',
          status: 'failed',
          error: 'pool unavailable',
          result: null,
        });
        expect(await store.finishSubmission(s.id, failed)).toBe(true);
        expect(await store.getSubmission(s.id)).toMatchObject({ state: 'failed', error: 'pool unavailable' });
        expect(await store.listTestResults(s.id)).toEqual([]);
      });

      it('returns false when finishing an unknown submission', async () => {
        expect(await store.finishSubmission('sub_nope', outcome(1))).toBe(false);
      });

      describe('when many workers finish one submission at once', () => {
        it('lets exactly one of them win and keeps only the winner’s tests', async () => {
          const s = await store.createSubmission({ userId: bob.id, taskId: 'race', code: 'x' });
          const attempts = Array.from({ length: 12 }, (_, i) =>
            (i % 2 === 0 ? store : other).finishSubmission(
              s.id,
              outcome(i, { status: `w${i}`, tests: [test(`only-${i}`, true), test(`second-${i}`, false)] }),
            ),
          );
          const won = await Promise.all(attempts);
          expect(won.filter(Boolean)).toHaveLength(1);
          const winner = won.indexOf(true);
          expect(await store.getSubmission(s.id)).toMatchObject({
            state: 'done',
            score: winner,
            status: `w${winner}`,
          });
          expect((await store.listTestResults(s.id)).map((t) => t.name)).toEqual([
            `only-${winner}`,
            `second-${winner}`,
          ]);
        });
      });

      it('lists newest first, filtered, in pages that neither skip nor repeat', async () => {
        const carol = await store.createUser({ name: 'carol', role: 'participant' });
        const made: string[] = [];
        // Created back to back, several share a millisecond: the id breaks the tie.
        for (let i = 0; i < 23; i++) {
          const s = await store.createSubmission({
            userId: carol.id,
            taskId: i % 2 ? 'odd' : 'even',
            code: `${i}`,
          });
          made.push(s.id);
        }
        const seen: string[] = [];
        let before: string | undefined;
        for (;;) {
          const page = await store.listSubmissions({
            userId: carol.id,
            limit: 5,
            ...(before ? { before } : {}),
          });
          if (page.length === 0) break;
          seen.push(...page.map((s) => s.id));
          before = page.at(-1)?.id;
        }
        expect(seen).toHaveLength(23);
        expect(new Set(seen)).toEqual(new Set(made));
        const all = await store.listSubmissions({ userId: carol.id, limit: 100 });
        expect(all.map((s) => s.id)).toEqual(seen);
        const created = all.map((s) => s.createdAt);
        expect([...created].sort().reverse()).toEqual(created);
        const odd = await store.listSubmissions({ userId: carol.id, taskId: 'odd', limit: 100 });
        expect(odd).toHaveLength(11);
        expect(odd.every((s) => s.taskId === 'odd')).toBe(true);
        expect(await store.listSubmissions({ limit: 5, before: 'sub_unknown' })).toEqual([]);
      });

      it('lists unfinished submissions oldest first for recovery', async () => {
        const unfinished = await other.listUnfinishedSubmissions();
        expect(unfinished.length).toBeGreaterThan(0);
        expect(unfinished.every((s) => s.state === 'queued' || s.state === 'running')).toBe(true);
        const created = unfinished.map((s) => s.createdAt);
        expect([...created].sort()).toEqual(created);
      });

      it('summarises a user’s submissions, best scores and solved tasks', async () => {
        const dave = await store.createUser({ name: 'dave', role: 'participant' });
        const scores: Array<[string, number, 'done' | 'failed' | undefined]> = [
          ['a', 40, 'done'],
          ['a', 100, 'done'],
          ['b', 70, 'done'],
          ['b', 90, 'failed'],
          ['c', 0, undefined],
        ];
        for (const [taskId, score, state] of scores) {
          const s = await store.createSubmission({ userId: dave.id, taskId, code: '' });
          if (state) await store.finishSubmission(s.id, outcome(score, { state }));
        }
        const summary = await other.getUserSummary(dave.id);
        expect(summary).toMatchObject({
          userId: dave.id,
          submissions: 5,
          byState: { queued: 1, running: 0, done: 3, failed: 1 },
          solvedTaskIds: ['a'],
          bestScoreByTask: { a: 100, b: 70 },
        });
        expect(summary.recent).toHaveLength(5);
        expect(summary.recent[0]?.taskId).toBe('c');
        await expectCode(store.getUserSummary('usr_nobody'), 'HB_STORE_NOT_FOUND');
      });
    });

    describe('tasks seen', () => {
      it('upserts a task and moves updatedAt only when it changed', async () => {
        await store.recordTask({ id: 'sum', title: 'Sum', hash: 'h1' });
        const [first] = await store.listTasksSeen();
        await new Promise((r) => setTimeout(r, 5));
        await other.recordTask({ id: 'sum', title: 'Sum', hash: 'h1' });
        expect(await store.listTasksSeen()).toEqual([first]);
        await new Promise((r) => setTimeout(r, 5));
        await other.recordTask({ id: 'sum', title: 'Sum two', hash: 'h2' });
        const [changed] = await store.listTasksSeen();
        expect(changed).toMatchObject({
          id: 'sum',
          title: 'Sum two',
          hash: 'h2',
          firstSeenAt: first?.firstSeenAt,
        });
        expect((changed?.updatedAt ?? '') > (first?.updatedAt ?? '')).toBe(true);
      });
    });

    describe('events', () => {
      it('appends events and lists them newest first, filtered', async () => {
        await store.appendEvent({ type: 'login', userId: alice.id, data: { ip: '127.0.0.1' } });
        await store.appendEvent({ type: 'login', data: null });
        await other.appendEvent({ type: 'grade', userId: alice.id, data: [1, 'two'] });
        const logins = await store.listEvents({ type: 'login' });
        expect(logins.map((e) => e.userId)).toEqual([null, alice.id]);
        expect(logins[1]?.data).toEqual({ ip: '127.0.0.1' });
        const mine = await store.listEvents({ userId: alice.id, limit: 1 });
        expect(mine).toHaveLength(1);
        expect(mine[0]).toMatchObject({ type: 'grade', data: [1, 'two'] });
      });
    });

    describe('when reopened', () => {
      it('keeps its data and does not migrate twice', async () => {
        const again = await createStore(db.url);
        try {
          expect(await again.getUserByName('alice')).toEqual(alice);
        } finally {
          await again.close();
        }
      });
    });

    describe('when closed', () => {
      it('reports HB_STORE_UNAVAILABLE instead of a driver error', async () => {
        const closing = await createStore(db.url);
        await closing.close();
        await closing.close();
        await expectCode(closing.getUser(alice.id), 'HB_STORE_UNAVAILABLE');
      });
    });
  });
}
