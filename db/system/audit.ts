// The audit trail read back: filtered by time, person, kind of record and words, newest first; and the same
// selection as an Excel file for an inspector.
import type { Kysely } from 'kysely';
import type { AuditFilter, AuditRow, FileDownload } from '../../shared/contract';
import type { DB } from '../core/schema';
import { containsText } from '../core/dialect';
import { writeSheet, XLSX_MIME } from '../core/xlsx';
import { auditActionLabel, auditEntityLabel } from '../../shared/domain/audit-labels';

/** Dates are the office's local days (Asia/Shanghai); audit times are stored in UTC. */
const dayStartUtc = (d: string) => new Date(`${d}T00:00:00+08:00`).toISOString();
const dayEndUtc = (d: string) => new Date(`${d}T23:59:59.999+08:00`).toISOString();

export async function queryAudit(db: Kysely<DB>, f: AuditFilter, limit: number): Promise<AuditRow[]> {
  let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit);
  if (f.entity) q = q.where('entity', '=', f.entity);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.from) q = q.where('at', '>=', dayStartUtc(f.from));
  if (f.to) q = q.where('at', '<=', dayEndUtc(f.to));
  if (f.actor) q = q.where(containsText(db, 'actor_name', f.actor));
  if (f.text) q = q.where(containsText(db, 'summary', f.text));
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorName: r.actor_name,
    seat: r.seat,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    summary: r.summary,
    before: r.before_json === null ? null : JSON.parse(r.before_json),
    after: r.after_json === null ? null : JSON.parse(r.after_json),
  }));
}

export async function exportAudit(db: Kysely<DB>, f: AuditFilter): Promise<FileDownload> {
  const rows = await queryAudit(db, f, 100_000);
  const bytes = await writeSheet(
    '操作日志',
    [
      { header: '编号', width: 8, value: (r: AuditRow) => r.id },
      // The instant as a real Excel time, shown in Beijing time (writeSheet → setCell).
      { header: '时间', width: 20, value: (r) => r.at },
      { header: '操作人', width: 22, value: (r) => r.actorName },
      { header: '操作', width: 50, value: (r) => r.summary },
      { header: '对象', width: 18, value: (r) => auditEntityLabel(r.entity) },
      { header: '对象编号', width: 10, value: (r) => r.entityId },
      { header: '操作类型', width: 22, value: (r) => auditActionLabel(r.action) },
      { header: '修改前', width: 40, value: (r) => (r.before === null ? '' : JSON.stringify(r.before)) },
      { header: '修改后', width: 40, value: (r) => (r.after === null ? '' : JSON.stringify(r.after)) },
      // The computer (seat) the write came from: with the office server several desks share one log.
      { header: '计算机', width: 16, value: (r) => r.seat },
    ],
    rows,
  );
  return {
    fileName: `操作日志${f.from ? `-${f.from}` : ''}${f.to ? `至${f.to}` : ''}.xlsx`,
    mimeType: XLSX_MIME,
    base64: bytes.toString('base64'),
  };
}
