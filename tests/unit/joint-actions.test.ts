// 联合执法行动 / 专项整治: the status from the dates at its boundaries (injectable clock), the rule for what counts
// towards the yearly minimum (the same answer from the SQL count the checklist uses and from the list, over random
// actions), refusals in Chinese on the field concerned, every change audited, attachments, the Excel export read
// back, who may write, and the count in the 越城区 checklist's item 13 (落实“双随机、一公开”抽查机制).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  countsTowardsMinimum,
  formatYuan,
  jointActionStatus,
  statusFromDates,
  yuanToFen,
  type Department,
  type JointActionInput,
} from '../../shared/contract';
import { completedJointActions, listJointActions } from '../../db/enforcement/joint-actions';
import { AppError } from '../../shared/errors';
import { addCalendarDays } from '../../shared/dates';
import { newSetupApp, type TestApp } from './helpers';

let app: TestApp | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await app?.close();
  app = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}
const paths = (e: AppError) =>
  Object.fromEntries(
    ((e.details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? []).map((i) => [
      i.path,
      i.message,
    ]),
  );

/** Noon in 越城区 on a date. */
const at = (date: string) => new Date(`${date}T12:00:00+08:00`);

/** A set-up office on 2026-11-22 whose clock can be moved, with two institutions. */
async function office() {
  let now = at('2026-11-22');
  const dir = mkdtempSync(join(tmpdir(), 'zj-ja-'));
  dirs.push(dir);
  app = await newSetupApp({ clock: () => new Date(now), dataDir: dir });
  await app.call('settings.update', { idleLockMinutes: 0 }); // the clock jumps below
  const departments = await app.call('departments.list', { includeInactive: true });
  const dept = (n: string): Department => departments.find((d) => d.shortName === n)!;
  const i1 = await app.call('institutions.create', {
    name: '越城区美莱医疗美容诊所',
    uscc: '12330602MB0000011E',
    category: 'aesthetic',
    ownership: 'private',
  });
  const i2 = await app.call('institutions.create', {
    name: '绍兴仁和诊所',
    uscc: '91330602MA0000012A',
    category: 'clinic',
    ownership: 'private',
  });
  return { app, setNow: (d: string) => (now = at(d)), dept, institutions: [i1, i2] };
}

describe('rules (pure)', () => {
  it('计划中 before the start, 进行中 from start to end inclusive, 已完成 the day after; a set status wins', () => {
    expect(statusFromDates('2026-11-23', '2026-11-30', '2026-11-22')).toBe('planned');
    expect(statusFromDates('2026-11-22', '2026-11-30', '2026-11-22')).toBe('in_progress');
    expect(statusFromDates('2026-11-01', '2026-11-22', '2026-11-22')).toBe('in_progress');
    expect(statusFromDates('2026-11-01', '2026-11-21', '2026-11-22')).toBe('done');
    const a = { startDate: '2026-11-01', endDate: '2026-11-30', statusSet: 'done' as const };
    expect(jointActionStatus(a, '2026-11-22')).toBe('done');
    expect(countsTowardsMinimum({ ...a, departmentCount: 2 }, '2026-11-22')).toBe(true);
    expect(countsTowardsMinimum({ ...a, departmentCount: 1 }, '2026-11-22')).toBe(false);
    expect(countsTowardsMinimum({ ...a, statusSet: null, departmentCount: 3 }, '2026-11-22')).toBe(false);
    expect(yuanToFen(213480.5)).toBe(21348050);
    expect(yuanToFen(0.07)).toBe(7);
    expect(formatYuan(21348050)).toBe('213,480.50');
    expect(formatYuan(8650000)).toBe('86,500.00');
  });
});

describe('联合行动 through the dispatcher', () => {
  it('refuses what cannot be, in Chinese, on the field it concerns', async () => {
    const { app, dept, institutions } = await office();
    const base: JointActionInput = {
      name: '医疗美容行业联合执法行动',
      kind: 'joint',
      leadDepartmentId: dept('区卫生健康局').id,
      participantIds: [],
      startDate: '2026-06-01',
      endDate: '2026-05-31',
    };
    let e = await failure(app.call('jointActions.create', base));
    expect(paths(e)).toEqual({
      participantIds: '联合执法行动至少需要 2 个部门参加：请在牵头单位之外至少选择 1 个参与单位',
      endDate: '结束日期不能早于开始日期（2026-06-01）',
    });
    e = await failure(
      app.call('jointActions.create', {
        ...base,
        participantIds: [dept('区卫生健康局').id],
        endDate: '2027-06-30',
      }),
    );
    expect(paths(e)).toEqual({
      participantIds: '参与单位不能包含牵头单位（区卫生健康局）',
      endDate: '行动时间跨度不能超过 366 天；常态化工作请按年度分别登记',
    });
    e = await failure(
      app.call('jointActions.create', { ...base, participantIds: [1, 1], endDate: '2026-06-30' }),
    );
    expect(paths(e)).toEqual({ participantIds: '参与单位有重复' });
    const collective = (await app.call('departments.list', { includeInactive: true })).find(
      (d) => d.kind === 'collective',
    )!;
    e = await failure(
      app.call('jointActions.create', {
        ...base,
        participantIds: [collective.id],
        endDate: '2026-06-30',
        targetIds: [institutions[0]!.id, 9999],
      }),
    );
    expect(paths(e)).toEqual({
      participantIds: `请选择具体的参与单位，不能选统称“${collective.shortName}”`,
      targetIds: '检查对象中有 1 家不在监管对象名录中',
    });
    const two = { ...base, participantIds: [dept('区市场监管局').id] };
    // A future action: cannot be done, nor carry results; counts that do not add up.
    e = await failure(
      app.call('jointActions.create', {
        ...two,
        startDate: '2026-12-01',
        endDate: '2026-12-20',
        status: 'done',
        institutionsChecked: 3,
      }),
    );
    expect(paths(e)).toEqual({ status: '开始日期（2026-12-01）在今天之后，行动不能设为已完成' });
    e = await failure(
      app.call('jointActions.create', {
        ...two,
        startDate: '2026-12-01',
        endDate: '2026-12-20',
        issuesFound: 1,
      }),
    );
    expect(paths(e)).toEqual({ institutionsChecked: '行动尚未开始（计划中），不能登记检查结果' });
    e = await failure(
      app.call('jointActions.create', {
        ...two,
        endDate: '2026-06-30',
        status: 'planned',
        institutionsChecked: 5,
        issuesFound: 2,
        casesFiled: 3,
        finesYuan: 100.123,
      }),
    );
    expect(paths(e)).toEqual({ finesYuan: '罚没金额最多保留两位小数（到分）' });
    e = await failure(
      app.call('jointActions.create', {
        ...two,
        endDate: '2026-06-30',
        status: 'planned',
        issuesFound: 2,
        casesFiled: 3,
        finesYuan: 100,
      }),
    );
    expect(paths(e)).toEqual({
      status: '结束日期（2026-06-30）已过，不能设为计划中；行动延期请修改日期，未开展的行动请删除',
      institutionsChecked: '已填写发现问题数，请填写检查机构数',
      casesFiled: '立案数（3）不能多于发现问题数（2）',
    });
    e = await failure(app.call('jointActions.create', { ...two, endDate: '2026-06-30', finesYuan: 50 }));
    expect(paths(e)).toEqual({ finesYuan: '有罚没金额时，立案数应至少为 1' });
    e = await failure(app.call('jointActions.create', { ...two, name: ' ', endDate: '2026-06-30' }));
    expect(paths(e)).toEqual({ name: '请填写行动名称' });
    // A 专项整治 may be one department's; a duplicate (same name, same start) is a conflict.
    await app.call('jointActions.create', { ...base, kind: 'campaign', endDate: '2026-06-30' });
    e = await failure(app.call('jointActions.create', { ...two, endDate: '2026-07-15' }));
    expect(e.code).toBe('CONFLICT');
    expect(paths(e)).toEqual({ name: '已登记同名行动“医疗美容行业联合执法行动”（开始日期 2026-06-01）' });
    expect(await app.call('jointActions.list', {})).toHaveLength(1);
  });

  it('the year against the minimum, by the dates as the clock moves, and in the checklist item 13', async () => {
    const { app, setNow, dept, institutions } = await office();
    await app.call('checklist.create', { year: 2026, templateId: 'yuecheng-2020', unresolved: [] });
    const item13 = async () =>
      (await app.call('checklist.get', { year: 2026 }))!.items.find((i) => i.seq === 13)!;
    expect((await item13()).title).toBe('落实“双随机、一公开”抽查机制');
    expect((await item13()).measure).toEqual({
      requiredPerYear: 1,
      achieved: 0,
      source: '已完成的联合执法行动（两个及以上部门参加，含联合开展的专项整治）',
      counted: true,
      short: '联合执法行动',
      rule: '越政办发〔2020〕64号 四（三）：根据“双随机一公开”要求，部门间应组织不少于每年1次联合执法整治',
    });
    // Item 2 still counts held meetings, from its own remark.
    const item2 = (await app.call('checklist.get', { year: 2026 }))!.items.find((i) => i.seq === 2)!;
    expect(item2.measure).toEqual({
      requiredPerYear: 1,
      achieved: 0,
      source: '已召开的定期联席会议',
      counted: true,
    });
    expect(await app.call('jointActions.year', { year: 2026 })).toEqual({
      year: 2026,
      required: 1,
      source: '越政办发〔2020〕64号 四（三）：根据“双随机一公开”要求，部门间应组织不少于每年1次联合执法整治',
      completed: 0,
      inProgress: 0,
      planned: 0,
      singleDepartment: 0,
    });

    const lead = dept('区卫生健康局').id;
    const partners = [dept('区市场监管局').id, dept('区公安分局').id];
    // Under way today: not yet counted.
    const running = await app.call('jointActions.create', {
      name: '民营医疗机构依法执业联合检查',
      kind: 'joint',
      leadDepartmentId: lead,
      participantIds: partners,
      startDate: '2026-11-15',
      endDate: '2026-11-30',
      targetIds: institutions.map((i) => i.id),
      institutionsChecked: 2,
    });
    expect(running).toMatchObject({
      status: 'in_progress',
      statusSet: null,
      counted: false,
      departmentCount: 3,
      participants: [
        { id: partners[0], shortName: '区市场监管局' },
        { id: partners[1], shortName: '区公安分局' },
      ],
      targets: [
        { id: institutions[0]!.id, name: '越城区美莱医疗美容诊所' },
        { id: institutions[1]!.id, name: '绍兴仁和诊所' },
      ],
    });
    // One department's campaign, finished: listed, not counted.
    const single = await app.call('jointActions.create', {
      name: '口腔诊所院感专项整治',
      kind: 'campaign',
      leadDepartmentId: lead,
      startDate: '2026-03-01',
      endDate: '2026-03-31',
      institutionsChecked: 12,
    });
    expect(single).toMatchObject({ status: 'done', counted: false, departmentCount: 1 });
    // Across the new year: it counts in the year it ended.
    await app.call('jointActions.create', {
      name: '岁末年初医疗机构安全生产联合检查',
      kind: 'joint',
      leadDepartmentId: lead,
      participantIds: [dept('区综合执法局').id],
      startDate: '2025-12-20',
      endDate: '2026-01-10',
      institutionsChecked: 30,
      issuesFound: 5,
      casesFiled: 1,
      finesYuan: 5000,
    });
    expect(await app.call('jointActions.year', { year: 2026 })).toMatchObject({
      completed: 1,
      inProgress: 1,
      singleDepartment: 1,
    });
    expect(await app.call('jointActions.year', { year: 2025 })).toMatchObject({ completed: 0 });
    // The year's list holds what ran in it, the cross-year one in both years.
    const names = async (args: Parameters<typeof app.call<'jointActions.list'>>[1]) =>
      (await app.call('jointActions.list', args)).map((a) => a.name);
    expect(await names({ year: 2026 })).toEqual([
      '民营医疗机构依法执业联合检查',
      '口腔诊所院感专项整治',
      '岁末年初医疗机构安全生产联合检查',
    ]);
    expect(await names({ year: 2025 })).toEqual(['岁末年初医疗机构安全生产联合检查']);
    expect(await names({ year: 2026, status: 'in_progress' })).toEqual(['民营医疗机构依法执业联合检查']);
    expect(await names({ kind: 'campaign' })).toEqual(['口腔诊所院感专项整治']);
    expect((await item13()).measure).toMatchObject({ achieved: 1 });

    // The day after its end the running one is done by itself and counts.
    setNow('2026-11-30');
    expect((await item13()).measure).toMatchObject({ achieved: 1 });
    setNow('2026-12-01');
    expect((await item13()).measure).toMatchObject({ achieved: 2 });
    expect(await app.call('jointActions.year', { year: 2026 })).toMatchObject({
      completed: 2,
      inProgress: 0,
    });
    // A status set by hand wins over the dates: 进行中 (results still coming in) is not counted yet.
    await app.call('jointActions.update', {
      id: running.id,
      name: running.name,
      kind: 'joint',
      leadDepartmentId: lead,
      participantIds: partners,
      startDate: running.startDate,
      endDate: running.endDate,
      status: 'in_progress',
    });
    expect((await item13()).measure).toMatchObject({ achieved: 1 });

    // The checklist's own remark sets the number when it carries one.
    const list = (await app.call('checklist.get', { year: 2026 }))!;
    const it13 = await item13();
    await app.call('checklist.updateItem', {
      itemId: it13.id,
      code: it13.code,
      title: it13.title,
      text: it13.text,
      remark: '联合执法整治每年不少于2次',
      units: it13.units.map((u) => ({ departmentId: u.departmentId, role: u.role })),
    });
    expect(list.id).toBeGreaterThan(0);
    expect((await item13()).measure).toMatchObject({ requiredPerYear: 2, achieved: 1, counted: true });
    expect(await app.call('jointActions.year', { year: 2026 })).toMatchObject({
      required: 2,
      source: '2026 年任务清单第 13 项备注：联合执法整治每年不少于2次',
    });
  });

  it('the count the checklist reads (SQL) agrees with the list (rules) for any actions and day', async () => {
    const { app, dept } = await office();
    const ids = [dept('区卫生健康局').id, dept('区市场监管局').id, dept('区医保分局').id];
    const day = (n: number) => addCalendarDays('2025-06-01', n);
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            start: fc.integer({ min: 0, max: 700 }),
            length: fc.integer({ min: 0, max: 120 }),
            partners: fc.integer({ min: 0, max: 2 }),
            status: fc.constantFrom('auto', 'planned', 'in_progress', 'done'),
          }),
          { maxLength: 8 },
        ),
        fc.integer({ min: 0, max: 800 }),
        async (actions, todayOffset) => {
          await app.db.deleteFrom('joint_actions').execute();
          let n = 0;
          for (const a of actions) {
            // written directly: the property is about reading, whatever the status was set to when
            const { id } = await app.db
              .insertInto('joint_actions')
              .values({
                name: `行动${n++}`,
                kind: a.partners ? 'joint' : 'campaign',
                lead_department_id: ids[0]!,
                start_date: day(a.start),
                end_date: day(a.start + a.length),
                status_set: a.status === 'auto' ? null : a.status,
                created_at: 'x',
                updated_at: 'x',
              })
              .returning('id')
              .executeTakeFirstOrThrow();
            for (let k = 0; k < a.partners; k++)
              await app.db
                .insertInto('joint_action_departments')
                .values({ action_id: id, department_id: ids[k + 1]!, position: k })
                .execute();
          }
          const today = day(todayOffset);
          for (const year of [2025, 2026, 2027]) {
            const listed = await listJointActions(app.db, today, { endYear: year });
            const expected = listed.filter((x) =>
              countsTowardsMinimum({ ...x, departmentCount: 1 + x.participants.length }, today),
            ).length;
            expect(await completedJointActions(app.db, year, today)).toBe(expected);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('edits, attachments, removal with a reason, every change audited; the Excel export reads back', async () => {
    const { app, dept, institutions } = await office();
    const lead = dept('区卫生健康局').id;
    const values = {
      name: '医疗美容行业联合执法行动',
      kind: 'joint' as const,
      leadDepartmentId: lead,
      participantIds: [dept('区市场监管局').id],
      startDate: '2026-06-01',
      endDate: '2026-06-30',
      targetIds: [institutions[0]!.id],
      scope: '辖区内医疗美容机构',
      institutionsChecked: 15,
      issuesFound: 6,
      casesFiled: 2,
      finesYuan: 12345.6,
      resultsText: '=查处超范围开展医疗美容 2 起',
      addFiles: [{ fileName: '行动方案.txt', base64: Buffer.from('联合执法行动方案').toString('base64') }],
    };
    const created = await app.call('jointActions.create', values);
    expect(created).toMatchObject({ status: 'done', counted: true, finesYuan: 12345.6 });
    expect(created.files).toEqual([{ id: expect.any(Number), fileName: '行动方案.txt', size: 24 }]);
    const file = await app.call('jointActions.file', { id: created.files[0]!.id });
    expect(Buffer.from(file.base64, 'base64').toString()).toBe('联合执法行动方案');

    const updated = await app.call('jointActions.update', {
      ...values,
      id: created.id,
      participantIds: [dept('区公安分局').id, dept('区市场监管局').id],
      targetIds: [institutions[1]!.id, institutions[0]!.id],
      addFiles: [{ fileName: '总结.txt', base64: Buffer.from('行动总结').toString('base64') }],
      removeFileIds: [created.files[0]!.id],
    });
    expect(updated.participants.map((p) => p.shortName)).toEqual(['区公安分局', '区市场监管局']);
    expect(updated.targets.map((t) => t.name)).toEqual(['绍兴仁和诊所', '越城区美莱医疗美容诊所']);
    expect(updated.files.map((f) => f.fileName)).toEqual(['总结.txt']);
    const e = await failure(
      app.call('jointActions.update', { ...values, id: created.id, removeFileIds: [created.files[0]!.id] }),
    );
    expect(paths(e)).toEqual({ removeFileIds: '要删除的附件不属于该行动，请刷新后重试' });

    // Export: the year's list as a register, read back by another reader; a leading = stays text.
    const xlsx = await app.call('jointActions.exportXlsx', { year: 2026 });
    expect(xlsx.fileName).toBe('联合执法行动_2026年.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('2026年联合执法行动');
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([
      '序号',
      '行动名称',
      '类型',
      '牵头单位',
      '参与单位',
      '部门数',
      '开始日期',
      '结束日期',
      '状态',
      '计入年度联合执法次数',
      '检查对象',
      '检查范围说明',
      '检查机构数',
      '发现问题数',
      '立案数',
      '罚没金额（元）',
      '工作成效',
    ]);
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual([
      1,
      '医疗美容行业联合执法行动',
      '联合执法行动',
      '区卫生健康局',
      '区公安分局、区市场监管局',
      3,
      new Date(Date.UTC(2026, 5, 1)), // real dates, shown as 2026年6月1日
      new Date(Date.UTC(2026, 5, 30)),
      '已完成',
      '是',
      '绍兴仁和诊所、越城区美莱医疗美容诊所',
      '辖区内医疗美容机构',
      15,
      6,
      2,
      12345.6,
      '=查处超范围开展医疗美容 2 起', // text with Excel's quote prefix, no apostrophe
    ]);

    await expect(app.call('jointActions.remove', { id: created.id, reason: ' ' })).rejects.toThrow(
      '请填写删除原因',
    );
    await app.call('jointActions.remove', { id: created.id, reason: '重复登记' });
    expect(await app.call('jointActions.list', {})).toEqual([]);
    expect(await app.db.selectFrom('joint_action_departments').selectAll().execute()).toEqual([]);
    const audit = await app.db
      .selectFrom('audit_log')
      .select(['action', 'summary'])
      .where('entity', '=', 'joint_action')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'jointActions.create',
      'jointActions.update',
      'jointActions.remove',
    ]);
    expect(audit[0]!.summary).toBe(
      '新增联合执法行动“医疗美容行业联合执法行动”（2026-06-01 至 2026-06-30，牵头 区卫生健康局，参与 区市场监管局），已完成',
    );
    expect(audit[2]!.summary).toContain('原因：重复登记');
  });

  it('only roles that keep records may write; everyone signed in may read and export', async () => {
    const { app, dept } = await office();
    await app.call('users.create', {
      username: 'lingdao',
      displayName: '领导',
      role: 'leader',
      password: 'Leader#2026',
    });
    await app.call('auth.login', { username: 'lingdao', password: 'Leader#2026' }, 'leader');
    const e = await failure(
      app.call(
        'jointActions.create',
        {
          name: '联合检查',
          kind: 'joint',
          leadDepartmentId: dept('区卫生健康局').id,
          participantIds: [dept('区市场监管局').id],
          startDate: '2026-06-01',
          endDate: '2026-06-30',
        },
        'leader',
      ),
    );
    expect(e.code).toBe('FORBIDDEN');
    expect(await app.call('jointActions.list', { year: 2026 }, 'leader')).toEqual([]);
    expect((await app.call('jointActions.exportXlsx', {}, 'leader')).fileName).toBe(
      '联合执法行动_全部年度.xlsx',
    );
  });
});
