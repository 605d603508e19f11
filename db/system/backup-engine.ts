// Backups of the one data file, and restore from them. A backup is a folder
//   zongjian-backup-YYYYMMDD-HHMMSS-<reason>/
//     zongjian.db      SQLite's online backup API (a consistent copy while the app keeps running); in the
//                      automatic daily backups stored zstd-compressed as zongjian.db.zst (format version 2)
//     attachments/     the content-addressed attachment files (manual backups; the daily ones share the data folder)
//     backup.json      manifest: format, app version, time, office, schema versions, row counts, SHA-256 of the db
// written under a `.partial` name and renamed when complete, so a backup cut off half-way is never offered.
// Automatic backups live in <data>/backups and are pruned to 14 daily and 12 monthly; manual ones go wherever the
// user points (a USB stick) and are never pruned.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import {
  createReadStream,
  createWriteStream,
  mkdtempSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  fsyncSync,
  closeSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { AppError } from '../../shared/errors';
import type {
  BackupManifest,
  BackupPreview,
  BackupReason,
  BackupSummary,
  TableCount,
} from '../../shared/contract/backup';
import { migrationNames } from '../core/migrations';
import { rebuildFromBackup, schemaProblems } from './schema-check';
import { TABLE_LABELS } from './table-labels';
import type { Kysely } from 'kysely';
import type { DB } from '../core/schema';
import { createKysely, openDatabase } from '../core/open';
import { checkAnchors, ledgerSize } from '../credit/ledger-tree';
import { databaseAttachments, folderAttachments } from '../core/attachment-store';
import {
  copyProgressLine,
  copyStore,
  describeOccupied,
  occupiedTables,
  type CopyProgress,
} from './store-copy';
import { CALENDAR_ID_KEY } from '../core/migrations/20261205T1000_calendar_id';

/** Server mode: the office's PostgreSQL database, copied table by table into the backup's SQLite file. */
export interface ServerBackupSource {
  server: Kysely<DB>;
  /** For messages (the server without its password). */
  label: string;
}

export const BACKUP_FORMAT = 'zongjian-backup';
/** 2: the database may be stored compressed (zongjian.db.zst); folders with a plain zongjian.db still say 1, so an
 *  older build keeps reading them. */
