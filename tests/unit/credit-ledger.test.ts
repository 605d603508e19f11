// 信用台账: the chain and its documented encoding, the database refusing every change to an entry, tampering in
// the file found at exactly the altered entry (in the app and by the CLI), corrections neutralising points and
// tier effects, one warning per threshold per cycle (property-based), cycles resetting as configured, and the
// 记分通知书 deadline on the working-day calendar.
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { openDatabase, type OpenDatabase } from '../../db/core/open';
import { Dispatcher } from '../../electron/server/dispatcher';
import {
  GENESIS_HASH,
  canonicalEncoding,
  entryHash,
  sm3Hex,
  verifyLedger,
  type LedgerRow,
} from '../../db/credit/ledger';
import { RECEIPT_SIGN_LINE, creditNoticeDoc, creditReceiptDoc } from '../../shared/print/credit';
import { textWidthEm } from '../../shared/print/official';
import { strFromU8, unzipSync } from 'fflate';
import { addCalendarDays } from '../../shared/dates';
import { usccCheckChar } from '../../shared/domain/uscc';
import type { CreditBehaviour, Input, MethodName, Output } from '../../shared/contract';
import { DEMO_PASSWORD, seedDemo } from '../../db/demo';
import { ADMIN, newApp, newSetupApp, type TestApp } from './helpers';
import { cli } from './cli-run';
import pg from 'pg';
import { serverUrlOf } from '../../db/core/dialect';
import { verifySlicesInWorkers } from '../../db/credit/ledger-workers';
import { sm3Engine, sm3Ready } from '../../db/core/sm3';
import { TEST_PG } from './test-store';

const NOW = '2026-11-22T01:00:00Z';

let app: TestApp | null = null;
const dirs: string[] = [];
const handles: OpenDatabase[] = [];
afterEach(async () => {
  await app?.close();
  app = null;
  for (const h of handles.splice(0)) await h.close().catch(() => undefined);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'zj-credit-'));
  dirs.push(d);
  return d;
}

let codeCounter = 0;
function uscc(): string {
  const first17 = `9133060${String(++codeCounter).padStart(10, '0')}`;
  return first17 + usccCheckChar(first17)!;
}

type Call = <N extends MethodName>(name: N, args: Input<N>) => Promise<Output<N>>;

async function institution(call: Call, name = '越城区测试诊所'): Promise<number> {
  return (await call('institutions.create', { name, uscc: uscc(), category: 'clinic', ownership: 'private' }))
    .id;
}

async function behaviours(call: Call): Promise<CreditBehaviour[]> {
  return call('credit.behaviours', { includeInactive: false });
}

const byPoints = (list: CreditBehaviour[], kind: CreditBehaviour['subjectKind'], points: number) =>
  list.find((b) => b.subjectKind === kind && b.points === points)!;

async function demerit(
  call: Call,
  kind: 'institution' | 'practitioner',
  id: number,
  points: number,
  date: string,
) {
  const b = byPoints(await behaviours(call), kind, points);
  return call('credit.record', {
    subjectKind: kind,
    subjectId: id,
    type: 'demerit',
    behaviourId: b.id,
    factDate: date,
    text: `MARK-${String(points).padStart(4, '0')}`,
  });
}

async function rawRows(db: TestApp['db']): Promise<LedgerRow[]> {
  return db.selectFrom('credit_ledger').selectAll().orderBy('seq').execute();
}

/** An app on a data file (not in memory), for the tests that touch the file itself. */
async function fileApp(dir: string): Promise<{ handle: OpenDatabase; call: Call }> {
  const handle = await openDatabase(join(dir, 'zongjian.db'));
  handles.push(handle);
  const dispatcher = new Dispatcher({
    db: handle.db,
    appVersion: 'test',
    dataDir: dir,
    clock: () => new Date(NOW),
    log: () => {},
  });
  const call: Call = (name, args) => dispatcher.call(name, args, 'test');
  await call('system.setup', { office: { name: '越城区卫生健康局', docPrefix: '越卫健' }, admin: ADMIN });
  return { handle, call };
}

