// Office settings that change how rules apply (each rule's default comes from ../shared/DOMAIN.md).
import { z } from 'zod';
import { can, mutation, query, result } from './define';
import {
  COMPLAINT_FEEDBACK_DEFAULT,
  DAY_UNITS,
  REFERRAL_REPLY_DEFAULT,
} from '../domain/enforcement-deadlines';
import { PUBLICATION_DEFAULT } from '../domain/inspections';
import { DEFAULT_SELFCHECK_AREAS } from '../domain/selfcheck';
import { PROVINCES, RULE_KINDS, presetById, type RuleKind } from '../domain/rule-presets';

export * from '../domain/rule-presets';

/** '2026Q4': the quarter an office starts using the app in. */
export const startQuarterSchema = z
  .string({ error: '请选择开始使用的季度' })
  .trim()
  .toUpperCase()
  .regex(/^20\d{2}Q[1-4]$/, { error: '开始使用的季度应为“2026Q4”的形式（年份 2000–2099）' });

export const provinceSchema = z.enum(PROVINCES, { error: '请选择本单位所在省份（自治区、直辖市）' });

/** The chosen preset of each rule kind; every id must be a preset of its own kind. */
export const rulePresetsSchema = z
  .partialRecord(z.enum(RULE_KINDS), z.string().max(60))
  .superRefine((choice, ctx) => {
    for (const [kind, id] of Object.entries(choice) as [RuleKind, string | undefined][]) {
      if (id === undefined) continue;
      if (presetById(id)?.kind !== kind)
        ctx.addIssue({ code: 'custom', path: [kind], message: `规则预设“${id}”不存在` });
    }
  });

