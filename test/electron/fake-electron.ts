/**
 * A stand-in for the `electron` module (its binary cannot be installed here) that records what
 * the main process asks of it: windows and their preferences, IPC handlers, the app:// scheme
 * and its handler, the session's permission and header hooks, and the app's events. Tests
 * install it with `vi.mock('electron', async () => (await import('./fake-electron.js')).electron)`.
 */
type Listener = (...args: unknown[]) => unknown;

const appEvents = new Map<string, Listener[]>();
const contentsEvents = new Map<string, Listener[]>();
export const state = {
  userData: '',
  windows: [] as { options: Record<string, unknown>; url?: string }[],
  handlers: new Map<string, Listener>(),
  schemes: [] as unknown[],
  protocolHandler: undefined as undefined | ((req: Request) => Promise<Response>),
  windowOpenHandler: undefined as undefined | Listener,
  permissionHandler: undefined as undefined | Listener,
  permissionCheckHandler: undefined as undefined | Listener,
  /** What `app.isPackaged` answers. */
  packaged: false,
  headersHandler: undefined as undefined | Listener,
  quits: 0,
  exits: [] as number[],
  appEvents,
  contentsEvents,
};
const on = (map: Map<string, Listener[]>) => (name: string, fn: Listener) => {
  map.set(name, [...(map.get(name) ?? []), fn]);
};
const contents = {
  setWindowOpenHandler: (fn: Listener) => (state.windowOpenHandler = fn),
  on: on(contentsEvents),
};
class FakeBrowserWindow {
  readonly #record: { options: Record<string, unknown>; url?: string };
  constructor(options: Record<string, unknown>) {
    this.#record = { options };
    state.windows.push(this.#record);
    for (const fn of appEvents.get('web-contents-created') ?? []) fn({}, contents);
  }
  async loadURL(url: string): Promise<void> {
    this.#record.url = url;
  }
}

export const electron = {
  app: {
    getPath: (name: string) => (name === 'userData' ? state.userData : '/nonexistent'),
    get isPackaged() {
      return state.packaged;
    },
    whenReady: () => Promise.resolve(),
    on: on(appEvents),
    quit: () => (state.quits += 1),
    exit: (code: number) => state.exits.push(code),
  },
  ipcMain: { handle: (channel: string, fn: Listener) => state.handlers.set(channel, fn) },
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => state.schemes.push(...schemes),
    handle: (_scheme: string, fn: (req: Request) => Promise<Response>) => (state.protocolHandler = fn),
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: Listener) => (state.permissionHandler = fn),
      setPermissionCheckHandler: (fn: Listener) => (state.permissionCheckHandler = fn),
      webRequest: { onHeadersReceived: (fn: Listener) => (state.headersHandler = fn) },
    },
  },
  BrowserWindow: FakeBrowserWindow,
};

/**
 * Fires a web-contents event for `url` as Electron does (the URL on the event, and as the first
 * argument for will-navigate and will-redirect); true when a listener called preventDefault().
 */
export function prevented(event: string, url?: string): boolean {
  let stopped = false;
  for (const fn of contentsEvents.get(event) ?? [])
    fn({ url, preventDefault: () => (stopped = true) }, ...(url === undefined ? [] : [url]));
  return stopped;
}

/** An IPC event from the app's own page, unless another frame is given. */
export function ipcEvent(url = 'app://ui/index.html', parent: unknown = null): unknown {
  return { senderFrame: { url, parent } };
}
