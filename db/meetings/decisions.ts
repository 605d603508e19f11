// 议定事项督办: the decisions minutes record, listed across meetings (most urgent first) or for one meeting, and
// their follow-up: progress notes (with an optional file), closing with a result and reopening with a reason.
import { URGING_METHOD_LABELS, type Decision, type UrgingMethod } from '../../shared/contract';
import { todayIso } from '../../shared/dates';
import { AppError } from '../../shared/errors';
import { nowIso, requireActor, type HandlerContext } from '../core/context';
import type { Output, ParsedInput } from '../../shared/contract';
import { storeFile } from '../core/files';
import { claimVersion } from '../core/versions';
import type { Db } from './queries';
import { writeSheet, XLSX_MIME, type SheetColumn } from '../core/xlsx';
import {
  DECISION_STATE_LABELS,
  byUrgency,
  decisionState,
  dueNote,
  leadOf,
  partnersOf,
} from '../../shared/domain/decisions';

const today = (ctx: HandlerContext) => todayIso(ctx.now());

export async function decisionsWhere(
  db: Db,
  today: string,
  filter: {
    meetingId?: number;
    ids?: number[];
    status?: 'open' | 'done' | 'all';
    departmentId?: number;
    year?: number;
  },
): Promise<Decision[]> {
  let q = db
    .selectFrom('decisions as d')
    .innerJoin('meetings as m', 'm.id', 'd.meeting_id')
    .selectAll('d')
    .select(['m.title as meeting_title', 'm.date as meeting_date']);
  if (filter.meetingId !== undefined) q = q.where('d.meeting_id', '=', filter.meetingId);
  if (filter.ids) q = q.where('d.id', 'in', filter.ids.length ? filter.ids : [-1]);
  if (filter.status && filter.status !== 'all') q = q.where('d.status', '=', filter.status);
  if (filter.year)
    q = q.where('m.date', '>=', `${filter.year}-01-01`).where('m.date', '<=', `${filter.year}-12-31`);
  if (filter.departmentId !== undefined) {
    const dept = filter.departmentId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('decision_departments as dd')
          .select('dd.decision_id')
          .whereRef('dd.decision_id', '=', 'd.id')
          .where('dd.department_id', '=', dept),
      ),
    );
  }
  // A meeting's own decisions in the order of its minutes; across meetings, the most urgent first.
  const rows = await (
    filter.meetingId !== undefined
      ? q.orderBy('d.seq')
      : q.orderBy('d.status').orderBy('d.due_date').orderBy('m.date').orderBy('d.seq')
  ).execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const depts = await db
    .selectFrom('decision_departments as dd')
    .innerJoin('departments as dp', 'dp.id', 'dd.department_id')
    .select(['dd.decision_id', 'dd.department_id', 'dd.position', 'dp.short_name'])
    .where('dd.decision_id', 'in', ids)
    .orderBy('dd.position')
    .execute();
  const updates = await db
    .selectFrom('decision_updates')
    .selectAll()
    .where('decision_id', 'in', ids)
    .orderBy('at')
    .orderBy('id')
    .execute();
  const urgings = await db
    .selectFrom('decision_urgings')
    .select(['id', 'decision_id', 'urged_on', 'method', 'note', 'urged_by'])
    .where('decision_id', 'in', ids)
    .orderBy('urged_on')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    version: r.row_version,
    meetingId: r.meeting_id,
    meetingTitle: r.meeting_title,
    meetingDate: r.meeting_date,
    seq: r.seq,
    text: r.text,
    dueDate: r.due_date,
    status: r.status as 'open' | 'done',
    overdue: r.status === 'open' && r.due_date < today,
    result: r.result,
    closedAt: r.closed_at,
    departments: depts
      .filter((d) => d.decision_id === r.id)
      .map((d) => ({ departmentId: d.department_id, shortName: d.short_name, lead: d.position === 0 })),
    updates: updates
      .filter((u) => u.decision_id === r.id)
      .map((u) => ({
        id: u.id,
        at: u.at,
        author: u.author,
        text: u.text,
        fileId: u.file_id,
        fileName: u.file_name,
      })),
    urgings: urgings
      .filter((u) => u.decision_id === r.id)
      .map((u) => ({
        id: u.id,
        urgedOn: u.urged_on,
        method: u.method as UrgingMethod,
        note: u.note,
        urgedBy: u.urged_by,
      })),
  }));
}

