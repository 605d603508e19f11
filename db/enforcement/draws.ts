// 双随机 draws against the database: the directory snapshot a batch draws from (在业 institutions in the plan's
// scope, with the lead of their latest inspection record — or, before any, of their latest draw; active inspectors
// of the participating departments, with their 回避), the seal that fixes that snapshot and the plan's parameters
// before the lottery (stored once, immutably, with its SHA-256), the preview, the draw itself — from the sealed
// snapshot, never a fresh read, with a lottery drawn after the seal's Beijing date — stored once, immutably, as
// canonical JSON with its SHA-256, and the record as JSON, print and Word. The algorithm is
// db/enforcement/draw-algorithm.ts.
import { sql, type Kysely } from 'kysely';
import {
  DRAW_TIER_LABELS,
  type CreditTier,
  type DrawBatchSnapshot,
  type DrawDetail,
  type DrawInstitutionRow,
  type DrawInspectorRow,
  type DrawExpertRow,
  type DrawPlanSnapshot,
  type DrawPreview,
  type DrawRecord,
  type DrawSeal,
  type DrawSealDetail,
  type DrawSealSummary,
  type DrawSummary,
  type FileDownload,
  type InspectionPlan,
  type InstitutionCategory,
  type PlanBatchSeal,
} from '../../shared/contract';
import { drawRecordDoc, drawRecordFileName } from '../../shared/print/draws';
import { beijingDate } from '../../shared/dates';
import { AppError } from '../../shared/errors';
import {
  buildDrawRecord,
  buildSeal,
  canonicalJson,
  type CanonicalTexts,
  drawProblems,
  sha256Hex,
  isJoint,
  snapshotOf,
  tierGroups,
  type DirectorySnapshot,
  type DrawInputs,
} from './draw-algorithm';
import { officialDocDocx } from '../core/official-docx';
import { defineHandlers, requireActor, type HandlerContext } from '../core/context';
import type { DB } from '../core/schema';
import { getPlan } from './plans';
import { getOffice } from '../system/users';
import { jsonArrayFrom, jsonRows, serializeOn } from '../core/dialect';
import { formatDateTime } from '../../shared/format';

// The snapshots below, and the seal and record built from them (draw-algorithm.ts), are written with their keys in
// code-unit order, the order canonical JSON sorts them into: canonicalJson then hands whole subtrees to
// JSON.stringify instead of writing them key by key. The text is the same either way; at 15,000 institutions the
// seal's text took 84 ms written key by key and 23 ms so (tests/unit/draws.test.ts holds the order).
export function planSnapshot(plan: InspectionPlan): DrawPlanSnapshot {
  return {
    categories: plan.categories,
    departments: plan.departments.map((d) => ({ id: d.id, name: d.shortName })),
    expertPerTeam: plan.expertPerTeam,
    id: plan.id,
    itemRules: plan.itemDetails.map((i) => ({
      categories: i.categories,
      id: i.id,
      name: i.label,
      qualification: i.qualification,
    })),
    items: plan.items,
    name: plan.name,
    ratios: plan.ratios,
    streets: plan.streets,
    teamSize: plan.teamSize,
    year: plan.year,
  };
}

function batchOf(plan: InspectionPlan, number: number) {
  const b = plan.batches.find((x) => x.number === number);
  if (!b) throw new AppError('NOT_FOUND', `抽查计划“${plan.name}”没有第${number}批`);
  return b;
}

const batchSnapshot = (b: ReturnType<typeof batchOf>): DrawBatchSnapshot => ({
  endDate: b.endDate,
  name: b.name,
  number: b.number,
  startDate: b.startDate,
});

