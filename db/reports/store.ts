// Reading reports: a row with its figures (live from the records for a draft, the frozen snapshot for a signed
// one), its 发文字号, due date and status, submission log and versions; the office's due rules; the list of
// periods reports are due for. The handlers (db/reports/reports.ts) write; this module only reads.
import type { Kysely } from 'kysely';
import { todayIso, type IsoDate } from '../../shared/dates';
import type {
  FigureChange,
  ReportDetail,
  ReportDue,
  ReportObligation,
  ReportSubmission,
  ReportSummary,
} from '../../shared/contract/reports';
import type { PackageManifest, ReportData } from '../../shared/domain/report-package';
import {
  DEFAULT_DUE_RULES,
  REPORT_TYPE_LABELS,
  dueRuleText,
  dueStatus,
  emptySections,
  parsePeriod,
  periodDueOn,
  requirePeriod,
  type NarrativeBlock,
  type ReportDueRules,
  type ReportPeriod,
  type ReportStatus,
  type ReportType,
  type SubmissionMethod,
} from '../../shared/domain/reports';
import { reportDocInput } from '../../shared/print/reports';
import { AppError } from '../../shared/errors';
import type { WorkCalendar } from '../../shared/dates';
import { issuedNumbers } from '../core/doc-numbers';
import type { DB, ReportsTable } from '../core/schema';
import type { Selectable } from 'kysely';
import { loadWorkCalendar } from '../system/calendar';
import { loadSettings } from '../system/settings';
import { startQuarterFirstDay } from '../../shared/contract/settings';
import { getOffice } from '../system/users';
import { beijingToday, computeFigures, localDay } from './figures';

export type ReportRow = Selectable<ReportsTable>;

/** The 发文字号 register's kind for reports (one number per version, taken when it is signed). */
export const REPORT_NUMBER_KIND = 'report';
export const DUE_RULES_KEY = 'reports.dueRules';

export async function loadDueRules(db: Kysely<DB>): Promise<ReportDueRules> {
  const r = await db
    .selectFrom('settings')
    .select('value_json')
    .where('key', '=', DUE_RULES_KEY)
    .executeTakeFirst();
  if (!r) return DEFAULT_DUE_RULES;
  try {
    const v = JSON.parse(r.value_json) as Partial<ReportDueRules>;
    return { quarter: v.quarter ?? DEFAULT_DUE_RULES.quarter, year: v.year ?? DEFAULT_DUE_RULES.year };
  } catch {
    return DEFAULT_DUE_RULES;
  }
}

export async function reportRow(db: Kysely<DB>, id: number): Promise<ReportRow> {
  const r = await db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND', `报告不存在（编号 ${id}）`);
  return r;
}

/** The figures of a report type for a period, as ReportData (data.json). */
export async function buildReportData(
  db: Kysely<DB>,
  type: ReportType,
  period: ReportPeriod,
  today: IsoDate,
  office: { name: string; uscc: string },
): Promise<ReportData> {
  const f = await computeFigures(db, type, period, today);
  return {
    format: 'zongjian-report-data/1',
    reportType: type,
    period: period.code,
    periodStart: period.start,
    periodEnd: period.end,
    office: { name: office.name, uscc: office.uscc },
    indicators: f.indicators,
    tables: f.tables,
  };
}

export function dueOf(
  cal: WorkCalendar,
  rules: ReportDueRules,
  period: ReportPeriod,
  today: IsoDate,
  submittedOn: IsoDate | null,
): ReportDue {
  const dueOn = periodDueOn(cal, period, rules);
  return {
    dueOn,
    ruleText: dueRuleText(period.kind, rules[period.kind]),
    status: dueStatus(cal, dueOn, today, submittedOn),
    submittedOn,
  };
}

const pairKey = (type: string, period: string) => `${type}|${period}`;

/** The first submission logged for any version of each type and period (an 更正版 does not undo that the
 *  period's report went out). */
async function firstSubmissions(db: Kysely<DB>, rows: SummaryRow[]): Promise<Map<string, IsoDate>> {
  const out = new Map<string, IsoDate>();
  const periods = [...new Set(rows.map((r) => r.period))];
  const subs = await db
    .selectFrom('reports as r')
    .innerJoin('report_submissions as s', 's.report_id', 'r.id')
    .select(['r.type', 'r.period', 's.sent_on'])
    .where('r.period', 'in', periods)
    .execute();
  for (const s of subs) {
    const k = pairKey(s.type, s.period);
    const prev = out.get(k);
    if (!prev || s.sent_on < prev) out.set(k, s.sent_on);
  }
  return out;
}

