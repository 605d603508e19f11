// 信用报告 with its inclusion proof: the office has signed a quarterly package (keygen and report --sign from the
// command line, as IT staff would); an institution's 信用报告 prints a technical appendix proving each of its
// entries against the tree root that package signed, the profile exports the proof file, and verify-inclusion
// passes it against the package — and refuses the same file once one entry in it is changed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { test, expect, keepScreenshot, login, openSection, runCli } from './fixtures';

// This spec makes the office's signing key and its reports itself: the demo without its own.
test.use({ demoReports: false });

const PASSPHRASE = 'Correct horse 2026';

function cli(dataDir: string, args: string[]) {
  return spawnSync(process.execPath, ['out/main/cli.js', ...args, '--data', dataDir], { encoding: 'utf8' });
}

test('信用报告: the appendix proves each entry against the signed root; the exported proof verifies', async ({
  page,
  seeded,
}, testInfo) => {
  test.setTimeout(180_000);
  const passFile = testInfo.outputPath('passphrase.txt');
  writeFileSync(passFile, PASSPHRASE);
  runCli(seeded.dataDir, ['keygen', '--passphrase-file', passFile]);
  const pkg = testInfo.outputPath('2026Q3.zip');
  runCli(seeded.dataDir, [
    'report',
    '--type',
    'quarterly',
    '--period',
    '2026Q3',
    '--sign',
    '--passphrase-file',
    passFile,
    '--out',
    pkg,
  ]);

  await page.goto(seeded.url);
  await login(page, 'keyuan');
  await openSection(page, '信用台账');
  const name = '绍兴市越城区人民医院';
  await page.getByLabel('搜索信用主体').fill(name);
  const row = page.locator('[data-grid="credit-subjects"]').getByRole('row').filter({ hasText: name });
  await row.getByRole('gridcell').first().dblclick();
  await expect(page.getByRole('heading', { name })).toBeVisible();

  // The print preview: the appendix names the package and the root, and lists each entry with its path.
  await page.getByRole('button', { name: '信用报告' }).click();
  await expect(page.locator('[data-print-ready] .gb-doc')).toHaveCount(1);
  const appendix = page.getByText('技术附录：台账包含证明');
  await expect(appendix).toBeVisible();
  await expect(page.getByText(/2026Q3 季度阶段性工作总结（第1版）上报数据包/).first()).toBeVisible();
  await expect(page.getByText('证明路径（各节点前 8 位）')).toBeVisible();
  await appendix.scrollIntoViewIfNeeded();
  await keepScreenshot(page, testInfo, 'credit-report-inclusion');
  const printed = await page.locator('[data-print-ready]').innerText();
  const printedSm3 = /证明文件 SM3\s+([0-9a-f ]{67})/.exec(printed)?.[1]?.replace(/ /g, '');
  expect(printedSm3).toMatch(/^[0-9a-f]{64}$/);
  await page.getByRole('button', { name: '返回' }).click();

  // The proof file, from the profile.
  await expect(page.getByRole('heading', { name })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出包含证明' }).click();
  const proofPath = testInfo.outputPath('proof.json');
  await (await download).saveAs(proofPath);
  await expect(page.getByText('包含证明已导出')).toBeVisible();
  const proof = JSON.parse(readFileSync(proofPath, 'utf8')) as {
    subject: { name: string };
    entries: { seq: number; encoding: string }[];
  };
  expect(proof.subject.name).toBe(name);
  expect(proof.entries.length).toBeGreaterThan(0);

  const good = cli(seeded.dataDir, ['verify-inclusion', '--proof', proofPath, '--package', pkg]);
  expect(good.status, good.stderr).toBe(0);
  expect(good.stdout).toContain('结论：通过');
  // The file the paper names: the SM3 printed in the appendix is this file's.
  expect(good.stdout).toContain(`SM3 ${printedSm3}`);

  // One entry's text changed in the file: 不通过, and which entry.
  const first = proof.entries[0]!;
  first.encoding = first.encoding.replace(/,"([^"]*)",\[/, ',"$1（改）",[');
  const forged = join(testInfo.outputDir, 'forged.json');
  writeFileSync(forged, `${JSON.stringify(proof, null, 2)}\n`);
  const bad = cli(seeded.dataDir, ['verify-inclusion', '--proof', forged, '--package', pkg]);
  expect(bad.status).toBe(3);
  expect(bad.stdout).toContain('结论：不通过');
  expect(bad.stdout).toContain(`第 ${first.seq} 条：记录内容的 SM3 与记录哈希不符`);
});
