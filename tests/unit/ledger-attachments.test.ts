// The attachments column of the credit ledger is covered byte for byte by the chain, and verification checks the
// attached files themselves: present, with the size and SHA-256 the entry records.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { newSetupApp } from './helpers';
import { TEST_STORE } from './test-store';
import { verifyLedger } from '../../db/credit/ledger';
import { usccCheckChar } from '../../shared/domain/uscc';
import { createHash } from 'node:crypto';
import { startAppCore } from '../../electron/server/app-core';
import type { Input, MethodName, Output } from '../../shared/contract';
import { ADMIN } from './helpers';
import { cli } from './cli-run';

async function appWithAttachment() {
  const dataDir = mkdtempSync(join(tmpdir(), 'zj-ledger-files-'));
  const app = await newSetupApp({ now: '2026-11-22T09:00:00+08:00', dataDir });
  const base = '91330602MA2B00001';
  const { id } = await app.call('institutions.create', {
    name: '越城区某口腔诊所',
    uscc: base + usccCheckChar(base),
    category: 'clinic',
    ownership: 'private',
  });
  return { app, dataDir, institutionId: id };
}

/** Rewrites one ledger row behind the append-only triggers (what a hostile program could do to the file). */
async function rewrite(app: Awaited<ReturnType<typeof newSetupApp>>, seq: number, attachments: string) {
  const triggers = (
    await sql<{ name: string; sql: string }>`select name, sql from sqlite_master
      where type = 'trigger' and tbl_name = 'credit_ledger'`.execute(app.db)
  ).rows;
  for (const t of triggers) await sql.raw(`drop trigger "${t.name}"`).execute(app.db);
  await sql`update credit_ledger set attachments = ${attachments} where seq = ${seq}`.execute(app.db);
  for (const t of triggers) await sql.raw(t.sql).execute(app.db);
}

