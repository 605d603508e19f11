// SQL that differs between the stores. Queries are written in Kysely's builder; whatever only one database
// understands (SQLite's json_group_array, rowid, sqlite_master, …) lives here behind a name, with its PostgreSQL
// counterpart where there is an obvious one. tests/unit/dialect.test.ts fails when such SQL appears elsewhere in db/.

// ---------------------------------------------------------------------------------------------------------------
// Domain queries (handlers-dialect): JSON aggregation of child rows, insertion order, the table catalogue.
// ---------------------------------------------------------------------------------------------------------------
import {
  PostgresAdapter,
  SqliteAdapter,
  sql,
  type Kysely,
  type QueryExecutor,
  type RawBuilder,
  type Simplify,
} from 'kysely';
import { jsonArrayFrom as pgJsonArrayFrom } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteJsonArrayFrom } from 'kysely/helpers/sqlite';

export type SqlDialect = 'sqlite' | 'postgres';

/** Anything that runs queries: a Kysely instance or an open transaction. */
interface HasExecutor {
  getExecutor(): QueryExecutor;
}

/** Which store a Kysely instance (or transaction) talks to, from its adapter. */
export function dialectOf(db: HasExecutor): SqlDialect {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  if (adapter instanceof PostgresAdapter) return 'postgres';
  throw new Error(`unsupported database adapter: ${adapter.constructor.name}`);
}

/** A JSON column as it arrives: PostgreSQL's driver parses json, SQLite returns its text. Read it with jsonRows. */
export type JsonColumn<T> = T | string;

/** A select query used as an expression (what kysely's jsonArrayFrom takes). */
type Subquery<O> = Parameters<typeof sqliteJsonArrayFrom<O>>[0];

/** The rows of a (correlated) subquery as one JSON array column, in the subquery's order; [] when it has none.
 *  The subquery must name its columns (no selectAll): SQLite's json_object needs the keys. */
export function jsonArrayFrom<O>(
  db: HasExecutor,
  subquery: Subquery<O>,
): RawBuilder<JsonColumn<Simplify<O>[]>> {
  return (
    dialectOf(db) === 'postgres' ? pgJsonArrayFrom(subquery) : sqliteJsonArrayFrom(subquery)
  ) as RawBuilder<JsonColumn<Simplify<O>[]>>;
}

/** The value of a jsonArrayFrom column, whichever store produced it. */
export function jsonRows<T>(value: JsonColumn<T[]> | null | undefined): T[] {
  if (value === null || value === undefined) return [];
  return typeof value === 'string' ? (JSON.parse(value) as T[]) : value;
}

/** Insertion order, for tables that keep what a person typed in the order typed and have no position column
 *  (department_aliases). SQLite's rowid is that order; PostgreSQL has no stable equivalent, so there such a table
 *  has an identity column, insertion_seq, added by its migration's PostgreSQL branch. */
export function insertionOrder(db: HasExecutor): RawBuilder<unknown> {
  if (dialectOf(db) === 'sqlite') return sql`rowid`;
  return sql`insertion_seq`;
}

/** An aggregate of an integer column's values as one comma-separated text (idsOf reads it back): one row per group
 *  rather than one per value, which for thousands of ids is about a third of the time on SQLite. */
export function idListAgg(db: HasExecutor, column: string): RawBuilder<string | null> {
  return dialectOf(db) === 'sqlite'
    ? sql<string | null>`group_concat(${sql.ref(column)}, ',')`
    : sql<string | null>`string_agg(${sql.ref(column)}::text, ',')`;
}

/** The ids of an idListAgg: integers and commas, which JSON.parse reads as one array (about three times as fast as
 *  splitting and converting each, for the tens of thousands of ids the 工作台 reads). */
export function idsOf(list: string | null | undefined): number[] {
  return list ? (JSON.parse(`[${list}]`) as number[]) : [];
}

/** Rows whose text column contains `text` (its % and _ taken literally), ignoring ASCII case as SQLite's like
 *  does; PostgreSQL's like is case-sensitive, so it gets ilike. */
export function containsText(db: HasExecutor, column: string, text: string): RawBuilder<boolean> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const op = dialectOf(db) === 'postgres' ? sql`ilike` : sql`like`;
  return sql<boolean>`${sql.ref(column)} ${op} ${pattern} escape '\\'`;
}

/** The office server's URL of each Kysely instance opened on it (db/core/open.ts openPostgres), so work that needs
 *  connections of its own (the ledger's worker threads) can open them; a transaction is not registered. */
const SERVER_URLS = new WeakMap<object, string>();

export function rememberServerUrl<T>(db: Kysely<T>, url: string): void {
  SERVER_URLS.set(db, url);
}

/** The postgres:// URL a Kysely instance was opened on, or null (SQLite, a transaction, an unregistered pool). */
export function serverUrlOf<T>(db: Kysely<T>): string | null {
  return SERVER_URLS.get(db) ?? null;
}

