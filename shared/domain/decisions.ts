// Shared wording for a decision (议定事项) in the follow-up list, its dialog, its print and its Excel export:
// status, lead and partner departments, how far the due date is, and the ordering by urgency.
import type { Decision } from '../contract';
import { calendarDaysBetween, todayIso } from '../dates';
import { formatDateTime } from '../format';

export type DecisionState = 'overdue' | 'open' | 'done';

export const DECISION_STATE_LABELS: Record<DecisionState, string> = {
  overdue: '逾期',
  open: '进行中',
  done: '已办结',
};

export function decisionState(d: Decision): DecisionState {
  if (d.status === 'done') return 'done';
  return d.overdue ? 'overdue' : 'open';
}

export const leadOf = (d: Decision): string => d.departments.find((x) => x.lead)?.shortName ?? '';

export const partnersOf = (d: Decision): string =>
  d.departments
    .filter((x) => !x.lead)
    .map((x) => x.shortName)
    .join('、');

/** "逾期 12 日" for an overdue decision, "还剩 3 日" when due within two weeks, else nothing. */
export function dueNote(d: Decision, today = todayIso()): { text: string; kind: 'overdue' | 'soon' } | null {
  if (d.status === 'done') return null;
  const days = calendarDaysBetween(today, d.dueDate);
  if (d.overdue) return { text: `逾期 ${Math.max(1, -days)} 日`, kind: 'overdue' };
  if (days === 0) return { text: '今天到期', kind: 'soon' };
  if (days <= 14) return { text: `还剩 ${days} 日`, kind: 'soon' };
  return null;
}

/** 2026-12-05 10:46, Beijing time (shared/format). */
export const formatTime = (iso: string): string => formatDateTime(iso);

/** The latest word on a decision: its result once closed, else the newest 督办 update. */
export function latestProgress(d: Decision): string {
  if (d.status === 'done') return `办结：${d.result}`;
  return d.updates.at(-1)?.text ?? '';
}

/** The same with when and by whom, for the tooltip. */
export function latestProgressDetail(d: Decision): string {
  if (d.status === 'done') {
    return `${d.closedAt ? `${formatTime(d.closedAt)} ` : ''}办结：${d.result}`;
  }
  const last = d.updates.at(-1);
  return last ? `${formatTime(last.at)} ${last.author}：${last.text}` : '暂无督办进展';
}

/** Most urgent first: overdue, then open by due date; closed ones last, the most recently closed first. */
export function byUrgency(a: Decision, b: Decision): number {
  const rank = (d: Decision) => (d.status === 'done' ? 2 : d.overdue ? 0 : 1);
  return (
    rank(a) - rank(b) ||
    (a.status === 'done' ? (b.closedAt ?? '').localeCompare(a.closedAt ?? '') : 0) ||
    a.dueDate.localeCompare(b.dueDate) ||
    a.meetingDate.localeCompare(b.meetingDate) ||
    a.seq - b.seq
  );
}

/** "催办 2 次，最近 2026-12-01", or "未催办". */
export function urgingSummary(d: Decision): string {
  const last = d.urgings.at(-1);
  return last ? `催办 ${d.urgings.length} 次，最近 ${last.urgedOn}` : '未催办';
}
