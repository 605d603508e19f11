// Backups and restore through the real app core on real data folders: the daily backup and its retention,
// manual backup with attachments, restore with its checks and safety backup, a damaged file found at start
// (read-only until restored), and the CLI doing the same headless.
import { describe, expect, it } from 'vitest';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  openSync,
  writeSync,
  closeSync,
  statSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { startAppCore, type AppCore } from '../../electron/server/app-core';
import {
  backupName,
  pruneAutomaticBackups,
  retainedBackups,
  withinBudget,
} from '../../db/system/backup-engine';
import { AppError } from '../../shared/errors';
import type { Input, MethodName, Output } from '../../shared/contract';
import { ADMIN } from './helpers';
import { cli as runCli } from './cli-run';

const PDF = Buffer.from('%PDF-1.4\n% 佐证材料\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

async function core(dataDir: string, now = '2026-11-22T09:00:00+08:00'): Promise<AppCore> {
  let t = new Date(now).getTime();
  // A clock that moves a second per call, so backups taken in one test get distinct names.
  return startAppCore({ dataDir, clock: () => new Date((t += 1000)), log: () => {} });
}

function caller(c: AppCore, session = 's') {
  return <N extends MethodName>(name: N, args: Input<N>): Promise<Output<N>> =>
    c.dispatcher.call(name, args, session);
}

async function setUp(c: AppCore): Promise<ReturnType<typeof caller>> {
  const call = caller(c);
  await call('system.setup', { office: { name: '越城区卫生健康局', docPrefix: '越卫健' }, admin: ADMIN });
  return call;
}

async function departmentNames(c: AppCore): Promise<string[]> {
  const call = caller(c, 'reader');
  await call('auth.login', { username: ADMIN.username, password: ADMIN.password });
  return (await call('departments.list', { includeInactive: true })).map((d) => d.shortName).sort();
}

async function expectCode(p: Promise<unknown>, code: string): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  return e as AppError;
}

describe('retention of automatic backups', () => {
  it('within the disk budget: the oldest go first, the newest always stays', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
          {
            minLength: 1,
            maxLength: 40,
            selector: (d) => Math.floor(d.getTime() / 1000),
          },
        ),
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 40, maxLength: 40 }),
        fc.integer({ min: 1, max: 3000 }),
        (dates, sizes, budget) => {
          const kept = dates.map((d, i) => ({ name: backupName(d, 'daily'), bytes: sizes[i]! }));
          const left = withinBudget(kept, budget);
          const newestFirst = [...kept].sort((a, b) => b.name.slice(16).localeCompare(a.name.slice(16)));
          expect(left.has(newestFirst[0]!.name)).toBe(true);
          // What stays is the newest ones, in order, with no gap.
          expect([...left].sort()).toEqual(
            newestFirst
              .slice(0, left.size)
              .map((b) => b.name)
              .sort(),
          );
          const used = newestFirst.slice(0, left.size).reduce((a, b) => a + b.bytes, 0);
          if (left.size > 1) expect(used).toBeLessThanOrEqual(budget);
          const next = newestFirst[left.size];
          if (next) expect(used + next.bytes).toBeGreaterThan(budget);
        },
      ),
    );
  });

  it('prunes real backup folders to the budget by their size on disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zj-budget-'));
    const start = new Date('2026-11-01T10:00:00+08:00').getTime();
    const names = Array.from({ length: 6 }, (_, d) => backupName(new Date(start + d * 86_400_000), 'daily'));
    for (const n of names) {
      mkdirSync(join(dir, n, 'attachments'), { recursive: true });
      writeFileSync(join(dir, n, 'zongjian.db.zst'), Buffer.alloc(300));
      writeFileSync(join(dir, n, 'attachments', 'a.bin'), Buffer.alloc(100));
    }
    // 400 bytes each: a budget of 1,000 keeps the newest two.
    const removed = pruneAutomaticBackups(dir, 14, 12, 1_000);
    expect(removed.sort()).toEqual(names.slice(0, 4).sort());
    expect(readdirSync(dir).sort()).toEqual(names.slice(4).sort());
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the newest of each of the last 14 days and of each of the last 12 months', () => {
    const names: string[] = [];
    const start = new Date('2025-01-01T10:00:00+08:00').getTime();
    for (let d = 0; d < 700; d++) names.push(backupName(new Date(start + d * 86_400_000), 'daily'));
    const keep = retainedBackups(names);
    const days = [...keep].map((n) => n.slice(16, 24));
    const newest = names.slice(-14).map((n) => n.slice(16, 24));
    for (const d of newest) expect(days).toContain(d);
    const months = new Set([...keep].map((n) => n.slice(16, 22)));
    expect(months.size).toBe(12);
    // 14 days (all in the latest month or two) plus the newest of each earlier month.
    expect(keep.size).toBeLessThanOrEqual(14 + 12);
    expect(keep.size).toBeGreaterThanOrEqual(14 + 10);
  });

  it('never keeps more than 26, never drops the newest, and ignores folders that are not backups', () => {
    fc.assert(
      fc.property(
        fc.array(fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }), {
          minLength: 1,
          maxLength: 200,
        }),
        (dates) => {
          const names = [...dates.map((d) => backupName(d, 'daily')), 'notes', 'zongjian-backup-x'];
          const keep = retainedBackups(names);
          expect(keep.size).toBeLessThanOrEqual(26);
          const newest = [...names.slice(0, -2)].sort((a, b) => b.slice(16).localeCompare(a.slice(16)))[0]!;
          expect(keep.has(newest)).toBe(true);
          expect(keep.has('notes')).toBe(false);
        },
      ),
    );
  });
});

