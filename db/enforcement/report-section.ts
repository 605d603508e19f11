// 联合执法's sections of a report's figures: 双随机 draws, supervision inspections, joint actions, and 转报 and
// 12345 complaints with their deadlines. Registered in ./index.ts; db/reports/figures.ts loops over the
// registered sections.
import {
  COMPLAINT_CATEGORY_LABELS,
  INSTITUTION_CATEGORY_LABELS,
  type ComplaintCategory,
  type InstitutionCategory,
} from '../../shared/contract';
import { JOINT_ACTION_KIND_LABELS, type JointActionKind } from '../../shared/domain/joint-actions';
import { count, ind, localDay, rate, type ReportSection } from '../core/report-sections';

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

// ------------------------------------------------------------------------------------- 监督检查

const inspectionsSection: ReportSection = {
  key: 'inspections',
  title: '监督检查',
  order: 40,
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

// ------------------------------------------------------------------------------------- 联合执法行动

const jointActionsSection: ReportSection = {
  key: 'jointActions',
  title: '联合执法行动与专项整治',
  order: 50,
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

// ------------------------------------------------------------------------------------- 转报与 12345 投诉

const casesSection: ReportSection = {
  key: 'cases',
  title: '转报办理与 12345 投诉反馈',
  order: 60,
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

export const enforcementReportSections: ReportSection[] = [
  drawsSection,
  inspectionsSection,
  jointActionsSection,
  casesSection,
];
