// 联合执法 directories through the dispatcher: 监管对象 with the GB 32100-2015 check character and unique keys,
// 从业人员 tied to an institution on the register, 执法检查人员 with their 回避 declarations, the Excel round trip
// with per-row Chinese errors and all-or-nothing apply, and who may write.
import { afterEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { AppError } from '../../shared/errors';
import { isValidUscc, usccCheckChar } from '../../shared/domain/uscc';
import type { InstitutionInput } from '../../shared/contract';
import { buildHandlers } from '../../db/app';
import { seedEnforcementDirectories } from '../../db/enforcement/demo-directories';
import { SeededRandom } from '../../db/core/demo-random';
import type { Call } from '../../db/demo';
import { count, newSetupApp, type TestApp } from './helpers';
import { cellStyle } from '../xlsx-style';

let app: TestApp;
afterEach(async () => app?.close());

/** A valid code from its first 17 characters. */
const code = (first17: string) => first17 + usccCheckChar(first17)!;
const USCC_A = code('12330602MB0000011'); // 公立医院 (事业单位: 12)
const USCC_B = code('52330602MJ0000022'); // 民办非企业单位
const USCC_C = code('92330602MA2D00033'); // 个体工商户

/** The same code with a wrong last character. */
function wrongCheck(c: string): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  return c.slice(0, 17) + alphabet[(alphabet.indexOf(c[17]!) + 1) % 31];
}

const hospital = (over: Partial<InstitutionInput> = {}): InstitutionInput => ({
  name: '绍兴市越城区人民医院',
  uscc: USCC_A,
  licenceNo: 'PDY00001833060211A1001',
  category: 'hospital',
  ownership: 'public',
  level: 'secondary',
  address: '绍兴市越城区中兴中路 100 号',
  street: '府山街道',
  grid: '府山第3网格',
  ...over,
});

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

const issues = (e: AppError) => (e.details as { issues: { path: string; message: string }[] }).issues;

async function xlsx(sheet: string, rows: (string | number | null)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

async function loadSheet(base64: string): Promise<{ wb: ExcelJS.Workbook; ws: ExcelJS.Worksheet }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  return { wb, ws: wb.worksheets[0]! };
}

const toBase64 = async (wb: ExcelJS.Workbook) => Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');

async function departmentId(shortName: string): Promise<number> {
  const list = await app.call('departments.list', { includeInactive: true });
  return list.find((d) => d.shortName === shortName)!.id;
}

