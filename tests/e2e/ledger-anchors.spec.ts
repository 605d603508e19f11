// Anchors as an administrator meets them (issue 15, finding 7): the demo's signed packages each recorded the ledger
// head they were signed over; a tool then cut the data file's ledger below the last one, behind its triggers.
// 校验台账 names the package that proves the loss, a manual backup is still made but says so, and the backup's
// preview refuses to restore it, giving the same reason.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, keepScreenshot, openSection, login, seedDemo, startHost } from './fixtures';

test('a ledger cut below a signed package: 校验台账, a backup and its preview name the package', async ({
  page,
  dataDir,
}, testInfo) => {
  test.setTimeout(180_000); // the demo seeded with its signed reports, then a host of its own
  seedDemo(dataDir);
  // Cut the ledger to three entries below the last signed package's head, behind the append-only triggers.
  const db = new Database(join(dataDir, 'zongjian.db'));
  const anchored = db
    .prepare(
      `select max(json_extract(manifest_json, '$.ledgerHead.seq')) from reports
        where status = 'signed' and manifest_json is not null`,
    )
    .pluck()
    .get() as number;
  expect(anchored).toBeGreaterThan(3);
  const triggers = db
    .prepare(`select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'credit_ledger'`)
    .all() as { name: string; sql: string }[];
  db.pragma('foreign_keys = OFF'); // as a tool editing the file would (records may refer to the entries)
  db.transaction(() => {
    for (const t of triggers) db.exec(`drop trigger "${t.name}"`);
    db.prepare('delete from credit_ledger where seq > ?').run(anchored - 3);
    for (const t of triggers) db.exec(t.sql);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const loss = new RegExp(`上报数据包签署时台账为 ${anchored} 条，现为 ${anchored - 3} 条`);

  const usb = mkdtempSync(join(tmpdir(), 'zj-e2e-usb-'));
  const { host, child } = await startHost(dataDir);
  try {
    await page.goto(host.url);
    await login(page, 'admin');
    await openSection(page, '信用台账');
    await page.getByRole('button', { name: '校验台账' }).click();
    const check = page.getByRole('alert').filter({ hasText: '校验未通过：已签署上报的台账记录缺失或被改动' });
    await expect(check).toBeVisible();
    await expect(check.getByText(loss).first()).toBeVisible();
    await keepScreenshot(page, testInfo, 'ledger-anchors-check');

    await openSection(page, '系统设置');
    await page.getByRole('tab', { name: '数据备份' }).click();
    await page.getByLabel('备份位置（文件夹）').fill(usb);
    await page.getByRole('button', { name: '立即备份' }).click();
    await expect(page.getByText(`已保存到 ${usb}`)).toBeVisible();
    const warning = page.getByRole('alert').filter({ hasText: '信用台账少于已签署上报的数据包所记' });
    await expect(warning).toBeVisible();
    await expect(warning.getByText(loss)).toBeVisible();
    await expect(warning).toContainText('不能用于恢复');
    const [folder] = readdirSync(usb);
    const manifest = JSON.parse(readFileSync(join(usb, folder!, 'backup.json'), 'utf8'));
    expect(manifest.ledger.size).toBe(anchored - 3);
    expect(manifest.ledger.losses.join('；')).toMatch(loss);
    await keepScreenshot(page, testInfo, 'ledger-anchors-backup');

    await page.getByLabel('备份文件夹').fill(join(usb, folder!));
    await page.getByRole('button', { name: '查看备份' }).click();
    const restore = page.getByRole('dialog', { name: '从备份恢复' });
    const refused = restore.getByRole('alert').filter({ hasText: '此备份未通过检查，不能恢复' });
    await expect(refused).toBeVisible();
    await expect(refused).toContainText('信用台账少于已签署上报的数据包所记');
    await expect(refused.getByText(loss)).toBeVisible();
    await keepScreenshot(page, testInfo, 'ledger-anchors-preview');
  } finally {
    child.kill('SIGTERM');
    rmSync(usb, { recursive: true, force: true });
  }
});
