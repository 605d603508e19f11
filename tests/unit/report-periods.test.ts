// 报告数字 across periods (issue 21), as properties over generated districts whose records sit on and around the
// quarter boundaries: in both time zones, for every indicator, `sum` figures of the four quarters add up to the
// year, `end` figures of the year equal the fourth quarter's, `rate` figures are the ratio of their combined parts;
// the figures do not depend on the machine's zone; and they agree with the 工作台's and the pages' counts.
// Plus the fixed cases: a decision closed at 00:30 Beijing time on 1 October, the lead department of a joint
// action, a rate with nothing due, and a 更正 dated after the quarter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import { computeFigures } from '../../db/reports/figures';
import { rate } from '../../db/core/report-sections';
import { liveAt } from '../../db/credit/report-section';
import { completedJointActions, listJointActions } from '../../db/enforcement/joint-actions';
import { addCalendarDays, type IsoDate } from '../../shared/dates';
import { requirePeriod } from '../../shared/domain/reports';
import type { ReportData, ReportIndicator } from '../../shared/domain/report-package';
import { dataBlocks, dataSentences } from '../../shared/print/reports';
import { rollupHtml } from '../../shared/print/upstream';
import { reportXlsx } from '../../db/reports/outputs';
import { computeRollup, type RollupInput } from '../../db/upstream/upstream';
import ExcelJS from 'exceljs';
import { newSetupApp, type TestApp } from './helpers';

const ZONES = ['UTC', 'Asia/Shanghai'] as const;
const QUARTERS = ['2026Q1', '2026Q2', '2026Q3', '2026Q4'] as const;
const AT = '2026-01-01T00:00:00.000Z';

// Days on and around the quarter boundaries (and a few inside the quarters).
const ANCHORS = [
  '2025-12-31',
  '2026-03-31',
  '2026-04-01',
  '2026-06-30',
  '2026-07-01',
  '2026-09-30',
  '2026-10-01',
  '2026-12-31',
  '2027-01-01',
  '2026-02-14',
  '2026-05-15',
  '2026-08-20',
  '2026-11-10',
];
const day = fc
  .tuple(fc.constantFrom(...ANCHORS), fc.integer({ min: -2, max: 2 }))
  .map(([d, o]) => addCalendarDays(d, o));
const after = (max: number) => fc.integer({ min: 0, max });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });

const referral = fc.record({ received: day, due: after(40), reply: maybe(after(50)) });
const complaint = fc.record({
  received: day,
  handled: maybe(
    fc.record({ after: after(20), fbDue: after(10), fb: maybe(after(20)), substantiated: fc.boolean() }),
  ),
});
const action = fc.record({
  start: day,
  length: after(60),
  status: fc.constantFrom(null, null, 'done', 'in_progress', 'planned'),
  participants: fc.integer({ min: 0, max: 2 }),
  checked: after(20),
  fines: after(100_000),
});
const inspection = fc.record({
  on: day,
  outcome: fc.constantFrom('qualified', 'rectify', 'case', 'transfer'),
  rectifyDays: fc.integer({ min: 1, max: 30 }),
  review: maybe(fc.record({ days: fc.integer({ min: 1, max: 40 }), ok: fc.boolean() })),
  fine: maybe(fc.integer({ min: 1, max: 50_000 })),
});
// A decision closed at a Beijing moment near midnight (minutes from the Beijing midnight of its day).
const meeting = fc.record({
  date: day,
  status: fc.constantFrom('held', 'held', 'planned', 'cancelled'),
  type: fc.constantFrom('regular', 'topic', 'emergency', 'enforcement'),
  decisions: fc.array(
    fc.record({
      due: after(30),
      closed: maybe(fc.record({ days: after(40), minutes: fc.constantFrom(-30, 30, 720) })),
    }),
    { maxLength: 2 },
  ),
});
const district = fc.record({
  referrals: fc.array(referral, { maxLength: 8 }),
  complaints: fc.array(complaint, { maxLength: 8 }),
  actions: fc.array(action, { maxLength: 5 }),
  inspections: fc.array(inspection, { maxLength: 8 }),
  meetings: fc.array(meeting, { maxLength: 4 }),
});
type District = typeof district extends fc.Arbitrary<infer T> ? T : never;

