// 联合执法, part 2: the annual 抽查计划 (scope, 抽查事项, participating departments, sampling ratio per credit tier,
// batches) and the verifiable 双随机 draw of each batch. The draw record is canonical JSON that anyone holding it
// can recompute (docs/draw-algorithm.md); it is stored once and never changed.
import { z } from 'zod';
import { can, mutation, query, result } from './define';
import { id, isoDate, optionalText, requiredText, type FileDownload } from './common';
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
export const DRAW_ALGORITHM = 'zongjian-draw-v1';
export const DRAW_RECORD_FORMAT = 'zongjian-draw-record';

export const tierFromCredit = (t: CreditTier | null): DrawTier => t ?? 'none';

// ---------------------------------------------------------------------------------------------- 抽查计划

const ratio = (tier: DrawTier) =>
  z
    .number({ error: `请填写${DRAW_TIER_LABELS[tier]}的抽查比例` })
    .int({ error: `${DRAW_TIER_LABELS[tier]}的抽查比例应为 0–100 的整数` })
    .min(0, { error: `${DRAW_TIER_LABELS[tier]}的抽查比例应为 0–100 的整数` })
    .max(100, { error: `${DRAW_TIER_LABELS[tier]}的抽查比例应为 0–100 的整数` });

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
    items: z
      .array(requiredText(100, '抽查事项'))
      .min(1, { error: '请至少填写一项抽查事项' })
      .max(50, { error: '抽查事项最多 50 项' })
      .refine(unique, { error: '抽查事项有重复' }),
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

export interface PlanBatchDraw {
  id: number;
  sha256: string;
  drawnAt: string;
  targetCount: number;
}

export interface PlanBatch {
  number: number;
  name: string;
  startDate: string;
  endDate: string;
  /** The batch's draw, once made: there is at most one. */
  draw: PlanBatchDraw | null;
}

export interface InspectionPlan {
  id: number;
  year: number;
  name: string;
  categories: InstitutionCategory[];
  streets: string[];
  items: string[];
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

/** Public entropy as the witness reads it out: the digits of a named public draw (e.g. a lottery). */
export const entropyInput = z.object({
  source: requiredText(100, '公开随机数来源'),
  date: isoDate,
  digits: z
    .string({ error: '请填写公开随机数' })
    // Full-width digits become ASCII; spaces and the separators people type between numbers are dropped.
    .transform((s) =>
      s
        .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
        .replace(/[\s,，、.。+＋\-－/|]/g, ''),
    )
    .refine((s) => s.length > 0, { error: '请填写公开随机数' })
    .refine((s) => /^\d*$/.test(s), { error: '公开随机数只能是数字（数字之间可用空格或逗号分隔）' })
    .refine((s) => s.length === 0 || !/^\d*$/.test(s) || (s.length >= 6 && s.length <= 200), {
      error: '公开随机数应为 6–200 位数字',
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
}

export interface DrawTierCount {
  tier: DrawTier;
  eligible: number;
  ratio: number;
  drawn: number;
}

export interface DrawRecord {
  format: typeof DRAW_RECORD_FORMAT;
  algorithm: typeof DRAW_ALGORITHM;
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
  directory: {
    institutions: { sha256: string; row: DrawInstitutionRow }[];
    inspectors: { sha256: string; row: DrawInspectorRow }[];
  };
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

const planFilter = z.object({ year: z.number().int().min(2000).max(2100).optional() });

export const drawsContract = {
  'inspectionPlans.list': query(planFilter, result<InspectionPlan[]>(), can('read')),
  'inspectionPlans.get': query(z.object({ id }), result<InspectionPlan>(), can('read')),
  'inspectionPlans.create': mutation(planInput, result<InspectionPlan>(), can('records.write')),
  'inspectionPlans.update': mutation(
    planInput.safeExtend({ id }),
    result<InspectionPlan>(),
    can('records.write'),
  ),
  'inspectionPlans.delete': mutation(z.object({ id }), result<{ id: number }>(), can('records.write')),

  'draws.preview': query(
    z.object({ planId: id, batchNumber: z.number().int().min(1).max(99) }),
    result<DrawPreview>(),
    can('read'),
  ),
  'draws.run': mutation(drawInput, result<DrawDetail>(), can('records.write')),
  'draws.list': query(z.object({ planId: id.optional() }), result<DrawSummary[]>(), can('read')),
  'draws.get': query(z.object({ id }), result<DrawDetail>(), can('read')),
  'draws.exportJson': query(z.object({ id }), result<FileDownload>(), can('print')),
  'draws.recordDocx': query(z.object({ id }), result<FileDownload>(), can('print')),
};
