// What every write to a meeting shares: a cancelled meeting is not edited, each change bumps the ICS SEQUENCE,
// departments named must exist and be active, and the answer is the saved meeting with its warnings.
import { todayIso } from '../../shared/dates';
import { AppError } from '../../shared/errors';
import { nowIso, type HandlerContext } from '../core/context';
import { type Db, getMeeting, meetingRow, loadMeeting } from './queries';
import { claimVersion } from '../core/versions';

const today = (ctx: HandlerContext) => todayIso(ctx.now());

export async function assertDepartments(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await db
    .selectFrom('departments')
    .select(['id', 'active', 'short_name'])
    .where('id', 'in', ids)
    .execute();
  if (found.length !== new Set(ids).size) throw new AppError('VALIDATION', '所选单位不存在，请刷新后重试');
  const inactive = found.filter((d) => !d.active);
  if (inactive.length) {
    throw new AppError(
      'VALIDATION',
      `${inactive.map((d) => d.short_name).join('、')}已停用，不能选为参会或责任单位`,
    );
  }
}

export async function saved(ctx: HandlerContext, id: number) {
  const meeting = await loadMeeting(ctx.db, id, today(ctx));
  return { meeting, warnings: meeting.warnings };
}

export function describe(m: { title: string; date: string; start_time: string }): string {
  return `${m.date} ${m.start_time}“${m.title}”`;
}

/** Changing a meeting bumps its ICS SEQUENCE, so calendars that imported it replace their copy. */
export async function touch(ctx: HandlerContext, id: number): Promise<void> {
  await ctx.db
    .updateTable('meetings')
    .set((eb) => ({
      sequence: eb('sequence', '+', 1),
      row_version: eb('row_version', '+', 1),
      updated_at: nowIso(ctx),
    }))
    .where('id', '=', id)
    .execute();
}

export async function assertEditable(ctx: HandlerContext, id: number, version?: number) {
  // A part of the meeting (议程, 出席, 纪要) saved from a form names the meeting's version it started from: a newer
  // save by someone else is refused, naming them, with the meeting as they left it.
  if (version !== undefined) await claimVersion(ctx, 'meetings', id, version, () => getMeeting({ id }, ctx));
  const row = await meetingRow(ctx.db, id);
  if (row.status === 'cancelled') throw new AppError('CONFLICT', `${describe(row)}已取消，不能再修改`);
  return row;
}
