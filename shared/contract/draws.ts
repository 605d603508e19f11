// 联合执法, part 2: the annual 抽查计划 (scope, 抽查事项, participating departments, sampling ratio per credit tier,
// batches) and the verifiable 双随机 draw of each batch. The draw record is canonical JSON that anyone holding it
// can recompute (docs/draw-algorithm.md); it is stored once and never changed.
import { z } from 'zod';
import { can, mutation, query, result } from './define';
import { editVersion, id, isoDate, optionalText, requiredText, type FileDownload } from './common';
import { INSTITUTION_CATEGORIES, type CreditTier, type InstitutionCategory } from '../domain/institutions';

/** The groups a draw samples from: the four credit tiers, and institutions the credit ledger has not rated. */
export const DRAW_TIERS = ['A', 'B', 'C', 'D', 'none'] as const;
export type DrawTier = (typeof DRAW_TIERS)[number];
export const DRAW_TIER_LABELS: Record<DrawTier, string> = {
  A: 'A 级',
  B: 'B 级',
  C: 'C 级',
  D: 'D 级',
  none: '未评级',
};
/** Default sampling ratios in percent (DOMAIN.md, 林甸: A ≤5, B 5–20, C 21–60, D 61–100). Institutions without a
 *  tier yet are sampled like B (一般): 20 %. */
export const DEFAULT_TIER_RATIOS: Record<DrawTier, number> = { A: 5, B: 20, C: 60, D: 100, none: 20 };
/** 行政处罚法 (2021) 第四十二条: at least two inspectors. */
export const MIN_TEAM_SIZE = 2;
export const MAX_TEAM_SIZE = 6;
/** The first version: the seed fixed the inputs only when the lottery result was known. Its records still verify. */
export const DRAW_ALGORITHM_V1 = 'zongjian-draw-v1';
/** Sealed before the lottery: the seed includes the seal's SHA-256, and the lottery is drawn after the seal's day. */
export const DRAW_ALGORITHM_V2 = 'zongjian-draw-v2';
/** Sealed like v2, and the plan's items from the 随机抽查事项清单 say which qualification a team must include; an
 *  expert from the 专家库 may join each team by lot (never counted as an enforcement officer; 回避 applies). */
export const DRAW_ALGORITHM_V3 = 'zongjian-draw-v3';
/** The version every new draw uses. */
export const DRAW_ALGORITHM = DRAW_ALGORITHM_V3;
export const DRAW_ALGORITHMS = [DRAW_ALGORITHM_V1, DRAW_ALGORITHM_V2, DRAW_ALGORITHM_V3] as const;
/** The versions made from a seal. */
export type SealedAlgorithm = typeof DRAW_ALGORITHM_V2 | typeof DRAW_ALGORITHM_V3;
export type DrawAlgorithm = (typeof DRAW_ALGORITHMS)[number];
export const DRAW_RECORD_FORMAT = 'zongjian-draw-record';
export const DRAW_SEAL_FORMAT = 'zongjian-draw-seal';
/** Each tier's sampling ratio is a whole percentage in this range (docs/draw-algorithm.md §1). */
export const DRAW_RATIO_MIN = 0;
export const DRAW_RATIO_MAX = 100;

export const tierFromCredit = (t: CreditTier | null): DrawTier => t ?? 'none';

// ---------------------------------------------------------------------------------------------- 抽查计划

export const ratioMessage = (tier: DrawTier) =>
  `${DRAW_TIER_LABELS[tier]}的抽查比例应为 ${DRAW_RATIO_MIN}–${DRAW_RATIO_MAX} 的整数`;

const ratio = (tier: DrawTier) =>
  z
    .number({ error: `请填写${DRAW_TIER_LABELS[tier]}的抽查比例` })
    .int({ error: ratioMessage(tier) })
    .min(DRAW_RATIO_MIN, { error: ratioMessage(tier) })
    .max(DRAW_RATIO_MAX, { error: ratioMessage(tier) });

const unique = <T>(items: T[]) => new Set(items).size === items.length;

