// 联合执法行动 and 专项整治 (issue 5 item 5), pure: the kinds and statuses, the status an action is in on a day
// (from its dates unless the office set one), and the yearly minimum it counts against. The same code runs in
// the main process (lists, the checklist count) and the renderer (the dialog's preview).
//
// Seed 003 (越政办发〔2020〕64号) §四(三): 根据“双随机一公开”要求，部门间应组织不少于每年1次联合执法整治. What counts
// towards it: an action with at least two departments (牵头 + 参与) — a 联合执法行动, or a 专项整治 that several
// departments carried out together — that is 已完成, in the year its end date falls in.
import type { IsoDate } from '../dates';
import { formatFen } from '../format';

export const JOINT_ACTION_KINDS = ['joint', 'campaign'] as const;
export type JointActionKind = (typeof JOINT_ACTION_KINDS)[number];
export const JOINT_ACTION_KIND_LABELS: Record<JointActionKind, string> = {
  joint: '联合执法行动',
  campaign: '专项整治',
};

export const JOINT_ACTION_STATUSES = ['planned', 'in_progress', 'done'] as const;
export type JointActionStatus = (typeof JOINT_ACTION_STATUSES)[number];
export const JOINT_ACTION_STATUS_LABELS: Record<JointActionStatus, string> = {
  planned: '计划中',
  in_progress: '进行中',
  done: '已完成',
};

/** The yearly minimum and where it comes from (shown with the count). */
export const JOINT_ACTION_MIN_PER_YEAR = 1;
export const JOINT_ACTION_RULE_SOURCE =
  '越政办发〔2020〕64号 四（三）：根据“双随机一公开”要求，部门间应组织不少于每年1次联合执法整治';
/** Checklist items this minimum belongs to, by title (越城区 item 13 落实“双随机、一公开”抽查机制). */
export const JOINT_ENFORCEMENT_ITEM = /双随机|联合执法/;

/** From the dates: before the start 计划中, from start to end 进行中, after the end 已完成. */
export function statusFromDates(startDate: IsoDate, endDate: IsoDate, today: IsoDate): JointActionStatus {
  if (today < startDate) return 'planned';
  if (today <= endDate) return 'in_progress';
  return 'done';
}

/** The status shown: the one the office set, or the dates'. */
export function jointActionStatus(
  a: { startDate: IsoDate; endDate: IsoDate; statusSet: JointActionStatus | null },
  today: IsoDate,
): JointActionStatus {
  return a.statusSet ?? statusFromDates(a.startDate, a.endDate, today);
}

/** Several departments took part (the lead and at least one more). */
export const isJoint = (departmentCount: number): boolean => departmentCount >= 2;

/** Whether an action counts towards its end year's minimum — the one definition of a joint action "counted", used
 *  by the joint-actions page, the 工作台's obligation and the reports (其中多部门联合): lead + participating
 *  departments ≥ 2 and 已完成 as read on `on`, in the period its end date falls in (countedIn). */
export function countsTowardsMinimum(
  a: { startDate: IsoDate; endDate: IsoDate; statusSet: JointActionStatus | null; departmentCount: number },
  today: IsoDate,
): boolean {
  return isJoint(a.departmentCount) && jointActionStatus(a, today) === 'done';
}

/** Counted (countsTowardsMinimum) in the period [from, to] that its end date falls in, its status read on `on`. */
export function countedIn(
  a: { startDate: IsoDate; endDate: IsoDate; statusSet: JointActionStatus | null; departmentCount: number },
  from: IsoDate,
  to: IsoDate,
  on: IsoDate,
): boolean {
  return a.endDate >= from && a.endDate <= to && countsTowardsMinimum(a, on);
}

/** 罚没金额 is kept in 分 (integers), typed and shown in 元. */
export const yuanToFen = (yuan: number): number => Math.round(yuan * 100);
export const fenToYuan = (fen: number): number => fen / 100;
/** '12,345.50' */
export function formatYuan(fen: number): string {
  return formatFen(fen);
}