export const BACKUP_FORMAT_VERSION = 2;
export const BACKUP_DB = 'zongjian.db';
export const BACKUP_DB_ZSTD = 'zongjian.db.zst';
export const MANIFEST = 'backup.json';
export const AUTO_BACKUP_DIR = 'backups';
const NAME_RE = /^zongjian-backup-(\d{8})-(\d{6})-(daily|manual|safety)(?:-\d+)?$/;

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** Folder name from the machine's local time (offices run on Asia/Shanghai). */
export function backupName(now: Date, reason: BackupReason): string {
  const d = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  const t = `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `zongjian-backup-${d}-${t}-${reason}`;
}

export function parseBackupName(name: string): { day: string; month: string; reason: BackupReason } | null {
  const m = NAME_RE.exec(name);
  if (!m) return null;
  return { day: m[1]!, month: m[1]!.slice(0, 6), reason: m[3] as BackupReason };
}

/** SHA-256 of a file read in 1 MiB pieces: a ten-year database is never held in memory whole. */
function sha256File(path: string): string {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, 'r');
  try {
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) hash.update(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** zstd where the runtime's zlib has it (Node ≥ 22.15, Electron ≥ 36); otherwise backups stay uncompressed. */
const zstd = typeof zlib.createZstdCompress === 'function' ? zlib : null;

/** Passes bytes through while hashing them (SHA-256) and counting them. */
function digesting(): Transform & { digest(): { sha256: string; size: number } } {
  const hash = createHash('sha256');
  let size = 0;
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  return Object.assign(t, { digest: () => ({ sha256: hash.digest('hex'), size }) });
}

/** zstd's output and input in blocks of 1 MiB: with zlib's default 16 KiB output chunk the stream went back and
 *  forth to libuv's threads for every 16 KiB written and compressing took half as long again (1.9 against 2.7 s for
 *  the 10-year district's 286 MB on this project's 2-core machine). */
const ZSTD_CHUNK = 1 << 20;

/** Compresses `from` into `to` with zstd (level 3: most of the gain at a small cost) on libuv's threads, streamed
 *  (memory stays flat): the size and SHA-256 of the file read (so it is read once, not once more to hash it) and of
 *  the compressed file. */
async function compressFile(
  from: string,
  to: string,
): Promise<{ plain: { size: number; sha256: string }; stored: { size: number; sha256: string } }> {
  const read = digesting();
  const out = digesting();
  await pipeline(
    createReadStream(from, { highWaterMark: ZSTD_CHUNK }),
    read,
    zstd!.createZstdCompress({
      chunkSize: ZSTD_CHUNK,
      params: {
        [zlib.constants.ZSTD_c_compressionLevel]: 3,
        [zlib.constants.ZSTD_c_checksumFlag]: 1,
      },
    }),
    out,
    createWriteStream(to),
  );
  return { plain: read.digest(), stored: out.digest() };
}

/** The backup's SQLite file to read: the plain file itself, or the compressed one decompressed into a temporary
 *  folder (removed by `done`). Problems (missing, altered, unreadable) are added to `problems`; null when there is
 *  nothing to read. */
async function backupDatabase(
  dir: string,
  manifest: BackupManifest,
  problems: string[],
): Promise<{ path: string; done(): void } | null> {
  const stored = manifest.database.stored;
  const path = join(dir, stored ? BACKUP_DB_ZSTD : BACKUP_DB);
  if (!existsSync(path)) {
    problems.push('备份中缺少数据文件');
    return null;
  }
  if (!stored) {
    if (sha256File(path) !== manifest.database.sha256)
      problems.push('数据文件与备份说明中的 SHA-256 不符：备份生成后被改动或已损坏');
    return { path, done: () => undefined };
  }
  if (stored.encoding !== 'zstd' || !zstd) {
    problems.push(`本机无法读取以 ${String(stored.encoding)} 压缩的数据文件，请先升级本软件`);
    return null;
  }
  if (sha256File(path) !== stored.sha256) {
    problems.push('压缩的数据文件与备份说明中的 SHA-256 不符：备份生成后被改动或已损坏');
    return null;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'zongjian-restore-'));
  const done = () => rmSync(tmp, { recursive: true, force: true });
  const plain = join(tmp, BACKUP_DB);
  const got = digesting();
  try {
    await pipeline(
      createReadStream(path, { highWaterMark: ZSTD_CHUNK }),
      zstd.createZstdDecompress({ chunkSize: ZSTD_CHUNK }),
      got,
      createWriteStream(plain),
    );
  } catch (e) {
    done();
    problems.push(`压缩的数据文件无法解压：${(e as Error).message}`);
    return null;
  }
  const { sha256, size } = got.digest();
  if (sha256 !== manifest.database.sha256 || size !== manifest.database.size)
    problems.push('解压后的数据文件与备份说明中的 SHA-256 不符：备份生成后被改动或已损坏');
  return { path: plain, done };
}

/** Row counts of every table of the app (not SQLite's or the migrator's own). */
export function tableCounts(sqlite: Database.Database): TableCount[] {
  const tables = sqlite
    .prepare(
      `select name from sqlite_master where type = 'table'
         and name not like 'sqlite_%' and name not like 'kysely_%' order by name`,
    )
    .pluck()
    .all() as string[];
  return tables.map((table) => ({
    table,
    label: TABLE_LABELS[table] ?? table,
    rows: Number(
      sqlite
        .prepare(`select count(*) from "${table.replaceAll('"', '""')}"`)
        .pluck()
        .get(),
    ),
  }));
}

function officeName(sqlite: Database.Database): string | null {
  try {
    return (
      (sqlite.prepare('select name from office where id = 1').pluck().get() as string | undefined) ?? null
    );
  } catch {
    return null;
  }
}

function appliedMigrations(sqlite: Database.Database): string[] {
  try {
    return sqlite.prepare('select name from kysely_migration order by name').pluck().all() as string[];
  } catch {
    return [];
  }
}

