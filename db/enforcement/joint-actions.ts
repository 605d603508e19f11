// 联合执法行动 / 专项整治 against the database: the list by year (actions that ran in it), the year against its minimum
// (completed actions of several departments, counted in the year they ended), create/update/remove with Chinese
// validation and an audit row each, attachments stored by SHA-256, and the xlsx export of the list. The status
// is read from the injectable clock at every read, so an action becomes 进行中 and 已完成 by itself as its dates
// pass, unless the office set one. Rules: ../../shared/domain/joint-actions.
import type { Kysely } from 'kysely';
import {
  JOINT_ACTION_KIND_LABELS,
  JOINT_ACTION_MIN_PER_YEAR,
  JOINT_ACTION_RULE_SOURCE,
  JOINT_ACTION_STATUS_LABELS,
  JOINT_ENFORCEMENT_ITEM,
  countedIn,
  countsTowardsMinimum,
  fenToYuan,
  formatYuan,
  jointActionStatus,
  statusFromDates,
  yuanToFen,
  type FileDownload,
  type JointAction,
  type JointActionKind,
  type JointActionStatus,
  type JointActionYear,
  type JOINT_ACTION_LIST_STATUSES,
  type ParsedInput,
} from '../../shared/contract';
import { frequencyPerYear } from '../../shared/domain/checklist';
import { calendarDaysBetween, todayIso, type IsoDate } from '../../shared/dates';
import { AppError, type FieldIssue } from '../../shared/errors';
import { defineHandlers, nowIso, type HandlerContext } from '../core/context';
import { downloadName, readStoredFile, storeFile } from '../core/files';
import type { DB } from '../core/schema';
import { claimVersion } from '../core/versions';
import { writeSheet, XLSX_MIME, type SheetColumn } from '../core/xlsx';
import { checkDepartments } from './referrals';
import { jsonArrayFrom, jsonRows } from '../core/dialect';

const today = (ctx: HandlerContext): IsoDate => todayIso(ctx.now());
const MAX_SPAN_DAYS = 366;

function refuse(code: 'CONFLICT' | 'VALIDATION', issues: FieldIssue[]): never {
  throw new AppError(code, issues.map((i) => i.message).join('；'), { issues });
}

const actionColumns = (db: Kysely<DB>) =>
  db
    .selectFrom('joint_actions as a')
    .innerJoin('departments as l', 'l.id', 'a.lead_department_id')
    .selectAll('a')
    .select('l.short_name as lead_name')
    .select((eb) => [
      jsonArrayFrom(
        db,
        eb
          .selectFrom('joint_action_departments as p')
          .innerJoin('departments as d', 'd.id', 'p.department_id')
          .select(['d.id', 'd.short_name as shortName'])
          .whereRef('p.action_id', '=', 'a.id')
          .orderBy('p.position'),
      ).as('participants'),
      jsonArrayFrom(
        db,
        eb
          .selectFrom('joint_action_targets as t')
          .innerJoin('institutions as n', 'n.id', 't.institution_id')
          .select(['n.id', 'n.name'])
          .whereRef('t.action_id', '=', 'a.id')
          .orderBy('t.position'),
      ).as('targets'),
      jsonArrayFrom(
        db,
        eb
          .selectFrom('joint_action_files as f')
          .innerJoin('files as s', 's.id', 'f.file_id')
          .select(['f.id', 'f.file_name as fileName', 's.size'])
          .whereRef('f.action_id', '=', 'a.id')
          .orderBy('f.id'),
      ).as('files'),
    ]);

type ActionRow = Awaited<ReturnType<ReturnType<typeof actionColumns>['executeTakeFirstOrThrow']>>;

