// 双随机 draws against the database: the directory snapshot a batch draws from (在业 institutions in the plan's
// scope, with the lead of their latest inspection record — or, before any, of their latest draw; active inspectors
// of the participating departments, with their 回避), the preview before the witnesses type the entropy, the draw
// itself (stored once, immutably, as canonical JSON with its SHA-256), and the record as JSON, print and Word. The
// algorithm is db/enforcement/draw-algorithm.ts.
import { sql, type Kysely } from 'kysely';
import type {
  CreditTier,
  DrawBatchSnapshot,
  DrawDetail,
  DrawInstitutionRow,
  DrawInspectorRow,
  DrawPlanSnapshot,
  DrawPreview,
  DrawRecord,
  DrawSummary,
  FileDownload,
  InspectionPlan,
  InstitutionCategory,
} from '../../shared/contract';
import { drawRecordDoc, drawRecordFileName } from '../../shared/print/draws';
import { todayIso } from '../../shared/dates';
import { AppError } from '../../shared/errors';
import {
  buildDrawRecord,
  canonicalJson,
  drawProblems,
  drawRecordSha256,
  isJoint,
  tierGroups,
  type DirectorySnapshot,
  type DrawInputs,
} from './draw-algorithm';
import { officialDocDocx } from '../core/official-docx';
import { defineHandlers, requireActor, type HandlerContext } from '../core/context';
import type { DB } from '../core/schema';
import { getPlan } from './plans';
import { getOffice } from '../system/users';
import { jsonArrayFrom, jsonRows } from '../core/dialect';

export function planSnapshot(plan: InspectionPlan): DrawPlanSnapshot {
  return {
    id: plan.id,
    year: plan.year,
    name: plan.name,
    categories: plan.categories,
    streets: plan.streets,
    items: plan.items,
    departments: plan.departments.map((d) => ({ id: d.id, name: d.shortName })),
    ratios: plan.ratios,
    teamSize: plan.teamSize,
  };
}

function batchOf(plan: InspectionPlan, number: number) {
  const b = plan.batches.find((x) => x.number === number);
  if (!b) throw new AppError('NOT_FOUND', `抽查计划“${plan.name}”没有第${number}批`);
  return b;
}

const batchSnapshot = (b: ReturnType<typeof batchOf>): DrawBatchSnapshot => ({
  number: b.number,
  name: b.name,
  startDate: b.startDate,
  endDate: b.endDate,
});

/** The directories as this plan's draw sees them, ascending by id. */
export async function directorySnapshot(
  db: Kysely<DB>,
  plan: Pick<InspectionPlan, 'categories' | 'streets' | 'departments'>,
): Promise<DirectorySnapshot> {
  let iq = db
    .selectFrom('institutions as i')
    .select(['i.id', 'i.uscc', 'i.name', 'i.category', 'i.street', 'i.credit_tier'])
    // The lead of its latest inspection record (by inspection date), or, before any is recorded, of its latest draw.
    .select(
      sql<number | null>`coalesce(
        (select x.lead_inspector_id from inspections x where x.institution_id = i.id and x.removed_at is null
          order by x.inspected_on desc, x.id desc limit 1),
        (select t.lead_inspector_id from draw_targets t where t.institution_id = i.id order by t.draw_id desc limit 1))`.as(
        'previous_lead',
      ),
    )
    .where('i.status', '=', 'operating')
    .orderBy('i.id');
  if (plan.categories.length > 0) iq = iq.where('i.category', 'in', plan.categories);
  if (plan.streets.length > 0) iq = iq.where('i.street', 'in', plan.streets);
  const institutions = (await iq.execute()).map((r): DrawInstitutionRow => ({
    id: r.id,
    uscc: r.uscc,
    name: r.name,
    category: r.category as InstitutionCategory,
    street: r.street,
    tier: (r.credit_tier as CreditTier | null) ?? null,
    previousLead: r.previous_lead ?? null,
  }));
  const eligible = new Set(institutions.map((i) => i.id));
  const rows = await db
    .selectFrom('inspectors as p')
    .innerJoin('departments as d', 'd.id', 'p.department_id')
    .select(['p.id', 'p.badge_no', 'p.name', 'p.department_id', 'd.short_name'])
    .select((eb) =>
      jsonArrayFrom(
        db,
        eb
          .selectFrom('inspector_conflicts as c')
          .select('c.institution_id')
          .whereRef('c.inspector_id', '=', 'p.id'),
      ).as('conflicts'),
    )
    .where('p.active', '=', 1)
    .where(
      'p.department_id',
      'in',
      plan.departments.map((d) => d.id),
    )
    .orderBy('p.id')
    .execute();
  const inspectors = rows.map((r): DrawInspectorRow => ({
    id: r.id,
    badgeNo: r.badge_no,
    name: r.name,
    departmentId: r.department_id,
    department: r.short_name,
    // Only conflicts with institutions this draw can reach: the row holds exactly what the draw uses.
    conflicts: jsonRows(r.conflicts)
      .map((c) => c.institution_id)
      .filter((id) => eligible.has(id))
      .sort((a, b) => a - b),
  }));
  return { institutions, inspectors };
}

