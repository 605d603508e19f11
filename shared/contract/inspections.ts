// 联合执法, items 4 and 8: 检查记录 — per drawn target (institution, team and 抽查事项 from the draw) or ad hoc —
// with the outcome (合格 / 责令整改 / 立案查处 / 移送), the 整改 deadline and its 复查, penalties and the case number;
// each result enters the credit ledger in the same transaction and the record keeps the ledger's sequence numbers
// (the ledger keeps the record's id as its source). 结果公开 (一公开): per batch, the public results table is due N
// working days after its inspections end; natural persons are masked in the public version. Rules:
// ../domain/inspections.ts.
import { z } from 'zod';
import { can, mutation, query, result } from './define';
import {
  fileUpload,
  editVersion,
  id,
  listView,
  optionalText,
  pageInput,
  progressIdSchema,
  requiredText,
  type FileDownload,
  type PageOf,
} from './common';
import { dateField } from './referrals';
import type { DeadlineRule } from '../domain/enforcement-deadlines';
import type { PractitionerCategory } from '../domain/institutions';
import {
  INSPECTION_OUTCOMES,
  PENALTY_KINDS,
  PENALTY_LABELS,
  REVIEW_RESULTS,
  penaltiesAllowed,
  type InspectionOutcome,
  type PenaltyKind,
  type PublicationStatus,
  type ReviewResult,
} from '../domain/inspections';

import {
  CHECK_METHODS,
  FOLLOWUPS,
  RESULT_CATEGORIES,
  followupProblem,
  internalOutcome,
  mapLegacyOutcome,
  type ApprovalStatus,
  type CheckMethod,
  type Followup,
  type ResultCategory,
} from '../domain/spotcheck';
import type { InspectionApproval } from './spotcheck';

export * from '../domain/inspections';

/** One drawn item's result: checked or not, how, what was found and what was done. */
export interface InspectionItemResult {
  /** The item on the 随机抽查事项清单; null for an item typed before the list. */
  itemId: number | null;
  name: string;
  checked: boolean;
  method: CheckMethod | null;
  problems: string;
  disposal: string;
}

export interface InspectionTeamMember {
  inspectorId: number;
  name: string;
  departmentId: number;
  department: string;
  lead: boolean;
}

export interface InspectionPractitioner {
  id: number;
  name: string;
  category: PractitionerCategory;
  certificateNo: string;
}

export interface InspectionAttachment {
  name: string;
  size: number;
  sha256: string;
}

/** A ledger entry the record wrote: its result (监督检查结果), its penalty (行政处罚), or its 复查 result. */
export interface InspectionCreditLink {
  seq: number;
  kind: 'result' | 'penalty' | 'review';
}

export interface InspectionReview {
  on: string;
  result: ReviewResult;
  note: string;
  /** 未整改 and escalated to 立案查处. */
  escalated: boolean;
}

export interface Inspection {
  /** Raised by every save: what an editor sends back as `version` (db/core/versions.ts). */
  version: number;
  id: number;
  institutionId: number;
  institutionName: string;
  institutionUscc: string;
  /** From a 双随机 draw (plan, batch and target) or 日常/专项 (ad hoc). */
  source: 'draw' | 'adhoc';
  planId: number | null;
  planName: string | null;
  planYear: number | null;
  batchNumber: number | null;
  batchName: string | null;
  drawId: number | null;
  drawPosition: number | null;
  inspectedOn: string;
  /** The lead (组长) first. */
  team: InspectionTeamMember[];
  /** Why the team differs from the drawn one ('' when it does not, or ad hoc). */
  teamNote: string;
  items: string[];
  /** Item by item (empty on a record made before the item list: its items are the free text above). */
  itemResults: InspectionItemResult[];
  /** 检查结果 and 后续处置措施 in the categories a public notice uses. */
  resultCategory: ResultCategory;
  followup: Followup;
  /** 审核: 待审核 / 已退回 / 审核通过 / 迁移前录入; only 通过 (and records from before 审核 existed) are published. */
  approvalStatus: ApprovalStatus;
  /** Every 审核 decision, oldest first. */
  approvals: InspectionApproval[];
  /** Records made before the item list: how their outcome was mapped ('' otherwise). */
  migrationNote: string;
  /** The experts drawn to join the team (draw v3), as the draw record names them; never enforcement officers. */
  experts: InspectionExpert[];
  findings: string;
  /** The older single outcome, derived from the categories: it drives 复查, penalties and the earlier figures. */
  outcome: InspectionOutcome;
  rectifyDue: string | null;
  transferTo: string;
  penalties: PenaltyKind[];
  /** Amounts in 分 (integers), shown in 元. */
  fineFen: number | null;
  confiscationFen: number | null;
  /** '警告；罚款 5,000 元' or ''. */
  penaltyText: string;
  caseNo: string | null;
  practitioners: InspectionPractitioner[];
  review: InspectionReview | null;
  /** 责令整改 past its deadline without a 复查. */
  rectifyOverdue: boolean;
  credit: InspectionCreditLink[];
  attachments: InspectionAttachment[];
  /** The batch's results have been published: the record is then kept as published (no edits, no removal). */
  publishedOn: string | null;
  createdAt: string;
  updatedAt: string;
}

