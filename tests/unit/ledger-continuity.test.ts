// A signed package carries the ledger's Merkle tree and a consistency proof from the office's previous package,
// so upstream can tell that a district's ledger only grew. The hostile case: a district signs P1 and P2, restores
// a backup taken between them, records something else and signs P3 — P3's proof continues P1, not P2, and both
// `verify-package --previous` and the 市级汇总 import refuse it, naming why.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { unzipSync } from 'fflate';
import { Dispatcher } from '../../electron/server/dispatcher';
import { openDatabase } from '../../db/core/open';
import { ledgerContinuityProblem, verifyPackage } from '../../db/reports/package';
import type { PackageManifest } from '../../shared/domain/report-package';
import { usccCheckChar } from '../../shared/domain/uscc';
import { newApp, ADMIN, type TestApp } from './helpers';
import { TEST_STORE } from './test-store';
import { cli } from './cli-run';

const PASSPHRASE = 'Correct horse 2026';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tmp(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

type Call = TestApp['call'];

async function record(call: Call, institutionId: number, text: string): Promise<void> {
  await call('credit.record', {
    subjectKind: 'institution',
    subjectId: institutionId,
    type: 'commendation',
    factDate: '2026-06-01',
    text,
  });
}

async function sign(call: Call, period: string): Promise<{ zip: Buffer; manifest: PackageManifest }> {
  const draft = await call('reports.create', { type: 'quarterly', period });
  const signed = await call('reports.sign', { id: draft.id, passphrase: PASSPHRASE });
  const file = await call('reports.package', { id: signed.id });
  const zip = Buffer.from(file.base64, 'base64');
  const manifest = JSON.parse(Buffer.from(unzipSync(zip)['manifest.json']!).toString()) as PackageManifest;
  return { zip, manifest };
}

describe('ledger continuity across signed packages', () => {
  // SQLite only: it restores a SQLite file backup (vacuum into) (a data-file tamper or file-level step; the office server's own triggers are checked in
  // tests/unit/multi-seat.test.ts and the dialect test).
  it.skipIf(TEST_STORE === 'postgres')(
    'P2 continues P1; a P3 signed after restoring a backup taken between them is caught',
    async () => {
      const dataDir = tmp('zj-continuity-');
      const app: TestApp = await newApp({ dataDir, clock: () => new Date('2026-10-09T09:00:00+08:00') });
      await app.call('system.setup', {
        office: { name: '越城区卫生健康局', docPrefix: '越卫健' },
        admin: ADMIN,
      });
      const base = '11330602MB123456';
      const uscc = `${base}7${usccCheckChar(`${base}7`)}`;
      await app.call('office.update', { name: '绍兴市越城区卫生健康局', docPrefix: '越卫健', uscc } as never);
      await app.call('signing.generate', { passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE });
      const i17 = '91330602MA2B0000';
      const { id } = await app.call('institutions.create', {
        name: '越城区测试诊所',
        uscc: `${i17}1${usccCheckChar(`${i17}1`)}`,
        category: 'clinic',
        ownership: 'private',
      });
      for (let i = 0; i < 3; i++) await record(app.call, id, `表彰 ${i}`);
      const p1 = await sign(app.call, '2026Q2');
      expect(p1.manifest.ledgerTree).toMatchObject({ size: 3, previous: null });

      // The backup a careless restore will bring back: the data file as it was after P1.
      const snapshot = join(tmp('zj-snapshot-'), 'zongjian.db');
      await sql`vacuum into ${snapshot}`.execute(app.db);

      await record(app.call, id, '表彰 3');
      await record(app.call, id, '表彰 4');
      const p2 = await sign(app.call, '2026Q3');
      expect(p2.manifest.ledgerTree).toMatchObject({
        size: 5,
        previous: { size: 3, root: p1.manifest.ledgerTree!.root },
      });
      const p1Sha = verifyPackage(p1.zip).sha256;
      expect(ledgerContinuityProblem(p2.manifest, { sha256: p1Sha, manifest: p1.manifest })).toBeNull();

      // The restored office: P1 is its last signed package; it records one thing and signs again.
      const restored = await openDatabase(snapshot);
      const dispatcher = new Dispatcher({
        db: restored.db,
        appVersion: 'test',
        dataDir,
        clock: () => new Date('2026-10-20T09:00:00+08:00'),
        log: () => {},
      });
      const call: Call = (name, args) => dispatcher.call(name, args, 'r');
      await call('auth.login', { username: ADMIN.username, password: ADMIN.password });
      await record(call, id, '另一条记录');
      const p3 = await sign(call, '2026Q1'); // another report, so only the ledger can tell
      expect(p3.manifest.ledgerTree).toMatchObject({ size: 4, previous: { size: 3 } });
      // P3 on its own is a perfectly signed package that continues P1 …
      expect(verifyPackage(p3.zip).ok).toBe(true);
      expect(ledgerContinuityProblem(p3.manifest, { sha256: p1Sha, manifest: p1.manifest })).toBeNull();
      // … but not P2, which the city already holds.
      const p2Sha = verifyPackage(p2.zip).sha256;
      const problem = ledgerContinuityProblem(p3.manifest, { sha256: p2Sha, manifest: p2.manifest });
      expect(problem).toContain('签署时台账为 5 条，本数据包签署时为 4 条');

      // The CLI: verify-package P3 --previous P2 fails (exit 3), P2 --previous P1 passes.
      const d = tmp('zj-zips-');
      for (const [n, z] of [
        ['p1', p1.zip],
        ['p2', p2.zip],
        ['p3', p3.zip],
      ] as const)
        writeFileSync(join(d, `${n}.zip`), z);
      const good = await cli(['verify-package', join(d, 'p2.zip'), '--previous', join(d, 'p1.zip')]);
      expect(good.code).toBe(0);
      expect(good.out).toContain('与上一个数据包的台账接续：通过');
      const bad = await cli(['verify-package', join(d, 'p3.zip'), '--previous', join(d, 'p2.zip')]);
      expect(bad.code).toBe(3);
      expect(bad.out).toContain('台账被回退或截短');

      // 市级汇总: trust the district's key, import P1 and P2, then P3 is rejected with the reason.
      const city = await newApp({
        dataDir: tmp('zj-city-'),
        clock: () => new Date('2026-10-21T09:00:00+08:00'),
      });
      await city.call('system.setup', {
        office: { name: '绍兴市卫生健康委员会', docPrefix: '绍卫' },
        admin: ADMIN,
      });
      const pem = Buffer.from(unzipSync(p1.zip)['signer.pub.pem']!).toString();
      await city.call('upstream.addTrustedKey', { districtName: '越城区', pem, note: '' });
      const imported = (zip: Buffer, name: string) =>
        city.call('upstream.importPackage', { fileName: name, base64: zip.toString('base64') });
      expect((await imported(p1.zip, 'p1.zip')).package.status).toBe('accepted');
      expect((await imported(p2.zip, 'p2.zip')).package.status).toBe('accepted');
      const third = await imported(p3.zip, 'p3.zip');
      expect(third.package.status).toBe('rejected');
      expect(third.package.reasons.join('；')).toContain('台账被回退或截短');
      await restored.close();
      await city.close();
      await app.close();
    },
    180_000,
  );
});
