// 检查记录 and 结果公开 (一公开), pure: the outcomes and penalties of an inspection and how they enter the credit
// ledger, the overdue 整改 rule, the publication deadline of a batch (N working days after its inspections end, with
// the office's work calendar) and its status on a given day, and the masking of natural persons' data in the public
// version. The caller passes the calendar and today's date (from its injectable clock), so server, renderer and
// tests agree.
import { calendarDaysBetween, workingDaysBetween, type IsoDate, type WorkCalendar } from '../dates';
import { citedSource, deadlineAfter, type DeadlineRule, type RuleCitation } from './enforcement-deadlines';
import { formatFen } from '../format';

// ---------------------------------------------------------------------------------------------- outcomes

export const INSPECTION_OUTCOMES = ['qualified', 'rectify', 'case', 'transfer'] as const;
export type InspectionOutcome = (typeof INSPECTION_OUTCOMES)[number];
export const INSPECTION_OUTCOME_LABELS: Record<InspectionOutcome, string> = {
  qualified: '合格',
  rectify: '责令整改',
  case: '立案查处',
  transfer: '移送',
};

export const PENALTY_KINDS = ['warning', 'fine', 'confiscation', 'suspension', 'revocation'] as const;
export type PenaltyKind = (typeof PENALTY_KINDS)[number];
export const PENALTY_LABELS: Record<PenaltyKind, string> = {
  warning: '警告',
  fine: '罚款',
  confiscation: '没收违法所得',
  suspension: '暂停执业',
  revocation: '吊销执业许可证',
};
/** Penalties follow a finding: not with 合格, and not with 移送 (the receiving authority decides). */
export const penaltiesAllowed = (o: InspectionOutcome): boolean => o === 'rectify' || o === 'case';

export const REVIEW_RESULTS = ['rectified', 'unrectified'] as const;
export type ReviewResult = (typeof REVIEW_RESULTS)[number];
export const REVIEW_RESULT_LABELS: Record<ReviewResult, string> = {
  rectified: '已整改',
  unrectified: '未整改',
};

/** The 监督检查结果 outcome code of the credit ledger (CREDIT_OUTCOMES.inspection) for an inspection outcome. */
export function creditInspectionOutcome(o: InspectionOutcome): 'qualified' | 'rectify' | 'unqualified' {
  return o === 'qualified' ? 'qualified' : o === 'rectify' ? 'rectify' : 'unqualified';
}

/** The 行政处罚 outcome code of the credit ledger: 暂停执业 and 吊销 are the serious ones. */
export function creditPenaltyOutcome(kinds: readonly PenaltyKind[]): 'general' | 'serious' {
  return kinds.includes('suspension') || kinds.includes('revocation') ? 'serious' : 'general';
}

/** 12345.5 元 → '12,345.50 元' (shared/format: two decimals, thousands separators). Amounts are kept in 分. */
export function yuanText(fen: number): string {
  return `${formatFen(fen)} 元`;
}

/** '警告；罚款 5,000 元；没收违法所得 1,200 元'. */
export function penaltyText(p: {
  penalties: readonly PenaltyKind[];
  fineFen: number | null;
  confiscationFen: number | null;
}): string {
  return PENALTY_KINDS.filter((k) => p.penalties.includes(k))
    .map((k) =>
      k === 'fine' && p.fineFen !== null
        ? `罚款 ${yuanText(p.fineFen)}`
        : k === 'confiscation' && p.confiscationFen !== null
          ? `没收违法所得 ${yuanText(p.confiscationFen)}`
          : PENALTY_LABELS[k],
    )
    .join('；');
}

/** 责令整改 whose deadline has passed without a 复查: shown in red, and the 整改逾期 filter. */
export function rectifyOverdue(
  r: { outcome: InspectionOutcome; rectifyDue: IsoDate | null; reviewOn: IsoDate | null },
  today: IsoDate,
): boolean {
  return r.outcome === 'rectify' && r.rectifyDue !== null && r.reviewOn === null && today > r.rectifyDue;
}

