// 信用台账 rules, pure: the vocabulary of ledger entries, which entries a 更正 neutralises, the demerit cycle a
// date falls in (校验期 restarted by a passed 校验, or calendar periods), the points of a cycle and the thresholds
// they reach, the credit tier with its reasons, and the 记分通知书 deadline. The numbers are data
// (credit-rules-data.ts); docs/credit-ledger.md states the rules in words. The same code runs in the main process
// (which stores the results) and the renderer (which draws the gauge).
import { addCalendarDays, parseIsoDate, workingDayDeadline, type WorkCalendar } from '../dates';
import { CREDIT_TIERS, type CreditTier } from './institutions';
import { LISTING_OUTCOMES, isListingOutcome } from './credit-lists';
import {
  DEFAULT_TIER_RULE,
  INSTITUTION_CALENDAR_ANCHOR_YEAR,
  INSTITUTION_RULES,
  INSTITUTION_THRESHOLDS,
  PRACTITIONER_RULES,
} from './credit-rules-data';

export const CREDIT_SUBJECT_KINDS = ['institution', 'practitioner'] as const;
export type CreditSubjectKind = (typeof CREDIT_SUBJECT_KINDS)[number];
export const CREDIT_SUBJECT_KIND_LABELS: Record<CreditSubjectKind, string> = {
  institution: '医疗机构',
  practitioner: '医务人员',
};

export const CREDIT_ENTRY_TYPES = [
  'self_inspection',
  'evaluation',
  'verification',
  'inspection',
  'complaint',
  'penalty',
  'demerit',
  'commendation',
  'commitment',
  'repair',
  'correction',
] as const;
export type CreditEntryType = (typeof CREDIT_ENTRY_TYPES)[number];
export const CREDIT_ENTRY_TYPE_LABELS: Record<CreditEntryType, string> = {
  self_inspection: '依法执业自查结果',
  evaluation: '信用评价结果',
  verification: '校验结果',
  inspection: '监督检查结果',
  complaint: '投诉查实',
  penalty: '行政处罚',
  demerit: '不良执业行为记分',
  commendation: '表彰奖励',
  commitment: '信用承诺',
  repair: '信用修复',
  correction: '更正',
};
/** What staff record directly; a 更正 is made from the entry it corrects, and a 信用修复 only by approving a repair
 *  application (credit-lists). */
export const RECORDABLE_ENTRY_TYPES = CREDIT_ENTRY_TYPES.filter(
  (t): t is Exclude<CreditEntryType, 'correction' | 'repair'> => t !== 'correction' && t !== 'repair',
);
export type RecordableEntryType = Exclude<CreditEntryType, 'correction' | 'repair'>;

/** The result an entry of these types records (stored as the code). */
export const CREDIT_OUTCOMES: Partial<Record<CreditEntryType, Record<string, string>>> = {
  self_inspection: { compliant: '未发现问题', issues: '发现问题', missing: '未按期自查', untrue: '自查不实' },
  evaluation: { A: 'A 级', B: 'B 级', C: 'C 级', D: 'D 级' },
  verification: { passed: '通过', deferred: '暂缓校验', failed: '不予校验' },
  inspection: { qualified: '合格', rectify: '责令整改', unqualified: '不合格' },
  penalty: { general: '警告、罚款等', serious: '暂扣、吊销证照或责令停止执业活动' },
};

export function outcomeLabel(type: CreditEntryType, outcome: string | null): string {
  if (outcome === null) return '';
  if (type === 'evaluation' && isListingOutcome(outcome)) return LISTING_OUTCOMES[outcome];
  if (type === 'evaluation' && outcome === WARNING_TALK_OUTCOME) return '执业告诫谈话';
  return CREDIT_OUTCOMES[type]?.[outcome] ?? outcome;
}

/** A 执业告诫谈话 (seed 004) is recorded as a 信用评价结果 with this result code, as a 红黑名单 listing decision is:
 *  neither a grade nor a deduction, but on the subject's record (docs/credit-ledger.md). */
