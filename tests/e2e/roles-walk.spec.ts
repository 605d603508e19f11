// Each role sees only what it may do (issue 18 item 5), walked at 1366×768 on the demo district: the meeting
// secretary (会务秘书: meetings.write) and the clerk (科员: records.write) visit every section of the navigation and
// every tab. What the dispatcher would refuse for the role (shared/domain/roles.ts ROLE_PERMISSIONS, each contract
// method's permission) is not offered — no button, no editable field, no choice column — and what the role may do
// is there. The leader and the auditor are walked in security.spec.ts.
import type { Page } from '@playwright/test';
import { test, expect, appCallsSettle, keepScreenshot, login, openSection } from './fixtures';

/** Buttons that write a record (records.write): none may show to a role without it. */
const RECORD_WRITES =
  /^(新增|新建|登记|编辑|停用|启用|变更状态|标为离职|从 Excel 导入|补充起步清单|删除|封存与抽取|修改公开登记|撤销公开|录入检查结果|列入红黑名单|随机抽取|部门填报表|填报$|编制$|导入数据包)/;

async function tab(page: Page, name: string) {
  await page.getByRole('tab', { name, exact: true }).click();
  await expect(page.getByRole('tab', { name, exact: true, selected: true })).toBeVisible();
}

async function noRecordWrites(page: Page, where: string) {
  await expect(page.locator('main').getByRole('button', { name: RECORD_WRITES }), where).toHaveCount(0);
}

