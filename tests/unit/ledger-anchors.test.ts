// Anchors (issue 15, finding 7): every signed package records the ledger head it was signed over. A ledger cut
// below that head (here from 5 entries to 3, behind the append-only triggers, as a tool editing the data file
// could) is named by the package that proves the loss wherever the ledger is checked: 校验台账 (credit.verify),
// `verify-ledger`, signing (refused), a backup (made, but saying so) and a restore (refused).
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startAppCore, type AppCore } from '../../electron/server/app-core';
import { AppError } from '../../shared/errors';
import type { Input, MethodName, Output } from '../../shared/contract';
import { usccCheckChar } from '../../shared/domain/uscc';
import { travellingClock } from '../../db/core/clock';
import { ADMIN } from './helpers';
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

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

const LOSS = '2026Q2 季度阶段性工作总结（第1版）上报数据包签署时台账为 5 条，现为 3 条';

type Call = <N extends MethodName>(name: N, args: Input<N>) => Promise<Output<N>>;

/** An office with a signing key and one institution, on a desk whose data folder is `dataDir`. */
async function office(): Promise<{
  c: AppCore;
  call: Call;
  dataDir: string;
  record: (n: number) => Promise<void>;
}> {
  const dataDir = tmp('zj-anchors-');
  let t = new Date('2026-10-09T09:00:00+08:00').getTime();
  const clock = travellingClock(() => new Date((t += 1000)));
  const c: AppCore = await startAppCore({ dataDir, clock: clock.now, log: () => {} });
  await c.background;
  const call: Call = (name, args) => c.dispatcher.call(name, args, 's');
  await call('system.setup', { office: { name: '越城区卫生健康局', docPrefix: '越卫健' }, admin: ADMIN });
  const base = '11330602MB123456';
  const uscc = `${base}7${usccCheckChar(`${base}7`)}`;
  await call('office.update', { name: '绍兴市越城区卫生健康局', docPrefix: '越卫健', uscc } as never);
  await call('signing.generate', { passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE });
  const i17 = '91330602MA2B0000';
  const { id } = await call('institutions.create', {
    name: '越城区测试诊所',
    uscc: `${i17}1${usccCheckChar(`${i17}1`)}`,
    category: 'clinic',
    ownership: 'private',
  });
  let made = 0;
  const record = async (n: number) => {
    for (let i = 0; i < n; i++)
      await call('credit.record', {
        subjectKind: 'institution',
        subjectId: id,
        type: 'commendation',
        factDate: '2026-06-01',
        text: `表彰 ${made++}`,
      });
  };
  return { c, call, dataDir, record };
}

async function sign(call: Call, period: string): Promise<void> {
  const draft = await call('reports.create', { type: 'quarterly', period });
  await call('reports.sign', { id: draft.id, passphrase: PASSPHRASE });
}

describe('anchors: a ledger cut below a signed package’s head', () => {
  // SQLite only: the cut is made in the desk's data file behind its SQLite triggers.
  it.skipIf(TEST_STORE === 'postgres')(
    'is named by verify, verify-ledger, signing (refused), a backup (made, saying so) and a restore (refused)',
    async () => {
      const { c, call, dataDir, record } = await office();
      await record(5);
      await sign(call, '2026Q2');
      const good = await call('backup.create', { destination: tmp('zj-usb-'), includeAttachments: true });
      expect(good.manifest.ledger).toEqual({ size: 5, anchors: 1, losses: [] });
      expect((await call('credit.verify', {})).ok).toBe(true);

      // Cut the ledger from 5 to 3 entries behind its triggers, in the live data file.
      const file = new Database(join(dataDir, 'zongjian.db'));
      const triggers = file
        .prepare(`select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'credit_ledger'`)
        .all() as { name: string; sql: string }[];
      file.transaction(() => {
        for (const tr of triggers) file.exec(`drop trigger "${tr.name}"`);
        expect(file.prepare('delete from credit_ledger where seq > 3').run().changes).toBe(2);
        for (const tr of triggers) file.exec(tr.sql);
      })();
      file.close();

      // 校验台账: the chain itself is whole, but the package signed at 5 names the loss.
      const verdict = await call('credit.verify', {});
      expect(verdict.ok).toBe(false);
      expect(verdict.broken).toBeNull();
      expect(verdict.anchors.losses.map((l) => l.message).join('；')).toContain(LOSS);

      // Signing refuses, naming the package; nothing is signed.
      const p2 = await call('reports.create', { type: 'quarterly', period: '2026Q3' });
      const refused = await rejection(call('reports.sign', { id: p2.id, passphrase: PASSPHRASE }));
      expect(refused.message).toContain('拒绝签发');
      expect(refused.message).toContain(LOSS);
      expect((await call('reports.get', { id: p2.id })).status).toBe('draft');

      // A backup is still made (it may be all there is), but says so, and is refused for a restore.
      const cut = await call('backup.create', { destination: tmp('zj-usb-'), includeAttachments: true });
      expect(cut.manifest.ledger?.size).toBe(3);
      expect(cut.manifest.ledger?.losses.join('；')).toContain(LOSS);
      const preview = await call('backup.inspect', { path: cut.path });
      expect(preview.ok).toBe(false);
      expect(preview.problems.join('；')).toContain(LOSS);
      const restore = await rejection(call('backup.restore', { path: cut.path }));
      expect(restore.message).toContain(LOSS);
      // The backup taken before the cut still passes every check.
      expect((await call('backup.inspect', { path: good.path })).ok).toBe(true);
      await c.close();

      // verify-ledger: exit 3, naming the package.
      const v = await cli(['verify-ledger', '--data', dataDir]);
      expect(v.code, v.err).toBe(3);
      expect(v.out).toContain('信用台账校验：未通过（台账被截短或改动）');
      expect(v.out).toContain(LOSS);
    },
    240_000,
  );

  it('a restore is refused when the backup’s ledger lacks what a package signed here was signed over', async () => {
    const { c, call, record } = await office();
    await record(3);
    await sign(call, '2026Q2');
    const older = await call('backup.create', { destination: tmp('zj-usb-'), includeAttachments: true });
    await record(2);
    await sign(call, '2026Q3');
    // The older backup is sound on its own (its own package, signed at 3, holds) …
    expect((await call('backup.inspect', { path: older.path })).ok).toBe(true);
    // … but restoring it would roll the ledger back below the package signed here at 5.
    const e = await rejection(call('backup.restore', { path: older.path }));
    expect(e.message).toContain(
      '2026Q3 季度阶段性工作总结（第1版）上报数据包签署时台账为 5 条，备份中为 3 条',
    );
    expect(e.message).toContain('未做任何改动');
    const verdict = await call('credit.verify', {});
    expect(verdict.ok).toBe(true);
    expect(verdict.head.seq).toBe(5);
    // A backup that holds everything signed restores.
    const current = await call('backup.create', { destination: tmp('zj-usb-'), includeAttachments: true });
    await record(1);
    await call('backup.restore', { path: current.path });
    await call('auth.login', { username: ADMIN.username, password: ADMIN.password });
    expect((await call('credit.verify', {})).head.seq).toBe(5);
    await c.close();
  }, 240_000);
});