export const batchInput = z.object({
  number: z
    .number({ error: '请填写批次号' })
    .int({ error: '批次号应为 1–99 的整数' })
    .min(1, { error: '批次号应为 1–99 的整数' })
    .max(99, { error: '批次号应为 1–99 的整数' }),
  name: requiredText(40, '批次名称'),
  startDate: isoDate,
  endDate: isoDate,
});
export type BatchInput = z.input<typeof batchInput>;

export const planInput = z
  .object({
    year: z
      .number({ error: '请填写年度' })
      .int({ error: '年度应为 2000–2100 的整数' })
      .min(2000, { error: '年度应为 2000–2100 的整数' })
      .max(2100, { error: '年度应为 2000–2100 的整数' }),
    name: requiredText(80, '计划名称'),
    /** Empty: every category. */
    categories: z
      .array(z.enum(INSTITUTION_CATEGORIES, { error: '机构类别无效' }))
      .max(INSTITUTION_CATEGORIES.length)
      .default([])
      .refine(unique, { error: '机构类别有重复' }),
    /** Empty: every 街道/镇. */
    streets: z
      .array(requiredText(30, '街道/镇'))
      .max(100, { error: '街道/镇最多 100 个' })
      .default([])
      .refine(unique, { error: '街道/镇有重复' }),
    /** 抽查事项 as the 随机抽查事项清单 names them (事项名称, or 事项名称（子项）): each must be on the list. */
    items: z
      .array(requiredText(130, '抽查事项'))
      .min(1, { error: '请至少从随机抽查事项清单中选择一项抽查事项' })
      .max(50, { error: '抽查事项最多 50 项' })
      .refine(unique, { error: '抽查事项有重复' }),
    /** 每组从专家库随机抽取 1 名专家. */
    expertPerTeam: z.boolean().default(false),
    departmentIds: z
      .array(id)
      .min(1, { error: '请至少选择一个参与单位' })
      .max(40, { error: '参与单位最多 40 个' })
      .refine(unique, { error: '参与单位有重复' }),
    ratios: z
      .object({ A: ratio('A'), B: ratio('B'), C: ratio('C'), D: ratio('D'), none: ratio('none') })
      .default({ ...DEFAULT_TIER_RATIOS })
      .refine((r) => DRAW_TIERS.some((t) => r[t] > 0), { error: '各等级的抽查比例不能全为 0' }),
    teamSize: z
      .number({ error: '请填写每组检查人员数' })
      .int({ error: `每组检查人员应为 ${MIN_TEAM_SIZE}–${MAX_TEAM_SIZE} 人` })
      .min(MIN_TEAM_SIZE, {
        error: `每组检查人员不少于 ${MIN_TEAM_SIZE} 人（行政处罚法第四十二条）`,
      })
      .max(MAX_TEAM_SIZE, { error: `每组检查人员不超过 ${MAX_TEAM_SIZE} 人` })
      .default(MIN_TEAM_SIZE),
    batches: z.array(batchInput).min(1, { error: '请至少安排一个批次' }).max(12, { error: '批次最多 12 个' }),
    notes: optionalText(500, '备注'),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<number>();
    p.batches.forEach((b, i) => {
      if (seen.has(b.number))
        ctx.addIssue({ code: 'custom', path: ['batches', i, 'number'], message: `批次号 ${b.number} 重复` });
      seen.add(b.number);
      if (b.endDate < b.startDate)
        ctx.addIssue({
          code: 'custom',
          path: ['batches', i, 'endDate'],
          message: `第${b.number}批的结束日期早于开始日期`,
        });
      if (Number(b.startDate.slice(0, 4)) !== p.year)
        ctx.addIssue({
          code: 'custom',
          path: ['batches', i, 'startDate'],
          message: `第${b.number}批应在 ${p.year} 年内开始`,
        });
    });
  });
export type PlanInput = z.input<typeof planInput>;

export interface PlanDepartment {
  id: number;
  shortName: string;
  fullName: string;
}

export interface PlanItemDetail {
  id: number;
  label: string;
  basis: string;
  categories: InstitutionCategory[];
  content: string;
  method: string;
  qualification: string;
}

export interface PlanBatchDraw {
  id: number;
  sha256: string;
  drawnAt: string;
  targetCount: number;
}