export const WARNING_TALK_OUTCOME = 'warning_talk';

/** A 信用评价结果 that grades the subject (A–D), as opposed to a 红黑名单 listing decision recorded as one. */
export function isGradeEvaluation(e: { type: CreditEntryType; outcome: string | null }): boolean {
  return e.type === 'evaluation' && e.outcome !== null && e.outcome in CREDIT_OUTCOMES.evaluation!;
}

/** 校验 is an institution's licence check; practitioners have none. */
export function entryTypeAllowed(kind: CreditSubjectKind, type: CreditEntryType): boolean {
  return !(type === 'verification' && kind === 'practitioner');
}

export const CREDIT_SOURCE_KINDS = [
  'inspection',
  'complaint',
  'referral',
  'case',
  'self_inspection',
  'warning_talk',
  'other',
] as const;
export type CreditSourceKind = (typeof CREDIT_SOURCE_KINDS)[number];
export const CREDIT_SOURCE_KIND_LABELS: Record<CreditSourceKind, string> = {
  inspection: '监督检查记录',
  complaint: '投诉举报',
  referral: '转报',
  case: '行政处罚案件',
  self_inspection: '依法执业自查',
  warning_talk: '告诫谈话',
  other: '其他',
};

// ---------------------------------------------------------------------------------------------- rule sets

export interface DemeritThreshold {
  points: number;
  /** What reaching it calls for, in the office's words. */
  actions: string[];
  /** While the cycle's points stand at or above it, the tier is at best this. */
  tierCap: CreditTier;
}

export type CycleRule =
  /** The 校验期: restarts on the date of each passed 校验; before the first, calendar periods from anchorYear. */
  | { type: 'verification'; years: number; anchorYear: number }
  /** Calendar periods of `years` years counted from 1 January of anchorYear (2024–2025, 2026–2027, …). */
  | { type: 'calendar'; years: number; anchorYear: number };

export interface DemeritRuleSet {
  kind: CreditSubjectKind;
  title: string;
  source: string;
  /** The point values a behaviour may carry. */
  pointValues: number[];
  cycle: CycleRule;
  /** Ascending. */
  thresholds: DemeritThreshold[];
  /** 记分通知书: delivered within this many working days of confirming the facts (广东). */
  noticeWorkingDays: number;
  /** 陈述申辩: the subject may answer within this many working days of receiving the notice. */
  statementWorkingDays: number;
}

export interface TierRule {
  /** Every rated subject starts here (A). */
  start: number;
  /** Lowest score of A, B and C; below C is D. */
  bands: { A: number; B: number; C: number };
  deductions: {
    penaltyGeneral: number;
    penaltySerious: number;
    complaint: number;
    inspectionRectify: number;
    inspectionUnqualified: number;
    selfInspectionIssues: number;
    /** A full self-inspection not done by its deadline (登记未自查). */
    selfInspectionMissing: number;
    /** A self-inspection found 不实 by a 督导检查. */
    selfInspectionUntrue: number;
    verificationDeferred: number;
    verificationFailed: number;
    evaluationB: number;
    evaluationC: number;
    evaluationD: number;
    /** Per point of the current cycle. */
    perDemeritPoint: number;
  };
  bonuses: { commendation: number; commendationCap: number; repair: number; repairCap: number };
}

export interface CreditRuleOptions {
  /** The institution 校验期: 1 year (default) or 3 years. */
  institutionCycleYears: 1 | 3;
  tier: TierRule;
}

export interface CreditRules {
  institution: DemeritRuleSet;
  practitioner: DemeritRuleSet;
  tier: TierRule;
}

export interface CreditBehaviourSeed {
  kind: CreditSubjectKind;
  code: string;
  name: string;
  points: number;
  basis: string;
}

export const DEFAULT_RULE_OPTIONS: CreditRuleOptions = { institutionCycleYears: 1, tier: DEFAULT_TIER_RULE };

