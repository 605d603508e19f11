// What a domain registers for the 工作台 (db/dashboard): its deadlines (due items), its share of the year's
// obligations and its chart figures. Each domain computes its own from its own tables, with the same shared rules
// its handlers use (working-day calendar, the office's settings), so the dashboard and the module never disagree;
// the dashboard only loops over the registrations in their `order`.
import type { Kysely } from 'kysely';
import type { DashboardCharts, DueItem, DueKind, Obligation, Urgency } from '../../shared/contract/dashboard';
import type { Settings } from '../../shared/contract';
import { calendarDaysBetween, type WorkCalendar } from '../../shared/dates';
import type { DB } from './schema';

/** What every dashboard source is given, read once per load. */
export interface SourceContext {
  db: Kysely<DB>;
  cal: WorkCalendar;
  today: string;
  year: number;
  settings: Settings;
  /** The first day of the quarter the office started using the app in (settings.startQuarter): nothing is due
   *  before it. null when the office has no start. */
  startsOn: string | null;
  /** Reads more than one part of the dashboard needs (e.g. a due item and an obligation), made once per load. */
  once: <T>(key: string, read: () => Promise<T>) => Promise<T>;
}

/** One kind of deadline of a domain. `order` places its kind in the dashboard's list of sources (the category
 *  filter's choices); the items themselves are sorted by urgency. */
export interface DueItemSource {
  kind: DueKind;
  order: number;
  load(s: SourceContext): Promise<DueItem[]>;
}

/** A domain's indicators among the year's obligations, placed by `order`. */
export interface IndicatorSource {
  order: number;
  load(s: SourceContext): Promise<Obligation[]>;
}

/** One chart's figures. The charts object's keys come out in `order`. */
export type ChartSource = {
  [K in keyof DashboardCharts]: {
    chart: K;
    order: number;
    load(s: SourceContext): Promise<DashboardCharts[K]>;
  };
}[keyof DashboardCharts];

/** Where today stands against a due day. A deadline is met on its own day: overdue starts the day after. */
export function urgencyOf(dueOn: string, today: string): { daysLeft: number; urgency: Urgency } {
  // Thousands of items fall on a few hundred due days: each day is worked out once per today.
  if (urgencyToday !== today) {
    urgencyToday = today;
    urgencies.clear();
  }
  let u = urgencies.get(dueOn);
  if (!u) {
    const daysLeft = calendarDaysBetween(today, dueOn);
    const urgency: Urgency =
      daysLeft < 0 ? 'overdue' : daysLeft === 0 ? 'today' : daysLeft <= 7 ? 'week' : 'later';
    u = { daysLeft, urgency };
    if (urgencies.size > 10_000) urgencies.clear();
    urgencies.set(dueOn, u);
  }
  return { daysLeft: u.daysLeft, urgency: u.urgency };
}
let urgencyToday = '';
const urgencies = new Map<string, { daysLeft: number; urgency: Urgency }>();

/** A due item with its urgency as of the load's today; `person` (经办人) null when not known. */
export function dueItem(
  s: SourceContext,
  v: Omit<DueItem, 'daysLeft' | 'urgency' | 'person'> & { person?: string | null },
): DueItem {
  return { ...v, person: v.person ?? null, ...urgencyOf(v.dueOn, s.today) };
}
