// A new office opens the app for the first time: setup, then the main window in Chinese.
import { test, expect, keepScreenshot } from './fixtures';

test('first run asks for the office and an administrator, then shows the main window', async ({
  page,
  app,
}, testInfo) => {
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: '欢迎使用综合监管工作台' })).toBeVisible();
  await keepScreenshot(page, testInfo, 'first-run');
  // Step one: where the data lives (the data folder is the default; the server is tests/e2e/setup-server.spec.ts).
  await expect(page.getByRole('radio', { name: /单机使用/ })).toBeChecked();
  await page.getByRole('button', { name: '下一步' }).click();

  // Submitting an empty form: clear Chinese messages on the fields, nothing created.
  await page.getByLabel('用户名').fill('');
  await page.getByRole('button', { name: '完成设置' }).click();
  await expect(page.getByText('请填写单位名称')).toBeVisible();
  await expect(page.getByText('发文字号前缀应为 1–10 个汉字或字母')).toBeVisible();

  await page.getByLabel('单位名称').fill('越城区卫生健康局');
  await page.getByLabel('发文字号前缀').fill('越卫健');
  await page.getByLabel('统一社会信用代码').fill('12330602MB123456X');
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('姓名').fill('赵管理');
  await page.getByRole('textbox', { name: '密码', exact: true }).fill('Secret#2026');
  await page.getByLabel('确认密码').fill('Secret#2026');
  await page.getByRole('button', { name: '完成设置' }).click();
  await expect(page.getByText('统一社会信用代码无效')).toBeVisible();
  await page.getByLabel('统一社会信用代码').fill('');
  await page.getByRole('button', { name: '完成设置' }).click();

  const nav = page.getByRole('navigation', { name: '主导航' });
  await expect(nav).toBeVisible();
  for (const label of [
    '工作台',
    '联席会议',
    '任务清单',
    '联合执法',
    '信用台账',
    '报告上报',
    '基础数据',
    '系统设置',
  ]) {
    await expect(nav.getByRole('link', { name: new RegExp(`^${label}`) })).toBeVisible();
  }
  await expect(nav.getByText('即将推出')).toHaveCount(0); // every section is built
  await expect(page.getByText('越城区卫生健康局').first()).toBeVisible();
  await expect(page.getByText('赵管理（管理员）')).toBeVisible();
  await expect(page.getByText(/本季度（第\d季度）最后一个工作日/)).toBeVisible();
  await keepScreenshot(page, testInfo, 'main-window');

  // The dashboard of a new office: the reports owed upstream this year are its first due items.
  const due = page.getByRole('region', { name: '待办与逾期' });
  await due.getByLabel('范围').selectOption({ label: '全部' });
  await due.getByLabel('类别').selectOption({ label: '报告上报' });
  await expect(due.getByRole('gridcell', { name: '2026年第三季度季度阶段性工作总结' })).toBeVisible();

  // The seeded directory is there from the start.
  await nav.getByRole('link', { name: /^基础数据/ }).click();
  await expect(page.getByRole('gridcell', { name: '区公安分局', exact: true })).toBeVisible();
});
