// 报告上报 as the office does it on the demo district ("today" is 2026-11-22): the administrator generates the
// office signing key (报告上报 → 本单位签名密钥); in 报告上报 the list shows the third quarter's stage summary 已逾期;
// the summary is drafted from its due row, its figures shown read-only, its narrative written and saved, and
// previewed in GB/T 9704 layout; a wrong passphrase is refused, the right one signs it (the report gets its 发文字号
// and is frozen); the package is downloaded and checked — OpenSSL verifies the signature, pdftotext finds the
// title, the 发文字号, the figures and the narrative, the pages are kept as PNG, the Word file reads back; the
// sending is logged (the period turns 已上报); and a 更正版 names the version it replaces.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import type { ReportIndicator } from '../../shared/domain/report-package';
import { DISTRICTS, makeKey, makePackage } from '../fixtures/packages';
import {
  TEXT_BOTTOM_MM,
  TEXT_TOP_MM,
  inkRows,
  isDark,
  pageImages,
  pdfFonts,
  pdfPageSizePt,
  rules,
} from '../pdf-measure';
import { test, expect, keepScreenshot, login, openSection } from './fixtures';

// This spec makes the office's signing key and its reports itself: the demo without its own.
test.use({ demoReports: false });

const PASSPHRASE = '越城区季度上报签名口令';
const NARRATIVE = {
  basic: '本季度，区卫生健康局会同各成员单位落实综合监管工作清单，联席会议机制运行顺畅。',
  meetings: '召开定期联席会议和应急协同会议，议定事项逐项明确牵头单位和完成时限，按月督办。',
  problems: '个别部门转报回复不够及时，部分议定事项逾期未办结。',
};

