// 报告上报: reports generated for a period from the records (figures and tables computed, never typed) with the
// narrative the office writes; a draft is saved and edited, previewed in GB/T 9704 layout, and signed into a
// submission package (report.pdf, report.docx, data.json, data.xlsx, manifest.json, manifest.sig, signer.pub.pem)
// that freezes it; a change is a new version (更正版) naming the one it replaces. Each period's due date and the
// log of how a signed report was sent. Rules: ../domain/reports.ts; package shapes: ../domain/report-package.ts.
import { z } from 'zod';
import { can, mutation, operation, query, result } from './define';
import { id, isoDate, optionalText, progressIdSchema, requiredText, type FileDownload } from './common';
import {
  REPORT_TYPES,
  SUBMISSION_METHODS,
  periodProblem,
  type DueRule,
  type DueStatus,
  type NarrativeBlock,
  type PeriodKind,
  type ReportDueRules,
  type ReportStatus,
  type ReportType,
  type SubmissionMethod,
} from '../domain/reports';
import type { PackageManifest, ReportData } from '../domain/report-package';

export * from '../domain/reports';
export * from '../domain/report-package';

export interface ReportDue {
  dueOn: string;
  /** '季度最后一个工作日' */
  ruleText: string;
  status: DueStatus;
  /** The first submission's date, when one was logged. */
  submittedOn: string | null;
}

export interface ReportSummary {
  id: number;
  type: ReportType;
  typeLabel: string;
  period: string;
  periodLabel: string;
  version: number;
  status: ReportStatus;
  title: string;
  docNumber: string | null;
  supersedesId: number | null;
  /** A newer version (更正版) of this report, if any. */
  supersededById: number | null;
  packageSha256: string | null;
  signedAt: string | null;
  signedBy: string | null;
  due: ReportDue;
  submissions: number;
  updatedAt: string;
  updatedBy: string;
}

/** One row of the obligations list: a period a report is due for, with the report made for it (if any). */
export interface ReportObligation {
  type: ReportType;
  typeLabel: string;
  period: string;
  periodLabel: string;
  due: ReportDue;
  /** The newest version made for this type and period. */
  reportId: number | null;
  reportStatus: ReportStatus | null;
}

export interface ReportSubmission {
  id: number;
  reportId: number;
  method: SubmissionMethod;
  methodNote: string;
  recipient: string;
  sentOn: string;
  note: string;
  /** What was sent: the package's SHA-256 as signed. */
  packageSha256: string;
  recordedAt: string;
  recordedBy: string;
}

/** A figure that differs between a signed report and the records now (by indicator key; null: — or absent). */
export interface FigureChange {
  key: string;
  label: string;
  unit: string;
  signed: number | null;
  now: number | null;
}

export interface ReportDetail extends ReportSummary {
  periodStart: string;
  periodEnd: string;
  addressee: string;
  narrative: NarrativeBlock[];
  /** Live from the records for a draft; the frozen snapshot for a signed report. */
  data: ReportData;
  /** Headings left empty: printed with （本节未填写）. Indexes into `narrative`. */
  emptySections: number[];
  office: { name: string; uscc: string; docPrefix: string };
  /** 成文日期: the signing day, or today for a draft. */
  date: string;
  manifest: PackageManifest | null;
  signerFingerprint: string | null;
  supersedes: { id: number; version: number; packageSha256: string | null; docNumber: string | null } | null;
  correctionReason: string;
  /** A signed report: its figures that the records, recompiled now, would give differently (the report stays as
   *  signed; an 更正版 carries the new ones). An 更正版 draft: its figures that differ from the version it
   *  replaces. Empty when nothing changed; null for a first draft. */
  figureChanges: FigureChange[] | null;
  submissionLog: ReportSubmission[];
}

export interface ReportsOverview {
  today: string;
  rules: ReportDueRules;
  /** Where the default deadline comes from for this office (its province's rule or another's as reference). */
  rulesSource: string;
  /** The provision of that preset: '京卫监督〔2019〕37号 三：每季度进行一次阶段性总结，…'. */
  rulesProvision: string;
  obligations: ReportObligation[];
  /** Every report, newest period first. */
  reports: ReportSummary[];
}

const narrativeBlock = z.discriminatedUnion('type', [
  z.object({
    type: z.enum(['h1', 'h2', 'h3']),
    text: requiredText(200, '标题'),
  }),
  z.object({ type: z.literal('p'), text: z.string().max(20_000, { error: '段落不能超过 20000 个字' }) }),
  z.object({ type: z.literal('data') }),
]);