/** The SQLite data file behind a Kysely instance, for work another connection does on it (worker threads reading
 *  the credit ledger); null on PostgreSQL and for an in-memory or temporary database. */
export async function sqliteFileOf<T>(db: Kysely<T>): Promise<string | null> {
  if (dialectOf(db) !== 'sqlite') return null;
  const r = await sql<{ name: string; file: string }>`pragma database_list`.execute(db);
  const file = r.rows.find((x) => x.name === 'main')?.file ?? '';
  return file === '' ? null : file;
}

// ------------------------------------------------------------------------------------------------------------
// Registrations block (dashboard due items and report sections, moved into the domain folders). Kept apart so
// that helpers another change adds to this file merge without overlap.

/** The tables that exist in the open data file (a report section is left out when one it reads is missing). */
export async function tableNames<T>(db: Kysely<T>, dialect: SqlDialect = 'sqlite'): Promise<Set<string>> {
  const q =
    dialect === 'postgres'
      ? sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'`
      : sql<{ name: string }>`select name from sqlite_master where type = 'table'`;
  const r = await q.execute(db);
  return new Set(r.rows.map((x) => x.name));
}

/** The month ('01'…'12') of an ISO date held as text (YYYY-MM-DD), for grouping by month. */
export function isoDateMonth(column: string, dialect: SqlDialect = 'sqlite'): RawBuilder<string> {
  return dialect === 'postgres'
    ? sql<string>`substring(${sql.ref(column)} from 6 for 2)`
    : sql<string>`substr(${sql.ref(column)}, 6, 2)`;
}
// ------------------------------------------------------------------------------------- end registrations block

// ------------------------------------------------------------------------------------------------------------
// Office server block (PostgreSQL): what the migrations and the seats need that SQLite spells otherwise.

/** PostgreSQL's counterpart of a SQLite `before update|delete … begin select raise(abort, message); end` trigger:
 *  one shared PL/pgSQL function raising the trigger's own message, and a row trigger (optionally `when (…)`). */
export async function pgRefusingTrigger(
  db: Kysely<unknown>,
  t: { name: string; table: string; op: 'update' | 'delete'; message: string; when?: string },
): Promise<void> {
  await sql`create or replace function zj_refuse_change() returns trigger language plpgsql as $$
    begin raise exception using message = tg_argv[0]; end $$`.execute(db);
  await sql
    .raw(
      `create trigger ${t.name} before ${t.op} on ${t.table} for each row${t.when ? ` when (${t.when})` : ''}
        execute function zj_refuse_change('${t.message.replace(/'/g, "''")}')`,
    )
    .execute(db);
}

/** A user name compared as SQLite's `collate nocase` column does (ASCII case ignored): PostgreSQL compares lower()
 *  on both sides (its unique index is on lower(username)). */
export function sameTextIgnoringCase(db: HasExecutor, column: string, value: string): RawBuilder<boolean> {
  return dialectOf(db) === 'postgres'
    ? sql<boolean>`lower(${sql.ref(column)}) = lower(${value})`
    : sql<boolean>`${sql.ref(column)} = ${value}`;
}
/** Makes the writers of one thing (the ledger's chain head, a year's 发文字号, a batch's draw) take turns until
 *  their transactions end. On PostgreSQL several seats write at once: a transaction-level advisory lock on the
 *  key's hash. SQLite has one writer at a time already (one connection, BEGIN … COMMIT), so nothing to do. Call it
 *  inside the mutation's transaction, before reading what the write depends on. */
export async function serializeOn(db: HasExecutor, key: string): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(db as Kysely<unknown>);
}
// --------------------------------------------------------------------------------------- end office server block

// ------------------------------------------------------------------------------------------------------------
// Table copy block (backup in server mode, restore into the server, `cli transfer`: db/system/store-copy.ts):
// the catalogue and counters each store keeps in its own way.

