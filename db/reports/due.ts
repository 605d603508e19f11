// 报告上报 on the 工作台: the reports owed upstream (every period the reports module expects, not yet logged as
// sent) and the year's obligation of sending the 季度阶段性工作总结 on time.
import type { DueItem, Obligation } from '../../shared/contract/dashboard';
import {
  dueItem,
  type DueItemSource,
  type IndicatorSource,
  type SourceContext,
} from '../core/dashboard-sources';
import { chosenPreset, isOwnProvince } from '../../shared/domain/rule-presets';
import {
  SUMMARY_COLUMNS,
  loadDueRules,
  obligations as reportDueList,
  summaries as reportSummaries,
} from './store';

/** The periods reports are due for, with their state, read once per load (the due list and the obligations). */
function reportObligations(s: SourceContext) {
  return s.once('reports', async () => {
    // The summaries' columns only: not every signed report's data, narrative and manifest.
    // The calendar and settings the 工作台 has read for every source (each a round trip on the server).
    const [rows, rules] = await Promise.all([
      s.db.selectFrom('reports').select(SUMMARY_COLUMNS).execute(),
      loadDueRules(s.db),
    ]);
    const loaded = { cal: s.cal, settings: s.settings, rules };
    return reportDueList(s.db, await reportSummaries(s.db, rows, s.today, loaded), s.today, loaded);
  });
}

/** '依据京卫监督〔2019〕37号' for an office of the document's province, '参照京卫监督〔2019〕37号' for others. */
function quarterlySource(s: SourceContext): string {
  const p = chosenPreset(s.settings.rulePresets, 'reportDue');
  return `${isOwnProvince(p, s.settings.province) ? '依据' : '参照'}${p.document}`;
}

/** Reports owed upstream: every period the reports module expects (this year's quarters, last year's fourth,
 *  the yearly reports) not yet logged as sent. */
async function reportSubmissions(s: SourceContext): Promise<DueItem[]> {
  return (await reportObligations(s))
    .filter((o) => o.due.status !== 'submitted')
    .map((o) =>
      dueItem(s, {
        key: `report:${o.type}:${o.period}`,
        kind: 'report_submission',
        title: `${o.periodLabel}${o.typeLabel}`,
        detail:
          o.reportStatus === 'signed'
            ? '已签发，待登记报送'
            : o.reportStatus === 'draft'
              ? '草稿编写中'
              : '尚未编写',
        dueOn: o.due.dueOn,
        departments: [],
        link: o.reportId ? `/reports/${o.reportId}` : '/reports',
        rule: `${o.due.ruleText}前报送${o.type === 'quarterly' ? `（${quarterlySource(s)}）` : ''}`,
      }),
    );
}

export const reportDueItems: DueItemSource[] = [
  { kind: 'report_submission', order: 80, load: reportSubmissions },
];

/** 季度阶段性工作总结: this year's quarters whose due day has passed, and how many went out by it. */
async function quarterliesOnTime(s: SourceContext): Promise<Obligation[]> {
  const quarters = (await reportObligations(s)).filter(
    (o) => o.type === 'quarterly' && o.period.startsWith(String(s.year)) && o.due.dueOn < s.today,
  );
  const onTime = quarters.filter(
    (o) => o.due.submittedOn !== null && o.due.submittedOn <= o.due.dueOn,
  ).length;
  return [
    {
      key: 'quarterly_on_time',
      label: '季度工作总结按时报送',
      actual: onTime,
      required: quarters.length,
      unit: '个季度',
      status: onTime >= quarters.length ? 'met' : 'behind',
      note: `已到期的 ${quarters.length} 个季度中按时报送 ${onTime} 个（季度最后一个工作日前）`,
      link: '/reports',
    },
  ];
}

export const reportIndicators: IndicatorSource[] = [{ order: 40, load: quarterliesOnTime }];
