// Attendance (出席/请假/委托) and, after the meeting, the minutes with their 第N号 and the decisions to follow up.
// 请假 and 委托 often arrive on the 回执 before the day and may be entered then; 出席 only from the day on.
import { todayIso } from '../../shared/dates';
import { AppError } from '../../shared/errors';
import { nowIso, type HandlerContext } from '../core/context';
import { claimVersion } from '../core/versions';
import { decisionsWhere } from './decisions';
import type { Output, ParsedInput } from '../../shared/contract';
import { assertDepartments, saved, describe, touch, assertEditable } from './editing';

const today = (ctx: HandlerContext) => todayIso(ctx.now());

export async function recordAttendance(
  { meetingId, version, rows }: ParsedInput<'meetings.recordAttendance'>,
  ctx: HandlerContext,
): Promise<Output<'meetings.recordAttendance'>> {
  const m = await assertEditable(ctx, meetingId, version);
  const beforeTheDay = m.date > today(ctx);
  if (beforeTheDay) {
    if (rows.length === 0)
      throw new AppError('VALIDATION', `会议定于 ${m.date} 召开，尚未召开；会前只能登记请假或委托`);
    const issues = rows.flatMap((r, i) =>
      r.attendance === 'present'
        ? [
            {
              path: `rows.${i}.attendance`,
              message: `会议定于 ${m.date} 召开，尚未召开；会前只能登记请假或委托，出席须在会议当天起登记`,
            },
          ]
        : [],
    );
    if (issues.length) throw new AppError('VALIDATION', issues[0]!.message, { issues });
  }
  const members = new Set(
    (
      await ctx.db
        .selectFrom('meeting_departments')
        .select('department_id')
        .where('meeting_id', '=', meetingId)
        .execute()
    ).map((r) => r.department_id),
  );
  for (const r of rows) {
    if (!members.has(r.departmentId))
      throw new AppError('VALIDATION', '该单位不在此会议的参会单位中，请先在基本信息中添加');
    await ctx.db
      .updateTable('meeting_departments')
      .set({
        attendance: r.attendance,
        attendee_names: r.attendeeNames,
        leave_reason: r.attendance === 'leave' ? r.leaveReason : '',
        delegate_name: r.attendance === 'delegate' ? r.delegateName : '',
      })
      .where('meeting_id', '=', meetingId)
      .where('department_id', '=', r.departmentId)
      .execute();
  }
  // Recording who came marks the meeting 已召开; 请假/委托 reported in advance does not.
  if (!beforeTheDay)
    await ctx.db.updateTable('meetings').set({ status: 'held' }).where('id', '=', meetingId).execute();
  await touch(ctx, meetingId);
  await ctx.audit({
    entity: 'meeting',
    entityId: meetingId,
    summary: `${beforeTheDay ? '会前登记请假、委托' : '登记出席情况'}（出席 ${rows.filter((r) => r.attendance === 'present').length}，请假 ${rows.filter((r) => r.attendance === 'leave').length}，委托 ${rows.filter((r) => r.attendance === 'delegate').length}）：${describe(m)}`,
    after: rows,
  });
  return saved(ctx, meetingId);
}

