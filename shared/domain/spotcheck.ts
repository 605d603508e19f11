// 双随机一公开 on the national model (国办发〔2019〕5号: 一单两库一细则), pure rules: the categories a public results
// notice uses (检查结果, 后续处置措施), the ways an item is checked, which 后续处置 goes with which 检查结果, how a result
// enters the credit ledger and which internal outcome it keeps (for 复查, penalties and the older figures), the
// mapping of results recorded before the item list (issue #19 item 8), and the items' qualification rule.
import type { InstitutionCategory } from './institutions';

// ---------------------------------------------------------------------------------------------- categories

/** 检查结果 as a public notice states it. */
export const RESULT_CATEGORIES = [
  'no_problem',
  'rectified',
  'pending_followup',
  'no_activity',
  'closed',
  'uncooperative',
  'deregistered',
  'revoked',
] as const;
export type ResultCategory = (typeof RESULT_CATEGORIES)[number];
export const RESULT_CATEGORY_LABELS: Record<ResultCategory, string> = {
  no_problem: '未发现问题',
  rectified: '发现问题已责令改正',
  pending_followup: '发现问题待后续处理',
  no_activity: '未发现开展本次抽查涉及的执业活动',
  closed: '已停业',
  uncooperative: '不配合检查情节严重',
  deregistered: '已注销',
  revoked: '已吊销',
};

/** 后续处置措施. */
export const FOLLOWUPS = ['none', 'rectify_track', 'transfer_case', 'notify'] as const;
export type Followup = (typeof FOLLOWUPS)[number];
export const FOLLOWUP_LABELS: Record<Followup, string> = {
  none: '无需后续处置',
  rectify_track: '责令改正并跟踪',
  transfer_case: '移送办案机构',
  notify: '抄告相关部门',
};

/** Which 后续处置措施 may follow each 检查结果. */
export const FOLLOWUPS_FOR: Record<ResultCategory, readonly Followup[]> = {
  no_problem: ['none'],
  // 已责令改正 is followed up (整改期限 and 复查), or sent on to a case.
  rectified: ['rectify_track', 'transfer_case'],
  pending_followup: ['rectify_track', 'transfer_case', 'notify'],
  no_activity: ['none', 'notify'],
  closed: ['none', 'notify'],
  uncooperative: ['transfer_case', 'notify'],
  deregistered: ['none', 'notify'],
  revoked: ['none', 'notify'],
};

export function followupProblem(category: ResultCategory, followup: Followup): string | null {
  const allowed = FOLLOWUPS_FOR[category];
  if (allowed.includes(followup)) return null;
  return `检查结果为“${RESULT_CATEGORY_LABELS[category]}”时，后续处置措施应为${allowed.map((f) => `“${FOLLOWUP_LABELS[f]}”`).join('或')}`;
}

/** 检查方式. */
export const CHECK_METHODS = ['onsite', 'documents', 'adopted', 'testing', 'online', 'entrusted'] as const;
export type CheckMethod = (typeof CHECK_METHODS)[number];
export const CHECK_METHOD_LABELS: Record<CheckMethod, string> = {
  onsite: '实地检查',
  documents: '书面检查',
  adopted: '采信行政部门检查结果或专业意见',
  testing: '检验检测',
  online: '网络监测',
  entrusted: '委托专业机构辅助',
};

/** A result category that reports a problem found (发现问题户次). */
export const problemFound = (c: ResultCategory): boolean =>
  c === 'rectified' || c === 'pending_followup' || c === 'uncooperative';

/** The older single outcome kept beside the categories: it drives 复查 (责令整改), penalties and the earlier figures. */
export type InternalOutcome = 'qualified' | 'rectify' | 'case' | 'transfer';

export function internalOutcome(category: ResultCategory, followup: Followup): InternalOutcome {
  if (followup === 'rectify_track') return 'rectify';
  if (followup === 'transfer_case') return 'case';
  if (followup === 'notify') return problemFound(category) ? 'transfer' : 'qualified';
  return 'qualified';
}

/** The 监督检查结果 outcome the credit ledger gets; null: the category records no conduct to grade (the institution
 *  was closed, deregistered, revoked or did not practise what was checked), so no entry is written. */
export function creditOutcomeForCategory(
  c: ResultCategory,
  followup: Followup,
): 'qualified' | 'rectify' | 'unqualified' | null {
  switch (c) {
    case 'no_problem':
      return 'qualified';
    case 'rectified':
      return 'rectify';
    case 'pending_followup':
      // Problems awaiting correction under tracking are graded as 责令整改; those sent on (case, other departments)
      // as 不合格 — as the single outcomes 责令整改 / 立案查处 / 移送 were before.
      return followup === 'rectify_track' ? 'rectify' : 'unqualified';
    case 'uncooperative':
      return 'unqualified';
    default:
      return null;
  }
}

/** Item 8: an outcome recorded before the item list, in the new categories. */
export function mapLegacyOutcome(r: {
  outcome: InternalOutcome;
  reviewResult: 'rectified' | 'unrectified' | null;
  escalated: boolean;
}): { category: ResultCategory; followup: Followup } {
  switch (r.outcome) {
    case 'qualified':
      return { category: 'no_problem', followup: 'none' };
    case 'rectify':
      if (r.reviewResult === 'rectified') return { category: 'rectified', followup: 'rectify_track' };
      return { category: 'pending_followup', followup: r.escalated ? 'transfer_case' : 'rectify_track' };
    case 'case':
    case 'transfer':
      return { category: 'pending_followup', followup: 'transfer_case' };
  }
}

// ---------------------------------------------------------------------------------------------- 审核

export const APPROVAL_STATUSES = ['pending', 'returned', 'passed', 'legacy'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];
export const APPROVAL_STATUS_LABELS: Record<ApprovalStatus, string> = {
  pending: '待审核',
  returned: '已退回',
  passed: '审核通过',
  legacy: '迁移前录入',
};
/** Whether a result may enter a publication. */
export const approvalPublishable = (s: ApprovalStatus): boolean => s === 'passed' || s === 'legacy';

export const APPROVAL_DECISIONS = ['pass', 'return'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];
export const APPROVAL_DECISION_LABELS: Record<ApprovalDecision, string> = { pass: '通过', return: '退回' };

// ---------------------------------------------------------------------------------------------- items and teams

/** Qualification tags offices use; an item may name another. */
export const COMMON_QUALIFICATIONS = [
  '放射卫生',
  '传染病防治',
  '中医',
  '医疗美容',
  '职业卫生',
  '公共场所卫生',
  '生活饮用水卫生',
  '母婴保健',
];

/** Whether an item applies to an institution of this category (an item with no categories applies to every one). */
export const itemApplies = (item: { categories: readonly InstitutionCategory[] }, c: InstitutionCategory) =>
  item.categories.length === 0 || item.categories.includes(c);

/** The qualifications a team for this institution must include: those of the items that apply to it, sorted. */
export function requiredQualifications(
  items: readonly { categories: readonly InstitutionCategory[]; qualification: string }[],
  category: InstitutionCategory,
): string[] {
  return [
    ...new Set(
      items.filter((i) => i.qualification !== '' && itemApplies(i, category)).map((i) => i.qualification),
    ),
  ].sort();
}

/** The qualifications no member of a team has. */
export function missingQualifications(
  required: readonly string[],
  team: readonly { qualifications: readonly string[] }[],
) {
  return required.filter((q) => !team.some((m) => m.qualifications.includes(q)));
}
