// The ledger's Merkle tree over the real table, with its cache of 256-entry runs: the same roots and proofs as the
// in-memory reference tree around every run boundary, whether the cache is filled or not; and the anchors that
// signed packages put on the chain: a ledger cut below a signed head is named, with the package that proves it.
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { newSetupApp, type TestApp } from './helpers';
import { TEST_STORE } from './test-store';
import { appendLedgerRow, type NewLedgerRow } from '../../db/credit/ledger';
import {
  anchorLosses,
  ledgerConsistency,
  ledgerInclusion,
  ledgerTreeHead,
  ledgerTreeSource,
} from '../../db/credit/ledger-tree';
import {
  arraySource,
  bytesToHex,
  hexToBytes,
  leafHash,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from '../../db/credit/merkle';

let app: TestApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

function entry(i: number): NewLedgerRow {
  return {
    recorded_at: '2026-03-01T01:00:00.000Z',
    recorder_id: null,
    recorder_name: '系统',
    subject_kind: 'institution',
    subject_id: 1,
    subject_name: '越城区测试诊所',
    subject_code: '91330602MA2B000018',
    type: 'commendation',
    fact_date: '2026-03-01',
    outcome: null,
    behaviour_code: null,
    behaviour_name: null,
    points: null,
    basis: '',
    source_kind: null,
    source_id: null,
    amends_seq: null,
    text: `第 ${i} 条`,
    attachments: '[]',
  };
}

async function ledgerOf(n: number): Promise<string[]> {
  app = await newSetupApp({ now: '2026-11-22T09:00:00+08:00' });
  const hashes: string[] = [];
  await app.db.transaction().execute(async (trx) => {
    for (let i = 1; i <= n; i++) hashes.push((await appendLedgerRow(trx, entry(i))).hash);
  });
  return hashes;
}

describe('the ledger tree over the table', () => {
  it('gives the reference roots and proofs around run boundaries, cached or not', async () => {
    const hashes = await ledgerOf(600);
    const reference = arraySource(hashes.map(hexToBytes));
    const sizes = [1, 2, 255, 256, 257, 511, 512, 513, 600];
    for (const persist of [false, true, false]) {
      for (const size of sizes) {
        const head = await ledgerTreeHead(app!.db, { size, persist });
        expect(head.root, `size ${size}`).toBe(bytesToHex(treeRoot(reference, size)));
      }
    }
    const cached = await app!.db.selectFrom('credit_merkle_chunks').selectAll().execute();
    expect(cached.map((c) => c.chunk)).toEqual([0, 1]);
    for (const [m, n] of [
      [1, 600],
      [255, 256],
      [256, 257],
      [200, 513],
      [300, 600],
      [512, 600],
    ] as const) {
      const proof = (await ledgerConsistency(app!.db, m, n)).map(hexToBytes);
      const ok = verifyConsistency(m, n, proof, treeRoot(reference, m), treeRoot(reference, n));
      expect(ok, `${m} → ${n}`).toBe(true);
    }
    for (const seq of [1, 200, 256, 257, 600]) {
      const path = (await ledgerInclusion(app!.db, seq, 600)).map(hexToBytes);
      expect(
        verifyInclusion(leafHash(hexToBytes(hashes[seq - 1]!)), seq - 1, 600, path, treeRoot(reference, 600)),
        `seq ${seq}`,
      ).toBe(true);
    }
  });

  it('the cache is append-only, and a source reads only what it needs', async () => {
    await ledgerOf(300);
    await ledgerTreeHead(app!.db, { persist: true });
    await expect(
      sql`update credit_merkle_chunks set hash = ${'0'.repeat(64)}`.execute(app!.db),
    ).rejects.toThrow(/只能追加/);
    const source = await ledgerTreeSource(app!.db, 300);
    expect(() => source.leafHashes(10, 11)).toThrow(/was not read/); // inside the cached first run
  });
});

describe('anchors', () => {
  // SQLite only: it cuts the chain behind the data file's SQLite triggers (a data-file tamper or file-level step; the office server's own triggers are checked in
  // tests/unit/multi-seat.test.ts and the dialect test).
  it.skipIf(TEST_STORE === 'postgres')(
    'names the signed package whose ledger head the chain no longer holds',
    async () => {
      const hashes = await ledgerOf(91);
      const manifest = { ledgerHead: { seq: 91, hash: hashes[90] } };
      await app!.db
        .insertInto('reports')
        .values({
          type: 'quarterly',
          period: '2026Q3',
          version: 1,
          status: 'signed',
          title: '2026年第三季度阶段性工作总结',
          narrative_json: '{}',
          supersedes_id: null,
          data_json: '{}',
          manifest_json: JSON.stringify(manifest),
          package_file_id: null,
          package_sha256: 'a'.repeat(64),
          signer_fingerprint: null,
          signed_at: '2026-10-09T02:00:00.000Z',
          signed_by_id: null,
          signed_by: '系统管理员',
          created_at: '2026-10-09T01:00:00.000Z',
          created_by: '系统管理员',
          updated_at: '2026-10-09T02:00:00.000Z',
          updated_by: '系统管理员',
        })
        .execute();
      expect(await anchorLosses(app!.db)).toEqual([]);
      // Cut the chain from 91 to 88 entries behind its triggers, as a tool editing the file could.
      const triggers = (
        await sql<{ name: string; sql: string }>`select name, sql from sqlite_master
        where type = 'trigger' and tbl_name = 'credit_ledger'`.execute(app!.db)
      ).rows;
      for (const t of triggers) await sql.raw(`drop trigger "${t.name}"`).execute(app!.db);
      await sql`delete from credit_ledger where seq > 88`.execute(app!.db);
      for (const t of triggers) await sql.raw(t.sql).execute(app!.db);
      const losses = await anchorLosses(app!.db);
      expect(losses).toHaveLength(1);
      expect(losses[0]!.message).toContain(
        '2026Q3 季度阶段性工作总结（第1版）上报数据包签署时台账为 91 条，现为 88 条',
      );
    },
  );
});