describe('ledger attachments', () => {
  // SQLite only: it rewrites the data file behind its SQLite triggers (a data-file tamper or file-level step; the office server's own triggers are checked in
  // tests/unit/multi-seat.test.ts and the dialect test).
  it.skipIf(TEST_STORE === 'postgres')(
    'an extra key, another key order or white space inside the attachments column breaks the chain',
    async () => {
      const { app, dataDir, institutionId } = await appWithAttachment();
      const entry = await recordWithFile(app, institutionId);
      const stored = JSON.parse(entry.attachments) as Record<string, unknown>[];
      expect((await verifyLedger(app.db)).ok).toBe(true);
      const variants = [
        JSON.stringify(stored.map((a) => ({ ...a, note: '已核实' }))),
        JSON.stringify(stored.map(({ name, sha256, size }) => ({ sha256, name, size }))),
        JSON.stringify(stored, null, 1),
      ];
      for (const v of variants) {
        await rewrite(app, entry.seq, v);
        const result = await verifyLedger(app.db);
        expect(result.ok, v).toBe(false);
        expect(result.broken?.seq).toBe(entry.seq);
        expect(result.broken?.message).toContain('附件列表不是规范格式');
      }
      await rewrite(app, entry.seq, entry.attachments);
      expect((await verifyLedger(app.db)).ok).toBe(true);
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  );

  it('credit.verify checks each listed file: a missing or altered file fails and is named', async () => {
    const { app, dataDir, institutionId } = await appWithAttachment();
    const entry = await recordWithFile(app, institutionId);
    const { sha256 } = (JSON.parse(entry.attachments) as { sha256: string }[])[0]!;
    const ok = await app.call('credit.verify', {});
    expect(ok.ok).toBe(true);
    expect(ok.attachments).toEqual({ checked: 1, problems: [] });
    const opened = await app.call('credit.attachment', { seq: entry.seq, index: 0 });
    expect(Buffer.from(opened.base64, 'base64').toString()).toBe('决定书正文');
    await tamper(app, dataDir, sha256, Buffer.from('被替换的内容'));
    const altered = await app.call('credit.verify', {});
    expect(altered.ok).toBe(false);
    expect(altered.broken).toBeNull();
    expect(altered.attachments?.problems[0]).toMatchObject({ seq: entry.seq, problem: 'altered' });
    expect(altered.attachments?.problems[0]?.message).toContain('已被改动');
    // Opening it is refused too: bytes that no longer match their SHA-256 are never handed out.
    await expect(app.call('credit.attachment', { seq: entry.seq, index: 0 })).rejects.toThrow(
      /已被改动（SHA-256 不符），拒绝打开/,
    );
    await tamper(app, dataDir, sha256, null);
    const missing = await app.call('credit.verify', {});
    expect(missing.attachments?.problems[0]).toMatchObject({ seq: entry.seq, problem: 'missing' });
    expect(missing.attachments?.problems[0]?.message).toContain(
      TEST_STORE === 'postgres' ? '单位数据库服务器中没有该文件' : '数据文件夹中没有该文件',
    );
    await expect(app.call('credit.attachment', { seq: entry.seq, index: 0 })).rejects.toThrow(/已丢失/);
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // A desk's data folder: the command line reads the data file and its attachments/ folder.
  it.skipIf(TEST_STORE === 'postgres')(
    'verify-ledger checks the attachment files by default: an altered file exits 3 and is named',
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'zj-ledger-files-cli-'));
      const c = await startAppCore({
        dataDir,
        clock: () => new Date('2026-11-22T09:00:00+08:00'),
        log: () => {},
      });
      await c.background;
      const call = <N extends MethodName>(name: N, args: Input<N>): Promise<Output<N>> =>
        c.dispatcher.call(name, args, 's');
      await call('system.setup', { office: { name: '越城区卫生健康局', docPrefix: '越卫健' }, admin: ADMIN });
      const base = '91330602MA2B00001';
      const { id } = await call('institutions.create', {
        name: '越城区某口腔诊所',
        uscc: base + usccCheckChar(base),
        category: 'clinic',
        ownership: 'private',
      });
      await call('credit.record', {
        subjectKind: 'institution',
        subjectId: id,
        type: 'penalty',
        outcome: 'general',
        factDate: '2026-03-04',
        basis: '越卫医罚〔2026〕3号',
        text: '警告',
        attachments: [{ fileName: '处罚决定书.txt', base64: Buffer.from('决定书正文').toString('base64') }],
      });
      await c.close();
      const ok = await cli(['verify-ledger', '--data', dataDir]);
      expect(ok.code, ok.err).toBe(0);
      expect(ok.out).toContain('附件：1 个，均存在且与台账一致');
      const sha256 = createHash('sha256').update('决定书正文').digest('hex');
      writeFileSync(join(dataDir, 'attachments', sha256.slice(0, 2), sha256), '被替换的内容');
      const bad = await cli(['verify-ledger', '--data', dataDir]);
      expect(bad.code).toBe(3);
      expect(bad.out).toContain('信用台账校验：未通过（附件）');
      expect(bad.out).toContain('已被改动');
      rmSync(dataDir, { recursive: true, force: true });
    },
    120_000,
  );

  it('the attachment lives where the store keeps it: the data folder on a desk, the database on the server', async () => {
    const { app, dataDir, institutionId } = await appWithAttachment();
    const entry = await recordWithFile(app, institutionId);
    const { sha256 } = (JSON.parse(entry.attachments) as { sha256: string }[])[0]!;
    const inFolder = existsSync(join(dataDir, 'attachments', sha256.slice(0, 2), sha256));
    const rows = await app.db.selectFrom('attachment_contents').select(['sha256', 'size']).execute();
    if (TEST_STORE === 'postgres') {
      expect(inFolder).toBe(false);
      expect(rows).toEqual([{ sha256, size: Buffer.byteLength('决定书正文') }]);
    } else {
      expect(inFolder).toBe(true);
      expect(rows).toEqual([]);
    }
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
});

/** What a hostile program (or a damaged disk) could do to a stored attachment: replace its bytes, or remove it,
 *  wherever the store keeps it (a file in the data folder; a row on the office server). */
async function tamper(
  app: Awaited<ReturnType<typeof newSetupApp>>,
  dataDir: string,
  sha256: string,
  bytes: Buffer | null,
): Promise<void> {
  if (TEST_STORE === 'postgres') {
    if (bytes)
      await sql`update attachment_contents set content = ${bytes} where sha256 = ${sha256}`.execute(app.db);
    else await sql`delete from attachment_contents where sha256 = ${sha256}`.execute(app.db);
    return;
  }
  const path = join(dataDir, 'attachments', sha256.slice(0, 2), sha256);
  if (bytes) writeFileSync(path, bytes);
  else {
    rmSync(path);
    expect(readdirSync(join(dataDir, 'attachments', sha256.slice(0, 2)))).not.toContain(sha256);
  }
}

async function recordWithFile(
  app: Awaited<ReturnType<typeof newSetupApp>>,
  institutionId: number,
): Promise<{ seq: number; attachments: string }> {
  await app.call('credit.record', {
    subjectKind: 'institution',
    subjectId: institutionId,
    type: 'penalty',
    outcome: 'general',
    factDate: '2026-03-04',
    basis: '越卫医罚〔2026〕3号',
    text: '警告',
    attachments: [{ fileName: '处罚决定书.txt', base64: Buffer.from('决定书正文').toString('base64') }],
  });
  const row = await app.db
    .selectFrom('credit_ledger')
    .select(['seq', 'attachments'])
    .where('attachments', '!=', '[]')
    .orderBy('seq', 'desc')
    .executeTakeFirstOrThrow();
  return row;
}
