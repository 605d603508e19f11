// 依法执业自查 Excel round trip, built like the checklist's fill-in workbook (db/checklist/workbook-file.ts): one
// sheet, one row per institution and period (全面, 日常 per quarter, 专项), keys in hidden locked columns (机构标识,
// 年度, 期间代码), a very hidden 填报信息 sheet naming the year, a drop-down for 是否完成, whole-number checks on the
// counts, only the fill-in cells unlocked. Import reads the file through the hostile-file guard (loadWorkbook →
// readSafeZip), checks every row and previews it by Excel row number; applying writes all rows or none: one row in
// error refuses the whole file, naming the rows.
import type { DataValidation } from 'exceljs';
import type { SelfcheckImportPreview, SelfcheckImportRow } from '../../shared/contract/selfcheck';
import { selfcheckSubmissionInput } from '../../shared/contract/selfcheck';
import { parsePeriodKey, totalFixed, totalFound } from '../../shared/domain/selfcheck';
import { isIsoDate, todayIso } from '../../shared/dates';
import { AppError } from '../../shared/errors';
import { defineHandlers, type HandlerContext } from '../core/context';
import { fromExcelSafeText, newWorkbook, setCell, writeWorkbook, XLSX_MIME } from '../core/xlsx';
import type { CellText } from '../checklist/workbook-file';
import { loadWorkCalendar } from '../system/calendar';
import { loadSettings } from '../system/settings';
import { getOffice } from '../system/users';
import {
  campaignScope,
  inScope,
  periodsOf,
  requireSetup,
  supervisedInstitutions,
  type YearSetup,
} from './state';
import { checkSubmission, writeSubmission, type SubmissionValues } from './submissions';
import { FORMAT, MAX_ROWS, META_SHEET } from './workbook-read';
import { parseInWorker } from '../core/import/worker-pool';

export const SHEET = '自查填报表';
export { META_SHEET, FORMAT, MAX_ROWS };
const DONE = '已完成';
const NOT_DONE = '未完成';

interface Column {
  key: string;
  header: string;
  width: number;
  fill?: boolean;
  hidden?: boolean;
  /** Per area: 'found' or 'fixed'. */
  area?: { name: string; what: 'found' | 'fixed' };
}

export function columnsFor(areas: readonly string[]): Column[] {
  return [
    { key: 'name', header: '机构名称', width: 30 },
    { key: 'uscc', header: '统一社会信用代码', width: 21 },
    { key: 'street', header: '街道', width: 10 },
    { key: 'period', header: '自查期间', width: 22 },
    { key: 'deadline', header: '截止日期', width: 12 },
    { key: 'done', header: '是否完成', width: 10, fill: true },
    { key: 'date', header: '自查日期', width: 13, fill: true },
    ...areas.flatMap((a) => [
      {
        key: `found:${a}`,
        header: `${a}·发现问题`,
        width: 9,
        fill: true,
        area: { name: a, what: 'found' as const },
      },
      {
        key: `fixed:${a}`,
        header: `${a}·已整改`,
        width: 9,
        fill: true,
        area: { name: a, what: 'fixed' as const },
      },
    ]),
    { key: 'plan', header: '整改计划', width: 30, fill: true },
    { key: 'due', header: '整改期限', width: 13, fill: true },
    { key: 'note', header: '备注', width: 20, fill: true },
    { key: 'institutionId', header: '机构标识', width: 8, hidden: true },
    { key: 'year', header: '年度', width: 6, hidden: true },
    { key: 'periodKey', header: '期间代码', width: 8, hidden: true },
  ];
}

