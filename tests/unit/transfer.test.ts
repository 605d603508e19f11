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

      // In a terminal the command says where it is (第 N / M 张表…).
      let out = '';
      let err = '';
      const code = await runTransferCli(['--from', desk, '--to', url], {
        stdout: Object.assign({ write: (t: string) => (out += t) }, { isTTY: true }),
        stderr: { write: (t: string) => (err += t) },
        env: {},
      });
      expect(code, err).toBe(0);
      expect(out).toMatch(/第 1 \/ \d+ 张表：/);
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
