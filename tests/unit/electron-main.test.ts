// The Electron shell (electron/main) run against a stand-in `electron` module, so its wiring is exercised on
// every run, also where no Electron runtime can be installed: the window's security options, navigation and
// permission refusals, the IPC transport onto the dispatcher and its events, printing, the folder dialog,
// single-instance behaviour, the menu and the data folder. The real window is covered by
// tests/electron/smoke.spec.ts wherever a runtime exists.
import { readFileSync } from 'node:fs';
import { join, resolve, win32 } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppCoreOptions } from '../../electron/server/app-core';
import { DOCUMENT_CSP } from '../../electron/server/csp';
import { APP_ID, APP_NAME } from '../../electron/server/version';
import { createElectronFake, type ElectronFake, type FakeWebContents } from './electron-fake';
import { ADMIN, newSetupApp, type TestApp } from './helpers';

type Envelope = { ok: boolean; value?: unknown; error?: { code: string; message: string } };
type Handler = (event: unknown, ...args: unknown[]) => unknown;

/** What the shell gets from startAppCore: a dispatcher stand-in that records calls and relays events. */
function fakeCore(dataDir: string) {
  const listeners = new Set<(event: string, payload: unknown) => void>();
  const dispatcher = {
    dispatch: vi.fn(async (name: string, _args: unknown, _key: string): Promise<Envelope> => ({
      ok: true,
      value: name,
    })),
    onEvent: vi.fn((l: (event: string, payload: unknown) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    }),
    emit: (event: string, payload: unknown) => {
      for (const l of listeners) l(event, payload);
    },
  };
  return { dataDir, dispatcher, close: vi.fn(async () => {}) };
}

const h = vi.hoisted(() => ({
  fake: null as unknown as ElectronFake,
  coreOptions: null as null | AppCoreOptions,
  core: null as null | ReturnType<typeof fakeCore>,
  /** Replaces the dispatcher stand-in (e.g. by a real Dispatcher). */
  dispatcher: null as unknown,
  startError: null as null | string,
}));

// The shell reads `electron`'s exports when it uses them, so each boot() can hand it a fresh stand-in.
vi.mock('electron', () => {
  const keys = [
    'app',
    'BrowserWindow',
    'ipcMain',
    'session',
    'dialog',
    'Menu',
    'webContents',
    'safeStorage',
  ] as const;
  const mod: Record<string, unknown> = {};
  for (const key of keys) Object.defineProperty(mod, key, { enumerable: true, get: () => h.fake[key] });
  return mod;
});

vi.mock('../../electron/server/app-core', () => ({
  startAppCore: vi.fn(async (options: AppCoreOptions) => {
    h.coreOptions = options;
    if (h.startError) {
      // The AppError class as the freshly loaded shell sees it (boot() reloads every module).
      const { AppError: ShellAppError } = await import('../../shared/errors');
      throw h.startError === 'crash'
        ? new Error('disk I/O error')
        : new ShellAppError('CONFLICT', h.startError);
    }
    h.core = fakeCore(options.dataDir);
    if (h.dispatcher) Object.assign(h.core, { dispatcher: h.dispatcher });
    return h.core;
  }),
}));

const mainDir = resolve('electron/main');

/** Loads electron/main/index.ts afresh, as Electron would run it, and lets app.whenReady() → start() finish. */
async function boot(prepare?: (fake: ElectronFake) => void) {
  vi.resetModules();
  h.fake = createElectronFake();
  prepare?.(h.fake);
  h.coreOptions = null;
  h.core = null;
  const shell = await import('../../electron/main/index');
  await new Promise((r) => setImmediate(r));
  const fake = h.fake;
  const windows = fake.BrowserWindow.instances;
  return { shell, fake, windows, win: windows[0] };
}

function invokeHandler(fake: ElectronFake): Handler {
  const handler = fake.ipcMain.handlers.get('zj:invoke');
  expect(handler).toBeTypeOf('function');
  return handler as unknown as Handler;
}

/** An IPC event as Electron builds it for a call from `wc`'s main frame (at `url`, by default its page). */
function ipcEvent(wc: FakeWebContents, url: string | null = wc.url) {
  return { sender: wc, senderFrame: url === null ? null : { url } };
}

