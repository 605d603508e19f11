// Beijing time (UTC+8, no daylight saving since 1991) for rules whose day is the office's day whatever zone the
// machine runs in: the draw's seal date and the lottery's draw date are compared as Beijing dates.
import type { IsoDate } from './workdays';

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** The Beijing calendar date of an instant (a Date, or an ISO 8601 string with its offset or Z). */
export function beijingDate(instant: Date | string): IsoDate {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`不是有效的时间：${String(instant)}`);
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10) as IsoDate;
}
