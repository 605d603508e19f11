// The first day, at 1366×768 (a typical office laptop). A brand-new office in 浙江 starting this quarter
// (2026Q4 on the test clock) is not "已逾期 6 项" within a minute, and its rules name their sources — 浙江's own
// document where the project holds one, another province's as a reference it confirmed. The demo, made on the
// test's day, gives every role a populated first screen: the leader sees 2026's 任务清单.
import { test, expect, keepScreenshot, login, openSection } from './fixtures';

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
});

test('a new office in 浙江 starting this quarter has nothing overdue, and its rules name their sources', async ({
  page,
  app,
}, testInfo) => {
  await page.goto(app.url);
  // Step one: where the data lives (the data folder, the default).
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByLabel('单位名称').fill('绍兴市越城区卫生健康局');
  await page.getByLabel('发文字号前缀').fill('越卫健');
  // The start quarter defaults to this one.
  await expect(page.getByLabel('从哪个季度开始使用本系统')).toHaveValue('2026Q4');
  await expect(page.getByLabel('从哪个季度开始使用本系统').locator('option:checked')).toHaveText(
    '2026年第四季度（本季度）',
  );
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('姓名').fill('赵管理');
  await page.getByRole('textbox', { name: '密码', exact: true }).fill('Secret#2026');
  await page.getByLabel('确认密码').fill('Secret#2026');

  // Without a province: asked for it, nothing created.
  await page.getByRole('button', { name: '完成设置' }).click();
  await expect(page.getByText('请选择本单位所在省份（自治区、直辖市）')).toBeVisible();

  await page.getByLabel('所在省份（自治区、直辖市）').selectOption('浙江省');
  const rules = page.getByLabel('选用的业务规则');
  await expect(rules.getByText('本省规定：浙江省绍兴市越城区 越政办发〔2020〕64号')).toHaveCount(2);
  await expect(rules.getByText('浙江省暂无收录的规定，参照北京市 京卫监督〔2019〕37号')).toBeVisible();
  await expect(rules.getByText('本省规定：浙江省 浙江省卫生健康系统通行做法')).toBeVisible();
  await expect(rules.getByText(/12345 投诉反馈期限：办结后 7 日内反馈/)).toBeVisible();
  await expect(rules.getByText(/转报书面回复期限：收到后 15 日内书面回复/)).toBeVisible();
  // The references must be confirmed.
  await page.getByRole('button', { name: '完成设置' }).click();
  await expect(page.getByText('请确认参照其他省份的业务规则')).toBeVisible();
  await rules.getByLabel(/确认暂按以上参照规定执行/).check();
  await keepScreenshot(page, testInfo, 'first-day-setup');
  await page.getByRole('button', { name: '完成设置' }).click();

  // The first screen: nothing overdue; this quarter's stage summary is the report owed.
  await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible();
  const due = page.getByRole('region', { name: '待办与逾期' });
  await expect(due.getByText('已逾期 0 项')).toBeVisible();
  await keepScreenshot(page, testInfo, 'first-day-dashboard');
  await due.getByLabel('范围').selectOption({ label: '全部' });
  await due.getByLabel('类别').selectOption({ label: '报告上报' });
  await expect(due.getByRole('gridcell', { name: '2026年第四季度季度阶段性工作总结' })).toBeVisible();
  await expect(due.getByRole('gridcell', { name: '2026年第三季度季度阶段性工作总结' })).toHaveCount(0);
  await expect(due.getByRole('gridcell', { name: /2025年/ })).toHaveCount(0);

  // 系统设置 → 业务规则: the start quarter, the province and each rule's source.
  await openSection(page, '系统设置');
  await page.getByRole('tab', { name: '业务规则' }).click();
  await expect(page.getByLabel('开始使用本系统的季度')).toHaveValue('2026Q4');
  await expect(page.getByLabel('所在省份（自治区、直辖市）')).toHaveValue('浙江省');
  const sources = page.getByRole('group', { name: '规则来源' });
  await expect(sources.getByText('本省规定：浙江省绍兴市越城区 越政办发〔2020〕64号')).toHaveCount(2);
  await expect(sources.getByText('浙江省暂无收录的规定，参照北京市 京卫监督〔2019〕37号')).toBeVisible();
  await expect(sources.getByText('本省规定：浙江省 浙江省卫生健康系统通行做法')).toBeVisible();
  await expect(
    page
      .getByRole('group', { name: '12345 投诉反馈期限' })
      .getByText(/依据：浙江省绍兴市越城区 越政办发〔2020〕64号/),
  ).toBeVisible();
  await keepScreenshot(page, testInfo, 'first-day-rules');

  // The administrator moves the start back a quarter: 2026Q3's summary becomes owed (and late), audited.
  await page.getByLabel('开始使用本系统的季度').selectOption('2026Q3');
  await page.getByRole('button', { name: '保存业务规则' }).click();
  await expect(page.getByText('业务规则已保存')).toBeVisible();
  await openSection(page, '工作台');
  await expect(page.getByRole('region', { name: '待办与逾期' }).getByText('已逾期 1 项')).toBeVisible();
  await openSection(page, '系统设置');
  await page.getByRole('tab', { name: '操作日志' }).click();
  await expect(page.getByText(/修改设置：startQuarter/).first()).toBeVisible();
});

const ROLES = [
  ['admin', 'admin'],
  ['mishu', 'secretary'],
  ['lingdao', 'leader'],
  ['keyuan', 'staff'],
  ['shenji', 'auditor'],
] as const;

test('the demo made today gives every role a populated first screen; the leader sees 2026’s 任务清单', async ({
  page,
  seeded,
}, testInfo) => {
  for (const [username, role] of ROLES) {
    await page.goto(seeded.url);
    await login(page, username);
    const due = page.getByRole('region', { name: '待办与逾期' });
    await expect(due).toBeVisible();
    // Populated: the grid has rows, and reports owed before today were sent (none of them overdue).
    await expect(due.locator('[data-grid="dashboard-due"] .ag-row[row-index="0"]')).toContainText('已逾期');
    const reports = page
      .getByRole('list', { name: '各类待办' })
      .getByRole('listitem')
      .filter({ hasText: '报告上报' });
    await expect(reports).toContainText('报告上报 3 项');
    await expect(reports).not.toContainText('逾期');
    await expect(page.getByRole('heading', { name: /2026/ }).first()).toBeVisible();
    await keepScreenshot(page, testInfo, `first-screen-${role}`);
    if (username === 'lingdao') {
      await openSection(page, '任务清单');
      await expect(page.getByText('2026 年尚未建立任务清单')).toHaveCount(0);
      await expect(page.getByRole('gridcell', { name: '加强医疗机构党建引领' }).first()).toBeVisible();
      await keepScreenshot(page, testInfo, 'first-screen-leader-checklist');
      await openSection(page, '报告上报');
      await expect(page.getByText('已逾期').first()).toHaveCount(0);
    }
    await page.getByRole('button', { name: '退出' }).click();
  }
});