/** The instant `minutes` after Beijing midnight starting `date`. */
const beijingAt = (date: IsoDate, minutes: number) =>
  new Date(Date.parse(`${date}T00:00:00+08:00`) + minutes * 60_000).toISOString();

let app: TestApp;
let depts: number[];
let institutionId: number;
let inspectorId: number;

beforeAll(async () => {
  app = await newSetupApp({ now: '2027-06-01T04:00:00.000Z' });
  depts = (await sql<{ id: number }>`select id from departments order by id`.execute(app.db)).rows.map(
    (r) => r.id,
  );
  const inst = await app.db
    .insertInto('institutions')
    .values({
      name: '测试医院',
      uscc: '12330600000000001X',
      category: 'hospital',
      ownership: 'public',
      created_at: AT,
      updated_at: AT,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  institutionId = inst.id;
  const p = await app.db
    .insertInto('inspectors')
    .values({ name: '张三', department_id: depts[0]!, badge_no: 'T-001', created_at: AT, updated_at: AT })
    .returning('id')
    .executeTakeFirstOrThrow();
  inspectorId = p.id;
});
afterAll(async () => {
  await app?.close();
});

async function load(d: District): Promise<void> {
  const db = app.db;
  for (const t of [
    'decisions',
    'meetings',
    'joint_action_departments',
    'joint_actions',
    'inspections',
    'referrals',
    'complaints',
  ] as const)
    await db.deleteFrom(t).execute();
  let n = 0;
  for (const r of d.referrals)
    await db
      .insertInto('referrals')
      .values({
        group_id: ++n,
        from_department_id: depts[0]!,
        to_department_id: depts[1 + (n % 3)]!,
        matter: `转报 ${n}`,
        received_on: r.received,
        due_on: addCalendarDays(r.received, r.due),
        rule_days: r.due,
        rule_unit: 'calendar',
        reply_on: r.reply === null ? null : addCalendarDays(r.received, r.reply),
        created_at: AT,
        updated_at: AT,
      })
      .execute();
  for (const c of d.complaints) {
    const handled = c.handled ? addCalendarDays(c.received, c.handled.after) : null;
    await db
      .insertInto('complaints')
      .values({
        ticket_no: `T${++n}`,
        received_on: c.received,
        content: '投诉',
        category: 'charges',
        department_id: depts[1 + (n % 3)]!,
        handled_on: handled,
        substantiated: c.handled ? (c.handled.substantiated ? 1 : 0) : null,
        feedback_due: c.handled ? addCalendarDays(handled!, c.handled.fbDue) : null,
        rule_days: c.handled ? 7 : null,
        rule_unit: c.handled ? 'calendar' : null,
        feedback_on: c.handled?.fb != null ? addCalendarDays(handled!, c.handled.fb) : null,
        created_at: AT,
        updated_at: AT,
      })
      .execute();
  }
  for (const a of d.actions) {
    const { id } = await db
      .insertInto('joint_actions')
      .values({
        name: `行动 ${++n}`,
        kind: 'joint',
        lead_department_id: depts[0]!,
        start_date: a.start,
        end_date: addCalendarDays(a.start, a.length),
        status_set: a.status,
        institutions_checked: a.checked,
        fines_fen: a.fines,
        created_at: AT,
        updated_at: AT,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let k = 0; k < a.participants; k++)
      await db
        .insertInto('joint_action_departments')
        .values({ action_id: id, department_id: depts[1 + k]!, position: k })
        .execute();
  }
  for (const x of d.inspections) {
    const rectify = x.outcome === 'rectify';
    await db
      .insertInto('inspections')
      .values({
        institution_id: institutionId,
        inspected_on: x.on,
        lead_inspector_id: inspectorId,
        outcome: x.outcome,
        rectify_due: rectify ? addCalendarDays(x.on, x.rectifyDays) : null,
        review_on: rectify && x.review ? addCalendarDays(x.on, x.review.days) : null,
        review_result: rectify && x.review ? (x.review.ok ? 'rectified' : 'unrectified') : null,
        fine_fen: x.fine,
        items_json: '[]',
        penalties_json: '[]',
        created_at: AT,
        updated_at: AT,
      })
      .execute();
  }
  for (const m of d.meetings) {
    const { id } = await db
      .insertInto('meetings')
      .values({
        type: m.type,
        title: `会议 ${++n}`,
        date: m.date,
        start_time: '09:00',
        duration_minutes: 60,
        status: m.status,
        created_at: AT,
        updated_at: AT,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    let seq = 0;
    for (const x of m.decisions)
      await db
        .insertInto('decisions')
        .values({
          meeting_id: id,
          seq: ++seq,
          text: '议定事项',
          due_date: addCalendarDays(m.date, x.due),
          status: x.closed ? 'done' : 'open',
          closed_at: x.closed ? beijingAt(addCalendarDays(m.date, x.closed.days), x.closed.minutes) : null,
          created_at: AT,
          updated_at: AT,
        })
        .execute();
  }
}

type Figures = Map<string, ReportIndicator>;
async function figures(period: string, today: IsoDate, zone: string): Promise<Figures> {
  process.env.TZ = zone;
  const f = await computeFigures(app.db, 'quarterly', requirePeriod(period), today);
  return new Map(f.indicators.map((i) => [i.key, i]));
}
/** A year's figures through the annual report (the same sections, year-long). */
async function yearFigures(today: IsoDate, zone: string): Promise<Figures> {
  process.env.TZ = zone;
  const f = await computeFigures(app.db, 'annual', requirePeriod('2026'), today);
  return new Map(f.indicators.map((i) => [i.key, i]));
}

const val = (f: Figures, key: string): number | null => {
  const i = f.get(key);
  if (!i) throw new Error(`no indicator ${key}`);
  return i.value;
};

/** A part of a rate combined over the quarters as its own periodRollup says. */
function combined(quarters: Figures[], key: string): number {
  const p = quarters[0]!.get(key)!.periodRollup;
  if (p === 'sum') return quarters.reduce((n, q) => n + (val(q, key) ?? 0), 0);
  if (p === 'end') return val(quarters[3]!, key) ?? 0;
  throw new Error(`${key}: a rate over a rate`);
}

function checkPeriods(quarters: Figures[], year: Figures): void {
  for (const [key, i] of year) {
    const p = i.periodRollup;
    if (quarters.some((q) => !q.has(key))) continue; // annual-only sections have no quarterly counterpart
    if (p === 'sum') {
      const sum = quarters.reduce((n, q) => n + (val(q, key) ?? 0), 0);
      expect(val(year, key), key).toBeCloseTo(sum, 6);
    } else if (p === 'end') expect(val(year, key), key).toBe(val(quarters[3]!, key));
    else if (p) {
      expect(val(year, key), key).toBe(
        rate(combined(quarters, p.rate.numerator), combined(quarters, p.rate.denominator)),
      );
      // …and each quarter's, the ratio of its own parts (null when nothing was due).
      for (const q of quarters)
        expect(val(q, key), key).toBe(rate(val(q, p.rate.numerator) ?? 0, val(q, p.rate.denominator) ?? 0));
    } else throw new Error(`${key} has no periodRollup`);
  }
}

describe('report figures across periods (properties)', () => {
  it('quarters add up to the year, stocks equal Q4, rates are the ratio of their parts — in both zones, closed or running', async () => {
    await fc.assert(
      fc.asyncProperty(
        district,
        fc.constantFrom<IsoDate>('2027-06-01', '2026-11-15', '2026-12-31'),
        async (d, today) => {
          await load(d);
          const byZone: string[] = [];
          for (const zone of ZONES) {
            const quarters = [];
            for (const q of QUARTERS) quarters.push(await figures(q, today, zone));
            const year = await yearFigures(today, zone);
            checkPeriods(quarters, year);
            byZone.push(JSON.stringify([...quarters.map((q) => [...q.values()]), [...year.values()]]));
          }
          // The machine's zone changes nothing.
          expect(byZone[0]).toBe(byZone[1]);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);

  it("the figures agree with the 工作台's overdue items and the joint-actions page's count", async () => {
    const today = '2027-06-01';
    await fc.assert(
      fc.asyncProperty(district, async (d) => {
        await load(d);
        for (const zone of ZONES) {
          process.env.TZ = zone;
          const dash = await app.call('dashboard.data', {});
          const overdue = (kind: string) =>
            dash.dueItems.filter((x) => x.kind === kind && x.urgency === 'overdue').length;
          const now = await figures('2027Q2', today, zone);
          expect(val(now, 'referrals.overdue')).toBe(overdue('referral_reply'));
          expect(val(now, 'complaints.feedbackOverdue')).toBe(overdue('complaint_feedback'));
          expect(val(now, 'inspections.rectifyOverdue')).toBe(overdue('rectification'));
          const year = await yearFigures(today, zone);
          const page = (await listJointActions(app.db, today, { endYear: 2026 })).filter(
            (a) => a.counted,
          ).length;
          expect(val(year, 'jointActions.joint')).toBe(page);
          expect(val(year, 'jointActions.joint')).toBe(await completedJointActions(app.db, 2026, today));
          const yearView = await app.call('jointActions.year', { year: 2026 });
          expect(yearView.completed).toBe(page);
        }
      }),
      { numRuns: 15 },
    );
  }, 120_000);

  it('a 更正 counts by its own date: the quarters of a corrected record add up to its year', () => {
    const quarterEnds = ['2026-03-31', '2026-06-30', '2026-09-30', '2026-12-31'];
    fc.assert(
      fc.property(day, maybe(fc.tuple(day, after(200))), (fact, corr) => {
        const correctedOn = corr ? addCalendarDays(fact < corr[0] ? fact : corr[0], corr[1]) : null;
        if (fact < '2026-01-01' || fact > '2026-12-31') return;
        const q = quarterEnds.find((e) => fact <= e)!;
        const inQuarter = liveAt(fact, correctedOn, q) ? 1 : 0;
        expect(liveAt(fact, correctedOn, '2026-12-31') ? 1 : 0).toBe(inQuarter);
      }),
      { numRuns: 200 },
    );
  });
});

describe('report figures: fixed cases', () => {
  it('a decision closed at 00:30 Beijing time on 1 October counts in Q4, on a UTC machine too', async () => {
    await load({
      referrals: [],
      complaints: [],
      actions: [],
      inspections: [],
      meetings: [
        {
          date: '2026-09-10',
          status: 'held',
          type: 'regular',
          decisions: [{ due: 30, closed: { days: 21, minutes: 30 } }],
        },
      ],
    });
    const closedAt = (await app.db.selectFrom('decisions').select('closed_at').executeTakeFirstOrThrow())
      .closed_at;
    expect(closedAt).toBe('2026-09-30T16:30:00.000Z');
    for (const zone of ZONES) {
      expect(val(await figures('2026Q3', '2027-06-01', zone), 'decisions.closed'), zone).toBe(0);
      expect(val(await figures('2026Q3', '2027-06-01', zone), 'decisions.open'), zone).toBe(1);
      expect(val(await figures('2026Q4', '2027-06-01', zone), 'decisions.closed'), zone).toBe(1);
      expect(val(await figures('2026Q4', '2027-06-01', zone), 'decisions.closedOnTime'), zone).toBe(1);
    }
  });

  it('其中多部门联合 counts the lead department: a finished action of two departments counts once, where it ends', async () => {
    await load({
      referrals: [],
      complaints: [],
      inspections: [],
      meetings: [],
      // 2026-06-20 to 2026-07-10, lead + one participant, 22 institutions, 213,480.50 yuan.
      actions: [
        { start: '2026-06-20', length: 20, status: null, participants: 1, checked: 22, fines: 21_348_050 },
      ],
    });
    const q2 = await figures('2026Q2', '2027-06-01', 'UTC');
    const q3 = await figures('2026Q3', '2027-06-01', 'UTC');
    const year = await yearFigures('2027-06-01', 'UTC');
    expect(val(q2, 'jointActions.joint')).toBe(0);
    expect(val(q2, 'jointActions.institutionsChecked')).toBe(0);
    expect(val(q3, 'jointActions.joint')).toBe(1);
    expect(val(q3, 'jointActions.count')).toBe(1);
    expect(val(q3, 'jointActions.institutionsChecked')).toBe(22);
    expect(val(q3, 'jointActions.fines')).toBe(213_480.5);
    expect(val(year, 'jointActions.joint')).toBe(1);
    // Still running at the end of Q2: listed apart, its results not yet counted.
    expect(val(q2, 'jointActions.running')).toBe(1);
    const q2Tables = await computeFigures(app.db, 'quarterly', requirePeriod('2026Q2'), '2027-06-01');
    expect(q2Tables.tables.find((t) => t.key === 'joint_actions_running')!.rows).toHaveLength(1);
    expect(q2Tables.tables.find((t) => t.key === 'joint_actions')!.rows).toHaveLength(0);
  });

  it('a rate with nothing due is null (—), not 0 %', async () => {
    await load({ referrals: [], complaints: [], actions: [], inspections: [], meetings: [] });
    const q = await figures('2026Q1', '2027-06-01', 'UTC');
    for (const key of [
      'inspections.qualifiedRate',
      'referrals.onTimeRate',
      'complaints.feedbackOnTimeRate',
      'checklist.reportRate',
    ])
      expect(val(q, key), key).toBeNull();
  });

  it('a referral received in December and due in January counts in January’s quarter', async () => {
    await load({
      complaints: [],
      actions: [],
      inspections: [],
      meetings: [],
      referrals: [{ received: '2026-12-20', due: 15, reply: 20 }], // due 2027-01-04, replied late on 2027-01-09
    });
    const q4 = await figures('2026Q4', '2027-06-01', 'UTC');
    const q1 = await figures('2027Q1', '2027-06-01', 'UTC');
    expect(val(q4, 'referrals.received')).toBe(1);
    expect(val(q4, 'referrals.due')).toBe(0);
    expect(val(q1, 'referrals.due')).toBe(1);
    expect(val(q1, 'referrals.repliedOnTime')).toBe(0);
    expect(val(q1, 'referrals.onTimeRate')).toBe(0);
  });
});

describe('a rate with nothing due shows — in every output', () => {
  it('prose, table 1, data.xlsx and the city roll-up (summed, printed, xlsx)', async () => {
    const f = await (async () => {
      await load({ referrals: [], complaints: [], actions: [], inspections: [], meetings: [] });
      return computeFigures(app.db, 'quarterly', requirePeriod('2026Q1'), '2027-06-01');
    })();
    const data: ReportData = {
      format: 'zongjian-report-data/1',
      reportType: 'quarterly',
      period: '2026Q1',
      periodStart: '2026-01-01',
      periodEnd: '2026-03-31',
      office: { name: '越城区卫生健康局', uscc: '' },
      indicators: f.indicators,
      tables: f.tables,
    };
    const prose = dataSentences(data, '2026-04-10').join('');
    expect(prose).toContain('合格率—');
    expect(prose).toContain('按期回复率—');
    expect(prose).not.toContain('0%');
    const table1 = dataBlocks(data, '2026-04-10').find((b) => b.type === 'table');
    expect(JSON.stringify(table1)).toContain('"检查合格率","—"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await reportXlsx(data, '报告')) as unknown as ArrayBuffer);
    const rateRow = wb.worksheets[1]!.getRows(2, 200)!.find(
      (r) => r.getCell(1).value === 'referrals.onTimeRate',
    )!;
    expect(rateRow.getCell(3).value).toBe('—');
    expect(rateRow.getCell(6).value).toBe('比率：referrals.repliedOnTime ÷ referrals.due');

    // The roll-up: a district's null is — (not missing data, not 0).
    const other = f.indicators.map((i) => (i.key === 'referrals.onTimeRate' ? { ...i, value: 80 } : i));
    const at = (district: string, id: number, indicators: ReportIndicator[]): RollupInput => ({
      packageId: id,
      district,
      officeName: district,
      version: 1,
      signedAt: '2026-04-10',
      data: { ...data, indicators },
    });
    const r = computeRollup('quarterly', '2026Q1', [at('越城区', 1, f.indicators), at('柯桥区', 2, other)]);
    expect(r.warnings).toEqual([]);
    expect(r.rows.find((x) => x.district === '越城区')!.values['referrals.onTimeRate']).toBeNull();
    expect(r.totals['referrals.onTimeRate']).toBeNull();
    expect(r.totals['referrals.received']).toBe(0);
    expect(rollupHtml(r, { office: '绍兴市卫生健康委员会', date: '2026-04-20' }, null)).toContain('>—<');
  });
});
