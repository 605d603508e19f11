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
import type { ChecklistImportPreview, ChecklistImportRow } from '../../shared/contract';
import { checklistContract } from '../../shared/contract';
import { type ProgressStatus } from '../../shared/domain/checklist';
import { AppError } from '../../shared/errors';
import { defineHandlers, type HandlerContext } from '../core/context';
import { loadChecklist } from './queries';
import { todayIso } from '../../shared/dates';
import { progressIdOf, reportsFor, upsertProgress } from './progress';
import {
  type ColumnKey,
  FILL_KEYS,
  type FileRow,
  KEY_KEYS,
  QUARTER_NAMES,
  type Quarter,
  STATUS_BY_LABEL,
  STATUS_LIST,
  exportWorkbook,
  header,
  positiveInt,
  readWorkbook,
} from './workbook-file';
import { fromExcelSafeText, writeSheet, XLSX_MIME, type SheetColumn } from '../core/xlsx';
import type { ChecklistItem, FileDownload } from '../../shared/contract';
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
  const list = await loadChecklist(ctx.db, { year }, todayIso(ctx.now()));
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

const LIST_COLUMNS: SheetColumn<ChecklistItem>[] = [
  { header: '序号', width: 8, value: (i) => i.code },
  { header: '工作任务', width: 30, value: (i) => i.title },
  { header: '任务内容', width: 60, value: (i) => i.text },
  { header: '牵头单位', width: 16, value: (i) => i.units.find((u) => u.role === 'lead')?.shortName ?? '' },
  {
    header: '参与单位',
    width: 40,
    value: (i) =>
      i.units
        .filter((u) => u.role === 'participant')
        .map((u) => u.shortName)
        .join('、'),
  },
  { header: '备注', width: 24, value: (i) => i.remark },
  { header: '状态', width: 8, value: (i) => (i.retired ? '已停用' : '在用') },
  { header: '最后修改', width: 18, value: (i) => i.updatedAt },
];

/** 导出 Excel: the whole list of the year, in its order, retired items marked. */
async function exportList(ctx: HandlerContext, year: number): Promise<FileDownload> {
  const list = await loadChecklist(ctx.db, { year }, todayIso(ctx.now()));
  if (!list) throw new AppError('NOT_FOUND', `${year} 年尚未建立任务清单`);
  const bytes = await writeSheet(`${year}年任务清单`, LIST_COLUMNS, list.items);
  return { fileName: `${year}年任务清单.xlsx`, mimeType: XLSX_MIME, base64: bytes.toString('base64') };
}

export const checklistFileHandlers = defineHandlers({
  'checklist.exportXlsx': async ({ year }, ctx) => exportList(ctx, year),
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
      const existingId = await progressIdOf(ctx, p.write);
      const before = existingId ? (await reportsFor(ctx.db, { progressId: existingId }))[0]! : null;
      const id = await upsertProgress(ctx, p.write);
      const after = (await reportsFor(ctx.db, { progressId: id }))[0]!;
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
