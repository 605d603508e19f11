// 工作台 data: every deadline the modules keep, as one list sorted by urgency; the year's obligations; the chart
// figures. Each source reads its open records with an indexed query and computes the due day with the same
// shared rules its module uses (working-day calendar, the office's settings), so the dashboard and the module
// never disagree.
import { sql, type Kysely } from 'kysely';
import {
  DUE_KIND_LABELS,
  DUE_KINDS,
  type DashboardCharts,
  type DashboardData,
  type DueItem,
  type DueKind,
  type Obligation,
  type Urgency,
} from '../../shared/contract/dashboard';
import {
  addCalendarDays,
  calendarDaysBetween,
  quarterOf,
  todayIso,
  type WorkCalendar,
} from '../../shared/dates';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CATEGORY_LABELS,
  complaintRuleText,
  referralRuleText,
  type DayUnit,
} from '../../shared/domain/enforcement-deadlines';
import { PROGRESS_STATUSES, PROGRESS_STATUS_LABELS } from '../../shared/domain/checklist';
import { CREDIT_TIERS } from '../../shared/domain/institutions';
import { noticeDueOn, type CreditSubjectKind } from '../../shared/domain/credit-rules';
import type { Settings } from '../../shared/contract';
import { defineHandlers } from '../core/context';
import type { DB } from '../core/schema';
import { loadWorkCalendar } from '../system/calendar';
import { loadSettings } from '../system/settings';
import { reportDeadline } from '../checklist/progress';
import { loadRules } from '../credit/state';
import { issuedNumbers } from '../core/doc-numbers';
import { NOTICE_KIND } from '../credit/notices';
import { currentlyDisclosed } from '../credit/lists-state';
import { listPublicationBatches } from '../enforcement/publications';
import { completedJointActions, jointActionMinimum } from '../enforcement/joint-actions';
import { INSPECTION_OUTCOMES, INSPECTION_OUTCOME_LABELS } from '../../shared/domain/inspections';
import { obligations as reportDueList, summaries as reportSummaries } from '../reports/store';

type Quarter = 1 | 2 | 3 | 4;

export interface SourceContext {
  db: Kysely<DB>;
  cal: WorkCalendar;
  today: string;
  year: number;
  settings: Settings;
  /** Reads more than one part of the dashboard needs, made once per load. */
  once: <T>(key: string, read: () => Promise<T>) => Promise<T>;
}

/** Where today stands against a due day. A deadline is met on its own day: overdue starts the day after. */
export function urgencyOf(dueOn: string, today: string): { daysLeft: number; urgency: Urgency } {
  const daysLeft = calendarDaysBetween(today, dueOn);
  const urgency: Urgency =
    daysLeft < 0 ? 'overdue' : daysLeft === 0 ? 'today' : daysLeft <= 7 ? 'week' : 'later';
  return { daysLeft, urgency };
}

const URGENCY_ORDER: Record<Urgency, number> = { overdue: 0, today: 1, week: 2, later: 3 };

/** Most urgent first: overdue (longest overdue first), due today, this week, later; then by kind and title. */
export function sortDueItems(items: DueItem[]): DueItem[] {
  return [...items].sort(
    (a, b) =>
      URGENCY_ORDER[a.urgency] - URGENCY_ORDER[b.urgency] ||
      a.dueOn.localeCompare(b.dueOn) ||
      DUE_KINDS.indexOf(a.kind) - DUE_KINDS.indexOf(b.kind) ||
      a.title.localeCompare(b.title, 'zh-CN'),
  );
}

/** 经办人: the account that first recorded each record, from the audit trail (indexed by entity and id). */
export async function recorders(db: Kysely<DB>, entity: string, ids: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500).map(String);
    const rows = await db
      .selectFrom('audit_log')
      .select(['entity_id', 'actor_name'])
      .where('entity', '=', entity)
      .where('entity_id', 'in', chunk)
      .orderBy('id')
      .execute();
    for (const r of rows) {
      const id = Number(r.entity_id);
      if (!out.has(id)) out.set(id, r.actor_name);
    }
  }
  return out;
}

function item(
  s: SourceContext,
  v: Omit<DueItem, 'daysLeft' | 'urgency' | 'person'> & { person?: string | null },
): DueItem {
  return { ...v, person: v.person ?? null, ...urgencyOf(v.dueOn, s.today) };
}

// ------------------------------------------------------------------------------------------ the sources

