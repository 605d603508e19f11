// 联席会议: the calendar of joint meetings (single, or series written out as editable occurrences), their
// attending departments and attendance, the agenda, the notice with its 发文字号, minutes with decisions, and the
// follow-up (督办) of every decision until it is closed with a result.
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

export const MEETING_TYPES = ['regular', 'topic', 'emergency', 'enforcement'] as const;
export type MeetingType = (typeof MEETING_TYPES)[number];
export const MEETING_TYPE_LABELS: Record<MeetingType, string> = {
  regular: '定期联席会议',
  topic: '专题会商',
  emergency: '应急协同会议',
  enforcement: '联合执法部署会',
};
/** Distinct colours per type, for the calendar and its legend. */
export const MEETING_TYPE_COLORS: Record<MeetingType, string> = {
  regular: '#1f5fa8',
  topic: '#2e7d4f',
  emergency: '#b3261e',
  enforcement: '#8a5a00',
};

export const MEETING_STATUSES = ['planned', 'notified', 'held', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const MEETING_STATUS_LABELS: Record<MeetingStatus, string> = {
  planned: '计划中',
  notified: '已发通知',
  held: '已召开',
  cancelled: '已取消',
};

export const ATTENDANCE = ['present', 'leave', 'delegate'] as const;
export type Attendance = (typeof ATTENDANCE)[number];
export const ATTENDANCE_LABELS: Record<Attendance, string> = {
  present: '出席',
  leave: '请假',
  delegate: '委托',
};

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: '时间格式应为 HH:MM，例如 09:00' });
const duration = z
  .number({ error: '请填写会议时长' })
  .int()
  .min(15, { error: '会议时长应在 15–600 分钟之间' })
  .max(600, { error: '会议时长应在 15–600 分钟之间' });

export const meetingFields = z.object({
  type: z.enum(MEETING_TYPES, { error: '请选择会议类型' }),
  title: requiredText(80, '会议名称'),
  date: isoDate,
  startTime: time,
  durationMinutes: duration,
  place: optionalText(100, '会议地点'),
  room: optionalText(40, '会议室'),
  convener: optionalText(60, '召集单位'),
  chair: optionalText(30, '主持人'),
  invitedLeaders: optionalText(200, '邀请领导'),
  notes: optionalText(1000, '备注'),
});
export type MeetingFields = z.output<typeof meetingFields>;

export const seriesRuleSchema = z.object({
  frequency: z.enum(['weekly', 'monthly', 'quarterly', 'yearly']),
  interval: z.number().int().min(1).max(12).default(1),
  anchor: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('weekdayOrdinal'),
      weekday: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
      ordinal: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(-1)]),
    }),
    z.object({ kind: z.literal('dayOfMonth'), day: z.number().int().min(1).max(31) }),
    z.object({
      kind: z.literal('weekday'),
      weekday: z.union([
        z.literal(0),
        z.literal(1),
        z.literal(2),
        z.literal(3),
        z.literal(4),
        z.literal(5),
        z.literal(6),
      ]),
    }),
  ]),
  monthOfPeriod: z.number().int().min(1).max(12).optional(),
  workingDayOnly: z.enum(['none', 'firstWorkingWeekday', 'nextWorkingDay', 'previousWorkingDay']),
  start: isoDate,
  until: isoDate.optional(),
  count: z.number().int().min(1).max(200).optional(),
});

export interface MeetingWarning {
  kind: 'nonWorkingDay' | 'roomClash' | 'chairClash' | 'agendaOverrun';
  message: string;
}

export interface CalendarMeeting {
  id: number;
  seriesId: number | null;
  type: MeetingType;
  title: string;
  /** 第N次, counted per year and type among meetings not cancelled, by date. */
  number: number | null;
  date: string;
  startTime: string;
  durationMinutes: number;
  place: string;
  room: string;
  chair: string;
  status: MeetingStatus;
}

/** A row of the year's meeting list: the calendar entry with its notice's 文号. */
export interface MeetingListRow extends CalendarMeeting {
  docNumber: string | null;
}

export interface MeetingDepartment {
  departmentId: number;
  shortName: string;
  fullName: string;
  role: 'attend' | 'observe';
  attendeeNames: string;
  attendance: Attendance | null;
  leaveReason: string;
  delegateName: string;
}

export interface AgendaMaterial {
  id: number;
  fileId: number;
  fileName: string;
  size: number;
}