describe('the hash chain', () => {
  it('links every entry to the one before it with SM3 over the documented encoding', async () => {
    app = await newSetupApp({ now: NOW, dataDir: tempDir() });
    const id = await institution(app.call);
    await app.call('credit.record', {
      subjectKind: 'institution',
      subjectId: id,
      type: 'penalty',
      outcome: 'general',
      factDate: '2026-03-04',
      basis: '越卫医罚〔2026〕3号',
      sourceKind: 'case',
      sourceId: 3,
      text: '含 "引号"、反斜杠 \\ 、换行\n与制表符\t以及 emoji 🏥',
      attachments: [{ fileName: '处罚决定书.txt', base64: Buffer.from('决定书正文').toString('base64') }],
    });
    await demerit(app.call, 'institution', id, 6, '2026-05-06');
    await app.call('credit.record', {
      subjectKind: 'institution',
      subjectId: id,
      type: 'commendation',
      factDate: '2026-06-01',
    });
    const rows = await rawRows(app.db);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);

    // An independent reading of docs/credit-ledger.md: the fields in the documented order, JSON without
    // whitespace, UTF-8, and OpenSSL's SM3 (Node's crypto) instead of sm-crypto-v2.
    for (const r of rows) {
      const attachments = (JSON.parse(r.attachments) as { name: string; sha256: string; size: number }[]).map(
        (a) => [a.name, a.sha256, a.size],
      );
      const documented = JSON.stringify([
        'ZJ-CREDIT-LEDGER/1',
        r.seq,
        r.prev_hash,
        r.recorded_at,
        r.recorder_id,
        r.recorder_name,
        r.subject_kind,
        r.subject_id,
        r.subject_name,
        r.subject_code,
        r.type,
        r.fact_date,
        r.outcome,
        r.behaviour_code,
        r.behaviour_name,
        r.points,
        r.basis,
        r.source_kind,
        r.source_id,
        r.amends_seq,
        r.text,
        attachments,
      ]);
      expect(canonicalEncoding(r)).toBe(documented);
      expect(createHash('sm3').update(Buffer.from(documented, 'utf8')).digest('hex')).toBe(r.hash);
      expect(sm3Hex(documented, 'js')).toBe(r.hash); // sm-crypto-v2, as in the desktop app
    }
    expect(JSON.parse(rows[0]!.attachments)).toEqual([
      { name: '处罚决定书.txt', sha256: createHash('sha256').update('决定书正文').digest('hex'), size: 15 },
    ]);
    const file = await app.call('credit.attachment', { seq: 1, index: 0 });
    expect(Buffer.from(file.base64, 'base64').toString()).toBe('决定书正文');

    expect(await app.call('credit.chainHead', {})).toEqual({
      seq: 3,
      hash: rows[2]!.hash,
      recordedAt: '2026-11-22T01:00:00.000Z',
    });
    const v = await app.call('credit.verify', {});
    expect(v).toMatchObject({ ok: true, checked: 3, broken: null, head: { seq: 3, hash: rows[2]!.hash } });
  });

  it('matches the test vector published in docs/credit-ledger.md', () => {
    const row = {
      seq: 1,
      prev_hash: GENESIS_HASH,
      recorded_at: '2026-03-05T01:02:03.000Z',
      recorder_id: 3,
      recorder_name: '李科员（keyuan）',
      subject_kind: 'institution',
      subject_id: 7,
      subject_name: '绍兴"仁和"诊所',
      subject_code: '91330602MA2CR00013',
      type: 'demerit',
      fact_date: '2026-03-04',
      outcome: null,
      behaviour_code: 'JG-06-01',
      behaviour_name: '未经审查或不按审查内容发布医疗广告',
      points: 6,
      basis: '越卫医罚〔2026〕3号',
      source_kind: 'inspection',
      source_id: 12,
      amends_seq: null,
      text: '第一行\n第二行\t含制表符\\反斜杠',
      attachments: JSON.stringify([{ name: '现场照片.jpg', sha256: 'a'.repeat(64), size: 1024 }]),
    };
    const doc = readFileSync('docs/credit-ledger.md', 'utf8');
    const encoding = canonicalEncoding(row);
    const hash = entryHash(row);
    expect(doc).toContain(encoding);
    expect(doc).toContain(hash);
    expect(createHash('sm3').update(encoding).digest('hex')).toBe(hash);
  });
});

describe.runIf(TEST_PG)(
  'the chain on the office server, checked on worker threads (needs ZONGJIAN_TEST_PG)',
  () => {
    it('each worker reads its slice over a connection of its own: a sound chain passes, a row changed behind the triggers fails, and the verdict equals the one-thread walk', async () => {
      app = await newSetupApp({ now: NOW });
      const id = await institution(app.call);
      for (const [points, date] of [
        [1, '2026-01-10'],
        [2, '2026-02-10'],
        [4, '2026-03-10'],
        [6, '2026-04-10'],
        [8, '2026-05-10'],
        [1, '2026-06-10'],
      ] as const)
        await demerit(app.call, 'institution', id, points, date);
      const url = serverUrlOf(app.db);
      expect(url).toMatch(/^postgres/);
      await sm3Ready();
      const slices = (n: number) =>
        verifySlicesInWorkers({
          file: null,
          pgUrl: url,
          maxSeq: n,
          entries: n,
          engine: sm3Engine(),
          slices: 3,
          genesis: GENESIS_HASH,
        });
      const n = (await rawRows(app.db)).length;
      expect(n).toBe(6);
      expect(await slices(n)).toBe(true);
      const one = await verifyLedger(app.db, 'auto', { workers: 0 });
      const sliced = await verifyLedger(app.db, 'auto', { workers: 3 });
      expect(one.ok).toBe(true);
      expect({ ...sliced, elapsedMs: 0 }).toEqual({ ...one, elapsedMs: 0 });

      // Someone with the server's superuser turns the triggers off for their session and changes entry 4's points.
      const raw = new pg.Client({ connectionString: url! });
      await raw.connect();
      try {
        await raw.query('set session_replication_role = replica');
        await raw.query('update credit_ledger set points = 1 where seq = 4');
      } finally {
        await raw.end();
      }
      expect(await slices(n)).toBe(false);
      const brokenOne = await verifyLedger(app.db, 'auto', { workers: 0 });
      const brokenSliced = await verifyLedger(app.db, 'auto', { workers: 3 });
      expect(brokenOne).toMatchObject({ ok: false, checked: 3, broken: { seq: 4, field: 'hash' } });
      expect({ ...brokenSliced, elapsedMs: 0 }).toEqual({ ...brokenOne, elapsedMs: 0 });
    });
  },
);

