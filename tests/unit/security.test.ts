// Permissions from the role matrix enforced in the dispatcher, login lock-out with every attempt audited, and
// idle sessions locked.
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { contract } from '../../shared/contract';
import { ROLES, ROLE_PERMISSIONS, roleCan, type Role } from '../../shared/domain/roles';
import type { AppError } from '../../shared/errors';
import { ADMIN, newSetupApp, type TestApp } from './helpers';

let app: TestApp;
afterEach(async () => app?.close());

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e as AppError).code,
  );

describe('permissions', () => {
  it('every method declares public access or a permission of the matrix', () => {
    for (const [name, m] of Object.entries(contract)) {
      expect(['public', 'permission'], name).toContain(m.access.kind);
    }
    expect(ROLE_PERMISSIONS.auditor).toContain('audit.read');
    expect(ROLE_PERMISSIONS.auditor).not.toContain('records.write');
    expect(ROLE_PERMISSIONS.leader).toEqual(expect.arrayContaining(['read', 'print', 'approve']));
    expect(ROLE_PERMISSIONS.secretary).toContain('meetings.write');
  });

  it('the dispatcher answers each role as the matrix says, for every method', async () => {
    app = await newSetupApp();
    const sessions: Partial<Record<Role, string>> = { admin: 'test' };
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      await app.call('users.create', {
        username: `u-${role}`,
        displayName: role,
        role,
        password: 'Pass#2026x',
      });
      await app.call('auth.login', { username: `u-${role}`, password: 'Pass#2026x' }, `s-${role}`);
      sessions[role] = `s-${role}`;
    }
    // Call every permission-guarded method with empty arguments: a role without the permission must get
    // FORBIDDEN before validation; a role with it gets past the gate (VALIDATION, NOT_FOUND or success).
    for (const [name, m] of Object.entries(contract)) {
      if (m.access.kind !== 'permission') continue;
      if (name === 'auth.logout') continue; // would end the session used below
      for (const role of ROLES) {
        const env = await app.dispatcher.dispatch(name, {}, sessions[role]!);
        const allowed = roleCan(role, m.access.permission);
        const got = env.ok ? 'ok' : env.error.code;
        if (allowed) expect(got, `${role} → ${name}`).not.toBe('FORBIDDEN');
        else expect(got, `${role} → ${name}`).toBe('FORBIDDEN');
      }
    }
  });

  it('the auditor reads the audit log but cannot change records', async () => {
    app = await newSetupApp();
    await app.call('users.create', {
      username: 'shenji',
      displayName: '审计员',
      role: 'auditor',
      password: 'Audit#2026',
    });
    await app.call('auth.login', { username: 'shenji', password: 'Audit#2026' }, 'a');
    expect((await app.call('audit.list', {}, 'a')).length).toBeGreaterThan(0);
    expect(await code(app.call('departments.create', { fullName: '某单位', shortName: '某' }, 'a'))).toBe(
      'FORBIDDEN',
    );
  });
});

