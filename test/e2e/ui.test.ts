/**
 * The web UI end to end, as a person uses it: Debian's Chromium (driven by playwright-core)
 * against a real `hackbridge serve` child process on a fresh SQLite database, the data-testids
 * of notes/UI-SPEC.md only. A participant signs in, solves task-123 (score 100), sees a live
 * diagnostic for os.system before anything runs, sees an infinite loop stopped with its cause,
 * and finds task statements and program output inert; an organiser sees the dashboard drawn
 * from those runs, a participant is refused. Screenshots of every screen go to
 * test-results/ui/ (look at them after a UI change).
 *
 * Needs `npm run build` (dist/ and dist/ui) and /usr/bin/chromium (scripts/setup.sh installs
 * it); without the browser the suite is skipped and says so.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';
import { cli, startServer } from './server-process.js';
import type { ServerProcess } from './server-process.js';

const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser)
  console.warn(`ui e2e: SKIPPED — ${CHROMIUM} is missing (scripts/setup.sh installs Debian's chromium)`);

const SHOTS = 'test-results/ui';
const STEP_MS = 30_000;
const SOLUTION = 'def solution(a, b): return a + b\nassert solution(2, 3) == 5\n';
const RISKY = "import os\nos.system('id')\n";
const MARKUP_SCRIPT = '<script>window.__xss=1</script>';
const MARKUP_IMG = '<img src=x onerror="window.__xss=1">';
const XSS_TASK = 'xss-probe';

/** The sample catalog plus one task whose title and statement carry live markup. */
function tasksWithXssProbe(dir: string): string {
  const tasks = join(dir, 'tasks');
  cpSync('tasks', tasks, { recursive: true });
  mkdirSync(join(tasks, XSS_TASK));
  writeFileSync(
    join(tasks, XSS_TASK, 'task.yaml'),
    [
      `id: ${XSS_TASK}`,
      `title: 'Echo <img src=x onerror="window.__xss=1">'`,
      'difficulty: easy',
      'tags: [safety]',
      'statement: |',
      '  Return the argument unchanged.',
      '',
      `  ${MARKUP_SCRIPT}`,
      '',
      `  ${MARKUP_IMG}`,
      'mode: function',
      'entry: solution',
      'checker: exact',
      'tests:',
      '  - name: echo',
      '    args: [1]',
      '    expected: 1',
      '',
    ].join('\n'),
  );
  return tasks;
}

async function waitForToken(server: ServerProcess): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const m = /API token \(shown once\):\n(\S+)/.exec(server.stdout());
    if (m?.[1] !== undefined) return m[1];
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no organiser token printed:\n${server.stdout()}`);
}

async function shot(page: Page, name: string): Promise<void> {
  // From the top: a full-page shot of a scrolled page draws the sticky header mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** Waits until the live analysis has reported on the editor's current text. */
async function analysed(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const head = document.querySelector('[data-testid="diagnostics-count"]')?.parentElement;
      return head !== null && head !== undefined && !/Analysing/i.test(head.textContent ?? '');
    },
    undefined,
    { timeout: STEP_MS },
  );
}

const byId = (page: Page, id: string) => page.getByTestId(id);

/** Replaces the editor's whole text, as one paste (typing would trigger auto-indent). */
async function setCode(page: Page, code: string): Promise<void> {
  const content = byId(page, 'editor').locator('.cm-content');
  await content.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
  const text = await content.evaluate((el) => (el as HTMLElement).innerText);
  expect(text.replace(/\s+/g, ' ').trim()).toBe(code.replace(/\s+/g, ' ').trim());
}

async function signIn(page: Page, base: string, token: string): Promise<void> {
  await page.goto(`${base}/#/signin`);
  await byId(page, 'signin-token').fill(token);
  await byId(page, 'signin-submit').click();
  await byId(page, 'user-name').waitFor({ timeout: STEP_MS });
}

