// 红黑名单 and 信用修复, pure: the vocabulary, the disclosure periods the law allows (信用修复管理办法, in force
// 2026-04-01: 轻微 not disclosed; 一般 3 months to 1 year; 严重 1 to 3 years), the status of a listing on a given
// day (disclosure ends by itself at its end date: nothing has to run), when repair may first be applied for, and
// how natural persons are masked on the public list. docs/credit-ledger.md §6 states the rules in words; the same
// code runs in the main process and in the renderer (the dialog shows the allowed dates as they are typed).
import { addCalendarDays, parseIsoDate } from '../dates';
import { maskCertificateNo, maskPersonName } from './inspections';

export const CREDIT_LIST_KINDS = ['black', 'red'] as const;
export type CreditListKind = (typeof CREDIT_LIST_KINDS)[number];
export const CREDIT_LIST_LABELS: Record<CreditListKind, string> = { black: '黑名单', red: '红名单' };

export const LISTING_SEVERITIES = ['minor', 'general', 'serious'] as const;
export type ListingSeverity = (typeof LISTING_SEVERITIES)[number];
export const LISTING_SEVERITY_LABELS: Record<ListingSeverity, string> = {
  minor: '轻微',
  general: '一般',
  serious: '严重',
};

/** The ledger outcome code of a listing decision's entry (type 信用评价结果; not a grade: no effect on the score). */
export const LISTING_OUTCOMES = {
  black_minor: '列入黑名单（轻微失信）',
  black_general: '列入黑名单（一般失信）',
  black_serious: '列入黑名单（严重失信）',
  red: '列入红名单',
} as const;
export type ListingOutcome = keyof typeof LISTING_OUTCOMES;

export function listingOutcome(list: CreditListKind, severity: ListingSeverity | null): ListingOutcome {
  return list === 'red' ? 'red' : `black_${severity ?? 'general'}`;
}

export function isListingOutcome(outcome: string | null): outcome is ListingOutcome {
  return outcome !== null && Object.prototype.hasOwnProperty.call(LISTING_OUTCOMES, outcome);
}

export const LISTING_STATUSES = [
  'pending',
  'disclosed',
  'expired',
  'repaired',
  'undisclosed',
  'revoked',
] as const;
export type ListingStatus = (typeof LISTING_STATUSES)[number];
export const LISTING_STATUS_LABELS: Record<ListingStatus, string> = {
  pending: '待公示',
  disclosed: '公示中',
  expired: '已到期',
  repaired: '已修复',
  undisclosed: '未公示',
  revoked: '已撤销',
};

/** Disclosure periods in months (信用修复管理办法). 轻微 is not disclosed. */
export const DISCLOSURE_MONTHS: Record<'general' | 'serious', { min: number; max: number }> = {
  general: { min: 3, max: 12 },
  serious: { min: 12, max: 36 },
};
/** 红名单: the office's own limit (no statutory one). */
export const RED_LIST_MAX_MONTHS = 36;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The same day n months later; a day the month does not have becomes its last day (2026-01-31 + 1 = 02-28),
 *  as 民法典 §201–203 count a period in months. */
