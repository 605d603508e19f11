// 市级汇总 as the city commission's administrator uses it: three districts' SM2 keys and quarterly packages are made
// here with the app's signing library (one package altered after signing); the three public keys go into the trust
// list from their .pem files; the three packages are imported in one go — two accepted, one rejected with its
// reason; the roll-up table adds up the accepted two, with its chart; the xlsx export is read back with exceljs and
// the printed 汇总表 with pdftotext. Then the office's own signing key: a weak passphrase refused, a key generated,
// its public key exported and read back.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { unzipSync, zipSync } from 'fflate';
import ExcelJS from 'exceljs';
import { parsePublicKeyPem } from '../../db/core/sm2';
import type { ReportData } from '../../shared/domain/report-package';
import { DISTRICTS, makeKey, makePackage, quarterlyIndicators } from '../fixtures/packages';
import { test, expect, keepScreenshot, login, openSection, TEST_NOW } from './fixtures';

// This spec makes the office's signing key and its reports itself: the demo without its own.
test.use({ demoReports: false });

test('市级汇总: trust three district keys, import three packages (one tampered), roll up, export', async ({
  page,
  seeded,
}, testInfo) => {
  // The districts' side, as their offices would have produced it.
  const [yc, kq, sy] = DISTRICTS as [(typeof DISTRICTS)[0], (typeof DISTRICTS)[0], (typeof DISTRICTS)[0]];
  const keys = [makeKey(1), makeKey(2), makeKey(3)];
  const pems = [yc, kq, sy].map((d, i) => {
    const path = testInfo.outputPath(`${d.name}签名公钥.pem`);
    writeFileSync(path, keys[i]!.publicPem);
    return path;
  });
  const zips = [yc, kq, sy].map(
    (d, i) => makePackage({ district: d, key: keys[i]!, indicators: quarterlyIndicators(i + 1) }).zip,
  );
  const files = unzipSync(zips[1]!);
  files['report.pdf']![512] = files['report.pdf']![512]! ^ 0x20; // 柯桥区's report changed after signing
  zips[1] = zipSync(files);
  const zipPaths = [yc, kq, sy].map((d, i) => {
    const path = testInfo.outputPath(`${d.name}-2026Q3-季度阶段性工作总结.zip`);
    writeFileSync(path, zips[i]!);
    return path;
  });

  await page.goto(seeded.url);
  await login(page, 'admin');
  await openSection(page, '市级汇总');

  // 信任列表: each district's .pem file, under its name.
  await page.getByRole('tab', { name: '信任列表' }).click();
  await expect(page.getByText('信任列表为空')).toBeVisible();
  for (const [i, d] of [yc, kq, sy].entries()) {
    await page.getByRole('button', { name: '添加区县公钥' }).click();
    const dialog = page.getByRole('dialog', { name: '添加区县公钥' });
    await dialog.getByLabel('公钥文件（.pem）').setInputFiles(pems[i]!);
    await expect(dialog.getByLabel('区县（单位）名称')).toHaveValue(d.name);
    await expect(dialog.getByLabel('公钥（PEM）')).toHaveValue(/BEGIN PUBLIC KEY/);
    await dialog.getByLabel('备注').fill('2026年11月登记，已电话核对指纹');
    await dialog.getByRole('button', { name: '加入信任列表' }).click();
    await expect(dialog).toHaveCount(0);
  }
  const trustTable = page.getByRole('table', { name: '区县公钥' });
  for (const [i, d] of [yc, kq, sy].entries())
    await expect(trustTable.getByRole('row').filter({ hasText: d.name })).toContainText(keys[i]!.fingerprint);
  // A file that is not a public key is refused in words.
  await page.getByRole('button', { name: '添加区县公钥' }).click();
  const bad = page.getByRole('dialog', { name: '添加区县公钥' });
  await bad.getByLabel('区县（单位）名称').fill('诸暨市');
  await bad.getByLabel('公钥（PEM）').fill('这不是公钥');
  await bad.getByRole('button', { name: '加入信任列表' }).click();
  await expect(bad.getByText(/^不是有效的 SM2 公钥/)).toBeVisible();
  await bad.getByRole('button', { name: '取消' }).click();
  // What was typed is not saved: the form asks before it is thrown away.
  await page
    .getByRole('alertdialog', { name: '放弃未保存的修改？' })
    .getByRole('button', { name: '放弃修改' })
    .click();
  await expect(page.locator('.toast')).toHaveCount(0, { timeout: 15_000 });
  await keepScreenshot(page, testInfo, 'upstream-trust');

  // 数据包: all three chosen at once.
  await page.getByRole('tab', { name: '数据包导入与核验' }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '导入数据包' }).click();
  await (await chooser).setFiles(zipPaths);
  const results = page.getByTestId('import-results');
  await expect(results.getByRole('listitem')).toHaveCount(3);
  await expect(results.getByRole('listitem').nth(0)).toContainText(
    '已接收（越城区 2026年第三季度 季度阶段性工作总结 第1版）',
  );
  await expect(results.getByRole('listitem').nth(1)).toContainText(
    '已拒收：report.pdf 的摘要与清单不符（文件被改动）',
  );
  await expect(results.getByRole('listitem').nth(2)).toContainText('已接收（上虞区');
  const list = page.getByRole('table', { name: '已导入的数据包' });
  await expect(list.getByRole('row')).toHaveCount(4);
  await expect(list.getByText('已接收', { exact: true })).toHaveCount(2);
  const rejected = list.getByRole('row').filter({ hasText: '已拒收' });
  await expect(rejected).toHaveCount(1);
  await expect(rejected).toContainText('柯桥区');
  await expect(rejected).toContainText('report.pdf 的摘要与清单不符（文件被改动）');
  await expect(page.locator('.toast')).toHaveCount(0, { timeout: 15_000 });
  await keepScreenshot(page, testInfo, 'upstream-packages');

  // 汇总: the two accepted districts and their totals; 柯桥区 is not counted.
  await page.getByRole('tab', { name: '汇总' }).click();
  await expect(page.getByLabel('报告与期间')).toHaveValue('quarterly|2026Q3');
  await expect(
    page.getByRole('option', { name: '2026年第三季度 季度阶段性工作总结（2 个区县）' }),
  ).toHaveCount(1);
  const table = page.getByRole('table', { name: '汇总表' });
  await expect(table.getByRole('row')).toHaveCount(4); // header, 上虞区, 越城区, 合计
  await expect(table).not.toContainText('柯桥区');
  const header = await table.getByRole('columnheader').allTextContents();
  expect(header).toEqual([
    '区县',
    '报送单位',
    '版本',
    '签署时间',
    '召开联席会议（次）',
    '双随机抽查户次（户次）',
    '受理12345投诉（件）',
    '任务清单完成率（%）',
  ]);
  // quarterlyIndicators(n): meetings 1+(n%3), inspections 40+7n, complaints 10+3n, rate 80+n; 越城区 n=1, 上虞区 n=3.
  const cells = async (label: string) =>
    (await table.getByRole('row').filter({ hasText: label }).getByRole('cell').allTextContents()).map((t) =>
      t.trim(),
    );
  expect(await cells('越城区')).toEqual([
    '越城区',
    '绍兴市越城区卫生健康局',
    '第1版',
    '2026-09-30 16:00',
    '2',
    '47',
    '13',
    '81',
  ]);
  expect(await cells('上虞区')).toEqual([
    '上虞区',
    '绍兴市上虞区卫生健康局',
    '第1版',
    '2026-09-30 16:00',
    '1',
    '61',
    '19',
    '83',
  ]);
  expect(await cells('合计')).toEqual(['合计', '2 个区县', '', '', '3', '108', '32', '—']);
  const chart = page.getByTestId('rollup-chart');
  await expect(chart.locator('svg')).toBeVisible();
  await expect(chart.locator('svg text', { hasText: '召开联席会议（次）' })).toHaveCount(1);
  await page.getByLabel('图表指标').selectOption({ label: '双随机抽查户次' });
  await expect(chart.locator('svg text', { hasText: '双随机抽查户次（户次）' })).toHaveCount(1);
  await expect(chart.locator('svg text', { hasText: /^61$/ })).toHaveCount(1);
  await keepScreenshot(page, testInfo, 'upstream-rollup');

  // The xlsx, read back by another reader.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('2026年第三季度季度阶段性工作总结汇总表.xlsx');
  const xlsxPath = testInfo.outputPath('rollup.xlsx');
  await file.saveAs(xlsxPath);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(xlsxPath) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  // Dates are real Excel dates (read back as Date at UTC midnight): compare them as YYYY-MM-DD.
  const row = (n: number) =>
    (ws.getRow(n).values as unknown[])
      .slice(1)
      .map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v));
  expect(row(1)).toEqual(header.map((h) => (h === '签署时间' ? '签署日期' : h)));
  expect(row(2)).toEqual(['上虞区', '绍兴市上虞区卫生健康局', '第1版', '2026-09-30', 1, 61, 19, 83]);
  expect(row(3)).toEqual(['越城区', '绍兴市越城区卫生健康局', '第1版', '2026-09-30', 2, 47, 13, 81]);
  expect(row(4)).toEqual(['合计', '2 个区县', '', '', 3, 108, 32, '—']);

  // The printed 汇总表 (the chart of the chosen indicator), as PDF, read back.
  await page.getByRole('button', { name: '打印预览 / PDF' }).click();
  await expect(page.locator('[data-print-ready] .print-doc')).toHaveCount(1);
  await expect(page.locator('.rollup-chart svg')).toHaveCount(1);
  await keepScreenshot(page, testInfo, 'upstream-rollup-print');
  const pdf = testInfo.outputPath('rollup.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  for (const t of [
    '2026年第三季度季度阶段性工作总结汇总表',
    '已接收2个区县的上报数据包（SM2签名与文件摘要均已核验）',
    '绍兴市越城区卫生健康局',
    '绍兴市上虞区卫生健康局',
    '合计2个区县',
    '双随机抽查户次（户次）',
    '108',
  ])
    expect(text).toContain(t);
  expect(text).not.toContain('柯桥区');
  execFileSync('pdftoppm', ['-png', '-r', '60', pdf, testInfo.outputPath('rollup-page')]); // looked at by hand
  await page.getByRole('button', { name: '返回' }).click();

  // 本单位签名密钥: 市级汇总 points to it under 报告上报; generated in the app, the public key exported.
  await page.getByRole('button', { name: '本单位签名密钥' }).click();
  await expect(page.getByRole('tab', { name: '本单位签名密钥', selected: true })).toBeVisible();
  await expect(page.getByText('尚未生成单位签名密钥')).toBeVisible();
  await page.getByRole('button', { name: '生成签名密钥' }).click();
  const gen = page.getByRole('dialog', { name: '生成单位签名密钥' });
  await gen.getByRole('textbox', { name: '签名口令', exact: true }).fill('123');
  await gen.getByLabel('再次输入签名口令').fill('123');
  await gen.getByRole('button', { name: '生成' }).click();
  await expect(gen.getByText('签名口令至少 10 个字符（当前 3 个）')).toBeVisible();
  await gen.getByRole('textbox', { name: '签名口令', exact: true }).fill('绍兴市卫健委汇总专用口令');
  await gen.getByLabel('再次输入签名口令').fill('绍兴市卫健委汇总专用口令');
  await gen.getByRole('button', { name: '生成' }).click();
  await expect(gen).toHaveCount(0);
  const fp = (await page.getByTestId('active-fingerprint').textContent())!;
  expect(fp).toMatch(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
  const pemDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出公钥（.pem）' }).click();
  const pemFile = await pemDownload;
  expect(pemFile.suggestedFilename()).toMatch(/签名公钥-[0-9a-f]{8}\.pem$/);
  const pemPath = testInfo.outputPath('own.pem');
  await pemFile.saveAs(pemPath);
  expect(parsePublicKeyPem(readFileSync(pemPath, 'utf8'))).toMatch(/^04[0-9a-f]{128}$/);
  await expect(page.getByRole('table', { name: '全部签名密钥' }).getByRole('row')).toHaveCount(2);
  await expect(page.locator('.toast')).toHaveCount(0, { timeout: 15_000 });
  await keepScreenshot(page, testInfo, 'upstream-keys');
});

