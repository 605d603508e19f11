// Exports of long registers show their progress (issue 18 item 14), as the office meets it at 1366×768: the
// 从业人员 register grown to tens of thousands of people; 导出 Excel shows a determinate bar counting the rows
// (第 k / n 行) with 取消; 取消 stops it with 已取消导出 and no file is saved; run again it goes to the end
// (第 n / n 行) and the file, read back with exceljs, holds every person.
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { test, expect, keepScreenshot, login, openSection } from './fixtures';

test.use({ viewport: { width: 1366, height: 768 } });

const ADDED = 40_000;

/** People registered over the years, put straight into the data file as paged-lists.spec.ts does (the test is
 *  about exporting them): each at one of the district's institutions, with its own certificate number. */
function addPractitioners(dataDir: string, n: number): void {
  const db = new Database(join(dataDir, 'zongjian.db'), { fileMustExist: true });
  try {
    const institutions = db.prepare('select id from institutions order by id').all() as { id: number }[];
    const insert = db.prepare(
      'insert into practitioners (name, category, certificate_no, institution_id, active, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)',
    );
    const at = '2026-11-01T00:00:00.000Z';
    db.transaction(() => {
      for (let i = 0; i < n; i++)
        insert.run(
          `导出人员${String(i).padStart(5, '0')}`,
          i % 3 === 0 ? 'nurse' : 'physician',
          `DC${200000 + i}`,
          institutions[i % institutions.length]!.id,
          i % 10 ? 1 : 0,
          at,
          at,
        );
    })();
  } finally {
    db.close();
  }
}

function countPeople(dataDir: string): number {
  const db = new Database(join(dataDir, 'zongjian.db'), { readonly: true });
  try {
    return (db.prepare('select count(*) as n from practitioners').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

test('导出 Excel of 40,000 more practitioners: the bar counts the rows, 取消 saves nothing, a second run saves them all', async ({
  page,
  seeded,
}, testInfo) => {
  test.setTimeout(300_000);
  addPractitioners(seeded.dataDir, ADDED);
  const people = countPeople(seeded.dataDir);
  expect(people).toBeGreaterThan(ADDED);
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));

  await page.goto(seeded.url);
  await login(page, 'admin');
  await openSection(page, '联合执法');
  await page.getByRole('tab', { name: '从业人员' }).click();
  await expect(page.getByText(new RegExp(`^共 ${people} 人`))).toBeVisible();

  // 导出 Excel: the bar says what it does and counts the rows of the whole list, with 取消.
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const bar = page.getByTestId('progress');
  await expect(bar).toContainText('正在导出从业人员名录');
  const all = people.toLocaleString('zh-CN');
  await expect(bar.getByTestId('progress-count')).toContainText(new RegExp(`^第 [\\d,]+ / ${all} 行`));
  await expect(page.getByRole('button', { name: '正在导出…' })).toBeDisabled();
  const meter = bar.getByRole('progressbar');
  await expect(meter).toHaveAttribute('aria-valuemax', String(people));
  const cancel = bar.getByRole('button', { name: '取消' });
  await cancel.click();
  // The bar as the person sees it just after 取消 (or already gone when the export stopped at once).
  await keepScreenshot(page, testInfo, 'export-progress-running');

  // Stopped: said in Chinese, the bar gone, the button back, and no file saved.
  await expect(page.getByText('已取消导出')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('导出在完成前被取消，未生成文件。')).toBeVisible();
  await expect(bar).toHaveCount(0);
  await expect(page.getByRole('button', { name: '导出 Excel' })).toBeEnabled();
  await keepScreenshot(page, testInfo, 'export-progress-cancelled');
  expect(downloads).toEqual([]);

  // Again, left to finish: the bar ends at 第 n / n 行 and the file holds every person.
  const download = page.waitForEvent('download', { timeout: 240_000 });
  await page.getByRole('button', { name: '导出 Excel' }).click();
  await expect(page.getByText('已取消导出')).toHaveCount(0);
  await expect(bar).toBeVisible();
  const file = await download;
  expect(file.suggestedFilename()).toBe('从业人员名录.xlsx');
  await expect(bar.getByTestId('progress-count')).toHaveText(`第 ${all} / ${all} 行（100%）`);
  await expect(bar).toContainText('已导出 从业人员名录.xlsx');
  await expect(bar.getByRole('button', { name: '取消' })).toHaveCount(0);
  await keepScreenshot(page, testInfo, 'export-progress-finished');
  expect(downloads).toEqual(['从业人员名录.xlsx']);

  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await file.path())!);
  const sheet = book.worksheets[0]!;
  expect(sheet.name).toBe('从业人员');
  expect(sheet.rowCount).toBe(people + 1);
  const header = sheet.getRow(1).values as unknown[];
  const nameColumn = header.indexOf('姓名');
  const certColumn = header.indexOf('证书编号');
  expect(nameColumn).toBeGreaterThan(0);
  const names = new Set<string>();
  const certs = new Set<string>();
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    names.add(String(row.getCell(nameColumn).value));
    certs.add(String(row.getCell(certColumn).value));
  });
  // Every added person is there once (the latest entered first, numbered 1…n across the blocks).
  for (const i of [0, 1, 1999, 2000, 2001, ADDED - 1])
    expect(names.has(`导出人员${String(i).padStart(5, '0')}`)).toBe(true);
  expect(certs.size).toBe(people);
  expect(sheet.getRow(2).getCell(1).value).toBe(1);
  expect(sheet.getRow(people + 1).getCell(1).value).toBe(people);
});