describe('监管对象', () => {
  it('accepts a code whose check character is right (typed with spaces and lower case too)', async () => {
    app = await newSetupApp();
    const a = await app.call('institutions.create', hospital());
    expect(a).toMatchObject({ uscc: USCC_A, status: 'operating', creditTier: null, practitionerCount: 0 });
    const typed = `${USCC_B.slice(0, 6)} ${USCC_B.slice(6).toLowerCase()}`;
    const b = await app.call('institutions.create', {
      name: '越城康宁门诊部',
      uscc: typed,
      category: 'outpatient',
      ownership: 'private',
    });
    expect(b).toMatchObject({ uscc: USCC_B, licenceNo: '', level: 'unrated' });
    expect((await app.call('institutions.list', { includeInactive: true })).map((i) => i.name)).toEqual([
      '绍兴市越城区人民医院',
      '越城康宁门诊部',
    ]);
  });

  it('refuses a wrong check character, a wrong length and letters outside the alphabet, in Chinese', async () => {
    app = await newSetupApp();
    const e = await failure(app.call('institutions.create', hospital({ uscc: wrongCheck(USCC_A) })));
    expect(e.code).toBe('VALIDATION');
    expect(issues(e)).toEqual([
      { path: 'uscc', message: '统一社会信用代码校验码不符（GB 32100-2015），请核对后重新填写' },
    ]);
    const short = await failure(app.call('institutions.create', hospital({ uscc: USCC_A.slice(0, 17) })));
    expect(short.message).toBe('统一社会信用代码应为 18 位（现为 17 位）');
    const letterO = await failure(
      app.call('institutions.create', hospital({ uscc: `${USCC_A.slice(0, 10)}O${USCC_A.slice(11)}` })),
    );
    expect(letterO.message).toBe('统一社会信用代码含有无效字符“O”（不使用 I、O、Z、S、V）');
    const blank = await failure(
      app.call('institutions.create', { ...hospital({ uscc: '' }), category: 'x' as never }),
    );
    expect(issues(blank)).toEqual(
      expect.arrayContaining([
        { path: 'uscc', message: '请填写统一社会信用代码' },
        { path: 'category', message: '请选择机构类别' },
      ]),
    );
    expect(await count(app.db, 'institutions')).toBe(0);
  });

  it('refuses a 统一社会信用代码 or 执业许可证登记号 already on the register, naming who holds it', async () => {
    app = await newSetupApp();
    await app.call('institutions.create', hospital());
    const dupUscc = await failure(
      app.call('institutions.create', hospital({ name: '另一家医院', licenceNo: '' })),
    );
    expect(dupUscc.code).toBe('CONFLICT');
    expect(issues(dupUscc)).toEqual([
      { path: 'uscc', message: `统一社会信用代码 ${USCC_A} 已登记为“绍兴市越城区人民医院”` },
    ]);
    const dupLicence = await failure(
      app.call('institutions.create', hospital({ name: '另一家医院', uscc: USCC_B })),
    );
    expect(dupLicence.message).toBe('执业许可证登记号 PDY00001833060211A1001 已登记为“绍兴市越城区人民医院”');
    // no licence is not a licence: several institutions may have none
    await app.call('institutions.create', hospital({ name: '诊所甲', uscc: USCC_B, licenceNo: '' }));
    await app.call('institutions.create', hospital({ name: '诊所乙', uscc: USCC_C, licenceNo: '' }));
    // saving a record with its own keys is not a clash
    const list = await app.call('institutions.list', { includeInactive: true });
    const a = list[0]!;
    const updated = await app.call('institutions.update', { ...hospital({ level: 'tertiary' }), id: a.id });
    expect(updated.level).toBe('tertiary');
  });

  it('changes status with an audit row, and hides 注销 ones on request', async () => {
    app = await newSetupApp();
    const a = await app.call('institutions.create', hospital());
    const closed = await app.call('institutions.setStatus', { id: a.id, status: 'deregistered' });
    expect(closed.status).toBe('deregistered');
    expect(await app.call('institutions.list', { includeInactive: false })).toEqual([]);
    await expect(app.call('institutions.setStatus', { id: a.id, status: 'deregistered' })).rejects.toThrow(
      '已是注销状态',
    );
    const audit = await app.db
      .selectFrom('audit_log')
      .select(['action', 'summary'])
      .where('entity', '=', 'institution')
      .orderBy('id')
      .execute();
    expect(audit.map((r) => r.summary)).toEqual([
      '新增监管对象 绍兴市越城区人民医院',
      '监管对象 绍兴市越城区人民医院 状态改为注销',
    ]);
  });
});

describe('从业人员', () => {
  it('belong to an institution on the register; certificate numbers are unique per category', async () => {
    app = await newSetupApp();
    const a = await app.call('institutions.create', hospital());
    const missing = await failure(
      app.call('practitioners.create', {
        name: '王伟',
        category: 'physician',
        certificateNo: '110330600012345',
        institutionId: 9999,
      }),
    );
    expect(missing.code).toBe('VALIDATION');
    expect(issues(missing)).toEqual([{ path: 'institutionId', message: '所选执业机构不在监管对象名录中' }]);
    const p = await app.call('practitioners.create', {
      name: '王伟',
      category: 'physician',
      certificateNo: '110330600012345',
      institutionId: a.id,
    });
    expect(p).toMatchObject({
      institutionName: '绍兴市越城区人民医院',
      institutionUscc: USCC_A,
      active: true,
    });
    const dup = await failure(
      app.call('practitioners.create', {
        name: '李娜',
        category: 'physician',
        certificateNo: '110330600012345',
        institutionId: a.id,
      }),
    );
    expect(dup.code).toBe('CONFLICT');
    expect(dup.message).toBe('医师证书编号 110330600012345 已登记为“王伟”（绍兴市越城区人民医院）');
    // the same number in another category is another certificate
    await app.call('practitioners.create', {
      name: '李娜',
      category: 'nurse',
      certificateNo: '110330600012345',
      institutionId: a.id,
    });
    expect((await app.call('institutions.list', { includeInactive: true }))[0]!.practitionerCount).toBe(2);
    await app.call('practitioners.setActive', { id: p.id, active: false });
    expect((await app.call('institutions.list', { includeInactive: true }))[0]!.practitionerCount).toBe(1);
    expect(
      (await app.call('practitioners.list', { includeInactive: false, institutionId: a.id })).map(
        (x) => x.name,
      ),
    ).toEqual(['李娜']);

    await app.call('institutions.setStatus', { id: a.id, status: 'deregistered' });
    const closed = await failure(
      app.call('practitioners.create', {
        name: '赵敏',
        category: 'pharmacist',
        certificateNo: 'ZY2026001',
        institutionId: a.id,
      }),
    );
    expect(closed.message).toBe('执业机构“绍兴市越城区人民医院”已注销，不能登记在此执业');
  });
});