export interface AgendaItem {
  id: number;
  seq: number;
  title: string;
  presenterDepartmentId: number | null;
  presenterName: string;
  minutes: number;
  checklistItems: { id: number; seq: number; title: string }[];
  materials: AgendaMaterial[];
  discussion: string;
  conclusion: string;
}

export interface DecisionUpdate {
  id: number;
  at: string;
  author: string;
  text: string;
  fileId: number | null;
  fileName: string | null;
}

/** How the office urged (催办) a decision's responsible departments. */
export const URGING_METHODS = ['phone', 'written', 'system', 'meeting'] as const;
export type UrgingMethod = (typeof URGING_METHODS)[number];
export const URGING_METHOD_LABELS: Record<UrgingMethod, string> = {
  phone: '电话催办',
  written: '书面催办',
  system: '系统通知',
  meeting: '会上督办',
};

/** One 催办 of a decision: the day, how, who and a note. */
export interface DecisionUrging {
  id: number;
  urgedOn: string;
  method: UrgingMethod;
  note: string;
  urgedBy: string;
}

export interface Decision {
  /** Raised by every save: what an editor sends back as `version` (db/core/versions.ts). */
  version: number;
  id: number;
  meetingId: number;
  meetingTitle: string;
  meetingDate: string;
  seq: number;
  text: string;
  dueDate: string;
  status: 'open' | 'done';
  overdue: boolean;
  result: string;
  closedAt: string | null;
  departments: { departmentId: number; shortName: string; lead: boolean }[];
  updates: DecisionUpdate[];
  /** 催办 records, the oldest first (the last is the latest). */
  urgings: DecisionUrging[];
}

export interface MeetingDetail extends CalendarMeeting, Omit<MeetingFields, 'type' | 'title'> {
  seriesDescription: string | null;
  originalDate: string | null;
  cancelReason: string;
  checkInTime: string;
  whatToBring: string;
  rsvpDeadline: string | null;
  contactPerson: string;
  contactPhone: string;
  /** 越卫健〔2026〕12号 once the notice is issued. */
  docNumber: string | null;
  /** The notice's 成文日期 (the day it was issued), once issued. */
  noticeIssuedOn: string | null;
  minutesNumber: number | null;
  minutesSummary: string;
  sequence: number;
  departments: MeetingDepartment[];
  agenda: AgendaItem[];
  agendaMinutes: number;
  decisions: Decision[];
  warnings: MeetingWarning[];
  updatedAt: string;
  /** Raised by every save: what an editor sends back (db/core/versions.ts). */
  version: number;
}

export interface MeetingSaved {
  meeting: MeetingDetail;
  warnings: MeetingWarning[];
}

export interface SeriesCreated {
  seriesId: number;
  description: string;
  meetings: CalendarMeeting[];
  warnings: { meetingId: number; date: string; message: string }[];
}

export interface MeetingCompliance {
  year: number;
  required: number;
  held: number;
  planned: number;
  meetings: CalendarMeeting[];
}

const departmentsInput = z
  .array(
    z.object({
      departmentId: id,
      role: z.enum(['attend', 'observe']).default('attend'),
      attendeeNames: optionalText(100, '参会人员'),
    }),
  )
  .max(100)
  .refine((a) => new Set(a.map((d) => d.departmentId)).size === a.length, { error: '参会单位有重复' });

/** 议定事项督办's filters:办理状态, a responsible department, the meetings' year. */
export const decisionFilter = z.object({
  status: z.enum(['open', 'done', 'all']).default('open'),
  /** Only these decisions (the rows ticked in the list: 导出所选, the 催办通知). */
  ids: z
    .array(id)
    .min(1, { error: '请先选择议定事项' })
    .max(500, { error: '一次最多选择 500 项' })
    .optional(),
  departmentId: id.optional(),
  year: z.number().int().min(2000).max(2100).optional(),
});

const urgingFields = {
  urgedOn: isoDate,
  method: z.enum(URGING_METHODS, { error: '请选择催办方式' }),
  note: optionalText(500, '催办说明'),
};