async function openTask(page: Page, base: string, id: string): Promise<void> {
  await page.goto(`${base}/#/tasks/${id}`);
  await byId(page, 'task-title').waitFor({ timeout: STEP_MS });
  await byId(page, 'editor').locator('.cm-content').waitFor({ timeout: STEP_MS });
}

/** Chromium reports every blocked load or script as a console error naming the CSP. */
const cspViolations: string[] = [];
function watchCsp(page: Page): void {
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
}

describe.skipIf(!haveBrowser)('web UI end to end (chromium against hackbridge serve)', () => {
  let dir: string;
  let server: ServerProcess;
  let browser: Browser;
  let organiserToken: string;
  let participantToken: string;
  let participant: BrowserContext;
  let page: Page;
  const runRequests: string[] = [];

  beforeAll(async () => {
    if (!existsSync('dist/ui/index.html'))
      throw new Error('dist/ui/index.html is missing: run `npm run build` before the UI tests');
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'hb-ui-e2e-'));
    const db = `sqlite:${join(dir, 'hb.db')}`;
    server = await startServer(['--db', db, '--tasks', tasksWithXssProbe(dir)], { HACKBRIDGE_WORKERS: '2' });
    organiserToken = await waitForToken(server);
    const created = cli(['users', 'create', 'pat', '--role', 'participant', '--db', db]);
    expect(created.status, created.stderr).toBe(0);
    participantToken = created.stdout.trim().split('\n').at(-1) ?? '';
    expect(participantToken).toMatch(/^hb_/);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    participant = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    page = await participant.newPage();
    watchCsp(page);
    page.on('request', (req) => {
      if (new URL(req.url()).pathname.startsWith('/api/run')) runRequests.push(req.url());
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (server !== undefined && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('refuses a wrong token, then signs in with a participant token', async () => {
    const res = await page.goto(`${server.url}/#/signin`);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(res?.headers()['x-frame-options']).toBe('DENY');
    await byId(page, 'signin-token').waitFor({ timeout: STEP_MS });
    await shot(page, '01-signin');
    await byId(page, 'signin-token').fill('hb_not-a-real-token');
    await byId(page, 'signin-submit').click();
    await byId(page, 'signin-error').waitFor({ timeout: STEP_MS });
    await signIn(page, server.url, participantToken);
    await page.goto(`${server.url}/#/tasks`);
    await page.locator('[data-testid="task-row"][data-task-id="task-123"]').waitFor({ timeout: STEP_MS });
    expect(await byId(page, 'nav-dashboard').count()).toBe(0);
    await shot(page, '02-task-list');
  }, 120_000);

  it('shows a live diagnostic for os.system before anything runs', async () => {
    await openTask(page, server.url, 'task-123');
    const before = runRequests.length;
    await setCode(page, RISKY);
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="diagnostics-count"]')?.textContent ?? '0') > 0,
      undefined,
      { timeout: STEP_MS },
    );
    const diagnostics = await byId(page, 'diagnostic').allInnerTexts();
    expect(diagnostics.join('\n')).toContain('HB-PROC-001');
    expect(Number(await byId(page, 'diagnostics-count').innerText())).toBe(diagnostics.length);
    // In step with the server's report for the same code.
    const res = await fetch(`${server.url}/api/analyze`, {
      method: 'POST',
      headers: { authorization: `Bearer ${participantToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ code: RISKY }),
    });
    const report = (await res.json()) as { issues: { rule: string }[] };
    expect(diagnostics.length).toBe(report.issues.length);
    for (const issue of report.issues) expect(diagnostics.join('\n')).toContain(issue.rule);
    expect(runRequests.length).toBe(before);
    await shot(page, '03-task-diagnostics');
  }, 120_000);

  it('submits the example solution and shows score 100', async () => {
    await openTask(page, server.url, 'task-123');
    await setCode(page, SOLUTION);
    await byId(page, 'submit-button').click();
    const result = page.locator('[data-testid="submission-result"][data-score="100"]');
    await result.waitFor({ timeout: 60_000 });
    expect(await byId(page, 'score').innerText()).toContain('100');
    expect(await byId(page, 'test-row').count()).toBeGreaterThan(0);
    await shot(page, '04-submission-result');
  }, 120_000);

  it('pushes grading progress over the WebSocket (test k of n)', async () => {
    await openTask(page, server.url, 'task-123');
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(new URL(ws.url()).pathname));
    // Slow enough per test that the progress line is on screen for a while.
    await setCode(page, 'import time\n\ndef solution(a, b):\n    time.sleep(0.4)\n    return a + b\n');
    await byId(page, 'submit-button').click();
    await page.waitForFunction(
      () =>
        /test \d+ of 5/.test(document.querySelector('[data-testid="submit-progress"]')?.textContent ?? ''),
      undefined,
      { timeout: 60_000 },
    );
    await page.locator('[data-testid="submission-result"][data-score="100"]').waitFor({ timeout: 60_000 });
    expect(sockets).toContain('/api/ws');
  }, 120_000);

  it('stops an infinite loop and says why', async () => {
    await openTask(page, server.url, 'task-123');
    await setCode(page, 'while True: pass\n');
    const before = runRequests.length;
    await byId(page, 'run-button').click();
    await page.locator('[data-testid="run-result"][data-status="timeout"]').waitFor({ timeout: 60_000 });
    expect(runRequests.length).toBe(before + 1);
    const cause = await byId(page, 'run-termination').innerText();
    expect(cause).toMatch(/time|limit/i);
    await shot(page, '05-run-result');
  }, 120_000);

  it('keeps markup in statements and program output inert and visible as text', async () => {
    await openTask(page, server.url, XSS_TASK);
    const statement = await byId(page, 'task-statement').innerText();
    expect(statement).toContain(MARKUP_SCRIPT);
    expect(statement).toContain('onerror="window.__xss=1"');
    expect(await byId(page, 'task-title').innerText()).toContain('<img src=x');
    await setCode(page, `print(${JSON.stringify(MARKUP_SCRIPT + MARKUP_IMG)})\n`);
    // Run with the keyboard shortcut this time (the editor has the focus).
    await page.keyboard.press('Control+Enter');
    await page.locator('[data-testid="run-result"][data-status="success"]').waitFor({ timeout: 60_000 });
    expect(await byId(page, 'run-stdout').innerText()).toContain(MARKUP_SCRIPT + MARKUP_IMG);
    // Give any injected handler (img onerror fires asynchronously) the chance to run.
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await page.locator('img[src="x"], main script').count()).toBe(0);
    await shot(page, '06-xss-inert');
  }, 120_000);

  it('lists my submissions with their code, and my profile', async () => {
    await page.goto(`${server.url}/#/submissions`);
    await byId(page, 'submission-row').first().waitFor({ timeout: STEP_MS });
    await shot(page, '07-submissions');
    const id = await byId(page, 'submission-row').first().getAttribute('data-submission-id');
    expect(id).toBeTruthy();
    await page.goto(`${server.url}/#/submissions/${id ?? ''}`);
    await byId(page, 'submission-code').waitFor({ timeout: STEP_MS });
    expect(await byId(page, 'submission-code').innerText()).toContain('def solution(a, b)');
    await shot(page, '08-submission-detail');
    await page.goto(`${server.url}/#/profile`);
    await byId(page, 'profile-solved').waitFor({ timeout: STEP_MS });
    expect(await byId(page, 'profile-solved').innerText()).toMatch(/task-123|Sum of two numbers/);
    await byId(page, 'profile-counts').waitFor({ timeout: STEP_MS });
    await shot(page, '09-profile');
    // Back on the list, the solved task carries its mark and best score.
    await page.goto(`${server.url}/#/tasks`);
    const row = page.locator('[data-testid="task-row"][data-task-id="task-123"]');
    await row.getByTestId('task-solved').waitFor({ timeout: STEP_MS });
    expect(await row.getByTestId('task-best-score').innerText()).toContain('100');
  }, 120_000);

  it('works with the keyboard alone: a new screen takes focus, Escape then Tab leaves the editor', async () => {
    const focused = (): Promise<string> =>
      page.evaluate(() => {
        const a = document.activeElement;
        return `${a?.tagName.toLowerCase() ?? ''}:${a?.getAttribute('data-testid') ?? a?.textContent?.trim() ?? ''}`;
      });
    await page.goto(`${server.url}/#/tasks`);
    await byId(page, 'task-row').first().waitFor({ timeout: STEP_MS });
    // Enter on a navigation link: focus lands on the new screen's heading, not back on <body>.
    await byId(page, 'nav-submissions').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1', undefined, {
      timeout: STEP_MS,
    });
    expect(await focused()).toMatch(/^h1:/);
    // Enter on a task link, then Tab from the heading reaches the editor.
    await byId(page, 'nav-tasks').focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-task-id="task-123"] a').first().waitFor({ timeout: STEP_MS });
    await page.locator('[data-task-id="task-123"] a').first().focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'task-title', undefined, {
      timeout: STEP_MS,
    });
    for (let i = 0; i < 10 && !(await focused()).includes('Code editor'); i++)
      await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('cm-content'))).toBe(true);
    // Tab indents inside the editor; Escape then Tab moves on to the stdin box.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('cm-content'))).toBe(true);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('.cm-editor') === null)).toBe(true);
    // On past the diagnostics (the draft still loops forever) to stdin and Run.
    for (let i = 0; i < 10 && (await focused()) !== 'textarea:stdin-input'; i++)
      await page.keyboard.press('Tab');
    expect(await focused()).toBe('textarea:stdin-input');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('button:run-button');
  }, 120_000);

  it('refuses the dashboard to a participant', async () => {
    await page.goto(`${server.url}/#/dashboard`);
    await byId(page, 'forbidden').waitFor({ timeout: STEP_MS });
    expect(await byId(page, 'chart-runs').count()).toBe(0);
    await shot(page, '10-forbidden');
    const res = await fetch(`${server.url}/api/metrics`, {
      headers: { authorization: `Bearer ${participantToken}` },
    });
    expect(res.status).toBe(403);
  }, 120_000);

  it('shows the organiser a dashboard drawn from the real runs, in light and dark', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      colorScheme: 'light',
    });
    try {
      const org = await context.newPage();
      watchCsp(org);
      await signIn(org, server.url, organiserToken);
      await byId(org, 'nav-dashboard').waitFor({ timeout: STEP_MS });
      await org.goto(`${server.url}/#/dashboard`);
      await byId(org, 'dashboard').waitFor({ timeout: STEP_MS });
      for (const chart of ['chart-runs', 'chart-status', 'chart-tests', 'chart-time', 'chart-memory']) {
        // Data marks: shapes other than axes, grid and legend; and no "no data yet" text.
        const marks = org.locator(
          `svg[data-testid="${chart}"] :is(rect, circle, path, polygon):not(.chart-legend *)`,
        );
        await marks.first().waitFor({ state: 'attached', timeout: STEP_MS });
        expect(await marks.count(), chart).toBeGreaterThan(0);
        expect(await org.locator(`svg[data-testid="${chart}"] .chart-empty`).count(), chart).toBe(0);
      }
      // Engine statuses and test verdicts are never mixed in one chart.
      expect(await byId(org, 'chart-status').textContent()).not.toMatch(/Passed|Failed/);
      expect(await byId(org, 'chart-tests').textContent()).toMatch(/Passed/);
      for (const panel of ['pool-health', 'queue-depth', 'errors-by-type'])
        await byId(org, panel).waitFor({ timeout: STEP_MS });
      await shot(org, '11-dashboard');
      await byId(org, 'theme-toggle').click();
      await org.waitForFunction(() => document.documentElement.dataset['theme'] === 'dark');
      await shot(org, '12-dashboard-dark');
      await org.goto(`${server.url}/#/tasks/task-123`);
      await byId(org, 'task-title').waitFor({ timeout: STEP_MS });
      await analysed(org);
      await shot(org, '13-task-dark');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('ran every screen under the CSP without a single violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
