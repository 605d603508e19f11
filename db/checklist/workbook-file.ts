// The department fill-in workbook as a file: how it is laid out and written (keys in hidden columns, a very
// hidden 填报信息 sheet, drop-downs, protection, formula-injection guard) and how a returned one is read.
// Deciding what a returned workbook means for the data is checklist-workbook.ts's job.
import type ExcelJS from 'exceljs';
import type { DataValidation } from 'exceljs';
import type { FileDownload } from '../../shared/contract';
import {
  PROGRESS_STATUSES,
  PROGRESS_STATUS_LABELS,
  UNIT_ROLE_LABELS,
  type ProgressStatus,
} from '../../shared/domain/checklist';
import { AppError } from '../../shared/errors';
import type { HandlerContext } from '../core/context';
import { loadWorkbook, newWorkbook, setCell, writeWorkbook, XLSX_MIME } from '../core/xlsx';
import { parseInWorker } from '../core/import/worker-pool';

import { loadChecklist } from './queries';
import { todayIso } from '../../shared/dates';
import { getOffice } from '../system/users';

export type Quarter = 1 | 2 | 3 | 4;

export const SHEET = '填报表';
export const META_SHEET = '填报信息';
export const FORMAT = 'zongjian/checklist-workbook/1';
export const QUARTER_NAMES = { 1: '第一季度', 2: '第二季度', 3: '第三季度', 4: '第四季度' } as const;
export const MAX_ROWS = 1000;
export const GAP = '\u3000\u3000\u3000'; // full-width spaces, as a Chinese form line spaces its fields

/** Column order of the 填报表; `fill` columns are the only unlocked cells. */
export const COLUMNS = [
  { key: 'code', header: '序号', width: 7 },
  { key: 'title', header: '工作任务', width: 36 },
  { key: 'role', header: '本单位角色', width: 11 },
  { key: 'status', header: '进展状态', width: 11, fill: true },
  { key: 'narrative', header: '工作进展', width: 50, fill: true, max: 4000 },
  { key: 'issues', header: '存在问题', width: 30, fill: true, max: 2000 },
  { key: 'nextSteps', header: '下一步计划', width: 30, fill: true, max: 2000 },
  { key: 'itemId', header: '任务标识', width: 8, hidden: true },
  { key: 'departmentId', header: '单位标识', width: 8, hidden: true },
  { key: 'year', header: '年度', width: 6, hidden: true },
  { key: 'quarter', header: '季度', width: 6, hidden: true },
] as const;
export type ColumnKey = (typeof COLUMNS)[number]['key'];
export const FILL_KEYS = ['status', 'narrative', 'issues', 'nextSteps'] as const;
export const KEY_KEYS = ['itemId', 'departmentId', 'year', 'quarter'] as const;
export const header = (k: ColumnKey) => COLUMNS.find((c) => c.key === k)!.header;

export const STATUS_BY_LABEL = new Map(PROGRESS_STATUSES.map((s) => [PROGRESS_STATUS_LABELS[s], s]));
export const STATUS_LIST = PROGRESS_STATUSES.map((s) => PROGRESS_STATUS_LABELS[s]);

// ---- formula injection -------------------------------------------------------------------------------

/** What Excel, WPS and LibreOffice may take for the start of a formula (OWASP's CSV-injection list). */

// ---- export ------------------------------------------------------------------------------------------

export const fileNamePart = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '');