export async function saveMinutes(
  { meetingId, version, summary, topics, decisions }: ParsedInput<'meetings.saveMinutes'>,
  ctx: HandlerContext,
): Promise<Output<'meetings.saveMinutes'>> {
  const m = await assertEditable(ctx, meetingId, version);
  if (m.date > today(ctx))
    throw new AppError('VALIDATION', `会议定于 ${m.date} 召开，尚未召开，不能填写纪要`);
  const agendaIds = new Set(
    (await ctx.db.selectFrom('agenda_items').select('id').where('meeting_id', '=', meetingId).execute()).map(
      (r) => r.id,
    ),
  );
  for (const t of topics) {
    if (!agendaIds.has(t.agendaItemId)) throw new AppError('VALIDATION', '议题不属于此会议，请刷新后重试');
    await ctx.db
      .updateTable('agenda_items')
      .set({ discussion: t.discussion, conclusion: t.conclusion })
      .where('id', '=', t.agendaItemId)
      .execute();
  }
  // A decision is due on or after the day it was decided: one due before it would be 逾期 the moment it is saved.
  const early = decisions.flatMap((d, i) =>
    d.dueDate < m.date
      ? [
          {
            path: `decisions.${i}.dueDate`,
            message: `事项${i + 1}的完成时限（${d.dueDate}）早于会议日期 ${m.date}，请填写会议当天或之后的日期`,
          },
        ]
      : [],
  );
  if (early.length)
    throw new AppError('VALIDATION', early.map((e) => e.message).join('；'), { issues: early });
  await assertDepartments(ctx.db, [...new Set(decisions.flatMap((d) => d.departmentIds))]);
  const existing = await ctx.db
    .selectFrom('decisions')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .execute();
  const byId = new Map(existing.map((d) => [d.id, d]));
  for (const d of decisions) {
    if (d.id !== undefined && !byId.has(d.id))
      throw new AppError('VALIDATION', '议定事项不属于此会议，请刷新后重试');
  }
  const keep = new Set(decisions.flatMap((d) => (d.id ? [d.id] : [])));
  for (const gone of existing.filter((e) => !keep.has(e.id))) {
    const followed =
      (await ctx.db
        .selectFrom('decision_updates')
        .select('id')
        .where('decision_id', '=', gone.id)
        .executeTakeFirst()) ??
      (await ctx.db
        .selectFrom('decision_urgings')
        .select('id')
        .where('decision_id', '=', gone.id)
        .executeTakeFirst());
    if (gone.status === 'done' || followed) {
      throw new AppError('CONFLICT', `议定事项“${gone.text.slice(0, 20)}”已有督办记录，不能删除`);
    }
    await ctx.db.deleteFrom('decision_departments').where('decision_id', '=', gone.id).execute();
    await ctx.db.deleteFrom('decisions').where('id', '=', gone.id).execute();
  }
  const at = nowIso(ctx);
  let seq = 1;
  for (const d of decisions) {
    let decisionId = d.id;
    if (decisionId) {
      // A decision changed since the minutes were opened (closed, reopened or edited by someone else) is not
      // overwritten from the stale copy: CONFLICT naming who changed it.
      const id = decisionId;
      await claimVersion(ctx, 'decisions', id, d.version, async () => {
        return (await decisionsWhere(ctx.db, today(ctx), { ids: [id], status: 'all' }))[0];
      });
      const was = byId.get(id)!;
      if (was.text !== d.text || was.due_date !== d.dueDate)
        await ctx.audit({
          entity: 'decision',
          entityId: id,
          summary: `修改议定事项：${d.text.slice(0, 40)}（办理期限 ${d.dueDate}）`,
          before: { text: was.text, dueDate: was.due_date },
          after: { text: d.text, dueDate: d.dueDate },
        });
      await ctx.db
        .updateTable('decisions')
        .set({ seq, text: d.text, due_date: d.dueDate, updated_at: at })
        .where('id', '=', decisionId)
        .execute();
    } else {
      decisionId = (
        await ctx.db
          .insertInto('decisions')
          .values({
            meeting_id: meetingId,
            seq,
            text: d.text,
            due_date: d.dueDate,
            status: 'open',
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }
    seq++;
    await ctx.db.deleteFrom('decision_departments').where('decision_id', '=', decisionId).execute();
    let position = 0;
    for (const dept of d.departmentIds) {
      await ctx.db
        .insertInto('decision_departments')
        .values({ decision_id: decisionId, department_id: dept, position: position++ })
        .execute();
    }
  }
  // 纪要 number (第N号): the next of the meeting's year, given at the first save and kept.
  let minutesNumber = m.minutes_number;
  const year = Number(m.date.slice(0, 4));
  if (minutesNumber === null) {
    const last = await ctx.db
      .selectFrom('meetings')
      .select((eb) => eb.fn.max('minutes_number').as('n'))
      .where('minutes_year', '=', year)
      .executeTakeFirst();
    minutesNumber = Number(last?.n ?? 0) + 1;
  }
  await ctx.db
    .updateTable('meetings')
    .set({ minutes_summary: summary, minutes_year: year, minutes_number: minutesNumber, status: 'held' })
    .where('id', '=', meetingId)
    .execute();
  await touch(ctx, meetingId);
  await ctx.audit({
    entity: 'meeting',
    entityId: meetingId,
    summary: `保存会议纪要（第${minutesNumber}号，议定事项 ${decisions.length} 项）：${describe(m)}`,
    before: existing.map((e) => ({ text: e.text, dueDate: e.due_date })),
    after: { summary, topics, decisions },
  });
  return saved(ctx, meetingId);
}
