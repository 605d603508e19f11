// The app without any window: a data folder, its database opened and migrated, and the dispatcher over it.
// Electron main, the browser host and the CLI all start from here, so they cannot drift apart. The core also
// owns the data file's care: the start-up quick_check (beside the first screen, not before it), the daily
// automatic backup, and restore, which swaps the open file under the dispatcher.
import { chmodSync, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase, openPostgres, type OpenStore } from '../../db/core/open';
import { isPostgresUrl, redactUrl } from '../../db/core/postgres';
import { startLiveChanges, type LiveChanges } from './live-changes';
import { Dispatcher } from './dispatcher';
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
} from '../../db/system/backup-engine';
import { checkFileInWorker, isSound } from './integrity';
import { schemaProblems } from '../../db/system/schema-check';
import { APP_VERSION } from './version';

export const DB_FILE_NAME = 'zongjian.db';

export interface AppCore {
  dataDir: string;
  /** The office's data file, or its PostgreSQL server (server mode). */
  readonly database: OpenStore;
  /** Server mode: the database server's address without its password; null on a data file. */
  server: string | null;
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
  const serverUrl = options.database?.trim() || null;
  if (serverUrl && !isPostgresUrl(serverUrl)) {
    throw new AppError('VALIDATION', `数据库地址应以 postgres:// 开头：${redactUrl(serverUrl)}`);
  }
  let database: OpenStore = serverUrl ? await openPostgres(serverUrl, { log }) : await openDatabase(file);
  if (!serverUrl) ownerOnlyFile(file);
  /** What a backup copies: the data file (SQLite's online backup), or in server mode the office's database, table
   *  by table into a SQLite file of the same backup format (db/system/backup-engine.ts). */
  const backupSource = () =>
    database.kind === 'sqlite'
      ? database.sqlite
      : { server: database.db, label: `单位数据库服务器 ${redactUrl(serverUrl!)}` };
  let integrity: IntegrityState = { state: 'checking', checkedAt: null, detail: [] };
  let lastManualDir: string | null = null;

  const maintenance: MaintenanceServices = {
    automaticDir,
    server: serverUrl ? redactUrl(serverUrl) : null,
    integrity: () => integrity,
    lastManualDir: () => lastManualDir,

    async backup(destination, includeAttachments) {
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
      });
      if (destination) lastManualDir = parent;
      else pruneAutomaticBackups(automaticDir);
      return summary;
    },

    async restore(path) {
      const preview = await inspectBackup(path);
      if (!preview.ok) {
        throw new AppError('VALIDATION', `此备份未通过检查，未做任何改动：${preview.problems.join('；')}`);
      }
      if (database.kind === 'postgres') {
        const server = database;
        return dispatcher.exclusive(async () => {
          // The server as it is now first (with its attachments), then every table replaced in one transaction,
          // refused unless the server is empty or holds this same office (restoreIntoServer says why).
          const safety = await createBackup(backupSource(), dataDir, automaticDir, {
            reason: 'safety',
            includeAttachments: true,
            now: clock(),
            appVersion: APP_VERSION,
          });
          await restoreIntoServer(server.db, `单位数据库服务器 ${redactUrl(serverUrl!)}`, dataDir, preview.path);
          integrity = { state: 'ok', checkedAt: clock().toISOString(), detail: preview.integrity };
          dispatcher.setReadOnly(null);
          dispatcher.endAllSessions();
          return { restored: preview, safety };
        });
      }
      const sqlite = database.sqlite;
      return dispatcher.exclusive(async () => {
        // The rows go into a database this build makes, checked, before anything is swapped.
        const incoming = await prepareRestore(dataDir, preview.path);
        let safety: BackupSummary | null = null;
        try {
          safety = await createBackup(sqlite, dataDir, automaticDir, {
            reason: 'safety',
            includeAttachments: false,
            now: clock(),
            appVersion: APP_VERSION,
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
        return { restored: preview, safety };
      });
    },
  };

  const dispatcher = new Dispatcher({
    db: database.db,
    appVersion: APP_VERSION,
    dataDir,
    clock,
    log,
    maintenance,
    ...(options.platform ? { platform: options.platform } : {}),
    ...(options.pdf ? { pdf: options.pdf } : {}),
  });

  const startupCare = async (): Promise<void> => {
    if (database.kind === 'postgres') {
      // The server checks its own storage; there is no file here to check or copy.
      integrity = { state: 'ok', checkedAt: clock().toISOString(), detail: [] };
      return;
    }
    const sqlite = database.sqlite;
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
  // The day's automatic backup: once a day, after the first start of the day, from a file found sound; an app
  // left running overnight takes the next one within the hour.
  const dailyBackupIfDue = async (): Promise<void> => {
    if (integrity.state !== 'ok' || database.kind !== 'sqlite') return;
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
  let live: LiveChanges | null = null;
  if (serverUrl && options.startupCare !== false) {
    live = await startLiveChanges({ url: serverUrl, db: database.db, dispatcher, log });
  }

  return {
    dataDir,
    get database() {
      return database;
    },
    server: serverUrl ? redactUrl(serverUrl) : null,
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
