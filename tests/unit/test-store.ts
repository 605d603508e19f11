// Which store the unit tests run on. Without ZONGJIAN_TEST_PG: an in-memory SQLite database per app, as always.
// With ZONGJIAN_TEST_PG=postgres://user@host:port/db (a server the tests may create and drop databases on): a fresh
// PostgreSQL database per app, cloned from a template migrated once per migration set (CREATE DATABASE … TEMPLATE
// takes a fraction of the time the migrations take), and dropped when the app closes.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { openDatabase, openPostgres } from '../../db/core/open';
import type { DB } from '../../db/core/schema';

export const TEST_PG = process.env.ZONGJIAN_TEST_PG?.trim() || null;
export const TEST_STORE: 'sqlite' | 'postgres' = TEST_PG ? 'postgres' : 'sqlite';

/** The URL of another database on the test server. */
export function pgUrlFor(database: string): string {
  const u = new URL(TEST_PG!);
  u.pathname = `/${database}`;
  return u.toString();
}

let admin: pg.Pool | null = null;
function adminPool(): pg.Pool {
  if (!admin) {
    admin = new pg.Pool({ connectionString: TEST_PG!, max: 2, allowExitOnIdle: true });
    admin.on('error', () => undefined);
  }
  return admin;
}

/** The migrations and the PostgreSQL translation as they are now: a new template when any of them changes. */
function schemaHash(): string {
  const h = createHash('sha256');
  const dir = 'db/core/migrations';
  for (const f of readdirSync(dir).sort()) h.update(f).update(readFileSync(join(dir, f)));
  for (const f of ['db/core/postgres.ts', 'db/core/dialect.ts', 'db/core/open.ts']) h.update(readFileSync(f));
  return h.digest('hex').slice(0, 12);
}

let template: Promise<string> | null = null;
async function ensureTemplate(): Promise<string> {
  const name = `zj_tpl_${schemaHash()}`;
  const client = await adminPool().connect();
  try {
    // Several test workers start at once: one builds the template, the others wait for it.
    await client.query('select pg_advisory_lock(727002)');
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      const building = `${name}_build`;
      await client.query(`drop database if exists ${building} with (force)`);
      await client.query(`create database ${building}`);
      const h = await openPostgres(pgUrlFor(building), { poolSize: 1 });
      await h.close();
      await client.query(`alter database ${building} rename to ${name}`);
      // Older templates (an earlier migration set) are no longer needed.
      const old = await client.query<{ datname: string }>(
        `select datname from pg_database where datname like 'zj\\_tpl\\_%' and datname <> $1 and datname not like '%\\_build'`,
        [name],
      );
      for (const r of old.rows) await client.query(`drop database if exists ${r.datname} with (force)`);
    }
    await client.query('select pg_advisory_unlock(727002)');
  } finally {
    client.release();
  }
  return name;
}

let counter = 0;

export interface TestStore {
  db: Kysely<DB>;
  /** 'sqlite' or 'postgres' */
  kind: 'sqlite' | 'postgres';
  /** PostgreSQL: the URL of this test's own database (another seat may open it too). */
  url: string | null;
  close(): Promise<void>;
}

/** A fresh database migrated to latest, on the store the run selected. */
export async function openTestStore(options: { poolSize?: number } = {}): Promise<TestStore> {
  if (!TEST_PG) {
    const h = await openDatabase(':memory:');
    return { db: h.db, kind: 'sqlite', url: null, close: () => h.close() };
  }
  template ??= ensureTemplate();
  const tpl = await template;
  const name = `zj_t_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await adminPool().query(`create database ${name} template ${tpl}`);
      break;
    } catch (e) {
      // "source database is being accessed by other users": another worker's clone is starting; try again.
      if (attempt > 20 || (e as { code?: string }).code !== '55006') throw e;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
    }
  }
  const url = pgUrlFor(name);
  const h = await openPostgres(url, { poolSize: options.poolSize ?? 4 });
  // What a migration made at random (the office's calendar id) must differ per database, as it does per file.
  await sql`update settings set value_json = ${JSON.stringify(randomUUID())} where key = 'calendar.officeId'`.execute(
    h.db,
  );
  let closed = false;
  return {
    db: h.db,
    kind: 'postgres',
    url,
    close: async () => {
      if (closed) return;
      closed = true;
      await h.close();
      await adminPool().query(`drop database if exists ${name} with (force)`);
    },
  };
}
