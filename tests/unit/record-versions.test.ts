// No lost updates (多人协同) for every record a person edits from a copy, in whichever store the run uses: 张三
// (another window or seat) and the administrator open the same record; 张三 saves first; the administrator's save
// from the older copy answers CONFLICT naming 张三 and the time, with 张三's values, and writes nothing; saving
// again from the version the conflict reported overwrites on purpose. The meetings and the directories have their
// own cases in multi-seat.test.ts. A record's parts kept in dialogs of their own (复查, 书面回复, 办结, 反馈) are
// checked the same way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, type StaleDetails } from '../../shared/errors';
import type { CalendarOverride, Input, MethodName, Output } from '../../shared/contract';
import { usccCheckChar } from '../../shared/domain/uscc';
import { newSetupApp, type TestApp } from './helpers';
import { TEST_STORE } from './test-store';

const NOW = '2026-11-22T01:00:00Z'; // 09:00 in Beijing
const OTHER = 'window-2';

let app: TestApp;

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

const call = <N extends MethodName>(name: N, args: Input<N>, session?: string): Promise<Output<N>> =>
  app.call(name, args, session);

/** One editable record: how to open it (its version now) and save it with a value typed into one field. */
interface RecordKind {
  kind: string;
  open(): Promise<{
    version: number;
    save(value: string, version: number | undefined, session?: string): Promise<unknown>;
  }>;
  /** The edited field as a save answers it, and as the conflict's newer values show it. */
  saved(x: unknown): string;
  current?(x: unknown): string;
  /** The two values typed (default: two texts). */
  values?: [string, string];
  /** Also read back from the store after the refused save (default: the conflict's current value is enough). */
  reread?(): Promise<string>;
}

let deptIds: number[] = [];
let institutionId = 0;
let inspectorIds: number[] = [];
let uscc = 0;
function nextUscc(): string {
  const first17 = `9133060${String(++uscc).padStart(10, '0')}`;
  return first17 + usccCheckChar(first17)!;
}

const field =
  <K extends string>(k: K) =>
  (x: unknown) =>
    String((x as Record<K, unknown>)[k]);

