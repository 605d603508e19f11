// The draw on the command line, as IT staff use it to re-run and archive: plans (id first on each line), draw
// (witnesses, entropy, record file whose SHA-256 is the one shown), verify-draw (MATCH, or exactly what differs
// with exit code 3 — a changed target, entropy digit or directory row), and an impossible draw's reasons.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAppCore } from '../../electron/server/app-core';
import type { DrawRecord, Input, MethodName, Output } from '../../shared/contract';
import { ADMIN } from './helpers';
import { buildDistrict, planFor, type Caller } from './draw-fixtures';
import { cli as runCli } from './cli-run';

const cli = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, { ZONGJIAN_PASSWORD: ADMIN.password, ...env });

let dir: string;
let planId = 0;
let impossibleId = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zj-draw-cli-'));
  const core = await startAppCore({ dataDir: dir, startupCare: false });
  try {
    const call: Caller = <N extends MethodName>(name: N, args: Input<N>): Promise<Output<N>> =>
      core.dispatcher.call(name, args, 'setup');
    await call('system.setup', { office: { name: '越城区卫生健康局', docPrefix: '越卫健' }, admin: ADMIN });
    const district = await buildDistrict(call, core.database.db, {
      institutions: 25,
      tier: (i) => (['B', 'C', 'D', null] as const)[i % 4]!,
      inspectors: [3, 3],
    });
    planId = (await call('inspectionPlans.create', planFor(district))).id;
    // A plan whose only department has one inspector: no team of two can be formed.
    const lonely = await call('departments.list', {});
    const spare = lonely[5]!;
    await call('inspectors.create', { name: '孤单', departmentId: spare.id, badgeNo: 'SOLO-1' });
    impossibleId = (
      await call('inspectionPlans.create', {
        ...planFor(district, { departmentIds: [spare.id] }),
        name: '单部门计划',
      })
    ).id;
  } finally {
    await core.close();
  }
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli draw commands', () => {
  it('plans lists each plan with its id first', async () => {
    const r = await cli(['plans', '--data', dir]);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(2);
    const mine = lines.find((l) => l.startsWith(`${planId}\t`))!;
    expect(mine).toContain('2026年度医疗机构双随机抽查计划');
    expect(mine).toContain('第1批 上半年（2026-03-01—2026-06-30，未抽取）');
    expect(lines.some((l) => l.startsWith(`${impossibleId}\t`))).toBe(true);
  });

  it('draws, writes a record whose SHA-256 is the one shown, and verify-draw finds any change', async () => {
    const record = join(dir, 'record.json');
    const usage = await cli([
      'draw',
      '--data',
      dir,
      '--plan',
      String(planId),
      '--batch',
      '1',
      '--user',
      'admin',
    ]);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('缺少 --entropy');
    // Without a seal there is no draw.
    const unsealed = await cli([
      'draw',
      '--data',
      dir,
      '--plan',
      String(planId),
      '--batch',
      '1',
      '--entropy',
      '03121726293313',
      '--witness',
      '王见证',
      '--out',
      join(dir, 'u.json'),
      '--user',
      'admin',
    ]);
    expect(unsealed.code).toBe(1);
    expect(unsealed.err).toContain('第1批尚未封存');
    // Sealed on the 18th (Beijing), the seal written out as JSON.
    const sealFile = join(dir, 'seal.json');
    const sealed = await cli([
      'draw',
      '--data',
      dir,
      '--plan',
      String(planId),
      '--batch',
      '1',
      '--seal',
      '--out',
      sealFile,
      '--user',
      'admin',
      '--now',
      '2026-11-18T10:00:00+08:00',
    ]);
    expect(sealed.code, sealed.err).toBe(0);
    const sealSha = createHash('sha256').update(readFileSync(sealFile)).digest('hex');
    expect(sealed.out).toContain(`封存记录 SHA-256：${sealSha}`);
    expect(sealed.out).toContain('抽取须使用开奖日期晚于 2026-11-18（北京时间）的公开随机数');
    const r = await cli([
      'draw',
      '--data',
      dir,
      '--plan',
      String(planId),
      '--batch',
      '1',
      '--entropy',
      '03 12 17 26 29 33 13',
      '--entropy-source',
      '双色球第2026136期开奖号码',
      '--entropy-date',
      '2026-11-19',
      '--witness',
      '王见证',
      '--witness',
      '李监督',
      '--out',
      record,
      '--user',
      'admin',
      '--now',
      '2026-11-20T09:30:00+08:00',
    ]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`封存记录 SHA-256：${sealSha}（按封存的名录与计划参数抽取）`);
    const bytes = readFileSync(record);
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(r.out).toContain(`记录 SHA-256：${sha}`);
    expect(r.out).toContain('见证人：王见证、李监督');
    const rec = JSON.parse(bytes.toString('utf8')) as DrawRecord;
    expect(r.out).toContain(`抽中 ${rec.result.targets.length} 个监管对象`);
    expect(rec.result.targets.length).toBe(12); // B 7 × 20 % = 1.4 → 1, C 6 × 60 % = 3.6 → 4, D 6, 未评级 6 × 20 % = 1.2 → 1
    expect((await cli(['plans', '--data', dir])).out).toContain(
      `已抽取 ${rec.result.targets.length} 个对象，SHA-256 ${sha.slice(0, 16)}`,
    );

    // Once per batch.
    const again = await cli([
      'draw',
      '--data',
      dir,
      '--plan',
      String(planId),
      '--batch',
      '1',
      '--entropy',
      '123456',
      '--witness',
      '甲',
      '--out',
      join(dir, 'x.json'),
      '--user',
      'admin',
    ]);
    expect(again.code).toBe(1);
    expect(again.err).toContain('同一批次只能抽取一次');

    const ok = await cli(['verify-draw', record, '--data', dir]);
    expect(ok.code, ok.err + ok.out).toBe(0);
    expect(ok.out.split('\n')[0]).toBe('MATCH');
    expect(ok.out).toContain(`SHA-256：${sha}`);
    expect(ok.out).toContain('与数据文件夹中的档案逐字段一致');
    expect(ok.out).toContain('与档案中的封存记录一致');
    // The seal hash from the printed 封存记录: the right one matches, another does not.
    expect((await cli(['verify-draw', record, '--data', dir, '--seal-sha256', sealSha])).code).toBe(0);
    const paper = await cli(['verify-draw', record, '--data', dir, '--seal-sha256', 'ab'.repeat(32)]);
    expect(paper.code).toBe(3);
    expect(paper.out).toContain('封存记录的 SHA-256 与封存记录打印件上的不一致');

    const tampered = async (name: string, fn: (r: DrawRecord) => void) => {
      const copy = JSON.parse(bytes.toString('utf8')) as DrawRecord;
      fn(copy);
      const path = join(dir, name);
      writeFileSync(path, JSON.stringify(copy, null, 2));
      return await cli(['verify-draw', path, '--data', dir]);
    };
    const target = await tampered('target.json', (x) => {
      const other = x.directory.institutions.find(
        (e) => !x.result.targets.some((t) => t.institutionId === e.row.id),
      )!;
      x.result.targets[0]!.institutionId = other.row.id;
      x.result.targets[0]!.name = other.row.name;
    });
    expect(target.code).toBe(3);
    expect(target.out.split('\n')[0]).toBe('MISMATCH');
    expect(target.out).toMatch(/抽取结果第 1 个对象：记录为“.+”（id \d+），按输入重新计算为“.+”（id \d+）/);
    expect(target.out).toContain('result.targets[0].institutionId（抽取结果）：档案中为');

    const digit = await tampered('digit.json', (x) => {
      x.inputs.entropy.digits = `9${x.inputs.entropy.digits.slice(1)}`;
    });
    expect(digit.code).toBe(3);
    expect(digit.out).toContain(
      'inputs.entropy.digits（公开随机数）：档案中为 "03121726293313"，文件中为 "93121726293313"',
    );
    expect(digit.out).toContain(`种子：记录为 ${rec.seed}，按输入重新计算为`);

    const row = await tampered('row.json', (x) => {
      x.directory.inspectors[1]!.row.departmentId = x.directory.inspectors[0]!.row.departmentId === 1 ? 2 : 1;
    });
    expect(row.code).toBe(3);
    expect(row.out).toMatch(/名录快照（执法人员）第 2 行 id \d+“检查员\d+”的内容与其 SHA-256 不符/);
    expect(row.out).toContain('directory.inspectors[1].row.departmentId（名录快照（执法人员））：档案中为');

    // Without the archive (another machine), the record is still recomputed on its own.
    const elsewhere = mkdtempSync(join(tmpdir(), 'zj-draw-none-'));
    try {
      const alone = await cli(['verify-draw', record, '--data', elsewhere]);
      expect(alone.code, alone.err).toBe(0);
      expect(alone.out).toContain('未与档案核对');
      expect((await cli(['verify-draw', join(dir, 'digit.json'), '--data', elsewhere])).code).toBe(3);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  }, 150_000);

  it('an impossible draw cannot even be sealed: every reason, nothing written', async () => {
    const out = join(dir, 'impossible.json');
    const r = await cli([
      'draw',
      '--data',
      dir,
      '--plan',
      String(impossibleId),
      '--batch',
      '1',
      '--seal',
      '--out',
      out,
      '--user',
      'admin',
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('失败：无法封存（无法抽取）');
    expect(r.err).toContain('每组需要 2 名检查人员，参与单位只有 1 名启用的执法检查人员');
    expect(() => readFileSync(out)).toThrow();
  }, 30_000);
});
