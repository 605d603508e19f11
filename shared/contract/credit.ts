// 信用台账: an append-only, hash-chained ledger of credit facts about institutions and practitioners (自查, 评价,
// 校验, 检查, 投诉查实, 行政处罚, 不良执业行为记分, 表彰, 承诺, 修复, 更正), the demerit points of the current cycle with
// their threshold warnings, the credit tier with its reasons and history, and the 记分通知书. The rules:
// ../domain/credit-rules.ts; the hash chain: docs/credit-ledger.md.
import { z } from 'zod';
import { can, mutation, query, result } from './define';
import { progressIdSchema } from './common';
import {
  fileUpload,
  editVersion,
  id,
  isoDate,
  optionalText,
  pageInput,
  requiredText,
  type FileDownload,
  type PageOf,
} from './common';
import {
  CREDIT_OUTCOMES,
  CREDIT_SOURCE_KINDS,
  CREDIT_ENTRY_TYPES,
  CREDIT_SUBJECT_KINDS,
  RECORDABLE_ENTRY_TYPES,
  type CreditEntryType,
  type CreditRuleOptions,
  type CreditRules,
  type CreditSourceKind,
  type CreditSubjectKind,
  type CycleRule,
  type DemeritThreshold,
  type TierReason,
} from '../domain/credit-rules';
import type { CreditTier } from '../domain/institutions';
import type { SubjectListing } from '../domain/credit-lists';

export * from '../domain/credit-rules';

export interface CreditAttachment {
  /** The name the file was given (a label only). */
  name: string;
  sha256: string;
  size: number;
}

export interface CreditEntry {
  seq: number;
  recordedAt: string;
  recorderName: string;
  subjectKind: CreditSubjectKind;
  subjectId: number;
  /** Name and code (统一社会信用代码 / 证书编号) as they were when the entry was recorded. */
  subjectName: string;
  subjectCode: string;
  type: CreditEntryType;
  factDate: string;
  outcome: string | null;
  behaviourCode: string | null;
  behaviourName: string | null;
  points: number | null;
  basis: string;
  sourceKind: CreditSourceKind | null;
  sourceId: number | null;
  amendsSeq: number | null;
  text: string;
  attachments: CreditAttachment[];
  prevHash: string;
  hash: string;
  /** The 更正 entry that neutralised this one. */
  correctedBy: number | null;
}

export interface CreditSubjectRef {
  kind: CreditSubjectKind;
  id: number;
  name: string;
  /** 统一社会信用代码 for an institution, 证书编号 for a practitioner. */
  code: string;
  /** 机构类别 for an institution; 类别 and 执业机构 for a practitioner. */
  detail: string;
  /** 在业/停业/注销, or 在职/离职. */
  status: string;
}

export interface CreditCycleView {
  start: string;
  /** Last day, inclusive. */
  lastDay: string;
  points: number;
  thresholds: (DemeritThreshold & { reached: boolean })[];
  rule: { title: string; source: string; cycle: CycleRule };
}

export interface CreditTierChange {
  id: number;
  tier: CreditTier | null;
  previousTier: CreditTier | null;
  score: number | null;
  summary: string;
  causeSeq: number | null;
  effectiveOn: string;
  changedAt: string;
}

export interface CreditWarning {
  id: number;
  subjectKind: CreditSubjectKind;
  subjectId: number;
  cycleStart: string;
  cycleLastDay: string;
  threshold: number;
  actions: string[];
  /** The cycle's points when the warning was raised. */
  points: number;
  raisedBySeq: number;
  raisedAt: string;
  status: 'open' | 'acknowledged';
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  actionTaken: string;
}

export interface CreditNoticeState {
  seq: number;
  /** 发文字号 once issued. */
  docNumber: string | null;
  issuedOn: string | null;
  /** Delivered by this day: N working days after the facts were confirmed. */
  dueOn: string;
  /** Not yet issued and past dueOn. */
  overdue: boolean;
}

export interface CreditProfile {
  subject: CreditSubjectRef;
  today: string;
  cycle: CreditCycleView;
  tier: { tier: CreditTier | null; score: number | null; reasons: TierReason[]; summary: string };
  tierHistory: CreditTierChange[];
  warnings: CreditWarning[];
  /** Newest first. */
  entries: CreditEntry[];
  notices: CreditNoticeState[];
}

export interface CreditSubjectRow {
  kind: CreditSubjectKind;
  id: number;
  name: string;
  code: string;
  detail: string;
  status: string;
  tier: CreditTier | null;
  score: number | null;
  summary: string;
  cyclePoints: number;
  cycleStart: string | null;
  cycleLastDay: string | null;
  /** The highest threshold the current cycle reached, or null. */
  reachedThreshold: number | null;
  openWarnings: number;
  entryCount: number;
  lastFactDate: string | null;
  /** Its 红黑名单 listings that were not revoked, newest first. */
  lists: SubjectListing[];
}

export interface LedgerHead {
  /** 0 for an empty ledger. */
  seq: number;
  /** The genesis value (64 zeros) for an empty ledger. */
  hash: string;
  recordedAt: string | null;
}

