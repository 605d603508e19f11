// `zongjian transfer`: a single-desk office moved onto the office's PostgreSQL server and back, with every table's
// rows, the attachments and the ledger's chain head equal on both sides; a non-empty target refused; an
// interrupted transfer leaving the target empty. Needs a real server: runs only with ZONGJIAN_TEST_PG.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './cli-run';
import { TEST_PG, openTestStore, type TestStore } from './test-store';
import { openDatabase, openPostgres } from '../../db/core/open';
import { databaseAttachments, folderAttachments, sha256Of } from '../../db/core/attachment-store';
import { ledgerHead, verifyLedger } from '../../db/credit/ledger';
import { occupiedTables, storeCounts } from '../../db/system/store-copy';
import { readIdCounters } from '../../db/core/dialect';
import { runTransferCli, transferOffice } from '../../electron/cli/transfer';
import { inspectBackup } from '../../db/system/backup-engine';
import { startAppCore } from '../../electron/server/app-core';
import { DEMO_PASSWORD } from '../../db/demo';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/core/schema';

const NOW = '2026-11-22T09:00:00+08:00';

async function snapshot(db: Kysely<DB>) {
  return {
    counts: Object.fromEntries(await storeCounts(db)),
    head: await ledgerHead(db),
    files: (await db.selectFrom('files').select('sha256').orderBy('sha256').execute()).map((r) => r.sha256),
  };
}

