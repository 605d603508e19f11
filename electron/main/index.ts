// Electron main: lifecycle, the window and its security, the Chinese menu, and the IPC transport onto the
// shared dispatcher. Everything else lives in electron/server and db/, which run without Electron too.
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  safeStorage,
  session,
  webContents,
  type MenuItemConstructorOptions,
  type OpenDialogOptions,
  type Session,
} from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAppCore, type AppCore } from '../server/app-core';
import { electronPdfRenderer } from './pdf-window';
import { dataDirArgument, resolveDataDir } from '../server/data-dir';
import { storeConfigPath, type SecretBox } from '../server/store-config';
import type { Dispatcher } from '../server/dispatcher';
import type { PlatformServices } from '../../db/core/context';
import { APP_ID, APP_NAME, APP_VERSION } from '../server/version';
import { AppError } from '../../shared/errors';
import type { AppEventName } from '../../shared/contract';

const here = dirname(fileURLToPath(import.meta.url));
const devServerUrl = process.env.ELECTRON_RENDERER_URL; // set by `electron-vite dev` only
let core: AppCore | null = null;
let mainWindow: BrowserWindow | null = null;

// Keep the data path ASCII and stable regardless of the (Chinese) product name.
app.setPath('userData', join(app.getPath('appData'), APP_ID));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  // fail() also catches start()'s own errors (the database cannot be opened…), not only whenReady's.
  app.whenReady().then(start).catch(fail);
}

/** The app's own pages (the built renderer, or the dev server under `electron-vite dev`). */
export function isOwnUrl(url: string): boolean {
  if (
    url.startsWith('file://') ||
    url.startsWith('devtools://') ||
    url.startsWith('data:') ||
    url.startsWith('blob:')
  ) {
    return true;
  }
  return devServerUrl !== undefined && url.startsWith(devServerUrl);
}

export function fail(e: unknown): void {
  const message = e instanceof AppError ? e.message : String((e as Error)?.stack ?? e);
  dialog.showErrorBox(`${APP_NAME}无法启动`, message);
  app.exit(1);
}

/** The data folder: --data, ZONGJIAN_DATA, beside the portable .exe, or userData/data (electron/server/data-dir). */
export function dataFolder(
  argv: readonly string[] = process.argv,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return resolveDataDir({
    explicit: dataDirArgument(argv),
    portableExecutableDir: env.PORTABLE_EXECUTABLE_DIR,
    appDataDir: app.getPath('appData'),
    env,
  });
}

/** The server password at rest: encrypted with the operating system's key store through safeStorage, or not kept
 *  at all (null) where there is none — including Linux without a key ring, where safeStorage would fall back to
 *  a fixed key ('basic_text') that protects nothing. */
export function secretBox(): SecretBox | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return null;
  return {
    scheme: 'electron-safeStorage',
    encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt: (cipher) => safeStorage.decryptString(Buffer.from(cipher, 'base64')),
  };
}

/** Where the store choice (store.json) lives: beside the data folder in the user's application-data folder. */
export function storeConfigFile(
  dataDir: string,
  argv: readonly string[] = process.argv,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const named = !!(dataDirArgument(argv) || env.ZONGJIAN_DATA || env.PORTABLE_EXECUTABLE_DIR);
  return storeConfigPath({ dataDir, namedDataDir: named, appDataDir: app.getPath('appData') });
}

/** The system's open dialog over the window that asked (unparented when the caller has none). */
function openDialog(sessionKey: string, options: OpenDialogOptions) {
  const wc = webContents.fromId(Number(sessionKey.replace(/^ipc:/, '')));
  const owner = wc ? BrowserWindow.fromWebContents(wc) : null;
  return owner ? dialog.showOpenDialog(owner, options) : dialog.showOpenDialog(options);
}

/** What the dispatcher's handlers need from the desktop: printing a window to PDF and the folder and file
 *  pickers. */
