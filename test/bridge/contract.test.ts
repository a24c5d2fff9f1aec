/**
 * One contract suite, run against every transport: in-process, HTTP (a real listening
 * Fastify server and the fetch client) and Electron IPC (the exact handler table
 * `ipcMain.handle` registers, driven through the renderer-side wrapper the preload exposes).
 * Every result is also parsed with the contract's own result schema.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildHttpApp,
  contract,
  createHttpClient,
  createInProcessClient,
  createIpcHandlers,
  createRendererApi,
} from '../../src/bridge/index.js';
import type { ContractMethod, HackBridgeApi } from '../../src/bridge/index.js';
import { closeTestEngine, eventually, startHarness } from './harness.js';
import type { Harness, TestUser } from './harness.js';

type Connect = (user: TestUser) => HackBridgeApi;

let h: Harness;
let app: FastifyInstance;
let baseUrl: string;

beforeAll(async () => {
  h = await startHarness('sqlite');
  app = await buildHttpApp({ service: h.service });
  baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.close();
  await h?.close();
  await closeTestEngine();
});

const transports: [string, Connect][] = [
  ['in-process', (u) => createInProcessClient(h.service.forUser(u.actor))],
  ['http', (u) => createHttpClient({ baseUrl, token: u.token })],
  [
    'ipc',
    (u) => {
      const handlers = createIpcHandlers(h.service, { actor: u.actor });
      return createRendererApi(async (channel, ...args) => {
        const handler = handlers[channel];
        if (handler === undefined) throw new Error(`no handler for ${channel}`);
        // Electron passes structured-cloned arguments: a JSON round trip is the same contract.
        return handler({ sender: null }, ...(JSON.parse(JSON.stringify(args)) as unknown[]));
      });
    },
  ],
];

const conforms = <M extends ContractMethod>(method: M, value: unknown): void => {
  expect(contract[method].result.safeParse(value).error).toBeUndefined();
};

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as { code: string }).code;
  }
  return 'resolved';
}

describe.each(transports)('contract over %s', (_name, connect) => {
  let alice: TestUser;
  let bob: TestUser;
  let org: TestUser;
  let api: HackBridgeApi;

  beforeAll(async () => {
    alice = await h.user('alice');
    bob = await h.user('bob');
    org = await h.user('org', 'organiser');
    api = connect(alice);
  });

  describe('tasks', () => {
    it('lists the catalog', async () => {
      const tasks = await api.listTasks();
      conforms('listTasks', tasks);
      expect(tasks.map((t) => t.id).sort()).toEqual(['add', 'echo']);
    });

    it('shows a task with its visible tests only', async () => {
      const task = await api.getTask('add');
      conforms('getTask', task);
      expect(task.tests.map((t) => t.name)).toEqual(['small', 'negative']);
      expect(task.hiddenTests).toBe(1);
      expect(JSON.stringify(task)).not.toContain('3000000');
    });

    it('reports an unknown task as HB_NOT_FOUND', async () => {
      expect(await codeOf(api.getTask('nope'))).toBe('HB_NOT_FOUND');
    });
  });

  describe('runCode', () => {
    it('runs code in the sandbox with stdin', async () => {
      const result = await api.runCode('print(input()[::-1])', { stdin: 'abc\n' });
      conforms('runCode', result);
      expect(result.status).toBe('success');
      expect(result.stdout).toBe('cba\n');
    });

    it('returns what the code did as data, not as an error', async () => {
      const result = await api.runCode('raise ValueError("boom")');
      expect(result.status).toBe('runtime_error');
    });

    it('rejects a negative time limit naming the field', async () => {
      expect(await codeOf(api.runCode('print(1)', { timeLimit: -1 }))).toBe('HB_VALIDATION');
    });
  });

  describe('analyzeCode', () => {
    it('flags a shell call', async () => {
      const report = await api.analyzeCode('import os\nos.system("rm -rf /")\n');
      conforms('analyzeCode', report);
      expect(report.safe).toBe(false);
    });
  });

  describe('submissions', () => {
    it('grades a submission asynchronously to a final state', async () => {
      const ack = await api.submitTask('add', 'def add(a, b):\n    return a + b\n');
      conforms('submitTask', ack);
      expect(ack.state).toBe('queued');
      const done = await eventually(async () => {
        const s = await api.getSubmission(ack.id);
        return s.state === 'done' || s.state === 'failed' ? s : undefined;
      }, 'the submission to finish');
      conforms('getSubmission', done);
      expect(done.state).toBe('done');
      expect(done.score).toBe(100);
      expect(done.result?.tests).toHaveLength(3);
      // The hidden test's values never reach the client.
      expect(JSON.stringify(done.result)).not.toContain('3000000');
    });

    it('scores a wrong answer below 100', async () => {
      const ack = await api.submitTask('add', 'def add(a, b):\n    return 3\n');
      const done = await eventually(async () => {
        const s = await api.getSubmission(ack.id);
        return s.state === 'done' ? s : undefined;
      }, 'the submission to finish');
      expect(done.score).toBeLessThan(100);
    });

    it("hides another user's submission as not found", async () => {
      const ack = await api.submitTask('add', 'def add(a, b):\n    return a + b\n');
      expect(await codeOf(connect(bob).getSubmission(ack.id))).toBe('HB_NOT_FOUND');
      expect((await connect(org).getSubmission(ack.id)).id).toBe(ack.id);
    });

    it('lists only the caller’s own submissions to a participant', async () => {
      const mine = await api.listSubmissions();
      conforms('listSubmissions', mine);
      expect(mine.length).toBeGreaterThanOrEqual(3);
      expect(new Set(mine.map((s) => s.userId))).toEqual(new Set([alice.actor.id]));
      expect(await connect(bob).listSubmissions({ task: 'add' })).toEqual([]);
      expect(await codeOf(connect(bob).listSubmissions({ user: alice.actor.id }))).toBe('HB_AUTH_FORBIDDEN');
      const all = await connect(org).listSubmissions({ user: alice.actor.id });
      expect(all.map((s) => s.id).sort()).toEqual(mine.map((s) => s.id).sort());
    });

    it('refuses an unknown task', async () => {
      expect(await codeOf(api.submitTask('nope', 'x = 1'))).toBe('HB_NOT_FOUND');
    });
  });

  describe('getUserData', () => {
    it('returns profile, solved tasks, best scores and counts', async () => {
      const data = await api.getUserData();
      conforms('getUserData', data);
      expect(data.profile).toMatchObject({ id: alice.actor.id, role: 'participant' });
      expect(data.solvedTasks).toContain('add');
      expect(data.bestScores['add']).toBe(100);
      expect(data.submissionCounts.total).toBeGreaterThanOrEqual(3);
      expect(data.recentSubmissions.length).toBeGreaterThan(0);
    });
  });

  describe('getMetrics', () => {
    it('is for organisers only', async () => {
      expect(await codeOf(api.getMetrics())).toBe('HB_AUTH_FORBIDDEN');
      const metrics = await connect(org).getMetrics();
      conforms('getMetrics', metrics);
      expect(metrics.runs.total).toBeGreaterThan(0);
      expect(metrics.pool?.size).toBeGreaterThan(0);
    });
  });
});

describe('IPC handlers', () => {
  it('validate raw renderer arguments and answer in the error envelope', async () => {
    const u = await h.user('ipc');
    const handlers = createIpcHandlers(h.service, { actor: u.actor });
    const reply = await handlers['hackbridge:runCode']?.({}, 123, { timeLimit: 'x' });
    expect(reply).toMatchObject({ error: { code: 'HB_VALIDATION', details: { method: 'runCode' } } });
    const extra = await handlers['hackbridge:getTask']?.({}, 'add', 'surplus');
    expect(extra).toMatchObject({ error: { code: 'HB_VALIDATION' } });
  });

  it('register one channel per contract method', () => {
    const handlers = createIpcHandlers(h.service);
    expect(Object.keys(handlers).sort()).toEqual(
      Object.keys(contract)
        .map((m) => `hackbridge:${m}`)
        .sort(),
    );
  });

  it('act as the local desktop user by default', async () => {
    const api = createRendererApi(async (channel, ...args) =>
      createIpcHandlers(h.service)[channel]?.({}, ...args),
    );
    const me = await api.getUserData();
    expect(me.profile).toMatchObject({ name: 'local', role: 'organiser' });
  });
});
