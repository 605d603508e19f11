// 结果公开 (一公开): every drawn batch with how far its inspections are, the day they ended, the publication deadline
// (N working days after, by the office's calendar and setting — computed at each read until the publication is
// recorded, then kept with it), its status, and the public results table: institutions (legal persons) by name and
// 统一社会信用代码, natural persons masked, inspectors left out (departments only). Exported as xlsx here; the
// printable PDF is the same table as a GB/T 9704 document (shared/print/inspections.ts) in the print preview.
import { sql, type Kysely } from 'kysely';
import {
  PRACTITIONER_CATEGORY_LABELS,
  PUBLIC_RESULT_COLUMNS,
  REVIEW_RESULT_LABELS,
  APPROVAL_STATUS_LABELS,
  FOLLOWUP_LABELS,
  RESULT_CATEGORY_LABELS,
  approvalPublishable,
  daysLate,
  inspectionsEndedOn,
  maskCertificateNo,
  maskPersonName,
  publicationDue,
  publicationDueNote,
  publicationRuleText,
  publicationStatus,
  type DayUnit,
  type DeadlineRule,
  type DrawRecord,
  type Inspection,
  type InspectionPublicationBatch,
  type ParsedInput,
  type PublicResultRow,
  type PublicResultsTable,
  type RuleCitation,
} from '../../shared/contract';
import { publicResultsFileName, publicResultsTitle } from '../../shared/print/inspections';
import { todayIso, type IsoDate, type WorkCalendar } from '../../shared/dates';
import { AppError, type FieldIssue } from '../../shared/errors';
import { defineHandlers, nowIso, requireActor, type HandlerContext } from '../core/context';
import type { DB } from '../core/schema';
import { writeSheet, XLSX_MIME } from '../core/xlsx';
import { loadWorkCalendar } from '../system/calendar';
import { listInspections } from './inspections';
import { loadCitation, loadSettings } from '../system/settings';
import { getOffice } from '../system/users';

const today = (ctx: HandlerContext): IsoDate => todayIso(ctx.now());

export async function loadPublicationRule(db: Kysely<DB>): Promise<DeadlineRule> {
  const s = await loadSettings(db);
  return { days: s.inspectionPublicationDays, unit: s.inspectionPublicationUnit };
}

const batchColumns = (db: Kysely<DB>) =>
  db
    .selectFrom('draw_records as r')
    .innerJoin('inspection_plans as p', 'p.id', 'r.plan_id')
    .innerJoin('inspection_plan_batches as b', (j) =>
      j.onRef('b.plan_id', '=', 'r.plan_id').onRef('b.number', '=', 'r.batch_number'),
    )
    .leftJoin('inspection_publications as pub', (j) =>
      j.onRef('pub.plan_id', '=', 'r.plan_id').onRef('pub.batch_number', '=', 'r.batch_number'),
    )
    .select([
      'r.id as draw_id',
      'r.plan_id',
      'r.batch_number',
      'r.target_count',
      'p.name as plan_name',
      'p.year',
      'b.name as batch_name',
      'b.start_date',
      'b.end_date',
      'pub.published_on',
      'pub.channel',
      'pub.note',
      'pub.due_on',
      'pub.rule_days',
      'pub.rule_unit',
      'pub.recorded_by',
      'pub.recorded_at',
    ])
    .select(
      sql<number>`(select count(*) from inspections x where x.plan_id = r.plan_id and x.batch_number = r.batch_number and x.removed_at is null)`.as(
        'recorded',
      ),
    )
    .select(
      sql<
        string | null
      >`(select max(x.inspected_on) from inspections x where x.plan_id = r.plan_id and x.batch_number = r.batch_number and x.removed_at is null)`.as(
        'last_on',
      ),
    );

type BatchRow = Awaited<ReturnType<ReturnType<typeof batchColumns>['executeTakeFirstOrThrow']>>;

