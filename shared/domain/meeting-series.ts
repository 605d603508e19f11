// Recurring 联席会议 series: "每季度第一个月的第一个工作日星期二" and the like, expanded against the working-day
// calendar (State Council holiday table + 调休 make-up days + the office's overrides, see shared/dates).
//
// Pure functions over ISO date strings; no Node APIs (shared/ is compiled for the renderer too).
//
// How a series is expanded
// ------------------------
// 1. Periods. The series is cut into periods of `interval` weeks / months / quarters / years, counted from the
//    period that contains `start`: weeks run Monday–Sunday (the Chinese convention), quarters are Jan–Mar,
//    Apr–Jun, Jul–Sep, Oct–Dec. Each period has exactly one nominal date:
//    - weekly:    the `anchor.weekday` (0 = Sunday … 6 = Saturday) of that Monday–Sunday week;
//    - monthly:   the anchor in the period's month;
//    - quarterly: the anchor in month `monthOfPeriod` (1–3, default 1) of the quarter;
//    - yearly:    the anchor in month `monthOfPeriod` (1–12, default 1 = January) of the year.
//    Anchors: `dayOfMonth` day D (clamped to the month's last day, so 31 means 2026-02-28 in February);
//    `weekdayOrdinal` the 1st–4th or last (−1) Monday–Friday of the month (a month always has four of each).
//    The nominal date does not depend on the working-day calendar and is the occurrence's stable key,
//    `originalDate`: exceptions and per-occurrence ICS UIDs (icsUid in shared/ics) refer to it, so they
//    survive the office editing its holiday overrides.
// 2. Working days (`workingDayOnly`) turn the nominal date into the scheduled `date`:
//    - 'none':                the nominal date, whatever kind of day it is;
//    - 'nextWorkingDay':      a non-working nominal date moves to the first working day after it
//                             (顺延; a 调休 Saturday counts as a working day);
//    - 'previousWorkingDay':  a non-working nominal date moves to the last working day before it (提前);
//    - 'firstWorkingWeekday': only with a `weekdayOrdinal` anchor: the N-th Tuesday (say) of the month *that is
//                             a working day*, Tuesdays that are holidays not being counted; with ordinal −1 the
//                             last Tuesday that is a working day. So in October 2026 (10-06 is 国庆节) the first
//                             working Tuesday is 10-13. The date therefore stays in the anchor's month and on
//                             the anchor's weekday. A month with fewer than N working Tuesdays has no meeting.
//    Under next/previousWorkingDay two nominal dates can land on the same working day (a weekly Monday
//    meeting over a nine-day 春节 break). They are merged into one occurrence: the one whose nominal date is
//    nearest to that day is kept (the later one when postponing, the earlier one when bringing forward), the
//    others are not occurrences at all. So scheduled dates strictly increase along the series.
// 3. Bounds. `start` and `until` bound the scheduled `date` (inclusive): a meeting belongs to the series if it
//    takes place on or after `start` and on or before `until`; `count` then keeps the first `count` of them.
//    `index` numbers these occurrences from 0 at the first one, counting cancelled ones too.
// 4. Exceptions, keyed by `originalDate`, cancel an occurrence (it is still returned, flagged, so the UI can
//    strike it through; it keeps its index) and/or move it to another date, taken as given (the UI can warn
//    with `nonWorkingWarning`). Exceptions whose key is not an occurrence of the series are ignored.
import {
  addCalendarDays,
  addWorkingDays,
  calendarDaysBetween,
  dayOfWeek,
  isIsoDate,
  parseIsoDate,
  weekdayNames,
  weekdayZh,
  type IsoDate,
  type WorkCalendar,
} from '../dates';

export type SeriesFrequency = 'weekly' | 'monthly' | 'quarterly' | 'yearly';

export type SeriesAnchor =
  /** The ordinal-th given weekday (1 = Monday … 5 = Friday) of the month; ordinal −1 = the last one. */
  | { kind: 'weekdayOrdinal'; weekday: 1 | 2 | 3 | 4 | 5; ordinal: 1 | 2 | 3 | 4 | -1 }
  /** Day 1–31 of the month, clamped to the month's last day. */
  | { kind: 'dayOfMonth'; day: number }
  /** Weekly series only: 0 = Sunday … 6 = Saturday. */
  | { kind: 'weekday'; weekday: 0 | 1 | 2 | 3 | 4 | 5 | 6 };

export type WorkingDayPolicy = 'none' | 'firstWorkingWeekday' | 'nextWorkingDay' | 'previousWorkingDay';

