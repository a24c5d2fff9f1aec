/**
 * Who may talk to the main process, and where a window may go: only the app's own top-level
 * page at `app://ui/` (red-team L4). The IPC handlers validate their arguments already; this
 * also refuses a call from a frame that is not the app — an iframe, or a page the window was
 * somehow steered to — so a foreign page can never act as the local organiser.
 */
import type { IpcEnvelope, IpcHandler } from '../src/bridge/index.js';
import { APP_ORIGIN } from './protocol.js';

/** The parts of an `IpcMainInvokeEvent` the check reads (`senderFrame` is null once gone). */
export interface IpcSender {
  readonly senderFrame?: { readonly url: string; readonly parent: unknown } | null;
}

/** True for the main frame (no parent) of a page under `app://ui/`. */
export function isAppMainFrame(event: IpcSender): boolean {
  const frame = event.senderFrame;
  return frame != null && frame.parent === null && frame.url.startsWith(`${APP_ORIGIN}/`);
}

const refused: IpcEnvelope = Object.freeze({
  error: {
    code: 'HB_AUTH_FORBIDDEN',
    message: 'IPC is accepted only from the app’s own page',
    details: { action: 'ipc', reason: 'untrusted sender frame' },
  },
});

/** The handler, answering HB_AUTH_FORBIDDEN to any sender but the app's main frame. */
export function fromAppFrame(handler: IpcHandler): IpcHandler {
  return async (event, ...args) => (isAppMainFrame(event as IpcSender) ? handler(event, ...args) : refused);
}

/** For will-navigate, will-frame-navigate and will-redirect: nothing leaves `app://ui/`. */
export function stayInApp(event: { readonly url: string; preventDefault(): void }): void {
  if (!event.url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
}
