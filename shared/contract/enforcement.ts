// 联合执法, part 1: the three directories the 双随机 draw will work from — 监管对象 (检查对象名录库), 从业人员, and
// 执法检查人员 (执法检查人员名录库) with the institutions each must not inspect (回避). No ID-card numbers are kept.
import { z } from 'zod';
import { can, mutation, query, result } from './define';
import {
  editVersion,
  fileUpload,
  id,
  optionalText,
  listView,
  pageInput,
  requiredText,
  type FileDownload,
  type PageOf,
  progressIdSchema,
} from './common';
import type { ImportAction } from './departments';
import {
  INSTITUTION_CATEGORIES,
  INSTITUTION_LEVELS,
  INSTITUTION_STATUSES,
  OWNERSHIPS,
  PRACTITIONER_CATEGORIES,
  normalizeUscc,
  usccProblem,
  type CreditTier,
  type InstitutionCategory,
  type InstitutionLevel,
  type InstitutionStatus,
  type Ownership,
  type PractitionerCategory,
} from '../domain/institutions';

export * from '../domain/institutions';

export interface Institution {
  id: number;
  /** Raised by every save: what an editor sends back as `version` (db/core/versions.ts). */
  version: number;
  name: string;
  uscc: string;
  /** 医疗机构执业许可证登记号; '' when the institution has none (e.g. 备案 clinics). */
  licenceNo: string;
  category: InstitutionCategory;
  ownership: Ownership;
  level: InstitutionLevel;
  address: string;
  street: string;
  grid: string;
  status: InstitutionStatus;
  /** From the credit ledger; null until it has rated the institution. */
  creditTier: CreditTier | null;
  /** Practitioners on the register with status 在职. */
  practitionerCount: number;
  updatedAt: string;
}

export interface Practitioner {
  id: number;
  /** Raised by every save: what an editor sends back as `version` (db/core/versions.ts). */
  version: number;
  name: string;
  category: PractitionerCategory;
  certificateNo: string;
  institutionId: number;
  institutionName: string;
  institutionUscc: string;
  active: boolean;
  updatedAt: string;
}

export interface InspectorConflict {
  institutionId: number;
  institutionName: string;
  institutionUscc: string;
  reason: string;
}

export interface Inspector {
  id: number;
  /** Raised by every save: what an editor sends back as `version` (db/core/versions.ts). */
  version: number;
  name: string;
  departmentId: number;
  /** The department's 简称, as the office names it. */
  departmentName: string;
  badgeNo: string;
  active: boolean;
  /** 资质标签 (放射卫生, 传染病防治, 中医 …): an item that requires one needs a team member who has it. */
  qualifications: string[];
  conflicts: InspectorConflict[];
  updatedAt: string;
}

