/**
 * The contract's method names and the IPC channel naming, with no dependencies at all: the
 * Electron preload imports this file, so it must stay free of zod and of Node-only modules.
 * contract.ts checks at compile time that its method table has exactly these keys.
 */
export const contractMethodNames = [
  'getUserData',
  'submitTask',
  'analyzeCode',
  'runCode',
  'listTasks',
  'getTask',
  'getSubmission',
  'listSubmissions',
  'getMetrics',
] as const;

export type ContractMethod = (typeof contractMethodNames)[number];

/** The window property the preload exposes the contract on. */
export const RENDERER_GLOBAL = 'hackbridge';

/** One `ipcMain.handle` channel per method. */
export function ipcChannel(method: ContractMethod): string {
  return `hackbridge:${method}`;
}
