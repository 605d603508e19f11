// 工作台: every deadline the modules keep, in one list. The counts are checked against direct queries on the demo
// district; the due days and their urgency are checked at their boundaries (due today, due yesterday, a holiday
// in between, a 调休 working day) with a moving clock; the leader's page carries the same figures.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../db/demo';
import { sortDueItems, urgencyOf } from '../../db/dashboard/dashboard';
import { dueTallies, leaderSummaryDoc, spotcheckSentence } from '../../shared/print/dashboard';
import { DUE_GROUP_FIRST, DUE_KINDS, type DashboardData, type DueItem } from '../../shared/contract';
import { addCalendarDays } from '../../shared/dates';
import { OFFICIAL_DOC_CSS, officialDocHtml } from '../../shared/print/official';
import { systemChromiumPdf } from '../../electron/server/pdf-renderer';
import { newApp, type TestApp } from './helpers';
import { TEST_STORE } from './test-store';

let now = new Date('2026-11-22T01:00:00Z');
const setNow = (iso: string) => (now = new Date(`${iso}T09:00:00+08:00`));
let app: TestApp;
const dirs: string[] = [];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zj-dash-'));
  dirs.push(dir);
  app = await newApp({ clock: () => now, dataDir: dir });
  await seedDemo(app.call, app.travel);
  await app.call('auth.login', { username: 'admin', password: DEMO_PASSWORD });
  // The clock jumps by days in these tests: no idle lock.
  await app.call('settings.update', { idleLockMinutes: 0 });
}, 120_000);

