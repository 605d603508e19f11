// The one table copy (db/system/store-copy.ts) on whichever store the run uses: from the test store into a new
// SQLite file (what the server-mode backup does) and back into a fresh test store (what restore and transfer do),
// with every table's rows, the id counters, the attachments and the ledger's chain head equal; a copy interrupted
// half-way leaves the target as it was; its progress only grows, to n / n tables and every row.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { newSetupApp } from './helpers';
import { TEST_STORE, openTestStore } from './test-store';
import { openDatabase } from '../../db/core/open';
import { attachmentStoreFor, folderAttachments } from '../../db/core/attachment-store';
import { readIdCounters } from '../../db/core/dialect';
import type { DB } from '../../db/core/schema';
import { ledgerHead, verifyLedger } from '../../db/credit/ledger';
import {
  copyProgressLine,
  copyStore,
  occupiedTables,
  storeCounts,
  type CopyProgress,
} from '../../db/system/store-copy';
import { usccCheckChar } from '../../shared/domain/uscc';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'zj-store-copy-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function snapshot(db: Kysely<DB>) {
  return { counts: Object.fromEntries(await storeCounts(db)), head: await ledgerHead(db) };
}

describe(`store copy (${TEST_STORE} → SQLite file → ${TEST_STORE})`, () => {
  it('carries every row, the id counters, the attachments and the chain head, both ways; an interrupted copy leaves nothing', async () => {
    const dataDir = tmp();
    const app = await newSetupApp({ now: '2026-11-22T09:00:00+08:00', dataDir });
    const base = '91330602MA2B00001';
    const { id } = await app.call('institutions.create', {
      name: '越城区某口腔诊所',
      uscc: base + usccCheckChar(base),
      category: 'clinic',
      ownership: 'private',
    });
    for (const [i, text] of ['警告', '罚款'].entries()) {
      await app.call('credit.record', {
        subjectKind: 'institution',
        subjectId: id,
        type: 'penalty',
        outcome: 'general',
        factDate: `2026-03-0${i + 4}`,
        basis: `越卫医罚〔2026〕${i + 3}号`,
        text,
        attachments: [
          { fileName: `决定书${i}.txt`, base64: Buffer.from(`决定书正文 ${i}`).toString('base64') },
        ],
      });
    }
    // A deleted institution: its id must never be handed out again after the copy.
    const gone = await app.call('institutions.create', {
      name: '已注销的诊所',
      uscc: '91330602MA2B00002' + usccCheckChar('91330602MA2B00002'),
      category: 'clinic',
      ownership: 'private',
    });
    await app.db.deleteFrom('institutions').where('id', '=', gone.id).execute();
    const before = await snapshot(app.db);
    expect(before.head.seq).toBe(2);

    // Into a new SQLite file, as the server-mode backup writes it.
    const out = tmp();
    const file = await openDatabase(join(out, 'copy.db'));
    const progress: CopyProgress[] = [];
    const report = await copyStore(
      { db: app.db, attachments: attachmentStoreFor(app.db, dataDir), label: '测试库' },
      {
        db: file.db,
        attachments: () => folderAttachments(join(out, 'attachments')),
        label: '备份的数据文件',
      },
      { onProgress: (p) => progress.push(p) },
    );
    // Its progress (the window's bar, the CLI's line): table by table with the rows copied, never backwards,
    // ending at n / n tables and every row; then the attachments to 2 / 2; then the checks.
    const rows = progress.filter((p) => p.stage === 'rows');
    const tables = report.tables.length;
    expect(rows[0]).toMatchObject({ table: 1, tables, rows: 0, totalRows: report.rows });
    expect(rows.at(-1)).toMatchObject({ table: tables, tables, rows: report.rows, totalRows: report.rows });
    for (const [i, p] of rows.entries()) {
      if (i === 0) continue;
      expect(p.table).toBeGreaterThanOrEqual(rows[i - 1]!.table);
      expect(p.rows).toBeGreaterThanOrEqual(rows[i - 1]!.rows);
      expect(p.rows).toBeLessThanOrEqual(report.rows);
    }
    // Every table is named as it starts (第 k / n 张表).
    expect(new Set(rows.map((p) => p.table)).size).toBe(tables);
    expect(rows.find((p) => p.label === '信用台账')).toBeDefined();
    const files = progress.filter((p) => p.stage === 'attachments');
    expect(files.map((p) => `${p.done}/${p.total}`)).toEqual(['0/2', '1/2', '2/2']);
    expect(progress.at(-1)).toEqual({ stage: 'check', totalRows: report.rows });
    expect(progress.map((p) => p.stage).join(' ')).toMatch(/^(rows )+(attachments ){3}check$/);
    expect(copyProgressLine(rows.at(-1)!, '备份的数据文件')).toEqual({
      what: `正在写入备份的数据文件：第 ${tables} / ${tables} 张表（${rows.at(-1)!.label}）`,
      done: report.rows,
      total: report.rows,
      unit: '行',
    });
    expect(report.attachments?.count).toBe(2);
    expect(report.head).toEqual({ seq: before.head.seq, hash: before.head.hash });
    expect(await snapshot(file.db)).toEqual(before);
    expect(
      (await verifyLedger(file.db, 'auto', { attachments: folderAttachments(join(out, 'attachments')) })).ok,
    ).toBe(true);
    expect((await readIdCounters(file.db)).get('institutions')).toBeGreaterThanOrEqual(gone.id);

    // Back into a fresh store of the run's kind, as restore and transfer do.
    const fresh = await openTestStore();
    const freshDir = tmp();
    try {
      expect(await occupiedTables(fresh.db)).toEqual([]);
      await copyStore(
        { db: file.db, attachments: folderAttachments(join(out, 'attachments')), label: '备份' },
        { db: fresh.db, attachments: (trx) => attachmentStoreFor(trx, freshDir), label: '新库' },
      );
      expect(await snapshot(fresh.db)).toEqual(before);
      expect(
        (await verifyLedger(fresh.db, 'auto', { attachments: attachmentStoreFor(fresh.db, freshDir) })).ok,
      ).toBe(true);
      expect((await readIdCounters(fresh.db)).get('institutions')).toBeGreaterThanOrEqual(gone.id);
    } finally {
      await fresh.close();
    }

    // Interrupted half-way: the target keeps only what its migrations put in.
    const cut = await openTestStore();
    try {
      await expect(
        copyStore(
          { db: file.db, attachments: folderAttachments(join(out, 'attachments')), label: '备份' },
          { db: cut.db, attachments: (trx) => attachmentStoreFor(trx, tmp()), label: '新库' },
          {
            beforeTable: (table) => {
              if (table === 'credit_subjects') throw new Error('模拟中断');
            },
          },
        ),
      ).rejects.toThrow('模拟中断');
      expect(await occupiedTables(cut.db)).toEqual([]);
    } finally {
      await cut.close();
    }
    await file.close();
    await app.close();
  }, 60_000);
});