function toBatch(
  r: BatchRow,
  cal: WorkCalendar,
  rule: DeadlineRule,
  on: IsoDate,
  cite: RuleCitation,
): InspectionPublicationBatch {
  const recorded = Number(r.recorded);
  const progress = { targets: r.target_count, recorded, lastInspectedOn: r.last_on, endDate: r.end_date };
  const endedOn = inspectionsEndedOn(progress, on);
  const published = r.published_on !== null;
  // A recorded publication keeps the deadline and rule it was measured against.
  const applied: DeadlineRule = published ? { days: r.rule_days!, unit: r.rule_unit as DayUnit } : rule;
  const dueOn = published ? r.due_on : endedOn ? publicationDue(cal, endedOn, rule) : null;
  const status = publicationStatus(cal, { dueOn, publishedOn: r.published_on }, on);
  const missing = r.target_count - recorded;
  const progressText =
    missing <= 0
      ? `${r.target_count} 家全部检查完毕`
      : endedOn
        ? `计划检查时间已过，尚有 ${missing} 家未录入检查结果（已录入 ${recorded}/${r.target_count} 家）`
        : `检查中：已录入 ${recorded}/${r.target_count} 家`;
  return {
    planId: r.plan_id,
    planName: r.plan_name,
    year: r.year,
    batchNumber: r.batch_number,
    batchName: r.batch_name,
    startDate: r.start_date,
    endDate: r.end_date,
    drawId: r.draw_id,
    targetCount: r.target_count,
    recordedCount: recorded,
    lastInspectedOn: r.last_on,
    endedOn,
    progressText,
    dueOn,
    rule: applied,
    ruleText: publicationRuleText(applied, cite),
    status,
    dueNote: !published && dueOn ? publicationDueNote(cal, dueOn, on) : null,
    publication: published
      ? {
          publishedOn: r.published_on!,
          channel: r.channel ?? '',
          note: r.note ?? '',
          recordedBy: r.recorded_by ?? '',
          recordedAt: r.recorded_at ?? '',
          dueOn: r.due_on,
          ruleText: publicationRuleText(applied, cite),
          daysLate: r.due_on ? daysLate(r.due_on, r.published_on, on) : 0,
        }
      : null,
  };
}

export async function listPublicationBatches(
  db: Kysely<DB>,
  on: IsoDate,
  f: { year?: number | undefined; planId?: number; batchNumber?: number },
): Promise<InspectionPublicationBatch[]> {
  let q = batchColumns(db);
  if (f.year !== undefined) q = q.where('p.year', '=', f.year);
  if (f.planId !== undefined) q = q.where('r.plan_id', '=', f.planId);
  if (f.batchNumber !== undefined) q = q.where('r.batch_number', '=', f.batchNumber);
  const rows = await q.orderBy('p.year', 'desc').orderBy('r.plan_id').orderBy('r.batch_number').execute();
  if (rows.length === 0) return [];
  const cal = await loadWorkCalendar(db);
  const rule = await loadPublicationRule(db);
  const cite = await loadCitation(db, 'publication');
  return rows.map((r) => toBatch(r, cal, rule, on, cite));
}

export async function getPublicationBatch(
  db: Kysely<DB>,
  on: IsoDate,
  planId: number,
  batchNumber: number,
): Promise<InspectionPublicationBatch> {
  const [b] = await listPublicationBatches(db, on, { planId, batchNumber });
  if (!b) throw new AppError('NOT_FOUND', '该批次尚未抽取，没有可公开的检查结果');
  return b;
}

// ---------------------------------------------------------------------------------------------- the public table

/** 处理情况 as the public reads it, after the 检查结果: 整改 and its 复查, the case number, the transfer, the
 *  penalties; never the findings text (it may name people). */
