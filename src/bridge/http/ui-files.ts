/**
 * The built web UI (dist/ui) served at `/` beside the API. Files are looked up in a table made
 * by walking the folder (regular files only, symlinks skipped), never by joining the request
 * path onto a directory: `/../package.json`, `%2e%2e%2f…`, backslashes or NUL bytes simply
 * match no key, so no request can name a file outside the build. Unknown paths without a file
 * extension get index.html (the app routes by hash; this also covers a reload on a stray path);
 * unknown files (`/assets/x.js`) are 404s so a missing chunk never comes back as HTML. A stray
 * path of more than one segment (`/a/b`) is redirected to `/` instead: index.html loads its
 * assets relatively (`./assets/…`), which from `/a/` would 404 into a blank page, and a
 * `<base href>` is not an option under `base-uri 'none'`. Browsers keep the `#/…` fragment
 * across the redirect.
 */
import { readdirSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { FastifyReply } from 'fastify';
import { HackBridgeError } from '../../common/index.js';
import { mapError } from '../errors.js';

/**
 * The UI contract's policy (notes/UI-SPEC.md), the same for the browser and the Electron shell.
 * `connect-src 'self'` also admits the page's own `ws:`/`wss:` origin (CSP3), so the progress
 * socket works while a WebSocket to any other host — a channel out for a stolen token if script
 * were ever injected — does not (red-team L1; it was `'self' ws: wss:`).
 */
export function uiContentSecurityPolicy(): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** Sent with every UI response, file or error. */
export const UI_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': uiContentSecurityPolicy(),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
});

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

const gzipAsync = promisify(gzip);

/** Vite puts content-hashed files under assets/: their bytes never change under one name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
/**
 * Gzipped copies of text and WebAssembly files, made on first request and kept (the build is
 * a few MB; hashed assets never change under one name, the key holds the ETag for the rest).
 */
const COMPRESSIBLE = /^(text\/|application\/(javascript|json|wasm|manifest\+json)|image\/svg\+xml)/;
const GZIP_CACHE_MAX = 256;
const gzipCache = new Map<string, Buffer | null>();
async function gzipped(key: string, type: string, body: Buffer): Promise<Buffer | undefined> {
  if (!COMPRESSIBLE.test(type) || body.length < 1024) return undefined;
  let packed = gzipCache.get(key);
  if (packed === undefined) {
    const out = await gzipAsync(body, { level: 9 });
    packed = out.length < body.length ? out : null;
    if (gzipCache.size >= GZIP_CACHE_MAX) gzipCache.clear();
    gzipCache.set(key, packed);
  }
  return packed ?? undefined;
}

/** Least time between two re-reads of the folder caused by unknown paths. */
const RESCAN_MS = 1000;

export interface UiFile {
  readonly path: string;
  readonly type: string;
  readonly cacheControl: string;
}

function walk(root: string, rel: string, into: Map<string, UiFile>): void {
  for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
    const relPath = rel === '' ? entry.name : `${rel}/${entry.name}`;
    if (entry.isDirectory()) walk(root, relPath, into);
    else if (entry.isFile()) {
      into.set(`/${relPath}`, {
        path: join(root, relPath),
        type: MIME[extname(entry.name).toLowerCase()] ?? 'application/octet-stream',
        cacheControl: relPath.startsWith('assets/') ? IMMUTABLE : REVALIDATE,
      });
    }
  }
}

function scan(root: string): Map<string, UiFile> | undefined {
  const files = new Map<string, UiFile>();
  try {
    walk(root, '', files);
  } catch {
    return undefined;
  }
  return files.has('/index.html') ? files : undefined;
}

