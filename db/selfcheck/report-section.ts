// 依法执业自查's section of the quarterly summary, the annual report and the assessment: the year's coverage as of
// the period's end (全面自查覆盖率, 日常自查按时率 per quarter begun, 问题整改率, 承诺书递交率) and the period's
// 督导检查, 不实 findings and 告诫谈话. Counts carry stable keys and add up across districts in the 市级汇总; the
// rates are rates of two counts of the section, so the city's roll-up recomputes them from the summed counts.
import type { Quarter } from '../../shared/dates';
import { QUARTER_TEXT } from '../../shared/domain/selfcheck';
import { count, ind, rateInd, stock, type ReportSection } from '../core/report-sections';
import { loadWorkCalendar } from '../system/calendar';
import { indicatorsAsOf, loadSetup } from './state';

const selfcheckSection: ReportSection = {
  key: 'selfcheck',
  title: '医疗机构依法执业自查',
  order: 65,
  types: ['quarterly', 'annual', 'assessment'],
  tables: [
    'selfcheck_years',
    'selfcheck_campaigns',
    'selfcheck_submissions',
    'selfcheck_pledges',
    'selfcheck_missing',
    'selfcheck_supervisions',
    'warning_talks',
    'institutions',
    'inspections',
  ],
  async collect({ db, period, asOf, asOfEndAt }) {
    const cal = await loadWorkCalendar(db);
    const setup = await loadSetup(db, cal, period.year);
    const x = await indicatorsAsOf(db, setup, asOf);
    const lastQuarter: Quarter = period.quarter ?? 4;
    const quarters = x.quarters.filter((q) => q.quarter <= lastQuarter);

    const scopeInd = stock('selfcheck.scope', '自查范围内医疗机构', x.scope, '家');
    const fullDone = stock('selfcheck.fullDone', '已完成全面自查', x.fullDone, '家');
    const fullOnTime = stock('selfcheck.fullOnTime', '其中按期完成', x.fullOnTime, '家');
    const found = stock('selfcheck.found', '自查发现问题', x.found, '个');
    const fixed = stock('selfcheck.fixed', '已整改问题', x.fixed, '个');
    const pledges = stock('selfcheck.pledges', '已递交依法执业承诺书', x.pledges, '家');
    const routine = quarters.flatMap((q) => {
      const onTime = stock(
        `selfcheck.routineQ${q.quarter}.onTime`,
        `${QUARTER_TEXT[q.quarter]}日常自查按期完成`,
        q.onTime,
        '家',
      );
      return [
        onTime,
        rateInd(
          `selfcheck.routineQ${q.quarter}.rate`,
          `${QUARTER_TEXT[q.quarter]}日常自查按时率`,
          onTime,
          scopeInd,
        ),
      ];
    });

    const supervisions = await db
      .selectFrom('selfcheck_supervisions as v')
      .innerJoin('inspections as x', 'x.id', 'v.inspection_id')
      .innerJoin('selfcheck_submissions as s', 's.id', 'v.submission_id')
      .innerJoin('institutions as i', 'i.id', 's.institution_id')
      .select(['x.inspected_on', 'v.untrue', 'i.name', 's.period_key', 'v.credit_seq'])
      // A removed inspection is no 督导 (and the date index, inspections_date, covers only those not removed).
      .where('x.removed_at', 'is', null)
      .where('x.inspected_on', '>=', period.start)
      .where('x.inspected_on', '<=', asOf)
      .orderBy('x.inspected_on')
      .execute();
    const talks = await db
      .selectFrom('warning_talks')
      .select((e) => e.fn.countAll().as('n'))
      .where('talk_on', '>=', period.start)
      .where('talk_on', '<=', asOf)
      .executeTakeFirst();
    const missing = await db
      .selectFrom('selfcheck_missing')
      .select((e) => e.fn.countAll().as('n'))
      .where('year', '=', period.year)
      .where('recorded_at', '<', asOfEndAt)
      .executeTakeFirst();
    const untrue = supervisions.filter((s) => s.untrue === 1);

    return {
      indicators: [
        scopeInd,
        fullDone,
        fullOnTime,
        rateInd('selfcheck.fullCoverage', '全面自查覆盖率', fullDone, scopeInd),
        ...routine,
        found,
        fixed,
        rateInd('selfcheck.fixRate', '问题整改率', fixed, found),
        pledges,
        rateInd('selfcheck.pledgeRate', '承诺书递交率', pledges, scopeInd),
        stock('selfcheck.missingRegistered', '登记未自查（记入信用台账）', count(missing?.n), '次'),
        ind('selfcheck.supervisions', '自查督导检查', supervisions.length, '家次'),
        ind('selfcheck.untrue', '其中认定自查不实', untrue.length, '家次'),
        ind('selfcheck.warningTalks', '执业告诫谈话', count(talks?.n), '次'),
      ],
      tables: [
        {
          key: 'selfcheck_quarters',
          title: `日常自查按季度完成情况（${period.year}年）`,
          columns: ['季度', '截止日期', '已提交', '按期提交', '按时率'],
          rows: quarters.map((q) => [
            QUARTER_TEXT[q.quarter],
            q.deadline,
            q.submitted,
            q.onTime,
            q.due ? (q.rate === null ? '—' : `${q.rate}%`) : '未到期',
          ]),
        },
        {
          key: 'selfcheck_untrue',
          title: '自查督导认定不实的机构',
          columns: ['检查日期', '机构', '自查期间', '信用台账序号'],
          rows: untrue.map((s) => [s.inspected_on, s.name, s.period_key, s.credit_seq ?? '']),
        },
      ],
    };
  },
};

export const selfcheckReportSections: ReportSection[] = [selfcheckSection];