/** Copies every attachment file that is not already in `to` (content-addressed: same name, same bytes). */
function copyAttachments(from: string, to: string): { count: number; bytes: number } {
  let count = 0;
  let bytes = 0;
  if (!existsSync(from)) return { count, bytes };
  for (const shard of readdirSync(from)) {
    if (!/^[0-9a-f]{2}$/.test(shard)) continue;
    for (const file of readdirSync(join(from, shard))) {
      if (!/^[0-9a-f]{64}$/.test(file)) continue; // leftovers such as *.tmp are not attachments
      const src = join(from, shard, file);
      const dst = join(to, shard, file);
      const size = statSync(src).size;
      count++;
      bytes += size;
      if (existsSync(dst)) continue;
      mkdirSync(join(to, shard), { recursive: true });
      copyFileSync(src, `${dst}.tmp`);
      renameSync(`${dst}.tmp`, dst);
    }
  }
  return { count, bytes };
}

export interface CreateBackupOptions {
  reason: BackupReason;
  includeAttachments: boolean;
  now: Date;
  appVersion: string;
  /** Store the database zstd-compressed. Default: the automatic daily backups (kept fourteen days and twelve
   *  months in the data folder); manual and safety backups stay a plain SQLite file any reader opens. */
  compress?: boolean;
  /** Each step as it begins (第 2 / 5 步：复制附件), for a progress bar or the CLI's progress line. */
  progress?: StepProgress;
}

/** A long backup or restore in steps: `done` steps finished of `total`, and what the next one does. `unit`: what
 *  is counted when it is not steps (a restore onto the server counts the rows it writes, then the attachments). */
export type StepProgress = (done: number, total: number, what: string, unit?: '步' | '行' | '个') => void;

/** Reports the step, then lets the event loop run (a window's progress poll) before the step's own work, much of
 *  which (copying, hashing) blocks the thread while it runs. */
export async function stepTo(progress: StepProgress | undefined, done: number, total: number, what: string) {
  if (!progress) return;
  progress(done, total, what);
  await new Promise<void>((r) => setImmediate(r));
}

/** A complete backup folder under `parent`, from the open connection, while the app keeps running. On the office
 *  server (a ServerBackupSource) the folder has the same format: a SQLite file this build's migrations make, every
 *  table copied into it from one consistent snapshot of the server (db/system/store-copy.ts), and the attachments
 *  from the server's database; so one backup restores into either store. */