const KINDS: RecordKind[] = [
  {
    kind: '检查记录',
    async open() {
      const args = {
        institutionId,
        inspectedOn: '2026-11-20',
        leadInspectorId: inspectorIds[0]!,
        memberIds: [inspectorIds[1]!],
        items: ['医疗机构执业资质'],
        outcome: 'rectify' as const,
        rectifyDue: '2026-12-10',
        drawId: null,
        drawPosition: null,
      };
      const x = await call('inspections.create', args);
      return {
        version: x.version,
        save: (findings, version, session) =>
          call('inspections.update', { ...args, id: x.id, version, findings }, session),
      };
    },
    saved: field('findings'),
    reread: async () => {
      const [x] = (await call('inspections.list', {})) as { findings: string }[];
      return x!.findings;
    },
  },
  {
    kind: '转报',
    async open() {
      const args = {
        fromDepartmentId: deptIds[0]!,
        matter: '转报事项',
        institutionId,
        receivedOn: '2026-11-20',
      };
      const [r] = await call('referrals.create', { ...args, toDepartmentIds: [deptIds[1]!] });
      return {
        version: r!.version,
        save: (matter, version, session) =>
          call(
            'referrals.update',
            { ...args, id: r!.id, version, toDepartmentId: deptIds[1]!, matter },
            session,
          ),
      };
    },
    saved: field('matter'),
  },
  {
    kind: '12345 投诉',
    async open() {
      const args = {
        ticketNo: 'SX202611200001',
        receivedOn: '2026-11-20',
        content: '投诉内容',
        category: 'medical_service' as const,
        departmentId: deptIds[0]!,
      };
      const c = await call('complaints.create', args);
      return {
        version: c.version,
        save: (content, version, session) =>
          call('complaints.update', { ...args, id: c.id, version, content }, session),
      };
    },
    saved: field('content'),
  },
  {
    kind: '联合行动',
    async open() {
      const args = {
        name: '医疗美容行业联合执法行动',
        kind: 'joint' as const,
        leadDepartmentId: deptIds[0]!,
        participantIds: [deptIds[1]!],
        startDate: '2026-06-01',
        endDate: '2026-06-30',
      };
      const a = await call('jointActions.create', args);
      return {
        version: a.version,
        save: (resultsText, version, session) =>
          call('jointActions.update', { ...args, id: a.id, version, resultsText }, session),
      };
    },
    saved: field('resultsText'),
  },
  {
    kind: '抽查计划',
    async open() {
      const args = {
        year: 2026,
        name: '双随机抽查计划',
        items: ['医疗机构执业资质'],
        departmentIds: [deptIds[0]!, deptIds[1]!],
        ratios: { A: 5, B: 20, C: 60, D: 100, none: 100 },
        batches: [{ number: 1, name: '第一批', startDate: '2026-03-01', endDate: '2026-06-30' }],
      };
      const p = await call('inspectionPlans.create', args);
      return {
        version: p.version,
        save: (notes, version, session) =>
          call('inspectionPlans.update', { ...args, id: p.id, version, notes }, session),
      };
    },
    saved: field('notes'),
  },
  {
    kind: '工作清单事项',
    async open() {
      const list = await call('checklist.get', { year: 2026 });
      const item = list!.items[1]!;
      const units = item.units.map((u) => ({ departmentId: u.departmentId, role: u.role }));
      return {
        version: item.version,
        save: (text, version, session) =>
          call(
            'checklist.updateItem',
            { itemId: item.id, version, title: item.title, code: item.code, units, text },
            session,
          ),
      };
    },
    saved: field('text'),
  },
  {
    kind: '工作清单进展',
    async open() {
      const list = await call('checklist.get', { year: 2026 });
      const item = list!.items[12]!;
      const args = {
        itemId: item.id,
        departmentId: item.units[0]!.departmentId,
        quarter: 3 as const,
        status: 'in_progress' as const,
      };
      const report = await call('checklist.report', { ...args, narrative: '开展双随机联合抽查' });
      return {
        version: report.version,
        save: (narrative, version, session) =>
          call('checklist.report', { ...args, version, narrative }, session),
      };
    },
    saved: field('narrative'),
  },
  {
    kind: '信用行为记分标准',
    async open() {
      const args = {
        subjectKind: 'institution' as const,
        code: 'CS-12-01',
        name: '测试记分行为',
        points: 12,
      };
      const b = await call('credit.createBehaviour', args);
      return {
        version: b.version,
        save: (basis, version, session) =>
          call('credit.updateBehaviour', { ...args, id: b.id, version, basis }, session),
      };
    },
    saved: field('basis'),
  },
  {
    kind: '用户',
    async open() {
      const u = await call('users.create', {
        username: 'lisi',
        displayName: '李四',
        role: 'clerk',
        password: 'Lisi#2026x',
      });
      return {
        version: u.version,
        save: (displayName, version, session) =>
          call('users.update', { id: u.id, version, displayName, role: 'clerk', active: true }, session),
      };
    },
    saved: field('displayName'),
    values: ['李四甲', '李四乙'],
  },
  {
    kind: '单位信息',
    async open() {
      const o = await call('office.get', {});
      return {
        version: o.version,
        save: (address, version, session) =>
          call(
            'office.update',
            { name: o.name, docPrefix: o.docPrefix, uscc: o.uscc, address, version },
            session,
          ),
      };
    },
    saved: field('address'),
  },
  {
    kind: '随机抽查事项',
    async open() {
      const args = { name: '测试抽查事项', basis: '《医疗机构管理条例》' };
      const i = await call('spotItems.create', args);
      return {
        version: i.version,
        save: (content, version, session) =>
          call('spotItems.update', { ...args, id: i.id, version, content }, session),
      };
    },
    saved: field('content'),
  },
  {
    kind: '专家',
    async open() {
      const args = { name: '测试专家', unit: '区人民医院' };
      const x = await call('experts.create', { ...args, field: '医疗质量' });
      return {
        version: x.version,
        save: (f, version, session) =>
          call('experts.update', { ...args, id: x.id, version, field: f }, session),
      };
    },
    saved: field('field'),
  },
  {
    kind: '依法执业自查年度安排',
    async open() {
      const args = {
        year: 2026,
        categories: ['clinic' as const],
        streets: [],
        fullDeadline: '2026-09-30',
        routineAfterDays: 0,
      };
      const y = await call('selfcheck.saveYear', { ...args, pledgeDeadline: '2026-03-31' });
      expect(y.version).toBeGreaterThan(0);
      return {
        version: y.version,
        save: (pledgeDeadline, version, session) =>
          call('selfcheck.saveYear', { ...args, version, pledgeDeadline }, session),
      };
    },
    saved: field('pledgeDeadline'),
    values: ['2026-03-30', '2026-03-27'],
  },
  {
    kind: '专项自查',
    async open() {
      const args = { year: 2026, categories: ['clinic' as const], deadline: '2026-12-20' };
      const c = await call('selfcheck.saveCampaign', { ...args, topic: '诊所消毒专项' });
      return {
        version: c.version,
        save: (topic, version, session) =>
          call('selfcheck.saveCampaign', { ...args, id: c.id, version, topic }, session),
      };
    },
    saved: field('topic'),
  },
  {
    kind: '依法执业自查记录',
    async open() {
      const first17 = '91330602990000123';
      const clinic = await call('institutions.create', {
        name: '越城自查测试诊所',
        uscc: first17 + usccCheckChar(first17)!,
        category: 'clinic',
        ownership: 'private',
        street: '府山街道',
      });
      const args = {
        year: 2026,
        institutionId: clinic.id,
        kind: 'full' as const,
        submittedOn: '2026-09-01',
        areas: [{ area: '医疗文书', found: 2, fixed: 2 }],
      };
      const s = await call('selfcheck.saveSubmission', args);
      return {
        version: s.version,
        save: (note, version, session) =>
          call('selfcheck.saveSubmission', { ...args, version, note }, session),
      };
    },
    saved: field('note'),
  },
  {
    kind: '检查记录复查',
    async open() {
      const x = await call('inspections.create', {
        institutionId,
        inspectedOn: '2026-11-18',
        leadInspectorId: inspectorIds[0]!,
        memberIds: [inspectorIds[1]!],
        items: ['医疗机构执业资质'],
        outcome: 'rectify',
        rectifyDue: '2026-11-21',
        drawId: null,
        drawPosition: null,
      });
      return {
        version: x.version,
        save: (note, version, session) =>
          call(
            'inspections.review',
            { id: x.id, version, reviewOn: '2026-11-21', result: 'rectified', note },
            session,
          ),
      };
    },
    saved: (x) => (x as Output<'inspections.review'>).review!.note,
  },
  {
    kind: '转报回复',
    async open() {
      const [r] = await call('referrals.create', {
        fromDepartmentId: deptIds[0]!,
        matter: '待回复的转报事项',
        receivedOn: '2026-11-19',
        toDepartmentIds: [deptIds[1]!],
      });
      return {
        version: r!.version,
        save: (replyText, version, session) =>
          call('referrals.reply', { id: r!.id, version, replyOn: '2026-11-21', replyText }, session),
      };
    },
    saved: field('replyText'),
  },
  {
    kind: '投诉办结',
    async open() {
      const c = await call('complaints.create', {
        ticketNo: 'SX202611200002',
        receivedOn: '2026-11-20',
        content: '投诉内容二',
        category: 'medical_service',
        departmentId: deptIds[0]!,
      });
      return {
        version: c.version,
        save: (handlingResult, version, session) =>
          call(
            'complaints.closeHandling',
            { id: c.id, version, handledOn: '2026-11-21', handlingResult, substantiated: false },
            session,
          ),
      };
    },
    saved: field('handlingResult'),
  },
  {
    kind: '投诉反馈',
    async open() {
      const c = await call('complaints.create', {
        ticketNo: 'SX202611200003',
        receivedOn: '2026-11-20',
        content: '投诉内容三',
        category: 'medical_service',
        departmentId: deptIds[0]!,
      });
      const closed = await call('complaints.closeHandling', {
        id: c.id,
        handledOn: '2026-11-21',
        handlingResult: '已办结',
        substantiated: false,
      });
      return {
        version: closed.version,
        save: (feedbackNote, version, session) =>
          call(
            'complaints.recordFeedback',
            { id: c.id, version, feedbackOn: '2026-11-22', feedbackNote },
            session,
          ),
      };
    },
    saved: field('feedbackNote'),
  },
  {
    kind: '议定事项',
    async open() {
      const { meeting } = await call('meetings.create', {
        type: 'regular',
        title: '医疗卫生行业综合监管联席会议',
        date: '2026-11-20',
        startTime: '09:00',
        durationMinutes: 120,
        place: '越城区人民大道 1 号区卫生健康局',
        room: '三楼会议室',
        chair: '王局长',
        departments: [],
      });
      const minutes = (text: string, d?: { id: number; version: number | undefined }) => ({
        meetingId: meeting.id,
        summary: '',
        topics: [],
        decisions: [{ ...d, text, dueDate: '2026-12-31', departmentIds: [deptIds[0]!] }],
      });
      const held = await call('meetings.saveMinutes', minutes('开展医疗美容专项整治'));
      const decision = held.meeting.decisions[0]!;
      return {
        version: decision.version,
        save: (text, version, session) =>
          call('meetings.saveMinutes', minutes(text, { id: decision.id, version }), session),
      };
    },
    saved: (x) => (x as Output<'meetings.saveMinutes'>).meeting.decisions[0]!.text,
    current: field('text'),
  },
  ...(['会议纪要（会议概况）', '议程', '出席情况'] as const).map((kind): RecordKind => ({
    kind,
    async open() {
      const { meeting } = await call('meetings.create', {
        type: 'regular',
        title: `医疗卫生行业综合监管联席会议（${kind}）`,
        date: '2026-11-20',
        startTime: '09:00',
        durationMinutes: 120,
        place: '越城区人民大道 1 号区卫生健康局',
        room: '三楼会议室',
        chair: '王局长',
        departments: [{ departmentId: deptIds[0]!, role: 'attend', attendeeNames: '' }],
      });
      const meetingId = meeting.id;
      return {
        version: meeting.version,
        save: (text, version, session) =>
          kind === '议程'
            ? call(
                'meetings.saveAgenda',
                {
                  meetingId,
                  version,
                  items: [{ title: text, presenterDepartmentId: null, minutes: 30, checklistItemIds: [] }],
                },
                session,
              )
            : kind === '出席情况'
              ? call(
                  'meetings.recordAttendance',
                  {
                    meetingId,
                    version,
                    rows: [
                      {
                        departmentId: deptIds[0]!,
                        attendance: 'present',
                        attendeeNames: text,
                        leaveReason: '',
                        delegateName: '',
                      },
                    ],
                  },
                  session,
                )
              : call(
                  'meetings.saveMinutes',
                  { meetingId, version, summary: text, topics: [], decisions: [] },
                  session,
                ),
      };
    },
    saved: (x) => {
      const m = (x as Output<'meetings.saveMinutes'>).meeting;
      return kind === '议程'
        ? m.agenda[0]!.title
        : kind === '出席情况'
          ? m.departments[0]!.attendeeNames
          : m.minutesSummary;
    },
    current: (x) => {
      const m = x as Output<'meetings.get'>;
      return kind === '议程'
        ? m.agenda[0]!.title
        : kind === '出席情况'
          ? m.departments[0]!.attendeeNames
          : m.minutesSummary;
    },
  })),
];