describe('backup and restore', () => {
  it('takes the daily backup once a day, after the start-up check, and prunes old ones', async () => {
    const dataDir = tempDir('zj-bk-daily-');
    try {
      let c = await core(dataDir);
      await c.background;
      expect(c.maintenance.integrity().state).toBe('ok');
      expect(existsSync(join(dataDir, 'backups'))).toBe(false); // nothing to back up before first-run setup
      await setUp(c);
      await c.close();

      c = await core(dataDir, '2026-11-22T10:00:00+08:00');
      await c.background;
      await c.close();
      c = await core(dataDir, '2026-11-22T15:00:00+08:00'); // same day: no second one
      await c.background;
      await c.close();
      const auto = readdirSync(join(dataDir, 'backups'));
      expect(auto).toHaveLength(1);
      // Named by the machine's local time, like every date the office sees.
      expect(auto[0]!.slice(0, 25)).toBe(
        backupName(new Date('2026-11-22T10:00:00+08:00'), 'daily').slice(0, 25),
      );
      expect(auto[0]).toMatch(/-daily$/);
      const manifest = JSON.parse(readFileSync(join(dataDir, 'backups', auto[0]!, 'backup.json'), 'utf8'));
      expect(manifest).toMatchObject({
        format: 'zongjian-backup',
        reason: 'daily',
        office: '越城区卫生健康局',
      });
      expect(manifest.attachments.included).toBe(false);

      // Twenty more days of starts: 14 daily kept (plus the month's newest is among them).
      for (let d = 1; d <= 20; d++) {
        const day = new Date(new Date('2026-11-22T09:00:00+08:00').getTime() + d * 86_400_000);
        c = await core(dataDir, day.toISOString());
        await c.background;
        await c.close();
      }
      const names = readdirSync(join(dataDir, 'backups')).sort();
      // 21 days of backups pruned to the 14 newest days, plus November's newest if it is older than those.
      const lastDay = new Date(new Date('2026-11-22T09:00:00+08:00').getTime() + 20 * 86_400_000);
      expect(names.length).toBeGreaterThanOrEqual(14);
      expect(names.length).toBeLessThanOrEqual(15);
      expect(names.at(-1)!.slice(0, 24)).toBe(backupName(lastDay, 'daily').slice(0, 24));
      expect(new Set(names.map((n) => n.slice(16, 24))).size).toBe(names.length);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('stores the daily backup zstd-compressed, which zstd(1) reads back and restore reads, and refuses it altered', async () => {
    const dataDir = tempDir('zj-bk-zstd-');
    try {
      let c = await core(dataDir);
      await c.background;
      const call = await setUp(c);
      await call('departments.create', { fullName: '压缩备份测试单位全称', shortName: '压缩备份单位' });
      await c.close();
      c = await core(dataDir, '2026-11-23T09:00:00+08:00');
      await c.background;
      const [name] = readdirSync(join(dataDir, 'backups'));
      const dir = join(dataDir, 'backups', name!);
      expect(readdirSync(dir).sort()).toEqual(['backup.json', 'zongjian.db.zst']);
      const manifest = JSON.parse(readFileSync(join(dir, 'backup.json'), 'utf8'));
      expect(manifest).toMatchObject({ formatVersion: 2, database: { file: 'zongjian.db.zst' } });
      expect(manifest.database.stored).toMatchObject({ encoding: 'zstd' });
      expect(manifest.database.stored.size).toBeLessThan(manifest.database.size * 0.35);
      expect(manifest.database.stored.size).toBe(statSync(join(dir, 'zongjian.db.zst')).size);
      // Another program's reader: the zstd command gives back the SQLite file the manifest describes.
      const plain = join(dataDir, 'from-zstd.db');
      execFileSync('zstd', ['-d', '-q', join(dir, 'zongjian.db.zst'), '-o', plain]);
      expect(createHash('sha256').update(readFileSync(plain)).digest('hex')).toBe(manifest.database.sha256);
      const copy = new Database(plain, { readonly: true });
      expect(copy.prepare('select short_name from departments').pluck().all()).toContain('压缩备份单位');
      copy.close();

      const reader = caller(c, 'admin');
      await reader('auth.login', { username: ADMIN.username, password: ADMIN.password });
      await reader('departments.create', { fullName: '备份之后的单位全称', shortName: '备份之后单位' });
      const preview = await reader('backup.inspect', { path: dir });
      expect(preview.ok, preview.problems.join()).toBe(true);
      expect(preview.integrity).toEqual(['ok']);
      await reader('backup.restore', { path: dir });
      const after = await departmentNames(c);
      expect(after).toContain('压缩备份单位');
      expect(after).not.toContain('备份之后单位');

      // One byte of the compressed file changed: refused before anything is read from it.
      const zst = join(dir, 'zongjian.db.zst');
      const bytes = readFileSync(zst);
      bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff;
      writeFileSync(zst, bytes);
      const again = caller(c, 'again');
      await again('auth.login', { username: ADMIN.username, password: ADMIN.password });
      const bad = await again('backup.inspect', { path: dir });
      expect(bad.ok).toBe(false);
      expect(bad.problems.join()).toContain('SHA-256 不符');
      await expectCode(again('backup.restore', { path: dir }), 'VALIDATION');
      await c.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('backs up to a folder with attachments, restores it after checks, and keeps a safety backup', async () => {
    const dataDir = tempDir('zj-bk-data-');
    const usb = tempDir('zj-bk-usb-');
    try {
      const c = await core(dataDir);
      await c.background;
      const call = await setUp(c);
      await call('departments.create', { fullName: '测试甲单位全称', shortName: '测试甲单位' });
      // An attachment in the data folder, as evidence uploads leave them.
      const sha = (await import('node:crypto')).createHash('sha256').update(PDF).digest('hex');
      const attDir = join(dataDir, 'attachments', sha.slice(0, 2));
      (await import('node:fs')).mkdirSync(attDir, { recursive: true });
      writeFileSync(join(attDir, sha), PDF);

      await expectCode(call('backup.create', { destination: join(dataDir, 'inside') }), 'VALIDATION');
      const manual = await call('backup.create', { destination: usb, progressId: 'backup-progress-1' });
      expect(manual.name).toMatch(/-manual$/);
      // The progress bar's last state: copy, attachments, check, checksum, manifest.
      expect(await call('system.progress', { id: 'backup-progress-1' })).toEqual({
        what: '备份完成',
        done: 5,
        total: 5,
        unit: '步',
        cancellable: false,
        cancelled: false,
      });
      expect(manual.manifest.attachments).toMatchObject({ included: true, count: 1 });
      expect(existsSync(join(manual.path, 'attachments', sha.slice(0, 2), sha))).toBe(true);
      // The backup is a database another reader opens, with the data in it.
      const copy = new Database(join(manual.path, 'zongjian.db'), { readonly: true });
      expect(copy.prepare('select short_name from departments').pluck().all()).toContain('测试甲单位');
      copy.close();

      // Later work that the restore will take back.
      await call('departments.create', { fullName: '测试乙单位全称', shortName: '测试乙单位' });
      rmSync(join(dataDir, 'attachments', sha.slice(0, 2)), { recursive: true });
      expect(await departmentNames(c)).toContain('测试乙单位');

      const preview = await call('backup.inspect', { path: manual.path });
      expect(preview.ok).toBe(true);
      expect(preview.integrity).toEqual(['ok']);
      const before = await departmentNames(c);
      expect(preview.counts.find((x) => x.table === 'departments')).toMatchObject({
        label: '成员单位',
        rows: before.length - 1,
      });

      const steps: string[] = [];
      const watching = (async () => {
        for (let i = 0; i < 2000; i++) {
          const p = await call('system.progress', { id: 'restore-progress-1' });
          if (p && steps.at(-1) !== `${p.done}/${p.total} ${p.what}`)
            steps.push(`${p.done}/${p.total} ${p.what}`);
          if (p?.what === '恢复完成') return;
          await new Promise((r) => setImmediate(r));
        }
      })();
      const done = await call('backup.restore', { path: manual.path, progressId: 'restore-progress-1' });
      await watching;
      expect(done.safety?.name).toMatch(/-safety$/);
      // Step by step (check, rebuild, the safety backup's own steps, swap), never backwards, ending at 4 / 4.
      expect(steps.at(-1)).toBe('4/4 恢复完成');
      expect(steps).toContain('3/4 正在替换数据文件');
      expect(steps.some((x) => x.startsWith('2/4 正在备份当前数据'))).toBe(true);
      const dones = steps.map((x) => Number(x.split('/')[0]));
      expect(dones).toEqual([...dones].sort((a, b) => a - b));
      // Every session ended: the restorer signs in again, to the restored data.
      await expectCode(call('departments.list', {}), 'UNAUTHENTICATED');
      const after = await departmentNames(c);
      expect(after).toContain('测试甲单位');
      expect(after).not.toContain('测试乙单位');
      expect(after.length).toBe(before.length - 1);
      expect(existsSync(join(dataDir, 'attachments', sha.slice(0, 2), sha))).toBe(true);
      // The state just before the restore is in the safety backup.
      const safety = new Database(join(done.safety!.path, 'zongjian.db'), { readonly: true });
      expect(safety.prepare('select short_name from departments order by 1').pluck().all()).toEqual(before);
      expect(
        safety.prepare("select summary from audit_log where action = 'backup.restore'").pluck().all(),
      ).toHaveLength(1);
      safety.close();
      // And the restored file records the restore, by whom.
      const reader = caller(c, 'auditor');
      await reader('auth.login', { username: ADMIN.username, password: ADMIN.password });
      const rows = (await reader('audit.list', { entity: 'backup' })).filter(
        (r) => r.action === 'backup.restore',
      );
      expect(rows[0]?.summary).toContain('从备份恢复');
      expect(rows[0]?.actorName).toContain(ADMIN.displayName);
      await c.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(usb, { recursive: true, force: true });
    }
  });

  it('refuses a backup that was altered, changing nothing', async () => {
    const dataDir = tempDir('zj-bk-tamper-');
    const usb = tempDir('zj-bk-tamper-usb-');
    try {
      const c = await core(dataDir);
      await c.background;
      const call = await setUp(c);
      const b = await call('backup.create', { destination: usb, includeAttachments: false });
      await call('departments.create', { fullName: '测试丙单位全称', shortName: '测试丙单位' });
      const file = join(b.path, 'zongjian.db');
      const bytes = readFileSync(file);
      bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
      writeFileSync(file, bytes);
      const preview = await call('backup.inspect', { path: b.path });
      expect(preview.ok).toBe(false);
      expect(preview.problems.join()).toContain('SHA-256 不符');
      const e = await expectCode(call('backup.restore', { path: b.path }), 'VALIDATION');
      expect(e.message).toContain('未做任何改动');
      expect(await departmentNames(c)).toContain('测试丙单位');
      await expectCode(call('backup.inspect', { path: dataDir }), 'VALIDATION'); // not a backup folder
      await c.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(usb, { recursive: true, force: true });
    }
  });

  it('a damaged file found at start: read-only with a clear message, sign-in works, restore lifts it', async () => {
    const dataDir = tempDir('zj-bk-damaged-');
    try {
      let c = await core(dataDir);
      await c.background;
      const call = await setUp(c);
      for (let i = 0; i < 120; i++) {
        await call('departments.create', {
          fullName: `测试成员单位第${i}号（用于占满多个数据页的较长名称）`,
          shortName: `测试单位${i}`,
        });
      }
      const good = await call('backup.create', {});
      await c.close();

      // Overwrite one leaf page of the departments table, as a failing disk would.
      const db = new Database(join(dataDir, 'zongjian.db'));
      const page = db
        .prepare("select pageno from dbstat where name = 'departments' and pagetype = 'leaf' limit 1")
        .pluck()
        .get() as number;
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      db.close();
      const fd = openSync(join(dataDir, 'zongjian.db'), 'r+');
      writeSync(fd, Buffer.alloc(pageSize - 200, 0x5a), 0, pageSize - 200, (page - 1) * pageSize + 100);
      closeSync(fd);

      c = await core(dataDir, '2026-11-23T09:00:00+08:00');
      await c.background;
      expect(c.maintenance.integrity().state).toBe('damaged');
      const status = await caller(c)('system.status', {});
      expect(status.integrity.state).toBe('damaged');
      const s = caller(c);
      await s('auth.login', { username: ADMIN.username, password: ADMIN.password });
      const refused = await expectCode(s('settings.update', { idleLockMinutes: 30 }), 'DB_DAMAGED');
      expect(refused.message).toContain('已停止写入');
      // No daily backup is taken of a damaged file.
      expect(readdirSync(join(dataDir, 'backups')).filter((n) => n.includes('20261123'))).toEqual([]);

      const done = await s('backup.restore', { path: good.path });
      expect(done.restored.ok).toBe(true);
      expect(c.maintenance.integrity().state).toBe('ok');
      const again = caller(c, 'again');
      await again('auth.login', { username: ADMIN.username, password: ADMIN.password });
      await again('settings.update', { idleLockMinutes: 30 });
      const names = (await again('departments.list', { includeInactive: true })).map((d) => d.shortName);
      expect(names).toContain('测试单位119');
      await c.close();
      const check = new Database(join(dataDir, 'zongjian.db'), { readonly: true });
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      check.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('cli backup and restore', () => {
  const cli = (args: string[]) => runCli(args, { ZONGJIAN_PASSWORD: ADMIN.password });

  it('backs up to a folder, previews, and restores only with --yes', async () => {
    const dataDir = tempDir('zj-bk-cli-');
    const usb = tempDir('zj-bk-cli-usb-');
    try {
      const init = await cli([
        'init',
        '--data',
        dataDir,
        '--office',
        '越城区卫生健康局',
        '--prefix',
        '越卫健',
        '--admin',
        'admin',
      ]);
      expect(init.code, init.err).toBe(0);
      expect((await cli(['backup', '--data', dataDir, '--to', usb])).code).toBe(2); // no --user
      const b = await cli(['backup', '--data', dataDir, '--to', usb, '--user', 'admin', '--json']);
      expect(b.code, b.err).toBe(0);
      const summary = JSON.parse(b.out) as { path: string };
      expect(existsSync(join(summary.path, 'backup.json'))).toBe(true);

      const c = await core(dataDir);
      await c.background;
      const call = caller(c);
      await call('auth.login', { username: 'admin', password: ADMIN.password });
      await call('departments.create', { fullName: '测试丁单位全称', shortName: '测试丁单位' });
      await c.close();

      const preview = await cli(['restore', '--data', dataDir, '--from', summary.path, '--user', 'admin']);
      expect(preview.code, preview.err).toBe(0);
      expect(preview.out).toContain('检查：通过');
      expect(preview.out).toContain('加 --yes');
      expect(await departmentNamesOf(dataDir)).toContain('测试丁单位');

      const done = await cli([
        'restore',
        '--data',
        dataDir,
        '--from',
        summary.path,
        '--user',
        'admin',
        '--yes',
      ]);
      expect(done.code, done.err).toBe(0);
      expect(done.out).toContain('已恢复');
      expect(await departmentNamesOf(dataDir)).not.toContain('测试丁单位');
      const bad = await cli(['restore', '--data', dataDir, '--from', dataDir, '--user', 'admin', '--yes']);
      expect(bad.code).toBe(1);
      expect(bad.err).toContain('不是综合监管工作台的备份文件夹');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(usb, { recursive: true, force: true });
    }
  });

  async function departmentNamesOf(dataDir: string): Promise<string[]> {
    const db = new Database(join(dataDir, 'zongjian.db'), { readonly: true });
    try {
      return db.prepare('select short_name from departments order by 1').pluck().all() as string[];
    } finally {
      db.close();
    }
  }
});