export async function previewDraw(db: Kysely<DB>, planId: number, batchNumber: number): Promise<DrawPreview> {
  const plan = await getPlan(db, planId);
  const batch = batchOf(plan, batchNumber);
  const snapshot = await directorySnapshot(db, plan);
  const snap = planSnapshot(plan);
  const groups = tierGroups(snap, snapshot.institutions);
  const perDepartment = plan.departments.map((d) => ({
    id: d.id,
    name: d.shortName,
    inspectors: snapshot.inspectors.filter((p) => p.departmentId === d.id).length,
  }));
  return {
    planId: plan.id,
    batch: batchSnapshot(batch),
    drawn: batch.draw,
    joint: isJoint(snap),
    teamSize: plan.teamSize,
    tiers: groups.map((g) => ({ tier: g.tier, eligible: g.rows.length, ratio: g.ratio, toDraw: g.count })),
    eligibleInstitutions: snapshot.institutions.length,
    targetCount: groups.reduce((n, g) => n + g.count, 0),
    inspectors: snapshot.inspectors.length,
    departments: perDepartment,
    problems: drawProblems(snap, snapshot),
  };
}

/** Everything a draw needs, read from the database, and the record it gives (nothing is written). */
export async function prepareDraw(
  db: Kysely<DB>,
  args: {
    planId: number;
    batchNumber: number;
    entropy: DrawInputs['entropy'];
    witnesses: string[];
    drawnAt: string;
    drawnBy: string;
  },
): Promise<DrawRecord> {
  const office = await getOffice(db);
  if (!office) throw new AppError('NOT_INITIALIZED', '请先完成初始设置');
  const plan = await getPlan(db, args.planId);
  const batch = batchOf(plan, args.batchNumber);
  if (batch.draw)
    throw new AppError(
      'CONFLICT',
      `“${plan.name}”第${batch.number}批已于 ${batch.draw.drawnAt.slice(0, 10)} 抽取（记录 SHA-256 ${batch.draw.sha256.slice(0, 16)}…），同一批次只能抽取一次`,
    );
  const inputs: DrawInputs = {
    office: office.name,
    plan: planSnapshot(plan),
    batch: batchSnapshot(batch),
    entropy: args.entropy,
    witnesses: args.witnesses,
    drawnAt: args.drawnAt,
    drawnBy: args.drawnBy,
  };
  return buildDrawRecord(inputs, await directorySnapshot(db, plan));
}

const summaryColumns = (db: Kysely<DB>) =>
  db
    .selectFrom('draw_records as r')
    .innerJoin('inspection_plans as p', 'p.id', 'r.plan_id')
    .innerJoin('inspection_plan_batches as b', (j) =>
      j.onRef('b.plan_id', '=', 'r.plan_id').onRef('b.number', '=', 'r.batch_number'),
    )
    .select([
      'r.id',
      'r.plan_id',
      'r.batch_number',
      'r.drawn_at',
      'r.drawn_by',
      'r.sha256',
      'r.seed',
      'r.target_count',
      'p.name as plan_name',
      'p.year',
      'b.name as batch_name',
    ]);

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryColumns>['executeTakeFirstOrThrow']>>;

const toSummary = (r: SummaryRow): DrawSummary => ({
  id: r.id,
  planId: r.plan_id,
  planName: r.plan_name,
  year: r.year,
  batchNumber: r.batch_number,
  batchName: r.batch_name,
  drawnAt: r.drawn_at,
  drawnBy: r.drawn_by,
  sha256: r.sha256,
  seed: r.seed,
  targetCount: r.target_count,
});

export async function listDraws(db: Kysely<DB>, planId?: number): Promise<DrawSummary[]> {
  let q = summaryColumns(db).orderBy('r.id', 'desc');
  if (planId !== undefined) q = q.where('r.plan_id', '=', planId);
  return (await q.execute()).map(toSummary);
}