const itemResultInput = z
  .object({
    itemId: id.nullable().default(null),
    name: requiredText(130, '抽查事项'),
    checked: z.boolean({ error: '请说明该事项是否已检查' }),
    method: z.enum(CHECK_METHODS, { error: '检查方式无效' }).nullable().default(null),
    problems: optionalText(1000, '发现的问题'),
    disposal: optionalText(500, '处置情况'),
  })
  .superRefine((r, ctx) => {
    if (r.checked && r.method === null)
      ctx.addIssue({ code: 'custom', path: ['method'], message: `请选择“${r.name}”的检查方式` });
    if (!r.checked && r.method !== null)
      ctx.addIssue({ code: 'custom', path: ['method'], message: `“${r.name}”未检查，不填写检查方式` });
    if (!r.checked && r.problems === '')
      ctx.addIssue({ code: 'custom', path: ['problems'], message: `请写明“${r.name}”未检查的原因` });
  });

const pick = (label: string) =>
  z
    .number({ error: `请选择${label}` })
    .int()
    .positive({ error: `请选择${label}` });

const unique = <T>(items: T[]) => new Set(items).size === items.length;

/** An amount in 元: positive, at most two decimals, below 100 亿. */
const yuan = (label: string) =>
  z
    .number({ error: `${label}应为数字（元）` })
    .refine((n) => Number.isFinite(n) && n > 0, { error: `${label}应大于 0` })
    .refine((n) => n < 1e10, { error: `${label}过大` })
    .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, {
      error: `${label}最多保留两位小数（分）`,
    });

export const MIN_INSPECTION_TEAM = 2;

const inspectionFields = z.object({
  /** The draw and the target's position in it, for a drawn target; both null for an ad-hoc inspection. */
  drawId: id.nullable().default(null),
  drawPosition: z.number().int().min(0).max(100000).nullable().default(null),
  institutionId: pick('监管对象'),
  inspectedOn: dateField('检查日期'),
  leadInspectorId: pick('组长'),
  memberIds: z.array(id).max(10, { error: '组员最多 10 名' }).default([]),
  teamNote: optionalText(200, '检查组调整说明'),
  /** Free-text items (records typed before the item list, and history imports); with itemResults, their names. */
  items: z
    .array(requiredText(130, '抽查事项'))
    .max(30, { error: '抽查事项最多 30 项' })
    .refine(unique, { error: '抽查事项有重复' })
    .default([]),
  itemResults: z.array(itemResultInput).max(30, { error: '抽查事项最多 30 项' }).default([]),
  findings: optionalText(2000, '检查发现'),
  /** 检查结果 and 后续处置措施; or, from older callers (history imports), the single outcome they map from. */
  resultCategory: z.enum(RESULT_CATEGORIES, { error: '请选择检查结果' }).nullable().default(null),
  followup: z.enum(FOLLOWUPS, { error: '请选择后续处置措施' }).nullable().default(null),
  outcome: z.enum(INSPECTION_OUTCOMES, { error: '请选择检查结果' }).nullable().default(null),
  rectifyDue: dateField('整改期限').nullable().default(null),
  transferTo: optionalText(100, '移送单位'),
  penalties: z
    .array(z.enum(PENALTY_KINDS, { error: '未知的处罚种类' }))
    .max(PENALTY_KINDS.length)
    .refine(unique, { error: '处罚种类有重复' })
    .default([]),
  fineYuan: yuan('罚款金额').nullable().default(null),
  confiscationYuan: yuan('没收违法所得金额').nullable().default(null),
  /** 立案号: free text, unique when given. */
  caseNo: optionalText(50, '立案号'),
  /** 涉及的从业人员 (masked in the public version). */
  practitionerIds: z
    .array(id)
    .max(50, { error: '涉及人员最多 50 名' })
    .refine(unique, { error: '涉及人员有重复' })
    .default([]),
  /** New files to attach. */
  attachments: z.array(fileUpload).max(10, { error: '一次最多上传 10 个附件' }).default([]),
});