beforeEach(() => {
  vi.stubEnv('ELECTRON_RENDERER_URL', undefined);
  vi.stubEnv('ZONGJIAN_DATA', undefined);
  vi.stubEnv('PORTABLE_EXECUTABLE_DIR', undefined);
  h.startError = null;
  h.dispatcher = null;
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('single instance', () => {
  it('a second copy quits at once: no database, no window', async () => {
    const { fake, windows } = await boot((f) => (f.app.singleInstanceLock = false));
    expect(fake.app.quit).toHaveBeenCalledTimes(1);
    expect(fake.app.whenReady).not.toHaveBeenCalled();
    expect(h.coreOptions).toBeNull();
    expect(windows).toHaveLength(0);
  });

  it('the first copy, when a second one starts, brings its window back (restored if minimised)', async () => {
    const { fake, win } = await boot();
    expect(fake.app.quit).not.toHaveBeenCalled();
    expect(win).toBeDefined();
    win!.minimized = true;
    fake.app.emit('second-instance', {}, ['zongjian.exe'], 'C:\\');
    expect(win!.restore).toHaveBeenCalledTimes(1);
    expect(win!.focus).toHaveBeenCalledTimes(1);
    fake.app.emit('second-instance', {}, ['zongjian.exe'], 'C:\\');
    expect(win!.restore).toHaveBeenCalledTimes(1); // not minimised any more
    expect(win!.focus).toHaveBeenCalledTimes(2);
  });

  it('a second copy starting after the window was closed is harmless', async () => {
    const { fake, win } = await boot();
    win!.emit('closed');
    expect(() => fake.app.emit('second-instance', {}, [], '')).not.toThrow();
    expect(win!.focus).not.toHaveBeenCalled();
  });
});

describe('start-up', () => {
  it('opens the data folder under userData before any window, with the Electron PDF renderer and platform', async () => {
    const { fake, windows } = await boot();
    expect(fake.app.setPath).toHaveBeenCalledWith('userData', join('/home/test/.config', APP_ID));
    expect(h.coreOptions?.dataDir).toBe(join(fake.app.getPath('userData'), 'data'));
    expect(h.coreOptions?.pdf?.engine).toMatch(/^Electron /);
    expect(h.coreOptions?.platform?.printToPdf).toBeTypeOf('function');
    expect(h.coreOptions?.platform?.chooseFolder).toBeTypeOf('function');
    expect(h.coreOptions?.platform?.chooseFile).toBeTypeOf('function');
    expect(windows).toHaveLength(1);
    expect(fake.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
  });

  it('ZONGJIAN_DATA and the portable launcher choose the folder', async () => {
    vi.stubEnv('PORTABLE_EXECUTABLE_DIR', '/media/usb/综合 监管');
    await boot();
    expect(h.coreOptions?.dataDir).toBe('/media/usb/综合 监管/data');
    vi.stubEnv('ZONGJIAN_DATA', '/srv/监管 数据');
    await boot();
    expect(h.coreOptions?.dataDir).toBe('/srv/监管 数据');
    // A named data folder keeps its own store choice.
    expect(h.coreOptions?.storeConfig?.file).toBe('/srv/监管 数据/store.json');
  });

  it('the store choice (store.json) sits beside the data folder; the server password is kept only through safeStorage', async () => {
    await boot();
    const config = h.coreOptions!.storeConfig!;
    expect(config.file).toBe(join('/home/test/.config', APP_ID, 'store.json'));
    expect(h.coreOptions?.database).toBeUndefined();
    const sealed = config.secrets!.encrypt('Zj#口令2026');
    expect(Buffer.from(sealed, 'base64').toString('utf8')).not.toContain('Zj#口令2026');
    expect(config.secrets!.decrypt(sealed)).toBe('Zj#口令2026');
    // No key store (or Linux's fixed-key fallback): nothing is kept, the password is asked for at start.
    await boot((fake) => (fake.safeStorage.available = false));
    expect(h.coreOptions!.storeConfig!.secrets).toBeNull();
    await boot((fake) => (fake.safeStorage.backend = 'basic_text'));
    expect(h.coreOptions!.storeConfig!.secrets === null).toBe(process.platform === 'linux');
    // ZONGJIAN_DATABASE names the server for this start.
    vi.stubEnv('ZONGJIAN_DATABASE', 'postgres://zongjian@192.168.10.5/zongjian');
    await boot();
    expect(h.coreOptions?.database).toBe('postgres://zongjian@192.168.10.5/zongjian');
  });

  it('a failure to start is shown in a Chinese error box and the app exits', async () => {
    h.startError = '数据文件由更高版本的软件创建';
    const { fake, windows } = await boot();
    expect(fake.dialog.showErrorBox).toHaveBeenCalledWith(
      `${APP_NAME}无法启动`,
      '数据文件由更高版本的软件创建',
    );
    expect(fake.app.exit).toHaveBeenCalledWith(1);
    expect(windows).toHaveLength(0);
    // An unexpected error is shown with its stack, for the support call.
    h.startError = 'crash';
    const crashed = await boot();
    expect(crashed.fake.dialog.showErrorBox).toHaveBeenCalledWith(
      `${APP_NAME}无法启动`,
      expect.stringContaining('Error: disk I/O error'),
    );
    expect(crashed.fake.app.exit).toHaveBeenCalledWith(1);
  });

  it('closing the last window closes the database and quits; activate reopens a window only when none is open', async () => {
    const { fake, windows } = await boot();
    fake.app.emit('activate');
    expect(windows).toHaveLength(1);
    windows[0]!.destroyed = true;
    fake.app.emit('activate');
    expect(windows).toHaveLength(2);
    fake.app.emit('window-all-closed');
    expect(h.core?.close).toHaveBeenCalledTimes(1);
    expect(fake.app.quit).toHaveBeenCalledTimes(1);
  });
});

describe('the window', () => {
  it('is sandboxed and context-isolated, without Node, with the preload beside it', async () => {
    const { win } = await boot();
    const prefs = win!.options.webPreferences as Record<string, unknown>;
    expect(prefs.sandbox).toBe(true);
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.webSecurity).not.toBe(false);
    expect(prefs.nodeIntegrationInWorker).not.toBe(true);
    expect(prefs.allowRunningInsecureContent).not.toBe(true);
    expect(prefs.experimentalFeatures).not.toBe(true);
    expect(prefs.webviewTag).not.toBe(true);
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
    // out/main/index.js → out/preload/index.cjs (electron.vite.config.ts builds the preload as CommonJS).
    expect(prefs.preload).toBe(join(mainDir, '..', 'preload', 'index.cjs'));
    expect(win!.options.show).toBe(false);
    expect(win!.options.title).toBe(APP_NAME);
  });

  it('loads the built renderer page, whose CSP is the app-wide policy', async () => {
    const { win } = await boot();
    expect(win!.loadFile).toHaveBeenCalledWith(join(mainDir, '..', 'renderer', 'index.html'));
    expect(win!.loadURL).not.toHaveBeenCalled();
    const html = readFileSync(resolve('renderer/index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
    expect(meta?.[1]).toBe(DOCUMENT_CSP);
    expect(DOCUMENT_CSP).not.toMatch(/unsafe-eval/);
    expect(DOCUMENT_CSP).toMatch(/default-src 'self'/);
  });

  it('is shown when ready, and under electron-vite dev loads the dev server instead', async () => {
    const { win } = await boot();
    expect(win!.show).not.toHaveBeenCalled();
    win!.emit('ready-to-show');
    expect(win!.show).toHaveBeenCalledTimes(1);

    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
    const dev = await boot();
    expect(dev.win!.loadURL).toHaveBeenCalledWith('http://localhost:5173');
    expect(dev.shell.isOwnUrl('http://localhost:5173/#/settings')).toBe(true);
    expect(dev.shell.isOwnUrl('http://localhost:8080/')).toBe(false);
  });

  it('never navigates away from its own page, opens no new windows and attaches no webviews', async () => {
    const { win } = await boot();
    const wc = win!.webContents;
    expect(wc.url).toMatch(/^file:\/\/.*\/renderer\/index\.html$/);
    for (const target of [
      'https://example.com/',
      'http://127.0.0.1:17300/',
      'file:///C:/Windows/System32/drivers/etc/hosts',
      `${wc.url}.evil`,
      'javascript:alert(1)',
    ]) {
      expect(wc.fire('will-navigate', target), target).toBe(true);
    }
    expect(wc.fire('will-navigate', wc.url)).toBe(false); // a reload stays allowed
    expect(wc.openHandler).not.toBeNull();
    for (const url of ['https://example.com/', wc.url, 'about:blank']) {
      expect(wc.openHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(wc.fire('will-attach-webview', {}, {})).toBe(true);
  });
});

describe('the session', () => {
  it('grants only notifications, both when asked and when checked', async () => {
    const { fake } = await boot();
    const s = fake.session.defaultSession;
    const asked = (permission: string) => {
      let granted: boolean | undefined;
      s.permissionRequest!({}, permission, (g) => (granted = g));
      return granted;
    };
    expect(asked('notifications')).toBe(true);
    expect(s.permissionCheck!({}, 'notifications')).toBe(true);
    for (const p of [
      'media',
      'geolocation',
      'clipboard-read',
      'clipboard-sanitized-write',
      'fullscreen',
      'openExternal',
      'pointerLock',
      'midi',
      'hid',
      'serial',
      'usb',
      'display-capture',
      'unknown',
    ]) {
      expect(asked(p), p).toBe(false);
      expect(s.permissionCheck!({}, p), p).toBe(false);
    }
  });

  it('lets only the app’s own resources load: nothing goes out to the network', async () => {
    const { fake } = await boot();
    const s = fake.session.defaultSession;
    const cancelled = (url: string) => {
      let r: { cancel: boolean } | undefined;
      s.beforeRequest!({ url }, (x) => (r = x));
      return r?.cancel;
    };
    for (const url of [
      'file:///C:/Program%20Files/%E7%BB%BC%E5%90%88/resources/app.asar/out/renderer/index.html',
      'data:text/html;base64,PGgxPuWbvjwvaDE+',
      'blob:file:///0b6c5c3e-7d1b-4d5a-9f6e-2a4c1b7d0e11',
      'devtools://devtools/bundled/inspector.html',
    ]) {
      expect(cancelled(url), url).toBe(false);
    }
    for (const url of [
      'https://example.com/a.js',
      'http://127.0.0.1:17300/',
      'ws://localhost:1/',
      'ftp://x/',
    ]) {
      expect(cancelled(url), url).toBe(true);
    }
  });
});

describe('IPC', () => {
  it('passes each call to the dispatcher under the calling window’s session key and returns its envelope', async () => {
    const { fake, win } = await boot();
    const handle = invokeHandler(fake);
    const envelope: Envelope = { ok: false, error: { code: 'VALIDATION', message: '请填写名称' } };
    h.core!.dispatcher.dispatch.mockResolvedValueOnce(envelope);
    const wc = win!.webContents;
    const got = await handle(ipcEvent(wc), 'departments.create', { name: '' });
    expect(got).toBe(envelope);
    expect(h.core!.dispatcher.dispatch).toHaveBeenCalledWith(
      'departments.create',
      { name: '' },
      `ipc:${wc.id}`,
    );
    // A name that is not a string is still passed as one (the dispatcher answers UNKNOWN_METHOD).
    await handle(ipcEvent(wc), 42, undefined);
    expect(h.core!.dispatcher.dispatch).toHaveBeenLastCalledWith('42', undefined, `ipc:${wc.id}`);
    expect(fake.ipcMain.handle).toHaveBeenCalledTimes(1);
  });

  it('refuses calls from frames that are not the app’s own page', async () => {
    const { fake, win } = await boot();
    const handle = invokeHandler(fake);
    const wc = win!.webContents;
    for (const url of ['https://evil.example/', 'http://127.0.0.1:17300/', '', null]) {
      const got = (await handle(ipcEvent(wc, url), 'system.status', {})) as Envelope;
      expect(got.ok, String(url)).toBe(false);
      expect(got.error?.code).toBe('FORBIDDEN');
      expect(got.error?.message).toBe('拒绝来自外部页面的调用');
    }
    expect(h.core!.dispatcher.dispatch).not.toHaveBeenCalled();
  });

  it('forwards every dispatcher event to the window, by name, with its payload', async () => {
    const { win } = await boot();
    const wc = win!.webContents;
    h.core!.dispatcher.emit('session.ended', { reason: '长时间未操作，已锁定' });
    // Any event name, including ones added later (e.g. data.changed), goes out on zj:event:<name>.
    h.core!.dispatcher.emit('data.changed', { tables: ['departments'] });
    expect(wc.send.mock.calls).toEqual([
      ['zj:event:session.ended', { reason: '长时间未操作，已锁定' }],
      ['zj:event:data.changed', { tables: ['departments'] }],
    ]);
    win!.emit('closed');
    expect(() => h.core!.dispatcher.emit('session.ended', { reason: 'x' })).not.toThrow();
    expect(wc.send).toHaveBeenCalledTimes(2);
  });

  it('with the real dispatcher: each window is its own session', async () => {
    let real: TestApp | null = null;
    try {
      real = await newSetupApp();
      h.dispatcher = real.dispatcher;
      const { fake, shell, win } = await boot();
      const second = shell.createWindow();
      await new Promise((r) => setImmediate(r));
      const handle = invokeHandler(fake);
      const a = win!.webContents;
      const b = second.webContents as unknown as FakeWebContents;
      const login = (await handle(ipcEvent(a), 'auth.login', {
        username: ADMIN.username,
        password: ADMIN.password,
      })) as Envelope;
      expect(login.ok).toBe(true);
      const statusA = (await handle(ipcEvent(a), 'system.status', {})) as Envelope;
      const statusB = (await handle(ipcEvent(b), 'system.status', {})) as Envelope;
      expect((statusA.value as { user: { username: string } | null }).user?.username).toBe(ADMIN.username);
      expect((statusB.value as { user: unknown }).user).toBeNull();
      const unknown = (await handle(ipcEvent(a), 'no.such', {})) as Envelope;
      expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    } finally {
      await real?.close();
    }
  });
});

describe('platform services', () => {
  it('prints exactly the window that asked, with CSS page sizes and backgrounds', async () => {
    const { shell, win } = await boot();
    const second = shell.createWindow() as unknown as { webContents: FakeWebContents };
    const pdf = await h.coreOptions!.platform!.printToPdf!(`ipc:${second.webContents.id}`);
    expect(Buffer.isBuffer(pdf)).toBe(true);
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(second.webContents.printToPDF).toHaveBeenCalledWith({
      preferCSSPageSize: true,
      printBackground: true,
    });
    expect(win!.webContents.printToPDF).not.toHaveBeenCalled();
    await expect(h.coreOptions!.platform!.printToPdf!('ipc:9999')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: '找不到要打印的窗口',
    });
  });

  it('chooses a folder with the system dialog over the asking window; cancelling gives null', async () => {
    const { fake, win } = await boot();
    const choose = h.coreOptions!.platform!.chooseFolder!;
    const key = `ipc:${win!.webContents.id}`;
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['D:\\综合 监管\\备份'] });
    expect(await choose(key, '选择备份位置')).toBe('D:\\综合 监管\\备份');
    expect(fake.dialog.showOpenDialog).toHaveBeenLastCalledWith(win, {
      title: '选择备份位置',
      properties: ['openDirectory', 'createDirectory'],
    });
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await choose(key, '选择备份位置')).toBeNull();
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [] });
    expect(await choose(key, '选择备份位置')).toBeNull();
    // A caller without a window of its own gets an unparented dialog.
    const orphan = fake.webContents.orphan();
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/media/张三/U盘'] });
    expect(await choose(`ipc:${orphan.id}`, '选择文件夹')).toBe('/media/张三/U盘');
    expect(fake.dialog.showOpenDialog).toHaveBeenLastCalledWith({
      title: '选择文件夹',
      properties: ['openDirectory', 'createDirectory'],
    });
  });

  it('chooses one file (the office CA certificate) with the system dialog over the asking window', async () => {
    const { fake, win } = await boot();
    const choose = h.coreOptions!.platform!.chooseFile!;
    const key = `ipc:${win!.webContents.id}`;
    const filters = [{ name: 'CA 证书（PEM）', extensions: ['crt', 'pem', 'cer'] }];
    fake.dialog.showOpenDialog.mockResolvedValueOnce({
      canceled: false,
      filePaths: ['D:\\证书\\单位CA.crt'],
    });
    expect(await choose(key, '选择单位 CA 证书文件', filters)).toBe('D:\\证书\\单位CA.crt');
    expect(fake.dialog.showOpenDialog).toHaveBeenLastCalledWith(win, {
      title: '选择单位 CA 证书文件',
      properties: ['openFile'],
      filters,
    });
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await choose(key, '选择单位 CA 证书文件', filters)).toBeNull();
  });
});

