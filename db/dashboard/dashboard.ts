// 工作台 data: every deadline the domains register, as one list sorted by urgency; the year's obligations; the
// chart figures. This module reads no domain's tables: each domain registers its due items, indicators and
// charts in its index.ts (db/core/dashboard-sources.ts says what they are given), and the load loops over the
// registrations of the application's handler map (db/core/registry.ts `registrations()`), in their order.
import {
  DUE_GROUP_FIRST,
  DUE_KIND_LABELS,
  DUE_KINDS,
  URGENCIES,
  type DashboardCharts,
  type DueGroup,
  type DueScope,
  type DashboardData,
  type DueItem,
  type Obligation,
  type Urgency,
} from '../../shared/contract/dashboard';
import type { Kysely } from 'kysely';
import { startQuarterFirstDay, type PageOf, type ParsedInput } from '../../shared/contract';
import { addCalendarDays, todayIso } from '../../shared/dates';
import { defineHandlers } from '../core/context';
import { afterStart, noUrgencies, type DueSummary, type SourceContext } from '../core/dashboard-sources';
import { registrations, type Registrations } from '../core/registry';
import type { DB } from '../core/schema';
import { loadWorkCalendar } from '../system/calendar';
import { loadSettings } from '../system/settings';
import { compareText, compareZh } from '../../shared/collate';

export { urgencyOf, type SourceContext } from '../core/dashboard-sources';

const URGENCY_ORDER: Record<Urgency, number> = { overdue: 0, today: 1, week: 2, later: 3 };
const KIND_ORDER = new Map<string, number>(DUE_KINDS.map((k, i) => [k, i]));

/** The list's order without its last tie-break: urgency, then the due day (longest overdue first), then kind. */
const byDueAndKind = (a: DueItem, b: DueItem): number =>
  URGENCY_ORDER[a.urgency] - URGENCY_ORDER[b.urgency] ||
  compareText(a.dueOn, b.dueOn) ||
  KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)!;

/** The last tie-break: the title in pinyin order (a collator's compare, the dearest part of a sort), then the key,
 *  so items of one title (a practice's notices of one day) come in the same order however they were read. */
const byTitle = (a: DueItem, b: DueItem): number => compareZh(a.title, b.title) || compareText(a.key, b.key);

/** Most urgent first: overdue (longest overdue first), due today, this week, later; then by kind and title. */
export function sortDueItems(items: DueItem[]): DueItem[] {
  return [...items].sort((a, b) => byDueAndKind(a, b) || byTitle(a, b));
}

/**
 * Rows start..end of `items` sorted by `first`, ties broken by `then`: the same rows a full sort by both gives,
 * with `then` (the collator) used only among the ties that reach into those rows. The 工作台 shows twenty items of
 * each kind out of thousands (a year of 记分通知书 not yet issued); sorting them all by title took most of its time.
 */
export function sortedSlice<T>(
  items: readonly T[],
  start: number,
  end: number,
  first: (a: T, b: T) => number,
  then: (a: T, b: T) => number,
): T[] {
  const rows = [...items].sort(first);
  let from = Math.max(0, start);
  let to = Math.min(rows.length, end);
  if (from >= to) return [];
  while (from > 0 && first(rows[from - 1]!, rows[from]!) === 0) from--;
  while (to < rows.length && first(rows[to - 1]!, rows[to]!) === 0) to++;
  const middle = rows.slice(from, to).sort((a, b) => first(a, b) || then(a, b));
  return middle.slice(Math.max(0, start) - from, Math.min(rows.length, end) - from);
}

async function sourceContext(db: Kysely<DB>, now: Date): Promise<SourceContext> {
  const today = todayIso(now);
  const reads = new Map<string, Promise<unknown>>();
  const [settings, cal] = await Promise.all([loadSettings(db), loadWorkCalendar(db)]);
  return {
    db,
    cal,
    today,
    year: Number(today.slice(0, 4)),
    settings,
    startsOn: settings.startQuarter ? startQuarterFirstDay(settings.startQuarter) : null,
    once: (key, read) => {
      if (!reads.has(key)) reads.set(key, read());
      return reads.get(key) as ReturnType<typeof read>;
    },
  };
}

/** The kinds of due items in list order (the category filter's choices). */
function dueSources(registered: Registrations): DashboardData['sources'] {
  const sources: DashboardData['sources'] = [];
  for (const src of registered.dueItems)
    if (!sources.some((x) => x.kind === src.kind))
      sources.push({ kind: src.kind, label: DUE_KIND_LABELS[src.kind] });
  return sources;
}

/** A kind's summary from all its items (a source without summarize). */
function summaryOf(s: SourceContext, all: DueItem[]): DueSummary {
  const items = all.filter((i) => afterStart(s, i.dueOn));
  const counts = noUrgencies();
  let longestLate = 0;
  const departments = new Map<number, string>();
  const people = new Set<string>();
  for (const i of items) {
    counts[i.urgency]++;
    if (-i.daysLeft > longestLate) longestLate = -i.daysLeft;
    for (const d of i.departments) departments.set(d.id, d.name);
    if (i.person) people.add(i.person);
  }
  return {
    counts,
    longestLate,
    first: items,
    departments: [...departments].map(([id, name]) => ({ id, name })),
    people: [...people],
  };
}

const SCOPE_TEST: Record<DueScope, (u: Urgency) => boolean> = {
  soon: (u) => u !== 'later',
  overdue: (u) => u === 'overdue',
  today: (u) => u === 'today',
  week: (u) => u === 'week',
  all: () => true,
};

/** The 工作台: counts of every open item by kind and urgency, the first DUE_GROUP_FIRST of each kind (the rest
 *  through dashboard.due), the filters' choices, the year's obligations and the charts. */