type Fields = z.output<typeof inspectionFields>;

/** The categories and the internal outcome of an input: given as categories, or mapped from an older outcome. */
export function resolveResult(v: Pick<Fields, 'resultCategory' | 'followup' | 'outcome'>): {
  category: ResultCategory;
  followup: Followup;
  outcome: InspectionOutcome;
} | null {
  if (v.resultCategory !== null && v.followup !== null)
    return {
      category: v.resultCategory,
      followup: v.followup,
      outcome: internalOutcome(v.resultCategory, v.followup),
    };
  if (v.resultCategory === null && v.followup === null && v.outcome !== null) {
    const m = mapLegacyOutcome({ outcome: v.outcome, reviewResult: null, escalated: false });
    return { ...m, outcome: v.outcome };
  }
  return null;
}

/** Rules a record must keep whatever the database holds: the team of ≥ 2, the outcome's own fields. */
function checkFields(raw: Fields, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (raw.items.length === 0 && raw.itemResults.length === 0)
    issue('itemResults', '请至少填写一项抽查事项的检查情况');
  const names = raw.itemResults.map((r) => r.name);
  if (!unique(names)) issue('itemResults', '抽查事项有重复');
  const resolved = resolveResult(raw);
  if (!resolved) {
    if (raw.resultCategory === null) issue('resultCategory', '请选择检查结果');
    if (raw.followup === null) issue('followup', '请选择后续处置措施');
    return;
  }
  const problem = followupProblem(resolved.category, resolved.followup);
  if (problem) issue('followup', problem);
  const v = { ...raw, outcome: resolved.outcome };
  const tracked = resolved.followup === 'rectify_track';
  if ((v.drawId === null) !== (v.drawPosition === null)) issue('drawId', '抽取对象须同时给出抽取记录和序号');
  const team = new Set([v.leadInspectorId, ...v.memberIds]);
  if (v.memberIds.includes(v.leadInspectorId)) issue('memberIds', '组长已在检查组中，组员不必重复选择');
  else if (team.size < MIN_INSPECTION_TEAM)
    issue('memberIds', `检查组至少需要 ${MIN_INSPECTION_TEAM} 名执法人员（行政处罚法第四十二条）`);
  if (!unique(v.memberIds)) issue('memberIds', '组员有重复');
  if (tracked) {
    if (v.rectifyDue === null) issue('rectifyDue', '责令改正并跟踪须填写整改期限');
    else if (v.rectifyDue <= v.inspectedOn) issue('rectifyDue', `整改期限应晚于检查日期（${v.inspectedOn}）`);
  } else if (v.rectifyDue !== null) issue('rectifyDue', '只有“责令改正并跟踪”填写整改期限');
  if (v.outcome === 'transfer' && v.transferTo === '')
    issue('transferTo', resolved.followup === 'notify' ? '请填写抄告的部门' : '请填写移送单位');
  if (v.penalties.length > 0 && !penaltiesAllowed(v.outcome))
    issue(
      'penalties',
      v.outcome === 'qualified'
        ? '检查结果为“合格”时不能有行政处罚'
        : '“移送”的案件由接收单位依法处理，此处不填写行政处罚',
    );
  if (v.penalties.includes('fine') && v.fineYuan === null) issue('fineYuan', '请填写罚款金额（元）');
  if (!v.penalties.includes('fine') && v.fineYuan !== null)
    issue('fineYuan', `未选择“${PENALTY_LABELS.fine}”，不能填写罚款金额`);
  if (v.penalties.includes('confiscation') && v.confiscationYuan === null)
    issue('confiscationYuan', '请填写没收违法所得金额（元）');
  if (!v.penalties.includes('confiscation') && v.confiscationYuan !== null)
    issue('confiscationYuan', `未选择“${PENALTY_LABELS.confiscation}”，不能填写金额`);
}

export const inspectionCreateInput = inspectionFields.superRefine(checkFields);
export type InspectionCreateInput = z.input<typeof inspectionCreateInput>;

