// Moving an office onto the server shows its progress (issue 18 item 14). IT staff move the demo district's desk
// onto an empty PostgreSQL database with `zongjian transfer` in a terminal: the command keeps one progress line
// (第 k / n 张表 and the rows copied, then the attachments) and ends with its summary. On a seat of that server the
// administrator then restores the desk's backup onto it (系统设置 → 数据备份 → 从备份恢复): while the rows go in, the
// window's bar names the table (第 k / n 张表) and counts the rows (第 a / b 行). Runs where ZONGJIAN_TEST_PG names
// a server the tests may create databases on (CI starts one).
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  test,
  expect,
  keepScreenshot,
  login,
  openSection,
  runCli,
  seedDemo,
  DEMO_PASSWORD,
  startServerSeat,
  serverDatabase,
} from './fixtures';

const PG = process.env.ZONGJIAN_TEST_PG;
const ENV = { ...process.env, TZ: 'Asia/Shanghai', ZONGJIAN_PASSWORD: DEMO_PASSWORD };

/** A shell command's quoting for `script -c`. */
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

test.skip(!PG, 'ZONGJIAN_TEST_PG is not set: no PostgreSQL server for the transfer progress test');

test('transfer in a terminal keeps a progress line; restoring onto the server shows 第 k / n 张表 and the rows', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  const { admin, name, url } = await serverDatabase(PG!, 'zj_e2e_progress');
  const desk = mkdtempSync(join(tmpdir(), 'zj-e2e-desk-'));
  const usb = mkdtempSync(join(tmpdir(), 'zj-e2e-usb-'));
  const seatDir = mkdtempSync(join(tmpdir(), 'zj-e2e-seat-'));
  let seat: ChildProcess | null = null;
  try {
    seedDemo(desk);
    runCli(desk, ['backup', '--to', usb, '--user', 'admin']);
    const [folder] = readdirSync(usb);
    expect(folder).toMatch(/-manual$/);

    // In a terminal (script(1) gives the command one): a line rewritten in place, then the summary.
    const cmd = [process.execPath, 'out/main/cli.js', 'transfer', '--from', desk, '--to', url]
      .map(quote)
      .join(' ');
    const run = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', env: ENV });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(/\r正在写入数据库服务器：第 1 \/ \d+ 张表（[^）]+）：第 0 \/ [\d,]+ 行（0%）/);
    const tables = Number(/第 1 \/ (\d+) 张表/.exec(out)![1]);
    expect(out).toMatch(new RegExp(`第 ${tables} / ${tables} 张表（[^）]+）：第 ([\\d,]+) / \\1 行（100%）`));
    expect(out).toMatch(/正在复制附件到数据库服务器：第 (\d+) \/ \1 个（100%）/);
    expect(out).toContain('迁移完成');
    expect(out).toContain(`数据表 ${tables} 张`);

    // A seat of the server: the administrator restores the desk's backup onto it, watching the bar.
    const opened = await startServerSeat(seatDir, url);
    seat = opened.child;
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(opened.url);
    await login(page, 'admin');
    await openSection(page, '系统设置');
    await page.getByRole('tab', { name: '数据备份' }).click();
    await expect(page.getByText(/已连接单位数据库服务器/)).toBeVisible();
    await page.getByLabel('备份文件夹').fill(join(usb, folder!));
    await page.getByRole('button', { name: '查看备份' }).click();
    const restore = page.getByRole('dialog', { name: '从备份恢复' });
    await expect(restore.getByText('检查通过')).toBeVisible();
    await restore.getByLabel('请输入“恢复”二字以确认').fill('恢复');
    // Everything the bar says while the restore runs, kept in the tab's sessionStorage (the page reloads after).
    await page.evaluate(() => {
      const seen: string[] = [];
      const note = () => {
        const bar = document.querySelector('[data-testid="progress"]');
        const line = bar?.textContent ?? '';
        if (line && seen.at(-1) !== line) {
          seen.push(line);
          sessionStorage.setItem('zj-e2e-progress', JSON.stringify(seen));
        }
      };
      new MutationObserver(note).observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    });
    await restore.getByRole('button', { name: '恢复此备份' }).click();
    // The observer above has seen the bar count tables. Asked of its record, not of the bar itself: with prepared
    // statements the restore can end, and the window reload, before a visibility check catches the bar (CI, once).
    const recorded = async () =>
      page
        .evaluate(() => sessionStorage.getItem('zj-e2e-progress') ?? '[]')
        .catch(() => '[]'); // the page may be reloading for the restored data
    await expect.poll(recorded, { timeout: 60_000 }).toMatch(/张表/);
    const writing = restore.getByTestId('progress').filter({ hasText: /张表/ });
    if (await writing.isVisible()) await keepScreenshot(page, testInfo, 'progress-restore-onto-server');
    await expect(page.getByText(/已从备份恢复/)).toBeVisible({ timeout: 120_000 });
    const seen = JSON.parse(
      (await page.evaluate(() => sessionStorage.getItem('zj-e2e-progress'))) ?? '[]',
    ) as string[];
    const rows = seen.filter((l) => /张表/.test(l));
    expect(rows.length).toBeGreaterThan(0);
    for (const l of rows)
      // A table's label may hold brackets of its own: 第 2 / 72 张表（任务清单（年度））.
      expect(l).toMatch(/^正在写入数据库服务器：第 \d+ \/ \d+ 张表（.+）第 [\d,]+ \/ [\d,]+ 行（\d+%）$/);
    // Never backwards: the tables and the rows only grow.
    const nums = rows.map((l) => {
      const m = /第 (\d+) \/ \d+ 张表.*第 ([\d,]+) \/ ([\d,]+) 行/.exec(l)!;
      return [Number(m[1]), Number(m[2]!.replace(/,/g, ''))] as const;
    });
    for (let i = 1; i < nums.length; i++) {
      expect(nums[i]![0]).toBeGreaterThanOrEqual(nums[i - 1]![0]);
      expect(nums[i]![1]).toBeGreaterThanOrEqual(nums[i - 1]![1]);
    }
    // The bar's last words (恢复完成) are not always polled before the window signs out for the restored data
    // (seen once in CI: the last line read was table 69 of 72); 已从备份恢复 above is the end that counts.
  } finally {
    seat?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end();
    for (const d of [desk, usb, seatDir]) rmSync(d, { recursive: true, force: true });
  }
});