test('市级汇总: a package the app signed (报告上报, via the CLI) is accepted beside two other districts, one tampered', async ({
  page,
  seeded,
}, testInfo) => {
  test.setTimeout(150_000);
  // The district office: its own data folder, its key, its signed quarterly summary — made by the app's CLI.
  const district = testInfo.outputPath('district-data');
  mkdirSync(district, { recursive: true });
  const passFile = testInfo.outputPath('passphrase.txt');
  writeFileSync(passFile, '越城区季度上报签名口令\n');
  const cli = (...args: string[]) => {
    const r = spawnSync(
      process.execPath,
      ['out/main/cli.js', ...args, '--data', district, '--now', TEST_NOW],
      {
        encoding: 'utf8',
        env: { ...process.env, TZ: 'Asia/Shanghai' },
      },
    );
    expect(r.status, `${args[0]}: ${r.stderr}${r.stdout}`).toBe(0);
    return r.stdout;
  };
  cli('seed-demo', '--no-reports'); // its own key and report follow
  const own = JSON.parse(cli('keygen', '--passphrase-file', passFile, '--json')) as {
    publicPem: string;
    fingerprint: string;
  };
  const appZip = testInfo.outputPath('越城区-2026Q3-app.zip');
  cli(
    'report',
    '--type',
    'quarterly',
    '--period',
    '2026Q3',
    '--sign',
    '--passphrase-file',
    passFile,
    '--out',
    appZip,
  );
  const appData = JSON.parse(
    new TextDecoder().decode(unzipSync(readFileSync(appZip))['data.json']),
  ) as ReportData;
  const held = appData.indicators.find((i) => i.key === 'meetings.held')! as {
    label: string;
    unit: string;
    value: number;
  };

  // Two other districts with the same indicators (their own numbers); 柯桥区's data.json is altered after signing.
  const [, kq, sy] = DISTRICTS as [(typeof DISTRICTS)[0], (typeof DISTRICTS)[0], (typeof DISTRICTS)[0]];
  const keys = [makeKey(2), makeKey(3)];
  const shifted = (n: number) =>
    appData.indicators.map((i) => ({ ...i, value: i.value === null ? null : i.value + n }));
  const kqFiles = unzipSync(makePackage({ district: kq, key: keys[0]!, indicators: shifted(1) }).zip);
  kqFiles['data.json'] = new TextEncoder().encode(
    new TextDecoder().decode(kqFiles['data.json']).replace('"value": ', '"value": 1'),
  );
  const others = [
    [kq, zipSync(kqFiles)],
    [sy, makePackage({ district: sy, key: keys[1]!, indicators: shifted(2) }).zip],
  ] as const;
  const zipPaths = [appZip];
  for (const [d, zip] of others) {
    const path = testInfo.outputPath(`${d.name}-2026Q3.zip`);
    writeFileSync(path, zip);
    zipPaths.push(path);
  }
  const pems: [string, string][] = [
    ['越城区', own.publicPem],
    [kq.name, keys[0]!.publicPem],
    [sy.name, keys[1]!.publicPem],
  ];

  // The city: trust list (pasted PEMs), then the three packages at once.
  await page.goto(seeded.url);
  await login(page, 'admin');
  await openSection(page, '市级汇总');
  await page.getByRole('tab', { name: '信任列表' }).click();
  for (const [name, pem] of pems) {
    await page.getByRole('button', { name: '添加区县公钥' }).click();
    const dialog = page.getByRole('dialog', { name: '添加区县公钥' });
    await dialog.getByLabel('区县（单位）名称').fill(name);
    await dialog.getByLabel('公钥（PEM）').fill(pem);
    await dialog.getByRole('button', { name: '加入信任列表' }).click();
    await expect(dialog).toHaveCount(0);
  }
  await expect(
    page.getByRole('table', { name: '区县公钥' }).getByRole('row').filter({ hasText: '越城区' }),
  ).toContainText(own.fingerprint);

  await page.getByRole('tab', { name: '数据包导入与核验' }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '导入数据包' }).click();
  await (await chooser).setFiles(zipPaths);
  const results = page.getByTestId('import-results').getByRole('listitem');
  await expect(results).toHaveCount(3);
  await expect(results.nth(0)).toContainText('已接收（越城区 2026年第三季度 季度阶段性工作总结 第1版）');
  await expect(results.nth(1)).toContainText('已拒收：data.json 的摘要与清单不符（文件被改动）');
  await expect(results.nth(2)).toContainText('已接收（上虞区');

  // The roll-up adds the app's own figures to 上虞区's; 柯桥区 is left out. With the full report's dozens of
  // indicators, the table has one row per indicator and one column per district.
  await page.getByRole('tab', { name: '汇总' }).click();
  const table = page.getByRole('table', { name: '汇总表' });
  await expect(table.getByRole('row')).toHaveCount(appData.indicators.length + 1);
  await expect(table).not.toContainText('柯桥区');
  expect((await table.getByRole('columnheader').allTextContents()).map((t) => t.trim())).toEqual([
    '指标',
    '单位',
    '上虞区',
    '越城区',
    '合计（2 个区县）',
  ]);
  await expect(page.getByTestId('rollup-sources')).toContainText('越城区：绍兴市越城区卫生健康局，第1版');
  const heldRow = table
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: held.label, exact: true }) });
  expect((await heldRow.getByRole('cell').allTextContents()).map((t) => t.trim())).toEqual([
    held.label,
    held.unit,
    String(held.value + 2),
    String(held.value),
    String(2 * held.value + 2),
  ]);
  await expect(page.locator('.toast')).toHaveCount(0, { timeout: 15_000 });
  await keepScreenshot(page, testInfo, 'upstream-rollup-app-package');

  // Printed: the same turned table, every page with its header.
  await page.getByRole('button', { name: '打印预览 / PDF' }).click();
  await expect(page.locator('[data-print-ready] .print-doc')).toHaveCount(1);
  const pdf = testInfo.outputPath('rollup-wide.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  for (const t of [
    '2026年第三季度季度阶段性工作总结汇总表',
    '指标单位上虞区（第1版）越城区（第1版）合计',
    held.label,
  ])
    expect(text).toContain(t);
  expect(text).not.toContain('柯桥区');
  execFileSync('pdftoppm', ['-png', '-r', '60', pdf, testInfo.outputPath('rollup-wide-page')]); // looked at by hand
});
