// 报告上报, pure: the periods a report covers ('2026Q3' or '2026'), when each is due (seed 000 §三: the quarterly
// stage summary on the quarter's last working day; yearly reports by the office's rule, the year's last working
// day by default), the due status shown in the list, the narrative the office writes (headings 一、（一）1. and
// paragraphs, with one block standing for the computed figures), and each type's default outline. The same code
// runs in the main process (handlers, signing) and the renderer (editor, preview).
import {
  addWorkingDays,
  lastWorkingDayOfQuarter,
  quarterEnd,
  workingDaysBetween,
  type IsoDate,
  type Quarter,
  type WorkCalendar,
} from '../dates';
import { REPORT_TYPE_LABELS, type ReportType } from './report-package';

export { REPORT_TYPES, REPORT_TYPE_LABELS, type ReportType } from './report-package';

// ------------------------------------------------------------------------------------------------- periods

export type PeriodKind = 'quarter' | 'year';

/** Which periods each type is made for: the stage summary per quarter, the yearly reports per year, the three
 *  statistics either way. */
export const REPORT_PERIOD_KINDS: Record<ReportType, readonly PeriodKind[]> = {
  quarterly: ['quarter'],
  annual: ['year'],
  assessment: ['year'],
  checklist: ['quarter', 'year'],
  enforcement: ['quarter', 'year'],
  credit: ['quarter', 'year'],
};

export interface ReportPeriod {
  /** '2026Q3' or '2026'. */
  code: string;
  kind: PeriodKind;
  year: number;
  quarter: Quarter | null;
  start: IsoDate;
  /** Last day, inclusive. */
  end: IsoDate;
  /** 2026年第三季度 / 2026年度 */
  label: string;
}

const QUARTER_NAMES = ['', '一', '二', '三', '四'] as const;

/** Parses '2026Q3' or '2026'; null for anything else. */
export function parsePeriod(code: string): ReportPeriod | null {
  const m = /^(\d{4})(?:Q([1-4]))?$/.exec(code.trim());
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 2000 || year > 2099) return null;
  if (m[2] === undefined) {
    return {
      code: String(year),
      kind: 'year',
      year,
      quarter: null,
      start: `${year}-01-01`,
      end: `${year}-12-31`,
      label: `${year}年度`,
    };
  }
  const quarter = Number(m[2]) as Quarter;
  const month = (quarter - 1) * 3 + 1;
  return {
    code: `${year}Q${quarter}`,
    kind: 'quarter',
    year,
    quarter,
    start: `${year}-${String(month).padStart(2, '0')}-01`,
    end: quarterEnd(year, quarter),
    label: `${year}年第${QUARTER_NAMES[quarter]}季度`,
  };
}

export function periodProblem(type: ReportType, code: string): string | null {
  const p = parsePeriod(code);
  if (!p) return '报告期应为“2026Q3”（季度）或“2026”（年度），年份在 2000–2099 之间';
  if (!REPORT_PERIOD_KINDS[type].includes(p.kind))
    return `${REPORT_TYPE_LABELS[type]}按${REPORT_PERIOD_KINDS[type].map((k) => (k === 'quarter' ? '季度' : '年度')).join('或')}编制`;
  return null;
}

export function requirePeriod(code: string): ReportPeriod {
  const p = parsePeriod(code);
  if (!p) throw new RangeError(`invalid report period ${code}`);
  return p;
}

/** The quarter a date falls in, as a period code. */
export function quarterCodeOf(date: IsoDate): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return `${y}Q${Math.floor((m - 1) / 3) + 1}`;
}

/** The period before this one of the same kind ('2026Q1' → '2025Q4', '2026' → '2025'). */
export function previousPeriod(code: string): string {
  const p = requirePeriod(code);
  if (p.kind === 'year') return String(p.year - 1);
  return p.quarter === 1 ? `${p.year - 1}Q4` : `${p.year}Q${p.quarter! - 1}`;
}

// ------------------------------------------------------------------------------------------------- due dates

/** When a period's reports are due: its last working day (default), or N working days after it ends. */
export type DueRule = { rule: 'lastWorkingDay' } | { rule: 'workingDaysAfter'; days: number };