export async function createBackup(
  source: Database.Database | ServerBackupSource,
  dataDir: string,
  parent: string,
  options: CreateBackupOptions,
): Promise<BackupSummary> {
  const target = resolve(parent);
  try {
    mkdirSync(target, { recursive: true });
  } catch (e) {
    throw new AppError('VALIDATION', `无法在“${target}”建立备份文件夹：${(e as Error).message}`);
  }
  let name = backupName(options.now, options.reason);
  // Two backups in the same second (a safety backup right after a manual one): keep both.
  for (let i = 2; existsSync(join(target, name)); i++)
    name = `${backupName(options.now, options.reason)}-${i}`;
  const finalDir = join(target, name);
  const partial = `${finalDir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial);
  const compress = Boolean((options.compress ?? options.reason === 'daily') && zstd);
  const server = 'server' in source;
  // copy, [attachments], check, checksum (while compressing, when compressed), manifest
  const steps = 4 + (options.includeAttachments && !server ? 1 : 0);
  let step = 0;
  const next = (what: string) => stepTo(options.progress, step++, steps, what);
  try {
    const dbPath = join(partial, BACKUP_DB);
    let attachments = { count: 0, bytes: 0 };
    await next(server ? '正在从数据库服务器复制数据与附件' : '正在复制数据文件');
    if ('server' in source) {
      const copy = await openDatabase(dbPath);
      try {
        const report = await copyStore(
          { db: source.server, attachments: databaseAttachments(source.server), label: source.label },
          {
            db: copy.db,
            attachments: () => folderAttachments(join(partial, 'attachments')),
            label: '备份的数据文件',
          },
          { attachments: options.includeAttachments },
        );
        if (report.attachments) attachments = report.attachments;
        // One self-contained file, as a reader expects a backup (no WAL beside it).
        copy.sqlite.pragma('journal_mode = DELETE');
      } finally {
        await copy.close();
      }
    } else {
      await source.backup(dbPath);
      if (options.includeAttachments) {
        await next('正在复制附件');
        attachments = copyAttachments(join(dataDir, 'attachments'), join(partial, 'attachments'));
      }
    }
    // On disk before it counts as a backup. Not when it is compressed: this copy is then a temporary, deleted once
    // the compressed file (which is forced to disk) is written; forcing it out as well wrote the whole database to
    // the disk once more for nothing (928 MB a day for a district three times the 10-year one).
    if (!compress) fsyncPath(dbPath);
    await next('正在核对备份内容');
    const copy = new Database(dbPath, { readonly: true });
    let counts: TableCount[];
    let office: string | null;
    let migrations: string[];
    let ledger: BackupManifest['ledger'];
    try {
      counts = tableCounts(copy);
      office = officeName(copy);
      migrations = appliedMigrations(copy);
      ledger = await ledgerAnchors(copy);
    } finally {
      copy.close();
    }
    let database: BackupManifest['database'];
    if (!compress) {
      await next('正在计算校验值');
      database = { file: BACKUP_DB, size: statSync(dbPath).size, sha256: sha256File(dbPath) };
    } else {
      // The copy's checksum is taken as it is read for compressing.
      await next('正在压缩数据文件并计算校验值');
      const { plain, stored } = await compressFile(dbPath, join(partial, BACKUP_DB_ZSTD));
      fsyncPath(join(partial, BACKUP_DB_ZSTD));
      // Reading the copy (read-only, in WAL mode) left an empty -wal and -shm beside it: nothing of the database.
      for (const suffix of ['-wal', '-shm'])
        if (existsSync(dbPath + suffix) && (suffix === '-shm' || statSync(dbPath + suffix).size === 0))
          rmSync(dbPath + suffix);
      rmSync(dbPath);
      database = {
        file: BACKUP_DB_ZSTD,
        size: plain.size,
        sha256: plain.sha256,
        stored: { encoding: 'zstd', ...stored },
      };
    }
    await next('正在写入备份说明');
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: database.stored ? 2 : 1,
      appVersion: options.appVersion,
      createdAt: options.now.toISOString(),
      reason: options.reason,
      office,
      migrations,
      counts,
      database,
      attachments: { included: options.includeAttachments, ...attachments },
      ledger,
    };
    writeFileSync(join(partial, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    fsyncPath(join(partial, MANIFEST));
    renameSync(partial, finalDir);
    options.progress?.(steps, steps, '备份完成');
    return { name, path: finalDir, manifest };
  } catch (e) {
    rmSync(partial, { recursive: true, force: true });
    if (e instanceof AppError) throw e;
    throw new AppError('INTERNAL', `备份失败：${(e as Error).message}`);
  }
}

/** The backup's ledger checked against the heads its signed packages were signed over (ledger-tree.ts anchors):
 *  a backup is still made of a ledger that lost one (it may be all there is), but says so, and never restores. */
async function ledgerAnchors(copy: Database.Database): Promise<BackupManifest['ledger']> {
  const tables = copy
    .prepare(
      `select count(*) from sqlite_master where type = 'table' and name in ('credit_ledger', 'reports')`,
    )
    .pluck()
    .get() as number;
  if (tables < 2) return undefined; // a file from before signed packages: nothing anchored
  const db = createKysely(copy);
  const anchors = await checkAnchors(db);
  return {
    size: await ledgerSize(db),
    anchors: anchors.checked,
    losses: anchors.losses.map((l) => l.message),
  };
}

function readManifest(dir: string): BackupManifest {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) {
    throw new AppError('VALIDATION', `“${dir}”不是综合监管工作台的备份文件夹（缺少 ${MANIFEST}）`);
  }
  let m: BackupManifest;
  try {
    m = JSON.parse(readFileSync(path, 'utf8')) as BackupManifest;
  } catch {
    throw new AppError('VALIDATION', `备份说明文件 ${MANIFEST} 已损坏，无法读取`);
  }
  if (m?.format !== BACKUP_FORMAT || typeof m.database?.sha256 !== 'string') {
    throw new AppError('VALIDATION', `“${dir}”不是综合监管工作台的备份文件夹`);
  }
  if (m.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new AppError('DB_FROM_FUTURE', '此备份由更高版本的综合监管工作台生成，请先升级本软件');
  }
  return m;
}

/** Complete backups directly under `dir`, newest first; folders that are not backups are ignored. */
export function listBackups(dir: string): BackupSummary[] {
  if (!existsSync(dir)) return [];
  const out: BackupSummary[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.startsWith('zongjian-backup-') || name.endsWith('.partial')) continue;
    try {
      out.push({ name, path: join(dir, name), manifest: readManifest(join(dir, name)) });
    } catch {
      // a damaged or foreign folder: not offered
    }
  }
  return out.sort((a, b) => b.manifest.createdAt.localeCompare(a.manifest.createdAt));
}

/** Everything a person needs to decide on a restore, and the checks that must pass before one: the file's
 *  SHA-256 (which whoever made the folder also wrote, so it only catches damage), integrity_check, the version,
 *  and the schema compared object by object with what this build's migrations make (schema-check.ts). */
export async function inspectBackup(dir: string): Promise<BackupPreview> {
  const path = resolve(dir);
  const manifest = readManifest(path);
  const problems: string[] = [];
  const db = await backupDatabase(path, manifest, problems);
  if (!db) {
    return { name: basename(path), path, manifest, ok: false, integrity: [], counts: [], problems };
  }
  let integrity: string[] = [];
  let counts: TableCount[] = [];
  try {
    const copy = new Database(db.path, { readonly: true, fileMustExist: true });
    try {
      integrity = copy.prepare('pragma integrity_check').pluck().all() as string[];
      if (integrity.length !== 1 || integrity[0] !== 'ok')
        problems.push(`完整性检查未通过：${integrity.slice(0, 3).join('；')}`);
      counts = tableCounts(copy);
      const known = new Set(migrationNames);
      const unknown = appliedMigrations(copy).filter((n) => !known.has(n));
      if (unknown.length)
        problems.push(`备份由更高版本写入（数据库版本 ${unknown.join('、')}），请先升级本软件`);
      else {
        const schema = await schemaProblems(copy);
        problems.push(...schema);
        // Only a file with the app's own schema is read further: its ledger against its signed packages' heads.
        if (schema.length === 0) {
          const losses = (await ledgerAnchors(copy))?.losses ?? [];
          if (losses.length) problems.push(`信用台账少于已签署上报的数据包所记：${losses.join('；')}`);
        }
      }
    } finally {
      copy.close();
    }
  } catch (e) {
    problems.push(`数据文件无法读取：${(e as Error).message}`);
  } finally {
    db.done();
  }
  if (
    manifest.attachments.included &&
    !existsSync(join(path, 'attachments')) &&
    manifest.attachments.count > 0
  ) {
    problems.push('备份说明中含附件，但附件文件夹缺失');
  }
  return { name: basename(path), path, manifest, ok: problems.length === 0, integrity, counts, problems };
}

/** Rebuilds the backup's rows into a database this build makes (`<dataDir>/zongjian.db.restoring`), checked
 *  and with the ledger verified, while the live file stays open and untouched. Throws when anything fails.
 *  `live`, the data the backup would replace (when it can be read): a backup whose ledger lacks what a package
 *  signed there was signed over is refused, naming the package; restoring it would roll the ledger back below a
 *  head already sent upstream (the next package would be refused there as 台账被回退或截短). */
export async function prepareRestore(
  dataDir: string,
  backupDir: string,
  live: Kysely<DB> | null = null,
): Promise<string> {
  const incoming = `${join(dataDir, BACKUP_DB)}.restoring`;
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(incoming + suffix, { force: true });
  const problems: string[] = [];
  const db = await backupDatabase(resolve(backupDir), readManifest(resolve(backupDir)), problems);
  try {
    if (!db || problems.length) throw new AppError('VALIDATION', `${problems.join('；')}，未做任何改动`);
    await rebuildFromBackup(db.path, incoming);
    if (live) await refuseLedgerRollback(live, incoming);
  } catch (e) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(incoming + suffix, { force: true });
    throw e;
  } finally {
    db?.done();
  }
  fsyncPath(incoming);
  return incoming;
}

/** The live data's signed packages checked against the rebuilt backup's chain (see prepareRestore). A live
 *  database that cannot be read (a damaged file, the reason for the restore) has nothing to compare with. */
async function refuseLedgerRollback(live: Kysely<DB>, incoming: string): Promise<void> {
  let losses: string[];
  const restored = new Database(incoming, { readonly: true, fileMustExist: true });
  try {
    try {
      const backup = createKysely(restored);
      // Another office's backup has another chain: its packages say nothing about this one (on the office server
      // it is refused for being another office's, restoreIntoServer).
      const [mine, theirs] = await Promise.all([officeOf(live), officeOf(backup)]);
      if (mine.id && theirs.id && mine.id !== theirs.id) return;
      losses = (await checkAnchors(live, backup, '备份中为')).losses.map((l) => l.message);
    } catch {
      return;
    }
  } finally {
    restored.close();
  }
  if (losses.length) {
    throw new AppError(
      'VALIDATION',
      `此备份的信用台账少于现有数据中已签署上报的数据包所记：${losses.join('；')}。恢复它会使台账回退到已上报的记录之前（此后签发的数据包将被上级拒收），已拒绝恢复，未做任何改动`,
    );
  }
}

/** Which office a database belongs to: the random id its first migration gave it (carried by every backup and
 *  transfer of its data, in the ICS UIDs of its meetings) and the office's name. */
async function officeOf(db: Kysely<DB>): Promise<{ id: string | null; name: string | null }> {
  const id = await db
    .selectFrom('settings')
    .select('value_json')
    .where('key', '=', CALENDAR_ID_KEY)
    .executeTakeFirst();
  const office = await db.selectFrom('office').select('name').executeTakeFirst();
  return { id: id ? (JSON.parse(id.value_json) as string) : null, name: office?.name ?? null };
}

/** Restores a backup onto the office server. What is safe: the server must be empty (a new database), or hold the
 *  SAME office — the same office id as the backup (the id its data was created with, kept by backups and
 *  transfers) — so one district's backup can never overwrite another's, or a different set of data that merely
 *  has the same name. The backup's rows are first rebuilt into a database this build makes, checked and its ledger
 *  verified (prepareRestore), then every table of the server is replaced from it in ONE transaction, which checks
 *  rows, attachments and the ledger's chain head before it commits (store-copy.ts). Attachment contents on the
 *  server are kept (content-addressed; newer records may need them); a backup without attachments restores only
 *  when the server already has every file its rows list. */
export async function restoreIntoServer(
  server: Kysely<DB>,
  serverLabel: string,
  workDir: string,
  backupDir: string,
  /** The rows as they are written (第 k / n 张表, rows of all rows), then the attachments. */
  progress?: StepProgress,
): Promise<void> {
  const dir = resolve(backupDir);
  const manifest = readManifest(dir);
  const incoming = await prepareRestore(workDir, dir, server);
  try {
    const restored = await openDatabase(incoming);
    try {
      const there = await occupiedTables(server);
      if (there.length) {
        const mine = await officeOf(server);
        const theirs = await officeOf(restored.db);
        if (!mine.id || mine.id !== theirs.id) {
          throw new AppError(
            'VALIDATION',
            `${serverLabel}中已有${mine.name ? `“${mine.name}”` : '其他'}的数据（${describeOccupied(there)}），而此备份是${theirs.name ? `“${theirs.name}”` : '另一套数据'}的：只能恢复本单位自己的备份，或恢复到空的数据库，未做任何改动`,
          );
        }
      }
      await copyStore(
        {
          db: restored.db,
          attachments: folderAttachments(join(dir, 'attachments')),
          label: `备份 ${basename(dir)}`,
        },
        { db: server, attachments: (trx) => databaseAttachments(trx), label: serverLabel },
        {
          replace: true,
          attachments: manifest.attachments.included ? true : 'keep',
          ...(progress
            ? {
                onProgress: (p: CopyProgress) => {
                  const line = copyProgressLine(p, '数据库服务器');
                  progress(line.done, line.total, line.what, line.unit);
                },
              }
            : {}),
        },
      );
    } finally {
      await restored.close();
    }
  } finally {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(incoming + suffix, { force: true });
  }
}

/** Puts the prepared database in place of `<dataDir>/zongjian.db` (the caller has closed it) and merges the
 *  backup's attachments into the data folder (attachments are never deleted: newer records may need them). */
export function installBackup(dataDir: string, backupDir: string, incoming: string): void {
  const live = join(dataDir, BACKUP_DB);
  // The WAL belongs to the file being replaced; left behind it would be replayed into the restored one.
  rmSync(`${live}-wal`, { force: true });
  rmSync(`${live}-shm`, { force: true });
  renameSync(incoming, live);
  copyAttachments(join(backupDir, 'attachments'), join(dataDir, 'attachments'));
}

/** Which automatic backups to keep: the newest of each of the last `daily` days that have one, and the newest of
 *  each of the last `monthly` months. Safety backups (taken before a restore) count as days too. */
export function retainedBackups(names: readonly string[], daily = 14, monthly = 12): Set<string> {
  const parsed = names
    .map((name) => ({ name, p: parseBackupName(name) }))
    .filter((x): x is { name: string; p: NonNullable<ReturnType<typeof parseBackupName>> } => x.p !== null)
    .sort((a, b) => b.name.slice(16).localeCompare(a.name.slice(16))); // by timestamp, newest first
  const keep = new Set<string>();
  const days = new Set<string>();
  const months = new Set<string>();
  for (const { name, p } of parsed) {
    if (!days.has(p.day) && days.size < daily) {
      days.add(p.day);
      keep.add(name);
    }
    if (!months.has(p.month) && months.size < monthly) {
      months.add(p.month);
      keep.add(name);
    }
  }
  return keep;
}

/** At most this much disk for the automatic backups together (the data folder is often on a small system disk):
 *  beyond it the oldest go first, the newest is always kept. */
export const AUTO_BACKUP_BUDGET_BYTES = 1_000_000_000;

function folderBytes(path: string): number {
  let total = 0;
  for (const e of readdirSync(path, { withFileTypes: true })) {
    const p = join(path, e.name);
    total += e.isDirectory() ? folderBytes(p) : statSync(p).size;
  }
  return total;
}

/** Within `budget` bytes: the kept names (newest first by their time stamp) less the oldest ones that do not fit.
 *  The newest always stays, whatever its size. */
export function withinBudget(kept: readonly { name: string; bytes: number }[], budget: number): Set<string> {
  const newestFirst = [...kept].sort((a, b) => b.name.slice(16).localeCompare(a.name.slice(16)));
  const out = new Set<string>();
  let used = 0;
  for (const [i, b] of newestFirst.entries()) {
    if (i > 0 && used + b.bytes > budget) break;
    used += b.bytes;
    out.add(b.name);
  }
  return out;
}

/** Deletes automatic backups beyond the retention rule (14 days and 12 months), then the oldest while they take
 *  more than `budget` bytes together; returns the names removed. */
export function pruneAutomaticBackups(
  dir: string,
  daily = 14,
  monthly = 12,
  budget = AUTO_BACKUP_BUDGET_BYTES,
): string[] {
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir).filter((n) => parseBackupName(n) !== null);
  const retained = retainedBackups(names, daily, monthly);
  const keep = withinBudget(
    [...retained].map((name) => ({ name, bytes: folderBytes(join(dir, name)) })),
    budget,
  );
  const removed = names.filter((n) => !keep.has(n));
  for (const n of removed) rmSync(join(dir, n), { recursive: true, force: true });
  // Interrupted backups are never complete: clear them too.
  for (const n of readdirSync(dir))
    if (n.endsWith('.partial')) rmSync(join(dir, n), { recursive: true, force: true });
  return removed;
}

/** Newest backup in `dir` that passes every check, for the damaged-file screen. */
export async function latestGoodBackup(dir: string): Promise<BackupPreview | null> {
  for (const b of listBackups(dir)) {
    const preview = await inspectBackup(b.path);
    if (preview.ok) return preview;
  }
  return null;
}
