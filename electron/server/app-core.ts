// The app without any window: a data folder, its database opened and migrated, and the dispatcher over it.
// Electron main, the browser host and the CLI all start from here, so they cannot drift apart. The core also
// owns the data file's care: the start-up quick_check (beside the first screen, not before it), the daily
// automatic backup, and restore, which swaps the open file under the dispatcher.
import { chmodSync, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase, openPostgres, type OpenStore } from '../../db/core/open';
import { isPostgresUrl, redactUrl } from '../../db/core/postgres';
import { startLiveChanges, type LiveChanges } from './live-changes';
import { Dispatcher, SESSION_CHECK_MS } from './dispatcher';
import type { MaintenanceServices, PdfRenderer, PlatformServices } from '../../db/core/context';
import type { BackupSummary, IntegrityState } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import {
  AUTO_BACKUP_DIR,
  backupName,
  createBackup,
  inspectBackup,
  installBackup,
  listBackups,
  prepareRestore,
  parseBackupName,
  restoreIntoServer,
  pruneAutomaticBackups,
  stepTo,
} from '../../db/system/backup-engine';
import { checkFileInWorker, isSound } from './integrity';
import { schemaProblems } from '../../db/system/schema-check';
import { APP_VERSION } from './version';
import { probeMessage, probeServer } from '../../db/core/store-probe';
import { describeServer } from '../../db/core/postgres';
import { readCaFile } from '../../db/system/ca-certificate';
import type { StoreServices } from '../../db/core/context';
import { adoptFolderAttachments, folderAttachments } from '../../db/core/attachment-store';
import type { ConnectionTest, ServerSettings, StoreInfo, StorePending } from '../../shared/contract';
import {
  readStoreConfig,
  serverUrl as urlOfServer,
  settingsOfUrl,
  writeStoreConfig,
  type SecretBox,
  type StoreChoice,
} from './store-config';

export const DB_FILE_NAME = 'zongjian.db';

export interface AppCore {
  dataDir: string;
  /** The office's data file, or its PostgreSQL server (server mode). */
  readonly database: OpenStore;
  /** Server mode: the database server's address without its password; null on a data file. */
  readonly server: string | null;
  /** Waiting for the saved server's password (or for the server), before anyone signs in; null otherwise. */
  readonly pending: StorePending | null;
  dispatcher: Dispatcher;
  maintenance: MaintenanceServices;
  /** The start-up check and the daily backup, which run after start; tests and the CLI may wait for them. */
  background: Promise<void>;
  close(): Promise<void>;
}

export interface AppCoreOptions {
  dataDir: string;
  /** Server mode (多人协同): a postgres:// URL of the office's database server instead of the folder's data file.
   *  The data folder still holds this desk's own files. */
  database?: string | null;
  clock?: () => Date;
  log?: (message: string, error?: unknown) => void;
  platform?: PlatformServices;
  /** Server-side PDF rendering (reports.sign); default: a system Chromium/Edge (electron/server/pdf-renderer). */
  pdf?: PdfRenderer;
  /** Default true: quick_check the file after start, then take the day's automatic backup. The CLI's one-shot
   *  commands pass false (they run their own checks). */
  startupCare?: boolean;
  /** The store chosen in setup or 系统设置 (store.json) and how its password is kept; absent (the CLI): only
   *  `database` or the data folder. `database` given overrides it. */
  storeConfig?: { file: string; secrets: SecretBox | null };
}

export function damagedMessage(detail: readonly string[]): string {
  return `数据文件完整性检查未通过（${detail.slice(0, 2).join('；')}）。为免损坏扩大，软件已停止写入，只能查看。请管理员在“系统设置 → 数据备份”中从最近的完好备份恢复。`;
}

/** The data folder holds the office's records and its encrypted signing key: on POSIX systems only the user who
 *  runs the app may read it (0700 folders, 0600 files). Windows keeps the per-user profile's own ACLs. */
export function ownerOnlyFolder(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') chmodSync(path, 0o700);
}

export function ownerOnlyFile(path: string): void {
  if (process.platform === 'win32') return;
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(path + suffix)) chmodSync(path + suffix, 0o600);
}

export function foreignSchemaMessage(detail: readonly string[]): string {
  return `数据文件的数据库结构与本软件不符（${detail.slice(0, 2).join('；')}）。这可能是其他程序改动了数据文件，软件已停止写入，只能查看。请管理员在“系统设置 → 数据备份”中从最近的完好备份恢复。`;
}