/** What has no version of its own (settings, rules, a day of the work calendar, a 承诺书) and is saved by
 *  compare-and-set: the save names the values its editor started from (`expected`). */
interface UnversionedKind {
  kind: string;
  open(): Promise<{
    expected: unknown;
    save(value: string, expected: unknown, session?: string): Promise<unknown>;
  }>;
  /** The edited field as a save answers it. */
  saved(x: unknown): string;
  /** The edited field as the conflict's newer values show it. */
  current(x: unknown): string;
  /** What a save made knowingly over the newer values names as `expected`. */
  expectedOf(current: unknown): unknown;
  values: [string, string];
}

let pledgeInstitutionId = 0;
let fileInstitutionId = 0;

/** A year's adjustments as the year-entry dialog sends them as `expected`. */
const yearValues = (overrides: CalendarOverride[]) =>
  overrides.map((o) => ({ date: o.date, kind: o.kind, name: o.name, note: o.note }));

const UNVERSIONED: UnversionedKind[] = [
  {
    kind: '业务规则（设置）',
    async open() {
      const s = await call('settings.get', {});
      return {
        expected: { inspectionPublicationDays: s.inspectionPublicationDays },
        save: (days, expected, session) =>
          call(
            'settings.update',
            {
              inspectionPublicationDays: Number(days),
              expected: expected as Input<'settings.update'>['expected'],
            },
            session,
          ),
      };
    },
    saved: field('inspectionPublicationDays'),
    current: field('inspectionPublicationDays'),
    expectedOf: (c) => ({ inspectionPublicationDays: (c as Output<'settings.get'>).inspectionPublicationDays }),
    values: ['25', '30'],
  },
  {
    kind: '自查领域（设置）',
    async open() {
      const s = await call('settings.get', {});
      return {
        expected: { selfcheckAreas: s.selfcheckAreas },
        save: (areas, expected, session) =>
          call(
            'settings.update',
            { selfcheckAreas: areas.split('、'), expected: expected as Input<'settings.update'>['expected'] },
            session,
          ),
      };
    },
    saved: (x) => (x as Output<'settings.get'>).selfcheckAreas.join('、'),
    current: (x) => (x as Output<'settings.get'>).selfcheckAreas.join('、'),
    expectedOf: (c) => ({ selfcheckAreas: (c as Output<'settings.get'>).selfcheckAreas }),
    values: ['资质、人员、医疗文书', '资质、医疗文书、消毒管理'],
  },
  {
    kind: '信用记分规则',
    async open() {
      const { options } = await call('credit.rules', {});
      return {
        expected: options,
        save: (years, expected, session) =>
          call(
            'credit.updateRules',
            {
              ...options,
              institutionCycleYears: Number(years) as 1 | 3,
              expected: expected as Input<'credit.updateRules'>['expected'],
            },
            session,
          ),
      };
    },
    saved: (x) => String((x as Output<'credit.rules'>).options.institutionCycleYears),
    current: (x) => String((x as Output<'credit.rules'>).options.institutionCycleYears),
    expectedOf: (c) => (c as Output<'credit.rules'>).options,
    values: ['1', '3'],
  },
  {
    kind: '报告上报期限',
    async open() {
      const { rules } = await call('reports.overview', {});
      return {
        expected: rules,
        save: (days, expected, session) =>
          call(
            'reports.updateDueRules',
            {
              quarter: { rule: 'workingDaysAfter', days: Number(days) },
              year: rules.year,
              expected: expected as Input<'reports.updateDueRules'>['expected'],
            },
            session,
          ),
      };
    },
    saved: (x) => {
      const q = (x as Output<'reports.updateDueRules'>).quarter;
      return q.rule === 'workingDaysAfter' ? String(q.days) : q.rule;
    },
    current: (x) => {
      const q = (x as Output<'reports.updateDueRules'>).quarter;
      return q.rule === 'workingDaysAfter' ? String(q.days) : q.rule;
    },
    expectedOf: (c) => c,
    values: ['10', '15'],
  },
  {
    kind: '工作日历调整',
    async open() {
      return {
        expected: null,
        save: (name, expected, session) =>
          call(
            'calendar.setOverride',
            {
              date: '2026-12-28',
              kind: 'holiday',
              name,
              note: '',
              expected: expected as Input<'calendar.setOverride'>['expected'],
            },
            session,
          ),
      };
    },
    saved: field('name'),
    current: field('name'),
    expectedOf: (c) => {
      const o = c as Output<'calendar.setOverride'>;
      return { kind: o.kind, name: o.name, note: o.note };
    },
    values: ['单位调休', '年终休假'],
  },
  {
    kind: '全年节假日安排（录入一年）',
    async open() {
      const opened = await call('calendar.year', { year: 2028 });
      return {
        expected: yearValues(opened.overrides),
        save: async (name, expected, session) => {
          await call(
            'calendar.enterYear',
            {
              year: 2028,
              holidays: [{ name, start: '2028-01-01', end: '2028-01-01' }],
              workdays: [],
              expected: expected as Input<'calendar.enterYear'>['expected'],
            },
            session,
          );
          return (await call('calendar.year', { year: 2028 })).overrides;
        },
      };
    },
    saved: (x) => (x as CalendarOverride[]).map((o) => o.name).join('、'),
    current: (x) => (x as CalendarOverride[]).map((o) => o.name).join('、'),
    expectedOf: (c) => yearValues(c as CalendarOverride[]),
    values: ['元旦', '新年'],
  },
  {
    kind: '依法执业承诺书',
    async open() {
      const pledge = async () => {
        const row = (await call('selfcheck.grid', { year: 2026 })).rows.find(
          (r) => r.institutionId === pledgeInstitutionId,
        );
        return row!.pledgeOn;
      };
      expect(await pledge()).toBeNull();
      return {
        expected: null,
        save: async (signer, expected, session) => {
          await call(
            'selfcheck.savePledge',
            {
              year: 2026,
              institutionId: pledgeInstitutionId,
              submittedOn: '2026-03-01',
              signer,
              practitionersSigned: 3,
              expected: expected as Input<'selfcheck.savePledge'>['expected'],
            },
            session,
          );
          expect(await pledge()).toBe('2026-03-01');
          return (await call('selfcheck.pledge', { year: 2026, institutionId: pledgeInstitutionId }))!;
        },
      };
    },
    saved: field('signer'),
    current: field('signer'),
    expectedOf: (c) => c,
    values: ['王院长', '李院长'],
  },
];

