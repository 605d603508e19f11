// 联席会议 reads: the calendar (第N次 numbering), one meeting with its departments, agenda, notice and decisions,
// warnings (non-working day, same room or same chair at the same time, agenda longer than the meeting), series
// previews and the yearly compliance of 例会.
import type { Kysely, Selectable } from 'kysely';
import type {
  AgendaItem,
  CalendarMeeting,
  MeetingDepartment,
  MeetingDetail,
  MeetingStatus,
  MeetingType,
  MeetingWarning,
} from '../../shared/contract';
import {
  describeSeries,
  expandSeries,
  nonWorkingWarning,
  validateSeriesRule,
  type SeriesRule,
} from '../../shared/domain/meeting-series';
import { frequencyPerYear } from '../../shared/domain/checklist';
import { todayIso, type WorkCalendar } from '../../shared/dates';
import { AppError } from '../../shared/errors';
import type { HandlerContext } from '../core/context';
import type { Output, ParsedInput } from '../../shared/contract';
import type { DB } from '../core/schema';
import { downloadName, readStoredFile } from '../core/files';
import { issuedNumbers, type IssuedNumber } from '../core/doc-numbers';
import { loadWorkCalendar } from '../system/calendar';
import { decisionsWhere } from './decisions';

const today = (ctx: HandlerContext) => todayIso(ctx.now());

export type Db = Kysely<DB>;

type MeetingRow = Selectable<DB['meetings']>;

export const NOTICE_KIND = 'meeting_notice';

const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

const endOf = (m: { start_time: string; duration_minutes: number }) =>
  minutesOf(m.start_time) + m.duration_minutes;

export async function meetingRow(db: Db, id: number) {
  const row = await db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', '会议不存在或已被删除');
  return row;
}

/** 第N次: per year and type, among meetings not cancelled, in date order. */
export async function numbersFor(db: Db, years: number[]): Promise<Map<number, number>> {
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

export function toCalendar(r: MeetingRow, numbers: Map<number, number>): CalendarMeeting {
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

export async function docNumberOf(db: Db, meetingId: number): Promise<string | null> {
  return (await noticeOf(db, meetingId))?.docNumber ?? null;
}

async function noticeOf(db: Db, meetingId: number): Promise<IssuedNumber | null> {
  return (await issuedNumbers(db, NOTICE_KIND, [meetingId])).get(meetingId) ?? null;
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
    version: r.row_version,
  };
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

export async function meetingList(
  { year, search }: ParsedInput<'meetings.list'>,
  ctx: HandlerContext,
): Promise<Output<'meetings.list'>> {
  const rows = await ctx.db
    .selectFrom('meetings')
    .selectAll()
    .where('date', '>=', `${year}-01-01`)
    .where('date', '<=', `${year}-12-31`)
    .orderBy('date')
    .orderBy('start_time')
    .execute();
  // A year holds dozens of meetings: every word must appear in the title, place or room.
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const found = rows.filter((r) => {
    const hay = `${r.title}\n${r.place}\n${r.room}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
  const numbers = await numbersFor(ctx.db, [year]);
  const notices = await issuedNumbers(
    ctx.db,
    NOTICE_KIND,
    found.map((r) => r.id),
  );
  return found.map((r) => ({
    ...toCalendar(r, numbers),
    docNumber: notices.get(r.id)?.docNumber ?? null,
  }));
}

export async function getMeeting(
  { id }: ParsedInput<'meetings.get'>,
  ctx: HandlerContext,
): Promise<Output<'meetings.get'>> {
  return loadMeeting(ctx.db, id, today(ctx));
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
