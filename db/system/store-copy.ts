// The one table copy between the two stores: a single desk's SQLite file and the office's PostgreSQL server, in
// either direction. Used by the backup in server mode (server → a SQLite file the app makes with its own
// migrations, so one backup format restores into either store), by restore into the server (backup → server) and
// by `cli transfer` (a desk ⇄ the server). Everything goes into the target in ONE transaction: the rows of every
// table in dependency order, the id counters (PostgreSQL's identity sequences / SQLite's sqlite_sequence), the
// attachments; then, before it commits, the target is compared with the source — rows per table, every attachment
// present with its SHA-256, the credit ledger's chain head — and the ledger is verified. Any difference rolls the
// whole copy back and says what differed.
import { sql, type Kysely } from 'kysely';
import { AppError } from '../../shared/errors';
import { attachmentState, type AttachmentStore } from '../core/attachment-store';
import {
  copyPage,
  dialectOf,
  emptyTables,
  readIdCounters,
  tableColumns,
  writeIdCounters,
} from '../core/dialect';
import type { DB } from '../core/schema';
import { ledgerHead, verifyLedger } from '../credit/ledger';
import { nextTurn } from '../core/progress';
import { TABLE_LABELS } from './table-labels';
import { appCatalogue, type CatalogueTable } from './schema-check';

export interface CopySource {
  db: Kysely<DB>;
  attachments: AttachmentStore;
  /** For messages: 数据文件夹 …, 单位数据库服务器 …, 备份 … */
  label: string;
}

export interface CopyTarget {
  db: Kysely<DB>;
  /** The target's attachment store over the copy's transaction (the server's rows roll back with it). */
  attachments: (trx: Kysely<DB>) => AttachmentStore;
  label: string;
}

/** How far a copy has got (the window's progress bar, the CLI's progress line): the rows table by table (第 k / n
 *  张表, and the rows copied of all the source's rows), then the attachments one by one, then the checks. Every
 *  count only grows; the last rows report is n / n tables and all rows. */
export type CopyProgress =
  | {
      stage: 'rows';
      /** The table being copied, 1-based, of `tables`. */
      table: number;
      tables: number;
      label: string;
      /** Rows copied so far, of all the source's rows. */
      rows: number;
      totalRows: number;
    }
  | { stage: 'attachments'; done: number; total: number }
  | { stage: 'check'; totalRows: number };

/** A copy's progress as the window's bar and the CLI's line show it (`into`: 数据库服务器, 数据文件夹 …). */
export function copyProgressLine(
  p: CopyProgress,
  into: string,
): { what: string; done: number; total: number; unit: '行' | '个' } {
  if (p.stage === 'rows')
    return {
      what: `正在写入${into}：第 ${p.table} / ${p.tables} 张表（${p.label}）`,
      done: p.rows,
      total: p.totalRows,
      unit: '行',
    };
  if (p.stage === 'attachments')
    return { what: `正在复制附件到${into}`, done: p.done, total: p.total, unit: '个' };
  return {
    what: '数据已全部复制，正在核对行数、附件与信用台账',
    done: p.totalRows,
    total: p.totalRows,
    unit: '行',
  };
}

export interface CopyOptions {
  /** Progress as the copy goes (see CopyProgress); between reports the event loop runs (a window's poll). */
  onProgress?: (progress: CopyProgress) => void;
  /** Copy the attachments too (default true). false: leave them out (a backup without attachments). 'keep': copy
   *  none, but every file the rows list must already be in the target (a backup without attachments restored
   *  onto the server, which keeps every content it ever stored). */
  attachments?: boolean | 'keep';
  /** Empty every app table of the target first (restoring the same office onto the server); otherwise only the
   *  rows the target's migrations seeded are replaced and the caller has made sure there is nothing else. */
  replace?: boolean;
  /** Tests: runs inside the target's transaction before each table is copied (throwing aborts the copy). */
  beforeTable?: (table: string, trx: Kysely<DB>) => Promise<void> | void;
}

export interface CopyReport {
  tables: { table: string; label: string; rows: number }[];
  rows: number;
  attachments: { count: number; bytes: number } | null;
  head: { seq: number; hash: string };
}

const PAGE = 2000;

/** Rows of `table` in copy order (db/core/dialect.ts copyPage), a page at a time: memory stays flat on a
 *  ten-year office. */
async function* pages(
  db: Kysely<DB>,
  t: CatalogueTable,
  columns: readonly string[],
): AsyncGenerator<Record<string, unknown>[]> {
  const all = await tableColumns(db, t.name);
  let after: unknown = null;
  for (let offset = 0; ; offset += PAGE) {
    const page = await copyPage(db, t.name, columns, all, t.primaryKey, { after, offset, limit: PAGE });
    after = page.last;
    if (page.rows.length) yield page.rows;
    if (page.rows.length < PAGE) return;
  }
}

