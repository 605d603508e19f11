// 信用台账's charts on the 工作台: the institutions' credit tiers (the tier the credit rules keep on each
// institution) and this year's points-threshold crossings.
import type { DashboardCharts } from '../../shared/contract/dashboard';
import { CREDIT_TIERS, INSTITUTION_DEREGISTERED } from '../../shared/domain/institutions';
import type { ChartSource, SourceContext } from '../core/dashboard-sources';

async function tierDistribution(s: SourceContext): Promise<DashboardCharts['tierDistribution']> {
  const tiers = await s.db
    .selectFrom('institutions')
    .select(['credit_tier', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '!=', INSTITUTION_DEREGISTERED)
    .groupBy('credit_tier')
    .execute();
  const byTier = new Map(tiers.map((t) => [t.credit_tier ?? 'none', Number(t.n)]));
  return [...CREDIT_TIERS, 'none'].map((t) => ({
    key: t,
    label: t === 'none' ? '未评定' : `${t} 级`,
    count: byTier.get(t) ?? 0,
  }));
}

async function thresholdCrossings(s: SourceContext): Promise<DashboardCharts['thresholdCrossings']> {
  const crossings = await s.db
    .selectFrom('credit_warnings')
    .select(['subject_kind', 'threshold', (eb) => eb.fn.countAll<number>().as('n')])
    .where('raised_at', '>=', `${s.year}-01-01`)
    .where('raised_at', '<=', `${s.year}-12-31T23:59:59.999Z`)
    .groupBy(['subject_kind', 'threshold'])
    .orderBy('subject_kind')
    .orderBy('threshold')
    .execute();
  return crossings.map((c) => ({
    key: `${c.subject_kind}:${c.threshold}`,
    label: `${c.subject_kind === 'institution' ? '机构' : '人员'} ≥${c.threshold} 分`,
    count: Number(c.n),
  }));
}

export const creditCharts: ChartSource[] = [
  { chart: 'tierDistribution', order: 40, load: tierDistribution },
  { chart: 'thresholdCrossings', order: 50, load: thresholdCrossings },
];
