// The command line as a script would use it: exit codes and messages, against real data folders. The commands run
// in-process (tests/unit/cli-run.ts); the last tests start the real process, for its exit status and streams.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Database from 'better-sqlite3';
import { cli } from './cli-run';

/** The real process, as a script starts it: only for what is about the process (exit status, its streams). */
function spawnCli(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/index.ts', ...args], {
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('cli', () => {
  it('init, check, import-departments, seed-demo with script-friendly exit codes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zj-cli-'));
    const demo = mkdtempSync(join(tmpdir(), 'zj-cli-demo-'));
    try {
      expect((await cli(['frobnicate'])).code).toBe(2);
      expect((await cli(['check', '--data', dir])).code).toBe(3); // no data file yet
      const missing = await cli(['init', '--data', dir, '--office', '越城区卫生健康局']);
      expect(missing.code).toBe(2);
      expect(missing.err).toContain('缺少 --prefix');

      const args = [
        'init',
        '--data',
        dir,
        '--office',
        '越城区卫生健康局',
        '--prefix',
        '越卫健',
        '--admin',
        'admin',
      ];
      const badProvince = await cli([...args, '--province', '浙江'], { ZONGJIAN_PASSWORD: 'Admin#2026' });
      expect(badProvince.code).toBe(1);
      expect(badProvince.err).toContain('请选择本单位所在省份');
      const init = await cli([...args, '--province', '浙江省', '--start', '2026Q4'], {
        ZONGJIAN_PASSWORD: 'Admin#2026',
      });
      expect(init.code, init.err).toBe(0);
      expect(init.out).toContain('已初始化：越城区卫生健康局');
      expect(init.out).toContain('自2026年第四季度起使用本系统，浙江省');
      const stored = new Database(join(dir, 'zongjian.db'), { readonly: true });
      const settings = Object.fromEntries(
        (
          stored.prepare('select key, value_json from settings').all() as {
            key: string;
            value_json: string;
          }[]
        ).map((r) => [r.key, JSON.parse(r.value_json) as unknown]),
      );
      stored.close();
      expect(settings).toMatchObject({ startQuarter: '2026Q4', province: '浙江省' });

      const check = await cli(['check', '--data', dir, '--json']);
      expect(check.code, check.err).toBe(0);
      expect(JSON.parse(check.out)).toMatchObject({
        ok: true,
        integrity: ['ok'],
        migrations: { pending: [], unknown: [] },
      });

      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('成员单位');
      ws.addRow(['单位全称', '简称', '类型']);
      ws.addRow(['绍兴市越城区红十字会', '区红十字会', '部门']);
      ws.addRow(['绍兴市越城区甲', '', '科室']);
      const bad = join(dir, 'bad.xlsx');
      await wb.xlsx.writeFile(bad);
      const wrongPw = await cli(['import-departments', bad, '--data', dir, '--user', 'admin'], {
        ZONGJIAN_PASSWORD: 'nope-nope',
      });
      expect(wrongPw.code).toBe(1);
      expect(wrongPw.err).toContain('用户名或密码错误');
      const badRun = await cli(['import-departments', bad, '--data', dir, '--user', 'admin'], {
        ZONGJIAN_PASSWORD: 'Admin#2026',
      });
      expect(badRun.code).toBe(4);
      expect(badRun.out).toContain('第 3 行');
      ws.spliceRows(3, 1);
      const good = join(dir, 'good.xlsx');
      await wb.xlsx.writeFile(good);
      const goodRun = await cli(['import-departments', good, '--data', dir, '--user', 'admin'], {
        ZONGJIAN_PASSWORD: 'Admin#2026',
      });
      expect(goodRun.code, goodRun.err).toBe(0);
      expect(goodRun.out).toContain('新增 1');
      const db = new Database(join(dir, 'zongjian.db'), { readonly: true });
      const audit = db
        .prepare("select actor_name from audit_log where action = 'departments.importApply'")
        .all();
      db.close();
      expect(audit.length).toBeGreaterThan(0);

      const seeded = await cli(['seed-demo', '--data', demo, '--json']);
      expect(seeded.code, seeded.err).toBe(0);
      expect(JSON.parse(seeded.out)).toMatchObject({ departments: 27, password: 'Demo@2026' });
      const again = await cli(['seed-demo', '--data', demo]);
      expect(again.code).toBe(1);
      expect(again.err).toContain('已有数据');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(demo, { recursive: true, force: true });
    }
  }, 240_000); // the whole demo district (its reports signed with Chromium) is made through the CLI
});

// A process per command costs seconds on a loaded machine: these few are the ones about the process itself.
describe('cli process', () => {
  it("exits with the command's code and writes usage and results to the right stream", () => {
    const unknown = spawnCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('未知命令：frobnicate');
    expect(unknown.out).toBe('');
    const help = spawnCli(['help']);
    expect(help.code, help.err).toBe(0);
    expect(help.out).toContain('退出码: 0 成功');
    expect(help.err).toBe('');
  }, 120_000);

  it('check of a corrupted file exits 3 with the message on stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zj-cli-'));
    try {
      writeFileSync(join(dir, 'zongjian.db'), Buffer.alloc(8192, 7));
      const r = spawnCli(['check', '--data', dir, '--json']);
      expect(r.code).toBe(3);
      expect(r.err).toContain('无法读取，可能不是本软件的数据文件或已损坏');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
