// 依法执业自查 and 告诫谈话 (issue 17): the year's self-inspection work (scope by category and street, the full,
// routine and 承诺书 deadlines, 专项 campaigns), each institution's submissions and 承诺书 (entered by hand or
// through the fill-in workbook), the overdue list with 登记未自查, the 自查督导 inspections that may find a
// self-inspection 不实, the 自查结果公示 list and warning talks (告诫谈话) with their printed record. Rules:
// ../domain/selfcheck.ts.
import { z } from 'zod';
import { can, mutation, query, result } from './define';
import {
  fileUpload,
  editVersion,
  id,
  isoDate,
  optionalText,
  requiredText,
  type FileDownload,
} from './common';
import { INSTITUTION_CATEGORIES, type InstitutionCategory } from '../domain/institutions';
import {
  SELFCHECK_KINDS,
  TALK_REASON_KINDS,
  TALK_SUBJECT_KINDS,
  type AreaCount,
  type PeriodKey,
  type SelfcheckIndicators,
  type SelfcheckKind,
  type SupervisionFinding,
  type TalkReasonKind,
} from '../domain/selfcheck';
import { inspectionCreateInput, type Inspection } from './inspections';
import type { CreditRecordResult } from './credit';

export * from '../domain/selfcheck';

const year = z.number({ error: '请选择年度' }).int().min(2000).max(2100);
const count = (label: string) =>
  z
    .number({ error: `${label}应为 0–999 之间的整数` })
    .int({ error: `${label}应为整数` })
    .min(0, { error: `${label}不能为负数` })
    .max(999, { error: `${label}不能超过 999` });

export interface SelfcheckCampaign {
  /** Raised by every save: what an editor sends back as `version` (db/core/versions.ts). */
  version: number;
  id: number;
  year: number;
  topic: string;
  categories: InstitutionCategory[];
  streets: string[];
  deadline: string;
  note: string;
  scopeCount: number;
}