/** The directories as this plan's draw sees them, ascending by id. */
export async function directorySnapshot(
  db: Kysely<DB>,
  plan: Pick<InspectionPlan, 'categories' | 'streets' | 'departments' | 'expertPerTeam'>,
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
    category: r.category as InstitutionCategory,
    id: r.id,
    name: r.name,
    previousLead: r.previous_lead ?? null,
    street: r.street,
    tier: (r.credit_tier as CreditTier | null) ?? null,
    uscc: r.uscc,
  }));
  const eligible = new Set(institutions.map((i) => i.id));
  const rows = await db
    .selectFrom('inspectors as p')
    .innerJoin('departments as d', 'd.id', 'p.department_id')
    .select(['p.id', 'p.badge_no', 'p.name', 'p.department_id', 'd.short_name', 'p.qualifications_json'])
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
    badgeNo: r.badge_no,
    // Only conflicts with institutions this draw can reach: the row holds exactly what the draw uses.
    conflicts: jsonRows(r.conflicts)
      .map((c) => c.institution_id)
      .filter((id) => eligible.has(id))
      .sort((a, b) => a - b),
    department: r.short_name,
    departmentId: r.department_id,
    id: r.id,
    name: r.name,
    qualifications: (JSON.parse(r.qualifications_json) as string[]).sort(),
  }));
  return { institutions, inspectors, experts: plan.expertPerTeam ? await expertSnapshot(db, eligible) : [] };
}

/** The 专家库 as a draw sees it: active experts ascending by id, with their 回避 among the eligible institutions. */
async function expertSnapshot(db: Kysely<DB>, eligible: Set<number>): Promise<DrawExpertRow[]> {
  const rows = await db
    .selectFrom('experts as e')
    .select(['e.id', 'e.name', 'e.unit', 'e.field'])
    .select((eb) =>
      jsonArrayFrom(
        db,
        eb
          .selectFrom('expert_conflicts as c')
          .select('c.institution_id')
          .whereRef('c.expert_id', '=', 'e.id'),
      ).as('conflicts'),
    )
    .where('e.active', '=', 1)
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({
    conflicts: jsonRows(r.conflicts)
      .map((c) => c.institution_id)
      .filter((id) => eligible.has(id))
      .sort((a, b) => a - b),
    field: r.field,
    id: r.id,
    name: r.name,
    unit: r.unit,
  }));
}

// ------------------------------------------------------------------------------------------- the seal

const sealColumns = (db: Kysely<DB>) =>
  db
    .selectFrom('draw_seals as s')
    .innerJoin('inspection_plans as p', 'p.id', 's.plan_id')
    .innerJoin('inspection_plan_batches as b', (j) =>
      j.onRef('b.plan_id', '=', 's.plan_id').onRef('b.number', '=', 's.batch_number'),
    )
    .select([
      's.id',
      's.plan_id',
      's.batch_number',
      's.sealed_at',
      's.sealed_on',
      's.sealed_by',
      's.sha256',
      's.seal_json',
      'p.name as plan_name',
      'p.year',
      'b.name as batch_name',
    ]);

type SealRow = Awaited<ReturnType<ReturnType<typeof sealColumns>['executeTakeFirstOrThrow']>>;

const toSealSummary = (r: SealRow): DrawSealSummary => ({
  id: r.id,
  planId: r.plan_id,
  planName: r.plan_name,
  year: r.year,
  batchNumber: r.batch_number,
  batchName: r.batch_name,
  sealedAt: r.sealed_at,
  sealedOn: r.sealed_on,
  sealedBy: r.sealed_by,
  sha256: r.sha256,
});

/** A stored seal, its hash checked against its bytes (a seal that no longer hashes to itself is never used). */
function toSealDetail(r: SealRow, known?: CanonicalTexts): DrawSealDetail {
  const seal = JSON.parse(r.seal_json) as DrawSeal;
  // The stored bytes are the seal's canonical JSON and hash to its SHA-256 (one canonical pass, then the bytes).
  if (canonicalJson(seal, known) !== r.seal_json || sha256Hex(r.seal_json) !== r.sha256)
    throw new AppError(
      'INTERNAL',
      `第${r.batch_number}批的封存记录与其 SHA-256 不符（记录为 ${r.sha256}），数据文件可能被改动，请用备份恢复或联系技术人员`,
    );
  return { ...toSealSummary(r), seal };
}

