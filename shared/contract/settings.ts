// Office settings that change how rules apply (each rule's default comes from ../shared/DOMAIN.md).
import { z } from 'zod';
import { can, mutation, query, result } from './define';

export const settingsSchema = z.object({
  /** When a quarter's checklist reports are due: its last working day (default), or N working days after it. */
  checklistReportDeadline: z
    .discriminatedUnion('rule', [
      z.object({ rule: z.literal('lastWorkingDay') }),
      z.object({
        rule: z.literal('workingDaysAfterQuarter'),
        days: z
          .number()
          .int()
          .min(1, { error: '天数应在 1–30 之间' })
          .max(30, { error: '天数应在 1–30 之间' }),
      }),
    ])
    .default({ rule: 'lastWorkingDay' }),
  /** Sessions idle this long are locked and must sign in again; 0 = never. */
  idleLockMinutes: z
    .number()
    .int()
    .min(0, { error: '自动锁定时间应在 0–480 分钟之间' })
    .max(480, { error: '自动锁定时间应在 0–480 分钟之间' })
    .default(15),
});
export type Settings = z.output<typeof settingsSchema>;

export const settingsContract = {
  'settings.get': query(z.object({}), result<Settings>(), can('read')),
  'settings.update': mutation(settingsSchema.partial(), result<Settings>(), can('settings.manage')),
};
