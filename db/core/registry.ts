// What a domain folder registers: its handler map (method name → named function), and optionally its due items,
// its share of the year's obligations and its charts for the 工作台, and its report sections. Each domain's
// index.ts exports one `defineDomain({...})`; db/app.ts combines them, the way Actual Budget's `app.combine` joins
// its per-domain apps. A method registered twice, one missing from the contract or one the contract lacks throws
// when the dispatcher is built, i.e. at start, not at first use.
//
// The dashboard and the report figures read no domain's tables: they loop over `registrations()`, which
// combineDomains fills when it builds the handler map. It is a slot here in db/core rather than an import of
// db/app.ts because the reports handlers reach the figures through db/reports/store.ts, and db/app.ts imports
// the reports domain: the figures importing db/app.ts would be a cycle. One application per process: the last
// handler map built is the one whose registrations count (tests building one with an extra domain rebuild the
// usual one afterwards).
import { contract, type MethodName } from '../../shared/contract';
import { PERMISSIONS } from '../../shared/domain/roles';
import type { HandlerFn, Handlers } from './context';
import type { ChartSource, DueItemSource, IndicatorSource } from './dashboard-sources';
import type { ReportSection } from './report-sections';

export interface Domain<K extends MethodName = MethodName> {
  /** The folder's name, for messages. */
  name: string;
  handlers: { [N in K]: HandlerFn<N> };
  /** Its deadlines on the 工作台's due/overdue list. */
  dueItems?: readonly DueItemSource[];
  /** Its indicators among the year's obligations. */
  indicators?: readonly IndicatorSource[];
  /** Its charts' figures (one registration per chart of the dashboard contract). */
  charts?: readonly ChartSource[];
  /** Its sections of a report's figures. */
  reportSections?: readonly ReportSection[];
}

/** Every domain's registrations, each list in its `order` (equal orders keep the domains' order). */
export interface Registrations {
  dueItems: readonly DueItemSource[];
  indicators: readonly IndicatorSource[];
  charts: readonly ChartSource[];
  reportSections: readonly ReportSection[];
}

type Registered = Pick<Domain, 'name' | 'dueItems' | 'indicators' | 'charts' | 'reportSections'>;

/** A domain as combineDomains takes it (its handler map checked at run time against the contract). */
export type DomainRegistration = Registered & { handlers: Record<string, unknown> };

/** Joins the domains' registrations; two charts or report sections under one key throw. */
export function collectRegistrations(domains: readonly Registered[]): Registrations {
  const all = <T extends { order: number }>(pick: (d: Registered) => readonly T[] | undefined): T[] =>
    domains
      .flatMap((d) => pick(d) ?? [])
      .map((r, i) => ({ r, i }))
      .sort((a, b) => a.r.order - b.r.order || a.i - b.i)
      .map((x) => x.r);
  const unique = <T>(list: T[], keyOf: (x: T) => string, what: string): T[] => {
    const seen = new Set<string>();
    for (const x of list) {
      const k = keyOf(x);
      if (seen.has(k)) throw new Error(`${what} registered twice: ${k}`);
      seen.add(k);
    }
    return list;
  };
  return {
    dueItems: all((d) => d.dueItems),
    indicators: all((d) => d.indicators),
    charts: unique(
      all((d) => d.charts),
      (c) => c.chart,
      'chart',
    ),
    reportSections: unique(
      all((d) => d.reportSections),
      (s) => s.key,
      'report section',
    ),
  };
}

let installed: Registrations | null = null;

/** The registrations of the handler map last built by combineDomains. */
export function registrations(): Registrations {
  if (!installed) throw new Error('no domains registered yet: build the handler map (db/app.ts) first');
  return installed;
}

export function defineDomain<K extends MethodName>(domain: Domain<K>): Domain<K> {
  return domain;
}

/** Joins the handler maps of several files of one domain; a name given twice throws. */
export function mergeHandlerMaps<M extends Record<string, unknown>[]>(
  ...maps: M
): UnionToIntersection<M[number]> {
  const merged: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [name, fn] of Object.entries(map)) {
      if (name in merged) throw new Error(`handler registered twice: ${name}`);
      merged[name] = fn;
    }
  }
  return merged as UnionToIntersection<M[number]>;
}

type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void
  ? I
  : never;

/** Every domain's handlers as one map, checked against the contract. */
export function combineDomains(domains: readonly DomainRegistration[]): Handlers {
  const merged: Record<string, unknown> = {};
  for (const domain of domains) {
    for (const [name, fn] of Object.entries(domain.handlers)) {
      if (name in merged) throw new Error(`handler registered twice: ${name} (${domain.name})`);
      merged[name] = fn;
    }
  }
  // Every method declares who may call it: a permission from the role matrix, or public. Nothing defaults.
  const undeclared = Object.entries(contract)
    .filter(
      ([, m]) =>
        !(
          m.access?.kind === 'public' ||
          (m.access?.kind === 'permission' && m.access.permission in PERMISSIONS)
        ),
    )
    .map(([n]) => n);
  if (undeclared.length) throw new Error(`methods without a declared permission: [${undeclared}]`);
  const missing = Object.keys(contract).filter((n) => !(n in merged));
  const extra = Object.keys(merged).filter((n) => !(n in contract));
  if (missing.length || extra.length) {
    throw new Error(`handler map does not match the contract; missing: [${missing}] unknown: [${extra}]`);
  }
  installed = collectRegistrations(domains);
  return merged as unknown as Handlers;
}
