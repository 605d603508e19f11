// Working-day rules shared by every module: the State Council holiday table (from `chinese-days`) plus the
// office's own overrides, and the deadline arithmetic built on it.
//
// Dates cross the API only as ISO `YYYY-MM-DD` strings. Internally a date is an integer day number (days since
// 1970-01-01 in the proleptic Gregorian calendar) computed with pure integer arithmetic, so no result ever
// depends on the machine's time zone or DST rules, and the same code runs in Node and in the renderer.
import chineseDaysTable from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

export type IsoDate = string;

/** makeup_workday = 调休上班: a Saturday or Sunday that is a working day. */
export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday';

/** Entered by the office: holiday = 放假, workday = 上班 (调休). */
export interface DayOverride {
  date: IsoDate;
  kind: 'holiday' | 'workday';
  name: string;
}

export interface DayInfo {
  date: IsoDate;
  kind: DayKind;
  working: boolean;
  /** Chinese holiday name (e.g. 国庆节) for table days, the office's name for overrides, null for ordinary days. */
  name: string | null;
  source: 'builtin' | 'office' | 'weekday-rule';
}

export interface WorkCalendar {
  dayInfo(date: IsoDate): DayInfo;
  isWorkingDay(date: IsoDate): boolean;
  /** True if the built-in table covers the year or the office entered at least one override in it. */
  hasTableForYear(year: number): boolean;
  /** Years covered by the built-in `chinese-days` table, ascending. */
  builtinYears(): number[];
}

export type Quarter = 1 | 2 | 3 | 4;

export const weekdayNames = ['日', '一', '二', '三', '四', '五', '六'] as const;

// ---------------------------------------------------------------------------------------------------------
// Day numbers

const MIN_YEAR = 1;
const MAX_YEAR = 9999;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