describe('执法检查人员', () => {
  it('keep their 回避 declarations in order, with names, through create and update', async () => {
    app = await newSetupApp();
    const a = await app.call('institutions.create', hospital());
    const b = await app.call('institutions.create', {
      name: '越城康宁门诊部',
      uscc: USCC_B,
      category: 'outpatient',
      ownership: 'private',
    });
    const dept = await departmentId('区卫生健康局');
    const i = await app.call('inspectors.create', {
      name: '陈静',
      departmentId: dept,
      badgeNo: '33060219001',
      conflicts: [
        { institutionId: b.id, reason: '配偶在该门诊部任职' },
        { institutionId: a.id, reason: '曾在该院工作（2023 年离职）' },
      ],
    });
    expect(i).toMatchObject({ departmentName: '区卫生健康局', active: true });
    expect(i.conflicts).toEqual([
      {
        institutionId: b.id,
        institutionName: '越城康宁门诊部',
        institutionUscc: USCC_B,
        reason: '配偶在该门诊部任职',
      },
      {
        institutionId: a.id,
        institutionName: '绍兴市越城区人民医院',
        institutionUscc: USCC_A,
        reason: '曾在该院工作（2023 年离职）',
      },
    ]);
    const listed = (await app.call('inspectors.list', { includeInactive: true }))[0]!;
    expect(listed).toEqual(i);
    const updated = await app.call('inspectors.update', {
      id: i.id,
      name: '陈静',
      departmentId: dept,
      badgeNo: '33060219001',
      conflicts: [{ institutionId: a.id, reason: '曾在该院工作' }],
    });
    expect(updated.conflicts.map((c) => c.institutionName)).toEqual(['绍兴市越城区人民医院']);
    expect(await count(app.db, 'inspector_conflicts')).toBe(1);

    const bad = await failure(
      app.call('inspectors.create', {
        name: '周强',
        departmentId: dept,
        badgeNo: '33060219002',
        conflicts: [
          { institutionId: 9999, reason: '亲属' },
          { institutionId: a.id, reason: '' },
        ],
      }),
    );
    expect(issues(bad)).toEqual([{ path: 'conflicts.1.reason', message: '请填写回避理由' }]);
    const unknown = await failure(
      app.call('inspectors.create', {
        name: '周强',
        departmentId: dept,
        badgeNo: '33060219002',
        conflicts: [{ institutionId: 9999, reason: '亲属' }],
      }),
    );
    expect(issues(unknown)).toEqual([
      { path: 'conflicts.0.institutionId', message: '回避对象不在监管对象名录中' },
    ]);
    const twice = await failure(
      app.call('inspectors.create', {
        name: '周强',
        departmentId: dept,
        badgeNo: '33060219002',
        conflicts: [
          { institutionId: a.id, reason: '亲属' },
          { institutionId: a.id, reason: '同学' },
        ],
      }),
    );
    expect(twice.message).toBe('回避对象有重复');
    const badge = await failure(
      app.call('inspectors.create', { name: '周强', departmentId: dept, badgeNo: '33060219001' }),
    );
    expect(badge.code).toBe('CONFLICT');
    expect(badge.message).toBe('执法证号 33060219001 已登记为“陈静”');
    const noDept = await failure(
      app.call('inspectors.create', { name: '周强', departmentId: 9999, badgeNo: '33060219003' }),
    );
    expect(noDept.message).toBe('所选单位不在成员单位名录中');
  });
});

