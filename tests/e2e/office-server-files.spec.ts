// 多人协同, files and backups end to end: a single-desk office (the demo district) is moved onto the office server
// with `zongjian transfer`; a reply document uploaded on one desk opens, byte for byte, on another desk (the file
// lives in the server's database, not in a desk's folder); and the administrator backs the server up from the
// 数据备份 page into the same backup folder a desk writes. Runs where ZONGJIAN_TEST_PG names a server the tests
// may create databases on (CI starts one).
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import {
  test,
  expect,
  keepScreenshot,
  login,
  openSection,
  seedDemo,
  DEMO_PASSWORD,
  TEST_NOW,
  startServerSeat,
  serverDatabase,
} from './fixtures';

const PG = process.env.ZONGJIAN_TEST_PG;
const ENV = { ...process.env, TZ: 'Asia/Shanghai', ZONGJIAN_PASSWORD: DEMO_PASSWORD };
const MATTER = '鉴水测试：服务器上的转报回复文件';
const REPLY = '关于转报事项的书面回复：已在单位数据库服务器上保存。';

test.skip(!PG, 'ZONGJIAN_TEST_PG is not set: no PostgreSQL server for the office-server test');

test('a desk moved onto the server with transfer; a file saved on one desk opens on another; the server backs up', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(300_000);
  const { admin, name, url } = await serverDatabase(PG!, 'zj_e2e_files');
  const desk = mkdtempSync(join(tmpdir(), 'zj-e2e-desk-'));
  const dirs = [mkdtempSync(join(tmpdir(), 'zj-seat1-')), mkdtempSync(join(tmpdir(), 'zj-seat2-'))];
  const usb = mkdtempSync(join(tmpdir(), 'zj-e2e-server-usb-'));
  const seats: ChildProcess[] = [];
  try {
    // The office as one desk had it, moved onto the server from the command line (README: 把单机的数据迁到服务器).
    seedDemo(desk);
    const moved = spawnSync(process.execPath, ['out/main/cli.js', 'transfer', '--from', desk, '--to', url], {
      encoding: 'utf8',
      env: ENV,
    });
    expect(moved.status, moved.stderr + moved.stdout).toBe(0);
    expect(moved.stdout).toContain('已核对一致：每张表的行数、附件（数量与 SHA-256）、信用台账链头');
    const again = spawnSync(process.execPath, ['out/main/cli.js', 'transfer', '--from', desk, '--to', url], {
      encoding: 'utf8',
      env: ENV,
    });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/不是空的（已有：单位信息 1 行、用户账号 \d+ 行/);

    const one = await startServerSeat(dirs[0]!, url);
    const two = await startServerSeat(dirs[1]!, url);
    seats.push(one.child, two.child);

    // Desk 1: a referral answered in writing, with the reply document.
    await page.goto(one.url);
    await login(page, 'keyuan');
    await openSection(page, '联合执法');
    await page.getByRole('tab', { name: '转报移送' }).click();
    await page.getByRole('button', { name: '登记转报' }).click();
    const add = page.getByRole('dialog', { name: '登记转报' });
    await add.getByLabel('转出单位').selectOption({ label: '区市场监管局' });
    await add.getByRole('group', { name: '接收单位', exact: true }).getByLabel('区卫生健康局').check();
    await add.getByLabel('收到日期').fill('2026-11-18');
    await add.getByLabel('转报事项').fill(MATTER);
    await add.getByRole('button', { name: '保存' }).click();
    await expect(add).toHaveCount(0);
    const grid = page.locator('[data-grid="enforcement-referrals"]');
    await expect(grid.getByRole('row').filter({ hasText: MATTER })).toBeVisible();
    await grid.getByRole('row').filter({ hasText: MATTER }).click();
    await page.getByRole('button', { name: '登记回复' }).click();
    const reply = page.getByRole('dialog', { name: '登记书面回复' });
    await reply.getByLabel('回复日期').fill('2026-11-20');
    await reply.getByLabel('书面回复内容').fill('已立案查处。');
    await reply.getByLabel('回复文件').setInputFiles({
      name: '服务器回复.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(REPLY),
    });
    await reply.getByRole('button', { name: '保存回复' }).click();
    await expect(reply).toHaveCount(0);
    // Nothing of it lands in desk 1's own folder: the file is in the server's database.
    expect(
      existsSync(join(dirs[0]!, 'attachments')) ? readdirSync(join(dirs[0]!, 'attachments')) : [],
    ).toEqual([]);

    // Desk 2, another person's browser: the same referral, and its file opens with the same bytes.
    const other = await browser.newContext();
    const viewer = await other.newPage();
    await viewer.clock.setFixedTime(new Date(TEST_NOW));
    await viewer.goto(two.url);
    await login(viewer, 'admin');
    await openSection(viewer, '联合执法');
    await viewer.getByRole('tab', { name: '转报移送' }).click();
    const row = viewer
      .locator('[data-grid="enforcement-referrals"]')
      .getByRole('row')
      .filter({ hasText: MATTER });
    await expect(row).toContainText('已回复');
    await row.click();
    const detail = viewer.getByRole('region', { name: '转报详情' });
    await expect(detail).toContainText('2026-11-20：已立案查处。');
    const download = viewer.waitForEvent('download');
    await detail.getByRole('button', { name: '下载回复文件“服务器回复.txt”' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('服务器回复.txt');
    expect(readFileSync((await file.path())!, 'utf8')).toBe(REPLY);
    await keepScreenshot(viewer, testInfo, 'office-server-file-other-desk');

    // Desk 2's administrator backs the server up to a USB folder from the 数据备份 page.
    await openSection(viewer, '系统设置');
    await viewer.getByRole('tab', { name: '数据备份' }).click();
    // The page's note: where the data is in one line, what the backup copies under 详细说明.
    await expect(viewer.getByText(/数据在单位数据库服务器 postgres:\/\/.*上。/)).toBeVisible();
    await viewer.getByText('详细说明').first().click();
    await expect(
      viewer.getByText(/备份把服务器上的全部数据和附件复制成与单机版相同的备份文件夹/),
    ).toBeVisible();
    await expect(viewer.getByText(/已连接单位数据库服务器/)).toBeVisible();
    await viewer.getByLabel('备份位置（文件夹）').fill(usb);
    await viewer.getByRole('button', { name: '立即备份' }).click();
    await expect(viewer.getByText(`已保存到 ${usb}`)).toBeVisible();
    await keepScreenshot(viewer, testInfo, 'office-server-backup');
    const [folder] = readdirSync(usb);
    expect(folder).toMatch(/^zongjian-backup-\d{8}-\d{6}-manual$/);
    const manifest = JSON.parse(readFileSync(join(usb, folder!, 'backup.json'), 'utf8'));
    expect(manifest.office).toBe('绍兴市越城区卫生健康局');
    expect(manifest.attachments.included).toBe(true);
    // The same folder a desk writes: a SQLite file (read here with better-sqlite3) and the attachments.
    const db = new Database(join(usb, folder!, 'zongjian.db'), { readonly: true });
    try {
      const r = db
        .prepare(`select f.sha256 from referrals r join files f on f.id = r.reply_file_id where r.matter = ?`)
        .get(MATTER) as { sha256: string } | undefined;
      expect(r).toBeTruthy();
      expect(readFileSync(join(usb, folder!, 'attachments', r!.sha256.slice(0, 2), r!.sha256), 'utf8')).toBe(
        REPLY,
      );
      expect(manifest.attachments.count).toBe(
        db.prepare('select count(*) from files').pluck().get() as number,
      );
    } finally {
      db.close();
    }

    // Work done on the server after the backup…
    await openSection(viewer, '基础数据');
    await viewer.getByRole('button', { name: '新增单位' }).click();
    const dept = viewer.getByRole('dialog', { name: '新增成员单位' });
    await dept.getByLabel('单位全称').fill('绍兴市越城区退役军人事务局');
    await dept.getByLabel('简称').fill('区退役军人事务局');
    await dept.getByRole('button', { name: '保存' }).click();
    await expect(viewer.getByText('已保存“区退役军人事务局”')).toBeVisible();
    // …is undone by restoring the backup onto the server from the same page (same office: allowed).
    await openSection(viewer, '系统设置');
    await viewer.getByRole('tab', { name: '数据备份' }).click();
    await viewer.getByLabel('备份文件夹').fill(join(usb, folder!));
    await viewer.getByRole('button', { name: '查看备份' }).click();
    const restore = viewer.getByRole('dialog', { name: '从备份恢复' });
    await expect(restore.getByText('检查通过')).toBeVisible();
    await expect(restore.getByText('绍兴市越城区卫生健康局')).toBeVisible();
    await restore.getByLabel('请输入“恢复”二字以确认').fill('恢复');
    await keepScreenshot(viewer, testInfo, 'office-server-restore-preview');
    await restore.getByRole('button', { name: '恢复此备份' }).click();
    await expect(viewer.getByText(/已从备份恢复/)).toBeVisible();
    await expect(viewer.getByRole('button', { name: '登录' })).toBeVisible();
    // The server holds the data as it was at the backup, for every desk: desk 1 reads it too.
    const restored = new pg.Client({ connectionString: url });
    await restored.connect();
    try {
      const n = await restored.query(
        `select count(*)::int as n from departments where short_name = '区退役军人事务局'`,
      );
      expect(n.rows[0].n).toBe(0);
      const files = await restored.query(
        `select count(*)::int as n from referrals r join files f on f.id = r.reply_file_id where r.matter = $1`,
        [MATTER],
      );
      expect(files.rows[0].n).toBe(1);
    } finally {
      await restored.end();
    }
    await page.reload();
    const signIn = page.getByRole('button', { name: '登录', exact: true });
    const nav = page.getByRole('navigation', { name: '主导航' });
    await expect(signIn.or(nav).first()).toBeVisible();
    if (await signIn.isVisible()) await login(page, 'keyuan');
    await openSection(page, '基础数据');
    await expect(
      page.locator('[data-grid="departments"]').getByRole('gridcell', { name: '区公安分局', exact: true }),
    ).toBeVisible();
    await expect(
      page
        .locator('[data-grid="departments"]')
        .getByRole('gridcell', { name: '区退役军人事务局', exact: true }),
    ).toHaveCount(0);
    await other.close();
  } finally {
    for (const c of seats) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end();
    for (const d of [desk, usb, ...dirs]) rmSync(d, { recursive: true, force: true });
  }
});
