// What domains register beyond their handlers: a domain's due items, obligations and report sections reach the
// 工作台 and a report's figures through its registration alone — a test domain added to the handler map shows up
// in `dashboard.data` and in a report without any change to db/dashboard or db/reports/figures.ts; those modules
// read no domain's tables (a static scan); registrations keep their explicit order and refuse duplicate keys.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHandlers } from '../../db/app';
import { openDatabase } from '../../db/core/open';
import { dueItem } from '../../db/core/dashboard-sources';
import { tableNames } from '../../db/core/dialect';
import { collectRegistrations, registrations, type DomainRegistration } from '../../db/core/registry';
import { ind, type ReportSection } from '../../db/core/report-sections';
import { computeFigures } from '../../db/reports/figures';
import { requirePeriod } from '../../shared/contract';
import { addCalendarDays } from '../../shared/dates';
import { newSetupApp } from './helpers';

const NOW = '2026-11-22T01:00:00Z';

/** A domain that only registers: one deadline, one obligation and one report section, each reading a table. */
const testSection: ReportSection = {
  key: 'testDomain',
  title: '测试登记',
  order: 1000,
  types: ['quarterly'],
  tables: ['departments'],
  async collect({ db }) {
    const rows = await db.selectFrom('departments').select(['short_name']).orderBy('id').execute();
    return {
      indicators: [ind('testDomain.departments', '成员单位', rows.length, '个')],
      tables: [
        {
          key: 'test_departments',
          title: '成员单位',
          columns: ['单位'],
          rows: rows.map((r) => [r.short_name]),
        },
      ],
    };
  },
};

const testDomain: DomainRegistration = {
  name: 'test',
  handlers: {},
  dueItems: [
    {
      kind: 'decision',
      order: 35,
      async load(s) {
        const d = await s.db
          .selectFrom('departments')
          .select(['id', 'short_name'])
          .orderBy('id')
          .executeTakeFirst();
        return [
          dueItem(s, {
            key: 'test:1',
            kind: 'decision',
            title: '测试登记的期限',
            detail: `${s.settings.checklistReportDeadline.rule}`,
            dueOn: addCalendarDays(s.today, 3),
            departments: d ? [{ id: d.id, name: d.short_name }] : [],
            link: '/test',
            rule: '测试规则',
          }),
        ];
      },
    },
  ],
  indicators: [
    {
      order: 15,
      load: async (s) => [
        {
          key: 'test_obligation',
          label: '测试义务',
          actual: s.year,
          required: null,
          unit: '项',
          status: 'met',
          note: '',
          link: '/test',
        },
      ],
    },
  ],
  reportSections: [testSection],
};

afterAll(() => {
  // The process's registrations are those of the handler map built last: put the application's own back.
  buildHandlers();
});

describe('a domain that registers', () => {
  it('appears in dashboard.data and in a report’s figures with no change to either', async () => {
    const app = await newSetupApp({ now: NOW, handlers: buildHandlers([testDomain]) });
    try {
      const d = await app.call('dashboard.data', {});
      const item = d.dueItems.find((i) => i.key === 'test:1');
      expect(item).toMatchObject({
        kind: 'decision',
        dueOn: '2026-11-25',
        daysLeft: 3,
        urgency: 'week',
        person: null,
        detail: 'lastWorkingDay',
        departments: [{ name: '区卫生健康局' }],
      });
      // Its kind was already listed: the sources name each kind once, in the registrations' order.
      expect(d.sources.map((s) => s.kind)).toEqual([
        'referral_reply',
        'complaint_feedback',
        'decision',
        'checklist_report',
        'credit_notice',
        'rectification',
        'publication',
        'report_submission',
        'selfcheck',
        'selfcheck_pledge',
        'disclosure_end',
      ]);
      // The obligation lands by its order key: after the meetings' (10), before the joint actions' (20).
      expect(d.obligations.map((o) => o.key).slice(0, 3)).toEqual([
        'joint_meetings',
        'test_obligation',
        'joint_actions',
      ]);
      expect(d.obligations.find((o) => o.key === 'test_obligation')!.actual).toBe(2026);

      // Through the reports handlers (which reach the figures through db/reports/store.ts).
      const r = await app.call('reports.create', { type: 'quarterly', period: '2026Q3' });
      const departments = r.data.indicators.find((i) => i.key === 'testDomain.departments');
      expect(departments?.value).toBe((await app.db.selectFrom('departments').select('id').execute()).length);
      expect(r.data.tables.at(-1)!.key).toBe('test_departments');
      // A type the section does not belong in leaves it out.
      const credit = await computeFigures(app.db, 'credit', requirePeriod('2026Q3'), '2026-11-22');
      expect(credit.sections.map((s) => s.key)).not.toContain('testDomain');
      const quarterly = await computeFigures(app.db, 'quarterly', requirePeriod('2026Q3'), '2026-11-22');
      expect(quarterly.sections.map((s) => s.key)).toEqual([
        'meetings',
        'checklist',
        'draws',
        'inspections',
        'spotcheck',
        'jointActions',
        'cases',
        'selfcheck',
        'credit',
        'lists',
        'tiers',
        'testDomain',
      ]);
    } finally {
      await app.close();
    }
  });

  it('is left out of the figures while a table it reads is missing', async () => {
    const app = await newSetupApp({ now: NOW, handlers: buildHandlers() });
    try {
      const missing: ReportSection = { ...testSection, tables: ['no_such_table' as 'departments'] };
      const f = await computeFigures(app.db, 'quarterly', requirePeriod('2026Q3'), '2026-11-22', [
        testSection,
        missing,
      ]);
      expect(f.sections.map((s) => s.key)).toEqual(['testDomain']);
      // Without the test domain, the application's registrations do not have it.
      expect(registrations().reportSections.map((s) => s.key)).not.toContain('testDomain');
    } finally {
      await app.close();
    }
  });
});

