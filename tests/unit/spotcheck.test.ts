// 一单两库一细则: the rules (which 后续处置 goes with which 检查结果, the internal outcome and credit entry they give, the
// mapping of results recorded before the item list), the qualification and expert rules of draw v3 over random
// directories (fast-check), and the refusals the office sees in Chinese with nothing written: a plan item not on the
// list, a team without the qualification an item requires, a reviewer reviewing their own result.
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import {
  FOLLOWUPS,
  INSTITUTION_CATEGORY_LABELS,
  FOLLOWUPS_FOR,
  RESULT_CATEGORIES,
  creditOutcomeForCategory,
  followupProblem,
  internalOutcome,
  mapLegacyOutcome,
  requiredQualifications,
  type InstitutionCategory,
} from '../../shared/contract';
import { buildDrawRecord, buildSeal, type DirectorySnapshot } from '../../db/enforcement/draw-algorithm';
import { STARTER_ITEMS } from '../../db/core/migrations/20261206T1100_spotcheck_model';
import { AppError } from '../../shared/errors';
import { count, newSetupApp, type TestApp } from './helpers';
import { ENTROPY, buildDistrict, planFor } from './draw-fixtures';
import { testUscc } from './draw-fixtures';

describe('result categories', () => {
  it('maps the old single outcomes exactly as issue #19 item 8 says', () => {
    expect(mapLegacyOutcome({ outcome: 'qualified', reviewResult: null, escalated: false })).toEqual({
      category: 'no_problem',
      followup: 'none',
    });
    expect(mapLegacyOutcome({ outcome: 'rectify', reviewResult: 'rectified', escalated: false })).toEqual({
      category: 'rectified',
      followup: 'rectify_track',
    });
    expect(mapLegacyOutcome({ outcome: 'rectify', reviewResult: null, escalated: false })).toEqual({
      category: 'pending_followup',
      followup: 'rectify_track',
    });
    expect(mapLegacyOutcome({ outcome: 'rectify', reviewResult: 'unrectified', escalated: true })).toEqual({
      category: 'pending_followup',
      followup: 'transfer_case',
    });
    for (const outcome of ['case', 'transfer'] as const)
      expect(mapLegacyOutcome({ outcome, reviewResult: null, escalated: false })).toEqual({
        category: 'pending_followup',
        followup: 'transfer_case',
      });
  });

  it('every allowed pair gives an outcome the database accepts, and the credit entry follows the category', () => {
    for (const c of RESULT_CATEGORIES)
      for (const f of FOLLOWUPS) {
        const allowed = FOLLOWUPS_FOR[c].includes(f);
        expect(followupProblem(c, f) === null).toBe(allowed);
        if (!allowed) continue;
        const o = internalOutcome(c, f);
        // 责令整改 (with its 整改期限 and 复查) exactly when the follow-up is tracked correction.
        expect(o === 'rectify').toBe(f === 'rectify_track');
      }
    expect(creditOutcomeForCategory('no_problem', 'none')).toBe('qualified');
    expect(creditOutcomeForCategory('rectified', 'rectify_track')).toBe('rectify');
    expect(creditOutcomeForCategory('pending_followup', 'transfer_case')).toBe('unqualified');
    expect(creditOutcomeForCategory('closed', 'none')).toBeNull();
    expect(followupProblem('no_problem', 'transfer_case')).toBe(
      '检查结果为“未发现问题”时，后续处置措施应为“无需后续处置”',
    );
  });
});

// ----------------------------------------------------------------------------------------- draw v3 properties

