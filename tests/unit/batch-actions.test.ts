// Batch actions (issue 18, item 8) through the dispatcher, on SQLite or PostgreSQL (ZONGJIAN_TEST_PG): 催办 of
// 议定事项 one by one and in a batch (all or nothing; closed ones named), the counts on each decision, its audit rows
// and change event, the 督办催办通知 grouped by lead department; and the registers' batch status changes (监管对象,
// 执法检查人员, 从业人员) with version checks, and 导出所选 read back with exceljs in the whole export's columns.
import { afterEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { AppError, type Envelope } from '../../shared/errors';
import { usccCheckChar } from '../../shared/domain/uscc';
import type { Decision, InstitutionInput } from '../../shared/contract';
import { urgingGroups, urgingNoticeDoc } from '../../shared/print/decisions';
import { officialDocHtml } from '../../shared/print/official';
import { count, newSetupApp, type TestApp } from './helpers';

const NOW = '2026-11-22T09:00:00+08:00';

let app: TestApp;
afterEach(async () => app?.close());

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

async function sheetRows(base64: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const out: string[][] = [];
  ws.eachRow((row) => {
    const values = (row.values as unknown[]).slice(1);
    out.push(
      values.map((v) =>
        v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined ? '' : String(v),
      ),
    );
  });
  return out;
}

async function deptIds(...names: string[]): Promise<number[]> {
  const all = await app.call('departments.list', { includeInactive: true });
  return names.map((n) => all.find((d) => d.shortName === n)!.id);
}

/** Users of each role, signed in on a session named after them. */
async function withUsers(...who: [string, 'secretary' | 'clerk' | 'leader'][]): Promise<void> {
  for (const [username, role] of who) {
    await app.call('users.create', { username, displayName: `${username}用户`, role, password: 'Demo@2026' });
    await app.call('auth.login', { username, password: 'Demo@2026' }, username);
  }
}

/** A meeting held on 2026-11-10 whose minutes record four decisions; the third is closed. */
async function decisionsSetUp(): Promise<Decision[]> {
  const [police, market, insurance] = await deptIds('区公安分局', '区市场监管局', '区医保分局');
  const created = await app.call('meetings.create', {
    type: 'regular',
    title: '医疗卫生行业综合监管联席会议',
    date: '2026-11-10',
    startTime: '09:00',
    durationMinutes: 120,
    departments: [],
  });
  const saved = await app.call('meetings.saveMinutes', {
    meetingId: created.meeting.id,
    summary: '会议听取了各成员单位工作汇报。',
    topics: [],
    decisions: [
      { text: '开展医疗美容机构联合检查', dueDate: '2026-11-15', departmentIds: [market!, police!] },
      { text: '建立欺诈骗保线索移送机制', dueDate: '2026-12-31', departmentIds: [insurance!] },
      { text: '印发联合执法工作方案', dueDate: '2026-11-20', departmentIds: [market!] },
      { text: '汇总一季度投诉举报线索', dueDate: '2026-11-18', departmentIds: [insurance!, market!] },
    ],
  });
  const d = saved.meeting.decisions;
  await app.call('decisions.close', { decisionId: d[2]!.id, result: '方案已印发' });
  return d;
}

describe('催办', () => {
  it('records one 催办 and a batch, each with its audit row; the list shows how often and when', async () => {
    app = await newSetupApp({ now: NOW });
    const [beauty, fraud, , clues] = await decisionsSetUp();
    const audits = await count(app.db, 'audit_log');

    const one = await app.call('decisions.urge', {
      decisionId: beauty!.id,
      urgedOn: '2026-11-18',
      method: 'phone',
      note: '电话联系区市场监管局，要求本周反馈',
    });
    expect(one.urgings).toEqual([
      {
        id: expect.any(Number),
        urgedOn: '2026-11-18',
        method: 'phone',
        note: '电话联系区市场监管局，要求本周反馈',
        urgedBy: '测试管理员',
      },
    ]);
    // The batch's answer is the decisions as they now are, the most urgent first.
    const env = (await app.dispatcher.dispatch(
      'decisions.urgeMany',
      { decisionIds: [fraud!.id, beauty!.id, clues!.id], urgedOn: '2026-11-22', method: 'written', note: '' },
      'test',
    )) as Envelope<Decision[]>;
    expect(env.ok).toBe(true);
    if (!env.ok) return;
    expect(env.value.map((d) => [d.text, d.urgings.length, d.urgings.at(-1)?.urgedOn])).toEqual([
      ['开展医疗美容机构联合检查', 2, '2026-11-22'],
      ['汇总一季度投诉举报线索', 1, '2026-11-22'],
      ['建立欺诈骗保线索移送机制', 1, '2026-11-22'],
    ]);
    // Its change event names the 催办 rows (the 督办 list reloads).
    expect(env.changed?.changes).toEqual([{ entity: 'decision_urging', ids: expect.any(Array) }]);
    expect(env.changed?.changes[0]!.ids).toHaveLength(3);
    expect(await count(app.db, 'decision_urgings')).toBe(4);
    const rows = await app.db
      .selectFrom('audit_log')
      .select(['entity', 'summary', 'actor_name'])
      .where('entity', '=', 'decision_urging')
      .orderBy('id')
      .execute();
    expect(rows).toHaveLength(4);
    expect(await count(app.db, 'audit_log')).toBe(audits + 4);
    expect(rows[0]!.summary).toBe(
      '催办议定事项（电话催办，2026-11-18）：开展医疗美容机构联合检查——电话联系区市场监管局，要求本周反馈',
    );
    expect(rows[1]!.summary).toMatch(/^批量催办议定事项（书面催办，2026-11-22）：/);

    const listed = await app.call('decisions.list', { status: 'open' });
    expect(listed.find((d) => d.id === beauty!.id)!.urgings.map((u) => u.urgedOn)).toEqual([
      '2026-11-18',
      '2026-11-22',
    ]);
    // Only the ticked ones, when the list names them.
    const picked = await app.call('decisions.list', { status: 'all', ids: [clues!.id, beauty!.id] });
    expect(picked.map((d) => d.id).sort()).toEqual([beauty!.id, clues!.id].sort());
  });

  it('refuses the whole batch when any decision is closed (naming it), a day after today or before the meeting', async () => {
    app = await newSetupApp({ now: NOW });
    const [beauty, fraud, plan] = await decisionsSetUp();
    const before = {
      audits: await count(app.db, 'audit_log'),
      urgings: await count(app.db, 'decision_urgings'),
    };
    const closed = await failure(
      app.call('decisions.urgeMany', {
        decisionIds: [beauty!.id, plan!.id, fraud!.id],
        urgedOn: '2026-11-22',
        method: 'system',
      }),
    );
    expect(closed.code).toBe('CONFLICT');
    expect(closed.message).toBe(
      '以下议定事项已办结，不能催办：“印发联合执法工作方案”；请取消选择后重试（未催办任何一项）',
    );
    const single = await failure(
      app.call('decisions.urge', { decisionId: plan!.id, urgedOn: '2026-11-22', method: 'phone' }),
    );
    expect(single.message).toContain('已办结，无需催办');
    const future = await failure(
      app.call('decisions.urgeMany', {
        decisionIds: [beauty!.id, fraud!.id],
        urgedOn: '2026-11-23',
        method: 'phone',
      }),
    );
    expect(future.code).toBe('VALIDATION');
    expect(future.message).toBe('催办日期 2026-11-23 晚于今天，请填写实际催办的日期');
    const early = await failure(
      app.call('decisions.urge', { decisionId: fraud!.id, urgedOn: '2026-11-09', method: 'phone' }),
    );
    expect(early.message).toContain('早于议定事项“建立欺诈骗保线索移送机制”所在会议的日期 2026-11-10');
    const missing = await failure(
      app.call('decisions.urgeMany', {
        decisionIds: [beauty!.id, 99999],
        urgedOn: '2026-11-22',
        method: 'phone',
      }),
    );
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toContain('编号 99999');
    const badMethod = await failure(
      app.call('decisions.urge', {
        decisionId: fraud!.id,
        urgedOn: '2026-11-22',
        method: 'fax' as 'phone',
      }),
    );
    expect(badMethod.code).toBe('VALIDATION');
    expect(badMethod.message).toContain('请选择催办方式');
    const empty = await failure(
      app.call('decisions.urgeMany', { decisionIds: [], urgedOn: '2026-11-22', method: 'phone' }),
    );
    expect(empty.message).toContain('请先选择要催办的议定事项');
    expect(await count(app.db, 'audit_log')).toBe(before.audits);
    expect(await count(app.db, 'decision_urgings')).toBe(before.urgings);
  });

  it('the secretary may urge; the leader may not; an urged decision cannot be dropped from the minutes', async () => {
    app = await newSetupApp({ now: NOW });
    const [beauty] = await decisionsSetUp();
    await withUsers(['mishu', 'secretary'], ['lingdao', 'leader']);
    const urged = await app.call(
      'decisions.urge',
      { decisionId: beauty!.id, urgedOn: '2026-11-22', method: 'written' },
      'mishu',
    );
    expect(urged.urgings[0]!.urgedBy).toBe('mishu用户');
    const denied = await failure(
      app.call(
        'decisions.urge',
        { decisionId: beauty!.id, urgedOn: '2026-11-22', method: 'written' },
        'lingdao',
      ),
    );
    expect(denied.code).toBe('FORBIDDEN');
    const meeting = await app.call('meetings.get', { id: beauty!.meetingId });
    const dropped = await failure(
      app.call('meetings.saveMinutes', {
        meetingId: meeting.id,
        summary: '',
        topics: [],
        decisions: meeting.decisions
          .filter((d) => d.id !== beauty!.id)
          .map((d) => ({
            id: d.id,
            version: d.version,
            text: d.text,
            dueDate: d.dueDate,
            departmentIds: d.departments.map((x) => x.departmentId),
          })),
      }),
    );
    expect(dropped.code).toBe('CONFLICT');
    expect(dropped.message).toContain('已有督办记录');
  });

  it('exports the ticked decisions with their 催办 counts; the notice groups them by lead department', async () => {
    app = await newSetupApp({ now: NOW });
    const [beauty, fraud, , clues] = await decisionsSetUp();
    await app.call('decisions.urgeMany', {
      decisionIds: [beauty!.id, clues!.id],
      urgedOn: '2026-11-20',
      method: 'phone',
    });
    const urged = await app.call('decisions.urgeMany', {
      decisionIds: [beauty!.id, fraud!.id, clues!.id],
      urgedOn: '2026-11-22',
      method: 'written',
    });
    const file = await app.call('decisions.exportXlsx', { status: 'all', ids: [clues!.id, beauty!.id] });
    expect(file.fileName).toBe('议定事项督办_所选2项.xlsx');
    const rows = await sheetRows(file.base64);
    const header = rows[0]!;
    expect(header).toContain('催办次数');
    expect(header).toContain('最近催办');
    expect(rows).toHaveLength(3);
    const at = (r: string[], h: string) => r[header.indexOf(h)];
    expect(rows.slice(1).map((r) => [at(r, '议定事项'), at(r, '催办次数'), at(r, '最近催办')])).toEqual([
      ['开展医疗美容机构联合检查', '2', '2026-11-22'],
      ['汇总一季度投诉举报线索', '2', '2026-11-22'],
    ]);
    // The whole export has the same columns.
    const whole = await sheetRows((await app.call('decisions.exportXlsx', { status: 'all' })).base64);
    expect(whole[0]).toEqual(header);
    expect(whole).toHaveLength(5);

    // 督办催办通知: to the lead departments, one table each, with the deadline and days overdue on the notice's day.
    const groups = urgingGroups(urged);
    expect(groups.map((g) => [g.department, g.decisions.map((d) => d.text)])).toEqual([
      ['区市场监管局', ['开展医疗美容机构联合检查']],
      ['区医保分局', ['汇总一季度投诉举报线索', '建立欺诈骗保线索移送机制']],
    ]);
    const doc = urgingNoticeDoc({ officeName: '越城区卫生健康局', date: '2026-11-22', decisions: urged });
    expect(doc).toMatchObject({
      kind: 'plain',
      title: '督办催办通知',
      addressee: '区市场监管局、区医保分局',
    });
    const tables = doc.blocks.filter((b) => b.type === 'table');
    expect(tables.map((t) => t.type === 'table' && t.rows)).toEqual([
      [
        [
          '1',
          '开展医疗美容机构联合检查（配合：区公安分局）',
          '医疗卫生行业综合监管联席会议（2026年11月10日）',
          '2026年11月15日',
          '逾期 7 日',
          '2 次',
        ],
      ],
      [
        [
          '1',
          '汇总一季度投诉举报线索（配合：区市场监管局）',
          '医疗卫生行业综合监管联席会议（2026年11月10日）',
          '2026年11月18日',
          '逾期 4 日',
          '2 次',
        ],
        [
          '2',
          '建立欺诈骗保线索移送机制',
          '医疗卫生行业综合监管联席会议（2026年11月10日）',
          '2026年12月31日',
          '未到期',
          '1 次',
        ],
      ],
    ]);
    expect(doc.blocks[0]).toMatchObject({
      type: 'p',
      text: expect.stringContaining('以下 3 项工作尚未办结，其中 2 项已超过完成时限'),
    });
    const html = officialDocHtml(doc);
    expect(html.replace(/<wbr>/g, '')).toContain('<h1 class="gb-title">督办催办通知</h1>');
    expect(html).toContain('<p class="gb-addressee">区市场监管局、区医保分局：</p>');
    expect(html).toContain('一、区市场监管局（牵头 1 项）');
    expect(html).toContain('二、区医保分局（牵头 2 项）');
    expect(html).toContain('2026年11月22日');
  });
});

// ---------------------------------------------------------------- registers

const code = (first17: string) => first17 + usccCheckChar(first17)!;
const institution = (n: number, over: Partial<InstitutionInput> = {}): InstitutionInput => ({
  name: `越城测试诊所${n}`,
  uscc: code(`92330602MA2D0${String(n).padStart(4, '0')}`),
  category: 'clinic',
  ownership: 'private',
  ...over,
});

describe('批量变更状态 and 导出所选', () => {
  it('监管对象: the ticked ones change together, each audited and its version raised; any problem changes none', async () => {
    app = await newSetupApp({ now: NOW });
    const [a, b, c] = [
      await app.call('institutions.create', institution(1)),
      await app.call('institutions.create', institution(2)),
      await app.call('institutions.create', institution(3)),
    ];
    const audits = await count(app.db, 'audit_log');
    const changed = await app.call('institutions.setStatusMany', {
      records: [
        { id: a!.id, version: a!.version },
        { id: b!.id, version: b!.version },
      ],
      status: 'suspended',
    });
    expect(changed.map((i) => [i.name, i.status, i.version])).toEqual([
      ['越城测试诊所1', 'suspended', a!.version + 1],
      ['越城测试诊所2', 'suspended', b!.version + 1],
    ]);
    const log = await app.db
      .selectFrom('audit_log')
      .select(['entity', 'entity_id', 'summary', 'before_json', 'after_json'])
      .where('id', '>', 0)
      .orderBy('id', 'desc')
      .limit(2)
      .execute();
    expect(await count(app.db, 'audit_log')).toBe(audits + 2);
    expect(log.map((r) => r.summary).sort()).toEqual([
      '批量变更：监管对象 越城测试诊所1 状态改为停业',
      '批量变更：监管对象 越城测试诊所2 状态改为停业',
    ]);
    expect(JSON.parse(log[0]!.before_json!)).toEqual({ status: 'operating' });
    expect(JSON.parse(log[0]!.after_json!)).toEqual({ status: 'suspended' });

    // One already 停业 in the batch: refused, naming it; c is not changed either.
    const again = await failure(
      app.call('institutions.setStatusMany', {
        records: [
          { id: c!.id, version: c!.version },
          { id: a!.id, version: a!.version + 1 },
        ],
        status: 'suspended',
      }),
    );
    expect(again.code).toBe('VALIDATION');
    expect(again.message).toBe(
      '以下监管对象已是停业状态：“越城测试诊所1”；请取消勾选后重试（未变更任何一条）',
    );
    // A row the grid showed before someone else saved it: refused, naming it and who saved; c stays 在业.
    const stale = await failure(
      app.call('institutions.setStatusMany', {
        records: [
          { id: c!.id, version: c!.version },
          { id: b!.id, version: b!.version },
        ],
        status: 'deregistered',
      }),
    );
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toMatch(
      /^监管对象“越城测试诊所2”已被测试管理员于 09:00 修改(（计算机 .*）)?，与列表显示的不同；请刷新列表、核对后重试（未变更任何一条）$/,
    );
    const missing = await failure(
      app.call('institutions.setStatusMany', { records: [{ id: c!.id }, { id: 4242 }], status: 'suspended' }),
    );
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toBe('所选监管对象（编号 4242）不存在或已被删除，未变更任何一条');
    const dup = await failure(
      app.call('institutions.setStatusMany', {
        records: [{ id: c!.id }, { id: c!.id }],
        status: 'suspended',
      }),
    );
    expect(dup.message).toContain('所选监管对象有重复');
    expect(await count(app.db, 'audit_log')).toBe(audits + 2);
    const now = await app.call('institutions.list', { includeInactive: true });
    expect(now.map((i) => [i.name, i.status, i.version])).toEqual([
      ['越城测试诊所1', 'suspended', a!.version + 1],
      ['越城测试诊所2', 'suspended', b!.version + 1],
      ['越城测试诊所3', 'operating', c!.version],
    ]);

    // 导出所选: the two ticked, in the whole export's columns.
    const whole = await sheetRows(
      (await app.call('institutions.exportXlsx', { includeInactive: true })).base64,
    );
    const file = await app.call('institutions.exportXlsx', { includeInactive: true, ids: [c!.id, a!.id] });
    expect(file.fileName).toBe('监管对象名录（所选 2 个）.xlsx');
    const picked = await sheetRows(file.base64);
    expect(picked[0]).toEqual(whole[0]);
    // (序号 is the row's number in its own file.)
    expect(picked.slice(1).map((r) => r.slice(1))).toEqual([whole[1]!.slice(1), whole[3]!.slice(1)]);
  });

  it('执法检查人员 and 从业人员: 批量停用 / 标为离职, and 导出所选 of the ticked people', async () => {
    app = await newSetupApp({ now: NOW });
    const clinic = await app.call('institutions.create', institution(1));
    const [dept] = await deptIds('区卫生健康局');
    const inspectors = [];
    for (const [n, name] of ['陈静', '王强', '李明'].entries())
      inspectors.push(
        await app.call('inspectors.create', { name, departmentId: dept!, badgeNo: `3306021900${n}` }),
      );
    const off = await app.call('inspectors.setActiveMany', {
      records: inspectors.slice(0, 2).map((i) => ({ id: i.id, version: i.version })),
      active: false,
    });
    expect(off.map((i) => [i.name, i.active])).toEqual([
      ['陈静', false],
      ['王强', false],
    ]);
    const refused = await failure(
      app.call('inspectors.setActiveMany', {
        records: inspectors.map((i) => ({ id: i.id })),
        active: false,
      }),
    );
    expect(refused.message).toBe(
      '以下执法检查人员已是停用状态：“陈静”、“王强”；请取消勾选后重试（未变更任何一条）',
    );
    expect((await app.call('inspectors.list', { includeInactive: false })).map((i) => i.name)).toEqual([
      '李明',
    ]);
    const wholeInspectors = await sheetRows(
      (await app.call('inspectors.exportXlsx', { includeInactive: true })).base64,
    );
    const pickedInspectors = await sheetRows(
      (await app.call('inspectors.exportXlsx', { includeInactive: true, ids: [inspectors[2]!.id] })).base64,
    );
    expect(pickedInspectors[0]).toEqual(wholeInspectors[0]);
    expect(pickedInspectors.slice(1).map((r) => r.slice(1))).toEqual([wholeInspectors[3]!.slice(1)]);

    const people = [];
    for (const [n, name] of ['张医生', '赵护士', '钱药师'].entries())
      people.push(
        await app.call('practitioners.create', {
          name,
          category: 'physician',
          certificateNo: `11033060001234${n}`,
          institutionId: clinic.id,
        }),
      );
    const left = await app.call('practitioners.setActiveMany', {
      records: [people[0]!, people[2]!].map((p) => ({ id: p.id, version: p.version })),
      active: false,
    });
    expect(left.map((p) => [p.name, p.active])).toEqual([
      ['张医生', false],
      ['钱药师', false],
    ]);
    expect((await app.call('institutions.list', { includeInactive: true }))[0]!.practitionerCount).toBe(1);
    const file = await app.call('practitioners.exportXlsx', {
      includeInactive: true,
      ids: [people[0]!.id, people[1]!.id],
    });
    expect(file.fileName).toBe('从业人员名录（所选 2 人）.xlsx');
    const picked = await sheetRows(file.base64);
    const whole = await sheetRows(
      (await app.call('practitioners.exportXlsx', { includeInactive: true })).base64,
    );
    expect(picked[0]).toEqual(whole[0]);
    expect(picked.slice(1).map((r) => r[1])).toEqual(['赵护士', '张医生']);
    const wholeRest = whole.map((r) => r.slice(1));
    for (const row of picked.slice(1)) expect(wholeRest).toContainEqual(row.slice(1));
  });

  it('科员 may change the registers in a batch; 领导 may export the ticked rows but not change them', async () => {
    app = await newSetupApp({ now: NOW });
    await withUsers(['keyuan', 'clerk'], ['lingdao', 'leader']);
    const a = await app.call('institutions.create', institution(1), 'keyuan');
    const denied = await failure(
      app.call('institutions.setStatusMany', { records: [{ id: a.id }], status: 'suspended' }, 'lingdao'),
    );
    expect(denied.code).toBe('FORBIDDEN');
    const done = await app.call(
      'institutions.setStatusMany',
      { records: [{ id: a.id, version: a.version }], status: 'deregistered' },
      'keyuan',
    );
    expect(done[0]!.status).toBe('deregistered');
    const file = await app.call('institutions.exportXlsx', { includeInactive: true, ids: [a.id] }, 'lingdao');
    expect((await sheetRows(file.base64))[1]!.slice(0, 2)).toEqual(['1', '越城测试诊所1']);
  });
});