export interface PlanBatchSeal {
  id: number;
  sha256: string;
  sealedAt: string;
  /** The Beijing date of sealedAt: the lottery used must be drawn after it. */
  sealedOn: string;
}

export interface PlanBatch {
  number: number;
  name: string;
  startDate: string;
  endDate: string;
  /** The batch's seal (名录与参数封存), made before the lottery: there is at most one. */
  seal: PlanBatchSeal | null;
  /** The batch's draw, once made: there is at most one. */
  draw: PlanBatchDraw | null;
}

export interface InspectionPlan {
  /** Raised by every save: what an editor sends back as `version` (db/core/versions.ts). */
  version: number;
  id: number;
  year: number;
  name: string;
  categories: InstitutionCategory[];
  streets: string[];
  items: string[];
  /** The items from the 随机抽查事项清单, in the plan's order; empty for a plan made before the list (its items are
   *  then the free text above). */
  itemDetails: PlanItemDetail[];
  /** An expert from the 专家库 joins each team by lot. */
  expertPerTeam: boolean;
  departments: PlanDepartment[];
  /** 联合抽查: two or more participating departments; every team then comes from at least two of them. */
  joint: boolean;
  ratios: Record<DrawTier, number>;
  teamSize: number;
  notes: string;
  batches: PlanBatch[];
  createdAt: string;
  updatedAt: string;
}

// ---------------------------------------------------------------------------------------------- 抽取

/** What may stand between the numbers of a lottery result: they are dropped (docs/draw-algorithm.md §1.1). */
export const ENTROPY_SEPARATORS = [' ', '\u3000', ',', '，', '、', '.', '。', '+', '＋', '-', '－', '/', '|'];
export const ENTROPY_MIN_DIGITS = 6;
export const ENTROPY_MAX_DIGITS = 200;

/**
 * The digit rule of docs/draw-algorithm.md §1.1: full-width digits become ASCII; the numbers are the maximal runs
 * of digits between separators (whitespace and the characters of ENTROPY_SEPARATORS), kept in the order typed (the
 * order of the official announcement: for 双色球 the six red balls as published, ascending, then the blue ball);
 * when there are several numbers they must all have the same width, leading zeros kept (3 is typed 03 when the
 * game's numbers have two digits); any other character is refused; the result is 6–200 digits.
 */
export function normalizeEntropyDigits(
  raw: string,
): { ok: true; digits: string; numbers: string[] } | { ok: false; message: string } {
  const ascii = raw.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const numbers: string[] = [];
  let current = '';
  for (const c of ascii) {
    if (c >= '0' && c <= '9') current += c;
    else if (/\s/.test(c) || ENTROPY_SEPARATORS.includes(c)) {
      if (current) numbers.push(current);
      current = '';
    } else
      return {
        ok: false,
        message: `公开随机数中有不能识别的字符“${c}”：只能填写数字，号码之间可用空格、逗号、顿号或加号分隔`,
      };
  }
  if (current) numbers.push(current);
  if (numbers.length === 0) return { ok: false, message: '请填写公开随机数' };
  const width = numbers[0]!.length;
  const odd = numbers.find((n) => n.length !== width);
  if (odd !== undefined)
    return {
      ok: false,
      message: `各号码的位数应相同，前导 0 不能省略（如两位数的号码 3 写作 03）：“${odd}”与“${numbers[0]}”位数不同`,
    };
  const digits = numbers.join('');
  if (digits.length < ENTROPY_MIN_DIGITS || digits.length > ENTROPY_MAX_DIGITS)
    return {
      ok: false,
      message: `公开随机数应为 ${ENTROPY_MIN_DIGITS}–${ENTROPY_MAX_DIGITS} 位数字，现为 ${digits.length} 位`,
    };
  return { ok: true, digits, numbers };
}

/** Public entropy as the witness reads it out: the digits of a named public draw (e.g. a lottery). */
export const entropyInput = z.object({
  source: requiredText(100, '公开随机数来源'),
  /** The lottery's draw date (开奖日期), a Beijing date. */
  date: isoDate,
  digits: z
    .string({ error: '请填写公开随机数' })
    .superRefine((s, ctx) => {
      const r = normalizeEntropyDigits(s);
      if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
    })
    .transform((s) => {
      const r = normalizeEntropyDigits(s);
      return r.ok ? r.digits : s;
    }),
});
export type EntropyInput = z.input<typeof entropyInput>;