async function submissionCounts(db: Kysely<DB>, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('report_submissions')
    .select(['report_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('report_id', 'in', ids)
    .groupBy('report_id')
    .execute();
  return new Map(rows.map((r) => [r.report_id, Number(r.n)]));
}

/** The columns a report's summary reads (not its narrative, data or manifest, which can run to megabytes). */
export const SUMMARY_COLUMNS = [
  'id',
  'type',
  'period',
  'version',
  'status',
  'title',
  'supersedes_id',
  'package_sha256',
  'signed_at',
  'signed_by',
  'updated_at',
  'updated_by',
] as const;
export type SummaryRow = Pick<ReportRow, (typeof SUMMARY_COLUMNS)[number]>;

/** What summaries and obligations read besides the reports, when the caller has read it already (the 工作台). */
export interface DueContext {
  cal: WorkCalendar;
  rules: ReportDueRules;
  settings: Awaited<ReturnType<typeof loadSettings>>;
}

export async function summaries(
  db: Kysely<DB>,
  rows: SummaryRow[],
  today: IsoDate,
  loaded?: DueContext,
): Promise<ReportSummary[]> {
  if (rows.length === 0) return [];
  const cal = loaded?.cal ?? (await loadWorkCalendar(db));
  const rules = loaded?.rules ?? (await loadDueRules(db));
  const numbers = await issuedNumbers(
    db,
    REPORT_NUMBER_KIND,
    rows.map((r) => r.id),
  );
  const submitted = await firstSubmissions(db, rows);
  const counts = await submissionCounts(
    db,
    rows.map((r) => r.id),
  );
  const ids = rows.map((r) => r.id);
  const successors = await db
    .selectFrom('reports')
    .select(['id', 'supersedes_id'])
    .where('supersedes_id', 'in', ids)
    .execute();
  const successorOf = new Map(successors.map((s) => [s.supersedes_id!, s.id]));
  return rows.map((r) => {
    const period = requirePeriod(r.period);
    return {
      id: r.id,
      type: r.type as ReportType,
      typeLabel: REPORT_TYPE_LABELS[r.type as ReportType],
      period: r.period,
      periodLabel: period.label,
      version: r.version,
      status: r.status as ReportStatus,
      title: r.title,
      docNumber: numbers.get(r.id)?.docNumber ?? null,
      supersedesId: r.supersedes_id,
      supersededById: successorOf.get(r.id) ?? null,
      packageSha256: r.package_sha256,
      signedAt: r.signed_at,
      signedBy: r.signed_by,
      due: dueOf(cal, rules, period, today, submitted.get(pairKey(r.type, r.period)) ?? null),
      submissions: counts.get(r.id) ?? 0,
      updatedAt: r.updated_at,
      updatedBy: r.updated_by,
    };
  });
}

export async function submissionLog(db: Kysely<DB>, reportId: number): Promise<ReportSubmission[]> {
  const rows = await db
    .selectFrom('report_submissions')
    .selectAll()
    .where('report_id', '=', reportId)
    .orderBy('sent_on')
    .orderBy('id')
    .execute();
  return rows.map((s) => ({
    id: s.id,
    reportId: s.report_id,
    method: s.method as SubmissionMethod,
    methodNote: s.method_note,
    recipient: s.recipient,
    sentOn: s.sent_on,
    note: s.note,
    packageSha256: s.package_sha256,
    recordedAt: s.recorded_at,
    recordedBy: s.recorded_by,
  }));
}

export async function loadReport(db: Kysely<DB>, id: number, now: Date): Promise<ReportDetail> {
  const row = await reportRow(db, id);
  const today = todayIso(now);
  const [summary] = await summaries(db, [row], today);
  const period = requirePeriod(row.period);
  const office = await getOffice(db);
  const narrative = JSON.parse(row.narrative_json) as NarrativeBlock[];
  const signed = row.status === 'signed';
  const live = (): Promise<ReportData> =>
    buildReportData(db, row.type as ReportType, period, beijingToday(now), {
      name: office?.name ?? '',
      uscc: office?.uscc ?? '',
    });
  const data: ReportData = signed ? (JSON.parse(row.data_json!) as ReportData) : await live();
  const previous = row.supersedes_id ? await reportRow(db, row.supersedes_id) : null;
  // A signed report stays as signed: what a recompilation would change is shown beside it, never put in it.
  const figureChanges = signed
    ? figureDiff(data, await live())
    : previous?.data_json
      ? figureDiff(JSON.parse(previous.data_json) as ReportData, data)
      : null;
  const previousNumber = previous
    ? ((await issuedNumbers(db, REPORT_NUMBER_KIND, [previous.id])).get(previous.id)?.docNumber ?? null)
    : null;
  return {
    ...summary!,
    periodStart: period.start,
    periodEnd: period.end,
    addressee: row.addressee,
    narrative,
    data,
    emptySections: emptySections(narrative),
    office: signed
      ? { name: data.office.name, uscc: data.office.uscc, docPrefix: office?.docPrefix ?? '' }
      : { name: office?.name ?? '', uscc: office?.uscc ?? '', docPrefix: office?.docPrefix ?? '' },
    date: signed ? localDay(row.signed_at!) : today,
    manifest: row.manifest_json ? (JSON.parse(row.manifest_json) as PackageManifest) : null,
    signerFingerprint: row.signer_fingerprint,
    supersedes: previous
      ? {
          id: previous.id,
          version: previous.version,
          packageSha256: previous.package_sha256,
          docNumber: previousNumber,
        }
      : null,
    correctionReason: row.correction_reason,
    figureChanges,
    submissionLog: await submissionLog(db, id),
  };
}

/** The indicators whose values differ between two versions of a report's figures, by key, in the newer order
 *  (then those the newer no longer has). */
export function figureDiff(signed: ReportData, now: ReportData): FigureChange[] {
  const before = new Map(signed.indicators.map((i) => [i.key, i]));
  const after = new Map(now.indicators.map((i) => [i.key, i]));
  const out: FigureChange[] = [];
  for (const i of now.indicators) {
    const b = before.get(i.key);
    const was = b ? b.value : null;
    if (!b || was !== i.value)
      out.push({ key: i.key, label: i.label, unit: i.unit, signed: was, now: i.value });
  }
  for (const b of signed.indicators)
    if (!after.has(b.key)) out.push({ key: b.key, label: b.label, unit: b.unit, signed: b.value, now: null });
  return out;
}

/** What the document is built from (preview, PDF, DOCX). */
export const docInput = reportDocInput;

/** The periods reports are due for around `today`: each quarter of this year and the last quarter of the
 *  previous one (季度阶段性工作总结), this and last year (年度工作总结, 综合监管结果年度评估报告), and every
 *  type and period a report was made for. Overdue first, then due soon, not yet due, and submitted. */
export async function obligations(
  db: Kysely<DB>,
  reports: ReportSummary[],
  today: IsoDate,
  loaded?: DueContext,
): Promise<ReportObligation[]> {
  const year = Number(today.slice(0, 4));
  const wanted = new Map<string, { type: ReportType; period: string }>();
  const want = (type: ReportType, period: string) => wanted.set(pairKey(type, period), { type, period });
  want('quarterly', `${year - 1}Q4`);
  for (const q of [1, 2, 3, 4]) want('quarterly', `${year}Q${q}`);
  for (const y of [year - 1, year]) {
    want('annual', String(y));
    want('assessment', String(y));
  }
  // Periods that ended before the office started using the app are not owed (a report made for one still shows).
  const { startQuarter } = loaded?.settings ?? (await loadSettings(db));
  if (startQuarter) {
    const startsOn = startQuarterFirstDay(startQuarter);
    for (const [k, w] of wanted) if (parsePeriod(w.period)!.end < startsOn) wanted.delete(k);
  }
  for (const r of reports) want(r.type, r.period);
  const cal = loaded?.cal ?? (await loadWorkCalendar(db));
  const rules = loaded?.rules ?? (await loadDueRules(db));
  const newest = new Map<string, ReportSummary>();
  for (const r of reports) {
    const k = pairKey(r.type, r.period);
    const prev = newest.get(k);
    if (!prev || r.version > prev.version) newest.set(k, r);
  }
  const order: Record<string, number> = { overdue: 0, due_soon: 1, not_due: 2, submitted: 3 };
  return [...wanted.values()]
    .map(({ type, period }) => {
      const p = parsePeriod(period)!;
      const r = newest.get(pairKey(type, period)) ?? null;
      return {
        type,
        typeLabel: REPORT_TYPE_LABELS[type],
        period,
        periodLabel: p.label,
        due: r ? r.due : dueOf(cal, rules, p, today, null),
        reportId: r?.id ?? null,
        reportStatus: r?.status ?? null,
      };
    })
    .sort(
      (a, b) =>
        order[a.due.status]! - order[b.due.status]! ||
        (a.due.status === 'submitted'
          ? b.due.dueOn.localeCompare(a.due.dueOn)
          : a.due.dueOn.localeCompare(b.due.dueOn)) ||
        a.type.localeCompare(b.type),
    );
}
