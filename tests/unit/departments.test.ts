import { afterEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { unzipSync, strFromU8 } from 'fflate';
import { AppError } from '../../shared/errors';
import { count, newSetupApp, type TestApp } from './helpers';
import { cellStyle } from '../xlsx-style';

let app: TestApp;
afterEach(async () => app?.close());

// Every 责任单位 named in seed 003's 附件 (越政办发〔2020〕64号), as written there, split at 、.
const CHECKLIST_UNITS = [
  '区卫生健康局',
  '区发改局',
  '区公安分局',
  '区财政局',
  '区人社局',
  '区市场监管局',
  '区医保分局',
  '区生态环境分局',
  '各镇人民政府',
  '街道办事处',
  '区委宣传部',
  '区政务服务办',
  '区应急管理局',
  '区审计局',
  '区司法局',
  '区教体局',
  '区科技局',
  '区文广旅游局',
  '区综合执法局',
  '区民政局',
  '区商务局',
  '区大数据中心',
  '区级相关部门',
  '区委编办',
];
// §五 部门职责 adds these.
const DUTY_UNITS = ['区税务局', '区建设交通局', '区水利局', '区国资办'];

async function xlsx(rows: (string | null)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('成员单位');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

describe('member departments', () => {
  it('setup seeds the directory from seed 003 and every 责任单位 resolves', async () => {
    app = await newSetupApp();
    const resolved = await app.call('departments.resolve', {
      names: [...CHECKLIST_UNITS, ...DUTY_UNITS, '公安分局', '区 公安分局', '未知局'],
    });
    const unknown = resolved.filter((r) => r.departmentId === null).map((r) => r.name);
    expect(unknown).toEqual(['未知局']);
    const byName = new Map(resolved.map((r) => [r.name, r]));
    expect(byName.get('公安分局')!.matchedBy).toBe('alias');
    expect(byName.get('公安分局')!.departmentId).toBe(byName.get('区公安分局')!.departmentId);
    expect(byName.get('各镇人民政府')!.departmentId).toBe(byName.get('街道办事处')!.departmentId);
    const list = await app.call('departments.list', { includeInactive: true });
    expect(list[0]!.shortName).toBe('区卫生健康局'); // the convener leads the list
    expect(list.find((d) => d.shortName === '区公安分局')!.duties).toContain('打击非法行医');
  });

  it('refuses a name that another department already answers to', async () => {
    app = await newSetupApp();
    const e = await app
      .call('departments.create', { fullName: '新单位', shortName: '新', aliases: ['公安分局'] })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('CONFLICT');
    expect((e as AppError).message).toBe('别名“公安分局”已被其他成员单位使用');
  });

  it('exports an xlsx that another reader sees as Chinese text, and re-imports it unchanged', async () => {
    app = await newSetupApp();
    const file = await app.call('departments.exportXlsx', { includeInactive: true });
    expect(file.fileName).toBe('成员单位名录.xlsx');
    // Read the package with a plain unzip, not exceljs: the strings are there as UTF-8 text.
    const parts = unzipSync(Buffer.from(file.base64, 'base64'));
    const strings = strFromU8(parts['xl/sharedStrings.xml'] ?? parts['xl/worksheets/sheet1.xml']!);
    expect(strings).toContain('绍兴市公安局越城区分局');
    expect(strings).toContain('单位全称');
    const preview = await app.call('departments.importPreview', { fileName: 'x.xlsx', base64: file.base64 });
    expect(preview).toMatchObject({ createCount: 0, updateCount: 0, errorCount: 0, unchangedCount: 27 });
  });

  it('previews per-row Chinese errors and imports nothing when any row is wrong', async () => {
    app = await newSetupApp();
    const before = await count(app.db, 'departments');
    const base64 = await xlsx([
      ['单位全称', '简称', '别名', '类型', '联系电话', '状态'],
      ['绍兴市越城区红十字会', '区红十字会', '红十字会', '部门', '0575-88000000', '启用'],
      ['绍兴市越城区甲', '', '', '科室', 'abc', '暂停'],
      ['绍兴市越城区乙', '区乙', '红十字会', '', '', ''],
    ]);
    const preview = await app.call('departments.importPreview', { fileName: 'bad.xlsx', base64 });
    expect(preview.errorCount).toBe(2);
    const row3 = preview.rows.find((r) => r.rowNumber === 3)!;
    expect(row3.errors).toEqual(
      expect.arrayContaining([
        '请填写简称',
        '类型“科室”无效，应为 部门、镇街 或 统称',
        '状态“暂停”无效，应为 启用 或 停用',
      ]),
    );
    expect(row3.errors.some((m) => m.startsWith('联系电话只能包含'))).toBe(true);
    const row4 = preview.rows.find((r) => r.rowNumber === 4)!;
    expect(row4.errors).toEqual(['别名“红十字会”已被第 2 行使用']);
    const e = await app
      .call('departments.importApply', { fileName: 'bad.xlsx', base64 })
      .catch((x: unknown) => x);
    expect((e as AppError).code).toBe('IMPORT_INVALID');
    expect(await count(app.db, 'departments')).toBe(before);
  });

  it('imports creates and updates in one go, matched by full or short name', async () => {
    app = await newSetupApp();
    const base64 = await xlsx([
      ['单位全称', '简称', '联系人', '联系电话', '状态'],
      ['绍兴市公安局越城区分局', '区公安分局', '钱警官', '0575-88110110', '启用'],
      ['绍兴市越城区残疾人联合会', '区残联', '孙华', '', '停用'],
    ]);
    const applied = await app.call('departments.importApply', { fileName: 'ok.xlsx', base64 });
    expect(applied).toMatchObject({ createCount: 1, updateCount: 1, errorCount: 0 });
    const list = await app.call('departments.list', { includeInactive: true });
    const police = list.find((d) => d.shortName === '区公安分局')!;
    // columns the file leaves out (别名, 职责) keep their values
    expect(police).toMatchObject({ contactPerson: '钱警官', aliases: ['公安分局'] });
    expect(police.duties).toContain('打击非法行医');
    expect(list.find((d) => d.shortName === '区残联')).toMatchObject({
      active: false,
      contactPerson: '孙华',
    });
  });

  it('neutralises exported text that could start a formula, and imports it back unchanged', async () => {
    app = await newSetupApp();
    const duties = '=HYPERLINK("http://evil.example","点击")';
    await app.call('departments.create', { fullName: '+公式单位', shortName: '@公式', duties });
    const file = await app.call('departments.exportXlsx', { includeInactive: true });
    const bytes = Buffer.from(file.base64, 'base64');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    let found = 0;
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        // Text as typed, never a formula: Excel's quote prefix (no apostrophe stored in the cell).
        expect(cell.formula, String(cell.value)).toBeUndefined();
        if (typeof cell.value === 'string' && /^[=+\-@]/.test(cell.value))
          expect(cellStyle(bytes, 1, cell.address).quotePrefix, cell.address).toBe(true);
        if (cell.value === duties) found++;
      }),
    );
    expect(found).toBe(1);
    const preview = await app.call('departments.importPreview', { fileName: 'x.xlsx', base64: file.base64 });
    expect(preview).toMatchObject({ createCount: 0, updateCount: 0, errorCount: 0 });
  });

  it('rejects a file that is not an xlsx, or lacks the required columns', async () => {
    app = await newSetupApp();
    const notXlsx = Buffer.from('hello').toString('base64');
    await expect(
      app.call('departments.importPreview', { fileName: 'a.xlsx', base64: notXlsx }),
    ).rejects.toThrow('不是有效的 Excel');
    const noCols = await xlsx([['名称'], ['某单位']]);
    await expect(
      app.call('departments.importPreview', { fileName: 'a.xlsx', base64: noCols }),
    ).rejects.toThrow('表头缺少以下列：单位全称、简称');
  });

  it('reorders and deactivates with audit', async () => {
    app = await newSetupApp();
    const list = await app.call('departments.list', { includeInactive: true });
    const reordered = await app.call('departments.reorder', { ids: list.map((d) => d.id).reverse() });
    expect(reordered[0]!.shortName).toBe('区级相关部门');
    const d = await app.call('departments.setActive', { id: list[1]!.id, active: false });
    expect(d.active).toBe(false);
    expect((await app.call('departments.list', { includeInactive: false })).some((x) => x.id === d.id)).toBe(
      false,
    );
    await expect(app.call('departments.setActive', { id: d.id, active: false })).rejects.toThrow(
      '已是停用状态',
    );
  });
});