export async function listSeals(db: Kysely<DB>, planId?: number): Promise<DrawSealSummary[]> {
  let q = sealColumns(db).orderBy('s.id', 'desc');
  if (planId !== undefined) q = q.where('s.plan_id', '=', planId);
  return (await q.execute()).map(toSealSummary);
}

export async function getSeal(db: Kysely<DB>, id: number): Promise<DrawSealDetail> {
  const r = await sealColumns(db).where('s.id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND', '该封存记录不存在');
  return toSealDetail(r);
}

/** The seal of a plan's batch, or null when it has not been sealed. */
export async function sealOfBatch(
  db: Kysely<DB>,
  planId: number,
  batchNumber: number,
  /** Keeps the texts the seal's check writes (the draw's record reuses them). */
  known?: CanonicalTexts,
): Promise<DrawSealDetail | null> {
  const r = await sealColumns(db)
    .where('s.plan_id', '=', planId)
    .where('s.batch_number', '=', batchNumber)
    .executeTakeFirst();
  return r ? toSealDetail(r, known) : null;
}

/** The archived canonical JSON of a plan's batch's seal, for verify-draw; null when there is none. */
export async function archivedSealJson(
  db: Kysely<DB>,
  planId: number,
  batchNumber: number,
): Promise<string | null> {
  const r = await db
    .selectFrom('draw_seals')
    .select('seal_json')
    .where('plan_id', '=', planId)
    .where('batch_number', '=', batchNumber)
    .executeTakeFirst();
  return r?.seal_json ?? null;
}

/** The seal a batch would get now, read from the database (nothing is written). */
export async function prepareSeal(
  db: Kysely<DB>,
  args: { planId: number; batchNumber: number; sealedAt: string; sealedBy: string },
): Promise<DrawSeal> {
  const office = await getOffice(db);
  if (!office) throw new AppError('NOT_INITIALIZED', '请先完成初始设置');
  const plan = await getPlan(db, args.planId);
  const batch = batchOf(plan, args.batchNumber);
  if (batch.draw) throw new AppError('CONFLICT', `“${plan.name}”第${batch.number}批已抽取，不能再封存`);
  if (batch.seal)
    throw new AppError(
      'CONFLICT',
      `“${plan.name}”第${batch.number}批已于 ${batch.seal.sealedOn} 封存（SHA-256 ${batch.seal.sha256.slice(0, 16)}…），同一批次只能封存一次`,
    );
  return buildSeal({
    office: office.name,
    plan: planSnapshot(plan),
    batch: batchSnapshot(batch),
    snapshot: await directorySnapshot(db, plan),
    sealedAt: args.sealedAt,
    sealedBy: args.sealedBy,
  });
}

