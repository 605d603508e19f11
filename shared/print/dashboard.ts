// 领导版一页纸: the dashboard on one A4 sheet in GB/T 9704 style, for meetings with the district leader. Every
// figure comes from the same DashboardData the screen shows, so the page and the screen cannot disagree.
import type { DashboardData, DueKind } from '../contract/dashboard';
import { DUE_KIND_LABELS, DUE_KINDS } from '../contract/dashboard';
import { formatChineseDate } from '../dates';
import type { OfficialDoc } from './official';

export interface DueTally {
  kind: DueKind;
  overdue: number;
  today: number;
  week: number;
  total: number;
  /** Days the longest-overdue item of the kind is late (0 when none is overdue). */
  longestLate: number;
}

/** Counts per kind, in the list's kind order, for the kinds that have any open item. */
export function dueTallies(data: DashboardData): DueTally[] {
  return DUE_KINDS.flatMap((kind) => {
    const g = data.groups.find((x) => x.kind === kind);
    return g
      ? [
          {
            kind,
            overdue: g.overdue,
            today: g.today,
            week: g.week,
            total: g.total,
            longestLate: g.longestLate,
          },
        ]
      : [];
  });
}

/** The year's 双随机抽查 work in one sentence (the page is one sheet, so briefly): the totals and the item found
 *  wanting most often; the tables by department and item are on the dashboard and in the statistics report. */
export function spotcheckSentence(c: NonNullable<DashboardData['charts']['spotcheckCounts']>): string {
  const [worst] = c.byItem
    .filter((i) => i.problemRate !== null && i.problemRate > 0)
    .sort((a, b) => b.problemRate! - a.problemRate! || b.inspected - a.inspected);
  return `双随机抽查 ${c.total.inspected} 户次，发现问题 ${c.total.problems} 户次，立案 ${c.total.cases} 件${
    worst ? `，不合格率最高：${worst.label} ${worst.problemRate}%` : ''
  }。`;
}

export function leaderSummaryDoc(data: DashboardData, office: { name: string }): OfficialDoc {
  const spot = data.charts.spotcheckCounts;
  const tallies = dueTallies(data);
  const sum = (k: 'overdue' | 'today' | 'week' | 'total') => tallies.reduce((a, t) => a + t[k], 0);
  const complaints = data.charts.complaintsByCategory.reduce((a, c) => a + c.count, 0);
  const tiers = data.charts.tierDistribution
    .map((t) => `${t.key === 'none' ? '未评定' : t.key} ${t.count}`)
    .join('、');
  return {
    kind: 'plain',
    title: '医疗卫生行业综合监管工作情况',
    blocks: [
      // One row per kind (the matters themselves are on the screen): a sheet holds every module's line. The
      // section names head the tables' first columns rather than taking a heading line each, so the worst case
      // (every kind overdue, every indicator shown) keeps to one sheet.
      {
        type: 'table',
        columns: ['待办与逾期', '已逾期', '今日', '本周内', '合计', '最久逾期'],
        compact: true,
        widths: [4, 1.7, 1.7, 1.7, 1.7, 2.2],
        rows: [
          ...tallies.map((t) => [
            DUE_KIND_LABELS[t.kind],
            String(t.overdue),
            String(t.today),
            String(t.week),
            String(t.total),
            t.longestLate ? `${t.longestLate} 日` : '—',
          ]),
          [
            '合计',
            String(sum('overdue')),
            String(sum('today')),
            String(sum('week')),
            String(sum('total')),
            tallies.some((t) => t.longestLate) ? `${Math.max(...tallies.map((t) => t.longestLate))} 日` : '—',
          ],
        ],
      },
      {
        type: 'table',
        columns: [`${data.year}年履职指标`, '完成', '要求', '情况'],
        compact: true,
        widths: [6, 2, 2, 2],
        rows: data.obligations.map((o) => [
          o.label,
          `${o.actual} ${o.unit}`,
          o.required === null ? '—' : `${o.required} ${o.unit}`,
          o.status === 'met' ? '已达到' : o.status === 'behind' ? '未达到' : '尚未达到',
        ]),
      },
      {
        type: 'p',
        // One paragraph with the 双随机 work: the sheet has no room for another table.
        text: `本年受理 12345 投诉 ${complaints} 件；机构信用等级 ${tiers}。${spot ? spotcheckSentence(spot) : ''}`,
      },
    ],
    // One sheet: the office and date are in the subtitle, no 落款 block.
    subtitle: `（${office.name}，截至${formatChineseDate(data.today)}）`,
  };
}