export async function loadDashboard(
  db: Kysely<DB>,
  now: Date,
  registered: Registrations = registrations(),
): Promise<DashboardData> {
  const s = await sourceContext(db, now);
  // Due items, indicators and charts read at once (see dueItemsOf); each list keeps its registration order. A kind
  // that can summarize itself gives its counts and first items without making every item.
  const [summaries, indicatorLists, chartFigures] = await Promise.all([
    Promise.all(
      registered.dueItems.map((src): Promise<DueSummary> =>
        src.summarize ? src.summarize(s, DUE_GROUP_FIRST) : src.load(s).then((l) => summaryOf(s, l)),
      ),
    ),
    Promise.all(registered.indicators.map((src) => src.load(s))),
    Promise.all(registered.charts.map((src) => src.load(s))),
  ]);
  const departments = new Map<number, string>();
  const people = new Set<string>();
  const byKind = new Map<
    string,
    { counts: Record<Urgency, number>; longestLate: number; first: DueItem[] }
  >();
  registered.dueItems.forEach((src, i) => {
    const sum = summaries[i]!;
    for (const d of sum.departments) departments.set(d.id, d.name);
    for (const p of sum.people) people.add(p);
    const k = byKind.get(src.kind);
    if (!k)
      byKind.set(src.kind, { counts: { ...sum.counts }, longestLate: sum.longestLate, first: sum.first });
    else {
      for (const u of URGENCIES) k.counts[u] += sum.counts[u];
      k.longestLate = Math.max(k.longestLate, sum.longestLate);
      k.first = [...k.first, ...sum.first];
    }
  });
  const groups: DueGroup[] = [];
  const first: DueItem[] = [];
  const totals = noUrgencies();
  for (const { kind, label } of dueSources(registered)) {
    const k = byKind.get(kind);
    const total = k ? URGENCIES.reduce((a, u) => a + k.counts[u], 0) : 0;
    if (!k || total === 0) continue;
    first.push(...sortedSlice(k.first, 0, DUE_GROUP_FIRST, byDueAndKind, byTitle));
    for (const u of URGENCIES) totals[u] += k.counts[u];
    groups.push({ kind, label, total, ...k.counts, longestLate: k.longestLate });
  }
  const obligations: Obligation[] = indicatorLists.flat();
  const charts: Record<string, unknown> = {};
  registered.charts.forEach((src, i) => (charts[src.chart] = chartFigures[i]));
  return {
    today: s.today,
    year: s.year,
    dueItems: sortDueItems(first),
    groups,
    totals,
    departments: [...departments.entries()]
      .map(([id, name]) => ({ id, name }))
      .sort((a, b) => compareZh(a.name, b.name)),
    people: [...people].sort((a, b) => compareZh(a, b)),
    obligations,
    charts: charts as unknown as DashboardCharts,
    sources: dueSources(registered),
  };
}

/** The due days a scope keeps (both ends included; null for no bound): urgency is a matter of days from today. */
function scopeDays(scope: DueScope, today: string): { from: string | null; to: string | null } {
  const day = (n: number) => addCalendarDays(today, n);
  switch (scope) {
    case 'overdue':
      return { from: null, to: day(-1) };
    case 'today':
      return { from: today, to: today };
    case 'week':
      return { from: day(1), to: day(7) };
    case 'soon':
      return { from: null, to: day(7) };
    case 'all':
      return { from: null, to: null };
  }
}

/** A block of the whole list of due items, filtered (scope, kind, department, person) and in list order. A kind
 *  that can page itself (DueItemSource.page) gives its count and only the items that can reach the block. */
export async function dueItemsPage(
  db: Kysely<DB>,
  now: Date,
  input: ParsedInput<'dashboard.due'>,
  registered: Registrations = registrations(),
): Promise<PageOf<DueItem>> {
  const s = await sourceContext(db, now);
  const test = SCOPE_TEST[input.scope];
  const keep = (i: DueItem) =>
    afterStart(s, i.dueOn) &&
    test(i.urgency) &&
    (input.departmentId === undefined || i.departments.some((d) => d.id === input.departmentId)) &&
    (input.person === undefined || i.person === input.person);
  // The list's order, or the one sort the grid offers: by due day (the list's own order breaks ties).
  const byDue = input.sort[0];
  const desc = byDue?.sort === 'desc';
  const range = scopeDays(input.scope, s.today);
  const from =
    s.startsOn !== null && (range.from === null || range.from < s.startsOn) ? s.startsOn : range.from;
  // The sources read at once: on the office server each waits on its own round trips, over the pool's connections
  // (one after another they added up to several times SQLite's figure); SQLite answers them in turn either way.
  const parts = await Promise.all(
    registered.dueItems
      .filter((src) => input.kind === undefined || src.kind === input.kind)
      .map(async (src) => {
        if (src.page)
          return src.page(s, {
            from,
            to: range.to,
            departmentId: input.departmentId,
            person: input.person,
            desc,
            end: input.endRow,
          });
        const items = (await src.load(s)).filter(keep);
        return { total: items.length, items };
      }),
  );
  const rows = parts.flatMap((p) => p.items);
  const total = parts.reduce((a, p) => a + p.total, 0);
  const dir = desc ? -1 : 1;
  const order = byDue
    ? (a: DueItem, b: DueItem) => compareText(a.dueOn, b.dueOn) * dir || byDueAndKind(a, b)
    : byDueAndKind;
  return { rows: sortedSlice(rows, input.startRow, input.endRow, order, byTitle), total };
}

export const dashboardHandlers = defineHandlers({
  'dashboard.data': (_input, ctx) => loadDashboard(ctx.db, ctx.now()),
  'dashboard.due': (input, ctx) => dueItemsPage(ctx.db, ctx.now(), input),
});