export interface ReportDueRules {
  quarter: DueRule;
  year: DueRule;
}

export const DEFAULT_DUE_RULES: ReportDueRules = {
  quarter: { rule: 'lastWorkingDay' },
  year: { rule: 'lastWorkingDay' },
};

/** '季度最后一个工作日' / '年度结束后第 10 个工作日' */
export function dueRuleText(kind: PeriodKind, rule: DueRule): string {
  const unit = kind === 'quarter' ? '季度' : '年度';
  return rule.rule === 'lastWorkingDay' ? `${unit}最后一个工作日` : `${unit}结束后第 ${rule.days} 个工作日`;
}

/** The last working day on or before the year's last day (a 调休 Saturday counts, a holiday does not). */
export function lastWorkingDayOfYear(cal: WorkCalendar, year: number): IsoDate {
  return lastWorkingDayOfQuarter(cal, year, 4);
}

export function periodDueOn(cal: WorkCalendar, period: ReportPeriod, rules: ReportDueRules): IsoDate {
  const rule = rules[period.kind];
  if (rule.rule === 'workingDaysAfter') return addWorkingDays(cal, period.end, rule.days);
  return period.kind === 'quarter'
    ? lastWorkingDayOfQuarter(cal, period.year, period.quarter!)
    : lastWorkingDayOfYear(cal, period.year);
}

export const DUE_STATUSES = ['not_due', 'due_soon', 'overdue', 'submitted'] as const;
export type DueStatus = (typeof DUE_STATUSES)[number];
export const DUE_STATUS_LABELS: Record<DueStatus, string> = {
  not_due: '未到期',
  due_soon: '即将到期',
  overdue: '已逾期',
  submitted: '已上报',
};
/** 即将到期: this many working days or fewer before the due date (the due date itself included). */
export const DUE_SOON_WORKING_DAYS = 5;

export function dueStatus(
  cal: WorkCalendar,
  dueOn: IsoDate,
  today: IsoDate,
  submittedOn: IsoDate | null,
): DueStatus {
  if (submittedOn) return 'submitted';
  if (today > dueOn) return 'overdue';
  return workingDaysBetween(cal, today, dueOn) < DUE_SOON_WORKING_DAYS ? 'due_soon' : 'not_due';
}

// ------------------------------------------------------------------------------------------------- narrative

/** What the office writes: headings (numbered by the renderers), paragraphs, and exactly one `data` block where
 *  the computed figures and tables are placed. */
export type NarrativeBlock =
  { type: 'h1' | 'h2' | 'h3'; text: string } | { type: 'p'; text: string } | { type: 'data' };

export const NARRATIVE_BLOCK_LABELS: Record<NarrativeBlock['type'], string> = {
  h1: '一级标题（一、）',
  h2: '二级标题（（一））',
  h3: '三级标题（1.）',
  p: '段落',
  data: '自动生成的数据',
};

/** Marks a section the office left empty, in the signed document and the CLI's output. */
export const EMPTY_SECTION_TEXT = '（本节未填写）';

const h1 = (text: string): NarrativeBlock => ({ type: 'h1', text });
const h2 = (text: string): NarrativeBlock => ({ type: 'h2', text });
const p = (): NarrativeBlock => ({ type: 'p', text: '' });
const data: NarrativeBlock = { type: 'data' };

