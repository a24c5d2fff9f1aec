/**
 * The web UI beside the API: files from a fake dist/ui with the UI contract's security
 * headers, no way out of the folder, the right MIME types and cache policy, the hash-routing
 * fallback, and a plain 503 while the UI is not built — with the API unaffected either way.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp, errorBodySchema, uiContentSecurityPolicy } from '../../src/bridge/index.js';
import { closeTestEngine, startHarness } from './harness.js';
import type { Harness, TestUser } from './harness.js';

afterAll(async () => closeTestEngine());

const INDEX = '<!doctype html><html><body><div id="root"></div></body></html>';
const BIG_JS = 'export const x = "hackbridge";\n'.repeat(2000);
const WASM = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

function fakeBuild(): string {
  const root = mkdtempSync(join(tmpdir(), 'hb-ui-'));
  const ui = join(root, 'ui');
  mkdirSync(join(ui, 'assets'), { recursive: true });
  writeFileSync(join(ui, 'index.html'), INDEX);
  writeFileSync(join(ui, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(ui, 'assets', 'index-AbC123.js'), 'console.log(1);');
  writeFileSync(join(ui, 'assets', 'index-AbC123.css'), 'body{}');
  writeFileSync(join(ui, 'assets', 'tree-sitter-python-XyZ.wasm'), WASM);
  writeFileSync(join(ui, 'assets', 'vendor-Big1.js'), BIG_JS);
  // A secret beside the build and a symlink pointing at it: neither may ever be served.
  writeFileSync(join(root, 'secret.txt'), 'top secret');
  symlinkSync(join(root, 'secret.txt'), join(ui, 'assets', 'link.txt'));
  return root;
}

const uiHeaders = {
  'content-security-policy': uiContentSecurityPolicy(),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

describe('web UI served beside the API', () => {
  let h: Harness;
  let app: FastifyInstance;
  let bare: FastifyInstance;
  let user: TestUser;
  let root: string;

  beforeAll(async () => {
    root = fakeBuild();
    h = await startHarness('sqlite');
    app = await buildHttpApp({ service: h.service, uiDir: join(root, 'ui') });
    bare = await buildHttpApp({ service: h.service, uiDir: join(root, 'not-built') });
    user = await h.user('alice');
  });
  afterAll(async () => {
    await app?.close();
    await bare?.close();
    await h?.close();
    rmSync(root, { recursive: true, force: true });
  });

  describe('when the UI is built', () => {
    it('serves index.html at / with the security headers and no-cache', async () => {
      const res = await app.inject('/');
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe(INDEX);
      expect(res.headers).toMatchObject(uiHeaders);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
    });

    it('sends the exact CSP of the UI contract', async () => {
      const res = await app.inject('/');
      expect(res.headers['content-security-policy']).toBe(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
      );
    });

    it('serves hashed assets with their MIME type and a long immutable cache', async () => {
      const js = await app.inject('/assets/index-AbC123.js');
      expect(js.statusCode).toBe(200);
      expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(js.headers).toMatchObject(uiHeaders);
      const css = await app.inject('/assets/index-AbC123.css');
      expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
      const svg = await app.inject('/favicon.svg');
      expect(svg.headers['content-type']).toBe('image/svg+xml');
      expect(svg.headers['cache-control']).toBe('no-cache');
    });

    it('serves WebAssembly as application/wasm, byte for byte', async () => {
      const res = await app.inject('/assets/tree-sitter-python-XyZ.wasm');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/wasm');
      expect(res.rawPayload.equals(WASM)).toBe(true);
    });

    it('sends gzip to clients that accept it, identity to the rest', async () => {
      const packed = await app.inject({
        url: '/assets/vendor-Big1.js',
        headers: { 'accept-encoding': 'gzip, deflate, br' },
      });
      expect(packed.statusCode).toBe(200);
      expect(packed.headers['content-encoding']).toBe('gzip');
      expect(packed.headers.vary).toBe('accept-encoding');
      expect(packed.rawPayload.length).toBeLessThan(BIG_JS.length / 10);
      expect(gunzipSync(packed.rawPayload).toString('utf8')).toBe(BIG_JS);
      const plain = await app.inject('/assets/vendor-Big1.js');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body).toBe(BIG_JS);
      // Tiny files are not worth it.
      const tiny = await app.inject({
        url: '/assets/index-AbC123.js',
        headers: { 'accept-encoding': 'gzip' },
      });
      expect(tiny.headers['content-encoding']).toBeUndefined();
    });

    it('answers 304 to a matching If-None-Match', async () => {
      const first = await app.inject('/assets/index-AbC123.js');
      const etag = String(first.headers.etag);
      const again = await app.inject({ url: '/assets/index-AbC123.js', headers: { 'if-none-match': etag } });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
    });

    it('answers HEAD like GET without a body', async () => {
      const res = await app.inject({ method: 'HEAD', url: '/' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toBe('');
    });

    it.each([
      '/../package.json',
      '/..%2fpackage.json',
      '/%2e%2e/package.json',
      '/%2e%2e%2fpackage.json',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/assets/index-AbC123.js%00.html',
      '/assets/link.txt',
      '/secret.txt',
    ])('never serves anything outside the build: %s', async (url) => {
      const res = await app.inject(url);
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('top secret');
      expect(res.body).not.toContain('"name": "hackbridge"');
      expect(res.headers).toMatchObject(uiHeaders);
      expect(errorBodySchema.parse(JSON.parse(res.body)).error.code).toBe('HB_NOT_FOUND');
    });

    it('refuses a broken percent-encoding', async () => {
      const res = await app.inject('/%');
      expect([400, 404]).toContain(res.statusCode);
      expect(res.body).not.toContain('<html');
    });

    it('answers 404 for a missing asset instead of index.html', async () => {
      for (const url of ['/assets/index-missing.js', '/assets/nothing', '/missing.css']) {
        const res = await app.inject(url);
        expect(res.statusCode, url).toBe(404);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
      }
    });

    it('falls back to index.html for unknown one-segment app paths (hash routing, reloads)', async () => {
      for (const url of ['/tasks', '/dashboard?x=1', '/tasks/']) {
        const res = await app.inject(url);
        expect(res.statusCode, url).toBe(200);
        expect(res.body).toBe(INDEX);
        expect(res.headers).toMatchObject(uiHeaders);
      }
    });

    it('redirects unknown nested paths to / (relative asset URLs would 404 from /a/b)', async () => {
      for (const url of ['/tasks/task-123', '/a/b', '/a/b/c?x=1', '/a/b/']) {
        const res = await app.inject(url);
        expect(res.statusCode, url).toBe(302);
        expect(res.headers.location).toBe('/');
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.headers).toMatchObject(uiHeaders);
        expect(res.body).toBe('');
      }
      // Real nested files and missing nested assets are unaffected.
      expect((await app.inject('/assets/index-AbC123.js')).statusCode).toBe(200);
      expect((await app.inject('/assets/x/y.js')).statusCode).toBe(404);
    });

    it('keeps /api/* for the API: unknown API paths are JSON 404s, never the app', async () => {
      const res = await app.inject('/api/nope');
      expect(res.statusCode).toBe(404);
      expect(errorBodySchema.parse(JSON.parse(res.body)).error.code).toBe('HB_NOT_FOUND');
      const tasks = await app.inject({
        url: '/api/tasks',
        headers: { authorization: `Bearer ${user.token}` },
      });
      expect(tasks.statusCode).toBe(200);
      expect(Array.isArray(JSON.parse(tasks.body))).toBe(true);
    });

    it('marks API JSON responses nosniff', async () => {
      const ok = await app.inject({ url: '/api/tasks', headers: { authorization: `Bearer ${user.token}` } });
      expect(ok.headers['x-content-type-options']).toBe('nosniff');
      const denied = await app.inject('/api/tasks');
      expect(denied.statusCode).toBe(401);
      expect(denied.headers['x-content-type-options']).toBe('nosniff');
      const spec = await app.inject('/api/openapi.json');
      expect(spec.headers['x-content-type-options']).toBe('nosniff');
    });

    it('picks up a rebuild made while serving (new hashed assets, changed index.html)', async () => {
      const before = await app.inject('/');
      await new Promise((r) => setTimeout(r, 1100));
      writeFileSync(join(root, 'ui', 'assets', 'index-New999.js'), 'console.log(2);');
      writeFileSync(join(root, 'ui', 'index.html'), `${INDEX}\n<!-- rebuilt -->`);
      const asset = await app.inject('/assets/index-New999.js');
      expect(asset.statusCode).toBe(200);
      const after = await app.inject({ url: '/', headers: { 'if-none-match': String(before.headers.etag) } });
      expect(after.statusCode).toBe(200);
      expect(after.body).toContain('rebuilt');
      writeFileSync(join(root, 'ui', 'index.html'), INDEX);
    });

    it('does not serve the UI for other methods', async () => {
      const res = await app.inject({ method: 'POST', url: '/', payload: {} });
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('<html');
    });
  });

  describe('when dist/ui is missing', () => {
    it('answers 503 saying to run npm run build, with the security headers', async () => {
      for (const url of ['/', '/tasks', '/assets/index-AbC123.js']) {
        const res = await bare.inject(url);
        expect(res.statusCode, url).toBe(503);
        expect(res.headers).toMatchObject(uiHeaders);
        const body = errorBodySchema.parse(JSON.parse(res.body));
        expect(body.error.code).toBe('HB_UI_NOT_BUILT');
        expect(body.error.message).toContain('npm run build');
      }
    });

    it('still serves the API', async () => {
      const res = await bare.inject({
        url: '/api/tasks',
        headers: { authorization: `Bearer ${user.token}` },
      });
      expect(res.statusCode).toBe(200);
    });
  });
});
