// 工作日历: the built-in statutory table plus the office's overrides; `loadWorkCalendar` is how every module
// gets the calendar its deadlines are computed on.
import type { Kysely } from 'kysely';
import type { CalendarOverride } from '../../shared/contract';
import {
  addCalendarDays,
  createWorkCalendar,
  lastWorkingDayOfQuarter,
  quarterOf,
  todayIso,
  type WorkCalendar,
} from '../../shared/dates';
import { AppError } from '../../shared/errors';
import { defineHandlers, nowIso, type HandlerContext } from '../core/context';
import type { DB } from '../core/schema';
import { serializeOn } from '../core/dialect';
import { refuseIfChanged } from '../core/versions';

/** A day's override as its editor opened it (compare-and-set): another seat's change since is not overwritten
 *  unseen. `current` is the override stored now (null: none). */
async function refuseChangedDay(
  ctx: HandlerContext,
  date: string,
  expected: { kind: string; name: string; note: string } | null | undefined,
): Promise<CalendarOverride | null> {
  // The year first, then the day: the order calendar.enterYear (which holds the year) takes them in too.
  const year = date.slice(0, 4);
  await serializeOn(ctx.db, `calendar:year:${year}`);
  await serializeOn(ctx.db, `calendar:${date}`);
  const before = (await listOverrides(ctx.db)).find((o) => o.date === date) ?? null;
  const stored = before && { kind: before.kind, name: before.name, note: before.note };
  // A year's table entered since changed the day too (its audit row names the year).
  await refuseIfChanged(
    ctx,
    { entity: 'calendar', entityId: date, alsoIds: [year] },
    expected,
    stored,
    before,
  );
  return before;
}

/** What a year's table is compared by (compare-and-set): the office's adjustments of that year, in date order. */
const yearValues = (overrides: CalendarOverride[]) =>
  overrides.map((o) => ({ date: o.date, kind: o.kind, name: o.name, note: o.note }));

