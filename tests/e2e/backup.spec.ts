// 数据备份 as an administrator uses it: the start-up check and the day's automatic backup are shown, a backup
// goes to a "USB" folder with the attachments, later work is undone by restoring it after the preview, and the
// app asks everyone to sign in again.
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  test,
  expect,
  keepScreenshot,
  openSection,
  login,
  seedDemo,
  startHost,
  invokeInPage,
} from './fixtures';

test('backup to a USB folder, then restore it after the preview', async ({ page, seeded }, testInfo) => {
  const usb = mkdtempSync(join(tmpdir(), 'zj-e2e-usb-'));
  try {
    await page.goto(seeded.url);
    await login(page, 'admin');
    await openSection(page, '系统设置');
    await page.getByRole('tab', { name: '数据备份' }).click();
    await expect(page.getByText(/启动检查：数据文件完好/)).toBeVisible();
    // The host started today on a set-up office: its daily backup is listed.
    const auto = page.getByRole('table', { name: '自动备份' });
    await expect(auto.getByRole('cell', { name: '每日自动备份' })).toBeVisible();

    await page.getByLabel('备份位置（文件夹）').fill('备份');
    await page.getByRole('button', { name: '立即备份' }).click();
    await expect(page.getByText('请填写完整路径')).toBeVisible();
    await page.getByLabel('备份位置（文件夹）').fill(usb);
    await page.getByRole('button', { name: '立即备份' }).click();
    await expect(page.getByText(`已保存到 ${usb}`)).toBeVisible();
    // The progress bar ends at its last step: copy, attachments, check, checksum, manifest.
    await expect(page.getByTestId('progress')).toContainText('备份完成');
    await expect(page.getByTestId('progress-count')).toHaveText('第 5 / 5 步（100%）');
    await page.setViewportSize({ width: 1366, height: 768 });
    await keepScreenshot(page, testInfo, 'backup-progress');
    await page.setViewportSize({ width: 1440, height: 900 });
    const [folder] = readdirSync(usb);
    expect(folder).toMatch(/^zongjian-backup-\d{8}-\d{6}-manual$/);
    const manifest = JSON.parse(readFileSync(join(usb, folder!, 'backup.json'), 'utf8'));
    expect(manifest.office).toBe('绍兴市越城区卫生健康局');
    expect(manifest.attachments.included).toBe(true);
    expect(manifest.attachments.count).toBeGreaterThan(0); // the demo's evidence files
    expect(existsSync(join(usb, folder!, 'zongjian.db'))).toBe(true);
    await keepScreenshot(page, testInfo, 'backup-settings');

    // Work done after the backup…
    await openSection(page, '基础数据');
    await page.getByRole('button', { name: '新增单位' }).click();
    const dialog = page.getByRole('dialog', { name: '新增成员单位' });
    await dialog.getByLabel('单位全称').fill('绍兴市越城区退役军人事务局');
    await dialog.getByLabel('简称').fill('区退役军人事务局');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect(page.getByText('已保存“区退役军人事务局”')).toBeVisible();

    // …is undone by restoring it.
    await openSection(page, '系统设置');
    await page.getByRole('tab', { name: '数据备份' }).click();
    await page.getByLabel('备份文件夹').fill(join(usb, folder!));
    await page.getByRole('button', { name: '查看备份' }).click();
    const restore = page.getByRole('dialog', { name: '从备份恢复' });
    await expect(restore.getByText('检查通过')).toBeVisible();
    await expect(restore.getByText('绍兴市越城区卫生健康局')).toBeVisible();
    const contents = restore.getByRole('table', { name: '备份内容' });
    await expect(contents.getByRole('row', { name: /成员单位 27/ })).toBeVisible();
    await expect(restore.getByRole('button', { name: '恢复此备份' })).toBeDisabled();
    await restore.getByLabel('请输入“恢复”二字以确认').fill('恢复');
    await keepScreenshot(page, testInfo, 'backup-restore-preview');
    await restore.getByRole('button', { name: '恢复此备份' }).click();
    await expect(
      page.getByText(/已从备份恢复；恢复前的数据已保存为 zongjian-backup-.*-safety/),
    ).toBeVisible();

    // Everyone signs in again, to the data as it was at the backup.
    await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
    await login(page, 'admin');
    await openSection(page, '基础数据');
    const grid = page.locator('[data-grid="departments"]');
    await expect(grid.getByRole('gridcell', { name: '区公安分局', exact: true })).toBeVisible();
    await expect(grid.getByRole('gridcell', { name: '区退役军人事务局', exact: true })).toHaveCount(0);
    await openSection(page, '系统设置');
    await page.getByRole('tab', { name: '数据备份' }).click();
    await expect(auto.getByRole('cell', { name: '恢复前安全备份' })).toBeVisible();
  } finally {
    rmSync(usb, { recursive: true, force: true });
  }
});

