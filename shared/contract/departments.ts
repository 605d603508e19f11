// 成员单位: the member-department directory every other module refers to (checklist 责任单位, meeting
// attendees, enforcement teams). Names resolve through full name, short name and aliases.
import { z } from 'zod';
import { can, mutation, query, result } from './define';
import { editVersion, fileUpload, id, optionalText, requiredText, type FileDownload } from './common';

export const DEPARTMENT_KINDS = ['department', 'township', 'collective'] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];
export const DEPARTMENT_KIND_LABELS: Record<DepartmentKind, string> = {
  department: '部门',
  township: '镇街',
  collective: '统称',
};

export interface Department {
  id: number;
  /** Raised by every save: what an editor sends back as `version` (db/core/versions.ts). */
  version: number;
  fullName: string;
  shortName: string;
  aliases: string[];
  kind: DepartmentKind;
  contactPerson: string;
  contactPhone: string;
  duties: string;
  sortOrder: number;
  active: boolean;
  updatedAt: string;
}

const alias = z.string().trim().min(1).max(40, { error: '别名不能超过 40 个字' });

export const departmentInput = z.object({
  fullName: requiredText(60, '单位全称'),
  shortName: requiredText(30, '简称'),
  aliases: z
    .array(alias)
    .max(20, { error: '别名最多 20 个' })
    .default([])
    .refine((a) => new Set(a).size === a.length, { error: '别名有重复' }),
  kind: z.enum(DEPARTMENT_KINDS, { error: '单位类型无效' }).default('department'),
  contactPerson: optionalText(30, '联系人'),
  contactPhone: z
    .string()
    .trim()
    .max(40)
    .default('')
    .refine((s) => s === '' || /^[0-9+\-（）() 转,，、]{5,40}$/.test(s), {
      error: '联系电话只能包含数字、短横线、括号、空格或“转”',
    }),
  duties: optionalText(2000, '职责'),
  sortOrder: z.number().int().min(0).max(100000).optional(),
});
export type DepartmentInput = z.input<typeof departmentInput>;

export type ImportAction = 'create' | 'update' | 'unchanged';
export interface ImportRowPreview {
  rowNumber: number;
  action: ImportAction;
  fullName: string;
  shortName: string;
  changes: string[];
  errors: string[];
}
export interface DepartmentImportPreview {
  rows: ImportRowPreview[];
  createCount: number;
  updateCount: number;
  unchangedCount: number;
  errorCount: number;
}

export interface NameResolution {
  name: string;
  departmentId: number | null;
  matchedBy: 'fullName' | 'shortName' | 'alias' | null;
}

export const departmentsContract = {
  'departments.list': query(
    z.object({ includeInactive: z.boolean().default(true) }),
    result<Department[]>(),
    can('read'),
  ),
  'departments.create': mutation(departmentInput, result<Department>(), can('records.write')),
  'departments.update': mutation(
    departmentInput.extend({ id, version: editVersion }),
    result<Department>(),
    can('records.write'),
  ),
  'departments.setActive': mutation(
    z.object({ id, active: z.boolean() }),
    result<Department>(),
    can('records.write'),
  ),
  'departments.reorder': mutation(
    z.object({ ids: z.array(id).min(1).max(5000) }),
    result<Department[]>(),
    can('records.write'),
  ),
  'departments.resolve': query(
    z.object({ names: z.array(z.string().max(60)).max(500) }),
    result<NameResolution[]>(),
    can('read'),
  ),
  'departments.exportXlsx': query(
    z.object({ includeInactive: z.boolean().default(true) }),
    result<FileDownload>(),
    can('print'),
  ),
  'departments.importPreview': query(fileUpload, result<DepartmentImportPreview>(), can('records.write')),
  'departments.importApply': mutation(fileUpload, result<DepartmentImportPreview>(), can('records.write')),
};