async function rowCount(db: Kysely<DB>, table: string): Promise<number> {
  const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

export function tableLabel(table: string): string {
  return TABLE_LABELS[table] ?? table;
}

/** Rows per table of the app (the migrator's tables and the server's file store aside), in dependency order. */
export async function storeCounts(db: Kysely<DB>): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const t of await appCatalogue()) out.set(t.name, await rowCount(db, t.name));
  return out;
}

/** What a target holds beyond what its own migrations put in: [] when it is empty (a new data file, or a new
 *  server database whose tables the app has just made). */
export async function occupiedTables(
  db: Kysely<DB>,
): Promise<{ table: string; label: string; rows: number }[]> {
  const out: { table: string; label: string; rows: number }[] = [];
  for (const t of await appCatalogue()) {
    const rows = await rowCount(db, t.name);
    if (rows > 0 && (t.seededRows === 0 || rows !== t.seededRows))
      out.push({ table: t.name, label: tableLabel(t.name), rows });
  }
  const contents = await rowCount(db, 'attachment_contents');
  if (contents > 0)
    out.push({ table: 'attachment_contents', label: tableLabel('attachment_contents'), rows: contents });
  return out;
}

export function describeOccupied(rows: readonly { table: string; label: string; rows: number }[]): string {
  // Whose data it is first (the office and its accounts), then the largest tables.
  const first = ['office', 'users'];
  const sorted = [...rows].sort(
    (a, b) =>
      (first.includes(a.table) ? first.indexOf(a.table) : 9) -
        (first.includes(b.table) ? first.indexOf(b.table) : 9) || b.rows - a.rows,
  );
  const shown = sorted.slice(0, 6).map((r) => `${r.label} ${r.rows} 行`);
  return `${shown.join('、')}${rows.length > 6 ? ` 等 ${rows.length} 张表` : ''}`;
}

/** The digests the source's `files` table lists: the attachments a copy carries. */
async function listedDigests(db: Kysely<DB>): Promise<string[]> {
  const rows = await db.selectFrom('files').select('sha256').distinct().orderBy('sha256').execute();
  return rows.map((r) => r.sha256);
}

/** Copies the source's rows and attachments into the target, in one transaction on the target, and checks the
 *  result before committing (see the top of this file). The source is read in one consistent snapshot. */
