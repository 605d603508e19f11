// 打印当前列表 at 1366×768: any grid prints what the person sees — the register's title, its filters in words, the
// count, the shown columns in their order and every matching row (a paged register is read block by block through
// its own page method) — in the app's print preview over the page (Ctrl+P prints it, 返回 or Esc find the page as it
// was); 保存为 PDF gives a PDF that pdftotext reads (header row on every page, page numbers). A few columns print on
// A4 portrait, many on landscape. Too long a list asks for a filter.
// And the four registers with details under the grid fill the window's height the details leave them.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Locator, Page, TestInfo } from '@playwright/test';
import { test, expect, invokeInPage, keepScreenshot, login, openSection } from './fixtures';

test.use({ viewport: { width: 1366, height: 768 } });

const flat = (s: string) => s.replace(/\s+/g, '');

/** The grid's shown columns in order, as the person sees them: the pinned key columns (`pinned`, on screen), then
 *  those the 列 chooser has checked (the chooser lists the others in the grid's order). */
async function shownHeaders(page: Page, grid: Locator, pinned: string[]): Promise<string[]> {
  for (const name of pinned)
    await expect(grid.locator('.ag-header-cell-text').getByText(name, { exact: true })).toBeVisible();
  await grid.getByRole('button', { name: '选择显示的列' }).click();
  const chooser = page.getByRole('dialog', { name: '选择显示的列' });
  const checked = await chooser
    .locator('label')
    .evaluateAll((labels) =>
      labels.filter((l) => l.querySelector('input')?.checked).map((l) => (l.textContent ?? '').trim()),
    );
  await page.keyboard.press('Escape');
  await expect(chooser).toBeHidden();
  return [...pinned, ...checked];
}

async function savePdf(
  page: Page,
  testInfo: TestInfo,
  name: string,
): Promise<{ path: string; dl: Download }> {
  const preview = page.getByRole('region', { name: '打印当前列表' });
  await expect(preview.locator('[data-print-ready]')).toBeVisible();
  const downloading = page.waitForEvent('download');
  await preview.getByRole('button', { name: '保存为 PDF' }).click();
  const dl = await downloading;
  const path = testInfo.outputPath(name);
  await dl.saveAs(path);
  return { path, dl };
}

/** The PDF's text in drawing order (-raw): a cell's wrapped lines stay together. */
function pdfText(path: string, first?: number): string {
  return execFileSync(
    'pdftotext',
    ['-raw', ...(first ? ['-f', String(first), '-l', String(first)] : []), path, '-'],
    {
      encoding: 'utf8',
    },
  );
}

function pdfPages(path: string): { pages: number; info: string } {
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  return { pages: Number(/Pages:\s+(\d+)/.exec(info)![1]), info };
}

function pngPages(path: string, name: string, last = 2): void {
  mkdirSync('test-screens', { recursive: true });
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '60',
    '-f',
    '1',
    '-l',
    String(last),
    path,
    join('test-screens', name),
  ]);
}