const QUALS = ['放射卫生', '中医', '传染病防治'];
const world = fc
  .record({
    institutions: fc.array(fc.constantFrom<InstitutionCategory>('clinic', 'tcm', 'dental'), {
      minLength: 1,
      maxLength: 12,
    }),
    inspectors: fc.array(
      fc.record({
        department: fc.constantFrom(1, 2),
        quals: fc.subarray(QUALS),
        conflicts: fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 2 }),
      }),
      { minLength: 2, maxLength: 10 },
    ),
    experts: fc.array(fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 3 }), {
      minLength: 1,
      maxLength: 4,
    }),
    rules: fc.array(
      fc.record({
        categories: fc.subarray<InstitutionCategory>(['clinic', 'tcm', 'dental']),
        qualification: fc.constantFrom('', ...QUALS),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    teamSize: fc.integer({ min: 2, max: 3 }),
    digits: fc.stringMatching(/^\d{8,14}$/),
  })
  .map((w) => {
    const snapshot: DirectorySnapshot = {
      institutions: w.institutions.map((category, i) => ({
        id: i + 1,
        uscc: testUscc(i + 1),
        name: `对象${i + 1}`,
        category,
        street: '府山街道',
        tier: null,
        previousLead: null,
      })),
      inspectors: w.inspectors.map((p, i) => ({
        id: i + 1,
        badgeNo: `B${i + 1}`,
        name: `人员${i + 1}`,
        departmentId: p.department,
        department: `单位${p.department}`,
        conflicts: [...new Set(p.conflicts.filter((c) => c <= w.institutions.length))].sort((a, b) => a - b),
        qualifications: [...p.quals].sort(),
      })),
      experts: w.experts.map((conflicts, i) => ({
        id: i + 1,
        name: `专家${i + 1}`,
        unit: '医院',
        field: '医疗',
        conflicts: [...new Set(conflicts.filter((c) => c <= w.institutions.length))].sort((a, b) => a - b),
      })),
    };
    const plan = {
      id: 1,
      year: 2026,
      name: '计划',
      categories: [],
      streets: [],
      items: w.rules.map((_, i) => `事项${i + 1}`),
      departments: [
        { id: 1, name: '单位1' },
        { id: 2, name: '单位2' },
      ],
      ratios: { A: 100, B: 100, C: 100, D: 100, none: 100 },
      teamSize: w.teamSize,
      itemRules: w.rules.map((r, i) => ({ id: i + 1, name: `事项${i + 1}`, ...r })),
      expertPerTeam: true,
    };
    return { snapshot, plan, digits: w.digits };
  });

describe('draw v3 over random directories', () => {
  it('every team includes each required qualification, two officers from two departments, and one expert who need not recuse', () => {
    let drawn = 0;
    fc.assert(
      fc.property(world, ({ snapshot, plan, digits }) => {
        let seal;
        try {
          seal = buildSeal({
            office: '越城区卫生健康局',
            plan,
            batch: { number: 1, name: '第一批', startDate: '2026-03-01', endDate: '2026-06-30' },
            snapshot,
            sealedAt: '2026-11-18T02:00:00.000Z',
            sealedBy: '科员',
          });
        } catch (e) {
          // Refused only for a reason it names (qualification, expert, staffing), before any number is drawn.
          expect(e).toBeInstanceOf(AppError);
          expect((e as AppError).message).toMatch(/^无法抽取：/);
          return;
        }
        const record = buildDrawRecord(seal, {
          entropy: { source: '开奖号码', date: '2026-11-19', digits },
          witnesses: ['王见证'],
          drawnAt: '2026-11-20T01:00:00.000Z',
          drawnBy: '科员',
        });
        drawn++;
        const people = new Map(snapshot.inspectors.map((p) => [p.id, p]));
        const experts = new Map(snapshot.experts!.map((e) => [e.id, e]));
        for (const t of record.result.targets) {
          const inst = snapshot.institutions.find((i) => i.id === t.institutionId)!;
          const team = t.team.map((m) => people.get(m.inspectorId)!);
          expect(team.length).toBeGreaterThanOrEqual(plan.teamSize);
          expect(new Set(team.map((p) => p.id)).size).toBe(team.length);
          expect(new Set(team.map((p) => p.departmentId)).size).toBeGreaterThanOrEqual(2);
          for (const p of team) expect(p.conflicts).not.toContain(inst.id);
          for (const q of requiredQualifications(plan.itemRules, inst.category))
            expect(
              team.some((p) => p.qualifications!.includes(q)),
              q,
            ).toBe(true);
          // The expert is apart from the officers, never recused, and never the lead.
          expect(t.experts).toHaveLength(1);
          const e = experts.get(t.experts![0]!.expertId)!;
          expect(e.conflicts).not.toContain(inst.id);
          expect(t.team.some((m) => m.name === e.name)).toBe(false);
        }
      }),
      { numRuns: 120 },
    );
    expect(drawn).toBeGreaterThan(10);
  });
});

// ----------------------------------------------------------------------------------------- refusals

let app: TestApp;
afterEach(async () => app?.close());

describe('refusals, in Chinese, writing nothing', () => {
  it('a plan item not on the list, a team without the required qualification, a reviewer of their own result', async () => {
    app = await newSetupApp({ now: '2026-11-22T01:00:00Z' });
    const district = await buildDistrict(app.call, app.db, { institutions: 4, inspectors: [2, 2] });
    const plans = await count(app.db, 'inspection_plans');
    const bad = await app
      .call('inspectionPlans.create', planFor(district, { items: ['自拟事项'] }))
      .catch((e) => e);
    expect(bad).toBeInstanceOf(AppError);
    expect((bad as AppError).message).toBe(
      '抽查事项“自拟事项”不在随机抽查事项清单中，请先在“抽查事项清单”中登记，再从清单中选择',
    );
    expect(await count(app.db, 'inspection_plans')).toBe(plans);

    // An ad-hoc inspection of a clinic for 传染病防治 (requires that qualification) by a team without it.
    const item = (await app.call('spotItems.list', {})).find((i) => i.name === '传染病防治')!;
    const inspectors = await app.call('inspectors.list', {});
    const inst = (await app.call('institutions.list', {}))[0]!;
    const values = {
      institutionId: inst.id,
      inspectedOn: '2026-11-20',
      leadInspectorId: inspectors[0]!.id,
      memberIds: [inspectors[1]!.id],
      itemResults: [{ itemId: item.id, name: item.label, checked: true, method: 'onsite' as const }],
      resultCategory: 'no_problem' as const,
      followup: 'none' as const,
    };
    const before = await count(app.db, 'inspections');
    const refused = await app.call('inspections.create', values).catch((e) => e);
    expect((refused as AppError).message).toContain(
      '抽查事项“传染病防治”要求检查组包含具备“传染病防治”资质的执法人员',
    );
    expect(await count(app.db, 'inspections')).toBe(before);
    expect(await count(app.db, 'credit_ledger')).toBe(0);

    // With the qualification on the team it is recorded; its author (the admin) cannot review it.
    const p = inspectors[1]!;
    await app.call('inspectors.update', {
      id: p.id,
      name: p.name,
      departmentId: p.departmentId,
      badgeNo: p.badgeNo,
      conflicts: [],
      qualifications: ['传染病防治'],
    });
    const x = await app.call('inspections.create', values);
    expect(x.approvalStatus).toBe('pending');
    const approvals = await count(app.db, 'inspection_approvals');
    const own = await app
      .call('inspections.approve', { id: x.id, decision: 'pass', reason: '' })
      .catch((e) => e);
    expect((own as AppError).message).toBe(
      `检查记录第 ${x.id} 号由您本人录入或修改，不能审核自己的检查结果；请由局领导或其他指定审核人审核`,
    );
    expect(await count(app.db, 'inspection_approvals')).toBe(approvals);
    expect((await app.call('inspections.get', { id: x.id })).approvalStatus).toBe('pending');

    // A designated reviewer: a 科员 who may review only once the settings name them; an auditor cannot be named.
    for (const [username, role] of [
      ['shenhe', 'clerk'],
      ['shenji', 'auditor'],
    ] as const)
      await app.call('users.create', { username, displayName: username, role, password: 'Review#2026' });
    await app.call('auth.login', { username: 'shenhe', password: 'Review#2026' }, 'reviewer');
    const users = await app.call('users.list', {});
    const idOf = (u: string) => users.find((x) => x.username === u)!.id;
    const notYet = await app
      .call('inspections.approve', { id: x.id, decision: 'pass', reason: '' }, 'reviewer')
      .catch((e) => e);
    expect((notYet as AppError).code).toBe('FORBIDDEN');
    expect((notYet as AppError).message).toBe(
      '只有局领导或指定审核人可以审核检查结果；指定审核人由管理员在“设置 → 业务规则”中指定',
    );
    expect(await count(app.db, 'inspection_approvals')).toBe(approvals);
    const auditor = await app
      .call('settings.update', { inspectionReviewerIds: [idOf('shenhe'), idOf('shenji')] })
      .catch((e) => e);
    expect((auditor as AppError).message).toBe('“shenji”是审计账号（只读），不能指定为审核人');
    expect((await app.call('settings.get', {})).inspectionReviewerIds).toEqual([]);
    await app.call('settings.update', { inspectionReviewerIds: [idOf('shenhe')] });
    const passed = await app.call(
      'inspections.approve',
      { id: x.id, decision: 'pass', reason: '' },
      'reviewer',
    );
    expect(passed.approvalStatus).toBe('passed');
    expect(passed.approvals.at(-1)).toMatchObject({ decision: 'pass', reviewerName: 'shenhe（shenhe）' });
  });
});

describe('专家库 from Excel', () => {
  it('through the import wizard: a bad row is named and nothing is written; the fixed file creates, then updates', async () => {
    app = await newSetupApp({ now: '2026-11-22T01:00:00Z' });
    await buildDistrict(app.call, app.db, { institutions: 3, inspectors: [2, 2] });
    const inst = (await app.call('institutions.list', {}))[0]!;
    const book = async (rows: string[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('专家名单');
      ws.addRow(['专家姓名', '所在单位', '专业', '回避机构']);
      for (const r of rows) ws.addRow(r);
      return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    };
    const run = async (base64: string) => {
      const file = { register: 'experts' as const, fileName: '专家库.xlsx', base64 };
      const seen = await app.call('imports.inspect', file);
      expect(seen.columnMap).toMatchObject({
        姓名: '专家姓名',
        工作单位: '所在单位',
        专业领域: '专业',
        回避对象: '回避机构',
      });
      return app.call('imports.apply', {
        ...file,
        sheet: seen.sheet,
        headerRow: seen.headerRow!,
        columns: seen.columnMap,
        values: {},
      });
    };
    const good = [
      ['周敏', '越城区疾病预防控制中心', '传染病防治', ''],
      ['陈华', '越城区人民医院', '放射卫生', `${inst.uscc}：本院医师曾在该机构兼职`],
    ];
    const refused = await run(await book([...good, ['王五', '', '医疗质量', '某不存在的诊所：亲属']])).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).message).toContain('未导入任何数据');
    expect((refused as AppError).message).toContain('有 1 行存在问题');
    const bad = (refused as AppError).details as {
      rows: { rowNumber: number; label: string; errors: string[] }[];
    };
    expect(bad.rows.filter((r) => r.errors.length)).toEqual([
      {
        rowNumber: 4,
        label: '王五',
        action: 'create',
        changes: [],
        errors: ['回避对象“某不存在的诊所”不在监管对象名录中', '请填写工作单位'],
      },
    ]);
    expect(await count(app.db, 'experts')).toBe(0);

    expect(await run(await book(good))).toMatchObject({ createCount: 2, errorCount: 0 });
    const experts = await app.call('experts.list', {});
    expect(experts.find((e) => e.name === '陈华')!.conflicts).toEqual([
      {
        institutionId: inst.id,
        institutionName: inst.name,
        institutionUscc: inst.uscc,
        reason: '本院医师曾在该机构兼职',
      },
    ]);
    // The same people again: matched by 姓名 + 工作单位, one field changed.
    expect(
      await run(await book([good[0]!, ['陈华', '越城区人民医院', '放射诊疗', good[1]![3]!]])),
    ).toMatchObject({ createCount: 0, updateCount: 1, unchangedCount: 1 });
    // The export reads back with the same people.
    const out = await app.call('experts.exportXlsx', {});
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(out.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
      '序号',
      '姓名',
      '工作单位',
      '专业领域',
      '状态',
      '回避对象',
    ]);
    expect((ws.getRow(3).values as unknown[]).slice(1, 5)).toEqual([2, '陈华', '越城区人民医院', '放射诊疗']);
  });
});