describe('append-only', () => {
  it('refuses UPDATE and DELETE through Kysely, raw SQL and a second connection, and any out-of-chain INSERT', async () => {
    const dir = tempDir();
    const { handle, call } = await fileApp(dir);
    const id = await institution(call);
    await demerit(call, 'institution', id, 6, '2026-05-06');
    await demerit(call, 'institution', id, 4, '2026-06-06');
    const before = await rawRows(handle.db);

    await expect(
      handle.db.updateTable('credit_ledger').set({ points: 1 }).where('seq', '=', 1).execute(),
    ).rejects.toThrow('信用台账只能追加：已登记的记录不能修改');
    await expect(handle.db.deleteFrom('credit_ledger').where('seq', '=', 2).execute()).rejects.toThrow(
      '信用台账只能追加：已登记的记录不能删除',
    );
    await expect(sql`update credit_ledger set text = 'x'`.execute(handle.db)).rejects.toThrow('只能追加');
    await expect(sql`delete from credit_ledger`.execute(handle.db)).rejects.toThrow('只能追加');
    await expect(
      handle.db
        .insertInto('credit_ledger')
        .values({ ...before[0]!, text: '改写' })
        .onConflict((oc) => oc.column('seq').doUpdateSet({ text: '改写' }))
        .execute(),
    ).rejects.toThrow('只能在链尾追加');

    const raw = new Database(join(dir, 'zongjian.db'));
    try {
      expect(() => raw.prepare('update credit_ledger set points = 12 where seq = 1').run()).toThrow(
        '不能修改',
      );
      expect(() => raw.prepare('delete from credit_ledger where seq = 2').run()).toThrow('不能删除');
      // REPLACE deletes the old row without firing delete triggers: the insert trigger stops it first.
      const r = before[1]!;
      const cols = Object.keys(r);
      const replace = raw.prepare(
        `insert or replace into credit_ledger (${cols.join(',')}) values (${cols.map(() => '?').join(',')})`,
      );
      expect(() =>
        replace.run(...cols.map((c) => (c === 'text' ? '改写' : r[c as keyof LedgerRow]))),
      ).toThrow('只能在链尾追加');
      // A new row at the tail that does not continue the chain.
      const forged = { ...r, seq: 3, prev_hash: GENESIS_HASH };
      expect(() => replace.run(...cols.map((c) => forged[c as keyof LedgerRow]))).toThrow('只能在链尾追加');
    } finally {
      raw.close();
    }
    expect(await rawRows(handle.db)).toEqual(before);
    expect((await verifyLedger(handle.db)).ok).toBe(true);
  });

  it('a tampered entry is found at exactly that entry, in the app and by the CLI (exit 3)', async () => {
    const dir = tempDir();
    const { handle, call } = await fileApp(dir);
    const id = await institution(call);
    for (const [points, date] of [
      [1, '2026-01-10'],
      [2, '2026-02-10'],
      [4, '2026-03-10'],
      [6, '2026-04-10'],
      [8, '2026-05-10'],
    ] as const)
      await demerit(call, 'institution', id, points, date);
    const head = await call('credit.chainHead', {});
    await handle.close();

    const ok = await cli(['verify-ledger', '--data', dir]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('信用台账校验：通过');
    expect(ok.out).toContain(`链头：第 5 条  ${head.hash}`);

    // Progress for a person watching (the CLI's line in a terminal): up to every entry, on one thread or in slices.
    {
      const h = await openDatabase(join(dir, 'zongjian.db'), { migrate: false, readonly: true });
      try {
        for (const workers of [0, 2]) {
          const seen: [number, number][] = [];
          await verifyLedger(h.db, 'auto', { workers, progress: (done, total) => seen.push([done, total]) });
          expect(seen.at(-1), `workers ${workers}`).toEqual([5, 5]);
          expect(seen.map(([d]) => d)).toEqual([...seen.map(([d]) => d)].sort((a, b) => a - b));
          // Every entry when asked (the window asks every 2,000): the slices report while they hash, not only
          // as each ends, and the count of all entries is known from the first report (a determinate bar).
          const every: [number, number][] = [];
          await verifyLedger(h.db, 'auto', {
            workers,
            progressEvery: 1,
            progress: (done, total) => every.push([done, total]),
          });
          expect([...new Set(every.map(([d]) => d).filter((d) => d > 0))], `workers ${workers}`).toEqual([
            1, 2, 3, 4, 5,
          ]);
          if (workers) expect(every[0]).toEqual([0, 5]);
          expect(every.every(([, t]) => t === 5)).toBe(true);
        }
        // 取消 (the window's progress bar): stopped part-way on one thread, or its workers stopped; never a verdict.
        for (const workers of [0, 2]) {
          const stop = new AbortController();
          const reports: number[] = [];
          const run = verifyLedger(h.db, 'auto', {
            workers,
            progressEvery: 1,
            signal: stop.signal,
            progress: (done) => {
              reports.push(done);
              if (workers === 0 && done === 2) stop.abort();
            },
          });
          if (workers === 2) stop.abort();
          await expect(run, `workers ${workers}`).rejects.toMatchObject({ code: 'CANCELLED' });
          if (workers === 0) expect(reports.at(-1)).toBe(2);
        }
      } finally {
        await h.close();
      }
    }

    const copy = (name: string): string => {
      const d = join(dir, name);
      mkdirSync(d);
      copyFileSync(join(dir, 'zongjian.db'), join(d, 'zongjian.db'));
      return d;
    };
    const check = async (d: string) => {
      const h = await openDatabase(join(d, 'zongjian.db'), { migrate: false, readonly: true });
      try {
        // On one thread and in two worker slices (what a long chain gets): the same verdict, the same break.
        const one = await verifyLedger(h.db, 'auto', { workers: 0 });
        const sliced = await verifyLedger(h.db, 'auto', { workers: 2 });
        expect({ ...sliced, elapsedMs: 0 }).toEqual({ ...one, elapsedMs: 0 });
        return one;
      } finally {
        await h.close();
      }
    };

    // Bytes of the file itself: entry 3's text MARK-0004 becomes MARK-0009 (same length, no SQL involved).
    const bytesDir = copy('bytes');
    const file = join(bytesDir, 'zongjian.db');
    const bytes = readFileSync(file);
    const from = Buffer.from('MARK-0004');
    let at = bytes.indexOf(from);
    expect(at).toBeGreaterThan(0);
    for (; at >= 0; at = bytes.indexOf(from, at + 1)) Buffer.from('MARK-0009').copy(bytes, at);
    writeFileSync(file, bytes);
    const byBytes = await check(bytesDir);
    expect(byBytes).toMatchObject({ ok: false, checked: 2, broken: { seq: 3, field: 'hash' } });
    const cliBroken = await cli(['verify-ledger', '--data', bytesDir]);
    expect(cliBroken.code).toBe(3);
    expect(cliBroken.out).toContain('信用台账校验：未通过');
    expect(cliBroken.out).toContain('第一处断链：第 3 条（hash）');
    expect(cliBroken.out).toContain(`实为：${byBytes.broken!.found}`);

    // A column changed by someone who dropped the trigger first.
    const columnDir = copy('column');
    const raw = new Database(join(columnDir, 'zongjian.db'));
    raw.exec('drop trigger credit_ledger_no_update');
    raw.prepare('update credit_ledger set points = 1 where seq = 4').run();
    raw.close();
    expect(await check(columnDir)).toMatchObject({
      ok: false,
      checked: 3,
      broken: { seq: 4, field: 'hash' },
    });

    // …who also re-hashed the entry: the next link no longer matches.
    const rehashDir = copy('rehash');
    const raw2 = new Database(join(rehashDir, 'zongjian.db'));
    raw2.exec('drop trigger credit_ledger_no_update');
    const row2 = raw2.prepare('select * from credit_ledger where seq = 2').get() as LedgerRow;
    const altered = { ...row2, text: '已被改写' };
    raw2
      .prepare('update credit_ledger set text = ?, hash = ? where seq = 2')
      .run(altered.text, entryHash(altered));
    raw2.close();
    expect(await check(rehashDir)).toMatchObject({
      ok: false,
      checked: 2,
      broken: { seq: 3, field: 'prev_hash' },
    });

    // …or removed an entry.
    const gapDir = copy('gap');
    const raw3 = new Database(join(gapDir, 'zongjian.db'));
    raw3.exec('drop trigger credit_ledger_no_delete');
    raw3.pragma('foreign_keys = OFF');
    raw3.prepare('delete from credit_ledger where seq = 2').run();
    raw3.close();
    expect(await check(gapDir)).toMatchObject({
      ok: false,
      checked: 1,
      broken: { seq: 2, field: 'seq', expected: '2', found: '3' },
    });
  });
});

describe('corrections', () => {
  it('neutralise the points and the tier effects of the entry they correct', async () => {
    app = await newSetupApp({ now: NOW });
    const id = await institution(app.call);
    const penalty = await app.call('credit.record', {
      subjectKind: 'institution',
      subjectId: id,
      type: 'penalty',
      outcome: 'general',
      factDate: '2026-03-04',
      basis: '越卫医罚〔2026〕3号',
    });
    expect(penalty).toMatchObject({ tierBefore: null, tierAfter: 'B' });
    const twelve = await demerit(app.call, 'institution', id, 12, '2026-04-01');
    expect(twelve.tierAfter).toBe('C');
    expect(twelve.warnings.map((w) => w.threshold)).toEqual([12]);
    let p = await app.call('credit.profile', { kind: 'institution', id });
    expect(p.tier.summary).toBe('C：行政处罚 2026-03-04（−10），本周期记分 12（−12）');
    expect(p.cycle.points).toBe(12);

    const c1 = await app.call('credit.correct', {
      seq: penalty.entry.seq,
      factDate: '2026-11-20',
      basis: '越卫医复〔2026〕1号',
      reason: '行政复议撤销原处罚决定',
    });
    expect(c1.entry).toMatchObject({ type: 'correction', amendsSeq: penalty.entry.seq, points: null });
    expect(c1.tierAfter).toBe('B'); // 88, and the 12-point cap
    p = await app.call('credit.profile', { kind: 'institution', id });
    expect(p.tier.summary).toBe('B：本周期记分 12（−12）');
    expect(p.entries.find((e) => e.seq === penalty.entry.seq)!.correctedBy).toBe(c1.entry.seq);

    const c2 = await app.call('credit.correct', {
      seq: twelve.entry.seq,
      factDate: '2026-11-21',
      basis: '',
      reason: '记分条目适用错误',
    });
    expect(c2.tierAfter).toBe('A');
    p = await app.call('credit.profile', { kind: 'institution', id });
    expect(p.cycle.points).toBe(0);
    expect(p.tier).toMatchObject({ tier: 'A', score: 100, reasons: [], summary: 'A：无扣分记录' });
    // the warning stays on record (it was raised), its notice is no longer due
    expect(p.warnings).toHaveLength(1);
    expect(p.notices).toEqual([]);
    expect(p.tierHistory.map((h) => [h.previousTier, h.tier, h.causeSeq])).toEqual([
      ['B', 'A', c2.entry.seq],
      ['C', 'B', c1.entry.seq],
      ['B', 'C', twelve.entry.seq],
      [null, 'B', penalty.entry.seq],
    ]);
    const inst = (await app.call('institutions.list', { includeInactive: true })).find((i) => i.id === id)!;
    expect(inst.creditTier).toBe('A');

    await expect(
      app.call('credit.correct', { seq: penalty.entry.seq, factDate: '2026-11-22', reason: '再次更正' }),
    ).rejects.toThrow(`已由第 ${c1.entry.seq} 条更正`);
    await expect(
      app.call('credit.correct', { seq: c1.entry.seq, factDate: '2026-11-22', reason: '撤销更正' }),
    ).rejects.toThrow('“更正”记录不能再被更正');
  });

  it('refuses entries that do not fit: future dates, a behaviour of the other kind, 校验 for a person', async () => {
    app = await newSetupApp({ now: NOW });
    const id = await institution(app.call);
    const person = await app.call('practitioners.create', {
      name: '王伟',
      category: 'physician',
      certificateNo: 'CERT-0001',
      institutionId: id,
    });
    const list = await behaviours(app.call);
    await expect(
      app.call('credit.record', {
        subjectKind: 'institution',
        subjectId: id,
        type: 'complaint',
        factDate: '2026-11-23',
      }),
    ).rejects.toThrow('事实日期不能晚于今天');
    await expect(
      app.call('credit.record', {
        subjectKind: 'practitioner',
        subjectId: person.id,
        type: 'demerit',
        behaviourId: byPoints(list, 'institution', 6).id,
        factDate: '2026-11-20',
      }),
    ).rejects.toThrow('不适用于该类信用主体');
    await expect(
      app.call('credit.record', {
        subjectKind: 'practitioner',
        subjectId: person.id,
        type: 'verification',
        outcome: 'passed',
        factDate: '2026-11-20',
      }),
    ).rejects.toThrow('校验结果只适用于医疗机构');
    await expect(
      app.call('credit.record', {
        subjectKind: 'institution',
        subjectId: id,
        type: 'demerit',
        factDate: '2026-11-20',
      }),
    ).rejects.toThrow('请选择不良执业行为');
    await expect(
      app.call('credit.record', {
        subjectKind: 'institution',
        subjectId: 999,
        type: 'complaint',
        factDate: '2026-11-20',
      }),
    ).rejects.toThrow('该监管对象不存在');
    expect((await app.call('credit.chainHead', {})).seq).toBe(0);

    // The catalogue is the office's; a changed value does not touch what was recorded.
    const six = byPoints(list, 'institution', 6);
    const recorded = await demerit(app.call, 'institution', id, 6, '2026-11-20');
    await expect(app.call('credit.updateBehaviour', { ...six, id: six.id, points: 5 })).rejects.toThrow(
      '分值应为 1、2、4、6、8、12 分之一',
    );
    await expect(
      app.call('credit.createBehaviour', { ...six, code: 'JG-12-01', points: 12 }),
    ).rejects.toThrow('条目编号 JG-12-01 已用于');
    await app.call('credit.updateBehaviour', { ...six, id: six.id, points: 8, active: false });
    expect((await rawRows(app.db)).find((r) => r.seq === recorded.entry.seq)!.points).toBe(6);
    await expect(
      app.call('credit.record', {
        subjectKind: 'institution',
        subjectId: id,
        type: 'demerit',
        behaviourId: six.id,
        factDate: '2026-11-20',
      }),
    ).rejects.toThrow(`记分条目 ${six.code} 已停用`);
    expect((await app.call('credit.verify', {})).ok).toBe(true);
  });
});

describe('warnings', () => {
  it('are raised exactly once per threshold per cycle, whatever the sequence of points and corrections', async () => {
    app = await newSetupApp({ now: NOW });
    const call = app.call;
    const host = await institution(call, '越城区测试医院');
    let people = 0;
    const list = await behaviours(call);
    const POINTS = [1, 2, 4, 6, 8, 12] as const;
    const op = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant('demerit' as const),
          points: fc.constantFrom(...POINTS),
          day: fc.integer({ min: 0, max: 1056 }), // 2024-01-01 … 2026-11-22
        }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('correct' as const), pick: fc.nat() }) },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('institution' as const, 'practitioner' as const),
        fc.array(op, { minLength: 1, maxLength: 12 }),
        async (kind, ops) => {
          const id =
            kind === 'institution'
              ? await institution(call, `越城区测试诊所${codeCounter}`)
              : (
                  await call('practitioners.create', {
                    name: '测试医师',
                    category: 'physician',
                    certificateNo: `CERT-P${++people}`,
                    institutionId: host,
                  })
                ).id;
          // The rules in words: institutions count by calendar year before any 校验; practitioners by two
          // calendar years from 2024; thresholds 12/18/24 and 8/12.
          const cycleOf = (date: string) => {
            const y = Number(date.slice(0, 4));
            return kind === 'institution' ? `${y}-01-01` : `${2024 + 2 * Math.floor((y - 2024) / 2)}-01-01`;
          };
          const thresholds = kind === 'institution' ? [12, 18, 24] : [8, 12];
          const running = new Map<string, number>();
          const highest = new Map<string, number>();
          const live: { seq: number; points: number; cycle: string }[] = [];
          for (const o of ops) {
            if (o.kind === 'demerit') {
              const date = addCalendarDays('2024-01-01', o.day);
              const r = await call('credit.record', {
                subjectKind: kind,
                subjectId: id,
                type: 'demerit',
                behaviourId: byPoints(list, kind, o.points).id,
                factDate: date,
              });
              const cycle = cycleOf(date);
              live.push({ seq: r.entry.seq, points: o.points, cycle });
              running.set(cycle, (running.get(cycle) ?? 0) + o.points);
              highest.set(cycle, Math.max(highest.get(cycle) ?? 0, running.get(cycle)!));
            } else if (live.length > 0) {
              const [target] = live.splice(o.pick % live.length, 1);
              await call('credit.correct', { seq: target!.seq, factDate: '2026-11-22', reason: '更正' });
              running.set(target!.cycle, running.get(target!.cycle)! - target!.points);
            }
          }
          const expected = [...highest]
            .flatMap(([cycle, max]) => thresholds.filter((t) => max >= t).map((t) => `${cycle}|${t}`))
            .sort();
          const p = await call('credit.profile', { kind, id });
          const raised = p.warnings.map((w) => `${w.cycleStart}|${w.threshold}`).sort();
          expect(raised).toEqual(expected);
          expect(new Set(raised).size).toBe(raised.length);
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it('are acknowledged once, with the action taken', async () => {
    app = await newSetupApp({ now: NOW });
    const id = await institution(app.call);
    await demerit(app.call, 'institution', id, 12, '2026-10-01');
    const r = await demerit(app.call, 'institution', id, 6, '2026-10-02');
    expect(r.warnings.map((w) => [w.threshold, w.raisedBySeq, w.points, w.actions])).toEqual([
      [18, r.entry.seq, 18, ['约谈机构负责人', '取消当年评优评先资格', '向社会公示']],
    ]);
    const [w18, w12] = (await app.call('credit.profile', { kind: 'institution', id })).warnings;
    expect(w12).toMatchObject({ threshold: 12, raisedBySeq: 1, status: 'open' });
    const ack = await app.call('credit.acknowledgeWarning', {
      id: w18!.id,
      actionTaken: '已于 2026-11-20 约谈机构负责人并公示',
    });
    expect(ack).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: '测试管理员（admin）',
      actionTaken: '已于 2026-11-20 约谈机构负责人并公示',
    });
    await expect(app.call('credit.acknowledgeWarning', { id: w18!.id, actionTaken: '再次' })).rejects.toThrow(
      '该预警已于 2026-11-22 由测试管理员（admin）确认处理',
    );
    const grid = await app.call('credit.subjects', {});
    expect(grid.find((g) => g.kind === 'institution' && g.id === id)).toMatchObject({
      openWarnings: 1,
      cyclePoints: 18,
      reachedThreshold: 18,
      tier: 'C',
    });
  });
});