test('打印当前列表: 12345 投诉 (paged) as filtered, sorted and with a column hidden; 保存为 PDF', async ({
  page,
  seeded,
}, testInfo) => {
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  await openSection(page, '联合执法');
  await page.getByRole('tab', { name: '12345 投诉' }).click();
  const grid = page.locator('[data-grid="enforcement-complaints"]');
  await expect(grid.locator('.ag-row').first()).toBeVisible();

  // The person's view: this year (the default), 已反馈, a search, 受理日期 oldest first, 投诉内容 hidden.
  const summary = page.getByText(/^共 \d+ 件：/);
  const countOf = async () => Number(/共 (\d+) 件/.exec((await summary.textContent()) ?? '')?.[1] ?? NaN);
  await expect(summary).toBeVisible();
  const unfiltered = await countOf();
  await page.getByRole('combobox', { name: '状态', exact: true }).selectOption({ label: '已反馈' });
  await page.getByRole('searchbox', { name: '搜索投诉' }).fill('收费');
  // What the server counts for these filters; the page's count shows it once the filters have been applied.
  const page0 = await invokeInPage<{ total: number }>(page, 'complaints.page', {
    status: 'fed_back',
    year: 2026,
    search: '收费',
    startRow: 0,
    endRow: 0,
  });
  const total = page0.value!.total;
  expect(total).toBeGreaterThan(0);
  expect(total).toBeLessThan(unfiltered);
  await expect(summary).toContainText(`共 ${total} 件：`);
  await grid.locator('.ag-header-cell[col-id="receivedOn"] .ag-header-cell-label').click();
  await expect(grid.locator('.ag-header-cell[col-id="receivedOn"]')).toHaveAttribute(
    'aria-sort',
    'ascending',
  );
  await grid.getByRole('button', { name: '选择显示的列' }).click();
  await page.getByRole('dialog', { name: '选择显示的列' }).getByLabel('投诉内容').uncheck();
  await page.keyboard.press('Escape');
  await expect(grid.locator('.ag-header-cell[col-id="content"]')).toHaveCount(0);
  const headers = await shownHeaders(page, grid, ['序号', '工单编号']);
  expect(headers).not.toContain('投诉内容');
  expect(headers).toContain('工单编号');
  const firstTicket = (await grid
    .locator('.ag-row[row-index="0"] .ag-cell[col-id="ticketNo"]')
    .textContent())!;
  const firstDate = (await grid
    .locator('.ag-row[row-index="0"] .ag-cell[col-id="receivedOn"]')
    .textContent())!;
  await keepScreenshot(page, testInfo, 'print-list-complaints-grid');

  await grid.getByRole('button', { name: '打印当前列表' }).click();
  const preview = page.getByRole('region', { name: '打印当前列表' });
  const doc = preview.locator('[data-print-ready] .grid-list-print');
  await expect(doc).toBeVisible();
  await expect(doc.locator('.doc-title')).toHaveText('12345 投诉');
  await expect(doc.locator('.list-filters')).toHaveText('筛选：年度 2026 年；状态 已反馈；搜索“收费”');
  await expect(doc.locator('.list-count')).toHaveText(`共 ${total} 条`);
  await expect(doc).toContainText('打印时间：2026-11-22 09:00'); // the test's clock, Beijing time
  expect((await doc.locator('thead th').allTextContents()).map((t) => t.trim())).toEqual(headers);
  await expect(doc.locator('tbody tr')).toHaveCount(total);
  const first = doc.locator('tbody tr').first().locator('td');
  await expect(first.nth(0)).toHaveText('1'); // 序号
  await expect(first.nth(headers.indexOf('工单编号'))).toHaveText(firstTicket);
  await expect(first.nth(headers.indexOf('受理日期'))).toHaveText(firstDate);
  await expect(doc).toHaveClass(/landscape/); // a dozen columns
  await keepScreenshot(page, testInfo, 'print-list-complaints-preview');

  // 保存为 PDF: the server prints the same sheet; pdftotext reads it.
  const { path, dl } = await savePdf(page, testInfo, 'complaints.pdf');
  expect(dl.suggestedFilename()).toBe('12345投诉（2026-11-22）.pdf');
  const text = flat(pdfText(path));
  expect(text).toContain('12345投诉');
  expect(text).toContain('筛选：年度2026年；状态已反馈；搜索“收费”');
  expect(text).toContain(`共${total}条`);
  expect(text).toContain(firstTicket);
  expect(text).not.toContain('投诉内容');
  expect(text).not.toContain('来电人反映'); // the hidden column's cells
  const { pages, info } = pdfPages(path);
  expect(info).toMatch(/Page size:\s+841\.\d+ x 59[45]\.\d+ pts/); // A4 landscape
  expect(pdfText(path, 1)).toMatch(/—\s*1\s*—/);
  if (pages > 1) {
    expect(flat(pdfText(path, 2))).toContain(flat(headers.slice(0, 4).join(''))); // header row repeated
    expect(pdfText(path, 2)).toMatch(/—\s*2\s*—/);
  }
  pngPages(path, 'print-list-complaints-pdf');

  // Printing from the preview prints the sheet alone, never the page beneath it.
  const printed = testInfo.outputPath('complaints-window.pdf');
  await page.pdf({ path: printed, preferCSSPageSize: true });
  const windowText = flat(pdfText(printed));
  expect(windowText).toContain(`共${total}条`);
  expect(windowText).not.toContain('退出登录');
  expect(windowText).not.toContain('主导航');

  // 返回 finds the page as it was: filters, search, sort and columns.
  await preview.getByRole('button', { name: '返回' }).click();
  await expect(preview).toBeHidden();
  await expect(page.getByRole('combobox', { name: '状态', exact: true })).toHaveValue('fed_back');
  await expect(page.getByRole('searchbox', { name: '搜索投诉' })).toHaveValue('收费');
  await expect(grid.locator('.ag-header-cell[col-id="receivedOn"]')).toHaveAttribute(
    'aria-sort',
    'ascending',
  );
  await expect(grid.locator('.ag-header-cell[col-id="content"]')).toHaveCount(0);
  // Ctrl+P prints the list's preview (the app's print, never the browser's own); Esc leaves it as 返回 does.
  await page.evaluate(() => {
    const w = window as unknown as { printed: number; nativePrint: number; print: () => void };
    w.printed = 0;
    w.nativePrint = 0;
    w.print = () => void w.printed++;
    window.addEventListener('keydown', (e) => {
      if (e.ctrlKey && e.key.toLowerCase() === 'p' && !e.defaultPrevented) w.nativePrint++;
    });
  });
  await grid.getByRole('button', { name: '打印当前列表' }).click();
  await expect(preview.locator('[data-print-ready]')).toBeVisible();
  await page.keyboard.press('Control+p');
  expect(
    await page.evaluate(() => {
      const w = window as unknown as { printed: number; nativePrint: number };
      return { printed: w.printed, nativePrint: w.nativePrint };
    }),
  ).toEqual({ printed: 1, nativePrint: 0 });
  await page.keyboard.press('Escape');
  await expect(preview).toBeHidden();
});