export function publicHandling(x: Inspection): string {
  const parts: string[] = [`后续处置措施：${FOLLOWUP_LABELS[x.followup]}`];
  if (x.outcome === 'rectify' && x.rectifyDue) {
    parts.push(`整改期限 ${x.rectifyDue}`);
    if (x.review)
      parts.push(
        `复查（${x.review.on}）：${REVIEW_RESULT_LABELS[x.review.result]}${x.review.escalated ? '，已立案查处' : ''}`,
      );
    else parts.push('整改中');
  }
  if (x.caseNo && (x.outcome === 'case' || x.review?.escalated)) parts.push(`立案号 ${x.caseNo}`);
  if (x.transferTo) parts.push(`${x.followup === 'notify' ? '抄告' : '移送'}${x.transferTo}`);
  if (x.penaltyText) parts.push(`行政处罚：${x.penaltyText}`);
  return parts.join('；') || '—';
}

export function publicRow(x: Inspection, no: number): PublicResultRow {
  // In the office's order of its member departments, whoever led.
  const departments = [...new Map(x.team.map((m) => [m.departmentId, m.department])).entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, name]) => name);
  return {
    no,
    institutionName: x.institutionName,
    uscc: x.institutionUscc,
    items: x.items.join('；'),
    inspectedOn: x.inspectedOn,
    outcome: RESULT_CATEGORY_LABELS[x.resultCategory],
    handling: publicHandling(x),
    persons: x.practitioners.length
      ? x.practitioners
          .map(
            (p) =>
              `${maskPersonName(p.name)}（${PRACTITIONER_CATEGORY_LABELS[p.category]}，证书编号 ${maskCertificateNo(p.certificateNo)}）`,
          )
          .join('；')
      : '—',
    departments: departments.join('、'),
  };
}

export async function publicResultsTable(
  db: Kysely<DB>,
  on: IsoDate,
  planId: number,
  batchNumber: number,
): Promise<PublicResultsTable> {
  const batch = await getPublicationBatch(db, on, planId, batchNumber);
  const office = await getOffice(db);
  const records = (await listInspections(db, on, { planId, batchNumber })).sort(
    (a, b) => (a.drawPosition ?? 0) - (b.drawPosition ?? 0),
  );
  const draw = await db
    .selectFrom('draw_records')
    .select('record_json')
    .where('id', '=', batch.drawId)
    .executeTakeFirstOrThrow();
  const targets = (JSON.parse(draw.record_json) as DrawRecord).result.targets;
  const done = new Set(records.map((x) => x.drawPosition));
  // Only reviewed results are published; the others are listed for the staff, with their state.
  const publishable = records.filter((x) => approvalPublishable(x.approvalStatus));
  return {
    batch,
    officeName: office?.name ?? '',
    title: publicResultsTitle(batch),
    rows: publishable.map((x, i) => publicRow(x, i + 1)),
    unrecorded: targets.filter((_, i) => !done.has(i)).map((t) => t.name),
    unreviewed: records
      .filter((x) => !approvalPublishable(x.approvalStatus))
      .map(
        (x) => `${x.institutionName}（检查记录第 ${x.id} 号，${APPROVAL_STATUS_LABELS[x.approvalStatus]}）`,
      ),
  };
}

// ---------------------------------------------------------------------------------------------- handlers

