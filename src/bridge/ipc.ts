/**
 * The Electron IPC transport, main-process side: one handler per contract method, exactly the
 * functions `electron/main.ts` registers with `ipcMain.handle`. They validate the renderer's
 * arguments with the contract's schemas and never throw: Electron would flatten a thrown error
 * to its message, so results and errors travel as an envelope, `{ ok: true, value }` or the
 * same `{ error: { code, message, details } }` body HTTP sends.
 */
import type { Actor, Service } from '../service/index.js';
import type { ErrorBody } from './contract.js';
import { mapError } from './errors.js';
import { invoke } from './invoke.js';
import { contractMethodNames, ipcChannel } from './methods.js';

export type IpcEnvelope = { readonly ok: true; readonly value: unknown } | ErrorBody;

/** `(event, ...args)`, as `ipcMain.handle` calls it; the event is not used. */
export type IpcHandler = (event: unknown, ...args: unknown[]) => Promise<IpcEnvelope>;

export interface IpcHandlerOptions {
  /**
   * Who the renderer acts as. Desktop mode has one local user (the default,
   * `service.localUser()`); tests pass their own.
   */
  readonly actor?: Actor | (() => Promise<Actor>);
}

/** channel → handler, for `ipcMain.handle(channel, handler)`. */
export function createIpcHandlers(
  service: Service,
  options: IpcHandlerOptions = {},
): Record<string, IpcHandler> {
  const production = service.config.telemetry.production;
  const who = options.actor;
  const resolveActor = (): Promise<Actor> =>
    who === undefined ? service.localUser() : typeof who === 'function' ? who() : Promise.resolve(who);
  const handlers: Record<string, IpcHandler> = {};
  for (const method of contractMethodNames) {
    handlers[ipcChannel(method)] = async (_event, ...args) => {
      try {
        const value = await invoke(service.forUser(await resolveActor()), method, args);
        return { ok: true, value };
      } catch (thrown) {
        const mapped = mapError(thrown, { production });
        if (mapped.statusCode >= 500)
          service.telemetry.logger.error({ err: thrown, method }, 'IPC call failed');
        return mapped.body;
      }
    };
  }
  return handlers;
}