export interface LedgerBreak {
  seq: number;
  field: 'seq' | 'prev_hash' | 'hash' | 'encoding';
  expected: string;
  found: string;
  /** In words, for the person at the screen. */
  message: string;
}

export interface LedgerAttachmentProblem {
  seq: number;
  name: string;
  sha256: string;
  problem: 'missing' | 'altered';
  message: string;
}

export interface LedgerAnchorLoss {
  /** e.g. '2026Q3 季度阶段性工作总结（第1版）'. */
  package: string;
  packageSha256: string;
  anchoredSeq: number;
  anchoredHash: string;
  message: string;
}

export interface LedgerVerification {
  ok: boolean;
  /** Entries whose link checked out. */
  checked: number;
  head: LedgerHead;
  broken: LedgerBreak | null;
  /** The files the entries list, checked in the data folder (absent where there is no data folder). */
  attachments?: { checked: number; problems: LedgerAttachmentProblem[] };
  /** Signed packages' ledger heads the chain must still hold; `losses` names each package that proves a loss. */
  anchors: { checked: number; losses: LedgerAnchorLoss[] };
  elapsedMs: number;
}

export interface CreditBehaviour {
  /** Raised by every save: what an editor sends back as `version` (db/core/versions.ts). */
  version: number;
  id: number;
  subjectKind: CreditSubjectKind;
  code: string;
  name: string;
  points: number;
  basis: string;
  active: boolean;
  sortOrder: number;
}

export interface CreditRulesView {
  options: CreditRuleOptions;
  rules: CreditRules;
}

export interface CreditNotice {
  entry: CreditEntry;
  subject: CreditSubjectRef;
  notice: CreditNoticeState;
  /** The cycle the points count in, with its total including this entry. */
  cycle: CreditCycleView;
  /** Delivered within this many working days of confirming the facts. */
  noticeWorkingDays: number;
  statementWorkingDays: number;
  /** The last day for a 陈述申辩 when the notice is delivered on its due date. */
  statementUntil: string;
  officeName: string;
}

export interface CreditRecordResult {
  entry: CreditEntry;
  /** Warnings this entry raised. */
  warnings: CreditWarning[];
  tierBefore: CreditTier | null;
  tierAfter: CreditTier | null;
}

const subjectKind = z.enum(CREDIT_SUBJECT_KINDS, { error: '请选择信用主体类别（医疗机构或医务人员）' });
export const creditSubjectInput = z.object({ kind: subjectKind, id });

export const creditEntryInput = z
  .object({
    subjectKind,
    subjectId: id,
    type: z.enum(RECORDABLE_ENTRY_TYPES, { error: '请选择记录类型' }),
    factDate: isoDate,
    outcome: z.string().max(20).nullable().default(null),
    behaviourId: id.nullable().default(null),
    basis: optionalText(60, '依据文号'),
    sourceKind: z.enum(CREDIT_SOURCE_KINDS, { error: '请选择来源记录类别' }).nullable().default(null),
    sourceId: id.nullable().default(null),
    text: optionalText(2000, '事实摘要'),
    attachments: z.array(fileUpload).max(10, { error: '附件最多 10 个' }).default([]),
  })
  .superRefine((v, ctx) => {
    const outcomes = CREDIT_OUTCOMES[v.type];
    if (outcomes && (v.outcome === null || !(v.outcome in outcomes)))
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: '请选择结果' });
    if (!outcomes && v.outcome !== null)
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: '该类记录不填写结果' });
    if (v.type === 'demerit' && v.behaviourId === null)
      ctx.addIssue({ code: 'custom', path: ['behaviourId'], message: '请选择不良执业行为' });
    if (v.type !== 'demerit' && v.behaviourId !== null)
      ctx.addIssue({ code: 'custom', path: ['behaviourId'], message: '只有“不良执业行为记分”选择记分行为' });
    if (v.sourceId !== null && v.sourceKind === null)
      ctx.addIssue({ code: 'custom', path: ['sourceKind'], message: '请选择来源记录类别' });
  });
export type CreditEntryInput = z.input<typeof creditEntryInput>;

export const creditCorrectionInput = z.object({
  seq: id,
  factDate: isoDate,
  basis: optionalText(60, '依据文号'),
  reason: requiredText(1000, '更正理由'),
});

export const creditBehaviourInput = z.object({
  subjectKind,
  code: requiredText(20, '条目编号').refine((s) => /^[0-9A-Za-z-]+$/.test(s), {
    error: '条目编号只能包含字母、数字和短横线',
  }),
  name: requiredText(200, '行为描述'),
  points: z.number({ error: '请选择分值' }).int({ error: '分值应为整数' }),
  basis: optionalText(200, '依据'),
  active: z.boolean().default(true),
});

const nonNegative = (label: string) =>
  z
    .number({ error: `${label}应为 0–1000 之间的整数` })
    .int({ error: `${label}应为整数` })
    .min(0, { error: `${label}不能为负数` })
    .max(1000, { error: `${label}不能超过 1000` });

