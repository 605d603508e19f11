// A data file is only ever trusted with the schema this build's own migrations make. A database is a program
// as well as data: a trigger, view or index planted in a backup (or in the live file by another program) runs
// with the app's rights on every write. So restore never adopts a foreign file: it compares every schema object
// (table, index, trigger, view: name and SQL) with what the migrations make for that version, refuses anything
// extra, missing or different by name, and then copies the rows into a database the app creates itself.
// The start-up check compares the live file the same way.
import Database from 'better-sqlite3';
import { Migrator } from 'kysely/migration';
import { AppError } from '../../shared/errors';
import { createKysely } from '../core/open';
import { migrationNames, migrationProvider } from '../core/migrations';
import { verifyLedger } from '../credit/ledger';

export interface SchemaObject {
  type: string;
  name: string;
  table: string;
  sql: string | null;
}

const TYPE_LABELS: Record<string, string> = { table: '表', index: '索引', trigger: '触发器', view: '视图' };

/** Every schema object of the app (SQLite's own `sqlite_*` objects aside), by type and name. */
export function readSchema(sqlite: Database.Database, schema = 'main'): SchemaObject[] {
  return (
    sqlite
      .prepare(
        `select type, name, tbl_name as "table", sql from "${schema}".sqlite_master
          where name not like 'sqlite\\_%' escape '\\' order by type, name`,
      )
      .all() as SchemaObject[]
  ).map((o) => ({ ...o, sql: normaliseSql(o.sql) }));
}

function normaliseSql(sql: string | null): string | null {
  return sql === null ? null : sql.replace(/\s+/g, ' ').trim();
}

/** Migration names recorded in a file, [] when it has none. */
export function recordedMigrations(sqlite: Database.Database, schema = 'main'): string[] {
  const has = sqlite
    .prepare(`select 1 from "${schema}".sqlite_master where type = 'table' and name = 'kysely_migration'`)
    .get();
  if (!has) return [];
  return sqlite
    .prepare(`select name from "${schema}".kysely_migration order by name`)
    .pluck()
    .all() as string[];
}

/** The migrations a file's record names, if they are exactly the first N of this build's; otherwise why not. */
function migrationPrefix(recorded: readonly string[]): { upTo: string } | { problem: string } {
  if (recorded.length === 0) return { problem: '数据库中没有版本记录，不是本软件的数据文件' };
  const unknown = recorded.filter((n) => !migrationNames.includes(n));
  if (unknown.length)
    return { problem: `数据库由更高版本写入（数据库版本 ${unknown.join('、')}），请先升级本软件` };
  const expected = migrationNames.slice(0, recorded.length);
  if (expected.some((n, i) => recorded[i] !== n)) return { problem: '数据库的版本记录不完整或顺序不符' };
  return { upTo: recorded[recorded.length - 1]! };
}

/** A new, empty database file (or :memory:) migrated by this build's migrations up to `upTo`, inclusive. */
async function createMigrated(file: string, upTo: string): Promise<Database.Database> {
  const sqlite = new Database(file);
  const db = createKysely(sqlite);
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo(upTo);
  if (error) {
    sqlite.close();
    throw new AppError('INTERNAL', `无法建立对照用的数据库：${(error as Error).message ?? String(error)}`);
  }
  return sqlite;
}

const expectedCache = new Map<string, Promise<SchemaObject[]>>();

/** What this build's migrations make, up to and including `upTo` (made once in memory, then remembered). */
export function expectedSchema(upTo: string): Promise<SchemaObject[]> {
  let hit = expectedCache.get(upTo);
  if (!hit) {
    hit = createMigrated(':memory:', upTo).then((sqlite) => {
      try {
        return readSchema(sqlite);
      } finally {
        sqlite.close();
      }
    });
    expectedCache.set(upTo, hit);
    hit.catch(() => expectedCache.delete(upTo));
  }
  return hit;
}

function describe(o: SchemaObject): string {
  return `${TYPE_LABELS[o.type] ?? o.type}“${o.name}”`;
}

