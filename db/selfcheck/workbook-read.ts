// Reading a returned 依法执业自查 workbook into plain data (the rows under its header, each header's cell text,
// and the year its hidden 填报信息 sheet names): what an import worker does for the selfcheck import
// (db/core/import/parse-jobs.ts), so exceljs parses an office's file under the worker's memory ceiling and time
// limit, not in the app's own thread. The checks of the rows themselves stay in workbook.ts.
import type ExcelJS from 'exceljs';
import { AppError } from '../../shared/errors';
import { loadWorkbook } from '../core/xlsx';
import { cellText, type CellText } from '../checklist/workbook-file';

export const META_SHEET = '填报信息';
export const FORMAT = 'zongjian/selfcheck-workbook/1';
export const MAX_ROWS = 30000;
export const KEY_HEADERS = ['机构标识', '年度', '期间代码'];

export interface SelfcheckRows {
  /** Rows below the header with any text, by Excel row number; cells by header (a header absent: no key). */
  rows: { rowNumber: number; cells: Record<string, CellText> }[];
  metaYear: number | null;
}

export async function parseSelfcheckRows(bytes: Buffer, headers: readonly string[]): Promise<SelfcheckRows> {
  const wb = await loadWorkbook(bytes);
  let found: { ws: ExcelJS.Worksheet; headerRow: number; colOf: Map<string, number> } | null = null;
  for (const ws of wb.worksheets) {
    if (ws.name === META_SHEET) continue;
    for (let r = 1; r <= Math.min(20, ws.rowCount) && !found; r++) {
      const colOf = new Map<string, number>();
      ws.getRow(r).eachCell((cell, col) => colOf.set(cellText(cell.value).text, col));
      if (colOf.has('自查日期') && colOf.has('是否完成')) found = { ws, headerRow: r, colOf };
    }
    if (found) break;
  }
  if (!found)
    throw new AppError(
      'IMPORT_INVALID',
      '找不到自查填报表的表头行（应包含“是否完成”“自查日期”等列）。请使用本系统导出的填报表。',
    );
  const { ws, headerRow, colOf } = found;
  const missingKeys = KEY_HEADERS.filter((h) => !colOf.has(h));
  if (missingKeys.length)
    throw new AppError(
      'IMPORT_INVALID',
      `该表缺少隐藏的标识列（${missingKeys.join('、')}），无法对应到机构。请在本系统导出的填报表原文件中填写后发回，不要复制到新文件。`,
    );
  const unknownAreas = [...colOf.keys()].filter((h) => /·(发现问题|已整改)$/.test(h) && !headers.includes(h));
  if (unknownAreas.length)
    throw new AppError(
      'IMPORT_INVALID',
      `表中的检查领域列（${unknownAreas.slice(0, 4).join('、')}）不在本单位的自查领域清单中。请重新导出填报表。`,
    );
  const rows: SelfcheckRows['rows'] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber <= headerRow) return;
    const cells: Record<string, CellText> = {};
    for (const [h, col] of colOf) cells[h] = cellText(row.getCell(col).value);
    if (Object.values(cells).some((c) => c.text !== '')) rows.push({ rowNumber, cells });
  });
  if (rows.length > MAX_ROWS)
    throw new AppError('IMPORT_INVALID', `数据行过多（${rows.length} 行，上限 ${MAX_ROWS} 行）`);
  let metaYear: number | null = null;
  const meta = wb.getWorksheet(META_SHEET);
  if (meta) {
    const values = new Map<string, string>();
    meta.eachRow((row) =>
      values.set(cellText(row.getCell(1).value).text, cellText(row.getCell(2).value).text),
    );
    if (values.get('格式') === FORMAT && /^\d{4}$/.test(values.get('年度') ?? ''))
      metaYear = Number(values.get('年度'));
  }
  return { rows, metaYear };
}