export function platformServices(): PlatformServices {
  return {
    // The session key of an IPC caller is ipc:<webContents id>: print exactly the window that asked.
    printToPdf: async (sessionKey) => {
      const wc = webContents.fromId(Number(sessionKey.replace(/^ipc:/, '')));
      if (!wc) throw new AppError('NOT_FOUND', '找不到要打印的窗口');
      return Buffer.from(await wc.printToPDF({ preferCSSPageSize: true, printBackground: true }));
    },
    chooseFolder: async (sessionKey, title) => {
      const picked = await openDialog(sessionKey, {
        title,
        properties: ['openDirectory', 'createDirectory'],
      });
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
    chooseFile: async (sessionKey, title, filters) => {
      const picked = await openDialog(sessionKey, { title, properties: ['openFile'], filters: [...filters] });
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
  };
}

/** No outbound network: the app's own files only. Permission prompts (camera, geolocation…) are refused; only
 *  desktop notifications (the 工作台's daily reminder, shown by the OS, sent nowhere) are allowed. */
export function applySessionPolicy(ses: Session = session.defaultSession): void {
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isOwnUrl(details.url) }));
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(permission === 'notifications'));
  ses.setPermissionCheckHandler((_wc, permission) => permission === 'notifications');
}

/** The IPC transport onto the dispatcher: one invoke channel in, the dispatcher's events out to the window. */
export function registerIpc(dispatcher: Dispatcher): void {
  ipcMain.handle('zj:invoke', (event, name: unknown, args: unknown) => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!isOwnUrl(frameUrl)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自外部页面的调用' } };
    }
    return dispatcher.dispatch(String(name), args, `ipc:${event.sender.id}`);
  });
  // What a write changed goes to every window (each re-reads what it shows); menu commands to the main window.
  dispatcher.onEvent((eventName: AppEventName, payload) => {
    const everyWindow = eventName === 'data.changed' || eventName === 'server.connection';
    const targets = everyWindow ? BrowserWindow.getAllWindows() : mainWindow ? [mainWindow] : [];
    for (const w of targets) if (!w.isDestroyed()) w.webContents.send(`zj:event:${eventName}`, payload);
  });
}

export async function start(): Promise<void> {
  // The database is opened and migrated before any window exists; a failure stops here with a message.
  const dataDir = dataFolder();
  const database = process.env.ZONGJIAN_DATABASE?.trim();
  core = await startAppCore({
    dataDir,
    ...(database ? { database } : {}),
    storeConfig: { file: storeConfigFile(dataDir), secrets: secretBox() },
    pdf: electronPdfRenderer,
    platform: platformServices(),
  });
  applySessionPolicy();
  registerIpc(core.dispatcher);

  Menu.setApplicationMenu(buildMenu());
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

/** The main window: sandboxed, context-isolated, no Node; it stays on the app's own page. */
export function createWindow(): BrowserWindow {
  mainWindow = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1100,
    minHeight: 700,
    title: APP_NAME,
    show: false,
    backgroundColor: '#f4f6fa',
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // A middle click must not open a link in a new window (electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  const wc = mainWindow.webContents;
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  wc.on('will-navigate', (event, url) => {
    if (url !== wc.getURL()) event.preventDefault();
  });
  wc.on('will-attach-webview', (event) => event.preventDefault());
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => (mainWindow = null));
  if (devServerUrl) void mainWindow.loadURL(devServerUrl);
  else void mainWindow.loadFile(join(here, '../renderer/index.html'));
  return mainWindow;
}

function navigate(path: string): void {
  core?.dispatcher.emit('menu.navigate', { path });
}

export function buildMenu(): Menu {
  const template: MenuItemConstructorOptions[] = [
    {
      label: '文件',
      submenu: [
        { label: '工作台', accelerator: 'CmdOrCtrl+1', click: () => navigate('/dashboard') },
        { label: '基础数据', click: () => navigate('/basic/departments') },
        { label: '系统设置', click: () => navigate('/settings') },
        { type: 'separator' },
        { label: '退出', role: 'quit' },
      ],
    },
    {
      label: '编辑',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    {
      label: '视图',
      submenu: [
        { label: '重新加载', role: 'reload' },
        { label: '实际大小', role: 'resetZoom' },
        { label: '放大', role: 'zoomIn' },
        { label: '缩小', role: 'zoomOut' },
        { type: 'separator' },
        { label: '全屏', role: 'togglefullscreen' },
      ],
    },
    {
      label: '帮助',
      submenu: [
        {
          label: `关于${APP_NAME}`,
          click: () =>
            void dialog.showMessageBox({
              type: 'info',
              title: `关于${APP_NAME}`,
              message: `${APP_NAME} ${APP_VERSION}`,
              detail: `医疗卫生行业综合监管工作台（离线版）\n数据文件夹：${core?.dataDir ?? ''}`,
            }),
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}

app.on('window-all-closed', () => {
  void core?.close();
  app.quit();
});