/** The columns of one of the app's tables as this store has them (PostgreSQL adds insertion_seq to some). */
export async function tableColumns(db: HasExecutor, table: string): Promise<string[]> {
  const r =
    dialectOf(db) === 'postgres'
      ? await sql<{ name: string }>`select column_name as name from information_schema.columns
          where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(
          db,
        )
      : await sql<{ name: string }>`select name from pragma_table_info(${table}) order by cid`.execute(db);
  return r.rows.map((x) => x.name);
}

/** One page of a table's rows in copy order: insertion order (SQLite's rowid; PostgreSQL's insertion_seq where the
 *  table has one), otherwise the primary key — so the ledger goes in link by link and typed lists keep their order.
 *  Read by key (`after`: the last page's key) where the order is one column, so a ten-year table is not re-scanned
 *  for every page; by offset otherwise. */
export async function copyPage(
  db: HasExecutor,
  table: string,
  select: readonly string[],
  all: readonly string[],
  primaryKey: readonly string[],
  page: { after: unknown; offset: number; limit: number },
): Promise<{ rows: Record<string, unknown>[]; last: unknown }> {
  const cols = sql.join(select.map((c) => sql.ref(c)));
  const keyed = (key: RawBuilder<unknown>) =>
    sql<Record<string, unknown> & { zj_copy_key: unknown }>`select ${cols}, ${key} as zj_copy_key
        from ${sql.table(table)} ${page.after === null ? sql`` : sql`where ${key} > ${page.after}`}
        order by ${key} limit ${page.limit}`;
  const sqlite = dialectOf(db) === 'sqlite';
  const one = sqlite
    ? 'rowid'
    : all.includes('insertion_seq')
      ? 'insertion_seq'
      : primaryKey.length === 1
        ? primaryKey[0]!
        : null;
  if (one !== null) {
    const r = await keyed(one === 'rowid' ? sql`rowid` : sql.ref(one)).execute(db);
    const rows = r.rows.map(({ zj_copy_key: _k, ...row }) => row);
    return { rows, last: r.rows.length ? r.rows[r.rows.length - 1]!.zj_copy_key : page.after };
  }
  const order = primaryKey.length ? primaryKey : all;
  const r = await sql<Record<string, unknown>>`select ${cols} from ${sql.table(table)}
      order by ${sql.join(order.map((k) => sql.ref(k)))} limit ${page.limit} offset ${page.offset}`.execute(
    db,
  );
  return { rows: r.rows, last: null };
}

/** The last id handed out per table (SQLite's sqlite_sequence; PostgreSQL's identity sequences), so a copy never
 *  hands out again the id of a row deleted before it was made. */
export async function readIdCounters(db: HasExecutor): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (dialectOf(db) === 'sqlite') {
    const has = await sql`select 1 from sqlite_master where name = 'sqlite_sequence'`.execute(db);
    if (has.rows.length === 0) return out;
    const r = await sql<{ name: string; seq: number }>`select name, seq from sqlite_sequence`.execute(db);
    for (const x of r.rows) if (Number.isInteger(Number(x.seq))) out.set(x.name, Number(x.seq));
    return out;
  }
  const r = await sql<{ table: string; last: number | null }>`
    select c.table_name as "table", s.last_value as last
      from information_schema.columns c
      join pg_sequences s on s.schemaname = current_schema()
       and quote_ident(s.schemaname) || '.' || quote_ident(s.sequencename) =
           pg_get_serial_sequence(quote_ident(c.table_name), c.column_name)
     where c.table_schema = current_schema() and c.is_identity = 'YES' and c.column_name <> 'insertion_seq'`.execute(
    db,
  );
  for (const x of r.rows) if (x.last !== null) out.set(x.table, Number(x.last));
  return out;
}

/** Sets each table's counter to the copied one (or past its largest id, whichever is higher). */
export async function writeIdCounters(
  db: HasExecutor,
  counters: ReadonlyMap<string, number>,
  autoincrementTables: readonly string[],
): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    await sql`delete from sqlite_sequence`.execute(db);
    for (const table of autoincrementTables) {
      const max = await sql<{ m: number | null }>`select max(rowid) as m from ${sql.table(table)}`.execute(
        db,
      );
      const value = Math.max(counters.get(table) ?? 0, Number(max.rows[0]?.m ?? 0));
      if (value > 0)
        await sql`insert into sqlite_sequence (name, seq) values (${table}, ${value})`.execute(db);
    }
    return;
  }
  const identity = await sql<{ table: string; column: string }>`
    select table_name as "table", column_name as "column" from information_schema.columns
     where table_schema = current_schema() and is_identity = 'YES'`.execute(db);
  for (const { table, column } of identity.rows) {
    const counter = column === 'insertion_seq' ? 0 : (counters.get(table) ?? 0);
    await sql`select setval(pg_get_serial_sequence(${sql.lit(table)}, ${sql.lit(column)}),
        greatest(${counter}::bigint, (select coalesce(max(${sql.ref(column)}), 0) from ${sql.table(table)}), 1),
        greatest(${counter}::bigint, (select coalesce(max(${sql.ref(column)}), 0) from ${sql.table(table)})) > 0)`.execute(
      db,
    );
  }
}

/** Empties these tables inside the caller's transaction. PostgreSQL truncates them together (row triggers — the
 *  append-only ledger's — do not fire for TRUNCATE; tables referencing them are emptied with them, which the
 *  callers want: a new database's seeded rows are only referenced by empty tables, and a restore empties all); SQLite
 *  deletes them, last-referenced first (only ever a new file's seeded rows). */
export async function emptyTables(
  db: HasExecutor,
  tablesInDependencyOrder: readonly string[],
): Promise<void> {
  if (tablesInDependencyOrder.length === 0) return;
  if (dialectOf(db) === 'postgres') {
    await sql`truncate table ${sql.join(tablesInDependencyOrder.map((t) => sql.table(t)))} cascade`.execute(
      db,
    );
    return;
  }
  for (const t of [...tablesInDependencyOrder].reverse()) await sql`delete from ${sql.table(t)}`.execute(db);
}
// ------------------------------------------------------------------------------------------ end table copy block
