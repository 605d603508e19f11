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
  /**
   * For a kind that can run to thousands of items (a year of 记分通知书 not yet issued): what the 工作台 shows of
   * them without making them all — the same counts `load` would give, and at least the first `first` items in list
   * order (every item left out sorts after all of them). Without it the 工作台 loads them all.
   */
  summarize?(s: SourceContext, first: number): Promise<DueSummary>;
  /**
   * For the same kinds, a block of the 工作台's whole list (dashboard.due) without making every item: how many
   * items the query keeps, and at least its first `end` of them in the list's order by due day (`desc`: latest
   * first), every item of the last day reached included (every item left out sorts after all of them). Without it
   * dashboard.due loads the kind whole.
   */
  page?(s: SourceContext, q: DuePageQuery): Promise<{ total: number; items: DueItem[] }>;
}

/** What a block of dashboard.due asks of a kind: due days from..to (both included, null for no bound; the
 *  office's start already applied), the department and person filters, the order and the block's end. */
export interface DuePageQuery {
  from: string | null;
  to: string | null;
  departmentId?: number;
  person?: string;
  desc: boolean;
  end: number;
}

/** A kind's counts (after the office's start, as the 工作台 counts them) and its first items (DueItemSource). */
export interface DueSummary {
  counts: Record<Urgency, number>;
  /** Days the longest overdue item is late (0 when none is). */
  longestLate: number;
  first: DueItem[];
  /** The departments and people the kind's items name (the 工作台's filter choices). */
  departments: { id: number; name: string }[];
  people: string[];
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

/** A count per urgency, all nought. */
export function noUrgencies(): Record<Urgency, number> {
  return { overdue: 0, today: 0, week: 0, later: 0 };
}

/** Nothing is due before the office started using the app, whatever the source. */
export function afterStart(s: Pick<SourceContext, 'startsOn'>, dueOn: string): boolean {
  return s.startsOn === null || dueOn >= s.startsOn;
}

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