export function resolveRules(options: CreditRuleOptions): CreditRules {
  const years = options.institutionCycleYears;
  return {
    institution: {
      ...INSTITUTION_RULES,
      cycle: { type: 'verification', years, anchorYear: INSTITUTION_CALENDAR_ANCHOR_YEAR },
      thresholds: INSTITUTION_THRESHOLDS[years],
    },
    practitioner: PRACTITIONER_RULES,
    tier: options.tier,
  };
}

/** A tier rule is usable when its bands descend and no number is negative. */
export function tierRuleProblem(t: TierRule): string | null {
  const numbers = [
    t.start,
    ...Object.values(t.bands),
    ...Object.values(t.deductions),
    ...Object.values(t.bonuses),
  ];
  if (numbers.some((n) => !Number.isInteger(n) || n < 0)) return '信用分规则中的数值应为非负整数';
  if (!(t.start >= t.bands.A && t.bands.A > t.bands.B && t.bands.B > t.bands.C && t.bands.C > 0))
    return '等级分数线应满足：起始分 ≥ A ≥ … 且 A > B > C > 0';
  return null;
}

// ---------------------------------------------------------------------------------------------- the ledger

/** The fields of a ledger entry that the rules read. */
export interface LedgerFact {
  seq: number;
  type: CreditEntryType;
  factDate: string;
  outcome: string | null;
  points: number | null;
  amendsSeq: number | null;
}

/** Entry → the 更正 that neutralised it. */
export function correctionsOf(entries: readonly LedgerFact[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const e of entries) if (e.type === 'correction' && e.amendsSeq !== null) out.set(e.amendsSeq, e.seq);
  return out;
}

/** The entries that count: neither a 更正 nor neutralised by one. */
export function liveFacts<T extends LedgerFact>(entries: readonly T[]): T[] {
  const corrected = correctionsOf(entries);
  return entries.filter((e) => e.type !== 'correction' && !corrected.has(e.seq));
}

// ---------------------------------------------------------------------------------------------- cycles

