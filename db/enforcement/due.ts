// 联合执法's deadlines on the 工作台: 转报 written replies, 12345 feedback to the 区卫生健康局, 责令整改 awaiting
// its 复查 and 双随机 results awaiting publication; and its obligations of the year (joint actions held, results
// published on time). Each reads its open records with an indexed query and computes the due day with the same
// rules the module uses.
import { complaintRuleText, referralRuleText, type DayUnit } from '../../shared/domain/enforcement-deadlines';
import { ruleCitation } from '../../shared/domain/rule-presets';
import type { Obligation } from '../../shared/contract/dashboard';
import {
  dueItem,
  type DueItemSource,
  type IndicatorSource,
  type SourceContext,
} from '../core/dashboard-sources';
import { recorders } from '../system/recorders';
import { listPublicationBatches } from './publications';
import { completedJointActions, jointActionMinimum } from './joint-actions';

async function referralReplies(s: SourceContext) {
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
    dueItem(s, {
      key: `referral:${r.id}`,
      kind: 'referral_reply',
      title: r.matter,
      detail: `${r.from_name} → ${r.to_name}，${r.received_on} 收到，待书面回复`,
      dueOn: r.due_on,
      departments: [{ id: r.to_department_id, name: r.to_name }],
      person: who.get(r.id) ?? null,
      link: `/enforcement/referrals/${r.id}`,
      rule: referralRuleText(
        { days: r.rule_days, unit: r.rule_unit as DayUnit },
        ruleCitation(s.settings, 'referralReply'),
      ),
    }),
  );
}

async function complaintFeedback(s: SourceContext) {
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
    dueItem(s, {
      key: `complaint:${r.id}`,
      kind: 'complaint_feedback',
      title: `工单 ${r.ticket_no}：${r.content.length > 30 ? `${r.content.slice(0, 30)}…` : r.content}`,
      detail: `${r.short_name} ${r.handled_on} 办结，待反馈区卫生健康局`,
      dueOn: r.feedback_due!,
      departments: [{ id: r.department_id, name: r.short_name }],
      person: who.get(r.id) ?? null,
      link: `/enforcement/complaints/${r.id}`,
      rule: complaintRuleText(
        { days: r.rule_days ?? 7, unit: (r.rule_unit ?? 'calendar') as DayUnit },
        ruleCitation(s.settings, 'complaintFeedback'),
      ),
    }),
  );
}

/** 责令整改 awaiting its 复查: due on the rectification deadline. */
async function rectifications(s: SourceContext) {
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
    dueItem(s, {
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

/** A year's drawn batches with their publication state, read once per load (the due list and the obligations
 *  both need this year's). */
function publicationBatches(s: SourceContext, year: number) {
  return s.once(`publications:${year}`, () => listPublicationBatches(s.db, s.today, { year }));
}

/** 双随机 batches of this year's and last year's plans whose results are not yet published: due 20 working days
 *  after their inspections end. */
async function publications(s: SourceContext) {
  const batches = [...(await publicationBatches(s, s.year)), ...(await publicationBatches(s, s.year - 1))];
  return batches
    .filter((b) => b.status !== 'published' && b.dueOn !== null)
    .map((b) =>
      dueItem(s, {
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

export const enforcementDueItems: DueItemSource[] = [
  { kind: 'referral_reply', order: 10, load: referralReplies },
  { kind: 'complaint_feedback', order: 20, load: complaintFeedback },
  { kind: 'rectification', order: 60, load: rectifications },
  { kind: 'publication', order: 70, load: publications },
];

/** 联合执法行动: completed this year against the yearly minimum (越政办发〔2020〕64号 四（三）). */
async function jointActionsHeld(s: SourceContext): Promise<Obligation[]> {
  const done = await completedJointActions(s.db, s.year, s.today);
  const min = await jointActionMinimum(s.db, s.year);
  return [
    {
      key: 'joint_actions',
      label: '联合执法行动（已完成）',
      actual: done,
      required: min.required,
      unit: '次',
      status: done >= min.required ? 'met' : 'pending',
      note: `每年不少于 ${min.required} 次（${min.source.split('：')[0]}）`,
      link: '/enforcement/joint-actions',
    },
  ];
}

/** This year's batches whose publication is due: how many were published. */
async function publishedOnTime(s: SourceContext): Promise<Obligation[]> {
  const due = (await publicationBatches(s, s.year)).filter(
    (b) => b.status === 'published' || b.status === 'overdue',
  );
  const published = due.filter((b) => b.status === 'published').length;
  return [
    {
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
    },
  ];
}

export const enforcementIndicators: IndicatorSource[] = [
  { order: 20, load: jointActionsHeld },
  { order: 30, load: publishedOnTime },
];
