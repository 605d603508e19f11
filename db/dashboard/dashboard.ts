// 工作台 data: every deadline the domains register, as one list sorted by urgency; the year's obligations; the
// chart figures. This module reads no domain's tables: each domain registers its due items, indicators and
// charts in its index.ts (db/core/dashboard-sources.ts says what they are given), and the load loops over the
// registrations of the application's handler map (db/core/registry.ts `registrations()`), in their order.
import {
  DUE_KIND_LABELS,
  DUE_KINDS,
  type DashboardCharts,
  type DashboardData,
  type DueItem,
  type Obligation,
  type Urgency,
} from '../../shared/contract/dashboard';
import type { Kysely } from 'kysely';
import { todayIso } from '../../shared/dates';
import { defineHandlers } from '../core/context';
import type { SourceContext } from '../core/dashboard-sources';
import { registrations, type Registrations } from '../core/registry';
import type { DB } from '../core/schema';
import { loadWorkCalendar } from '../system/calendar';
import { loadSettings } from '../system/settings';

export { urgencyOf, type SourceContext } from '../core/dashboard-sources';

const URGENCY_ORDER: Record<Urgency, number> = { overdue: 0, today: 1, week: 2, later: 3 };

/** Most urgent first: overdue (longest overdue first), due today, this week, later; then by kind and title. */
export function sortDueItems(items: DueItem[]): DueItem[] {
  return [...items].sort(
    (a, b) =>
      URGENCY_ORDER[a.urgency] - URGENCY_ORDER[b.urgency] ||
      a.dueOn.localeCompare(b.dueOn) ||
      DUE_KINDS.indexOf(a.kind) - DUE_KINDS.indexOf(b.kind) ||
      a.title.localeCompare(b.title, 'zh-CN'),
  );
}

export async function loadDashboard(
  db: Kysely<DB>,
  now: Date,
  registered: Registrations = registrations(),
): Promise<DashboardData> {
  const today = todayIso(now);
  const reads = new Map<string, Promise<unknown>>();
  const s: SourceContext = {
    db,
    cal: await loadWorkCalendar(db),
    today,
    year: Number(today.slice(0, 4)),
    settings: await loadSettings(db),
    once: (key, read) => {
      if (!reads.has(key)) reads.set(key, read());
      return reads.get(key) as ReturnType<typeof read>;
    },
  };
  const sources: DashboardData['sources'] = [];
  const items: DueItem[] = [];
  for (const src of registered.dueItems) {
    if (!sources.some((x) => x.kind === src.kind))
      sources.push({ kind: src.kind, label: DUE_KIND_LABELS[src.kind] });
    items.push(...(await src.load(s)));
  }
  const obligations: Obligation[] = [];
  for (const src of registered.indicators) obligations.push(...(await src.load(s)));
  const charts: Record<string, unknown> = {};
  for (const src of registered.charts) charts[src.chart] = await src.load(s);
  return {
    today,
    year: s.year,
    dueItems: sortDueItems(items),
    obligations,
    charts: charts as unknown as DashboardCharts,
    sources,
  };
}

export const dashboardHandlers = defineHandlers({
  'dashboard.data': (_input, ctx) => loadDashboard(ctx.db, ctx.now()),
});