export async function listDecisions(
  { status, departmentId, year, ids }: ParsedInput<'decisions.list'>,
  ctx: HandlerContext,
): Promise<Output<'decisions.list'>> {
  return decisionsWhere(ctx.db, today(ctx), {
    status,
    ...(ids !== undefined ? { ids } : {}),
    ...(departmentId !== undefined ? { departmentId } : {}),
    ...(year !== undefined ? { year } : {}),
  });
}

export async function addDecisionUpdate(
  { decisionId, text, file }: ParsedInput<'decisions.addUpdate'>,
  ctx: HandlerContext,
): Promise<Output<'decisions.addUpdate'>> {
  const d = await ctx.db.selectFrom('decisions').selectAll().where('id', '=', decisionId).executeTakeFirst();
  if (!d) throw new AppError('NOT_FOUND', '议定事项不存在');
  if (d.status === 'done') throw new AppError('CONFLICT', '此议定事项已办结；如需继续跟踪，请先重新打开');
  const actor = requireActor(ctx);
  const stored = file ? await storeFile(ctx, file) : null;
  await ctx.db
    .insertInto('decision_updates')
    .values({
      decision_id: decisionId,
      at: nowIso(ctx),
      author: actor.displayName,
      text,
      file_id: stored?.id ?? null,
      file_name: file?.fileName ?? null,
    })
    .execute();
  await ctx.db
    .updateTable('decisions')
    .set({ updated_at: nowIso(ctx) })
    .where('id', '=', decisionId)
    .execute();
  await ctx.audit({
    entity: 'decision',
    entityId: decisionId,
    summary: `督办进展：${d.text.slice(0, 30)}——${text.slice(0, 60)}`,
  });
  return (await decisionsWhere(ctx.db, today(ctx), { ids: [decisionId], status: 'all' }))[0]!;
}

export async function closeDecision(
  { decisionId, result }: ParsedInput<'decisions.close'>,
  ctx: HandlerContext,
): Promise<Output<'decisions.close'>> {
  const d = await ctx.db.selectFrom('decisions').selectAll().where('id', '=', decisionId).executeTakeFirst();
  if (!d) throw new AppError('NOT_FOUND', '议定事项不存在');
  if (d.status === 'done') throw new AppError('CONFLICT', '此议定事项已办结');
  // Closing changes the decision: a minutes form opened before it is stale.
  await claimVersion(ctx, 'decisions', decisionId, undefined);
  await ctx.db
    .updateTable('decisions')
    .set({ status: 'done', result, closed_at: nowIso(ctx), updated_at: nowIso(ctx) })
    .where('id', '=', decisionId)
    .execute();
  await ctx.audit({
    entity: 'decision',
    entityId: decisionId,
    summary: `办结议定事项：${d.text.slice(0, 40)}——${result.slice(0, 60)}`,
  });
  return (await decisionsWhere(ctx.db, today(ctx), { ids: [decisionId], status: 'all' }))[0]!;
}

export async function reopenDecision(
  { decisionId, reason }: ParsedInput<'decisions.reopen'>,
  ctx: HandlerContext,
): Promise<Output<'decisions.reopen'>> {
  const d = await ctx.db.selectFrom('decisions').selectAll().where('id', '=', decisionId).executeTakeFirst();
  if (!d) throw new AppError('NOT_FOUND', '议定事项不存在');
  if (d.status !== 'done') throw new AppError('CONFLICT', '此议定事项尚未办结');
  await claimVersion(ctx, 'decisions', decisionId, undefined);
  await ctx.db
    .updateTable('decisions')
    .set({ status: 'open', closed_at: null, updated_at: nowIso(ctx) })
    .where('id', '=', decisionId)
    .execute();
  await ctx.db
    .insertInto('decision_updates')
    .values({
      decision_id: decisionId,
      at: nowIso(ctx),
      author: requireActor(ctx).displayName,
      text: `重新打开：${reason}`,
      file_id: null,
      file_name: null,
    })
    .execute();
  await ctx.audit({
    entity: 'decision',
    entityId: decisionId,
    summary: `重新打开议定事项：${d.text.slice(0, 40)}——${reason}`,
    before: { result: d.result },
  });
  return (await decisionsWhere(ctx.db, today(ctx), { ids: [decisionId], status: 'all' }))[0]!;
}

