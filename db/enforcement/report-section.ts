// 联合执法's sections of a report's figures: 双随机 draws, supervision inspections, joint actions, and 转报 and
// 12345 complaints with their deadlines. Registered in ./index.ts; db/reports/figures.ts loops over the
// registered sections.
import {
  COMPLAINT_CATEGORY_LABELS,
  INSTITUTION_CATEGORY_LABELS,
  type ComplaintCategory,
  type InstitutionCategory,
} from '../../shared/contract';
import {
  JOINT_ACTION_KIND_LABELS,
  countedIn,
  jointActionStatus,
  type JointActionKind,
} from '../../shared/domain/joint-actions';
import { count, ind, localDay, rateInd, stock, type ReportSection } from '../core/report-sections';
import { jointActionFacts } from './joint-actions';
import { countSpotchecks } from './spotcheck';
import { SPOTCHECK_COUNT_COLUMNS, SPOTCHECK_COUNT_TABLES } from '../../shared/domain/report-package';
import type { SpotcheckCountRow } from '../../shared/contract';

// ------------------------------------------------------------------------------------- 双随机抽查

const drawsSection: ReportSection = {
  key: 'draws',
  title: '“双随机、一公开”抽查',
  order: 30,
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
        stock('draws.plans', `${period.year}年抽查计划`, plans.length, '个'),
        stock(
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

// ------------------------------------------------------------------------------------- 监督检查

const inspectionsSection: ReportSection = {
  key: 'inspections',
  title: '监督检查',
  order: 40,
  types: ['quarterly', 'annual', 'enforcement', 'assessment'],
  tables: ['inspections', 'institutions'],
  async collect({ db, period, asOf, openFrom }) {
    // Inspections by their date (removed ones left out); 复查 by the day of the review; what is still awaiting its
    // 复查 at the end is a stock over every inspection made by then.
    const rows = await db
      .selectFrom('inspections as x')
      .innerJoin('institutions as i', 'i.id', 'x.institution_id')
      .select(['x.id', 'x.draw_id', 'x.outcome', 'x.fine_fen', 'x.confiscation_fen', 'i.category'])
      .where('x.removed_at', 'is', null)
      .where('x.inspected_on', '>=', period.start)
      .where('x.inspected_on', '<=', asOf)
      .execute();
    const reviewedIn = await db
      .selectFrom('inspections')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('removed_at', 'is', null)
      .where('outcome', '=', 'rectify')
      .where('review_result', '=', 'rectified')
      .where('review_on', '>=', period.start)
      .where('review_on', '<=', asOf)
      .executeTakeFirstOrThrow();
    const awaiting = await db
      .selectFrom('inspections')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('removed_at', 'is', null)
      .where('outcome', '=', 'rectify')
      .where('inspected_on', '<=', asOf)
      .where('rectify_due', '<', openFrom)
      .where((eb) => eb.or([eb('review_on', 'is', null), eb('review_on', '>', asOf)]))
      .executeTakeFirstOrThrow();
    const of = (o: string) => rows.filter((r) => r.outcome === o);
    const byCategory = new Map<string, number[]>();
    const OUTCOMES = ['qualified', 'rectify', 'case', 'transfer'];
    for (const r of rows) {
      const c = byCategory.get(r.category) ?? [0, 0, 0, 0, 0];
      c[0]!++;
      const k = OUTCOMES.indexOf(r.outcome);
      if (k >= 0) c[k + 1]!++;
      byCategory.set(r.category, c);
    }
    const inspected = ind('inspections.count', '监督检查', rows.length, '家次');
    const qualified = ind('inspections.qualified', '检查合格', of('qualified').length, '家次');
    return {
      indicators: [
        inspected,
        ind('inspections.fromDraws', '其中双随机抽查', rows.filter((r) => r.draw_id !== null).length, '家次'),
        qualified,
        ind('inspections.rectify', '责令整改', of('rectify').length, '家次'),
        ind('inspections.case', '立案查处', of('case').length, '家次'),
        ind('inspections.transfer', '移送', of('transfer').length, '家次'),
        rateInd('inspections.qualifiedRate', '检查合格率', qualified, inspected),
        ind('inspections.rectified', '复查已整改', count(reviewedIn.n), '家次'),
        stock('inspections.rectifyOverdue', '期末整改逾期未复查', count(awaiting.n), '家次'),
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

// ------------------------------------------------------------------------------------- 双随机抽查工作量

const countRows = (rows: SpotcheckCountRow[]) =>
  rows.map((r) => [r.label, r.inspected, r.problems, r.cases, r.problemRate ?? '—']);

/** The work by department, item, category and street (db/enforcement/spotcheck.ts countSpotchecks), by inspection
 *  date; the city adds the districts' tables up row by row (db/upstream). */
const spotcheckSection: ReportSection = {
  key: 'spotcheck',
  title: '双随机抽查工作量（按部门、抽查事项、机构类别和街道）',
  order: 45,
  types: ['quarterly', 'annual', 'enforcement', 'assessment'],
  tables: ['inspections', 'inspection_team', 'institutions', 'departments'],
  async collect({ db, period, asOf }) {
    const c = await countSpotchecks(db, period.start, asOf);
    const inspected = ind('spotcheck.inspected', '抽查检查户次', c.total.inspected, '户次');
    const problems = ind('spotcheck.problems', '发现问题户次', c.total.problems, '户次');
    return {
      indicators: [
        inspected,
        problems,
        ind('spotcheck.cases', '移送办案机构或立案', c.total.cases, '件'),
        rateInd('spotcheck.problemRate', '发现问题率', problems, inspected),
      ],
      tables: [
        {
          ...SPOTCHECK_COUNT_TABLES.byDepartment,
          columns: ['部门', ...SPOTCHECK_COUNT_COLUMNS],
          rows: countRows(c.byDepartment),
        },
        {
          ...SPOTCHECK_COUNT_TABLES.byItem,
          columns: ['抽查事项', ...SPOTCHECK_COUNT_COLUMNS],
          rows: countRows(c.byItem),
        },
        {
          ...SPOTCHECK_COUNT_TABLES.byCategory,
          columns: ['机构类别', ...SPOTCHECK_COUNT_COLUMNS],
          rows: countRows(c.byCategory),
        },
        {
          ...SPOTCHECK_COUNT_TABLES.byStreet,
          columns: ['街道/镇', ...SPOTCHECK_COUNT_COLUMNS],
          rows: countRows(c.byStreet),
        },
      ],
    };
  },
};

// ------------------------------------------------------------------------------------- 联合执法行动

const jointActionsSection: ReportSection = {
  key: 'jointActions',
  title: '联合执法行动与专项整治',
  order: 50,
  types: ['quarterly', 'annual', 'enforcement', 'assessment'],
  tables: ['joint_actions', 'joint_action_departments', 'departments'],
  async collect({ db, period, asOf, openFrom }) {
    // An action and its results count once, in the period its end date falls in, when it is 已完成 as read at the
    // period's close (the joint-actions page's rule, shared/domain/joint-actions.ts); actions still running at the
    // end are listed apart. The status is read on openFrom: the day after the period once it is over.
    const ending = await jointActionFacts(db, period.start, asOf);
    const completed = ending.filter((a) => jointActionStatus(a, openFrom) === 'done');
    const joint = completed.filter((a) => countedIn(a, period.start, asOf, openFrom));
    const running = (await jointActionFacts(db, '0000-01-01', asOf, asOf)).filter(
      (a) => jointActionStatus(a, openFrom) === 'in_progress',
    );
    const sum = (k: 'institutions_checked' | 'issues_found' | 'cases_filed' | 'fines_fen') =>
      completed.reduce((n, a) => n + count(a[k]), 0);
    const row = (a: (typeof ending)[number]) => [
      a.name,
      JOINT_ACTION_KIND_LABELS[a.kind as JointActionKind] ?? a.kind,
      a.lead,
      a.departmentCount,
      `${a.start_date} 至 ${a.end_date}`,
      count(a.institutions_checked),
      count(a.issues_found),
      count(a.cases_filed),
    ];
    const columns = [
      '行动名称',
      '类别',
      '牵头单位',
      '参与单位数（含牵头）',
      '起止日期',
      '检查机构',
      '发现问题',
      '立案',
    ];
    return {
      indicators: [
        ind('jointActions.count', '完成联合执法行动和专项整治', completed.length, '次'),
        ind('jointActions.joint', '其中多部门联合', joint.length, '次'),
        stock('jointActions.running', '期末仍在进行', running.length, '次'),
        ind('jointActions.institutionsChecked', '检查机构', sum('institutions_checked'), '家次'),
        ind('jointActions.issuesFound', '发现问题', sum('issues_found'), '个'),
        ind('jointActions.casesFiled', '立案查处', sum('cases_filed'), '件'),
        ind('jointActions.fines', '罚没金额', sum('fines_fen') / 100, '元'),
      ],
      tables: [
        {
          key: 'joint_actions',
          title: '联合执法行动和专项整治情况（期内完成）',
          columns,
          rows: completed.map(row),
        },
        {
          key: 'joint_actions_running',
          title: '期末仍在进行的联合执法行动和专项整治（成果在结束的期间统计）',
          columns,
          rows: running.map(row),
        },
      ],
    };
  },
};

// ------------------------------------------------------------------------------------- 转报与 12345 投诉

const casesSection: ReportSection = {
  key: 'cases',
  title: '转报办理与 12345 投诉反馈',
  order: 60,
  types: ['quarterly', 'annual', 'enforcement', 'assessment'],
  tables: ['referrals', 'complaints', 'departments'],
  async collect({ db, period, asOf, openFrom }) {
    // Received and handled by their own dates; the deadline figures by the period the deadline falls in (so four
    // quarters add up to the year, and a case received in December and due in January counts in January's); what
    // is overdue at the end is a stock over every case. A reply or feedback on the due day itself is on time.
    const inPeriod = (d: string | null) => d !== null && d >= period.start && d <= asOf;
    const by = (d: string | null) => d !== null && d <= asOf;
    const referrals = await db
      .selectFrom('referrals')
      .select(['id', 'to_department_id', 'received_on', 'due_on', 'reply_on'])
      .where((eb) =>
        eb.or([
          eb.and([eb('received_on', '>=', period.start), eb('received_on', '<=', asOf)]),
          eb.and([eb('due_on', '>=', period.start), eb('due_on', '<=', asOf)]),
          eb.and([eb('reply_on', '>=', period.start), eb('reply_on', '<=', asOf)]),
          eb.and([eb('due_on', '<', openFrom), eb('received_on', '<=', asOf), eb('reply_on', 'is', null)]),
          eb.and([eb('due_on', '<', openFrom), eb('received_on', '<=', asOf), eb('reply_on', '>', asOf)]),
        ]),
      )
      .execute();
    const complaints = await db
      .selectFrom('complaints')
      .select([
        'id',
        'department_id',
        'category',
        'received_on',
        'handled_on',
        'substantiated',
        'feedback_due',
        'feedback_on',
      ])
      .where((eb) =>
        eb.or([
          eb.and([eb('received_on', '>=', period.start), eb('received_on', '<=', asOf)]),
          eb.and([eb('handled_on', '>=', period.start), eb('handled_on', '<=', asOf)]),
          eb.and([eb('feedback_due', '>=', period.start), eb('feedback_due', '<=', asOf)]),
          // The stock still owed at the end (fbOverdue): not every case ever handled. Two terms, each a range of
          // the complaints_counts index (feedback_on, handled_on, …): written as one, the store read every case
          // handled by the end, 39 ms of a 2025 report on the 10-year district and 251 ms at 3× (now 12 and 57).
          // A date is never after 9999-12-31; the bound only lets the store see a range it can seek.
          eb.and([
            eb('feedback_on', 'is', null),
            eb('handled_on', '<=', asOf),
            eb('feedback_due', '<', openFrom),
          ]),
          eb.and([
            eb('feedback_on', '>', asOf),
            eb('feedback_on', '<=', '9999-12-31'),
            eb('handled_on', '<=', asOf),
            eb('feedback_due', '<', openFrom),
          ]),
        ]),
      )
      .execute();
    type Ref = (typeof referrals)[number];
    type Cmp = (typeof complaints)[number];
    // Due in the period: its deadline falls in it and has passed by the figures' moment, or it was answered.
    const refIsDue = (r: Ref) => inPeriod(r.due_on) && (r.due_on < openFrom || by(r.reply_on));
    const refOnTime = (r: Ref) => refIsDue(r) && by(r.reply_on) && r.reply_on! <= r.due_on;
    const refOverdue = (r: Ref) => r.received_on <= asOf && r.due_on < openFrom && !by(r.reply_on);
    const fbIsDue = (c: Cmp) =>
      by(c.handled_on) && inPeriod(c.feedback_due) && (c.feedback_due! < openFrom || by(c.feedback_on));
    const fbOnTime = (c: Cmp) => fbIsDue(c) && by(c.feedback_on) && c.feedback_on! <= c.feedback_due!;
    const fbOverdue = (c: Cmp) =>
      by(c.handled_on) && c.feedback_due !== null && c.feedback_due < openFrom && !by(c.feedback_on);
    const received = referrals.filter((r) => inPeriod(r.received_on));
    const cReceived = complaints.filter((c) => inPeriod(c.received_on));
    const handledList = complaints.filter((c) => inPeriod(c.handled_on));
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
    for (const c of cReceived) {
      const e = byCategory.get(c.category) ?? { n: 0, s: 0 };
      e.n++;
      byCategory.set(c.category, e);
    }
    for (const c of substantiated) {
      const e = byCategory.get(c.category) ?? { n: 0, s: 0 };
      e.s++;
      byCategory.set(c.category, e);
    }
    const refDue = ind('referrals.due', '应回复（回复期限在期内）', referrals.filter(refIsDue).length, '件');
    const refOnTimeInd = ind('referrals.repliedOnTime', '按期回复', referrals.filter(refOnTime).length, '件');
    const fbDue = ind(
      'complaints.feedbackDue',
      '应反馈（反馈期限在期内）',
      complaints.filter(fbIsDue).length,
      '件',
    );
    const fbOnTimeInd = ind(
      'complaints.feedbackOnTime',
      '按期反馈',
      complaints.filter(fbOnTime).length,
      '件',
    );
    const rows = depts
      .map((d) => {
        const rs = referrals.filter((r) => r.to_department_id === d.id);
        const cs = complaints.filter((c) => c.department_id === d.id);
        return [
          d.short_name,
          rs.filter((r) => inPeriod(r.received_on)).length,
          rs.filter(refOnTime).length,
          rs.filter(refOverdue).length,
          cs.filter((c) => inPeriod(c.received_on)).length,
          cs.filter((c) => inPeriod(c.handled_on)).length,
          cs.filter((c) => inPeriod(c.handled_on) && c.substantiated === 1).length,
          cs.filter(fbOnTime).length,
          cs.filter(fbOverdue).length,
        ];
      })
      .filter((r) => r.slice(1).some((n) => n !== 0));
    return {
      indicators: [
        ind('referrals.received', '收到转报', received.length, '件'),
        ind('referrals.replied', '书面回复', referrals.filter((r) => inPeriod(r.reply_on)).length, '件'),
        refDue,
        refOnTimeInd,
        rateInd('referrals.onTimeRate', '转报按期回复率', refOnTimeInd, refDue),
        stock('referrals.overdue', '期末逾期未回复', referrals.filter(refOverdue).length, '件'),
        ind('complaints.received', '受理 12345 投诉', cReceived.length, '件'),
        ind('complaints.handled', '办结', handledList.length, '件'),
        ind('complaints.substantiated', '其中查实', substantiated.length, '件'),
        fbDue,
        fbOnTimeInd,
        rateInd('complaints.feedbackOnTimeRate', '投诉按期反馈率', fbOnTimeInd, fbDue),
        stock('complaints.feedbackOverdue', '期末逾期未反馈', complaints.filter(fbOverdue).length, '件'),
      ],
      tables: [
        {
          key: 'cases_by_department',
          title: '转报与投诉办理情况（按承办单位）',
          columns: [
            '单位',
            '收到转报',
            '按期回复',
            '期末逾期未回复',
            '承办投诉',
            '办结',
            '查实',
            '按期反馈',
            '期末逾期未反馈',
          ],
          rows,
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

export const enforcementReportSections: ReportSection[] = [
  drawsSection,
  inspectionsSection,
  spotcheckSection,
  jointActionsSection,
  casesSection,
];
