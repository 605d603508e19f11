// Sessions: only what a person does keeps one open (a dashboard refreshing itself must not defeat the idle lock),
// and a password reset or role change ends the sessions opened before it.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { ADMIN, newApp } from './helpers';

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

async function office() {
  let t = Date.parse('2026-11-22T09:00:00+08:00');
  const app = await newApp({ clock: () => new Date(t) });
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
});
