// iCalendar (RFC 5545) export of meetings, for import into Outlook, WPS and other calendar programs.
//
// Pure string building, no Node APIs (shared/ runs in the renderer too). The returned string must be written
// out as UTF-8 (no BOM needed): line folding counts UTF-8 octets.
//
// Decisions:
// - Times are written as local Asia/Shanghai wall-clock times (DTSTART;TZID=Asia/Shanghai:20261122T090000)
//   with an embedded VTIMEZONE (fixed +08:00, no DST since 1991), so calendars show 09:00 whatever zone the
//   reader's machine is set to and any importer can resolve the TZID without a tz database.
// - No ORGANIZER property. RFC 5545 makes its value a cal-address (a mailto: URI) and the offices have no
//   address to give; and Outlook turns an imported event that names an organizer other than the user into a
//   meeting request from someone else (read-only, with reply buttons that would mail a made-up address).
//   The convener goes into DESCRIPTION instead, as its first line '召集单位：…'.
// - Lines are folded at 75 octets of UTF-8, only between characters: RFC 5545 §3.1 calls a fold inside a
//   multi-octet sequence improper, and importers that decode line by line turn it into mojibake. Nor is a
//   backslash escape such as '\,' split: legal, but avoiding it costs nothing and spares importers that
//   unescape before unfolding. Continuation lines start with one space.
// - Output is deterministic: events are sorted by start time, then UID; DTSTAMP comes from opts.now, never
//   from the clock.
import { addCalendarDays, isIsoDate, type IsoDate } from './dates';

export interface IcsEvent {
  /** Globally unique and stable across exports: build it with icsUid. */
  uid: string;
  /** Bump on every change so calendars replace the imported copy (RFC 5545 §3.8.7.4). */
  sequence: number;
  /** Asia/Shanghai wall-clock time. */
  start: { date: IsoDate; time: string };
  /** 1 to 10080 (7 days). */
  durationMinutes: number;
  summary: string;
  description?: string;
  location?: string;
  status: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
  /** The convening unit; written into DESCRIPTION (see the header). */
  organizer?: { name: string };
  categories?: string[];
  /** ISO 8601 instant with Z or an offset, e.g. '2026-11-20T08:30:00.000Z'. */
  lastModified: string;
}

export interface IcsOptions {
  prodId?: string;
  /** X-WR-CALNAME, the calendar's name in Outlook and WPS. */
  calName?: string;
  /** The export time, for DTSTAMP. */
  now: Date;
  /**
   * iTIP method (RFC 5546): PUBLISH (default) for a calendar of meetings, cancelled ones with STATUS:CANCELLED
   * and their raised SEQUENCE; CANCEL for a cancellation sent on its own, every event CANCELLED.
   */
  method?: 'PUBLISH' | 'CANCEL';
}

export const ICS_DEFAULT_PRODID = '-//Zongjian Desk//综合监管工作台//ZH';
export const ICS_DEFAULT_CALNAME = '综合监管工作台';
export const ICS_TZID = 'Asia/Shanghai';
export const ICS_UID_DOMAIN = 'zongjian-desk.local';

const MAX_DURATION_MINUTES = 7 * 24 * 60;
const FOLD_OCTETS = 75;
const CRLF = '\r\n';

// ---------------------------------------------------------------------------------------------------------
// Values

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// RFC 5545 TEXT may not hold control characters other than HTAB; line breaks are escaped as \n.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u001F\u007F]/;

/** RFC 5545 §3.3.11 TEXT: backslash, semicolon and comma escaped, any line break (CRLF, CR, LF) as \n.
 *  Other control characters are dropped and unpaired surrogates become U+FFFD, since neither can be
 *  written in a UTF-8 iCalendar file. */