describe.runIf(TEST_PG)(
  'cli transfer between a data folder and the office server (needs ZONGJIAN_TEST_PG)',
  () => {
    const dirs: string[] = [];
    const stores: TestStore[] = [];
    let desk: string;
    const tmp = (prefix: string) => {
      const d = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(d);
      return d;
    };
    const server = async () => {
      const s = await openTestStore({ poolSize: 1 });
      stores.push(s);
      // The test's own connection would hold the database open; the transfer opens its own.
      await s.db.destroy();
      return s.url!;
    };

    beforeAll(async () => {
      desk = tmp('zj-transfer-desk-');
      const seeded = await cli(['seed-demo', '--data', desk, '--now', NOW]);
      expect(seeded.code, seeded.err).toBe(0);
    }, 240_000);

    afterAll(async () => {
      for (const s of stores) await s.close().catch(() => undefined);
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });

    it('desk → server → desk: the same rows, attachments and chain head; a second transfer into the server is refused', async () => {
      const url = await server();
      const deskDb = await openDatabase(join(desk, 'zongjian.db'));
      const before = await snapshot(deskDb.db);
      await deskDb.close();
      expect(before.head.seq).toBeGreaterThan(0);
      expect(before.files.length).toBeGreaterThan(0);

      // In a terminal the command says where it is, on one line rewritten in place (第 k / n 张表 and the rows).
      let out = '';
      let err = '';
      const code = await runTransferCli(['--from', desk, '--to', url], {
        stdout: Object.assign({ write: (t: string) => (out += t) }, { isTTY: true }),
        stderr: { write: (t: string) => (err += t) },
        env: {},
      });
      expect(code, err).toBe(0);
      expect(out).toMatch(/\r正在写入数据库服务器：第 1 \/ \d+ 张表（[^）]+）：第 0 \/ [\d,]+ 行（0%）/);
      const tables = Number(/第 1 \/ (\d+) 张表/.exec(out)![1]);
      expect(out).toMatch(
        new RegExp(`第 ${tables} / ${tables} 张表（[^）]+）：第 ([\\d,]+) / \\1 行（100%）`),
      );
      expect(out).toMatch(/正在复制附件到数据库服务器：第 (\d+) \/ \1 个（100%）/);
      expect(out).toContain('迁移完成');
      expect(out).toContain(`信用台账链头：第 ${before.head.seq} 条 ${before.head.hash}`);

      const pg = await openPostgres(url);
      try {
        const onServer = await snapshot(pg.db);
        expect(onServer).toEqual(before);
        // Every attachment is in the server's database, byte for byte.
        const contents = databaseAttachments(pg.db);
        expect((await contents.list()).sort()).toEqual([...new Set(before.files)].sort());
        for (const sha of before.files) expect(sha256Of((await contents.read(sha))!)).toBe(sha);
        expect((await verifyLedger(pg.db, 'auto', { attachments: contents })).ok).toBe(true);
        // New ids continue after the copied ones (the identity sequences were reset to the desk's counters).
        const counters = await readIdCounters(pg.db);
        expect(counters.get('audit_log')).toBeGreaterThanOrEqual(before.counts.audit_log!);
        expect(counters.get('institutions')).toBeGreaterThanOrEqual(before.counts.institutions!);
      } finally {
        await pg.close();
      }

      // The server now holds an office: a second transfer into it is refused, and says what is there.
      const again = await cli(['transfer', '--from', desk, '--to', url]);
      expect(again.code).toBe(1);
      expect(again.err).toContain('不是空的');
      expect(again.err).toContain('单位信息 1 行');

      // And back onto a new desk.
      const back = tmp('zj-transfer-back-');
      const reverse = await cli(['transfer', '--from', url, '--to', back, '--json']);
      expect(reverse.code, reverse.err).toBe(0);
      expect(JSON.parse(reverse.out)).toMatchObject({
        head: { seq: before.head.seq, hash: before.head.hash },
      });
      const copy = await openDatabase(join(back, 'zongjian.db'));
      try {
        expect(await snapshot(copy.db)).toEqual(before);
        const folder = folderAttachments(join(back, 'attachments'));
        expect((await folder.list()).sort()).toEqual([...new Set(before.files)].sort());
        expect((await verifyLedger(copy.db, 'auto', { attachments: folder })).ok).toBe(true);
        // The id counters came back too: SQLite hands out the next id after the largest ever used.
        const seq = await copy.sqlite
          .prepare("select seq from sqlite_sequence where name = 'audit_log'")
          .pluck()
          .get();
        expect(Number(seq)).toBeGreaterThanOrEqual(before.counts.audit_log!);
      } finally {
        await copy.close();
      }

      // The moved office works on the server: a demo user signs in and the ledger with its files verifies.
      const core = await startAppCore({
        dataDir: tmp('zj-transfer-seat-'),
        database: url,
        startupCare: false,
      });
      try {
        await core.dispatcher.call('auth.login', { username: 'admin', password: DEMO_PASSWORD }, 's');
        const v = await core.dispatcher.call('credit.verify', {}, 's');
        expect(v.ok).toBe(true);
        expect(v.head.seq).toBe(before.head.seq);
      } finally {
        await core.close();
      }
    }, 240_000);

    it('a transfer interrupted half-way leaves the target empty (server and data folder alike)', async () => {
      const url = await server();
      const failing = async (table: string) => {
        if (table === 'inspections') throw new Error('模拟中断：复制检查记录时连接断开');
      };
      await expect(transferOffice(desk, url, { beforeTable: failing })).rejects.toThrow('模拟中断');
      const pg = await openPostgres(url);
      try {
        expect(await occupiedTables(pg.db)).toEqual([]);
      } finally {
        await pg.close();
      }
      // Now the full transfer goes through into the same (still empty) database, and the reverse one is interrupted.
      expect((await cli(['transfer', '--from', desk, '--to', url])).code).toBe(0);
      const back = tmp('zj-transfer-cut-');
      await expect(
        transferOffice(url, back, {
          beforeTable: async (t) => {
            if (t === 'selfcheck_submissions') throw new Error('模拟中断');
          },
        }),
      ).rejects.toThrow('模拟中断');
      expect(existsSync(join(back, 'zongjian.db'))).toBe(false);
      expect(
        existsSync(join(back, 'attachments'))
          ? readdirSync(join(back, 'attachments')).flatMap((s) => readdirSync(join(back, 'attachments', s)))
          : [],
      ).toEqual([]);
    }, 240_000);

    it('a copy that does not match its source is rolled back and the difference named (rows, attachments)', async () => {
      const url = await server();
      // A row slipped into the target during the copy: the per-table count check catches it before commit.
      const extra = transferOffice(desk, url, {
        beforeTable: async (table, trx) => {
          if (table === 'warning_talks')
            await sql`insert into calendar_overrides (date, kind, name, note, updated_at, updated_by)
            values ('2031-01-01', 'holiday', '元旦', '', '2031-01-01T00:00:00Z', '测试')`.execute(trx);
        },
      });
      await expect(extra).rejects.toThrow(/核对不一致，已全部撤销：工作日历调整：源 \d+ 行，目标 \d+ 行/);
      // An attachment damaged on the desk is not carried onto the server silently.
      const damaged = tmp('zj-transfer-damaged-');
      cpSync(desk, damaged, { recursive: true });
      const db = await openDatabase(join(damaged, 'zongjian.db'));
      const { sha256 } = await db.db
        .selectFrom('files')
        .select('sha256')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      await db.close();
      writeFileSync(join(damaged, 'attachments', sha256.slice(0, 2), sha256), '被改过的内容');
      const r = await cli(['transfer', '--from', damaged, '--to', url]);
      expect(r.code).toBe(1);
      expect(r.err).toContain('个附件无法复制');
      expect(r.err).toContain(`${sha256.slice(0, 12)}…已被改动（SHA-256 不符）`);
      const pg = await openPostgres(url);
      try {
        expect(await occupiedTables(pg.db)).toEqual([]);
      } finally {
        await pg.close();
      }
    }, 120_000);

    it('server-mode backup: the same backup folder format, restored into a desk with the same rows and a ledger that verifies', async () => {
      const url = await server();
      expect((await cli(['transfer', '--from', desk, '--to', url])).code).toBe(0);
      const seat = tmp('zj-server-seat-');
      const usb = tmp('zj-server-usb-');
      const core = await startAppCore({ dataDir: seat, database: url, startupCare: false });
      let onServer;
      let summary;
      try {
        await core.dispatcher.call('auth.login', { username: 'admin', password: DEMO_PASSWORD }, 's');
        summary = await core.dispatcher.call(
          'backup.create',
          { destination: usb, includeAttachments: true },
          's',
        );
        onServer = await snapshot(core.database.db);
      } finally {
        await core.close();
      }
      // The folder any desk reads: a SQLite file, the attachments, backup.json; it passes the same checks.
      expect(existsSync(join(summary.path, 'zongjian.db'))).toBe(true);
      expect(summary.manifest.attachments).toMatchObject({
        included: true,
        count: new Set(onServer.files).size,
      });
      const preview = await inspectBackup(summary.path);
      expect(preview.problems).toEqual([]);
      expect(preview.ok).toBe(true);
      expect(preview.manifest.office).toBe('绍兴市越城区卫生健康局');

      const desk2 = tmp('zj-server-restored-desk-');
      const deskCore = await startAppCore({ dataDir: desk2, startupCare: false });
      try {
        await deskCore.maintenance.restore(summary.path);
        const restored = await snapshot(deskCore.database.db);
        // Everything up to the backup's own audit row (written after the copy was taken).
        expect(restored.head).toEqual(onServer.head);
        expect(restored.files).toEqual(onServer.files);
        expect({ ...restored.counts, audit_log: 0 }).toEqual({ ...onServer.counts, audit_log: 0 });
        expect(restored.counts.audit_log).toBeGreaterThanOrEqual(onServer.counts.audit_log! - 1);
        const v = await verifyLedger(deskCore.database.db, 'auto', {
          attachments: folderAttachments(join(desk2, 'attachments')),
        });
        expect(v.ok).toBe(true);
        expect(v.attachments?.problems).toEqual([]);
      } finally {
        await deskCore.close();
      }
    }, 240_000);

    it('a desk backup restores into the server; only into an empty server or over the same office', async () => {
      const desk2 = tmp('zj-backup-desk-');
      cpSync(desk, desk2, { recursive: true });
      const usb = tmp('zj-backup-usb-');
      const deskCore = await startAppCore({ dataDir: desk2, startupCare: false });
      let backupPath: string;
      let atBackup;
      try {
        backupPath = (await deskCore.maintenance.backup(usb, true)).path;
        atBackup = await snapshot(deskCore.database.db);
      } finally {
        await deskCore.close();
      }

      const url = await server();
      const seat = tmp('zj-backup-seat-');
      const core = await startAppCore({ dataDir: seat, database: url, startupCare: false });
      try {
        // Into an empty server: every table, the attachments, the chain head.
        const first = await core.maintenance.restore(backupPath);
        expect(first.safety).not.toBeNull();
        expect(await snapshot(core.database.db)).toEqual(atBackup);
        const contents = databaseAttachments(core.database.db);
        expect((await verifyLedger(core.database.db, 'auto', { attachments: contents })).ok).toBe(true);

        // Work goes on on the server …
        await core.dispatcher.call('auth.login', { username: 'admin', password: DEMO_PASSWORD }, 's');
        await core.dispatcher.call(
          'credit.record',
          {
            subjectKind: 'institution',
            subjectId: 1,
            type: 'penalty',
            outcome: 'general',
            factDate: '2026-11-20',
            basis: '越卫医罚〔2026〕99号',
            text: '警告',
            attachments: [{ fileName: '决定书.txt', base64: Buffer.from('恢复之后新增').toString('base64') }],
          },
          's',
        );
        expect((await ledgerHead(core.database.db)).seq).toBe(atBackup.head.seq + 1);

        // … another office's backup is refused, and the server is untouched.
        const other = tmp('zj-backup-other-');
        const init = await cli(
          ['init', '--data', other, '--office', '上虞区卫生健康局', '--prefix', '虞卫健', '--admin', 'admin'],
          { ZONGJIAN_PASSWORD: 'Admin#2026' },
        );
        expect(init.code, init.err).toBe(0);
        const otherCore = await startAppCore({ dataDir: other, startupCare: false });
        const otherBackup = await otherCore.maintenance.backup(tmp('zj-backup-other-usb-'), true);
        await otherCore.close();
        await expect(core.maintenance.restore(otherBackup.path)).rejects.toThrow(
          /已有“绍兴市越城区卫生健康局”的数据.*而此备份是“上虞区卫生健康局”的：只能恢复本单位自己的备份/,
        );
        expect((await ledgerHead(core.database.db)).seq).toBe(atBackup.head.seq + 1);

        // The same office's backup goes back over it: the entry made since is gone, the ledger verifies, and the
        // safety backup taken first still has it.
        const again = await core.maintenance.restore(backupPath);
        expect(await snapshot(core.database.db)).toEqual(atBackup);
        expect((await verifyLedger(core.database.db, 'auto', { attachments: contents })).ok).toBe(true);
        const safety = await inspectBackup(again.safety!.path);
        expect(safety.ok).toBe(true);
        expect(safety.counts.find((c) => c.table === 'credit_ledger')?.rows).toBe(atBackup.head.seq + 1);
        // Every session ended with the restore; signing in again works on the restored accounts.
        const next = await core.dispatcher.call(
          'auth.login',
          { username: 'admin', password: DEMO_PASSWORD },
          's2',
        );
        expect(next.user.username).toBe('admin');
      } finally {
        await core.close();
      }
    }, 240_000);

    it('refuses two folders, two servers, a folder with no data, and says so in Chinese', async () => {
      const empty = tmp('zj-transfer-empty-');
      const a = await cli(['transfer', '--from', empty, '--to', tmp('zj-transfer-x-')]);
      expect(a.code).toBe(1);
      expect(a.err).toContain('两端都是数据文件夹');
      const url = await server();
      const b = await cli(['transfer', '--from', empty, '--to', url]);
      expect(b.code).toBe(1);
      expect(b.err).toContain('没有数据文件');
      const c = await cli(['transfer', '--from', desk]);
      expect(c.code).toBe(2);
      expect(c.err).toContain('缺少 --to');
    });
  },
);