describe('cycles', () => {
  it('an institution’s cycle restarts with each passed 校验, lasts its 校验期, and the tier follows the clock', async () => {
    let now = new Date(NOW);
    app = await newSetupApp({ clock: () => now });
    await app.call('settings.update', { idleLockMinutes: 0 }); // the clock jumps months ahead
    const id = await institution(app.call);
    await demerit(app.call, 'institution', id, 8, '2026-03-01');
    await demerit(app.call, 'institution', id, 4, '2026-04-01');
    let p = await app.call('credit.profile', { kind: 'institution', id });
    expect([p.cycle.start, p.cycle.lastDay, p.cycle.points]).toEqual(['2026-01-01', '2026-12-31', 12]);

    await app.call('credit.record', {
      subjectKind: 'institution',
      subjectId: id,
      type: 'verification',
      outcome: 'passed',
      factDate: '2026-06-01',
      basis: '2026 年度校验',
    });
    await demerit(app.call, 'institution', id, 6, '2026-07-01');
    p = await app.call('credit.profile', { kind: 'institution', id });
    expect([p.cycle.start, p.cycle.lastDay, p.cycle.points]).toEqual(['2026-06-01', '2027-05-31', 6]);
    expect(p.tier.summary).toBe('B：本周期记分 6（−6）');
    // The 12 points stay with the cycle they were scored in, and so does its warning.
    expect(p.warnings.map((w) => [w.cycleStart, w.cycleLastDay, w.threshold])).toEqual([
      ['2026-01-01', '2026-05-31', 12],
    ]);

    // A year after the pass with no new 校验 recorded, the next 校验期 begins with no points.
    now = new Date('2027-06-02T01:00:00Z');
    const row = (await app.call('credit.subjects', {})).find((s) => s.id === id && s.kind === 'institution')!;
    expect(row).toMatchObject({ cyclePoints: 0, cycleStart: '2027-06-01', tier: 'A' });
    // …and the stored tier (which the draw reads) follows at the next credit write.
    expect((await app.call('institutions.list', { includeInactive: true }))[0]!.creditTier).toBe('B');
    const other = await institution(app.call, '越城区另一诊所');
    await app.call('credit.record', {
      subjectKind: 'institution',
      subjectId: other,
      type: 'commitment',
      factDate: '2027-06-02',
    });
    expect(
      (await app.call('institutions.list', { includeInactive: true })).find((i) => i.id === id)!.creditTier,
    ).toBe('A');
    p = await app.call('credit.profile', { kind: 'institution', id });
    expect(p.tierHistory[0]).toMatchObject({
      previousTier: 'B',
      tier: 'A',
      causeSeq: null,
      effectiveOn: '2027-06-02',
    });

    // The three-year 校验期: thresholds 36/54/72, the cycle from the pass to three years on.
    now = new Date(NOW);
    const rules = await app.call('credit.rules', {});
    await app.call('credit.updateRules', { ...rules.options, institutionCycleYears: 3 });
    p = await app.call('credit.profile', { kind: 'institution', id });
    expect([p.cycle.start, p.cycle.lastDay, p.cycle.thresholds.map((t) => t.points)]).toEqual([
      '2026-06-01',
      '2029-05-31',
      [36, 54, 72],
    ]);
  });

  it('a practitioner’s cycle is two calendar years', async () => {
    app = await newSetupApp({ now: NOW });
    const host = await institution(app.call);
    const person = (
      await app.call('practitioners.create', {
        name: '李娜',
        category: 'nurse',
        certificateNo: 'CERT-0002',
        institutionId: host,
      })
    ).id;
    await demerit(app.call, 'practitioner', person, 4, '2024-03-01');
    const r = await demerit(app.call, 'practitioner', person, 6, '2025-05-01');
    expect(r.warnings.map((w) => [w.cycleStart, w.cycleLastDay, w.threshold])).toEqual([
      ['2024-01-01', '2025-12-31', 8],
    ]);
    let p = await app.call('credit.profile', { kind: 'practitioner', id: person });
    expect([p.cycle.start, p.cycle.lastDay, p.cycle.points]).toEqual(['2026-01-01', '2027-12-31', 0]);
    await demerit(app.call, 'practitioner', person, 8, '2026-02-01');
    p = await app.call('credit.profile', { kind: 'practitioner', id: person });
    expect(p.cycle.points).toBe(8);
    expect(p.warnings.map((w) => `${w.cycleStart}|${w.threshold}`)).toEqual(['2026-01-01|8', '2024-01-01|8']);
    const grid = await app.call('credit.subjects', {});
    expect(grid.filter((g) => g.kind === 'practitioner')).toEqual([
      expect.objectContaining({
        id: person,
        name: '李娜',
        cyclePoints: 8,
        reachedThreshold: 8,
        openWarnings: 2,
      }),
    ]);
  });
});

