// The office CA certificate for 验证证书 (verify-full), chosen as a file rather than typed as a path. In browser
// mode (the loopback host) the browser cannot hand over a path: 选择证书文件… opens the browser's file chooser, the
// file's text goes to the host, which checks it is a certificate, keeps it in the data folder and answers whom it
// was issued to and until when. A file that is not a certificate is refused in Chinese. Both in first-run setup
// (连接单位数据库服务器) and in 系统设置 › 数据存储. No database server is needed: the certificate is read, not used
// for a handshake (测试连接 then fails at the network, past the certificate).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, keepScreenshot, login, openSection } from './fixtures';

const OPENSSL = spawnSync('openssl', ['version']).status === 0;
test.skip(!OPENSSL, 'openssl is needed to make the test certificate');

/** A CA certificate made by openssl, and the day openssl says it ends (Beijing time). */
function makeCa(dir: string): { file: string; expires: string } {
  const r = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-utf8',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '400',
      '-subj',
      '/CN=越城区卫生健康局数据库 CA/O=越城区卫生健康局',
      '-keyout',
      'office-ca.key',
      '-out',
      'office-ca.crt',
    ],
    { cwd: dir, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  const file = join(dir, 'office-ca.crt');
  const end = spawnSync('openssl', ['x509', '-in', file, '-noout', '-enddate'], { encoding: 'utf8' }).stdout;
  const at = new Date(
    end
      .trim()
      .replace(/^notAfter=/, '')
      .replace(/ +/g, ' '),
  );
  const expires = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  return { file, expires };
}

const SUBJECT = '越城区卫生健康局数据库 CA';

async function chooseVerifyFull(page: Page): Promise<void> {
  await page.getByLabel('加密方式').selectOption({ label: '验证证书（verify-full）' });
  await expect(page.getByLabel('单位 CA 证书文件')).toBeVisible();
}

test('first-run setup: the office CA is chosen as a file; a text file is refused; the certificate is described and kept', async ({
  page,
  app,
  dataDir,
}, testInfo) => {
  const work = mkdtempSync(join(tmpdir(), 'zj-e2e-ca-'));
  try {
    const { file, expires } = makeCa(work);
    const notes = join(work, '证书说明.crt');
    writeFileSync(notes, '证书请向信息科索取。\n');
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(app.url);
    await page.getByRole('radio', { name: /连接单位数据库服务器/ }).check();
    await page.getByLabel('服务器地址').fill('127.0.0.1');
    await page.getByLabel('端口').fill('9');
    await page.getByLabel('数据库密码').fill('Right#2026');
    await chooseVerifyFull(page);
    await expect(page.getByLabel('单位 CA 证书文件')).toHaveValue('');

    // Not a certificate: said so in Chinese, nothing chosen.
    await page.getByLabel('上传证书文件').setInputFiles(notes);
    const refused = page.getByRole('alert').filter({ hasText: '证书文件不可用' });
    await expect(refused).toContainText('“证书说明.crt”不是 PEM 格式的证书');
    await expect(refused).toContainText('-----BEGIN CERTIFICATE-----');
    await expect(page.getByLabel('单位 CA 证书文件')).toHaveValue('');
    await refused.scrollIntoViewIfNeeded();
    await keepScreenshot(page, testInfo, 'office-ca-not-a-certificate');

    // The office's CA, picked with the button as a person does (the browser's file chooser).
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: '选择证书文件…' }).click();
    await (await chooser).setFiles(file);
    const ok = page.getByRole('status').filter({ hasText: '证书可用' });
    await expect(ok).toContainText(`颁发给 ${SUBJECT}，有效期至 ${expires}`);
    await expect(refused).toHaveCount(0);
    // The host keeps it in the data folder, and that is the path the connection uses.
    const kept = readdirSync(dataDir).filter((f) => /^office-ca-[0-9a-f]{12}\.pem$/.test(f));
    expect(kept).toHaveLength(1);
    await expect(page.getByLabel('单位 CA 证书文件')).toHaveValue(join(dataDir, kept[0]!));
    expect(readFileSync(join(dataDir, kept[0]!), 'utf8').trim()).toBe(readFileSync(file, 'utf8').trim());
    await ok.scrollIntoViewIfNeeded();
    await keepScreenshot(page, testInfo, 'office-ca-setup');

    // 测试连接 gets past the certificate and stops at the network (nothing listens on port 9).
    await page.getByRole('button', { name: '测试连接' }).click();
    await expect(page.getByRole('alert').filter({ hasText: '连接失败' })).toContainText('无法连接');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('系统设置 › 数据存储: the administrator chooses the office CA file for the server the desk will use', async ({
  page,
  seeded,
  dataDir,
}, testInfo) => {
  const work = mkdtempSync(join(tmpdir(), 'zj-e2e-ca-'));
  try {
    const { file, expires } = makeCa(work);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(seeded.url);
    await login(page, 'admin');
    await openSection(page, '系统设置');
    await page.getByRole('tab', { name: '数据存储' }).click();
    await page.getByRole('button', { name: '改为连接单位数据库服务器…' }).click();
    await chooseVerifyFull(page);
    await page.getByLabel('上传证书文件').setInputFiles(file);
    const ok = page.getByRole('status').filter({ hasText: '证书可用' });
    await expect(ok).toContainText(`颁发给 ${SUBJECT}，有效期至 ${expires}`);
    await ok.scrollIntoViewIfNeeded();
    const path = await page.getByLabel('单位 CA 证书文件').inputValue();
    expect(path.startsWith(join(dataDir, 'office-ca-'))).toBe(true);
    expect(existsSync(path)).toBe(true);
    await keepScreenshot(page, testInfo, 'office-ca-settings');
    // Typing a path by hand is still possible; one that is not there is named.
    await page.getByLabel('单位 CA 证书文件').fill(join(work, 'missing.crt'));
    await page.getByLabel('服务器地址').click();
    await expect(page.getByRole('alert').filter({ hasText: '证书文件不可用' })).toContainText(
      '找不到 CA 证书文件',
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
