// A crafted backup must not plant database rules. A backup folder's backup.json (with the database's SHA-256)
// is written by whoever made the folder, so an attacker who adds a trigger simply writes a matching digest.
// Restore therefore compares the schema with what the app's own migrations make, refuses anything extra or
// different by name, and rebuilds the rows into a database the app creates; start-up checks the live file the
// same way.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startAppCore, type AppCore } from '../../electron/server/app-core';
import { AppError } from '../../shared/errors';
import type { Input, MethodName, Output } from '../../shared/contract';
import { readSchema, schemaProblems } from '../../db/system/schema-check';
import { ADMIN } from './helpers';
import { DEMO_PASSWORD, seedDemo } from '../../db/demo';
import { travellingClock, type Travel } from '../../db/core/clock';

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

async function core(dataDir: string): Promise<AppCore & { travel: Travel }> {
  let t = new Date('2026-11-22T09:00:00+08:00').getTime();
  const clock = travellingClock(() => new Date((t += 1000)));
  return Object.assign(await startAppCore({ dataDir, clock: clock.now, log: () => {} }), {
    travel: clock.travel,
  });
}

function caller(c: AppCore, session = 's') {
  return <N extends MethodName>(name: N, args: Input<N>): Promise<Output<N>> =>
    c.dispatcher.call(name, args, session);
}

const CLERK = { username: 'keyuan', displayName: '张强', password: 'Keyuan@2026', role: 'clerk' } as const;

/** An office with an admin, a clerk and one credit entry, and a manual backup of it. */
async function officeWithBackup(): Promise<{ c: AppCore; call: ReturnType<typeof caller>; backup: string }> {
  const dataDir = tempDir('zj-hostile-');
  const c = await core(dataDir);
  await c.background;
  const call = caller(c);
  await call('system.setup', { office: { name: '越城区卫生健康局', docPrefix: '越卫健' }, admin: ADMIN });
  await call('users.create', { ...CLERK });
  const summary = await call('backup.create', { destination: tempDir('zj-usb-'), includeAttachments: true });
  return { c, call, backup: summary.path };
}