describe('记分通知书', () => {
  it('is due 10 working days after the facts were confirmed, across the National Day holiday', async () => {
    app = await newSetupApp({ now: NOW, dataDir: tempDir() });
    const id = await institution(app.call, '绍兴仁和诊所');
    // 2026-09-28 (Mon) + 10 working days: 9-29, 9-30, [10-01…10-07 国庆], 10-08, 10-09, 10-10 (调休), 10-12 … 10-16.
    const r = await demerit(app.call, 'institution', id, 6, '2026-09-28');
    let n = await app.call('credit.notice', { seq: r.entry.seq });
    expect(n.notice).toEqual({
      seq: r.entry.seq,
      docNumber: null,
      issuedOn: null,
      dueOn: '2026-10-16',
      overdue: true,
    });
    expect(n.statementWorkingDays).toBe(5);

    // The office's own calendar counts: a day off on 10-09 moves the deadline to the next working day.
    await app.call('calendar.setOverride', { date: '2026-10-09', kind: 'holiday', name: '调整休息' });
    expect((await app.call('credit.notice', { seq: r.entry.seq })).notice.dueOn).toBe('2026-10-19');

    n = await app.call('credit.issueNotice', { seq: r.entry.seq });
    expect(n.notice).toMatchObject({
      docNumber: '越卫健〔2026〕1号',
      issuedOn: '2026-11-22',
      overdue: false,
    });
    await expect(app.call('credit.issueNotice', { seq: r.entry.seq })).rejects.toThrow(
      '已于 2026-11-22 发出',
    );
    const doc = creditNoticeDoc(n);
    const text = JSON.stringify(doc);
    expect(doc).toMatchObject({
      kind: 'document',
      docNumber: '越卫健〔2026〕1号',
      addressee: '绍兴仁和诊所',
    });
    expect(text).toContain('记 6 分（记分条目 JG-06-01）');
    expect(text).toContain('自收到本通知书之日起 5 个工作日内');
    expect(JSON.stringify(creditReceiptDoc(n))).toContain('2026年10月19日前（事实确认之日起 10 个工作日内）');
    const docx = await app.call('credit.noticeDocx', { seq: r.entry.seq });
    expect(Buffer.from(docx.base64, 'base64').subarray(0, 2).toString()).toBe('PK');
    // The Word file carries the 送达回证 too, on a page of its own after the notice and its 版记, and its
    // signature line whole (年 月 日 on the line, 26 characters after the indent).
    const wordXml = strFromU8(unzipSync(Buffer.from(docx.base64, 'base64'))['word/document.xml']!);
    const shown = wordXml.replace(/<w:br\/>/g, '').replace(/<[^>]+>/g, '');
    expect(shown.lastIndexOf('送达回证')).toBeGreaterThan(shown.indexOf('印发')); // the body names it earlier
    expect(shown).toContain('2026年10月19日前（事实确认之日起 10 个工作日内）');
    expect(shown).toContain(RECEIPT_SIGN_LINE);
    expect(wordXml).toMatch(/<w:pageBreakBefore\/>(?:(?!<\/w:p>)[\s\S])*送达回证/);
    expect(textWidthEm(RECEIPT_SIGN_LINE) + 2).toBeLessThanOrEqual(28);
    await expect(app.call('credit.notice', { seq: 999 })).rejects.toThrow('没有记分通知书');
  });
});

