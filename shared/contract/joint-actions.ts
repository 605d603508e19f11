// 联合执法, item 5: 联合执法行动 and 专项整治 — who led and who took part (from the department directory), when, which
// institutions (from the directory, and/or a free-text scope), what came of it (检查机构数, 发现问题数, 立案数,
// 罚没金额, a results text, files), and the status, from the dates unless the office sets one. Completed actions of
// several departments count towards the yearly minimum (seed 003 §四(三)) shown on the page and in the checklist.
// Rules: ../domain/joint-actions.
import { z } from 'zod';
import { can, mutation, query, result } from './define';
import { fileUpload, editVersion, id, optionalText, requiredText, type FileDownload } from './common';
import { dateField } from './referrals';
import {
  JOINT_ACTION_KINDS,
  JOINT_ACTION_STATUSES,
  type JointActionKind,
  type JointActionStatus,
} from '../domain/joint-actions';

export * from '../domain/joint-actions';

export interface JointActionFile {
  id: number;
  fileName: string;
  size: number;
}

export interface JointAction {
  /** Raised by every save: what an editor sends back as `version` (db/core/versions.ts). */
  version: number;
  id: number;
  name: string;
  kind: JointActionKind;
  leadDepartmentId: number;
  leadDepartmentName: string;
  /** 参与单位 in the order given, the lead not among them. */
  participants: { id: number; shortName: string }[];
  /** The lead and the participants. */
  departmentCount: number;
  startDate: string;
  endDate: string;
  targets: { id: number; name: string }[];
  scope: string;
  /** Set by the office; null = from the dates. */
  statusSet: JointActionStatus | null;
  status: JointActionStatus;
  /** Completed with several departments: counts towards its end year's minimum. */
  counted: boolean;
  institutionsChecked: number;
  issuesFound: number;
  casesFiled: number;
  /** 罚没金额 in 元 (two decimals at most). */
  finesYuan: number;
  resultsText: string;
  files: JointActionFile[];
  createdAt: string;
  updatedAt: string;
}

/** A year against the minimum: completed joint actions that ended in it. */
export interface JointActionYear {
  year: number;
  required: number;
  /** Where the minimum comes from. */
  source: string;
  completed: number;
  inProgress: number;
  planned: number;
  /** Completed, but by one department only: not counted. */
  singleDepartment: number;
}

const pick = (label: string) =>
  z
    .number({ error: `请选择${label}` })
    .int()
    .positive({ error: `请选择${label}` });

const count = (label: string) =>
  z
    .number({ error: `${label}应为 0 或正整数` })
    .int({ error: `${label}应为整数` })
    .min(0, { error: `${label}不能为负数` })
    .max(1_000_000, { error: `${label}不能超过 1000000` })
    .default(0);

const unique = (ids: number[]) => new Set(ids).size === ids.length;

export const jointActionInput = z.object({
  name: requiredText(100, '行动名称'),
  kind: z.enum(JOINT_ACTION_KINDS, { error: '请选择行动类型' }),
  leadDepartmentId: pick('牵头单位'),
  participantIds: z
    .array(id, { error: '参与单位应为名录中的单位' })
    .max(40, { error: '参与单位最多 40 个' })
    .refine(unique, { error: '参与单位有重复' })
    .default([]),
  startDate: dateField('开始日期'),
  endDate: dateField('结束日期'),
  targetIds: z
    .array(id, { error: '检查对象应为名录中的监管对象' })
    .max(500, { error: '检查对象最多 500 家；更多时请在“检查范围说明”中描述' })
    .refine(unique, { error: '检查对象有重复' })
    .default([]),
  scope: optionalText(1000, '检查范围说明'),
  /** 'auto' = from the dates. */
  status: z.enum(['auto', ...JOINT_ACTION_STATUSES], { error: '请选择状态' }).default('auto'),
  institutionsChecked: count('检查机构数'),
  issuesFound: count('发现问题数'),
  casesFiled: count('立案数'),
  finesYuan: z
    .number({ error: '罚没金额应为数字（元）' })
    .min(0, { error: '罚没金额不能为负数' })
    .max(10_000_000_000, { error: '罚没金额不能超过 100 亿元' })
    .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, {
      error: '罚没金额最多保留两位小数（到分）',
    })
    .default(0),
  resultsText: optionalText(2000, '工作成效'),
  addFiles: z.array(fileUpload).max(10, { error: '一次最多添加 10 个附件' }).default([]),
});
export type JointActionInput = z.input<typeof jointActionInput>;

export const jointActionUpdateInput = jointActionInput.extend({
  id,
  version: editVersion,
  /** Attachments (their ids on the action) to take off it. */
  removeFileIds: z.array(id).max(50).default([]),
});
export type JointActionUpdateInput = z.input<typeof jointActionUpdateInput>;

const year = z.number({ error: '请选择年度' }).int().min(2000).max(2100);

export const JOINT_ACTION_LIST_STATUSES = ['all', ...JOINT_ACTION_STATUSES] as const;

export const jointActionsContract = {
  'jointActions.list': query(
    z.object({
      /** Actions that ran in the year (start to end overlaps it); absent = every year. */
      year: year.optional(),
      status: z.enum(JOINT_ACTION_LIST_STATUSES).default('all'),
      kind: z.enum(JOINT_ACTION_KINDS).optional(),
    }),
    result<JointAction[]>(),
    can('read'),
  ),
  'jointActions.year': query(z.object({ year }), result<JointActionYear>(), can('read')),
  'jointActions.create': mutation(jointActionInput, result<JointAction>(), can('records.write')),
  'jointActions.update': mutation(jointActionUpdateInput, result<JointAction>(), can('records.write')),
  'jointActions.remove': mutation(
    z.object({ id, reason: requiredText(200, '删除原因') }),
    result<{ id: number }>(),
    can('records.write'),
  ),
  'jointActions.exportXlsx': query(z.object({ year: year.optional() }), result<FileDownload>(), can('print')),
  /** One attachment, by its id on the action. */
  'jointActions.file': query(z.object({ id }), result<FileDownload>(), can('read')),
};