/** 批量办结: every selected decision is checked first (the batch is refused, the decision named, if any one cannot be
 *  closed), then each is closed with the same result and its own audit row, in the mutation's one transaction. */
export async function closeDecisions(
  { decisionIds, result }: ParsedInput<'decisions.closeMany'>,
  ctx: HandlerContext,
): Promise<Output<'decisions.closeMany'>> {
  const rows = await ctx.db.selectFrom('decisions').selectAll().where('id', 'in', decisionIds).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of decisionIds) {
    const d = byId.get(id);
    if (!d) throw new AppError('NOT_FOUND', `所选的议定事项（编号 ${id}）不存在或已被删除，未办结任何一项`);
    if (d.status === 'done')
      throw new AppError(
        'CONFLICT',
        `议定事项“${shortText(d.text)}”已办结，不能再次办结；请取消选择该项后重试（未办结任何一项）`,
      );
  }
  const at = nowIso(ctx);
  for (const id of decisionIds) {
    const d = byId.get(id)!;
    await claimVersion(ctx, 'decisions', id, undefined);
    await ctx.db
      .updateTable('decisions')
      .set({ status: 'done', result, closed_at: at, updated_at: at })
      .where('id', '=', id)
      .execute();
    await ctx.audit({
      entity: 'decision',
      entityId: id,
      summary: `批量办结议定事项：${d.text.slice(0, 40)}——${result.slice(0, 60)}`,
    });
  }
  return (await decisionsWhere(ctx.db, today(ctx), { ids: decisionIds, status: 'all' })).sort(byUrgency);
}

const shortText = (t: string) => (t.length > 30 ? `${t.slice(0, 30)}…` : t);

const EXPORT_COLUMNS: SheetColumn<{ seq: number; d: Decision; on: string }>[] = [
  { header: '序号', width: 6, value: (r) => r.seq },
  { header: '办理状态', width: 10, value: (r) => DECISION_STATE_LABELS[decisionState(r.d)] },
  { header: '议定事项', width: 48, value: (r) => r.d.text },
  { header: '牵头单位', width: 16, value: (r) => leadOf(r.d) },
  { header: '配合单位', width: 28, value: (r) => partnersOf(r.d) },
  { header: '完成时限', width: 14, value: (r) => r.d.dueDate },
  { header: '时限提示', width: 12, value: (r) => dueNote(r.d, r.on)?.text ?? '' },
  { header: '来源会议', width: 34, value: (r) => r.d.meetingTitle },
  { header: '会议日期', width: 14, value: (r) => r.d.meetingDate },
  { header: '最新督办进展', width: 40, value: (r) => r.d.updates.at(-1)?.text ?? '' },
  { header: '催办次数', width: 10, value: (r) => r.d.urgings.length },
  { header: '最近催办', width: 14, value: (r) => r.d.urgings.at(-1)?.urgedOn ?? '' },
  { header: '办理结果', width: 36, value: (r) => r.d.result },
  { header: '办结时间', width: 18, value: (r) => r.d.closedAt },
];

/** The list as the page shows it (same filters, the most urgent first), as an Excel workbook. */
export async function exportDecisions(
  { status, departmentId, year, ids }: ParsedInput<'decisions.exportXlsx'>,
  ctx: HandlerContext,
): Promise<Output<'decisions.exportXlsx'>> {
  const on = today(ctx);
  const list = (
    await decisionsWhere(ctx.db, on, {
      status,
      ...(ids !== undefined ? { ids } : {}),
      ...(departmentId !== undefined ? { departmentId } : {}),
      ...(year !== undefined ? { year } : {}),
    })
  ).sort(byUrgency);
  const bytes = await writeSheet(
    '议定事项督办',
    EXPORT_COLUMNS,
    list.map((d, i) => ({ seq: i + 1, d, on })),
  );
  const statusName = { open: '未办结', done: '已办结', all: '全部' }[status];
  return {
    fileName: ids
      ? `议定事项督办_所选${list.length}项.xlsx`
      : `议定事项督办_${year ? `${year}年` : '全部年度'}_${statusName}.xlsx`,
    mimeType: XLSX_MIME,
    base64: bytes.toString('base64'),
  };
}

// ---------------------------------------------------------------- 催办

type UrgingFields = Pick<ParsedInput<'decisions.urge'>, 'urgedOn' | 'method' | 'note'>;

