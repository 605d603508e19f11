// 信用台账's deadlines on the 工作台: 记分通知书 still to be served for the last year's demerits (within N working
// days of the facts' confirmation), and black/red list disclosures ending within 30 days.
import type { DueItem } from '../../shared/contract/dashboard';
import { addCalendarDays } from '../../shared/dates';
import { noticeDueOn, type CreditSubjectKind } from '../../shared/domain/credit-rules';
import { dueItem, type DueItemSource, type SourceContext } from '../core/dashboard-sources';
import { currentlyDisclosed } from './lists-state';
import { NOTICE_KIND } from './notices';
import { loadRules } from './state';

/** 记分通知书 not yet issued for demerit entries of the last year (earlier ones belong to closed cycles). */
async function creditNotices(s: SourceContext): Promise<DueItem[]> {
  const since = addCalendarDays(s.today, -366);
  const rows = await s.db
    .selectFrom('credit_ledger as l')
    .select([
      'l.seq',
      'l.subject_kind',
      'l.subject_id',
      'l.subject_name',
      'l.behaviour_name',
      'l.points',
      'l.fact_date',
    ])
    .where('l.type', '=', 'demerit')
    .where('l.fact_date', '>=', since)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('credit_ledger as c').select('c.seq').whereRef('c.amends_seq', '=', 'l.seq'))),
    )
    // Not yet issued: looked up by the (kind, ref_id) key row by row (a list of a year's thousands of entries as
    // parameters took most of this source's time).
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('doc_numbers as n')
            .select('n.ref_id')
            .where('n.kind', '=', NOTICE_KIND)
            .whereRef('n.ref_id', '=', 'l.seq'),
        ),
      ),
    )
    .execute();
  if (rows.length === 0) return [];
  const rules = await loadRules(s.db);
  // A year's demerits fall on a few hundred days: each day's deadline is counted once (working days).
  const dueOnOf = new Map<string, string>();
  const dueOn = (kind: CreditSubjectKind, factDate: string) => {
    const key = `${kind}:${factDate}`;
    let d = dueOnOf.get(key);
    if (d === undefined) dueOnOf.set(key, (d = noticeDueOn(s.cal, factDate, rules[kind])));
    return d;
  };
  return rows.map((r) =>
    dueItem(s, {
      key: `credit-notice:${r.seq}`,
      kind: 'credit_notice',
      title: `${r.subject_name} 记分通知书`,
      detail: `台账第 ${r.seq} 条：${r.behaviour_name ?? '不良执业行为'} 记 ${r.points ?? 0} 分（${r.fact_date} 确认）`,
      dueOn: dueOn(r.subject_kind as CreditSubjectKind, r.fact_date),
      departments: [],
      link: `/credit/${r.subject_kind}/${r.subject_id}`,
      rule: `确认违法事实之日起 ${rules[r.subject_kind as CreditSubjectKind].noticeWorkingDays} 个工作日内送达记分通知书`,
    }),
  );
}

/** Black/red list disclosures ending within the next 30 days (the public list drops them the day after). */
async function disclosureEnds(s: SourceContext): Promise<DueItem[]> {
  const horizon = addCalendarDays(s.today, 30);
  const out: DueItem[] = [];
  for (const list of ['black', 'red'] as const) {
    for (const l of await currentlyDisclosed(s.db, s.today, list)) {
      if (!l.disclosureEnd || l.disclosureEnd > horizon) continue;
      out.push(
        dueItem(s, {
          key: `disclosure:${l.id}`,
          kind: 'disclosure_end',
          title: `${l.subject.name} ${list === 'black' ? '黑名单' : '红名单'}公示期满`,
          detail: `${l.basisNumber}，${l.disclosureStart ?? l.decisionDate} 起公示，期满后自动停止公示`,
          dueOn: l.disclosureEnd,
          departments: [],
          person: l.recordedBy,
          link: `/credit/${l.subject.kind}/${l.subject.id}`,
          rule: '公示期满自动停止公示（信用修复管理办法：一般失信 3 个月至 1 年，严重失信 1 至 3 年）',
        }),
      );
    }
  }
  return out;
}

export const creditDueItems: DueItemSource[] = [
  { kind: 'credit_notice', order: 50, load: creditNotices },
  { kind: 'disclosure_end', order: 90, load: disclosureEnds },
];
