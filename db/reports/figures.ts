// A report's figures, computed from the records by queries over the modules (never typed): each module that has
// something to report contributes a FigureSection — its indicators (stable keys, so the city can add districts
// up) and its detail tables — for the report types it belongs in. A new module adds one section to SECTIONS.
// A section names the tables it reads; one whose tables are missing from the data file is left out, so a report
// still builds while a module is being added.
//
// Time: a period is read "as of" its last day, or today while it is still running, so that a past period's
// figures come out the same whenever they are computed. Record dates (YYYY-MM-DD) compare as they are; timestamps
// (ISO instants written by the app) are compared with the local midnights that bound the days.
import { sql, type Kysely } from 'kysely';
import { addCalendarDays, parseIsoDate, todayIso, type IsoDate, type Quarter } from '../../shared/dates';
import {
  COMPLAINT_CATEGORY_LABELS,
  CREDIT_ENTRY_TYPE_LABELS,
  CREDIT_TIERS,
  INSTITUTION_CATEGORY_LABELS,
  MEETING_TYPE_LABELS,
  type ComplaintCategory,
  type CreditEntryType,
  type InstitutionCategory,
  type MeetingType,
} from '../../shared/contract';
import { PROGRESS_STATUS_LABELS, type ProgressStatus } from '../../shared/domain/checklist';
import { JOINT_ACTION_KIND_LABELS, type JointActionKind } from '../../shared/domain/joint-actions';
import type { ReportIndicator, ReportData, ReportType } from '../../shared/domain/report-package';
import type { ReportPeriod } from '../../shared/domain/reports';
import type { DB } from '../core/schema';

export type ReportTable = ReportData['tables'][number];

export interface FigureContext {
  db: Kysely<DB>;
  period: ReportPeriod;
  /** The day the figures are as of: the period's last day, or today while the period runs. */
  asOf: IsoDate;
  /** Local midnight at the start of the period, and after asOf (exclusive), as ISO instants. */
  startAt: string;
  asOfEndAt: string;
}

export interface SectionFigures {
  indicators: ReportIndicator[];
  tables: ReportTable[];
}

export interface FigureSection {
  key: string;
  title: string;
  types: readonly ReportType[];
  /** The tables it reads; the section is left out when one is missing. */
  tables: readonly (keyof DB & string)[];
  collect(c: FigureContext): Promise<SectionFigures>;
}

const ind = (
  key: string,
  label: string,
  value: number,
  unit: string,
  rollup: 'sum' | 'none' = 'sum',
): ReportIndicator => ({ key, label, value, unit, rollup });

/** A percentage with one decimal; 0 when nothing was due. */
export function rate(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}

/** Local midnight starting the day, as an ISO instant (how the app's timestamps are written). */
export function dayStartAt(date: IsoDate): string {
  const { year, month, day } = parseIsoDate(date);
  return new Date(year, month - 1, day).toISOString();
}

/** The local day of an app timestamp. */
export const localDay = (at: string): IsoDate => todayIso(new Date(at));

const count = (n: unknown): number => Number(n ?? 0);

// ------------------------------------------------------------------------------------- 联席会议与议定事项

