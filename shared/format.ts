// How dates, times, money and counts are written on every screen, in every export and in the command line:
// one style each, in Beijing time (Asia/Shanghai, UTC+8, no daylight saving since 1991) whatever zone the
// machine or the browser runs in. Instants are stored as UTC ISO strings; plain dates ('2026-12-05') are the
// office's days already and are shown as they are.
//
//   date       2026-12-05
//   date+time  2026-12-05 10:46        (24-hour, no seconds)
//   time       14:30
//   money      213,480.50 元            (two decimals, thousands separators)
//
// Printed official documents keep the GB/T 9704 form 2026年12月5日 (formatChineseDate in shared/dates) and
// write a clock time as 14:30 too.

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;
const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The instant's Beijing wall clock as 'YYYY-MM-DDTHH:mm:ss' (an ISO string, or a Date). */
function beijingClock(instant: string | Date): string | null {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) return null;
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19);
}

/** '2026-12-05': a plain date as it is, an instant (ISO string or Date) as its Beijing day; '' for nothing. */
export function formatDate(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string' && PLAIN_DATE.test(value)) return value;
  return beijingClock(value)?.slice(0, 10) ?? String(value);
}

/** '2026-12-05 10:46' in Beijing time, 24-hour; '' for nothing. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string' && PLAIN_DATE.test(value)) return value;
  const c = beijingClock(value);
  return c ? `${c.slice(0, 10)} ${c.slice(11, 16)}` : String(value);
}

/** '14:30': an instant's Beijing time of day, or a stored wall-clock 'HH:mm[:ss]' as it is. */
export function formatTime(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string' && /^\d{1,2}:\d{2}(:\d{2})?$/.test(value)) return value.padStart(5, '0').slice(0, 5);
  return beijingClock(value)?.slice(11, 16) ?? String(value);
}

/** '14:30' today (Beijing), otherwise '2026-12-05 14:30': for "saved at" notes. */
export function formatWhen(value: string | Date, now: Date = new Date()): string {
  return formatDate(value) === formatDate(now) ? formatTime(value) : formatDateTime(value);
}

const groupThousands = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** A count or measure with thousands separators: 12,345; 2.5 (at most `maxDecimals` places, no trailing 0). */
export function formatNumber(n: number, maxDecimals = 2): string {
  if (!Number.isFinite(n)) return String(n);
  const fixed = Math.abs(n).toFixed(maxDecimals);
  const [whole, frac = ''] = fixed.split('.');
  const trimmed = frac.replace(/0+$/, '');
  const sign = n < 0 && Number(fixed) !== 0 ? '-' : '';
  return `${sign}${groupThousands(whole!)}${trimmed ? `.${trimmed}` : ''}`;
}

/** 213480.5 → '213,480.50': an amount in 元 with two decimals and thousands separators (no unit). */
export function formatMoney(yuan: number): string {
  if (!Number.isFinite(yuan)) return String(yuan);
  const fen = Math.round(Math.abs(yuan) * 100);
  const whole = groupThousands(String(Math.floor(fen / 100)));
  const cents = String(fen % 100).padStart(2, '0');
  return `${yuan < 0 && fen > 0 ? '-' : ''}${whole}.${cents}`;
}

/** 213480.5 → '213,480.50 元'. */
export const formatMoneyText = (yuan: number): string => `${formatMoney(yuan)} 元`;

/** Amounts kept in 分 (integers): 21348050 → '213,480.50'. */
export const formatFen = (fen: number): string => formatMoney(fen / 100);

/** An indicator's value with its unit: money as money, a percentage to one place, counts grouped. */
export function formatMeasure(value: number | null, unit: string): string {
  if (value === null) return '—';
  if (unit === '元') return formatMoneyText(value);
  if (unit === '%') return `${formatNumber(value, 1)}%`;
  return unit ? `${formatNumber(value)} ${unit}` : formatNumber(value);
}

/**
 * '共 1,234 条' for a whole list; when only the first `shown` of `total` are listed:
 * '共 5,000 条，仅显示最近 1,000 条'.
 */
export function countText(shown: number, total: number, unit = '条', which = '最近'): string {
  return total > shown
    ? `共 ${formatNumber(total)} ${unit}，仅显示${which} ${formatNumber(shown)} ${unit}`
    : `共 ${formatNumber(total)} ${unit}`;
}