describe('combining registrations', () => {
  it('orders by the order key across domains, keeping the domains’ order on ties', () => {
    const section = (key: string, order: number): ReportSection => ({ ...testSection, key, order });
    const r = collectRegistrations([
      { name: 'a', reportSections: [section('a1', 20), section('a2', 10)] },
      { name: 'b', reportSections: [section('b1', 10), section('b2', 5)] },
    ]);
    expect(r.reportSections.map((s) => s.key)).toEqual(['b2', 'a2', 'b1', 'a1']);
  });

  it('refuses a report section or a chart registered twice', () => {
    expect(() =>
      collectRegistrations([
        { name: 'a', reportSections: [testSection] },
        { name: 'b', reportSections: [testSection] },
      ]),
    ).toThrow(/report section registered twice: testDomain/);
    const chart = { chart: 'thresholdCrossings' as const, order: 1, load: async () => [] };
    expect(() =>
      collectRegistrations([
        { name: 'a', charts: [chart] },
        { name: 'b', charts: [chart] },
      ]),
    ).toThrow(/chart registered twice: thresholdCrossings/);
  });
});

// ------------------------------------------------------------------------------------------ the static scan

/** Table names a source file reads or writes: the first argument of kysely's table calls, table names in raw
 *  SQL, and any string literal that is exactly a table name (e.g. a section's `tables` list). */
function tablesReferenced(source: string, tables: Set<string>): string[] {
  const found = new Set<string>();
  const calls =
    /\b(?:selectFrom|innerJoin|leftJoin|rightJoin|fullJoin|crossJoin|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(\s*['"`]([A-Za-z_][\w]*)/g;
  for (const m of source.matchAll(calls)) found.add(m[1]!);
  const raw = /\b(?:from|join|into|update)\s+["`]?([a-z_][a-z0-9_]*)/gi;
  for (const m of source.matchAll(/sql(?:<[^>]*>)?`([^`]*)`/g))
    for (const t of m[1]!.matchAll(raw)) found.add(t[1]!);
  for (const m of source.matchAll(/['"`]([a-z_][a-z0-9_]*)(?: as \w+)?['"`]/g))
    if (tables.has(m[1]!)) found.add(m[1]!);
  return [...found].filter((t) => tables.has(t)).sort();
}

describe('the dashboard and the report figures read no domain’s tables', () => {
  let tables = new Set<string>();
  beforeAll(async () => {
    const { db, close } = await openDatabase(':memory:');
    tables = await tableNames(db);
    await close();
  });
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const dashboardFiles = readdirSync(join(root, 'db', 'dashboard'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join('db', 'dashboard', f));
  // The reports domain's own tables are its to read; every other table belongs to another domain.
  const reportsOwn = new Set(['reports', 'report_submissions']);

  it('the scan finds what it looks for', () => {
    expect(tables.has('meetings') && tables.has('credit_ledger')).toBe(true);
    expect(
      tablesReferenced(
        "db.selectFrom('meetings as m').innerJoin(\"departments as d\", 'd.id', 'm.x'); const t = ['credit_ledger'];" +
          ' sql`select name from institutions join inspections on 1`',
        tables,
      ),
    ).toEqual(['credit_ledger', 'departments', 'inspections', 'institutions', 'meetings']);
  });

  it.each(dashboardFiles)('%s', (file) => {
    expect(tablesReferenced(readFileSync(join(root, file), 'utf8'), tables)).toEqual([]);
  });

  it('db/reports/figures.ts', () => {
    const found = tablesReferenced(readFileSync(join(root, 'db/reports/figures.ts'), 'utf8'), tables);
    expect(found.filter((t) => !reportsOwn.has(t))).toEqual([]);
  });
});
