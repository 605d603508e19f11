// 依法执业自查 on the 工作台: the institutions past a self-inspection or 承诺书 deadline without a submission (one
// item each, the longest overdue first; beyond a screenful one item says how many more), and the year's
// indicators among the obligations (全面自查覆盖率, 日常自查按时率 of the latest quarter due, 问题整改率,
// 承诺书递交率). Computed with the module's own functions, so the dashboard and the module agree.
import type { DueItem, Obligation } from '../../shared/contract/dashboard';
import { deadlineRuleText } from '../../shared/domain/selfcheck';
import {
  dueItem,
  type DueItemSource,
  type IndicatorSource,
  type SourceContext,
} from '../core/dashboard-sources';
import { indicatorsAsOf, loadSetup } from './state';
import { overdueList } from './submissions';
import type { SelfcheckOverdue } from '../../shared/contract/selfcheck';

/** At most this many institutions listed per kind; the rest are counted in one item. */
export const DUE_LIST_CAP = 60;

const setupOf = (s: SourceContext) => s.once('selfcheck:setup', () => loadSetup(s.db, s.cal, s.year));
const overdue = (s: SourceContext) =>
  s.once('selfcheck:overdue', async () => overdueList(s.db, s.cal, s.year, s.today, await setupOf(s)));

/**
 * The overdue list's items by institution, each institution's in deadline order, the institutions that missed a
 * full self-inspection first, then by their earliest deadline, then by name (pinyin). `list` comes in overdueList's
 * order (deadline, then name, each institution's items together within a deadline), so the institutions first
 * appear in order of earliest deadline and name already: the full ones are moved ahead, keeping that order, with
 * no second sort by name (at thousands of institutions the collator was a third of this source's time).
 */
export function overdueGroups<T extends Pick<SelfcheckOverdue, 'institutionId' | 'periodKey'>>(
  list: readonly T[],
): T[][] {
  const byInstitution = new Map<number, T[]>();
  for (const o of list) {
    const g = byInstitution.get(o.institutionId);
    if (g) g.push(o);
    else byInstitution.set(o.institutionId, [o]);
  }
  const full: T[][] = [];
  const rest: T[][] = [];
  for (const g of byInstitution.values()) (g.some((o) => o.periodKey === 'full') ? full : rest).push(g);
  return [...full, ...rest];
}

/** One item per institution with everything it owes past its deadline (a missed full self-inspection first, then
 *  by the earliest deadline); registered 未自查 are dealt with and left out. */
async function items(s: SourceContext, pledge: boolean): Promise<DueItem[]> {
  const list = (await overdue(s)).filter(
    (o) => (o.periodKey === 'pledge') === pledge && o.registeredSeq === null,
  );
  const setup = await setupOf(s);
  const kind = pledge ? ('selfcheck_pledge' as const) : ('selfcheck' as const);
  const rule = pledge
    ? `《医疗机构依法执业承诺书》每年递交（期限 ${setup.pledgeDeadline}）`
    : `每年至少一次全面自查、每季度至少一次日常自查（日常自查${deadlineRuleText(setup.routineAfterDays)}）`;
  const groups = overdueGroups(list);
  const shown = groups.slice(0, DUE_LIST_CAP).map((g) =>
    dueItem(s, {
      key: `selfcheck:${kind}:${g[0]!.institutionId}`,
      kind,
      title: `${g[0]!.name}：${g.map((o) => o.label).join('、')}`,
      detail: pledge
        ? `未递交${s.year}年依法执业承诺书`
        : `${s.year}年未提交：${g.map((o) => `${o.label}（期限 ${o.deadline}）`).join('，')}`,
      dueOn: g[0]!.deadline,
      departments: [],
      link: '/selfcheck/overdue',
      rule,
    }),
  );
  const rest = groups.slice(DUE_LIST_CAP);
  if (rest.length)
    shown.push(
      dueItem(s, {
        key: `selfcheck:more:${kind}`,
        kind,
        title: `另有 ${rest.length} 家机构${pledge ? '未递交承诺书' : '逾期未自查'}`,
        detail: rest
          .slice(0, 5)
          .map((g) => g[0]!.name)
          .join('、'),
        dueOn: rest.map((g) => g[0]!.deadline).sort()[0]!,
        departments: [],
        link: '/selfcheck/overdue',
        rule,
      }),
    );
  return shown;
}

export const selfcheckDueItems: DueItemSource[] = [
  { kind: 'selfcheck', order: 85, load: (s) => items(s, false) },
  { kind: 'selfcheck_pledge', order: 86, load: (s) => items(s, true) },
];

const fmt = (r: number | null) => (r === null ? '—' : `${r}%`);

async function obligations(s: SourceContext): Promise<Obligation[]> {
  const setup = await setupOf(s);
  if (!setup.configured) return [];
  const x = await indicatorsAsOf(s.db, setup, s.today);
  const latestDue = [...x.quarters].reverse().find((q) => q.due) ?? null;
  const link = '/selfcheck';
  return [
    {
      key: 'selfcheck_full',
      label: '全面自查覆盖率',
      actual: x.fullCoverage ?? 0,
      required: 100,
      unit: '%',
      status: x.fullDone >= x.scope ? 'met' : setup.fullDeadline < s.today ? 'behind' : 'pending',
      note: `${x.fullDone}/${x.scope} 家已完成，期限 ${setup.fullDeadline}`,
      link,
    },
    {
      key: 'selfcheck_routine',
      label: latestDue ? `日常自查按时率（第${latestDue.quarter}季度）` : '日常自查按时率',
      actual: latestDue?.rate ?? 0,
      required: 100,
      unit: '%',
      status: !latestDue ? 'pending' : latestDue.onTime >= x.scope ? 'met' : 'behind',
      note: x.quarters.map((q) => `Q${q.quarter} ${q.due ? fmt(q.rate) : '未到期'}`).join('，'),
      link,
    },
    {
      key: 'selfcheck_fix',
      label: '自查问题整改率',
      actual: x.fixRate ?? 0,
      required: null,
      unit: '%',
      status: x.found === 0 || x.fixed >= x.found ? 'met' : 'pending',
      note: `发现问题 ${x.found} 个，已整改 ${x.fixed} 个`,
      link,
    },
    {
      key: 'selfcheck_pledge',
      label: '承诺书递交率',
      actual: x.pledgeRate ?? 0,
      required: 100,
      unit: '%',
      status: x.pledges >= x.scope ? 'met' : setup.pledgeDeadline < s.today ? 'behind' : 'pending',
      note: `${x.pledges}/${x.scope} 家已递交，期限 ${setup.pledgeDeadline}`,
      link,
    },
  ];
}

export const selfcheckIndicators: IndicatorSource[] = [{ order: 60, load: obligations }];