export async function exportWorkbook(
  ctx: HandlerContext,
  year: number,
  quarter: Quarter,
  departmentId: number,
): Promise<FileDownload> {
  const list = await loadChecklist(ctx.db, { year }, todayIso(ctx.now()));
  if (!list) throw new AppError('NOT_FOUND', `${year} 年尚未建立任务清单`);
  const dept = await ctx.db
    .selectFrom('departments')
    .select(['id', 'short_name'])
    .where('id', '=', departmentId)
    .executeTakeFirst();
  if (!dept) throw new AppError('NOT_FOUND', '成员单位不存在');
  const items = list.items
    .filter((i) => !i.retired)
    .flatMap((i) => {
      const u = i.units.find((x) => x.departmentId === departmentId);
      return u ? [{ item: i, role: u.role }] : [];
    })
    .sort((a, b) => (a.role === b.role ? a.item.seq - b.item.seq : a.role === 'lead' ? -1 : 1));
  if (items.length === 0) {
    throw new AppError('VALIDATION', `${dept.short_name}在 ${year} 年任务清单中没有承担的任务`);
  }
  const progress = await ctx.db
    .selectFrom('checklist_progress')
    .selectAll()
    .where('department_id', '=', departmentId)
    .where('quarter', '=', quarter)
    .where(
      'item_id',
      'in',
      items.map((x) => x.item.id),
    )
    .execute();
  const reportOf = new Map(progress.map((p) => [p.item_id, p]));
  const office = await getOffice(ctx.db);

  const wb = await newWorkbook();
  wb.creator = '综合监管工作台';
  wb.created = new Date(0);
  wb.modified = new Date(0);
  const ws = wb.addWorksheet(SHEET, {
    views: [{ state: 'frozen', xSplit: 2, ySplit: 4 }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = COLUMNS.map((c) => ({ key: c.key, width: c.width, hidden: 'hidden' in c }));
  const lastVisible = COLUMNS.filter((c) => !('hidden' in c)).length;

  const title = ws.getRow(1);
  setCell(title.getCell(1), `${year}年${QUARTER_NAMES[quarter]}部门职责任务落实情况填报表`);
  title.font = { bold: true, size: 14, name: '宋体' };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  title.height = 28;
  setCell(
    ws.getRow(2).getCell(1),
    `填报单位：${dept.short_name}${GAP}下发单位：${office?.name ?? ''}${GAP}${list.title}`,
  );
  const help = ws.getRow(3).getCell(1);
  help.value =
    `填写说明：只需填写“进展状态”（从下拉列表选择：${STATUS_LIST.join('、')}）、“工作进展”、“存在问题”、` +
    '“下一步计划”四列；其他列已锁定。请勿删除行或把内容复制到新文件，原表填好后发回即可。未填写的行不会导入。';
  help.alignment = { wrapText: true, vertical: 'top' };
  ws.getRow(3).height = 32;
  for (const r of [1, 2, 3]) ws.mergeCells(r, 1, r, lastVisible);

  const head = ws.getRow(4);
  COLUMNS.forEach((c, i) => (head.getCell(i + 1).value = c.header));
  head.font = { bold: true, name: '宋体' };
  head.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  head.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  });

  const firstRow = ws.rowCount + 1;
  for (const { item, role } of items) {
    const p = reportOf.get(item.id);
    const values: Record<ColumnKey, string | number> = {
      code: item.code || String(item.seq),
      title: item.title,
      role: UNIT_ROLE_LABELS[role],
      status: p ? PROGRESS_STATUS_LABELS[p.status as ProgressStatus] : '',
      narrative: p?.narrative ?? '',
      issues: p?.issues ?? '',
      nextSteps: p?.next_steps ?? '',
      itemId: item.id,
      departmentId,
      year,
      quarter,
    };
    const row = ws.addRow([]);
    COLUMNS.forEach((c, i) => setCell(row.getCell(i + 1), values[c.key] === '' ? null : values[c.key]));
    row.alignment = { wrapText: true, vertical: 'top' };
    COLUMNS.forEach((c, i) => {
      if (!('fill' in c)) return;
      const cell = row.getCell(i + 1);
      cell.protection = { locked: false };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFBE6' } };
    });
  }
  // One validation per column range: exceljs's per-cell merging sorts addresses as text (D10 < D5) and
  // writes overlapping ranges, which Excel reports as a damaged file.
  const validations = (ws as unknown as { dataValidations: { add(range: string, v: DataValidation): void } })
    .dataValidations;
  COLUMNS.forEach((c, i) => {
    if (!('fill' in c)) return;
    const letter = ws.getColumn(i + 1).letter;
    validations.add(
      `${letter}${firstRow}:${letter}${ws.rowCount}`,
      c.key === 'status'
        ? {
            type: 'list',
            allowBlank: true,
            formulae: [`"${STATUS_LIST.join(',')}"`],
            showErrorMessage: true,
            errorStyle: 'stop',
            errorTitle: '进展状态',
            error: `请从下拉列表中选择：${STATUS_LIST.join('、')}`,
          }
        : {
            type: 'textLength',
            operator: 'lessThanOrEqual',
            allowBlank: true,
            formulae: ['max' in c ? c.max : 0],
            showErrorMessage: true,
            errorStyle: 'stop',
            errorTitle: c.header,
            error: `${c.header}不能超过 ${'max' in c ? c.max : 0} 个字`,
          },
    );
  });
  await ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
  });

  const meta = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });
  meta.addRows([
    ['格式', FORMAT],
    ['年度', year],
    ['季度', quarter],
    ['单位标识', departmentId],
  ]);
  setCell(meta.addRow(['单位']).getCell(2), dept.short_name);
  await meta.protect('', {});

  const bytes = await writeWorkbook(wb);
  return {
    fileName: `${year}年${QUARTER_NAMES[quarter]}任务清单填报表-${fileNamePart(dept.short_name)}.xlsx`,
    mimeType: XLSX_MIME,
    base64: bytes.toString('base64'),
  };
}