test('a clerk is not offered backups, and the dispatcher refuses them too', async ({ page, seeded }) => {
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  await openSection(page, '系统设置');
  await expect(page.getByRole('tab', { name: '数据备份' })).toHaveCount(0);
  const answer = await invokeInPage(page, 'backup.create', { destination: '/tmp/x' });
  expect(answer.ok).toBe(false);
  expect(answer.error?.code).toBe('FORBIDDEN');
  expect(answer.error?.message).toContain('备份与恢复');
});

test('a damaged data file: read-only with an explanation, and restore from the latest good backup', async ({
  page,
  dataDir,
}, testInfo) => {
  test.setTimeout(180_000); // the demo seeded with its signed reports, then two starts of a host of its own
  seedDemo(dataDir);
  // A first start takes the day's backup of the sound file…
  const first = await startHost(dataDir);
  await expect
    .poll(() => (existsSync(join(dataDir, 'backups')) ? readdirSync(join(dataDir, 'backups')) : []))
    .toHaveLength(1);
  first.child.kill('SIGTERM');
  await new Promise((r) => first.child.once('exit', r));
  // …then a disk fault overwrites one page of the departments table.
  const file = join(dataDir, 'zongjian.db');
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const pageNo = db
    .prepare("select pageno from dbstat where name = 'departments' and pagetype = 'leaf' limit 1")
    .pluck()
    .get() as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(pageSize - 200, 0x5a), 0, pageSize - 200, (pageNo - 1) * pageSize + 100);
  closeSync(fd);

  const { host, child } = await startHost(dataDir);
  try {
    await page.goto(host.url);
    await login(page, 'admin');
    const banner = page.getByRole('alert').filter({ hasText: '数据文件完整性检查未通过' });
    await expect(banner).toBeVisible();
    await keepScreenshot(page, testInfo, 'backup-damaged-banner');
    // Nothing can be written meanwhile, with the reason given.
    await openSection(page, '系统设置');
    await page.getByRole('tab', { name: '业务规则' }).click();
    await page.getByRole('button', { name: '保存业务规则' }).click();
    await expect(page.getByText(/已停止写入，只能查看/).first()).toBeVisible();

    await banner.getByRole('link', { name: '从备份恢复' }).click();
    await page.getByRole('button', { name: '查看并恢复此备份' }).click();
    const restore = page.getByRole('dialog', { name: '从备份恢复' });
    await expect(restore.getByText('检查通过')).toBeVisible();
    await restore.getByLabel('请输入“恢复”二字以确认').fill('恢复');
    await restore.getByRole('button', { name: '恢复此备份' }).click();
    await expect(page.getByText(/已从备份恢复/)).toBeVisible();
    await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
    await login(page, 'admin');
    await expect(page.getByText('数据文件完整性检查未通过')).toHaveCount(0);
    await openSection(page, '基础数据');
    await expect(
      page.locator('[data-grid="departments"]').getByRole('gridcell', { name: '区公安分局', exact: true }),
    ).toBeVisible();
  } finally {
    child.kill('SIGTERM');
  }
});