export async function startAppCore(options: AppCoreOptions): Promise<AppCore> {
  const dataDir = resolve(options.dataDir);
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? ((m: string, e?: unknown) => console.error(m, e ?? ''));
  ownerOnlyFolder(dataDir);
  ownerOnlyFolder(join(dataDir, 'attachments'));
  const file = join(dataDir, DB_FILE_NAME);
  const automaticDir = join(dataDir, AUTO_BACKUP_DIR);
  let serverUrl = options.database?.trim() || null;
  if (serverUrl && !isPostgresUrl(serverUrl)) {
    throw new AppError('VALIDATION', `数据库地址应以 postgres:// 开头：${redactUrl(serverUrl)}`);
  }
  const fromCommandLine = serverUrl !== null;
  const configFile = options.storeConfig?.file ?? null;
  const secrets = options.storeConfig?.secrets ?? null;
  /** What store.json says (null: nothing saved, the data folder). */
  let saved: StoreChoice | null = null;
  let savedPassword: string | null = null;
  let passwordStored = false;
  let serverSettings: ServerSettings | null = serverUrl ? settingsOfUrl(serverUrl) : null;
  let pending: StorePending | null = null;
  if (configFile) {
    let config;
    try {
      config = readStoreConfig(configFile, secrets);
    } catch (e) {
      throw new AppError('VALIDATION', (e as Error).message);
    }
    saved = config?.choice ?? null;
    savedPassword = config?.password ?? null;
    passwordStored = config?.passwordStored ?? false;
    if (!serverUrl && config?.choice.kind === 'server') {
      serverSettings = config.choice.server;
      if (config.password !== null) serverUrl = urlOfServer(config.choice.server, config.password);
      else {
        pending = {
          server: config.choice.server,
          reason: 'password',
          message: config.passwordProblem ?? '本机不保存数据库密码：请输入密码以连接单位数据库服务器',
        };
      }
    }
  }
  const opened = async (): Promise<OpenStore> => {
    if (pending) return openDatabase(':memory:'); // nothing to show until the server is connected
    if (!serverUrl) return openDatabase(file);
    try {
      return await openPostgres(serverUrl, { log });
    } catch (e) {
      // A saved server that cannot be reached now: the window says why and offers to try again.
      if (fromCommandLine || !(e instanceof AppError) || !serverSettings) throw e;
      pending = { server: serverSettings, reason: 'failed', message: e.message };
      serverUrl = null;
      return openDatabase(':memory:');
    }
  };
  let database: OpenStore = await opened();
  if (!serverUrl && !pending) ownerOnlyFile(file);
  /** What a backup copies: the data file (SQLite's online backup), or in server mode the office's database, table
   *  by table into a SQLite file of the same backup format (db/system/backup-engine.ts). Nothing while the saved
   *  server is still waiting to be connected. */
  const backupSource = () => {
    if (database.kind === 'postgres')
      return { server: database.db, label: `单位数据库服务器 ${database.file}` };
    if (database.file === file) return database.sqlite;
    throw new AppError('UNSUPPORTED', '尚未连接单位数据库服务器，暂不能备份或恢复');
  };
  let integrity: IntegrityState = { state: 'checking', checkedAt: null, detail: [] };
  // Server mode: hears the other seats' writes (and tells them ours), and notices a lost server.
  let live: LiveChanges | null = null;
  let lastManualDir: string | null = null;

  const maintenance: MaintenanceServices = {
    automaticDir,
    get server() {
      return database.kind === 'postgres' ? database.file : null;
    },
    integrity: () => integrity,
    lastManualDir: () => lastManualDir,

    async backup(destination, includeAttachments, progress) {
      const parent = destination ? resolve(destination) : automaticDir;
      if (destination && (parent === dataDir || parent.startsWith(join(dataDir, '')))) {
        throw new AppError(
          'VALIDATION',
          '请选择数据文件夹以外的位置（例如 U 盘），否则电脑损坏时备份会一同丢失',
        );
      }
      const summary = await createBackup(backupSource(), dataDir, parent, {
        reason: destination ? 'manual' : 'daily',
        // The automatic backups of a desk share its data folder's attachments; a seat of the server has none in
        // its folder, so its backups always carry them.
        includeAttachments: destination ? includeAttachments : database.kind === 'postgres',
        now: clock(),
        appVersion: APP_VERSION,
        ...(progress ? { progress } : {}),
      });
      if (destination) lastManualDir = parent;
      else pruneAutomaticBackups(automaticDir);
      return summary;
    },

    async restore(path, progress) {
      // The safety backup's own steps are shown within its step of the restore.
      const within =
        (step: number, steps: number) =>
        (done: number, total: number, what: string): void =>
          progress?.(
            step,
            steps,
            `正在备份当前数据（${Math.min(done + 1, total)} / ${total}）：${what.replace(/^正在/, '')}`,
          );
      const steps = database.kind === 'postgres' ? 3 : 4;
      await stepTo(progress, 0, steps, '正在检查备份');
      const preview = await inspectBackup(path);
      if (!preview.ok) {
        throw new AppError('VALIDATION', `此备份未通过检查，未做任何改动：${preview.problems.join('；')}`);
      }
      if (database.kind === 'postgres') {
        const server = database;
        return dispatcher.exclusive(async () => {
          // The server as it is now first (with its attachments), then every table replaced in one transaction,
          // refused unless the server is empty or holds this same office (restoreIntoServer says why).
          await stepTo(progress, 1, steps, '正在备份当前数据');
          const safety = await createBackup(backupSource(), dataDir, automaticDir, {
            reason: 'safety',
            includeAttachments: true,
            now: clock(),
            appVersion: APP_VERSION,
            ...(progress ? { progress: within(1, steps) } : {}),
          });
          await stepTo(progress, 2, steps, '正在核对备份并写入数据库服务器');
          await restoreIntoServer(
            server.db,
            `单位数据库服务器 ${server.file}`,
            dataDir,
            preview.path,
            progress,
          );
          integrity = { state: 'ok', checkedAt: clock().toISOString(), detail: preview.integrity };
          dispatcher.setReadOnly(null);
          dispatcher.endAllSessions();
          progress?.(steps, steps, '恢复完成');
          return { restored: preview, safety };
        });
      }
      if (database.file !== file) backupSource(); // waiting for the saved server: refused, nothing touched
      const sqlite = database.sqlite;
      return dispatcher.exclusive(async () => {
        // The rows go into a database this build makes, checked, before anything is swapped.
        // The live data's signed packages are compared with the backup's ledger unless the file is damaged.
        const live = integrity.state === 'damaged' ? null : database.db;
        await stepTo(progress, 1, 4, '正在核对备份并重建数据');
        const incoming = await prepareRestore(dataDir, preview.path, live);
        let safety: BackupSummary | null = null;
        await stepTo(progress, 2, 4, '正在备份当前数据');
        try {
          safety = await createBackup(sqlite, dataDir, automaticDir, {
            reason: 'safety',
            includeAttachments: false,
            now: clock(),
            appVersion: APP_VERSION,
            ...(progress ? { progress: within(2, 4) } : {}),
          });
        } catch (e) {
          if (integrity.state !== 'damaged') {
            throw new AppError('INTERNAL', `恢复前的安全备份未能完成，未做任何改动：${(e as Error).message}`);
          }
          // A damaged file may defeat the backup API: keep its raw bytes instead, for a specialist.
          const raw = join(automaticDir, `${backupName(clock(), 'safety')}-damaged`);
          mkdirSync(raw, { recursive: true });
          for (const suffix of ['', '-wal']) {
            if (existsSync(file + suffix)) copyFileSync(file + suffix, join(raw, DB_FILE_NAME + suffix));
          }
          log(`损坏的数据文件已原样复制到 ${raw}`);
        }
        await stepTo(progress, 3, 4, '正在替换数据文件');
        await database.close();
        try {
          installBackup(dataDir, preview.path, incoming);
        } finally {
          // Whatever is in place now (the restored file, or the old one if the swap failed) is opened again.
          database = await openDatabase(file);
          ownerOnlyFile(file);
          dispatcher.replaceDb(database.db);
        }
        integrity = { state: 'ok', checkedAt: clock().toISOString(), detail: preview.integrity };
        dispatcher.setReadOnly(null);
        dispatcher.endAllSessions();
        progress?.(steps, steps, '恢复完成');
        return { restored: preview, safety };
      });
    },
  };

  /** The office's data file is the open store (not a server, not the stand-in while a server is awaited). */
  const onDataFile = () => database.kind === 'sqlite' && database.file === file;

  /** Switches the running desk to the server at `url`: opened (and migrated) first, swapped in between calls. */
  const switchToServer = async (url: string): Promise<void> => {
    const next = await openPostgres(url, { log });
    await dispatcher.exclusive(async () => {
      const old = database;
      database = next;
      dispatcher.replaceDb(next.db);
      await old.close().catch(() => undefined);
    });
    serverUrl = url;
    serverSettings = settingsOfUrl(url);
    integrity = { state: 'ok', checkedAt: clock().toISOString(), detail: [] };
    if (pending && dispatcher.readOnly === pending.message) dispatcher.setReadOnly(null);
    pending = null;
    if (options.startupCare !== false && !live) {
      live = await startLiveChanges({ url, db: database.db, dispatcher, log });
    }
  };

  const tested = async (server: ServerSettings, password: string): Promise<ConnectionTest> => {
    // The office CA is read first: a file that is not a certificate (or has expired) is named as such, rather than
    // as a failed handshake.
    if (server.tls === 'verify-full' && server.caFile) readCaFile(server.caFile, clock());
    const url = urlOfServer(server, password);
    const probe = await probeServer(url);
    return { ...probe, message: probeMessage(probe, describeServer(url)) };
  };

  const remember = (choice: StoreChoice, password: string | null): boolean => {
    if (!configFile) return false;
    const kept = writeStoreConfig(configFile, choice, password, secrets);
    saved = choice;
    savedPassword = kept ? password : null;
    passwordStored = kept;
    return kept;
  };

  const sameChoice = (a: StoreChoice, b: StoreChoice): boolean =>
    a.kind === b.kind &&
    (a.kind === 'local' || JSON.stringify(a.server) === JSON.stringify((b as typeof a).server));

  const store: StoreServices = {
    info(): StoreInfo {
      const server = serverSettings;
      const current: StoreInfo['current'] =
        (database.kind === 'postgres' || pending) && server
          ? { kind: 'server', server, fromCommandLine, passwordStored: !fromCommandLine && passwordStored }
          : { kind: 'local', dataDir };
      const now: StoreChoice =
        current.kind === 'server' ? { kind: 'server', server: current.server } : current;
      return {
        current,
        next: saved && !sameChoice(saved, now) ? saved : null,
        canStorePassword: secrets !== null,
        configFile,
      };
    },
    pending: () => pending,
    test: tested,
    async connect(server, password) {
      if (!onDataFile()) {
        throw new AppError('VALIDATION', '本机已连接数据库服务器：请在“系统设置 → 数据存储”中更改');
      }
      const result = await tested(server, password);
      const url = urlOfServer(server, password);
      await switchToServer(url);
      remember({ kind: 'server', server }, password);
      return result;
    },
    async save(choice) {
      if (!configFile)
        throw new AppError('UNSUPPORTED', '此运行方式不能更改数据存储（请用 --data 或 --database）');
      if (choice.kind === 'local') {
        remember({ kind: 'local' }, null);
        return {
          message: `已保存：重新启动本软件后改为单机使用，数据保存在本机数据文件夹 ${dataDir}。服务器上的数据不受影响。`,
        };
      }
      const result = await tested(choice.server, choice.password);
      const kept = remember({ kind: 'server', server: choice.server }, choice.password);
      const parts = [
        `已保存：重新启动本软件后连接该数据库服务器。${result.message.replace(/^连接成功：/, '')}`,
      ];
      if (!kept) parts.push('本机无法加密保存数据库密码，每次启动时需输入密码。');
      if (result.state !== 'office' && onDataFile()) {
        parts.push(
          '该数据库中还没有本单位的数据：如需把本机已有的数据搬到服务器，请先用命令行 transfer 迁移。',
        );
      }
      return { message: parts.join('') };
    },
    async unlock(password) {
      if (!pending) throw new AppError('VALIDATION', '本机已连接数据库服务器，无需再输入密码');
      const server = pending.server;
      const pw = password === '' && savedPassword !== null ? savedPassword : password;
      const result = await tested(server, pw);
      await switchToServer(urlOfServer(server, pw));
      // A password typed because the stored one no longer decrypts is stored again (where it can be).
      if (secrets && savedPassword !== pw && saved?.kind === 'server') remember(saved, pw);
      return result;
    },
  };

  const dispatcher = new Dispatcher({
    db: database.db,
    appVersion: APP_VERSION,
    dataDir,
    clock,
    log,
    maintenance,
    store,
    sharedAnswers: true,
    sessionCheckMs: SESSION_CHECK_MS,
    ...(options.platform ? { platform: options.platform } : {}),
    ...(options.pdf ? { pdf: options.pdf } : {}),
  });

  if (pending) dispatcher.setReadOnly(pending.message, 'DB_UNAVAILABLE');

  const startupCare = async (): Promise<void> => {
    if (!onDataFile()) {
      // The server checks its own storage; there is no file here to check or copy.
      integrity = { state: 'ok', checkedAt: clock().toISOString(), detail: [] };
      if (database.kind === 'postgres') await adoptSeatAttachments();
      return;
    }
    const sqlite = (database as { sqlite: NonNullable<OpenStore['sqlite']> }).sqlite;
    const rows = await checkFileInWorker(file);
    if (integrity.state !== 'checking') return; // a restore finished first
    integrity = { state: isSound(rows) ? 'ok' : 'damaged', checkedAt: clock().toISOString(), detail: rows };
    if (integrity.state === 'damaged') {
      dispatcher.setReadOnly(damagedMessage(rows));
      log(`数据文件完整性检查未通过：${rows.slice(0, 5).join('; ')}`);
      return;
    }
    // A sound file may still carry objects this build never made (a planted trigger): trust it for reading only.
    const foreign = await schemaProblems(sqlite);
    if (integrity.state !== 'ok') return; // a restore finished meanwhile
    if (foreign.length) {
      integrity = { state: 'damaged', checkedAt: clock().toISOString(), detail: foreign };
      dispatcher.setReadOnly(foreignSchemaMessage(foreign));
      log(`数据文件的数据库结构与本软件不符：${foreign.slice(0, 5).join('; ')}`);
      return;
    }
    await dailyBackupIfDue();
  };
  // Files an earlier version of a server-mode seat kept in this desk's folder go into the server's database, where
  // every seat opens them (only those the office's records name and the server lacks; the folder is left as it is).
  const adoptSeatAttachments = async (): Promise<void> => {
    try {
      const r = await adoptFolderAttachments(database.db, folderAttachments(join(dataDir, 'attachments')));
      if (r.adopted || r.altered)
        log(
          `本机数据文件夹中的附件已存入单位数据库服务器：${r.adopted} 个${r.altered ? `；${r.altered} 个内容与摘要不符，未存入` : ''}`,
        );
    } catch (e) {
      log('把本机附件存入单位数据库服务器失败', e);
    }
  };
  // The day's automatic backup: once a day, after the first start of the day, from a file found sound; an app
  // left running overnight takes the next one within the hour.
  const dailyBackupIfDue = async (): Promise<void> => {
    if (integrity.state !== 'ok' || database.kind !== 'sqlite' || !onDataFile()) return;
    const today = backupName(clock(), 'daily').slice(16, 24);
    const hasToday = listBackups(automaticDir).some((b) => parseBackupName(b.name)?.day === today);
    const initialized = database.sqlite.prepare('select count(*) from office').pluck().get() as number;
    if (hasToday || initialized === 0) return;
    try {
      await maintenance.backup(null, false);
    } catch (e) {
      log('每日自动备份失败', e);
    }
  };
  let timer: ReturnType<typeof setInterval> | null = null;
  const background =
    options.startupCare === false
      ? Promise.resolve().then(() => {
          integrity = { state: 'ok', checkedAt: null, detail: [] };
        })
      : startupCare().catch((e) => log('启动检查失败', e));
  if (options.startupCare !== false) {
    timer = setInterval(() => void dailyBackupIfDue(), 60 * 60_000);
    timer.unref();
  }
  // Server mode: hear the other seats' writes (and tell them ours), and notice a lost server.
  if (serverUrl && !pending && options.startupCare !== false) {
    live = await startLiveChanges({ url: serverUrl, db: database.db, dispatcher, log });
  }

  return {
    dataDir,
    get database() {
      return database;
    },
    get server() {
      return serverUrl && database.kind === 'postgres' ? redactUrl(serverUrl) : null;
    },
    get pending() {
      return pending;
    },
    dispatcher,
    maintenance,
    background,
    close: async () => {
      if (timer) clearInterval(timer);
      await live?.close();
      await background;
      await database.close();
    },
  };
}
