// A report 截至9月30日 counts the register as it stood then: institutions entered later are left out, and one
// deregistered later still counts with the status it had on that day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFigures } from '../../db/reports/figures';
import { requirePeriod } from '../../shared/domain/reports';
import { usccCheckChar } from '../../shared/domain/uscc';
import { ADMIN, newSetupApp, type TestApp } from './helpers';

const uscc = (n: number) => {
  const first17 = `92330602MA2K${String(n).padStart(4, '0')}X`;
  return first17 + usccCheckChar(first17);
};

describe('figures as of the report date', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await newSetupApp({ now: '2026-09-10T09:00:00+08:00' });
    await app.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
  });
  afterAll(async () => app?.close());

  it('leaves out institutions entered after the date and counts a later change with its status then', async () => {
    const add = (n: number) =>
      app.call('institutions.create', {
        name: `测试诊所${n}`,
        uscc: uscc(n),
        category: 'clinic',
        ownership: 'private',
      });
    // A session idle across the clock's jumps is locked: sign in again at each moment.
    const at = async (when: string) => {
      app.travel(new Date(when));
      await app.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
    };
    const early = await add(1);
    await add(2);
    // 2026-09-30 23:30 Beijing is still that day; 10-01 00:30 is the next.
    await at('2026-09-30T23:30:00+08:00');
    await add(3);
    await at('2026-10-01T00:30:00+08:00');
    await add(4);
    await at('2026-10-20T09:00:00+08:00');
    await app.call('institutions.setStatus', { id: early.id, status: 'deregistered' });

    const figures = async (code: string) =>
      (await computeFigures(app.db, 'quarterly', requirePeriod(code), '2026-11-22')).indicators;
    const active = (f: Awaited<ReturnType<typeof figures>>) =>
      f.find((i) => i.key === 'institutions.active')!.value;
    // Q3: 1, 2 and 3 (entered by the end of 09-30 Beijing), 1 still operating then.
    expect(active(await figures('2026Q3'))).toBe(3);
    // Q4 (as of today, 11-22): 2, 3 and 4; 1 is deregistered.
    expect(active(await figures('2026Q4'))).toBe(3);
    const q4 = await figures('2026Q4');
    const tiers = ['A', 'B', 'C', 'D', 'unrated'].reduce(
      (n, t) => n + (q4.find((i) => i.key === `tiers.${t}`)!.value ?? 0),
      0,
    );
    expect(tiers).toBe(3);
  });
});

describe('期末逾期未反馈 as of a quarter that has ended', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await newSetupApp({ now: '2026-06-10T09:00:00+08:00' });
    await app.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
  });
  afterAll(async () => app?.close());

  it('counts a feedback due before the quarter and given only after it as still owed at its end, one given in time not', async () => {
    const department = (await app.call('departments.list', {}))[0]!;
    const ticket = async (n: number) => {
      const c = await app.call('complaints.create', {
        ticketNo: `SX20260601000${n}`,
        receivedOn: '2026-06-01',
        content: `反映诊所收费不规范（${n}）`,
        category: 'other',
        departmentId: department.id,
      });
      return app.call('complaints.closeHandling', {
        id: c.id,
        handledOn: '2026-06-02',
        handlingResult: '已核实并答复。',
        substantiated: false,
      });
    };
    const late = await ticket(1); // due in June, fed back only in October
    const never = await ticket(2); // not fed back at all
    const inTime = await ticket(3); // fed back the next day
    expect(late.feedbackDue! < '2026-07-01').toBe(true); // due before Q3: Q3 counts it only as a stock
    await app.call('complaints.recordFeedback', { id: inTime.id, feedbackOn: '2026-06-03' });
    app.travel(new Date('2026-10-20T09:00:00+08:00'));
    await app.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
    await app.call('complaints.recordFeedback', { id: late.id, feedbackOn: '2026-10-15' });
    const owed = async (code: string) =>
      (await computeFigures(app.db, 'quarterly', requirePeriod(code), '2026-11-22')).indicators.find(
        (i) => i.key === 'complaints.feedbackOverdue',
      )!.value;
    // At the end of Q3 both the late one and the one never fed back were owed; at Q4's moment only the latter.
    expect(await owed('2026Q3')).toBe(2);
    expect(await owed('2026Q4')).toBe(1);
    expect(never.feedbackOn ?? null).toBeNull();
  });
});