describe('the menu', () => {
  type Item = { label?: string; role?: string; click?: () => void; submenu?: Item[] };

  it('is in Chinese; its commands reach the renderer as menu.navigate, and 关于 shows the data folder', async () => {
    const { fake, win } = await boot();
    const template = fake.Menu.current!.template as Item[];
    expect(template.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '帮助']);
    const item = (label: string) =>
      template.flatMap((m) => m.submenu ?? []).find((i) => i.label === label) as Item;
    expect(item('退出').role).toBe('quit');
    expect(item('复制').role).toBe('copy');
    item('工作台').click!();
    item('系统设置').click!();
    expect(win!.webContents.send.mock.calls).toEqual([
      ['zj:event:menu.navigate', { path: '/dashboard' }],
      ['zj:event:menu.navigate', { path: '/settings' }],
    ]);
    item(`关于${APP_NAME}`).click!();
    expect(fake.dialog.showMessageBox).toHaveBeenCalledWith(
      expect.objectContaining({ detail: expect.stringContaining(h.core!.dataDir) }),
    );
  });
});

describe('the data folder (desktop)', () => {
  it('follows --data, then ZONGJIAN_DATA, then the portable launcher, then userData/data', async () => {
    const { shell, fake } = await boot();
    fake.app.paths.appData = 'C:\\Users\\张三\\AppData\\Roaming';
    const installed = shell.dataFolder(['综合监管工作台.exe'], {});
    // On Windows, Electron's userData is %APPDATA%\zongjian-desk; joined here with this machine's separator.
    expect(installed).toBe(join('C:\\Users\\张三\\AppData\\Roaming', APP_ID, 'data'));
    expect(shell.dataFolder(['x.exe'], { PORTABLE_EXECUTABLE_DIR: 'D:\\综合 监管' })).toBe(
      join('D:\\综合 监管', 'data'),
    );
    expect(
      shell.dataFolder(['x.exe'], {
        PORTABLE_EXECUTABLE_DIR: 'D:\\综合 监管',
        ZONGJIAN_DATA: 'E:\\监管 数据',
      }),
    ).toBe('E:\\监管 数据');
    expect(
      shell.dataFolder(['x.exe', '--data', 'D:\\综合 监管\\data', '--no-sandbox'], {
        ZONGJIAN_DATA: 'E:\\监管 数据',
        PORTABLE_EXECUTABLE_DIR: 'F:\\',
      }),
    ).toBe('D:\\综合 监管\\data');
    expect(shell.dataFolder(['electron', '.', '--no-sandbox'], { ZONGJIAN_DATA: '/tmp/zj 数据' })).toBe(
      '/tmp/zj 数据',
    );
  });

  it('on Windows the rules give Windows paths with Chinese characters and spaces intact', async () => {
    const { resolveDataDir } = await import('../../electron/server/data-dir');
    expect(
      resolveDataDir({ platform: 'win32', appDataDir: 'C:\\Users\\张三\\AppData\\Roaming', env: {} }),
    ).toBe(win32.join('C:\\Users\\张三\\AppData\\Roaming', APP_ID, 'data'));
    expect(resolveDataDir({ platform: 'win32', portableExecutableDir: 'D:\\综合 监管', env: {} })).toBe(
      'D:\\综合 监管\\data',
    );
  });
});

