// Cell values as offices write them, turned into what the registers take: dates in any usual form, yes/no marks,
// and coded values matched to the app's categories where the match is clear.
import { isIsoDate } from '../../../shared/dates';

const pad = (n: number) => String(n).padStart(2, '0');

function iso(y: number, m: number, d: number): string | null {
  const s = `${y}-${pad(m)}-${pad(d)}`;
  return isIsoDate(s) ? s : null;
}

/** Excel's day numbers: 1 is 1900-01-01, with Excel's phantom 1900-02-29 (serial 60) counted. */
function fromSerial(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 20000 || serial > 80000) return null; // 1954 … 2119
  const days = Math.floor(serial);
  const ms = Date.UTC(1899, 11, 30) + days * 86400000;
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * A date as YYYY-MM-DD, from 2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日, 20260305, an Excel serial day number
 * (46086) or any of these followed by a time (12345 exports: 2026-03-05 14:22:10); null when it is none of them.
 */
export function parseDate(text: string): string | null {
  const s = text.trim();
  if (s === '') return null;
  if (/^\d+(\.\d+)?$/.test(s)) {
    if (/^\d{8}$/.test(s)) return iso(Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6, 8)));
    return fromSerial(Number(s));
  }
  const m =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+\d{1,2}[:：]\d{1,2}(?:[:：]\d{1,2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      s,
    );
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}

const YES = new Set(['是', '√', '✓', '✔', 'Y', 'YES', 'TRUE', '1', '对', '有', '查实', '属实', '已查实']);
const NO = new Set(['否', '×', '✗', '✘', 'X', 'N', 'NO', 'FALSE', '0', '无', '未查实', '不属实', '不实']);

/** 是/否, √/×, Y/N, 1/0 …: true, false, or null when the mark is none of them. */
export function parseYesNo(text: string): boolean | null {
  const s = text.trim().toUpperCase();
  if (YES.has(s)) return true;
  if (NO.has(s)) return false;
  return null;
}

/** For comparing names and values: no spaces, full-width forms folded, lower case. */
export function normalizeWord(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\s*＊:："“”'‘’]/g, '')
    .toLowerCase();
}

export interface CodedOption {
  /** The app's value. */
  value: string;
  /** Words offices use for it. */
  synonyms: readonly string[];
}

/**
 * The app value a file's value clearly corresponds to: the value itself or one of its synonyms, exactly; else the
 * one option whose value or synonym is the longest contained in the file's value (综合医院 → 医院), when no other
 * option's is as long. null when it is not clear.
 */
export function proposeValue(text: string, options: readonly CodedOption[]): string | null {
  const v = normalizeWord(text);
  if (v === '') return null;
  for (const o of options)
    if (normalizeWord(o.value) === v || o.synonyms.some((s) => normalizeWord(s) === v)) return o.value;
  let best: { value: string; length: number; tie: boolean } | null = null;
  for (const o of options) {
    for (const word of [o.value, ...o.synonyms].map(normalizeWord)) {
      if (word.length < 2 || !v.includes(word)) continue;
      if (!best || word.length > best.length) best = { value: o.value, length: word.length, tie: false };
      else if (word.length === best.length && best.value !== o.value) best.tie = true;
    }
  }
  return best && !best.tie ? best.value : null;
}
