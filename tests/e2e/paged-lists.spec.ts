// Long lists page on the server (ag-grid's Infinite Row Model: a block of 100 rows at a time, filtered and sorted in
// SQL), at the office's usual 1366×768 screen: 检查记录, 从业人员, 操作日志 and the credit ledger's 台账记录, each
// with thousands of rows — scrolled with the mouse wheel to the very last row, then filtered (the page's filters, the
// search box, a column's own filter) and sorted, the counts above the grid following.
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect, invokeInPage, keepScreenshot, login, openSection } from './fixtures';

test.use({ viewport: { width: 1366, height: 768 } });

const OLD = '2021';

/** Rows a person would have typed over years, put straight into the data file (the test is about reading them). */
function addLongLists(dataDir: string): void {
  const db = new Database(join(dataDir, 'zongjian.db'), { fileMustExist: true });
  try {
    const at = '2026-11-01T00:00:00.000Z';
    const inst = db.prepare('select id from institutions order by id limit 1').get() as { id: number };
    const inspector = db.prepare('select id from inspectors order by id limit 1').get() as { id: number };
    db.transaction(() => {
      const p = db.prepare(
        'insert into practitioners (name, category, certificate_no, institution_id, active, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)',
      );
      for (let i = 0; i < 3000; i++)
        p.run(
          `翻页人员${String(i).padStart(4, '0')}`,
          i % 2 ? 'nurse' : 'physician',
          `FY${100000 + i}`,
          inst.id,
          i % 10 ? 1 : 0,
          at,
          at,
        );
      const x = db.prepare(
        `insert into inspections (institution_id, inspected_on, lead_inspector_id, items_json, outcome, penalties_json,
           result_category, followup, approval_status, created_at, updated_at)
         values (?, ?, ?, '["医疗机构执业资质"]', 'qualified', '[]', 'no_problem', 'none', 'passed', ?, ?)`,
      );
      for (let i = 0; i < 1500; i++) {
        const d = new Date(Date.UTC(2021, 0, 1) + Math.floor(i / 5) * 86_400_000).toISOString().slice(0, 10);
        x.run(inst.id, d, inspector.id, at, at);
      }
      const a = db.prepare(
        `insert into audit_log (at, actor_id, actor_name, action, entity, entity_id, summary, before_json, after_json, seat)
         values (?, null, ?, 'practitioners.update', 'practitioner', ?, ?, null, null, ?)`,
      );
      for (let i = 0; i < 2500; i++)
        a.run(
          new Date(Date.UTC(2019, 0, 1) + i * 3_600_000).toISOString(),
          i % 2 ? '翻页甲' : '翻页乙',
          String(i),
          `翻页测试操作${String(i).padStart(4, '0')}`,
          `PC-${i % 3}`,
        );
    })();
  } finally {
    db.close();
  }
}

function text(dataDir: string, sql: string): string {
  const db = new Database(join(dataDir, 'zongjian.db'), { readonly: true, fileMustExist: true });
  try {
    return String((db.prepare(sql).get() as { n: unknown }).n);
  } finally {
    db.close();
  }
}

const count = (dataDir: string, sql: string): number => Number(text(dataDir, sql));

/** A row's cell by column (pinned columns are drawn apart from the rest). */
const cellOf = (grid: Locator, i: number, col: string) =>
  grid.locator(`.ag-row[row-index="${i}"] .ag-cell[col-id="${col}"]`);

/** Scrolls with the mouse wheel, as a person does, until the last row is drawn: each block is read as it comes
 *  into view. */
async function scrollToLast(page: Page, grid: Locator, total: number, col: string): Promise<void> {
  await expect(cellOf(grid, 0, col)).toBeVisible();
  await expect(cellOf(grid, total - 1, col)).toHaveCount(0); // beyond the first block: not read yet
  await cellOf(grid, 0, col).hover();
  await expect(async () => {
    await page.mouse.wheel(0, 15_000);
    await expect(cellOf(grid, total - 1, col)).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 120_000 });
}

