// The project's one xlsx writer and reader (exceljs), so every export looks alike and every import reports
// problems the same way: by Excel row number, in Chinese.
import type ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { readSafeZip, rebuiltZip, XLSX_WHAT } from './zip-guard';
import { parseInWorker } from './import/worker-pool';
import { AppError } from '../../shared/errors';
import { nextTurn, type ProgressControl } from './progress';

let excel: Promise<typeof ExcelJS> | null = null;

/**
 * A new workbook. exceljs (with the zip libraries it brings) is loaded the first time a workbook is made, not when
 * the app starts: loading it took about a quarter of a second of every start (the desktop app's, the office host's,
 * the command line's) that never touches a spreadsheet.
 */
export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  excel ??= import('exceljs').then((m) => m.default);
  return new (await excel).Workbook();
}

export const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The inverse on import of the guard older versions wrote (a literal apostrophe stored before text that could
 * start a formula): text that went out that way comes back as it was. Exports now use Excel's quote prefix.
 */
export function fromExcelSafeText(s: string): string {
  return s.startsWith("'") && FORMULA_START.test(s.slice(1)) ? s.slice(1) : s;
}

/** Dates as Chinese offices write them, and times to the minute. */
export const EXCEL_DATE_FORMAT = 'yyyy"年"m"月"d"日"';
export const EXCEL_DATETIME_FORMAT = 'yyyy-mm-dd hh:mm';
/** Text format, set on guarded cells; writeWorkbook gives every such style Excel's quote prefix. */
const GUARD_FORMAT = '@';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const CHINA_OFFSET_MS = 8 * 3600_000;

/**
 * An ISO date (2026-03-04) or time (2026-03-04 09:30, or an instant such as 2026-03-04T01:30:00.000Z, shown as
 * Beijing time) as the value Excel stores with its format; null for anything else. Excel's dates have no time
 * zone: the wall-clock time goes in as a UTC date, which exceljs writes as that serial number.
 */
export function excelDate(s: string): { value: Date; numFmt: string } | null {
  const d = ISO_DATE.exec(s);
  if (d) {
    const value = new Date(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3])));
    return value.toISOString().slice(0, 10) === s ? { value, numFmt: EXCEL_DATE_FORMAT } : null;
  }
  const t = ISO_TIME.exec(s);
  if (!t) return null;
  const [, y, mo, da, h, mi, se, zone] = t;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(da), Number(h), Number(mi), Number(se ?? 0));
  if (Number.isNaN(ms) || Number(h) > 23 || Number(mi) > 59) return null;
  if (zone) {
    const instant = Date.parse(s.replace(' ', 'T'));
    if (Number.isNaN(instant)) return null;
    ms = instant + CHINA_OFFSET_MS;
  }
  return { value: new Date(ms), numFmt: EXCEL_DATETIME_FORMAT };
}

export type CellInput = string | number | null | undefined;

/**
 * Puts a value in an exported cell: ISO dates and times become real dates with a Chinese format; text that
 * could start a formula is marked for Excel's quote prefix (kept as typed, never evaluated, no apostrophe in
 * the cell), which writeWorkbook applies.
 */
export function setCell(cell: ExcelJS.Cell, v: CellInput): void {
  if (typeof v !== 'string') {
    cell.value = v ?? null;
    return;
  }
  const date = excelDate(v);
  if (date) {
    cell.value = date.value;
    cell.numFmt = date.numFmt;
    return;
  }
  cell.value = v;
  if (FORMULA_START.test(v)) cell.numFmt = GUARD_FORMAT;
}

/** Whether a cell written by setCell is guarded (its text could start a formula). */
export function isGuarded(cell: ExcelJS.Cell): boolean {
  return cell.numFmt === GUARD_FORMAT;
}

/**
 * The workbook as .xlsx bytes. exceljs cannot write the quote prefix, so every cell style in the text format
 * (the guarded cells, see setCell) gets quotePrefix="1" in styles.xml here. Fixed zip dates keep the bytes
 * the same for the same data.
 */
