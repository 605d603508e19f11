// A stand-in for the `electron` module, for unit tests of electron/main and electron/preload on machines
// without an Electron runtime. It records what the shell asks of Electron (windows and their options, handlers,
// dialogs, menus) and lets a test play Electron's part (fire 'will-navigate', call the IPC handler, answer a
// permission request). Used through `vi.mock('electron', ...)`; nothing here imports the real module.
import { EventEmitter } from 'node:events';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { vi } from 'vitest';

type Listener = (...args: never[]) => unknown;

/** A DOM-like event as Electron passes to 'will-navigate' and similar: preventDefault is recorded. */
export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeWebContents extends EventEmitter {
  url = '';
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly send = vi.fn<(...args: unknown[]) => void>();
  readonly printToPDF = vi.fn(async (_options: unknown) => new Uint8Array([0x25, 0x50, 0x44, 0x46]));
  readonly executeJavaScript = vi.fn(async (_code: string) => true);
  /** The DevTools protocol, through which the PDF window's layout step is evaluated. */
  readonly debugger = {
    attached: false,
    attach: vi.fn((_version?: string) => {
      this.debugger.attached = true;
    }),
    sendCommand: vi.fn(async (_method: string, _params?: Record<string, unknown>): Promise<unknown> => ({
      result: { type: 'boolean', value: true },
    })),
  };
  readonly setWindowOpenHandler = vi.fn((h: (details: { url: string }) => { action: string }) => {
    this.openHandler = h;
  });
  constructor(readonly id: number) {
    super();
  }
  getURL(): string {
    return this.url;
  }
  /** Plays Electron's part: emits the event and says whether the shell prevented it. */
  fire(name: string, ...args: unknown[]): boolean {
    const event = new FakeEvent();
    this.emit(name, event, ...args);
    return event.defaultPrevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  destroyed = false;
  minimized = false;
  readonly show = vi.fn<(...args: unknown[]) => void>();
  readonly focus = vi.fn<(...args: unknown[]) => void>();
  readonly restore = vi.fn(() => {
    this.minimized = false;
  });
  readonly isMinimized = vi.fn(() => this.minimized);
  readonly isDestroyed = vi.fn(() => this.destroyed);
  readonly destroy = vi.fn(() => {
    this.destroyed = true;
  });
  readonly loadFile = vi.fn(async (file: string) => {
    this.webContents.url = pathToFileURL(file).href;
  });
  readonly loadURL = vi.fn(async (url: string) => {
    this.webContents.url = url;
  });
  constructor(
    readonly options: Record<string, unknown>,
    readonly webContents: FakeWebContents,
  ) {
    super();
  }
}

/** The stand-in's BrowserWindow: `new BrowserWindow(options)` and the statics the shell uses. */
export interface FakeBrowserWindowClass {
  new (options: Record<string, unknown>): FakeBrowserWindow;
  /** Every window made, in order (closed ones included). */
  readonly instances: FakeBrowserWindow[];
  getAllWindows(): FakeBrowserWindow[];
  fromWebContents(wc: FakeWebContents): FakeBrowserWindow | null;
}

/** A session: what the shell installs on it is kept, so a test can play Electron's part. */
export interface FakeSession {
  beforeRequest: null | ((details: { url: string }, callback: (r: { cancel: boolean }) => void) => void);
  permissionRequest:
    | null
    | ((wc: unknown, permission: string, callback: (granted: boolean) => void, details?: unknown) => void);
  permissionCheck: null | ((wc: unknown, permission: string) => boolean);
  webRequest: { onBeforeRequest: (h: NonNullable<FakeSession['beforeRequest']>) => void };
  setPermissionRequestHandler: (h: NonNullable<FakeSession['permissionRequest']>) => void;
  setPermissionCheckHandler: (h: NonNullable<FakeSession['permissionCheck']>) => void;
}

export function createElectronFake() {
  let nextId = 1;
  const allContents = new Map<number, FakeWebContents>();
  const newContents = () => {
    const wc = new FakeWebContents(nextId++);
    allContents.set(wc.id, wc);
    return wc;
  };

  const instances: FakeBrowserWindow[] = [];
  const BrowserWindow: FakeBrowserWindowClass = class extends FakeBrowserWindow {
    static readonly instances = instances;
    constructor(options: Record<string, unknown>) {
      super(options, newContents());
      instances.push(this);
    }
    static getAllWindows(): FakeBrowserWindow[] {
      return instances.filter((w) => !w.destroyed);
    }
    static fromWebContents(wc: FakeWebContents): FakeBrowserWindow | null {
      return instances.find((w) => w.webContents === wc) ?? null;
    }
  };

  const paths: Record<string, string> = { appData: '/home/test/.config' };
  const app = Object.assign(new EventEmitter(), {
    paths,
    singleInstanceLock: true,
    ready: Promise.resolve() as Promise<void>,
    getPath: vi.fn((name: string) => {
      const p = paths[name];
      if (p === undefined) throw new Error(`no path ${name}`);
      return p;
    }),
    setPath: vi.fn((name: string, value: string) => {
      paths[name] = value;
    }),
    requestSingleInstanceLock: vi.fn((): boolean => app.singleInstanceLock),
    whenReady: vi.fn(() => app.ready),
    quit: vi.fn<(...args: unknown[]) => void>(),
    exit: vi.fn<(...args: unknown[]) => void>(),
  });

  const ipcHandlers = new Map<string, Listener>();
  const ipcMain = {
    handlers: ipcHandlers,
    handle: vi.fn((channel: string, handler: Listener) => {
      if (ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
      ipcHandlers.set(channel, handler);
    }),
  };

  const newSession = (): FakeSession => {
    const ses: FakeSession = {
      beforeRequest: null,
      permissionRequest: null,
      permissionCheck: null,
      webRequest: {
        onBeforeRequest: vi.fn((h: NonNullable<FakeSession['beforeRequest']>) => {
          ses.beforeRequest = h;
        }),
      },
      setPermissionRequestHandler: vi.fn((h: NonNullable<FakeSession['permissionRequest']>) => {
        ses.permissionRequest = h;
      }),
      setPermissionCheckHandler: vi.fn((h: NonNullable<FakeSession['permissionCheck']>) => {
        ses.permissionCheck = h;
      }),
    };
    return ses;
  };
  const defaultSession = newSession();
  const partitions = new Map<string, FakeSession>();
  const session = {
    defaultSession,
    partitions,
    fromPartition: vi.fn((name: string) => {
      let ses = partitions.get(name);
      if (!ses) partitions.set(name, (ses = newSession()));
      return ses;
    }),
  };

  const dialog = {
    showOpenDialog: vi.fn(
      async (..._args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> => ({
        canceled: true,
        filePaths: [],
      }),
    ),
    showErrorBox: vi.fn<(...args: unknown[]) => void>(),
    showMessageBox: vi.fn(async () => ({ response: 0 })),
  };

  const Menu = {
    current: null as null | { template: unknown[] },
    buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
    setApplicationMenu: vi.fn((menu: { template: unknown[] } | null) => {
      Menu.current = menu;
    }),
  };

  const webContents = {
    fromId: vi.fn((id: number) => allContents.get(id)),
    /** A webContents that no window owns (a devtools or a stray renderer). */
    orphan: () => newContents(),
  };

  // The renderer side, for the preload.
  const exposed = new Map<string, unknown>();
  const contextBridge = {
    exposed,
    exposeInMainWorld: vi.fn((key: string, api: unknown) => {
      exposed.set(key, api);
    }),
  };
  const rendererEvents = new EventEmitter();
  const ipcRenderer = {
    invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => undefined),
    on: vi.fn((channel: string, listener: (...a: unknown[]) => void) => {
      rendererEvents.on(channel, listener);
      return ipcRenderer;
    }),
    removeListener: vi.fn((channel: string, listener: (...a: unknown[]) => void) => {
      rendererEvents.removeListener(channel, listener);
      return ipcRenderer;
    }),
    /** Plays the main process's part: a message arrives on a channel. */
    deliver: (channel: string, payload: unknown) => rendererEvents.emit(channel, { sender: 'ipc' }, payload),
    listenerCount: (channel: string) => rendererEvents.listenerCount(channel),
  };

  // safeStorage: real authenticated encryption (AES-256-GCM) under a key of this stand-in's own, as the operating
  // system's key store would keep it; a ciphertext from elsewhere, or altered, does not decrypt.
  const storageKey = randomBytes(32);
  const safeStorage = {
    available: true,
    backend: 'gnome_libsecret' as string,
    isEncryptionAvailable: vi.fn(() => safeStorage.available),
    getSelectedStorageBackend: vi.fn(() => safeStorage.backend),
    encryptString: vi.fn((plain: string): Buffer => {
      if (!safeStorage.available) throw new Error('Encryption is not available.');
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', storageKey, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([Buffer.from('v10'), iv, c.getAuthTag(), body]);
    }),
    decryptString: vi.fn((data: Buffer): string => {
      if (data.subarray(0, 3).toString() !== 'v10')
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      const d = createDecipheriv('aes-256-gcm', storageKey, data.subarray(3, 15));
      d.setAuthTag(data.subarray(15, 31));
      return Buffer.concat([d.update(data.subarray(31)), d.final()]).toString('utf8');
    }),
  };

  return {
    app,
    BrowserWindow,
    safeStorage,
    ipcMain,
    session,
    dialog,
    Menu,
    webContents,
    contextBridge,
    ipcRenderer,
  };
}

export type ElectronFake = ReturnType<typeof createElectronFake>;