describe('随机抽查事项清单 from and to Excel', () => {
  it('a bad row is named and nothing is written; the fixed file creates, then updates only what changed; the export reads back', async () => {
    app = await newSetupApp({ now: '2026-11-22T01:00:00Z' });
    const book = async (
      rows: string[][],
      header = ['抽查事项', '子项', '法律依据', '检查对象', '检查内容', '资质要求'],
    ) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('事项清单');
      ws.addRow(header);
      for (const r of rows) ws.addRow(r);
      return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    };
    const run = async (base64: string) => {
      const file = { register: 'spotItems' as const, fileName: '事项清单.xlsx', base64 };
      const seen = await app.call('imports.inspect', file);
      expect(seen.columnMap).toMatchObject({
        事项名称: '抽查事项',
        子项: '子项',
        抽查依据: '法律依据',
        抽查对象: '检查对象',
        抽查内容: '检查内容',
        检查人员要求: '资质要求',
      });
      return app.call('imports.apply', {
        ...file,
        sheet: seen.sheet,
        headerRow: seen.headerRow!,
        columns: seen.columnMap,
        values: {},
      });
    };
    const good = [
      [
        '口腔诊疗器械消毒',
        '',
        '《医疗机构管理条例》《消毒管理办法》',
        '口腔',
        '器械清洗消毒灭菌',
        '口腔感染控制',
      ],
      ['医疗机构执业资质', '校验', '《医疗机构管理条例》', '全部', '按期校验', ''],
    ];
    const items = await count(app.db, 'spot_items');
    const audits = await count(app.db, 'audit_log');
    const refused = await run(
      await book([
        ...good,
        ['病历书写', '', '', '诊所、药店', '门诊病历', ''],
        ['口腔诊疗器械消毒', '', '《消毒管理办法》', '口腔', '', ''],
      ]),
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).message).toContain('有 2 行存在问题');
    expect((refused as AppError).message).toContain('未导入任何数据');
    const bad = (refused as AppError).details as {
      rows: { rowNumber: number; label: string; errors: string[] }[];
    };
    expect(
      bad.rows
        .filter((r) => r.errors.length)
        .map(({ rowNumber, label, errors }) => ({ rowNumber, label, errors })),
    ).toEqual([
      {
        rowNumber: 4,
        label: '病历书写',
        errors: [
          `抽查对象“药店”不是机构类别，应为 ${Object.values(INSTITUTION_CATEGORY_LABELS).join('、')} 或“全部”`,
          '请填写抽查依据',
        ],
      },
      { rowNumber: 5, label: '口腔诊疗器械消毒', errors: ['抽查事项“口腔诊疗器械消毒”与第 2 行重复'] },
    ]);
    expect(await count(app.db, 'spot_items')).toBe(items);
    expect(await count(app.db, 'audit_log')).toBe(audits);

    expect(await run(await book(good))).toMatchObject({ createCount: 2, updateCount: 0, errorCount: 0 });
    const list = await app.call('spotItems.list', {});
    const dental = list.find((i) => i.label === '口腔诊疗器械消毒')!;
    expect(dental).toMatchObject({ categories: ['dental'], qualification: '口腔感染控制' });
    expect(list.find((i) => i.name === '医疗机构执业资质' && i.subItem === '校验')!.categories).toEqual([]);
    // Again, one field changed: that row is updated, the other unchanged; a column the file lacks is kept.
    const again = await run(
      await book([[good[0]![0]!, '', good[0]![2]!, '口腔、诊所', good[0]![4]!, good[0]![5]!], good[1]!]),
    );
    expect(again).toMatchObject({ createCount: 0, updateCount: 1, unchangedCount: 1 });
    expect(again.rows.find((r) => r.action === 'update')!.changes).toEqual(['抽查对象：“口腔”→“口腔、诊所”']);
    expect((await app.call('spotItems.list', {})).find((i) => i.id === dental.id)).toMatchObject({
      categories: ['dental', 'clinic'],
      qualification: '口腔感染控制',
    });

    const out = await app.call('spotItems.exportXlsx', {});
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(out.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('随机抽查事项清单');
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
      '序号',
      '事项名称',
      '子项',
      '抽查依据',
      '抽查主体',
      '抽查对象',
      '抽查内容',
      '抽查方式',
      '抽查比例',
      '抽查频次',
      '检查人员要求',
      '状态',
    ]);
    expect(ws.rowCount).toBe(1 + items + 2);
    const last = (ws.getRow(ws.rowCount).values as unknown[]).slice(1);
    expect(last).toEqual([
      items + 2,
      '医疗机构执业资质',
      '校验',
      '《医疗机构管理条例》',
      '',
      '全部',
      '按期校验',
      '',
      '',
      '',
      '',
      '启用',
    ]);
  });
});