test('报告上报: draft a quarterly summary, preview, sign, download and check the package, log it, 更正版', async ({
  page,
  seeded,
}, testInfo) => {
  test.setTimeout(180_000);
  await page.goto(seeded.url);
  await login(page, 'admin');

  // The office signing key, generated in the app by the administrator, under 报告上报 beside the reports it signs.
  await openSection(page, '报告上报');
  await page.getByRole('tab', { name: '本单位签名密钥' }).click();
  await page.getByRole('button', { name: '生成签名密钥' }).click();
  const gen = page.getByRole('dialog', { name: '生成单位签名密钥' });
  await gen.getByRole('textbox', { name: '签名口令', exact: true }).fill(PASSPHRASE);
  await gen.getByLabel('再次输入签名口令').fill(PASSPHRASE);
  await gen.getByRole('button', { name: '生成' }).click();
  await expect(gen).toHaveCount(0);
  const fingerprint = (await page.getByTestId('active-fingerprint').textContent())!.trim();

  // What is due.
  await openSection(page, '报告上报');
  const due = page.getByRole('table', { name: '应报报告' });
  const q3 = due.getByRole('row').filter({ hasText: '2026年第三季度' });
  await expect(q3).toContainText('季度阶段性工作总结');
  await expect(q3).toContainText('2026-09-30');
  await expect(q3).toContainText('已逾期');
  await expect(due.getByRole('row').filter({ hasText: '2026年第四季度' })).toContainText('2026-12-31');
  await expect(due.getByRole('row').filter({ hasText: '2026年第四季度' })).toContainText('未到期');
  await keepScreenshot(page, testInfo, 'reports-list');

  // Draft it from its row.
  await q3.getByRole('button', { name: '编制' }).click();
  const create = page.getByRole('dialog', { name: '新建报告' });
  await expect(create.getByLabel('报告类型')).toHaveValue('quarterly');
  await expect(create.getByLabel('季度')).toHaveValue('3');
  await create.getByRole('button', { name: '新建草稿' }).click();
  await expect(
    page.getByRole('heading', { name: /2026年第三季度医疗卫生行业综合监管阶段性工作总结/ }),
  ).toBeVisible();

  // The figures are computed and shown read-only.
  const figures = page.getByRole('list', { name: '主要指标' });
  const held = figures.getByRole('listitem').filter({ hasText: '召开联席会议' });
  await expect(held).toHaveText(/召开联席会议\s*\d+ 次/);
  const heldCount = (await held.locator('b').textContent())!.replace(/\D/g, '');
  const referrals = (await figures
    .getByRole('listitem')
    .filter({ hasText: '收到转报' })
    .locator('b')
    .textContent())!.replace(/\D/g, '');
  await expect(page.getByText(`本季度召开联席会议${heldCount}次`)).toBeVisible();

  // The narrative, written into the default outline.
  await page.getByRole('textbox', { name: '“基本情况”下的段落', exact: true }).fill(NARRATIVE.basic);
  await page
    .getByRole('textbox', { name: '“联席会议与议定事项督办”下的段落', exact: true })
    .fill(NARRATIVE.meetings);
  await page.getByRole('textbox', { name: '“存在的问题”下的段落', exact: true }).fill(NARRATIVE.problems);
  await expect(page.getByText('本节未填写', { exact: true })).toHaveCount(5);
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page.getByRole('button', { name: '已保存' })).toBeVisible();
  await keepScreenshot(page, testInfo, 'reports-editor');

  // Preview in GB/T 9704 layout: the number is left blank until signing.
  await page.getByRole('button', { name: '预览' }).click();
  const sheet = page.locator('[data-print-ready] .gb-doc');
  await expect(sheet).toBeVisible();
  await expect(sheet).toContainText('绍兴市越城区卫生健康局文件');
  await expect(sheet).toContainText('越卫健〔2026〕\u3000号');
  await expect(sheet).toContainText(NARRATIVE.meetings);
  await expect(sheet).toContainText('（本节未填写）');
  await expect(sheet).toContainText('表1\u3000主要指标');
  await keepScreenshot(page, testInfo, 'reports-preview');
  await page.getByRole('button', { name: '返回' }).click();

  // Sign: a wrong passphrase is refused, the right one signs.
  await page.getByRole('button', { name: '签发…' }).click();
  const sign = page.getByRole('dialog', { name: '签发报告' });
  await expect(sign).toContainText('有 5 节尚未填写');
  await sign.getByLabel('签名口令').fill('不是这个口令123');
  await sign.getByRole('button', { name: '签发' }).click();
  await expect(sign.getByText('签名口令不正确')).toBeVisible();
  await sign.getByLabel('签名口令').fill(PASSPHRASE);
  await sign.getByRole('button', { name: '签发' }).click();
  await expect(sign).toHaveCount(0, { timeout: 60_000 });
  const head = page.locator('.report-head');
  await expect(head).toContainText('已签发');
  const docNumber = /越卫健〔2026〕\d+号/.exec((await head.textContent())!)![0];
  // The package's hashes and the key's fingerprint are technical: under 技术信息, opened on demand.
  await expect(page.getByText(fingerprint)).toBeHidden();
  await page.locator('section.card-flat').filter({ hasText: '已签发' }).getByText('技术信息').first().click();
  await expect(page.getByText(fingerprint)).toBeVisible();
  // Frozen: nothing to edit any more.
  await expect(page.getByRole('textbox', { name: '“基本情况”下的段落', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '保存草稿' })).toHaveCount(0);
  await expect(page.getByText(NARRATIVE.basic)).toBeVisible();
  await keepScreenshot(page, testInfo, 'reports-signed');

  // The package, downloaded and checked with other programs.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '下载上报数据包' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('绍兴市越城区卫生健康局-2026Q3-季度阶段性工作总结.zip');
  const zipPath = testInfo.outputPath('package.zip');
  await file.saveAs(zipPath);
  const files = unzipSync(new Uint8Array(readFileSync(zipPath)));
  expect(Object.keys(files).sort()).toEqual(
    [
      'data.json',
      'data.xlsx',
      'manifest.json',
      'manifest.sig',
      'report.docx',
      'report.ofd',
      'report.pdf',
      'signer.pub.pem',
    ].sort(),
  );
  const dir = testInfo.outputPath('package');
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  const verified = execFileSync(
    'openssl',
    [
      'dgst',
      '-sm3',
      '-sigopt',
      'distid:1234567812345678',
      '-verify',
      'signer.pub.pem',
      '-signature',
      'manifest.sig',
      'manifest.json',
    ],
    { cwd: dir, encoding: 'utf8' },
  );
  expect(verified.trim()).toBe('Verified OK');
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    reportType: string;
    period: string;
    version: number;
    supersedes: string | null;
    signer: { fingerprint: string };
    files: { name: string; sm3: string }[];
  };
  expect(manifest).toMatchObject({ reportType: 'quarterly', period: '2026Q3', version: 1, supersedes: null });
  expect(manifest.signer.fingerprint).toBe(fingerprint);
  for (const f of manifest.files) {
    const sm3 = execFileSync('openssl', ['dgst', '-sm3', '-r', f.name], { cwd: dir, encoding: 'utf8' }).split(
      ' ',
    )[0];
    expect(sm3, f.name).toBe(f.sm3);
  }
  const data = JSON.parse(readFileSync(join(dir, 'data.json'), 'utf8')) as {
    indicators: { key: string; value: number }[];
  };
  expect(String(data.indicators.find((i) => i.key === 'meetings.held')!.value)).toBe(heldCount);
  const text = execFileSync('pdftotext', [join(dir, 'report.pdf'), '-'], { encoding: 'utf8' }).replace(
    /\s+/g,
    '',
  );
  expect(text).toContain('2026年第三季度医疗卫生行业综合监管阶段性工作总结');
  expect(text).toContain(docNumber);
  // A 上行文 to the city: 签发人 (the signing user) right of the 发文字号, on its line.
  expect(text).toContain(`${docNumber}签发人：系统管理员`);
  // The signed report.pdf as an archive keeps it (issue 20, item 9): A4, every font embedded, named and no Type 3
  // (pdffonts), and the 版记's last rule on the foot of the text block of the last page.
  const [w, h] = pdfPageSizePt(join(dir, 'report.pdf'));
  expect([Math.round((w * 25.4) / 72), Math.round((h * 25.4) / 72)]).toEqual([210, 297]);
  const fonts = pdfFonts(join(dir, 'report.pdf'));
  expect(fonts.length).toBeGreaterThan(0);
  expect(fonts.filter((f) => !f.embedded || f.type === 'Type 3' || f.name === '[none]')).toEqual([]);
  const reportPages = pageImages(join(dir, 'report.pdf'));
  const imprintRule = rules(reportPages.at(-1)!, isDark).at(-1)!;
  expect(Math.abs(imprintRule.centreMm - TEXT_BOTTOM_MM), `版记 at ${imprintRule.centreMm} mm`).toBeLessThan(
    1.5,
  );
  // Page 1 runs to the foot of the text block (no more than the two lines a kept-together paragraph may leave).
  const p1 = reportPages[0]!;
  const lastInk = inkRows(p1, isDark, TEXT_TOP_MM, TEXT_BOTTOM_MM).at(-1)!;
  expect(TEXT_BOTTOM_MM - lastInk.bottomMm, 'page 1 runs to the foot').toBeLessThan(2 * 10.21 + 1);
  expect(text).toContain(`本季度召开联席会议${heldCount}次`);
  expect(text).toContain(`收到转报${referrals}件`);
  expect(text).toContain(NARRATIVE.basic.replace(/\s+/g, ''));
  expect(text).toContain('（本节未填写）');
  // The pages, to look at.
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '60',
    '-f',
    '1',
    '-l',
    '3',
    join(dir, 'report.pdf'),
    join(dir, 'page'),
  ]);
  const pages = readdirSync(dir)
    .filter((f) => /^page-\d+\.png$/.test(f))
    .sort();
  expect(pages.length).toBe(3);
  mkdirSync('test-screens', { recursive: true });
  pages.forEach((p, i) => copyFileSync(join(dir, p), join('test-screens', `reports-pdf-page${i + 1}.png`)));
  // The Word file reads back.
  const docx = unzipSync(files['report.docx']!);
  const xml = Buffer.from(docx['word/document.xml']!)
    .toString('utf8')
    .replace(/<[^>]+>/g, '');
  expect(xml).toContain(docNumber);
  expect(xml).toContain(`${docNumber}签发人：系统管理员`);
  expect(xml).toContain(NARRATIVE.problems);

  // How it was sent.
  await page.getByRole('button', { name: '登记报送…' }).click();
  const log = page.getByRole('dialog', { name: '登记报送' });
  await log.getByLabel('内部邮件').check();
  await log.getByLabel('接收单位或接收人').fill('绍兴市卫生健康委员会综合监督处');
  await expect(log.getByLabel('报送日期')).toHaveValue('2026-11-22');
  await log.getByRole('button', { name: '登记' }).click();
  await expect(log).toHaveCount(0);
  const sent = page.getByRole('table', { name: '报送记录' });
  await expect(sent.getByRole('row').filter({ hasText: '绍兴市卫生健康委员会综合监督处' })).toContainText(
    '内部邮件',
  );
  await expect(head).toContainText('已上报');

  // 更正版: version 2, naming the one it replaces.
  await page.getByRole('button', { name: '生成更正版…' }).click();
  const correct = page.getByRole('dialog', { name: '生成更正版' });
  await correct.getByLabel('更正原因').fill('补充第三季度联合执法情况');
  await correct.getByRole('button', { name: '生成更正版' }).click();
  await expect(correct).toHaveCount(0);
  await expect(page.getByText(`本版替代第1版（${docNumber}）`)).toBeVisible();
  await expect(page.getByText('更正原因：补充第三季度联合执法情况')).toBeVisible();
  await expect(page.getByRole('textbox', { name: '“基本情况”下的段落', exact: true })).toHaveValue(
    NARRATIVE.basic,
  );

  await openSection(page, '报告上报');
  const all = page.getByRole('table', { name: '全部报告' });
  await expect(all.getByRole('row').filter({ hasText: '第1版（已被更正）' })).toContainText(docNumber);
  await expect(all.getByRole('row').filter({ hasText: '第2版' })).toContainText('草稿');
  await expect(
    page.getByRole('table', { name: '应报报告' }).getByRole('row').filter({ hasText: '2026年第三季度' }),
  ).toContainText('已上报');
  await expect(page.locator('.toast')).toHaveCount(0, { timeout: 15_000 });
  await keepScreenshot(page, testInfo, 'reports-list-after');

  // Upstream: the city imports the package just downloaded beside two other districts' (柯桥区's altered after
  // signing), trusting the three offices' keys: two accepted, one rejected with its reason, and the roll-up.
  const [, kq, sy] = DISTRICTS as [(typeof DISTRICTS)[0], (typeof DISTRICTS)[0], (typeof DISTRICTS)[0]];
  const keys = [makeKey(2), makeKey(3)];
  const shifted = (n: number) =>
    data.indicators.map((i) => ({ ...(i as ReportIndicator), value: i.value + n }));
  const kqFiles = unzipSync(makePackage({ district: kq, key: keys[0]!, indicators: shifted(1) }).zip);
  kqFiles['report.pdf'] = new Uint8Array([...kqFiles['report.pdf']!, 0x20]);
  const zips = [zipPath];
  for (const [d, zip] of [
    [kq, zipSync(kqFiles)],
    [sy, makePackage({ district: sy, key: keys[1]!, indicators: shifted(2) }).zip],
  ] as const) {
    const path = testInfo.outputPath(`${d.name}.zip`);
    writeFileSync(path, zip);
    zips.push(path);
  }
  await openSection(page, '市级汇总');
  await page.getByRole('tab', { name: '信任列表' }).click();
  for (const [name, pem] of [
    ['越城区', readFileSync(join(dir, 'signer.pub.pem'), 'utf8')],
    [kq.name, keys[0]!.publicPem],
    [sy.name, keys[1]!.publicPem],
  ] as const) {
    await page.getByRole('button', { name: '添加区县公钥' }).click();
    const dialog = page.getByRole('dialog', { name: '添加区县公钥' });
    await dialog.getByLabel('区县（单位）名称').fill(name);
    await dialog.getByLabel('公钥（PEM）').fill(pem);
    await dialog.getByRole('button', { name: '加入信任列表' }).click();
    await expect(dialog).toHaveCount(0);
  }
  await page.getByRole('tab', { name: '数据包导入与核验' }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '导入数据包' }).click();
  await (await chooser).setFiles(zips);
  const results = page.getByTestId('import-results').getByRole('listitem');
  await expect(results).toHaveCount(3);
  await expect(results.nth(0)).toContainText('已接收（越城区 2026年第三季度 季度阶段性工作总结 第1版）');
  await expect(results.nth(1)).toContainText('已拒收：report.pdf 的摘要与清单不符（文件被改动）');
  await expect(results.nth(2)).toContainText('已接收（上虞区');
  await page.getByRole('tab', { name: '汇总' }).click();
  const table = page.getByRole('table', { name: '汇总表' });
  await expect(table).not.toContainText('柯桥区');
  const heldN = Number(heldCount);
  const heldRow = table
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: '召开联席会议', exact: true }) });
  await expect(heldRow.getByRole('cell').last()).toHaveText(String(2 * heldN + 2));
  await keepScreenshot(page, testInfo, 'reports-upstream-rollup');
});
