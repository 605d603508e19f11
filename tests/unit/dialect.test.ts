// SQLite-only SQL stays behind the named helpers in db/core/dialect.ts, so that the same queries can serve
// PostgreSQL. This scans the SQL text in db/ (string and template literals: sql``, prepare('…')) and the
// builder calls that emit SQLite-only statements.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import type { Kysely } from 'kysely';
import { createKysely } from '../../db/core/open';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import {
  containsText,
  dialectOf,
  insertionOrder,
  jsonArrayFrom,
  jsonRows,
  serializeOn,
  sameTextIgnoringCase,
} from '../../db/core/dialect';
import { TEST_PG, openTestStore } from './test-store';

/** Where SQLite-only SQL belongs: the dialect helpers, opening the file, migrations, the SQLite backup engine. */
const ALLOWED = [
  'db/core/dialect.ts',
  'db/core/open.ts',
  'db/core/migrations/',
  'db/system/backup-engine.ts',
  // A backup is a SQLite file in either store: its schema check and rebuild read SQLite's catalogue by nature.
  'db/system/schema-check.ts',
];
/** Files still to be moved behind the helpers (none). */
const NOT_YET: string[] = []; // every domain is behind the dialect helpers now

/** SQLite-only fragments, looked for in the text of string and template literals. */
const IN_SQL_TEXT: [string, RegExp][] = [
  ['json_group_array', /\bjson_group_array\s*\(/i],
  ['json_object', /\bjson_object\s*\(/i],
  ['json_extract / json_each', /\bjson_(extract|each|array)\s*\(/i],
  ['rowid', /\b(_?rowid_?|oid)\b/i],
  ['sqlite_master', /\bsqlite_(master|schema|sequence)\b/i],
  ['substr', /\bsubstr\s*\(/i],
  ['strftime', /\bstrftime\s*\(/i],
  ['date()/datetime()/julianday()', /\b(date|datetime|julianday|unixepoch)\s*\(/i],
  ['group_concat', /\bgroup_concat\s*\(/i],
  ['ifnull', /\bifnull\s*\(/i],
  ['PRAGMA', /\bpragma\b/i],
  ['INSERT OR …', /\binsert\s+or\s+(ignore|replace|abort|fail|rollback)\b/i],
  ['last_insert_rowid', /\blast_insert_rowid\b/i],
  ['|| concatenation', /\|\|/],
];
/** SQLite-only builder calls, looked for in code outside literals. */
const IN_CODE: [string, RegExp][] = [
  ['INSERT OR … (orIgnore/orReplace)', /\.or(Ignore|Replace|Abort|Fail|Rollback)\(\)/],
  ['PRAGMA (better-sqlite3 .pragma)', /\.pragma\(/],
];

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** The text of every string and template literal in a source file, with its line, and the code without them. */
function split(file: string, text: string): { literals: { line: number; text: string }[]; code: string } {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const literals: { line: number; text: string }[] = [];
  let code = text;
  const visit = (node: ts.Node) => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      const start = node.getStart(sf);
      literals.push({ line: sf.getLineAndCharacterOfPosition(start).line + 1, text: node.text });
      code = code.slice(0, start) + ' '.repeat(node.getEnd() - start) + code.slice(node.getEnd());
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { literals, code };
}

/** SQLite-only SQL in one file, as `path:line what`. */
function findings(path: string, text: string): string[] {
  const { literals, code } = split(path, text);
  const out: string[] = [];
  for (const l of literals)
    for (const [what, re] of IN_SQL_TEXT) if (re.test(l.text)) out.push(`${path}:${l.line} ${what}`);
  code.split('\n').forEach((line, i) => {
    if (/^\s*(\/\/|\*)/.test(line)) return;
    for (const [what, re] of IN_CODE) if (re.test(line)) out.push(`${path}:${i + 1} ${what}`);
  });
  return out;
}

const exempt = (path: string) => [...ALLOWED, ...NOT_YET].some((a) => path === a || path.startsWith(a));

describe('dialect', () => {
  it('no SQLite-only SQL in db/ outside the dialect helpers (and open, migrations, the backup engine)', () => {
    const found = tsFiles('db')
      .map((p) => relative('.', p).split(sep).join('/'))
      .filter((p) => !exempt(p))
      .flatMap((p) => findings(p, readFileSync(p, 'utf8')));
    expect(found).toEqual([]);
  });

  it('the scan sees the fragments it forbids and not JavaScript', () => {
    const sample = [
      "const a = sql`select json_group_array(json_object('id', id)) from t`;",
      "const b = sql`select name from sqlite_master where type = 'table'`;",
      'const c = sql`select a || b from t order by rowid`;',
      "const d = db.insertInto('t').orIgnore().values(v);",
      "const e = sql`select strftime('%Y', at), date('now') from t`;",
      "sqlite.pragma('foreign_keys = ON');",
      'const ok = x || y; // json_object( in a comment, rowid too',
      'const msg = `更新日期：${date}`; new Date(now); s.substr(1);',
    ].join('\n');
    const hits = findings('x.ts', sample).map((f) => f.replace(/^x\.ts:/, ''));
    expect(hits).toEqual([
      '1 json_group_array',
      '1 json_object',
      '2 sqlite_master',
      '3 rowid',
      '3 || concatenation',
      '5 strftime',
      '5 date()/datetime()/julianday()',
      '4 INSERT OR … (orIgnore/orReplace)',
      '6 PRAGMA (better-sqlite3 .pragma)',
    ]);
  });

  it('the helpers answer for SQLite: JSON rows in order, [] for none, insertion order, literal contains', async () => {
    const sqlite = new Database(':memory:');
    const db = createKysely(sqlite);
    try {
      expect(dialectOf(db)).toBe('sqlite');
      sqlite.exec(
        'create table p (id integer primary key, name text); create table c (p_id integer, label text, pos integer);' +
          "insert into p values (1, 'a'), (2, 'b'); insert into c values (1, 'y', 2), (1, 'x', 1);",
      );
      const kdb = db as unknown as Kysely<{
        p: { id: number; name: string };
        c: { p_id: number; label: string; pos: number };
      }>;
      const rows = await kdb
        .selectFrom('p')
        .select((eb) => [
          'p.id',
          jsonArrayFrom(
            kdb,
            eb.selectFrom('c').select(['c.label', 'c.pos']).whereRef('c.p_id', '=', 'p.id').orderBy('c.pos'),
          ).as('children'),
        ])
        .orderBy('p.id')
        .execute();
      expect(rows.map((r) => ({ id: r.id, children: jsonRows(r.children) }))).toEqual([
        {
          id: 1,
          children: [
            { label: 'x', pos: 1 },
            { label: 'y', pos: 2 },
          ],
        },
        { id: 2, children: [] },
      ]);
      const names = await kdb.selectFrom('p').select('name').orderBy(insertionOrder(kdb), 'desc').execute();
      expect(names.map((n) => n.name)).toEqual(['b', 'a']);
      sqlite.exec("insert into p values (3, 'Ab%c'), (4, 'abXc')");
      const like = async (text: string) =>
        (
          await kdb
            .selectFrom('p')
            .select('id')
            .where(containsText(kdb, 'name', text))
            .orderBy('id')
            .execute()
        ).map((r) => r.id);
      expect(await like('B%')).toEqual([3]); // case ignored, % literal
      expect(await like('b_c')).toEqual([]); // _ literal too
      expect(await like('ab')).toEqual([3, 4]);
    } finally {
      await db.destroy();
    }
  });

  it.runIf(TEST_PG)('the helpers answer the same on PostgreSQL (ZONGJIAN_TEST_PG)', async () => {
    const store = await openTestStore();
    try {
      const kdb = store.db as unknown as Kysely<{
        p: { id: number; name: string };
        c: { p_id: number; label: string; pos: number };
      }>;
      expect(dialectOf(kdb)).toBe('postgres');
      await sql`create table p (id bigint primary key, name text, insertion_seq bigint generated by default as identity)`.execute(
        kdb,
      );
      await sql`create table c (p_id bigint, label text, pos bigint)`.execute(kdb);
      await sql`insert into p (id, name) values (2, 'b')`.execute(kdb);
      await sql`insert into p (id, name) values (1, 'a')`.execute(kdb);
      await sql`insert into c values (1, 'y', 2), (1, 'x', 1)`.execute(kdb);
      const rows = await kdb
        .selectFrom('p')
        .select((eb) => [
          'p.id',
          jsonArrayFrom(
            kdb,
            eb.selectFrom('c').select(['c.label', 'c.pos']).whereRef('c.p_id', '=', 'p.id').orderBy('c.pos'),
          ).as('children'),
        ])
        .orderBy('p.id')
        .execute();
      expect(rows.map((r) => ({ id: Number(r.id), children: jsonRows(r.children) }))).toEqual([
        {
          id: 1,
          children: [
            { label: 'x', pos: 1 },
            { label: 'y', pos: 2 },
          ],
        },
        { id: 2, children: [] },
      ]);
      // Insertion order: 'b' was inserted first.
      const names = await kdb.selectFrom('p').select('name').orderBy(insertionOrder(kdb)).execute();
      expect(names.map((n) => n.name)).toEqual(['b', 'a']);
      await sql`insert into p (id, name) values (3, 'Ab%c'), (4, 'abXc')`.execute(kdb);
      const like = async (text: string) =>
        (
          await kdb
            .selectFrom('p')
            .select('id')
            .where(containsText(kdb, 'name', text))
            .orderBy('id')
            .execute()
        ).map((r) => Number(r.id));
      expect(await like('B%')).toEqual([3]);
      expect(await like('b_c')).toEqual([]);
      expect(await like('ab')).toEqual([3, 4]);
      const same = await kdb
        .selectFrom('p')
        .select('id')
        .where(sameTextIgnoringCase(kdb, 'name', 'ABXC'))
        .execute();
      expect(same.map((r) => Number(r.id))).toEqual([4]);
      // serializeOn takes a transaction-level lock: a second transaction waits for the first to end.
      const order: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const first = kdb.transaction().execute(async (trx) => {
        await serializeOn(trx, 'dialect-test');
        order.push('first locked');
        await held;
        order.push('first done');
      });
      await new Promise((r) => setTimeout(r, 100));
      const second = kdb.transaction().execute(async (trx) => {
        await serializeOn(trx, 'dialect-test');
        order.push('second locked');
      });
      await new Promise((r) => setTimeout(r, 200));
      release();
      await Promise.all([first, second]);
      expect(order).toEqual(['first locked', 'first done', 'second locked']);
    } finally {
      await store.close();
    }
  });
});
