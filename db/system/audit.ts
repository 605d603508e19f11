// The audit trail read back: filtered by time, person, kind of record and words, newest first, a block at a time
// for the grid; and the whole selection as an Excel file for an inspector, read in batches.
import type { Kysely, Selectable } from 'kysely';
import type {
  AUDIT_FILTER_KEYS,
  AUDIT_SORT_KEYS,
  AuditFilter,
  AuditListRow,
  AuditRow,
  FileDownload,
  PageOf,
  ParsedInput,
} from '../../shared/contract';
import type { DB } from '../core/schema';
import { containsText } from '../core/dialect';
import { pageOf, splitPageInput, type PageColumns } from '../core/paging';
import { writeSheetFrom, XLSX_MIME } from '../core/xlsx';
import type { ProgressControl } from '../core/progress';
import { auditActionLabel, auditEntityLabel } from '../../shared/domain/audit-labels';

/** Dates are the office's local days (Asia/Shanghai); audit times are stored in UTC. */
const dayStartUtc = (d: string) => new Date(`${d}T00:00:00+08:00`).toISOString();
const dayEndUtc = (d: string) => new Date(`${d}T23:59:59.999+08:00`).toISOString();

/** The audit rows the filter selects (nothing selected yet). */
function filteredAudit(db: Kysely<DB>, f: AuditFilter & { search?: string | undefined }) {
  let q = db.selectFrom('audit_log');
  if (f.entity) q = q.where('entity', '=', f.entity);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.from) q = q.where('at', '>=', dayStartUtc(f.from));
  if (f.to) q = q.where('at', '<=', dayEndUtc(f.to));
  if (f.actor) q = q.where(containsText(db, 'actor_name', f.actor));
  if (f.text) q = q.where(containsText(db, 'summary', f.text));
  const search = f.search;
  if (search)
    q = q.where((eb) =>
      eb.or([
        containsText(db, 'summary', search),
        containsText(db, 'actor_name', search),
        containsText(db, 'entity', search),
        containsText(db, 'action', search),
      ]),
    );
  return q;
}

type Stored = Selectable<DB['audit_log']>;

const toListRow = (r: Omit<Stored, 'before_json' | 'after_json' | 'actor_id'>): AuditListRow => ({
  id: r.id,
  at: r.at,
  actorName: r.actor_name,
  seat: r.seat,
  action: r.action,
  entity: r.entity,
  entityId: r.entity_id,
  summary: r.summary,
});

export async function queryAudit(db: Kysely<DB>, f: AuditFilter, limit: number): Promise<AuditRow[]> {
  const rows = await filteredAudit(db, f).selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    ...toListRow(r),
    before: r.before_json === null ? null : JSON.parse(r.before_json),
    after: r.after_json === null ? null : JSON.parse(r.after_json),
  }));
}

const AUDIT_COLUMNS = {
  at: 'audit_log.at',
  actorName: 'audit_log.actor_name',
  seat: 'audit_log.seat',
  summary: 'audit_log.summary',
  entity: 'audit_log.entity',
  action: 'audit_log.action',
} as const satisfies PageColumns<(typeof AUDIT_SORT_KEYS | typeof AUDIT_FILTER_KEYS)[number]>;

/** A block of 操作日志 (the latest written first unless the grid sorts), without the before/after copies. */
export async function auditPage(
  db: Kysely<DB>,
  input: ParsedInput<'audit.page'>,
): Promise<PageOf<AuditListRow>> {
  const { view, filters: f } = splitPageInput(input);
  return pageOf({
    db,
    filtered: filteredAudit(db, f),
    select: (q) =>
      (q as ReturnType<typeof filteredAudit>).select([
        'audit_log.id',
        'audit_log.at',
        'audit_log.actor_name',
        'audit_log.seat',
        'audit_log.action',
        'audit_log.entity',
        'audit_log.entity_id',
        'audit_log.summary',
      ]),
    sortColumns: AUDIT_COLUMNS,
    filterColumns: AUDIT_COLUMNS,
    // Newest first by the order written (the id): a desk's clock may be behind another's, the log's order is not.
    order: { dir: 'desc' },
    id: 'audit_log.id',
    // A day range with a person matched thousands of rows at 3x the 10-year district, each read whole (the summary,
    // the names) and sorted for the newest 100: the ids come from the time-and-person index instead.
    idsFirst: true,
    input: view,
    toRows: (rows) => rows.map(toListRow),
  });
}

/** The filtered log, newest first, in batches read by id (each batch starts below the last one's id), so an export
 *  of the whole log never holds more than one batch of stored rows. */
async function* auditBatches(db: Kysely<DB>, f: AuditFilter, size = 2000): AsyncGenerator<Stored[]> {
  let below: number | null = null;
  for (;;) {
    let q = filteredAudit(db, f).selectAll().orderBy('id', 'desc').limit(size);
    if (below !== null) q = q.where('id', '<', below);
    const rows = await q.execute();
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
    below = rows.at(-1)!.id;
  }
}

/** The 操作日志 as an Excel file, read in blocks; with `progress` (ctx.progress) it shows 第 k / n 行 and may be stopped. */
export async function exportAudit(
  db: Kysely<DB>,
  f: AuditFilter,
  progress?: ProgressControl,
): Promise<FileDownload> {
  const counted = progress
    ? await filteredAudit(db, f)
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow()
    : null;
  const bytes = await writeSheetFrom(
    '操作日志',
    [
      { header: '编号', width: 8, value: (r: Stored) => r.id },
      // The instant as a real Excel time, shown in Beijing time (writeSheet → setCell).
      { header: '时间', width: 20, value: (r) => r.at },
      { header: '操作人', width: 22, value: (r) => r.actor_name },
      { header: '操作', width: 50, value: (r) => r.summary },
      { header: '对象', width: 18, value: (r) => auditEntityLabel(r.entity) },
      { header: '对象编号', width: 10, value: (r) => r.entity_id },
      { header: '操作类型', width: 22, value: (r) => auditActionLabel(r.action) },
      // As the dispatcher stored them (JSON.stringify of the record).
      { header: '修改前', width: 40, value: (r) => r.before_json ?? '' },
      { header: '修改后', width: 40, value: (r) => r.after_json ?? '' },
      // The computer (seat) the write came from: with the office server several desks share one log.
      { header: '计算机', width: 16, value: (r) => r.seat },
    ],
    auditBatches(db, f),
    progress && counted ? { progress, what: '正在导出操作日志', total: Number(counted.n) } : undefined,
  );
  return {
    fileName: `操作日志${f.from ? `-${f.from}` : ''}${f.to ? `至${f.to}` : ''}.xlsx`,
    mimeType: XLSX_MIME,
    base64: bytes.toString('base64'),
  };
}
