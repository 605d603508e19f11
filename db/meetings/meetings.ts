// 联席会议 handlers: the calendar, single meetings and series (written out as rows, each occurrence editable),
// warnings (non-working day, same room or same chair at the same time, agenda longer than the meeting), the
// agenda, the notice's 发文字号, attendance, minutes with decisions, and the follow-up of decisions (督办).
import type { Kysely, Selectable } from 'kysely';
import type {
  AgendaItem,
  CalendarMeeting,
  Decision,
  MeetingDepartment,
  MeetingDetail,
  MeetingFields,
  MeetingStatus,
  OfficeProfile,
  MeetingType,
  MeetingWarning,
} from '../../shared/contract';
import { MEETING_TYPE_LABELS } from '../../shared/contract';
import {
  describeSeries,
  expandSeries,
  nonWorkingWarning,
  validateSeriesRule,
  type SeriesRule,
} from '../../shared/domain/meeting-series';
import { todayIso, type WorkCalendar } from '../../shared/dates';
import { frequencyPerYear } from '../../shared/domain/checklist';
import { AppError } from '../../shared/errors';
import { defineHandlers, nowIso, requireActor, type HandlerContext } from '../core/context';
import type { Output, ParsedInput } from '../../shared/contract';
import type { DB } from '../core/schema';
import { downloadName, readStoredFile, storeFile } from '../core/files';
import { issuedNumbers, issueNumber, type IssuedNumber } from '../core/doc-numbers';
import { loadWorkCalendar } from '../system/calendar';
import { getOffice } from '../system/users';

type Db = Kysely<DB>;
type MeetingRow = Selectable<DB['meetings']>;

export const NOTICE_KIND = 'meeting_notice';

const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
const endOf = (m: { start_time: string; duration_minutes: number }) =>
  minutesOf(m.start_time) + m.duration_minutes;

async function meetingRow(db: Db, id: number) {
  const row = await db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', '会议不存在或已被删除');
  return row;
}