export const inspectionUpdateInput = inspectionFields
  .extend({
    id,
    version: editVersion,
    /** Indexes (in the record's list) of attachments to take off. */
    removeAttachments: z.array(z.number().int().min(0).max(99)).max(100).default([]),
  })
  .superRefine(checkFields);
export type InspectionUpdateInput = z.input<typeof inspectionUpdateInput>;

export const inspectionReviewInput = z
  .object({
    id,
    version: editVersion,
    reviewOn: dateField('复查日期'),
    result: z.enum(REVIEW_RESULTS, { error: '请选择复查结果' }),
    note: optionalText(1000, '复查说明'),
    /** 未整改 → 立案查处. */
    escalate: z.boolean().default(false),
    /** The case number when escalating (optional; unique when given). */
    caseNo: optionalText(50, '立案号'),
  })
  .superRefine((v, ctx) => {
    if (v.escalate && v.result !== 'unrectified')
      ctx.addIssue({ code: 'custom', path: ['escalate'], message: '只有复查“未整改”时才转为立案查处' });
    if (v.caseNo !== '' && !v.escalate)
      ctx.addIssue({ code: 'custom', path: ['caseNo'], message: '转为立案查处时才填写立案号' });
  });
export type InspectionReviewInput = z.input<typeof inspectionReviewInput>;

export const INSPECTION_RECTIFY_FILTERS = ['all', 'pending', 'overdue', 'reviewed'] as const;

const year = z.number().int().min(2000).max(2100);
const batchKey = z.object({ planId: id, batchNumber: z.number().int().min(1).max(99) });

// ---------------------------------------------------------------------------------------------- 结果公开

export interface InspectionPublicationRecord {
  publishedOn: string;
  /** Where it was published, e.g. 区政府网站. */
  channel: string;
  note: string;
  recordedBy: string;
  recordedAt: string;
  /** The deadline and rule as they stood when the publication was recorded. */
  dueOn: string | null;
  ruleText: string;
  /** Days after the deadline it was published (0 when in time). */
  daysLate: number;
}

export interface InspectionPublicationBatch {
  planId: number;
  planName: string;
  year: number;
  batchNumber: number;
  batchName: string;
  startDate: string;
  endDate: string;
  drawId: number;
  targetCount: number;
  recordedCount: number;
  lastInspectedOn: string | null;
  /** 检查完成日期: null while the inspections are under way. */
  endedOn: string | null;
  /** '5 家全部检查完毕', '检查中：已录入 3/5 家', '计划检查时间已过，尚有 2 家未录入检查结果'. */
  progressText: string;
  /** 公开截止日期: N working days after endedOn. */
  dueOn: string | null;
  rule: DeadlineRule;
  ruleText: string;
  status: PublicationStatus;
  /** '剩 4 个工作日', '今日到期', '逾期 3 日'; null when published or not yet due. */
  dueNote: string | null;
  publication: InspectionPublicationRecord | null;
}

export interface InspectionExpert {
  expertId: number;
  name: string;
  unit: string;
  field: string;
}

/** One row of the public results table: legal persons by name and code, natural persons masked, no inspectors. */
export interface PublicResultRow {
  no: number;
  institutionName: string;
  uscc: string;
  items: string;
  inspectedOn: string;
  outcome: string;
  /** 处理情况: 整改 and 复查, penalties, case number, 移送. */
  handling: string;
  /** 涉及人员, masked: '张**（医师，证书 1103*********45）'. */
  persons: string;
  /** 检查部门 (departments only, never the inspectors' names). */
  departments: string;
}

export interface PublicResultsTable {
  batch: InspectionPublicationBatch;
  officeName: string;
  title: string;
  rows: PublicResultRow[];
  /** Drawn targets without an inspection record (internal: shown to staff, not in the public table). */
  unrecorded: string[];
  /** Results recorded but not yet passed by 审核 (internal: they do not enter the publication). */
  unreviewed: string[];
}

export const PUBLIC_RESULT_COLUMNS: { key: keyof PublicResultRow; header: string; width: number }[] = [
  { key: 'no', header: '序号', width: 6 },
  { key: 'institutionName', header: '机构名称', width: 28 },
  { key: 'uscc', header: '统一社会信用代码', width: 22 },
  { key: 'items', header: '抽查事项', width: 30 },
  { key: 'inspectedOn', header: '检查日期', width: 12 },
  { key: 'outcome', header: '检查结果', width: 10 },
  { key: 'handling', header: '后续处置及处理情况', width: 44 },
  { key: 'persons', header: '涉及人员', width: 28 },
  { key: 'departments', header: '检查机关', width: 20 },
];

