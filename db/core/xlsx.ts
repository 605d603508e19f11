// The project's one xlsx writer and reader (exceljs), so every export looks alike and every import reports
// problems the same way: by Excel row number, in Chinese.
import ExcelJS from 'exceljs';
import { readSafeZip, rebuiltZip } from './zip-guard';
import { AppError } from '../../shared/errors';

export const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text for a cell of an exported workbook: a leading apostrophe is kept in the stored string before anything
 * that could start a formula, so editing the cell or saving it as CSV can never turn text into a formula.
 */
export function excelSafeText(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** The inverse on import: text that went out guarded comes back as it was. */
export function fromExcelSafeText(s: string): string {
  return s.startsWith("'") && FORMULA_START.test(s.slice(1)) ? s.slice(1) : s;
}

export interface SheetColumn<R> {
  header: string;
  width: number;
  value: (row: R) => string | number | null;
}

export async function writeSheet<R>(
  sheetName: string,
  columns: SheetColumn<R>[],
  rows: R[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '综合监管工作台';
  wb.created = new Date(0); // stable bytes for the same data; the office does not need the export time here
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  const header = ws.getRow(1);
  header.font = { bold: true, name: '宋体' };
  header.alignment = { vertical: 'middle' };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  for (const r of rows) {
    ws.addRow(
      columns.map((c) => {
        const v = c.value(r);
        return typeof v === 'string' ? excelSafeText(v) : v;
      }),
    );
  }
  ws.eachRow((row) => row.eachCell((cell) => (cell.alignment = { wrapText: true, vertical: 'top' })));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface SheetRow {
  /** 1-based row number as Excel shows it. */
  rowNumber: number;
  cells: Record<string, string>;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return v.result === undefined ? '' : cellText(v.result as ExcelJS.CellValue);
  }
  return String(v);
}

/** Reads the first sheet; the first row holds the headers. Headers not in `required` are kept too. */
/** Opens an uploaded .xlsx: the zip guard reads and checks it, and exceljs is given a zip rebuilt from the
 *  checked entries only, never the upload's own bytes. Any failure is a Chinese IMPORT_INVALID. */
export async function loadWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const checked = rebuiltZip(readSafeZip(bytes, 'Excel（.xlsx）文件'));
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(
      Buffer.from(checked.buffer, checked.byteOffset, checked.byteLength) as unknown as ArrayBuffer,
    );
  } catch {
    throw new AppError('IMPORT_INVALID', '无法读取该文件：不是有效的 Excel（.xlsx）文件，或文件不完整');
  }
  return wb;
}

export async function readSheet(bytes: Buffer, required: string[]): Promise<SheetRow[]> {
  const wb = await loadWorkbook(bytes);
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('IMPORT_INVALID', '该 Excel 文件中没有工作表');
  const headers: string[] = [];
  ws.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => (headers[col] = cellText(cell.value).trim()));
  const missing = required.filter((h) => !headers.includes(h));
  if (missing.length > 0) {
    throw new AppError('IMPORT_INVALID', `表头缺少以下列：${missing.join('、')}（第 1 行应为列名）`, {
      missing,
    });
  }
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const cells: Record<string, string> = {};
    headers.forEach((h, col) => {
      if (h) cells[h] = fromExcelSafeText(cellText(row.getCell(col).value).trim());
    });
    if (Object.values(cells).some((v) => v !== '')) rows.push({ rowNumber, cells });
  });
  return rows;
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
