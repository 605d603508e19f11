// 检查记录: an inspection of one institution, from a drawn target (institution, team and 抽查事项 prefilled from the
// draw record; a changed team needs its reason, and a joint plan's team still spans two departments) or ad hoc (any
// institution, a team of ≥ 2 picked from the inspectors, 回避 refused with the declared reason). Recording a result
// appends a 监督检查结果 entry to the credit ledger — and a 行政处罚 entry when there is a penalty, and one for each
// 复查 — through appendCreditEntry, in the same transaction; the record keeps the ledger's seqs and the ledger keeps
// the record's id (source_kind 'inspection'). The ledger is append-only: an edit that changes what an entry says
// neutralises that entry with a 更正 and appends the new fact; removal keeps the row (with its reason) and corrects
// its entries. Records of a batch whose results have been published are kept as published.
import type { Kysely } from 'kysely';
import {
  CREDIT_ENTRY_TYPE_LABELS,
  INSPECTION_OUTCOME_LABELS,
  REVIEW_RESULT_LABELS,
  creditPenaltyOutcome,
  penaltyText,
  rectifyOverdue,
  type DrawRecord,
  type Inspection,
  type InspectionAttachment,
  type InspectionCreditLink,
  type InspectionOutcome,
  type InspectionPractitioner,
  type InspectionTeamMember,
  type PenaltyKind,
  type PractitionerCategory,
  type ParsedInput,
  type ReviewResult,
  APPROVAL_DECISION_LABELS,
  APPROVAL_STATUS_LABELS,
  FOLLOWUP_LABELS,
  RESULT_CATEGORY_LABELS,
  creditOutcomeForCategory,
  itemApplies,
  missingQualifications,
  requiredQualifications,
  resolveResult,
  spotItemLabel,
  type ApprovalDecision,
  type ApprovalStatus,
  type Followup,
  type InspectionApproval,
  type InspectionExpert,
  type InspectionItemResult,
  type InstitutionCategory,
  type ResultCategory,
} from '../../shared/contract';
import type {
  INSPECTION_FILTER_KEYS,
  INSPECTION_RECTIFY_FILTERS,
  INSPECTION_SORT_KEYS,
  InspectionCounts,
  InspectionListRow,
  PageOf,
} from '../../shared/contract';
import { todayIso, type IsoDate } from '../../shared/dates';
import { AppError, type FieldIssue } from '../../shared/errors';
import { roleCan } from '../../shared/domain/roles';
import { loadSettings } from '../system/settings';
import { defineHandlers, nowIso, requireActor, type HandlerContext } from '../core/context';
import { downloadName, readStoredFile, storeFile } from '../core/files';
import { claimVersion } from '../core/versions';
import type { DB } from '../core/schema';
import { containsText } from '../core/dialect';
import { pageOf, splitPageInput, type PageColumns } from '../core/paging';
import { exportPagedList } from '../core/list-export';
import type { SheetColumn } from '../core/xlsx';
import { appendCreditEntry, correctCreditEntry, type CreditEntryValues } from '../credit/credit';

const today = (ctx: HandlerContext): IsoDate => todayIso(ctx.now());
const short = (s: string, n = 30) => (s.length > n ? `${s.slice(0, n)}…` : s);

function refuse(code: 'CONFLICT' | 'VALIDATION', issues: FieldIssue[]): never {
  throw new AppError(code, issues.map((i) => i.message).join('；'), { issues });
}

interface StoredAttachment extends InspectionAttachment {
  fileId: number;
}

// ---------------------------------------------------------------------------------------------- reading

/** inspections x with the institution i, the plan p, the batch b and the batch's publication pub. The institution
 *  every record has (institution_id is NOT NULL and a foreign key) by a left join: the same rows, and a store leaves
 *  the join out of what reads no institution column (a grid's jump, the count); see practitionerFrom. */
const inspectionFrom = (db: Kysely<DB>) =>
  db
    .selectFrom('inspections as x')
    .leftJoin('institutions as i', 'i.id', 'x.institution_id')
    .leftJoin('inspection_plans as p', 'p.id', 'x.plan_id')
    .leftJoin('inspection_plan_batches as b', (j) =>
      j.onRef('b.plan_id', '=', 'x.plan_id').onRef('b.number', '=', 'x.batch_number'),
    )
    .leftJoin('inspection_publications as pub', (j) =>
      j.onRef('pub.plan_id', '=', 'x.plan_id').onRef('pub.batch_number', '=', 'x.batch_number'),
    );

const withInspectionColumns = (q: ReturnType<typeof inspectionFrom>) =>
  q
    .selectAll('x')
    .select([
      'i.name as institution_name',
      'i.uscc as institution_uscc',
      'p.name as plan_name',
      'p.year as plan_year',
      'b.name as batch_name',
      'pub.published_on',
    ]);

const inspectionColumns = (db: Kysely<DB>) => withInspectionColumns(inspectionFrom(db));

type InspectionRow = Awaited<ReturnType<ReturnType<typeof inspectionColumns>['executeTakeFirstOrThrow']>>;