test('打印当前列表: 监管对象 (all rows at once) with a search and a column filter', async ({
  page,
  seeded,
}, testInfo) => {
  test.setTimeout(120_000); // a long register printed twice, one PDF rendered by the server's Chromium
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  await page.goto(`${seeded.origin}/#/enforcement/institutions`);
  const grid = page.locator('[data-grid="enforcement-institutions"]');
  await expect(grid.locator('.ag-row').first()).toBeVisible();
  await page.getByRole('searchbox', { name: '搜索监管对象' }).fill('诊所');
  const count = page.getByTestId('directory-count');
  await expect(count).toContainText(/筛选后 \d+ 个/);
  const shown = Number(/筛选后 (\d+) 个/.exec((await count.textContent())!)![1]);
  expect(shown).toBeGreaterThan(0);
  await grid.getByRole('button', { name: '选择显示的列' }).click();
  await page.getByRole('dialog', { name: '选择显示的列' }).getByLabel('执业许可证登记号').uncheck();
  await page.keyboard.press('Escape');
  const headers = await shownHeaders(page, grid, ['序号', '机构名称']);
  expect(headers).not.toContain('执业许可证登记号');

  await grid.getByRole('button', { name: '打印当前列表' }).click();
  const preview = page.getByRole('region', { name: '打印当前列表' });
  const doc = preview.locator('[data-print-ready] .grid-list-print');
  await expect(doc.locator('.doc-title')).toHaveText('监管对象');
  await expect(doc.locator('.list-filters')).toHaveText('筛选：搜索“诊所”');
  await expect(doc.locator('.list-count')).toHaveText(`共 ${shown} 条`);
  expect((await doc.locator('thead th').allTextContents()).map((t) => t.trim())).toEqual(headers);
  await expect(doc.locator('tbody tr')).toHaveCount(shown);
  // Every printed 机构名称 has the search word (the grid's quick filter), in the grid's order.
  const names = await doc
    .locator(`tbody tr td:nth-child(${headers.indexOf('机构名称') + 1})`)
    .allTextContents();
  expect(names.length).toBe(shown);
  const gridFirst = (await grid.locator('.ag-row[row-index="0"] .ag-cell[col-id="name"]').textContent())!;
  expect(names[0]).toBe(gridFirst);
  await keepScreenshot(page, testInfo, 'print-list-institutions-preview');
  const { path } = await savePdf(page, testInfo, 'institutions.pdf');
  const text = flat(pdfText(path));
  expect(text).toContain('监管对象');
  expect(text).toContain('筛选：搜索“诊所”');
  expect(text).toContain(`共${shown}条`);
  expect(text).toContain(flat(gridFirst));
  expect(text).not.toContain('执业许可证登记号');
  const { pages } = pdfPages(path);
  if (pages > 1) expect(flat(pdfText(path, 2))).toContain('序号机构名称');
  pngPages(path, 'print-list-institutions-pdf', 1);
  await preview.getByRole('button', { name: '返回' }).click();
  await expect(page.getByRole('searchbox', { name: '搜索监管对象' })).toHaveValue('诊所');

  // A column's own filter is part of the printed view too (街道/镇 包含 the first row's street).
  const street = (await grid
    .locator('.ag-row[row-index="0"] .ag-cell[col-id="street"]')
    .textContent())!.trim();
  expect(street).not.toBe('');
  const streetHeader = grid.getByRole('columnheader', { name: '街道/镇' });
  await streetHeader.hover();
  await streetHeader
    .locator('.ag-header-cell-filter-button, .ag-header-icon.ag-header-cell-menu-button')
    .first()
    .click();
  await page
    .locator('.ag-filter')
    .getByPlaceholder(/筛选|过滤/)
    .first()
    .fill(street);
  await page.keyboard.press('Escape');
  await expect(grid.locator('.ag-header-cell[col-id="street"]')).toHaveClass(/ag-header-cell-filtered/);
  await grid.getByRole('button', { name: '打印当前列表' }).click();
  await expect(doc.locator('.list-filters')).toHaveText(`筛选：搜索“诊所”；街道/镇 包含“${street}”`);
  // The page's count beneath the preview (read now, long after the filter applied) is the printed count.
  const afterFilter = Number(/筛选后 (\d+) 个/.exec((await count.textContent())!)![1]);
  expect(afterFilter).toBeLessThanOrEqual(shown);
  await expect(doc.locator('.list-count')).toHaveText(`共 ${afterFilter} 条`);
  await expect(doc.locator('tbody tr')).toHaveCount(afterFilter);
  await expect(doc.locator(`tbody tr td:nth-child(${headers.indexOf('街道/镇') + 1})`).first()).toContainText(
    street,
  );
  await preview.getByRole('button', { name: '返回' }).click();
});