test('the meeting secretary plans meetings and reads everything else, with nothing offered that would be refused', async ({
  page,
  seeded,
}, testInfo) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const settled = appCallsSettle(page);
  await page.goto(seeded.url);
  await login(page, 'mishu');
  const nav = page.getByRole('navigation', { name: '主导航' });
  // The first item itself, not the grid's loading row.
  await expect(page.locator('[data-grid="dashboard-due"] .ag-row[row-index="0"]')).toContainText('逾期');
  await keepScreenshot(page, testInfo, 'roles-walk-secretary-first');
  await expect(nav.getByRole('link')).toHaveText([
    /^工作台/,
    /^联席会议/,
    /^任务清单/,
    /^联合执法/,
    /^信用台账/,
    /^依法执业自查/,
    /^报告上报/,
    /^基础数据/,
    /^系统设置/,
  ]);
  await expect(page.getByRole('button', { name: '领导版一页纸' })).toBeVisible();

  // 联席会议: hers to plan and follow up.
  await openSection(page, '联席会议');
  await expect(page.getByRole('button', { name: '新建会议' })).toBeVisible();
  await expect(page.getByRole('button', { name: '新建系列会议' })).toBeVisible();
  await tab(page, '议定事项督办');
  await expect(page.getByRole('button', { name: '批量办结' })).toBeVisible();
  await expect(page.getByRole('button', { name: '导出 Excel' })).toBeVisible();

  // 任务清单: read and printed, not changed.
  await openSection(page, '任务清单');
  await expect(page.getByRole('button', { name: '打印清单' })).toBeVisible();
  await noRecordWrites(page, '任务清单');
  await tab(page, '按单位');
  await expect(page.getByRole('button', { name: '查看', exact: true }).first()).toBeVisible();
  await noRecordWrites(page, '任务清单·按单位');

  // 联合执法: every register read-only.
  await openSection(page, '联合执法');
  for (const t of [
    '监管对象',
    '从业人员',
    '执法人员',
    '专家库',
    '抽查事项清单',
    '抽查计划',
    '检查记录',
    '结果公开',
    '转报移送',
    '12345 投诉',
    '联合行动',
  ]) {
    await tab(page, t);
    // Its data asked for and drawn before the absence of buttons is read.
    await settled();
    await noRecordWrites(page, `联合执法·${t}`);
    await expect(page.getByRole('button', { name: '审核' })).toHaveCount(0);
  }
  await tab(page, '转报移送');
  await expect(page.getByText('选择一行查看详情。', { exact: true })).toBeVisible();

  // 信用台账: read, verified, printed.
  await openSection(page, '信用台账');
  await expect(page.getByRole('button', { name: '校验台账' })).toBeVisible();
  for (const t of ['信用主体', '台账记录', '红黑名单', '记分条目与规则']) {
    await tab(page, t);
    await noRecordWrites(page, `信用台账·${t}`);
  }
  await expect(page.getByRole('button', { name: /^保存规则/ })).toHaveCount(0);

  // 依法执业自查: the arrangement is read with its fields disabled; the overdue list has no choice column.
  await openSection(page, '依法执业自查');
  await expect(page.getByRole('button', { name: 'Excel 填报表' })).toBeVisible();
  await noRecordWrites(page, '自查情况');
  await tab(page, '年度安排');
  await expect(page.getByLabel('全面自查期限')).toBeDisabled();
  await expect(page.getByRole('group', { name: '年度安排' }).getByRole('checkbox').first()).toBeDisabled();
  await expect(page.getByRole('button', { name: /^(保存安排|确定年度安排|新增专项自查)$/ })).toHaveCount(0);
  await tab(page, '逾期与未自查');
  const overdue = page.getByRole('table', { name: '逾期名单' });
  await expect(overdue.getByRole('row').nth(1)).toBeVisible();
  await expect(overdue.getByRole('columnheader', { name: '选择' })).toHaveCount(0);
  await expect(overdue.getByRole('checkbox')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^登记未自查/ })).toHaveCount(0);
  await keepScreenshot(page, testInfo, 'roles-walk-secretary-selfcheck-overdue');
  for (const t of ['督导检查', '结果公示', '告诫谈话']) {
    await tab(page, t);
    await noRecordWrites(page, `依法执业自查·${t}`);
  }

  // 报告上报: opened and read; not drafted, saved or signed.
  await openSection(page, '报告上报');
  await noRecordWrites(page, '报告上报');
  await expect(page.getByRole('button', { name: '上报期限规则' })).toHaveCount(0);
  await page.getByRole('button', { name: '打开（草稿）' }).first().click();
  await expect(page.getByRole('button', { name: '预览' })).toBeVisible();
  await expect(
    page.getByRole('button', { name: /^(保存草稿|已保存|签发|删除草稿|登记报送|生成更正版)/ }),
  ).toHaveCount(0);

  // 基础数据 and 系统设置.
  await openSection(page, '基础数据');
  await expect(page.getByRole('button', { name: '导出 Excel' })).toBeVisible();
  await noRecordWrites(page, '成员单位');
  await tab(page, '工作日历');
  await expect(page.getByRole('button', { name: /^录入 \d{4} 年放假安排/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^\d{4}-\d\d-\d\d / })).toHaveCount(0);
  await openSection(page, '系统设置');
  await expect(page.getByRole('tab')).toHaveText(['修改密码']);
});

