// The 工作台 counts a year of 记分通知书 not yet issued in SQL and makes items only of the earliest deadlines
// (credit/due.ts summarizeNotices); the full list (dashboard.due) makes every one. Both must agree: the same count
// in each urgency, the same longest delay, the same first twenty in the same order — with more than twenty notices,
// many due on one day (so the twentieth falls among ties), both kinds of subject, and notices due before the
// office's start left out of both.
import { describe, expect, it } from 'vitest';
import { DUE_GROUP_FIRST, DUE_SCOPES, dashboardContract, type CreditBehaviour } from '../../shared/contract';
import { dueItemsPage } from '../../db/dashboard/dashboard';
import { registrations, type Registrations } from '../../db/core/registry';
import { usccCheckChar } from '../../shared/domain/uscc';
import { newSetupApp } from './helpers';

let codes = 0;
const uscc = () => {
  const first17 = `9133060${String(++codes).padStart(10, '0')}`;
  return first17 + usccCheckChar(first17)!;
};

describe('记分通知书 on the 工作台', () => {
  it('counts and first items agree with the full list', async () => {
    let now = new Date('2026-11-22T09:00:00+08:00');
    const app = await newSetupApp({ clock: () => now });
    try {
      await app.call('settings.update', { startQuarter: '2026Q1', idleLockMinutes: 0 });
      const list: CreditBehaviour[] = await app.call('credit.behaviours', { includeInactive: false });
      const behaviour = (kind: CreditBehaviour['subjectKind']) =>
        list.find((b) => b.subjectKind === kind && (b.points ?? 0) > 0)!;
      const places: number[] = [];
      for (const name of ['越城区甲诊所', '越城区乙诊所', '越城区丙诊所'])
        places.push(
          (
            await app.call('institutions.create', {
              name,
              uscc: uscc(),
              category: 'clinic',
              ownership: 'private',
            })
          ).id,
        );
      const people: number[] = [];
      for (const [i, name] of ['王伟', '李娜'].entries())
        people.push(
          (
            await app.call('practitioners.create', {
              name,
              category: 'physician',
              certificateNo: `CERT-${i}`,
              institutionId: places[0]!,
            })
          ).id,
        );
      // 14 days of confirmation, 3–5 notices each (both kinds), one day before the office's start, some ahead, some
      // due on two of the days the test stands on (the 今日 scope).
      const days = [
        '2025-11-25',
        '2026-03-02',
        '2026-05-11',
        '2026-05-22',
        '2026-06-01',
        '2026-08-17',
        '2026-09-30',
        '2026-10-08',
        '2026-11-02',
        '2026-11-03',
        '2026-11-13',
        '2026-11-16',
        '2026-11-19',
        '2026-11-20',
      ];
      let n = 0;
      for (const [d, factDate] of days.entries())
        for (let k = 0; k < 3 + (d % 3); k++) {
          const practitioner = k % 3 === 2;
          const b = behaviour(practitioner ? 'practitioner' : 'institution');
          await app.call('credit.record', {
            subjectKind: practitioner ? 'practitioner' : 'institution',
            subjectId: practitioner ? people[k % 2]! : places[k % 3]!,
            type: 'demerit',
            behaviourId: b.id,
            factDate,
            text: `第 ${++n} 条`,
          });
        }
      let dueToday = 0;
      for (const today of ['2026-11-22', '2026-11-17', '2026-06-05']) {
        now = new Date(`${today}T09:00:00+08:00`);
        const d = await app.call('dashboard.data', {});
        const full = await app.call('dashboard.due', { kind: 'credit_notice', startRow: 0, endRow: 500 });
        const group = d.groups.find((g) => g.kind === 'credit_notice');
        expect(full.total).toBeGreaterThan(DUE_GROUP_FIRST);
        expect(group?.total).toBe(full.total);
        for (const u of ['overdue', 'today', 'week', 'later'] as const)
          expect(group?.[u]).toBe(full.rows.filter((i) => i.urgency === u).length);
        expect(group?.longestLate).toBe(Math.max(0, ...full.rows.map((i) => -i.daysLeft)));
        expect(d.dueItems.filter((i) => i.kind === 'credit_notice')).toEqual(
          full.rows.slice(0, DUE_GROUP_FIRST),
        );
        // The one before the office's start is in neither.
        expect(full.rows.some((i) => i.detail.includes('2025-11-25'))).toBe(false);
        // dashboard.due pages the notices (pageNotices): every block, in every scope and order, with and without
        // the kind and a department filter, equals the same block of the list made of every notice (the source
        // without its page), and the same total.
        const whole: Registrations = {
          ...registrations(),
          dueItems: registrations().dueItems.map(({ page: _page, ...src }) => src),
        };
        const schema = dashboardContract['dashboard.due'].input;
        let compared = 0;
        for (const scope of DUE_SCOPES)
          for (const sort of [[], [{ colId: 'dueOn', sort: 'asc' }], [{ colId: 'dueOn', sort: 'desc' }]])
            for (const filter of [{}, { kind: 'credit_notice' }, { departmentId: 1 }])
              for (const [startRow, endRow] of [
                [0, 5],
                [0, 20],
                [3, 17],
                [10, 40],
                [0, 500],
              ]) {
                const input = schema.parse({ scope, sort, ...filter, startRow, endRow });
                const paged = await dueItemsPage(app.db, now, input);
                expect(paged).toEqual(await dueItemsPage(app.db, now, input, whole));
                compared += paged.rows.length;
              }
        expect(compared).toBeGreaterThan(1000);
        dueToday += full.rows.filter((i) => i.urgency === 'today').length;
      }
      expect(dueToday).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  }, 60_000);
});
