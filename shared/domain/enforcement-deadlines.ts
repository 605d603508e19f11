// Deadlines of 转报 (referrals) and 12345 complaints, and the status each record is in on a given day. Pure: the
// caller passes the work calendar and today's date (from its injectable clock), so the server, the renderer and
// the tests all get the same answer.
//
// Seed 003 (越政办发〔2020〕64号) §四(五): a department that receives a referral replies in writing within 15 days;
// when several departments are involved it goes through 区卫生健康局. §四(四): the handling department feeds the
// result of a 12345 complaint back to 区卫生健康局 within one week after handling ends. Both are office settings
// (calendar or working days); the default is calendar days, as the document says "15天" and "一周".
import {
  calendarDayDeadline,
  calendarDaysBetween,
  todayIso,
  workingDayDeadline,
  type IsoDate,
  type WorkCalendar,
} from '../dates';

export const DAY_UNITS = ['calendar', 'working'] as const;
export type DayUnit = (typeof DAY_UNITS)[number];
export const DAY_UNIT_LABELS: Record<DayUnit, string> = { calendar: '自然日', working: '工作日' };

export interface DeadlineRule {
  days: number;
  unit: DayUnit;
}

/** The rules of the preset the office starts from (越政办发〔2020〕64号, rule-presets.ts). */
export const REFERRAL_REPLY_DEFAULT: DeadlineRule = { days: 15, unit: 'calendar' };
export const COMPLAINT_FEEDBACK_DEFAULT: DeadlineRule = { days: 7, unit: 'calendar' };

/** An injectable clock: the dispatcher's `ctx.now`, a test's fixed instant, or the browser's. */
export type Clock = () => Date;
/** The office's date on the clock (the machine's local date; offices run on Asia/Shanghai). */
export const todayOn = (clock: Clock): IsoDate => todayIso(clock());

/** `start` + the rule's days: calendar days, or the n-th working day after start by the office's calendar
 *  (holidays skipped, 调休 working days counted). The start day itself is never counted. */
export function deadlineAfter(cal: WorkCalendar, start: IsoDate, rule: DeadlineRule): IsoDate {
  return rule.unit === 'working'
    ? workingDayDeadline(cal, start, rule.days)
    : calendarDayDeadline(start, rule.days);
}

export const referralReplyDue = (cal: WorkCalendar, receivedOn: IsoDate, rule: DeadlineRule): IsoDate =>
  deadlineAfter(cal, receivedOn, rule);

export const complaintFeedbackDue = (cal: WorkCalendar, handledOn: IsoDate, rule: DeadlineRule): IsoDate =>
  deadlineAfter(cal, handledOn, rule);

const daysText = (rule: DeadlineRule) =>
  rule.unit === 'working' ? `${rule.days} 个工作日` : `${rule.days} 日`;
const sameRule = (a: DeadlineRule, b: DeadlineRule) => a.days === b.days && a.unit === b.unit;

/** What a record's rule text cites: the document of the rule preset in force for the office (系统设置 → 业务规则),
 *  built from its settings by `ruleCitation` (rule-presets.ts). */
export interface RuleCitation {
  /** '越政办发〔2020〕64号' */
  document: string;
  /** The preset's own deadline: a record whose rule differs says 本单位设置 and names the preset's. */
  deadline?: DeadlineRule;
  /** The preset is another province's, used as a reference: cited with 参照. */
  reference: boolean;
}

/** Which rule applied, with its source: the preset's own deadline, or the office's setting that differs. */
export function citedSource(rule: DeadlineRule, cite: RuleCitation, own = ''): string {
  return !cite.deadline || sameRule(rule, cite.deadline)
    ? `${cite.reference ? '参照' : own}${cite.document}`
    : `本单位设置；${cite.document}规定为 ${daysText(cite.deadline)}`;
}

/** '收到后 15 日内书面回复（越政办发〔2020〕64号）' — the document of the preset in force. */
export function referralRuleText(rule: DeadlineRule, cite: RuleCitation): string {
  return `收到后 ${daysText(rule)}内书面回复（${citedSource(rule, cite)}）`;
}

/** '办结后 7 日内反馈区卫生健康局（越政办发〔2020〕64号）' — the document of the preset in force. */
export function complaintRuleText(rule: DeadlineRule, cite: RuleCitation): string {
  return `办结后 ${daysText(rule)}内反馈区卫生健康局（${citedSource(rule, cite)}）`;
}

// ---------------------------------------------------------------------------------------------------------
// Status on a given day. A deadline is met on its own day: overdue starts the day after.

export const REFERRAL_STATUSES = ['pending', 'replied', 'overdue'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
export const REFERRAL_STATUS_LABELS: Record<ReferralStatus, string> = {
  pending: '待回复',
  replied: '已回复',
  overdue: '逾期',
};

export function referralStatus(
  r: { dueOn: IsoDate; replyOn: IsoDate | null },
  today: IsoDate,
): ReferralStatus {
  if (r.replyOn !== null) return 'replied';
  return today > r.dueOn ? 'overdue' : 'pending';
}

export const COMPLAINT_STATUSES = ['handling', 'awaiting_feedback', 'fed_back', 'feedback_overdue'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export const COMPLAINT_STATUS_LABELS: Record<ComplaintStatus, string> = {
  handling: '办理中',
  awaiting_feedback: '待反馈',
  fed_back: '已反馈',
  feedback_overdue: '反馈逾期',
};

export function complaintStatus(
  c: { handledOn: IsoDate | null; feedbackDue: IsoDate | null; feedbackOn: IsoDate | null },
  today: IsoDate,
): ComplaintStatus {
  if (c.handledOn === null || c.feedbackDue === null) return 'handling';
  if (c.feedbackOn !== null) return 'fed_back';
  return today > c.feedbackDue ? 'feedback_overdue' : 'awaiting_feedback';
}

/** Days past the deadline: on `done` if it was done, else on `today`; 0 when in time. */
export function daysLate(due: IsoDate, done: IsoDate | null, today: IsoDate): number {
  return Math.max(0, calendarDaysBetween(due, done ?? today));
}

/** For an open record: '剩 3 日', '今日到期', '逾期 6 日'. */
export function dueNote(due: IsoDate, today: IsoDate): string {
  const left = calendarDaysBetween(today, due);
  if (left > 0) return `剩 ${left} 日`;
  if (left === 0) return '今日到期';
  return `逾期 ${-left} 日`;
}

// ---------------------------------------------------------------------------------------------------------
// 12345 complaint categories, for the list and the dashboard charts.

export const COMPLAINT_CATEGORIES = [
  'medical_service',
  'aesthetic',
  'charges',
  'ethics',
  'infection_control',
  'other',
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
export const COMPLAINT_CATEGORY_LABELS: Record<ComplaintCategory, string> = {
  medical_service: '医疗服务',
  aesthetic: '医疗美容',
  charges: '收费',
  ethics: '医德医风',
  infection_control: '传染病防控',
  other: '其他',
};
