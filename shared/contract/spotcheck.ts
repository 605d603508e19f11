// 一单两库一细则 (国办发〔2019〕5号): the 随机抽查事项清单 (each item with its legal basis, subject, targets, content,
// method, suggested ratio and frequency, and the qualification an inspector needs), the 专家库 (experts with their
// 回避), the 审核 of inspection results before 公开, the 抽查计划公示 and the counting of the work. Rules:
// ../domain/spotcheck.ts.
import { z } from 'zod';
import { can, mutation, query, result } from './define';
import { editVersion, id, optionalText, requiredText, type FileDownload } from './common';
import { INSTITUTION_CATEGORIES, type InstitutionCategory } from '../domain/institutions';
import { APPROVAL_DECISIONS, type ApprovalDecision } from '../domain/spotcheck';
import { conflictInput } from './enforcement';
import type { Inspection } from './inspections';

export * from '../domain/spotcheck';

// ---------------------------------------------------------------------------------------------- 随机抽查事项清单

export interface SpotItem {
  /** Raised by every save: what an editor sends back as `version` (db/core/versions.ts). */
  version: number;
  id: number;
  name: string;
  subItem: string;
  /** 抽查依据: laws and regulations by title (and article where the office knows it). */
  basis: string;
  /** 抽查主体. */
  subject: string;
  /** 抽查对象: institution categories (empty: every category). */
  categories: InstitutionCategory[];
  content: string;
  method: string;
  ratioText: string;
  frequency: string;
  /** 检查人员要求: a qualification tag, '' for none. */
  qualification: string;
  active: boolean;
  /** '事项名称（子项）' or the name alone: how plans, records and notices name it. */
  label: string;
  updatedAt: string;
}

/** How a plan, a record and a notice name an item. */
export const spotItemLabel = (i: { name: string; subItem: string }) =>
  i.subItem ? `${i.name}（${i.subItem}）` : i.name;

export const spotItemInput = z.object({
  name: requiredText(60, '事项名称'),
  subItem: optionalText(60, '子项'),
  basis: requiredText(500, '抽查依据'),
  subject: optionalText(100, '抽查主体'),
  categories: z
    .array(z.enum(INSTITUTION_CATEGORIES, { error: '抽查对象中的机构类别无效' }))
    .max(INSTITUTION_CATEGORIES.length)
    .default([])
    .refine((c) => new Set(c).size === c.length, { error: '抽查对象有重复' }),
  content: optionalText(1000, '抽查内容'),
  method: optionalText(200, '抽查方式'),
  ratioText: optionalText(60, '抽查比例'),
  frequency: optionalText(60, '抽查频次'),
  qualification: optionalText(20, '检查人员要求'),
});
export type SpotItemInput = z.input<typeof spotItemInput>;

// ---------------------------------------------------------------------------------------------- 专家库

export interface ExpertConflict {
  institutionId: number;
  institutionName: string;
  institutionUscc: string;
  reason: string;
}

export interface Expert {
  /** Raised by every save: what an editor sends back as `version` (db/core/versions.ts). */
  version: number;
  id: number;
  name: string;
  unit: string;
  field: string;
  active: boolean;
  conflicts: ExpertConflict[];
  updatedAt: string;
}

export const expertInput = z.object({
  name: requiredText(30, '姓名'),
  unit: requiredText(60, '工作单位'),
  field: requiredText(30, '专业领域'),
  conflicts: z
    .array(conflictInput)
    .max(200, { error: '回避对象最多 200 个' })
    .default([])
    .refine((c) => new Set(c.map((x) => x.institutionId)).size === c.length, { error: '回避对象有重复' }),
});
export type ExpertInput = z.input<typeof expertInput>;

// ---------------------------------------------------------------------------------------------- 审核

export const approvalInput = z
  .object({
    id,
    decision: z.enum(APPROVAL_DECISIONS, { error: '请选择审核结论（通过或退回）' }),
    reason: optionalText(500, '退回原因'),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'return' && v.reason === '')
      ctx.addIssue({ code: 'custom', path: ['reason'], message: '退回须写明原因' });
  });
export type ApprovalInput = z.input<typeof approvalInput>;

export interface InspectionApproval {
  decision: ApprovalDecision;
  reason: string;
  reviewerName: string;
  at: string;
}