export const meetingsContract = {
  'meetings.calendar': query(
    z.object({ from: isoDate, to: isoDate, includeCancelled: z.boolean().default(true) }),
    result<CalendarMeeting[]>(),
    can('read'),
  ),
  /** 会议列表: a year's meetings, by date, optionally those whose title, place or room contain the words. */
  'meetings.list': query(
    z.object({
      year: z.number().int().min(2000).max(2100),
      search: z.string().trim().max(60, { error: '搜索词不超过 60 字' }).default(''),
    }),
    result<MeetingListRow[]>(),
    can('read'),
  ),
  'meetings.get': query(z.object({ id }), result<MeetingDetail>(), can('read')),
  'meetings.create': mutation(
    meetingFields.extend({ departments: departmentsInput.default([]) }),
    result<MeetingSaved>(),
    can('meetings.write'),
  ),
  /** A series: the rule, and the fields every occurrence starts with; occurrences are then edited one by one. */
  'meetings.createSeries': mutation(
    z.object({
      rule: seriesRuleSchema,
      meeting: meetingFields.omit({ date: true }),
      departments: departmentsInput.default([]),
    }),
    result<SeriesCreated>(),
    can('meetings.write'),
  ),
  'meetings.previewSeries': query(
    z.object({ rule: seriesRuleSchema }),
    result<{ description: string; dates: { date: string; warning: string | null }[]; problems: string[] }>(),
    can('read'),
  ),
  'meetings.update': mutation(
    meetingFields.extend({
      id,
      /** The copy the editor started from: a save over someone else's newer change is refused (CONFLICT with
       *  StaleDetails). `version` when the editor has it; otherwise the copy's updatedAt. */
      updatedAt: z.string(),
      version: z.number().int().positive().optional(),
      departments: departmentsInput,
      checkInTime: optionalText(40, '报到时间'),
      whatToBring: optionalText(500, '需携带材料'),
      rsvpDeadline: isoDate.nullable().default(null),
      contactPerson: optionalText(30, '联系人'),
      contactPhone: optionalText(40, '联系电话'),
    }),
    result<MeetingSaved>(),
    can('meetings.write'),
  ),
  /** Drag on the calendar: a new date and start time, keeping the length. */
  'meetings.move': mutation(
    z.object({ id, date: isoDate, startTime: time }),
    result<MeetingSaved>(),
    can('meetings.write'),
  ),
  'meetings.cancel': mutation(
    z.object({ id, reason: requiredText(200, '取消原因') }),
    result<MeetingSaved>(),
    can('meetings.write'),
  ),
  'meetings.saveAgenda': mutation(
    z.object({
      meetingId: id,
      /** The meeting's version the agenda form started from (a stale save is refused, naming who saved). */
      version: editVersion,
      items: z
        .array(
          z.object({
            id: id.optional(),
            title: requiredText(120, '议题'),
            presenterDepartmentId: id.nullable().default(null),
            minutes: z
              .number({ error: '请填写议题时长' })
              .int()
              .min(1, { error: '议题时长应在 1–300 分钟之间' })
              .max(300, { error: '议题时长应在 1–300 分钟之间' }),
            checklistItemIds: z.array(id).max(25).default([]),
          }),
        )
        .max(30, { error: '议题最多 30 个' }),
    }),
    result<MeetingSaved>(),
    can('meetings.write'),
  ),
  'meetings.addMaterial': mutation(
    z.object({ agendaItemId: id, file: fileUpload }),
    result<MeetingSaved>(),
    can('meetings.write'),
  ),
  'meetings.removeMaterial': mutation(
    z.object({ materialId: id }),
    result<MeetingSaved>(),
    can('meetings.write'),
  ),
  'meetings.materialFile': query(z.object({ materialId: id }), result<FileDownload>(), can('read')),
  /** Gives the notice its 发文字号 (next free number of the year) and marks the meeting 已发通知. */
  'meetings.issueNotice': mutation(z.object({ id }), result<MeetingSaved>(), can('meetings.write')),
  'meetings.recordAttendance': mutation(
    z.object({
      meetingId: id,
      /** The meeting's version the attendance form started from. */
      version: editVersion,
      rows: z
        .array(
          z
            .object({
              departmentId: id,
              attendance: z.enum(ATTENDANCE, { error: '请选择出席情况' }),
              attendeeNames: optionalText(100, '出席人员'),
              leaveReason: optionalText(200, '请假原因'),
              delegateName: optionalText(30, '受托人'),
            })
            .refine((r) => r.attendance !== 'leave' || r.leaveReason !== '', {
              error: '请假须填写原因',
              path: ['leaveReason'],
            })
            .refine((r) => r.attendance !== 'delegate' || r.delegateName !== '', {
              error: '委托须填写受托人姓名',
              path: ['delegateName'],
            }),
        )
        .max(100),
    }),
    result<MeetingSaved>(),
    can('meetings.write'),
  ),
  /** Minutes: the summary, per-topic discussion and conclusion, and the decisions (replacing open ones). */
  'meetings.saveMinutes': mutation(
    z.object({
      meetingId: id,
      /** The meeting's version the minutes form started from (the summary and per-topic texts). */
      version: editVersion,
      summary: optionalText(4000, '会议概况'),
      topics: z
        .array(
          z.object({
            agendaItemId: id,
            discussion: optionalText(4000, '讨论情况'),
            conclusion: optionalText(2000, '议定结论'),
          }),
        )
        .max(30),
      decisions: z
        .array(
          z.object({
            id: id.optional(),
            /** The version of an existing decision the minutes form started from. */
            version: editVersion,
            text: requiredText(500, '议定事项'),
            dueDate: isoDate,
            departmentIds: z
              .array(id)
              .min(1, { error: '每个议定事项至少要有一个责任单位（第一个为牵头单位）' })
              .max(30)
              .refine((a) => new Set(a).size === a.length, { error: '责任单位有重复' }),
          }),
        )
        .max(50),
    }),
    result<MeetingSaved>(),
    can('meetings.write'),
  ),
  'decisions.list': query(decisionFilter, result<Decision[]>(), can('read')),
  /** The 督办 list as filtered on the page, as an Excel workbook (dates as real dates). */
  'decisions.exportXlsx': query(decisionFilter, result<FileDownload>(), can('print')),
  'decisions.addUpdate': mutation(
    z.object({ decisionId: id, text: requiredText(1000, '进展情况'), file: fileUpload.optional() }),
    result<Decision>(),
    can('meetings.write'),
  ),
  'decisions.close': mutation(
    z.object({ decisionId: id, result: requiredText(1000, '办理结果') }),
    result<Decision>(),
    can('meetings.write'),
  ),
  /** 批量办结: one result text for each selected decision, all in one transaction, each with its own audit row; the
   *  whole batch is refused (the decision named) if any one cannot be closed. */
  'decisions.closeMany': mutation(
    z.object({
      decisionIds: z
        .array(id)
        .min(1, { error: '请先选择要办结的议定事项' })
        .max(500, { error: '一次最多办结 500 项' })
        .refine((a) => new Set(a).size === a.length, { error: '所选议定事项有重复' }),
      result: requiredText(1000, '办理结果'),
    }),
    result<Decision[]>(),
    can('meetings.write'),
  ),
  /** 催办: the office urged the decision's responsible departments (a day not after today, how, a note). */
  'decisions.urge': mutation(
    z.object({ decisionId: id, ...urgingFields }),
    result<Decision>(),
    can('meetings.write'),
  ),
  /** 批量催办: one 催办 for each selected decision, all in one transaction, each with its own audit row; the whole
   *  batch is refused (the closed decisions named) if any one is already closed. */
  'decisions.urgeMany': mutation(
    z.object({
      decisionIds: z
        .array(id)
        .min(1, { error: '请先选择要催办的议定事项' })
        .max(500, { error: '一次最多催办 500 项' })
        .refine((a) => new Set(a).size === a.length, { error: '所选议定事项有重复' }),
      ...urgingFields,
    }),
    result<Decision[]>(),
    can('meetings.write'),
  ),
  'decisions.reopen': mutation(
    z.object({ decisionId: id, reason: requiredText(200, '重新打开的原因') }),
    result<Decision>(),
    can('meetings.write'),
  ),
  'meetings.noticeDocx': query(z.object({ id }), result<FileDownload>(), can('print')),
  'meetings.agendaDocx': query(z.object({ id }), result<FileDownload>(), can('print')),
  'meetings.signInDocx': query(z.object({ id }), result<FileDownload>(), can('print')),
  'meetings.minutesDocx': query(z.object({ id }), result<FileDownload>(), can('print')),
  'meetings.exportIcs': query(
    z.union([z.object({ id }), z.object({ from: isoDate, to: isoDate })]),
    result<FileDownload>(),
    can('print'),
  ),
  'meetings.compliance': query(
    z.object({ year: z.number().int().min(2000).max(2100) }),
    result<MeetingCompliance>(),
    can('read'),
  ),
};
