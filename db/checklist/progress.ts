// Quarterly progress on the checklist: each department reports on each of its items per quarter (status,
// narrative, issues, next steps, evidence files); the lead unit writes the item's summary; a report missing
// after the quarter's deadline is late.
import type { Kysely } from 'kysely';
import type { ChecklistProgressView, EvidenceFile, MatrixCell, ProgressReport } from '../../shared/contract';
import type { ProgressStatus } from '../../shared/domain/checklist';
import {
  addWorkingDays,
  lastWorkingDayOfQuarter,
  quarterEnd,
  todayIso,
  type WorkCalendar,
} from '../../shared/dates';
import type { Settings } from '../../shared/contract';
import { loadSettings } from '../system/settings';
import { AppError } from '../../shared/errors';
import { defineHandlers, nowIso, requireActor, type HandlerContext } from '../core/context';
import type { DB } from '../core/schema';
import { downloadName, readStoredFile, storeFile } from '../core/files';
import { claimVersion } from '../core/versions';
import { loadWorkCalendar } from '../system/calendar';
import { loadChecklist } from './queries';

type Quarter = 1 | 2 | 3 | 4;

/** The office's rule for when a quarter's reports are due (default: the quarter's last working day). */
export function reportDeadline(
  cal: WorkCalendar,
  rule: Settings['checklistReportDeadline'],
  year: number,
  quarter: Quarter,
): string {
  if (rule.rule === 'workingDaysAfterQuarter')
    return addWorkingDays(cal, quarterEnd(year, quarter), rule.days);
  return lastWorkingDayOfQuarter(cal, year, quarter);
}