/** A 催办 is recorded on the day it happened: not after today, not before the meeting that made the decision. */
function checkUrgedOn(ctx: HandlerContext, urgedOn: string, meetingDates: { text: string; date: string }[]) {
  if (urgedOn > today(ctx))
    throw new AppError('VALIDATION', `催办日期 ${urgedOn} 晚于今天，请填写实际催办的日期`, {
      issues: [{ path: 'urgedOn', message: '催办日期不能晚于今天' }],
    });
  const early = meetingDates.find((m) => urgedOn < m.date);
  if (early)
    throw new AppError(
      'VALIDATION',
      `催办日期 ${urgedOn} 早于议定事项“${shortText(early.text)}”所在会议的日期 ${early.date}`,
      { issues: [{ path: 'urgedOn', message: '催办日期不能早于会议日期' }] },
    );
}

async function insertUrging(
  ctx: HandlerContext,
  d: { id: number; text: string },
  f: UrgingFields,
  batch: boolean,
): Promise<void> {
  const actor = requireActor(ctx);
  const { id } = await ctx.db
    .insertInto('decision_urgings')
    .values({
      decision_id: d.id,
      urged_on: f.urgedOn,
      method: f.method,
      note: f.note,
      urged_by: actor.displayName,
      created_at: nowIso(ctx),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.audit({
    entity: 'decision_urging',
    entityId: id,
    summary: `${batch ? '批量' : ''}催办议定事项（${URGING_METHOD_LABELS[f.method]}，${f.urgedOn}）：${d.text.slice(0, 40)}${f.note ? `——${f.note.slice(0, 60)}` : ''}`,
    after: { decisionId: d.id, urgedOn: f.urgedOn, method: f.method, note: f.note },
  });
}

/** The decisions to urge with their meeting dates; refuses missing and closed ones, naming every closed one. */
async function urgeable(ctx: HandlerContext, decisionIds: number[]) {
  const rows = await ctx.db
    .selectFrom('decisions as d')
    .innerJoin('meetings as m', 'm.id', 'd.meeting_id')
    .select(['d.id', 'd.text', 'd.status', 'm.date as meeting_date'])
    .where('d.id', 'in', decisionIds)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const missing = decisionIds.filter((id) => !byId.has(id));
  if (missing.length)
    throw new AppError(
      'NOT_FOUND',
      decisionIds.length === 1
        ? '议定事项不存在'
        : `所选的议定事项（编号 ${missing.join('、')}）不存在或已被删除，未催办任何一项`,
    );
  const closed = decisionIds.map((id) => byId.get(id)!).filter((d) => d.status === 'done');
  if (closed.length)
    throw new AppError(
      'CONFLICT',
      decisionIds.length === 1
        ? '此议定事项已办结，无需催办；如需继续跟踪，请先重新打开'
        : `以下议定事项已办结，不能催办：${closed.map((d) => `“${shortText(d.text)}”`).join('、')}；请取消选择后重试（未催办任何一项）`,
    );
  return decisionIds.map((id) => byId.get(id)!);
}

export async function urgeDecision(
  { decisionId, urgedOn, method, note }: ParsedInput<'decisions.urge'>,
  ctx: HandlerContext,
): Promise<Output<'decisions.urge'>> {
  const [d] = await urgeable(ctx, [decisionId]);
  checkUrgedOn(ctx, urgedOn, [{ text: d!.text, date: d!.meeting_date }]);
  await insertUrging(ctx, d!, { urgedOn, method, note }, false);
  return (await decisionsWhere(ctx.db, today(ctx), { ids: [decisionId], status: 'all' }))[0]!;
}

/** 批量催办: every selected decision is checked first (the batch is refused, the closed decisions named, if any one
 *  cannot be urged), then each gets its 催办 row and audit row, in the mutation's one transaction. */
export async function urgeDecisions(
  { decisionIds, urgedOn, method, note }: ParsedInput<'decisions.urgeMany'>,
  ctx: HandlerContext,
): Promise<Output<'decisions.urgeMany'>> {
  const list = await urgeable(ctx, decisionIds);
  checkUrgedOn(
    ctx,
    urgedOn,
    list.map((d) => ({ text: d.text, date: d.meeting_date })),
  );
  for (const d of list) await insertUrging(ctx, d, { urgedOn, method, note }, true);
  return (await decisionsWhere(ctx.db, today(ctx), { ids: decisionIds, status: 'all' })).sort(byUrgency);
}
