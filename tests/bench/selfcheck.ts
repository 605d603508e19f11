// The synthetic district's 依法执业自查: every year set up (all institutions in scope, the full self-inspection by
// the last working day of October, routine ones by each quarter's last working day), and for each institution and
// year its full and four routine self-inspections (most on time, some late, some missing) and its 承诺书 — 5,000
// institutions × 5 periods × 10 years at the 10y scale. Written directly (one transaction), like the other records.
import type { Generator } from './district';
import { addCalendarDays, createWorkCalendar } from '../../shared/dates';
import { defaultDeadlines, routineDeadline } from '../../shared/domain/selfcheck';

export const selfcheck: Generator = {
  name: '依法执业自查',
  async run({ db, rng, scale, now }) {
    const cal = createWorkCalendar();
    const today = now.slice(0, 10);
    const institutions = (await db.selectFrom('institutions').select('id').execute()).map((i) => i.id);
    let rows = 0;
    for (let year = 2026 - scale.years + 1; year <= 2026; year++) {
      const d = defaultDeadlines(cal, year);
      const full = `${year}-10-30`;
      await db
        .insertInto('selfcheck_years')
        .values({
          year,
          categories_json: '[]',
          streets_json: '[]',
          full_deadline: full,
          pledge_deadline: d.pledge,
          routine_after_days: 0,
          updated_at: now,
          updated_by: 'bench',
        })
        .execute();
      const periods = [
        { key: 'full', kind: 'full', quarter: null as number | null, deadline: full },
        ...[1, 2, 3, 4].map((q) => ({
          key: `Q${q}`,
          kind: 'routine',
          quarter: q as number | null,
          deadline: routineDeadline(cal, year, q as 1 | 2 | 3 | 4, 0),
        })),
      ];
      const batch: Parameters<ReturnType<typeof db.insertInto<'selfcheck_submissions'>>['values']>[0] &
        unknown[] = [];
      const pledges = [];
      for (const id of institutions) {
        for (const p of periods) {
          const roll = rng.next();
          if (roll > 0.93) continue;
          const on =
            roll < 0.85
              ? addCalendarDays(p.deadline, -rng.int(1, 40))
              : addCalendarDays(p.deadline, rng.int(1, 20));
          if (on > today) continue;
          const found = rng.next() < 0.3 ? rng.int(1, 4) : 0;
          const fixed = found && rng.next() < 0.8 ? found : Math.max(0, found - 1);
          batch.push({
            year,
            institution_id: id,
            period_key: p.key,
            kind: p.kind,
            quarter: p.quarter,
            campaign_id: null,
            submitted_on: on,
            areas_json: JSON.stringify([{ area: '医疗文书', found, fixed }]),
            found_count: found,
            fixed_count: fixed,
            rectify_due: found > fixed ? addCalendarDays(on, 30) : null,
            report_file_id: null,
            credit_seq: null,
            created_at: now,
            updated_at: now,
            updated_by: 'bench',
          });
        }
        if (rng.next() < 0.9)
          pledges.push({
            year,
            institution_id: id,
            submitted_on: addCalendarDays(d.pledge, -rng.int(0, 40)),
            file_id: null,
            created_at: now,
            updated_at: now,
            updated_by: 'bench',
          });
      }
      for (let i = 0; i < batch.length; i += 500)
        await db
          .insertInto('selfcheck_submissions')
          .values(batch.slice(i, i + 500))
          .execute();
      for (let i = 0; i < pledges.length; i += 500)
        await db
          .insertInto('selfcheck_pledges')
          .values(pledges.slice(i, i + 500))
          .execute();
      rows += batch.length + pledges.length;
    }
    return rows;
  },
};