export const tierRuleInput = z.object({
  start: nonNegative('起始分'),
  bands: z.object({
    A: nonNegative('A 级分数线'),
    B: nonNegative('B 级分数线'),
    C: nonNegative('C 级分数线'),
  }),
  deductions: z.object({
    penaltyGeneral: nonNegative('行政处罚扣分'),
    penaltySerious: nonNegative('较重行政处罚扣分'),
    complaint: nonNegative('投诉查实扣分'),
    inspectionRectify: nonNegative('责令整改扣分'),
    inspectionUnqualified: nonNegative('检查不合格扣分'),
    selfInspectionIssues: nonNegative('自查发现问题扣分'),
    // Rule sets saved before these existed read with the defaults.
    selfInspectionMissing: nonNegative('未按期自查扣分').default(5),
    selfInspectionUntrue: nonNegative('自查不实扣分').default(10),
    verificationDeferred: nonNegative('暂缓校验扣分'),
    verificationFailed: nonNegative('不予校验扣分'),
    evaluationB: nonNegative('评价 B 级扣分'),
    evaluationC: nonNegative('评价 C 级扣分'),
    evaluationD: nonNegative('评价 D 级扣分'),
    perDemeritPoint: nonNegative('每记 1 分扣分'),
  }),
  bonuses: z.object({
    commendation: nonNegative('表彰奖励加分'),
    commendationCap: nonNegative('表彰奖励加分上限'),
    repair: nonNegative('信用修复加分'),
    repairCap: nonNegative('信用修复加分上限'),
  }),
});

export const creditRuleOptionsInput = z.object({
  institutionCycleYears: z.union([z.literal(1), z.literal(3)], { error: '校验期应为 1 年或 3 年' }),
  tier: tierRuleInput,
});

/** 台账记录's sortable columns (the grid's column ids). */
export const CREDIT_ENTRY_SORT_KEYS = [
  'seq',
  'factDate',
  'subjectName',
  'type',
  'points',
  'recorderName',
] as const;
/** Its columns the grid may filter. */
export const CREDIT_ENTRY_FILTER_KEYS = [
  'factDate',
  'subjectName',
  'subjectCode',
  'behaviourName',
  'points',
  'recorderName',
] as const;

/** The summary over the whole filtered ledger. */
export interface CreditEntryCounts {
  /** Entries that carry points (不良执业行为记分 and the results that score). */
  scored: number;
  /** 更正 entries. */
  corrections: number;
}

export const creditContract = {
  /** A block of the whole ledger (台账记录), newest first, filtered (年度, 主体类别, 记录类型, words) on the server. */
  'credit.entries': query(
    pageInput(
      {
        /** The year of the fact date; absent = every year. */
        year: z.number().int().min(2000).max(2100).optional(),
        subjectKind: z.enum(CREDIT_SUBJECT_KINDS).optional(),
        type: z.enum(CREDIT_ENTRY_TYPES).optional(),
      },
      CREDIT_ENTRY_SORT_KEYS,
      CREDIT_ENTRY_FILTER_KEYS,
    ),
    result<PageOf<CreditEntry, CreditEntryCounts>>(),
    can('read'),
  ),
  'credit.subjects': query(z.object({}), result<CreditSubjectRow[]>(), can('read')),
  'credit.profile': query(creditSubjectInput, result<CreditProfile>(), can('read')),
  'credit.record': mutation(creditEntryInput, result<CreditRecordResult>(), can('records.write')),
  'credit.correct': mutation(creditCorrectionInput, result<CreditRecordResult>(), can('records.write')),
  'credit.acknowledgeWarning': mutation(
    z.object({ id, actionTaken: requiredText(1000, '采取的措施') }),
    result<CreditWarning>(),
    can('records.write'),
  ),
  'credit.chainHead': query(z.object({}), result<LedgerHead>(), can('read')),
  'credit.verify': query(
    z.object({ progressId: progressIdSchema }),
    result<LedgerVerification>(),
    can('read'),
  ),
  'credit.attachment': query(
    z.object({ seq: id, index: z.number().int().min(0).max(9) }),
    result<FileDownload>(),
    can('read'),
  ),
  'credit.issueNotice': mutation(z.object({ seq: id }), result<CreditNotice>(), can('records.write')),
  'credit.notice': query(z.object({ seq: id }), result<CreditNotice>(), can('read')),
  'credit.noticeDocx': query(z.object({ seq: id }), result<FileDownload>(), can('print')),
  'credit.behaviours': query(
    z.object({ includeInactive: z.boolean().default(true) }),
    result<CreditBehaviour[]>(),
    can('read'),
  ),
  'credit.createBehaviour': mutation(creditBehaviourInput, result<CreditBehaviour>(), can('records.write')),
  'credit.updateBehaviour': mutation(
    creditBehaviourInput.extend({ id, version: editVersion }),
    result<CreditBehaviour>(),
    can('records.write'),
  ),
  'credit.rules': query(z.object({}), result<CreditRulesView>(), can('read')),
  'credit.updateRules': mutation(
    // `expected`: the rules the editor started from (compare-and-set): another seat's newer save answers CONFLICT.
    creditRuleOptionsInput.extend({ expected: creditRuleOptionsInput.optional() }),
    result<CreditRulesView>(), can('settings.manage')),
};
