// What a domain registers for a report's figures (db/reports/figures.ts): a section — its indicators (stable
// keys, so the city can add districts up) and its detail tables — for the report types it belongs in, computed by
// queries over the domain's own records (never typed). The figures loop over the sections in their `order`.
//
// Time: a period is read "as of" its last day, or today while it is still running, so that a past period's
// figures come out the same whenever they are computed. Period boundaries are Beijing dates (UTC+8, no daylight
// saving) whatever the machine's zone: record dates (YYYY-MM-DD) compare as they are; timestamps (ISO instants
// written by the app) are placed on the Beijing day they fall in. Each indicator says how it combines across
// periods (`periodRollup`) beside how districts add up (`rollup`); docs/report-data.md gives every definition.
import type { Kysely } from 'kysely';
import { addCalendarDays, parseIsoDate, type IsoDate } from '../../shared/dates';
import type {
  PeriodRollup,
  ReportData,
  ReportIndicator,
  ReportType,
} from '../../shared/domain/report-package';
import type { ReportPeriod } from '../../shared/domain/reports';
import type { DB } from './schema';

export type ReportTable = ReportData['tables'][number];

export interface FigureContext {
  db: Kysely<DB>;
  period: ReportPeriod;
  /** The day the figures are as of: the period's last day, or today while the period runs. */
  asOf: IsoDate;
  /** Beijing midnight at the start of the period, and after asOf (exclusive), as ISO instants. */
  startAt: string;
  asOfEndAt: string;
  /** The first day whose deadline has not passed by the figures' moment: the day after asOf once the period is
   *  over (its last day has ended), today (= asOf) while it runs. A case due before it is due in the figures. */
  openFrom: IsoDate;
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

/** An indicator that adds up across periods (a flow: the four quarters make the year) and across districts. */
export const ind = (key: string, label: string, value: number, unit: string): ReportIndicator => ({
  key,
  label,
  value,
  unit,
  rollup: 'sum',
  periodRollup: 'sum',
});

/** A stock: counted on the period's last day (the year's equals its fourth quarter's); districts add up. */
export const stock = (key: string, label: string, value: number, unit: string): ReportIndicator => ({
  key,
  label,
  value,
  unit,
  rollup: 'sum',
  periodRollup: 'end',
});

/** A rate over two other indicators of the same section: null when nothing is due (shown —), never added
 *  across districts; across periods it is the ratio of the combined numerator and denominator. */
export const rateInd = (
  key: string,
  label: string,
  numerator: ReportIndicator,
  denominator: ReportIndicator,
): ReportIndicator => ({
  key,
  label,
  value: rate(numerator.value ?? 0, denominator.value ?? 0),
  unit: '%',
  rollup: 'none',
  periodRollup: { rate: { numerator: numerator.key, denominator: denominator.key } },
});

export type { PeriodRollup };

/** A percentage with one decimal; null when nothing was due (not 0 %). */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

/** Beijing is UTC+8 all year (no daylight saving since 1991). */
const BEIJING_OFFSET_MS = 8 * 3600_000;

/** Beijing midnight starting the day, as an ISO instant (how the app's timestamps are written), whatever the
 *  machine's zone. */
export function dayStartAt(date: IsoDate): string {
  const { year, month, day } = parseIsoDate(date);
  return new Date(Date.UTC(year, month - 1, day) - BEIJING_OFFSET_MS).toISOString();
}

/** The Beijing day an app timestamp (or instant) falls in, whatever the machine's zone. */
export const localDay = (at: string | Date): IsoDate =>
  new Date((typeof at === 'string' ? Date.parse(at) : at.getTime()) + BEIJING_OFFSET_MS)
    .toISOString()
    .slice(0, 10);

/** Today in Beijing. */
export const beijingToday = (now: Date): IsoDate => localDay(now);

/** The context of a period's figures as of a day (`today` decides whether the period is over). */
export function figureWindow(
  period: ReportPeriod,
  asOf: IsoDate,
  today: IsoDate,
): Pick<FigureContext, 'startAt' | 'asOfEndAt' | 'openFrom'> {
  return {
    startAt: dayStartAt(period.start),
    asOfEndAt: dayStartAt(addCalendarDays(asOf, 1)),
    openFrom: asOf < today ? addCalendarDays(asOf, 1) : asOf,
  };
}

/** A count from SQL (a number, bigint-ish or null) as a number. */
export const count = (n: unknown): number => Number(n ?? 0);