/** Opens a column's own filter from its header menu and applies 包含 `text`. */
async function columnContains(page: Page, grid: Locator, header: string, text: string): Promise<void> {
  const cell = grid.getByRole('columnheader', { name: header });
  await cell.hover();
  await cell
    .locator('.ag-header-cell-filter-button, .ag-header-icon.ag-header-cell-menu-button')
    .first()
    .click();
  const menu = page.locator('.ag-filter');
  await menu
    .getByPlaceholder(/筛选|过滤/)
    .first()
    .fill(text);
  await menu.getByRole('button', { name: '应用' }).click();
}

test('four long lists scroll to their last row and filter on the server', async ({
  page,
  seeded,
}, testInfo) => {
  test.setTimeout(300_000);
  addLongLists(seeded.dataDir);
  await page.goto(seeded.url);
  await login(page, 'admin');

  // 检查记录: every year's, the oldest last; then the year filter and a column filter on 监管对象.
  await openSection(page, '联合执法');
  await page.getByRole('tab', { name: '检查记录' }).click();
  await page.getByRole('combobox', { name: '年度', exact: true }).selectOption({ label: '全部年度' });
  const inspections = count(seeded.dataDir, 'select count(*) as n from inspections where removed_at is null');
  expect(inspections).toBeGreaterThan(1500);
  await expect(page.getByTestId('inspections-count')).toHaveText(`共 ${inspections} 条`);
  const ig = page.locator('[data-grid="enforcement-inspections"]');
  await scrollToLast(page, ig, inspections, 'institutionName');
  // The demo district has no record before 2021: the added ones end the list.
  expect(
    count(seeded.dataDir, "select count(*) as n from inspections where inspected_on < '2021-01-01'"),
  ).toBe(0);
  await expect(cellOf(ig, inspections - 1, 'inspectedOn')).toHaveText(`${OLD}-01-01`);
  await keepScreenshot(page, testInfo, 'paged-inspections-scrolled');
  await page.getByRole('combobox', { name: '年度', exact: true }).selectOption(OLD);
  const inOld = count(
    seeded.dataDir,
    `select count(*) as n from inspections where removed_at is null and inspected_on like '${OLD}-%'`,
  );
  expect(inOld).toBeGreaterThanOrEqual(1460); // the 1,500 added run to 2021-10-28 (five a day)
  await expect(page.getByTestId('inspections-count')).toHaveText(`共 ${inOld} 条`);
  await page.getByRole('columnheader', { name: '检查日期' }).click(); // oldest first, sorted on the server
  await expect(cellOf(ig, 0, 'inspectedOn')).toHaveText(`${OLD}-01-01`);

  // 从业人员: 3,000 more; scrolled to the last; then 离职 only, and the search box.
  await page.getByRole('tab', { name: '从业人员' }).click();
  const people = count(seeded.dataDir, 'select count(*) as n from practitioners');
  const active = count(seeded.dataDir, 'select count(*) as n from practitioners where active = 1');
  await expect(page.getByText(`共 ${people} 人，在职 ${active} 人`)).toBeVisible();
  const pg = page.locator('[data-grid="enforcement-practitioners"]');
  await scrollToLast(page, pg, people, 'name');
  // The latest entered first: the added ones at the top, the district's first practitioner last.
  await expect(cellOf(pg, people - 1, 'name')).toHaveText(
    text(seeded.dataDir, 'select name as n from practitioners order by id limit 1'),
  );
  await keepScreenshot(page, testInfo, 'paged-practitioners-scrolled');
  await page.getByLabel('状态').selectOption({ label: '离职' });
  const left = count(seeded.dataDir, 'select count(*) as n from practitioners where active = 0');
  await expect(page.getByText(`共 ${left} 人，在职 0 人`)).toBeVisible();
  await page.getByLabel('搜索从业人员').fill('翻页人员123');
  // 1230, 1231, … 1239 and 123 itself is not padded: the 离职 ones among 翻页人员1230–1239 (every tenth).
  await expect(page.getByText('共 1 人，在职 0 人')).toBeVisible();
  await expect(cellOf(pg, 0, 'name')).toHaveText('翻页人员1230');
  await page.getByLabel('搜索从业人员').fill('');
  await page.getByLabel('状态').selectOption({ label: '全部' });
  await columnContains(page, pg, '证书编号', 'FY100029');
  await expect(cellOf(pg, 0, 'name')).toHaveText('翻页人员0029');
  await expect(cellOf(pg, 1, 'name')).toHaveCount(0);
  await keepScreenshot(page, testInfo, 'paged-practitioners-filtered');
  // 导出 Excel gives what the grid shows: the column filter holds, so one person, not the whole register.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await (await download).path())!);
  const sheet = book.worksheets[0]!;
  const nameColumn = (sheet.getRow(1).values as unknown[]).indexOf('姓名');
  const exported: string[] = [];
  sheet.eachRow((row, n) => {
    if (n > 1) exported.push(String(row.getCell(nameColumn).value));
  });
  expect(exported).toEqual(['翻页人员0029']);

  // 台账记录: the credit ledger, newest first; a few hundred more entries made through the app.
  const subject = count(seeded.dataDir, 'select min(id) as n from institutions');
  for (let i = 0; i < 220; i++) {
    const r = await invokeInPage(page, 'credit.record', {
      subjectKind: 'institution',
      subjectId: subject,
      type: 'commitment',
      factDate: `2020-01-${String(1 + (i % 28)).padStart(2, '0')}`,
      text: `翻页承诺${i}`,
    });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
  }
  await openSection(page, '信用台账');
  await page.getByRole('tab', { name: '台账记录' }).click();
  const entries = count(seeded.dataDir, 'select count(*) as n from credit_ledger');
  await expect(page.getByTestId('entries-count')).toContainText(`共 ${entries} 条`);
  const eg = page.locator('[data-grid="credit-entries"]');
  await scrollToLast(page, eg, entries, 'subjectName');
  await expect(cellOf(eg, entries - 1, 'seq')).toHaveText('1');
  await keepScreenshot(page, testInfo, 'paged-credit-entries-scrolled');
  await page.getByLabel('记录类型').selectOption({ label: '信用承诺' });
  const commitments = count(
    seeded.dataDir,
    "select count(*) as n from credit_ledger where type = 'commitment'",
  );
  await expect(page.getByTestId('entries-count')).toContainText(`共 ${commitments} 条`);
  await page.getByLabel('搜索台账记录').fill('翻页承诺219');
  await expect(page.getByTestId('entries-count')).toContainText('共 1 条');
  await expect(cellOf(eg, 0, 'factDate')).toHaveText('2020-01-24');

  // 操作日志: the latest written first; then the person and words.
  await openSection(page, '系统设置');
  await page.getByRole('tab', { name: '操作日志' }).click();
  const logged = count(seeded.dataDir, 'select count(*) as n from audit_log');
  await expect(page.getByTestId('audit-count')).toContainText(`共 ${logged} 条`);
  const ag = page.locator('[data-grid="audit"]');
  await scrollToLast(page, ag, logged, 'summary');
  // The latest written first: the 2019 rows added to the file after the demo's come first, the office's setup last.
  await expect(cellOf(ag, logged - 1, 'summary')).toHaveText(
    text(seeded.dataDir, 'select summary as n from audit_log order by id limit 1'),
  );
  await keepScreenshot(page, testInfo, 'paged-audit-scrolled');
  await page.getByLabel('操作人').fill('翻页甲');
  await page.getByLabel('关键词').fill('操作00');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByTestId('audit-count')).toContainText('共 50 条'); // odd numbers among 0000–0099
  await expect(cellOf(ag, 0, 'summary')).toHaveText('翻页测试操作0099');
  await keepScreenshot(page, testInfo, 'paged-audit-filtered');
});
