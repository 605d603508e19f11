// 双随机一公开 on the national model, the reads that span its parts: the 抽查计划公示 of a plan or a batch (print,
// Word, Excel), and the counting of the work — by department (检查户次, 发现问题户次, 立案数), by item (检查数,
// 不合格率), by institution category and by street — for the 抽查计划 page, the 工作台, the 联合执法情况统计 report
// (its package data) and so the 市级汇总 roll-up.
import type { Kysely } from 'kysely';
import {
  DRAW_TIERS,
  DRAW_TIER_LABELS,
  INSTITUTION_CATEGORY_LABELS,
  PLAN_ANNOUNCEMENT_COLUMNS,
  problemFound,
  type InspectionItemResult,
  type InstitutionCategory,
  type PlanAnnouncement,
  type PlanAnnouncementRow,
  type ResultCategory,
  type SpotcheckCountRow,
  type SpotcheckCounts,
} from '../../shared/contract';
import { planAnnouncementDoc, planAnnouncementFileName } from '../../shared/print/spotcheck';
import { todayIso } from '../../shared/dates';
import { AppError } from '../../shared/errors';
import { defineHandlers } from '../core/context';
import { officialDocDocx } from '../core/official-docx';
import type { DB } from '../core/schema';
import { writeSheet, XLSX_MIME } from '../core/xlsx';
import { getOffice } from '../system/users';
import { getPlan } from './plans';
import { compareZh } from '../../shared/collate';

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

// ---------------------------------------------------------------------------------------------- 抽查计划公示

const categoriesText = (c: readonly InstitutionCategory[]) =>
  c.length ? c.map((x) => INSTITUTION_CATEGORY_LABELS[x]).join('、') : '全部类别';

export async function planAnnouncement(
  db: Kysely<DB>,
  planId: number,
  batchNumber: number | undefined,
  date: string,
): Promise<PlanAnnouncement> {
  const plan = await getPlan(db, planId);
  const office = await getOffice(db);
  const batch = batchNumber === undefined ? null : plan.batches.find((b) => b.number === batchNumber);
  if (batch === undefined) throw new AppError('NOT_FOUND', `抽查计划“${plan.name}”没有第${batchNumber}批`);
  const items: PlanAnnouncementRow[] = plan.itemDetails.length
    ? plan.itemDetails.map((i, n) => ({
        no: n + 1,
        item: i.label,
        basis: i.basis,
        categories: categoriesText(i.categories),
        content: i.content,
        method: i.method,
        qualification: i.qualification,
      }))
    : // A plan made before the item list: its free-text items, without the list's details.
      plan.items.map((item, n) => ({
        no: n + 1,
        item,
        basis: '（计划制定于抽查事项清单启用之前，未登记依据）',
        categories: categoriesText(plan.categories),
        content: '',
        method: '',
        qualification: '',
      }));
  const planName = plan.name.includes(String(plan.year)) ? plan.name : `${plan.year}年度${plan.name}`;
  const officeName = office?.name ?? '';
  const others = plan.departments.map((d) => d.fullName).filter((n) => n !== officeName);
  return {
    date,
    officeName,
    planId: plan.id,
    year: plan.year,
    planName,
    batch: batch
      ? { number: batch.number, name: batch.name, startDate: batch.startDate, endDate: batch.endDate }
      : null,
    title: batch ? `${planName}第${batch.number}批抽查计划公示` : `${planName}公示`,
    scope: `${categoriesText(plan.categories)}；${plan.streets.length ? plan.streets.join('、') : '全部街道/镇'}；经营状态为“在业”的医疗卫生机构`,
    departments: others.length ? others.join('、') : '有关部门',
    ratios: DRAW_TIERS.map((t) => `${DRAW_TIER_LABELS[t]} ${plan.ratios[t]}%`).join('，'),
    teamRule: `每个检查组不少于 ${plan.teamSize} 名执法检查人员${plan.joint ? '，来自至少两个参与单位' : ''}；抽查事项有资质要求的，检查组包含具备该资质的人员${plan.expertPerTeam ? '；每组从专家库随机抽取 1 名专家参加（专家不计入执法人员人数）' : ''}。`,
    batches: (batch ? [batch] : plan.batches).map(
      (b) => `第${b.number}批（${b.name}）：${b.startDate} 至 ${b.endDate}。`,
    ),
    items,
  };
}

// ---------------------------------------------------------------------------------------------- counting

interface Tally {
  label: string;
  inspected: number;
  problems: number;
  cases: number;
}

const tally = (label: string): Tally => ({ label, inspected: 0, problems: 0, cases: 0 });

function toRow(key: string, t: Tally): SpotcheckCountRow {
  return {
    key,
    label: t.label,
    inspected: t.inspected,
    problems: t.problems,
    cases: t.cases,
    problemRate: t.inspected ? Math.round((t.problems * 1000) / t.inspected) / 10 : null,
  };
}

/**
 * The 双随机 work between two dates (inspection dates, inclusive): the results of drawn targets, removed records
 * left out — 日常检查 (ad-hoc inspections) are counted with the other inspections, not here. A record counts once for
 * each department on its team (检查户次 by department), for each item it checked (检查数 by item: an item-by-item
 * result marked checked, or a free-text item of an older record) and once for its category and street. 发现问题:
 * the item's own problems when recorded item by item, else the record's 检查结果. 立案: 后续处置 移送办案机构 or a
 * case number.
 */
