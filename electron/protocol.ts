/**
 * The UI's origin in the desktop app: `app://ui/`, a privileged custom scheme instead of
 * file:// (Electron's security checklist: file:// pages share one origin with every local
 * file, and CSP headers cannot be attached to them). Files come from the same allow-listed
 * table `hackbridge serve` uses (src/bridge/http/ui-files.ts), so a path can never leave
 * dist/ui, and every response carries the UI contract's CSP (`connect-src 'self'`: the renderer
 * speaks IPC only and connects nowhere).
 */
import { protocol } from 'electron';
import { createUiFiles, uiContentSecurityPolicy } from '../src/bridge/index.js';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://ui`;
export const DESKTOP_CSP = uiContentSecurityPolicy();

const HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': DESKTOP_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** Must run before `app` is ready: the scheme is standard (relative URLs, fetch) and secure. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

const text = (status: number, body: string): Response =>
  new Response(body, { status, headers: { ...HEADERS, 'content-type': 'text/plain; charset=utf-8' } });

/** The protocol handler, exported for the tests that drive main.ts with a fake Electron. */
export function uiProtocolHandler(uiDir: string): (request: Request) => Promise<Response> {
  const ui = createUiFiles(uiDir);
  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'ui') return text(404, 'Not found');
    const found = ui.resolve(url.pathname);
    if (found.kind === 'not-built')
      return text(503, 'The web UI is not built: run `npm run build` (it writes dist/ui).');
    if (found.kind === 'missing') return text(404, 'Not found');
    const body = await ui.read(found.file);
    if (body === undefined) return text(404, 'Not found');
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: { ...HEADERS, 'content-type': found.file.type },
    });
  };
}

export function serveUi(uiDir: string): void {
  protocol.handle(APP_SCHEME, uiProtocolHandler(uiDir));
}
