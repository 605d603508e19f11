// Opens the one data file: pragmas, a refusal for files written by a newer version, and migrations to
// latest, all before any window or host is started. One connection is the one writer (as in Signal).
import Database from 'better-sqlite3';
import pg from 'pg';
import { Kysely, SqliteAdapter, SqliteDialect, sql, type DialectAdapter, type SqliteDatabase } from 'kysely';
import { Migrator } from 'kysely/migration';
import { AppError } from '../../shared/errors';
import type { DB } from './schema';
import { migrationNames, migrationProvider } from './migrations';
import { dialectOf, rememberServerUrl } from './dialect';
import { createPgKysely, createPgPool, describePgError, isPostgresUrl, redactUrl } from './postgres';

export interface OpenDatabase {
  kind: 'sqlite';
  db: Kysely<DB>;
  sqlite: Database.Database;
  file: string;
  close(): Promise<void>;
}

/** The office server: the same Kysely<DB>, over a pool of connections to PostgreSQL. */
export interface OpenPostgres {
  kind: 'postgres';
  db: Kysely<DB>;
  sqlite: null;
  /** The URL without its password (for messages). */
  file: string;
  url: string;
  close(): Promise<void>;
}

/** Either store: a data file, or the office's PostgreSQL server. */
export type OpenStore = OpenDatabase | OpenPostgres;

export interface OpenOptions {
  /** Default true. Tests pass false to migrate step by step. */
  migrate?: boolean;
  readonly?: boolean;
  /** Sees every SQL text the app runs (tests check their query plans with it). */
  onQuery?: (sql: string) => void;
}

/** Kysely's SQLite driver prepares every statement anew; the app runs the same few hundred SQL texts over
 *  and over, so keep their prepared statements (SQLite-specific, hence here and nowhere else). */
function withStatementCache(sqlite: Database.Database, max = 500): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (text: string) => {
      const hit = cache.get(text);
      // A statement still being iterated (a streamed query) cannot be reused: prepare a fresh one then.
      if (hit && !hit.busy) {
        cache.delete(text); // re-insert: Map order is the LRU order
        cache.set(text, hit);
        return hit;
      }
      const stmt = sqlite.prepare(text);
      if (!hit) {
        cache.set(text, stmt);
        if (cache.size > max) cache.delete(cache.keys().next().value!);
      }
      return stmt;
    },
  } as SqliteDatabase;
}

/** SQLite does run schema changes inside transactions; Kysely's adapter says it does not, which makes the
 *  migrator run each statement on its own. Saying so lets a whole upgrade commit or roll back as one. */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class AppSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

export function createKysely(sqlite: Database.Database, onQuery?: (sql: string) => void): Kysely<DB> {
  return new Kysely<DB>({
    dialect: new AppSqliteDialect({ database: withStatementCache(sqlite) }),
    ...(onQuery ? { log: (e) => onQuery(e.query.sql) } : {}),
  });
}

export async function openDatabase(file: string, options: OpenOptions = {}): Promise<OpenDatabase> {
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, { readonly: options.readonly ?? false });
  } catch (e) {
    throw new AppError('DB_UNREADABLE', `无法打开数据文件 ${file}：${(e as Error).message}`);
  }
  try {
    sqlite.pragma('busy_timeout = 5000');
    if (file !== ':memory:' && !options.readonly) sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    // FULL: a committed enforcement or credit record must survive a power cut, not only a crash.
    sqlite.pragma('synchronous = FULL');
  } catch (e) {
    sqlite.close();
    throw new AppError(
      'DB_UNREADABLE',
      `数据文件 ${file} 无法读取，可能不是本软件的数据文件或已损坏：${(e as Error).message}`,
    );
  }
  const db = createKysely(sqlite, options.onQuery);
  const handle: OpenDatabase = { kind: 'sqlite', db, sqlite, file, close: () => db.destroy() };
  try {
    if (options.migrate ?? true) {
      // Schema changes that rebuild a table (SQLite's 12-step procedure) need foreign-key enforcement off while
      // they run; every reference is checked afterwards, before enforcement is back on.
      // Checked only when something ran: on a large file the check reads every table, and opening a file that
      // is already current must stay fast (damage is the start-up quick_check's business).
      sqlite.pragma('foreign_keys = OFF');
      const ran = await migrateToLatest(db);
      const broken = ran.length > 0 ? (sqlite.pragma('foreign_key_check') as unknown[]) : [];
      sqlite.pragma('foreign_keys = ON');
      if (broken.length) {
        throw new AppError(
          'DB_MIGRATION_FAILED',
          `数据库升级后有 ${broken.length} 处引用缺失，请联系技术人员，并从备份恢复`,
        );
      }
    }
  } catch (e) {
    await db.destroy();
    throw e;
  }
  return handle;
}

