// Printing the responsibility list: the in-app preview rendered by Chromium to an A4 landscape PDF, read back
// by poppler's pdftotext (all 25 items and their lead units, header repeated on page 2, "— N —" page numbers)
// and turned into PNG pages with pdftoppm for a person to look at.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, invokeInPage, login, openSection } from './fixtures';
import { readFileSync } from 'node:fs';
import type { ChecklistTemplate } from '../../shared/domain/checklist';

const template = JSON.parse(
  readFileSync('resources/templates/yuecheng-2020.json', 'utf8'),
) as ChecklistTemplate;

test('checklist: print the whole list to PDF', async ({ page, seeded }, testInfo) => {
  // The app's own policy raises no console error on load (frame-ancestors is sent as a header, never in the meta).
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  const response = await page.goto(seeded.url);
  expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  await expect(page.getByLabel('用户名')).toBeVisible();
  expect(consoleErrors.filter((e) => /Content Security Policy|frame-ancestors/i.test(e))).toEqual([]);
  await login(page, 'keyuan'); // a 科员 keeps the list (this year's, set up by the demo) ...
  await openSection(page, '任务清单');
  await expect(page.getByRole('heading', { name: '2026年越城区医疗卫生行业综合监管工作清单' })).toBeVisible();
  await page.getByRole('button', { name: '退出登录' }).click();
  await login(page, 'lingdao'); // ... and the leader prints it
  await openSection(page, '任务清单');

  await page.getByRole('button', { name: '打印清单' }).click();
  await expect(page.getByRole('toolbar', { name: '打印预览' })).toBeVisible();
  await expect(page.locator('[data-print-ready] .doc-title')).toHaveText(
    '2026年越城区医疗卫生行业综合监管工作清单',
  );
  await page.evaluate(async () => {
    await (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts
      .ready;
  });
  const pdf = testInfo.outputPath('checklist.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });

  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  const flat = text.replace(/\s+/g, '');
  for (const item of template.items) {
    expect(flat, `item ${item.code}`).toContain(item.title.replace(/\s+/g, ''));
    expect(flat, `lead of item ${item.code}`).toContain(item.units[0]!);
  }
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
  expect(pages).toBeGreaterThanOrEqual(2);
  expect(info).toMatch(/Page size:\s+841\.\d+ x 59[45]\.\d+ pts/); // A4 landscape
  const page2 = execFileSync('pdftotext', ['-layout', '-f', '2', '-l', '2', pdf, '-'], { encoding: 'utf8' });
  expect(page2.replace(/\s+/g, '')).toContain('序号工作任务牵头单位参与单位备注'); // header repeated
  expect(page2).toMatch(/—\s*2\s*—/);
  expect(text).toMatch(/—\s*1\s*—/);

  // PNG pages for a person to look at.
  const dir = testInfo.outputPath('pages');
  mkdirSync(dir, { recursive: true });
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', pdf, join(dir, 'page')]);
  mkdirSync('test-screens', { recursive: true });
  for (const f of readdirSync(dir)) copyFileSync(join(dir, f), join('test-screens', `checklist-print-${f}`));

  // The progress table for the quarter prints too.
  await page.getByRole('button', { name: '返回' }).click();
  await page.getByRole('button', { name: '打印落实情况' }).click();
  await expect(page.locator('[data-print-ready] .doc-title')).toHaveText(
    '2026年越城区医疗卫生行业综合监管工作清单落实情况表',
  );
  const pdf2 = testInfo.outputPath('progress.pdf');
  await page.pdf({ path: pdf2, preferCSSPageSize: true });
  const t2 = execFileSync('pdftotext', [pdf2, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  expect(t2).toContain('2026年第四季度');
  expect(t2).toContain('区卫生健康局：未填报');

  // In browser mode "保存为 PDF" downloads the PDF the server prints with its Chromium (as it prints signed
  // reports): the same table, fonts embedded as named TrueType (text that pdftotext reads), A4 landscape.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: '保存为 PDF' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('2026年第4季度任务清单落实情况.pdf');
  const saved = testInfo.outputPath('saved.pdf');
  await download.saveAs(saved);
  await expect(page.locator('.toast', { hasText: '已生成 2026年第4季度任务清单落实情况.pdf' })).toBeVisible();
  const t3 = execFileSync('pdftotext', ['-layout', saved, '-'], { encoding: 'utf8' });
  expect(t3.replace(/\s+/g, '')).toContain('2026年越城区医疗卫生行业综合监管工作清单落实情况表');
  expect(t3.replace(/\s+/g, '')).toContain('区卫生健康局：未填报');
  expect(t3).toMatch(/—\s*1\s*—/);
  const info3 = execFileSync('pdfinfo', [saved], { encoding: 'utf8' });
  expect(info3).toMatch(/Page size:\s+841\.\d+ x 59[45]\.\d+ pts/);
  const fonts = execFileSync('pdffonts', [saved], { encoding: 'utf8' });
  expect(fonts).toMatch(/NotoSerifSC/i);
  expect(fonts).not.toMatch(/Type 3/);
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '60',
    '-f',
    '1',
    '-l',
    '1',
    saved,
    join('test-screens', 'checklist-saved-pdf'),
  ]);

  // The document goes to the server as a document: nothing that runs or fetches is printed.
  const hostile = await invokeInPage(page, 'platform.printToPdf', {
    fileName: 'x.pdf',
    page: { html: '<iframe src="file:///etc/passwd"></iframe>', styles: '' },
  });
  expect(hostile.ok).toBe(false);
  expect(hostile.error?.message).toContain('含有脚本、框架或外部资源');
});