function chunks<T>(items: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function teamsOf(db: Kysely<DB>, ids: number[]): Promise<Map<number, InspectionTeamMember[]>> {
  const out = new Map<number, InspectionTeamMember[]>();
  for (const part of chunks(ids)) {
    const rows = await db
      .selectFrom('inspection_team as m')
      .innerJoin('inspectors as p', 'p.id', 'm.inspector_id')
      .innerJoin('departments as d', 'd.id', 'p.department_id')
      .select(['m.inspection_id', 'm.inspector_id', 'm.lead', 'p.name', 'p.department_id', 'd.short_name'])
      .where('m.inspection_id', 'in', part)
      .orderBy('m.inspection_id')
      .orderBy('m.position')
      .execute();
    for (const r of rows) {
      const list = out.get(r.inspection_id) ?? [];
      list.push({
        inspectorId: r.inspector_id,
        name: r.name,
        departmentId: r.department_id,
        department: r.short_name,
        lead: r.lead === 1,
      });
      out.set(r.inspection_id, list);
    }
  }
  return out;
}

async function practitionersOf(
  db: Kysely<DB>,
  ids: number[],
): Promise<Map<number, InspectionPractitioner[]>> {
  const out = new Map<number, InspectionPractitioner[]>();
  for (const part of chunks(ids)) {
    const rows = await db
      .selectFrom('inspection_practitioners as ip')
      .innerJoin('practitioners as p', 'p.id', 'ip.practitioner_id')
      .select(['ip.inspection_id', 'p.id', 'p.name', 'p.category', 'p.certificate_no'])
      .where('ip.inspection_id', 'in', part)
      .orderBy('ip.inspection_id')
      .orderBy('ip.position')
      .execute();
    for (const r of rows) {
      const list = out.get(r.inspection_id) ?? [];
      list.push({
        id: r.id,
        name: r.name,
        category: r.category as PractitionerCategory,
        certificateNo: r.certificate_no,
      });
      out.set(r.inspection_id, list);
    }
  }
  return out;
}

function creditLinks(
  r: Pick<InspectionRow, 'result_seq' | 'penalty_seq' | 'review_seq'>,
): InspectionCreditLink[] {
  const out: InspectionCreditLink[] = [];
  if (r.result_seq !== null) out.push({ seq: r.result_seq, kind: 'result' });
  if (r.penalty_seq !== null) out.push({ seq: r.penalty_seq, kind: 'penalty' });
  if (r.review_seq !== null) out.push({ seq: r.review_seq, kind: 'review' });
  return out;
}

async function approvalsOf(db: Kysely<DB>, ids: number[]): Promise<Map<number, InspectionApproval[]>> {
  const out = new Map<number, InspectionApproval[]>();
  for (const part of chunks(ids)) {
    const rows = await db
      .selectFrom('inspection_approvals')
      .selectAll()
      .where('inspection_id', 'in', part)
      .orderBy('inspection_id')
      .orderBy('id')
      .execute();
    for (const r of rows) {
      const list = out.get(r.inspection_id) ?? [];
      list.push({
        decision: r.decision as ApprovalDecision,
        reason: r.reason,
        reviewerName: r.reviewer_name,
        at: r.at,
      });
      out.set(r.inspection_id, list);
    }
  }
  return out;
}

function toInspection(
  r: InspectionRow,
  team: InspectionTeamMember[],
  practitioners: InspectionPractitioner[],
  on: IsoDate,
  approvals: InspectionApproval[] = [],
): Inspection {
  const outcome = r.outcome as InspectionOutcome;
  const penalties = JSON.parse(r.penalties_json) as PenaltyKind[];
  const review =
    r.review_on !== null && r.review_result !== null
      ? {
          on: r.review_on,
          result: r.review_result as ReviewResult,
          note: r.review_note,
          escalated: r.escalated === 1,
        }
      : null;
  return {
    id: r.id,
    version: r.row_version,
    institutionId: r.institution_id,
    institutionName: r.institution_name ?? '',
    institutionUscc: r.institution_uscc ?? '',
    source: r.draw_id !== null ? 'draw' : 'adhoc',
    planId: r.plan_id,
    planName: r.plan_name ?? null,
    planYear: r.plan_year ?? null,
    batchNumber: r.batch_number,
    batchName: r.batch_name ?? null,
    drawId: r.draw_id,
    drawPosition: r.draw_position,
    inspectedOn: r.inspected_on,
    team,
    teamNote: r.team_note,
    items: JSON.parse(r.items_json) as string[],
    itemResults: JSON.parse(r.item_results_json) as InspectionItemResult[],
    resultCategory: (r.result_category ?? 'no_problem') as ResultCategory,
    followup: (r.followup ?? 'none') as Followup,
    approvalStatus: r.approval_status as ApprovalStatus,
    approvals,
    migrationNote: r.migration_note,
    experts: JSON.parse(r.experts_json) as InspectionExpert[],
    findings: r.findings,
    outcome,
    rectifyDue: r.rectify_due,
    transferTo: r.transfer_to,
    penalties,
    fineFen: r.fine_fen,
    confiscationFen: r.confiscation_fen,
    penaltyText: penaltyText({ penalties, fineFen: r.fine_fen, confiscationFen: r.confiscation_fen }),
    caseNo: r.case_no,
    practitioners,
    review,
    rectifyOverdue: rectifyOverdue({ outcome, rectifyDue: r.rectify_due, reviewOn: r.review_on }, on),
    credit: creditLinks(r),
    attachments: (JSON.parse(r.attachments_json) as StoredAttachment[]).map(({ name, size, sha256 }) => ({
      name,
      size,
      sha256,
    })),
    publishedOn: r.published_on ?? null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

async function assemble(db: Kysely<DB>, rows: InspectionRow[], on: IsoDate): Promise<Inspection[]> {
  const ids = rows.map((r) => r.id);
  const teams = await teamsOf(db, ids);
  const people = await practitionersOf(db, ids);
  const approvals = await approvalsOf(db, ids);
  return rows.map((r) =>
    toInspection(r, teams.get(r.id) ?? [], people.get(r.id) ?? [], on, approvals.get(r.id) ?? []),
  );
}

export interface InspectionFilter {
  year?: number | undefined;
  outcome?: InspectionOutcome | undefined;
  rectify?: (typeof INSPECTION_RECTIFY_FILTERS)[number];
  source?: 'draw' | 'adhoc' | undefined;
  planId?: number | undefined;
  batchNumber?: number | undefined;
  institutionId?: number | undefined;
}

/** The live records the filters select (nothing selected yet). `from`: the records with their joined rows (default),
 *  or the records alone: no filter reads a joined table's columns. */
function filterInspections(
  db: Kysely<DB>,
  on: IsoDate,
  f: InspectionFilter & { search?: string | undefined },
  from: ReturnType<typeof inspectionFrom> = inspectionFrom(db),
): ReturnType<typeof inspectionFrom> {
  let q = from.where('x.removed_at', 'is', null);
  if (f.year !== undefined)
    q = q.where('x.inspected_on', '>=', `${f.year}-01-01`).where('x.inspected_on', '<=', `${f.year}-12-31`);
  if (f.outcome !== undefined) q = q.where('x.outcome', '=', f.outcome);
  switch (f.rectify ?? 'all') {
    case 'pending':
      q = q.where('x.review_on', 'is', null).where('x.rectify_due', 'is not', null);
      break;
    case 'overdue':
      q = q.where('x.review_on', 'is', null).where('x.rectify_due', '<', on);
      break;
    case 'reviewed':
      q = q.where('x.review_on', 'is not', null);
      break;
    case 'all':
      break;
  }
  if (f.source === 'draw') q = q.where('x.draw_id', 'is not', null);
  if (f.source === 'adhoc') q = q.where('x.draw_id', 'is', null);
  if (f.planId !== undefined) q = q.where('x.plan_id', '=', f.planId);
  if (f.batchNumber !== undefined) q = q.where('x.batch_number', '=', f.batchNumber);
  if (f.institutionId !== undefined) q = q.where('x.institution_id', '=', f.institutionId);
  const search = f.search;
  // The institutions whose name or code matches, and the inspectors whose name does, are found once, as sets of
  // ids, rather than looked up and matched again for every record; the records of the matching inspectors' teams
  // are read through the team's inspector index. Counting a search of all years of the 10-year district: 40 ms with
  // both matched per record, 30 ms with the institutions as a set, 12 ms with the inspectors as one too.
  if (search)
    q = q.where((eb) =>
      eb.or([
        eb(
          'x.institution_id',
          'in',
          eb
            .selectFrom('institutions as si')
            .select('si.id')
            .where(eb.or([containsText(db, 'si.name', search), containsText(db, 'si.uscc', search)])),
        ),
        containsText(db, 'x.case_no', search),
        eb(
          'x.id',
          'in',
          eb
            .selectFrom('inspection_team as m')
            .select('m.inspection_id')
            .where(
              'm.inspector_id',
              'in',
              eb.selectFrom('inspectors as t').select('t.id').where(containsText(db, 't.name', search)),
            ),
        ),
      ]),
    );
  return q;
}

export async function listInspections(
  db: Kysely<DB>,
  on: IsoDate,
  f: InspectionFilter,
): Promise<Inspection[]> {
  // Newest first, sorted here: an ORDER BY would tempt the planner to walk the date index instead of searching the
  // index that matches the filter (the open 整改, a batch, an institution).
  const rows = (await withInspectionColumns(filterInspections(db, on, f)).execute()).sort((a, b) =>
    a.inspected_on === b.inspected_on ? b.id - a.id : a.inspected_on < b.inspected_on ? 1 : -1,
  );
  return assemble(db, rows, on);
}

/** The grid's row: the record without its long texts and attachments (its details read it whole). */
function listRow(x: Inspection): InspectionListRow {
  const row: Partial<Inspection> = { ...x };
  for (const k of LONG_FIELDS) delete row[k];
  return row as InspectionListRow;
}
const LONG_FIELDS = [
  'findings',
  'itemResults',
  'approvals',
  'experts',
  'migrationNote',
  'attachments',
  'practitioners',
] as const satisfies readonly Exclude<keyof Inspection, keyof InspectionListRow>[];

const INSPECTION_COLUMNS = {
  id: 'x.id',
  inspectedOn: { column: 'x.inspected_on', kind: 'date' },
  institutionName: 'i.name',
  rectifyDue: { column: 'x.rectify_due', nullable: true, kind: 'date' },
  caseNo: { column: 'x.case_no', nullable: true },
} as const satisfies PageColumns<(typeof INSPECTION_SORT_KEYS | typeof INSPECTION_FILTER_KEYS)[number]>;

/** 检查记录's Excel columns: the grid's, with the team and items written out. */
const INSPECTION_EXPORT_COLUMNS: SheetColumn<InspectionListRow>[] = [
  { header: '检查日期', width: 14, value: (x) => x.inspectedOn },
  { header: '监管对象', width: 28, value: (x) => x.institutionName },
  { header: '统一社会信用代码', width: 22, value: (x) => x.institutionUscc },
  {
    header: '来源',
    width: 24,
    value: (x) =>
      x.source === 'draw'
        ? `双随机抽查：${x.planName ?? ''}${x.batchName ? ` ${x.batchName}` : ''}`
        : '日常检查',
  },
  {
    header: '检查组',
    width: 28,
    value: (x) => x.team.map((m) => `${m.name}（${m.department}${m.lead ? '，组长' : ''}）`).join('、'),
  },
  { header: '检查事项', width: 36, value: (x) => x.items.join('、') },
  { header: '结果类别', width: 14, value: (x) => RESULT_CATEGORY_LABELS[x.resultCategory] },
  { header: '检查结论', width: 14, value: (x) => INSPECTION_OUTCOME_LABELS[x.outcome] },
  { header: '后续处理', width: 14, value: (x) => FOLLOWUP_LABELS[x.followup] },
  { header: '整改期限', width: 14, value: (x) => x.rectifyDue },
  {
    header: '复查',
    width: 20,
    value: (x) => (x.review ? `${x.review.on} ${REVIEW_RESULT_LABELS[x.review.result]}` : ''),
  },
  { header: '处罚', width: 24, value: (x) => x.penaltyText },
  { header: '立案号', width: 18, value: (x) => x.caseNo },
  { header: '审核', width: 12, value: (x) => APPROVAL_STATUS_LABELS[x.approvalStatus] },
];

/** A block of 检查记录 (newest inspection first unless the grid sorts), each with its team, without its long texts. */
export async function inspectionsPage(
  db: Kysely<DB>,
  on: IsoDate,
  input: ParsedInput<'inspections.page'>,
): Promise<PageOf<InspectionListRow, InspectionCounts>> {
  const { view, filters: f } = splitPageInput(input);
  return pageOf({
    db,
    filtered: filterInspections(db, on, f),
    // The joins are left joins to unique keys and no filter reads their columns: the count reads the records alone,
    // from the inspections_counts index when nothing else is filtered. With the joins, the first block of all years
    // took 18 ms on the 10-year district and 65 ms at three times its size (its count 15 and 60 ms).
    counted: filterInspections(
      db,
      on,
      f,
      db.selectFrom('inspections as x') as unknown as ReturnType<typeof inspectionFrom>,
    ),
    select: (q) => withInspectionColumns(q as ReturnType<typeof inspectionFrom>),
    sortColumns: INSPECTION_COLUMNS,
    filterColumns: INSPECTION_COLUMNS,
    order: { key: 'inspectedOn', dir: 'desc' },
    id: 'x.id',
    input: view,
    counts: (eb) => ({
      rectifyOverdue: eb.and([eb('x.review_on', 'is', null), eb('x.rectify_due', '<', on)]),
      approvalPending: eb('x.approval_status', '=', 'pending'),
    }),
    toRows: async (rows) => (await assemble(db, rows, on)).map(listRow),
  });
}

/** A record, live or removed (removed ones are still what their ledger entries point at). */
async function loadInspection(
  db: Kysely<DB>,
  id: number,
  on: IsoDate,
): Promise<Inspection & { removed: boolean }> {
  const r = await inspectionColumns(db).where('x.id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND', '该检查记录不存在，请刷新后重试');
  const [one] = await assemble(db, [r], on);
  return { ...one!, removed: r.removed_at !== null };
}

export async function getInspection(db: Kysely<DB>, id: number, on: IsoDate): Promise<Inspection> {
  const { removed, ...x } = await loadInspection(db, id, on);
  if (removed) throw new AppError('NOT_FOUND', `检查记录第 ${id} 号已删除`);
  return x;
}

// ---------------------------------------------------------------------------------------------- checks

type CreateValues = ParsedInput<'inspections.create'>;
type UpdateValues = ParsedInput<'inspections.update'>;

interface DrawnTarget {
  institutionId: number;
  drawId: number;
  position: number;
  planId: number;
  batchNumber: number;
  /** The public entropy's date: before it nobody could know the targets. */
  entropyOn: IsoDate;
  joint: boolean;
  team: { inspectorId: number; lead: boolean; name: string }[];
  experts: InspectionExpert[];
}

async function drawnTarget(db: Kysely<DB>, drawId: number, position: number): Promise<DrawnTarget | null> {
  const r = await db
    .selectFrom('draw_records')
    .select(['id', 'plan_id', 'batch_number', 'record_json'])
    .where('id', '=', drawId)
    .executeTakeFirst();
  if (!r) return null;
  const record = JSON.parse(r.record_json) as DrawRecord;
  const t = record.result.targets[position];
  if (!t) return null;
  return {
    institutionId: t.institutionId,
    drawId,
    position,
    planId: r.plan_id,
    batchNumber: r.batch_number,
    entropyOn: record.inputs.entropy.date,
    joint: record.inputs.plan.departments.length >= 2,
    team: t.team.map((m) => ({ inspectorId: m.inspectorId, lead: m.lead, name: m.name })),
    experts: (t.experts ?? []).map((e) => ({
      expertId: e.expertId,
      name: e.name,
      unit: e.unit,
      field: e.field,
    })),
  };
}

function assertNotPublished(x: Inspection, action: string): void {
  if (x.publishedOn)
    throw new AppError(
      'VALIDATION',
      `“${x.planName ?? ''}”第${x.batchNumber ?? ''}批的检查结果已于 ${x.publishedOn} 公开，检查记录不能${action}；如确需更正，请先在“结果公开”中撤销该批次的公开登记`,
    );
}

async function checkCaseNo(db: Kysely<DB>, caseNo: string, self: number | null): Promise<void> {
  if (caseNo === '') return;
  const holder = await db
    .selectFrom('inspections as x')
    .innerJoin('institutions as i', 'i.id', 'x.institution_id')
    .select(['x.id', 'x.inspected_on', 'i.name'])
    .where('x.case_no', '=', caseNo)
    .where('x.removed_at', 'is', null)
    .executeTakeFirst();
  if (holder && holder.id !== self)
    refuse('CONFLICT', [
      {
        path: 'caseNo',
        message: `立案号 ${caseNo} 已用于检查记录第 ${holder.id} 号（${holder.name}，${holder.inspected_on}）`,
      },
    ]);
}

/** Everything the database decides: the institution, the drawn target, the team (active, 回避, joint), the dates,
 *  the practitioners and the case number. Returns the target for a drawn inspection. */
async function checkInspection(
  ctx: HandlerContext,
  v: CreateValues,
  before: Inspection | null,
): Promise<DrawnTarget | null> {
  const issues: FieldIssue[] = [];
  const on = today(ctx);
  const inst = await ctx.db
    .selectFrom('institutions')
    .select(['id', 'name', 'status', 'category'])
    .where('id', '=', v.institutionId)
    .executeTakeFirst();
  const outcome = resolveResult(v)!.outcome;
  if (!inst) issues.push({ path: 'institutionId', message: '所选监管对象不在名录中' });
  else if (inst.status === 'deregistered' && before?.institutionId !== inst.id)
    issues.push({ path: 'institutionId', message: `监管对象“${inst.name}”已注销` });
  if (v.inspectedOn > on) issues.push({ path: 'inspectedOn', message: `检查日期不能晚于今天（${on}）` });
  if (before?.review && v.inspectedOn > before.review.on)
    issues.push({ path: 'inspectedOn', message: `检查日期不能晚于已登记的复查日期（${before.review.on}）` });
  if (before?.review && outcome !== 'rectify')
    issues.push({
      path: 'outcome',
      message: `已于 ${before.review.on} 登记复查，检查结果只能是“责令整改”`,
    });

  let target: DrawnTarget | null = null;
  if (v.drawId !== null && v.drawPosition !== null) {
    if (before && (before.drawId !== v.drawId || before.drawPosition !== v.drawPosition))
      issues.push({ path: 'drawId', message: '检查记录对应的抽取对象不能更改' });
    target = await drawnTarget(ctx.db, v.drawId, v.drawPosition);
    if (!target) issues.push({ path: 'drawId', message: '所选抽取对象不在抽取记录中' });
    else {
      if (target.institutionId !== v.institutionId)
        issues.push({ path: 'institutionId', message: '监管对象与抽取结果不符' });
      // Not the record's drawnAt: a batch drawn on paper may be entered later, with the entropy it was drawn from.
      if (v.inspectedOn < target.entropyOn)
        issues.push({
          path: 'inspectedOn',
          message: `检查日期不能早于抽取所用公开随机数的开奖日期（${target.entropyOn}）`,
        });
      const existing = await ctx.db
        .selectFrom('inspections')
        .select('id')
        .where('draw_id', '=', v.drawId)
        .where('draw_position', '=', v.drawPosition)
        .where('removed_at', 'is', null)
        .executeTakeFirst();
      if (existing && existing.id !== before?.id)
        refuse('CONFLICT', [
          { path: 'drawId', message: `该抽取对象已录入检查结果（检查记录第 ${existing.id} 号）` },
        ]);
    }
  } else if (before && before.drawId !== null)
    issues.push({ path: 'drawId', message: '检查记录对应的抽取对象不能更改' });

  // The team: on the register, active (unless already on the record), no declared 回避.
  const teamIds = [v.leadInspectorId, ...v.memberIds];
  const had = new Set(before?.team.map((m) => m.inspectorId) ?? []);
  const people = await ctx.db
    .selectFrom('inspectors as p')
    .innerJoin('departments as d', 'd.id', 'p.department_id')
    .select(['p.id', 'p.name', 'p.active', 'p.department_id', 'd.short_name', 'p.qualifications_json'])
    .where('p.id', 'in', teamIds)
    .execute();
  const byId = new Map(people.map((p) => [p.id, p]));
  const conflicts = await ctx.db
    .selectFrom('inspector_conflicts')
    .select(['inspector_id', 'reason'])
    .where('institution_id', '=', v.institutionId)
    .where('inspector_id', 'in', teamIds)
    .execute();
  const recused = new Map(conflicts.map((c) => [c.inspector_id, c.reason]));
  teamIds.forEach((pid, i) => {
    const path = i === 0 ? 'leadInspectorId' : 'memberIds';
    const p = byId.get(pid);
    if (!p) issues.push({ path, message: '所选执法人员不在名录中' });
    else if (p.active !== 1 && !had.has(pid)) issues.push({ path, message: `执法人员“${p.name}”已停用` });
    else if (recused.has(pid))
      issues.push({
        path,
        message: `执法人员“${p.name}”已申报回避“${inst?.name ?? ''}”（${recused.get(pid)}），不能参加对该机构的检查`,
      });
  });
  if (target) {
    if (target.joint && new Set(people.map((p) => p.department_id)).size < 2)
      issues.push({ path: 'memberIds', message: '联合抽查的检查组须来自至少两个单位' });
    const drawnLead = target.team.find((m) => m.lead)!.inspectorId;
    const drawnIds = target.team.map((m) => m.inspectorId).sort((a, b) => a - b);
    const sameTeam =
      drawnLead === v.leadInspectorId &&
      JSON.stringify(drawnIds) === JSON.stringify([...teamIds].sort((a, b) => a - b));
    if (!sameTeam && v.teamNote === '')
      issues.push({
        path: 'teamNote',
        message: `检查组与抽取结果（${target.team.map((m) => `${m.name}${m.lead ? '（组长）' : ''}`).join('、')}）不同，请填写调整说明`,
      });
  }

  issues.push(...(await itemIssues(ctx.db, v, inst?.category as InstitutionCategory | undefined, people)));

  if (v.practitionerIds.length > 0) {
    const found = await ctx.db
      .selectFrom('practitioners')
      .select('id')
      .where('id', 'in', v.practitionerIds)
      .execute();
    if (found.length !== v.practitionerIds.length)
      issues.push({ path: 'practitionerIds', message: '所选从业人员不在名录中' });
  }
  if (issues.length > 0) refuse('VALIDATION', issues);
  await checkCaseNo(ctx.db, v.caseNo, before?.id ?? null);
  return target;
}

/**
 * The items checked: each one with an id must be on the 随机抽查事项清单 (by that id, under the name the list gives
 * it); and the team must include, for each item that applies to the institution and requires a qualification, an
 * inspector who has it.
 */
async function itemIssues(
  db: Kysely<DB>,
  v: CreateValues,
  category: InstitutionCategory | undefined,
  people: { name: string; qualifications_json: string }[],
): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  const ids = v.itemResults.map((r) => r.itemId).filter((x): x is number => x !== null);
  if (ids.length === 0) return issues;
  const rows = await db
    .selectFrom('spot_items')
    .select(['id', 'name', 'sub_item', 'categories_json', 'qualification'])
    .where('id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  v.itemResults.forEach((r, i) => {
    if (r.itemId === null) return;
    const item = byId.get(r.itemId);
    if (!item)
      issues.push({
        path: `itemResults.${i}.itemId`,
        message: `抽查事项“${r.name}”不在随机抽查事项清单中`,
      });
    else if (spotItemLabel({ name: item.name, subItem: item.sub_item }) !== r.name)
      issues.push({
        path: `itemResults.${i}.name`,
        message: `抽查事项“${r.name}”与清单中的名称“${spotItemLabel({ name: item.name, subItem: item.sub_item })}”不符`,
      });
  });
  if (category === undefined) return issues;
  const rules = rows.map((r) => ({
    name: spotItemLabel({ name: r.name, subItem: r.sub_item }),
    categories: JSON.parse(r.categories_json) as InstitutionCategory[],
    qualification: r.qualification,
  }));
  const team = people.map((p) => ({ qualifications: JSON.parse(p.qualifications_json) as string[] }));
  const missing = missingQualifications(requiredQualifications(rules, category), team);
  for (const q of missing) {
    const items = rules
      .filter((r) => r.qualification === q && itemApplies(r, category))
      .map((r) => `“${r.name}”`)
      .join('、');
    issues.push({
      path: 'memberIds',
      message: `抽查事项${items}要求检查组包含具备“${q}”资质的执法人员，当前检查组（${people.map((p) => p.name).join('、')}）中没有`,
    });
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------- the ledger

const sourceText = (x: Pick<Inspection, 'source' | 'planYear' | 'planName' | 'batchNumber' | 'id'>) =>
  x.source === 'draw'
    ? `${x.planName?.includes(String(x.planYear)) ? '' : `${x.planYear}年`}“${x.planName}”第${x.batchNumber}批双随机抽查（检查记录第 ${x.id} 号）`
    : `日常监督检查（检查记录第 ${x.id} 号）`;

/** The 监督检查结果 entry, following the 检查结果 category; null when the category grades no conduct (停业、注销 …). */
function resultEntry(x: Inspection): CreditEntryValues | null {
  const credit = creditOutcomeForCategory(x.resultCategory, x.followup);
  if (credit === null) return null;
  const detail =
    (x.rectifyDue ? `，责令限期整改（整改期限 ${x.rectifyDue}）` : '') +
    (x.transferTo ? `，${x.followup === 'notify' ? '抄告' : '移送'}${x.transferTo}` : '') +
    (x.caseNo ? `（立案号 ${x.caseNo}）` : '');
  return {
    subjectKind: 'institution',
    subjectId: x.institutionId,
    type: 'inspection',
    factDate: x.inspectedOn,
    outcome: credit,
    behaviourId: null,
    basis: '',
    sourceKind: 'inspection',
    sourceId: x.id,
    // The findings stay on the record (the entry links to it): editing them does not re-record the entry.
    text: `${sourceText(x)}：检查结果“${RESULT_CATEGORY_LABELS[x.resultCategory]}”，后续处置措施“${FOLLOWUP_LABELS[x.followup]}”${detail}。`,
    attachments: [],
  };
}

function penaltyEntry(x: Inspection): CreditEntryValues {
  return {
    subjectKind: 'institution',
    subjectId: x.institutionId,
    type: 'penalty',
    factDate: x.inspectedOn,
    outcome: creditPenaltyOutcome(x.penalties),
    behaviourId: null,
    basis: (x.caseNo ?? '').slice(0, 60),
    sourceKind: 'inspection',
    sourceId: x.id,
    text: short(`${sourceText(x)}：${x.penaltyText}。`, 2000),
    attachments: [],
  };
}

function reviewEntry(x: Inspection): CreditEntryValues {
  const r = x.review!;
  return {
    subjectKind: 'institution',
    subjectId: x.institutionId,
    type: 'inspection',
    factDate: r.on,
    outcome: r.result === 'rectified' ? 'qualified' : 'unqualified',
    behaviourId: null,
    basis: r.escalated ? (x.caseNo ?? '').slice(0, 60) : '',
    sourceKind: 'inspection',
    sourceId: x.id,
    text: short(
      `复查（${sourceText(x)}，整改期限 ${x.rectifyDue}）：${REVIEW_RESULT_LABELS[r.result]}${r.escalated ? '，转为立案查处' : ''}。${r.note}`,
      2000,
    ),
    attachments: [],
  };
}

/** What each entry says, so that an edit re-records exactly the entries whose facts changed. */
const resultFacts = (x: Inspection) => JSON.stringify(resultEntry(x));
const penaltyFacts = (x: Inspection) => (x.penalties.length ? JSON.stringify(penaltyEntry(x)) : null);

async function neutralise(ctx: HandlerContext, seq: number | null, reason: string): Promise<void> {
  if (seq === null) return;
  await correctCreditEntry(ctx, { seq, factDate: today(ctx), basis: '', reason: short(reason, 1000) });
}

// ---------------------------------------------------------------------------------------------- writing

async function writeChildren(ctx: HandlerContext, id: number, v: CreateValues): Promise<void> {
  await ctx.db.deleteFrom('inspection_team').where('inspection_id', '=', id).execute();
  await ctx.db
    .insertInto('inspection_team')
    .values(
      [v.leadInspectorId, ...v.memberIds].map((inspector_id, position) => ({
        inspection_id: id,
        inspector_id,
        position,
        lead: position === 0 ? 1 : 0,
      })),
    )
    .execute();
  await ctx.db.deleteFrom('inspection_practitioners').where('inspection_id', '=', id).execute();
  if (v.practitionerIds.length)
    await ctx.db
      .insertInto('inspection_practitioners')
      .values(
        v.practitionerIds.map((practitioner_id, position) => ({
          inspection_id: id,
          practitioner_id,
          position,
        })),
      )
      .execute();
}

async function storeAttachments(
  ctx: HandlerContext,
  uploads: CreateValues['attachments'],
): Promise<StoredAttachment[]> {
  const out: StoredAttachment[] = [];
  for (const upload of uploads) {
    const f = await storeFile(ctx, upload);
    out.push({ fileId: f.id, name: downloadName(upload.fileName), size: f.size, sha256: f.sha256 });
  }
  return out;
}

const toFen = (yuan: number | null) => (yuan === null ? null : Math.round(yuan * 100));

function rowValues(v: CreateValues) {
  const r = resolveResult(v)!;
  return {
    institution_id: v.institutionId,
    inspected_on: v.inspectedOn,
    lead_inspector_id: v.leadInspectorId,
    team_note: v.teamNote,
    items_json: JSON.stringify(v.itemResults.length ? v.itemResults.map((i) => i.name) : v.items),
    item_results_json: JSON.stringify(v.itemResults),
    result_category: r.category,
    followup: r.followup,
    findings: v.findings,
    outcome: r.outcome,
    rectify_due: r.followup === 'rectify_track' || r.outcome === 'rectify' ? v.rectifyDue : null,
    transfer_to: r.outcome === 'transfer' || r.followup === 'transfer_case' ? v.transferTo : '',
    penalties_json: JSON.stringify(v.penalties),
    fine_fen: toFen(v.fineYuan),
    confiscation_fen: toFen(v.confiscationYuan),
    case_no: v.caseNo === '' ? null : v.caseNo,
  };
}

const outcomeSummary = (x: Inspection) =>
  `${RESULT_CATEGORY_LABELS[x.resultCategory]}（${FOLLOWUP_LABELS[x.followup]}）${x.penaltyText ? `，${x.penaltyText}` : ''}`;

const seqText = (x: Inspection) =>
  x.credit.length ? `记入信用台账第 ${x.credit.map((c) => c.seq).join('、')} 条` : '该检查结果不记入信用台账';

async function setSeqs(
  ctx: HandlerContext,
  id: number,
  seqs: { result_seq?: number | null; penalty_seq?: number | null; review_seq?: number | null },
): Promise<void> {
  if (Object.keys(seqs).length === 0) return;
  await ctx.db.updateTable('inspections').set(seqs).where('id', '=', id).execute();
}

export async function createInspection(ctx: HandlerContext, v: CreateValues): Promise<Inspection> {
  const target = await checkInspection(ctx, v, null);
  const at = nowIso(ctx);
  const attachments = await storeAttachments(ctx, v.attachments);
  const { id } = await ctx.db
    .insertInto('inspections')
    .values({
      ...rowValues(v),
      plan_id: target?.planId ?? null,
      batch_number: target?.batchNumber ?? null,
      draw_id: target?.drawId ?? null,
      draw_position: target?.position ?? null,
      experts_json: JSON.stringify(target?.experts ?? []),
      attachments_json: JSON.stringify(attachments),
      approval_status: 'pending',
      author_ids_json: JSON.stringify([requireActor(ctx).id]),
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeChildren(ctx, id, v);
  const on = today(ctx);
  const draft = await getInspection(ctx.db, id, on);
  // The result, and the penalty when there is one, enter the credit ledger in this same transaction.
  const entry = resultEntry(draft);
  const result = entry ? await appendCreditEntry(ctx, entry) : null;
  const penalty = draft.penalties.length ? await appendCreditEntry(ctx, penaltyEntry(draft)) : null;
  await setSeqs(ctx, id, { result_seq: result?.entry.seq ?? null, penalty_seq: penalty?.entry.seq ?? null });
  const after = await getInspection(ctx.db, id, on);
  await ctx.audit({
    entity: 'inspection',
    entityId: id,
    summary: `录入检查记录第 ${id} 号：${after.institutionName}，${after.inspectedOn}，${outcomeSummary(after)}；${seqText(after)}；待审核`,
    after,
  });
  return after;
}

export async function updateInspection(ctx: HandlerContext, v: UpdateValues): Promise<Inspection> {
  const on = today(ctx);
  const before = await getInspection(ctx.db, v.id, on);
  assertNotPublished(before, '修改');
  // Saved from the copy the editor started from: someone else's newer save is not overwritten unseen.
  await claimVersion(ctx, 'inspections', v.id, v.version, () => getInspection(ctx.db, v.id, on));
  await checkInspection(ctx, v, before);
  const kept = (
    JSON.parse(
      (
        await ctx.db
          .selectFrom('inspections')
          .select('attachments_json')
          .where('id', '=', v.id)
          .executeTakeFirstOrThrow()
      ).attachments_json,
    ) as StoredAttachment[]
  ).filter((_, i) => !v.removeAttachments.includes(i));
  const added = await storeAttachments(ctx, v.attachments);
  // An edited result is reviewed again, and its editor is one of its authors (never its reviewer).
  const authors = await authorIds(ctx.db, v.id);
  const actorId = requireActor(ctx).id;
  await ctx.db
    .updateTable('inspections')
    .set({
      ...rowValues(v),
      attachments_json: JSON.stringify([...kept, ...added]),
      approval_status: 'pending',
      author_ids_json: JSON.stringify(authors.includes(actorId) ? authors : [...authors, actorId]),
      updated_at: nowIso(ctx),
    })
    .where('id', '=', v.id)
    .execute();
  await writeChildren(ctx, v.id, v);
  const draft = await getInspection(ctx.db, v.id, on);
  // Entries whose facts changed: the old one is neutralised by a 更正, the new fact appended.
  const seqs: { result_seq?: number | null; penalty_seq?: number | null } = {};
  const why = `检查记录第 ${v.id} 号已修改`;
  if (resultFacts(draft) !== resultFacts(before)) {
    await neutralise(ctx, before.credit.find((c) => c.kind === 'result')?.seq ?? null, `${why}（检查结果）`);
    const entry = resultEntry(draft);
    seqs.result_seq = entry ? (await appendCreditEntry(ctx, entry)).entry.seq : null;
  }
  if (penaltyFacts(draft) !== penaltyFacts(before)) {
    await neutralise(ctx, before.credit.find((c) => c.kind === 'penalty')?.seq ?? null, `${why}（行政处罚）`);
    seqs.penalty_seq = draft.penalties.length
      ? (await appendCreditEntry(ctx, penaltyEntry(draft))).entry.seq
      : null;
  }
  await setSeqs(ctx, v.id, seqs);
  const after = await getInspection(ctx.db, v.id, on);
  const reRecorded = Object.values(seqs).filter((s): s is number => typeof s === 'number');
  await ctx.audit({
    entity: 'inspection',
    entityId: v.id,
    summary: `修改检查记录第 ${v.id} 号：${after.institutionName}，${after.inspectedOn}，${outcomeSummary(after)}${reRecorded.length ? `；信用台账更正后重新记入第 ${reRecorded.join('、')} 条` : ''}`,
    before,
    after,
  });
  return after;
}

async function authorIds(db: Kysely<DB>, id: number): Promise<number[]> {
  const r = await db
    .selectFrom('inspections')
    .select('author_ids_json')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return JSON.parse(r.author_ids_json) as number[];
}

/**
 * 审核: a leader or designated reviewer passes the result or returns it with the reason. Never its own author (who
 * recorded or edited it); a returned result goes back to its authors, and an edit sends it to 审核 again. Only a
 * passed result enters a publication.
 */
async function approveInspection(
  ctx: HandlerContext,
  v: ParsedInput<'inspections.approve'>,
): Promise<Inspection> {
  const actor = requireActor(ctx);
  if (
    !roleCan(actor.role, 'approve') &&
    !(await loadSettings(ctx.db)).inspectionReviewerIds.includes(actor.id)
  )
    throw new AppError(
      'FORBIDDEN',
      '只有局领导或指定审核人可以审核检查结果；指定审核人由管理员在“设置 → 业务规则”中指定',
    );
  const on = today(ctx);
  const before = await getInspection(ctx.db, v.id, on);
  assertNotPublished(before, '审核');
  if ((await authorIds(ctx.db, v.id)).includes(actor.id))
    throw new AppError(
      'FORBIDDEN',
      `检查记录第 ${v.id} 号由您本人录入或修改，不能审核自己的检查结果；请由局领导或其他指定审核人审核`,
    );
  if (before.approvalStatus !== 'pending')
    throw new AppError(
      'VALIDATION',
      `检查记录第 ${v.id} 号的状态为“${APPROVAL_STATUS_LABELS[before.approvalStatus]}”，只有待审核的结果可以审核${before.approvalStatus === 'returned' ? '（退回的结果须修改后重新提交）' : ''}`,
    );
  const at = nowIso(ctx);
  const reviewerName = `${actor.displayName}（${actor.username}）`;
  await ctx.db
    .insertInto('inspection_approvals')
    .values({
      inspection_id: v.id,
      decision: v.decision,
      reason: v.decision === 'return' ? v.reason : v.reason,
      reviewer_id: actor.id,
      reviewer_name: reviewerName,
      at,
    })
    .execute();
  // An approval changes the record: a copy opened before it is stale.
  await claimVersion(ctx, 'inspections', v.id, undefined);
  await ctx.db
    .updateTable('inspections')
    .set({ approval_status: v.decision === 'pass' ? 'passed' : 'returned', updated_at: at })
    .where('id', '=', v.id)
    .execute();
  const after = await getInspection(ctx.db, v.id, on);
  await ctx.audit({
    entity: 'inspection',
    entityId: v.id,
    summary: `审核检查记录第 ${v.id} 号（${after.institutionName}，${RESULT_CATEGORY_LABELS[after.resultCategory]}）：${APPROVAL_DECISION_LABELS[v.decision]}${v.decision === 'return' ? `，退回原因：${v.reason}` : ''}`,
    before: { approvalStatus: before.approvalStatus },
    after: { approvalStatus: after.approvalStatus, approval: after.approvals.at(-1) },
  });
  return after;
}

async function reviewInspection(
  ctx: HandlerContext,
  v: ParsedInput<'inspections.review'>,
): Promise<Inspection> {
  const on = today(ctx);
  const before = await getInspection(ctx.db, v.id, on);
  if (before.outcome !== 'rectify' || before.rectifyDue === null)
    throw new AppError(
      'VALIDATION',
      `检查记录第 ${v.id} 号的后续处置措施为“${FOLLOWUP_LABELS[before.followup]}”${before.outcome === 'rectify' ? '（已当场改正）' : ''}，只有“责令改正并跟踪”需要复查`,
    );
  const issues: FieldIssue[] = [];
  if (v.reviewOn < before.inspectedOn)
    issues.push({ path: 'reviewOn', message: `复查日期不能早于检查日期（${before.inspectedOn}）` });
  if (v.reviewOn > on) issues.push({ path: 'reviewOn', message: `复查日期不能晚于今天（${on}）` });
  if (issues.length) refuse('VALIDATION', issues);
  if (v.escalate) await checkCaseNo(ctx.db, v.caseNo, v.id);
  await claimVersion(ctx, 'inspections', v.id, v.version, () => getInspection(ctx.db, v.id, on));
  await ctx.db
    .updateTable('inspections')
    .set({
      review_on: v.reviewOn,
      review_result: v.result,
      review_note: v.note,
      escalated: v.escalate ? 1 : 0,
      ...(v.escalate && v.caseNo !== '' ? { case_no: v.caseNo } : {}),
      updated_at: nowIso(ctx),
    })
    .where('id', '=', v.id)
    .execute();
  const draft = await getInspection(ctx.db, v.id, on);
  await neutralise(
    ctx,
    before.credit.find((c) => c.kind === 'review')?.seq ?? null,
    `检查记录第 ${v.id} 号的复查已重新登记`,
  );
  const entry = await appendCreditEntry(ctx, reviewEntry(draft));
  await setSeqs(ctx, v.id, { review_seq: entry.entry.seq });
  const after = await getInspection(ctx.db, v.id, on);
  const r = after.review!;
  await ctx.audit({
    entity: 'inspection',
    entityId: v.id,
    summary: `${before.review ? '修改' : '登记'}复查：检查记录第 ${v.id} 号（${after.institutionName}），${r.on} ${REVIEW_RESULT_LABELS[r.result]}${r.escalated ? '，转为立案查处' : ''}；记入信用台账第 ${entry.entry.seq} 条（${CREDIT_ENTRY_TYPE_LABELS.inspection}）`,
    before: { review: before.review, caseNo: before.caseNo, credit: before.credit },
    after: { review: after.review, caseNo: after.caseNo, credit: after.credit },
  });
  return after;
}

async function removeInspection(ctx: HandlerContext, id: number, reason: string): Promise<{ id: number }> {
  const on = today(ctx);
  const before = await getInspection(ctx.db, id, on);
  assertNotPublished(before, '删除');
  for (const c of before.credit) await neutralise(ctx, c.seq, `检查记录第 ${id} 号已删除：${reason}`);
  await ctx.db
    .updateTable('inspections')
    .set({ removed_at: nowIso(ctx), removed_reason: reason, updated_at: nowIso(ctx) })
    .where('id', '=', id)
    .execute();
  await ctx.audit({
    entity: 'inspection',
    entityId: id,
    summary: `删除检查记录第 ${id} 号：${before.institutionName}，${before.inspectedOn}，${outcomeSummary(before)}；${before.credit.length ? `信用台账第 ${before.credit.map((c) => c.seq).join('、')} 条已更正；` : ''}原因：${reason}`,
    before,
  });
  return { id };
}

// ---------------------------------------------------------------------------------------------- handlers

export const inspectionHandlers = defineHandlers({
  'inspections.list': async (f, ctx) => listInspections(ctx.db, today(ctx), f),
  'inspections.page': async (input, ctx) => inspectionsPage(ctx.db, today(ctx), input),
  'inspections.exportXlsx': async ({ progressId: _progressId, ...f }, ctx) => {
    const on = today(ctx);
    return exportPagedList({
      sheetName: '检查记录',
      fileName: `检查记录${f.year ? `（${f.year}年）` : ''}.xlsx`,
      what: '正在导出检查记录',
      columns: INSPECTION_EXPORT_COLUMNS,
      read: (view) => inspectionsPage(ctx.db, on, { ...f, ...view }),
      progress: ctx.progress,
    });
  },
  'inspections.get': async ({ id }, ctx) => getInspection(ctx.db, id, today(ctx)),
  'inspections.create': async (input, ctx) => createInspection(ctx, input),
  'inspections.update': async (input, ctx) => updateInspection(ctx, input),
  'inspections.review': async (input, ctx) => reviewInspection(ctx, input),
  'inspections.approve': async (input, ctx) => approveInspection(ctx, input),
  'inspections.remove': async ({ id, reason }, ctx) => removeInspection(ctx, id, reason),
  'inspections.attachment': async ({ id, index }, ctx) => {
    const r = await ctx.db
      .selectFrom('inspections')
      .select('attachments_json')
      .where('id', '=', id)
      .executeTakeFirst();
    const a = r ? (JSON.parse(r.attachments_json) as StoredAttachment[])[index] : undefined;
    if (!a) throw new AppError('NOT_FOUND', '该附件不存在');
    const { bytes, file } = await readStoredFile(ctx, a.fileId);
    return {
      fileName: downloadName(a.name, '检查附件'),
      mimeType: file.mimeType,
      base64: bytes.toString('base64'),
    };
  },
});
