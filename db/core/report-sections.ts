// What a domain registers for a report's figures (db/reports/figures.ts): a section — its indicators (stable
// keys, so the city can add districts up) and its detail tables — for the report types it belongs in, computed by
// queries over the domain's own records (never typed). The figures loop over the sections in their `order`.
//
// Time: a period is read "as of" its last day, or today while it is still running, so that a past period's
// figures come out the same whenever they are computed. Record dates (YYYY-MM-DD) compare as they are; timestamps
// (ISO instants written by the app) are compared with the local midnights that bound the days.
import type { Kysely } from 'kysely';
import { parseIsoDate, todayIso, type IsoDate } from '../../shared/dates';
import type { ReportData, ReportIndicator, ReportType } from '../../shared/domain/report-package';
import type { ReportPeriod } from '../../shared/domain/reports';
import type { DB } from './schema';

export type ReportTable = ReportData['tables'][number];

export interface FigureContext {
  db: Kysely<DB>;
  period: ReportPeriod;
  /** The day the figures are as of: the period's last day, or today while the period runs. */
  asOf: IsoDate;
  /** Local midnight at the start of the period, and after asOf (exclusive), as ISO instants. */
  startAt: string;
  asOfEndAt: string;
}

export interface SectionFigures {
  indicators: ReportIndicator[];
  tables: ReportTable[];
}

export interface ReportSection {
  key: string;
  title: string;
  /** Where the section stands in a report, across domains. */
  order: number;
  types: readonly ReportType[];
  /** The tables it reads; the section is left out when one is missing (a module being added). */
  tables: readonly (keyof DB & string)[];
  collect(c: FigureContext): Promise<SectionFigures>;
}

/** An indicator; `rollup: 'none'` for rates the city cannot add up. */
export const ind = (
  key: string,
  label: string,
  value: number,
  unit: string,
  rollup: 'sum' | 'none' = 'sum',
): ReportIndicator => ({ key, label, value, unit, rollup });

/** A percentage with one decimal; 0 when nothing was due. */
export function rate(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}

/** Local midnight starting the day, as an ISO instant (how the app's timestamps are written). */
export function dayStartAt(date: IsoDate): string {
  const { year, month, day } = parseIsoDate(date);
  return new Date(year, month - 1, day).toISOString();
}

/** The local day of an app timestamp. */
export const localDay = (at: string): IsoDate => todayIso(new Date(at));

/** A count from SQL (a number, bigint-ish or null) as a number. */
export const count = (n: unknown): number => Number(n ?? 0);
