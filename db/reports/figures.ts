// A report's figures, computed from the records by the sections the domains register (never typed): each domain
// that has something to report registers a ReportSection in its index.ts (db/core/report-sections.ts says what
// one is) — its indicators (stable keys, so the city can add districts up) and its detail tables — for the
// report types it belongs in. This module reads no domain's tables: it loops over the registrations of the
// application's handler map (db/core/registry.ts `registrations()`), in their order. A section names the tables
// it reads; one whose tables are missing from the data file is left out, so a report still builds while a
// module is being added.
//
// Time: a period is read "as of" its last day, or today while it is still running, so that a past period's
// figures come out the same whenever they are computed; its days are Beijing days whatever the machine's zone
// (db/core/report-sections.ts).
import type { Kysely } from 'kysely';
import type { IsoDate } from '../../shared/dates';
import type { ReportIndicator, ReportType } from '../../shared/domain/report-package';
import type { ReportPeriod } from '../../shared/domain/reports';
import { dialectOf, tableNames } from '../core/dialect';
import { registrations } from '../core/registry';
import {
  figureWindow,
  type FigureContext,
  type ReportSection,
  type ReportTable,
  type SectionFigures,
} from '../core/report-sections';
import type { DB } from '../core/schema';

export {
  beijingToday,
  dayStartAt,
  localDay,
  rate,
  type FigureContext,
  type ReportTable,
  type SectionFigures,
} from '../core/report-sections';

export function figuresAsOf(period: ReportPeriod, today: IsoDate): IsoDate {
  return today < period.end ? today : period.end;
}

export interface ComputedFigures {
  indicators: ReportIndicator[];
  tables: ReportTable[];
  /** The sections that contributed, with their titles and indicator keys (for the prose and the editor). */
  sections: { key: string; title: string; indicators: string[]; tables: string[] }[];
  asOf: IsoDate;
}

/** The figures of one report type for one period, as of `today` (or the period's end, if earlier). */
export async function computeFigures(
  db: Kysely<DB>,
  type: ReportType,
  period: ReportPeriod,
  today: IsoDate,
  sections: readonly ReportSection[] = registrations().reportSections,
): Promise<ComputedFigures> {
  const asOf = figuresAsOf(period, today);
  const c: FigureContext = {
    db,
    period,
    asOf,
    ...figureWindow(period, asOf, today),
  };
  const present = await tableNames(db, dialectOf(db));
  const out: ComputedFigures = { indicators: [], tables: [], sections: [], asOf };
  for (const s of sections) {
    if (!s.types.includes(type)) continue;
    if (s.tables.some((t) => !present.has(t))) continue;
    // Before the period starts there is nothing to count (a report drafted ahead of its quarter).
    const f: SectionFigures =
      asOf < period.start
        ? emptyFigures(await s.collect({ ...c, asOf: period.start, openFrom: period.start }))
        : await s.collect(c);
    out.indicators.push(...f.indicators);
    out.tables.push(...f.tables);
    out.sections.push({
      key: s.key,
      title: s.title,
      indicators: f.indicators.map((i) => i.key),
      tables: f.tables.map((t) => t.key),
    });
  }
  return out;
}

function emptyFigures(f: SectionFigures): SectionFigures {
  return {
    indicators: f.indicators.map((i) => ({ ...i, value: typeof i.periodRollup === 'object' ? null : 0 })),
    tables: f.tables.map((t) => ({ ...t, rows: [] })),
  };
}
