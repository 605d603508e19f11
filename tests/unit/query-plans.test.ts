// The hot queries use indexes: every SQL text a handler runs is checked with EXPLAIN QUERY PLAN, and none may
// scan a table that grows with the years (as Signal's migration tests do for their hot queries).
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../db/open';
import { Dispatcher } from '../../electron/server/dispatcher';
import type { Input, MethodName } from '../../shared/contract';

const GROWING = [
  'checklist_progress',
  'checklist_evidence',
  'checklist_summaries',
  'audit_log',
  'files',
  'meetings',
  'meeting_departments',
  'agenda_items',
  'agenda_item_checklist',
  'agenda_materials',
  'decisions',
  'decision_departments',
  'decision_updates',
  'doc_numbers',
  // 联合执法: each directory's own grid reads it whole (bounded by the district); elsewhere they are joined by index.
  'practitioners',
  'inspector_conflicts',
];

let handle: OpenDatabase | null = null;
afterEach(async () => handle?.close());

async function plansOf<N extends MethodName>(
  name: N,
  args: Input<N>,
): Promise<{ sql: string; plan: string[] }[]> {
  const seen: string[] = [];
  handle = await openDatabase(':memory:', { onQuery: (sql) => seen.push(sql) });
  const d = new Dispatcher({
    db: handle.db,
    appVersion: 't',
    dataDir: null,
    log: () => {},
    clock: () => new Date('2026-11-22T01:00:00Z'),
  });
  await d.call(
    'system.setup',
    {
      office: { name: '越城区卫生健康局', docPrefix: '越卫健' },
      admin: { username: 'admin', displayName: '管理员', password: 'Admin#2026' },
    },
    's',
  );
  await d.call('checklist.create', { year: 2026, templateId: 'yuecheng-2020', unresolved: [] }, 's');
  const list = (await d.call('checklist.get', { year: 2026 }, 's'))!;
  await d.call(
    'checklist.report',
    {
      itemId: list.items[1]!.id,
      departmentId: list.items[1]!.units[0]!.departmentId,
      quarter: 4,
      status: 'done',
    },
    's',
  );
  const departments = await d.call('departments.list', {}, 's');
  const { meeting } = await d.call(
    'meetings.create',
    {
      type: 'regular',
      title: '联席会议',
      date: '2026-11-20',
      startTime: '09:00',
      durationMinutes: 60,
      room: '三楼会议室',
      departments: [{ departmentId: departments[0]!.id, role: 'attend', attendeeNames: '' }],
    },
    's',
  );
  await d.call(
    'meetings.saveAgenda',
    {
      meetingId: meeting.id,
      items: [
        { title: '议题', presenterDepartmentId: null, minutes: 30, checklistItemIds: [list.items[1]!.id] },
      ],
    },
    's',
  );
  await d.call(
    'meetings.saveMinutes',
    {
      meetingId: meeting.id,
      topics: [],
      decisions: [{ text: '落实', dueDate: '2026-12-31', departmentIds: [departments[0]!.id] }],
    },
    's',
  );
  seen.length = 0;
  await d.call(name, args, 's');
  return [...new Set(seen)].map((sql) => ({
    sql,
    plan: (
      handle!.sqlite
        .prepare(`explain query plan ${sql}`)
        .all(...Array(sql.split('?').length - 1).fill(1)) as { detail: string }[]
    ).map((r) => r.detail),
  }));
}

describe('query plans', () => {
  it.each([
    ['checklist.progress', { year: 2026, quarter: 4 }],
    ['checklist.get', { year: 2026 }],
    ['meetings.calendar', { from: '2026-11-01', to: '2026-12-31' }],
    ['meetings.get', { id: 1 }],
    ['meetings.compliance', { year: 2026 }],
    ['decisions.list', { status: 'open', departmentId: 1 }],
    ['decisions.list', { status: 'all', year: 2026 }],
    ['institutions.list', { includeInactive: true }],
    ['practitioners.list', { includeInactive: false, institutionId: 1 }],
    ['inspectors.list', { includeInactive: true }],
  ] as const)('%s scans no growing table', async (name, args) => {
    const plans = await plansOf(name, args as never);
    expect(plans.length).toBeGreaterThan(0);
    if (process.env.SHOW_PLANS) for (const p of plans) console.log(p.plan.join(' | '));
    for (const { sql, plan } of plans) {
      // Plans name aliased tables by their alias: map them back.
      const aliases = new Map([...sql.matchAll(/"(\w+)" as "(\w+)"/g)].map((m) => [m[2]!, m[1]!]));
      for (const step of plan) {
        const scanned = /^SCAN (\w+)/.exec(step)?.[1] ?? '';
        const table = aliases.get(scanned) ?? scanned;
        expect(GROWING.includes(table), `${step}\n  in ${sql}`).toBe(false);
      }
    }
  });
});
