// 任务清单's section of a report's figures: the period's checklist, its units' progress for the quarter and the
// lead units' summaries. Registered in ./index.ts; db/reports/figures.ts loops over the registered sections.
import { parseIsoDate, type IsoDate, type Quarter } from '../../shared/dates';
import { PROGRESS_STATUS_LABELS, type ProgressStatus } from '../../shared/domain/checklist';
import type { ReportPeriod } from '../../shared/domain/reports';
import { rateInd, stock, type ReportSection } from '../core/report-sections';

// ------------------------------------------------------------------------------------- 部门职责任务清单

/** The quarter a period's checklist figures are read for: the period's own, or for a year the last quarter
 *  begun by asOf. */
export function checklistQuarter(period: ReportPeriod, asOf: IsoDate): Quarter {
  if (period.quarter) return period.quarter;
  if (asOf >= period.end) return 4;
  const month = parseIsoDate(asOf).month;
  return (Math.floor((month - 1) / 3) + 1) as Quarter;
}

const checklistSection: ReportSection = {
  key: 'checklist',
  title: '部门职责任务清单落实',
  order: 20,
  types: ['quarterly', 'annual', 'checklist'],
  tables: ['checklists', 'checklist_items', 'checklist_item_units', 'checklist_progress', 'departments'],
  async collect({ db, period, asOf }) {
    const quarter = checklistQuarter(period, asOf);
    const list = await db
      .selectFrom('checklists')
      .select(['id', 'title'])
      .where('year', '=', period.year)
      .executeTakeFirst();
    const items = list
      ? await db
          .selectFrom('checklist_items')
          .select(['id', 'seq', 'title'])
          .where('checklist_id', '=', list.id)
          .where('retired', '=', 0)
          .orderBy('seq')
          .execute()
      : [];
    const itemIds = items.map((i) => i.id);
    const units = itemIds.length
      ? await db
          .selectFrom('checklist_item_units as u')
          .innerJoin('departments as d', 'd.id', 'u.department_id')
          .select(['u.item_id', 'u.department_id', 'u.role', 'u.position', 'd.short_name', 'd.sort_order'])
          .where('u.item_id', 'in', itemIds)
          .orderBy('u.item_id')
          .orderBy('u.position')
          .execute()
      : [];
    const progress = itemIds.length
      ? await db
          .selectFrom('checklist_progress')
          .select(['item_id', 'department_id', 'status'])
          .where('item_id', 'in', itemIds)
          .where('quarter', '=', quarter)
          .execute()
      : [];
    const summaries = itemIds.length
      ? await db
          .selectFrom('checklist_summaries')
          .select(['item_id', 'text'])
          .where('item_id', 'in', itemIds)
          .where('quarter', '=', quarter)
          .execute()
      : [];
    const statusOf = new Map(
      progress.map((p) => [`${p.item_id}:${p.department_id}`, p.status as ProgressStatus]),
    );
    const summaryOf = new Map(summaries.map((s) => [s.item_id, s.text]));
    const statuses = units.map((u) => statusOf.get(`${u.item_id}:${u.department_id}`) ?? null);
    const countStatus = (s: ProgressStatus | null) => statuses.filter((x) => x === s).length;

    type DeptRow = { name: string; sort: number; lead: number; part: number; by: Map<string, number> };
    const depts = new Map<number, DeptRow>();
    units.forEach((u, i) => {
      const d = depts.get(u.department_id) ?? {
        name: u.short_name,
        sort: u.sort_order,
        lead: 0,
        part: 0,
        by: new Map<string, number>(),
      };
      if (u.role === 'lead') d.lead++;
      else d.part++;
      const s = statuses[i] ?? 'unreported';
      d.by.set(s, (d.by.get(s) ?? 0) + 1);
      depts.set(u.department_id, d);
    });
    const deptRows = [...depts.values()].sort((a, b) => a.sort - b.sort || a.name.localeCompare(b.name));
    const by = (d: DeptRow, s: string) => d.by.get(s) ?? 0;
    const unitsByItem = new Map<number, typeof units>();
    for (const u of units) unitsByItem.set(u.item_id, [...(unitsByItem.get(u.item_id) ?? []), u]);

    const quarterText = `第${['', '一', '二', '三', '四'][quarter]}季度`;
    // Progress counts for the quarter it reports on, whenever it was entered; a year reads its fourth quarter.
    const assignments = stock('checklist.assignments', '任务责任分工（单位×任务）', units.length, '项');
    const reported = stock(
      'checklist.reported',
      `${quarterText}已填报进展`,
      units.length - countStatus(null),
      '项',
    );
    return {
      indicators: [
        stock('checklist.items', '任务清单任务', items.length, '项'),
        assignments,
        reported,
        stock('checklist.done', '其中已完成', countStatus('done'), '项'),
        stock('checklist.inProgress', '其中推进中', countStatus('in_progress'), '项'),
        stock('checklist.behind', '其中滞后', countStatus('behind'), '项'),
        stock('checklist.notStarted', '其中未启动', countStatus('not_started'), '项'),
        stock('checklist.unreported', '未填报', countStatus(null), '项'),
        rateInd('checklist.reportRate', '填报率', reported, assignments),
      ],
      tables: [
        {
          key: 'checklist_departments',
          title: `各单位任务落实情况（${period.year}年${quarterText}）`,
          columns: ['单位', '牵头任务', '参与任务', '已完成', '推进中', '滞后', '未启动', '不适用', '未填报'],
          rows: deptRows.map((d) => [
            d.name,
            d.lead,
            d.part,
            by(d, 'done'),
            by(d, 'in_progress'),
            by(d, 'behind'),
            by(d, 'not_started'),
            by(d, 'not_applicable'),
            by(d, 'unreported'),
          ]),
        },
        {
          key: 'checklist_items',
          title: `任务清单落实情况（${period.year}年${quarterText}）`,
          columns: ['序号', '工作任务', '牵头单位', '各单位进展', '牵头单位小结'],
          rows: items.map((item) => {
            const us = unitsByItem.get(item.id) ?? [];
            const tally = new Map<string, number>();
            for (const u of us) {
              const s = statusOf.get(`${item.id}:${u.department_id}`);
              const label = s ? PROGRESS_STATUS_LABELS[s] : '未填报';
              tally.set(label, (tally.get(label) ?? 0) + 1);
            }
            return [
              item.seq,
              item.title,
              us.find((u) => u.role === 'lead')?.short_name ?? '',
              [...tally].map(([k, v]) => `${k} ${v}`).join('，'),
              summaryOf.get(item.id) ?? '',
            ];
          }),
        },
      ],
    };
  },
};

export const checklistReportSections: ReportSection[] = [checklistSection];