describe('demo', () => {
  it('the demo district (seedCredit) has a verified ledger with a clinic past 12 points', async () => {
    app = await newApp({ now: NOW, dataDir: tempDir() });
    const call: Call = (name, args) => app!.call(name, args);
    const summary = (await seedDemo(call, app.travel)).credit;
    await call('auth.login', { username: 'keyuan', password: DEMO_PASSWORD });
    expect(summary.entries).toBeGreaterThan(25);
    expect(summary.openWarnings).toBeGreaterThanOrEqual(2);
    const grid = await call('credit.subjects', {});
    const clinic = grid.find((r) => r.name === summary.warnedInstitution)!;
    expect(clinic).toMatchObject({ kind: 'institution', tier: 'C', cyclePoints: 14, reachedThreshold: 12 });
    expect(grid.some((r) => r.kind === 'practitioner' && r.reachedThreshold === 8)).toBe(true);
    expect(await call('credit.verify', {})).toMatchObject({ ok: true, checked: summary.entries });
    const tiers = new Map(grid.filter((r) => r.kind === 'institution').map((r) => [r.id, r.tier]));
    for (const i of await call('institutions.list', { includeInactive: true }))
      expect(i.creditTier, i.name).toBe(tiers.get(i.id) ?? null);
  }, 60_000);
});