export function escapeIcsText(s: string): string {
  return s
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(FORBIDDEN_CONTROLS, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function utcStamp(d: Date): string {
  return (
    `${String(d.getUTCFullYear()).padStart(4, '0')}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}` +
    `T${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}${pad2(d.getUTCSeconds())}Z`
  );
}

function localStamp(date: IsoDate, minutesOfDay: number): string {
  return `${date.replace(/-/g, '')}T${pad2(Math.floor(minutesOfDay / 60))}${pad2(minutesOfDay % 60)}00`;
}

/** Start and end as Asia/Shanghai basic-format date-times. */
function localRange(ev: IcsEvent): { start: string; end: string } {
  const m = TIME_RE.exec(ev.start.time);
  if (!isIsoDate(ev.start.date) || !m) {
    throw new Error(`日历导出失败：会议 ${ev.uid} 的开始时间无效（${ev.start.date} ${ev.start.time}）`);
  }
  const d = ev.durationMinutes;
  if (!Number.isInteger(d) || d < 1 || d > MAX_DURATION_MINUTES) {
    throw new Error(`日历导出失败：会议 ${ev.uid} 的时长须为 1 至 ${MAX_DURATION_MINUTES} 分钟`);
  }
  const startMinutes = Number(m[1]) * 60 + Number(m[2]);
  const endTotal = startMinutes + d;
  const endDate = addCalendarDays(ev.start.date, Math.floor(endTotal / 1440));
  return { start: localStamp(ev.start.date, startMinutes), end: localStamp(endDate, endTotal % 1440) };
}

function parseInstant(s: string, what: string): Date {
  const t = typeof s === 'string' && INSTANT_RE.test(s) ? Date.parse(s) : NaN;
  if (Number.isNaN(t)) throw new Error(`日历导出失败：${what}不是带时区的 ISO 时间（${String(s)}）`);
  return new Date(t);
}

// ---------------------------------------------------------------------------------------------------------
// Lines

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** RFC 5545 §3.1: at most 75 octets per physical line, continuation lines start with a space. Splits only
 *  between code points and keeps each backslash escape whole. */
export function foldIcsLine(line: string): string {
  const chars = Array.from(line);
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = FOLD_OCTETS;
  for (let i = 0; i < chars.length; i++) {
    let unit = chars[i]!;
    if (unit === '\\' && i + 1 < chars.length) unit += chars[++i]!;
    const size = utf8Length(unit);
    if (octets + size > limit && current !== '') {
      parts.push(current);
      current = '';
      octets = 0;
      limit = FOLD_OCTETS - 1; // the leading space takes one octet
    }
    current += unit;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

function checkUid(uid: string): void {
  if (typeof uid !== 'string' || uid.trim() === '' || ANY_CONTROL.test(uid)) {
    throw new Error(`日历导出失败：UID 无效（${JSON.stringify(uid)}）`);
  }
}

function eventLines(ev: IcsEvent, dtstamp: string): string[] {
  checkUid(ev.uid);
  if (!Number.isInteger(ev.sequence) || ev.sequence < 0) {
    throw new Error(`日历导出失败：会议 ${ev.uid} 的 SEQUENCE 须为非负整数`);
  }
  if (ev.status !== 'CONFIRMED' && ev.status !== 'TENTATIVE' && ev.status !== 'CANCELLED') {
    throw new Error(`日历导出失败：会议 ${ev.uid} 的状态无效（${String(ev.status)}）`);
  }
  const { start, end } = localRange(ev);
  const lastModified = utcStamp(parseInstant(ev.lastModified, `会议 ${ev.uid} 的修改时间`));

  const descriptionParts: string[] = [];
  if (ev.organizer && ev.organizer.name.trim() !== '')
    descriptionParts.push(`召集单位：${ev.organizer.name.trim()}`);
  if (ev.description !== undefined && ev.description !== '') descriptionParts.push(ev.description);
  const categories = (ev.categories ?? []).filter((c) => c.trim() !== '');

  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeIcsText(ev.uid)}`,
    `DTSTAMP:${dtstamp}`,
    `DTSTART;TZID=${ICS_TZID}:${start}`,
    `DTEND;TZID=${ICS_TZID}:${end}`,
    `SEQUENCE:${ev.sequence}`,
    `SUMMARY:${escapeIcsText(ev.summary)}`,
  ];
  if (descriptionParts.length > 0) lines.push(`DESCRIPTION:${escapeIcsText(descriptionParts.join('\n'))}`);
  if (ev.location !== undefined && ev.location !== '') lines.push(`LOCATION:${escapeIcsText(ev.location)}`);
  lines.push(`STATUS:${ev.status}`);
  // A cancelled meeting no longer blocks the time in free/busy views.
  if (ev.status === 'CANCELLED') lines.push('TRANSP:TRANSPARENT');
  if (categories.length > 0) lines.push(`CATEGORIES:${categories.map(escapeIcsText).join(',')}`);
  lines.push(`LAST-MODIFIED:${lastModified}`, 'END:VEVENT');
  return lines;
}

/**
 * A complete VCALENDAR (METHOD:PUBLISH, or CANCEL per opts.method) with one VEVENT per event, CRLF line endings, folded lines.
 * Throws an Error with a Chinese message for an invalid event (bad date/time, duration, sequence, status,
 * lastModified, empty or duplicate UID) or an invalid opts.now.
 */
export function buildIcs(events: readonly IcsEvent[], opts: IcsOptions): string {
  if (!(opts.now instanceof Date) || Number.isNaN(opts.now.getTime())) {
    throw new Error('日历导出失败：导出时间无效');
  }
  const method = opts.method ?? 'PUBLISH';
  if (method === 'CANCEL' && events.some((e) => e.status !== 'CANCELLED'))
    throw new Error('日历导出失败：取消通知（METHOD:CANCEL）只能包含已取消的会议');
  const dtstamp = utcStamp(opts.now);
  const seen = new Set<string>();
  for (const ev of events) {
    if (seen.has(ev.uid)) throw new Error(`日历导出失败：UID 重复（${ev.uid}）`);
    seen.add(ev.uid);
  }
  const key = (ev: IcsEvent): string => `${ev.start.date} ${ev.start.time}`;
  const sorted = [...events].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return ka < kb ? -1 : 1;
    return a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0;
  });

  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${escapeIcsText(opts.prodId ?? ICS_DEFAULT_PRODID)}`,
    'CALSCALE:GREGORIAN',
    `METHOD:${method}`,
    `X-WR-CALNAME:${escapeIcsText(opts.calName ?? ICS_DEFAULT_CALNAME)}`,
    `X-WR-TIMEZONE:${ICS_TZID}`,
    'BEGIN:VTIMEZONE',
    `TZID:${ICS_TZID}`,
    'BEGIN:STANDARD',
    'DTSTART:19700101T000000',
    'TZOFFSETFROM:+0800',
    'TZOFFSETTO:+0800',
    'TZNAME:CST',
    'END:STANDARD',
    'END:VTIMEZONE',
  ];
  for (const ev of sorted) lines.push(...eventLines(ev, dtstamp));
  lines.push('END:VCALENDAR');
  return lines.map(foldIcsLine).join(CRLF) + CRLF;
}

/**
 * A stable UID: icsUid('meeting', 42) = 'meeting-42@zongjian-desk.local' (with `space`, the office's calendar id:
 * 'meeting-42@3f2a….zongjian-desk.local'), icsUid('meeting', 42,
 * '2026-11-22') = 'meeting-42-20261122@zongjian-desk.local' for one occurrence of a series (keyed by its
 * originalDate). kind: lowercase letters, digits, underscore; id: a non-negative integer or letters, digits,
 * '_', '.', '-' not ending in '-' and eight digits, so that different arguments never give the same UID.
 */
export function icsUid(kind: string, id: number | string, occurrence?: IsoDate, space?: string): string {
  // The office's own id before the domain, so that two offices' meeting 42 are two events.
  if (space !== undefined && !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(space))
    throw new Error(`UID 的单位标识无效：${JSON.stringify(space)}`);
  const domain = space ? `${space}.${ICS_UID_DOMAIN}` : ICS_UID_DOMAIN;
  if (!/^[a-z0-9_]+$/.test(kind)) throw new Error(`UID 的类别无效：${JSON.stringify(kind)}`);
  const idText =
    typeof id === 'number'
      ? Number.isSafeInteger(id) && id >= 0
        ? String(id)
        : null
      : /^[A-Za-z0-9_.-]+$/.test(id) && !/-\d{8}$/.test(id)
        ? id
        : null;
  if (idText === null) throw new Error(`UID 的编号无效：${JSON.stringify(id)}`);
  if (occurrence === undefined) return `${kind}-${idText}@${domain}`;
  if (!isIsoDate(occurrence)) throw new Error(`UID 的日期无效：${JSON.stringify(occurrence)}`);
  return `${kind}-${idText}-${occurrence.replace(/-/g, '')}@${domain}`;
}
