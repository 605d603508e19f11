// The 工作台's answer is shared between callers until the data changes (electron/server/dispatcher.ts
// SHARED_QUERIES), as the app's host runs it: twenty desks asking at once are answered by one computation, and no
// caller ever gets an answer computed before a write it could have seen — its own, one heard from another seat, or
// a new day.
import { afterEach, describe, expect, it } from 'vitest';
import { buildHandlers } from '../../db/app';
import { loadDashboard } from '../../db/dashboard/dashboard';
import type { HandlerContext, Handlers } from '../../db/core/context';
import { newSetupApp, type TestApp } from './helpers';

const NOW = '2026-11-23T09:00:00+08:00';
let app: TestApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

/** The app's handlers, with one method's computations counted (the first failing, when asked). */
function counted(
  method: 'dashboard.data' | 'complaints.page' = 'dashboard.data',
  firstFails = false,
): { handlers: Handlers; runs: () => number } {
  const handlers = buildHandlers();
  const original = handlers[method] as (input: never, ctx: HandlerContext) => Promise<unknown>;
  let n = 0;
  return {
    handlers: {
      ...handlers,
      [method]: (input: never, ctx: HandlerContext) =>
        ++n === 1 && firstFails ? Promise.reject(new Error('服务器断开')) : original(input, ctx),
    } as Handlers,
    runs: () => n,
  };
}

async function office(sharedAnswers: boolean) {
  const c = counted();
  app = await newSetupApp({ now: NOW, handlers: c.handlers, sharedAnswers });
  const departments = await app.call('departments.list', { includeInactive: false });
  return { app, runs: c.runs, departmentId: departments[0]!.id };
}

const complaint = (departmentId: number, n: number) => ({
  ticketNo: `SX20261123000${n}`,
  receivedOn: '2026-11-20',
  content: '反映收费不透明',
  category: 'charges' as const,
  institutionId: null,
  departmentId,
});

describe('shared dashboard answers', () => {
  it('callers at once share one computation; a committed write means a fresh one, equal to computing it anew', async () => {
    const { app, runs, departmentId } = await office(true);
    const answers = await Promise.all(Array.from({ length: 8 }, () => app.call('dashboard.data', {})));
    expect(runs()).toBe(1);
    for (const a of answers) expect(a).toEqual(answers[0]);
    await app.call('dashboard.data', {});
    expect(runs()).toBe(1);

    await app.call('complaints.create', complaint(departmentId, 1));
    const after = await app.call('dashboard.data', {});
    expect(runs()).toBe(2);
    expect(after).toEqual(await loadDashboard(app.db, new Date(NOW)));
  });

  it('another seat’s write heard from the server, and a lost or regained server, each mean a fresh one', async () => {
    const { app, runs } = await office(true);
    await app.call('dashboard.data', {});
    app.dispatcher.emit('data.changed', {
      id: 'other-seat-1',
      method: 'complaints.create',
      at: new Date(NOW).toISOString(),
      changes: [{ entity: 'complaint', ids: ['1'] }],
    });
    await app.call('dashboard.data', {});
    expect(runs()).toBe(2);
    app.dispatcher.emit('server.connection', { connected: true, message: null });
    await app.call('dashboard.data', {});
    expect(runs()).toBe(3);
  });

  it('a new day means a fresh one (days left and overdue change at midnight)', async () => {
    const c = counted();
    app = await newSetupApp({ now: '2026-11-23T23:58:00+08:00', handlers: c.handlers, sharedAnswers: true });
    expect((await app.call('dashboard.data', {})).today).toBe('2026-11-23');
    app.travel(new Date('2026-11-24T00:01:00+08:00'));
    expect((await app.call('dashboard.data', {})).today).toBe('2026-11-24');
    expect(c.runs()).toBe(2);
  });

  it('a computation that fails is not shared: the next caller computes again', async () => {
    const c = counted('dashboard.data', true);
    app = await newSetupApp({ now: NOW, sharedAnswers: true, handlers: c.handlers });
    await expect(app.call('dashboard.data', {})).rejects.toThrow('服务器断开');
    await expect(app.call('dashboard.data', {})).resolves.toMatchObject({ today: '2026-11-23' });
    expect(c.runs()).toBe(2);
  });

  it('a register’s first block (its total and counts) is shared; the blocks further down are not', async () => {
    const c = counted('complaints.page');
    app = await newSetupApp({ now: NOW, sharedAnswers: true, handlers: c.handlers });
    const departmentId = (await app.call('departments.list', { includeInactive: false }))[0]!.id;
    for (let i = 1; i <= 3; i++) await app.call('complaints.create', complaint(departmentId, i));
    const first = () => app!.call('complaints.page', { startRow: 0, endRow: 2 });
    const [a, b] = await Promise.all([first(), first()]);
    expect(c.runs()).toBe(1);
    expect(b).toEqual(a);
    expect(a.total).toBe(3);
    await app.call('complaints.page', { startRow: 2, endRow: 4 });
    await app.call('complaints.page', { startRow: 2, endRow: 4 });
    expect(c.runs()).toBe(3);
    await app.call('complaints.create', complaint(departmentId, 4));
    expect((await first()).total).toBe(4);
    expect(c.runs()).toBe(4);
  });

  it('without sharing (the unit tests’ default) every call computes', async () => {
    const { app, runs } = await office(false);
    await Promise.all([app.call('dashboard.data', {}), app.call('dashboard.data', {})]);
    expect(runs()).toBe(2);
  });
});
