// Writing the calendar: single meetings and series (written out as rows, each occurrence editable), edits, moves
// and cancellation. The office is the default convener and its contact goes on the notice.
import type { MeetingFields, OfficeProfile } from '../../shared/contract';
import { MEETING_TYPE_LABELS } from '../../shared/contract';
import {
  describeSeries,
  expandSeries,
  validateSeriesRule,
  type SeriesRule,
} from '../../shared/domain/meeting-series';
import { AppError } from '../../shared/errors';
import { nowIso, type HandlerContext } from '../core/context';
import type { Output, ParsedInput } from '../../shared/contract';
import { loadWorkCalendar } from '../system/calendar';
import { getOffice } from '../system/users';
import { type Db, getMeeting, numbersFor, toCalendar, warningsFor } from './queries';
import { claimVersion } from '../core/versions';
import { assertDepartments, saved, describe, touch, assertEditable } from './editing';

async function writeDepartments(
  db: Db,
  meetingId: number,
  departments: { departmentId: number; role: 'attend' | 'observe'; attendeeNames: string }[],
): Promise<void> {
  await assertDepartments(
    db,
    departments.map((d) => d.departmentId),
  );
  const existing = await db
    .selectFrom('meeting_departments')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .execute();
  const kept = new Map(existing.map((e) => [e.department_id, e]));
  await db.deleteFrom('meeting_departments').where('meeting_id', '=', meetingId).execute();
  let position = 0;
  for (const d of departments) {
    const before = kept.get(d.departmentId);
    await db
      .insertInto('meeting_departments')
      .values({
        meeting_id: meetingId,
        department_id: d.departmentId,
        role: d.role,
        position: position++,
        attendee_names: d.attendeeNames,
        // Attendance already recorded for a department that stays is kept.
        attendance: before?.attendance ?? null,
        leave_reason: before?.leave_reason ?? '',
        delegate_name: before?.delegate_name ?? '',
      })
      .execute();
  }
}

/** A new meeting's row: the office is the default convener and its contact goes on the notice. */
function newMeetingRow(
  m: Omit<MeetingFields, 'date'>,
  date: string,
  office: OfficeProfile | null,
  at: string,
  series: { seriesId: number; originalDate: string } | null,
) {
  return {
    series_id: series?.seriesId ?? null,
    original_date: series?.originalDate ?? null,
    type: m.type,
    title: m.title,
    date,
    start_time: m.startTime,
    duration_minutes: m.durationMinutes,
    place: m.place,
    room: m.room,
    convener: m.convener || office?.name || '',
    chair: m.chair,
    invited_leaders: m.invitedLeaders,
    status: 'planned',
    notes: m.notes,
    contact_person: office?.contactPerson ?? '',
    contact_phone: office?.contactPhone ?? '',
    created_at: at,
    updated_at: at,
  };
}

export async function createMeeting(
  input: ParsedInput<'meetings.create'>,
  ctx: HandlerContext,
): Promise<Output<'meetings.create'>> {
  const at = nowIso(ctx);
  const office = await getOffice(ctx.db);
  const { id } = await ctx.db
    .insertInto('meetings')
    .values(newMeetingRow(input, input.date, office, at, null))
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeDepartments(ctx.db, id, input.departments);
  await ctx.audit({
    entity: 'meeting',
    entityId: id,
    summary: `新建${MEETING_TYPE_LABELS[input.type]} ${input.date} ${input.startTime}“${input.title}”`,
    after: input,
  });
  return saved(ctx, id);
}

