// 任务清单 Excel round trip: the fill-in workbook one department gets for a year and quarter (its items,
// 牵头 first then 参与, with that quarter's progress pre-filled), and its import: every row checked and
// previewed by Excel row number; on apply, the valid rows are written as the importing user's reports in
// the mutation's one transaction and the rest are listed.
//
// Each data row carries its own keys in hidden columns (任务标识, 单位标识, 年度, 季度), so a department that
// re-sorts or filters the rows cannot detach a row from its task; a very hidden 填报信息 sheet says whose
// workbook it is, so rows pasted in from another department's or year's workbook are refused one by one.
// Both sheets are protected without a password (against accidents, not people): only the four fill-in
// columns of the data rows are unlocked.
import ExcelJS, { type DataValidation } from 'exceljs';
import type { ChecklistImportPreview, ChecklistImportRow, FileDownload } from '../../shared/contract';
import { checklistContract } from '../../shared/contract';
import {
  PROGRESS_STATUSES,
  PROGRESS_STATUS_LABELS,
  UNIT_ROLE_LABELS,
  type ProgressStatus,
} from '../../shared/domain/checklist';
import { AppError } from '../../shared/errors';
import { defineHandlers, nowIso, requireActor, type HandlerContext } from '../context';
import { XLSX_MIME } from '../xlsx';
import { loadChecklist } from './checklist';
import { getOffice } from './system';

type Quarter = 1 | 2 | 3 | 4;

const SHEET = '填报表';
const META_SHEET = '填报信息';
const FORMAT = 'zongjian/checklist-workbook/1';
const QUARTER_NAMES = { 1: '第一季度', 2: '第二季度', 3: '第三季度', 4: '第四季度' } as const;
const MAX_ROWS = 1000;
const GAP = '\u3000\u3000\u3000'; // full-width spaces, as a Chinese form line spaces its fields

/** Column order of the 填报表; `fill` columns are the only unlocked cells. */
const COLUMNS = [
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
type ColumnKey = (typeof COLUMNS)[number]['key'];
const FILL_KEYS = ['status', 'narrative', 'issues', 'nextSteps'] as const;
const KEY_KEYS = ['itemId', 'departmentId', 'year', 'quarter'] as const;
const header = (k: ColumnKey) => COLUMNS.find((c) => c.key === k)!.header;

const STATUS_BY_LABEL = new Map(PROGRESS_STATUSES.map((s) => [PROGRESS_STATUS_LABELS[s], s]));
const STATUS_LIST = PROGRESS_STATUSES.map((s) => PROGRESS_STATUS_LABELS[s]);

// ---- formula injection -------------------------------------------------------------------------------

/** What Excel, WPS and LibreOffice may take for the start of a formula (OWASP's CSV-injection list). */
const FORMULA_START = /^[=+\-@\t\r]/;

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

// ---- export ------------------------------------------------------------------------------------------

const fileNamePart = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '');

async function exportWorkbook(
  ctx: HandlerContext,
  year: number,
  quarter: Quarter,
  departmentId: number,
): Promise<FileDownload> {
  const list = await loadChecklist(ctx.db, { year });
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

  const wb = new ExcelJS.Workbook();
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
  title.getCell(1).value = excelSafeText(`${year}年${QUARTER_NAMES[quarter]}部门职责任务落实情况填报表`);
  title.font = { bold: true, size: 14, name: '宋体' };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  title.height = 28;
  ws.getRow(2).getCell(1).value = excelSafeText(
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
      code: excelSafeText(item.code || String(item.seq)),
      title: excelSafeText(item.title),
      role: UNIT_ROLE_LABELS[role],
      status: p ? PROGRESS_STATUS_LABELS[p.status as ProgressStatus] : '',
      narrative: excelSafeText(p?.narrative ?? ''),
      issues: excelSafeText(p?.issues ?? ''),
      nextSteps: excelSafeText(p?.next_steps ?? ''),
      itemId: item.id,
      departmentId,
      year,
      quarter,
    };
    const row = ws.addRow(COLUMNS.map((c) => (values[c.key] === '' ? null : values[c.key])));
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
    ['单位', excelSafeText(dept.short_name)],
  ]);
  await meta.protect('', {});

  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return {
    fileName: `${year}年${QUARTER_NAMES[quarter]}任务清单填报表-${fileNamePart(dept.short_name)}.xlsx`,
    mimeType: XLSX_MIME,
    base64: bytes.toString('base64'),
  };
}

// ---- import ------------------------------------------------------------------------------------------

interface CellText {
  text: string;
  formula: boolean;
}

function cellText(v: ExcelJS.CellValue): CellText {
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

interface FileRow {
  rowNumber: number;
  cells: Record<ColumnKey, CellText>;
}

interface WorkbookContents {
  rows: FileRow[];
  /** From the 填报信息 sheet, when it survived. */
  meta: { year: number; quarter: number; departmentId: number } | null;
}

const positiveInt = (s: string): number | null => (/^\d{1,9}$/.test(s) && Number(s) > 0 ? Number(s) : null);

async function readWorkbook(bytes: Buffer): Promise<WorkbookContents> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new AppError('IMPORT_INVALID', '无法读取该文件：不是有效的 Excel（.xlsx）文件');
  }
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