// Howard Hinnant's days_from_civil / civil_from_days. Date.UTC would do for modern years, but it maps years
// 0–99 to 1900–1999 and costs an allocation per call in the 100k-record paths.
function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civil(z: number): { year: number; month: number; day: number } {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const MIN_DAY = dayNumber(MIN_YEAR, 1, 1);
const MAX_DAY = dayNumber(MAX_YEAR, 12, 31);

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function isoFromParts(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

function isoFromDay(z: number): IsoDate {
  if (!(z >= MIN_DAY && z <= MAX_DAY))
    throw new RangeError(`date out of range (years ${MIN_YEAR}–${MAX_YEAR})`);
  const { year, month, day } = civil(z);
  return isoFromParts(year, month, day);
}

function tryParse(s: string): { year: number; month: number; day: number } | null {
  const m = typeof s === 'string' ? ISO_RE.exec(s) : null;
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** Strict `YYYY-MM-DD` that names a real calendar day (2026-02-30 is false). */
export function isIsoDate(s: string): boolean {
  return tryParse(s) !== null;
}

/** Splits an ISO date into numbers; throws RangeError for anything `isIsoDate` rejects. */
export function parseIsoDate(date: IsoDate): { year: number; month: number; day: number } {
  const p = tryParse(date);
  if (!p) throw new RangeError(`invalid ISO date: ${JSON.stringify(date)}`);
  return p;
}

function toDay(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  return dayNumber(year, month, day);
}

/** 0 = Sunday … 6 = Saturday. Day 0 (1970-01-01) was a Thursday. */
function dowOfDay(z: number): number {
  return (((z + 4) % 7) + 7) % 7;
}

function isWeekendDay(z: number): boolean {
  const w = dowOfDay(z);
  return w === 0 || w === 6;
}

function requireInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be an integer, got ${String(n)}`);
}

// ---------------------------------------------------------------------------------------------------------
// Plain calendar helpers

export function dayOfWeek(date: IsoDate): number {
  return dowOfDay(toDay(date));
}

/** '星期一' (or '周一' with prefix '周'). */
export function weekdayZh(date: IsoDate, prefix: '星期' | '周' = '星期'): string {
  return `${prefix}${weekdayNames[dayOfWeek(date)] ?? ''}`;
}

export function addCalendarDays(date: IsoDate, n: number): IsoDate {
  requireInteger(n, 'n');
  return isoFromDay(toDay(date) + n);
}

/** to − from in calendar days (negative if to is earlier). */
export function calendarDaysBetween(from: IsoDate, to: IsoDate): number {
  return toDay(to) - toDay(from);
}

/** E.g. a referral must be answered within 15 days of receipt: the deadline is start + days. */
export function calendarDayDeadline(start: IsoDate, days: number): IsoDate {
  return addCalendarDays(start, days);
}

export function quarterOf(date: IsoDate): { year: number; quarter: Quarter } {
  const { year, month } = parseIsoDate(date);
  return { year, quarter: (Math.floor((month - 1) / 3) + 1) as Quarter };
}

/** The quarter's last calendar day (03-31, 06-30, 09-30, 12-31). */
export function quarterEnd(year: number, quarter: Quarter): IsoDate {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR)
    throw new RangeError(`invalid year ${String(year)}`);
  if (quarter !== 1 && quarter !== 2 && quarter !== 3 && quarter !== 4) {
    throw new RangeError(`quarter must be 1–4, got ${String(quarter)}`);
  }
  const month = quarter * 3;
  return isoFromParts(year, month, daysInMonth(year, month));
}

/** The office's date: the Beijing calendar day of `now` (UTC+8, no daylight saving) whatever zone the machine is
 *  set to — a desk left on UTC or a laptop set to another zone still has the office's today, as every date and time
 *  the app shows is Beijing time (shared/format.ts). The clock is injectable for tests. */
export function todayIso(now: Date = new Date()): IsoDate {
  const ms = now.getTime() + 8 * 3600 * 1000;
  const d = new Date(ms);
  return isoFromParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** '2026年11月22日': Arabic numerals without leading zeros, as GB/T 9704 prescribes for 成文日期. */
export function formatChineseDate(date: IsoDate): string {
  const { year, month, day } = parseIsoDate(date);
  return `${year}年${month}月${day}日`;
}

// ---------------------------------------------------------------------------------------------------------
// Built-in table from chinese-days
//
// The package publishes its tables as data (dist/chinese-days.json: `holidays` and `workdays`, each keyed by
// 'YYYY-MM-DD' with a name such as "National Day,国庆节,3"); the table is read from there. Asking its functions
// instead (`getDayDetail` once per day of every year) took 40 ms at a process's first calendar, a quarter of the
// 工作台's first call after start. Plain date keys carry none of the functions' time-zone handling (they parse
// 'YYYY-M-D' as UTC midnight and read it back with local getters). tests/unit/dates.test.ts checks this table
// against `getDayDetail` for every day of every covered year, so the data and the functions cannot drift apart
// unnoticed in an upgrade.
//
// It is published as CommonJS/UMD without an `exports` map: Node (Electron main, CLI) cannot import named
// bindings from it; the default import works both there and in Vite's ESM build (dates.test.ts uses it).

interface TableEntry {
  kind: DayKind;
  working: boolean;
  name: string | null;
  source: 'builtin' | 'office';
}

interface BuiltinTable {
  entries: ReadonlyMap<number, TableEntry>;
  years: readonly number[];
}

let builtinCache: BuiltinTable | undefined;

function chineseName(raw: string): string {
  // "National Day,国庆节,3" → "国庆节"; anything unexpected is shown as the package gave it.
  const parts = raw.split(',');
  return parts.length >= 2 && parts[1] ? parts[1].trim() : raw;
}

/** The package's table: holidays (days off) and workdays (weekend days worked, 调休), by date. */
export function builtinTableDays(): { date: IsoDate; working: boolean; name: string }[] {
  const data = chineseDaysTable as { holidays: Record<string, string>; workdays: Record<string, string> };
  return [
    ...Object.entries(data.holidays).map(([date, name]) => ({ date, working: false, name })),
    ...Object.entries(data.workdays).map(([date, name]) => ({ date, working: true, name })),
  ];
}

function loadBuiltinTable(): BuiltinTable {
  if (builtinCache) return builtinCache;
  const entries = new Map<number, TableEntry>();
  const years = new Set<number>();
  for (const { date, working, name } of builtinTableDays()) {
    const { year, month, day } = parseIsoDate(date);
    const z = dayNumber(year, month, day);
    const kind: DayKind = working ? (isWeekendDay(z) ? 'makeup_workday' : 'workday') : 'holiday';
    entries.set(z, { kind, working, name: chineseName(name), source: 'builtin' });
    years.add(year);
  }
  builtinCache = { entries, years: [...years].sort((a, b) => a - b) };
  return builtinCache;
}

// ---------------------------------------------------------------------------------------------------------
// The calendar
//
// Every question is answered through F(x) = the number of working days before day x, counted from a fixed
// origin. Outside [lo, hi] (the span holding any table entry or override) only the Monday–Friday rule applies
// and F has a closed form; inside, a prefix-sum array built once per calendar gives it directly. Because F
// rises by exactly 1 on each working day, "the n-th working day after d" is the inverse of F, found by closed
// form or a binary search. So addWorkingDays and workingDaysBetween are O(log table) however large n is.

/** Signed count of Mon–Fri days in [−3, x): day −3 is Monday 1969-12-29, so weeks start at multiples of 7. */
function weekdaysBefore(x: number): number {
  const s = x + 3;
  const q = Math.floor(s / 7);
  return 5 * q + Math.min(s - 7 * q, 5);
}

/** Smallest x with weekdaysBefore(x) >= t. */
function weekdaysInverse(t: number): number {
  const q = Math.floor((t - 1) / 5);
  return 7 * q + (t - 5 * q) - 3;
}

class Engine {
  private readonly lo: number;
  private readonly hi: number;
  /** cum[i] = working days in [lo, lo + i); length hi − lo + 2. */
  private readonly cum: Int32Array;
  private readonly base: number;
  private readonly top: number;
  private readonly entries: ReadonlyMap<number, TableEntry>;

  constructor(entries: ReadonlyMap<number, TableEntry>) {
    this.entries = entries;
    let lo = Infinity;
    let hi = -Infinity;
    for (const z of entries.keys()) {
      if (z < lo) lo = z;
      if (z > hi) hi = z;
    }
    if (lo > hi) {
      // No table at all: an empty span keeps the formulas below uniform.
      lo = 0;
      hi = -1;
    }
    this.lo = lo;
    this.hi = hi;
    this.cum = new Int32Array(hi - lo + 2);
    for (let z = lo; z <= hi; z++) {
      const i = z - lo;
      this.cum[i + 1] = (this.cum[i] ?? 0) + (this.workingRaw(z) ? 1 : 0);
    }
    this.base = weekdaysBefore(lo);
    this.top = this.base + (this.cum[hi - lo + 1] ?? 0);
  }

  private workingRaw(z: number): boolean {
    const e = this.entries.get(z);
    return e ? e.working : !isWeekendDay(z);
  }

  entry(z: number): TableEntry | undefined {
    return z >= this.lo && z <= this.hi ? this.entries.get(z) : undefined;
  }

  working(z: number): boolean {
    if (z >= this.lo && z <= this.hi) {
      const i = z - this.lo;
      return (this.cum[i + 1] ?? 0) - (this.cum[i] ?? 0) === 1;
    }
    return !isWeekendDay(z);
  }

  /** Working days before day x (relative to a fixed origin). */
  F(x: number): number {
    if (x <= this.lo) return weekdaysBefore(x);
    if (x <= this.hi + 1) return this.base + (this.cum[x - this.lo] ?? 0);
    return this.top + weekdaysBefore(x) - weekdaysBefore(this.hi + 1);
  }

  /** Smallest x with F(x) >= t. */
  G(t: number): number {
    if (t <= this.base) return weekdaysInverse(t);
    if (t > this.top) return weekdaysInverse(t - this.top + weekdaysBefore(this.hi + 1));
    let a = 0;
    let b = this.hi - this.lo + 1;
    const need = t - this.base;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if ((this.cum[mid] ?? 0) >= need) b = mid;
      else a = mid + 1;
    }
    return this.lo + a;
  }

  /** The n-th working day after (n > 0) or before (n < 0) day z, z itself never counted. */
  addWorking(z: number, n: number): number {
    if (n === 0) return z;
    // n > 0: first d with exactly n working days in (z, d]. n < 0: last d with exactly |n| in [d, z).
    const t = n > 0 ? this.F(z + 1) + n : this.F(z) + n + 1;
    return this.G(t) - 1;
  }

  /** Working days in (a, b], negative when b < a. */
  between(a: number, b: number): number {
    return this.F(b + 1) - this.F(a + 1);
  }
}

// Lets the free functions reach a calendar's engine without widening the public interface; a WorkCalendar
// implemented elsewhere (a test double) still works through the slower day-by-day fallback.
const engines = new WeakMap<WorkCalendar, Engine>();

/** The built-in chinese-days table plus the office's overrides; an override wins on its date (the last one
 *  wins if a date is listed twice). Build it once and reuse it: lookups are then O(1). */
export function createWorkCalendar(overrides: readonly DayOverride[] = []): WorkCalendar {
  const builtin = loadBuiltinTable();
  const builtinYears = new Set(builtin.years);
  const overrideYears = new Set<number>();
  const entries = new Map(builtin.entries);
  for (const o of overrides) {
    const { year, month, day } = parseIsoDate(o.date);
    if (o.kind !== 'holiday' && o.kind !== 'workday') {
      throw new RangeError(`override for ${o.date}: kind must be 'holiday' or 'workday'`);
    }
    const z = dayNumber(year, month, day);
    const working = o.kind === 'workday';
    const kind: DayKind = working ? (isWeekendDay(z) ? 'makeup_workday' : 'workday') : 'holiday';
    const name = typeof o.name === 'string' && o.name.trim() !== '' ? o.name.trim() : null;
    entries.set(z, { kind, working, name, source: 'office' });
    overrideYears.add(year);
  }
  const engine = new Engine(entries);

  const cal: WorkCalendar = {
    dayInfo(date) {
      const z = toDay(date);
      const e = engine.entry(z);
      if (e) return { date, kind: e.kind, working: e.working, name: e.name, source: e.source };
      const weekend = isWeekendDay(z);
      return {
        date,
        kind: weekend ? 'weekend' : 'workday',
        working: !weekend,
        name: null,
        source: 'weekday-rule',
      };
    },
    isWorkingDay(date) {
      return engine.working(toDay(date));
    },
    hasTableForYear(year) {
      return builtinYears.has(year) || overrideYears.has(year);
    },
    builtinYears() {
      return [...builtin.years];
    },
  };
  engines.set(cal, engine);
  return cal;
}

export function isWorkingDay(cal: WorkCalendar, date: IsoDate): boolean {
  return cal.isWorkingDay(date);
}

/** The n-th working day after start (start itself never counted, working or not); n = 0 returns start;
 *  negative n counts backwards. */
export function addWorkingDays(cal: WorkCalendar, start: IsoDate, n: number): IsoDate {
  requireInteger(n, 'n');
  const z = toDay(start);
  if (n === 0) return start;
  const engine = engines.get(cal);
  if (engine) return isoFromDay(engine.addWorking(z, n));
  const step = n > 0 ? 1 : -1;
  let left = Math.abs(n);
  let d = z;
  while (left > 0) {
    d += step;
    if (cal.isWorkingDay(isoFromDay(d))) left--;
  }
  return isoFromDay(d);
}

/** A deadline of `days` working days after start, e.g. 5 个工作日内. */
export function workingDayDeadline(cal: WorkCalendar, start: IsoDate, days: number): IsoDate {
  return addWorkingDays(cal, start, days);
}

/** Working days in (from, to]; negative when to is before from. */
export function workingDaysBetween(cal: WorkCalendar, from: IsoDate, to: IsoDate): number {
  const a = toDay(from);
  const b = toDay(to);
  const engine = engines.get(cal);
  if (engine) return engine.between(a, b);
  const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
  let count = 0;
  for (let d = lo + 1; d <= hi; d++) if (cal.isWorkingDay(isoFromDay(d))) count++;
  return sign < 0 && count > 0 ? -count : count; // never -0, which Object.is tells apart from 0
}

/** The last working day on or before the quarter's last calendar day: a 调休 Saturday counts, a holiday does
 *  not. Seed 000 §三 makes this the due date of the quarterly stage summary. */
export function lastWorkingDayOfQuarter(cal: WorkCalendar, year: number, quarter: Quarter): IsoDate {
  const end = quarterEnd(year, quarter);
  return cal.isWorkingDay(end) ? end : addWorkingDays(cal, end, -1);
}