describe('the hidden PDF window (pdf-window.ts)', () => {
  it('renders HTML in a sandboxed hidden window with scripts off, lays it out through DevTools, prints, destroys it', async () => {
    const { fake } = await boot();
    const { electronPdfRenderer } = await import('../../electron/main/pdf-window');
    const { PDF_PARTITION } = await import('../../electron/main/pdf-window-options');
    const before = fake.BrowserWindow.instances.length;
    const html = '<!doctype html><meta charset="utf-8"><h1>越城区卫生健康局 2026 年第三季度报告</h1>';
    const pdf = await electronPdfRenderer.render(html);
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
    const win = fake.BrowserWindow.instances[before]!;
    expect(win.options.show).toBe(false);
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      javascript: false,
      partition: PDF_PARTITION,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(prefs.preload).toBeUndefined(); // the report page gets no bridge to the app
    const url = win.loadURL.mock.calls[0]![0];
    expect(url.startsWith('data:text/html;charset=utf-8;base64,')).toBe(true);
    expect(Buffer.from(url.split(',')[1]!, 'base64').toString('utf8')).toBe(html);
    const wc = win.webContents;
    // The page's scripts are off, so the app's own layout step goes through the DevTools protocol, before printing.
    expect(wc.executeJavaScript).not.toHaveBeenCalled();
    expect(wc.debugger.attach).toHaveBeenCalled();
    const evaluated = wc.debugger.sendCommand.mock.calls.map((c) => [
      c[0],
      (c[1] as { expression: string }).expression,
    ]);
    expect(evaluated.map((e) => e[0])).toEqual(['Runtime.evaluate', 'Runtime.evaluate']);
    expect(evaluated[0]![1]).toContain('document.fonts.ready');
    expect(evaluated[1]![1]).toContain('gb-imprint'); // the 版记 placed at the foot of the last page
    expect(wc.debugger.sendCommand.mock.invocationCallOrder.at(-1)).toBeLessThan(
      wc.printToPDF.mock.invocationCallOrder[0]!,
    );
    expect(wc.printToPDF).toHaveBeenCalledWith({ preferCSSPageSize: true, printBackground: true });
    expect(wc.fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(wc.openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(win.destroy).toHaveBeenCalledTimes(1);

    // Its own session: every request but the page's data: URLs is cancelled, every permission refused; the main
    // window's session is not the one.
    const ses = fake.session.partitions.get(PDF_PARTITION)!;
    expect(ses).toBeDefined();
    const decide = (u: string) =>
      new Promise<boolean>((r) => ses.beforeRequest!({ url: u }, (answer) => r(answer.cancel)));
    expect(await decide('data:font/woff2;base64,AAAA')).toBe(false);
    for (const u of [
      'http://127.0.0.1:17300/api/invoke',
      'https://example.com/beacon.png',
      'file:///etc/passwd',
      'blob:null/1234',
      'ws://127.0.0.1:9229/',
    ])
      expect(await decide(u)).toBe(true);
    const granted = await new Promise<boolean>((r) => ses.permissionRequest!({}, 'notifications', r));
    expect(granted).toBe(false);
    expect(ses.permissionCheck!({}, 'clipboard-read')).toBe(false);
  });

  it('refuses to print when the layout step fails in the page', async () => {
    const { fake } = await boot();
    const { electronPdfRenderer } = await import('../../electron/main/pdf-window');
    const before = fake.BrowserWindow.instances.length;
    const render = electronPdfRenderer.render('<p>x</p>');
    const win = fake.BrowserWindow.instances[before]!;
    win.webContents.debugger.sendCommand.mockResolvedValueOnce({ exceptionDetails: { text: 'boom' } });
    await expect(render).rejects.toThrow('排版脚本出错');
    expect(win.webContents.printToPDF).not.toHaveBeenCalled();
    expect(win.destroy).toHaveBeenCalledTimes(1);
  });

  it('destroys the window when printing fails', async () => {
    const { fake } = await boot();
    const { electronPdfRenderer } = await import('../../electron/main/pdf-window');
    const OriginalWindow = fake.BrowserWindow;
    const before = OriginalWindow.instances.length;
    const render = electronPdfRenderer.render('<p>x</p>');
    const win = OriginalWindow.instances[before]!;
    win.webContents.printToPDF.mockRejectedValueOnce(new Error('打印失败'));
    await expect(render).rejects.toThrow('打印失败');
    expect(win.destroy).toHaveBeenCalledTimes(1);
  });
});