const meetingsSection: FigureSection = {
  key: 'meetings',
  title: '联席会议与议定事项督办',
  types: ['quarterly', 'annual'],
  tables: ['meetings', 'decisions', 'decision_departments', 'departments'],
  async collect({ db, period, asOf, startAt, asOfEndAt }) {
    const meetings = await db
      .selectFrom('meetings')
      .select(['id', 'date', 'title', 'type', 'status'])
      .where('date', '>=', period.start)
      .where('date', '<=', asOf)
      .orderBy('date')
      .orderBy('start_time')
      .execute();
    const held = meetings.filter((m) => m.status === 'held');
    // The decisions to account for: made in the period, still open at its end, or closed during it.
    const made = await db
      .selectFrom('decisions as d')
      .innerJoin('meetings as m', 'm.id', 'd.meeting_id')
      .select('d.id')
      .where('m.date', '>=', period.start)
      .where('m.date', '<=', asOf)
      .execute();
    const open = await db.selectFrom('decisions').select('id').where('status', '=', 'open').execute();
    const closedLate = await db
      .selectFrom('decisions')
      .select('id')
      .where('closed_at', '>=', startAt)
      .execute();
    const ids = [...new Set([...made, ...open, ...closedLate].map((r) => r.id))];
    const decisions = ids.length
      ? await db
          .selectFrom('decisions as d')
          .innerJoin('meetings as m', 'm.id', 'd.meeting_id')
          .select([
            'd.id',
            'd.text',
            'd.due_date',
            'd.status',
            'd.closed_at',
            'm.date as meeting_date',
            'm.title as meeting_title',
          ])
          .where('d.id', 'in', ids)
          .orderBy('m.date')
          .orderBy('d.seq')
          .execute()
      : [];
    const leads = ids.length
      ? await db
          .selectFrom('decision_departments as dd')
          .innerJoin('departments as dep', 'dep.id', 'dd.department_id')
          .select(['dd.decision_id', 'dep.short_name'])
          .where('dd.decision_id', 'in', ids)
          .orderBy('dd.position')
          .execute()
      : [];
    const unitsOf = new Map<number, string[]>();
    for (const l of leads) unitsOf.set(l.decision_id, [...(unitsOf.get(l.decision_id) ?? []), l.short_name]);

    const madeIds = new Set(made.map((r) => r.id));
    const closedOn = (d: (typeof decisions)[number]) =>
      d.status === 'done' && d.closed_at && d.closed_at < asOfEndAt ? localDay(d.closed_at) : null;
    const relevant = decisions.filter((d) => d.meeting_date <= asOf);
    const closedIn = relevant.filter((d) => {
      const c = closedOn(d);
      return c !== null && c >= period.start;
    });
    const openAtEnd = relevant.filter((d) => closedOn(d) === null);
    const overdue = openAtEnd.filter((d) => d.due_date < asOf);
    const closedOnTime = closedIn.filter((d) => closedOn(d)! <= d.due_date);
    const rows = relevant.filter((d) => madeIds.has(d.id) || closedIn.includes(d) || openAtEnd.includes(d));
    const statusText = (d: (typeof decisions)[number]) => {
      const c = closedOn(d);
      if (c) return `已办结（${c}）`;
      return d.due_date < asOf ? '逾期未办结' : '办理中';
    };
    const perType = (t: MeetingType) => held.filter((m) => m.type === t).length;
    const decisionsPerMeeting = new Map<number, number>();
    if (held.length) {
      const n = await db
        .selectFrom('decisions')
        .select(['meeting_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where(
          'meeting_id',
          'in',
          held.map((m) => m.id),
        )
        .groupBy('meeting_id')
        .execute();
      for (const r of n) decisionsPerMeeting.set(r.meeting_id, count(r.n));
    }
    return {
      indicators: [
        ind('meetings.held', '召开联席会议', held.length, '次'),
        ind('meetings.regularHeld', '其中定期联席会议', perType('regular'), '次'),
        ind('meetings.emergencyHeld', '其中应急协同会议', perType('emergency'), '次'),
        ind('decisions.made', '形成议定事项', madeIds.size, '项'),
        ind('decisions.closed', '办结议定事项', closedIn.length, '项'),
        ind('decisions.closedOnTime', '其中按期办结', closedOnTime.length, '项'),
        ind('decisions.open', '期末未办结议定事项', openAtEnd.length, '项'),
        ind('decisions.overdue', '其中逾期', overdue.length, '项'),
      ],
      tables: [
        {
          key: 'meetings',
          title: '联席会议召开情况',
          columns: ['日期', '会议名称', '类型', '议定事项（项）'],
          rows: held.map((m) => [
            m.date,
            m.title,
            MEETING_TYPE_LABELS[m.type as MeetingType] ?? m.type,
            decisionsPerMeeting.get(m.id) ?? 0,
          ]),
        },
        {
          key: 'decisions',
          title: '议定事项督办情况',
          columns: ['会议日期', '议定事项', '责任单位（牵头在前）', '完成时限', '办理情况'],
          rows: rows.map((d) => [
            d.meeting_date,
            d.text,
            (unitsOf.get(d.id) ?? []).join('、'),
            d.due_date,
            statusText(d),
          ]),
        },
      ],
    };
  },
};

// ------------------------------------------------------------------------------------- 部门职责任务清单

/** The quarter a period's checklist figures are read for: the period's own, or for a year the last quarter
 *  begun by asOf. */
export function checklistQuarter(period: ReportPeriod, asOf: IsoDate): Quarter {
  if (period.quarter) return period.quarter;
  if (asOf >= period.end) return 4;
  const month = parseIsoDate(asOf).month;
  return (Math.floor((month - 1) / 3) + 1) as Quarter;
}

const checklistSection: FigureSection = {
  key: 'checklist',
  title: '部门职责任务清单落实',
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
    return {
      indicators: [
        ind('checklist.items', '任务清单任务', items.length, '项'),
        ind('checklist.assignments', '任务责任分工（单位×任务）', units.length, '项'),
        ind('checklist.reported', `${quarterText}已填报进展`, units.length - countStatus(null), '项'),
        ind('checklist.done', '其中已完成', countStatus('done'), '项'),
        ind('checklist.inProgress', '其中推进中', countStatus('in_progress'), '项'),
        ind('checklist.behind', '其中滞后', countStatus('behind'), '项'),
        ind('checklist.notStarted', '其中未启动', countStatus('not_started'), '项'),
        ind('checklist.unreported', '未填报', countStatus(null), '项'),
        ind(
          'checklist.reportRate',
          '填报率',
          rate(units.length - countStatus(null), units.length),
          '%',
          'none',
        ),
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

// ------------------------------------------------------------------------------------- 双随机抽查

const drawsSection: FigureSection = {
  key: 'draws',
  title: '“双随机、一公开”抽查',
  types: ['quarterly', 'annual', 'enforcement', 'assessment'],
  tables: ['inspection_plans', 'inspection_plan_departments', 'inspection_plan_batches', 'draw_records'],
  async collect({ db, period, startAt, asOfEndAt }) {
    const plans = await db
      .selectFrom('inspection_plans as p')
      .select([
        'p.id',
        'p.name',
        (eb) =>
          eb
            .selectFrom('inspection_plan_departments as d')
            .select(eb.fn.countAll<number>().as('n'))
            .whereRef('d.plan_id', '=', 'p.id')
            .as('departments'),
      ])
      .where('p.year', '=', period.year)
      .execute();
    const draws = await db
      .selectFrom('draw_records as r')
      .innerJoin('inspection_plans as p', 'p.id', 'r.plan_id')
      .leftJoin('inspection_plan_batches as b', (j) =>
        j.onRef('b.plan_id', '=', 'r.plan_id').onRef('b.number', '=', 'r.batch_number'),
      )
      .select(['r.id', 'r.drawn_at', 'r.target_count', 'r.sha256', 'p.name as plan', 'b.name as batch'])
      .where('r.drawn_at', '>=', startAt)
      .where('r.drawn_at', '<', asOfEndAt)
      .orderBy('r.drawn_at')
      .execute();
    return {
      indicators: [
        ind('draws.plans', `${period.year}年抽查计划`, plans.length, '个'),
        ind(
          'draws.jointPlans',
          '其中多部门联合抽查计划',
          plans.filter((p) => count(p.departments) >= 2).length,
          '个',
        ),
        ind('draws.batches', '完成双随机抽取', draws.length, '批次'),
        ind(
          'draws.targets',
          '抽取检查对象',
          draws.reduce((n, d) => n + d.target_count, 0),
          '家次',
        ),
      ],
      tables: [
        {
          key: 'draws',
          title: '双随机抽取情况',
          columns: ['抽查计划', '批次', '抽取日期', '抽取对象（家）', '抽取记录 SHA-256（前 16 位）'],
          rows: draws.map((d) => [
            d.plan,
            d.batch ?? '',
            localDay(d.drawn_at),
            d.target_count,
            d.sha256.slice(0, 16),
          ]),
        },
      ],
    };
  },
};

// ------------------------------------------------------------------------------------- 联合执法行动

const jointActionsSection: FigureSection = {
  key: 'jointActions',
  title: '联合执法行动与专项整治',
  types: ['quarterly', 'annual', 'enforcement', 'assessment'],
  tables: ['joint_actions', 'joint_action_departments', 'departments'],
  async collect({ db, period, asOf }) {
    // Actions that ran during the period (started by asOf and not ended before it began).
    const actions = await db
      .selectFrom('joint_actions as a')
      .innerJoin('departments as lead', 'lead.id', 'a.lead_department_id')
      .select([
        'a.id',
        'a.name',
        'a.kind',
        'a.start_date',
        'a.end_date',
        'a.institutions_checked',
        'a.issues_found',
        'a.cases_filed',
        'a.fines_fen',
        'lead.short_name as lead',
        (eb) =>
          eb
            .selectFrom('joint_action_departments as d')
            .select(eb.fn.countAll<number>().as('n'))
            .whereRef('d.action_id', '=', 'a.id')
            .as('departments'),
      ])
      .where('a.start_date', '<=', asOf)
      .where('a.end_date', '>=', period.start)
      .orderBy('a.start_date')
      .execute();
    const ended = actions.filter((a) => a.end_date <= asOf);
    const joint = actions.filter((a) => count(a.departments) >= 2);
    const sum = (k: 'institutions_checked' | 'issues_found' | 'cases_filed' | 'fines_fen') =>
      actions.reduce((n, a) => n + count(a[k]), 0);
    return {
      indicators: [
        ind('jointActions.count', '开展联合执法行动和专项整治', actions.length, '次'),
        ind('jointActions.joint', '其中多部门联合', joint.length, '次'),
        ind('jointActions.ended', '期末已结束', ended.length, '次'),
        ind('jointActions.institutionsChecked', '检查机构', sum('institutions_checked'), '家次'),
        ind('jointActions.issuesFound', '发现问题', sum('issues_found'), '个'),
        ind('jointActions.casesFiled', '立案查处', sum('cases_filed'), '件'),
        ind('jointActions.fines', '罚没金额', sum('fines_fen') / 100, '元'),
      ],
      tables: [
        {
          key: 'joint_actions',
          title: '联合执法行动和专项整治情况',
          columns: ['行动名称', '类别', '牵头单位', '参与单位数', '起止日期', '检查机构', '发现问题', '立案'],
          rows: actions.map((a) => [
            a.name,
            JOINT_ACTION_KIND_LABELS[a.kind as JointActionKind] ?? a.kind,
            a.lead,
            count(a.departments),
            `${a.start_date} 至 ${a.end_date}`,
            count(a.institutions_checked),
            count(a.issues_found),
            count(a.cases_filed),
          ]),
        },
      ],
    };
  },
};

// ------------------------------------------------------------------------------------- 监督检查

const inspectionsSection: FigureSection = {
  key: 'inspections',
  title: '监督检查',
  types: ['quarterly', 'annual', 'enforcement', 'assessment'],
  tables: ['inspections', 'institutions'],
  async collect({ db, period, asOf }) {
    const rows = await db
      .selectFrom('inspections as x')
      .innerJoin('institutions as i', 'i.id', 'x.institution_id')
      .select([
        'x.id',
        'x.draw_id',
        'x.outcome',
        'x.rectify_due',
        'x.review_on',
        'x.review_result',
        'x.fine_fen',
        'x.confiscation_fen',
        'i.category',
      ])
      .where('x.removed_at', 'is', null)
      .where('x.inspected_on', '>=', period.start)
      .where('x.inspected_on', '<=', asOf)
      .execute();
    const of = (o: string) => rows.filter((r) => r.outcome === o);
    const reviewed = (r: (typeof rows)[number]) => r.review_on !== null && r.review_on <= asOf;
    const rectify = of('rectify');
    const byCategory = new Map<string, number[]>();
    const OUTCOMES = ['qualified', 'rectify', 'case', 'transfer'];
    for (const r of rows) {
      const c = byCategory.get(r.category) ?? [0, 0, 0, 0, 0];
      c[0]!++;
      const k = OUTCOMES.indexOf(r.outcome);
      if (k >= 0) c[k + 1]!++;
      byCategory.set(r.category, c);
    }
    return {
      indicators: [
        ind('inspections.count', '监督检查', rows.length, '家次'),
        ind('inspections.fromDraws', '其中双随机抽查', rows.filter((r) => r.draw_id !== null).length, '家次'),
        ind('inspections.qualified', '检查合格', of('qualified').length, '家次'),
        ind('inspections.rectify', '责令整改', rectify.length, '家次'),
        ind('inspections.case', '立案查处', of('case').length, '家次'),
        ind('inspections.transfer', '移送', of('transfer').length, '家次'),
        ind(
          'inspections.qualifiedRate',
          '检查合格率',
          rate(of('qualified').length, rows.length),
          '%',
          'none',
        ),
        ind(
          'inspections.rectified',
          '复查已整改',
          rectify.filter((r) => reviewed(r) && r.review_result === 'rectified').length,
          '家次',
        ),
        ind(
          'inspections.rectifyOverdue',
          '整改逾期未复查',
          rectify.filter((r) => !reviewed(r) && r.rectify_due !== null && r.rectify_due < asOf).length,
          '家次',
        ),
        ind(
          'inspections.fines',
          '罚没金额',
          rows.reduce((n, r) => n + (r.fine_fen ?? 0) + (r.confiscation_fen ?? 0), 0) / 100,
          '元',
        ),
      ],
      tables: [
        {
          key: 'inspections_by_category',
          title: '监督检查情况（按机构类别）',
          columns: ['机构类别', '检查（家次）', '合格', '责令整改', '立案查处', '移送'],
          rows: [...byCategory]
            .sort((a, b) => b[1][0]! - a[1][0]!)
            .map(([c, n]) => [INSTITUTION_CATEGORY_LABELS[c as InstitutionCategory] ?? c, ...n]),
        },
      ],
    };
  },
};

// ------------------------------------------------------------------------------------- 转报与 12345 投诉

const casesSection: FigureSection = {
  key: 'cases',
  title: '转报办理与 12345 投诉反馈',
  types: ['quarterly', 'annual', 'enforcement', 'assessment'],
  tables: ['referrals', 'complaints', 'departments'],
  async collect({ db, period, asOf }) {
    const referrals = await db
      .selectFrom('referrals')
      .select(['id', 'to_department_id', 'due_on', 'reply_on'])
      .where('received_on', '>=', period.start)
      .where('received_on', '<=', asOf)
      .execute();
    const complaints = await db
      .selectFrom('complaints')
      .select([
        'id',
        'department_id',
        'category',
        'handled_on',
        'substantiated',
        'feedback_due',
        'feedback_on',
      ])
      .where('received_on', '>=', period.start)
      .where('received_on', '<=', asOf)
      .execute();
    const replied = (r: (typeof referrals)[number]) => r.reply_on !== null && r.reply_on <= asOf;
    const refDue = referrals.filter((r) => replied(r) || r.due_on < asOf);
    const refOnTime = referrals.filter((r) => replied(r) && r.reply_on! <= r.due_on);
    const refOverdue = referrals.filter((r) => !replied(r) && r.due_on < asOf);
    const handled = (c: (typeof complaints)[number]) => c.handled_on !== null && c.handled_on <= asOf;
    const fedBack = (c: (typeof complaints)[number]) => c.feedback_on !== null && c.feedback_on <= asOf;
    const handledList = complaints.filter(handled);
    const fbDue = handledList.filter((c) => fedBack(c) || (c.feedback_due !== null && c.feedback_due < asOf));
    const fbOnTime = handledList.filter(
      (c) => fedBack(c) && c.feedback_due !== null && c.feedback_on! <= c.feedback_due,
    );
    const fbOverdue = handledList.filter(
      (c) => !fedBack(c) && c.feedback_due !== null && c.feedback_due < asOf,
    );
    const substantiated = handledList.filter((c) => c.substantiated === 1);

    const deptIds = [
      ...new Set([...referrals.map((r) => r.to_department_id), ...complaints.map((c) => c.department_id)]),
    ];
    const depts = deptIds.length
      ? await db
          .selectFrom('departments')
          .select(['id', 'short_name', 'sort_order'])
          .where('id', 'in', deptIds)
          .orderBy('sort_order')
          .orderBy('id')
          .execute()
      : [];
    const byCategory = new Map<string, { n: number; s: number }>();
    for (const c of complaints) {
      const e = byCategory.get(c.category) ?? { n: 0, s: 0 };
      e.n++;
      if (handled(c) && c.substantiated === 1) e.s++;
      byCategory.set(c.category, e);
    }
    return {
      indicators: [
        ind('referrals.received', '收到转报', referrals.length, '件'),
        ind('referrals.replied', '已书面回复', referrals.filter(replied).length, '件'),
        ind('referrals.due', '应已回复（已回复或已到期）', refDue.length, '件'),
        ind('referrals.repliedOnTime', '按期回复', refOnTime.length, '件'),
        ind('referrals.onTimeRate', '转报按期回复率', rate(refOnTime.length, refDue.length), '%', 'none'),
        ind('referrals.overdue', '逾期未回复', refOverdue.length, '件'),
        ind('complaints.received', '受理 12345 投诉', complaints.length, '件'),
        ind('complaints.handled', '已办结', handledList.length, '件'),
        ind('complaints.substantiated', '其中查实', substantiated.length, '件'),
        ind('complaints.feedbackDue', '应已反馈（已反馈或已到期）', fbDue.length, '件'),
        ind('complaints.feedbackOnTime', '按期反馈', fbOnTime.length, '件'),
        ind(
          'complaints.feedbackOnTimeRate',
          '投诉按期反馈率',
          rate(fbOnTime.length, fbDue.length),
          '%',
          'none',
        ),
        ind('complaints.feedbackOverdue', '逾期未反馈', fbOverdue.length, '件'),
      ],
      tables: [
        {
          key: 'cases_by_department',
          title: '转报与投诉办理情况（按承办单位）',
          columns: [
            '单位',
            '收到转报',
            '按期回复',
            '逾期未回复',
            '承办投诉',
            '已办结',
            '查实',
            '按期反馈',
            '逾期未反馈',
          ],
          rows: depts.map((d) => {
            const rs = referrals.filter((r) => r.to_department_id === d.id);
            const cs = complaints.filter((c) => c.department_id === d.id);
            return [
              d.short_name,
              rs.length,
              rs.filter((r) => refOnTime.includes(r)).length,
              rs.filter((r) => refOverdue.includes(r)).length,
              cs.length,
              cs.filter(handled).length,
              cs.filter((c) => substantiated.includes(c)).length,
              cs.filter((c) => fbOnTime.includes(c)).length,
              cs.filter((c) => fbOverdue.includes(c)).length,
            ];
          }),
        },
        {
          key: 'complaints_by_category',
          title: '12345 投诉分类情况',
          columns: ['类别', '受理（件）', '查实（件）'],
          rows: [...byCategory]
            .sort((a, b) => b[1].n - a[1].n)
            .map(([k, v]) => [COMPLAINT_CATEGORY_LABELS[k as ComplaintCategory] ?? k, v.n, v.s]),
        },
      ],
    };
  },
};

// ------------------------------------------------------------------------------------- 信用台账

const creditSection: FigureSection = {
  key: 'credit',
  title: '信用监管',
  types: ['quarterly', 'annual', 'credit', 'assessment'],
  tables: ['credit_ledger', 'credit_warnings', 'doc_numbers'],
  async collect({ db, period, asOf, startAt, asOfEndAt }) {
    // Entries by the date of their facts (staff often record them later), less those a 更正 has neutralised:
    // what the ledger says today about the period.
    const entries = await db
      .selectFrom('credit_ledger as e')
      .select([
        'e.seq',
        'e.subject_kind',
        'e.type',
        'e.points',
        (eb) =>
          eb
            .selectFrom('credit_ledger as c')
            .select('c.seq')
            .whereRef('c.amends_seq', '=', 'e.seq')
            .limit(1)
            .as('corrected_by'),
      ])
      .where('e.fact_date', '>=', period.start)
      .where('e.fact_date', '<=', asOf)
      .where('e.type', '!=', 'correction')
      .execute();
    const live = entries.filter((e) => e.corrected_by === null);
    // Threshold warnings raised by the period's 记分 (found through the entries, by index).
    const demeritSeqs = live.filter((e) => e.type === 'demerit').map((e) => e.seq);
    const warnings = demeritSeqs.length
      ? await db
          .selectFrom('credit_warnings')
          .select(['id', 'status', 'acknowledged_at', 'threshold'])
          .where('raised_by_seq', 'in', demeritSeqs)
          .execute()
      : [];
    const notices = await db
      .selectFrom('doc_numbers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('year', '=', period.year)
      .where('kind', '=', 'credit-notice')
      .where('issued_at', '>=', startAt)
      .where('issued_at', '<', asOfEndAt)
      .executeTakeFirstOrThrow();
    const of = (t: CreditEntryType) => live.filter((e) => e.type === t);
    const demerits = of('demerit');
    const byType = new Map<string, { inst: number; prac: number }>();
    for (const e of live) {
      const x = byType.get(e.type) ?? { inst: 0, prac: 0 };
      if (e.subject_kind === 'institution') x.inst++;
      else x.prac++;
      byType.set(e.type, x);
    }
    const acknowledged = warnings.filter((w) => w.status === 'acknowledged');
    return {
      indicators: [
        ind('credit.entries', '登记信用记录', live.length, '条'),
        ind('credit.penalties', '其中行政处罚', of('penalty').length, '条'),
        ind('credit.complaints', '其中投诉查实', of('complaint').length, '条'),
        ind('credit.demerits', '不良执业行为记分', demerits.length, '次'),
        ind(
          'credit.demeritPoints',
          '记分合计',
          demerits.reduce((n, e) => n + (e.points ?? 0), 0),
          '分',
        ),
        ind('credit.noticesIssued', '发出记分通知书', count(notices.n), '份'),
        ind('credit.warnings', '记分达到阈值预警', warnings.length, '次'),
        ind('credit.warningsAcknowledged', '其中已处理', acknowledged.length, '次'),
      ],
      tables: [
        {
          key: 'credit_entries',
          title: '信用记录登记情况',
          columns: ['记录类型', '医疗机构（条）', '医务人员（条）', '合计（条）'],
          rows: [...byType]
            .sort((a, b) => b[1].inst + b[1].prac - (a[1].inst + a[1].prac))
            .map(([t, v]) => [
              CREDIT_ENTRY_TYPE_LABELS[t as CreditEntryType] ?? t,
              v.inst,
              v.prac,
              v.inst + v.prac,
            ]),
        },
      ],
    };
  },
};

// ------------------------------------------------------------------------------------- 红黑名单与信用修复

const listsSection: FigureSection = {
  key: 'lists',
  title: '红黑名单与信用修复',
  types: ['quarterly', 'annual', 'credit', 'assessment'],
  tables: ['credit_listings', 'credit_repairs', 'credit_ledger'],
  async collect({ db, period, asOf, startAt, asOfEndAt }) {
    // A district's listing decisions are few: read them all, and what revoked or repaired them by index.
    const listings = await db
      .selectFrom('credit_listings as l')
      .select([
        'l.id',
        'l.list',
        'l.severity',
        'l.decision_date',
        'l.disclosure_start',
        'l.disclosure_end',
        (eb) =>
          eb
            .selectFrom('credit_ledger as c')
            .select('c.seq')
            .whereRef('c.amends_seq', '=', 'l.ledger_seq')
            .limit(1)
            .as('revoked_by'),
      ])
      .execute();
    const ids = listings.map((l) => l.id);
    const repairs = ids.length
      ? await db
          .selectFrom('credit_repairs')
          .select(['listing_id', 'applied_on', 'status', 'decided_at'])
          .where('listing_id', 'in', ids)
          .execute()
      : [];
    const repairedBy = new Set(
      repairs
        .filter((r) => r.status === 'approved' && r.decided_at !== null && r.decided_at < asOfEndAt)
        .map((r) => r.listing_id),
    );
    const live = listings.filter((l) => l.revoked_by === null);
    const decided = live.filter((l) => l.decision_date >= period.start && l.decision_date <= asOf);
    const disclosed = (list: string) =>
      live.filter(
        (l) =>
          l.list === list &&
          !repairedBy.has(l.id) &&
          l.disclosure_start !== null &&
          l.disclosure_start <= asOf &&
          l.disclosure_end !== null &&
          l.disclosure_end >= asOf,
      ).length;
    return {
      indicators: [
        ind('lists.blackListed', '列入黑名单', decided.filter((l) => l.list === 'black').length, '个'),
        ind(
          'lists.blackSerious',
          '其中严重失信',
          decided.filter((l) => l.list === 'black' && l.severity === 'serious').length,
          '个',
        ),
        ind('lists.redListed', '列入红名单', decided.filter((l) => l.list === 'red').length, '个'),
        ind('lists.blackDisclosed', '期末黑名单公示中', disclosed('black'), '个'),
        ind('lists.redDisclosed', '期末红名单公示中', disclosed('red'), '个'),
        ind(
          'lists.repairsApplied',
          '受理信用修复申请',
          repairs.filter((r) => r.applied_on >= period.start && r.applied_on <= asOf).length,
          '件',
        ),
        ind(
          'lists.repairsApproved',
          '准予信用修复',
          repairs.filter(
            (r) =>
              r.status === 'approved' &&
              r.decided_at !== null &&
              r.decided_at >= startAt &&
              r.decided_at < asOfEndAt,
          ).length,
          '件',
        ),
      ],
      tables: [],
    };
  },
};

// ------------------------------------------------------------------------------------- 监管对象与信用等级

const tiersSection: FigureSection = {
  key: 'tiers',
  title: '监管对象信用等级',
  types: ['quarterly', 'annual', 'assessment', 'credit'],
  tables: ['institutions', 'credit_tier_history'],
  async collect({ db, asOf }) {
    // Each institution's tier as of asOf, from its tier history.
    const rows = await db
      .selectFrom('institutions as i')
      .select([
        'i.id',
        'i.category',
        'i.status',
        (eb) =>
          eb
            .selectFrom('credit_tier_history as h')
            .select('h.tier')
            .where('h.subject_kind', '=', 'institution')
            .whereRef('h.subject_id', '=', 'i.id')
            .where('h.effective_on', '<=', asOf)
            .orderBy('h.effective_on', 'desc')
            .orderBy('h.id', 'desc')
            .limit(1)
            .as('tier'),
      ])
      .execute();
    const active = rows.filter((r) => r.status !== 'closed');
    const tierCount = (t: string | null) => active.filter((r) => (r.tier ?? null) === t).length;
    const categories = [...new Set(active.map((r) => r.category))];
    return {
      indicators: [
        ind('institutions.active', '监管对象（在业、停业）', active.length, '家'),
        ...CREDIT_TIERS.map((t) => ind(`tiers.${t}`, `信用等级 ${t} 级`, tierCount(t), '家')),
        ind('tiers.unrated', '尚未评定等级', tierCount(null), '家'),
      ],
      tables: [
        {
          key: 'tiers_by_category',
          title: '监管对象信用等级分布（按机构类别）',
          columns: ['机构类别', '机构数', 'A 级', 'B 级', 'C 级', 'D 级', '未评定'],
          rows: categories.map((c) => {
            const of = active.filter((r) => r.category === c);
            const n = (t: string | null) => of.filter((r) => (r.tier ?? null) === t).length;
            return [
              INSTITUTION_CATEGORY_LABELS[c as InstitutionCategory] ?? c,
              of.length,
              n('A'),
              n('B'),
              n('C'),
              n('D'),
              n(null),
            ];
          }),
        },
      ],
    };
  },
};

/** Every module's contribution, in the order the report shows them. */
export const SECTIONS: readonly FigureSection[] = [
  meetingsSection,
  checklistSection,
  drawsSection,
  inspectionsSection,
  jointActionsSection,
  casesSection,
  creditSection,
  listsSection,
  tiersSection,
];

async function existingTables(db: Kysely<DB>): Promise<Set<string>> {
  const r = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db);
  return new Set(r.rows.map((x) => x.name));
}

export function figuresAsOf(period: ReportPeriod, today: IsoDate): IsoDate {
  return today < period.end ? today : period.end;
}

export interface ComputedFigures {
  indicators: ReportIndicator[];
  tables: ReportTable[];
  /** The sections that contributed, with their titles and indicator keys (for the prose and the editor). */
  sections: { key: string; title: string; indicators: string[]; tables: string[] }[];
  asOf: IsoDate;
}

/** The figures of one report type for one period, as of `today` (or the period's end, if earlier). */
export async function computeFigures(
  db: Kysely<DB>,
  type: ReportType,
  period: ReportPeriod,
  today: IsoDate,
): Promise<ComputedFigures> {
  const asOf = figuresAsOf(period, today);
  const c: FigureContext = {
    db,
    period,
    asOf,
    startAt: dayStartAt(period.start),
    asOfEndAt: dayStartAt(addCalendarDays(asOf, 1)),
  };
  const present = await existingTables(db);
  const out: ComputedFigures = { indicators: [], tables: [], sections: [], asOf };
  for (const s of SECTIONS) {
    if (!s.types.includes(type)) continue;
    if (s.tables.some((t) => !present.has(t))) continue;
    // Before the period starts there is nothing to count (a report drafted ahead of its quarter).
    const f: SectionFigures =
      asOf < period.start ? emptyFigures(await s.collect({ ...c, asOf: period.start })) : await s.collect(c);
    out.indicators.push(...f.indicators);
    out.tables.push(...f.tables);
    out.sections.push({
      key: s.key,
      title: s.title,
      indicators: f.indicators.map((i) => i.key),
      tables: f.tables.map((t) => t.key),
    });
  }
  return out;
}

function emptyFigures(f: SectionFigures): SectionFigures {
  return {
    indicators: f.indicators.map((i) => ({ ...i, value: 0 })),
    tables: f.tables.map((t) => ({ ...t, rows: [] })),
  };
}