// ---------------------------------------------------------------------------------------------- 一公开

export const PUBLICATION_DEFAULT: DeadlineRule = { days: 20, unit: 'working' };
const daysText = (rule: DeadlineRule) =>
  rule.unit === 'working' ? `${rule.days} 个工作日` : `${rule.days} 日`;

/** '检查结束后 20 个工作日内公开（依据冀政办发〔2015〕22号）' — the document of the preset in force — or the office's
 *  own rule with the preset's named. */
export function publicationRuleText(rule: DeadlineRule, cite: RuleCitation): string {
  return `检查结束后 ${daysText(rule)}内公开（${citedSource(rule, cite, '依据')}）`;
}

export const PUBLICATION_STATUSES = ['not_due', 'due_soon', 'overdue', 'published'] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];
export const PUBLICATION_STATUS_LABELS: Record<PublicationStatus, string> = {
  not_due: '未到期',
  due_soon: '即将到期',
  overdue: '已逾期',
  published: '已公开',
};
/** 即将到期: this many working days or fewer left. */
export const PUBLICATION_DUE_SOON_WORKING_DAYS = 5;

export interface BatchProgress {
  /** Targets the batch's draw gave. */
  targets: number;
  /** Of them, with an inspection record. */
  recorded: number;
  /** The latest inspection date among the batch's records. */
  lastInspectedOn: IsoDate | null;
  /** The batch's planned last day. */
  endDate: IsoDate;
}

/**
 * When the batch's inspections ended: the last inspection once every target has its record; when the planned period
 * is over with targets still unrecorded, its last day (or a later inspection) — the deadline runs regardless.
 * null while inspections are still under way.
 */
export function inspectionsEndedOn(p: BatchProgress, today: IsoDate): IsoDate | null {
  if (p.targets > 0 && p.recorded >= p.targets && p.lastInspectedOn !== null) return p.lastInspectedOn;
  if (today > p.endDate)
    return p.lastInspectedOn !== null && p.lastInspectedOn > p.endDate ? p.lastInspectedOn : p.endDate;
  return null;
}

export const publicationDue = (cal: WorkCalendar, endedOn: IsoDate, rule: DeadlineRule): IsoDate =>
  deadlineAfter(cal, endedOn, rule);

export function publicationStatus(
  cal: WorkCalendar,
  p: { dueOn: IsoDate | null; publishedOn: IsoDate | null },
  today: IsoDate,
): PublicationStatus {
  if (p.publishedOn !== null) return 'published';
  if (p.dueOn === null) return 'not_due';
  if (today > p.dueOn) return 'overdue';
  return workingDaysBetween(cal, today, p.dueOn) <= PUBLICATION_DUE_SOON_WORKING_DAYS
    ? 'due_soon'
    : 'not_due';
}

/** '剩 4 个工作日', '今日到期', '逾期 3 日' for an unpublished batch with a deadline. */
export function publicationDueNote(cal: WorkCalendar, dueOn: IsoDate, today: IsoDate): string {
  if (today > dueOn) return `逾期 ${calendarDaysBetween(dueOn, today)} 日`;
  if (today === dueOn) return '今日到期';
  return `剩 ${workingDaysBetween(cal, today, dueOn)} 个工作日`;
}

// ---------------------------------------------------------------------------------------------- masking

/** A natural person's name in the public version: the surname and one * per other character (张三丰 → 张**). */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0]! + '*'.repeat(Math.max(1, chars.length - 1));
}

/** A certificate number in the public version: the first four and last two kept, the rest masked. */
export function maskCertificateNo(no: string): string {
  const chars = [...no.trim()];
  if (chars.length <= 6) return '*'.repeat(chars.length);
  return chars.slice(0, 4).join('') + '*'.repeat(chars.length - 6) + chars.slice(-2).join('');
}