/** Each difference in words; [] when the two schemas are the same object for object. */
export function compareSchemas(actual: readonly SchemaObject[], expected: readonly SchemaObject[]): string[] {
  const key = (o: SchemaObject) => `${o.type}\u0000${o.name}`;
  const want = new Map(expected.map((o) => [key(o), o]));
  const have = new Map(actual.map((o) => [key(o), o]));
  const problems: string[] = [];
  for (const [k, o] of have) {
    const e = want.get(k);
    if (!e) problems.push(`含有本软件不会建立的${describe(o)}`);
    else if (e.sql !== o.sql || e.table !== o.table) problems.push(`${describe(o)}的定义与本软件建立的不同`);
  }
  for (const [k, e] of want) if (!have.has(k)) problems.push(`缺少${describe(e)}`);
  return problems;
}

/** What is wrong with a file's schema for the version it records; [] when it is exactly the app's. */
export async function schemaProblems(sqlite: Database.Database, schema = 'main'): Promise<string[]> {
  const prefix = migrationPrefix(recordedMigrations(sqlite, schema));
  if ('problem' in prefix) return [prefix.problem];
  const differences = compareSchemas(readSchema(sqlite, schema), await expectedSchema(prefix.upTo));
  return differences.map((d) => `数据库结构${d}`);
}

/** Builds `target` from the backup database at `source`: a database made by this build's migrations (to the
 *  backup's version), the rows of each of the app's tables copied in, references checked, and the credit
 *  ledger's chain verified. The source is only read; its schema must already have passed schemaProblems. */
export async function rebuildFromBackup(source: string, target: string): Promise<{ rows: number }> {
  const src = new Database(source, { readonly: true, fileMustExist: true });
  let upTo: string;
  try {
    const problems = await schemaProblems(src);
    if (problems.length) throw new AppError('VALIDATION', `备份未通过结构检查：${problems.join('；')}`);
    upTo = (migrationPrefix(recordedMigrations(src)) as { upTo: string }).upTo;
  } finally {
    src.close();
  }
  const fresh = await createMigrated(target, upTo);
  let rows = 0;
  try {
    fresh.pragma('foreign_keys = OFF');
    fresh.prepare('attach database ? as backup').run(source);
    try {
      const tables = readSchema(fresh)
        .filter((o) => o.type === 'table' && !o.name.startsWith('kysely_'))
        .map((o) => o.name);
      fresh.transaction(() => {
        for (const table of tables) {
          const q = `"${table.replaceAll('"', '""')}"`;
          const columns = (
            fresh.prepare(`select name from pragma_table_info(?)`).pluck().all(table) as string[]
          )
            .map((c) => `"${c.replaceAll('"', '""')}"`)
            .join(', ');
          // The migrations seed some tables (departments, settings): the backup's rows replace them.
          fresh.prepare(`delete from main.${q}`).run();
          // rowid order: the credit ledger's seq is its rowid, and its trigger accepts only the next link.
          rows += fresh
            .prepare(`insert into main.${q} (${columns}) select ${columns} from backup.${q} order by rowid`)
            .run().changes;
        }
        // AUTOINCREMENT counters as the backup had them, so ids of deleted rows are never handed out again.
        const hasSequence = (schema: string) =>
          fresh.prepare(`select 1 from ${schema}.sqlite_master where name = 'sqlite_sequence'`).get();
        if (hasSequence('main') && hasSequence('backup')) {
          const known = new Set(tables);
          const counters = fresh.prepare('select name, seq from backup.sqlite_sequence').all() as {
            name: string;
            seq: number;
          }[];
          fresh.prepare('delete from main.sqlite_sequence').run();
          const insert = fresh.prepare('insert into main.sqlite_sequence (name, seq) values (?, ?)');
          for (const c of counters)
            if (known.has(c.name) && Number.isInteger(c.seq)) insert.run(c.name, c.seq);
        }
      })();
    } finally {
      fresh.prepare('detach database backup').run();
    }
    const broken = fresh.pragma('foreign_key_check') as unknown[];
    if (broken.length) {
      throw new AppError('VALIDATION', `备份中有 ${broken.length} 处引用缺失，未做任何改动`);
    }
    fresh.pragma('foreign_keys = ON');
    const ledger = await verifyLedger(createKysely(fresh));
    if (!ledger.ok) {
      const why =
        ledger.broken?.message ??
        ledger.anchors.losses.map((l) => l.message).join('；') ??
        '链不连续或记录被改动';
      throw new AppError('VALIDATION', `备份中的信用台账校验未通过（${why}），未做任何改动`);
    }
    return { rows };
  } finally {
    fresh.close();
  }
}