describe('Excel export and import', () => {
  it('export → edit → preview lists every bad row in Chinese and applies nothing', async () => {
    app = await newSetupApp();
    await app.call('institutions.create', hospital());
    await app.call('institutions.create', {
      name: '越城康宁门诊部',
      uscc: USCC_B,
      category: 'outpatient',
      ownership: 'private',
    });
    const file = await app.call('institutions.exportXlsx', { includeInactive: true });
    expect(file.fileName).toBe('监管对象名录.xlsx');
    const { wb, ws } = await loadSheet(file.base64);
    const header = (ws.getRow(1).values as string[]).slice(1);
    expect(header).toEqual([
      '序号',
      '机构名称',
      '统一社会信用代码',
      '执业许可证登记号',
      '机构类别',
      '所有制',
      '等级',
      '地址',
      '街道/镇',
      '网格',
      '状态',
      '信用等级',
    ]);
    expect(ws.getRow(2).getCell(12).value).toBe('—'); // not rated yet
    const col = (h: string) => header.indexOf(h) + 1;
    ws.getRow(2).getCell(col('地址')).value = '绍兴市越城区中兴中路 101 号'; // a good change
    ws.getRow(3).getCell(col('机构类别')).value = '药店'; // not a category
    ws.addRow([null, '越城区新开诊所', wrongCheck(USCC_C), '', '诊所', '社会办', '', '', '', '', '', '']);
    ws.addRow([null, '越城区另一诊所', USCC_C, '', '诊所', '私营', '', '', '', '', '', '']);
    const edited = await toBase64(wb);

    const before = await count(app.db, 'audit_log');
    const preview = await app.call('institutions.importPreview', {
      fileName: '监管对象.xlsx',
      base64: edited,
    });
    expect(preview).toMatchObject({ errorCount: 3, updateCount: 2, createCount: 2 });
    const row = (n: number) => preview.rows.find((r) => r.rowNumber === n)!;
    expect(row(2)).toMatchObject({
      action: 'update',
      errors: [],
      changes: ['地址：“绍兴市越城区中兴中路 100 号”→“绍兴市越城区中兴中路 101 号”'],
    });
    expect(row(3).errors).toEqual([
      '机构类别“药店”无效，应为 医院、社区卫生服务中心、卫生院、门诊部、诊所、医疗美容、健康体检、口腔、中医 或 其他',
    ]);
    expect(row(4).errors).toEqual(['统一社会信用代码校验码不符（GB 32100-2015），请核对后重新填写']);
    expect(row(5).errors).toEqual(['所有制“私营”无效，应为 公立 或 社会办']);
    const e = await failure(
      app.call('institutions.importApply', { fileName: '监管对象.xlsx', base64: edited }),
    );
    expect(e.code).toBe('IMPORT_INVALID');
    expect(e.message).toBe('有 3 行存在问题，未导入任何数据。请修改后重新导入。');
    expect(await count(app.db, 'institutions')).toBe(2);
    expect(await count(app.db, 'audit_log')).toBe(before);
    expect((await app.call('institutions.list', { includeInactive: true }))[0]!.address).toBe(
      '绍兴市越城区中兴中路 100 号',
    );
  });

  it('practitioners resolve their institution by code or exact name; inspectors their department by name or alias', async () => {
    app = await newSetupApp();
    const a = await app.call('institutions.create', hospital());
    await app.call('institutions.create', {
      name: '越城康宁门诊部',
      uscc: USCC_B,
      category: 'outpatient',
      ownership: 'private',
    });
    const practitioners = await xlsx('从业人员', [
      ['姓名', '人员类别', '证书编号', '执业机构', '执业机构统一社会信用代码', '状态'],
      ['王伟', '医师', '110330600012345', '绍兴市越城区人民医院', '', ''],
      ['李娜', '护士', '201833000123', '', USCC_B, '在职'],
      ['赵敏', '药剂师', 'ZY2026001', '越城康宁门诊部', '', ''],
      ['孙华', '技师', 'JS-0001', '越城区不存在医院', '', ''],
      ['周强', '医师', '110330600099999', '越城康宁门诊部', USCC_A, ''],
      ['吴刚', '医师', '110330600012345', '越城康宁门诊部', '', '离职'],
    ]);
    const pp = await app.call('practitioners.importPreview', { fileName: 'p.xlsx', base64: practitioners });
    const pr = (n: number) => pp.rows.find((r) => r.rowNumber === n)!;
    expect(pr(2).errors).toEqual([]);
    expect(pr(3).errors).toEqual([]);
    expect(pr(4).errors).toEqual(['人员类别“药剂师”无效，应为 医师、护士、药师 或 技师']);
    expect(pr(5).errors).toEqual(['执业机构“越城区不存在医院”不在监管对象名录中']);
    expect(pr(6).errors).toEqual([
      `执业机构“越城康宁门诊部”与统一社会信用代码 ${USCC_A} 对应的“绍兴市越城区人民医院”不一致`,
    ]);
    expect(pr(7).errors).toEqual(['人员类别与证书编号与第 2 行重复']);
    await expect(
      app.call('practitioners.importApply', { fileName: 'p.xlsx', base64: practitioners }),
    ).rejects.toThrow('有 4 行存在问题');
    expect(await count(app.db, 'practitioners')).toBe(0);

    const inspectors = await xlsx('执法检查人员', [
      ['姓名', '所属单位', '执法证号', '状态', '回避对象'],
      ['陈静', '区卫生健康局', '33060219001', '启用', `越城康宁门诊部：配偶在该门诊部任职`],
      ['钱警官', '公安分局', 'GA-330602-01', '', ''],
      ['孙丽', '区卫生监督所', '33060219002', '', ''],
      ['郑伟', '区市场监管局', '33060219003', '', '越城区不存在医院：同学'],
      ['冯军', '区医保分局', '33060219004', '', `绍兴市越城区人民医院（${USCC_A}）`],
    ]);
    const ip = await app.call('inspectors.importPreview', { fileName: 'i.xlsx', base64: inspectors });
    const ir = (n: number) => ip.rows.find((r) => r.rowNumber === n)!;
    expect(ir(2).errors).toEqual([]);
    expect(ir(3).errors).toEqual([]); // 公安分局 is an alias of 区公安分局
    expect(ir(4).errors).toEqual(['所属单位“区卫生监督所”不在成员单位名录中']);
    expect(ir(5).errors).toEqual(['回避对象“越城区不存在医院”不在监管对象名录中']);
    expect(ir(6).errors).toEqual([
      `回避对象“绍兴市越城区人民医院（${USCC_A}）”缺少回避理由（格式：机构名称或统一社会信用代码：理由）`,
    ]);
    await expect(
      app.call('inspectors.importApply', { fileName: 'i.xlsx', base64: inspectors }),
    ).rejects.toThrow('有 3 行存在问题');
    expect(await count(app.db, 'inspectors')).toBe(0);

    // Clean files apply all of their rows.
    const goodPractitioners = await xlsx('从业人员', [
      ['姓名', '人员类别', '证书编号', '执业机构', '执业机构统一社会信用代码', '状态'],
      ['王伟', '医师', '110330600012345', '绍兴市越城区人民医院', '', ''],
      ['李娜', '护士', '201833000123', '', USCC_B, '在职'],
      ['吴刚', '药师', 'ZY2026001', '越城康宁门诊部', '', '离职'],
    ]);
    const applied = await app.call('practitioners.importApply', {
      fileName: 'p.xlsx',
      base64: goodPractitioners,
    });
    expect(applied).toMatchObject({ createCount: 3, errorCount: 0 });
    const listed = await app.call('practitioners.list', { includeInactive: true });
    expect(listed.map((p) => [p.name, p.institutionName, p.active])).toEqual([
      ['王伟', '绍兴市越城区人民医院', true],
      ['李娜', '越城康宁门诊部', true],
      ['吴刚', '越城康宁门诊部', false],
    ]);
    const goodInspectors = await xlsx('执法检查人员', [
      ['姓名', '所属单位', '执法证号', '状态', '回避对象'],
      ['陈静', '区卫生健康局', '33060219001', '启用', '越城康宁门诊部：配偶在该门诊部任职'],
      ['钱警官', '公安分局', 'GA-330602-01', '', `绍兴市越城区人民医院（${USCC_A}）：曾在该院保卫科工作`],
    ]);
    await app.call('inspectors.importApply', { fileName: 'i.xlsx', base64: goodInspectors });
    const staff = await app.call('inspectors.list', { includeInactive: true });
    expect(staff.map((s) => [s.name, s.departmentName, s.conflicts.map((c) => c.institutionId)])).toEqual([
      ['陈静', '区卫生健康局', [a.id + 1]],
      ['钱警官', '区公安分局', [a.id]],
    ]);
    // The export reads back as the same directory: nothing to change.
    const back = await app.call('inspectors.exportXlsx', { includeInactive: true });
    const again = await app.call('inspectors.importPreview', { fileName: 'back.xlsx', base64: back.base64 });
    expect(again).toMatchObject({ unchangedCount: 2, createCount: 0, updateCount: 0, errorCount: 0 });
    const pBack = await app.call('practitioners.exportXlsx', { includeInactive: true });
    expect(
      await app.call('practitioners.importPreview', { fileName: 'back.xlsx', base64: pBack.base64 }),
    ).toMatchObject({ unchangedCount: 3, errorCount: 0 });

    // An export follows the grid as the person sees it: a column filter (执业机构 contains 康宁) and a sort (姓名).
    const shown = await app.call('practitioners.exportXlsx', {
      includeInactive: true,
      status: 'all',
      filter: { institutionName: { filterType: 'text', type: 'contains', filter: '康宁' } },
      sort: [{ colId: 'name', sort: 'desc' }],
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(shown.base64, 'base64') as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const nameColumn = (sheet.getRow(1).values as unknown[]).indexOf('姓名');
    const names: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) names.push(String(row.getCell(nameColumn).value));
    });
    const grid = await app.call('practitioners.page', {
      status: 'all',
      startRow: 0,
      endRow: 100,
      filter: { institutionName: { filterType: 'text', type: 'contains', filter: '康宁' } },
      sort: [{ colId: 'name', sort: 'desc' }],
    });
    expect(grid.rows.map((p) => p.name)).toHaveLength(2);
    expect(names).toEqual(grid.rows.map((p) => p.name));
  });

  it('a clean file applies all its rows in one transaction: a failure after the writes leaves nothing', async () => {
    const rows: (string | null)[][] = [['机构名称', '统一社会信用代码', '机构类别', '所有制', '状态']];
    for (let n = 1; n <= 30; n++)
      rows.push([
        `越城区第${n}诊所`,
        code(`92330602MA2D${String(n).padStart(5, '0')}`),
        '诊所',
        '社会办',
        '',
      ]);
    const handlers = buildHandlers();
    const apply = handlers['institutions.importApply'];
    handlers['institutions.importApply'] = async (input, ctx) => {
      await apply(input, ctx);
      throw new AppError('INTERNAL', '模拟写入后失败');
    };
    app = await newSetupApp({ handlers });
    const base64 = await xlsx('监管对象', rows);
    const auditBefore = await count(app.db, 'audit_log');
    await expect(app.call('institutions.importApply', { fileName: 'a.xlsx', base64 })).rejects.toThrow(
      '模拟写入后失败',
    );
    expect(await count(app.db, 'institutions')).toBe(0);
    expect(await count(app.db, 'audit_log')).toBe(auditBefore);

    await app.close();
    app = await newSetupApp();
    const applied = await app.call('institutions.importApply', { fileName: 'a.xlsx', base64 });
    expect(applied).toMatchObject({ createCount: 30, errorCount: 0 });
    expect(await count(app.db, 'institutions')).toBe(30);
    const summary = await app.db
      .selectFrom('audit_log')
      .select('summary')
      .where('action', '=', 'institutions.importApply')
      .execute();
    expect(summary.at(-1)!.summary).toBe('从 a.xlsx 导入监管对象：新增 30，更新 0，未变 0');
  });

  it('neutralises text that could start a formula, and reads it back unchanged', async () => {
    app = await newSetupApp();
    await app.call(
      'institutions.create',
      hospital({ name: '=HYPERLINK("http://x","点")', address: '+86 越城' }),
    );
    const file = await app.call('institutions.exportXlsx', { includeInactive: true });
    const { ws } = await loadSheet(file.base64);
    const bytes = Buffer.from(file.base64, 'base64');
    let guarded = 0;
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        // Text as typed, never a formula: Excel's quote prefix (no apostrophe stored in the cell).
        expect(cell.formula).toBeUndefined();
        if (typeof cell.value === 'string' && /^[=+\-@]/.test(cell.value)) {
          expect(cellStyle(bytes, 1, cell.address).quotePrefix, cell.address).toBe(true);
          guarded++;
        }
      }),
    );
    expect(guarded).toBe(2);
    const preview = await app.call('institutions.importPreview', { fileName: 'x.xlsx', base64: file.base64 });
    expect(preview).toMatchObject({ unchangedCount: 1, errorCount: 0 });
  });
});

