// 数据迁入: the import wizard's engine and its methods, on spreadsheets shaped the way offices have them.
import { afterEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { AppError } from '../../shared/errors';
import { usccCheckChar } from '../../shared/domain/uscc';
import { parseDate, parseYesNo, proposeValue } from '../../db/core/import/values';
import { detectHeaderRow, proposeColumns, sheetColumns } from '../../db/core/import/engine';
import { institutionImportRegister, complaintImportRegister } from '../../db/enforcement/import-registers';
import { count, newSetupApp, type TestApp } from './helpers';

let app: TestApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

const serialOf = (iso: string) =>
  Math.round((Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86400000);
const code = (first17: string) => first17 + usccCheckChar(first17)!;
const USCC = [code('12330602MB0000011'), code('52330602MJ0000022'), code('92330602MA2D00033')];
function wrongCheck(c: string): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  return c.slice(0, 17) + alphabet[(alphabet.indexOf(c[17]!) + 1) % 31];
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

type Cell = string | number | Date | null;
async function workbook(sheets: { name: string; rows: Cell[][]; mergeTitle?: boolean }[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
    if (s.mergeTitle) ws.mergeCells(1, 1, 1, 6);
  }
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

/** An office roster: a notes sheet first, then a merged title row, a blank row and the header on row 3. */
const rosterRows = (rows: Cell[][]): Cell[][] => [
  ['2026年越城区医疗机构名录（截至3月底）'],
  [],
  ['序号', '医疗机构名称', '社会信用代码', '登记号', '类别', '经营性质', '发证日期', '备注'],
  ...rows,
];

describe('import engine pieces', () => {
  it('reads dates in the usual forms, yes/no marks, and matches category words where clear', () => {
    for (const s of [
      '2026/3/5',
      '2026-03-05',
      '2026年3月5日',
      '2026.3.5',
      '20260305',
      '46086',
      '2026-03-05 14:22:10',
    ])
      expect(parseDate(s), s).toBe('2026-03-05');
    expect(parseDate('2026/2/30')).toBeNull();
    expect(parseDate('三月五日')).toBeNull();
    expect(parseYesNo('√')).toBe(true);
    expect(parseYesNo('×')).toBe(false);
    expect(parseYesNo('是')).toBe(true);
    expect(parseYesNo('否')).toBe(false);
    expect(parseYesNo('待定')).toBeNull();
    const options = institutionImportRegister.fields.find((f) => f.name === '机构类别')!.options!;
    expect(proposeValue('综合医院', options)).toBe('医院');
    expect(proposeValue('社区卫生服务中心', options)).toBe('社区卫生服务中心');
    expect(proposeValue('口腔诊所', options)).toBe('口腔');
    expect(proposeValue('医疗美容诊所', options)).toBe('医疗美容');
    expect(proposeValue('个体诊所', options)).toBe('诊所');
    expect(proposeValue('民营专科医院', options)).toBe('医院');
    expect(proposeValue('养老机构', options)).toBeNull();
  });

  it('finds the header below a merged title row and proposes columns from the usual variants', () => {
    const sheet = {
      name: '名录',
      rows: [
        Array(6).fill('2026年越城区医疗机构名录'),
        [],
        ['序号', '医疗机构名称', '统一代码', '执业许可证登记号', '机构类型', '经营性质'],
        ['1', '某医院', USCC[0]!, 'PDY1', '综合医院', '公立'],
      ],
    };
    expect(detectHeaderRow(sheet, institutionImportRegister.fields)).toBe(3);
    const cols = sheetColumns(sheet, 3);
    expect(proposeColumns(cols.columns, institutionImportRegister.fields)).toMatchObject({
      机构名称: '医疗机构名称',
      统一社会信用代码: '统一代码',
      执业许可证登记号: '执业许可证登记号',
      机构类别: '机构类型',
      所有制: '经营性质',
      地址: null,
    });
    const twelve = sheetColumns(
      {
        name: 'x',
        rows: [['工单号', '派单时间', '来电内容', '诉求类别', '处置单位', '被投诉机构', '是否属实']],
      },
      1,
    );
    expect(proposeColumns(twelve.columns, complaintImportRegister.fields)).toMatchObject({
      工单编号: '工单号',
      受理日期: '派单时间',
      投诉内容: '来电内容',
      投诉类别: '诉求类别',
      承办单位: '处置单位',
      涉及机构: '被投诉机构',
      是否查实: '是否属实',
    });
  });
});

describe('imports through the dispatcher', () => {
  it('a roster as an office has it: sheet, header, columns and values proposed; duplicates and bad codes named; remembered next time', async () => {
    app = await newSetupApp({ now: '2026-06-01T02:00:00Z' });
    const base64 = await workbook([
      { name: '填表说明', rows: [['本表由区卫生健康局整理'], ['请勿修改表头']] },
      {
        name: '机构名录',
        mergeTitle: true,
        rows: rosterRows([
          [1, '越城区人民医院', USCC[0]!, 'PDY001', '综合医院', '公立', 45000, ''],
          [2, '府山社区卫生服务中心', USCC[1]!, 'PDY002', '社区卫生服务中心', '政府办', 45001, ''],
          [3, '微笑口腔诊所', USCC[2]!, 'PDY003', '口腔诊所', '民营', 45002, ''],
          [4, '又一家口腔诊所', USCC[2]!, 'PDY004', '口腔诊所', '民营', 45003, ''],
          [
            5,
            '美丽医疗美容诊所',
            wrongCheck(code('91330602MA2D00044')),
            'PDY005',
            '医疗美容诊所',
            '私营',
            45004,
            '',
          ],
          [6, '某养老院医务室', code('52330602MJ0000055'), 'PDY006', '养老机构内设', '民营', 45005, ''],
        ]),
      },
    ]);
    const file = { fileName: '越城区医疗机构名录2026.xlsx', base64 };
    const seen = await app.call('imports.inspect', { register: 'institutions', ...file });
    expect(seen.sheets.map((s) => s.name)).toEqual(['填表说明', '机构名录']);
    expect(seen).toMatchObject({
      sheet: '机构名录',
      headerRow: 3,
      dataRowCount: 6,
      problem: null,
      remembered: null,
    });
    expect(seen.columnMap).toMatchObject({
      机构名称: '医疗机构名称',
      统一社会信用代码: '社会信用代码',
      机构类别: '类别',
    });
    const target = {
      register: 'institutions' as const,
      ...file,
      sheet: seen.sheet,
      headerRow: 3,
      columns: seen.columnMap,
    };
    const values = await app.call('imports.values', target);
    const category = values.find((v) => v.field === '机构类别')!;
    expect(Object.fromEntries(category.values.map((v) => [v.value, v.proposed]))).toEqual({
      综合医院: '医院',
      社区卫生服务中心: '社区卫生服务中心',
      口腔诊所: '口腔',
      医疗美容诊所: '医疗美容',
      养老机构内设: null,
    });
    const proposed = Object.fromEntries(
      values.map((f) => [
        f.field,
        Object.fromEntries(f.values.flatMap((v) => (v.proposed ? [[v.value, v.proposed]] : []))),
      ]),
    );
    // A value left unmatched: its row says so, and nothing is written.
    const first = await app.call('imports.preview', { ...target, values: proposed });
    const byRow = new Map(first.rows.map((r) => [r.rowNumber, r.errors.join('；')]));
    expect(byRow.get(7)).toContain('统一社会信用代码与第 6 行重复');
    expect(byRow.get(8)).toMatch(/校验/);
    expect(byRow.get(9)).toContain('机构类别“养老机构内设”尚未对应到本程序的取值');
    expect(first.unmappedColumns).toEqual(['序号', '发证日期', '备注']);
    expect(first.errorCount).toBe(3);
    const refused = await failure(app.call('imports.apply', { ...target, values: proposed }));
    expect(refused.message).toContain('未导入任何数据');
    expect(await count(app.db, 'institutions')).toBe(0);
    expect(await count(app.db, 'import_mappings')).toBe(0);

    // Fixed in the file: the duplicate and the bad code gone, the last value chosen by hand.
    const fixed = await workbook([
      {
        name: '机构名录',
        mergeTitle: true,
        rows: rosterRows([
          [1, '越城区人民医院', USCC[0]!, 'PDY001', '综合医院', '公立', 45000, ''],
          [2, '府山社区卫生服务中心', USCC[1]!, 'PDY002', '社区卫生服务中心', '政府办', 45001, ''],
          [3, '微笑口腔诊所', USCC[2]!, 'PDY003', '口腔诊所', '民营', 45002, ''],
          [6, '某养老院医务室', code('52330602MJ0000055'), 'PDY006', '养老机构内设', '民营', 45005, ''],
        ]),
      },
    ]);
    const chosen = { ...proposed, 机构类别: { ...proposed['机构类别'], 养老机构内设: '其他' } };
    const done = await app.call('imports.apply', {
      ...target,
      fileName: '名录3月.xlsx',
      base64: fixed,
      values: chosen,
      progressId: 'import-progress-1',
    });
    expect(done).toMatchObject({ createCount: 4, errorCount: 0 });
    // The wizard's progress bar: every row of the sheet, no 取消 (one transaction).
    expect(await app.call('system.progress', { id: 'import-progress-1' })).toEqual({
      what: '正在导入监管对象',
      done: 4,
      total: 4,
      unit: '行',
      cancellable: false,
      cancelled: false,
    });
    const list = await app.call('institutions.list', { includeInactive: true });
    expect(list.find((i) => i.name === '某养老院医务室')).toMatchObject({
      category: 'other',
      ownership: 'private',
    });
    expect(list.find((i) => i.name === '越城区人民医院')).toMatchObject({
      category: 'hospital',
      ownership: 'public',
    });
    const audit = await app.db
      .selectFrom('audit_log')
      .select('summary')
      .where('summary', 'like', '从 名录3月.xlsx%')
      .executeTakeFirstOrThrow();
    expect(audit.summary).toMatch(/SHA-256 [0-9a-f]{64}/);

    // Next month, the same layout: the remembered mapping comes back with its values.
    const again = await app.call('imports.inspect', {
      register: 'institutions',
      fileName: '名录4月.xlsx',
      base64: fixed,
    });
    expect(again.remembered).not.toBeNull();
    expect(again.columnMap).toEqual(Object.fromEntries(Object.entries(target.columns)));
    expect(again.valueMap['机构类别']).toMatchObject({ 养老机构内设: '其他' });
    const repeat = await app.call('imports.preview', { ...target, base64: fixed, values: again.valueMap });
    expect(repeat).toMatchObject({ createCount: 0, unchangedCount: 4, errorCount: 0 });

    // Exported as JSON, and taken in by another district's copy.
    const [saved] = await app.call('imports.mappings', { register: 'institutions' });
    const json = await app.call('imports.exportMapping', { id: saved!.id });
    const other = await newSetupApp({ now: '2026-06-01T02:00:00Z' });
    try {
      const taken = await other.call('imports.importMapping', {
        fileName: json.fileName,
        base64: json.base64,
      });
      expect(taken).toMatchObject({
        register: 'institutions',
        source: 'imported',
        signature: saved!.signature,
      });
      const theirs = await other.call('imports.inspect', {
        register: 'institutions',
        fileName: 'x.xlsx',
        base64: fixed,
      });
      expect(theirs.remembered?.id).toBe(taken.id);
      expect(theirs.valueMap['机构类别']).toMatchObject({ 养老机构内设: '其他' });
      const bad = await failure(
        other.call('imports.importMapping', {
          fileName: 'x.json',
          base64: Buffer.from('{"a":1}').toString('base64'),
        }),
      );
      expect(bad.message).toContain('不是本程序导出的导入对应');
    } finally {
      await other.close();
    }
  });

  it('bad input: no recognisable header, a required column unmapped — a Chinese message and nothing written', async () => {
    app = await newSetupApp({ now: '2026-06-01T02:00:00Z' });
    const base64 = await workbook([
      {
        name: '杂项',
        rows: [
          ['甲', '乙', '丙'],
          ['1', '2', '3'],
        ],
      },
    ]);
    const file = { fileName: '杂项.xlsx', base64 };
    const seen = await app.call('imports.inspect', { register: 'institutions', ...file });
    expect(seen.headerRow).toBeNull();
    expect(seen.problem).toContain('没有找到监管对象的表头');
    const roster = await workbook([
      {
        name: '名录',
        rows: [
          ['机构名称', '类别', '经营性质'],
          ['某医院', '综合医院', '公立'],
        ],
      },
    ]);
    const unmapped = await failure(
      app.call('imports.apply', {
        register: 'institutions',
        fileName: 'r.xlsx',
        base64: roster,
        sheet: '名录',
        headerRow: 1,
        columns: { 机构名称: '机构名称', 机构类别: '类别', 所有制: '经营性质' },
        values: {},
      }),
    );
    expect(unmapped.message).toContain('必填项“统一社会信用代码”尚未对应到文件中的列');
    expect(await count(app.db, 'institutions')).toBe(0);
    // Not a workbook at all: the zip guard's Chinese refusal, from the first step.
    const notXlsx = await failure(
      app.call('imports.inspect', {
        register: 'complaints',
        fileName: '工单.xlsx',
        base64: Buffer.from('工单号,受理时间\n1,2').toString('base64'),
      }),
    );
    expect(notXlsx.code).toBe('IMPORT_INVALID');
    expect(notXlsx.message).toMatch(/Excel|文件/);
    // A sheet named that is not in the file.
    const noSheet = await failure(
      app.call('imports.preview', {
        register: 'institutions',
        fileName: 'r.xlsx',
        base64: roster,
        sheet: '不存在',
        headerRow: 1,
        columns: {},
        values: {},
      }),
    );
    expect(noSheet.message).toBe('该文件中没有名为“不存在”的工作表');
  });

  it('12345 exports are keyed by 工单号: importing an updated export again updates the same orders', async () => {
    app = await newSetupApp({ now: '2026-06-01T02:00:00Z' });
    const header = [
      '工单号',
      '派单时间',
      '来电内容',
      '诉求类别',
      '处置单位',
      '办结时间',
      '处理结果',
      '是否属实',
    ];
    const first = await workbook([
      {
        name: '工单导出',
        rows: [
          ['12345 热线工单导出（卫生健康类）'],
          header,
          [
            'GD20260301001',
            '2026-03-01 09:12:00',
            '某诊所收费不透明',
            '医疗收费',
            '区卫生健康局',
            null,
            null,
            null,
          ],
          ['GD20260302002', 46084, '医生态度差', '服务态度', '区卫生健康局', null, null, null],
        ],
      },
    ]);
    const inspect = async (base64: string) =>
      app!.call('imports.inspect', { register: 'complaints', fileName: '12345.xlsx', base64 });
    const seen = await inspect(first);
    expect(seen.headerRow).toBe(2);
    const target = {
      register: 'complaints' as const,
      fileName: '12345-3月.xlsx',
      sheet: seen.sheet,
      headerRow: 2,
      columns: seen.columnMap,
    };
    const values = { 投诉类别: { 医疗收费: '收费', 服务态度: '医疗服务' } };
    const one = await app.call('imports.apply', { ...target, base64: first, values });
    expect(one).toMatchObject({ createCount: 2, updateCount: 0, errorCount: 0 });
    let list = (await app.call('complaints.page', { startRow: 0, endRow: 500 })).rows;
    expect(list.map((c) => [c.ticketNo, c.receivedOn, c.category]).sort()).toEqual([
      ['GD20260301001', '2026-03-01', 'charges'],
      ['GD20260302002', '2026-03-03', 'medical_service'],
    ]);

    const updated = await workbook([
      {
        name: '工单导出',
        rows: [
          ['12345 热线工单导出（卫生健康类）'],
          header,
          [
            'GD20260301001',
            '2026-03-01 09:12:00',
            '某诊所收费不透明',
            '医疗收费',
            '区卫生健康局',
            '2026年3月20日',
            '已约谈，退还费用',
            '√',
          ],
          ['GD20260302002', 46084, '医生态度差', '服务态度', '区卫生健康局', null, null, null],
          ['GD20260305003', '2026/3/5', '医美机构虚假宣传', '医美', '区卫生健康局', null, null, null],
        ],
      },
    ]);
    const again = await inspect(updated);
    expect(again.remembered).not.toBeNull();
    const preview = await app.call('imports.preview', {
      ...target,
      base64: updated,
      values: { 投诉类别: { ...values.投诉类别, 医美: '医疗美容' } },
    });
    expect(preview).toMatchObject({ createCount: 1, updateCount: 1, unchangedCount: 1, errorCount: 0 });
    await app.call('imports.apply', {
      ...target,
      base64: updated,
      values: { 投诉类别: { ...values.投诉类别, 医美: '医疗美容' } },
    });
    list = (await app.call('complaints.page', { startRow: 0, endRow: 500 })).rows;
    expect(list).toHaveLength(3);
    expect(list.find((c) => c.ticketNo === 'GD20260301001')).toMatchObject({
      handledOn: '2026-03-20',
      handlingResult: '已约谈，退还费用',
      substantiated: true,
    });
  });

  it('历史检查记录: last year’s list by institution and inspector names; the same list again adds nothing', async () => {
    app = await newSetupApp({ now: '2026-06-01T02:00:00Z' });
    const departments = await app.call('departments.list', { includeInactive: true });
    const health = departments.find((d) => d.shortName === '区卫生健康局')!;
    await app.call('institutions.create', {
      name: '越城区人民医院',
      uscc: USCC[0]!,
      category: 'hospital',
      ownership: 'public',
    });
    await app.call('institutions.create', {
      name: '微笑口腔诊所',
      uscc: USCC[2]!,
      category: 'dental',
      ownership: 'private',
    });
    for (const [name, badgeNo] of [
      ['王执法', '33060219001'],
      ['李监督', '33060219002'],
    ] as const)
      await app.call('inspectors.create', { name, departmentId: health.id, badgeNo, conflicts: [] });
    const rows = (third: string): Cell[][] => [
      ['2025年日常监督检查台账'],
      ['检查对象', '检查时间', '主检人', '其他检查人员', '检查内容', '发现问题', '处理情况', '整改时限'],
      ['越城区人民医院', '2025/4/8', '王执法', '李监督', '医疗废物管理、传染病防控', '', '未发现问题', null],
      [
        '微笑口腔诊所',
        serialOf('2025-05-20'),
        '王执法',
        third,
        '消毒隔离',
        '器械消毒记录不全',
        '限期整改',
        '2025年6月20日',
      ],
    ];
    const serialOfBad = await workbook([{ name: '台账', rows: rows('张不在') }]);
    const seen = await app.call('imports.inspect', {
      register: 'inspections',
      fileName: '台账.xlsx',
      base64: serialOfBad,
    });
    expect(seen.headerRow).toBe(2);
    expect(seen.columnMap).toMatchObject({
      被检查机构: '检查对象',
      检查日期: '检查时间',
      组长: '主检人',
      组员: '其他检查人员',
      抽查事项: '检查内容',
      检查结果: '处理情况',
      整改期限: '整改时限',
    });
    const target = {
      register: 'inspections' as const,
      fileName: '台账.xlsx',
      sheet: '台账',
      headerRow: 2,
      columns: seen.columnMap,
    };
    const values = { 检查结果: { 未发现问题: '合格', 限期整改: '责令整改' } };
    const bad = await app.call('imports.preview', { ...target, base64: serialOfBad, values });
    expect(bad.rows.find((r) => r.rowNumber === 4)?.errors).toContain('组员“张不在”不在执法人员名录中');
    await failure(app.call('imports.apply', { ...target, base64: serialOfBad, values }));
    expect(await count(app.db, 'inspections')).toBe(0);

    const good = await workbook([{ name: '台账', rows: rows('李监督') }]);
    const done = await app.call('imports.apply', { ...target, base64: good, values });
    expect(done).toMatchObject({ createCount: 2, errorCount: 0 });
    const list = await app.call('inspections.list', {});
    expect(list.map((i) => [i.institutionName, i.inspectedOn, i.outcome, i.rectifyDue]).sort()).toEqual([
      ['微笑口腔诊所', '2025-05-20', 'rectify', '2025-06-20'],
      ['越城区人民医院', '2025-04-08', 'qualified', null],
    ]);
    expect(list.every((i) => i.credit.length > 0)).toBe(true);
    const again = await app.call('imports.preview', { ...target, base64: good, values });
    expect(again).toMatchObject({ createCount: 0, unchangedCount: 2, errorCount: 0 });
  });
});