/** The request path, percent-decoded once; undefined when the encoding is broken. */
function requestPath(url: string): string | undefined {
  const raw = url.split(/[?#]/, 1)[0] ?? '/';
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  // Not needed for safety (only table keys match), but such a request is no app route either.
  const suspicious = path.includes('\0') || path.includes('\\') || /(^|\/)\.\.?(\/|$)/.test(path);
  return suspicious ? undefined : path;
}

/** index.html answering a path of two or more segments that is no file of the build. */
function isNestedFallback(url: string, file: UiFile): boolean {
  const path = requestPath(url);
  if (path === undefined || !file.path.endsWith('index.html')) return false;
  const segments = path.split('/').filter((s) => s !== '');
  return segments.length > 1 && !path.endsWith('/index.html');
}

export interface UiRequestHeaders {
  readonly ifNoneMatch?: string | undefined;
  readonly acceptEncoding?: string | undefined;
}

/** What a UI path names: a file of the build, nothing, or nothing yet (no build). */
export type UiLookup =
  | { readonly kind: 'file'; readonly file: UiFile }
  | { readonly kind: 'missing' }
  | { readonly kind: 'not-built' };

export interface UiFiles {
  /** Maps a request URL (path, query) to a file of the build; pure apart from a rescan. */
  resolve(url: string): UiLookup;
  /** Reads a resolved file; undefined (and a rescan next time) if a rebuild removed it. */
  read(file: UiFile): Promise<Buffer | undefined>;
  /** Answers a GET/HEAD for a non-API path with Fastify. */
  serve(url: string, request: UiRequestHeaders, reply: FastifyReply): Promise<FastifyReply>;
}

const notBuilt = (): HackBridgeError =>
  new HackBridgeError(
    'HB_UI_NOT_BUILT',
    'The web UI is not built: run `npm run build` (it writes dist/ui), then reload. The API works meanwhile under /api.',
    { statusCode: 503, details: { expected: 'dist/ui/index.html' } },
  );
const notFound = (): HackBridgeError =>
  new HackBridgeError('HB_NOT_FOUND', 'No such file in the web UI', {
    statusCode: 404,
    details: { kind: 'file' },
  });

/**
 * Serves `root` (dist/ui). Until `root/index.html` exists every UI path answers 503 saying how
 * to build it, and the API is unaffected; the folder is re-read then, so a build made while
 * the server runs is picked up. Electron's app:// protocol uses `resolve` and `read` too.
 */
export function createUiFiles(root: string | undefined): UiFiles {
  let files = root === undefined ? undefined : scan(root);
  let scannedAtMs = Date.now();
  const rescan = (): void => {
    if (root === undefined) return;
    files = scan(root);
    scannedAtMs = Date.now();
  };

  const fail = (reply: FastifyReply, error: HackBridgeError): FastifyReply => {
    const mapped = mapError(error);
    return reply.code(mapped.statusCode).headers(UI_SECURITY_HEADERS).send(mapped.body);
  };

  const ui: UiFiles = {
    resolve(url) {
      const path = requestPath(url);
      const lookup = (table: Map<string, UiFile>): UiFile | undefined => {
        if (path === undefined) return undefined;
        const last = path.slice(path.lastIndexOf('/') + 1);
        return (
          table.get(path === '/' ? '/index.html' : path) ??
          (last.includes('.') || path.startsWith('/assets/') ? undefined : table.get('/index.html'))
        );
      };
      if (files === undefined) rescan();
      let file = files === undefined ? undefined : lookup(files);
      // A rebuild while serving renames the hashed assets: look again, at most once a second
      // (a stream of 404s must not turn into a stream of directory walks).
      if (file === undefined && path !== undefined && Date.now() - scannedAtMs >= RESCAN_MS) {
        rescan();
        file = files === undefined ? undefined : lookup(files);
      }
      if (files === undefined) return { kind: 'not-built' };
      return file === undefined ? { kind: 'missing' } : { kind: 'file', file };
    },
    async read(file) {
      try {
        return await readFile(file.path);
      } catch {
        files = undefined;
        return undefined;
      }
    },
    async serve(url, request, reply) {
      const found = ui.resolve(url);
      if (found.kind === 'not-built') return fail(reply, notBuilt());
      if (found.kind === 'missing') return fail(reply, notFound());
      const { file } = found;
      if (isNestedFallback(url, file))
        return reply
          .code(302)
          .headers(UI_SECURITY_HEADERS)
          .header('location', '/')
          .header('cache-control', 'no-store')
          .send();
      // From the file as it is now (a rebuild may have replaced index.html since the scan).
      const info = await stat(file.path).catch(() => undefined);
      if (info === undefined) {
        files = undefined;
        return fail(reply, notFound());
      }
      const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
      reply
        .headers(UI_SECURITY_HEADERS)
        .header('content-type', file.type)
        .header('cache-control', file.cacheControl)
        .header('etag', etag)
        .header('vary', 'accept-encoding');
      if (request.ifNoneMatch === etag) return reply.code(304).send();
      const body = await ui.read(file);
      if (body === undefined) return fail(reply, notFound());
      const wantsGzip = /\bgzip\b/i.test(request.acceptEncoding ?? '');
      const packed = wantsGzip ? await gzipped(`${file.path}\0${etag}`, file.type, body) : undefined;
      if (packed !== undefined) return reply.code(200).header('content-encoding', 'gzip').send(packed);
      return reply.code(200).send(body);
    },
  };
  return ui;
}
