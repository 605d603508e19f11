// The command line on the office's database server: check, migrate and verify-ledger take --database (or
// ZONGJIAN_DATABASE) as they take --data, read the server's database as found, and answer with the same exit codes:
// 0 sound, 3 a broken chain or a database written by a newer version. Needs ZONGJIAN_TEST_PG.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../electron/server/dispatcher';
import type { Input, MethodName, Output } from '../../shared/contract';
import { usccCheckChar } from '../../shared/domain/uscc';
import { ADMIN } from './helpers';
import { cli } from './cli-run';
import { TEST_PG, openTestStore, type TestStore } from './test-store';

const NOW = '2026-11-22T01:00:00Z';
let seq = 0;
function uscc(): string {
  const first17 = `9133060${String(++seq).padStart(10, '0')}`;
  return first17 + usccCheckChar(first17)!;
}

describe.runIf(TEST_PG)('cli on the office server (--database)', () => {
  const stores: TestStore[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    for (const s of stores) await s.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('check, migrate and verify-ledger read the server; a tampered entry and a newer schema exit 3', async () => {
    const store = await openTestStore();
    stores.push(store);
    const url = store.url!;
    const dir = mkdtempSync(join(tmpdir(), 'zj-cli-pg-'));
    dirs.push(dir);
    const d = new Dispatcher({
      db: store.db,
      appVersion: 't',
      dataDir: dir,
      clock: () => new Date(NOW),
      log: () => {},
      pdf: null,
    });
    const call = <N extends MethodName>(n: N, a: Input<N>): Promise<Output<N>> => d.call(n, a, 't');
    await call('system.setup', { office: { name: '越城区卫生健康局', docPrefix: '越卫健' }, admin: ADMIN });
    const inst = await call('institutions.create', {
      name: '越城区测试诊所',
      uscc: uscc(),
      category: 'clinic',
      ownership: 'private',
    });
    const behaviours = await call('credit.behaviours', { includeInactive: false });
    for (const [points, date] of [
      [1, '2026-01-10'],
      [2, '2026-02-10'],
      [4, '2026-03-10'],
    ] as const) {
      const b = behaviours.find((x) => x.subjectKind === 'institution' && x.points === points)!;
      await call('credit.record', {
        subjectKind: 'institution',
        subjectId: inst.id,
        type: 'demerit',
        behaviourId: b.id,
        factDate: date,
        text: `MARK-${points}`,
      });
    }
    const head = await call('credit.chainHead', {});

    const check = await cli(['check', '--database', url, '--json']);
    expect(check.code, check.err).toBe(0);
    expect(JSON.parse(check.out)).toMatchObject({
      ok: true,
      office: '越城区卫生健康局',
      migrations: { pending: [], unknown: [] },
    });
    const human = await cli(['check'], { ZONGJIAN_DATABASE: url });
    expect(human.code, human.err).toBe(0);
    expect(human.out).toContain('结论：正常');
    expect(human.out).not.toMatch(/postgres:\/\/[^@/]*:[^@/*]+@/); // never a password

    // The headless documents read the server too (as the first administrator when no --user is given).
    const docs = await cli(['document', '--list', '--data', dir, '--database', url]);
    expect(docs.code, docs.err).toBe(0);

    const migrate = await cli(['migrate', '--database', url]);
    expect(migrate.code, migrate.err).toBe(0);
    expect(migrate.out).toContain('已是最新的数据库版本');

    const ok = await cli(['verify-ledger', '--database', url]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('信用台账校验：通过');
    expect(ok.out).toContain(`链头：第 3 条  ${head.hash}`);

    // Someone with the server's superuser account changes entry 2 behind the triggers' back.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query('alter table credit_ledger disable trigger user');
      await admin.query(`update credit_ledger set text = 'MARK-9' where seq = 2`);
      await admin.query('alter table credit_ledger enable trigger user');
      const broken = await cli(['verify-ledger', '--database', url]);
      expect(broken.code).toBe(3);
      expect(broken.out).toContain('信用台账校验：未通过');
      expect(broken.out).toContain('第一处断链：第 2 条');

      await admin.query(
        `insert into kysely_migration (name, timestamp) values ('29991231_newer', '2999-12-31')`,
      );
      const future = await cli(['check', '--database', url]);
      expect(future.code).toBe(3);
      expect(future.out).toMatch(/更高版本/);
      const futureLedger = await cli(['verify-ledger', '--database', url]);
      expect(futureLedger.code).toBe(3);
      expect(futureLedger.err).toMatch(/更高版本/);
      const futureMigrate = await cli(['migrate', '--database', url]);
      expect(futureMigrate.code).toBe(3);
    } finally {
      await admin.end();
    }
  }, 120_000);

  it('a wrong address and a refused connection: a clear Chinese error, exit 1 or 2', async () => {
    const wrong = await cli(['check', '--database', 'mysql://root@localhost/zj']);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('--database 应为 postgres:// 开头的地址');
    const refused = await cli(['verify-ledger', '--database', 'postgres://zj:secret@127.0.0.1:1/zj']);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/连接被拒绝/);
    expect(refused.err).not.toContain('secret');
  });
});
