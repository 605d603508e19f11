// Sign-in and signing under attack: a user name is at most 30 characters (one request once wrote a 32.5 MB audit
// row), an unknown name is audited masked (a password typed into the name box is not kept), failed sign-ins are
// rate-limited per window and in all, and wrong signing passphrases are counted: 5 lock signing for 15 minutes.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as nodeCrypto from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { ADMIN, newApp, newSetupApp } from './helpers';
import { usccCheckChar } from '../../shared/domain/uscc';
import { cheapHashingForTests } from '../../db/system/passwords';

// This file checks the cost of the hashes themselves: the production cost, not the unit tests' (tests/unit/setup.ts,
// whose hook runs before this one).
beforeAll(() => cheapHashingForTests(false));

// scrypt counted (and otherwise Node's own): a refusal must cost the same work whether or not the name exists.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof nodeCrypto>();
  return { ...actual, scrypt: vi.fn(actual.scrypt) };
});

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('sign-in', () => {
  it('refuses a user name over 30 characters before anything is written', async () => {
    const app = await newSetupApp({ now: '2026-11-22T09:00:00+08:00' });
    const before = await app.db
      .selectFrom('audit_log')
      .select((e) => e.fn.countAll().as('n'))
      .executeTakeFirst();
    const e = await rejection(
      app.call('auth.login', { username: 'x'.repeat(5_000_000), password: 'p' }, 'a'),
    );
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain('用户名不能超过 30 个字符');
    const after = await app.db
      .selectFrom('audit_log')
      .select((e) => e.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(after?.n).toBe(before?.n);
    await app.close();
  });

  it('audits an unknown name by its first character and length only', async () => {
    const app = await newSetupApp({ now: '2026-11-22T09:00:00+08:00' });
    const typedPassword = 'Secr3t!Passw0rd';
    const e = await rejection(app.call('auth.login', { username: typedPassword, password: 'x' }, 'a'));
    expect(e.code).toBe('BAD_CREDENTIALS');
    const rows = await app.db
      .selectFrom('audit_log')
      .select(['summary', 'before_json', 'after_json'])
      .execute();
    const all = JSON.stringify(rows);
    expect(all).not.toContain(typedPassword);
    expect(all).toContain('S…（共 15 个字符）');
    await app.close();
  });

  it('an unknown name costs the same scrypt as a known name with a wrong password (a dummy hash)', async () => {
    const app = await newSetupApp({ now: '2026-11-22T09:00:00+08:00' });
    const scrypt = vi.mocked(nodeCrypto.scrypt);
    const scryptsFor = async (username: string, sessionKey: string) => {
      const before = scrypt.mock.calls.length;
      const e = await rejection(app.call('auth.login', { username, password: 'Wrong#2026' }, sessionKey));
      expect(e.code).toBe('BAD_CREDENTIALS');
      expect(e.message).toBe('用户名或密码错误');
      return scrypt.mock.calls.slice(before).map((c) => [c[2], (c[3] as nodeCrypto.ScryptOptions).N]);
    };
    await scryptsFor('nobody-warm-up', 'scrypt-0'); // the dummy hash itself is made once per process
    const known = await scryptsFor(ADMIN.username, 'scrypt-1');
    const unknown = await scryptsFor('nobody', 'scrypt-2');
    expect(known).toEqual([[32, 32768]]);
    expect(unknown).toEqual(known);
    await app.close();
  });

  it('slows down failed sign-ins: 10 a minute from one window, then the next is refused until the minute passes', async () => {
    let t = Date.parse('2026-11-22T09:00:00+08:00');
    const app = await newApp({ clock: () => new Date(t) });
    await app.call('system.setup', {
      office: { name: '越城区卫生健康局', docPrefix: '越卫健' },
      admin: ADMIN,
    });
    for (let i = 0; i < 10; i++) {
      const e = await rejection(app.call('auth.login', { username: `nobody${i}`, password: 'x' }, 'w1'));
      expect(e.code).toBe('BAD_CREDENTIALS');
    }
    const limited = await rejection(
      app.call('auth.login', { username: ADMIN.username, password: ADMIN.password }, 'w1'),
    );
    expect(limited.message).toMatch(/登录失败次数过多，请 \d+ 秒后再试/);
    // Another window is not held up by this one's failures.
    await app.call('auth.login', { username: ADMIN.username, password: ADMIN.password }, 'w2');
    t += 61_000;
    await app.call('auth.login', { username: ADMIN.username, password: ADMIN.password }, 'w1');
    await app.close();
  });

  it('limits failed sign-ins in all as well: 30 a minute across windows, then a new window waits too', async () => {
    let t = Date.parse('2026-11-24T09:00:00+08:00'); // a minute of its own: the limiter outlives one app
    const app = await newApp({ clock: () => new Date(t) });
    await app.call('system.setup', {
      office: { name: '越城区卫生健康局', docPrefix: '越卫健' },
      admin: ADMIN,
    });
    for (let i = 0; i < 30; i++) {
      const e = await rejection(
        app.call('auth.login', { username: `nobody${i}`, password: 'x' }, `all-${i}`),
      );
      expect(e.code).toBe('BAD_CREDENTIALS');
    }
    const limited = await rejection(
      app.call('auth.login', { username: ADMIN.username, password: ADMIN.password }, 'all-fresh'),
    );
    expect(limited.message).toMatch(/登录失败次数过多，请 \d+ 秒后再试/);
    t += 61_000;
    await app.call('auth.login', { username: ADMIN.username, password: ADMIN.password }, 'all-fresh');
    await app.close();
  }, 120_000);
});

describe('signing passphrase', () => {
  it('counts wrong passphrases, audits them without the passphrase, and locks signing after 5 for 15 minutes', async () => {
    let t = Date.parse('2026-10-09T09:00:00+08:00');
    const dataDir = mkdtempSync(join(tmpdir(), 'zj-sign-lock-'));
    const app = await newApp({ clock: () => new Date(t), dataDir });
    await app.call('system.setup', {
      office: { name: '越城区卫生健康局', docPrefix: '越卫健' },
      admin: ADMIN,
    });
    await app.call('office.update', {
      name: '绍兴市越城区卫生健康局',
      docPrefix: '越卫健',
      uscc: '11330602MB1234567' + usccCheckChar('11330602MB1234567'),
    } as never);
    await app.call('signing.generate', {
      passphrase: 'Correct horse 2026',
      passphraseConfirm: 'Correct horse 2026',
    });
    const draft = await app.call('reports.create', { type: 'quarterly', period: '2026Q3' });
    for (let i = 1; i <= 4; i++) {
      const e = await rejection(app.call('reports.sign', { id: draft.id, passphrase: `wrong guess ${i}!!` }));
      expect(e.message).toBe('签名口令不正确');
    }
    const locked = await rejection(app.call('reports.sign', { id: draft.id, passphrase: 'wrong guess 5!!' }));
    expect(locked.message).toContain('签发已锁定 15 分钟');
    // Even the right passphrase waits out the lock.
    const still = await rejection(
      app.call('reports.sign', { id: draft.id, passphrase: 'Correct horse 2026' }),
    );
    expect(still.message).toMatch(/签发已锁定，请 \d+ 分钟后再试/);
    const rows = await app.db
      .selectFrom('audit_log')
      .select('summary')
      .where('entity', '=', 'signing_key')
      .execute();
    const text = rows.map((r) => r.summary).join('\n');
    expect(text).toContain('签发报告时签名口令错误（连续第 5 次），签发已锁定 15 分钟');
    expect(text).not.toContain('wrong guess');
    t += 16 * 60_000;
    await app.call('auth.login', { username: ADMIN.username, password: ADMIN.password }); // the idle lock ran too
    const e = await rejection(app.call('reports.sign', { id: draft.id, passphrase: 'wrong again!!' }));
    expect(e.message).toBe('签名口令不正确'); // the lock has passed; counting starts again
    await app.close();
  }, 120_000);
});
