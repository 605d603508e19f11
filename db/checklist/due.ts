// 任务清单 on the 工作台: the quarterly progress reports departments still owe (previous and current quarter,
// due by the office's deadline rule), the year's obligation (items whose every unit reported last quarter) and
// the chart of this quarter's status by department.
import type { DashboardCharts, DueItem, Obligation } from '../../shared/contract/dashboard';
import { PROGRESS_STATUSES, PROGRESS_STATUS_LABELS } from '../../shared/domain/checklist';
import { quarterOf, type Quarter } from '../../shared/dates';
import type { Kysely } from 'kysely';
import {
  dueItem,
  type ChartSource,
  type DueItemSource,
  type IndicatorSource,
  type SourceContext,
} from '../core/dashboard-sources';
import type { DB } from '../core/schema';
import { reportDeadline } from './progress';

/** Each responsible unit of a checklist's live items, with its report for the quarter when there is one. */
function unitReports(db: Kysely<DB>, checklistId: number, quarter: number) {
  return db
    .selectFrom('checklist_item_units as u')
    .innerJoin('checklist_items as i', 'i.id', 'u.item_id')
    .innerJoin('departments as d', 'd.id', 'u.department_id')
    .leftJoin('checklist_progress as p', (j) =>
      j
        .onRef('p.item_id', '=', 'u.item_id')
        .onRef('p.department_id', '=', 'u.department_id')
        .on('p.quarter', '=', quarter),
    )
    .where('i.checklist_id', '=', checklistId)
    .where('i.retired', '=', 0);
}

/** A year's checklist, read once per 工作台 load (three sources ask for it: a round trip each on the server). */
function checklistOf(s: SourceContext, year: number) {
  return s.once(`checklist:${year}`, () =>
    s.db.selectFrom('checklists').select('id').where('year', '=', year).executeTakeFirst(),
  );
}

/** The quarters whose checklist reports the office is chasing today: the previous quarter and this one. */
function chasedQuarters(today: string): { year: number; quarter: Quarter }[] {
  const now = quarterOf(today);
  const prev =
    now.quarter === 1
      ? { year: now.year - 1, quarter: 4 as Quarter }
      : { year: now.year, quarter: (now.quarter - 1) as Quarter };
  return [prev, { year: now.year, quarter: now.quarter as Quarter }];
}

/** Per department and quarter: its checklist items still without a progress report. */
async function checklistReports(s: SourceContext): Promise<DueItem[]> {
  const out: DueItem[] = [];
  for (const { year, quarter } of chasedQuarters(s.today)) {
    const list = await checklistOf(s, year);
    if (!list) continue;
    const missing = await unitReports(s.db, list.id, quarter)
      .select(['d.id', 'd.short_name', (eb) => eb.fn.countAll<number>().as('n')])
      .where('p.id', 'is', null)
      .groupBy(['d.id', 'd.short_name'])
      .orderBy('d.id')
      .execute();
    const dueOn = reportDeadline(s.cal, s.settings.checklistReportDeadline, year, quarter);
    for (const m of missing)
      out.push(
        dueItem(s, {
          key: `checklist:${year}Q${quarter}:${m.id}`,
          kind: 'checklist_report',
          title: `${m.short_name} ${year} 年第${quarter}季度进度报告`,
          detail: `尚有 ${Number(m.n)} 项任务未报送进度`,
          dueOn,
          departments: [{ id: m.id, name: m.short_name }],
          link: '/checklist',
          rule:
            s.settings.checklistReportDeadline.rule === 'lastWorkingDay'
              ? '每季度最后一个工作日前报送（任务清单落实情况）'
              : `季度结束后 ${s.settings.checklistReportDeadline.days} 个工作日内报送`,
        }),
      );
  }
  return out;
}

export const checklistDueItems: DueItemSource[] = [
  { kind: 'checklist_report', order: 40, load: checklistReports },
];

/** Items whose every responsible department reported for the last quarter that has ended. */
async function reportedItems(s: SourceContext): Promise<Obligation[]> {
  const now = quarterOf(s.today);
  const last =
    now.quarter === 1 ? { year: now.year - 1, quarter: 4 } : { year: now.year, quarter: now.quarter - 1 };
  const list = await checklistOf(s, last.year);
  if (!list) return [];
  const rows = await unitReports(s.db, list.id, last.quarter)
    .select([
      'u.item_id',
      (eb) => eb.fn.countAll<number>().as('units'),
      (eb) => eb.fn.count<number>('p.id').as('reported'),
    ])
    .groupBy('u.item_id')
    .execute();
  const complete = rows.filter((r) => Number(r.reported) >= Number(r.units)).length;
  return [
    {
      key: 'checklist_reported',
      label: `任务清单第${last.quarter}季度报告齐全的事项`,
      actual: complete,
      required: rows.length,
      unit: '项',
      status: complete >= rows.length ? 'met' : 'behind',
      note: `${last.year} 年第${last.quarter}季度：每项任务的全部责任单位均已报送进度`,
      link: '/checklist',
    },
  ];
}

export const checklistIndicators: IndicatorSource[] = [{ order: 50, load: reportedItems }];

/** Checklist status by department, this quarter. */
async function checklistByDepartment(s: SourceContext): Promise<DashboardCharts['checklistByDepartment']> {
  const now = quarterOf(s.today);
  const list = await checklistOf(s, now.year);
  if (!list) return null;
  const rows = await unitReports(s.db, list.id, now.quarter)
    .select(['d.id', 'd.short_name', 'd.sort_order', 'p.status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['d.id', 'p.status'])
    .orderBy('d.sort_order')
    .orderBy('d.id')
    .execute();
  const depts = [...new Map(rows.map((r) => [r.id, r.short_name])).entries()];
  const index = new Map(depts.map(([id], i) => [id, i]));
  const keys = [...PROGRESS_STATUSES, 'missing'] as const;
  const series = keys.map((k) => ({
    key: k,
    label: k === 'missing' ? '未报送' : PROGRESS_STATUS_LABELS[k],
    data: depts.map(() => 0),
  }));
  for (const r of rows) {
    const k = (r.status ?? 'missing') as (typeof keys)[number];
    series[keys.indexOf(k)]!.data[index.get(r.id)!]! += Number(r.n);
  }
  return {
    year: now.year,
    quarter: now.quarter,
    departments: depts.map(([, n]) => n),
    series: series.filter((x) => x.data.some((v) => v > 0)),
  };
}

export const checklistCharts: ChartSource[] = [
  { chart: 'checklistByDepartment', order: 10, load: checklistByDepartment },
];