export const drawInput = z.object({
  planId: id,
  batchNumber: z.number({ error: '请选择批次' }).int().min(1).max(99),
  entropy: entropyInput,
  witnesses: z
    .array(requiredText(30, '见证人姓名'))
    .min(1, { error: '请至少填写一名见证人（建议两名）' })
    .max(6, { error: '见证人最多 6 名' })
    .refine(unique, { error: '见证人姓名有重复' }),
});
export type DrawInput = z.input<typeof drawInput>;

/** The plan as the draw used it (a snapshot: later edits of the plan do not change a record). */
export interface DrawPlanSnapshot {
  id: number;
  year: number;
  name: string;
  categories: InstitutionCategory[];
  streets: string[];
  items: string[];
  departments: { id: number; name: string }[];
  ratios: Record<DrawTier, number>;
  teamSize: number;
  /** v3: the plan's items from the 随机抽查事项清单, with the categories they apply to and the qualification a team
   *  must then include ('' for none). */
  itemRules?: DrawItemRule[];
  /** v3: an expert from the 专家库 joins each team by lot. */
  expertPerTeam?: boolean;
}

export interface DrawItemRule {
  id: number;
  name: string;
  categories: InstitutionCategory[];
  qualification: string;
}

export interface DrawBatchSnapshot {
  number: number;
  name: string;
  startDate: string;
  endDate: string;
}

/** An eligible 监管对象 as the draw saw it. `previousLead`: the lead of its latest inspection record (by date), or
 *  of its latest earlier draw when none is recorded. */
export interface DrawInstitutionRow {
  id: number;
  uscc: string;
  name: string;
  category: InstitutionCategory;
  street: string;
  tier: CreditTier | null;
  previousLead: number | null;
}

/** An eligible 执法检查人员; `conflicts`: ids of eligible institutions they must not inspect (回避), ascending. */
export interface DrawInspectorRow {
  id: number;
  badgeNo: string;
  name: string;
  departmentId: number;
  department: string;
  conflicts: number[];
  /** v3: qualification tags, sorted. */
  qualifications?: string[];
}

/** v3: an active expert of the 专家库; `conflicts` as for inspectors. */
export interface DrawExpertRow {
  id: number;
  name: string;
  unit: string;
  field: string;
  conflicts: number[];
}

export interface DrawExpertMember {
  expertId: number;
  name: string;
  unit: string;
  field: string;
}

export interface DrawTeamMember {
  inspectorId: number;
  name: string;
  department: string;
  lead: boolean;
}

export interface DrawTarget {
  institutionId: number;
  name: string;
  uscc: string;
  tier: DrawTier;
  /** The lead (组长) first, then the members in the order drawn. */
  team: DrawTeamMember[];
  /** v3, when the plan adds an expert to each team: the expert drawn (never one of the enforcement officers). */
  experts?: DrawExpertMember[];
}

export interface DrawTierCount {
  tier: DrawTier;
  eligible: number;
  ratio: number;
  drawn: number;
}

export interface DrawDirectory {
  institutions: { sha256: string; row: DrawInstitutionRow }[];
  inspectors: { sha256: string; row: DrawInspectorRow }[];
  /** v3: the 专家库 snapshot (empty when the plan adds no expert). */
  experts?: { sha256: string; row: DrawExpertRow }[];
}

/**
 * The seal of a batch (封存记录), made and printed for the witnesses before the lottery is drawn: the plan's
 * parameters, the batch and the directory snapshot (tiers, previous leads and 回避 included) the draw will use.
 * Stored once, immutably; its SHA-256 (of its canonical JSON) enters the draw's seed.
 */
export interface DrawSeal {
  format: typeof DRAW_SEAL_FORMAT;
  algorithm: SealedAlgorithm;
  office: string;
  plan: DrawPlanSnapshot;
  batch: DrawBatchSnapshot;
  directory: DrawDirectory;
  /** The instant of sealing (UTC, ISO 8601), its Beijing date, and who sealed. */
  sealedAt: string;
  sealedOn: string;
  sealedBy: string;
}