test('打印当前列表: a few columns print on A4 portrait; too long a list asks for a filter', async ({
  page,
  seeded,
}, testInfo) => {
  test.setTimeout(120_000); // two registers, two PDFs rendered by the server's Chromium
  // 操作日志 gets more than 5,000 rows (for the end of this test).
  const db = new Database(join(seeded.dataDir, 'zongjian.db'), { fileMustExist: true });
  try {
    const a = db.prepare(
      `insert into audit_log (at, actor_id, actor_name, action, entity, entity_id, summary, before_json, after_json, seat)
       values (?, null, '打印测试', 'practitioners.update', 'practitioner', ?, ?, null, null, 'PC-1')`,
    );
    db.transaction(() => {
      for (let i = 0; i < 5100; i++)
        a.run(new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString(), String(i), `打印测试${i}`);
    })();
  } finally {
    db.close();
  }
  await page.goto(seeded.url);
  await login(page, 'admin');
  const preview = page.getByRole('region', { name: '打印当前列表' });
  const doc = preview.locator('[data-print-ready] .grid-list-print');

  // A few narrow columns print on A4 portrait: 成员单位 with 别名, 联系人 and 联系电话 hidden.
  await page.goto(`${seeded.origin}/#/basic/departments`);
  const departments = page.locator('[data-grid="departments"]');
  await expect(departments.locator('.ag-row').first()).toBeVisible();
  await departments.getByRole('button', { name: '选择显示的列' }).click();
  const chooser = page.getByRole('dialog', { name: '选择显示的列' });
  for (const col of ['别名', '联系人', '联系电话']) await chooser.getByLabel(col).uncheck();
  await page.keyboard.press('Escape');
  const deptHeaders = await shownHeaders(page, departments, ['序号', '简称']);
  expect(deptHeaders).toEqual(['序号', '简称', '单位全称', '类型', '状态']);
  const deptCount = Number(
    /共 (\d+) 个/.exec((await page.getByTestId('directory-count').textContent())!)![1],
  );
  await departments.getByRole('button', { name: '打印当前列表' }).click();
  await expect(doc).toHaveClass(/portrait/);
  await expect(doc.locator('.doc-title')).toHaveText('成员单位');
  await expect(doc.locator('.list-filters')).toHaveText('筛选：无（全部记录）');
  await expect(doc.locator('.list-count')).toHaveText(`共 ${deptCount} 条`);
  await keepScreenshot(page, testInfo, 'print-list-departments-preview');
  const portrait = await savePdf(page, testInfo, 'departments.pdf');
  expect(portrait.dl.suggestedFilename()).toBe('成员单位（2026-11-22）.pdf');
  expect(pdfPages(portrait.path).info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts/); // A4 portrait
  const deptText = flat(pdfText(portrait.path));
  expect(deptText).toContain('序号简称单位全称类型状态');
  expect(deptText).not.toContain('联系电话');
  expect(pdfText(portrait.path)).toMatch(/—\s*1\s*—/);
  pngPages(portrait.path, 'print-list-departments-pdf', 1);
  await preview.getByRole('button', { name: '返回' }).click();
  await expect(preview).toBeHidden();

  // Too long a list: 操作日志 with more than 5,000 rows asks for a filter instead of printing.
  await page.goto(`${seeded.origin}/#/settings/audit`);
  const audit = page.locator('[data-grid="audit"]');
  await expect(audit.locator('.ag-row').first()).toBeVisible();
  await audit.getByRole('button', { name: '打印当前列表' }).click();
  await expect(page.locator('.toast', { hasText: '超过 5000 行，请先筛选或导出 Excel' })).toBeVisible();
  await expect(page.getByRole('region', { name: '打印当前列表' })).toHaveCount(0);
  // Filtered (1, 10–19, 100–199, 1000–1999: 1,111 rows), it prints, the times as the grid shows them (Beijing).
  await page.getByLabel('操作人').fill('打印测试');
  await page.getByLabel('关键词').fill('打印测试1');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByTestId('audit-count')).toContainText('共 1111 条');
  const auditCount = 1111;
  const firstAtCell = audit.locator('.ag-row[row-index="0"] .ag-cell[col-id="at"]');
  await expect(firstAtCell).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/); // the filtered block has come
  const firstAt = (await firstAtCell.textContent())!;
  await audit.getByRole('button', { name: '打印当前列表' }).click();
  const auditDoc = page
    .getByRole('region', { name: '打印当前列表' })
    .locator('[data-print-ready] .grid-list-print');
  await expect(auditDoc.locator('.doc-title')).toHaveText('操作日志');
  await expect(auditDoc.locator('.list-filters')).toHaveText('筛选：操作人 打印测试；关键词 打印测试1');
  await expect(auditDoc.locator('.list-count')).toHaveText(`共 ${auditCount} 条`);
  await expect(auditDoc.locator('tbody tr').first().locator('td').first()).toHaveText(firstAt);
  await keepScreenshot(page, testInfo, 'print-list-audit-preview');
});

