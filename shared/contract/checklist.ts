// 任务清单: one checklist per year, its items with lead (牵头) and participating (参与) departments, and the
// quarterly progress each department reports on each of its items, with evidence files.
import { z } from 'zod';
import { can, mutation, query, result } from './define';
import { fileUpload, editVersion, id, optionalText, requiredText, type FileDownload } from './common';
import { PROGRESS_STATUSES, type ProgressStatus, type UnitRole } from '../domain/checklist';

export interface TemplateSummary {
  id: string;
  name: string;
  document: string;
  itemCount: number;
}

export interface ChecklistSummary {
  id: number;
  year: number;
  title: string;
  templateId: string | null;
  itemCount: number;
}

export interface ItemUnit {
  departmentId: number;
  shortName: string;
  role: UnitRole;
}

/** For items whose remark sets a yearly frequency: how many fulfilling records this year. */
export interface ItemMeasure {
  requiredPerYear: number;
  achieved: number;
  source: string;
  /** false while the module that keeps those records is not built yet (the count is then 0, from no data). */
  counted: boolean;
  /** When the minimum comes from a rule rather than the item's remark: what is counted, in a few words
   *  (本年 联合执法行动 1/1), and the rule. */
  short?: string;
  rule?: string;
}

export interface ChecklistItem {
  /** Raised by every save: what an editor sends back as `version` (db/core/versions.ts). */
  version: number;
  id: number;
  seq: number;
  code: string;
  title: string;
  text: string;
  remark: string;
  retired: boolean;
  measure: ItemMeasure | null;
  units: ItemUnit[];
  updatedAt: string;
}

export interface Checklist extends ChecklistSummary {
  document: string;
  leadRule: string;
  items: ChecklistItem[];
}

export interface EvidenceFile {
  id: number;
  fileName: string;
  size: number;
  sha256: string;
  mimeType: string;
}

export interface ProgressReport {
  /** Raised by every save: what an editor sends back as `version` (db/core/versions.ts). */
  version: number;
  id: number;
  itemId: number;
  departmentId: number;
  quarter: 1 | 2 | 3 | 4;
  status: ProgressStatus;
  narrative: string;
  issues: string;
  nextSteps: string;
  reporterName: string;
  reportedAt: string;
  evidence: EvidenceFile[];
}

/** One cell of the items × departments matrix. */
export interface MatrixCell {
  itemId: number;
  departmentId: number;
  role: UnitRole;
  status: ProgressStatus | null;
  late: boolean;
}

export interface ChecklistProgressView {
  checklistId: number;
  year: number;
  quarter: 1 | 2 | 3 | 4;
  /** The quarter's reporting deadline (default: its last working day); reports missing after it are late. */
  deadline: string;
  deadlinePassed: boolean;
  departments: { id: number; shortName: string }[];
  cells: MatrixCell[];
  reports: ProgressReport[];
  summaries: { itemId: number; text: string; authorName: string; updatedAt: string }[];
}

export interface TemplatePreview {
  template: TemplateSummary;
  unresolved: { name: string; items: string[] }[];
}

const year = z.number().int().min(2000).max(2100);
const quarter = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], { error: '季度应为 1–4' });
const units = z
  .array(z.object({ departmentId: id, role: z.enum(['lead', 'participant']) }))
  .max(60)
  .superRefine((u, ctx) => {
    if (u.length > 0 && u.filter((x) => x.role === 'lead').length !== 1) {
      ctx.addIssue({ code: 'custom', message: '每项任务须有且只有一个牵头单位' });
    }
    if (new Set(u.map((x) => x.departmentId)).size !== u.length) {
      ctx.addIssue({ code: 'custom', message: '同一单位不能重复列入' });
    }
  });

const itemInput = z.object({
  code: z.string().trim().max(12).default(''),
  title: requiredText(120, '任务名称'),
  text: optionalText(4000, '任务内容'),
  remark: optionalText(100, '备注'),
  units,
});

export const checklistContract = {
  'checklist.templates': query(z.object({}), result<TemplateSummary[]>(), can('read')),
  'checklist.list': query(z.object({}), result<ChecklistSummary[]>(), can('read')),
  'checklist.get': query(z.object({ year }), result<Checklist | null>(), can('read')),
  'checklist.previewTemplate': query(
    z.object({ templateId: z.string().max(40) }),
    result<TemplatePreview>(),
    can('records.write'),
  ),
  'checklist.create': mutation(
    z.object({
      year,
      /** null = start with an empty list */
      templateId: z.string().max(40).nullable(),
      /** Names the directory does not know: map to an existing department, or create it. */
      unresolved: z
        .array(z.object({ name: z.string().max(60), departmentId: id.nullable() }))
        .max(200)
        .default([]),
    }),
    result<Checklist>(),
    can('records.write'),
  ),
  'checklist.copyForward': mutation(
    z.object({ fromYear: year, toYear: year }),
    result<Checklist>(),
    can('records.write'),
  ),
  'checklist.addItem': mutation(
    itemInput.extend({ checklistId: id }),
    result<ChecklistItem>(),
    can('records.write'),
  ),
  'checklist.updateItem': mutation(
    itemInput.extend({ itemId: id, version: editVersion }),
    result<ChecklistItem>(),
    can('records.write'),
  ),
  'checklist.setRetired': mutation(
    z.object({ itemId: id, retired: z.boolean() }),
    result<ChecklistItem>(),
    can('records.write'),
  ),
  'checklist.reorder': mutation(
    z.object({ checklistId: id, itemIds: z.array(id).min(1).max(500) }),
    result<Checklist>(),
    can('records.write'),
  ),
  'checklist.progress': query(z.object({ year, quarter }), result<ChecklistProgressView>(), can('read')),
  'checklist.report': mutation(
    z.object({
      itemId: id,
      departmentId: id,
      quarter,
      status: z.enum(PROGRESS_STATUSES, { error: '请选择进展状态' }),
      narrative: optionalText(4000, '工作进展'),
      issues: optionalText(2000, '存在问题'),
      nextSteps: optionalText(2000, '下一步计划'),
      /** New evidence files to attach; existing ones are kept unless listed in removeEvidenceIds. */
      evidence: z.array(fileUpload).max(10).default([]),
      removeEvidenceIds: z.array(id).max(50).default([]),
      /** The version of the department's report for that quarter the form started from (none: a first report). */
      version: editVersion,
    }),
    result<ProgressReport>(),
    can('records.write'),
  ),
  'checklist.summarize': mutation(
    z.object({ itemId: id, quarter, text: requiredText(4000, '牵头单位汇总') }),
    result<null>(),
    can('records.write'),
  ),
  'checklist.evidenceFile': query(z.object({ fileId: id }), result<FileDownload>(), can('read')),
};
