// Lists that page on the server (ag-grid's Infinite Row Model asks for blocks): for random filters, sort orders and
// block boundaries (fast-check), a block is exactly that slice of the whole filtered, sorted register — computed
// here in plain JavaScript from every row — consecutive blocks tile it without gap or overlap, and the total and
// the summary counts are those of the whole filtered register.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_LIST_STATUSES,
  COMPLAINT_SORT_KEYS,
  type Complaint,
  type Input,
} from '../../shared/contract';
import { newSetupApp, type TestApp } from './helpers';

const NOW = '2026-11-22T09:00:00+08:00';
let app: TestApp;
let departments: number[] = [];
let all: Complaint[] = [];

beforeAll(async () => {
  app = await newSetupApp({ now: NOW });
  departments = (await app.call('departments.list', { includeInactive: false })).slice(0, 4).map((d) => d.id);
  const institutions: number[] = [];
  for (const [i, name] of ['府山口腔诊所', '塔山中医诊所', '北海社区卫生服务中心'].entries()) {
    const first17 = `91330602MA${String(i + 1).padStart(7, '0')}`;
    const { usccCheckChar } = await import('../../shared/domain/uscc');
    institutions.push(
      (
        await app.call('institutions.create', {
          name,
          uscc: first17 + usccCheckChar(first17)!,
          category: 'clinic',
          ownership: 'private',
        })
      ).id,
    );
  }
  // 180 tickets over three years, with equal dates (ties broken by id), every status and both 查实 answers.
  const rows = Array.from({ length: 180 }, (_, i) => {
    const received = `${2024 + (i % 3)}-${String(1 + (i % 11)).padStart(2, '0')}-${String(1 + ((i * 7) % 27)).padStart(2, '0')}`;
    const handled = i % 4 === 0 ? null : `${received.slice(0, 8)}28`;
    const feedbackDue = handled ? (i % 5 === 0 ? '2026-11-30' : `${received.slice(0, 4)}-12-05`) : null;
    return {
      ticket_no: `12345-${String(1000 + ((i * 37) % 180)).padStart(6, '0')}`,
      received_on: received,
      content: i % 6 === 0 ? `反映收费不透明（第${i}件）` : `反映服务态度问题（第${i}件）`,
      category: COMPLAINT_CATEGORIES[i % COMPLAINT_CATEGORIES.length]!,
      institution_id: i % 3 === 0 ? null : institutions[i % institutions.length]!,
      department_id: departments[i % departments.length]!,
      handling_result: handled ? '已处理' : '',
      handled_on: handled,
      substantiated: handled ? i % 2 : null,
      feedback_due: feedbackDue,
      rule_days: handled ? 7 : null,
      rule_unit: handled ? 'calendar' : null,
      feedback_on: handled && i % 3 === 1 ? `${received.slice(0, 4)}-12-01` : null,
      created_at: NOW,
      updated_at: NOW,
    };
  });
  await app.db.insertInto('complaints').values(rows).execute();
  all = (await app.call('complaints.page', { startRow: 0, endRow: 500 })).rows;
  expect(all).toHaveLength(180);
});
afterAll(async () => app?.close());

type PageArgs = Input<'complaints.page'>;