/** The four fill-in values as checklist.report would accept them, with the contract's own limits. */
const fillSchema = checklistContract['checklist.report'].input.pick({
  status: true,
  narrative: true,
  issues: true,
  nextSteps: true,
});

interface PlannedRow {
  preview: ChecklistImportRow;
  write: {
    itemId: number;
    departmentId: number;
    quarter: Quarter;
    status: ProgressStatus;
    narrative: string;
    issues: string;
    nextSteps: string;
  } | null;
}

interface Plan {
  year: number;
  quarter: Quarter;
  department: { id: number; shortName: string } | null;
  rows: PlannedRow[];
}

async function planImport(ctx: HandlerContext, base64: string): Promise<Plan> {
  const { rows, meta } = await readWorkbook(Buffer.from(base64, 'base64'));
  const keysOf = (r: FileRow) => {
    const [itemId, departmentId, year, quarter] = KEY_KEYS.map((k) => positiveInt(r.cells[k].text));
    return itemId && departmentId && year && quarter && quarter <= 4
      ? { itemId, departmentId, year, quarter: quarter as Quarter }
      : null;
  };
  const first = rows.map(keysOf).find((k) => k !== null);
  const context = meta ?? first;
  if (!context || context.quarter > 4) {
    throw new AppError('IMPORT_INVALID', '表中没有可识别的任务行。请使用本系统导出的部门填报表。');
  }
  const year = context.year;
  const quarter = context.quarter as Quarter;
  const list = await loadChecklist(ctx.db, { year });
  if (!list) throw new AppError('IMPORT_INVALID', `该填报表属于 ${year} 年，但 ${year} 年尚未建立任务清单`);
  const names = new Map(
    (await ctx.db.selectFrom('departments').select(['id', 'short_name']).execute()).map((d) => [
      d.id,
      d.short_name,
    ]),
  );
  const deptName = names.get(context.departmentId);
  const department = deptName ? { id: context.departmentId, shortName: deptName } : null;
  const fileLabel = (y: number, q: number, d: number) =>
    `${y} 年${QUARTER_NAMES[q as Quarter] ?? `第${q}季度`}，${names.get(d) ?? `单位标识 ${d}`}`;
  const existing = new Map(
    (
      await ctx.db
        .selectFrom('checklist_progress as p')
        .innerJoin('checklist_items as i', 'i.id', 'p.item_id')
        .selectAll('p')
        .where('i.checklist_id', '=', list.id)
        .where('p.quarter', '=', quarter)
        .execute()
    ).map((p) => [`${p.item_id}:${p.department_id}`, p]),
  );

  const seen = new Map<number, number>(); // item id -> first row that fills it
  const planned: PlannedRow[] = rows.map((r) => {
    const text = (k: ColumnKey) => fromExcelSafeText(r.cells[k].text);
    const keys = keysOf(r);
    const item = keys ? list.items.find((i) => i.id === keys.itemId) : undefined;
    const preview: ChecklistImportRow = {
      rowNumber: r.rowNumber,
      itemCode: item?.code ?? text('code'),
      itemTitle: item?.title ?? text('title'),
      departmentName: (keys && names.get(keys.departmentId)) ?? deptName ?? '',
      statusLabel: r.cells.status.text,
      action: 'error',
      note: '',
      errors: [],
    };
    const done = (action: 'skip', note: string) => ({ preview: { ...preview, action, note }, write: null });
    const fail = (...errors: string[]) => ({ preview: { ...preview, errors }, write: null });

    if (FILL_KEYS.every((k) => r.cells[k].text === '' && !r.cells[k].formula)) return done('skip', '未填写');
    if (!keys) return fail('该行的隐藏标识列缺失或被修改，无法对应到任务');
    if (keys.year !== year || keys.quarter !== quarter || keys.departmentId !== context.departmentId) {
      return fail(
        `该行属于其他填报表（${fileLabel(keys.year, keys.quarter, keys.departmentId)}），与本表（${fileLabel(year, quarter, context.departmentId)}）不一致`,
      );
    }
    if (!department) return fail(`单位标识 ${keys.departmentId} 对应的成员单位不存在`);
    if (!item) return fail(`该行的任务不在 ${year} 年任务清单中`);
    if (!item.units.some((u) => u.departmentId === keys.departmentId))
      return fail(`${department.shortName}不是“${item.title}”的责任单位`);
    if (item.retired) return fail('该任务已停用，不能再填报');

    const errors: string[] = [];
    for (const k of FILL_KEYS) {
      if (r.cells[k].formula) {
        errors.push(
          `“${header(k)}”是公式（以 = + - @ 开头的内容会被 Excel 当作公式），请在开头加英文单引号 ' 后重新填写`,
        );
      }
    }
    const label = r.cells.status.text;
    const status = STATUS_BY_LABEL.get(label);
    if (label === '' && !r.cells.status.formula) errors.push('请选择进展状态');
    else if (!status && !r.cells.status.formula)
      errors.push(
        `进展状态“${label}”无效，应为 ${STATUS_LIST.slice(0, -1).join('、')} 或 ${STATUS_LIST.at(-1)}`,
      );
    const parsed = fillSchema.safeParse({
      status: status ?? 'not_started',
      narrative: text('narrative'),
      issues: text('issues'),
      nextSteps: text('nextSteps'),
    });
    if (!parsed.success) errors.push(...parsed.error.issues.map((i) => i.message));
    const earlier = seen.get(item.id);
    if (earlier !== undefined) errors.push(`与第 ${earlier} 行是同一项任务，每项任务只能填一行`);
    else seen.set(item.id, r.rowNumber);
    if (errors.length || !parsed.success) return fail(...errors);

    const v = parsed.data;
    const before = existing.get(`${item.id}:${keys.departmentId}`);
    if (
      before &&
      before.status === v.status &&
      before.narrative === v.narrative &&
      before.issues === v.issues &&
      before.next_steps === v.nextSteps
    ) {
      return done('skip', '与已有填报相同');
    }
    return {
      preview: { ...preview, action: 'apply' },
      write: { itemId: item.id, departmentId: keys.departmentId, quarter, ...v },
    };
  });
  return { year, quarter, department, rows: planned };
}