test('1366×768: the registers with details under the grid fill the window height', async ({
  page,
  seeded,
}, testInfo) => {
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  for (const [route, gridId] of [
    ['enforcement/referrals', 'enforcement-referrals'],
    ['enforcement/complaints', 'enforcement-complaints'],
    ['enforcement/inspections', 'enforcement-inspections'],
    ['enforcement/joint-actions', 'enforcement-joint-actions'],
  ] as const) {
    await page.goto(`${seeded.origin}/#/${route}`);
    const grid = page.locator(`[data-grid="${gridId}"]`);
    await expect(grid.locator('.ag-row').first()).toBeVisible();
    // The grid takes the height the hint under it leaves: both in the window, nothing to scroll to.
    const hint = page.getByText('选择一行查看详情；双击编辑。');
    await expect(async () => {
      const b = (await grid.boundingBox())!;
      const h = (await hint.boundingBox())!;
      expect(b.y + b.height, gridId).toBeLessThanOrEqual(h.y);
      expect(h.y + h.height, gridId).toBeGreaterThan(768 - 60);
      expect(h.y + h.height, gridId).toBeLessThanOrEqual(768);
      expect(b.height, gridId).toBeGreaterThan(300);
    }).toPass();
    await keepScreenshot(page, testInfo, `print-list-fill-${gridId}`);
    // A record chosen: its details come into the window under a grid that made room for them.
    await grid.locator('.ag-row[row-index="0"] .ag-cell').first().click();
    await expect(hint).toBeHidden();
    await expect(async () => {
      const b = (await grid.boundingBox())!;
      const last = await page.locator('main').evaluate((m) => {
        const g = m.querySelector('.grid-wrap')!;
        let bottom = 0;
        for (let n = g.nextElementSibling; n; n = n.nextElementSibling)
          bottom = Math.max(bottom, n.getBoundingClientRect().bottom);
        return bottom;
      });
      expect(b.height, gridId).toBeGreaterThanOrEqual(240);
      // Either the details fit under the grid, or the grid is at its smallest and the rest scrolls.
      if (b.height > 241) expect(last, gridId).toBeLessThanOrEqual(768);
    }).toPass();
    if (gridId === 'enforcement-complaints')
      await keepScreenshot(page, testInfo, `print-list-fill-${gridId}-selected`);
  }
});
