// 联合执法, items 6 and 7: 转报/移送 between departments (one receiving department per record; a matter for several
// departments goes through 区卫生健康局 and becomes one record per department, each with its own written reply) and
// 12345 complaints (assigned department, handling result, feedback to 区卫生健康局, 查实 or not — the substantiated
// ones are what the credit ledger will take). Deadlines and statuses: ../domain/enforcement-deadlines.
import { z } from 'zod';
import { isIsoDate } from '../dates';
import { can, mutation, query, result } from './define';
import {
  editVersion,
  fileUpload,
  id,
  optionalText,
  listView,
  pageInput,
  progressIdSchema,
  requiredText,
  type FileDownload,
  type PageOf,
} from './common';
import {
  COMPLAINT_CATEGORIES,
  type ComplaintCategory,
  type ComplaintStatus,
  type DeadlineRule,
  type ReferralStatus,
} from '../domain/enforcement-deadlines';

export * from '../domain/enforcement-deadlines';

export interface Referral {
  /** Raised by every save: what an editor sends back as `version` (db/core/versions.ts). */
  version: number;
  id: number;
  /** Records created together (one per receiving department) share the first one's id. */
  groupId: number;
  /** The receiving departments of the whole group, this one included (简称). */
  groupDepartments: string[];
  fromDepartmentId: number;
  fromDepartmentName: string;
  toDepartmentId: number;
  toDepartmentName: string;
  /** 经区卫生健康局转办: always when the group has several receiving departments. */
  viaBureau: boolean;
  /** 转报文号, '' when the referral had none. */
  docNo: string;
  matter: string;
  institutionId: number | null;
  institutionName: string | null;
  receivedOn: string;
  /** Computed when the record was made (or its receipt date changed) by the rule then in force, kept with it. */
  dueOn: string;
  rule: DeadlineRule;
  /** '收到后 15 日内书面回复（越政办发〔2020〕64号）' */
  ruleText: string;
  replyText: string;
  replyOn: string | null;
  replyFileName: string | null;
  status: ReferralStatus;
  /** Days past the due date: of the reply if there is one, else as of today. */
  daysLate: number;
  /** For open records: '剩 3 日', '今日到期', '逾期 6 日'; null once replied. */
  dueNote: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Complaint {
  /** Raised by every save: what an editor sends back as `version` (db/core/versions.ts). */
  version: number;
  id: number;
  ticketNo: string;
  receivedOn: string;
  content: string;
  category: ComplaintCategory;
  institutionId: number | null;
  institutionName: string | null;
  departmentId: number;
  departmentName: string;
  handlingResult: string;
  /** The day handling ended (办结); null while it is being handled. */
  handledOn: string | null;
  /** 查实: decided when handling ends; true ones flow into the credit ledger. null while being handled. */
  substantiated: boolean | null;
  /** The 投诉查实 entry recorded on the credit ledger for this complaint (第 N 条); null when none was. */
  creditSeq: number | null;
  /** The 更正 entry that neutralised creditSeq (closed again as 未查实, institution changed, removed). */
  creditCorrectionSeq: number | null;
  feedbackDue: string | null;
  rule: DeadlineRule | null;
  ruleText: string | null;
  feedbackOn: string | null;
  feedbackNote: string;
  status: ComplaintStatus;
  daysLate: number;
  dueNote: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DeadlinePreview {
  referralReply: { rule: DeadlineRule; text: string; source: string; due: string | null };
  complaintFeedback: { rule: DeadlineRule; text: string; source: string; due: string | null };
}

/** A date the person must give, with its own name in the message. */
export const dateField = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .min(1, { error: `请填写${label}`, abort: true })
    .refine((s) => isIsoDate(s), { error: `${label}应为真实存在的日期（YYYY-MM-DD）` });

const pick = (label: string) =>
  z
    .number({ error: `请选择${label}` })
    .int()
    .positive({ error: `请选择${label}` });

const referralFields = z.object({
  fromDepartmentId: pick('转出单位'),
  viaBureau: z.boolean().default(false),
  docNo: optionalText(50, '转报文号'),
  matter: requiredText(1000, '转报事项'),
  institutionId: id.nullable().default(null),
  receivedOn: dateField('收到日期'),
});

export const referralCreateInput = referralFields.extend({
  toDepartmentIds: z
    .array(pick('接收单位'), { error: '请选择接收单位' })
    .min(1, { error: '请选择接收单位' })
    .max(30, { error: '接收单位最多 30 个' })
    .refine((ids) => new Set(ids).size === ids.length, { error: '接收单位有重复' }),
});
export type ReferralCreateInput = z.input<typeof referralCreateInput>;

export const referralUpdateInput = referralFields.extend({
  id,
  version: editVersion,
  toDepartmentId: pick('接收单位'),
});
export type ReferralUpdateInput = z.input<typeof referralUpdateInput>;

export const referralReplyInput = z.object({
  id,
  version: editVersion,
  replyOn: dateField('回复日期'),
  replyText: requiredText(2000, '书面回复内容'),
  /** A new file replaces the one kept; `removeFile` drops the kept one without a new one. */
  file: fileUpload.optional(),
  removeFile: z.boolean().default(false),
});

const reason = (label: string) => z.object({ id, reason: requiredText(200, label) });

export const REFERRAL_LIST_STATUSES = ['all', 'open', 'pending', 'overdue', 'replied'] as const;
export const COMPLAINT_LIST_STATUSES = [
  'all',
  'open',
  'handling',
  'awaiting_feedback',
  'feedback_overdue',
  'fed_back',
] as const;

const year = z.number().int().min(2000).max(2100);

const ticketNo = requiredText(40, '工单编号')
  .transform((s) => s.toUpperCase())
  .refine((s) => /^[0-9A-Z-]+$/.test(s), { error: '工单编号只能包含字母、数字和短横线' });

export const complaintInput = z.object({
  ticketNo,
  receivedOn: dateField('受理日期'),
  content: requiredText(2000, '投诉内容'),
  category: z.enum(COMPLAINT_CATEGORIES, { error: '请选择投诉类别' }),
  institutionId: id.nullable().default(null),
  departmentId: pick('承办单位'),
});
export type ComplaintInput = z.input<typeof complaintInput>;

export const complaintCloseInput = z.object({
  id,
  version: editVersion,
  handledOn: dateField('办结日期'),
  handlingResult: requiredText(2000, '办理结果'),
  substantiated: z.boolean({ error: '请选择是否查实' }),
});

export const complaintFeedbackInput = z.object({
  id,
  version: editVersion,
  feedbackOn: dateField('反馈日期'),
  feedbackNote: optionalText(500, '反馈说明'),
});

/** The 转报移送 register's sortable columns (the grid's column ids). */
export const REFERRAL_SORT_KEYS = [
  'docNo',
  'receivedOn',
  'fromDepartmentName',
  'toDepartmentName',
  'institutionName',
  'dueOn',
  'replyOn',
] as const;

/** The summary over the whole filtered 转报移送 register. */
export interface ReferralCounts {
  pending: number;
  overdue: number;
  replied: number;
}

/** The 12345 register's sortable columns (the grid's column ids). */
export const COMPLAINT_SORT_KEYS = [
  'ticketNo',
  'receivedOn',
  'category',
  'institutionName',
  'departmentName',
  'handledOn',
  'feedbackDue',
  'feedbackOn',
  'substantiated',
] as const;

/** The summary over the whole filtered register. */
export interface ComplaintCounts {
  handling: number;
  awaiting_feedback: number;
  feedback_overdue: number;
  fed_back: number;
  substantiated: number;
}

/** The 12345 register's filters: the grid's, and its export's. */
const complaintFilters = {
  year: year.optional(),
  status: z.enum(COMPLAINT_LIST_STATUSES).default('all'),
  departmentId: id.optional(),
  category: z.enum(COMPLAINT_CATEGORIES).optional(),
  substantiated: z.boolean().optional(),
  /** Received before this day (the earlier years' still-open ones). */
  receivedBefore: z
    .string()
    .refine((s) => isIsoDate(s), { error: '日期格式应为 YYYY-MM-DD' })
    .optional(),
};

export const referralsContract = {
  /** A block of the 转报移送 register, filtered, searched (文号, 事项, 机构, 单位) and sorted on the server. */
  'referrals.page': query(
    pageInput(
      {
        /** The year of receipt; absent = every year. */
        year: year.optional(),
        status: z.enum(REFERRAL_LIST_STATUSES).default('all'),
        /** Sending or receiving. */
        departmentId: id.optional(),
        /** Received before this day (the earlier years' still-open ones). */
        receivedBefore: z
          .string()
          .refine((s) => isIsoDate(s), { error: '日期格式应为 YYYY-MM-DD' })
          .optional(),
      },
      REFERRAL_SORT_KEYS,
    ),
    result<PageOf<Referral, ReferralCounts>>(),
    can('read'),
  ),
  'referrals.get': query(z.object({ id }), result<Referral>(), can('read')),
  'referrals.create': mutation(referralCreateInput, result<Referral[]>(), can('records.write')),
  'referrals.update': mutation(referralUpdateInput, result<Referral>(), can('records.write')),
  'referrals.reply': mutation(referralReplyInput, result<Referral>(), can('records.write')),
  'referrals.withdrawReply': mutation(reason('撤销回复的原因'), result<Referral>(), can('records.write')),
  'referrals.remove': mutation(reason('删除原因'), result<{ id: number }>(), can('records.write')),
  'referrals.replyFile': query(z.object({ id }), result<FileDownload>(), can('read')),
  /** The rules in force, their texts, and the due dates they give for the dates typed so far. */
  'referrals.deadlines': query(
    z.object({
      referralReceivedOn: dateField('收到日期').optional(),
      complaintHandledOn: dateField('办结日期').optional(),
    }),
    result<DeadlinePreview>(),
    can('read'),
  ),

  /** A block of the 12345 register, filtered, searched (工单编号, 内容, 机构) and sorted on the server. */
  'complaints.page': query(
    pageInput(complaintFilters, COMPLAINT_SORT_KEYS),
    result<PageOf<Complaint, ComplaintCounts>>(),
    can('read'),
  ),
  /** The register as an Excel file: the whole list the grid's filters, search and sort select (it can be tens of
   *  thousands of tickets: with a progressId it reports 第 k / n 行 and may be stopped). */
  'complaints.exportXlsx': query(
    z.object({
      ...complaintFilters,
      search: z.string().trim().max(100).optional(),
      ...listView(COMPLAINT_SORT_KEYS),
      progressId: progressIdSchema,
    }),
    result<FileDownload>(),
    can('print'),
  ),
  'complaints.get': query(z.object({ id }), result<Complaint>(), can('read')),
  'complaints.create': mutation(complaintInput, result<Complaint>(), can('records.write')),
  'complaints.update': mutation(
    complaintInput.extend({ id, version: editVersion }),
    result<Complaint>(),
    can('records.write'),
  ),
  'complaints.closeHandling': mutation(complaintCloseInput, result<Complaint>(), can('records.write')),
  'complaints.recordFeedback': mutation(complaintFeedbackInput, result<Complaint>(), can('records.write')),
  'complaints.reopen': mutation(reason('重新办理的原因'), result<Complaint>(), can('records.write')),
  'complaints.remove': mutation(reason('删除原因'), result<{ id: number }>(), can('records.write')),
};
