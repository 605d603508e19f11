// Rule presets by source (issue 18 item 3), at 1366×768 on the demo district (an office in 浙江): the publication
// deadline has two sources, 浙江's own practice and 河北's 冀政办发〔2015〕22号. The administrator switches the rule to
// 河北's document in 系统设置 → 业务规则, and a batch's publication record now cites it as a reference; the 转报
// register keeps citing 越城区's document, and the 记分 rules say they follow 贵州's as a reference.
import { test, expect, keepScreenshot, login, openSection } from './fixtures';

test('switching a rule’s preset changes the citation on the records', async ({ page, seeded }, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(seeded.url);
  await login(page, 'admin');

  const publicationRecord = async () => {
    await openSection(page, '联合执法');
    await page.getByRole('tab', { name: '结果公开' }).click();
    const table = page.getByRole('table', { name: '抽查结果公开' });
    await table.getByRole('button', { name: '预览公开表' }).first().click();
    return page.getByRole('region', { name: '公开表预览' });
  };

  // Before: the office's own province's practice.
  let preview = await publicationRecord();
  await expect(page.getByTestId('publication-rule')).toContainText(
    '检查结束后 20 个工作日内公开（依据浙江省卫生健康系统通行做法）',
  );
  await expect(preview).toContainText('检查结束后 20 个工作日内公开（依据浙江省卫生健康系统通行做法）');

  // 系统设置 → 业务规则: the publication rule offers both sources; the administrator picks 河北's document.
  await openSection(page, '系统设置');
  await page.getByRole('tab', { name: '业务规则' }).click();
  const sources = page.getByRole('group', { name: '规则来源' });
  const presets = sources.getByLabel('双随机抽查结果公开期限');
  await expect(presets.locator('option')).toHaveText([
    '河北省 冀政办发〔2015〕22号',
    '浙江省 浙江省卫生健康系统通行做法',
  ]);
  await expect(presets).toHaveValue('zhejiang-practice-publication');
  await presets.selectOption({ label: '河北省 冀政办发〔2015〕22号' });
  await expect(sources.getByText('浙江省暂无收录的规定，参照河北省 冀政办发〔2015〕22号')).toBeVisible();
  const publication = page.getByRole('group', { name: '双随机抽查结果公开期限' });
  await expect(publication).toContainText(
    '记录上显示为：检查结束后 20 个工作日内公开（参照冀政办发〔2015〕22号）',
  );
  await keepScreenshot(page, testInfo, 'rule-presets-switch');
  await page.getByRole('button', { name: '保存业务规则' }).click();
  await expect(page.getByText('业务规则已保存')).toBeVisible();

  // After: the same batch's record cites the preset now in force.
  preview = await publicationRecord();
  await expect(page.getByTestId('publication-rule')).toContainText(
    '检查结束后 20 个工作日内公开（参照冀政办发〔2015〕22号）',
  );
  await expect(preview).toContainText('检查结束后 20 个工作日内公开（参照冀政办发〔2015〕22号）');
  await expect(preview).not.toContainText('浙江省卫生健康系统通行做法');
  await keepScreenshot(page, testInfo, 'rule-presets-record');

  // The 记分 rules name their source as a reference (浙江 has no scoring document here).
  await openSection(page, '信用台账');
  await page.getByRole('tab', { name: '记分条目与规则' }).click();
  await expect(
    page.getByText('参照《贵州省医疗机构不良执业行为记分管理办法》（2019）', { exact: true }),
  ).toBeVisible();
  await expect(
    page.getByText('参照《泰州市医务人员不良执业行为记分管理办法》（2024）', { exact: true }),
  ).toBeVisible();
});
