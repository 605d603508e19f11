// 工作日历: the statutory-holiday table (built in, from the chinese-days package) with the office's own
// overrides and any new year's table the office enters itself.
import { z } from 'zod';
import { can, mutation, query, result } from './define';
import { isoDate, requiredText } from './common';
import type { DayInfo } from '../dates';

export interface CalendarOverride {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
  note: string;
  updatedAt: string;
  updatedBy: string;
}

export interface CalendarYear {
  year: number;
  days: DayInfo[];
  overrides: CalendarOverride[];
  hasTable: boolean;
  builtin: boolean;
}

export interface CalendarStatus {
  today: string;
  todayInfo: DayInfo;
  quarter: 1 | 2 | 3 | 4;
  /** Seed 000 §三: the quarterly stage summary goes upstream on the last working day of each quarter. */
  quarterLastWorkingDay: string;
  year: number;
  nextYear: number;
  nextYearHasTable: boolean;
  /** The table for next year is normally published by the State Council in autumn: warn from October. */
  warnNextYearMissing: boolean;
}

const year = z
  .number()
  .int()
  .min(2000, { error: '年份应在 2000–2100 之间' })
  .max(2100, { error: '年份应在 2000–2100 之间' });
const overrideKind = z.enum(['holiday', 'workday'], { error: '类型应为“放假”或“上班”' });
/** The day's override as the editor opened it (null: none), for compare-and-set: another seat's change since
 *  answers CONFLICT. Absent (the CLI): never refused. */
const expectedOverride = z
  .object({ kind: overrideKind, name: z.string().max(30), note: z.string().max(200).default('') })
  .nullable()
  .optional();

export const calendarContract = {
  'calendar.status': query(z.object({}), result<CalendarStatus>(), can('read')),
  'calendar.year': query(z.object({ year }), result<CalendarYear>(), can('read')),
  'calendar.setOverride': mutation(
    z.object({
      date: isoDate,
      kind: overrideKind,
      name: requiredText(30, '名称'),
      note: z.string().trim().max(200).default(''),
      expected: expectedOverride,
    }),
    result<CalendarOverride>(),
    can('records.write'),
  ),
  'calendar.removeOverride': mutation(
    z.object({ date: isoDate, expected: expectedOverride }),
    result<null>(),
    can('records.write'),
  ),
  'calendar.enterYear': mutation(
    z
      .object({
        year,
        holidays: z
          .array(z.object({ name: requiredText(30, '假日名称'), start: isoDate, end: isoDate }))
          .min(1, { error: '至少录入一个节假日' })
          .max(30),
        workdays: z.array(z.object({ date: isoDate, name: requiredText(30, '调休名称') })).max(30),
        /** The office's adjustments of the year as the dialog opened them (date order), for compare-and-set: a
         *  table or a day saved at another seat since answers CONFLICT (current: the year's adjustments now).
         *  Absent (the CLI): never refused. */
        expected: z
          .array(
            z.object({
              date: isoDate,
              kind: overrideKind,
              name: z.string().max(30),
              note: z.string().max(200).default(''),
            }),
          )
          .max(366)
          .optional(),
      })
      .superRefine((v, ctx) => {
        const inYear = (d: string) => d.startsWith(`${v.year}-`);
        v.holidays.forEach((h, i) => {
          if (h.end < h.start)
            ctx.addIssue({
              code: 'custom',
              path: ['holidays', i, 'end'],
              message: `“${h.name}”的结束日期早于开始日期`,
            });
          if (!inYear(h.start) && !inYear(h.end))
            ctx.addIssue({
              code: 'custom',
              path: ['holidays', i, 'start'],
              message: `“${h.name}”不在 ${v.year} 年内`,
            });
        });
        v.workdays.forEach((w, i) => {
          if (!inYear(w.date))
            ctx.addIssue({
              code: 'custom',
              path: ['workdays', i, 'date'],
              message: `调休上班日 ${w.date} 不在 ${v.year} 年内`,
            });
        });
      }),
    result<{ year: number; written: number }>(),
    can('records.write'),
  ),
};
