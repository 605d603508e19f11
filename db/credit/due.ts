// 信用台账's deadlines on the 工作台: 记分通知书 still to be served for the last year's demerits (within N working
// days of the facts' confirmation), and black/red list disclosures ending within 30 days.
import type { DueItem } from '../../shared/contract/dashboard';
import { addCalendarDays } from '../../shared/dates';
import { noticeDueOn, type CreditRules, type CreditSubjectKind } from '../../shared/domain/credit-rules';
import {
  afterStart,
  dueItem,
  noUrgencies,
  urgencyOf,
  type DueItemSource,
  type DuePageQuery,
  type DueSummary,
  type SourceContext,
} from '../core/dashboard-sources';
import { compareText } from '../../shared/collate';
import { currentlyDisclosed } from './lists-state';
import { NOTICE_KIND } from './notices';
import { loadRules } from './state';

/** Demerit entries of the last year (earlier ones belong to closed cycles) whose 记分通知书 is not yet issued. */
function unissuedNotices(s: SourceContext) {
  return (
    s.db
      .selectFrom('credit_ledger as l')
      .where('l.type', '=', 'demerit')
      .where('l.fact_date', '>=', addCalendarDays(s.today, -366))
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
  );
}

/** Each notice's deadline: a year's demerits fall on a few hundred days, each day's counted once (working days). */
function noticeDeadlines(s: SourceContext, rules: CreditRules) {
  const dueOnOf = new Map<string, string>();
  return (kind: CreditSubjectKind, factDate: string) => {
    const key = `${kind}:${factDate}`;
    let d = dueOnOf.get(key);
    if (d === undefined) dueOnOf.set(key, (d = noticeDueOn(s.cal, factDate, rules[kind])));
    return d;
  };
}

const NOTICE_COLUMNS = [
  'l.seq',
  'l.subject_kind',
  'l.subject_id',
  'l.subject_name',
  'l.behaviour_name',
  'l.points',
  'l.fact_date',
] as const;

type Unissued = ReturnType<typeof unissuedNotices>;

/** The credit rules, read once per 工作台 load (the notices' count and their items both need them). */
const creditRules = (s: SourceContext) => s.once('credit:rules', () => loadRules(s.db, s.settings));