/** What an attacker does: change the backup's database, then write the digest that matches it. */
function tamper(backupDir: string, ddl: string): void {
  const file = join(backupDir, 'zongjian.db');
  const db = new Database(file);
  db.exec(ddl);
  db.close();
  const manifestPath = join(backupDir, 'backup.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.database.sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
  manifest.database.size = readFileSync(file).length;
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

const PRIVILEGE_TRIGGER = `create trigger audit_escalate after insert on audit_log
  begin update users set role = 'admin' where username = 'keyuan'; end`;

describe('restore never adopts a foreign database', () => {
  it('refuses a backup whose database carries an extra trigger, names it, and changes nothing', async () => {
    const { c, call, backup } = await officeWithBackup();
    tamper(backup, PRIVILEGE_TRIGGER);
    const preview = await call('backup.inspect', { path: backup });
    expect(preview.ok).toBe(false);
    expect(preview.problems.join('；')).toContain('触发器“audit_escalate”');
    const e = await rejection(call('backup.restore', { path: backup }));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain('audit_escalate');
    // Nothing was swapped: the live file has no such trigger and the clerk is still a clerk.
    expect(readSchema(c.database.sqlite!).some((o) => o.name === 'audit_escalate')).toBe(false);
    const users = await call('users.list', {});
    expect(users.find((u) => u.username === 'keyuan')?.role).toBe('clerk');
    await c.close();
  });

  it('refuses the same trigger inside a compressed (zstd) backup whose digests were rewritten to match', async () => {
    const { c, call, backup } = await officeWithBackup();
    tamper(backup, PRIVILEGE_TRIGGER);
    // What a daily backup looks like: the database only as zongjian.db.zst, described by format version 2.
    const plain = join(backup, 'zongjian.db');
    const zst = join(backup, 'zongjian.db.zst');
    execFileSync('zstd', ['-q', plain, '-o', zst]);
    const manifestPath = join(backup, 'backup.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const bytes = readFileSync(zst);
    manifest.formatVersion = 2;
    manifest.database.file = 'zongjian.db.zst';
    manifest.database.stored = {
      encoding: 'zstd',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
    rmSync(plain);
    const preview = await call('backup.inspect', { path: backup });
    expect(preview.ok).toBe(false);
    expect(preview.problems.join('；')).toContain('触发器“audit_escalate”');
    const e = await rejection(call('backup.restore', { path: backup }));
    expect(e.message).toContain('audit_escalate');
    expect(readSchema(c.database.sqlite!).some((o) => o.name === 'audit_escalate')).toBe(false);
    await c.close();
  });

  it('refuses a changed table definition, an extra view or index, and a dropped trigger', async () => {
    const cases: [string, string][] = [
      ['create view all_keys as select * from signing_keys', '视图“all_keys”'],
      ['create index users_sneaky on users(role)', '索引“users_sneaky”'],
      ['drop trigger credit_ledger_no_update', '缺少触发器“credit_ledger_no_update”'],
      ['alter table users add column note text', '表“users”的定义与本软件建立的不同'],
    ];
    for (const [ddl, named] of cases) {
      const { c, call, backup } = await officeWithBackup();
      tamper(backup, ddl);
      const preview = await call('backup.inspect', { path: backup });
      expect(preview.ok, ddl).toBe(false);
      expect(preview.problems.join('；'), ddl).toContain(named);
      await rejection(call('backup.restore', { path: backup }));
      await c.close();
    }
  });

  it('a backup that made every login fail is refused, so the office can still sign in and restore', async () => {
    const { c, call, backup } = await officeWithBackup();
    tamper(
      backup,
      `create trigger no_login before update on users begin select raise(abort, 'locked out'); end`,
    );
    await rejection(call('backup.restore', { path: backup }));
    const again = caller(c, 'other');
    await again('auth.login', { username: ADMIN.username, password: ADMIN.password });
    await c.close();
  });

  it('restores a clean backup by rebuilding its rows into a database the app makes', async () => {
    const { c, call, backup } = await officeWithBackup();
    await call('users.create', {
      username: 'later',
      displayName: '后来者',
      password: 'Later@2026',
      role: 'leader',
    });
    await call('backup.restore', { path: backup });
    expect(await schemaProblems(c.database.sqlite!)).toEqual([]);
    const admin = caller(c, 'after');
    await admin('auth.login', { username: ADMIN.username, password: ADMIN.password });
    const names = (await admin('users.list', {})).map((u) => u.username).sort();
    expect(names).toEqual([ADMIN.username, 'keyuan'].sort());
    await c.close();
  });

  it('refuses a backup whose credit ledger was altered behind its triggers', async () => {
    const dataDir = tempDir('zj-hostile-ledger-');
    const c = await core(dataDir);
    await c.background;
    await seedDemo(caller(c), c.travel);
    const call = caller(c, 'admin');
    await call('auth.login', { username: 'admin', password: DEMO_PASSWORD });
    const { path: backup } = await call('backup.create', {
      destination: tempDir('zj-usb-'),
      includeAttachments: false,
    });
    // Drop the append-only triggers, change one entry, put the very same triggers back: the schema matches.
    const file = join(backup, 'zongjian.db');
    const db = new Database(file);
    const triggers = db
      .prepare(`select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'credit_ledger'`)
      .all() as { name: string; sql: string }[];
    for (const t of triggers) db.exec(`drop trigger "${t.name}"`);
    const changed = db.prepare(`update credit_ledger set text = text || '（改）' where seq = 2`).run();
    expect(changed.changes).toBe(1);
    for (const t of triggers) db.exec(t.sql);
    db.close();
    tamper(backup, 'select 1');
    expect((await call('backup.inspect', { path: backup })).ok).toBe(true); // only the chain tells
    const e = await rejection(call('backup.restore', { path: backup }));
    expect(e.message).toContain('信用台账校验未通过');
    // Still the office's own data, still writable.
    await call('users.create', { ...CLERK, username: 'stillhere' });
    await c.close();
  }, 90_000); // the demo district is large; this bounds a hang, it asserts no speed
});

describe('start-up checks the live file the same way', () => {
  it('a trigger planted in the data file by another program puts the app in read-only mode, naming it', async () => {
    const dataDir = tempDir('zj-hostile-live-');
    const c = await core(dataDir);
    await c.background;
    await caller(c)('system.setup', {
      office: { name: '越城区卫生健康局', docPrefix: '越卫健' },
      admin: ADMIN,
    });
    await c.close();
    const db = new Database(join(dataDir, 'zongjian.db'));
    db.exec(PRIVILEGE_TRIGGER);
    db.close();
    const again = await core(dataDir);
    await again.background;
    const call = caller(again);
    await call('auth.login', { username: ADMIN.username, password: ADMIN.password });
    const overview = await call('backup.overview', {});
    expect(overview.integrity.state).toBe('damaged');
    expect(overview.integrity.detail.join('；')).toContain('触发器“audit_escalate”');
    const e = await rejection(call('users.create', { ...CLERK, username: 'another' }));
    expect(e.code).toBe('DB_DAMAGED');
    expect(e.message).toContain('数据库结构与本软件不符');
    await again.close();
  });

  it('an untouched file passes the same check', async () => {
    const dataDir = tempDir('zj-hostile-clean-');
    const c = await core(dataDir);
    await c.background;
    await caller(c)('system.setup', {
      office: { name: '越城区卫生健康局', docPrefix: '越卫健' },
      admin: ADMIN,
    });
    expect(await schemaProblems(c.database.sqlite!)).toEqual([]);
    await c.close();
  });
});

describe('the data folder is private to its user', () => {
  it.skipIf(process.platform === 'win32')('folders 0700 and the data file 0600 on POSIX', async () => {
    const { statSync, chmodSync } = await import('node:fs');
    const dataDir = tempDir('zj-perm-');
    chmodSync(dataDir, 0o755); // as a fresh folder made by someone else's umask would be
    const c = await core(dataDir);
    await c.background;
    await caller(c)('system.setup', {
      office: { name: '越城区卫生健康局', docPrefix: '越卫健' },
      admin: ADMIN,
    });
    const mode = (p: string) => statSync(p).mode & 0o777;
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'attachments'))).toBe(0o700);
    expect(mode(join(dataDir, 'zongjian.db'))).toBe(0o600);
    await c.close();
  });
});