export interface SelfcheckYear {
  /** Raised by every save: what an editor sends back as `version` (db/core/versions.ts). */
  version: number;
  year: number;
  /** Not yet set up: the defaults shown for the office to confirm. */
  configured: boolean;
  categories: InstitutionCategory[];
  streets: string[];
  fullDeadline: string;
  pledgeDeadline: string;
  routineAfterDays: number;
  /** The four routine deadlines by the working-day rule. */
  routineDeadlines: { quarter: 1 | 2 | 3 | 4; deadline: string }[];
  routineRule: string;
  campaigns: SelfcheckCampaign[];
  scopeCount: number;
  /** The streets of the directory, for the scope's choices. */
  knownStreets: string[];
  areas: string[];
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface SelfcheckSubmission {
  /** Raised by every save: what an editor sends back as `version` (db/core/versions.ts). */
  version: number;
  id: number;
  year: number;
  institutionId: number;
  institutionName: string;
  periodKey: PeriodKey;
  periodLabel: string;
  kind: SelfcheckKind;
  quarter: number | null;
  campaignId: number | null;
  submittedOn: string;
  deadline: string;
  late: boolean;
  areas: AreaCount[];
  found: number;
  fixed: number;
  rectifyPlan: string;
  rectifyDue: string | null;
  report: { name: string } | null;
  note: string;
  source: 'manual' | 'workbook';
  untrue: boolean;
  creditSeq: number | null;
  updatedAt: string;
  updatedBy: string;
}

/** One cell of the submissions grid: a period of one institution. */
export interface SelfcheckCell {
  state: 'on_time' | 'late' | 'pending' | 'overdue' | 'missing_registered';
  submittedOn: string | null;
  submissionId: number | null;
  untrue: boolean;
}

export interface SelfcheckGridRow {
  institutionId: number;
  name: string;
  category: string;
  street: string;
  cells: Record<PeriodKey, SelfcheckCell>;
  pledgeOn: string | null;
  pledgeOverdue: boolean;
  found: number;
  fixed: number;
}

/** A registered 《医疗机构依法执业承诺书》 (one per institution and year). */
export interface SelfcheckPledge {
  year: number;
  institutionId: number;
  submittedOn: string;
  signer: string;
  practitionersSigned: number;
  fileName: string | null;
  /** The signed 承诺书 kept with it (null: none attached): its name, size in bytes and SHA-256. */
  file: { name: string; size: number; sha256: string } | null;
}

export interface SelfcheckGrid {
  year: number;
  periods: { key: PeriodKey; label: string; deadline: string }[];
  rows: SelfcheckGridRow[];
}

export interface SelfcheckOverdue {
  institutionId: number;
  name: string;
  street: string;
  /** 'full', 'Q1'…, 'C3', or 'pledge' for the 承诺书. */
  periodKey: string;
  label: string;
  deadline: string;
  daysLate: number;
  /** The 登记未自查 ledger entry, when staff have registered it. */
  registeredSeq: number | null;
}

export interface SelfcheckSupervision {
  id: number;
  inspectionId: number;
  inspectedOn: string;
  institutionId: number;
  institutionName: string;
  submissionId: number;
  periodLabel: string;
  findings: SupervisionFinding[];
  untrue: boolean;
  summary: string;
  creditSeq: number | null;
  inspectionSeq: number | null;
  createdAt: string;
  createdBy: string;
}

/** A random draw of submitted self-inspections for 督导 (the district samples whom to check): from the period's
 *  submissions not yet supervised, with the seed that recomputes it (DrawStream + partial Fisher–Yates over the
 *  candidates in id order); recorded in the 操作日志. */
export interface SupervisionDraw {
  year: number;
  periodKey: PeriodKey;
  periodLabel: string;
  /** The candidates' submission ids, in the order the draw shuffles them. */
  candidates: number[];
  seed: string;
  drawn: {
    submissionId: number;
    institutionId: number;
    institutionName: string;
    submittedOn: string;
    found: number;
    fixed: number;
  }[];
}

export interface SelfcheckPublicityRow {
  no: number;
  institutionName: string;
  uscc: string;
  periodLabel: string;
  submittedOn: string;
  found: number;
  fixed: number;
  open: number;
  rectifyDue: string | null;
}

export interface SelfcheckPublicity {
  year: number;
  asOf: string;
  officeName: string;
  rows: SelfcheckPublicityRow[];
}

export interface WarningTalk {
  id: number;
  subjectKind: 'institution' | 'practitioner';
  subjectId: number;
  subjectName: string;
  /** Institution: its 统一社会信用代码; practitioner: the 执业机构. */
  subjectDetail: string;
  talkOn: string;
  place: string;
  talkers: string;
  attendees: string;
  reasonKind: TalkReasonKind;
  reasonId: number | null;
  /** The record the reason names, as the register calls it (检查记录第 N 号, 投诉工单 …); '' when none. */
  reasonRecord: string;
  reasonText: string;
  content: string;
  commitments: string;
  followUpOn: string | null;
  creditSeq: number;
  createdAt: string;
  createdBy: string;
  officeName: string;
}

/** A record a warning talk can name as its reason, for the subject chosen: its points warnings, the inspections
 *  of it (or of a practitioner's institution), the complaints about it found true, and the 督导 that found its
 *  self-inspection 不实. */
export interface TalkReasonOption {
  id: number;
  label: string;
}
export type TalkReasonOptions = Record<Exclude<TalkReasonKind, 'other'>, TalkReasonOption[]>;

export interface SelfcheckImportRow {
  rowNumber: number;
  institutionName: string;
  periodLabel: string;
  submittedOn: string;
  action: 'apply' | 'skip' | 'error';
  note: string;
  errors: string[];
}

export interface SelfcheckImportPreview {
  year: number;
  rows: SelfcheckImportRow[];
  applyCount: number;
  skipCount: number;
  errorCount: number;
}

export interface SelfcheckSummary {
  year: number;
  asOf: string;
  indicators: SelfcheckIndicators;
  untrue: number;
  supervisions: number;
  talks: number;
  missingRegistered: number;
}

const categories = z
  .array(z.enum(INSTITUTION_CATEGORIES, { error: '未知的机构类别' }))
  .max(20)
  .default([]);
const streets = z.array(requiredText(60, '街道')).max(200).default([]);

export const selfcheckYearInput = z.object({
  year,
  categories,
  streets,
  fullDeadline: isoDate,
  pledgeDeadline: isoDate,
  routineAfterDays: z
    .number({ error: '日常自查期限应为 0–30 个工作日' })
    .int()
    .min(0, { error: '日常自查期限应为 0–30 个工作日' })
    .max(30, { error: '日常自查期限应为 0–30 个工作日' })
    .default(0),
  /** The arrangement's version the form started from (none when the year is arranged for the first time). */
  version: editVersion,
});

export const selfcheckCampaignInput = z.object({
  id: id.nullable().default(null),
  version: editVersion,
  year,
  topic: requiredText(100, '专项自查主题'),
  categories,
  streets,
  deadline: isoDate,
  note: optionalText(500, '说明'),
});

export const areaCountInput = z.object({
  area: requiredText(30, '检查领域'),
  found: count('发现问题数'),
  fixed: count('已整改数'),
});

export const selfcheckSubmissionInput = z
  .object({
    year,
    institutionId: id,
    kind: z.enum(SELFCHECK_KINDS, { error: '请选择自查类别' }),
    quarter: z.number().int().min(1).max(4).nullable().default(null),
    campaignId: id.nullable().default(null),
    submittedOn: isoDate,
    areas: z.array(areaCountInput).min(1, { error: '请至少选择一个检查领域' }).max(30),
    rectifyPlan: optionalText(2000, '整改计划'),
    rectifyDue: isoDate.nullable().default(null),
    note: optionalText(1000, '备注'),
    report: fileUpload.nullable().default(null),
    /** The version of the submission for that period the form started from (none: a first submission). */
    version: editVersion,
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (v.kind === 'routine' && v.quarter === null) issue('quarter', '日常自查请选择季度');
    if (v.kind !== 'routine' && v.quarter !== null) issue('quarter', '只有日常自查选择季度');
    if (v.kind === 'special' && v.campaignId === null) issue('campaignId', '专项自查请选择专项');
    if (v.kind !== 'special' && v.campaignId !== null) issue('campaignId', '只有专项自查选择专项');
    const open = v.areas.reduce((s, a) => s + a.found - Math.min(a.fixed, a.found), 0);
    for (const a of v.areas)
      if (a.fixed > a.found)
        issue('areas', `“${a.area}”的已整改数（${a.fixed}）大于发现问题数（${a.found}）`);
    if (open > 0 && v.rectifyPlan === '') issue('rectifyPlan', `尚有 ${open} 个问题未整改，请填写整改计划`);
    if (open > 0 && v.rectifyDue === null) issue('rectifyDue', '请填写整改期限');
    if (v.rectifyDue !== null && v.rectifyDue < v.submittedOn)
      issue('rectifyDue', '整改期限不能早于自查日期');
  });
export type SelfcheckSubmissionInput = z.input<typeof selfcheckSubmissionInput>;

export const pledgeInput = z.object({
  year,
  institutionId: id,
  submittedOn: isoDate,
  signer: requiredText(30, '签署人（主要负责人）'),
  practitionersSigned: count('签订承诺书的医务人员数').default(0),
  file: fileUpload.nullable().default(null),
  /** The 承诺书 as the editor opened it (null: not registered yet), for compare-and-set: another seat's save
   *  since answers CONFLICT. Absent (the CLI, the demo): never refused. */
  expected: z
    .object({
      submittedOn: isoDate,
      signer: z.string().max(30),
      practitionersSigned: z.number().int().min(0),
      /** The signed file it opened with (null: none); absent: the file is not compared. */
      fileSha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/, { error: '文件摘要应为 64 位十六进制数' })
        .nullable()
        .optional(),
    })
    .nullable()
    .optional(),
});