describe('permissions', () => {
  it('科员 may write the directories; 领导 may read them but not change them', async () => {
    app = await newSetupApp();
    for (const [username, role] of [
      ['keyuan', 'clerk'],
      ['lingdao', 'leader'],
    ] as const) {
      await app.call('users.create', { username, displayName: username, role, password: 'Demo@2026' });
      await app.call('auth.login', { username, password: 'Demo@2026' }, username);
    }
    const a = await app.call('institutions.create', hospital(), 'keyuan');
    await app.call(
      'inspectors.create',
      { name: '陈静', departmentId: await departmentId('区卫生健康局'), badgeNo: '33060219001' },
      'keyuan',
    );
    const e = await failure(
      app.call('institutions.update', { ...hospital({ level: 'tertiary' }), id: a.id }, 'lingdao'),
    );
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toBe(
      '当前角色（领导）无权执行此操作（需要“维护业务记录（基础数据、任务清单、执法、信用）”权限）',
    );
    await expect(
      app.call('practitioners.importPreview', { fileName: 'x.xlsx', base64: 'AAAA' }, 'lingdao'),
    ).rejects.toThrow('无权执行此操作');
    expect(await app.call('institutions.list', { includeInactive: true }, 'lingdao')).toHaveLength(1);
    expect(await app.call('inspectors.list', { includeInactive: true }, 'lingdao')).toHaveLength(1);
    const file = await app.call('institutions.exportXlsx', { includeInactive: true }, 'lingdao');
    expect(file.fileName).toBe('监管对象名录.xlsx');
  });
});