export interface DrawRecord {
  format: typeof DRAW_RECORD_FORMAT;
  algorithm: DrawAlgorithm;
  inputs: {
    office: string;
    plan: DrawPlanSnapshot;
    batch: DrawBatchSnapshot;
    entropy: { source: string; date: string; digits: string };
    witnesses: string[];
    /** When and by whom: recorded, but not part of the seed. */
    drawnAt: string;
    drawnBy: string;
  };
  directory: DrawDirectory;
  /** v2 only: the seal the draw was made from, as sealed, and its SHA-256. */
  seal?: { sha256: string; record: DrawSeal };
  seed: string;
  result: { tiers: DrawTierCount[]; targets: DrawTarget[] };
}

export interface DrawPreview {
  planId: number;
  batch: DrawBatchSnapshot;
  /** The batch's draw when it has been made. */
  drawn: PlanBatchDraw | null;
  joint: boolean;
  teamSize: number;
  tiers: { tier: DrawTier; eligible: number; ratio: number; toDraw: number }[];
  eligibleInstitutions: number;
  targetCount: number;
  inspectors: number;
  departments: { id: number; name: string; inspectors: number }[];
  /** What makes the draw impossible, naming each institution and what is missing. Empty when it can run. */
  problems: string[];
  /** The batch's seal: once sealed, the figures above are the sealed ones, whatever the directory holds now. */
  seal: PlanBatchSeal | null;
  /** What has changed in the plan or the directories since the seal (the draw uses the sealed values). */
  changesSinceSeal: string[];
}

export interface DrawSealSummary {
  id: number;
  planId: number;
  planName: string;
  year: number;
  batchNumber: number;
  batchName: string;
  sealedAt: string;
  sealedOn: string;
  sealedBy: string;
  sha256: string;
}

export interface DrawSealDetail extends DrawSealSummary {
  seal: DrawSeal;
}

export interface DrawSummary {
  id: number;
  planId: number;
  planName: string;
  year: number;
  batchNumber: number;
  batchName: string;
  drawnAt: string;
  drawnBy: string;
  sha256: string;
  seed: string;
  targetCount: number;
}

export interface DrawDetail extends DrawSummary {
  record: DrawRecord;
}

/** A draw just made, and what changed since its seal (the draw used the sealed values, and says so). */
export interface DrawRunResult extends DrawDetail {
  changesSinceSeal: string[];
}

const batchRef = z.object({
  planId: id,
  batchNumber: z.number({ error: '请选择批次' }).int().min(1).max(99),
});

const planFilter = z.object({ year: z.number().int().min(2000).max(2100).optional() });

export const drawsContract = {
  'inspectionPlans.list': query(planFilter, result<InspectionPlan[]>(), can('read')),
  'inspectionPlans.get': query(z.object({ id }), result<InspectionPlan>(), can('read')),
  'inspectionPlans.create': mutation(planInput, result<InspectionPlan>(), can('records.write')),
  'inspectionPlans.update': mutation(
    planInput.safeExtend({ id, version: editVersion }),
    result<InspectionPlan>(),
    can('records.write'),
  ),
  'inspectionPlans.delete': mutation(z.object({ id }), result<{ id: number }>(), can('records.write')),

  'draws.preview': query(
    z.object({ planId: id, batchNumber: z.number().int().min(1).max(99) }),
    result<DrawPreview>(),
    can('read'),
  ),
  'draws.seal': mutation(batchRef, result<DrawSealDetail>(), can('records.write')),
  'draws.seals': query(z.object({ planId: id.optional() }), result<DrawSealSummary[]>(), can('read')),
  'draws.getSeal': query(z.object({ id }), result<DrawSealDetail>(), can('read')),
  'draws.run': mutation(drawInput, result<DrawRunResult>(), can('records.write')),
  'draws.list': query(z.object({ planId: id.optional() }), result<DrawSummary[]>(), can('read')),
  'draws.get': query(z.object({ id }), result<DrawDetail>(), can('read')),
  'draws.exportJson': query(z.object({ id }), result<FileDownload>(), can('print')),
  'draws.recordDocx': query(z.object({ id }), result<FileDownload>(), can('print')),
};