export const supervisionFindingInput = z.object({
  area: requiredText(30, '检查领域'),
  notReported: count('未报告的问题数'),
  fixedButNot: count('报告已整改但未整改的问题数'),
  note: optionalText(500, '说明'),
});

export const supervisionInput = z.object({
  submissionId: id,
  inspection: inspectionCreateInput,
  findings: z.array(supervisionFindingInput).max(30).default([]),
});
export type SupervisionInput = z.input<typeof supervisionInput>;

export const supervisionDrawInput = z.object({
  year,
  periodKey: z.string().max(12).default('full'),
  count: z
    .number({ error: '抽取数量应为 1–200 之间的整数' })
    .int({ error: '抽取数量应为整数' })
    .min(1, { error: '抽取数量至少为 1' })
    .max(200, { error: '抽取数量不能超过 200' }),
});

export const warningTalkInput = z.object({
  subjectKind: z.enum(TALK_SUBJECT_KINDS, { error: '请选择谈话对象类别' }),
  subjectId: id,
  talkOn: isoDate,
  place: requiredText(100, '谈话地点'),
  talkers: requiredText(200, '谈话人'),
  attendees: requiredText(300, '参加人员'),
  reasonKind: z.enum(TALK_REASON_KINDS, { error: '请选择谈话事由' }),
  reasonId: id.nullable().default(null),
  reasonText: requiredText(500, '谈话事由'),
  content: requiredText(4000, '谈话内容'),
  commitments: optionalText(2000, '整改承诺'),
  followUpOn: isoDate.nullable().default(null),
});
export type WarningTalkInput = z.input<typeof warningTalkInput>;