/** 第N次: per year and type, among meetings not cancelled, in date order. */
async function numbersFor(db: Db, years: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (years.length === 0) return out;
  const rows = await db
    .selectFrom('meetings')
    .select(['id', 'type', 'date', 'start_time'])
    .where('status', '!=', 'cancelled')
    .where((eb) =>
      eb.or(years.map((y) => eb.and([eb('date', '>=', `${y}-01-01`), eb('date', '<=', `${y}-12-31`)]))),
    )
    .orderBy('date')
    .orderBy('start_time')
    .orderBy('id')
    .execute();
  const counters = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.date.slice(0, 4)}:${r.type}`;
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    out.set(r.id, n);
  }
  return out;
}

function toCalendar(r: MeetingRow, numbers: Map<number, number>): CalendarMeeting {
  return {
    id: r.id,
    seriesId: r.series_id,
    type: r.type as MeetingType,
    title: r.title,
    number: numbers.get(r.id) ?? null,
    date: r.date,
    startTime: r.start_time,
    durationMinutes: r.duration_minutes,
    place: r.place,
    room: r.room,
    chair: r.chair,
    status: r.status as MeetingStatus,
  };
}

/** What a secretary should know before confirming a date: a non-working day, or the room or the chairing
 *  leader already taken by another meeting at an overlapping time. */
export async function warningsFor(
  db: Db,
  cal: WorkCalendar,
  m: {
    id: number | null;
    date: string;
    start_time: string;
    duration_minutes: number;
    room: string;
    chair: string;
  },
): Promise<MeetingWarning[]> {
  const out: MeetingWarning[] = [];
  const nonWorking = nonWorkingWarning(cal, m.date);
  if (nonWorking) out.push({ kind: 'nonWorkingDay', message: nonWorking });
  const sameDay = await db
    .selectFrom('meetings')
    .select(['id', 'title', 'start_time', 'duration_minutes', 'room', 'chair'])
    .where('date', '=', m.date)
    .where('status', '!=', 'cancelled')
    .execute();
  for (const o of sameDay) {
    if (o.id === m.id) continue;
    const overlap = minutesOf(o.start_time) < endOf(m) && minutesOf(m.start_time) < endOf(o);
    if (!overlap) continue;
    if (m.room && o.room === m.room) {
      out.push({ kind: 'roomClash', message: `${m.room} 在 ${o.start_time} 已安排“${o.title}”，时间重叠` });
    }
    if (m.chair && o.chair === m.chair) {
      out.push({
        kind: 'chairClash',
        message: `主持人 ${m.chair} 在 ${o.start_time} 已主持“${o.title}”，时间重叠`,
      });
    }
  }
  return out;
}

async function assertDepartments(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await db
    .selectFrom('departments')
    .select(['id', 'active', 'short_name'])
    .where('id', 'in', ids)
    .execute();
  if (found.length !== new Set(ids).size) throw new AppError('VALIDATION', '所选单位不存在，请刷新后重试');
  const inactive = found.filter((d) => !d.active);
  if (inactive.length) {
    throw new AppError(
      'VALIDATION',
      `${inactive.map((d) => d.short_name).join('、')}已停用，不能选为参会或责任单位`,
    );
  }
}

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

export async function docNumberOf(db: Db, meetingId: number): Promise<string | null> {
  return (await noticeOf(db, meetingId))?.docNumber ?? null;
}

async function noticeOf(db: Db, meetingId: number): Promise<IssuedNumber | null> {
  return (await issuedNumbers(db, NOTICE_KIND, [meetingId])).get(meetingId) ?? null;
}

async function decisionsWhere(
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
  return rows.map((r) => ({
    id: r.id,
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
  }));
}

export async function loadMeeting(db: Db, id: number, today: string): Promise<MeetingDetail> {
  const r = await meetingRow(db, id);
  const numbers = await numbersFor(db, [Number(r.date.slice(0, 4))]);
  const cal = await loadWorkCalendar(db);
  const departments = await db
    .selectFrom('meeting_departments as md')
    .innerJoin('departments as d', 'd.id', 'md.department_id')
    .select([
      'md.department_id',
      'md.role',
      'md.attendee_names',
      'md.attendance',
      'md.leave_reason',
      'md.delegate_name',
      'd.short_name',
      'd.full_name',
    ])
    .where('md.meeting_id', '=', id)
    .orderBy('md.position')
    .execute();
  const items = await db
    .selectFrom('agenda_items as a')
    .leftJoin('departments as d', 'd.id', 'a.presenter_department_id')
    .selectAll('a')
    .select('d.short_name as presenter')
    .where('a.meeting_id', '=', id)
    .orderBy('a.seq')
    .execute();
  const itemIds = items.map((i) => i.id);
  const links = itemIds.length
    ? await db
        .selectFrom('agenda_item_checklist as l')
        .innerJoin('checklist_items as c', 'c.id', 'l.checklist_item_id')
        .select(['l.agenda_item_id', 'c.id', 'c.seq', 'c.title'])
        .where('l.agenda_item_id', 'in', itemIds)
        .orderBy('c.seq')
        .execute()
    : [];
  const materials = itemIds.length
    ? await db
        .selectFrom('agenda_materials as m')
        .innerJoin('files as f', 'f.id', 'm.file_id')
        .select(['m.id', 'm.agenda_item_id', 'm.file_id', 'm.file_name', 'f.size'])
        .where('m.agenda_item_id', 'in', itemIds)
        .orderBy('m.id')
        .execute()
    : [];
  const agenda: AgendaItem[] = items.map((i) => ({
    id: i.id,
    seq: i.seq,
    title: i.title,
    presenterDepartmentId: i.presenter_department_id,
    presenterName: i.presenter ?? '',
    minutes: i.minutes,
    checklistItems: links
      .filter((l) => l.agenda_item_id === i.id)
      .map((l) => ({ id: l.id, seq: l.seq, title: l.title })),
    materials: materials
      .filter((m) => m.agenda_item_id === i.id)
      .map((m) => ({ id: m.id, fileId: m.file_id, fileName: m.file_name, size: m.size })),
    discussion: i.discussion,
    conclusion: i.conclusion,
  }));
  const agendaMinutes = agenda.reduce((n, a) => n + a.minutes, 0);
  const warnings = r.status === 'cancelled' ? [] : await warningsFor(db, cal, r);
  if (agendaMinutes > r.duration_minutes) {
    warnings.push({
      kind: 'agendaOverrun',
      message: `议程合计 ${agendaMinutes} 分钟，超出会议时长 ${r.duration_minutes} 分钟 ${agendaMinutes - r.duration_minutes} 分钟`,
    });
  }
  const notice = await noticeOf(db, id);
  const series = r.series_id
    ? await db
        .selectFrom('meeting_series')
        .select('rule_json')
        .where('id', '=', r.series_id)
        .executeTakeFirst()
    : undefined;
  return {
    ...toCalendar(r, numbers),
    convener: r.convener,
    invitedLeaders: r.invited_leaders,
    notes: r.notes,
    seriesDescription: series ? describeSeries(JSON.parse(series.rule_json) as SeriesRule) : null,
    originalDate: r.original_date,
    cancelReason: r.cancel_reason,
    checkInTime: r.check_in_time,
    whatToBring: r.what_to_bring,
    rsvpDeadline: r.rsvp_deadline,
    contactPerson: r.contact_person,
    contactPhone: r.contact_phone,
    docNumber: notice?.docNumber ?? null,
    noticeIssuedOn: notice?.issuedOn ?? null,
    minutesNumber: r.minutes_number,
    minutesSummary: r.minutes_summary,
    sequence: r.sequence,
    departments: departments.map((d): MeetingDepartment => ({
      departmentId: d.department_id,
      shortName: d.short_name,
      fullName: d.full_name,
      role: d.role as 'attend' | 'observe',
      attendeeNames: d.attendee_names,
      attendance: (d.attendance as MeetingDepartment['attendance']) ?? null,
      leaveReason: d.leave_reason,
      delegateName: d.delegate_name,
    })),
    agenda,
    agendaMinutes,
    decisions: await decisionsWhere(db, today, { meetingId: id, status: 'all' }),
    warnings,
    updatedAt: r.updated_at,
  };
}

const today = (ctx: HandlerContext) => todayIso(ctx.now());

async function saved(ctx: HandlerContext, id: number) {
  const meeting = await loadMeeting(ctx.db, id, today(ctx));
  return { meeting, warnings: meeting.warnings };
}

function describe(m: { title: string; date: string; start_time: string }): string {
  return `${m.date} ${m.start_time}“${m.title}”`;
}

/** Changing a meeting bumps its ICS SEQUENCE, so calendars that imported it replace their copy. */
async function touch(ctx: HandlerContext, id: number): Promise<void> {
  await ctx.db
    .updateTable('meetings')
    .set((eb) => ({ sequence: eb('sequence', '+', 1), updated_at: nowIso(ctx) }))
    .where('id', '=', id)
    .execute();
}

async function assertEditable(ctx: HandlerContext, id: number) {
  const row = await meetingRow(ctx.db, id);
  if (row.status === 'cancelled') throw new AppError('CONFLICT', `${describe(row)}已取消，不能再修改`);
  return row;
}

export async function heldRegularMeetings(db: Db, year: number): Promise<number> {
  const r = await db
    .selectFrom('meetings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('type', '=', 'regular')
    .where('status', '=', 'held')
    .where('date', '>=', `${year}-01-01`)
    .where('date', '<=', `${year}-12-31`)
    .executeTakeFirstOrThrow();
  return Number(r.n);
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

export async function meetingCalendar(
  { from, to, includeCancelled }: ParsedInput<'meetings.calendar'>,
  ctx: HandlerContext,
): Promise<Output<'meetings.calendar'>> {
  if (to < from) throw new AppError('VALIDATION', '结束日期不能早于开始日期');
  let q = ctx.db.selectFrom('meetings').selectAll().where('date', '>=', from).where('date', '<=', to);
  if (!includeCancelled) q = q.where('status', '!=', 'cancelled');
  const rows = await q.orderBy('date').orderBy('start_time').execute();
  const years = [...new Set(rows.map((r) => Number(r.date.slice(0, 4))))];
  const numbers = await numbersFor(ctx.db, years);
  return rows.map((r) => toCalendar(r, numbers));
}

export async function getMeeting(
  { id }: ParsedInput<'meetings.get'>,
  ctx: HandlerContext,
): Promise<Output<'meetings.get'>> {
  return loadMeeting(ctx.db, id, today(ctx));
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

export async function previewSeries(
  { rule }: ParsedInput<'meetings.previewSeries'>,
  ctx: HandlerContext,
): Promise<Output<'meetings.previewSeries'>> {
  const problems = validateSeriesRule(rule as SeriesRule);
  if (problems.length) return { description: '', dates: [], problems };
  const cal = await loadWorkCalendar(ctx.db);
  const until = rule.until ?? `${rule.start.slice(0, 4)}-12-31`;
  const occ = expandSeries({ ...rule, until } as SeriesRule, cal, { from: rule.start, to: until }).slice(
    0,
    200,
  );
  return {
    description: describeSeries(rule as SeriesRule),
    dates: occ.map((o) => ({ date: o.date, warning: nonWorkingWarning(cal, o.date) })),
    problems: occ.length === 0 ? ['按此规则在结束日期前没有任何会议'] : [],
  };
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
  if (before.updated_at !== input.updatedAt) {
    throw new AppError('CONFLICT', '此会议已被他人修改，请关闭后重新打开再修改');
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

export async function saveAgenda(
  { meetingId, items }: ParsedInput<'meetings.saveAgenda'>,
  ctx: HandlerContext,
): Promise<Output<'meetings.saveAgenda'>> {
  const meeting = await assertEditable(ctx, meetingId);
  const existing = await ctx.db
    .selectFrom('agenda_items')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .execute();
  const byId = new Map(existing.map((e) => [e.id, e]));
  for (const i of items) {
    if (i.id !== undefined && !byId.has(i.id))
      throw new AppError('VALIDATION', '议题不属于此会议，请刷新后重试');
  }
  await assertDepartments(ctx.db, [
    ...new Set(items.flatMap((i) => (i.presenterDepartmentId ? [i.presenterDepartmentId] : []))),
  ]);
  const checklistIds = [...new Set(items.flatMap((i) => i.checklistItemIds))];
  if (checklistIds.length) {
    const found = await ctx.db
      .selectFrom('checklist_items')
      .select('id')
      .where('id', 'in', checklistIds)
      .execute();
    if (found.length !== checklistIds.length)
      throw new AppError('VALIDATION', '关联的清单任务不存在，请刷新后重试');
  }
  const keep = new Set(items.flatMap((i) => (i.id ? [i.id] : [])));
  const removed = existing.filter((e) => !keep.has(e.id)).map((e) => e.id);
  if (removed.length) {
    await ctx.db.deleteFrom('agenda_item_checklist').where('agenda_item_id', 'in', removed).execute();
    await ctx.db.deleteFrom('agenda_materials').where('agenda_item_id', 'in', removed).execute();
    await ctx.db.deleteFrom('agenda_items').where('id', 'in', removed).execute();
  }
  let seq = 1;
  for (const i of items) {
    const values = {
      seq: seq++,
      title: i.title,
      presenter_department_id: i.presenterDepartmentId,
      minutes: i.minutes,
    };
    let itemId = i.id;
    if (itemId) await ctx.db.updateTable('agenda_items').set(values).where('id', '=', itemId).execute();
    else {
      itemId = (
        await ctx.db
          .insertInto('agenda_items')
          .values({ ...values, meeting_id: meetingId })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }
    await ctx.db.deleteFrom('agenda_item_checklist').where('agenda_item_id', '=', itemId).execute();
    for (const c of i.checklistItemIds) {
      await ctx.db
        .insertInto('agenda_item_checklist')
        .values({ agenda_item_id: itemId, checklist_item_id: c })
        .execute();
    }
  }
  await touch(ctx, meetingId);
  await ctx.audit({
    entity: 'meeting',
    entityId: meetingId,
    summary: `保存议程（${items.length} 个议题，合计 ${items.reduce((n, i) => n + i.minutes, 0)} 分钟）：${describe(meeting)}`,
    before: existing.map((e) => ({ title: e.title, minutes: e.minutes })),
    after: items,
  });
  return saved(ctx, meetingId);
}

export async function addMaterial(
  { agendaItemId, file }: ParsedInput<'meetings.addMaterial'>,
  ctx: HandlerContext,
): Promise<Output<'meetings.addMaterial'>> {
  const item = await ctx.db
    .selectFrom('agenda_items')
    .selectAll()
    .where('id', '=', agendaItemId)
    .executeTakeFirst();
  if (!item) throw new AppError('NOT_FOUND', '议题不存在，请刷新后重试');
  await assertEditable(ctx, item.meeting_id);
  const stored = await storeFile(ctx, file);
  await ctx.db
    .insertInto('agenda_materials')
    .values({
      agenda_item_id: agendaItemId,
      file_id: stored.id,
      file_name: file.fileName,
      added_at: nowIso(ctx),
    })
    .execute();
  await ctx.audit({
    entity: 'meeting',
    entityId: item.meeting_id,
    summary: `议题“${item.title}”添加材料 ${file.fileName}`,
    after: { sha256: stored.sha256 },
  });
  return saved(ctx, item.meeting_id);
}

export async function removeMaterial(
  { materialId }: ParsedInput<'meetings.removeMaterial'>,
  ctx: HandlerContext,
): Promise<Output<'meetings.removeMaterial'>> {
  const m = await ctx.db
    .selectFrom('agenda_materials as m')
    .innerJoin('agenda_items as a', 'a.id', 'm.agenda_item_id')
    .select(['m.id', 'm.file_name', 'a.meeting_id', 'a.title'])
    .where('m.id', '=', materialId)
    .executeTakeFirst();
  if (!m) throw new AppError('NOT_FOUND', '材料不存在，请刷新后重试');
  await assertEditable(ctx, m.meeting_id);
  await ctx.db.deleteFrom('agenda_materials').where('id', '=', materialId).execute();
  await ctx.audit({
    entity: 'meeting',
    entityId: m.meeting_id,
    summary: `议题“${m.title}”移除材料 ${m.file_name}`,
  });
  return saved(ctx, m.meeting_id);
}

export async function materialFile(
  { materialId }: ParsedInput<'meetings.materialFile'>,
  ctx: HandlerContext,
): Promise<Output<'meetings.materialFile'>> {
  const m = await ctx.db
    .selectFrom('agenda_materials')
    .selectAll()
    .where('id', '=', materialId)
    .executeTakeFirst();
  if (!m) throw new AppError('NOT_FOUND', '材料不存在');
  const { bytes, file } = await readStoredFile(ctx, m.file_id);
  return { fileName: downloadName(m.file_name), mimeType: file.mimeType, base64: bytes.toString('base64') };
}

export async function issueNotice(
  { id }: ParsedInput<'meetings.issueNotice'>,
  ctx: HandlerContext,
): Promise<Output<'meetings.issueNotice'>> {
  const m = await assertEditable(ctx, id);
  const attending = await ctx.db
    .selectFrom('meeting_departments')
    .select('department_id')
    .where('meeting_id', '=', id)
    .where('role', '=', 'attend')
    .execute();
  const problems: string[] = [];
  if (!m.place) problems.push('会议地点');
  if (attending.length === 0) problems.push('参会单位');
  const agendaCount = await ctx.db
    .selectFrom('agenda_items')
    .select('id')
    .where('meeting_id', '=', id)
    .execute();
  if (agendaCount.length === 0) problems.push('议程');
  if (problems.length) throw new AppError('VALIDATION', `发出通知前请先填写：${problems.join('、')}`);
  // 发文字号: the next free number of the year the notice is issued in; a notice issued again keeps its number.
  const number =
    (await docNumberOf(ctx.db, id)) ??
    (await issueNumber(ctx, { kind: NOTICE_KIND, refId: id, title: `关于召开${m.title}的通知` })).docNumber;
  if (m.status === 'planned')
    await ctx.db.updateTable('meetings').set({ status: 'notified' }).where('id', '=', id).execute();
  await touch(ctx, id);
  await ctx.audit({ entity: 'meeting', entityId: id, summary: `发出会议通知 ${number}：${describe(m)}` });
  return saved(ctx, id);
}

export async function recordAttendance(
  { meetingId, rows }: ParsedInput<'meetings.recordAttendance'>,
  ctx: HandlerContext,
): Promise<Output<'meetings.recordAttendance'>> {
  const m = await assertEditable(ctx, meetingId);
  if (m.date > today(ctx))
    throw new AppError('VALIDATION', `会议定于 ${m.date} 召开，尚未召开，不能登记出席情况`);
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
  await ctx.db.updateTable('meetings').set({ status: 'held' }).where('id', '=', meetingId).execute();
  await touch(ctx, meetingId);
  await ctx.audit({
    entity: 'meeting',
    entityId: meetingId,
    summary: `登记出席情况（出席 ${rows.filter((r) => r.attendance === 'present').length}，请假 ${rows.filter((r) => r.attendance === 'leave').length}，委托 ${rows.filter((r) => r.attendance === 'delegate').length}）：${describe(m)}`,
    after: rows,
  });
  return saved(ctx, meetingId);
}

export async function saveMinutes(
  { meetingId, summary, topics, decisions }: ParsedInput<'meetings.saveMinutes'>,
  ctx: HandlerContext,
): Promise<Output<'meetings.saveMinutes'>> {
  const m = await assertEditable(ctx, meetingId);
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
    const followed = await ctx.db
      .selectFrom('decision_updates')
      .select('id')
      .where('decision_id', '=', gone.id)
      .executeTakeFirst();
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

export async function listDecisions(
  { status, departmentId, year }: ParsedInput<'decisions.list'>,
  ctx: HandlerContext,
): Promise<Output<'decisions.list'>> {
  return decisionsWhere(ctx.db, today(ctx), {
    status,
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

export async function meetingCompliance(
  { year }: ParsedInput<'meetings.compliance'>,
  ctx: HandlerContext,
): Promise<Output<'meetings.compliance'>> {
  const rows = await ctx.db
    .selectFrom('meetings')
    .selectAll()
    .where('type', '=', 'regular')
    .where('status', '!=', 'cancelled')
    .where('date', '>=', `${year}-01-01`)
    .where('date', '<=', `${year}-12-31`)
    .orderBy('date')
    .execute();
  const numbers = await numbersFor(ctx.db, [year]);
  return {
    year,
    required: await requiredPerYear(ctx.db, year),
    held: rows.filter((r) => r.status === 'held').length,
    planned: rows.filter((r) => r.status !== 'held').length,
    meetings: rows.map((r) => toCalendar(r, numbers)),
  };
}

export const meetingHandlers = defineHandlers({
  'meetings.calendar': meetingCalendar,
  'meetings.get': getMeeting,
  'meetings.create': createMeeting,
  'meetings.previewSeries': previewSeries,
  'meetings.createSeries': createSeries,
  'meetings.update': updateMeeting,
  'meetings.move': moveMeeting,
  'meetings.cancel': cancelMeeting,
  'meetings.saveAgenda': saveAgenda,
  'meetings.addMaterial': addMaterial,
  'meetings.removeMaterial': removeMaterial,
  'meetings.materialFile': materialFile,
  'meetings.issueNotice': issueNotice,
  'meetings.recordAttendance': recordAttendance,
  'meetings.saveMinutes': saveMinutes,
  'decisions.list': listDecisions,
  'decisions.addUpdate': addDecisionUpdate,
  'decisions.close': closeDecision,
  'decisions.reopen': reopenDecision,
  'meetings.compliance': meetingCompliance,
});

/** The yearly minimum: the year's checklist item whose 备注 sets it (协商每年不少于1次), else 1 (seed 003 §四(一)). */
async function requiredPerYear(db: Db, year: number): Promise<number> {
  const items = await db
    .selectFrom('checklist_items as i')
    .innerJoin('checklists as c', 'c.id', 'i.checklist_id')
    .select('i.remark')
    .where('c.year', '=', year)
    .where('i.retired', '=', 0)
    .where('i.remark', 'like', '%协商%')
    .execute();
  const found = items.map((i) => frequencyPerYear(i.remark)).find((n) => n !== null);
  return found ?? 1;
}