export async function countSpotchecks(
  db: Kysely<DB>,
  from: string,
  to: string,
): Promise<Omit<SpotcheckCounts, 'year'>> {
  const rows = await db
    .selectFrom('inspections as x')
    .innerJoin('institutions as i', 'i.id', 'x.institution_id')
    .select([
      'x.id',
      'x.result_category',
      'x.followup',
      'x.case_no',
      'x.items_json',
      'x.item_results_json',
      'i.category',
      'i.street',
    ])
    .where('x.removed_at', 'is', null)
    .where('x.draw_id', 'is not', null)
    .where('x.inspected_on', '>=', from)
    .where('x.inspected_on', '<=', to)
    .execute();
  const team =
    rows.length === 0
      ? []
      : await db
          .selectFrom('inspection_team as m')
          .innerJoin('inspectors as p', 'p.id', 'm.inspector_id')
          .innerJoin('departments as d', 'd.id', 'p.department_id')
          .select(['m.inspection_id', 'd.id', 'd.short_name', 'd.sort_order'])
          .where(
            'm.inspection_id',
            'in',
            rows.map((r) => r.id),
          )
          .execute();
  const departmentsOf = new Map<number, Map<number, { name: string; order: number }>>();
  for (const m of team) {
    const set = departmentsOf.get(m.inspection_id) ?? new Map();
    set.set(m.id, { name: m.short_name, order: m.sort_order });
    departmentsOf.set(m.inspection_id, set);
  }
  const total = tally('合计');
  const byDepartment = new Map<number, Tally & { order: number }>();
  const byItem = new Map<string, Tally>();
  const byCategory = new Map<string, Tally>();
  const byStreet = new Map<string, Tally>();
  const add = (t: Tally, problem: boolean, isCase: boolean) => {
    t.inspected++;
    if (problem) t.problems++;
    if (isCase) t.cases++;
  };
  for (const r of rows) {
    const category = (r.result_category ?? 'no_problem') as ResultCategory;
    const problem = problemFound(category);
    const isCase = r.followup === 'transfer_case' || r.case_no !== null;
    add(total, problem, isCase);
    for (const [id, d] of departmentsOf.get(r.id) ?? []) {
      const t = byDepartment.get(id) ?? { ...tally(d.name), order: d.order };
      add(t, problem, isCase);
      byDepartment.set(id, t);
    }
    const results = JSON.parse(r.item_results_json) as InspectionItemResult[];
    const items = results.length
      ? results.filter((x) => x.checked).map((x) => ({ name: x.name, problem: x.problems !== '' }))
      : (JSON.parse(r.items_json) as string[]).map((name) => ({ name, problem }));
    for (const it of items) {
      const t = byItem.get(it.name) ?? tally(it.name);
      add(t, it.problem, false);
      byItem.set(it.name, t);
    }
    const c = INSTITUTION_CATEGORY_LABELS[r.category as InstitutionCategory] ?? r.category;
    const ct = byCategory.get(c) ?? tally(c);
    add(ct, problem, isCase);
    byCategory.set(c, ct);
    const s = r.street || '（未填街道/镇）';
    const st = byStreet.get(s) ?? tally(s);
    add(st, problem, isCase);
    byStreet.set(s, st);
  }
  const sorted = (m: Map<string, Tally>) =>
    [...m.entries()].sort((a, b) => b[1].inspected - a[1].inspected || compareZh(a[0], b[0]));
  return {
    total: toRow('total', total),
    byDepartment: [...byDepartment.entries()]
      .sort((a, b) => a[1].order - b[1].order || a[0] - b[0])
      .map(([id, t]) => toRow(String(id), t)),
    byItem: sorted(byItem).map(([k, t]) => toRow(k, t)),
    byCategory: sorted(byCategory).map(([k, t]) => toRow(k, t)),
    byStreet: sorted(byStreet).map(([k, t]) => toRow(k, t)),
  };
}

// ---------------------------------------------------------------------------------------------- handlers

export const spotcheckHandlers = defineHandlers({
  'planAnnouncements.get': async ({ planId, batchNumber }, ctx) =>
    planAnnouncement(ctx.db, planId, batchNumber, todayIso(ctx.now())),
  'planAnnouncements.docx': async ({ planId, batchNumber }, ctx) => {
    const a = await planAnnouncement(ctx.db, planId, batchNumber, todayIso(ctx.now()));
    const bytes = await officialDocDocx(planAnnouncementDoc(a, a.date));
    return {
      fileName: planAnnouncementFileName(a, 'docx'),
      mimeType: DOCX_MIME,
      base64: bytes.toString('base64'),
    };
  },
  'planAnnouncements.xlsx': async ({ planId, batchNumber }, ctx) => {
    const a = await planAnnouncement(ctx.db, planId, batchNumber, todayIso(ctx.now()));
    const bytes = await writeSheet(
      '抽查工作细则',
      PLAN_ANNOUNCEMENT_COLUMNS.map((c) => ({
        header: c.header,
        width: c.width,
        value: (r: PlanAnnouncementRow) => r[c.key],
      })),
      a.items,
    );
    return {
      fileName: planAnnouncementFileName(a, 'xlsx'),
      mimeType: XLSX_MIME,
      base64: bytes.toString('base64'),
    };
  },
  'spotcheck.counts': async ({ year }, ctx) => ({
    year,
    ...(await countSpotchecks(ctx.db, `${year}-01-01`, `${year}-12-31`)),
  }),
});