export const inspectionPublishInput = batchKey.extend({
  publishedOn: dateField('公开日期'),
  channel: requiredText(100, '公开渠道'),
  note: optionalText(500, '备注'),
});
export type InspectionPublishInput = z.input<typeof inspectionPublishInput>;

const inspectionFilters = {
  /** The year of the inspection date; absent = every year. */
  year: year.optional(),
  outcome: z.enum(INSPECTION_OUTCOMES).optional(),
  rectify: z.enum(INSPECTION_RECTIFY_FILTERS).default('all'),
  source: z.enum(['draw', 'adhoc']).optional(),
  planId: id.optional(),
  batchNumber: z.number().int().min(1).max(99).optional(),
  institutionId: id.optional(),
};

/** 检查记录's sortable columns (the grid's column ids). */
export const INSPECTION_SORT_KEYS = ['id', 'inspectedOn', 'institutionName', 'rectifyDue', 'caseNo'] as const;
/** Its columns the grid may filter. */
export const INSPECTION_FILTER_KEYS = ['institutionName', 'inspectedOn', 'rectifyDue', 'caseNo'] as const;

/** 检查记录's grid row: the record without its long texts and attachments (检查发现, 逐项结果, 审核记录, 专家, 涉及人员,
 *  附件), which the selected record's details read whole (inspections.get); so a block stays small whatever was typed. */
export type InspectionListRow = Omit<
  Inspection,
  'findings' | 'itemResults' | 'approvals' | 'experts' | 'migrationNote' | 'attachments' | 'practitioners'
>;

/** The summary over the whole filtered list. */
export interface InspectionCounts {
  /** 责令整改 past its deadline without a 复查. */
  rectifyOverdue: number;
  /** Results waiting for 审核. */
  approvalPending: number;
}

export const inspectionsContract = {
  'inspections.list': query(z.object(inspectionFilters), result<Inspection[]>(), can('read')),
  /** A block of 检查记录, filtered, searched (机构, 代码, 检查组, 立案号) and sorted on the server. */
  'inspections.page': query(
    pageInput(inspectionFilters, INSPECTION_SORT_KEYS, INSPECTION_FILTER_KEYS),
    result<PageOf<InspectionListRow, InspectionCounts>>(),
    can('read'),
  ),
  /** 检查记录 as an Excel file: the whole list the grid's filters, search and sort select (years of records: with a
   *  progressId it reports 第 k / n 行 and may be stopped). */
  'inspections.exportXlsx': query(
    z.object({
      ...inspectionFilters,
      search: z.string().trim().max(100).optional(),
      ...listView(INSPECTION_SORT_KEYS, INSPECTION_FILTER_KEYS),
      progressId: progressIdSchema,
    }),
    result<FileDownload>(),
    can('print'),
  ),
  'inspections.get': query(z.object({ id }), result<Inspection>(), can('read')),
  'inspections.create': mutation(inspectionCreateInput, result<Inspection>(), can('records.write')),
  'inspections.update': mutation(inspectionUpdateInput, result<Inspection>(), can('records.write')),
  'inspections.review': mutation(inspectionReviewInput, result<Inspection>(), can('records.write')),
  'inspections.remove': mutation(
    z.object({ id, reason: requiredText(200, '删除原因') }),
    result<{ id: number }>(),
    can('records.write'),
  ),
  'inspections.attachment': query(
    z.object({ id, index: z.number().int().min(0).max(99) }),
    result<FileDownload>(),
    can('read'),
  ),

  'inspectionPublications.list': query(
    z.object({ year: year.optional() }),
    result<InspectionPublicationBatch[]>(),
    can('read'),
  ),
  'inspectionPublications.table': query(batchKey, result<PublicResultsTable>(), can('read')),
  'inspectionPublications.exportXlsx': query(batchKey, result<FileDownload>(), can('print')),
  'inspectionPublications.mark': mutation(
    inspectionPublishInput,
    result<InspectionPublicationBatch>(),
    can('records.write'),
  ),
  'inspectionPublications.unmark': mutation(
    batchKey.extend({ reason: requiredText(200, '撤销原因') }),
    result<InspectionPublicationBatch>(),
    can('records.write'),
  ),
};
