// 任务清单 Excel round trip: one fill-in workbook per department, year and quarter (牵头 items first, then
// 参与), filled in Excel/WPS and imported back with a row-by-row preview before anything is written.
import { z } from 'zod';
import { can, mutation, query, result } from './define';
import { fileUpload, id, type FileDownload } from './common';

export type ChecklistImportAction = 'apply' | 'skip' | 'error';

export interface ChecklistImportRow {
  /** 1-based row number as Excel shows it. */
  rowNumber: number;
  itemCode: string;
  itemTitle: string;
  departmentName: string;
  /** The 进展状态 as written in the file (a label such as 已完成), or '' when empty. */
  statusLabel: string;
  action: ChecklistImportAction;
  /** Why a row is skipped (未填写, 与已有填报相同); empty for rows to apply or in error. */
  note: string;
  errors: string[];
}

export interface ChecklistImportPreview {
  /** The file's year, quarter and department (from its hidden 填报信息 sheet or its first keyed row). */
  year: number;
  quarter: 1 | 2 | 3 | 4;
  department: { id: number; shortName: string } | null;
  rows: ChecklistImportRow[];
  applyCount: number;
  skipCount: number;
  errorCount: number;
}

const year = z.number().int().min(2000).max(2100);
const quarter = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], { error: '季度应为 1–4' });

export const checklistFilesContract = {
  'checklist.exportWorkbook': query(
    z.object({ year, quarter, departmentId: id }),
    result<FileDownload>(),
    can('print'),
  ),
  /** The whole year's list (every item, retired ones marked) as an Excel workbook. */
  'checklist.exportXlsx': query(z.object({ year }), result<FileDownload>(), can('print')),
  'checklist.importPreview': query(fileUpload, result<ChecklistImportPreview>(), can('records.write')),
  'checklist.importApply': mutation(fileUpload, result<ChecklistImportPreview>(), can('records.write')),
};