function summarize(plan: Plan): ChecklistImportPreview {
  const rows = plan.rows.map((p) => p.preview);
  return {
    year: plan.year,
    quarter: plan.quarter,
    department: plan.department,
    rows,
    applyCount: rows.filter((r) => r.action === 'apply').length,
    skipCount: rows.filter((r) => r.action === 'skip').length,
    errorCount: rows.filter((r) => r.action === 'error').length,
  };
}

/** The same upsert as checklist.report (evidence files untouched): the report is the acting user's. */
async function upsertProgress(
  ctx: HandlerContext,
  w: NonNullable<PlannedRow['write']>,
): Promise<{ id: number; before: unknown; after: unknown }> {
  const actor = requireActor(ctx);
  const existing = await ctx.db
    .selectFrom('checklist_progress')
    .selectAll()
    .where('item_id', '=', w.itemId)
    .where('department_id', '=', w.departmentId)
    .where('quarter', '=', w.quarter)
    .executeTakeFirst();
  const fields = {
    status: w.status,
    narrative: w.narrative,
    issues: w.issues,
    next_steps: w.nextSteps,
    reporter_id: actor.id,
    reported_at: nowIso(ctx),
  };
  let id: number;
  if (existing) {
    id = existing.id;
    await ctx.db.updateTable('checklist_progress').set(fields).where('id', '=', id).execute();
  } else {
    id = (
      await ctx.db
        .insertInto('checklist_progress')
        .values({ ...fields, item_id: w.itemId, department_id: w.departmentId, quarter: w.quarter })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }
  const view = (p: Omit<typeof fields, 'status'> & { status: string }) => ({
    status: p.status,
    narrative: p.narrative,
    issues: p.issues,
    nextSteps: p.next_steps,
    reporterId: p.reporter_id,
    reportedAt: p.reported_at,
  });
  return { id, before: existing ? view(existing) : null, after: view(fields) };
}

export const checklistFileHandlers = defineHandlers({
  'checklist.exportWorkbook': async ({ year, quarter, departmentId }, ctx) =>
    exportWorkbook(ctx, year, quarter, departmentId),

  'checklist.importPreview': async ({ base64 }, ctx) => summarize(await planImport(ctx, base64)),

  'checklist.importApply': async ({ base64, fileName }, ctx) => {
    const plan = await planImport(ctx, base64);
    const summary = summarize(plan);
    if (summary.applyCount === 0) {
      const problems = summary.rows
        .filter((r) => r.action === 'error')
        .slice(0, 3)
        .map((r) => `第 ${r.rowNumber} 行：${r.errors.join('；')}`);
      throw new AppError(
        'IMPORT_INVALID',
        `没有可导入的行（${summary.errorCount} 行有错误，${summary.skipCount} 行未填写或无变化）。${problems.join('。')}`,
        summary,
      );
    }
    for (const p of plan.rows) {
      if (!p.write) continue;
      const { id, before, after } = await upsertProgress(ctx, p.write);
      await ctx.audit({
        entity: 'checklist_progress',
        entityId: id,
        summary: `${p.preview.departmentName} 填报第${plan.quarter}季度进展（Excel 导入，第 ${p.preview.rowNumber} 行）：${p.preview.itemTitle}`,
        before,
        after,
      });
    }
    await ctx.audit({
      entity: 'checklist_progress',
      entityId: null,
      summary:
        `从 ${fileName} 导入 ${plan.department?.shortName ?? ''} ${plan.year} 年第${plan.quarter}季度进展：` +
        `写入 ${summary.applyCount} 项，跳过 ${summary.skipCount} 行，${summary.errorCount} 行有错误未导入`,
      after: summary.rows
        .filter((r) => r.action === 'error')
        .map((r) => ({ rowNumber: r.rowNumber, errors: r.errors })),
    });
    return summary;
  },
});