test('the clerk keeps the records and reads the meetings, with nothing offered that would be refused', async ({
  page,
  seeded,
}, testInfo) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  const nav = page.getByRole('navigation', { name: '主导航' });
  // The first item itself, not the grid's loading row.
  await expect(page.locator('[data-grid="dashboard-due"] .ag-row[row-index="0"]')).toContainText('逾期');
  await keepScreenshot(page, testInfo, 'roles-walk-clerk-first');
  await expect(nav.getByRole('link', { name: /^市级汇总/ })).toBeVisible();

  // 联席会议: read, exported and printed; no meeting created, moved, edited or cancelled.
  await openSection(page, '联席会议');
  await expect(page.getByRole('button', { name: '导出日历 (ICS)' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^新建/ })).toHaveCount(0);
  await tab(page, '议定事项督办');
  await expect(page.getByRole('button', { name: '导出 Excel' })).toBeVisible();
  await expect(page.getByRole('button', { name: '批量办结' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '督办' })).toHaveCount(0);
  await tab(page, '会议列表');
  const meetings = page.locator('[data-grid="meeting-list"]');
  await meetings.locator('.ag-row [col-id="title"]').first().dblclick();
  await expect(page.getByRole('tab', { name: '基本信息', selected: true })).toBeVisible();
  await expect(page.getByRole('button', { name: /^(保存会议信息|取消会议)/ })).toHaveCount(0);
  await tab(page, '议程');
  await expect(page.getByRole('button', { name: /^保存议程/ })).toHaveCount(0);
  await tab(page, '出席情况');
  await expect(page.getByRole('button', { name: /^保存/ })).toHaveCount(0);
  await tab(page, '会议纪要');
  await expect(page.getByLabel('会议概况')).toBeDisabled();
  await expect(page.getByRole('button', { name: /^保存/ })).toHaveCount(0);
  await keepScreenshot(page, testInfo, 'roles-walk-clerk-meeting');

  // 任务清单, 联合执法, 信用台账, 依法执业自查: the clerk's own registers.
  await openSection(page, '任务清单');
  await expect(page.getByRole('button', { name: '新增任务' })).toBeVisible();
  await openSection(page, '联合执法');
  await expect(page.getByRole('button', { name: '新增监管对象' })).toBeVisible();
  await tab(page, '抽查计划');
  await expect(page.getByRole('button', { name: '新建抽查计划' })).toBeVisible();
  await tab(page, '检查记录');
  await expect(page.getByRole('button', { name: '录入检查结果' })).toBeVisible();
  // 审核 is the leaders' (and designated reviewers'); the demo designates nobody.
  await expect(page.getByRole('button', { name: '审核' })).toHaveCount(0);
  await tab(page, '转报移送');
  await expect(page.getByRole('button', { name: '登记转报' })).toBeVisible();
  await expect(page.getByText('选择一行查看详情；双击编辑。', { exact: true })).toBeVisible();
  await openSection(page, '信用台账');
  await expect(page.getByRole('button', { name: '新增信用记录' })).toBeVisible();
  await tab(page, '记分条目与规则');
  await expect(page.getByRole('button', { name: '新增条目' })).toBeVisible();
  // The tier rule is the administrator's (settings.manage): shown, not changeable.
  await expect(page.getByRole('button', { name: /^保存规则/ })).toHaveCount(0);
  await openSection(page, '依法执业自查');
  await expect(page.getByRole('button', { name: '登记自查' })).toBeVisible();
  await tab(page, '年度安排');
  await expect(page.getByLabel('全面自查期限')).toBeEnabled();
  await expect(page.getByRole('button', { name: '保存安排' })).toBeVisible();
  // The areas of the form are a setting (settings.manage): listed, not edited.
  await expect(page.getByLabel('自查领域（每行一个）')).toHaveCount(0);
  await tab(page, '逾期与未自查');
  await expect(page.getByRole('button', { name: /^登记未自查/ })).toBeVisible();
  await expect(page.getByRole('table', { name: '逾期名单' }).getByRole('checkbox').first()).toBeEnabled();

  // 报告上报: drafted and saved; not signed (approve) and the deadline rules are the administrator's.
  await openSection(page, '报告上报');
  await expect(page.getByRole('button', { name: '新建报告' })).toBeVisible();
  await expect(page.getByRole('button', { name: '上报期限规则' })).toHaveCount(0);
  await page.getByRole('button', { name: '打开（草稿）' }).first().click();
  await expect(page.getByRole('button', { name: /^(保存草稿|已保存)$/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^签发/ })).toHaveCount(0);
  await openSection(page, '报告上报');
  await tab(page, '本单位签名密钥');
  await expect(page.getByRole('button', { name: /^(生成密钥|更换密钥)/ })).toHaveCount(0);

  // 市级汇总: packages imported and verified; the trust list is the administrator's.
  await openSection(page, '市级汇总');
  await expect(page.getByRole('button', { name: '导入数据包' })).toBeVisible();
  await tab(page, '信任列表');
  await expect(page.getByRole('button', { name: /^(添加区县公钥|加入信任列表|移除)/ })).toHaveCount(0);

  // 基础数据 and 系统设置.
  await openSection(page, '基础数据');
  await expect(page.getByRole('button', { name: '新增单位' })).toBeVisible();
  await tab(page, '工作日历');
  await expect(page.getByRole('button', { name: /^录入 \d{4} 年放假安排/ })).toBeVisible();
  await openSection(page, '系统设置');
  await expect(page.getByRole('tab')).toHaveText(['修改密码']);
});