async function referralReplies(s: SourceContext): Promise<DueItem[]> {
  const rows = await s.db
    .selectFrom('referrals as r')
    .innerJoin('departments as f', 'f.id', 'r.from_department_id')
    .innerJoin('departments as t', 't.id', 'r.to_department_id')
    .select([
      'r.id',
      'r.matter',
      'r.received_on',
      'r.due_on',
      'r.rule_days',
      'r.rule_unit',
      'r.to_department_id',
      'f.short_name as from_name',
      't.short_name as to_name',
    ])
    .where('r.reply_on', 'is', null)
    .execute();
  const who = await recorders(
    s.db,
    'referral',
    rows.map((r) => r.id),
  );
  return rows.map((r) =>
    item(s, {
      key: `referral:${r.id}`,
      kind: 'referral_reply',
      title: r.matter,
      detail: `${r.from_name} → ${r.to_name}，${r.received_on} 收到，待书面回复`,
      dueOn: r.due_on,
      departments: [{ id: r.to_department_id, name: r.to_name }],
      person: who.get(r.id) ?? null,
      link: `/enforcement/referrals/${r.id}`,
      rule: referralRuleText({ days: r.rule_days, unit: r.rule_unit as DayUnit }),
    }),
  );
}

async function complaintFeedback(s: SourceContext): Promise<DueItem[]> {
  const rows = await s.db
    .selectFrom('complaints as c')
    .innerJoin('departments as d', 'd.id', 'c.department_id')
    .select([
      'c.id',
      'c.ticket_no',
      'c.content',
      'c.handled_on',
      'c.feedback_due',
      'c.rule_days',
      'c.rule_unit',
      'c.department_id',
      'd.short_name',
    ])
    .where('c.feedback_on', 'is', null)
    .where('c.feedback_due', 'is not', null)
    .execute();
  const who = await recorders(
    s.db,
    'complaint',
    rows.map((r) => r.id),
  );
  return rows.map((r) =>
    item(s, {
      key: `complaint:${r.id}`,
      kind: 'complaint_feedback',
      title: `工单 ${r.ticket_no}：${r.content.length > 30 ? `${r.content.slice(0, 30)}…` : r.content}`,
      detail: `${r.short_name} ${r.handled_on} 办结，待反馈区卫生健康局`,
      dueOn: r.feedback_due!,
      departments: [{ id: r.department_id, name: r.short_name }],
      person: who.get(r.id) ?? null,
      link: `/enforcement/complaints/${r.id}`,
      rule: complaintRuleText({ days: r.rule_days ?? 7, unit: (r.rule_unit ?? 'calendar') as DayUnit }),
    }),
  );
}

