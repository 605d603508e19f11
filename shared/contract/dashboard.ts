// 工作台: one list of what is due and overdue across the modules, the year's obligations as indicators, and the
// figures behind the charts. Everything is computed from the records with the shared date functions; nothing here
// is stored.
import { z } from 'zod';
import { can, query, result } from './define';
import { id, pageInput, type PageOf } from './common';

export const DUE_KINDS = [
  'referral_reply',
  'complaint_feedback',
  'decision',
  'checklist_report',
  'credit_notice',
  'rectification',
  'publication',
  'report_submission',
  'disclosure_end',
  'selfcheck',
  'selfcheck_pledge',
] as const;
export type DueKind = (typeof DUE_KINDS)[number];
export const DUE_KIND_LABELS: Record<DueKind, string> = {
  referral_reply: '转报书面回复',
  complaint_feedback: '12345 投诉反馈',
  decision: '议定事项督办',
  checklist_report: '任务清单季度报告',
  credit_notice: '记分通知书送达',
  rectification: '责令整改复查',
  publication: '抽查结果公开',
  report_submission: '报告上报',
  disclosure_end: '信用公示期满',
  selfcheck: '依法执业自查',
  selfcheck_pledge: '依法执业承诺书',
};

/** overdue: the due day has passed; today; week: within the next 7 days; later: further ahead. */
export const URGENCIES = ['overdue', 'today', 'week', 'later'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const URGENCY_LABELS: Record<Urgency, string> = {
  overdue: '已逾期',
  today: '今日到期',
  week: '本周内',
  later: '稍后',
};

export interface DueItem {
  /** Unique across kinds, e.g. 'referral:12'. */
  key: string;
  kind: DueKind;
  title: string;
  detail: string;
  dueOn: string;
  /** Days from today to the due day: negative when overdue. Working or calendar days as the rule counts. */
  daysLeft: number;
  urgency: Urgency;
  departments: { id: number; name: string }[];
  /** Who recorded the matter (经办人), from the audit trail, when known. */
  person: string | null;
  /** The route that opens the record. */
  link: string;
  /** The rule and its source, shown beside the deadline. */
  rule: string;
}

export interface Obligation {
  key: string;
  label: string;
  actual: number;
  /** The required figure (e.g. ≥ 1 a year), or null for a rate shown without a minimum. */
  required: number | null;
  unit: string;
  status: 'met' | 'behind' | 'pending';
  note: string;
  link: string;
}

export interface ChartSeries {
  key: string;
  label: string;
  data: number[];
}

export interface DashboardCharts {
  checklistByDepartment: {
    year: number;
    quarter: number;
    departments: string[];
    series: ChartSeries[];
  } | null;
  inspectionsByMonth: { months: string[]; series: ChartSeries[] } | null;
  complaintsByCategory: { key: string; label: string; count: number }[];
  tierDistribution: { key: string; label: string; count: number }[];
  thresholdCrossings: { key: string; label: string; count: number }[];
  /** This year's 双随机抽查 work by department, item, institution category and street (null when nothing is recorded
   *  yet). */
  spotcheckCounts: {
    /** 检查户次, 发现问题户次, 立案数 of the year (an institution inspected jointly counts once). */
    total: { inspected: number; problems: number; cases: number };
    byDepartment: { label: string; inspected: number; problems: number; cases: number }[];
    byItem: { label: string; inspected: number; problems: number; problemRate: number | null }[];
    byCategory: { label: string; inspected: number; problems: number; cases: number }[];
    byStreet: { label: string; inspected: number; problems: number; cases: number }[];
  } | null;
}

/** One kind of deadline on the 工作台: how many are open (by urgency) and the most urgent of them. */
export interface DueGroup {
  kind: DueKind;
  label: string;
  total: number;
  overdue: number;
  today: number;
  week: number;
  later: number;
  /** Days the longest-overdue item is late (0 when none is overdue). */
  longestLate: number;
}

/** How many of each group's most urgent items dashboard.data carries; the rest come from dashboard.due. */
export const DUE_GROUP_FIRST = 20;

export const DUE_SCOPES = ['soon', 'overdue', 'today', 'week', 'all'] as const;
export type DueScope = (typeof DUE_SCOPES)[number];

export interface DashboardData {
  today: string;
  year: number;
  /** The first DUE_GROUP_FIRST items of each group (most urgent first), all groups together in list order. */
  dueItems: DueItem[];
  /** Every open item counted, by kind, in list order (kinds with none are left out). */
  groups: DueGroup[];
  /** Every open item counted by urgency. */
  totals: Record<Urgency, number>;
  /** The departments and people the open items name (the filters' choices). */
  departments: { id: number; name: string }[];
  people: string[];
  obligations: Obligation[];
  charts: DashboardCharts;
  /** The kinds of deadline the list covers, in list order (the category filter's choices). */
  sources: { kind: DueKind; label: string }[];
}

export const dashboardContract = {
  'dashboard.data': query(z.object({}), result<DashboardData>(), can('read')),
  /** A block of the whole list of due items, most urgent first, filtered as the 工作台's toolbar filters. */
  'dashboard.due': query(
    pageInput(
      {
        scope: z.enum(DUE_SCOPES).default('all'),
        kind: z.enum(DUE_KINDS).optional(),
        departmentId: id.optional(),
        person: z.string().trim().max(60).optional(),
      },
      ['dueOn'] as const,
    ),
    result<PageOf<DueItem>>(),
    can('read'),
  ),
};