export interface SeriesRule {
  frequency: SeriesFrequency;
  /** Every N periods, 1–12. */
  interval: number;
  anchor: SeriesAnchor;
  /** Quarterly: month of the quarter, 1–3 (default 1). Yearly: month, 1–12 (default 1). Otherwise absent. */
  monthOfPeriod?: number;
  workingDayOnly: WorkingDayPolicy;
  start: IsoDate;
  until?: IsoDate;
  /** Number of occurrences, 1–1000 (cancelled ones included). */
  count?: number;
}

export interface SeriesException {
  cancelled?: boolean;
  /** The occurrence takes place on this date instead. */
  date?: IsoDate;
}

export interface SeriesOccurrence {
  /** Stable key: the nominal date the rule gives before any working-day adjustment or exception. */
  originalDate: IsoDate;
  /** The date the meeting takes place (after working-day adjustment and exceptions). */
  date: IsoDate;
  cancelled: boolean;
  /** 0-based position in the whole series, not in the requested range. */
  index: number;
}

/** expandSeries never returns more than this many occurrences: the earliest ones by date. */
export const MAX_OCCURRENCES_PER_CALL = 1000;

const MIN_START_YEAR = 1900;
/** Periods are generated up to this year; a series without `until` or `count` ends there. */
const LAST_YEAR = 2199;

// ---------------------------------------------------------------------------------------------------------
// Validation

const FREQUENCIES: readonly string[] = ['weekly', 'monthly', 'quarterly', 'yearly'];
const POLICIES: readonly string[] = ['none', 'firstWorkingWeekday', 'nextWorkingDay', 'previousWorkingDay'];

function isIntIn(v: unknown, lo: number, hi: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
}

function isDateString(v: unknown): v is IsoDate {
  return typeof v === 'string' && isIsoDate(v);
}

/** Every problem with the rule as a Chinese message for the form; empty when the rule is valid. The rule may
 *  come from JSON, so any shape is accepted and reported on. */
export function validateSeriesRule(rule: SeriesRule): string[] {
  const r = (typeof rule === 'object' && rule !== null ? rule : {}) as Partial<
    Record<keyof SeriesRule, unknown>
  >;
  const errors: string[] = [];
  const frequency = FREQUENCIES.includes(r.frequency as string) ? (r.frequency as SeriesFrequency) : null;
  if (!frequency) errors.push('重复频率须为每周、每月、每季度或每年');
  if (!isIntIn(r.interval, 1, 12)) errors.push('重复间隔须为 1 至 12 之间的整数');

  const anchor = (typeof r.anchor === 'object' && r.anchor !== null ? r.anchor : {}) as Record<
    string,
    unknown
  >;
  switch (anchor.kind) {
    case 'weekdayOrdinal':
      if (frequency === 'weekly') errors.push('每周重复的会议只需指定星期几，不能指定“第几个星期几”');
      if (!isIntIn(anchor.weekday, 1, 5)) errors.push('“第几个星期几”中的星期须为星期一至星期五');
      if (!(anchor.ordinal === -1 || isIntIn(anchor.ordinal, 1, 4)))
        errors.push('“第几个星期几”须为第一个至第四个或最后一个');
      break;
    case 'dayOfMonth':
      if (frequency === 'weekly') errors.push('每周重复的会议只需指定星期几，不能指定几号');
      if (!isIntIn(anchor.day, 1, 31)) errors.push('日期须为 1 至 31 之间的整数');
      break;
    case 'weekday':
      if (frequency !== null && frequency !== 'weekly')
        errors.push('按月、季度或年重复的会议须指定几号或“第几个星期几”');
      if (!isIntIn(anchor.weekday, 0, 6)) errors.push('星期须为星期一至星期日');
      break;
    default:
      errors.push('请指定会议在周期中的哪一天');
  }

  if (r.monthOfPeriod !== undefined) {
    if (frequency === 'quarterly') {
      if (!isIntIn(r.monthOfPeriod, 1, 3)) errors.push('季度中的月份须为第 1 至第 3 个月');
    } else if (frequency === 'yearly') {
      if (!isIntIn(r.monthOfPeriod, 1, 12)) errors.push('月份须为 1 至 12 月');
    } else if (frequency !== null) {
      errors.push('只有按季度或按年重复的会议可以指定月份');
    }
  }

  if (!POLICIES.includes(r.workingDayOnly as string)) errors.push('请选择遇节假日的处理方式');
  else if (r.workingDayOnly === 'firstWorkingWeekday' && anchor.kind !== 'weekdayOrdinal')
    errors.push('“第几个工作日星期几”只适用于按“第几个星期几”设定的会议');

  const startOk = isDateString(r.start);
  if (!startOk) errors.push('开始日期无效');
  else {
    const y = parseIsoDate(r.start as IsoDate).year;
    if (y < MIN_START_YEAR || y > LAST_YEAR)
      errors.push(`开始日期须在 ${MIN_START_YEAR} 年至 ${LAST_YEAR} 年之间`);
  }
  if (r.until !== undefined) {
    if (!isDateString(r.until)) errors.push('结束日期无效');
    else if (startOk && r.until < (r.start as IsoDate)) errors.push('结束日期不能早于开始日期');
  }
  if (r.count !== undefined && !isIntIn(r.count, 1, MAX_OCCURRENCES_PER_CALL))
    errors.push(`重复次数须为 1 至 ${MAX_OCCURRENCES_PER_CALL} 之间的整数`);
  return errors;
}