/** [start, end): end is the first day of the next cycle. */
export interface Cycle {
  start: string;
  end: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The same day n years later (29 February becomes 28 February in a common year). */
export function addYears(date: string, n: number): string {
  const { year, month, day } = parseIsoDate(date);
  const y = year + n;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const d = month === 2 && day === 29 && !leap ? 28 : day;
  return `${pad(y, 4)}-${pad(month)}-${pad(d)}`;
}

export function cycleLastDay(c: Cycle): string {
  return addCalendarDays(c.end, -1);
}

function calendarPeriod(anchorYear: number, years: number, date: string): Cycle {
  const { year } = parseIsoDate(date);
  const first = anchorYear + Math.floor((year - anchorYear) / years) * years;
  return { start: `${pad(first, 4)}-01-01`, end: `${pad(first + years, 4)}-01-01` };
}

/** Dates of the passed 校验 that restart an institution's cycle, ascending and distinct. */
export function verificationAnchors(live: readonly LedgerFact[]): string[] {
  return [
    ...new Set(
      live.filter((e) => e.type === 'verification' && e.outcome === 'passed').map((e) => e.factDate),
    ),
  ].sort();
}

/** The cycle `date` falls in. */
export function cycleAt(rule: DemeritRuleSet, anchors: readonly string[], date: string): Cycle {
  const { cycle } = rule;
  if (cycle.type === 'calendar') return calendarPeriod(cycle.anchorYear, cycle.years, date);
  let prev: string | null = null;
  let next: string | null = null;
  for (const a of anchors) {
    if (a <= date) prev = a;
    else {
      next = a;
      break;
    }
  }
  let c: Cycle;
  if (prev) {
    // Consecutive 校验期 from the last pass, should the next 校验 not have been recorded in time.
    let start = prev;
    let k = 1;
    while (addYears(prev, k * cycle.years) <= date) {
      start = addYears(prev, k * cycle.years);
      k++;
    }
    c = { start, end: addYears(start, cycle.years) };
  } else c = calendarPeriod(cycle.anchorYear, cycle.years, date);
  if (next && next < c.end) c = { start: c.start, end: next };
  return c;
}

export interface CycleTotal {
  cycle: Cycle;
  points: number;
  /** The demerit entries counted, in ledger order. */
  seqs: number[];
}

/** Points per cycle (keyed by its first day), from the entries that count. */
export function cycleTotals(rule: DemeritRuleSet, live: readonly LedgerFact[]): Map<string, CycleTotal> {
  const anchors = rule.cycle.type === 'verification' ? verificationAnchors(live) : [];
  const out = new Map<string, CycleTotal>();
  for (const e of live) {
    if (e.type !== 'demerit' || !e.points) continue;
    const cycle = cycleAt(rule, anchors, e.factDate);
    const t = out.get(cycle.start) ?? { cycle, points: 0, seqs: [] };
    t.points += e.points;
    t.seqs.push(e.seq);
    out.set(cycle.start, t);
  }
  return out;
}

export function currentCycle(rule: DemeritRuleSet, live: readonly LedgerFact[], today: string): CycleTotal {
  const anchors = rule.cycle.type === 'verification' ? verificationAnchors(live) : [];
  const cycle = cycleAt(rule, anchors, today);
  return cycleTotals(rule, live).get(cycle.start) ?? { cycle, points: 0, seqs: [] };
}

export function reachedThresholds(rule: DemeritRuleSet, points: number): DemeritThreshold[] {
  return rule.thresholds.filter((t) => points >= t.points);
}

// ---------------------------------------------------------------------------------------------- tier

export interface TierReason {
  /** The entry behind it; null for the cycle's points and caps. */
  seq: number | null;
  kind: 'deduction' | 'bonus' | 'points' | 'cap';
  delta: number;
  text: string;
}

export interface TierResult {
  tier: CreditTier | null;
  score: number | null;
  reasons: TierReason[];
  /** “C：行政处罚 2026-03-04（−10），本周期记分 14（−14）” */
  summary: string;
  cycle: CycleTotal;
}

const minus = (n: number) => `−${n}`;

function deductionOf(t: TierRule, e: LedgerFact): number {
  const d = t.deductions;
  switch (e.type) {
    case 'penalty':
      return e.outcome === 'serious' ? d.penaltySerious : d.penaltyGeneral;
    case 'complaint':
      return d.complaint;
    case 'inspection':
      return e.outcome === 'unqualified'
        ? d.inspectionUnqualified
        : e.outcome === 'rectify'
          ? d.inspectionRectify
          : 0;
    case 'self_inspection':
      return e.outcome === 'issues'
        ? d.selfInspectionIssues
        : e.outcome === 'missing'
          ? d.selfInspectionMissing
          : e.outcome === 'untrue'
            ? d.selfInspectionUntrue
            : 0;
    case 'verification':
      return e.outcome === 'failed'
        ? d.verificationFailed
        : e.outcome === 'deferred'
          ? d.verificationDeferred
          : 0;
    default:
      return 0;
  }
}

function reasonName(e: LedgerFact): string {
  const label = CREDIT_ENTRY_TYPE_LABELS[e.type];
  if (e.type === 'penalty') return e.outcome === 'serious' ? `${label}（较重）` : label;
  if (e.type === 'complaint') return label;
  if (e.type === 'evaluation') return `信用评价 ${e.outcome ?? ''} 级`;
  return `${label}“${outcomeLabel(e.type, e.outcome)}”`;
}

export function tierOfScore(t: TierRule, score: number): CreditTier {
  return score >= t.bands.A ? 'A' : score >= t.bands.B ? 'B' : score >= t.bands.C ? 'C' : 'D';
}

const worse = (a: CreditTier, b: CreditTier): CreditTier =>
  CREDIT_TIERS.indexOf(a) >= CREDIT_TIERS.indexOf(b) ? a : b;

/** The subject's tier on `today` from all its entries (corrections included; they neutralise their targets). */
export function computeTier(
  rules: CreditRules,
  kind: CreditSubjectKind,
  entries: readonly LedgerFact[],
  today: string,
): TierResult {
  const rule = rules[kind];
  const t = rules.tier;
  const live = liveFacts(entries)
    .filter((e) => e.factDate <= today)
    .sort((a, b) => (a.factDate === b.factDate ? a.seq - b.seq : a.factDate < b.factDate ? -1 : 1));
  const cycle = currentCycle(rule, live, today);
  if (entries.length === 0)
    return { tier: null, score: null, reasons: [], summary: '未评定（尚无信用记录）', cycle };
  const reasons: TierReason[] = [];
  let score = t.start;
  for (const e of live) {
    const d = deductionOf(t, e);
    if (d > 0) {
      score -= d;
      reasons.push({
        seq: e.seq,
        kind: 'deduction',
        delta: -d,
        text: `${reasonName(e)} ${e.factDate}（${minus(d)}）`,
      });
    }
  }
  // Only the latest 信用评价 stands: a new evaluation replaces the previous one.
  // A listing decision (recorded as an evaluation with a listing outcome) is not a grade and replaces none.
  const evaluation = live.filter(isGradeEvaluation).at(-1);
  if (evaluation) {
    const d =
      evaluation.outcome === 'B'
        ? t.deductions.evaluationB
        : evaluation.outcome === 'C'
          ? t.deductions.evaluationC
          : evaluation.outcome === 'D'
            ? t.deductions.evaluationD
            : 0;
    if (d > 0) {
      score -= d;
      reasons.push({
        seq: evaluation.seq,
        kind: 'deduction',
        delta: -d,
        text: `${reasonName(evaluation)} ${evaluation.factDate}（${minus(d)}）`,
      });
    }
  }
  if (cycle.points > 0) {
    const d = cycle.points * t.deductions.perDemeritPoint;
    score -= d;
    reasons.push({ seq: null, kind: 'points', delta: -d, text: `本周期记分 ${cycle.points}（${minus(d)}）` });
  }
  const bonus = (type: 'commendation' | 'repair', each: number, cap: number) => {
    let given = 0;
    for (const e of live.filter((x) => x.type === type)) {
      const add = Math.min(each, cap - given);
      if (add <= 0) break;
      given += add;
      score += add;
      reasons.push({
        seq: e.seq,
        kind: 'bonus',
        delta: add,
        text: `${CREDIT_ENTRY_TYPE_LABELS[type]} ${e.factDate}（+${add}）`,
      });
    }
  };
  bonus('commendation', t.bonuses.commendation, t.bonuses.commendationCap);
  bonus('repair', t.bonuses.repair, t.bonuses.repairCap);
  score = Math.max(0, Math.min(t.start, score));
  let tier = tierOfScore(t, score);
  const reached = reachedThresholds(rule, cycle.points).at(-1);
  if (reached && worse(reached.tierCap, tier) !== tier) {
    tier = reached.tierCap;
    reasons.push({
      seq: null,
      kind: 'cap',
      delta: 0,
      text: `本周期记分达到 ${reached.points} 分（最高 ${reached.tierCap} 级）`,
    });
  }
  const summary = `${tier}：${reasons.length ? reasons.map((r) => r.text).join('，') : '无扣分记录'}`;
  return { tier, score, reasons, summary, cycle };
}

// ---------------------------------------------------------------------------------------------- 记分通知书

/** The day the 记分通知书 must have been delivered by: N working days after the facts were confirmed. */
export function noticeDueOn(cal: WorkCalendar, confirmedOn: string, rule: DemeritRuleSet): string {
  return workingDayDeadline(cal, confirmedOn, rule.noticeWorkingDays);
}