export interface StoreOptions extends OpenOptions {
  /** PostgreSQL: connections in the pool (default 4). */
  poolSize?: number;
  log?: (message: string, error?: unknown) => void;
}

/** Opens a data file, or (for a postgres:// URL) the office's PostgreSQL database: the same migrations, the same
 *  refusal of a database written by a newer version. */
export async function openStore(target: string, options: StoreOptions = {}): Promise<OpenStore> {
  if (isPostgresUrl(target)) return openPostgres(target, options);
  return openDatabase(target, options);
}

/** Session-level advisory lock key under which one seat at a time migrates the server's database. */
const MIGRATION_LOCK = 727_001;

export async function openPostgres(url: string, options: StoreOptions = {}): Promise<OpenPostgres> {
  const pool = createPgPool(url, {
    ...(options.poolSize ? { max: options.poolSize } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const db = createPgKysely(pool, options.onQuery);
  rememberServerUrl(db, url);
  const shown = redactUrl(url);
  const handle: OpenPostgres = {
    kind: 'postgres',
    db,
    sqlite: null,
    file: shown,
    url,
    close: () => db.destroy(),
  };
  try {
    // One seat migrates while the others wait (several desks started at once after an upgrade): a session lock
    // held on a connection of its own, outside the pool the migrations use.
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    client.on('error', () => undefined);
    await client.connect().catch((e: unknown) => {
      throw (
        describePgError(e, url) ??
        new AppError('DB_UNAVAILABLE', `无法连接数据库服务器：${(e as Error).message}`)
      );
    });
    try {
      if (options.migrate ?? true) {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migrateToLatest(db);
      } else {
        await assertNotFromFuture(db);
      }
    } finally {
      await client.end().catch(() => undefined);
    }
  } catch (e) {
    await db.destroy().catch(() => undefined);
    if (e instanceof AppError) throw e;
    throw describePgError(e, url) ?? e;
  }
  return handle;
}

/** Migration names recorded in the file, or [] for a new file. */
export async function appliedMigrations(db: Kysely<DB>): Promise<string[]> {
  const table =
    dialectOf(db) === 'postgres'
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_name = 'kysely_migration'`.execute(db)
      : await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name = 'kysely_migration'`.execute(db);
  if (table.rows.length === 0) return [];
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.rows.map((r) => r.name);
}

/** A file that has run migrations this build does not know was written by a newer version: refuse it
 *  rather than let older code write into a schema it does not understand. */
export async function assertNotFromFuture(db: Kysely<DB>): Promise<void> {
  const known = new Set(migrationNames);
  const unknown = (await appliedMigrations(db)).filter((n) => !known.has(n));
  if (unknown.length > 0) throw fromFutureError(unknown);
}

/** The refusal of a database written by a newer version (a data file, or the office server's database). */
export function fromFutureError(unknown: readonly string[], server?: string): AppError {
  return new AppError(
    'DB_FROM_FUTURE',
    server
      ? `${server}上的数据由更高版本的综合监管工作台写入（含本版本不认识的数据库版本 ${unknown.join('、')}），本版本无法使用。请先把本机的综合监管工作台更新到与其他电脑相同的版本，数据库未被改动。`
      : `此数据文件由更高版本的综合监管工作台写入（含本版本不认识的数据库版本 ${unknown.join('、')}），本版本无法打开。请安装更新版本后再打开，数据文件未被改动。`,
    { unknownMigrations: [...unknown] },
  );
}

export function createMigrator(db: Kysely<DB>): Migrator {
  return new Migrator({ db, provider: migrationProvider });
}

export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  await assertNotFromFuture(db);
  const { error, results } = await createMigrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '未知';
    throw new AppError(
      'DB_MIGRATION_FAILED',
      `数据库升级失败（${failed}）：${(error as Error).message ?? String(error)}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export interface MigrationState {
  applied: string[];
  pending: string[];
  unknown: string[];
}

export async function migrationState(db: Kysely<DB>): Promise<MigrationState> {
  const applied = await appliedMigrations(db);
  const appliedSet = new Set(applied);
  const known = new Set(migrationNames);
  return {
    applied,
    pending: migrationNames.filter((n) => !appliedSet.has(n)),
    unknown: applied.filter((n) => !known.has(n)),
  };
}
