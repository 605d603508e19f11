// 联合执法's charts on the 工作台: this year's inspections by month and outcome, and this year's 12345 complaints
// by category.
import type { DashboardCharts } from '../../shared/contract/dashboard';
import { COMPLAINT_CATEGORIES, COMPLAINT_CATEGORY_LABELS } from '../../shared/domain/enforcement-deadlines';
import { INSPECTION_OUTCOMES, INSPECTION_OUTCOME_LABELS } from '../../shared/domain/inspections';
import type { ChartSource, SourceContext } from '../core/dashboard-sources';
import { isoDateMonth } from '../core/dialect';
import { countSpotchecks } from './spotcheck';

async function inspectionsByMonth(s: SourceContext): Promise<DashboardCharts['inspectionsByMonth']> {
  const rows = await s.db
    .selectFrom('inspections')
    .select([isoDateMonth('inspected_on').as('month'), 'outcome', (eb) => eb.fn.countAll<number>().as('n')])
    .where('inspected_on', '>=', `${s.year}-01-01`)
    .where('inspected_on', '<=', `${s.year}-12-31`)
    .where('removed_at', 'is', null)
    .groupBy([isoDateMonth('inspected_on'), 'outcome'])
    .execute();
  if (!rows.length) return null;
  const months = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'));
  return {
    months: months.map((m) => `${Number(m)}月`),
    series: INSPECTION_OUTCOMES.map((o) => ({
      key: o,
      label: INSPECTION_OUTCOME_LABELS[o],
      data: months.map((m) => Number(rows.find((r) => r.month === m && r.outcome === o)?.n ?? 0)),
    })).filter((x) => x.data.some((v) => v > 0)),
  };
}

async function complaintsByCategory(s: SourceContext): Promise<DashboardCharts['complaintsByCategory']> {
  const complaints = await s.db
    .selectFrom('complaints')
    .select(['category', (eb) => eb.fn.countAll<number>().as('n')])
    .where('received_on', '>=', `${s.year}-01-01`)
    .where('received_on', '<=', `${s.year}-12-31`)
    .groupBy('category')
    .execute();
  const byCategory = new Map(complaints.map((c) => [c.category, Number(c.n)]));
  return COMPLAINT_CATEGORIES.map((c) => ({
    key: c,
    label: COMPLAINT_CATEGORY_LABELS[c],
    count: byCategory.get(c) ?? 0,
  }));
}

async function spotcheckCounts(s: SourceContext): Promise<DashboardCharts['spotcheckCounts']> {
  const c = await countSpotchecks(s.db, `${s.year}-01-01`, `${s.year}-12-31`);
  if (c.total.inspected === 0) return null;
  const counted = (rows: typeof c.byDepartment) =>
    rows.map(({ label, inspected, problems, cases }) => ({ label, inspected, problems, cases }));
  return {
    total: { inspected: c.total.inspected, problems: c.total.problems, cases: c.total.cases },
    byDepartment: counted(c.byDepartment),
    byItem: c.byItem.map(({ label, inspected, problems, problemRate }) => ({
      label,
      inspected,
      problems,
      problemRate,
    })),
    byCategory: counted(c.byCategory),
    byStreet: counted(c.byStreet),
  };
}

export const enforcementCharts: ChartSource[] = [
  { chart: 'inspectionsByMonth', order: 20, load: inspectionsByMonth },
  { chart: 'complaintsByCategory', order: 30, load: complaintsByCategory },
  { chart: 'spotcheckCounts', order: 35, load: spotcheckCounts },
];