export const usccField = z
  .string({ error: '请填写统一社会信用代码' })
  .transform(normalizeUscc)
  .superRefine((code, ctx) => {
    const problem = usccProblem(code);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Letters, digits and hyphens, upper-cased: what licence and certificate numbers are made of. */
const codeText = (base: z.ZodString, label: string) =>
  base
    .transform((s) => s.toUpperCase())
    .refine((s) => /^[0-9A-Z-]*$/.test(s), { error: `${label}只能包含字母、数字和短横线` });

export const institutionInput = z.object({
  name: requiredText(100, '机构名称'),
  uscc: usccField,
  licenceNo: codeText(
    z.string().trim().max(40, { error: '执业许可证登记号不能超过 40 个字' }),
    '执业许可证登记号',
  ).default(''),
  category: z.enum(INSTITUTION_CATEGORIES, { error: '请选择机构类别' }),
  ownership: z.enum(OWNERSHIPS, { error: '请选择所有制（公立或社会办）' }),
  level: z.enum(INSTITUTION_LEVELS, { error: '请选择等级' }).default('unrated'),
  address: optionalText(200, '地址'),
  street: optionalText(30, '街道/镇'),
  grid: optionalText(30, '网格'),
  status: z.enum(INSTITUTION_STATUSES, { error: '请选择经营状态' }).default('operating'),
});
export type InstitutionInput = z.input<typeof institutionInput>;

export const practitionerInput = z.object({
  name: requiredText(30, '姓名'),
  category: z.enum(PRACTITIONER_CATEGORIES, { error: '请选择人员类别（医师、护士、药师或技师）' }),
  certificateNo: codeText(requiredText(40, '证书编号'), '证书编号'),
  institutionId: z.number({ error: '请选择执业机构' }).int().positive({ error: '请选择执业机构' }),
});
export type PractitionerInput = z.input<typeof practitionerInput>;

export const conflictInput = z.object({
  institutionId: z
    .number({ error: '请选择回避的监管对象' })
    .int()
    .positive({ error: '请选择回避的监管对象' }),
  reason: requiredText(100, '回避理由').refine((s) => !/[；;\r\n]/.test(s), {
    error: '回避理由不能包含分号或换行',
  }),
});

export const inspectorInput = z.object({
  name: requiredText(30, '姓名'),
  departmentId: z.number({ error: '请选择所属单位' }).int().positive({ error: '请选择所属单位' }),
  badgeNo: requiredText(40, '执法证号')
    .transform((s) => s.toUpperCase())
    .refine((s) => /^[0-9A-Z\u4e00-\u9fff-]+$/.test(s), {
      error: '执法证号只能包含汉字、字母、数字和短横线',
    }),
  conflicts: z
    .array(conflictInput)
    .max(200, { error: '回避对象最多 200 个' })
    .default([])
    .refine((c) => new Set(c.map((x) => x.institutionId)).size === c.length, {
      error: '回避对象有重复',
    }),
  qualifications: z
    .array(
      requiredText(20, '资质').refine((s) => !/[；;、,，\r\n]/.test(s), {
        error: '资质名称不能包含分隔符（分号、顿号、逗号）或换行',
      }),
    )
    .max(20, { error: '资质最多 20 项' })
    .default([])
    .refine((q) => new Set(q).size === q.length, { error: '资质有重复' })
    .transform((q) => [...q].sort()),
});
export type InspectorInput = z.input<typeof inspectorInput>;

export interface DirectoryImportRow {
  rowNumber: number;
  action: ImportAction;
  /** What the row is, as a person recognises it: a name and its key (代码, 证号). */
  label: string;
  changes: string[];
  errors: string[];
}
export interface DirectoryImportPreview {
  rows: DirectoryImportRow[];
  createCount: number;
  updateCount: number;
  unchangedCount: number;
  errorCount: number;
}

const includeAll = z.object({ includeInactive: z.boolean().default(true) });

/** The 从业人员 register's filters: the grid's, and the export's (the whole filtered list). */
const practitionerFilters = {
  status: z.enum(['all', 'active', 'inactive']).default('all'),
  category: z.enum(PRACTITIONER_CATEGORIES).optional(),
  institutionId: id.optional(),
  /** Words in 姓名, 证书编号, 执业机构 or its 代码. */
  search: z.string().trim().max(100).optional(),
  /** One person (a picker that opens on someone already chosen). */
  id: id.optional(),
};

/** 从业人员's sortable columns (the grid's column ids), which the grid may filter too. */
export const PRACTITIONER_SORT_KEYS = [
  'name',
  'category',
  'certificateNo',
  'institutionName',
  'institutionUscc',
] as const;

export interface PractitionerCounts {
  active: number;
}

/** The rows ticked in a register's grid: each with the version the grid showed, so a batch change over a record
 *  someone has changed since is refused (db/core/versions.ts), like a single edit. */
const selectedRecords = (what: string) =>
  z
    .array(z.object({ id, version: editVersion }))
    .min(1, { error: `请先勾选要变更的${what}` })
    .max(1000, { error: `一次最多变更 1000 条${what}` })
    .refine((a) => new Set(a.map((r) => r.id)).size === a.length, { error: `所选${what}有重复` });

/** 导出所选: only these records, in the columns of the whole export. */
const selectedIds = z
  .array(id)
  .min(1, { error: '请先勾选要导出的记录' })
  .max(5000, { error: '一次最多导出所选 5000 条' })
  .optional();

export const enforcementContract = {
  'institutions.list': query(includeAll, result<Institution[]>(), can('read')),
  'institutions.create': mutation(institutionInput, result<Institution>(), can('records.write')),
  'institutions.update': mutation(
    institutionInput.extend({ id, version: editVersion }),
    result<Institution>(),
    can('records.write'),
  ),
  'institutions.setStatus': mutation(
    z.object({ id, status: z.enum(INSTITUTION_STATUSES, { error: '请选择经营状态' }) }),
    result<Institution>(),
    can('records.write'),
  ),
  /** 批量变更状态 (停业, 注销, 恢复在业): every ticked institution, in one transaction with an audit row each. */
  'institutions.setStatusMany': mutation(
    z.object({
      records: selectedRecords('监管对象'),
      status: z.enum(INSTITUTION_STATUSES, { error: '请选择经营状态' }),
    }),
    result<Institution[]>(),
    can('records.write'),
  ),
  'institutions.exportXlsx': query(
    includeAll.extend({ ids: selectedIds, progressId: progressIdSchema }),
    result<FileDownload>(),
    can('print'),
  ),
  'institutions.importPreview': query(fileUpload, result<DirectoryImportPreview>(), can('records.write')),
  'institutions.importApply': mutation(fileUpload, result<DirectoryImportPreview>(), can('records.write')),

  'practitioners.list': query(
    includeAll.extend({ institutionId: id.optional() }),
    result<Practitioner[]>(),
    can('read'),
  ),
  'practitioners.create': mutation(practitionerInput, result<Practitioner>(), can('records.write')),
  'practitioners.update': mutation(
    practitionerInput.extend({ id, version: editVersion }),
    result<Practitioner>(),
    can('records.write'),
  ),
  'practitioners.setActive': mutation(
    z.object({ id, active: z.boolean() }),
    result<Practitioner>(),
    can('records.write'),
  ),
  'practitioners.setActiveMany': mutation(
    z.object({ records: selectedRecords('从业人员'), active: z.boolean() }),
    result<Practitioner[]>(),
    can('records.write'),
  ),
  /** A block of the 从业人员 register, filtered, searched and sorted on the server. */
  'practitioners.page': query(
    pageInput(practitionerFilters, PRACTITIONER_SORT_KEYS),
    result<PageOf<Practitioner, PractitionerCounts>>(),
    can('read'),
  ),
  /** The register as an Excel file: the whole list the filters select (every record without them). */
  'practitioners.exportXlsx': query(
    includeAll
      .extend(practitionerFilters)
      .extend(listView(PRACTITIONER_SORT_KEYS))
      .extend({ ids: selectedIds, progressId: progressIdSchema }),
    result<FileDownload>(),
    can('print'),
  ),
  'practitioners.importPreview': query(fileUpload, result<DirectoryImportPreview>(), can('records.write')),
  'practitioners.importApply': mutation(fileUpload, result<DirectoryImportPreview>(), can('records.write')),

  'inspectors.list': query(includeAll, result<Inspector[]>(), can('read')),
  'inspectors.create': mutation(inspectorInput, result<Inspector>(), can('records.write')),
  'inspectors.update': mutation(
    inspectorInput.extend({ id, version: editVersion }),
    result<Inspector>(),
    can('records.write'),
  ),
  'inspectors.setActive': mutation(
    z.object({ id, active: z.boolean() }),
    result<Inspector>(),
    can('records.write'),
  ),
  'inspectors.setActiveMany': mutation(
    z.object({ records: selectedRecords('执法检查人员'), active: z.boolean() }),
    result<Inspector[]>(),
    can('records.write'),
  ),
  'inspectors.exportXlsx': query(
    includeAll.extend({ ids: selectedIds }),
    result<FileDownload>(),
    can('print'),
  ),
  'inspectors.importPreview': query(fileUpload, result<DirectoryImportPreview>(), can('records.write')),
  'inspectors.importApply': mutation(fileUpload, result<DirectoryImportPreview>(), can('records.write')),
};