// ---------------------------------------------------------------------------------------------- 抽查计划公示

export interface PlanAnnouncementRow {
  no: number;
  item: string;
  basis: string;
  categories: string;
  content: string;
  method: string;
  qualification: string;
}

export interface PlanAnnouncement {
  /** The office's date when it was read: the announcement's date in print, Word and the command line alike. */
  date: string;
  officeName: string;
  planId: number;
  year: number;
  planName: string;
  /** The batch announced, or null for the plan as a whole. */
  batch: { number: number; name: string; startDate: string; endDate: string } | null;
  title: string;
  scope: string;
  departments: string;
  ratios: string;
  teamRule: string;
  batches: string[];
  items: PlanAnnouncementRow[];
}

export const PLAN_ANNOUNCEMENT_COLUMNS: { key: keyof PlanAnnouncementRow; header: string; width: number }[] =
  [
    { key: 'no', header: '序号', width: 6 },
    { key: 'item', header: '抽查事项', width: 26 },
    { key: 'basis', header: '抽查依据', width: 40 },
    { key: 'categories', header: '抽查对象', width: 22 },
    { key: 'content', header: '抽查内容', width: 36 },
    { key: 'method', header: '抽查方式', width: 16 },
    { key: 'qualification', header: '检查人员要求', width: 14 },
  ];

const announcementRef = z.object({
  planId: id,
  /** Absent: the plan as a whole. */
  batchNumber: z.number().int().min(1).max(99).optional(),
});

// ---------------------------------------------------------------------------------------------- counting

export interface SpotcheckCountRow {
  key: string;
  label: string;
  /** 检查户次 / 检查数. */
  inspected: number;
  /** 发现问题户次 (不合格). */
  problems: number;
  /** 立案数 (后续处置 移送办案机构 or a case number). */
  cases: number;
  /** 不合格率 in percent, one decimal; null when nothing was inspected. */
  problemRate: number | null;
}

export interface SpotcheckCounts {
  year: number;
  total: SpotcheckCountRow;
  byDepartment: SpotcheckCountRow[];
  byItem: SpotcheckCountRow[];
  byCategory: SpotcheckCountRow[];
  byStreet: SpotcheckCountRow[];
}

export const spotcheckContract = {
  'spotItems.list': query(
    z.object({ includeInactive: z.boolean().default(true) }),
    result<SpotItem[]>(),
    can('read'),
  ),
  'spotItems.create': mutation(spotItemInput, result<SpotItem>(), can('records.write')),
  'spotItems.update': mutation(
    spotItemInput.extend({ id, version: editVersion }),
    result<SpotItem>(),
    can('records.write'),
  ),
  'spotItems.setActive': mutation(
    z.object({ id, active: z.boolean() }),
    result<SpotItem>(),
    can('records.write'),
  ),
  'spotItems.exportXlsx': query(z.object({}), result<FileDownload>(), can('print')),
  /** Adds the starter list for 医疗卫生 (items not yet on the list). */
  'spotItems.addStarter': mutation(z.object({}), result<{ added: number }>(), can('records.write')),

  'experts.list': query(
    z.object({ includeInactive: z.boolean().default(true) }),
    result<Expert[]>(),
    can('read'),
  ),
  'experts.create': mutation(expertInput, result<Expert>(), can('records.write')),
  'experts.update': mutation(
    expertInput.extend({ id, version: editVersion }),
    result<Expert>(),
    can('records.write'),
  ),
  'experts.exportXlsx': query(z.object({}), result<FileDownload>(), can('print')),
  'experts.setActive': mutation(
    z.object({ id, active: z.boolean() }),
    result<Expert>(),
    can('records.write'),
  ),

  /** 审核: leaders (the approve permission) and the designated reviewers of the settings; the handler checks which. */
  'inspections.approve': mutation(approvalInput, result<Inspection>(), can('read')),

  'planAnnouncements.get': query(announcementRef, result<PlanAnnouncement>(), can('read')),
  'planAnnouncements.docx': query(announcementRef, result<FileDownload>(), can('print')),
  'planAnnouncements.xlsx': query(announcementRef, result<FileDownload>(), can('print')),

  'spotcheck.counts': query(
    z.object({ year: z.number().int().min(2000).max(2100) }),
    result<SpotcheckCounts>(),
    can('read'),
  ),
};
