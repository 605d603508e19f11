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
  type AuditRow,
  type Complaint,
  type CreditEntry,
  type Input,
  type Inspection,
  type Practitioner,
} from '../../shared/contract';
import { newSetupApp, type TestApp } from './helpers';

const NOW = '2026-11-22T09:00:00+08:00';
let app: TestApp;
let departments: number[] = [];
/** A search for a department's name (not in any ticket's text): the second department's short name, once known. */
const DEPARTMENT_SEARCH = '〈部门简称〉';
let departmentName = '';
let all: Complaint[] = [];

beforeAll(async () => {
  app = await newSetupApp({ now: NOW });
  const listed = (await app.call('departments.list', { includeInactive: false })).slice(0, 4);
  departments = listed.map((d) => d.id);
  departmentName = listed[1]!.shortName;
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
    search: fc.constantFrom('收费', '府山', '12345-0010', '态度', DEPARTMENT_SEARCH),
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
          const search = f.search === DEPARTMENT_SEARCH ? departmentName : f.search;
          const args: PageArgs = {
            ...f,
            ...(search === undefined ? {} : { search }),
            sort: s,
            startRow: start,
            endRow: start + size,
          };
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

  it('a later block with the total the grid already has is not counted again; a first block always is', async () => {
    const whole = await app.call('complaints.page', { startRow: 0, endRow: 0 });
    // The server takes the grid's total as given (7 is not the register's): proof it did not count.
    const later = await app.call('complaints.page', { startRow: 40, endRow: 60, knownTotal: 7 });
    expect(later.total).toBe(7);
    expect(later.counts).toBeUndefined();
    expect(later.rows.map((r) => r.id)).toEqual(
      reference({ startRow: 0, endRow: 0 })
        .slice(40, 60)
        .map((r) => r.id),
    );
    const first = await app.call('complaints.page', { startRow: 0, endRow: 20, knownTotal: 7 });
    expect(first.total).toBe(whole.total);
    expect(first.counts).toEqual(whole.counts);
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

describe('complaints.page seeks after a cursor', () => {
  it('the block after a cursor is the block OFFSET gives, for every sort', async () => {
    await fc.assert(
      fc.asyncProperty(
        filters,
        sort,
        fc.nat(150),
        fc.integer({ min: 1, max: 40 }),
        async (f, s, start, size) => {
          const first = await app.call('complaints.page', {
            ...f,
            sort: s,
            startRow: start,
            endRow: start + size,
          });
          const want = reference({ ...f, sort: s, startRow: 0, endRow: 0 });
          if (!first.next) {
            expect(first.rows).toEqual([]);
            return;
          }
          const at = start + size;
          const sought = await app.call('complaints.page', {
            ...f,
            sort: s,
            startRow: at,
            endRow: at + size,
            after: first.next,
          });
          expect(sought.rows.map((r) => r.id)).toEqual(want.slice(at, at + size).map((r) => r.id));
          expect(sought.total).toBe(want.length);
        },
      ),
      { numRuns: 80 },
    );
  });
});

// ------------------------------------------------------------------------------- the other paged lists
// 检查记录, 从业人员, 操作日志 and the credit ledger's 台账记录 over the same shared block query: each against a
// plain-JS reference of its whole filtered, sorted list, blocks by offset and by cursor, totals and counts, the
// grid's column filters, and the size of a full block on a large register.

type Dir = 'asc' | 'desc';
type Val = string | number | null;

/** SQL's order as the server's block query gives it: each sort key (empty first going up, last going down), the
 *  list's own order unless the grid sorts by it, then the id (its direction that of the list's own key when the
 *  grid sorts by that first). */
function inOrder<T>(
  rows: T[],
  sortBy: { colId: string; sort: Dir }[],
  value: (row: T, key: string) => Val,
  own: { key?: string; dir: Dir },
  id: (row: T) => number,
): T[] {
  const cmp = (x: Val, y: Val): number => (x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1);
  const keys = [...sortBy];
  if (own.key && !sortBy.some((s) => s.colId === own.key)) keys.push({ colId: own.key, sort: own.dir });
  const idDir = own.key && sortBy[0]?.colId === own.key ? sortBy[0].sort : own.dir;
  return [...rows].sort((p, q) => {
    for (const k of keys) {
      const d = cmp(value(p, k.colId), value(q, k.colId)) * (k.sort === 'asc' ? 1 : -1);
      if (d) return d;
    }
    return (id(p) - id(q)) * (idDir === 'asc' ? 1 : -1);
  });
}

const has = (t: string | null, w: string) => (t ?? '').toLowerCase().includes(w.toLowerCase());

interface ListCase<A, T> {
  method: 'inspections.page' | 'practitioners.page' | 'audit.page' | 'credit.entries';
  all: () => T[];
  /** Filters (and search, column filters) and a sort for the list. */
  args: fc.Arbitrary<A & { sort: { colId: string; sort: Dir }[] }>;
  reference: (a: A & { sort: { colId: string; sort: Dir }[] }) => T[];
  id: (row: T) => number;
  counts?: (rows: T[]) => Record<string, number>;
}

function checkList<A, T>(c: () => ListCase<A, T>) {
  const page = (args: object): Promise<{ rows: T[]; total: number; counts?: unknown; next?: Val[] }> =>
    app.call(c().method, args as never) as never;
  it('a block is that slice of the filtered, sorted list, by offset and after a cursor; totals and counts', async () => {
    const k = c();
    await fc.assert(
      fc.asyncProperty(k.args, fc.nat(120), fc.integer({ min: 0, max: 50 }), async (a, start, size) => {
        const want = k.reference(a);
        const got = await page({ ...a, startRow: start, endRow: start + size });
        expect(got.total).toBe(want.length);
        expect(got.rows.map(k.id)).toEqual(want.slice(start, start + size).map(k.id));
        if (start === 0 && k.counts) expect(got.counts).toEqual(k.counts(want));
        if (start > 0) expect(got.counts).toBeUndefined();
        if (got.next) {
          const at = start + size;
          const sought = await page({ ...a, startRow: at, endRow: at + size, after: got.next });
          expect(sought.rows.map(k.id)).toEqual(want.slice(at, at + size).map(k.id));
        }
      }),
      { numRuns: 60 },
    );
  });
  it('blocks read one after another by cursor tile the whole list', async () => {
    const k = c();
    await fc.assert(
      fc.asyncProperty(k.args, fc.integer({ min: 7, max: 60 }), async (a, size) => {
        const ids: number[] = [];
        let after: Val[] | undefined;
        for (let start = 0; ; start += size) {
          const got = await page({
            ...a,
            startRow: start,
            endRow: start + size,
            ...(after ? { after } : {}),
          });
          ids.push(...got.rows.map(k.id));
          if (got.rows.length < size) break;
          after = got.next;
        }
        expect(ids).toEqual(k.reference(a).map(k.id));
      }),
      { numRuns: 15 },
    );
  });
}

const sortOf = <K extends string>(keys: readonly K[]) =>
  fc.uniqueArray(fc.record({ colId: fc.constantFrom(...keys), sort: fc.constantFrom<Dir>('asc', 'desc') }), {
    maxLength: 2,
    selector: (s) => s.colId,
  });

/** An ag-grid text filter on one column (包含 / 不包含 / 等于 / 空白), as the grid sends it. */
const textFilter = (words: string[]) =>
  fc.oneof(
    fc.record({
      filterType: fc.constant('text' as const),
      type: fc.constantFrom('contains' as const, 'notContains' as const, 'equals' as const),
      filter: fc.constantFrom(...words),
    }),
    fc.record({
      filterType: fc.constant('text' as const),
      type: fc.constantFrom('blank' as const, 'notBlank' as const),
    }),
  );
type TextF = { filterType: 'text'; type: string; filter?: string };
const textMatches = (v: string | null, f: TextF | undefined): boolean => {
  if (!f) return true;
  const w = f.filter ?? '';
  switch (f.type) {
    case 'contains':
      return has(v, w);
    case 'notContains':
      return !has(v, w);
    case 'equals':
      return v === w;
    case 'blank':
      return v === null || v === '';
    default:
      return v !== null && v !== '';
  }
};

describe('the other paged lists', () => {
  let inspections: Inspection[] = [];
  let practitioners: Practitioner[] = [];
  let audit: AuditRow[] = [];
  let entries: CreditEntry[] = [];
  const INST = ['府山口腔诊所', '塔山中医诊所', '北海社区卫生服务中心'];

  beforeAll(async () => {
    const db = app.db;
    const institutionIds = (await db.selectFrom('institutions').select('id').orderBy('id').execute()).map(
      (r) => r.id,
    );
    // 从业人员: 160 people, names repeating (ties broken by id), every category, some 离职.
    const cats = ['physician', 'nurse', 'pharmacist', 'technician'] as const;
    await db
      .insertInto('practitioners')
      .values(
        Array.from({ length: 160 }, (_, i) => ({
          name: ['张伟', '王芳', '李娜', '刘洋', '陈静'][i % 5]! + (i % 7 === 0 ? '' : String(i % 9)),
          category: cats[i % 4]!,
          certificate_no: `1103${String((i * 7919) % 100000).padStart(8, '0')}`,
          institution_id: institutionIds[i % 3]!,
          active: i % 6 === 0 ? 0 : 1,
          created_at: NOW,
          updated_at: NOW,
        })),
      )
      .execute();
    // 检查记录: 140 records over three years with equal dates, 整改 open, overdue and reviewed, some removed.
    const inspector = await db
      .insertInto('inspectors')
      .values({
        name: '赵执法',
        department_id: departments[0]!,
        badge_no: 'ZF-001',
        created_at: NOW,
        updated_at: NOW,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const other = await db
      .insertInto('inspectors')
      .values({
        name: '钱监督',
        department_id: departments[1]!,
        badge_no: 'ZF-002',
        created_at: NOW,
        updated_at: NOW,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < 140; i++) {
      const outcome = ['qualified', 'rectify', 'case', 'transfer'][i % 4]!;
      const on = `${2024 + (i % 3)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + ((i * 5) % 28)).padStart(2, '0')}`;
      const { id } = await db
        .insertInto('inspections')
        .values({
          institution_id: institutionIds[i % 3]!,
          plan_id: null,
          batch_number: null,
          draw_id: null,
          draw_position: null,
          inspected_on: on,
          lead_inspector_id: inspector.id,
          items_json: '["医疗机构资质"]',
          outcome,
          rectify_due:
            outcome === 'rectify' ? (i % 3 === 0 ? '2026-12-31' : `${on.slice(0, 4)}-12-20`) : null,
          penalties_json: '[]',
          fine_fen: null,
          confiscation_fen: null,
          case_no: outcome === 'case' ? `越卫罚〔${on.slice(0, 4)}〕${i}号` : null,
          review_on: outcome === 'rectify' && i % 5 === 0 ? `${on.slice(0, 4)}-12-25` : null,
          review_result: outcome === 'rectify' && i % 5 === 0 ? 'rectified' : null,
          result_seq: null,
          penalty_seq: null,
          review_seq: null,
          removed_at: i % 23 === 0 ? NOW : null,
          result_category: outcome === 'qualified' ? 'no_problem' : 'problem',
          followup: 'none',
          approval_status: i % 4 === 0 ? 'pending' : 'passed',
          created_at: NOW,
          updated_at: NOW,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('inspection_team')
        .values([
          { inspection_id: id, inspector_id: i % 2 ? inspector.id : other.id, position: 0, lead: 1 },
          ...(i % 3 === 0
            ? [{ inspection_id: id, inspector_id: i % 2 ? other.id : inspector.id, position: 1, lead: 0 }]
            : []),
        ])
        .execute();
    }
    // 操作日志: 150 rows with equal instants, several people and seats.
    await db
      .insertInto('audit_log')
      .values(
        Array.from({ length: 150 }, (_, i) => ({
          at: new Date(Date.UTC(2026, i % 11, 1 + (i % 20), (i * 5) % 24)).toISOString(),
          actor_id: null,
          actor_name: ['张科员', '李科长', '王主任'][i % 3]!,
          action: ['complaints.create', 'inspections.update', 'auth.login'][i % 3]!,
          entity: ['complaint', 'inspection', 'user'][i % 3]!,
          entity_id: String(i),
          summary: i % 4 === 0 ? `登录失败：第${i}次` : `修改记录第${i}号`,
          before_json: null,
          after_json: JSON.stringify({ i }),
          seat: i % 5 === 0 ? '' : `PC-${i % 4}`,
        })),
      )
      .execute();
    // 台账记录: 120 entries through the chain, some scored, some 更正.
    const { appendLedgerRow } = await import('../../db/credit/ledger');
    for (let i = 0; i < 120; i++) {
      const correction = i % 17 === 16;
      await appendLedgerRow(db, {
        recorded_at: NOW,
        recorder_id: null,
        recorder_name: ['张科员', '李科长'][i % 2]!,
        subject_kind: i % 3 === 0 ? 'practitioner' : 'institution',
        subject_id: institutionIds[i % 3]!,
        subject_name: i % 3 === 0 ? ['张伟', '王芳'][i % 2]! : INST[i % 3]!,
        subject_code: `CODE-${i % 10}`,
        type: correction ? 'correction' : i % 4 === 0 ? 'demerit' : 'inspection',
        fact_date: `${2024 + (i % 3)}-${String(1 + (i % 12)).padStart(2, '0')}-0${1 + (i % 9)}`,
        outcome: null,
        behaviour_code: i % 4 === 0 ? `B${i % 6}` : null,
        behaviour_name: i % 4 === 0 ? ['未按规定书写病历', '超范围执业'][i % 2]! : null,
        points: i % 4 === 0 ? (i % 3) * 2 : null,
        basis: '',
        source_kind: null,
        source_id: null,
        amends_seq: correction ? i - 3 : null,
        text: `第${i}条`,
        attachments: '[]',
      });
    }
    inspections = (await app.call('inspections.list', {})).filter(() => true);
    practitioners = await app.call('practitioners.list', { includeInactive: true });
    audit = await app.call('audit.list', { limit: 1000 });
    entries = [];
    for (let s = 0; ; s += 500) {
      const got = await app.call('credit.entries', { startRow: s, endRow: s + 500 });
      entries.push(...got.rows);
      if (got.rows.length < 500) break;
    }
    expect(inspections.length).toBeGreaterThan(120);
    expect(entries).toHaveLength(120);
  });

  describe('inspections.page', () => {
    const ON = '2026-11-22';
    const value = (x: (typeof inspections)[number], k: string): Val =>
      ({
        id: x.id,
        inspectedOn: x.inspectedOn,
        institutionName: x.institutionName,
        rectifyDue: x.rectifyDue,
        caseNo: x.caseNo,
      })[k] ?? null;
    checkList(() => ({
      method: 'inspections.page',
      all: () => inspections,
      args: fc.record(
        {
          year: fc.constantFrom(2024, 2025, 2026),
          outcome: fc.constantFrom('qualified', 'rectify', 'case', 'transfer'),
          rectify: fc.constantFrom('all', 'pending', 'overdue', 'reviewed'),
          search: fc.constantFrom('府山', '钱监督', '越卫罚', '9133'),
          filter: fc.record(
            {
              institutionName: textFilter(['塔山', '诊所']),
              caseNo: textFilter(['2025']),
              rectifyDue: fc.record({
                filterType: fc.constant('date' as const),
                type: fc.constant('lessThan' as const),
                dateFrom: fc.constantFrom('2025-12-20 00:00:00', '2026-12-31 00:00:00'),
              }),
            },
            { requiredKeys: [] },
          ),
          sort: sortOf(['id', 'inspectedOn', 'institutionName', 'rectifyDue', 'caseNo'] as const),
        },
        { requiredKeys: ['sort'] },
      ),
      reference: (a) => {
        const w = a.search?.toLowerCase();
        const rows = inspections.filter(
          (x) =>
            (a.year === undefined || x.inspectedOn.startsWith(`${a.year}-`)) &&
            (a.outcome === undefined || x.outcome === a.outcome) &&
            (a.rectify === undefined ||
              a.rectify === 'all' ||
              (a.rectify === 'pending'
                ? x.review === null && x.rectifyDue !== null
                : a.rectify === 'overdue'
                  ? x.review === null && x.rectifyDue !== null && x.rectifyDue < ON
                  : x.review !== null)) &&
            (!w ||
              [x.institutionName, x.institutionUscc, x.caseNo ?? '', ...x.team.map((m) => m.name)].some((t) =>
                has(t, w),
              )) &&
            textMatches(x.institutionName, a.filter?.institutionName) &&
            textMatches(x.caseNo, a.filter?.caseNo) &&
            (!a.filter?.rectifyDue ||
              (x.rectifyDue !== null && x.rectifyDue < a.filter.rectifyDue.dateFrom.slice(0, 10))),
        );
        return inOrder(rows, a.sort, value, { key: 'inspectedOn', dir: 'desc' }, (x) => x.id);
      },
      id: (x) => x.id,
      counts: (rows) => ({
        rectifyOverdue: rows.filter((x) => x.review === null && x.rectifyDue !== null && x.rectifyDue < ON)
          .length,
        approvalPending: rows.filter((x) => x.approvalStatus === 'pending').length,
      }),
    }));
  });

  describe('practitioners.page', () => {
    const value = (p: (typeof practitioners)[number], k: string): Val =>
      ({
        name: p.name,
        category: p.category,
        certificateNo: p.certificateNo,
        institutionName: p.institutionName,
        institutionUscc: p.institutionUscc,
      })[k] ?? null;
    checkList(() => ({
      method: 'practitioners.page',
      all: () => practitioners,
      args: fc.record(
        {
          status: fc.constantFrom('all', 'active', 'inactive'),
          category: fc.constantFrom('physician', 'nurse', 'pharmacist', 'technician'),
          search: fc.constantFrom('张伟', '11030', '塔山', 'ma000'),
          filter: fc.record(
            { name: textFilter(['王芳', '李娜3']), institutionName: textFilter(['口腔']) },
            { requiredKeys: [] },
          ),
          sort: sortOf(['name', 'category', 'certificateNo', 'institutionName', 'institutionUscc'] as const),
        },
        { requiredKeys: ['sort'] },
      ),
      reference: (a) => {
        const w = a.search;
        const rows = practitioners.filter(
          (p) =>
            (a.status === undefined || a.status === 'all' || p.active === (a.status === 'active')) &&
            (a.category === undefined || p.category === a.category) &&
            (!w || [p.name, p.certificateNo, p.institutionName, p.institutionUscc].some((t) => has(t, w))) &&
            textMatches(p.name, a.filter?.name) &&
            textMatches(p.institutionName, a.filter?.institutionName),
        );
        return inOrder(rows, a.sort, value, { dir: 'desc' }, (p) => p.id);
      },
      id: (p) => p.id,
      counts: (rows) => ({ active: rows.filter((p) => p.active).length }),
    }));
  });

  describe('audit.page', () => {
    const value = (r: (typeof audit)[number], k: string): Val =>
      ({ at: r.at, actorName: r.actorName, seat: r.seat, entity: r.entity, action: r.action })[k] ?? null;
    const dayStart = (d: string) => new Date(`${d}T00:00:00+08:00`).toISOString();
    const dayEnd = (d: string) => new Date(`${d}T23:59:59.999+08:00`).toISOString();
    checkList(() => ({
      method: 'audit.page',
      all: () => audit,
      args: fc.record(
        {
          from: fc.constantFrom('2026-03-05', '2026-06-01'),
          to: fc.constantFrom('2026-08-10', '2026-11-30'),
          actor: fc.constantFrom('科长', '王'),
          text: fc.constantFrom('登录失败', '第1'),
          entity: fc.constantFrom('complaint', 'user'),
          filter: fc.record(
            { seat: textFilter(['PC-1']), summary: textFilter(['修改']) },
            { requiredKeys: [] },
          ),
          sort: sortOf(['at', 'actorName', 'seat', 'entity', 'action'] as const),
        },
        { requiredKeys: ['sort'] },
      ),
      reference: (a) => {
        const rows = audit.filter(
          (r) =>
            (!a.from || r.at >= dayStart(a.from)) &&
            (!a.to || r.at <= dayEnd(a.to)) &&
            (!a.actor || has(r.actorName, a.actor)) &&
            (!a.text || has(r.summary, a.text)) &&
            (!a.entity || r.entity === a.entity) &&
            textMatches(r.seat, a.filter?.seat) &&
            textMatches(r.summary, a.filter?.summary),
        );
        return inOrder(rows, a.sort, value, { dir: 'desc' }, (r) => r.id);
      },
      id: (r) => r.id,
    }));

    it('a block carries no before/after copies; the export holds the whole filtered log', async () => {
      const got = await app.call('audit.page', { startRow: 0, endRow: 20 });
      expect(Object.keys(got.rows[0]!).sort()).toEqual(
        ['id', 'at', 'actorName', 'seat', 'action', 'entity', 'entityId', 'summary'].sort(),
      );
      const { loadWorkbook } = await import('../../db/core/xlsx');
      const file = await app.call('audit.exportXlsx', { actor: '科长' });
      const wb = await loadWorkbook(Buffer.from(file.base64, 'base64'));
      const ids = (wb.worksheets[0]!.getColumn(1).values as unknown[]).slice(2).map(Number);
      expect(ids).toEqual(audit.filter((r) => has(r.actorName, '科长')).map((r) => r.id));
    });
  });

  describe('credit.entries', () => {
    const value = (e: (typeof entries)[number], k: string): Val =>
      ({
        seq: e.seq,
        factDate: e.factDate,
        subjectName: e.subjectName,
        type: e.type,
        points: e.points,
        recorderName: e.recorderName,
      })[k] ?? null;
    checkList(() => ({
      method: 'credit.entries',
      all: () => entries,
      args: fc.record(
        {
          year: fc.constantFrom(2024, 2025, 2026),
          subjectKind: fc.constantFrom('institution', 'practitioner'),
          type: fc.constantFrom('demerit', 'inspection', 'correction'),
          search: fc.constantFrom('诊所', 'CODE-3', '病历', '第1'),
          filter: fc.record(
            {
              subjectName: textFilter(['张伟', '塔山']),
              behaviourName: textFilter(['超范围']),
              points: fc.record({
                filterType: fc.constant('number' as const),
                type: fc.constantFrom('greaterThan' as const, 'equals' as const),
                filter: fc.constantFrom(0, 2),
              }),
            },
            { requiredKeys: [] },
          ),
          sort: sortOf(['seq', 'factDate', 'subjectName', 'type', 'points', 'recorderName'] as const),
        },
        { requiredKeys: ['sort'] },
      ),
      reference: (a) => {
        const w = a.search;
        const pf = a.filter?.points;
        const rows = entries.filter(
          (e) =>
            (a.year === undefined || e.factDate.startsWith(`${a.year}-`)) &&
            (a.subjectKind === undefined || e.subjectKind === a.subjectKind) &&
            (a.type === undefined || e.type === a.type) &&
            (!w || [e.subjectName, e.subjectCode, e.behaviourName ?? '', e.text].some((t) => has(t, w))) &&
            textMatches(e.subjectName, a.filter?.subjectName) &&
            textMatches(e.behaviourName, a.filter?.behaviourName) &&
            (!pf ||
              (e.points !== null && (pf.type === 'equals' ? e.points === pf.filter : e.points > pf.filter))),
        );
        return inOrder(rows, a.sort, value, { dir: 'desc' }, (e) => e.seq);
      },
      id: (e) => e.seq,
      counts: (rows) => ({
        scored: rows.filter((e) => (e.points ?? 0) > 0).length,
        corrections: rows.filter((e) => e.type === 'correction').length,
      }),
    }));

    it('an entry shows the 更正 that neutralised it', () => {
      const fix = entries.find((e) => e.type === 'correction')!;
      expect(entries.find((e) => e.seq === fix.amendsSeq)!.correctedBy).toBe(fix.seq);
    });
  });

  it('a block of 100 stays under 1 MiB even when every record is filled to the limits the forms allow', async () => {
    // 100 inspections of 2022 with 检查发现 at 2,000 characters and ten 抽查事项, each with 1,000 characters of
    // problems and 500 of disposal: the whole records are several MiB; the grid's rows leave those texts to the
    // selected record's details.
    const long = (n: number, t: string) => t.repeat(Math.ceil(n / t.length)).slice(0, n);
    const institution = (await app.db.selectFrom('institutions').select('id').executeTakeFirstOrThrow()).id;
    const lead = (await app.db.selectFrom('inspectors').select('id').executeTakeFirstOrThrow()).id;
    const items = Array.from({ length: 10 }, (_, k) => long(130, `抽查事项${k}：医疗机构执业资质与人员管理`));
    await app.db
      .insertInto('inspections')
      .values(
        Array.from({ length: 100 }, (_, i) => ({
          institution_id: institution,
          inspected_on: `2022-05-${String(1 + (i % 28)).padStart(2, '0')}`,
          lead_inspector_id: lead,
          items_json: JSON.stringify(items),
          item_results_json: JSON.stringify(
            items.map((name) => ({
              name,
              checked: true,
              method: 'onsite',
              problems: long(1000, '未按规定核对医师执业证书，'),
              disposal: long(500, '当场责令改正，'),
            })),
          ),
          findings: long(2000, '检查发现病历书写不规范，处方未按规定签名，'),
          outcome: 'rectify',
          rectify_due: '2022-06-30',
          penalties_json: '[]',
          fine_fen: null,
          confiscation_fen: null,
          case_no: null,
          review_on: null,
          review_result: null,
          plan_id: null,
          batch_number: null,
          draw_id: null,
          draw_position: null,
          result_seq: null,
          penalty_seq: null,
          review_seq: null,
          removed_at: null,
          result_category: 'problem',
          followup: 'rectify',
          created_at: NOW,
          updated_at: NOW,
        })),
      )
      .execute();
    const bytes = (x: unknown) => Buffer.byteLength(JSON.stringify(x));
    const whole = await app.call('inspections.list', { year: 2022 });
    expect(whole).toHaveLength(100);
    expect(bytes(whole)).toBeGreaterThan(1024 * 1024 * 3);
    const block = await app.call('inspections.page', { year: 2022, startRow: 0, endRow: 100 });
    expect(block.rows).toHaveLength(100);
    expect(bytes(block)).toBeLessThanOrEqual(1024 * 1024);
    const one = await app.call('inspections.get', { id: block.rows[0]!.id });
    expect(one.findings).toHaveLength(2000); // the details still read the whole record
    for (const method of [
      'complaints.page',
      'referrals.page',
      'practitioners.page',
      'audit.page',
      'credit.entries',
    ] as const)
      expect(bytes(await app.call(method, { startRow: 0, endRow: 100 } as never))).toBeLessThanOrEqual(
        1024 * 1024,
      );
  });

  it('refuses a column the list does not filter, and a comparison the column does not have, in Chinese', async () => {
    await expect(
      app.call('audit.page', {
        startRow: 0,
        endRow: 10,
        filter: { before_json: { filterType: 'text', type: 'contains', filter: 'x' } } as never,
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(
      app.call('credit.entries', {
        startRow: 0,
        endRow: 10,
        filter: { points: { filterType: 'number', type: 'contains', filter: 1 } },
      }),
    ).rejects.toThrow('不支持这种筛选方式');
    await expect(
      app.call('practitioners.page', {
        startRow: 0,
        endRow: 10,
        filter: { name: { filterType: 'date', type: 'equals', dateFrom: '2026-01-01' } },
      }),
    ).rejects.toThrow('类型不符');
  });
});
