// What a person sees of the security rules: lock-out after wrong passwords, roles that see only what they may
// do, and the idle lock sending them back to sign in.
import ExcelJS from 'exceljs';
import { test, expect, login, openSection } from './fixtures';

test('five wrong passwords lock the account with a clear message', async ({ page, seeded }, testInfo) => {
  await page.goto(seeded.url);
  for (let i = 1; i <= 4; i++) {
    await page.getByLabel('用户名').fill('keyuan');
    await page.getByLabel('密码').fill(`wrong-${i}`);
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByText('用户名或密码错误')).toBeVisible();
  }
  await page.getByLabel('用户名').fill('keyuan');
  await page.getByLabel('密码').fill('wrong-5');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByText('密码连续输错 5 次，账号已锁定 15 分钟')).toBeVisible();
  await page.getByLabel('用户名').fill('keyuan');
  await page.getByLabel('密码').fill('Demo@2026');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByText(/账号已锁定，请 1[45] 分钟后再试或联系管理员/)).toBeVisible();

  // The administrator sees every attempt in the audit log.
  await login(page, 'admin');
  await openSection(page, '系统设置');
  await page.getByRole('tab', { name: '操作日志' }).click();
  await expect(
    page.getByRole('gridcell', { name: '登录失败：keyuan 密码错误，第 5 次，账号锁定 15 分钟' }),
  ).toBeVisible();
  await expect(page.getByRole('gridcell', { name: '登录被拒绝：keyuan 已锁定' })).toBeVisible();

  // Filter to the failed logins and export them for the record.
  await page.getByLabel('关键词').fill('：keyuan');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByText('共 6 条')).toBeVisible(); // 5 failures and 1 refusal
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const file = testInfo.outputPath('audit.xlsx');
  await (await download).saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const summaries = wb.worksheets[0]!.getColumn(4).values.slice(2);
  expect(summaries).toHaveLength(6);
  expect(summaries).toContain('登录被拒绝：keyuan 已锁定');
});

test('a leader reads but is not offered editing; an auditor gets the audit log', async ({ page, seeded }) => {
  await page.goto(seeded.url);
  await login(page, 'lingdao');
  await openSection(page, '基础数据');
  await expect(page.getByRole('gridcell', { name: '区公安分局', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: '导出 Excel' })).toBeVisible();
  await expect(page.getByRole('button', { name: '新增单位' })).toHaveCount(0);
  await openSection(page, '系统设置');
  await expect(page.getByRole('tab')).toHaveText(['修改密码']);
  await page.getByRole('button', { name: '退出登录' }).click();

  await login(page, 'admin');
  await openSection(page, '系统设置');
  await page.getByRole('tab', { name: '用户管理' }).click();
  await page.getByRole('button', { name: '新增用户' }).click();
  const dialog = page.getByRole('dialog', { name: '新增用户' });
  await dialog.getByLabel('用户名').fill('shenji2');
  await dialog.getByLabel('姓名').fill('审计员赵');
  await dialog.getByLabel('角色').selectOption({ label: '审计' });
  await dialog.getByLabel('初始密码').fill('Audit#2026');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('用户已保存')).toBeVisible();
  await page.getByRole('button', { name: '退出登录' }).click();

  await login(page, 'shenji2', 'Audit#2026');
  await openSection(page, '系统设置');
  await expect(page.getByRole('tab')).toHaveText(['操作日志', '修改密码']);
  await page.getByRole('tab', { name: '操作日志' }).click();
  await expect(page.getByRole('gridcell', { name: '创建用户 shenji2' })).toBeVisible();
});