function assertValid(rule: SeriesRule): void {
  const errors = validateSeriesRule(rule);
  if (errors.length > 0) throw new Error(`会议重复规则无效：${errors.join('；')}`);
}

// ---------------------------------------------------------------------------------------------------------
// Nominal dates

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function iso(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** The ordinal-th `weekday` of the month, counting only days that pass `keep`; −1 = the last such. */
function nthWeekdayOfMonth(
  y: number,
  m: number,
  weekday: number,
  ordinal: number,
  keep: (d: IsoDate) => boolean,
): IsoDate | null {
  const first = iso(y, m, 1);
  const firstHit = 1 + ((weekday - dayOfWeek(first) + 7) % 7);
  const days: number[] = [];
  for (let d = firstHit; d <= daysInMonth(y, m); d += 7) days.push(d);
  if (ordinal === -1) days.reverse();
  let seen = 0;
  for (const d of days) {
    const date = iso(y, m, d);
    if (!keep(date)) continue;
    seen++;
    if (ordinal === -1 || seen === ordinal) return date;
  }
  return null;
}

interface RawOccurrence {
  originalDate: IsoDate;
  date: IsoDate;
}

/** One nominal date per period, in order, with its working-day adjustment; periods whose
 *  firstWorkingWeekday has no match yield nothing. Ends with the year LAST_YEAR. */
function* rawOccurrences(rule: SeriesRule, cal: WorkCalendar): Generator<RawOccurrence> {
  const always = (): boolean => true;
  const working = (d: IsoDate): boolean => cal.isWorkingDay(d);
  const adjust = (d: IsoDate): IsoDate => {
    if (rule.workingDayOnly === 'nextWorkingDay' && !cal.isWorkingDay(d)) return addWorkingDays(cal, d, 1);
    if (rule.workingDayOnly === 'previousWorkingDay' && !cal.isWorkingDay(d))
      return addWorkingDays(cal, d, -1);
    return d;
  };
  const { anchor } = rule;

  if (rule.frequency === 'weekly') {
    if (anchor.kind !== 'weekday') return;
    const monday = addCalendarDays(rule.start, -((dayOfWeek(rule.start) + 6) % 7));
    const offset = (anchor.weekday + 6) % 7; // Monday = 0 … Sunday = 6
    for (let k = 0; ; k++) {
      const nominal = addCalendarDays(monday, 7 * rule.interval * k + offset);
      if (parseIsoDate(nominal).year > LAST_YEAR) return;
      yield { originalDate: nominal, date: adjust(nominal) };
    }
  }

  const { year, month } = parseIsoDate(rule.start);
  let first: number; // months since year 0, of the first period's meeting month
  let step: number;
  const mop = rule.monthOfPeriod ?? 1;
  if (rule.frequency === 'monthly') {
    first = year * 12 + (month - 1);
    step = rule.interval;
  } else if (rule.frequency === 'quarterly') {
    first = year * 12 + Math.floor((month - 1) / 3) * 3 + (mop - 1);
    step = 3 * rule.interval;
  } else {
    first = year * 12 + (mop - 1);
    step = 12 * rule.interval;
  }
  for (let k = 0; ; k++) {
    const mi = first + step * k;
    const y = Math.floor(mi / 12);
    const m = (mi % 12) + 1;
    if (y > LAST_YEAR) return;
    if (anchor.kind === 'dayOfMonth') {
      const nominal = iso(y, m, Math.min(anchor.day, daysInMonth(y, m)));
      yield { originalDate: nominal, date: adjust(nominal) };
    } else if (anchor.kind === 'weekdayOrdinal') {
      const nominal = nthWeekdayOfMonth(y, m, anchor.weekday, anchor.ordinal, always);
      if (nominal === null) continue; // cannot happen for ordinals 1–4 and −1
      if (rule.workingDayOnly === 'firstWorkingWeekday') {
        const date = nthWeekdayOfMonth(y, m, anchor.weekday, anchor.ordinal, working);
        if (date !== null) yield { originalDate: nominal, date };
      } else {
        yield { originalDate: nominal, date: adjust(nominal) };
      }
    } else {
      return;
    }
  }
}

/** rawOccurrences with same-date collisions merged (see the header) and those before `start` dropped. */
function* seriesOccurrences(rule: SeriesRule, cal: WorkCalendar): Generator<RawOccurrence> {
  let group: RawOccurrence[] = [];
  const dist = (x: RawOccurrence): number => Math.abs(calendarDaysBetween(x.originalDate, x.date));
  const pick = (): RawOccurrence => {
    let best = group[0]!;
    for (const o of group) if (dist(o) < dist(best)) best = o;
    return best;
  };
  for (const o of rawOccurrences(rule, cal)) {
    if (group.length > 0 && group[0]!.date !== o.date) {
      const kept = pick();
      if (kept.date >= rule.start) yield kept;
      group = [];
    }
    group.push(o);
  }
  if (group.length > 0) {
    const kept = pick();
    if (kept.date >= rule.start) yield kept;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Expansion

/**
 * The occurrences whose date (after working-day adjustment and exceptions) lies in [range.from, range.to],
 * cancelled ones included and flagged, sorted by date (then originalDate). At most
 * MAX_OCCURRENCES_PER_CALL are returned, the earliest ones. Throws an Error with a Chinese message for an
 * invalid rule, range or exception date; an empty array when range.from is after range.to.
 */
export function expandSeries(
  rule: SeriesRule,
  cal: WorkCalendar,
  range: { from: IsoDate; to: IsoDate },
  exceptions?: ReadonlyMap<IsoDate, SeriesException>,
): SeriesOccurrence[] {
  assertValid(rule);
  if (!isDateString(range.from) || !isDateString(range.to)) throw new Error('查询的日期范围无效');
  if (range.from > range.to) return [];

  // Moved occurrences can land in the range from anywhere in the series: generation must reach them.
  let lastNeededKey = '';
  for (const [key, ex] of exceptions ?? []) {
    if (ex?.date === undefined) continue;
    if (!isDateString(ex.date)) throw new Error(`会议改期的日期无效：${key} → ${String(ex.date)}`);
    if (isDateString(key) && ex.date >= range.from && ex.date <= range.to && key > lastNeededKey)
      lastNeededKey = key;
  }

  const found: SeriesOccurrence[] = [];
  let index = 0;
  let unmovedInRange = 0;
  for (const occ of seriesOccurrences(rule, cal)) {
    if (rule.until !== undefined && occ.date > rule.until) break;
    if (rule.count !== undefined && index >= rule.count) break;
    const ex = exceptions?.get(occ.originalDate);
    const date = ex?.date ?? occ.date;
    if (date >= range.from && date <= range.to) {
      found.push({ originalDate: occ.originalDate, date, cancelled: ex?.cancelled === true, index });
      if (ex?.date === undefined) unmovedInRange++;
    }
    index++;
    // Unmoved dates strictly increase along the series, so past range.to (or past the first
    // MAX_OCCURRENCES_PER_CALL in range) none of them can make the answer; moved ones can only if their key
    // is still ahead.
    if (
      (occ.date > range.to || unmovedInRange >= MAX_OCCURRENCES_PER_CALL) &&
      occ.originalDate >= lastNeededKey
    )
      break;
  }
  found.sort((a, b) =>
    a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.originalDate < b.originalDate ? -1 : 1,
  );
  return found.slice(0, MAX_OCCURRENCES_PER_CALL);
}

// ---------------------------------------------------------------------------------------------------------
// Descriptions

const CHINESE_NUMBERS = ['零', '一', '两', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
const ORDINALS: Record<number, string> = {
  1: '第一个',
  2: '第二个',
  3: '第三个',
  4: '第四个',
  [-1]: '最后一个',
};
const MONTH_OF_QUARTER = ['', '第一个月', '第二个月', '第三个月'];

function weekdayName(w: number): string {
  return `星期${weekdayNames[w] ?? ''}`;
}

/** The day of the month as text plus, when some month of the series has no such day, a clamping note. */
function dayOfMonthText(day: number, months: readonly number[]): { text: string; note: string | null } {
  const shortest = Math.min(...months.map((m) => (m === 2 ? 28 : daysInMonth(2001, m))));
  if (day <= shortest) return { text: `${day}日`, note: null };
  if (months.length === 1) {
    // Yearly: the month is fixed, so 4月31日 is always 4月30日 and 2月30日 always the last day of February.
    if (months[0] === 2 && day === 29) return { text: '29日', note: '平年为28日' };
    return { text: '最后一天', note: null };
  }
  return { text: `${day}日`, note: `不足${day}天的月份取最后一天` };
}

/**
 * The rule in Chinese, e.g. '每季度第一个月的第一个工作日星期二', '每月最后一个星期五（遇节假日顺延至下一工作日）',
 * '每周星期一', '每年3月15日'. Start, end and count are left to describeSeriesBounds. Throws for an invalid rule.
 */
export function describeSeries(rule: SeriesRule): string {
  assertValid(rule);
  const n = rule.interval;
  const every = n === 1 ? '每' : `每${CHINESE_NUMBERS[n] ?? String(n)}`;
  const { anchor } = rule;

  let months: number[];
  let period: string;
  switch (rule.frequency) {
    case 'weekly':
      period = n === 1 ? '每周' : `${every}周的`;
      months = [];
      break;
    case 'monthly':
      period = n === 1 ? '每月' : `${every}个月的`;
      months = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
      break;
    case 'quarterly': {
      const mop = rule.monthOfPeriod ?? 1;
      period = `${n === 1 ? '每季度' : `${every}个季度`}${MONTH_OF_QUARTER[mop] ?? ''}的`;
      months = [mop, mop + 3, mop + 6, mop + 9];
      break;
    }
    case 'yearly': {
      const mop = rule.monthOfPeriod ?? 1;
      period = `${n === 1 ? '每年' : `${every}年的`}${mop}月`;
      months = [mop];
      break;
    }
  }

  let day: string;
  const notes: string[] = [];
  if (anchor.kind === 'weekday') day = weekdayName(anchor.weekday);
  else if (anchor.kind === 'dayOfMonth') {
    const d = dayOfMonthText(anchor.day, months);
    day = d.text;
    if (d.note) notes.push(d.note);
  } else {
    const working = rule.workingDayOnly === 'firstWorkingWeekday' ? '工作日' : '';
    day = `${ORDINALS[anchor.ordinal] ?? ''}${working}${weekdayName(anchor.weekday)}`;
  }
  if (rule.workingDayOnly === 'nextWorkingDay') notes.push('遇节假日顺延至下一工作日');
  if (rule.workingDayOnly === 'previousWorkingDay') notes.push('遇节假日提前至上一工作日');
  // '每年3月' + '15日' and '每月' + '最后一个星期五' read without a particle.
  return notes.length > 0 ? `${period}${day}（${notes.join('，')}）` : `${period}${day}`;
}

function chineseDate(date: IsoDate): string {
  const { year, month, day } = parseIsoDate(date);
  return `${year}年${month}月${day}日`;
}

/** '自2026年1月1日起，至2026年12月31日止，共4次' (the parts that apply). Throws for an invalid rule. */
export function describeSeriesBounds(rule: SeriesRule): string {
  assertValid(rule);
  const parts = [`自${chineseDate(rule.start)}起`];
  if (rule.until !== undefined) parts.push(`至${chineseDate(rule.until)}止`);
  if (rule.count !== undefined) parts.push(`共${rule.count}次`);
  return parts.join('，');
}

// ---------------------------------------------------------------------------------------------------------
// Warnings

// chinese-days names some festivals without the 节 ('清明', '端午', '中秋').
const FESTIVAL_FULL_NAMES: Record<string, string> = { 清明: '清明节', 端午: '端午节', 中秋: '中秋节' };

/**
 * A Chinese warning when `date` is not a working day, e.g. '2026-10-06 是国庆节假日，不是工作日',
 * '2026-11-21 是星期六，不是工作日', '2026-12-28 是本单位设定的休息日（全区停电检修），不是工作日';
 * null for a working day (调休 Saturdays included) and for a string that is not an ISO date. Days in a year
 * the calendar has no holiday table for are judged by the Monday–Friday rule alone.
 */
export function nonWorkingWarning(cal: WorkCalendar, date: IsoDate): string | null {
  if (!isDateString(date)) return null;
  const info = cal.dayInfo(date);
  if (info.working) return null;
  if (info.kind === 'holiday') {
    if (info.source === 'office')
      return info.name
        ? `${date} 是本单位设定的休息日（${info.name}），不是工作日`
        : `${date} 是本单位设定的休息日，不是工作日`;
    if (info.name) return `${date} 是${FESTIVAL_FULL_NAMES[info.name] ?? info.name}假日，不是工作日`;
    return `${date} 是节假日，不是工作日`;
  }
  return `${date} 是${weekdayZh(date)}，不是工作日`;
}