/** 记分通知书 not yet issued as due items: every one (the 工作台's full list, dashboard.due), or those `narrow` keeps. */
async function creditNotices(
  s: SourceContext,
  narrow: (q: Unissued) => Unissued = (q) => q,
): Promise<DueItem[]> {
  const rows = await narrow(unissuedNotices(s)).select(NOTICE_COLUMNS).execute();
  if (rows.length === 0) return [];
  const rules = await creditRules(s);
  const dueOn = noticeDeadlines(s, rules);
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

/** A day of unissued notices: the kind of subject, the day the facts were confirmed, how many, and their deadline. */
interface NoticeDay {
  kind: CreditSubjectKind;
  factDate: string;
  n: number;
  dueOn: string;
}

/** The unissued notices counted per kind of subject and day of confirmation in SQL (from an index alone), those due
 *  after the office's start, earliest deadline first. */
async function noticeDays(s: SourceContext): Promise<NoticeDay[]> {
  const days = await unissuedNotices(s)
    .select((e) => ['l.subject_kind', 'l.fact_date', e.fn.countAll().as('n')])
    .groupBy(['l.subject_kind', 'l.fact_date'])
    .execute();
  if (days.length === 0) return [];
  const dueOn = noticeDeadlines(s, await creditRules(s));
  return days
    .map((d) => ({
      kind: d.subject_kind as CreditSubjectKind,
      factDate: d.fact_date,
      n: Number(d.n),
      dueOn: dueOn(d.subject_kind as CreditSubjectKind, d.fact_date),
    }))
    .filter((d) => afterStart(s, d.dueOn))
    .sort((a, b) => compareText(a.dueOn, b.dueOn));
}

/** The notices of the days due lo..hi made into items. A kind's deadline grows with the day of confirmation, so
 *  those days are one run of dates per kind, read as a range of the index. */
async function noticesDue(s: SourceContext, days: NoticeDay[], lo: string, hi: string): Promise<DueItem[]> {
  const span = new Map<CreditSubjectKind, { from: string; to: string }>();
  for (const d of days) {
    if (d.dueOn < lo || d.dueOn > hi) continue;
    const x = span.get(d.kind);
    if (!x) span.set(d.kind, { from: d.factDate, to: d.factDate });
    else if (d.factDate < x.from) x.from = d.factDate;
    else if (d.factDate > x.to) x.to = d.factDate;
  }
  if (span.size === 0) return [];
  const items = await creditNotices(s, (q) =>
    q.where((e) =>
      e.or(
        [...span].map(([kind, x]) =>
          e.and([
            e('l.subject_kind', '=', kind),
            e('l.fact_date', '>=', x.from),
            e('l.fact_date', '<=', x.to),
          ]),
        ),
      ),
    ),
  );
  return items.filter((i) => i.dueOn >= lo && i.dueOn <= hi);
}

/** The due day the first `end` of `ordered` reach (its last day when they are fewer). */
function dayReached(ordered: NoticeDay[], end: number): string {
  let reached = 0;
  for (const d of ordered) {
    reached += d.n;
    if (reached >= end) return d.dueOn;
  }
  return ordered[ordered.length - 1]!.dueOn;
}

/**
 * The same for the 工作台 itself: counted per day of confirmation in SQL, and only the notices of the earliest
 * deadlines made into items (those up to the deadline that reaches `first`, all of that day's included). A year's
 * thousands of notices not yet issued once took a third of the 工作台's time.
 */
async function summarizeNotices(s: SourceContext, first: number): Promise<DueSummary> {
  const none: DueSummary = {
    counts: noUrgencies(),
    longestLate: 0,
    first: [],
    departments: [],
    people: [],
  };
  const due = await noticeDays(s);
  if (due.length === 0) return none;
  const counts = { ...none.counts };
  for (const d of due) counts[urgencyOf(d.dueOn, s.today).urgency] += d.n;
  const longestLate = Math.max(0, -urgencyOf(due[0]!.dueOn, s.today).daysLeft);
  return {
    ...none,
    counts,
    longestLate,
    first: await noticesDue(s, due, due[0]!.dueOn, dayReached(due, first)),
  };
}

/**
 * A block of the whole list the same way (dashboard.due): the days of the block's range counted, and items made
 * only of the days up to the one the block's end reaches, in the block's order. The whole list once made every
 * notice of the year and sorted them all for each block of a hundred (4,000 at ten years, 12,000 at three times).
 */
async function pageNotices(s: SourceContext, q: DuePageQuery): Promise<{ total: number; items: DueItem[] }> {
  // A notice names no department and no 经办人: a filter on either keeps none.
  if (q.departmentId !== undefined || q.person !== undefined) return { total: 0, items: [] };
  const days = (await noticeDays(s)).filter(
    (d) => (q.from === null || d.dueOn >= q.from) && (q.to === null || d.dueOn <= q.to),
  );
  if (days.length === 0) return { total: 0, items: [] };
  const total = days.reduce((a, d) => a + d.n, 0);
  const first = days[0]!.dueOn;
  const last = days[days.length - 1]!.dueOn;
  const [lo, hi] = q.desc ? [dayReached([...days].reverse(), q.end), last] : [first, dayReached(days, q.end)];
  return { total, items: await noticesDue(s, days, lo, hi) };
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
  {
    kind: 'credit_notice',
    order: 50,
    load: (s) => creditNotices(s),
    summarize: summarizeNotices,
    page: pageNotices,
  },
  { kind: 'disclosure_end', order: 90, load: disclosureEnds },
];
