// 依法执业自查 rules, pure (seed 002 §二(一): every institution at least one full self-inspection a year and one
// routine self-inspection a quarter, targeted ones when risks call for it, problems fixed or put under a plan with
// a deadline, the principal's 《医疗机构依法执业承诺书》 each year; seed 000: the district supervises it and builds
// credit records from it). The deadlines come from the year's setup and the working-day calendar; the indicators
// (全面自查覆盖率, 日常自查按时率 per quarter, 问题整改率, 承诺书递交率) are computed the same way by the module,
// the dashboard, the reports and the bench.
import {
  addWorkingDays,
  lastWorkingDayOfQuarter,
  type IsoDate,
  type Quarter,
  type WorkCalendar,
} from '../dates';

export const SELFCHECK_KINDS = ['full', 'routine', 'special'] as const;
export type SelfcheckKind = (typeof SELFCHECK_KINDS)[number];
export const SELFCHECK_KIND_LABELS: Record<SelfcheckKind, string> = {
  full: '全面自查',
  routine: '日常自查',
  special: '专项自查',
};

/** The areas a self-inspection covers (the office's settings list starts from these). */
export const DEFAULT_SELFCHECK_AREAS = [
  '资质',
  '人员',
  '执业行为',
  '医疗技术',
  '药品与器械',
  '医疗文书',
  '院感与传染病防治',
  '放射诊疗',
  '其他',
] as const;

/** A period of the year's work, as stored and as the workbook's hidden key: 'full', 'Q1'…'Q4', 'C<campaign id>'. */
export type PeriodKey = string;

export function periodKeyOf(
  kind: SelfcheckKind,
  quarter: number | null,
  campaignId: number | null,
): PeriodKey {
  if (kind === 'full') return 'full';
  if (kind === 'routine') return `Q${quarter ?? 0}`;
  return `C${campaignId ?? 0}`;
}

export function parsePeriodKey(
  key: string,
): { kind: SelfcheckKind; quarter: Quarter | null; campaignId: number | null } | null {
  if (key === 'full') return { kind: 'full', quarter: null, campaignId: null };
  const q = /^Q([1-4])$/.exec(key);
  if (q) return { kind: 'routine', quarter: Number(q[1]) as Quarter, campaignId: null };
  const c = /^C([1-9]\d{0,8})$/.exec(key);
  if (c) return { kind: 'special', quarter: null, campaignId: Number(c[1]) };
  return null;
}

export const QUARTER_TEXT: Record<Quarter, string> = {
  1: '第一季度',
  2: '第二季度',
  3: '第三季度',
  4: '第四季度',
};

export function periodLabel(key: PeriodKey, campaignTopic?: string): string {
  const p = parsePeriodKey(key);
  if (!p) return key;
  if (p.kind === 'full') return '全面自查';
  if (p.kind === 'routine') return `日常自查（${QUARTER_TEXT[p.quarter!]}）`;
  return `专项自查（${campaignTopic ?? `专项 ${p.campaignId}`}）`;
}

/** Problems found and fixed in one area of a submission. */
export interface AreaCount {
  area: string;
  found: number;
  fixed: number;
}

/** Why a submission's counts do not hold, in Chinese; empty when they do. */
export function areaCountProblems(areas: readonly AreaCount[], known: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const a of areas) {
    if (!known.includes(a.area)) out.push(`检查领域“${a.area}”不在自查领域清单中`);
    if (seen.has(a.area)) out.push(`检查领域“${a.area}”重复`);
    seen.add(a.area);
    if (a.fixed > a.found) out.push(`“${a.area}”的已整改数（${a.fixed}）大于发现问题数（${a.found}）`);
  }
  return out;
}

export const totalFound = (areas: readonly AreaCount[]) => areas.reduce((s, a) => s + a.found, 0);
export const totalFixed = (areas: readonly AreaCount[]) => areas.reduce((s, a) => s + a.fixed, 0);

// ---------------------------------------------------------------------------------------------- deadlines

/** A year's deadlines: the full self-inspection and the 承诺书 on given days; each quarter's routine one N working
 *  days after the quarter's last working day (0: on that day), as the checklist's quarterly reports. */
export interface YearDeadlines {
  full: IsoDate;
  pledge: IsoDate;
  routineWorkingDaysAfter: number;
}

export function routineDeadline(
  cal: WorkCalendar,
  year: number,
  quarter: Quarter,
  afterDays: number,
): IsoDate {
  const last = lastWorkingDayOfQuarter(cal, year, quarter);
  return afterDays > 0 ? addWorkingDays(cal, last, afterDays) : last;
}

/** The defaults a new year starts from: the full self-inspection by the last working day of the year (seed 000:
 *  by the end of each year), the 承诺书 by the last working day of the first quarter, routine ones by the last
 *  working day of each quarter. */
export function defaultDeadlines(cal: WorkCalendar, year: number): YearDeadlines {
  return {
    full: lastWorkingDayOfQuarter(cal, year, 4),
    pledge: lastWorkingDayOfQuarter(cal, year, 1),
    routineWorkingDaysAfter: 0,
  };
}

export function deadlineRuleText(afterDays: number): string {
  return afterDays > 0 ? `季度最后一个工作日后 ${afterDays} 个工作日内` : '每季度最后一个工作日前';
}

/** On time: submitted on or before the deadline. */
export const onTime = (submittedOn: IsoDate, deadline: IsoDate): boolean => submittedOn <= deadline;

// ---------------------------------------------------------------------------------------------- indicators

/** What the indicators are computed from: per institution in scope, its submission days by period and its
 *  承诺书 day. Everything is read "as of" a day: later records do not count. */