async function storeSeal(ctx: HandlerContext, seal: DrawSeal): Promise<number> {
  const json = canonicalJson(seal); // drawSealSha256(seal) is the SHA-256 of these bytes
  const { id } = await ctx.db
    .insertInto('draw_seals')
    .values({
      plan_id: seal.plan.id,
      batch_number: seal.batch.number,
      sealed_at: seal.sealedAt,
      sealed_on: seal.sealedOn,
      sealed_by: seal.sealedBy,
      sha256: sha256Hex(json),
      seal_json: json,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

const MAX_CHANGES = 20;

/**
 * What differs between the sealed plan, batch and directory and today's: new or gone institutions and inspectors,
 * changed tiers, previous leads and 回避, changed plan parameters. The draw uses the sealed values; these lines say
 * what it therefore does not see.
 */
export function changesSinceSeal(
  seal: DrawSeal,
  now: { plan: DrawPlanSnapshot; batch: DrawBatchSnapshot; snapshot: DirectorySnapshot },
): string[] {
  const lines: string[] = [];
  const planLabels: [keyof DrawPlanSnapshot, string][] = [
    ['ratios', '各等级抽查比例'],
    ['teamSize', '每组人数'],
    ['departments', '参与单位'],
    ['categories', '机构类别'],
    ['streets', '街道/镇'],
    ['items', '抽查事项'],
    ['itemRules', '抽查事项的资质要求'],
    ['expertPerTeam', '是否抽取专家'],
    ['name', '计划名称'],
    ['year', '年度'],
  ];
  for (const [key, label] of planLabels)
    if (seal.plan[key] !== undefined && canonicalJson(seal.plan[key]) !== canonicalJson(now.plan[key]))
      lines.push(`抽查计划的${label}在封存后有修改`);
  if (canonicalJson(seal.batch) !== canonicalJson(now.batch)) lines.push('批次的名称或日期在封存后有修改');
  const sealed = snapshotOf(seal.directory);
  const tierText = (t: CreditTier | null) => DRAW_TIER_LABELS[t ?? 'none'];
  const was = new Map(sealed.institutions.map((r) => [r.id, r]));
  const is = new Map(now.snapshot.institutions.map((r) => [r.id, r]));
  for (const r of now.snapshot.institutions)
    if (!was.has(r.id)) lines.push(`监管对象“${r.name}”在封存后进入抽取范围，本批次不抽取它`);
  for (const r of sealed.institutions) {
    const c = is.get(r.id);
    if (!c) {
      lines.push(
        `监管对象“${r.name}”在封存后不再在抽取范围内（停业、注销或范围改变），仍按封存的名录参加抽取`,
      );
      continue;
    }
    if (c.tier !== r.tier)
      lines.push(
        `监管对象“${r.name}”的信用等级封存时为${tierText(r.tier)}，现为${tierText(c.tier)}，抽取按封存时的等级`,
      );
    if (c.previousLead !== r.previousLead)
      lines.push(`监管对象“${r.name}”上次检查的组长在封存后有变化，抽取按封存时的组长回避`);
    if (c.name !== r.name || c.uscc !== r.uscc || c.category !== r.category || c.street !== r.street)
      lines.push(`监管对象“${r.name}”的名录信息在封存后有修改`);
  }
  const wasP = new Map(sealed.inspectors.map((r) => [r.id, r]));
  const isP = new Map(now.snapshot.inspectors.map((r) => [r.id, r]));
  for (const p of now.snapshot.inspectors)
    if (!wasP.has(p.id)) lines.push(`执法人员“${p.name}”在封存后启用或加入，本批次不参加检查组`);
  for (const p of sealed.inspectors) {
    const c = isP.get(p.id);
    if (!c) lines.push(`执法人员“${p.name}”在封存后停用或调出，仍按封存的名录参加抽取`);
    else if (canonicalJson(c.conflicts) !== canonicalJson(p.conflicts))
      lines.push(`执法人员“${p.name}”的回避申报在封存后有修改，抽取按封存时的回避`);
    else if (p.qualifications && canonicalJson(c.qualifications ?? []) !== canonicalJson(p.qualifications))
      lines.push(`执法人员“${p.name}”的资质在封存后有修改，抽取按封存时的资质`);
    else if (c.name !== p.name || c.badgeNo !== p.badgeNo || c.departmentId !== p.departmentId)
      lines.push(`执法人员“${p.name}”的名录信息在封存后有修改`);
  }
  return lines.length > MAX_CHANGES
    ? [...lines.slice(0, MAX_CHANGES), `另有 ${lines.length - MAX_CHANGES} 处变化`]
    : lines;
}

const sealRef = (d: DrawSealDetail): PlanBatchSeal => ({
  id: d.id,
  sha256: d.sha256,
  sealedAt: d.sealedAt,
  sealedOn: d.sealedOn,
});

export async function previewDraw(db: Kysely<DB>, planId: number, batchNumber: number): Promise<DrawPreview> {
  const plan = await getPlan(db, planId);
  const batch = batchOf(plan, batchNumber);
  const live = await directorySnapshot(db, plan);
  const sealed = await sealOfBatch(db, planId, batchNumber);
  // Once sealed, the batch is what its seal says, whatever the directories hold now.
  const snap = sealed ? sealed.seal.plan : planSnapshot(plan);
  const snapshot = sealed ? snapshotOf(sealed.seal.directory) : live;
  const groups = tierGroups(snap, snapshot.institutions);
  const perDepartment = snap.departments.map((d) => ({
    id: d.id,
    name: d.name,
    inspectors: snapshot.inspectors.filter((p) => p.departmentId === d.id).length,
  }));
  return {
    planId: plan.id,
    batch: sealed ? sealed.seal.batch : batchSnapshot(batch),
    drawn: batch.draw,
    joint: isJoint(snap),
    teamSize: snap.teamSize,
    tiers: groups.map((g) => ({ tier: g.tier, eligible: g.rows.length, ratio: g.ratio, toDraw: g.count })),
    eligibleInstitutions: snapshot.institutions.length,
    targetCount: groups.reduce((n, g) => n + g.count, 0),
    inspectors: snapshot.inspectors.length,
    departments: perDepartment,
    problems: drawProblems(snap, snapshot),
    seal: sealed ? sealRef(sealed) : null,
    changesSinceSeal:
      sealed && !batch.draw
        ? changesSinceSeal(sealed.seal, {
            plan: planSnapshot(plan),
            batch: batchSnapshot(batch),
            snapshot: live,
          })
        : [],
  };
}

/** The record a draw of a sealed batch gives (nothing is written): from the seal, never from a fresh read. */
export async function prepareDraw(
  db: Kysely<DB>,
  args: {
    planId: number;
    batchNumber: number;
    entropy: DrawInputs['entropy'];
    witnesses: string[];
    drawnAt: string;
    drawnBy: string;
    /** The plan as the caller has just read it in the same transaction (read here otherwise). */
    plan?: InspectionPlan;
    /** Keeps the seal's canonical texts, for storing the record (storeDraw). */
    known?: CanonicalTexts;
  },
): Promise<DrawRecord> {
  const plan = args.plan ?? (await getPlan(db, args.planId));
  const batch = batchOf(plan, args.batchNumber);
  if (batch.draw)
    throw new AppError(
      'CONFLICT',
      `“${plan.name}”第${batch.number}批已于 ${formatDateTime(batch.draw.drawnAt)} 抽取（记录 SHA-256 ${batch.draw.sha256.slice(0, 16)}…），同一批次只能抽取一次`,
    );
  const sealed = await sealOfBatch(db, args.planId, args.batchNumber, args.known);
  if (!sealed)
    throw new AppError(
      'VALIDATION',
      `“${plan.name}”第${batch.number}批尚未封存：请先封存名录和计划参数、打印封存记录交见证人签字，再用封存之后开奖的公开随机数抽取`,
    );
  const entropyIssue = (message: string) =>
    new AppError('VALIDATION', message, { issues: [{ path: 'entropy.date', message }] });
  if (args.entropy.date <= sealed.sealedOn)
    throw entropyIssue(
      `开奖日期应晚于封存日期 ${sealed.sealedOn}（北京时间）：须使用封存之后开奖的公开随机数`,
    );
  if (args.entropy.date > beijingDate(args.drawnAt))
    throw entropyIssue('公开随机数的开奖日期不能晚于今天：须使用抽取时已公布的号码');
  return buildDrawRecord(
    sealed.seal,
    { entropy: args.entropy, witnesses: args.witnesses, drawnAt: args.drawnAt, drawnBy: args.drawnBy },
    sealed.sha256, // checked against the seal's bytes by sealOfBatch
  );
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

async function storeDraw(
  ctx: HandlerContext,
  record: DrawRecord,
  /** The seal's texts from checking it: the record holds the seal and its directory unchanged. */
  known?: CanonicalTexts,
): Promise<{ id: number; sha256: string }> {
  const json = canonicalJson(record, known);
  const sha256 = sha256Hex(json); // drawRecordSha256(record), from the bytes just made
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
  return { id, sha256 };
}

const JSON_MIME = 'application/json';
const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const actorName = (ctx: HandlerContext) => {
  const actor = requireActor(ctx);
  return `${actor.displayName}（${actor.username}）`;
};

export const drawHandlers = defineHandlers({
  'draws.preview': async ({ planId, batchNumber }, ctx) => previewDraw(ctx.db, planId, batchNumber),
  'draws.seal': async ({ planId, batchNumber }, ctx) => {
    // Two seats sealing or drawing one batch at once: the second waits, then finds it sealed (or drawn).
    await serializeOn(ctx.db, `draw:${planId}:${batchNumber}`);
    const seal = await prepareSeal(ctx.db, {
      planId,
      batchNumber,
      sealedAt: ctx.now().toISOString(),
      sealedBy: actorName(ctx),
    });
    const id = await storeSeal(ctx, seal);
    const detail = await getSeal(ctx.db, id);
    const institutions = seal.directory.institutions.length;
    await ctx.audit({
      entity: 'draw_seal',
      entityId: id,
      summary: `双随机抽查封存 ${seal.plan.year}年“${seal.plan.name}”第${seal.batch.number}批：监管对象 ${institutions} 家、执法人员 ${seal.directory.inspectors.length} 名，SHA-256 ${detail.sha256}`,
      after: { sha256: detail.sha256, sealedAt: seal.sealedAt, sealedOn: seal.sealedOn },
    });
    return detail;
  },
  'draws.seals': async ({ planId }, ctx) => listSeals(ctx.db, planId),
  'draws.getSeal': async ({ id }, ctx) => getSeal(ctx.db, id),
  'draws.run': async ({ planId, batchNumber, entropy, witnesses }, ctx) => {
    const drawnBy = actorName(ctx);
    await serializeOn(ctx.db, `draw:${planId}:${batchNumber}`);
    // The plan is read once (it was read twice, six queries each, and every query is a round trip on the server).
    const plan = await getPlan(ctx.db, planId);
    const known: CanonicalTexts = new Map();
    const record = await prepareDraw(ctx.db, {
      planId,
      batchNumber,
      entropy,
      witnesses,
      drawnAt: ctx.now().toISOString(),
      drawnBy,
      plan,
      known,
    });
    const batch = batchOf(plan, batchNumber);
    const changes = changesSinceSeal(record.seal!.record, {
      plan: planSnapshot(plan),
      batch: batchSnapshot(batch),
      snapshot: await directorySnapshot(ctx.db, plan),
    });
    const { id, sha256 } = await storeDraw(ctx, record, known);
    // The record just stored, with its summary (not the stored JSON parsed back: it holds the directory twice).
    const detail = {
      ...toSummary({
        id,
        plan_id: planId,
        batch_number: batchNumber,
        drawn_at: record.inputs.drawnAt,
        drawn_by: record.inputs.drawnBy,
        sha256,
        seed: record.seed,
        target_count: record.result.targets.length,
        plan_name: plan.name,
        year: plan.year,
        batch_name: batch.name,
      }),
      record,
    };
    await ctx.audit({
      entity: 'draw',
      entityId: id,
      summary: `双随机抽取 ${record.inputs.plan.year}年“${record.inputs.plan.name}”第${record.inputs.batch.number}批：抽中 ${record.result.targets.length} 个监管对象，见证人 ${witnesses.join('、')}${changes.length ? `；按封存记录抽取，封存后名录或计划有 ${changes.length} 处变化未计入` : ''}`,
      after: {
        sha256: detail.sha256,
        seed: record.seed,
        seal: record.seal!.sha256,
        entropy: record.inputs.entropy,
        witnesses,
        targets: record.result.targets.map((t) => t.institutionId),
        changesSinceSeal: changes,
      },
    });
    return { ...detail, changesSinceSeal: changes };
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