describe('the starter list for 医疗卫生', () => {
  it('names laws and regulations by their titles only, with no article number, and ships in a new database', async () => {
    for (const s of STARTER_ITEMS) {
      // One or more 《title》 and nothing else: no 第…条, no numbers the office has not checked.
      expect(s.basis, s.name).toMatch(/^(《[^《》]+》)+$/);
      expect(s.basis, s.name).not.toMatch(/第[一二三四五六七八九十百零〇\d]+[条款项]|\d/);
    }
    const titles = STARTER_ITEMS.flatMap((s) => s.basis.match(/《[^》]+》/g)!);
    for (const t of [
      '《中华人民共和国基本医疗卫生与健康促进法》',
      '《医疗机构管理条例》',
      '《中华人民共和国传染病防治法》',
      '《中华人民共和国医师法》',
      '《放射诊疗管理规定》',
    ])
      expect(titles).toContain(t);
    app = await newSetupApp({ now: '2026-11-22T01:00:00Z' });
    const list = await app.call('spotItems.list', {});
    expect(list.map((i) => [i.name, i.basis, i.qualification])).toEqual(
      STARTER_ITEMS.map((s) => [s.name, s.basis, s.qualification]),
    );
  });
});

describe('the 抽查计划公示 in Word and Excel', () => {
  it('lists each item of the plan with its basis, method and the qualification it requires', async () => {
    app = await newSetupApp({ now: '2026-11-22T01:00:00Z' });
    const district = await buildDistrict(app.call, app.db, { institutions: 3, inspectors: [2, 2] });
    const plan = await app.call(
      'inspectionPlans.create',
      planFor(district, { items: ['医疗机构执业资质', '传染病防治'] }),
    );
    const starter = (name: string) => STARTER_ITEMS.find((s) => s.name === name)!;
    const xlsx = await app.call('planAnnouncements.xlsx', { planId: plan.id, batchNumber: 2 });
    expect(xlsx.fileName).toMatch(/第2批.*\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rows: string[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    const header = rows[0]!;
    const col = (h: string) => header.indexOf(h);
    for (const h of ['抽查事项', '抽查依据', '抽查方式', '检查人员要求']) expect(header, h).toContain(h);
    expect(
      rows
        .slice(1)
        .map((r) => [r[col('抽查事项')], r[col('抽查依据')], r[col('抽查方式')], r[col('检查人员要求')]]),
    ).toEqual(
      ['医疗机构执业资质', '传染病防治'].map((n) => [
        n,
        starter(n).basis,
        starter(n).method,
        starter(n).qualification,
      ]),
    );
    const docx = await app.call('planAnnouncements.docx', { planId: plan.id, batchNumber: 2 });
    const xml = new TextDecoder().decode(unzipSync(Buffer.from(docx.base64, 'base64'))['word/document.xml']);
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    for (const t of [
      '抽查计划公示',
      '第2批（下半年）',
      '抽查工作细则',
      starter('传染病防治').basis,
      '传染病防治',
    ])
      expect(text, t).toContain(t);
  });
});

describe('a draw whose team cannot have the qualification an item requires', () => {
  it('is refused at the seal, in Chinese, writing nothing', async () => {
    app = await newSetupApp({ now: '2026-11-22T01:00:00Z' });
    const district = await buildDistrict(app.call, app.db, { institutions: 2, inspectors: [2, 2] });
    const plan = await app.call(
      'inspectionPlans.create',
      planFor(district, { items: ['传染病防治'], ratios: { A: 100, B: 100, C: 100, D: 100, none: 100 } }),
    );
    const audits = await count(app.db, 'audit_log');
    const e = await app.call('draws.seal', { planId: plan.id, batchNumber: 2 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).message).toMatch(
      /^无法抽取：“越城测试第1诊所”（\w{18}）：抽查事项“传染病防治”要求检查组包含具备“传染病防治”资质的执法人员，参与单位没有这样的人员/,
    );
    expect(await count(app.db, 'draw_seals')).toBe(0);
    expect(await count(app.db, 'draw_records')).toBe(0);
    expect(await count(app.db, 'audit_log')).toBe(audits);
  });
});

describe('counting the 双随机 work', () => {
  it('by department, item, category and street: 检查户次, 发现问题户次, 立案数 and 不合格率 of the drawn results', async () => {
    app = await newSetupApp({ now: '2026-11-22T01:00:00Z' });
    await app.call('settings.update', { idleLockMinutes: 0 }); // the clock jumps months: no idle lock
    // Three institutions (0 医院 府山街道, 1 诊所 塔山街道, 2 诊所 府山街道), all D tier so all are drawn; one inspector
    // in each of two units, so every team is those two.
    const district = await buildDistrict(app.call, app.db, {
      institutions: 3,
      tier: () => 'D',
      inspectors: [1, 1],
    });
    const plan = await app.call('inspectionPlans.create', planFor(district));
    app.travel(new Date('2026-01-03T10:00:00+08:00'));
    await app.call('draws.seal', { planId: plan.id, batchNumber: 1 });
    app.travel(new Date('2026-01-05T10:00:00+08:00'));
    const draw = await app.call('draws.run', {
      planId: plan.id,
      batchNumber: 1,
      entropy: { ...ENTROPY, date: '2026-01-05' },
      witnesses: ['王见证'],
    });
    app.travel(null);
    const items = await app.call('spotItems.list', {});
    const item = (name: string) => items.find((i) => i.name === name)!;
    const result = (name: string, problems = '', checked = true) => ({
      itemId: item(name).id,
      name: item(name).label,
      checked,
      method: checked ? ('onsite' as const) : null,
      problems,
    });
    const targets = draw.record.result.targets;
    const at = (institution: number) => {
      const position = targets.findIndex((t) => t.institutionId === district.institutionIds[institution]);
      const t = targets[position]!;
      return {
        drawId: draw.id,
        drawPosition: position,
        institutionId: t.institutionId,
        inspectedOn: '2026-05-10',
        leadInspectorId: t.team[0]!.inspectorId,
        memberIds: t.team.slice(1).map((m) => m.inspectorId),
      };
    };
    const third = result('医疗废物处置', '', false);
    await app.call('inspections.create', {
      ...at(0),
      itemResults: [
        result('医疗机构执业资质'),
        result('医务人员执业资格'),
        result('医疗废物处置', '暂存点未上锁'),
      ],
      resultCategory: 'rectified',
      followup: 'rectify_track',
      rectifyDue: '2026-05-30',
    });
    await app.call('inspections.create', {
      ...at(1),
      itemResults: [
        result('医疗机构执业资质'),
        result('医务人员执业资格'),
        { ...third, problems: '当日无医疗废物交接' },
      ],
      resultCategory: 'no_problem',
      followup: 'none',
    });
    await app.call('inspections.create', {
      ...at(2),
      itemResults: [
        result('医疗机构执业资质', '超出登记的诊疗科目执业'),
        result('医务人员执业资格'),
        result('医疗废物处置'),
      ],
      resultCategory: 'pending_followup',
      followup: 'transfer_case',
      caseNo: '越卫立〔2026〕88号',
    });
    // A 日常检查 (not drawn) is counted with the inspections, not as 双随机 work.
    await app.call('inspections.create', {
      institutionId: district.institutionIds[1]!,
      inspectedOn: '2026-11-10',
      leadInspectorId: district.inspectorIds[0]!,
      memberIds: [district.inspectorIds[1]!],
      itemResults: [result('医疗机构执业资质', '执业许可证过期')],
      resultCategory: 'pending_followup',
      followup: 'transfer_case',
      caseNo: '越卫立〔2026〕89号',
    });
    const c = await app.call('spotcheck.counts', { year: 2026 });
    const departments = await app.call('departments.list', {});
    const unit = (i: number) => departments.find((d) => d.id === district.departmentIds[i])!.shortName;
    const rows = (r: typeof c.byItem) =>
      r.map((x) => [x.label, x.inspected, x.problems, x.cases, x.problemRate]);
    expect(rows([c.total])).toEqual([['合计', 3, 2, 1, 66.7]]);
    expect(rows(c.byDepartment)).toEqual([
      [unit(0), 3, 2, 1, 66.7],
      [unit(1), 3, 2, 1, 66.7],
    ]);
    // By item: the items checked (the unchecked one is left out), a problem where the item's own problems are written.
    expect(rows(c.byItem)).toEqual([
      ['医疗机构执业资质', 3, 1, 0, 33.3],
      ['医务人员执业资格', 3, 0, 0, 0],
      ['医疗废物处置', 2, 1, 0, 50],
    ]);
    expect(rows(c.byCategory)).toEqual([
      [INSTITUTION_CATEGORY_LABELS.clinic, 2, 1, 1, 50],
      [INSTITUTION_CATEGORY_LABELS.hospital, 1, 1, 0, 100],
    ]);
    expect(rows(c.byStreet)).toEqual([
      ['府山街道', 2, 2, 1, 100],
      ['塔山街道', 1, 0, 0, 0],
    ]);
    expect((await app.call('spotcheck.counts', { year: 2025 })).total.inspected).toBe(0);
  });
});