export async function listOverrides(db: Kysely<DB>, year?: number): Promise<CalendarOverride[]> {
  let q = db.selectFrom('calendar_overrides').selectAll().orderBy('date');
  if (year !== undefined) q = q.where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`);
  const rows = await q.execute();
  return rows.map((r) => ({
    date: r.date,
    kind: r.kind,
    name: r.name,
    note: r.note,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  }));
}

/** The calendar last made, by the overrides it was made from: the calendar is read-only and made from them alone,
 *  and building its day table (about a millisecond) was done again on every 工作台 load. */
let lastCalendar: { key: string; cal: WorkCalendar } | null = null;

export async function loadWorkCalendar(db: Kysely<DB>): Promise<WorkCalendar> {
  const overrides = await listOverrides(db);
  const key = JSON.stringify(overrides.map((o) => [o.date, o.kind, o.name]));
  if (lastCalendar?.key !== key) lastCalendar = { key, cal: createWorkCalendar(overrides) };
  return lastCalendar.cal;
}

function daysOfYear(year: number): string[] {
  const out: string[] = [];
  for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addCalendarDays(d, 1)) out.push(d);
  return out;
}

export const calendarHandlers = defineHandlers({
  'calendar.status': async (_input, ctx) => {
    const cal = await loadWorkCalendar(ctx.db);
    const today = todayIso(ctx.now());
    const year = Number(today.slice(0, 4));
    const nextYearHasTable = cal.hasTableForYear(year + 1);
    // The State Council publishes next year's arrangement in the autumn; from October on its absence matters.
    const warnNextYearMissing = !nextYearHasTable && Number(today.slice(5, 7)) >= 10;
    const { quarter } = quarterOf(today);
    return {
      today,
      todayInfo: cal.dayInfo(today),
      quarter,
      quarterLastWorkingDay: lastWorkingDayOfQuarter(cal, year, quarter),
      year,
      nextYear: year + 1,
      nextYearHasTable,
      warnNextYearMissing,
    };
  },

  'calendar.year': async ({ year }, ctx) => {
    const overrides = await listOverrides(ctx.db);
    const cal = createWorkCalendar(overrides);
    return {
      year,
      days: daysOfYear(year).map((d) => cal.dayInfo(d)),
      overrides: overrides.filter((o) => o.date.startsWith(`${year}-`)),
      hasTable: cal.hasTableForYear(year),
      builtin: cal.builtinYears().includes(year),
    };
  },

  'calendar.setOverride': async ({ date, kind, name, note, expected }, ctx) => {
    const actor = ctx.actor!;
    const before = await refuseChangedDay(ctx, date, expected);
    const row = { date, kind, name, note, updated_at: nowIso(ctx), updated_by: actor.displayName };
    await ctx.db
      .insertInto('calendar_overrides')
      .values(row)
      .onConflict((oc) =>
        oc
          .column('date')
          .doUpdateSet({ kind, name, note, updated_at: row.updated_at, updated_by: row.updated_by }),
      )
      .execute();
    const after = { date, kind, name, note, updatedAt: row.updated_at, updatedBy: row.updated_by };
    await ctx.audit({
      entity: 'calendar',
      entityId: date,
      summary: `${date} 设为${kind === 'holiday' ? '放假' : '上班'}（${name}）`,
      before,
      after,
    });
    return after;
  },

  'calendar.removeOverride': async ({ date, expected }, ctx) => {
    const before = await refuseChangedDay(ctx, date, expected);
    if (!before) throw new AppError('NOT_FOUND', `${date} 没有本单位设置的调整`);
    await ctx.db.deleteFrom('calendar_overrides').where('date', '=', date).execute();
    await ctx.audit({
      entity: 'calendar',
      entityId: date,
      summary: `撤销 ${date} 的调整，恢复内置安排`,
      before,
    });
    return null;
  },

  'calendar.enterYear': async ({ year, holidays, workdays, expected }, ctx) => {
    const actor = ctx.actor!;
    const at = nowIso(ctx);
    const rows = new Map<string, { kind: 'holiday' | 'workday'; name: string }>();
    for (const h of holidays) {
      for (let d = h.start; d <= h.end; d = addCalendarDays(d, 1)) {
        if (d.startsWith(`${year}-`)) rows.set(d, { kind: 'holiday', name: h.name });
      }
    }
    for (const w of workdays) {
      if (rows.get(w.date)?.kind === 'holiday') {
        throw new AppError('VALIDATION', `${w.date} 既在放假期间又被设为调休上班日，请检查`);
      }
      rows.set(w.date, { kind: 'workday', name: w.name });
    }
    // Saved against the year's adjustments as the dialog opened them: a table entered at another seat since, or a
    // day adjusted since, is shown to the person (CONFLICT with what is stored now), not replaced unseen.
    await serializeOn(ctx.db, `calendar:year:${year}`);
    const before = await listOverrides(ctx.db, year);
    await refuseIfChanged(
      ctx,
      { entity: 'calendar', entityId: String(year), idPrefix: `${year}-` },
      expected,
      yearValues(before),
      before,
    );
    // A year's table replaces what the office entered for that year before: it is one arrangement, not a patch.
    await ctx.db
      .deleteFrom('calendar_overrides')
      .where('date', '>=', `${year}-01-01`)
      .where('date', '<=', `${year}-12-31`)
      .execute();
    const values = [...rows].map(([date, v]) => ({
      date,
      ...v,
      note: `${year} 年放假安排`,
      updated_at: at,
      updated_by: actor.displayName,
    }));
    await ctx.db.insertInto('calendar_overrides').values(values).execute();
    await ctx.audit({
      entity: 'calendar',
      entityId: String(year),
      summary: `录入 ${year} 年节假日安排：放假 ${values.filter((v) => v.kind === 'holiday').length} 天，调休上班 ${workdays.length} 天`,
      before,
      after: { holidays, workdays },
    });
    return { year, written: values.length };
  },
});