export async function createSeries(
  { rule: input, meeting, departments }: ParsedInput<'meetings.createSeries'>,
  ctx: HandlerContext,
): Promise<Output<'meetings.createSeries'>> {
  // Without an end the series runs to the end of its first year: occurrences are written out as rows.
  const rule = {
    ...input,
    until: input.count ? input.until : (input.until ?? `${input.start.slice(0, 4)}-12-31`),
  } as SeriesRule;
  const problems = validateSeriesRule(rule);
  if (problems.length) throw new AppError('VALIDATION', problems.join('；'));
  const cal = await loadWorkCalendar(ctx.db);
  const occurrences = expandSeries(rule, cal, { from: rule.start, to: rule.until ?? '2199-12-31' });
  if (occurrences.length === 0) throw new AppError('VALIDATION', '按此规则在结束日期前没有任何会议');
  if (occurrences.length > 200)
    throw new AppError('VALIDATION', `此规则会生成 ${occurrences.length} 次会议，上限 200 次，请缩短期限`);
  const at = nowIso(ctx);
  const office = await getOffice(ctx.db);
  const { id: seriesId } = await ctx.db
    .insertInto('meeting_series')
    .values({
      title: meeting.title,
      type: meeting.type,
      rule_json: JSON.stringify(rule),
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ids: number[] = [];
  for (const o of occurrences) {
    const { id } = await ctx.db
      .insertInto('meetings')
      .values(newMeetingRow(meeting, o.date, office, at, { seriesId, originalDate: o.originalDate }))
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeDepartments(ctx.db, id, departments);
    ids.push(id);
  }
  const description = describeSeries(rule);
  await ctx.audit({
    entity: 'meeting_series',
    entityId: seriesId,
    summary: `新建会议系列“${meeting.title}”：${description}，共 ${ids.length} 次（${occurrences[0]!.date} 起）`,
    after: { rule, meeting, departments },
  });
  const rows = await ctx.db
    .selectFrom('meetings')
    .selectAll()
    .where('series_id', '=', seriesId)
    .orderBy('date')
    .execute();
  const numbers = await numbersFor(ctx.db, [...new Set(rows.map((r) => Number(r.date.slice(0, 4))))]);
  const warnings: { meetingId: number; date: string; message: string }[] = [];
  for (const r of rows) {
    for (const w of await warningsFor(ctx.db, cal, r))
      warnings.push({ meetingId: r.id, date: r.date, message: w.message });
  }
  return { seriesId, description, meetings: rows.map((r) => toCalendar(r, numbers)), warnings };
}

export async function updateMeeting(
  input: ParsedInput<'meetings.update'>,
  ctx: HandlerContext,
): Promise<Output<'meetings.update'>> {
  const before = await assertEditable(ctx, input.id);
  // Claim the meeting for this save: one conditional update, so two seats saving one copy cannot both win.
  const current = () => getMeeting({ id: input.id }, ctx);
  if (input.version !== undefined) await claimVersion(ctx, 'meetings', input.id, input.version, current);
  else {
    const claimed = await ctx.db
      .updateTable('meetings')
      .set((eb) => ({ row_version: eb('row_version', '+', 1) }))
      .where('id', '=', input.id)
      .where('updated_at', '=', input.updatedAt)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) await claimVersion(ctx, 'meetings', input.id, 0, current);
  }
  await ctx.db
    .updateTable('meetings')
    .set({
      type: input.type,
      title: input.title,
      date: input.date,
      start_time: input.startTime,
      duration_minutes: input.durationMinutes,
      place: input.place,
      room: input.room,
      convener: input.convener,
      chair: input.chair,
      invited_leaders: input.invitedLeaders,
      notes: input.notes,
      check_in_time: input.checkInTime,
      what_to_bring: input.whatToBring,
      rsvp_deadline: input.rsvpDeadline,
      contact_person: input.contactPerson,
      contact_phone: input.contactPhone,
    })
    .where('id', '=', input.id)
    .execute();
  await writeDepartments(ctx.db, input.id, input.departments);
  await touch(ctx, input.id);
  await ctx.audit({
    entity: 'meeting',
    entityId: input.id,
    summary: `修改会议 ${describe(before)}`,
    before,
    after: input,
  });
  return saved(ctx, input.id);
}

export async function moveMeeting(
  { id, date, startTime }: ParsedInput<'meetings.move'>,
  ctx: HandlerContext,
): Promise<Output<'meetings.move'>> {
  const before = await assertEditable(ctx, id);
  await ctx.db.updateTable('meetings').set({ date, start_time: startTime }).where('id', '=', id).execute();
  await touch(ctx, id);
  await ctx.audit({
    entity: 'meeting',
    entityId: id,
    summary: `调整会议时间：“${before.title}”由 ${before.date} ${before.start_time} 改为 ${date} ${startTime}`,
    before: { date: before.date, startTime: before.start_time },
    after: { date, startTime },
  });
  return saved(ctx, id);
}

export async function cancelMeeting(
  { id, reason }: ParsedInput<'meetings.cancel'>,
  ctx: HandlerContext,
): Promise<Output<'meetings.cancel'>> {
  const before = await assertEditable(ctx, id);
  if (before.status === 'held') throw new AppError('CONFLICT', `${describe(before)}已召开，不能取消`);
  await ctx.db
    .updateTable('meetings')
    .set({ status: 'cancelled', cancel_reason: reason })
    .where('id', '=', id)
    .execute();
  await touch(ctx, id);
  await ctx.audit({ entity: 'meeting', entityId: id, summary: `取消会议 ${describe(before)}：${reason}` });
  return saved(ctx, id);
}
