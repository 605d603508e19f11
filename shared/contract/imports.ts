// 数据迁入: one import wizard for every register. The office's own spreadsheet is read as it is (any sheet, the
// header on any row, merged title rows above it); its columns are mapped to the register's fields and its coded
// values to the app's categories; the preview lists every row's action and problems; the write is all or nothing.
// Mappings are remembered per register and header layout, and travel between districts as JSON.
import { z } from 'zod';
import { can, mutation, query, result } from './define';
import { fileUpload, id, progressIdSchema, type FileDownload } from './common';
import type { ImportAction } from './departments';

export const IMPORT_REGISTERS = [
  'departments',
  'institutions',
  'practitioners',
  'inspectors',
  'complaints',
  'inspections',
  'spotItems',
  'experts',
] as const;
export type ImportRegisterKey = (typeof IMPORT_REGISTERS)[number];
export const IMPORT_REGISTER_LABELS: Record<ImportRegisterKey, string> = {
  departments: '成员单位',
  institutions: '监管对象',
  practitioners: '从业人员',
  inspectors: '执法检查人员',
  complaints: '12345 投诉工单',
  inspections: '历史检查记录',
  spotItems: '随机抽查事项清单',
  experts: '专家库',
};

export type ImportFieldType = 'text' | 'code' | 'date' | 'bool';

/** A register's field as the wizard shows it. */
export interface ImportFieldInfo {
  /** The field's name: the app's own column header (e.g. 机构名称). */
  name: string;
  required: boolean;
  type: ImportFieldType;
  /** For coded fields: the app's values. */
  options: string[];
  /** Rows match existing records by this field (统一社会信用代码, 证书编号, 工单编号…). */
  key: boolean;
  hint: string;
}

export interface ImportSheetInfo {
  name: string;
  rowCount: number;
}

export interface ImportColumn {
  /** The column's header text (made unique with its letter when two columns share one). */
  key: string;
  /** A, B, … */
  letter: string;
  /** The first few values under the header. */
  samples: string[];
}

export interface SavedImportMapping {
  id: number;
  register: ImportRegisterKey;
  signature: string;
  name: string;
  headers: string[];
  columns: Record<string, string | null>;
  values: Record<string, Record<string, string>>;
  /** 'saved' when an import here saved it, 'imported' when it came from another district's JSON. */
  source: 'saved' | 'imported';
  updatedAt: string;
  updatedBy: string;
}

export interface ImportInspection {
  register: ImportRegisterKey;
  sha256: string;
  sheets: ImportSheetInfo[];
  sheet: string;
  /** The header's row number as Excel shows it; null when none could be recognised. */
  headerRow: number | null;
  /** Why no header was found, in Chinese; null when one was. */
  problem: string | null;
  /** The sheet's first rows as text, to show where the header is. */
  topRows: string[][];
  columns: ImportColumn[];
  dataRowCount: number;
  /** The header layout's signature: the key under which its mapping is remembered. */
  signature: string | null;
  fields: ImportFieldInfo[];
  /** field name → column key (null: not mapped); the remembered mapping's, else the proposal. */
  columnMap: Record<string, string | null>;
  /** field name → file value → app value, from the remembered mapping. */
  valueMap: Record<string, Record<string, string>>;
  remembered: SavedImportMapping | null;
}

export interface ImportValueChoice {
  value: string;
  count: number;
  /** The app's value the file's value clearly corresponds to; null when it is for the person to choose. */
  proposed: string | null;
}

export interface ImportValueField {
  field: string;
  options: string[];
  values: ImportValueChoice[];
}

export interface ImportPreviewRow {
  rowNumber: number;
  action: ImportAction;
  label: string;
  changes: string[];
  errors: string[];
}

export interface ImportPreviewResult {
  rows: ImportPreviewRow[];
  createCount: number;
  updateCount: number;
  unchangedCount: number;
  errorCount: number;
  /** Columns of the file no field takes. */
  unmappedColumns: string[];
}

const register = z.enum(IMPORT_REGISTERS, { error: '未知的导入对象' });
const fieldName = z.string().max(60);
const inspectInput = fileUpload.extend({
  register,
  sheet: z.string().max(100).optional(),
  headerRow: z.number().int().min(1).max(1000).optional(),
});
const columnMap = z.record(fieldName, z.string().max(300).nullable());
const valueMap = z.record(fieldName, z.record(z.string().max(500), z.string().max(100)));
const mappedInput = fileUpload.extend({
  register,
  sheet: z.string().max(100),
  headerRow: z.number().int().min(1).max(1000),
  columns: columnMap,
});
const previewInput = mappedInput.extend({ values: valueMap });

export const importsContract = {
  'imports.inspect': query(inspectInput, result<ImportInspection>(), can('records.write')),
  'imports.values': query(mappedInput, result<ImportValueField[]>(), can('records.write')),
  'imports.preview': query(previewInput, result<ImportPreviewResult>(), can('records.write')),
  'imports.apply': mutation(
    previewInput.extend({ remember: z.boolean().default(true), progressId: progressIdSchema }),
    result<ImportPreviewResult>(),
    can('records.write'),
  ),
  'imports.mappings': query(
    z.object({ register: register.optional() }),
    result<SavedImportMapping[]>(),
    can('read'),
  ),
  'imports.exportMapping': query(z.object({ id }), result<FileDownload>(), can('read')),
  'imports.importMapping': mutation(fileUpload, result<SavedImportMapping>(), can('records.write')),
  'imports.removeMapping': mutation(z.object({ id }), result<{ id: number }>(), can('records.write')),
};