/** The outline a new report starts from; the office writes into it, adds and removes sections. */
export function defaultOutline(type: ReportType): NarrativeBlock[] {
  switch (type) {
    case 'quarterly':
      return [
        h1('基本情况'),
        data,
        p(),
        h1('主要做法和成效'),
        h2('联席会议与议定事项督办'),
        p(),
        h2('部门职责任务清单落实'),
        p(),
        h2('联合执法与投诉转报办理'),
        p(),
        h2('信用监管'),
        p(),
        h1('工作亮点'),
        p(),
        h1('存在的问题'),
        p(),
        h1('下一阶段工作计划'),
        p(),
      ];
    case 'annual':
      return [
        h1('总体情况'),
        data,
        p(),
        h1('主要工作和成效'),
        h2('健全综合监管协调机制'),
        p(),
        h2('落实部门职责任务清单'),
        p(),
        h2('开展联合执法和“双随机、一公开”抽查'),
        p(),
        h2('推进信用监管'),
        p(),
        h1('存在的问题和不足'),
        p(),
        h1('下一年度工作思路'),
        p(),
      ];
    case 'assessment':
      return [
        h1('评估范围和方法'),
        p(),
        h1('综合监管结果'),
        data,
        p(),
        h1('结果运用情况'),
        h2('与校验、等级评审挂钩情况'),
        p(),
        h2('与医保定点协议管理、财政投入挂钩情况'),
        p(),
        h2('与评先评优、人员考核挂钩情况'),
        p(),
        h1('存在的问题和改进建议'),
        p(),
      ];
    case 'checklist':
      return [h1('落实情况'), data, p(), h1('需要协调解决的问题'), p()];
    case 'enforcement':
      return [h1('统计情况'), data, p(), h1('情况说明'), p()];
    case 'credit':
      return [h1('统计情况'), data, p(), h1('情况说明'), p()];
  }
}

/** The sections (headings) with nothing under them before the next heading of the same or a higher level: they
 *  are printed with EMPTY_SECTION_TEXT. A subsection with content fills its parent. */
export function emptySections(blocks: readonly NarrativeBlock[]): number[] {
  const level = (b: NarrativeBlock) => (b.type === 'h1' ? 1 : b.type === 'h2' ? 2 : b.type === 'h3' ? 3 : 0);
  const hasContent = (b: NarrativeBlock) => b.type === 'data' || (b.type === 'p' && b.text.trim() !== '');
  const out: number[] = [];
  blocks.forEach((b, i) => {
    const l = level(b);
    if (l === 0) return;
    for (let j = i + 1; j < blocks.length; j++) {
      const n = blocks[j]!;
      const nl = level(n);
      if (nl !== 0 && nl <= l) break;
      if (nl !== 0) continue; // a subsection: its own content decides
      if (hasContent(n)) return;
    }
    // Only leaf-most: a heading whose subsections are all empty is not itself marked (they are).
    const next = blocks[i + 1];
    if (next && level(next) > l) return;
    out.push(i);
  });
  return out;
}

/** The narrative as it is printed: blank paragraphs dropped, each empty section marked. */
export function printedNarrative(blocks: readonly NarrativeBlock[]): NarrativeBlock[] {
  const empty = new Set(emptySections(blocks));
  const out: NarrativeBlock[] = [];
  blocks.forEach((b, i) => {
    if (b.type === 'p' && b.text.trim() === '') return;
    out.push(b.type === 'data' ? b : { ...b, text: b.text.trim() });
    if (empty.has(i)) out.push({ type: 'p', text: EMPTY_SECTION_TEXT });
  });
  return out;
}

/** The title a new report gets: 绍兴市越城区卫生健康局2026年第三季度医疗卫生行业综合监管阶段性工作总结. */
export function defaultReportTitle(type: ReportType, period: ReportPeriod, office: string): string {
  const what: Record<ReportType, string> = {
    quarterly: '医疗卫生行业综合监管阶段性工作总结',
    annual: '医疗卫生行业综合监管工作总结',
    assessment: '医疗卫生行业综合监管结果评估报告',
    checklist: '综合监管部门职责任务清单落实情况',
    enforcement: '联合执法情况统计',
    credit: '信用监管情况统计',
  };
  return `${office}${period.label}${what[type]}`;
}

export const DEFAULT_ADDRESSEE = '市卫生健康委';

// ------------------------------------------------------------------------------------------------- submissions

export const SUBMISSION_METHODS = ['usb', 'mail', 'other'] as const;
export type SubmissionMethod = (typeof SUBMISSION_METHODS)[number];
export const SUBMISSION_METHOD_LABELS: Record<SubmissionMethod, string> = {
  usb: 'U盘',
  mail: '内部邮件',
  other: '其他',
};

export const REPORT_STATUSES = ['draft', 'signed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = { draft: '草稿', signed: '已签发' };

/** 第2版（更正版） */
export function versionLabel(version: number): string {
  return version > 1 ? `第${version}版（更正版）` : '第1版';
}
