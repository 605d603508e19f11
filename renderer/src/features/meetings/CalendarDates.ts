// Small date helpers for the meetings calendar. FullCalendar hands out local Date objects; the API speaks ISO
// dates (YYYY-MM-DD) and HH:MM wall-clock times in the office's own zone, so conversions use local fields.
import type { DayInfo } from '../../../../shared/dates/workdays';
import { formatDate } from '../../../../shared/format';

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'] as const;

const pad = (n: number) => String(n).padStart(2, '0');

/** The local calendar date of a Date, as YYYY-MM-DD. */
export function isoOf(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The local wall-clock time of a Date, as HH:MM. */
export function hhmmOf(d: Date): string {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A local Date from an ISO date and an optional HH:MM time plus minutes (which may run past midnight). */
export function localDate(date: string, time = '00:00', plusMinutes = 0): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(y, m - 1, d, hh, mm + plusMinutes);
}

export function addDaysIso(date: string, days: number): string {
  const d = localDate(date);
  d.setDate(d.getDate() + days);
  return isoOf(d);
}

export function weekdayZh(date: string): string {
  return `星期${WEEKDAYS[localDate(date).getDay()]}`;
}

/** 2026-10-06: a date on screen, in the one style of shared/format (printed documents write 2026年10月6日). */
export const zhDate = (date: string): string => formatDate(date);

export function isIsoDateText(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && isoOf(localDate(s)) === s;
}

/** The mark a day carries on the calendar: 休 for a statutory or office holiday, 班 for a 调休 working day. */
export function dayMark(
  info: DayInfo | undefined,
): { kind: 'holiday' | 'makeup'; short: string; long: string } | null {
  if (!info) return null;
  if (info.kind === 'holiday') {
    const name = info.name ?? '节假日';
    return {
      kind: 'holiday',
      short: `${name} 休`,
      long: info.source === 'office' ? `本单位设定的休息日：${name}` : `法定节假日：${name}`,
    };
  }
  if (info.kind === 'makeup_workday') {
    return { kind: 'makeup', short: '班', long: `调休上班${info.name ? `（${info.name}）` : ''}` };
  }
  return null;
}
