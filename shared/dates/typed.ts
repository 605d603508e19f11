// Dates and times typed as people in a Chinese office write them, whatever language the browser runs in: a
// native <input type="date"> follows the browser's locale (12/05/2026, 02:30 PM on an English system), so the
// app's inputs are text in 年-月-日 order and 24-hour time (renderer/src/ui/DateInput.tsx), read by these two functions.
import { isIsoDate } from './workdays';

const pad = (n: number) => String(n).padStart(2, '0');

/** 2026-12-05, 2026-12-5, 2026/12/5, 2026.12.5, 2026年12月5日, 20261205 → '2026-12-05'; '' → ''; anything else
 *  (an unfinished or impossible date) → null. */
export function parseDateText(text: string): string | null {
  const t = text
    .trim()
    .replace(/[－—／．。]/g, (c) => ({ '－': '-', '—': '-', '／': '/', '．': '.', '。': '.' })[c]!);
  if (t === '') return '';
  const m =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(t) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return null;
  const iso = `${m[1]}-${pad(Number(m[2]))}-${pad(Number(m[3]))}`;
  return isIsoDate(iso) ? iso : null;
}

/** 14:30, 9:05, 14：30, 1430, 14点30, 14点 → '14:30' (24-hour); '' → ''; anything else → null. */
export function parseTimeText(text: string): string | null {
  const t = text.trim().replace(/：/g, ':');
  if (t === '') return '';
  const m =
    /^(\d{1,2})\s*[:点时]\s*(\d{1,2})?\s*分?$/.exec(t) ?? /^(\d{2})(\d{2})$/.exec(t) ?? /^(\d{1,2})$/.exec(t);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  if (h > 23 || min > 59) return null;
  return `${pad(h)}:${pad(min)}`;
}