/** One of the app's tables as this build's migrations make it (read from SQLite's catalogue of a database made in
 *  memory; the office server gets the same tables from the same migrations). */
export interface CatalogueTable {
  name: string;
  /** Primary key columns in key order ([] when the table has none). */
  primaryKey: string[];
  /** Tables this one references (itself excluded). */
  references: string[];
  /** Single-column references to the table itself (a row may name a later row: copied in a second step). */
  selfReferences: { column: string; refColumn: string }[];
  /** An AUTOINCREMENT key (PostgreSQL: an identity column): its counter is carried over. */
  autoincrement: boolean;
  /** Rows the migrations themselves put in (departments, settings, the default credit behaviours …). */
  seededRows: number;
}

let catalogue: Promise<CatalogueTable[]> | null = null;

/** The app's tables at this build's latest version, ordered so that every table comes after the tables it
 *  references (a copy can insert in this order with foreign keys enforced). The migrator's own tables and
 *  attachment_contents (the office server's file store, copied as attachments) are left out. */
export function appCatalogue(): Promise<CatalogueTable[]> {
  catalogue ??= createMigrated(':memory:', migrationNames[migrationNames.length - 1]!).then((sqlite) => {
    try {
      const tables = readSchema(sqlite)
        .filter(
          (o) => o.type === 'table' && !o.name.startsWith('kysely_') && o.name !== 'attachment_contents',
        )
        .map((o): CatalogueTable => {
          const fks = sqlite
            .prepare('select "id", "seq", "table" as ref, "from", "to" from pragma_foreign_key_list(?)')
            .all(o.name) as { id: number; seq: number; ref: string; from: string; to: string }[];
          const single = new Set(
            fks.filter((f) => !fks.some((g) => g.id === f.id && g.seq !== f.seq)).map((f) => f.id),
          );
          const pk = (
            sqlite
              .prepare('select name, pk from pragma_table_info(?) where pk > 0 order by pk')
              .all(o.name) as {
              name: string;
            }[]
          ).map((c) => c.name);
          return {
            name: o.name,
            primaryKey: pk,
            references: [...new Set(fks.map((f) => f.ref).filter((r) => r !== o.name))],
            selfReferences: fks
              .filter((f) => f.ref === o.name && single.has(f.id))
              .map((f) => ({ column: f.from, refColumn: f.to })),
            autoincrement: /\bautoincrement\b/i.test(o.sql ?? ''),
            seededRows: Number(
              sqlite
                .prepare(`select count(*) from "${o.name.replaceAll('"', '""')}"`)
                .pluck()
                .get(),
            ),
          };
        });
      // Dependency order (Kahn): a table after everything it references; a cycle would make a copy impossible.
      const byName = new Map(tables.map((t) => [t.name, t]));
      const ordered: CatalogueTable[] = [];
      const placed = new Set<string>();
      while (ordered.length < tables.length) {
        const next = tables.find(
          (t) => !placed.has(t.name) && t.references.every((r) => placed.has(r) || !byName.has(r)),
        );
        if (!next) {
          const left = tables.filter((t) => !placed.has(t.name)).map((t) => t.name);
          throw new AppError('INTERNAL', `数据表之间有循环引用，无法排定复制顺序：${left.join('、')}`);
        }
        placed.add(next.name);
        ordered.push(next);
      }
      return ordered;
    } finally {
      sqlite.close();
    }
  });
  catalogue.catch(() => {
    catalogue = null;
  });
  return catalogue;
}