afterAll(async () => {
  await app.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const count = async (q: string): Promise<number> =>
  Number((await sql<{ n: number }>`${sql.raw(q)}`.execute(app.db)).rows[0]!.n);

describe('urgency', () => {
  it('is met on its own day and overdue the day after; a week ahead is 本周内', () => {
    expect(urgencyOf('2026-11-22', '2026-11-22')).toEqual({ daysLeft: 0, urgency: 'today' });
    expect(urgencyOf('2026-11-21', '2026-11-22')).toEqual({ daysLeft: -1, urgency: 'overdue' });
    expect(urgencyOf('2026-11-29', '2026-11-22')).toEqual({ daysLeft: 7, urgency: 'week' });
    expect(urgencyOf('2026-11-30', '2026-11-22')).toEqual({ daysLeft: 8, urgency: 'later' });
  });

  it('sorts the most overdue first, then today, this week and later', () => {
    const mk = (key: string, dueOn: string): DueItem => ({
      key,
      kind: 'decision',
      title: key,
      detail: '',
      dueOn,
      departments: [],
      person: null,
      link: '/',
      rule: '',
      ...urgencyOf(dueOn, '2026-11-22'),
    });
    const sorted = sortDueItems([
      mk('later', '2026-12-30'),
      mk('today', '2026-11-22'),
      mk('old', '2026-10-01'),
      mk('week', '2026-11-25'),
      mk('recent', '2026-11-20'),
    ]);
    expect(sorted.map((i) => i.key)).toEqual(['old', 'recent', 'today', 'week', 'later']);
  });
});

describe('the demo district', () => {
  it('lists each open deadline once, with counts equal to direct queries', async () => {
    setNow('2026-11-22');
    const d = await app.call('dashboard.data', {});
    // Each kind's whole list through dashboard.due (dashboard.data carries counts and each kind's first items).
    const all = new Map<DueItem['kind'], DueItem[]>();
    for (const kind of DUE_KINDS) {
      const page = await app.call('dashboard.due', { kind, startRow: 0, endRow: 500 });
      expect(page.rows).toHaveLength(page.total);
      all.set(kind, page.rows);
      const group = d.groups.find((g) => g.kind === kind);
      expect(group?.total ?? 0).toBe(page.total);
      expect(group?.overdue ?? 0).toBe(page.rows.filter((i) => i.urgency === 'overdue').length);
      expect(d.dueItems.filter((i) => i.kind === kind)).toEqual(page.rows.slice(0, DUE_GROUP_FIRST));
    }
    const of = (kind: DueItem['kind']) => all.get(kind)!;
    // The demo office started using the app in 2026Q1: nothing due before 2026-01-01 is on the 工作台 (its
    // records keep their deadlines; the registers show them).
    expect((await app.call('settings.get', {})).startQuarter).toBe('2026Q1');
    const openReferrals = await count('select count(*) as n from referrals where reply_on is null');
    expect(of('referral_reply')).toHaveLength(
      await count("select count(*) as n from referrals where reply_on is null and due_on >= '2026-01-01'"),
    );
    expect(of('referral_reply').length).toBeLessThan(openReferrals); // one from before the start
    expect(of('complaint_feedback')).toHaveLength(
      await count(
        "select count(*) as n from complaints where feedback_on is null and feedback_due is not null and feedback_due >= '2026-01-01'",
      ),
    );
    expect(of('decision')).toHaveLength(
      await count("select count(*) as n from decisions where status = 'open' and due_date >= '2026-01-01'"),
    );
    expect(of('rectification')).toHaveLength(
      await count(
        "select count(*) as n from inspections where outcome = 'rectify' and removed_at is null and review_on is null and rectify_due >= '2026-01-01'",
      ),
    );
    expect(of('rectification').filter((i) => i.urgency === 'overdue')).toHaveLength(
      await count(
        "select count(*) as n from inspections where outcome = 'rectify' and removed_at is null and review_on is null and rectify_due < '2026-11-22'",
      ),
    );
    // Reports owed: the demo signed and sent 2026Q1–Q3 on their due days (2025's are before the start); what is
    // left is this quarter's summary (in draft) and this year's yearly reports.
    expect(of('report_submission').filter((i) => i.urgency === 'overdue')).toEqual([]);
    expect(
      of('report_submission')
        .map((i) => `${i.title}|${i.detail}`)
        .sort(),
    ).toEqual(
      [
        '2026年第四季度季度阶段性工作总结|草稿编写中',
        '2026年度年度工作总结|尚未编写',
        '2026年度综合监管结果年度评估报告|尚未编写',
      ].sort(),
    );
    expect(new Set(d.dueItems.map((i) => i.key)).size).toBe(d.dueItems.length);
    // A believable office: the self-inspections almost all on time — a few institutions overdue (one item each) and
    // a few 承诺书, not one institution in ten (the demo once showed 已逾期 75 项, most of them 自查).
    const selfcheckOverdue = [...of('selfcheck'), ...of('selfcheck_pledge')].filter(
      (i) => i.urgency === 'overdue',
    );
    expect(selfcheckOverdue.length).toBeGreaterThan(0);
    expect(selfcheckOverdue.length).toBeLessThanOrEqual(8);
    expect(d.totals.overdue).toBeLessThanOrEqual(40);
    // The overdue referrals are those whose reply day has passed.
    expect(of('referral_reply').filter((i) => i.urgency === 'overdue')).toHaveLength(
      await count(
        "select count(*) as n from referrals where reply_on is null and due_on >= '2026-01-01' and due_on < '2026-11-22'",
      ),
    );
    // Every item opens a record, names a rule, and (where recorded through the app) the person who recorded it.
    for (const i of d.dueItems) {
      expect(i.link).toMatch(/^\//);
      expect(i.rule).not.toBe('');
    }
    expect([...new Set(of('referral_reply').map((i) => i.person))]).toEqual(['张强（keyuan）']);
    // Obligations: the 定期联席会议 held this year, as the meetings table has them.
    const held = d.obligations.find((o) => o.key === 'joint_meetings')!;
    expect(held.actual).toBe(
      await count(
        "select count(*) as n from meetings where type = 'regular' and status = 'held' and date between '2026-01-01' and '2026-12-31'",
      ),
    );
    const quarterly = d.obligations.find((o) => o.key === 'quarterly_on_time')!;
    expect(quarterly).toMatchObject({ actual: 3, required: 3, status: 'met' });
    const joint = d.obligations.find((o) => o.key === 'joint_actions')!;
    expect(joint.actual).toBeGreaterThanOrEqual(0);
    // Charts: inspections by month add up to this year's inspection records.
    expect(
      (d.charts.inspectionsByMonth?.series ?? []).reduce((a, s) => a + s.data.reduce((x, y) => x + y, 0), 0),
    ).toBe(
      await count(
        "select count(*) as n from inspections where removed_at is null and inspected_on between '2026-01-01' and '2026-12-31'",
      ),
    );
    // Charts: this year's complaints by category add up to the year's complaints.
    expect(d.charts.complaintsByCategory.reduce((a, c) => a + c.count, 0)).toBe(
      await count(
        "select count(*) as n from complaints where received_on between '2026-01-01' and '2026-12-31'",
      ),
    );
    expect(d.charts.tierDistribution.reduce((a, c) => a + c.count, 0)).toBe(
      await count("select count(*) as n from institutions where status != 'deregistered'"),
    );
  });

  it('prints the leader page with the dashboard’s own figures', async () => {
    setNow('2026-11-22');
    const d = await app.call('dashboard.data', {});
    const doc = leaderSummaryDoc(d, { name: '绍兴市越城区卫生健康局' });
    const tallies = dueTallies(d);
    // The whole list, not only the first items dashboard.data carries.
    const every = (await app.call('dashboard.due', { startRow: 0, endRow: 500 })).rows;
    expect(tallies.reduce((a, t) => a + t.total, 0)).toBe(every.length);
    const table = doc.blocks.find((b) => b.type === 'table');
    const total = table && table.type === 'table' ? table.rows.at(-1) : undefined;
    const overdue = every.filter((i) => i.urgency === 'overdue').length;
    expect(d.totals.overdue).toBe(overdue);
    expect(total).toEqual([
      '合计',
      String(overdue),
      expect.any(String),
      expect.any(String),
      String(every.length),
      `${Math.max(...every.map((i) => -i.daysLeft))} 日`,
    ]);
    // The demo's 双随机 work of the year, in the page's own sentence.
    const spot = d.charts.spotcheckCounts!;
    expect(spot.total.inspected).toBeGreaterThan(0);
    // Every record counts once for its category and once for its street.
    for (const rows of [spot.byCategory, spot.byStreet]) {
      const sum = (k: 'inspected' | 'problems' | 'cases') => rows.reduce((n, r) => n + r[k], 0);
      expect([sum('inspected'), sum('problems'), sum('cases')]).toEqual([
        spot.total.inspected,
        spot.total.problems,
        spot.total.cases,
      ]);
    }
    const sentence = doc.blocks.at(-1)!;
    expect(sentence.type === 'p' && sentence.text).toContain(`。${spotcheckSentence(spot)}`);
    expect(spotcheckSentence(spot)).toMatch(
      new RegExp(
        `^双随机抽查 ${spot.total.inspected} 户次，发现问题 ${spot.total.problems} 户次，立案 ${spot.total.cases} 件`,
      ),
    );
  });
});

describe('the leader page', () => {
  it('keeps to one A4 sheet even with every category overdue and every indicator shown', async () => {
    const today = '2026-11-22';
    const items: DueItem[] = DUE_KINDS.flatMap((kind, k) =>
      [-30 - k, -2, 0, 3, 20].map((d, j) => ({
        key: `${kind}:${j}`,
        kind,
        title: `${kind} ${j}`,
        detail: '',
        dueOn: addCalendarDays(today, d),
        departments: [{ id: 1, name: '区卫生健康局' }],
        person: null,
        link: '/',
        rule: '',
        ...urgencyOf(addCalendarDays(today, d), today),
      })),
    );
    const data: DashboardData = {
      today,
      year: 2026,
      dueItems: items,
      groups: DUE_KINDS.map((kind) => {
        const of = items.filter((i) => i.kind === kind);
        const n = (u: DueItem['urgency']) => of.filter((i) => i.urgency === u).length;
        return {
          kind,
          label: kind,
          total: of.length,
          overdue: n('overdue'),
          today: n('today'),
          week: n('week'),
          later: n('later'),
          longestLate: Math.max(0, ...of.map((i) => -i.daysLeft)),
        };
      }),
      totals: { overdue: 0, today: 0, week: 0, later: 0 },
      departments: [],
      people: [],
      obligations: [
        '定期联席会议',
        '联合执法行动（已完成）',
        '季度工作总结按时报送',
        '任务清单第3季度报告齐全的事项',
        '抽查结果按期公开',
        '全面自查覆盖率',
        '自查问题整改率',
        '承诺书递交率',
      ].map((label, i) => ({
        key: String(i),
        label,
        actual: 1,
        required: 3,
        unit: '项',
        status: 'behind',
        note: '',
        link: '/',
      })),
      charts: {
        checklistByDepartment: null,
        inspectionsByMonth: null,
        complaintsByCategory: [{ key: 'other', label: '其他', count: 12345 }],
        tierDistribution: ['A', 'B', 'C', 'D', 'none'].map((key) => ({ key, label: key, count: 1234 })),
        thresholdCrossings: [],
        spotcheckCounts: {
          total: { inspected: 1234, problems: 345, cases: 67 },
          byDepartment: ['区卫生健康局', '区市场监管局', '区医疗保障局', '区生态环境分局'].map(
            (label, i) => ({
              label,
              inspected: 900 - i * 100,
              problems: 200,
              cases: 30,
            }),
          ),
          byItem: ['医疗机构执业资质', '医疗废物处置', '传染病防治', '放射诊疗管理'].map((label, i) => ({
            label,
            inspected: 300,
            problems: 100 - i * 20,
            problemRate: Math.round(((100 - i * 20) * 1000) / 300) / 10,
          })),
          byCategory: [{ label: '诊所', inspected: 1234, problems: 345, cases: 67 }],
          byStreet: [{ label: '府山街道', inspected: 1234, problems: 345, cases: 67 }],
        },
      },
      sources: [],
    };
    const doc = leaderSummaryDoc(data, { name: '绍兴市越城区卫生健康局' });
    const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>${OFFICIAL_DOC_CSS}</style></head><body>${officialDocHtml(doc)}</body></html>`;
    const pdf = await systemChromiumPdf().render(html);
    const file = join(dirs[0]!, 'leader-worst.pdf');
    writeFileSync(file, pdf);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(1);
    expect(
      execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ''),
    ).toContain(`合计${DUE_KINDS.length * 2}${DUE_KINDS.length}${DUE_KINDS.length}${DUE_KINDS.length * 5}`);
    // The 双随机 counts: totals, the three busiest departments (of four), the three items most often failed.
    const flat = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(flat).toContain(
      '双随机抽查1234户次，发现问题345户次，立案67件，不合格率最高：医疗机构执业资质33.3%。',
    );
  }, 60_000);
});

describe('deadline boundaries with the working-day calendar', () => {
  it('a referral is due today on its 15th day and overdue the next', async () => {
    setNow('2026-11-22');
    const depts = await app.call('departments.list', { includeInactive: false });
    const [r] = await app.call('referrals.create', {
      fromDepartmentId: depts.find((x) => x.shortName === '区市场监管局')!.id,
      toDepartmentIds: [depts.find((x) => x.shortName === '区医保分局')!.id],
      matter: '边界测试：转报回复期限',
      receivedOn: '2026-11-22',
    });
    expect(r!.dueOn).toBe('2026-12-07');
    const at = async (day: string) => {
      setNow(day);
      return (await app.call('dashboard.data', {})).dueItems.find((i) => i.key === `referral:${r!.id}`)!;
    };
    expect(await at('2026-11-29')).toMatchObject({ urgency: 'later', daysLeft: 8 });
    expect(await at('2026-11-30')).toMatchObject({ urgency: 'week', daysLeft: 7 });
    expect(await at('2026-12-07')).toMatchObject({ urgency: 'today', daysLeft: 0 });
    expect(await at('2026-12-08')).toMatchObject({ urgency: 'overdue', daysLeft: -1 });
  });

  it('a 记分通知书 counts 10 working days across National Day and the 调休 Saturday', async () => {
    setNow('2026-10-01');
    const behaviours = (await app.call('credit.behaviours', { includeInactive: false })).filter(
      (x) => x.subjectKind === 'institution',
    );
    const institutions = await app.call('institutions.list', { includeInactive: false });
    const b = behaviours.find((x) => x.active && x.points <= 2)!;
    const rec = await app.call('credit.record', {
      subjectKind: 'institution',
      subjectId: institutions[0]!.id,
      type: 'demerit',
      factDate: '2026-09-28',
      behaviourId: b.id,
      text: '边界测试：记分通知书期限',
    });
    const seq = rec.entry.seq;
    // 09-29, 09-30, (10-01…10-07 holiday), 10-08, 10-09, 10-10 (调休), 10-12 … 10-16: the 10th working day.
    const at = async (day: string) => {
      setNow(day);
      return (await app.call('dashboard.data', {})).dueItems.find((i) => i.key === `credit-notice:${seq}`)!;
    };
    expect(await at('2026-10-15')).toMatchObject({ dueOn: '2026-10-16', urgency: 'week', daysLeft: 1 });
    expect(await at('2026-10-16')).toMatchObject({ urgency: 'today' });
    expect(await at('2026-10-17')).toMatchObject({ urgency: 'overdue', daysLeft: -1 });
  });

  it('a black-list disclosure shows from 30 days before its last day, and drops off the day after', async () => {
    const l = (
      await sql<{ id: number; disclosure_end: string }>`select id, disclosure_end from credit_listings
        where list = 'black' and disclosure_end is not null order by id limit 1`.execute(app.db)
    ).rows[0]!;
    const find = async (day: string) => {
      setNow(day);
      return (await app.call('dashboard.data', {})).dueItems.find((i) => i.key === `disclosure:${l.id}`);
    };
    const minus = (n: number) => {
      const d = new Date(`${l.disclosure_end}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + n);
      return d.toISOString().slice(0, 10);
    };
    expect(await find(minus(-31))).toBeUndefined();
    expect(await find(minus(-30))).toMatchObject({ urgency: 'later', daysLeft: 30 });
    expect(await find(l.disclosure_end)).toMatchObject({ urgency: 'today', kind: 'disclosure_end' });
    expect(await find(minus(1))).toBeUndefined();
  });

  it('checklist reports follow the office’s deadline rule, in working days after the quarter', async () => {
    await app.call('settings.update', {
      checklistReportDeadline: { rule: 'workingDaysAfterQuarter', days: 5 },
    });
    setNow('2026-10-13');
    const d = await app.call('dashboard.data', {});
    const q3 = d.dueItems.filter((i) => i.key.startsWith('checklist:2026Q3:'));
    // 09-30 + 5 working days: 10-08, 10-09, 10-10 (调休), 10-12, 10-13.
    for (const i of q3) expect(i).toMatchObject({ dueOn: '2026-10-13', urgency: 'today' });
    expect(q3.length).toBe(
      await count(`select count(distinct u.department_id) as n from checklist_item_units u
        join checklist_items i on i.id = u.item_id join checklists c on c.id = i.checklist_id
        where c.year = 2026 and i.retired = 0 and not exists (select 1 from checklist_progress p
          where p.item_id = u.item_id and p.department_id = u.department_id and p.quarter = 3)`),
    );
    await app.call('settings.update', { checklistReportDeadline: { rule: 'lastWorkingDay' } });
  });
});

describe('the 工作台 on the office server', () => {
  it.skipIf(TEST_STORE === 'sqlite')(
    'the unissued 记分通知书 index carries seq, so the count reads the index alone as on SQLite',
    async () => {
      // The count leaves out entries amended since and those numbered, both matched by seq: without seq in the
      // index the server read each of the year's demerits from the table (10-year district: 11 ms → 3.6 ms).
      const app = await newApp();
      try {
        const r = await sql<{ indexdef: string }>`select indexdef from pg_indexes
          where tablename = 'credit_ledger' and indexname = 'credit_ledger_type_fact_kind'`.execute(app.db);
        expect(r.rows.map((x) => x.indexdef)).toEqual([
          expect.stringMatching(/\(type, fact_date, subject_kind\) INCLUDE \(seq\)$/),
        ]);
      } finally {
        await app.close();
      }
    },
  );
});