export async function reportsFor(
  db: Kysely<DB>,
  where: { checklistId: number; quarter: Quarter } | { progressId: number },
): Promise<ProgressReport[]> {
  let q = db
    .selectFrom('checklist_progress as p')
    .innerJoin('checklist_items as i', 'i.id', 'p.item_id')
    .innerJoin('users as u', 'u.id', 'p.reporter_id')
    .selectAll('p')
    .select('u.display_name as reporter_name');
  q =
    'progressId' in where
      ? q.where('p.id', '=', where.progressId)
      : q.where('i.checklist_id', '=', where.checklistId).where('p.quarter', '=', where.quarter);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const evidence = await db
    .selectFrom('checklist_evidence as e')
    .innerJoin('files as f', 'f.id', 'e.file_id')
    .select(['e.progress_id', 'e.file_name', 'f.id', 'f.size', 'f.sha256', 'f.mime_type'])
    .where(
      'e.progress_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('e.added_at')
    .execute();
  const byProgress = new Map<number, EvidenceFile[]>();
  for (const e of evidence) {
    const l = byProgress.get(e.progress_id) ?? [];
    l.push({ id: e.id, fileName: e.file_name, size: e.size, sha256: e.sha256, mimeType: e.mime_type });
    byProgress.set(e.progress_id, l);
  }
  return rows.map((r) => ({
    id: r.id,
    version: r.row_version,
    itemId: r.item_id,
    departmentId: r.department_id,
    quarter: r.quarter as Quarter,
    status: r.status as ProgressStatus,
    narrative: r.narrative,
    issues: r.issues,
    nextSteps: r.next_steps,
    reporterName: r.reporter_name,
    reportedAt: r.reported_at,
    evidence: byProgress.get(r.id) ?? [],
  }));
}

export interface ProgressFields {
  itemId: number;
  departmentId: number;
  quarter: number;
  status: ProgressStatus;
  narrative: string;
  issues: string;
  nextSteps: string;
  /** The version of the unit's report the form started from (none: the import, or a first report). */
  version?: number | undefined;
}

export async function progressIdOf(
  ctx: HandlerContext,
  k: Pick<ProgressFields, 'itemId' | 'departmentId' | 'quarter'>,
): Promise<number | null> {
  const row = await ctx.db
    .selectFrom('checklist_progress')
    .select('id')
    .where('item_id', '=', k.itemId)
    .where('department_id', '=', k.departmentId)
    .where('quarter', '=', k.quarter)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Writes one unit's report for a quarter as the acting user (the one upsert behind the dialog and the Excel
 *  import); evidence links are left as they are. Returns the report's id. */
export async function upsertProgress(ctx: HandlerContext, f: ProgressFields): Promise<number> {
  const actor = requireActor(ctx);
  const fields = {
    status: f.status,
    narrative: f.narrative,
    issues: f.issues,
    next_steps: f.nextSteps,
    reporter_id: actor.id,
    reported_at: nowIso(ctx),
  };
  const existing = await progressIdOf(ctx, f);
  if (existing) {
    // Someone else's newer report for the quarter is not overwritten from a stale copy.
    await claimVersion(ctx, 'checklist_progress', existing, f.version, async () => {
      return (await reportsFor(ctx.db, { progressId: existing }))[0];
    });
    await ctx.db.updateTable('checklist_progress').set(fields).where('id', '=', existing).execute();
    return existing;
  }
  const { id } = await ctx.db
    .insertInto('checklist_progress')
    .values({ ...fields, item_id: f.itemId, department_id: f.departmentId, quarter: f.quarter })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export const checklistProgressHandlers = defineHandlers({
  'checklist.progress': async ({ year, quarter }, ctx): Promise<ChecklistProgressView> => {
    const list = await loadChecklist(ctx.db, { year }, todayIso(ctx.now()));
    if (!list) throw new AppError('NOT_FOUND', `${year} 年尚未建立任务清单`);
    const deadline = reportDeadline(
      await loadWorkCalendar(ctx.db),
      (await loadSettings(ctx.db)).checklistReportDeadline,
      year,
      quarter,
    );
    const deadlinePassed = todayIso(ctx.now()) > deadline;
    const reports = await reportsFor(ctx.db, { checklistId: list.id, quarter });
    const reported = new Map(reports.map((r) => [`${r.itemId}:${r.departmentId}`, r.status]));
    const cells: MatrixCell[] = [];
    const deptIds = new Set<number>();
    for (const item of list.items.filter((i) => !i.retired)) {
      for (const u of item.units) {
        deptIds.add(u.departmentId);
        const status = reported.get(`${item.id}:${u.departmentId}`) ?? null;
        cells.push({
          itemId: item.id,
          departmentId: u.departmentId,
          role: u.role,
          status,
          late: status === null && deadlinePassed,
        });
      }
    }
    const departments = await ctx.db
      .selectFrom('departments')
      .select(['id', 'short_name'])
      .where('id', 'in', [...deptIds, -1])
      .orderBy('sort_order')
      .orderBy('id')
      .execute();
    const summaries = await ctx.db
      .selectFrom('checklist_summaries as s')
      .innerJoin('checklist_items as i', 'i.id', 's.item_id')
      .innerJoin('users as u', 'u.id', 's.author_id')
      .select(['s.item_id', 's.text', 'u.display_name', 's.updated_at'])
      .where('i.checklist_id', '=', list.id)
      .where('s.quarter', '=', quarter)
      .execute();
    return {
      checklistId: list.id,
      year,
      quarter,
      deadline,
      deadlinePassed,
      departments: departments.map((d) => ({ id: d.id, shortName: d.short_name })),
      cells,
      reports,
      summaries: summaries.map((s) => ({
        itemId: s.item_id,
        text: s.text,
        authorName: s.display_name,
        updatedAt: s.updated_at,
      })),
    };
  },

  'checklist.report': async (input, ctx) => {
    const unit = await ctx.db
      .selectFrom('checklist_item_units as u')
      .innerJoin('checklist_items as i', 'i.id', 'u.item_id')
      .innerJoin('departments as d', 'd.id', 'u.department_id')
      .select(['i.title', 'i.retired', 'd.short_name'])
      .where('u.item_id', '=', input.itemId)
      .where('u.department_id', '=', input.departmentId)
      .executeTakeFirst();
    if (!unit) throw new AppError('VALIDATION', '该单位不是此项任务的责任单位，不能填报');
    if (unit.retired) throw new AppError('VALIDATION', '该任务已停用，不能再填报');
    const existing = await progressIdOf(ctx, input);
    const before = existing ? (await reportsFor(ctx.db, { progressId: existing }))[0]! : null;
    const progressId = await upsertProgress(ctx, input);
    const at = nowIso(ctx);
    if (input.removeEvidenceIds.length) {
      await ctx.db
        .deleteFrom('checklist_evidence')
        .where('progress_id', '=', progressId)
        .where('file_id', 'in', input.removeEvidenceIds)
        .execute();
    }
    for (const upload of input.evidence) {
      const file = await storeFile(ctx, upload);
      await ctx.db
        .insertInto('checklist_evidence')
        .values({ progress_id: progressId, file_id: file.id, file_name: upload.fileName, added_at: at })
        .onConflict((oc) =>
          oc.columns(['progress_id', 'file_id']).doUpdateSet({ file_name: upload.fileName }),
        )
        .execute();
    }
    const after = (await reportsFor(ctx.db, { progressId }))[0]!;
    await ctx.audit({
      entity: 'checklist_progress',
      entityId: progressId,
      summary: `${unit.short_name} 填报第${input.quarter}季度进展：${unit.title}`,
      before,
      after,
    });
    return after;
  },

  'checklist.summarize': async ({ itemId, quarter, text }, ctx) => {
    const actor = requireActor(ctx);
    const item = await ctx.db
      .selectFrom('checklist_items')
      .select('title')
      .where('id', '=', itemId)
      .executeTakeFirst();
    if (!item) throw new AppError('NOT_FOUND', '任务不存在');
    const before = await ctx.db
      .selectFrom('checklist_summaries')
      .selectAll()
      .where('item_id', '=', itemId)
      .where('quarter', '=', quarter)
      .executeTakeFirst();
    await ctx.db
      .insertInto('checklist_summaries')
      .values({ item_id: itemId, quarter, text, author_id: actor.id, updated_at: nowIso(ctx) })
      .onConflict((oc) =>
        oc
          .columns(['item_id', 'quarter'])
          .doUpdateSet({ text, author_id: actor.id, updated_at: nowIso(ctx) }),
      )
      .execute();
    await ctx.audit({
      entity: 'checklist_summary',
      entityId: `${itemId}:${quarter}`,
      summary: `牵头单位汇总第${quarter}季度：${item.title}`,
      before: before?.text ?? null,
      after: text,
    });
    return null;
  },

  'checklist.evidenceFile': async ({ fileId }, ctx) => {
    const link = await ctx.db
      .selectFrom('checklist_evidence')
      .select('file_name')
      .where('file_id', '=', fileId)
      .executeTakeFirst();
    if (!link) throw new AppError('NOT_FOUND', '附件不存在');
    const { bytes, file } = await readStoredFile(ctx, fileId);
    return {
      fileName: downloadName(link.file_name),
      mimeType: file.mimeType,
      base64: bytes.toString('base64'),
    };
  },
});
