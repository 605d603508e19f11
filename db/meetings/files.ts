// The files a meeting produces: notice, agenda sheet, 签到表 and 纪要 as Word documents (GB/T 9704, the same
// models the print preview renders to PDF), and calendar files (ICS) of one meeting or a date range.
import type { FileDownload, MeetingDetail } from '../../shared/contract';
import { MEETING_STATUS_LABELS, MEETING_TYPE_LABELS } from '../../shared/contract';
import { buildIcs, icsUid, type IcsEvent } from '../../shared/ics';
import { agendaDoc, meetingWhere, minutesDoc, noticeDoc, signInDoc } from '../../shared/print/meetings';
import { todayIso } from '../../shared/dates';
import { AppError } from '../../shared/errors';
import { officialDocDocx } from '../core/official-docx';
import { defineHandlers, type HandlerContext } from '../core/context';
import { getOffice } from '../system/users';
import { loadMeeting } from './queries';
import { CALENDAR_ID_KEY } from '../core/migrations/20261205T1000_calendar_id';

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function context(ctx: HandlerContext, id: number) {
  const office = await getOffice(ctx.db);
  if (!office) throw new AppError('NOT_INITIALIZED', '请先完成初始设置');
  return { office, meeting: await loadMeeting(ctx.db, id, todayIso(ctx.now())) };
}

/** File names keep the meeting's date and title, without characters Windows refuses. */
const fileName = (m: MeetingDetail, what: string, ext: string) =>
  `${m.date} ${m.title}${what}.${ext}`.replace(/[\\/:*?"<>|]/g, '_');

async function docx(bytes: Promise<Buffer>, name: string): Promise<FileDownload> {
  return { fileName: name, mimeType: DOCX_MIME, base64: (await bytes).toString('base64') };
}

/** The office's calendar id (migration 20261205T1000_calendar_id), for UIDs no other office shares. */
async function calendarSpace(ctx: HandlerContext): Promise<string> {
  const row = await ctx.db
    .selectFrom('settings')
    .select('value_json')
    .where('key', '=', CALENDAR_ID_KEY)
    .executeTakeFirst();
  const id = row ? (JSON.parse(row.value_json) as unknown) : null;
  if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id))
    throw new AppError('INTERNAL', '本单位的日历标识缺失或无效，无法导出日历');
  return id;
}

function icsEvent(m: MeetingDetail, space: string): IcsEvent {
  const lines = [
    `${MEETING_TYPE_LABELS[m.type]}${m.number ? `（第${m.number}次）` : ''}，${MEETING_STATUS_LABELS[m.status]}`,
    m.chair ? `主持：${m.chair}` : '',
    m.departments.length ? `参会单位：${m.departments.map((d) => d.shortName).join('、')}` : '',
    ...m.agenda.map((a, i) => `议题${i + 1}：${a.title}（${a.minutes}分钟）`),
    m.docNumber ? `通知文号：${m.docNumber}` : '',
    m.status === 'cancelled' && m.cancelReason ? `取消原因：${m.cancelReason}` : '',
  ].filter(Boolean);
  return {
    uid: icsUid('meeting', m.id, undefined, space),
    sequence: m.sequence,
    start: { date: m.date, time: m.startTime },
    durationMinutes: m.durationMinutes,
    summary: m.title,
    description: lines.join('\n'),
    location: meetingWhere(m),
    status: m.status === 'cancelled' ? 'CANCELLED' : m.status === 'planned' ? 'TENTATIVE' : 'CONFIRMED',
    ...(m.convener ? { organizer: { name: m.convener } } : {}),
    categories: [MEETING_TYPE_LABELS[m.type]],
    lastModified: m.updatedAt,
  };
}

export const meetingFileHandlers = defineHandlers({
  'meetings.noticeDocx': async ({ id }, ctx) => {
    const { office, meeting } = await context(ctx, id);
    if (!meeting.docNumber) throw new AppError('VALIDATION', '请先“发出通知”取得发文字号，再导出正式通知');
    return docx(
      officialDocDocx(noticeDoc(meeting, office, meeting.noticeIssuedOn ?? todayIso(ctx.now()))),
      fileName(meeting, '通知', 'docx'),
    );
  },
  'meetings.agendaDocx': async ({ id }, ctx) => {
    const { meeting } = await context(ctx, id);
    return docx(officialDocDocx(agendaDoc(meeting)), fileName(meeting, '议程', 'docx'));
  },
  'meetings.signInDocx': async ({ id }, ctx) => {
    const { meeting } = await context(ctx, id);
    return docx(officialDocDocx(signInDoc(meeting)), fileName(meeting, '签到表', 'docx'));
  },
  'meetings.minutesDocx': async ({ id }, ctx) => {
    const { office, meeting } = await context(ctx, id);
    if (!meeting.minutesNumber) throw new AppError('VALIDATION', '请先保存会议纪要');
    return docx(officialDocDocx(minutesDoc(meeting, office)), fileName(meeting, '纪要', 'docx'));
  },
  'meetings.exportIcs': async (input, ctx) => {
    const office = await getOffice(ctx.db);
    let meetings: MeetingDetail[];
    let name: string;
    if ('id' in input) {
      const m = await loadMeeting(ctx.db, input.id, todayIso(ctx.now()));
      meetings = [m];
      name = `${m.date} ${m.title}.ics`;
    } else {
      if (input.to < input.from) throw new AppError('VALIDATION', '结束日期不能早于开始日期');
      const ids = await ctx.db
        .selectFrom('meetings')
        .select('id')
        .where('date', '>=', input.from)
        .where('date', '<=', input.to)
        .orderBy('date')
        .limit(2000)
        .execute();
      meetings = [];
      for (const r of ids) meetings.push(await loadMeeting(ctx.db, r.id, todayIso(ctx.now())));
      name = `联席会议 ${input.from} 至 ${input.to}.ics`;
    }
    const space = await calendarSpace(ctx);
    // A cancelled meeting exported on its own is a cancellation (METHOD:CANCEL), which Outlook applies to the
    // copy it imported; in a calendar of several it is the same event with STATUS:CANCELLED and the SEQUENCE
    // its cancellation raised, which importers apply as an update.
    const cancelOnly = 'id' in input && meetings[0]!.status === 'cancelled';
    const text = buildIcs(
      meetings.map((m) => icsEvent(m, space)),
      {
        now: ctx.now(),
        calName: `${office?.name ?? ''}联席会议`,
        ...(cancelOnly ? { method: 'CANCEL' as const } : {}),
      },
    );
    return {
      fileName: name.replace(/[\\/:*?"<>|]/g, '_'),
      mimeType: 'text/calendar;charset=utf-8',
      base64: Buffer.from(text, 'utf8').toString('base64'),
    };
  },
});