/** The first day of a start quarter ('2026Q4' → '2026-10-01'). */
export function startQuarterFirstDay(code: string): string {
  const [y, q] = code.split('Q').map(Number) as [number, number];
  return `${y}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
}

/** '2026Q4' → '2026年第四季度' */
export function startQuarterLabel(code: string): string {
  const [y, q] = code.split('Q').map(Number) as [number, number];
  return `${y}年第${['', '一', '二', '三', '四'][q]}季度`;
}

const ruleDays = (label: string, max: number) =>
  z
    .number({ error: `${label}应为 1–${max} 之间的整数` })
    .int({ error: `${label}应为 1–${max} 之间的整数` })
    .min(1, { error: `${label}应在 1–${max} 天之间` })
    .max(max, { error: `${label}应在 1–${max} 天之间` });
const dayUnit = z.enum(DAY_UNITS, { error: '请选择按自然日还是工作日计算' });

export const settingsSchema = z.object({
  /** The quarter the office started using the app in: nothing is due before its first day (reports, checklist
   *  progress, every deadline on the 工作台). null: no start (offices set up before it was asked). */
  startQuarter: startQuarterSchema.nullable().default(null),
  /** The office's province: which rule presets are its own and which are another province's used as reference. */
  province: provinceSchema.nullable().default(null),
  /** The preset each rule was taken from (its source); the rule's values are the settings below. */
  rulePresets: rulePresetsSchema.default({}),
  /** When a quarter's checklist reports are due: its last working day (default), or N working days after it. */
  checklistReportDeadline: z
    .discriminatedUnion('rule', [
      z.object({ rule: z.literal('lastWorkingDay') }),
      z.object({
        rule: z.literal('workingDaysAfterQuarter'),
        days: z
          .number()
          .int()
          .min(1, { error: '天数应在 1–30 之间' })
          .max(30, { error: '天数应在 1–30 之间' }),
      }),
    ])
    .default({ rule: 'lastWorkingDay' }),
  /** Sessions idle this long are locked and must sign in again; 0 = never. */
  idleLockMinutes: z
    .number()
    .int()
    .min(0, { error: '自动锁定时间应在 0–480 分钟之间' })
    .max(480, { error: '自动锁定时间应在 0–480 分钟之间' })
    .default(15),
  /** The hour (0–23, office clock) at which the day's due and overdue reminder appears, besides at sign-in. */
  reminderHour: z
    .number({ error: '提醒时间应为 0–23 点之间的整点' })
    .int({ error: '提醒时间应为 0–23 点之间的整点' })
    .min(0, { error: '提醒时间应为 0–23 点之间的整点' })
    .max(23, { error: '提醒时间应为 0–23 点之间的整点' })
    .default(9),
  /** 转报 written reply: days after receipt (seed 003 §四(五): 15 days), calendar or working days. */
  referralReplyDays: ruleDays('转报回复期限', 60).default(REFERRAL_REPLY_DEFAULT.days),
  referralReplyUnit: dayUnit.default(REFERRAL_REPLY_DEFAULT.unit),
  /** 12345 feedback to 区卫生健康局: days after handling ends (seed 003 §四(四): one week). */
  complaintFeedbackDays: ruleDays('投诉反馈期限', 30).default(COMPLAINT_FEEDBACK_DEFAULT.days),
  complaintFeedbackUnit: dayUnit.default(COMPLAINT_FEEDBACK_DEFAULT.unit),
  /** 双随机 results published: days after a batch's inspections end (20 working days, 冀政办发〔2015〕22号). */
  inspectionPublicationDays: ruleDays('抽查结果公开期限', 60).default(PUBLICATION_DEFAULT.days),
  inspectionPublicationUnit: dayUnit.default(PUBLICATION_DEFAULT.unit),
  /** 依法执业自查's areas (资质, 人员, …): the submission form's and the workbook's columns. */
  selfcheckAreas: z
    .array(
      z
        .string()
        .trim()
        .min(1, { error: '自查领域名称不能为空' })
        .max(20, { error: '自查领域名称不能超过 20 个字' })
        .refine((s) => !/[,，、;；\n]/.test(s), { error: '自查领域名称不能含逗号、顿号或分号' }),
    )
    .min(1, { error: '请至少保留一个自查领域' })
    .max(20, { error: '自查领域最多 20 个' })
    .refine((a) => new Set(a).size === a.length, { error: '自查领域有重复' })
    .default([...DEFAULT_SELFCHECK_AREAS]),
  /** 审核 of 双随机 results: users designated to review besides the leaders (who may by their role); never the
   *  result's own author either way. */
  inspectionReviewerIds: z
    .array(z.number().int().positive(), { error: '指定审核人应为用户列表' })
    .max(50, { error: '指定审核人最多 50 人' })
    .refine((ids) => new Set(ids).size === ids.length, { error: '指定审核人有重复' })
    .default([]),
});
export type Settings = z.output<typeof settingsSchema>;

// An update names only what changes. `settingsSchema.partial()` would fill every absent key with its default,
// so saving one rule would reset the others: the update schema is the same fields without their defaults.
const shape = settingsSchema.shape;
const settingsValues = z.object({
  startQuarter: startQuarterSchema.optional(),
  province: provinceSchema.optional(),
  rulePresets: rulePresetsSchema.optional(),
  checklistReportDeadline: shape.checklistReportDeadline.unwrap().optional(),
  idleLockMinutes: shape.idleLockMinutes.unwrap().optional(),
  reminderHour: shape.reminderHour.unwrap().optional(),
  referralReplyDays: shape.referralReplyDays.unwrap().optional(),
  referralReplyUnit: shape.referralReplyUnit.unwrap().optional(),
  complaintFeedbackDays: shape.complaintFeedbackDays.unwrap().optional(),
  complaintFeedbackUnit: shape.complaintFeedbackUnit.unwrap().optional(),
  inspectionPublicationDays: shape.inspectionPublicationDays.unwrap().optional(),
  inspectionPublicationUnit: shape.inspectionPublicationUnit.unwrap().optional(),
  selfcheckAreas: shape.selfcheckAreas.unwrap().optional(),
  inspectionReviewerIds: shape.inspectionReviewerIds.unwrap().optional(),
});
/** `expected`: the values the editor started from, for what it changes (compare-and-set, db/core/versions.ts):
 *  when another seat saved since, the save answers CONFLICT. Absent (the CLI, the demo): never refused. */
export const settingsPatch = settingsValues.extend({
  expected: settingsValues
    .extend({
      startQuarter: startQuarterSchema.nullable().optional(),
      province: provinceSchema.nullable().optional(),
    })
    .optional(),
});
// A setting added above and forgotten here fails to compile.
const _everySetting: Record<Exclude<keyof Settings, keyof z.output<typeof settingsPatch>>, never> = {};
void _everySetting;

export const settingsContract = {
  'settings.get': query(z.object({}), result<Settings>(), can('read')),
  'settings.update': mutation(settingsPatch, result<Settings>(), can('settings.manage')),
};