describe('login lock-out', () => {
  it('locks after 5 wrong passwords for 15 minutes, audits every attempt, and admin reset unlocks', async () => {
    let now = new Date('2026-11-22T01:00:00Z').getTime();
    app = await newSetupApp({ clock: () => new Date(now) });
    await app.call('users.create', {
      username: 'keyuan',
      displayName: '科员',
      role: 'clerk',
      password: 'Right#2026',
    });
    for (let i = 1; i <= 4; i++) {
      expect(await code(app.call('auth.login', { username: 'keyuan', password: `wrong-${i}` }, 'k'))).toBe(
        'BAD_CREDENTIALS',
      );
    }
    const fifth = await app
      .call('auth.login', { username: 'keyuan', password: 'wrong-5' }, 'k')
      .catch((e: AppError) => e);
    expect((fifth as AppError).message).toBe('密码连续输错 5 次，账号已锁定 15 分钟');
    // even the right password is refused while locked
    expect(await code(app.call('auth.login', { username: 'keyuan', password: 'Right#2026' }, 'k'))).toBe(
      'FORBIDDEN',
    );
    const failures = await app.db
      .selectFrom('audit_log')
      .select('summary')
      .where('action', '=', 'auth.login')
      .execute();
    expect(failures.filter((f) => f.summary.startsWith('登录失败'))).toHaveLength(5);
    expect(failures.some((f) => f.summary === '登录被拒绝：keyuan 已锁定')).toBe(true);
    now += 16 * 60_000;
    await app.call('auth.login', { username: 'keyuan', password: 'Right#2026' }, 'k');
    // lock again, then the administrator's reset unlocks at once
    for (let i = 1; i <= 5; i++)
      await code(app.call('auth.login', { username: 'keyuan', password: 'nope-nope' }, 'k2'));
    await app.call('auth.login', { username: 'admin', password: ADMIN.password }); // the admin idled past 15 minutes
    const id = (await app.call('users.list', {})).find((u) => u.username === 'keyuan')!.id;
    await app.call('users.resetPassword', { id, newPassword: 'Reset#2026' });
    await app.call('auth.login', { username: 'keyuan', password: 'Reset#2026' }, 'k2');
    // an unknown user name is audited too
    await code(app.call('auth.login', { username: 'ghost', password: 'whatever' }, 'g'));
    expect(
      (await app.call('audit.list', { entity: 'session' })).some(
        (r) => r.summary === '登录失败：不存在的用户名 g…（共 5 个字符）',
      ),
    ).toBe(true);
  });
});

describe('idle lock', () => {
  it('ends a session idle longer than the setting', async () => {
    let now = new Date('2026-11-22T01:00:00Z').getTime();
    app = await newSetupApp({ clock: () => new Date(now) });
    await app.call('auth.login', { username: 'admin', password: ADMIN.password }, 'x');
    now += 14 * 60_000;
    await app.call('session.activity', {}, 'x'); // the person worked in the window: still active, refreshed
    now += 14 * 60_000;
    await app.call('session.activity', {}, 'x');
    now += 16 * 60_000;
    const e = await app.call('departments.list', { includeInactive: true }, 'x').catch((x: AppError) => x);
    expect((e as AppError).code).toBe('UNAUTHENTICATED');
    expect((e as AppError).message).toBe('长时间未操作，已自动锁定，请重新登录');
  });
});

describe('audit log viewer', () => {
  it('filters by day, person and words (wildcards taken literally) and exports the selection', async () => {
    let now = new Date('2026-11-20T02:00:00Z').getTime(); // 10:00 Beijing time
    app = await newSetupApp({ clock: () => new Date(now) });
    await app.call('settings.update', { idleLockMinutes: 0 }); // time jumps by days below
    await app.call('departments.create', { fullName: '甲单位全称', shortName: '甲单位' });
    now += 2 * 86_400_000; // two days later
    await app.call('departments.create', { fullName: '乙单位全称_100%', shortName: '乙单位' });
    const day = await app.call('audit.list', { from: '2026-11-22', to: '2026-11-22' });
    expect(day.map((r) => r.summary)).toEqual(['新增成员单位 乙单位']);
    expect((await app.call('audit.list', { text: '_100%' })).length).toBe(0); // summary has no literal "_100%"
    expect((await app.call('audit.list', { text: '甲' })).map((r) => r.summary)).toEqual([
      '新增成员单位 甲单位',
    ]);
    expect((await app.call('audit.list', { actor: '测试管理员' })).length).toBeGreaterThan(2);
    expect(await app.call('audit.list', { actor: '%' })).toEqual([]);
    const file = await app.call('audit.exportXlsx', { from: '2026-11-22' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(4).value).toBe('操作');
    expect(ws.getRow(2).getCell(4).value).toBe('新增成员单位 乙单位');
    expect(ws.getRow(1).getCell(10).value).toBe('计算机');
    expect(ws.getRow(2).getCell(10).value).toBe(hostname());
    expect(ws.rowCount).toBe(2);
  });
});