export async function getDraw(db: Kysely<DB>, id: number): Promise<DrawDetail & { recordJson: string }> {
  const r = await summaryColumns(db).select('r.record_json').where('r.id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND', '该抽取记录不存在');
  return { ...toSummary(r), record: JSON.parse(r.record_json) as DrawRecord, recordJson: r.record_json };
}

/** The archived canonical JSON of a plan's batch, for verify-draw; null when there is none. */
export async function archivedRecordJson(
  db: Kysely<DB>,
  planId: number,
  batchNumber: number,
): Promise<string | null> {
  const r = await db
    .selectFrom('draw_records')
    .select('record_json')
    .where('plan_id', '=', planId)
    .where('batch_number', '=', batchNumber)
    .executeTakeFirst();
  return r?.record_json ?? null;
}

async function storeDraw(ctx: HandlerContext, record: DrawRecord): Promise<number> {
  const json = canonicalJson(record);
  const sha256 = drawRecordSha256(record);
  const { id } = await ctx.db
    .insertInto('draw_records')
    .values({
      plan_id: record.inputs.plan.id,
      batch_number: record.inputs.batch.number,
      drawn_at: record.inputs.drawnAt,
      drawn_by: record.inputs.drawnBy,
      seed: record.seed,
      sha256,
      target_count: record.result.targets.length,
      record_json: json,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rows = record.result.targets.map((t, position) => ({
    draw_id: id,
    position,
    institution_id: t.institutionId,
    lead_inspector_id: t.team.find((m) => m.lead)!.inspectorId,
  }));
  for (let i = 0; i < rows.length; i += 500)
    await ctx.db
      .insertInto('draw_targets')
      .values(rows.slice(i, i + 500))
      .execute();
  return id;
}

const JSON_MIME = 'application/json';
const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export const drawHandlers = defineHandlers({
  'draws.preview': async ({ planId, batchNumber }, ctx) => previewDraw(ctx.db, planId, batchNumber),
  'draws.run': async ({ planId, batchNumber, entropy, witnesses }, ctx) => {
    const actor = requireActor(ctx);
    if (entropy.date > todayIso(ctx.now()))
      throw new AppError('VALIDATION', '公开随机数的开奖日期不能晚于今天：须使用抽取时已公布的号码', {
        issues: [{ path: 'entropy.date', message: '开奖日期不能晚于今天' }],
      });
    const record = await prepareDraw(ctx.db, {
      planId,
      batchNumber,
      entropy,
      witnesses,
      drawnAt: ctx.now().toISOString(),
      drawnBy: `${actor.displayName}（${actor.username}）`,
    });
    const id = await storeDraw(ctx, record);
    const { recordJson: _json, ...detail } = await getDraw(ctx.db, id);
    await ctx.audit({
      entity: 'draw',
      entityId: id,
      summary: `双随机抽取 ${record.inputs.plan.year}年“${record.inputs.plan.name}”第${record.inputs.batch.number}批：抽中 ${record.result.targets.length} 个监管对象，见证人 ${witnesses.join('、')}`,
      after: {
        sha256: detail.sha256,
        seed: record.seed,
        entropy: record.inputs.entropy,
        witnesses,
        targets: record.result.targets.map((t) => t.institutionId),
      },
    });
    return detail;
  },
  'draws.list': async ({ planId }, ctx) => listDraws(ctx.db, planId),
  'draws.get': async ({ id }, ctx) => {
    const { recordJson: _json, ...detail } = await getDraw(ctx.db, id);
    return detail;
  },
  'draws.exportJson': async ({ id }, ctx): Promise<FileDownload> => {
    const d = await getDraw(ctx.db, id);
    // The archived bytes as they are: `sha256sum` of the file is the SHA-256 the app shows.
    return {
      fileName: drawRecordFileName(d, 'json'),
      mimeType: JSON_MIME,
      base64: Buffer.from(d.recordJson, 'utf8').toString('base64'),
    };
  },
  'draws.recordDocx': async ({ id }, ctx): Promise<FileDownload> => {
    const { recordJson: _json, ...d } = await getDraw(ctx.db, id);
    const bytes = await officialDocDocx(drawRecordDoc(d));
    return { fileName: drawRecordFileName(d, 'docx'), mimeType: DOCX_MIME, base64: bytes.toString('base64') };
  },
});