export async function writeWorkbook(
  wb: ExcelJS.Workbook,
  /** Called once exceljs has written the workbook (a long export checks there whether it was asked to stop). */
  written?: () => void,
): Promise<Buffer> {
  const buffer = await wb.xlsx.writeBuffer();
  written?.();
  const parts = unzipSync(new Uint8Array(buffer));
  const styles = parts['xl/styles.xml'];
  if (styles) {
    const xml = strFromU8(styles);
    const textFormat = 49; // the built-in number format "@"
    parts['xl/styles.xml'] = strToU8(
      xml.replace(/<cellXfs\b[\s\S]*?<\/cellXfs>/, (xfs) =>
        xfs.replace(/<xf\b([^>]*?)(\/?)>/g, (all: string, attrs: string, close: string) =>
          new RegExp(`\\bnumFmtId="${textFormat}"`).test(attrs) && !/quotePrefix=/.test(attrs)
            ? `<xf${attrs} quotePrefix="1"${close}>`
            : all,
        ),
      ),
    );
  }
  return Buffer.from(zipSync(parts, { level: 6, mtime: new Date(Date.UTC(1980, 0, 1)) }));
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
  /** Further sheets after the first (e.g. the detail tables of a roll-up), each a plain table. */
  more: { name: string; columns: string[]; rows: (string | number)[][] }[] = [],
): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = '综合监管工作台';
  wb.created = new Date(0); // stable bytes for the same data; the office does not need the export time here
  wb.modified = new Date(0);
  addSheet(wb, sheetName, columns, rows);
  for (const t of more)
    addSheet(
      wb,
      t.name,
      t.columns.map((header, i) => ({
        header,
        width: i === 0 ? 24 : Math.max(10, header.length * 2 + 4),
        value: (r: (string | number)[]) => r[i] ?? null,
      })),
      t.rows,
    );
  return writeWorkbook(wb);
}

/** How an export of a long list shows its progress: the bar's text, the list's length (a count of the same filter),
 *  and the call's ProgressControl (ctx.progress), through which the window may also ask it to stop. */
export interface SheetProgress {
  progress: ProgressControl;
  /** What the bar says (正在导出操作日志). */
  what: string;
  /** The rows the filter selects, counted before the first block is read. */
  total: number;
}

/** One sheet from a list read in batches (a long register's whole filtered list): each batch becomes rows and is let
 *  go before the next is read, so the export never holds the list's records all at once — only the sheet's cells.
 *  With `track`, after each batch it reports 第 k / n 行, lets the event loop answer the window's progress polls, and
 *  stops with CANCELLED when the window asked (an export writes nothing, so stopping is always safe). */
export async function writeSheetFrom<R>(
  sheetName: string,
  columns: SheetColumn<R>[],
  batches: AsyncIterable<R[]>,
  track?: SheetProgress,
): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = '综合监管工作台';
  wb.created = new Date(0);
  wb.modified = new Date(0);
  const ws = newSheet(wb, sheetName, columns);
  let done = 0;
  const report = (cancellable: boolean, what = track?.what ?? '') =>
    // Rows added while the export runs can make the list longer than counted: the bar never goes past its end.
    track?.progress.report({ what, done, total: Math.max(track.total, done), unit: '行', cancellable });
  report(true);
  track?.progress.throwIfCancelled();
  for await (const rows of batches) {
    addRows(ws, columns, rows);
    done += rows.length;
    if (!track) continue;
    report(true);
    await nextTurn();
    track.progress.throwIfCancelled();
  }
  if (!track) return writeWorkbook(wb);
  // Every row is in: the bar ends at its true count (第 n / n 行) while the file itself is put together (seconds for
  // tens of thousands of rows); 取消 still holds until the file is made.
  track.progress.report({
    what: `${track.what}（正在生成文件）`,
    done,
    total: done,
    unit: '行',
    cancellable: true,
  });
  await nextTurn();
  track.progress.throwIfCancelled();
  return writeWorkbook(wb, () => track.progress.throwIfCancelled());
}

function newSheet<R>(wb: ExcelJS.Workbook, sheetName: string, columns: SheetColumn<R>[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  const header = ws.getRow(1);
  header.font = { bold: true, name: '宋体' };
  header.alignment = { vertical: 'middle' };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  header.eachCell((cell) => (cell.alignment = { wrapText: true, vertical: 'top' }));
  return ws;
}

function addRows<R>(ws: ExcelJS.Worksheet, columns: SheetColumn<R>[], rows: readonly R[]): void {
  for (const r of rows) {
    const row = ws.addRow([]);
    columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      setCell(cell, c.value(r));
      if (cell.value !== null && cell.value !== undefined)
        cell.alignment = { wrapText: true, vertical: 'top' };
    });
  }
}

function addSheet<R>(wb: ExcelJS.Workbook, sheetName: string, columns: SheetColumn<R>[], rows: R[]): void {
  addRows(newSheet(wb, sheetName, columns), columns, rows);
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
  const checked = rebuiltZip(readSafeZip(bytes, XLSX_WHAT));
  const wb = await newWorkbook();
  try {
    await wb.xlsx.load(
      Buffer.from(checked.buffer, checked.byteOffset, checked.byteLength) as unknown as ArrayBuffer,
    );
  } catch {
    throw new AppError('IMPORT_INVALID', '无法读取该文件：不是有效的 Excel（.xlsx）文件，或文件不完整');
  }
  return wb;
}

/** The rows of an uploaded workbook's first sheet, parsed in an import worker (import/worker-pool.ts). */
export function readSheet(bytes: Buffer, required: string[]): Promise<SheetRow[]> {
  return parseInWorker({ kind: 'sheet', bytes, required });
}

/** The parse itself (run by the import worker). */
export async function parseSheetRows(bytes: Buffer, required: string[]): Promise<SheetRow[]> {
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