describe(`every edited record refuses a stale save, naming who saved first (${TEST_STORE})`, () => {
  // The 承诺书's signed file is kept in the data folder (SQLite) or the server's database.
  const dataDir = mkdtempSync(join(tmpdir(), 'zj-versions-'));
  beforeAll(async () => {
    app = await newSetupApp({ now: NOW, dataDir });
    await call('users.create', {
      username: 'zhangsan',
      displayName: '张三',
      role: 'admin',
      password: 'Zhang#2026',
    });
    await call('auth.login', { username: 'zhangsan', password: 'Zhang#2026' }, OTHER);
    deptIds = (await call('departments.list', { includeInactive: false }))
      .filter((d) => d.kind === 'department')
      .map((d) => d.id);
    institutionId = (
      await call('institutions.create', {
        name: '越城区版本测试医院',
        uscc: nextUscc(),
        category: 'hospital',
        ownership: 'public',
      })
    ).id;
    inspectorIds = [];
    for (const [k, dep] of [deptIds[0]!, deptIds[0]!].entries())
      inspectorIds.push(
        (
          await call('inspectors.create', {
            name: `检查员${k}`,
            departmentId: dep,
            badgeNo: `3306021900${k}`,
          })
        ).id,
      );
    await call('checklist.create', { year: 2026, templateId: 'yuecheng-2020', unresolved: [] });
    const first17 = '91330602990000456';
    pledgeInstitutionId = (
      await call('institutions.create', {
        name: '越城承诺书测试诊所',
        uscc: first17 + usccCheckChar(first17)!,
        category: 'clinic',
        ownership: 'private',
        street: '府山街道',
      })
    ).id;
    const fileFirst17 = '91330602990000457';
    fileInstitutionId = (
      await call('institutions.create', {
        name: '越城承诺书附件测试诊所',
        uscc: fileFirst17 + usccCheckChar(fileFirst17)!,
        category: 'clinic',
        ownership: 'private',
        street: '府山街道',
      })
    ).id;
    await call('selfcheck.saveYear', {
      year: 2026,
      categories: ['clinic'],
      streets: [],
      fullDeadline: '2026-09-30',
      pledgeDeadline: '2026-03-31',
      routineAfterDays: 0,
    });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a change made by another action (办结, 停用, 办结议定事项) also makes an open copy stale', async () => {
    const complaint = await call('complaints.create', {
      ticketNo: 'SX202611200009',
      receivedOn: '2026-11-20',
      content: '投诉内容九',
      category: 'medical_service',
      departmentId: deptIds[0]!,
    });
    await call(
      'complaints.closeHandling',
      { id: complaint.id, handledOn: '2026-11-21', handlingResult: '已办结', substantiated: false },
      OTHER,
    );
    const edit = await failure(
      call('complaints.update', {
        ticketNo: complaint.ticketNo,
        receivedOn: complaint.receivedOn,
        content: '管理员改的投诉内容',
        category: complaint.category,
        departmentId: complaint.departmentId,
        id: complaint.id,
        version: complaint.version,
      }),
    );
    expect(edit.message).toMatch(/^该记录已被张三于 09:00 修改/);
    expect(
      (edit.details as StaleDetails & { current: { handlingResult: string } }).current.handlingResult,
    ).toBe('已办结');

    const expert = await call('experts.create', { name: '停用测试专家', unit: '区中医院', field: '中医' });
    await call('experts.setActive', { id: expert.id, active: false }, OTHER);
    const stopped = await failure(
      call('experts.update', {
        id: expert.id,
        version: expert.version,
        name: expert.name,
        unit: expert.unit,
        field: '针灸',
      }),
    );
    expect(stopped.code).toBe('CONFLICT');

    const { meeting } = await call('meetings.create', {
      type: 'regular',
      title: '议定事项办结测试会议',
      date: '2026-11-19',
      startTime: '09:00',
      durationMinutes: 60,
      place: '区卫生健康局',
      room: '三楼会议室',
      chair: '王局长',
      departments: [],
    });
    const held = await call('meetings.saveMinutes', {
      meetingId: meeting.id,
      summary: '',
      topics: [],
      decisions: [{ text: '整改医疗废物管理', dueDate: '2026-12-31', departmentIds: [deptIds[0]!] }],
    });
    const d = held.meeting.decisions[0]!;
    await call('decisions.close', { decisionId: d.id, result: '已整改到位' }, OTHER);
    const minutes = await failure(
      call('meetings.saveMinutes', {
        meetingId: meeting.id,
        summary: '会议概况',
        topics: [],
        decisions: [
          { id: d.id, version: d.version, text: d.text, dueDate: d.dueDate, departmentIds: [deptIds[0]!] },
        ],
      }),
    );
    expect(minutes.message).toMatch(/^该记录已被张三于 09:00 修改/);
    expect((minutes.details as StaleDetails & { current: { status: string } }).current.status).toBe('done');
  });

  it.each(UNVERSIONED.map((k) => [k.kind, k] as const))(
    '%s (compare-and-set): CONFLICT with who and when and the newer values; nothing written; saving again overwrites',
    async (_kind, k) => {
      const [mine, theirs] = k.values;
      const copy = await k.open();
      // 张三 saves first from the same values.
      expect(k.saved(await copy.save(theirs, copy.expected, OTHER))).toBe(theirs);
      // The administrator's save from what was shown before is refused, naming 张三 and the time, with 张三's values.
      const stale = await failure(copy.save(mine, copy.expected));
      expect(stale.code).toBe('CONFLICT');
      expect(stale.message).toMatch(/^该记录已被张三于 09:00 修改/);
      const details = stale.details as StaleDetails;
      expect(details).toMatchObject({ stale: true, changedBy: '张三（zhangsan）' });
      expect(k.current(details.current)).toBe(theirs);
      // Nothing was written: saving from 张三's values as they were shown is accepted and answers them changed.
      const again = await copy.save(mine, k.expectedOf(details.current));
      expect(k.saved(again)).toBe(mine);
      // A save that names no starting values (the CLI, imports) is not refused.
      expect(k.saved(await copy.save(theirs, undefined))).toBe(theirs);
    },
  );

  it('removing a day adjustment that another seat changed since is refused too', async () => {
    const opened = await call('calendar.setOverride', {
      date: '2026-12-29',
      kind: 'holiday',
      name: '单位调休',
    });
    const expected = { kind: opened.kind, name: opened.name, note: opened.note };
    await call('calendar.setOverride', { date: '2026-12-29', kind: 'workday', name: '调休上班', expected }, OTHER);
    const stale = await failure(call('calendar.removeOverride', { date: '2026-12-29', expected }));
    expect(stale.message).toMatch(/^该记录已被张三于 09:00 修改/);
    expect((stale.details as StaleDetails & { current: { name: string } }).current.name).toBe('调休上班');
    const year = await call('calendar.year', { year: 2026 });
    expect(year.overrides.find((o) => o.date === '2026-12-29')?.name).toBe('调休上班');
    await call('calendar.removeOverride', {
      date: '2026-12-29',
      expected: { kind: 'workday', name: '调休上班', note: '' },
    });
    expect((await call('calendar.year', { year: 2026 })).overrides.some((o) => o.date === '2026-12-29')).toBe(
      false,
    );
  });

  it('依法执业承诺书: a signed file attached at another seat since makes the copy stale; both files are named; the chosen file is kept', async () => {
    const pledge = () => call('selfcheck.pledge', { year: 2026, institutionId: fileInstitutionId });
    const base = {
      year: 2026,
      institutionId: fileInstitutionId,
      submittedOn: '2026-03-02',
      signer: '赵院长',
      practitionersSigned: 2,
    };
    await call('selfcheck.savePledge', { ...base, expected: null });
    const opened = (await pledge())!;
    expect(opened.file).toBeNull();
    const expected = {
      submittedOn: opened.submittedOn,
      signer: opened.signer,
      practitionersSigned: opened.practitionersSigned,
      fileSha256: null,
    };
    // 张三 attaches the signed 承诺书 (the fields as they were).
    const theirs = Buffer.from('%PDF-1.4 张三扫描的承诺书');
    await call(
      'selfcheck.savePledge',
      { ...base, file: { fileName: '承诺书-张三.pdf', base64: theirs.toString('base64') }, expected },
      OTHER,
    );
    const stored = (await pledge())!.file!;
    expect(stored).toMatchObject({ name: '承诺书-张三.pdf', size: theirs.length });
    expect(stored.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The administrator's save from the copy without a file, with a file of his own: refused, 张三's file named.
    const mine = { fileName: '承诺书-管理员.pdf', base64: Buffer.from('%PDF-1.4 管理员扫描的').toString('base64') };
    const stale = await failure(call('selfcheck.savePledge', { ...base, file: mine, expected }));
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toMatch(/^该记录已被张三于 09:00 修改/);
    const current = (stale.details as StaleDetails & { current: Output<'selfcheck.pledge'> }).current!;
    expect(current.file).toEqual(stored);
    expect((await pledge())!.file).toEqual(stored);
    // A copy that does not say which file it opened (an older window, the CLI's fields) compares the fields only.
    const fieldsOnly = { submittedOn: expected.submittedOn, signer: expected.signer, practitionersSigned: 2 };
    await call('selfcheck.savePledge', { ...base, signer: '赵院长', expected: fieldsOnly });
    expect((await pledge())!.file).toEqual(stored);
    // Saving again from what the refusal showed keeps the administrator's file.
    await call('selfcheck.savePledge', {
      ...base,
      file: mine,
      expected: { ...fieldsOnly, fileSha256: current.file!.sha256 },
    });
    const after = (await pledge())!.file!;
    expect(after.name).toBe('承诺书-管理员.pdf');
    expect(after.sha256).not.toBe(stored.sha256);
  });

  it('a year’s table and a day of that year see each other’s saves: either one made since makes the other stale', async () => {
    const opened = yearValues((await call('calendar.year', { year: 2029 })).overrides);
    expect(opened).toEqual([]);
    // 张三 adjusts one day of 2029 while the administrator has the year's dialog open.
    await call('calendar.setOverride', { date: '2029-05-06', kind: 'workday', name: '单位加班', expected: null }, OTHER);
    const table = {
      year: 2029,
      holidays: [{ name: '劳动节', start: '2029-05-01', end: '2029-05-05' }],
      workdays: [],
    };
    const stale = await failure(call('calendar.enterYear', { ...table, expected: opened }));
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toMatch(/^该记录已被张三于 09:00 修改/);
    const current = (stale.details as StaleDetails & { current: CalendarOverride[] }).current;
    expect(current.map((o) => [o.date, o.name])).toEqual([['2029-05-06', '单位加班']]);
    // Nothing was replaced.
    expect((await call('calendar.year', { year: 2029 })).overrides.map((o) => o.date)).toEqual(['2029-05-06']);
    // Saved against what the refusal showed: the table replaces the year, knowingly.
    await call('calendar.enterYear', { ...table, expected: yearValues(current) });
    expect((await call('calendar.year', { year: 2029 })).overrides.map((o) => o.date)).toEqual([
      '2029-05-01',
      '2029-05-02',
      '2029-05-03',
      '2029-05-04',
      '2029-05-05',
    ]);
    // And the other way: a day dialog opened before 张三 entered the year's table again is refused, naming 张三
    // (the table's audit row names the year, not the day).
    const day = (await call('calendar.year', { year: 2029 })).overrides.find((o) => o.date === '2029-05-01')!;
    await call(
      'calendar.enterYear',
      {
        year: 2029,
        holidays: [{ name: '劳动节', start: '2029-05-03', end: '2029-05-07' }],
        workdays: [],
        expected: yearValues((await call('calendar.year', { year: 2029 })).overrides),
      },
      OTHER,
    );
    const staleDay = await failure(
      call('calendar.setOverride', {
        date: '2029-05-01',
        kind: 'workday',
        name: '值班',
        expected: { kind: day.kind, name: day.name, note: day.note },
      }),
    );
    expect(staleDay.message).toMatch(/^该记录已被张三于 09:00 修改/);
    expect((staleDay.details as StaleDetails).current).toBeNull();
  });

  it.each(KINDS.map((k) => [k.kind, k] as const))(
    '%s: CONFLICT with who and when and the newer values; nothing written; saving again overwrites',
    async (_kind, k) => {
      const [mine, theirs] = k.values ?? [`管理员填写的内容`, `张三填写的内容`];
      const current = k.current ?? k.saved;
      const copy = await k.open();
      expect(copy.version).toBeGreaterThanOrEqual(1);
      // 张三 saves first from the same copy.
      const first = await copy.save(theirs, copy.version, OTHER);
      expect(k.saved(first)).toBe(theirs);
      // The administrator's save from the older copy is refused, naming 张三 and the time, with 张三's values.
      const stale = await failure(copy.save(mine, copy.version));
      expect(stale.code).toBe('CONFLICT');
      expect(stale.message).toMatch(/^该记录已被张三于 09:00 修改/);
      const details = stale.details as StaleDetails;
      expect(details).toMatchObject({ stale: true, changedBy: '张三（zhangsan）' });
      expect(details.version).toBeGreaterThan(copy.version);
      expect(current(details.current)).toBe(theirs);
      if (k.reread) expect(await k.reread()).toBe(theirs);
      // Having compared, the administrator saves over it on purpose, from the version the conflict reported.
      const again = await copy.save(mine, details.version);
      expect(k.saved(again)).toBe(mine);
      // A save that names no version (the CLI, imports) is not refused.
      expect(k.saved(await copy.save(theirs, undefined))).toBe(theirs);
    },
  );
});
