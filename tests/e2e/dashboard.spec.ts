// 工作台 on the demo district ("today" is 2026-11-22), as the leader and a clerk use it: the due and overdue list
// with counts checked against direct queries on the data file, filters by category, department and person, an
// item opening its record, the notice centre, the year's indicators and charts, and the leader's one-page summary
// printed to PDF with the same figures as the screen.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { test, expect, keepScreenshot, login } from './fixtures';

function query(dataDir: string, sql: string): number {
  const db = new Database(join(dataDir, 'zongjian.db'), { readonly: true, fileMustExist: true });
  try {
    return Number((db.prepare(sql).get() as { n: number }).n);
  } finally {
    db.close();
  }
}

test('工作台: due and overdue across modules, filters, opening a record, indicators, charts, leader page', async ({
  page,
  seeded,
}, testInfo) => {
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  // This year's checklist (the demo's, reported up to the third quarter): its quarterly reports are due.
  await page
    .getByRole('navigation', { name: '主导航' })
    .getByRole('link', { name: /^任务清单/ })
    .click();
  await expect(page.getByRole('heading', { name: '2026年越城区医疗卫生行业综合监管工作清单' })).toBeVisible();
  await page
    .getByRole('navigation', { name: '主导航' })
    .getByRole('link', { name: /^工作台/ })
    .click();
  await expect(page.getByRole('heading', { name: '工作台' })).toBeVisible();
  const due = page.getByRole('region', { name: '待办与逾期' });
  await expect(due.getByText(/^已逾期 \d+ 项$/)).toBeVisible();

  // All open referral replies due since the office started using the app (2026Q1), as the data file has them.
  const openReferrals = query(
    seeded.dataDir,
    "select count(*) as n from referrals where reply_on is null and due_on >= '2026-01-01'",
  );
  const overdueReferrals = query(
    seeded.dataDir,
    "select count(*) as n from referrals where reply_on is null and due_on >= '2026-01-01' and due_on < '2026-11-22'",
  );
  expect(openReferrals).toBeGreaterThan(0);
  await due.getByLabel('范围').selectOption({ label: '全部' });
  await due.getByLabel('类别').selectOption({ label: '转报书面回复' });
  await expect(due.getByText(`显示 ${openReferrals} 项`)).toBeVisible();
  await due.getByLabel('范围').selectOption({ label: '已逾期' });
  await expect(due.getByText(`显示 ${overdueReferrals} 项`)).toBeVisible();

  // Checklist reports: the departments still owing third-quarter reports (overdue) and every responsible
  // department for the fourth (due 12-31).
  const units = query(
    seeded.dataDir,
    'select count(distinct u.department_id) as n from checklist_item_units u join checklist_items i on i.id = u.item_id join checklists c on c.id = i.checklist_id where c.year = 2026',
  );
  const owingQ3 = query(
    seeded.dataDir,
    'select count(distinct u.department_id) as n from checklist_item_units u join checklist_items i on i.id = u.item_id join checklists c on c.id = i.checklist_id where c.year = 2026 and i.retired = 0 and not exists (select 1 from checklist_progress p where p.item_id = u.item_id and p.department_id = u.department_id and p.quarter = 3)',
  );
  expect(owingQ3).toBeGreaterThan(0);
  expect(owingQ3).toBeLessThan(units);
  await due.getByLabel('范围').selectOption({ label: '全部' });
  await due.getByLabel('类别').selectOption({ label: '任务清单季度报告' });
  await expect(due.getByText(`显示 ${units + owingQ3} 项`)).toBeVisible();
  await due.getByLabel('范围').selectOption({ label: '已逾期' });
  await expect(due.getByText(`显示 ${owingQ3} 项`)).toBeVisible();

  // Each kind's count, and 查看全部 shows every one of that kind.
  await due.getByLabel('范围').selectOption({ label: '逾期、今日与本周' });
  await due.getByLabel('类别').selectOption({ label: '全部类别' });
  await expect(due.getByRole('list', { name: '各类待办' })).toContainText(`转报书面回复 ${openReferrals} 项`);
  await due.getByRole('button', { name: '查看全部转报书面回复' }).click();
  await expect(due.getByLabel('范围')).toHaveValue('all');
  await expect(due.getByText(`显示 ${openReferrals} 项`)).toBeVisible();

  // Open decisions, likewise; then every category again.
  await due.getByLabel('范围').selectOption({ label: '全部' });
  await due.getByLabel('类别').selectOption({ label: '议定事项督办' });
  await expect(
    due.getByText(
      `显示 ${query(seeded.dataDir, "select count(*) as n from decisions where status = 'open' and due_date >= '2026-01-01'")} 项`,
    ),
  ).toBeVisible();
  await due.getByLabel('类别').selectOption({ label: '全部类别' });
  await due.getByLabel('经办人').selectOption({ label: '张强（keyuan）' });
  await expect(due.getByText(/^显示 [1-9]\d* 项/)).toBeVisible();
  await due.getByLabel('经办人').selectOption({ label: '全部人员' });
  await keepScreenshot(page, testInfo, 'dashboard-due');

  // An item opens its record: the first open referral.
  await due.getByLabel('类别').selectOption({ label: '转报书面回复' });
  await expect(due.getByText(`显示 ${openReferrals} 项`)).toBeVisible();
  await expect(due.locator('[data-grid="dashboard-due"] .ag-row')).toHaveCount(openReferrals);
  const firstTitle = due.locator(
    '[data-grid="dashboard-due"] .ag-row[row-index="0"] .ag-cell[col-id="title"]',
  );
  const matter = (await firstTitle.innerText()).trim();
  await firstTitle.dblclick();
  await expect(page).toHaveURL(/#\/enforcement\/referrals\/\d+$/);
  await expect(page.getByRole('tab', { name: '转报移送', selected: true })).toBeVisible();
  await expect(page.getByText(matter, { exact: true }).last()).toBeVisible();
  await expect(page.locator('.ag-row-selected').filter({ hasText: matter.slice(0, 8) })).toBeVisible();

  // A 责令整改 awaiting its 复查 opens its inspection record.
  await page
    .getByRole('navigation', { name: '主导航' })
    .getByRole('link', { name: /^工作台/ })
    .click();
  await due.getByLabel('范围').selectOption({ label: '全部' });
  await due.getByLabel('类别').selectOption({ label: '责令整改复查' });
  const rectify = query(
    seeded.dataDir,
    "select count(*) as n from inspections where outcome = 'rectify' and removed_at is null and review_on is null and rectify_due >= '2026-01-01'",
  );
  expect(rectify).toBeGreaterThan(0);
  await expect(due.getByText(`显示 ${rectify} 项`)).toBeVisible();
  await expect(due.locator('[data-grid="dashboard-due"] .ag-row')).toHaveCount(rectify);
  const institution = (
    await due
      .locator('[data-grid="dashboard-due"] .ag-row[row-index="0"] .ag-cell[col-id="title"]')
      .innerText()
  ).replace(/ 整改复查$/, '');
  await due.locator('[data-grid="dashboard-due"] .ag-row[row-index="0"] .ag-cell[col-id="title"]').dblclick();
  await expect(page).toHaveURL(/#\/enforcement\/inspections\/\d+$/);
  await expect(page.getByRole('tab', { name: '检查记录', selected: true })).toBeVisible();
  await expect(page.getByText(`号：${institution}`)).toBeVisible(); // the record's detail, under the grid

  // The notice centre in the top bar: overdue and due today, each opening its record.
  const bell = page.getByRole('button', { name: /^提醒：\d+ 项逾期或今日到期$/ });
  await bell.click();
  const panel = page.getByRole('dialog', { name: '提醒中心' });
  await expect(panel.getByText('逾期与今日到期')).toBeVisible();
  await expect(panel.locator('.notice-item').first()).toContainText('逾期');
  await keepScreenshot(page, testInfo, 'dashboard-notice-centre');
  await panel.getByRole('button', { name: '打开工作台' }).click();

  // Indicators and charts.
  const held = query(
    seeded.dataDir,
    "select count(*) as n from meetings where type = 'regular' and status = 'held' and date like '2026-%'",
  );
  const indicators = page.getByRole('region', { name: '年度履职指标' });
  await expect(indicators.getByRole('link', { name: /定期联席会议/ })).toContainText(`${held} / 1 次`);
  const charts = page.getByRole('region', { name: '统计图表' });
  await expect(charts.getByRole('img', { name: '本年投诉按类别柱状图' })).toBeVisible();
  await expect(charts.getByRole('img', { name: '任务清单进度按责任单位堆叠柱状图' })).toBeVisible();
  await expect(charts.locator('figure', { hasText: '任务清单进度' }).locator('.chart-figures')).toHaveText(
    `未报送 ${query(seeded.dataDir, 'select count(*) as n from checklist_item_units u join checklist_items i on i.id = u.item_id join checklists c on c.id = i.checklist_id where c.year = 2026')}`,
  );
  const complaints = query(
    seeded.dataDir,
    "select count(*) as n from complaints where received_on like '2026-%'",
  );
  const figures = await charts
    .locator('figure', { hasText: '本年 12345 投诉' })
    .locator('.chart-figures')
    .innerText();
  expect(
    figures
      .match(/\d+/g)!
      .map(Number)
      .reduce((a, b) => a + b, 0),
  ).toBe(complaints);
  await charts.scrollIntoViewIfNeeded();
  await keepScreenshot(page, testInfo, 'dashboard-charts');

  // The leader's one-page summary: printed, and its figures are the screen's.
  await page.getByRole('region', { name: '待办与逾期' }).scrollIntoViewIfNeeded();
  const screen = await due.locator('.due-summary').innerText();
  const [over, today, week] = [/已逾期 (\d+)/, /今日到期 (\d+)/, /本周内 (\d+)/].map(
    (re) => re.exec(screen)![1],
  );
  await page.getByRole('button', { name: '领导版一页纸' }).click();
  await expect(page.getByRole('toolbar', { name: '打印预览' })).toBeVisible();
  await expect(page.locator('[data-print-ready] .gb-doc')).toContainText('医疗卫生行业综合监管工作情况');
  await keepScreenshot(page, testInfo, 'dashboard-leader-page');
  // 保存为 PDF: in browser mode the server prints the same page with its Chromium and the browser downloads it.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: '保存为 PDF' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('综合监管工作情况（2026-11-22）.pdf');
  const pdf = testInfo.outputPath('leader.pdf');
  await download.saveAs(pdf);
  expect(execFileSync('pdffonts', [pdf], { encoding: 'utf8' })).not.toMatch(/Type 3/);
  const flat = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  // The 合计 row: overdue, due today, this week, all — the screen's counts.
  expect(flat).toMatch(new RegExp(`合计${over}${today}${week}\\d+`));
  expect(flat).toContain(`本年受理12345投诉${complaints}件`);
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
  expect(pages).toBe(1);
});