export async function copyStore(
  source: CopySource,
  target: CopyTarget,
  options: CopyOptions = {},
): Promise<CopyReport> {
  const catalogue = await appCatalogue();
  const withAttachments = (options.attachments ?? true) === true;
  const keepAttachments = options.attachments === 'keep';
  const read = async <R>(fn: (src: Kysely<DB>) => Promise<R>): Promise<R> => {
    if (dialectOf(source.db) !== 'postgres') return source.db.transaction().execute(fn);
    // One snapshot of a server other seats keep writing to, so the copy is of one moment.
    return source.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (src) => {
        await sql`set transaction read only`.execute(src);
        return fn(src);
      });
  };
  const report = await read(async (src) => {
    const sourceCounts = new Map<string, number>();
    for (const t of catalogue) sourceCounts.set(t.name, await rowCount(src, t.name));
    const sourceHead = await ledgerHead(src);
    const counters = await readIdCounters(src);
    const digests = withAttachments || keepAttachments ? await listedDigests(src) : [];
    return target.db.transaction().execute(async (trx) => {
      // Replace the target's seeded rows (or, for a restore over the same office, everything).
      const toEmpty: string[] = [];
      for (const t of catalogue)
        if (options.replace || (await rowCount(trx, t.name)) > 0) toEmpty.push(t.name);
      await emptyTables(trx, toEmpty);

      const report: CopyReport['tables'] = [];
      let total = 0;
      const totalRows = [...sourceCounts.values()].reduce((a, b) => a + b, 0);
      const rowsAt = async (table: number, label: string, rows: number) => {
        if (!options.onProgress) return;
        options.onProgress({ stage: 'rows', table, tables: catalogue.length, label, rows, totalRows });
        await nextTurn();
      };
      for (const [i, t] of catalogue.entries()) {
        await rowsAt(i + 1, tableLabel(t.name), total);
        await options.beforeTable?.(t.name, trx);
        const theirs = new Set(await tableColumns(src, t.name));
        const columns = (await tableColumns(trx, t.name)).filter((c) => theirs.has(c));
        // A row naming a later row of its own table (a package superseded by a newer one) gets that reference
        // once the later row is in.
        const selfRefs = t.selfReferences.filter((r) => columns.includes(r.column));
        const seen = selfRefs.length ? new Set<string>() : null;
        const later: { key: Record<string, unknown>; column: string; value: unknown }[] = [];
        const batchRows = Math.max(1, Math.min(500, Math.floor(30_000 / Math.max(1, columns.length))));
        let rows = 0;
        for await (const page of pages(src, t, columns)) {
          for (let at = 0; at < page.length; at += batchRows) {
            const batch = page.slice(at, at + batchRows).map((row) => {
              if (!seen) return row;
              const out = { ...row };
              for (const r of selfRefs) {
                const v = row[r.column];
                if (v !== null && v !== undefined && !seen.has(`${r.refColumn}\u0000${String(v)}`)) {
                  later.push({
                    key: Object.fromEntries(t.primaryKey.map((k) => [k, row[k]])),
                    column: r.column,
                    value: v,
                  });
                  out[r.column] = null;
                }
              }
              for (const r of selfRefs) seen.add(`${r.refColumn}\u0000${String(row[r.refColumn])}`);
              return out;
            });
            await trx
              .insertInto(t.name as keyof DB)
              .values(batch as never)
              .execute();
            rows += batch.length;
          }
          await rowsAt(i + 1, tableLabel(t.name), total + rows);
        }
        for (const f of later) {
          await sql`update ${sql.table(t.name)} set ${sql.ref(f.column)} = ${f.value}
              where ${sql.join(
                Object.entries(f.key).map(([k, v]) => sql`${sql.ref(k)} = ${v}`),
                sql` and `,
              )}`.execute(trx);
        }
        report.push({ table: t.name, label: tableLabel(t.name), rows });
        total += rows;
      }
      // The last rows report: n / n tables and every row (the source is read in one snapshot, as it was counted).
      if (catalogue.length) await rowsAt(catalogue.length, tableLabel(catalogue.at(-1)!.name), total);
      await writeIdCounters(
        trx,
        counters,
        catalogue.filter((t) => t.autoincrement).map((t) => t.name),
      );

      let attachments: CopyReport['attachments'] = null;
      const store = target.attachments(trx);
      if (withAttachments) {
        const problems: string[] = [];
        let bytes = 0;
        for (const [i, sha256] of digests.entries()) {
          if (options.onProgress) {
            options.onProgress({ stage: 'attachments', done: i, total: digests.length });
            await nextTurn();
          }
          const got = await attachmentState(source.attachments, sha256);
          if (got.state !== 'ok') {
            problems.push(
              `${sha256.slice(0, 12)}…${got.state === 'missing' ? '缺失' : '已被改动（SHA-256 不符）'}`,
            );
            continue;
          }
          await store.put(sha256, got.bytes!);
          bytes += got.bytes!.length;
        }
        if (problems.length) {
          throw new AppError(
            'VALIDATION',
            `${source.label}中有 ${problems.length} 个附件无法复制（${problems.slice(0, 5).join('；')}），未做任何改动。请先从备份恢复这些附件`,
          );
        }
        attachments = { count: digests.length, bytes };
        options.onProgress?.({ stage: 'attachments', done: digests.length, total: digests.length });
      }

      // The checks, on the target as it stands inside the transaction.
      if (options.onProgress) {
        options.onProgress({ stage: 'check', totalRows });
        await nextTurn();
      }
      const differences: string[] = [];
      for (const t of catalogue) {
        const want = sourceCounts.get(t.name) ?? 0;
        const got = await rowCount(trx, t.name);
        if (got !== want) differences.push(`${tableLabel(t.name)}：源 ${want} 行，目标 ${got} 行`);
      }
      if (withAttachments || keepAttachments) {
        let bad = 0;
        for (const sha256 of digests) if ((await attachmentState(store, sha256)).state !== 'ok') bad++;
        if (bad)
          differences.push(
            keepAttachments
              ? `附件：${source.label}不含附件，而${target.label}中缺少其中 ${bad} 个（或与 SHA-256 不符）`
              : `附件：目标中有 ${bad} 个缺失或与 SHA-256 不符`,
          );
      }
      const head = await ledgerHead(trx);
      if (head.seq !== sourceHead.seq || head.hash !== sourceHead.hash) {
        differences.push(
          `信用台账链头：源 第 ${sourceHead.seq} 条 ${sourceHead.hash.slice(0, 16)}…，目标 第 ${head.seq} 条 ${head.hash.slice(0, 16)}…`,
        );
      }
      if (differences.length === 0) {
        const ledger = await verifyLedger(trx, 'auto', { workers: 0 });
        if (!ledger.ok) {
          differences.push(
            `信用台账校验未通过：${ledger.broken?.message ?? ledger.anchors.losses.map((l) => l.message).join('；')}`,
          );
        }
      }
      if (differences.length) {
        throw new AppError(
          'VALIDATION',
          `复制到${target.label}后核对不一致，已全部撤销：${differences.slice(0, 8).join('；')}`,
          { differences },
        );
      }
      return {
        tables: report,
        rows: total,
        attachments,
        head: { seq: head.seq, hash: head.hash },
      };
    });
  });
  // A server database just filled: its planner statistics and visibility map are brought up to date at once
  // (autovacuum would come to it later), so the first queries after a move are planned on the real row counts and
  // can read indexes alone. Outside the copy's transaction, as VACUUM must be.
  if (dialectOf(target.db) === 'postgres')
    for (const t of catalogue) await sql`vacuum (analyze) ${sql.table(t.name)}`.execute(target.db);
  return report;
}
