// Sessions: only what a person does keeps one open (a dashboard refreshing itself must not defeat the idle lock),
// and a password reset or role change ends the sessions opened before it.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { ADMIN, newApp } from './helpers';
import { SESSION_CHECK_MS } from '../../electron/server/dispatcher';

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

async function office(sessionCheckMs?: number) {
  let t = Date.parse('2026-11-22T09:00:00+08:00');
  const app = await newApp({ clock: () => new Date(t), ...(sessionCheckMs ? { sessionCheckMs } : {}) });
  await app.call('system.setup', { office: { name: '越城区卫生健康局', docPrefix: '越卫健' }, admin: ADMIN });
  await app.call('settings.update', { idleLockMinutes: 1 });
  await app.call('users.create', {
    username: 'keyuan',
    displayName: '张强',
    role: 'clerk',
    password: 'Keyuan#2026',
  });
  return { app, advance: (ms: number) => (t += ms) };
}

describe('idle lock', () => {
  it('background reads do not keep a session open; the person’s input does', async () => {
    const { app, advance } = await office();
    await app.call('auth.login', { username: 'keyuan', password: 'Keyuan#2026' }, 'k');
    advance(50_000);
    await app.call('dashboard.data', {}, 'k'); // the dashboard refreshing on its own
    advance(20_000);
    const e = await rejection(app.call('dashboard.data', {}, 'k'));
    expect(e.code).toBe('UNAUTHENTICATED');
    expect(e.message).toContain('长时间未操作，已自动锁定');

    await app.call('auth.login', { username: 'keyuan', password: 'Keyuan#2026' }, 'k');
    advance(50_000);
    await app.call('session.activity', {}, 'k'); // a click
    advance(50_000);
    await app.call('dashboard.data', {}, 'k');
    await app.close();
  });

  it('a lock first met by the public sign-in check still tells the window why, once', async () => {
    const { app, advance } = await office();
    await app.call('auth.login', { username: 'keyuan', password: 'Keyuan#2026' }, 'k');
    advance(70_000);
    // Everything re-read after another desk's write: system.status (public) may be the first to arrive.
    const status = await app.call('system.status', {}, 'k');
    expect(status.user).toBeNull();
    const e = await rejection(app.call('dashboard.data', {}, 'k'));
    expect(e.code).toBe('UNAUTHENTICATED');
    expect(e.message).toBe('长时间未操作，已自动锁定，请重新登录');
    const again = await rejection(app.call('dashboard.data', {}, 'k'));
    expect(again.message).toBe('请先登录');
    await app.close();
  });
});

describe('credential changes end sessions', () => {
  it('a password reset or a role change signs the person out everywhere', async () => {
    const { app } = await office();
    const users = await app.call('users.list', {});
    const keyuan = users.find((u) => u.username === 'keyuan')!;
    await app.call('auth.login', { username: 'keyuan', password: 'Keyuan#2026' }, 'k');
    await app.call('users.resetPassword', { id: keyuan.id, newPassword: 'Changed#2026' });
    const reset = await rejection(app.call('dashboard.data', {}, 'k'));
    expect(reset.message).toContain('密码或角色已被更改');
    await app.call('auth.login', { username: 'keyuan', password: 'Changed#2026' }, 'k');
    await app.call('dashboard.data', {}, 'k');
    await app.call('users.update', { id: keyuan.id, displayName: '张强', role: 'leader', active: true });
    const role = await rejection(app.call('dashboard.data', {}, 'k'));
    expect(role.message).toContain('密码或角色已被更改');
    // The admin's own session is untouched.
    await app.call('dashboard.data', {});
    await app.close();
  });

  it('with the account checks kept as the app keeps them, a change made here still ends sessions at once', async () => {
    const { app } = await office(SESSION_CHECK_MS);
    const keyuan = (await app.call('users.list', {})).find((u) => u.username === 'keyuan')!;
    await app.call('auth.login', { username: 'keyuan', password: 'Keyuan#2026' }, 'k');
    await app.call('dashboard.data', {}, 'k'); // its check is now kept
    await app.call('users.resetPassword', { id: keyuan.id, newPassword: 'Changed#2026' });
    expect((await rejection(app.call('dashboard.data', {}, 'k'))).message).toContain('密码或角色已被更改');
    await app.call('auth.login', { username: 'keyuan', password: 'Changed#2026' }, 'k');
    await app.call('dashboard.data', {}, 'k');
    await app.call('users.update', { id: keyuan.id, displayName: '张强', role: 'clerk', active: false });
    expect((await rejection(app.call('dashboard.data', {}, 'k'))).code).toBe('UNAUTHENTICATED');
    await app.close();
  });

  it('a change another program makes to the data file is seen once the kept check runs out, or the data changes', async () => {
    // Another program: the command line deactivating the account straight in the database.
    const deactivate = (app: Awaited<ReturnType<typeof office>>['app'], active: 0 | 1) =>
      app.db.updateTable('users').set({ active }).where('username', '=', 'keyuan').execute();
    const short = await office(40);
    await short.app.call('auth.login', { username: 'keyuan', password: 'Keyuan#2026' }, 'k');
    await short.app.call('dashboard.data', {}, 'k');
    await deactivate(short.app, 0);
    await new Promise((r) => setTimeout(r, 80));
    expect((await rejection(short.app.call('dashboard.data', {}, 'k'))).code).toBe('UNAUTHENTICATED');
    await short.app.close();

    const long = await office(600_000);
    await long.app.call('auth.login', { username: 'keyuan', password: 'Keyuan#2026' }, 'k');
    await long.app.call('dashboard.data', {}, 'k');
    await deactivate(long.app, 0);
    await long.app.call('dashboard.data', {}, 'k'); // kept: not read again yet
    long.app.dispatcher.emit('server.connection', { connected: true, message: null });
    expect((await rejection(long.app.call('dashboard.data', {}, 'k'))).code).toBe('UNAUTHENTICATED');
    await long.app.close();
  });
});