export const inspectionPublicationHandlers = defineHandlers({
  'inspectionPublications.list': async ({ year }, ctx) =>
    listPublicationBatches(ctx.db, today(ctx), { year }),
  'inspectionPublications.table': async ({ planId, batchNumber }, ctx) =>
    publicResultsTable(ctx.db, today(ctx), planId, batchNumber),
  'inspectionPublications.exportXlsx': async ({ planId, batchNumber }, ctx) => {
    const t = await publicResultsTable(ctx.db, today(ctx), planId, batchNumber);
    const bytes = await writeSheet(
      '抽查结果',
      PUBLIC_RESULT_COLUMNS.map((c) => ({
        header: c.header,
        width: c.width,
        value: (r: PublicResultRow) => r[c.key],
      })),
      t.rows,
    );
    return {
      fileName: publicResultsFileName(t.batch, 'xlsx'),
      mimeType: XLSX_MIME,
      base64: bytes.toString('base64'),
    };
  },
  'inspectionPublications.mark': async (v: ParsedInput<'inspectionPublications.mark'>, ctx) => {
    const actor = requireActor(ctx);
    const on = today(ctx);
    const before = await getPublicationBatch(ctx.db, on, v.planId, v.batchNumber);
    const issues: FieldIssue[] = [];
    if (before.recordedCount === 0)
      issues.push({ path: 'publishedOn', message: '该批次还没有检查记录，没有可公开的结果' });
    const unreviewed = (
      await listInspections(ctx.db, on, { planId: v.planId, batchNumber: v.batchNumber })
    ).filter((x) => !approvalPublishable(x.approvalStatus));
    if (unreviewed.length > 0)
      issues.push({
        path: 'publishedOn',
        message: `只有审核通过的检查结果才能公开：${unreviewed
          .slice(0, 5)
          .map((x) => `${x.institutionName}（第 ${x.id} 号，${APPROVAL_STATUS_LABELS[x.approvalStatus]}）`)
          .join('、')}${unreviewed.length > 5 ? ` 等 ${unreviewed.length} 条` : ''}尚未审核通过`,
      });
    if (v.publishedOn > on) issues.push({ path: 'publishedOn', message: `公开日期不能晚于今天（${on}）` });
    if (before.lastInspectedOn && v.publishedOn < before.lastInspectedOn)
      issues.push({
        path: 'publishedOn',
        message: `公开日期不能早于该批次最后一次检查的日期（${before.lastInspectedOn}）`,
      });
    if (issues.length) throw new AppError('VALIDATION', issues.map((i) => i.message).join('；'), { issues });
    const row = {
      published_on: v.publishedOn,
      channel: v.channel,
      note: v.note,
      due_on: before.dueOn,
      rule_days: before.rule.days,
      rule_unit: before.rule.unit,
      recorded_by: `${actor.displayName}（${actor.username}）`,
      recorded_at: nowIso(ctx),
    };
    await ctx.db
      .insertInto('inspection_publications')
      .values({ plan_id: v.planId, batch_number: v.batchNumber, ...row })
      .onConflict((oc) => oc.columns(['plan_id', 'batch_number']).doUpdateSet(row))
      .execute();
    const after = await getPublicationBatch(ctx.db, on, v.planId, v.batchNumber);
    const late = after.publication?.daysLate ? `，逾期 ${after.publication.daysLate} 日` : '';
    await ctx.audit({
      entity: 'inspection_publication',
      entityId: `${v.planId}/${v.batchNumber}`,
      summary: `${before.publication ? '修改' : '登记'}抽查结果公开：“${after.planName}”第${after.batchNumber}批，${v.publishedOn} 于${v.channel}公开（${after.recordedCount} 家）${late}`,
      before: before.publication,
      after: after.publication,
    });
    return after;
  },
  'inspectionPublications.unmark': async ({ planId, batchNumber, reason }, ctx) => {
    const on = today(ctx);
    const before = await getPublicationBatch(ctx.db, on, planId, batchNumber);
    if (!before.publication) throw new AppError('VALIDATION', '该批次尚未登记公开');
    await ctx.db
      .deleteFrom('inspection_publications')
      .where('plan_id', '=', planId)
      .where('batch_number', '=', batchNumber)
      .execute();
    const after = await getPublicationBatch(ctx.db, on, planId, batchNumber);
    await ctx.audit({
      entity: 'inspection_publication',
      entityId: `${planId}/${batchNumber}`,
      summary: `撤销抽查结果公开登记：“${after.planName}”第${after.batchNumber}批（原 ${before.publication.publishedOn} 于${before.publication.channel}公开），原因：${reason}`,
      before: before.publication,
      after: null,
    });
    return after;
  },
});