function toAction(r: ActionRow, on: IsoDate): JointAction {
  const participants: JointAction['participants'] = jsonRows(r.participants);
  const base = {
    startDate: r.start_date,
    endDate: r.end_date,
    statusSet: r.status_set as JointActionStatus | null,
    departmentCount: 1 + participants.length,
  };
  return {
    id: r.id,
    version: r.row_version,
    name: r.name,
    kind: r.kind as JointActionKind,
    leadDepartmentId: r.lead_department_id,
    leadDepartmentName: r.lead_name,
    participants,
    departmentCount: base.departmentCount,
    startDate: r.start_date,
    endDate: r.end_date,
    targets: jsonRows(r.targets),
    scope: r.scope,
    statusSet: base.statusSet,
    status: jointActionStatus(base, on),
    counted: countsTowardsMinimum(base, on),
    institutionsChecked: r.institutions_checked,
    issuesFound: r.issues_found,
    casesFiled: r.cases_filed,
    finesYuan: fenToYuan(r.fines_fen),
    resultsText: r.results_text,
    files: jsonRows(r.files),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const yearRange = (year: number) => [`${year}-01-01`, `${year}-12-31`] as const;

export async function listJointActions(
  db: Kysely<DB>,
  on: IsoDate,
  f: {
    year?: number | undefined;
    status?: (typeof JOINT_ACTION_LIST_STATUSES)[number];
    kind?: JointActionKind | undefined;
    /** Only actions that ended in this year (the count's rows). */
    endYear?: number;
  },
): Promise<JointAction[]> {
  let q = actionColumns(db);
  if (f.year !== undefined) {
    const [from, to] = yearRange(f.year);
    q = q.where('a.end_date', '>=', from).where('a.start_date', '<=', to);
  }
  if (f.endYear !== undefined) {
    const [from, to] = yearRange(f.endYear);
    q = q.where('a.end_date', '>=', from).where('a.end_date', '<=', to);
  }
  if (f.kind !== undefined) q = q.where('a.kind', '=', f.kind);
  const rows = await q.orderBy('a.start_date', 'desc').orderBy('a.id', 'desc').execute();
  const all = rows.map((r) => toAction(r, on));
  const status = f.status ?? 'all';
  return status === 'all' ? all : all.filter((a) => a.status === status);
}

export async function getJointAction(db: Kysely<DB>, id: number, on: IsoDate): Promise<JointAction> {
  const r = await actionColumns(db).where('a.id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND', '该联合行动不存在或已被删除，请刷新后重试');
  return toAction(r, on);
}

/** The facts the count needs of every action ending in [from, to] (or, with `runningOn`, every action that has
 *  started by then and ends after `from`): dates, the status set by hand, the number of departments (the lead and
 *  the participants) and the results. */
export async function jointActionFacts(db: Kysely<DB>, from: IsoDate, to: IsoDate, startedBy?: IsoDate) {
  let q = db
    .selectFrom('joint_actions as a')
    .innerJoin('departments as lead', 'lead.id', 'a.lead_department_id')
    .select([
      'a.id',
      'a.name',
      'a.kind',
      'a.start_date',
      'a.end_date',
      'a.status_set',
      'a.institutions_checked',
      'a.issues_found',
      'a.cases_filed',
      'a.fines_fen',
      'lead.short_name as lead',
      (eb) =>
        eb
          .selectFrom('joint_action_departments as d')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('d.action_id', '=', 'a.id')
          .as('participants'),
    ])
    .where('a.end_date', '>=', from);
  q = startedBy === undefined ? q.where('a.end_date', '<=', to) : q.where('a.start_date', '<=', startedBy);
  const rows = await q.orderBy('a.start_date').orderBy('a.id').execute();
  return rows.map((r) => ({
    ...r,
    startDate: r.start_date,
    endDate: r.end_date,
    statusSet: r.status_set as JointActionStatus | null,
    // The lead department is not among joint_action_departments (validation refuses it there).
    departmentCount: 1 + Number(r.participants ?? 0),
  }));
}

/**
 * Completed actions of several departments that ended in `year` — the page's, the 工作台's and the checklist's
 * count: countsTowardsMinimum (shared/domain/joint-actions.ts), read on `on`.
 */
export async function completedJointActions(db: Kysely<DB>, year: number, on: IsoDate): Promise<number> {
  const [from, to] = yearRange(year);
  return (await jointActionFacts(db, from, to)).filter((a) => countedIn(a, from, to, on)).length;
}

/** The year's minimum: the year's checklist item on 双随机/联合执法 when its 备注 sets a frequency, else seed 003's. */
export async function jointActionMinimum(
  db: Kysely<DB>,
  year: number,
): Promise<{ required: number; source: string }> {
  const items = await db
    .selectFrom('checklist_items as i')
    .innerJoin('checklists as c', 'c.id', 'i.checklist_id')
    .select(['i.seq', 'i.title', 'i.remark'])
    .where('c.year', '=', year)
    .where('i.retired', '=', 0)
    .execute();
  for (const i of items) {
    const n = frequencyPerYear(i.remark);
    if (n !== null && JOINT_ENFORCEMENT_ITEM.test(i.title))
      return { required: n, source: `${year} 年任务清单第 ${i.seq} 项备注：${i.remark}` };
  }
  return { required: JOINT_ACTION_MIN_PER_YEAR, source: JOINT_ACTION_RULE_SOURCE };
}

async function yearSummary(db: Kysely<DB>, year: number, on: IsoDate): Promise<JointActionYear> {
  const ended = await listJointActions(db, on, { endYear: year });
  const joint = ended.filter((a) => a.departmentCount >= 2);
  return {
    year,
    ...(await jointActionMinimum(db, year)),
    completed: joint.filter((a) => a.counted).length,
    inProgress: joint.filter((a) => a.status === 'in_progress').length,
    planned: joint.filter((a) => a.status === 'planned').length,
    singleDepartment: ended.filter((a) => a.departmentCount < 2 && a.status === 'done').length,
  };
}

// ------------------------------------------------------------------------------------------ validation

type ActionValues = ParsedInput<'jointActions.create'>;

async function checkAction(
  ctx: HandlerContext,
  v: ActionValues,
  before: JointAction | null,
  removeFileIds: number[],
): Promise<void> {
  const on = today(ctx);
  const issues: FieldIssue[] = [];
  const had = new Set(before ? [before.leadDepartmentId, ...before.participants.map((p) => p.id)] : []);
  const names = await checkDepartments(
    ctx.db,
    [
      {
        path: 'leadDepartmentId',
        id: v.leadDepartmentId,
        label: '牵头单位',
        had: had.has(v.leadDepartmentId),
      },
      ...v.participantIds.map((id) => ({ path: 'participantIds', id, label: '参与单位', had: had.has(id) })),
    ],
    issues,
  );
  if (v.participantIds.includes(v.leadDepartmentId))
    issues.push({
      path: 'participantIds',
      message: `参与单位不能包含牵头单位（${names.get(v.leadDepartmentId) ?? ''}）`,
    });
  else if (v.kind === 'joint' && v.participantIds.length < 1)
    issues.push({
      path: 'participantIds',
      message: '联合执法行动至少需要 2 个部门参加：请在牵头单位之外至少选择 1 个参与单位',
    });
  if (v.endDate < v.startDate)
    issues.push({ path: 'endDate', message: `结束日期不能早于开始日期（${v.startDate}）` });
  else if (calendarDaysBetween(v.startDate, v.endDate) + 1 > MAX_SPAN_DAYS)
    issues.push({
      path: 'endDate',
      message: `行动时间跨度不能超过 ${MAX_SPAN_DAYS} 天；常态化工作请按年度分别登记`,
    });
  if (v.targetIds.length > 0) {
    const found = await ctx.db
      .selectFrom('institutions')
      .select('id')
      .where('id', 'in', v.targetIds)
      .execute();
    const missing = v.targetIds.length - found.length;
    if (missing > 0)
      issues.push({ path: 'targetIds', message: `检查对象中有 ${missing} 家不在监管对象名录中` });
  }
  // The status set by hand must fit the dates; 'auto' always does.
  if (v.status === 'done' && v.startDate > on)
    issues.push({ path: 'status', message: `开始日期（${v.startDate}）在今天之后，行动不能设为已完成` });
  if (v.status === 'in_progress' && v.startDate > on)
    issues.push({ path: 'status', message: `开始日期（${v.startDate}）在今天之后，行动不能设为进行中` });
  if (v.status === 'planned' && v.endDate < on)
    issues.push({
      path: 'status',
      message: `结束日期（${v.endDate}）已过，不能设为计划中；行动延期请修改日期，未开展的行动请删除`,
    });
  const status = v.status === 'auto' ? statusFromDates(v.startDate, v.endDate, on) : v.status;
  const anyResult = v.institutionsChecked > 0 || v.issuesFound > 0 || v.casesFiled > 0 || v.finesYuan > 0;
  const statusFits = !issues.some((i) => i.path === 'status');
  if (statusFits && status === 'planned' && anyResult)
    issues.push({ path: 'institutionsChecked', message: '行动尚未开始（计划中），不能登记检查结果' });
  else if (v.issuesFound > 0 && v.institutionsChecked === 0)
    issues.push({ path: 'institutionsChecked', message: '已填写发现问题数，请填写检查机构数' });
  if (v.casesFiled > v.issuesFound)
    issues.push({
      path: 'casesFiled',
      message: `立案数（${v.casesFiled}）不能多于发现问题数（${v.issuesFound}）`,
    });
  if (v.finesYuan > 0 && v.casesFiled === 0)
    issues.push({ path: 'finesYuan', message: '有罚没金额时，立案数应至少为 1' });
  if (before) {
    const own = new Set(before.files.map((f) => f.id));
    if (removeFileIds.some((id) => !own.has(id)))
      issues.push({ path: 'removeFileIds', message: '要删除的附件不属于该行动，请刷新后重试' });
  }
  if (issues.length > 0) refuse('VALIDATION', issues);
  const sameName = await ctx.db
    .selectFrom('joint_actions')
    .select(['id', 'start_date'])
    .where('name', '=', v.name)
    .where('start_date', '=', v.startDate)
    .executeTakeFirst();
  if (sameName && sameName.id !== before?.id)
    refuse('CONFLICT', [
      { path: 'name', message: `已登记同名行动“${v.name}”（开始日期 ${sameName.start_date}）` },
    ]);
}

const actionRow = (v: ActionValues) => ({
  name: v.name,
  kind: v.kind,
  lead_department_id: v.leadDepartmentId,
  start_date: v.startDate,
  end_date: v.endDate,
  scope: v.scope,
  status_set: v.status === 'auto' ? null : v.status,
  institutions_checked: v.institutionsChecked,
  issues_found: v.issuesFound,
  cases_filed: v.casesFiled,
  fines_fen: yuanToFen(v.finesYuan),
  results_text: v.resultsText,
});

async function writeLinks(ctx: HandlerContext, id: number, v: ActionValues): Promise<void> {
  await ctx.db.deleteFrom('joint_action_departments').where('action_id', '=', id).execute();
  await ctx.db.deleteFrom('joint_action_targets').where('action_id', '=', id).execute();
  if (v.participantIds.length > 0)
    await ctx.db
      .insertInto('joint_action_departments')
      .values(v.participantIds.map((d, position) => ({ action_id: id, department_id: d, position })))
      .execute();
  if (v.targetIds.length > 0)
    await ctx.db
      .insertInto('joint_action_targets')
      .values(v.targetIds.map((i, position) => ({ action_id: id, institution_id: i, position })))
      .execute();
  for (const upload of v.addFiles) {
    const file = await storeFile(ctx, upload);
    await ctx.db
      .insertInto('joint_action_files')
      .values({
        action_id: id,
        file_id: file.id,
        file_name: downloadName(upload.fileName),
        added_at: nowIso(ctx),
      })
      .execute();
  }
}

const describeAction = (a: JointAction) =>
  `${JOINT_ACTION_KIND_LABELS[a.kind]}“${a.name}”（${a.startDate} 至 ${a.endDate}，牵头 ${a.leadDepartmentName}${a.participants.length ? `，参与 ${a.participants.map((p) => p.shortName).join('、')}` : ''}）`;

/** What the audit keeps of an action: everything but the file bytes. */
const audited = (a: JointAction) => ({ ...a, status: JOINT_ACTION_STATUS_LABELS[a.status] });

// ------------------------------------------------------------------------------------------ export

const EXPORT_COLUMNS: SheetColumn<{ seq: number; a: JointAction }>[] = [
  { header: '序号', width: 6, value: (r) => r.seq },
  { header: '行动名称', width: 34, value: (r) => r.a.name },
  { header: '类型', width: 14, value: (r) => JOINT_ACTION_KIND_LABELS[r.a.kind] },
  { header: '牵头单位', width: 16, value: (r) => r.a.leadDepartmentName },
  { header: '参与单位', width: 30, value: (r) => r.a.participants.map((p) => p.shortName).join('、') },
  { header: '部门数', width: 8, value: (r) => r.a.departmentCount },
  { header: '开始日期', width: 12, value: (r) => r.a.startDate },
  { header: '结束日期', width: 12, value: (r) => r.a.endDate },
  { header: '状态', width: 8, value: (r) => JOINT_ACTION_STATUS_LABELS[r.a.status] },
  { header: '计入年度联合执法次数', width: 12, value: (r) => (r.a.counted ? '是' : '否') },
  { header: '检查对象', width: 36, value: (r) => r.a.targets.map((t) => t.name).join('、') },
  { header: '检查范围说明', width: 30, value: (r) => r.a.scope },
  { header: '检查机构数', width: 10, value: (r) => r.a.institutionsChecked },
  { header: '发现问题数', width: 10, value: (r) => r.a.issuesFound },
  { header: '立案数', width: 8, value: (r) => r.a.casesFiled },
  { header: '罚没金额（元）', width: 14, value: (r) => r.a.finesYuan },
  { header: '工作成效', width: 40, value: (r) => r.a.resultsText },
];

async function exportXlsx(ctx: HandlerContext, year: number | undefined): Promise<FileDownload> {
  const actions = await listJointActions(ctx.db, today(ctx), { year });
  const rows = [...actions].reverse().map((a, i) => ({ seq: i + 1, a })); // oldest first, as a register reads
  const bytes = await writeSheet(year ? `${year}年联合执法行动` : '联合执法行动', EXPORT_COLUMNS, rows);
  return {
    fileName: year ? `联合执法行动_${year}年.xlsx` : '联合执法行动_全部年度.xlsx',
    mimeType: XLSX_MIME,
    base64: bytes.toString('base64'),
  };
}

// ------------------------------------------------------------------------------------------ handlers

export const jointActionHandlers = defineHandlers({
  'jointActions.list': async ({ year, status, kind }, ctx) =>
    listJointActions(ctx.db, today(ctx), { year, status, kind }),
  'jointActions.year': async ({ year }, ctx) => yearSummary(ctx.db, year, today(ctx)),
  'jointActions.create': async (input, ctx) => {
    await checkAction(ctx, input, null, []);
    const at = nowIso(ctx);
    const { id } = await ctx.db
      .insertInto('joint_actions')
      .values({ ...actionRow(input), created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeLinks(ctx, id, input);
    const after = await getJointAction(ctx.db, id, today(ctx));
    await ctx.audit({
      entity: 'joint_action',
      entityId: id,
      summary: `新增${describeAction(after)}，${JOINT_ACTION_STATUS_LABELS[after.status]}`,
      after: audited(after),
    });
    return after;
  },
  'jointActions.update': async ({ id, version, removeFileIds, ...values }, ctx) => {
    const on = today(ctx);
    const before = await getJointAction(ctx.db, id, on);
    // Saved from the copy the editor started from: someone else's newer save is not overwritten unseen.
    await claimVersion(ctx, 'joint_actions', id, version, () => getJointAction(ctx.db, id, on));
    await checkAction(ctx, values, before, removeFileIds);
    await ctx.db
      .updateTable('joint_actions')
      .set({ ...actionRow(values), updated_at: nowIso(ctx) })
      .where('id', '=', id)
      .execute();
    if (removeFileIds.length > 0)
      await ctx.db
        .deleteFrom('joint_action_files')
        .where('action_id', '=', id)
        .where('id', 'in', removeFileIds)
        .execute();
    await writeLinks(ctx, id, values);
    const after = await getJointAction(ctx.db, id, on);
    const results =
      before.institutionsChecked !== after.institutionsChecked ||
      before.issuesFound !== after.issuesFound ||
      before.casesFiled !== after.casesFiled ||
      before.finesYuan !== after.finesYuan
        ? `；结果：检查 ${after.institutionsChecked} 家，发现问题 ${after.issuesFound} 个，立案 ${after.casesFiled} 件，罚没 ${formatYuan(yuanToFen(after.finesYuan))} 元`
        : '';
    await ctx.audit({
      entity: 'joint_action',
      entityId: id,
      summary: `修改${describeAction(after)}，${JOINT_ACTION_STATUS_LABELS[after.status]}${results}`,
      before: audited(before),
      after: audited(after),
    });
    return after;
  },
  'jointActions.remove': async ({ id, reason }, ctx) => {
    const before = await getJointAction(ctx.db, id, today(ctx));
    await ctx.db.deleteFrom('joint_actions').where('id', '=', id).execute(); // links go with it (cascade)
    await ctx.audit({
      entity: 'joint_action',
      entityId: id,
      summary: `删除${describeAction(before)}，原因：${reason}`,
      before: audited(before),
    });
    return { id };
  },
  'jointActions.exportXlsx': async ({ year }, ctx) => exportXlsx(ctx, year),
  'jointActions.file': async ({ id }, ctx) => {
    const f = await ctx.db
      .selectFrom('joint_action_files')
      .select(['file_id', 'file_name'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!f) throw new AppError('NOT_FOUND', '该附件不存在或已被删除');
    const { bytes, file } = await readStoredFile(ctx, f.file_id);
    return { fileName: downloadName(f.file_name), mimeType: file.mimeType, base64: bytes.toString('base64') };
  },
});