/** The reference: every row, filtered and sorted in JavaScript as the grid's columns mean it. */
function reference(a: PageArgs): Complaint[] {
  const search = a.search?.trim().toLowerCase();
  const rows = all.filter(
    (c) =>
      (a.year === undefined || c.receivedOn.startsWith(`${a.year}-`)) &&
      (a.status === undefined ||
        a.status === 'all' ||
        (a.status === 'open' ? c.feedbackOn === null : c.status === a.status)) &&
      (a.departmentId === undefined || c.departmentId === a.departmentId) &&
      (a.category === undefined || c.category === a.category) &&
      (a.substantiated === undefined || c.substantiated === a.substantiated) &&
      (!search ||
        [c.ticketNo, c.content, c.institutionName ?? '', c.departmentName].some((t) =>
          t.toLowerCase().includes(search),
        )),
  );
  const sort = a.sort ?? [];
  const value = (c: Complaint, k: (typeof COMPLAINT_SORT_KEYS)[number]): string | number | null =>
    k === 'substantiated' ? (c.substantiated === null ? null : c.substantiated ? 1 : 0) : c[k];
  // SQL's order: NULL first ascending, last descending; then received date (newest first) and id.
  const cmp = (x: string | number | null, y: string | number | null): number =>
    x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
  return [...rows].sort((p, q) => {
    for (const s of sort) {
      const d = cmp(value(p, s.colId), value(q, s.colId)) * (s.sort === 'asc' ? 1 : -1);
      if (d) return d;
    }
    if (!sort.some((s) => s.colId === 'receivedOn')) {
      const d = cmp(q.receivedOn, p.receivedOn);
      if (d) return d;
    }
    const dir = sort[0]?.colId === 'receivedOn' ? sort[0].sort : 'desc';
    return (p.id - q.id) * (dir === 'asc' ? 1 : -1);
  });
}

const filters = fc.record(
  {
    year: fc.constantFrom(2024, 2025, 2026),
    status: fc.constantFrom(...COMPLAINT_LIST_STATUSES),
    departmentId: fc.constantFrom(1, 2, 3, 4).map((i) => departments[i - 1]!),
    category: fc.constantFrom(...COMPLAINT_CATEGORIES),
    substantiated: fc.boolean(),
    search: fc.constantFrom('收费', '府山', '12345-0010', '态度'),
  },
  { requiredKeys: [] },
);
const sort = fc.uniqueArray(
  fc.record({
    colId: fc.constantFrom(...COMPLAINT_SORT_KEYS),
    sort: fc.constantFrom('asc', 'desc'),
  } as const),
  { maxLength: 2, selector: (s) => s.colId },
);

describe('complaints.page', () => {
  it('a block is that slice of the filtered, sorted register; the total and counts are the whole', async () => {
    await fc.assert(
      fc.asyncProperty(
        filters,
        sort,
        fc.nat(200),
        fc.integer({ min: 0, max: 60 }),
        async (f, s, start, size) => {
          const args: PageArgs = { ...f, sort: s, startRow: start, endRow: start + size };
          const want = reference(args);
          const got = await app.call('complaints.page', args);
          expect(got.total).toBe(want.length);
          expect(got.rows.map((r) => r.id)).toEqual(want.slice(start, start + size).map((r) => r.id));
          if (start === 0) {
            const n = (st: Complaint['status']) => want.filter((c) => c.status === st).length;
            expect(got.counts).toEqual({
              handling: n('handling'),
              awaiting_feedback: n('awaiting_feedback'),
              feedback_overdue: n('feedback_overdue'),
              fed_back: n('fed_back'),
              substantiated: want.filter((c) => c.substantiated === true).length,
            });
          } else expect(got.counts).toBeUndefined();
        },
      ),
      { numRuns: 120 },
    );
  });

  it('consecutive blocks tile the register without gap or overlap, whatever the block size', async () => {
    await fc.assert(
      fc.asyncProperty(sort, fc.integer({ min: 1, max: 70 }), async (s, size) => {
        const ids: number[] = [];
        for (let start = 0; ; start += size) {
          const page = await app.call('complaints.page', { sort: s, startRow: start, endRow: start + size });
          ids.push(...page.rows.map((r) => r.id));
          if (page.rows.length < size) break;
        }
        expect(ids).toEqual(reference({ sort: s, startRow: 0, endRow: 0 }).map((r) => r.id));
      }),
      { numRuns: 25 },
    );
  });

  it('refuses a block larger than 500 rows, an unknown sort column and a reversed range, in Chinese', async () => {
    await expect(app.call('complaints.page', { startRow: 0, endRow: 501 })).rejects.toThrow(
      '最多读取 500 行',
    );
    await expect(app.call('complaints.page', { startRow: 10, endRow: 5 })).rejects.toThrow('最多读取');
    await expect(
      app.call('complaints.page', {
        startRow: 0,
        endRow: 10,
        sort: [{ colId: 'content; drop table complaints' as never, sort: 'asc' }],
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