async function decisions(s: SourceContext): Promise<DueItem[]> {
  const rows = await s.db
    .selectFrom('decisions as x')
    .innerJoin('meetings as m', 'm.id', 'x.meeting_id')
    .select(['x.id', 'x.seq', 'x.text', 'x.due_date', 'x.meeting_id', 'm.title', 'm.date'])
    .where('x.status', '=', 'open')
    .execute();
  if (rows.length === 0) return [];
  const units = await s.db
    .selectFrom('decision_departments as dd')
    .innerJoin('departments as d', 'd.id', 'dd.department_id')
    .select(['dd.decision_id', 'd.id', 'd.short_name'])
    .where(
      'dd.decision_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('dd.decision_id')
    .orderBy('dd.position')
    .execute();
  const byDecision = new Map<number, { id: number; name: string }[]>();
  for (const u of units)
    byDecision.set(u.decision_id, [
      ...(byDecision.get(u.decision_id) ?? []),
      { id: u.id, name: u.short_name },
    ]);
  const who = await recorders(s.db, 'meeting', [...new Set(rows.map((r) => r.meeting_id))]);
  return rows.map((r) =>
    item(s, {
      key: `decision:${r.id}`,
      kind: 'decision',
      title: r.text.length > 40 ? `${r.text.slice(0, 40)}…` : r.text,
      detail: `${r.title}（${r.date}）议定事项第 ${r.seq} 项`,
      dueOn: r.due_date,
      departments: byDecision.get(r.id) ?? [],
      person: who.get(r.meeting_id) ?? null,
      link: `/meetings/${r.meeting_id}/minutes`,
      rule: '会议议定事项由责任单位按期办结，区卫生健康局督办',
    }),
  );
}

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
    const list = await s.db.selectFrom('checklists').select('id').where('year', '=', year).executeTakeFirst();
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
        item(s, {
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
    .execute();
  if (rows.length === 0) return [];
  const issued = await issuedNumbers(
    s.db,
    NOTICE_KIND,
    rows.map((r) => r.seq),
  );
  const rules = await loadRules(s.db);
  return rows
    .filter((r) => !issued.has(r.seq))
    .map((r) =>
      item(s, {
        key: `credit-notice:${r.seq}`,
        kind: 'credit_notice',
        title: `${r.subject_name} 记分通知书`,
        detail: `台账第 ${r.seq} 条：${r.behaviour_name ?? '不良执业行为'} 记 ${r.points ?? 0} 分（${r.fact_date} 确认）`,
        dueOn: noticeDueOn(s.cal, r.fact_date, rules[r.subject_kind as CreditSubjectKind]),
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
        item(s, {
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

function reportObligations(s: SourceContext) {
  return s.once('reports', async () => {
    const rows = await s.db.selectFrom('reports').selectAll().execute();
    return reportDueList(s.db, await reportSummaries(s.db, rows, s.today), s.today);
  });
}

/** This year's (or another year's) drawn batches with their publication state. */
function publicationBatches(s: SourceContext, year: number) {
  return s.once(`publications:${year}`, () => listPublicationBatches(s.db, s.today, { year }));
}

/** Reports owed upstream: every period the reports module expects (this year's quarters, last year's fourth,
 *  the yearly reports) not yet logged as sent. */
async function reportSubmissions(s: SourceContext): Promise<DueItem[]> {
  return (await reportObligations(s))
    .filter((o) => o.due.status !== 'submitted')
    .map((o) =>
      item(s, {
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
        rule: `${o.due.ruleText}前报送${o.type === 'quarterly' ? '（京卫监督〔2019〕37号）' : ''}`,
      }),
    );
}

/** 责令整改 awaiting its 复查: due on the rectification deadline. */
async function rectifications(s: SourceContext): Promise<DueItem[]> {
  const rows = await s.db
    .selectFrom('inspections as x')
    .innerJoin('institutions as i', 'i.id', 'x.institution_id')
    .innerJoin('inspectors as p', 'p.id', 'x.lead_inspector_id')
    .innerJoin('departments as d', 'd.id', 'p.department_id')
    .select(['x.id', 'x.inspected_on', 'x.rectify_due', 'i.name', 'd.id as dept_id', 'd.short_name'])
    .where('x.outcome', '=', 'rectify')
    .where('x.removed_at', 'is', null)
    .where('x.review_on', 'is', null)
    .where('x.rectify_due', 'is not', null)
    .execute();
  const who = await recorders(
    s.db,
    'inspection',
    rows.map((r) => r.id),
  );
  return rows.map((r) =>
    item(s, {
      key: `inspection:${r.id}`,
      kind: 'rectification',
      title: `${r.name} 整改复查`,
      detail: `${r.inspected_on} 检查责令整改，整改期限届满后复查`,
      dueOn: r.rectify_due!,
      departments: [{ id: r.dept_id, name: r.short_name }],
      person: who.get(r.id) ?? null,
      link: `/enforcement/inspections/${r.id}`,
      rule: '责令限期整改，期限届满后及时复查（行政处罚法 第二十八条）',
    }),
  );
}

/** 双随机 batches of this year's and last year's plans whose results are not yet published: due 20 working days
 *  after their inspections end. */
async function publications(s: SourceContext): Promise<DueItem[]> {
  const batches = [...(await publicationBatches(s, s.year)), ...(await publicationBatches(s, s.year - 1))];
  return batches
    .filter((b) => b.status !== 'published' && b.dueOn !== null)
    .map((b) =>
      item(s, {
        key: `publication:${b.planId}:${b.batchNumber}`,
        kind: 'publication',
        title: `${b.planName} 第${b.batchNumber}批（${b.batchName}）结果公开`,
        detail: b.progressText,
        dueOn: b.dueOn!,
        departments: [],
        link: '/enforcement/publication',
        rule: b.ruleText,
      }),
    );
}

export interface DueSource {
  kind: DueKind;
  load(s: SourceContext): Promise<DueItem[]>;
}

/** Every deadline source; modules add theirs here. */
export const DUE_SOURCES: DueSource[] = [
  { kind: 'referral_reply', load: referralReplies },
  { kind: 'complaint_feedback', load: complaintFeedback },
  { kind: 'decision', load: decisions },
  { kind: 'checklist_report', load: checklistReports },
  { kind: 'credit_notice', load: creditNotices },
  { kind: 'rectification', load: rectifications },
  { kind: 'publication', load: publications },
  { kind: 'report_submission', load: reportSubmissions },
  { kind: 'disclosure_end', load: disclosureEnds },
];

// ------------------------------------------------------------------------------------------ obligations

async function obligations(s: SourceContext): Promise<Obligation[]> {
  const yearStart = `${s.year}-01-01`;
  const yearEnd = `${s.year}-12-31`;
  const held = await s.db
    .selectFrom('meetings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('type', '=', 'regular')
    .where('status', '=', 'held')
    .where('date', '>=', yearStart)
    .where('date', '<=', yearEnd)
    .executeTakeFirstOrThrow();
  const out: Obligation[] = [
    {
      key: 'joint_meetings',
      label: '定期联席会议',
      actual: Number(held.n),
      required: 1,
      unit: '次',
      status: Number(held.n) >= 1 ? 'met' : 'pending',
      note: '联席会议每年至少召开 1 次（越政办发〔2020〕64号）',
      link: '/meetings',
    },
  ];
  {
    const done = await completedJointActions(s.db, s.year, s.today);
    const min = await jointActionMinimum(s.db, s.year);
    out.push({
      key: 'joint_actions',
      label: '联合执法行动（已完成）',
      actual: done,
      required: min.required,
      unit: '次',
      status: done >= min.required ? 'met' : 'pending',
      note: `每年不少于 ${min.required} 次（${min.source.split('：')[0]}）`,
      link: '/enforcement/joint-actions',
    });
  }
  {
    const due = (await publicationBatches(s, s.year)).filter(
      (b) => b.status === 'published' || b.status === 'overdue',
    );
    const published = due.filter((b) => b.status === 'published').length;
    out.push({
      key: 'publication',
      label: '抽查结果按期公开',
      actual: published,
      required: due.length,
      unit: '批',
      status: published >= due.length ? 'met' : 'behind',
      note: due.length
        ? `公开率 ${Math.round((published / due.length) * 100)}%，检查结束后 20 个工作日内公开`
        : '本年尚无到期的抽查批次',
      link: '/enforcement/publication',
    });
  }
  // 季度阶段性工作总结: this year's quarters whose due day has passed, and how many went out by it.
  {
    const quarters = (await reportObligations(s)).filter(
      (o) => o.type === 'quarterly' && o.period.startsWith(String(s.year)) && o.due.dueOn < s.today,
    );
    const onTime = quarters.filter(
      (o) => o.due.submittedOn !== null && o.due.submittedOn <= o.due.dueOn,
    ).length;
    out.push({
      key: 'quarterly_on_time',
      label: '季度工作总结按时报送',
      actual: onTime,
      required: quarters.length,
      unit: '个季度',
      status: onTime >= quarters.length ? 'met' : 'behind',
      note: `已到期的 ${quarters.length} 个季度中按时报送 ${onTime} 个（季度最后一个工作日前）`,
      link: '/reports',
    });
  }
  // Checklist: items whose every responsible department reported for the last quarter that has ended.
  const now = quarterOf(s.today);
  const last =
    now.quarter === 1 ? { year: now.year - 1, quarter: 4 } : { year: now.year, quarter: now.quarter - 1 };
  const list = await s.db
    .selectFrom('checklists')
    .select('id')
    .where('year', '=', last.year)
    .executeTakeFirst();
  if (list) {
    const rows = await unitReports(s.db, list.id, last.quarter)
      .select([
        'u.item_id',
        (eb) => eb.fn.countAll<number>().as('units'),
        (eb) => eb.fn.count<number>('p.id').as('reported'),
      ])
      .groupBy('u.item_id')
      .execute();
    const complete = rows.filter((r) => Number(r.reported) >= Number(r.units)).length;
    out.push({
      key: 'checklist_reported',
      label: `任务清单第${last.quarter}季度报告齐全的事项`,
      actual: complete,
      required: rows.length,
      unit: '项',
      status: complete >= rows.length ? 'met' : 'behind',
      note: `${last.year} 年第${last.quarter}季度：每项任务的全部责任单位均已报送进度`,
      link: '/checklist',
    });
  }
  return out;
}

// ------------------------------------------------------------------------------------------ charts

async function charts(s: SourceContext): Promise<DashboardCharts> {
  const yearStart = `${s.year}-01-01`;
  const yearEnd = `${s.year}-12-31`;
  // Checklist status by department, this quarter.
  let checklistByDepartment: DashboardCharts['checklistByDepartment'] = null;
  const now = quarterOf(s.today);
  const list = await s.db
    .selectFrom('checklists')
    .select('id')
    .where('year', '=', now.year)
    .executeTakeFirst();
  if (list) {
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
    checklistByDepartment = {
      year: now.year,
      quarter: now.quarter,
      departments: depts.map(([, n]) => n),
      series: series.filter((x) => x.data.some((v) => v > 0)),
    };
  }
  let inspectionsByMonth: DashboardCharts['inspectionsByMonth'] = null;
  {
    const rows = await s.db
      .selectFrom('inspections')
      .select([
        sql<string>`substr(inspected_on, 6, 2)`.as('month'),
        'outcome',
        (eb) => eb.fn.countAll<number>().as('n'),
      ])
      .where('inspected_on', '>=', yearStart)
      .where('inspected_on', '<=', yearEnd)
      .where('removed_at', 'is', null)
      .groupBy([sql`substr(inspected_on, 6, 2)`, 'outcome'])
      .execute();
    if (rows.length) {
      const months = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'));
      inspectionsByMonth = {
        months: months.map((m) => `${Number(m)}月`),
        series: INSPECTION_OUTCOMES.map((o) => ({
          key: o,
          label: INSPECTION_OUTCOME_LABELS[o],
          data: months.map((m) => Number(rows.find((r) => r.month === m && r.outcome === o)?.n ?? 0)),
        })).filter((x) => x.data.some((v) => v > 0)),
      };
    }
  }
  const complaints = await s.db
    .selectFrom('complaints')
    .select(['category', (eb) => eb.fn.countAll<number>().as('n')])
    .where('received_on', '>=', yearStart)
    .where('received_on', '<=', yearEnd)
    .groupBy('category')
    .execute();
  const byCategory = new Map(complaints.map((c) => [c.category, Number(c.n)]));
  const tiers = await s.db
    .selectFrom('institutions')
    .select(['credit_tier', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '!=', 'deregistered')
    .groupBy('credit_tier')
    .execute();
  const byTier = new Map(tiers.map((t) => [t.credit_tier ?? 'none', Number(t.n)]));
  const crossings = await s.db
    .selectFrom('credit_warnings')
    .select(['subject_kind', 'threshold', (eb) => eb.fn.countAll<number>().as('n')])
    .where('raised_at', '>=', yearStart)
    .where('raised_at', '<=', `${yearEnd}T23:59:59.999Z`)
    .groupBy(['subject_kind', 'threshold'])
    .orderBy('subject_kind')
    .orderBy('threshold')
    .execute();
  return {
    checklistByDepartment,
    inspectionsByMonth,
    complaintsByCategory: COMPLAINT_CATEGORIES.map((c) => ({
      key: c,
      label: COMPLAINT_CATEGORY_LABELS[c],
      count: byCategory.get(c) ?? 0,
    })),
    tierDistribution: [...CREDIT_TIERS, 'none'].map((t) => ({
      key: t,
      label: t === 'none' ? '未评定' : `${t} 级`,
      count: byTier.get(t) ?? 0,
    })),
    thresholdCrossings: crossings.map((c) => ({
      key: `${c.subject_kind}:${c.threshold}`,
      label: `${c.subject_kind === 'institution' ? '机构' : '人员'} ≥${c.threshold} 分`,
      count: Number(c.n),
    })),
  };
}

export async function loadDashboard(db: Kysely<DB>, now: Date): Promise<DashboardData> {
  const today = todayIso(now);
  const reads = new Map<string, Promise<unknown>>();
  const s: SourceContext = {
    db,
    cal: await loadWorkCalendar(db),
    today,
    year: Number(today.slice(0, 4)),
    settings: await loadSettings(db),
    once: (key, read) => {
      if (!reads.has(key)) reads.set(key, read());
      return reads.get(key) as ReturnType<typeof read>;
    },
  };
  const sources: DashboardData['sources'] = [];
  const items: DueItem[] = [];
  for (const src of DUE_SOURCES) {
    sources.push({ kind: src.kind, label: DUE_KIND_LABELS[src.kind] });
    items.push(...(await src.load(s)));
  }
  return {
    today,
    year: s.year,
    dueItems: sortDueItems(items),
    obligations: await obligations(s),
    charts: await charts(s),
    sources,
  };
}

export const dashboardHandlers = defineHandlers({
  'dashboard.data': (_input, ctx) => loadDashboard(ctx.db, ctx.now()),
});