export interface IndicatorInput {
  asOf: IsoDate;
  deadlines: { full: IsoDate; pledge: IsoDate; routine: Record<Quarter, IsoDate> };
  /** Institution ids in scope. */
  scope: readonly number[];
  /** Submissions of the year (all kinds). */
  submissions: readonly {
    institutionId: number;
    periodKey: PeriodKey;
    submittedOn: IsoDate;
    found: number;
    fixed: number;
  }[];
  pledges: readonly { institutionId: number; submittedOn: IsoDate }[];
}

export interface QuarterRate {
  quarter: Quarter;
  deadline: IsoDate;
  /** The deadline has passed by asOf (the rate counts only then; before, it is shown as pending). */
  due: boolean;
  submitted: number;
  onTime: number;
  /** onTime / scope, % with one decimal; null when nothing is in scope. */
  rate: number | null;
}

export interface SelfcheckIndicators {
  scope: number;
  fullDone: number;
  fullOnTime: number;
  /** 全面自查覆盖率: institutions with a full self-inspection / in scope. */
  fullCoverage: number | null;
  quarters: QuarterRate[];
  found: number;
  fixed: number;
  /** 问题整改率: fixed / found (null when nothing was found). */
  fixRate: number | null;
  pledges: number;
  /** 承诺书递交率. */
  pledgeRate: number | null;
}

export function pct(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

export function computeIndicators(x: IndicatorInput): SelfcheckIndicators {
  const inScope = new Set(x.scope);
  const firstBy = new Map<string, IsoDate>();
  let found = 0;
  let fixed = 0;
  for (const s of x.submissions) {
    if (!inScope.has(s.institutionId) || s.submittedOn > x.asOf) continue;
    const k = `${s.institutionId}:${s.periodKey}`;
    const before = firstBy.get(k);
    if (before === undefined || s.submittedOn < before) firstBy.set(k, s.submittedOn);
    found += s.found;
    fixed += s.fixed;
  }
  let fullDone = 0;
  let fullOnTime = 0;
  const q = { 1: [0, 0], 2: [0, 0], 3: [0, 0], 4: [0, 0] } as Record<Quarter, [number, number]>;
  for (const id of inScope) {
    const full = firstBy.get(`${id}:full`);
    if (full !== undefined) {
      fullDone++;
      if (onTime(full, x.deadlines.full)) fullOnTime++;
    }
    for (const quarter of [1, 2, 3, 4] as Quarter[]) {
      const d = firstBy.get(`${id}:Q${quarter}`);
      if (d === undefined) continue;
      q[quarter][0]++;
      if (onTime(d, x.deadlines.routine[quarter])) q[quarter][1]++;
    }
  }
  const pledged = new Set(
    x.pledges
      .filter((p) => inScope.has(p.institutionId) && p.submittedOn <= x.asOf)
      .map((p) => p.institutionId),
  );
  const scope = inScope.size;
  return {
    scope,
    fullDone,
    fullOnTime,
    fullCoverage: pct(fullDone, scope),
    quarters: ([1, 2, 3, 4] as Quarter[]).map((quarter) => ({
      quarter,
      deadline: x.deadlines.routine[quarter],
      due: x.deadlines.routine[quarter] < x.asOf,
      submitted: q[quarter][0],
      onTime: q[quarter][1],
      rate: pct(q[quarter][1], scope),
    })),
    found,
    fixed,
    fixRate: pct(fixed, found),
    pledges: pledged.size,
    pledgeRate: pct(pledged.size, scope),
  };
}

// ---------------------------------------------------------------------------------------------- 督导检查

/** What the inspectors found in one area against what the institution reported. */
export interface SupervisionFinding {
  area: string;
  /** Problems the inspectors found that the self-inspection did not report. */
  notReported: number;
  /** Problems reported as fixed that were not. */
  fixedButNot: number;
  note: string;
}

/** 不实: something reported fixed was not, or something present was not reported. */
export function isUntrue(findings: readonly SupervisionFinding[]): boolean {
  return findings.some((f) => f.notReported > 0 || f.fixedButNot > 0);
}

/** Findings that contradict the submission itself (more "fixed but not" than it reported fixed). */
export function supervisionProblems(
  findings: readonly SupervisionFinding[],
  reported: readonly AreaCount[],
): string[] {
  const out: string[] = [];
  for (const f of findings) {
    const r = reported.find((a) => a.area === f.area);
    const fixed = r?.fixed ?? 0;
    if (f.fixedButNot > fixed)
      out.push(
        `“${f.area}”：报告已整改 ${fixed} 个，“报告已整改但未整改”不能多于此数（填写了 ${f.fixedButNot} 个）`,
      );
  }
  return out;
}

export function supervisionSummary(findings: readonly SupervisionFinding[]): string {
  const parts = findings
    .filter((f) => f.notReported > 0 || f.fixedButNot > 0)
    .map(
      (f) =>
        `${f.area}：${[f.notReported ? `未报告问题 ${f.notReported} 个` : '', f.fixedButNot ? `报告已整改但未整改 ${f.fixedButNot} 个` : ''].filter(Boolean).join('，')}`,
    );
  return parts.length ? `自查不实（${parts.join('；')}）` : '自查情况属实';
}

// ---------------------------------------------------------------------------------------------- 告诫谈话

export const TALK_SUBJECT_KINDS = ['institution', 'practitioner'] as const;
export const TALK_REASON_KINDS = ['warning', 'inspection', 'complaint', 'selfcheck', 'other'] as const;
export type TalkReasonKind = (typeof TALK_REASON_KINDS)[number];
export const TALK_REASON_LABELS: Record<TalkReasonKind, string> = {
  warning: '记分预警',
  inspection: '监督检查结果',
  complaint: '投诉查实',
  selfcheck: '自查督导（不实）',
  other: '其他',
};