describe('demo directories', () => {
  it('seed about 120 institutions with valid codes, about 300 practitioners and 24 inspectors', async () => {
    app = await newSetupApp();
    const call: Call = (name, args) => app.call(name, args);
    const summary = await seedEnforcementDirectories(call, new SeededRandom(2026));
    expect(summary.institutions).toBeGreaterThanOrEqual(110);
    expect(summary.institutions).toBeLessThanOrEqual(130);
    expect(summary.practitioners).toBeGreaterThanOrEqual(260);
    expect(summary.practitioners).toBeLessThanOrEqual(360);
    expect(summary).toMatchObject({ inspectors: 24 });
    expect(summary.conflicts).toBeGreaterThan(0);
    const institutions = await app.call('institutions.list', { includeInactive: true });
    expect(institutions).toHaveLength(summary.institutions);
    expect(institutions.every((i) => isValidUscc(i.uscc))).toBe(true);
    expect(new Set(institutions.map((i) => i.name)).size).toBe(institutions.length);
    expect(new Set(institutions.map((i) => i.category)).size).toBe(10);
    const inspectors = await app.call('inspectors.list', { includeInactive: true });
    expect(new Set(inspectors.map((i) => i.departmentName)).size).toBeGreaterThanOrEqual(5);
    // the same seed gives the same district
    const again = await newSetupApp();
    await seedEnforcementDirectories((name, args) => again.call(name, args), new SeededRandom(2026));
    expect((await again.call('institutions.list', { includeInactive: true })).map((i) => i.uscc)).toEqual(
      institutions.map((i) => i.uscc),
    );
    await again.close();
  });
});