// ---- import ------------------------------------------------------------------------------------------

export interface CellText {
  text: string;
  formula: boolean;
}

export function cellText(v: ExcelJS.CellValue): CellText {
  if (v === null || v === undefined) return { text: '', formula: false };
  if (typeof v === 'string') return { text: v.trim(), formula: false };
  if (typeof v === 'number' || typeof v === 'boolean') return { text: String(v), formula: false };
  if (v instanceof Date) return { text: v.toISOString().slice(0, 10), formula: false };
  if ('formula' in v || 'sharedFormula' in v) return { text: '', formula: true };
  if ('richText' in v)
    return {
      text: v.richText
        .map((t) => t.text)
        .join('')
        .trim(),
      formula: false,
    };
  if ('text' in v) return { text: String(v.text).trim(), formula: false };
  if ('error' in v) return { text: String(v.error), formula: true }; // #NAME? etc.: what a typed "-…" becomes
  return { text: String(v as unknown).trim(), formula: false };
}

export interface FileRow {
  rowNumber: number;
  cells: Record<ColumnKey, CellText>;
}

export interface WorkbookContents {
  rows: FileRow[];
  /** From the 填报信息 sheet, when it survived. */
  meta: { year: number; quarter: number; departmentId: number } | null;
}

export const positiveInt = (s: string): number | null =>
  /^\d{1,9}$/.test(s) && Number(s) > 0 ? Number(s) : null;

/** The returned fill-in workbook's rows, parsed in an import worker (core/import/worker-pool.ts). */
export function readWorkbook(bytes: Buffer): Promise<WorkbookContents> {
  return parseInWorker({ kind: 'checklist', bytes });
}

/** The parse itself (run by the import worker). */
export async function parseChecklistWorkbook(bytes: Buffer): Promise<WorkbookContents> {
  const wb = await loadWorkbook(bytes);
  // The header row may sit below title rows; it is the first row naming all the columns.
  let found: { ws: ExcelJS.Worksheet; headerRow: number; colOf: Map<string, number> } | null = null;
  for (const ws of wb.worksheets) {
    if (ws.name === META_SHEET) continue;
    for (let r = 1; r <= Math.min(20, ws.rowCount) && !found; r++) {
      const colOf = new Map<string, number>();
      ws.getRow(r).eachCell((cell, col) => colOf.set(cellText(cell.value).text, col));
      if (FILL_KEYS.every((k) => colOf.has(header(k)))) found = { ws, headerRow: r, colOf };
    }
    if (found) break;
  }
  if (!found) {
    throw new AppError(
      'IMPORT_INVALID',
      `找不到填报表的表头行（应包含 ${FILL_KEYS.map(header).join('、')} 等列）。请使用本系统导出的部门填报表。`,
    );
  }
  const { ws, headerRow, colOf } = found;
  const missingKeys = KEY_KEYS.map(header).filter((h) => !colOf.has(h));
  if (missingKeys.length) {
    throw new AppError(
      'IMPORT_INVALID',
      `该表缺少隐藏的标识列（${missingKeys.join('、')}），无法对应到任务。请在本系统导出的填报表原文件中填写后发回，不要复制到新文件。`,
    );
  }
  const rows: FileRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber <= headerRow) return;
    const cells = {} as Record<ColumnKey, CellText>;
    for (const c of COLUMNS) {
      const col = colOf.get(c.header);
      cells[c.key] = col ? cellText(row.getCell(col).value) : { text: '', formula: false };
    }
    if (Object.values(cells).some((c) => c.text !== '' || c.formula)) rows.push({ rowNumber, cells });
  });
  if (rows.length > MAX_ROWS) {
    throw new AppError('IMPORT_INVALID', `数据行过多（${rows.length} 行，上限 ${MAX_ROWS} 行）`);
  }

  let meta: WorkbookContents['meta'] = null;
  const metaSheet = wb.getWorksheet(META_SHEET);
  if (metaSheet) {
    const values = new Map<string, string>();
    metaSheet.eachRow((row) =>
      values.set(cellText(row.getCell(1).value).text, cellText(row.getCell(2).value).text),
    );
    const y = positiveInt(values.get('年度') ?? '');
    const q = positiveInt(values.get('季度') ?? '');
    const d = positiveInt(values.get('单位标识') ?? '');
    if (values.get('格式') === FORMAT && y && q && d) meta = { year: y, quarter: q, departmentId: d };
  }
  return { rows, meta };
}
