// What a person sees of the security rules: lock-out after wrong passwords, roles that see only what they may
// do, and the idle lock sending them back to sign in.
import ExcelJS from 'exceljs';
import { test, expect, keepScreenshot, login, openSection } from './fixtures';

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

test('each role is shown only what it may do: the leader reads and signs, the auditor reads, the admin finds the signing key under 报告上报', async ({
  page,
  seeded,
}, testInfo) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(seeded.url);
  await login(page, 'lingdao');
  const nav = page.getByRole('navigation', { name: '主导航' });
  await expect(nav.getByRole('link', { name: /^报告上报/ })).toBeVisible();
  await expect(nav.getByRole('link', { name: /^市级汇总/ })).toHaveCount(0);

  // 任务清单: the progress is read, nothing offers to change it.
  await openSection(page, '任务清单');
  await expect(page.getByRole('button', { name: '打印清单' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: '本季度填报' })).toBeVisible();
  await expect(page.getByRole('button', { name: '新增任务' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '部门填报表（Excel）' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '编辑', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '填报', exact: true })).toHaveCount(0);
  await keepScreenshot(page, testInfo, 'roles-leader-checklist');
  // A department's progress opens to read: the fields shown, none editable, no 保存.
  await page.getByRole('tab', { name: '按单位' }).click();
  await page.getByLabel('季度').selectOption({ label: '第四季度' });
  await page.getByRole('button', { name: '查看', exact: true }).first().click();
  const report = page.getByRole('dialog', { name: /^查看进展：/ });
  await expect(report.getByText('本季度尚未填报。')).toBeVisible(); // not a blank form saying 推进中
  await expect(report.getByLabel('进展状态')).toHaveCount(0);
  await report.getByText('关闭', { exact: true }).click();
  await page.getByLabel('季度').selectOption({ label: '第三季度' });
  await page.getByRole('button', { name: '查看', exact: true }).first().click();
  await expect(report.getByLabel('工作进展')).not.toHaveValue('');
  await expect(report.getByLabel('进展状态')).toBeDisabled();
  await expect(report.getByLabel('工作进展')).toBeDisabled();
  await expect(report.getByRole('button', { name: /保存/ })).toHaveCount(0);
  await expect(report.getByLabel('添加佐证材料')).toHaveCount(0);
  await keepScreenshot(page, testInfo, 'roles-leader-progress-readonly');
  await report.getByText('关闭', { exact: true }).click();
  await expect(report).toHaveCount(0);

  // 联席会议 and 联合执法: no create or edit.
  await openSection(page, '联席会议');
  await expect(page.getByRole('button', { name: '导出日历 (ICS)' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^新建/ })).toHaveCount(0);
  await openSection(page, '联合执法');
  await expect(page.getByRole('button', { name: '导出 Excel' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^(新增|新建|编辑|停用|从 Excel 导入)/ })).toHaveCount(0);
  await page.getByRole('tab', { name: '联合行动' }).click();
  await expect(page.getByRole('button', { name: '导出 Excel' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^(新增|新建|登记|编辑)/ })).toHaveCount(0);
  // 工作日历: the days are shown, not offered for adjusting.
  await openSection(page, '基础数据');
  await page.getByRole('tab', { name: '工作日历' }).click();
  await expect(page.getByRole('note', { name: /-10-01 节假日/ }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: /^\d{4}-\d\d-\d\d / })).toHaveCount(0);

  // The leader still signs: the 签发 dialog points to the office's signing key.
  await openSection(page, '报告上报');
  await page.getByRole('button', { name: '打开（草稿）' }).first().click();
  await page.getByRole('button', { name: '签发…' }).click();
  const sign = page.getByRole('dialog', { name: '签发报告' });
  await expect(sign.getByRole('button', { name: '查看本单位签名密钥' })).toBeVisible();
  await sign.getByLabel('签名口令').fill('Demo@2026-签名口令'); // db/reports/demo.ts DEMO_SIGNING_PASSPHRASE
  await sign.getByRole('button', { name: '签发' }).click();
  await expect(sign).toHaveCount(0, { timeout: 60_000 });
  await expect(page.locator('.report-head')).toContainText('已签发');
  await page.getByRole('button', { name: '退出登录' }).click();

  // The auditor: reads everything, edits nothing, and is not offered 签发.
  await login(page, 'shenji');
  await expect(nav.getByRole('link', { name: /^市级汇总/ })).toHaveCount(0);
  await openSection(page, '任务清单');
  await expect(page.getByRole('button', { name: '打印清单' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^(新增任务|编辑|填报)$/ })).toHaveCount(0);
  await openSection(page, '联席会议');
  await expect(page.getByRole('button', { name: /^新建/ })).toHaveCount(0);
  await openSection(page, '联合执法');
  await page.getByRole('tab', { name: '检查记录' }).click();
  await expect(page.getByRole('button', { name: '只看整改逾期' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^(新增|新建|登记|编辑|审核)/ })).toHaveCount(0);
  await openSection(page, '报告上报');
  await expect(page.getByRole('button', { name: /^(新建报告|编制)$/ })).toHaveCount(0);
  await page.getByRole('button', { name: /^打开/ }).first().click();
  await expect(page.getByRole('button', { name: '预览' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^(签发|登记报送|生成更正版)/ })).toHaveCount(0);
  await page.getByRole('button', { name: '退出登录' }).click();

  // The administrator finds 本单位签名密钥 under 报告上报; 市级汇总 points there.
  await login(page, 'admin');
  await openSection(page, '报告上报');
  await page.getByRole('tab', { name: '本单位签名密钥' }).click();
  await expect(page.getByTestId('active-key')).toBeVisible();
  await expect(page.getByRole('button', { name: '更换密钥' })).toBeVisible();
  await keepScreenshot(page, testInfo, 'roles-reports-signing-key');
  await openSection(page, '市级汇总');
  await expect(page.getByRole('tab', { name: '本单位签名密钥' })).toHaveCount(0);
  await page.getByRole('button', { name: '本单位签名密钥' }).click();
  await expect(page.getByRole('tab', { name: '本单位签名密钥', selected: true })).toBeVisible();
});