export interface SupervisionResult {
  supervision: SelfcheckSupervision;
  inspection: Inspection;
  entry: CreditRecordResult | null;
  /** The institution's tier before the inspection's result entered the ledger, and after the 不实 finding. */
  tierBefore: string | null;
  tierAfter: string | null;
}

export const selfcheckContract = {
  'selfcheck.year': query(z.object({ year }), result<SelfcheckYear>(), can('read')),
  'selfcheck.saveYear': mutation(selfcheckYearInput, result<SelfcheckYear>(), can('records.write')),
  'selfcheck.saveCampaign': mutation(
    selfcheckCampaignInput,
    result<SelfcheckCampaign>(),
    can('records.write'),
  ),
  'selfcheck.grid': query(z.object({ year }), result<SelfcheckGrid>(), can('read')),
  'selfcheck.submissions': query(
    z.object({ year, institutionId: id.optional() }),
    result<SelfcheckSubmission[]>(),
    can('read'),
  ),
  'selfcheck.saveSubmission': mutation(
    selfcheckSubmissionInput,
    result<SelfcheckSubmission>(),
    can('records.write'),
  ),
  /** The institution's 承诺书 of the year as registered (null: none yet), for the dialog that edits it. */
  'selfcheck.pledge': query(
    z.object({ year, institutionId: id }),
    result<SelfcheckPledge | null>(),
    can('read'),
  ),
  'selfcheck.savePledge': mutation(
    pledgeInput,
    result<{ year: number; institutionId: number }>(),
    can('records.write'),
  ),
  'selfcheck.attachment': query(
    z.object({
      kind: z.enum(['report', 'pledge']),
      submissionId: id.optional(),
      year: year.optional(),
      institutionId: id.optional(),
    }),
    result<FileDownload>(),
    can('read'),
  ),
  'selfcheck.overdue': query(z.object({ year }), result<SelfcheckOverdue[]>(), can('read')),
  'selfcheck.registerMissing': mutation(
    z.object({
      year,
      items: z
        .array(z.object({ institutionId: id, periodKey: z.string().max(12) }))
        .min(1, { error: '请选择要登记的机构' })
        .max(5000),
    }),
    result<{ registered: number; seqs: number[] }>(),
    can('records.write'),
  ),
  'selfcheck.summary': query(z.object({ year }), result<SelfcheckSummary>(), can('read')),
  'selfcheck.exportWorkbook': query(
    z.object({ year, periods: z.array(z.string().max(12)).max(40).default([]) }),
    result<FileDownload>(),
    can('print'),
  ),
  'selfcheck.importPreview': query(
    fileUpload.extend({ year }),
    result<SelfcheckImportPreview>(),
    can('records.write'),
  ),
  'selfcheck.importApply': mutation(
    fileUpload.extend({ year }),
    result<SelfcheckImportPreview>(),
    can('records.write'),
  ),
  'selfcheck.supervisions': query(z.object({ year }), result<SelfcheckSupervision[]>(), can('read')),
  'selfcheck.drawSupervision': mutation(
    supervisionDrawInput,
    result<SupervisionDraw>(),
    can('records.write'),
  ),
  'selfcheck.recordSupervision': mutation(
    supervisionInput,
    result<SupervisionResult>(),
    can('records.write'),
  ),
  'selfcheck.publicity': query(z.object({ year }), result<SelfcheckPublicity>(), can('print')),
  'selfcheck.publicityXlsx': query(z.object({ year }), result<FileDownload>(), can('print')),
  'selfcheck.talks': query(
    z.object({ subjectKind: z.enum(TALK_SUBJECT_KINDS).optional(), subjectId: id.optional() }),
    result<WarningTalk[]>(),
    can('read'),
  ),
  'selfcheck.talk': query(z.object({ id }), result<WarningTalk>(), can('read')),
  'selfcheck.talkReasons': query(
    z.object({ subjectKind: z.enum(TALK_SUBJECT_KINDS), subjectId: id }),
    result<TalkReasonOptions>(),
    can('read'),
  ),
  'selfcheck.recordTalk': mutation(
    warningTalkInput,
    result<{ talk: WarningTalk; entry: CreditRecordResult }>(),
    can('records.write'),
  ),
  'selfcheck.talkDocx': query(z.object({ id }), result<FileDownload>(), can('print')),
};