export async function exportWorkbook(ctx: HandlerContext, year: number, only: readonly string[]) {
  const cal = await loadWorkCalendar(ctx.db);
  const setup = await requireSetup(ctx.db, cal, year);
  const areas = (await loadSettings(ctx.db)).selfcheckAreas;
  const scope = inScope(setup, await supervisedInstitutions(ctx.db));
  const periods = periodsOf(setup).filter((p) => only.length === 0 || only.includes(p.key));
  if (periods.length === 0) throw new AppError('VALIDATION', '请至少选择一个自查期间');
  const subs = await ctx.db
    .selectFrom('selfcheck_submissions')
    .selectAll()
    .where('year', '=', year)
    .execute();
  const subOf = new Map(subs.map((s) => [`${s.institution_id}:${s.period_key}`, s]));
  const columns = columnsFor(areas);
  const office = await getOffice(ctx.db);

  const wb = await newWorkbook();
  wb.creator = '综合监管工作台';
  wb.created = new Date(0);
  wb.modified = new Date(0);
  const ws = wb.addWorksheet(SHEET, {
    views: [{ state: 'frozen', xSplit: 1, ySplit: 3 }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = columns.map((c) => ({ key: c.key, width: c.width, hidden: Boolean(c.hidden) }));
  const lastVisible = columns.filter((c) => !c.hidden).length;
  setCell(
    ws.getRow(1).getCell(1),
    `${year}年医疗机构依法执业自查情况填报表（下发单位：${office?.name ?? ''}）`,
  );
  ws.getRow(1).font = { bold: true, size: 14, name: '宋体' };
  ws.getRow(1).height = 26;
  const help = ws.getRow(2).getCell(1);
  help.value =
    `填写说明：每行是一家机构的一个自查期间。完成自查的，在“是否完成”中选择“${DONE}”，填写自查日期和各检查领域发现、已整改的问题数` +
    '（已整改数不能大于发现问题数；有未整改问题的须填写整改计划和整改期限）。机构、期间等列已锁定，请勿删除行或复制到新文件。';
  help.alignment = { wrapText: true, vertical: 'top' };
  ws.getRow(2).height = 44;
  ws.mergeCells(1, 1, 1, lastVisible);
  ws.mergeCells(2, 1, 2, lastVisible);
  const head = ws.getRow(3);
  columns.forEach((c, i) => (head.getCell(i + 1).value = c.header));
  head.font = { bold: true, name: '宋体' };
  head.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  head.height = 32;

  const firstRow = 4;
  for (const inst of scope) {
    for (const p of periods) {
      if (p.campaign && !campaignScope(p.campaign, [inst]).length) continue;
      const s = subOf.get(`${inst.id}:${p.key}`);
      const counts = new Map<string, { found: number; fixed: number }>();
      if (s)
        for (const a of JSON.parse(s.areas_json) as { area: string; found: number; fixed: number }[])
          counts.set(a.area, a);
      const values: Record<string, string | number | null> = {
        name: inst.name,
        uscc: inst.uscc,
        street: inst.street,
        period: p.label,
        deadline: p.deadline,
        done: s ? DONE : null,
        date: s?.submitted_on ?? null,
        plan: s?.rectify_plan || null,
        due: s?.rectify_due ?? null,
        note: s?.note || null,
        institutionId: inst.id,
        year,
        periodKey: p.key,
      };
      for (const a of areas) {
        values[`found:${a}`] = s ? (counts.get(a)?.found ?? 0) : null;
        values[`fixed:${a}`] = s ? (counts.get(a)?.fixed ?? 0) : null;
      }
      const row = ws.addRow([]);
      columns.forEach((c, i) => {
        const cell = row.getCell(i + 1);
        setCell(cell, values[c.key] ?? null);
        if (c.fill) {
          cell.protection = { locked: false };
          cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFBE6' } };
        }
      });
    }
  }
  const lastRow = Math.max(ws.rowCount, firstRow);
  const validations = (ws as unknown as { dataValidations: { add(range: string, v: DataValidation): void } })
    .dataValidations;
  columns.forEach((c, i) => {
    const letter = ws.getColumn(i + 1).letter;
    const range = `${letter}${firstRow}:${letter}${lastRow}`;
    if (c.key === 'done')
      validations.add(range, {
        type: 'list',
        allowBlank: true,
        formulae: [`"${DONE},${NOT_DONE}"`],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: '是否完成',
        error: `请从下拉列表中选择：${DONE}、${NOT_DONE}`,
      });
    else if (c.area)
      validations.add(range, {
        type: 'whole',
        operator: 'between',
        allowBlank: true,
        formulae: [0, 999],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: c.header,
        error: '请填写 0–999 之间的整数',
      });
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
  ]);
  await meta.protect('', {});
  const bytes = await writeWorkbook(wb);
  return {
    fileName: `${year}年依法执业自查填报表.xlsx`,
    mimeType: XLSX_MIME,
    base64: bytes.toString('base64'),
  };
}

// ---- import ------------------------------------------------------------------------------------------

/** A date as offices type it: 2026-03-20, 2026/3/20, 2026.3.20 or 2026年3月20日; null when not a real date. */
export function parseDate(s: string): string | null {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s.trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

interface FileRow {
  rowNumber: number;
  cell: (header: string) => CellText;
}

/** The file's rows, read in an import worker (memory ceiling, time limit: db/core/import/worker-pool.ts). */
async function readRows(bytes: Buffer, headers: readonly string[]) {
  const parsed = await parseInWorker({
    kind: 'selfcheck',
    bytes: new Uint8Array(bytes),
    headers: [...headers],
  });
  const rows: FileRow[] = parsed.rows.map((r) => ({
    rowNumber: r.rowNumber,
    cell: (h: string): CellText => r.cells[h] ?? { text: '', formula: false },
  }));
  return { rows, metaYear: parsed.metaYear };
}

interface Planned {
  preview: SelfcheckImportRow;
  write: SubmissionValues | null;
}

async function planImport(ctx: HandlerContext, year: number, base64: string) {
  const cal = await loadWorkCalendar(ctx.db);
  const setup: YearSetup = await requireSetup(ctx.db, cal, year);
  const areas = (await loadSettings(ctx.db)).selfcheckAreas;
  const columns = columnsFor(areas);
  const { rows, metaYear } = await readRows(
    Buffer.from(base64, 'base64'),
    columns.map((c) => c.header),
  );
  const firstYear = rows.map((r) => Number(r.cell('年度').text)).find((y) => Number.isInteger(y) && y > 2000);
  const fileYear = metaYear ?? firstYear ?? null;
  if (fileYear === null)
    throw new AppError('IMPORT_INVALID', '表中没有可识别的机构行。请使用本系统导出的填报表。');
  if (fileYear !== year)
    throw new AppError(
      'IMPORT_INVALID',
      `该填报表属于 ${fileYear} 年，当前导入的是 ${year} 年的自查：未导入任何内容。请选择 ${fileYear} 年导入，或使用 ${year} 年的填报表。`,
    );
  const all = await supervisedInstitutions(ctx.db);
  const scope = inScope(setup, all);
  const scopeIds = new Set(scope.map((i) => i.id));
  const nameOf = new Map(all.map((i) => [i.id, i.name]));
  const periods = periodsOf(setup);
  const existing = new Map(
    (await ctx.db.selectFrom('selfcheck_submissions').selectAll().where('year', '=', year).execute()).map(
      (s) => [`${s.institution_id}:${s.period_key}`, s],
    ),
  );
  const today = todayIso(ctx.now());
  const seen = new Map<string, number>();
  const planned: Planned[] = [];
  for (const r of rows) {
    const text = (h: string) => fromExcelSafeText(r.cell(h).text);
    const instId = /^\d{1,9}$/.test(r.cell('机构标识').text) ? Number(r.cell('机构标识').text) : null;
    const key = r.cell('期间代码').text;
    const period = periods.find((p) => p.key === key);
    const preview: SelfcheckImportRow = {
      rowNumber: r.rowNumber,
      institutionName: (instId !== null ? nameOf.get(instId) : undefined) ?? text('机构名称'),
      periodLabel: period?.label ?? text('自查期间'),
      submittedOn: '',
      action: 'error',
      note: '',
      errors: [],
    };
    const fail = (...errors: string[]) => planned.push({ preview: { ...preview, errors }, write: null });
    const skip = (note: string) =>
      planned.push({ preview: { ...preview, action: 'skip', note }, write: null });
    const done = r.cell('是否完成').text;
    const date = r.cell('自查日期').text;
    if (done !== DONE && date === '') {
      skip(done === NOT_DONE ? '未完成' : '未填写');
      continue;
    }
    if (instId === null || !parsePeriodKey(key) || !/^\d{4}$/.test(r.cell('年度').text)) {
      fail('该行的隐藏标识列缺失或被修改，无法对应到机构和期间');
      continue;
    }
    if (Number(r.cell('年度').text) !== year) {
      fail(`该行属于 ${r.cell('年度').text} 年的填报表，与本表（${year} 年）不一致`);
      continue;
    }
    if (!scopeIds.has(instId)) {
      fail(`${preview.institutionName || `机构标识 ${instId}`}不在 ${year} 年依法执业自查的范围内`);
      continue;
    }
    if (!period) {
      fail(`自查期间“${key}”不是 ${year} 年安排的期间`);
      continue;
    }
    if (period.campaign && !campaignScope(period.campaign, [scope.find((i) => i.id === instId)!]).length) {
      fail(`${preview.institutionName}不在专项自查“${period.campaign.topic}”的范围内`);
      continue;
    }
    const errors: string[] = [];
    for (const c of columns)
      if (c.fill && r.cell(c.header).formula)
        errors.push(`“${c.header}”是公式（以 = + - @ 开头的内容会被 Excel 当作公式），请改为直接填写`);
    if (done !== DONE) errors.push(`填写了自查日期，请在“是否完成”中选择“${DONE}”`);
    const submittedOn = parseDate(date);
    if (date === '') errors.push('请填写自查日期');
    else if (!submittedOn) errors.push(`自查日期“${date}”不是有效日期（应为 2026-03-20 这样的日期）`);
    else if (submittedOn > today) errors.push(`自查日期 ${submittedOn} 晚于今天`);
    const dueText = r.cell('整改期限').text;
    const rectifyDue = dueText === '' ? null : parseDate(dueText);
    if (dueText !== '' && !rectifyDue) errors.push(`整改期限“${dueText}”不是有效日期`);
    const counts = areas.map((a) => {
      const num = (what: string) => {
        const t = r.cell(`${a}·${what}`).text;
        if (t === '') return 0;
        if (!/^\d{1,3}$/.test(t)) {
          errors.push(`“${a}·${what}”应为 0–999 之间的整数（填写的是“${t}”）`);
          return 0;
        }
        return Number(t);
      };
      return { area: a, found: num('发现问题'), fixed: num('已整改') };
    });
    for (const c of counts)
      if (c.fixed > c.found) errors.push(`“${c.area}”的已整改数（${c.fixed}）大于发现问题数（${c.found}）`);
    const p = parsePeriodKey(key)!;
    const k = `${instId}:${key}`;
    const before = existing.get(k);
    // The areas checked: for a new submission every area of the list; for one on record, the areas it had and
    // any the file now counts problems in (an unchanged row reads back as unchanged).
    const had = before ? (JSON.parse(before.areas_json) as { area: string }[]).map((a) => a.area) : null;
    const checked = counts.filter((c) => !had || had.includes(c.area) || c.found > 0 || c.fixed > 0);
    const parsed = selfcheckSubmissionInput.safeParse({
      year,
      institutionId: instId,
      kind: p.kind,
      quarter: p.quarter,
      campaignId: p.campaignId,
      submittedOn: submittedOn ?? `${year}-01-01`,
      areas: checked.length ? checked : counts,
      rectifyPlan: text('整改计划'),
      rectifyDue,
      note: text('备注'),
      report: null,
    });
    if (!parsed.success)
      for (const i of parsed.error.issues) if (!errors.some((e) => e === i.message)) errors.push(i.message);
    const earlier = seen.get(k);
    if (earlier !== undefined) errors.push(`与第 ${earlier} 行是同一机构的同一期间，只能填一行`);
    else seen.set(k, r.rowNumber);
    if (errors.length || !parsed.success || !submittedOn) {
      fail(...errors);
      continue;
    }
    errors.push(...(await checkSubmission(ctx, setup, scopeIds, areas, parsed.data)));
    if (errors.length) {
      fail(...errors);
      continue;
    }
    const v = parsed.data;
    const preview2 = { ...preview, submittedOn: v.submittedOn };
    if (
      before &&
      before.submitted_on === v.submittedOn &&
      before.found_count === totalFound(v.areas) &&
      before.fixed_count === totalFixed(v.areas) &&
      before.areas_json ===
        JSON.stringify(v.areas.map((a) => ({ area: a.area, found: a.found, fixed: a.fixed }))) &&
      before.rectify_plan === v.rectifyPlan &&
      before.rectify_due === v.rectifyDue &&
      before.note === v.note
    ) {
      planned.push({ preview: { ...preview2, action: 'skip', note: '与已有登记相同' }, write: null });
      continue;
    }
    planned.push({
      preview: { ...preview2, action: 'apply', note: before ? '修改已有登记' : '新登记' },
      write: v,
    });
  }
  return { setup, planned };
}

function summarize(year: number, planned: Planned[]): SelfcheckImportPreview {
  const rows = planned.map((p) => p.preview);
  return {
    year,
    rows,
    applyCount: rows.filter((r) => r.action === 'apply').length,
    skipCount: rows.filter((r) => r.action === 'skip').length,
    errorCount: rows.filter((r) => r.action === 'error').length,
  };
}

export const workbookHandlers = defineHandlers({
  'selfcheck.exportWorkbook': async ({ year, periods }, ctx) => exportWorkbook(ctx, year, periods),

  'selfcheck.importPreview': async ({ year, base64 }, ctx) =>
    summarize(year, (await planImport(ctx, year, base64)).planned),

  'selfcheck.importApply': async ({ year, base64, fileName }, ctx) => {
    const { setup, planned } = await planImport(ctx, year, base64);
    const summary = summarize(year, planned);
    if (summary.errorCount > 0) {
      const named = summary.rows
        .filter((r) => r.action === 'error')
        .slice(0, 5)
        .map((r) => `第 ${r.rowNumber} 行（${r.institutionName}）：${r.errors.join('；')}`);
      throw new AppError(
        'IMPORT_INVALID',
        `填报表有 ${summary.errorCount} 行错误，未导入任何内容。${named.join('。')}${summary.errorCount > 5 ? '。……' : ''}`,
        summary,
      );
    }
    if (summary.applyCount === 0)
      throw new AppError(
        'IMPORT_INVALID',
        `没有需要导入的行（${summary.skipCount} 行未完成、未填写或与已有登记相同）`,
        summary,
      );
    for (const p of planned) {
      if (!p.write) continue;
      await writeSubmission(
        ctx,
        setup,
        p.write,
        'workbook',
        `Excel 导入 ${fileName} 第 ${p.preview.rowNumber} 行`,
      );
    }
    await ctx.audit({
      entity: 'selfcheck_submission',
      entityId: null,
      summary: `从 ${fileName} 导入 ${year} 年依法执业自查：写入 ${summary.applyCount} 行，跳过 ${summary.skipCount} 行`,
    });
    return summary;
  },
});