/** A busy year of 12345 tickets, put straight into the data file (handled, awaiting the office's feedback). */
function addComplaints(dataDir: string, n: number): void {
  const db = new Database(join(dataDir, 'zongjian.db'), { fileMustExist: true });
  try {
    const institutions = db.prepare('select id from institutions order by id').all() as { id: number }[];
    const departments = db.prepare('select id from departments where active = 1 order by id').all() as {
      id: number;
    }[];
    const insert = db.prepare(
      `insert into complaints (ticket_no, received_on, content, category, institution_id, department_id,
         handling_result, handled_on, substantiated, feedback_due, rule_days, rule_unit, feedback_on, created_at, updated_at)
       values (?, ?, ?, 'medical_service', ?, ?, '已核实处理', ?, 0, ?, 7, 'calendar', null, ?, ?)`,
    );
    const at = '2026-11-01T00:00:00.000Z';
    db.transaction(() => {
      for (let i = 0; i < n; i++) {
        const day = `2026-${String(1 + (i % 10)).padStart(2, '0')}-${String(1 + (i % 27)).padStart(2, '0')}`;
        insert.run(
          `GD2026${String(i).padStart(6, '0')}`,
          day,
          `反映就诊排队时间过长（导出测试第${i}件）`,
          institutions[i % institutions.length]!.id,
          departments[i % departments.length]!.id,
          `${day.slice(0, 8)}28`,
          `${day.slice(0, 8)}28`,
          at,
          at,
        );
      }
    })();
  } finally {
    db.close();
  }
}

test('导出 Excel of a year of 12345 投诉 (25,000 more): 第 k / n 行 with 取消, then the whole year in the file', async ({
  page,
  seeded,
}, testInfo) => {
  test.setTimeout(300_000);
  addComplaints(seeded.dataDir, 25_000);
  const db = new Database(join(seeded.dataDir, 'zongjian.db'), { readonly: true });
  const year = (
    db
      .prepare(`select count(*) as n from complaints where received_on between '2026-01-01' and '2026-12-31'`)
      .get() as { n: number }
  ).n;
  db.close();
  expect(year).toBeGreaterThan(25_000);
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));

  await page.goto(seeded.url);
  await login(page, 'admin');
  await openSection(page, '联合执法');
  await page.getByRole('tab', { name: '12345 投诉' }).click();
  await expect(page.getByText(new RegExp(`^共 ${year} 件`))).toBeVisible();

  await page.getByRole('button', { name: '导出 Excel' }).click();
  const bar = page.getByTestId('progress');
  await expect(bar).toContainText('正在导出12345投诉');
  const all = year.toLocaleString('zh-CN');
  await expect(bar.getByTestId('progress-count')).toContainText(new RegExp(`^第 [\\d,]+ / ${all} 行`));
  await keepScreenshot(page, testInfo, 'export-progress-complaints-running');
  await bar.getByRole('button', { name: '取消' }).click();
  await expect(page.getByText('已取消导出')).toBeVisible({ timeout: 60_000 });
  await expect(bar).toHaveCount(0);
  expect(downloads).toEqual([]);

  const download = page.waitForEvent('download', { timeout: 240_000 });
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('12345投诉登记表（2026年）.xlsx');
  await expect(bar.getByTestId('progress-count')).toHaveText(`第 ${all} / ${all} 行（100%）`);
  await keepScreenshot(page, testInfo, 'export-progress-complaints-finished');

  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await file.path())!);
  const sheet = book.worksheets[0]!;
  expect(sheet.name).toBe('12345投诉');
  expect(sheet.rowCount).toBe(year + 1);
  const header = sheet.getRow(1).values as unknown[];
  const ticketColumn = header.indexOf('工单编号');
  const tickets = new Set<string>();
  sheet.eachRow((row, n) => {
    if (n > 1) tickets.add(String(row.getCell(ticketColumn).value));
  });
  expect(tickets.size).toBe(year);
  expect(tickets.has('GD2026000000')).toBe(true);
  expect(tickets.has('GD2026024999')).toBe(true);
});