export function addMonths(date: string, n: number): string {
  const { year, month, day } = parseIsoDate(date);
  const total = year * 12 + (month - 1) + n;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${pad(y, 4)}-${pad(m)}-${pad(Math.min(day, last))}`;
}

/** 3 → 3 个月, 12 → 1 年, 36 → 3 年. */
export function monthsText(n: number): string {
  return n % 12 === 0 ? `${n / 12} 年` : `${n} 个月`;
}

/** Whether a listing is ever shown to the public: 轻微 black listings are not. */
export function isDisclosed(list: CreditListKind, severity: ListingSeverity | null): boolean {
  return list === 'red' || (severity !== null && severity !== 'minor');
}

/** The allowed last days of disclosure for a start date, or null when the listing is not disclosed. */
export function disclosureBounds(
  list: CreditListKind,
  severity: ListingSeverity | null,
  start: string,
): { earliestEnd: string; latestEnd: string; minMonths: number; maxMonths: number } | null {
  if (!isDisclosed(list, severity)) return null;
  const months =
    list === 'red'
      ? { min: 0, max: RED_LIST_MAX_MONTHS }
      : DISCLOSURE_MONTHS[severity as 'general' | 'serious'];
  return {
    earliestEnd: addMonths(start, months.min),
    latestEnd: addMonths(start, months.max),
    minMonths: months.min,
    maxMonths: months.max,
  };
}

export interface ListingPeriodInput {
  list: CreditListKind;
  severity: ListingSeverity | null;
  decisionDate: string;
  disclosureStart: string | null;
  disclosureEnd: string | null;
}

/** What is wrong with a listing's severity and disclosure period, by field, in the office's words. */
export function listingPeriodProblems(v: ListingPeriodInput): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (v.list === 'black' && v.severity === null)
    out.push({ path: 'severity', message: '请选择失信程度（轻微、一般或严重）' });
  if (v.list === 'red' && v.severity !== null)
    out.push({ path: 'severity', message: '红名单不区分失信程度' });
  if (out.length) return out;
  if (!isDisclosed(v.list, v.severity)) {
    if (v.disclosureStart !== null || v.disclosureEnd !== null)
      out.push({
        path: 'disclosureEnd',
        message: '轻微失信信息依法不予公示，不填写公示期限',
      });
    return out;
  }
  if (v.disclosureStart === null) {
    out.push({ path: 'disclosureStart', message: '请填写公示起始日期' });
    return out;
  }
  if (v.disclosureStart < v.decisionDate)
    out.push({ path: 'disclosureStart', message: `公示起始日期不能早于列入决定日期 ${v.decisionDate}` });
  if (v.disclosureEnd === null) {
    out.push({ path: 'disclosureEnd', message: '请填写公示截止日期' });
    return out;
  }
  const b = disclosureBounds(v.list, v.severity, v.disclosureStart)!;
  if (v.list === 'red') {
    if (v.disclosureEnd < v.disclosureStart)
      out.push({ path: 'disclosureEnd', message: '公示截止日期不能早于起始日期' });
    else if (v.disclosureEnd > b.latestEnd)
      out.push({
        path: 'disclosureEnd',
        message: `红名单公示期限不超过 ${monthsText(b.maxMonths)}：自 ${v.disclosureStart} 起公示，截止日期最晚为 ${b.latestEnd}`,
      });
    return out;
  }
  if (v.disclosureEnd < b.earliestEnd || v.disclosureEnd > b.latestEnd) {
    const what = LISTING_SEVERITY_LABELS[v.severity as 'general' | 'serious'];
    out.push({
      path: 'disclosureEnd',
      message: `${what}失信信息的公示期限为 ${monthsText(b.minMonths)}至 ${monthsText(b.maxMonths)}（信用修复管理办法）：自 ${v.disclosureStart} 起公示，截止日期应在 ${b.earliestEnd} 至 ${b.latestEnd} 之间，${v.disclosureEnd < b.earliestEnd ? '所填日期短于最短公示期' : '所填日期超过最长公示期'}`,
    });
  }
  return out;
}

export interface ListingFacts {
  list: CreditListKind;
  severity: ListingSeverity | null;
  disclosureStart: string | null;
  disclosureEnd: string | null;
  /** Its ledger entry was neutralised by a 更正. */
  revoked: boolean;
  /** An approved 信用修复 whose ledger entry stands. */
  repaired: boolean;
}

/** The status on `today`. Disclosure ends by itself after its last day: no job has to run. */
export function listingStatus(l: ListingFacts, today: string): ListingStatus {
  if (l.revoked) return 'revoked';
  if (l.repaired) return 'repaired';
  if (!isDisclosed(l.list, l.severity) || l.disclosureStart === null || l.disclosureEnd === null)
    return 'undisclosed';
  if (today < l.disclosureStart) return 'pending';
  if (today <= l.disclosureEnd) return 'disclosed';
  return 'expired';
}

/** A subject's listing in brief, for the subjects grid and the profile. */
export interface SubjectListing {
  id: number;
  list: CreditListKind;
  severity: ListingSeverity | null;
  status: ListingStatus;
}

/** 黑名单（严重）公示中 · 红名单公示中 */
export function listingText(l: Pick<SubjectListing, 'list' | 'severity' | 'status'>): string {
  return `${CREDIT_LIST_LABELS[l.list]}${l.severity ? `（${LISTING_SEVERITY_LABELS[l.severity]}）` : ''}${LISTING_STATUS_LABELS[l.status]}`;
}

/** On the public list: disclosed today, not repaired, not revoked, not 轻微. */
export function isPublic(l: ListingFacts, today: string): boolean {
  return listingStatus(l, today) === 'disclosed';
}

/** The last day of the minimum disclosure period of a black listing: repair may be applied for after it. */
export function minimumPeriodEnd(severity: ListingSeverity | null, start: string | null): string | null {
  if (severity !== 'general' && severity !== 'serious') return null;
  if (start === null) return null;
  return addMonths(start, DISCLOSURE_MONTHS[severity].min);
}

/** Why a repair may not yet be applied for on `today`, or null. */
export function minimumPeriodProblem(
  severity: ListingSeverity | null,
  start: string | null,
  today: string,
): string | null {
  const end = minimumPeriodEnd(severity, start);
  if (end === null || today > end) return null;
  return `最短公示期未满：${start} 起公示，${end} 后方可申请修复（${LISTING_SEVERITY_LABELS[severity!]}失信信息最短公示 ${monthsText(DISCLOSURE_MONTHS[severity as 'general' | 'serious'].min)}）`;
}

/** The first day an application is accepted. */
export function repairOpensOn(severity: ListingSeverity | null, start: string | null): string | null {
  const end = minimumPeriodEnd(severity, start);
  return end === null ? null : addCalendarDays(end, 1);
}

// ---------------------------------------------------------------------------------------------- masking

// A person's name and certificate number are masked as the inspection results publication masks them
// (maskPersonName, maskCertificateNo in ./inspections.ts), so that two public lists never mask the same person
// differently (which, combined, would unmask more).

/** Long digit runs in free text (ID and certificate numbers, telephone numbers). */
const NUMBER_RUN = /\d{10,}[\dXx]?/g;

/** Free text for the public list: long numbers masked everywhere; a natural person's name masked wherever it
 *  appears in full. */
export function maskText(text: string, personNames: readonly string[] = []): string {
  let out = text.replace(NUMBER_RUN, (m) => maskCertificateNo(m));
  for (const name of personNames) {
    const n = name.trim();
    if (Array.from(n).length >= 2) out = out.split(n).join(maskPersonName(n));
  }
  return out;
}