export const narrativeInput = z
  .array(narrativeBlock)
  .max(400, { error: '报告正文最多 400 段' })
  .superRefine((blocks, ctx) => {
    const data = blocks.filter((b) => b.type === 'data').length;
    if (data !== 1) ctx.addIssue({ code: 'custom', message: '报告正文须包含且只包含一处“自动生成的数据”' });
  }) as unknown as z.ZodType<NarrativeBlock[]>;

const reportType = z.enum(REPORT_TYPES, { error: '请选择报告类型' });
const period = z.string({ error: '请填写报告期' }).trim();

const dueRule = z.discriminatedUnion('rule', [
  z.object({ rule: z.literal('lastWorkingDay') }),
  z.object({
    rule: z.literal('workingDaysAfter'),
    days: z
      .number({ error: '天数应在 1–60 之间' })
      .int({ error: '天数应为整数' })
      .min(1, { error: '天数应在 1–60 之间' })
      .max(60, { error: '天数应在 1–60 之间' }),
  }),
]) as z.ZodType<DueRule>;

export const reportCreateInput = z.object({ type: reportType, period }).superRefine((v, ctx) => {
  const problem = periodProblem(v.type, v.period);
  if (problem) ctx.addIssue({ code: 'custom', path: ['period'], message: problem });
});

export const reportSaveInput = z.object({
  id,
  /** The draft as it was loaded: a save over someone else's newer save is refused. */
  updatedAt: z.string().min(1),
  title: requiredText(120, '报告标题'),
  addressee: optionalText(100, '主送机关'),
  narrative: narrativeInput,
});

export const submissionInput = z
  .object({
    reportId: id,
    method: z.enum(SUBMISSION_METHODS, { error: '请选择报送方式' }),
    methodNote: optionalText(100, '报送方式说明'),
    recipient: requiredText(100, '接收单位或接收人'),
    sentOn: isoDate,
    note: optionalText(500, '备注'),
  })
  .superRefine((v, ctx) => {
    if (v.method === 'other' && !v.methodNote)
      ctx.addIssue({ code: 'custom', path: ['methodNote'], message: '选择“其他”时请写明报送方式' });
  });

export const reportsContract = {
  'reports.overview': query(z.object({}), result<ReportsOverview>(), can('read')),
  'reports.get': query(z.object({ id }), result<ReportDetail>(), can('read')),
  'reports.create': mutation(reportCreateInput, result<ReportDetail>(), can('records.write')),
  'reports.saveDraft': mutation(reportSaveInput, result<ReportDetail>(), can('records.write')),
  'reports.deleteDraft': mutation(z.object({ id }), result<{ id: number }>(), can('records.write')),
  /** Renders report.pdf with Chromium, builds and signs the package, stores it and freezes the report. */
  'reports.sign': operation(
    z.object({
      id,
      passphrase: z.string({ error: '请输入签名口令' }).min(1, { error: '请输入签名口令' }).max(1000),
      /** The window's progress bar (第 k / n 步: figures, documents, ledger root, each file's SM3, SM2, storing). */
      progressId: progressIdSchema,
    }),
    result<ReportDetail>(),
    can('approve'),
  ),
  /** 更正版: a new draft version of a signed report that names the one it replaces. */
  'reports.correct': mutation(
    z.object({ id, reason: requiredText(500, '更正原因') }),
    result<ReportDetail>(),
    can('records.write'),
  ),
  'reports.logSubmission': mutation(submissionInput, result<ReportDetail>(), can('records.write')),
  'reports.package': query(z.object({ id }), result<FileDownload>(), can('print')),
  'reports.docx': query(z.object({ id }), result<FileDownload>(), can('print')),
  'reports.xlsx': query(z.object({ id }), result<FileDownload>(), can('print')),
  'reports.json': query(z.object({ id }), result<FileDownload>(), can('print')),
  'reports.updateDueRules': mutation(
    // `expected`: the rules the editor started from (compare-and-set): another seat's newer save answers CONFLICT.
    z.object({
      quarter: dueRule,
      year: dueRule,
      expected: z.object({ quarter: dueRule, year: dueRule }).optional(),
    }),
    result<ReportDueRules>(),
    can('settings.manage'),
  ),
};

export type { PeriodKind };
