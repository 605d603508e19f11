// A workbook read as plain text grids, one per sheet, for the import wizard. The upload goes through the zip
// guard (loadWorkbook); cells become text the way a person reads them: dates as YYYY-MM-DD, formulas by their
// result, rich text joined, a merged range's value in each of its cells (exceljs gives the master's value).
// Grids are kept for the last few files by SHA-256, so the wizard's steps do not re-read a 20,000-row file.
// The parse runs in an import worker (worker-pool.ts), under its memory and time limits.
import { createHash } from 'node:crypto';
import type ExcelJS from 'exceljs';
import { AppError } from '../../../shared/errors';
import { fromExcelSafeText, loadWorkbook } from '../xlsx';
import { parseInWorker } from './worker-pool';

export interface SheetGrid {
  name: string;
  /** rows[i] is Excel row i + 1; rows[i][j] is column j + 1 ('' when empty). */
  rows: string[][];
}

export interface WorkbookGrid {
  sha256: string;
  sheets: SheetGrid[];
}

const isoOf = (d: Date) => (Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10));

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v instanceof Date) return isoOf(v);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('error' in v) return '';
    if ('result' in v) return v.result === undefined ? '' : cellText(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
  }
  return '';
}

/** The most rows one import takes. */
export const MAX_IMPORT_ROWS = 20000;

/** The parse itself (run by the import worker). */
export async function parseGrid(bytes: Buffer, sha256: string): Promise<WorkbookGrid> {
  const wb = await loadWorkbook(bytes);
  const sheets: SheetGrid[] = [];
  for (const ws of wb.worksheets) {
    const rows: string[][] = [];
    if (ws.rowCount > MAX_IMPORT_ROWS + 100)
      throw new AppError(
        'IMPORT_INVALID',
        `工作表“${ws.name}”有 ${ws.rowCount} 行，超过一次导入的上限（${MAX_IMPORT_ROWS} 行），请分成几个文件导入`,
      );
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        cells[col - 1] = fromExcelSafeText(
          cellText(cell.value)
            .replace(/\u00a0/g, ' ')
            .trim(),
        );
      });
      for (let i = 0; i < cells.length; i++) cells[i] ??= '';
      rows[rowNumber - 1] = cells;
    });
    for (let i = 0; i < rows.length; i++) rows[i] ??= [];
    sheets.push({ name: ws.name, rows });
  }
  if (sheets.length === 0) throw new AppError('IMPORT_INVALID', '该 Excel 文件中没有工作表');
  return { sha256, sheets };
}

const cache = new Map<string, Promise<WorkbookGrid>>();

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The workbook's grids; the last three files read are kept. */
export function workbookGrid(bytes: Buffer): Promise<WorkbookGrid> {
  const sha = sha256Of(bytes);
  const hit = cache.get(sha);
  if (hit) {
    cache.delete(sha);
    cache.set(sha, hit);
    return hit;
  }
  const p = parseInWorker({ kind: 'grid', bytes, sha256: sha });
  cache.set(sha, p);
  p.catch(() => cache.delete(sha));
  while (cache.size > 3) cache.delete(cache.keys().next().value!);
  return p;
}
