// 转报移送 and 12345 投诉 as a 科员 keeps them, on the app's clock (2026-11-22): a referral received on 2026-11-01 is
// overdue (15 days have passed) until its written reply with a file is recorded; one received today for two
// departments goes through 区卫生健康局 and is due 2026-12-07, the rule shown beside the date; a complaint whose
// handling ended on 2026-11-20 must be fed back by 2026-11-27, and the feedback is recorded. The test makes what it
// needs, with texts the demo district does not use, so it holds once the demo carries its own referrals.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { test, expect, keepScreenshot, login, openSection } from './fixtures';

const RULE = '收到后 15 日内书面回复（越政办发〔2020〕64号）';
const OLD_MATTER = '鉴水测试：某诊所超出备案范围开展医疗美容项目';
const NEW_MATTER = '鉴水测试：以免费体检名义诱导住院并虚假宣传';

test('转报: overdue after 15 days, answered in writing with a file; a new one for two departments', async ({
  page,
  seeded,
}, testInfo) => {
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  await openSection(page, '联合执法');
  await page.getByRole('tab', { name: '转报移送' }).click();
  await expect(page).toHaveURL(/#\/enforcement\/referrals$/);
  await expect(page.getByText(`相互转报；${RULE}。`)).toBeVisible();
  const grid = page.locator('[data-grid="enforcement-referrals"]');
  const detail = page.getByRole('region', { name: '转报详情' });

  // Received three weeks ago: more than 15 days, no reply → 逾期.
  await page.getByRole('button', { name: '登记转报' }).click();
  const add = page.getByRole('dialog', { name: '登记转报' });
  await add.getByRole('button', { name: '保存' }).click();
  await expect(add.getByText('请选择转出单位')).toBeVisible();
  await expect(add.getByText('请选择接收单位')).toBeVisible();
  await expect(add.getByText('请填写转报事项')).toBeVisible();
  await add.getByLabel('转出单位').selectOption({ label: '区市场监管局' });
  await add.getByRole('group', { name: '接收单位', exact: true }).getByLabel('区卫生健康局').check();
  await add.getByLabel('收到日期').fill('2026-11-01');
  await add.getByLabel('转报事项').fill(OLD_MATTER);
  await expect(add.getByLabel('回复期限')).toHaveText(`回复期限：2026-11-16${RULE}`);
  await add.getByRole('button', { name: '保存' }).click();
  await expect(add).toHaveCount(0);
  await expect(page.getByText('已登记转报，回复期限 2026-11-16')).toBeVisible();
  const oldRow = grid.getByRole('row').filter({ hasText: OLD_MATTER });
  await expect(oldRow).toContainText('逾期');
  await expect(oldRow).toContainText('2026-11-16');
  await expect(oldRow).toContainText('逾期 6 日');
  await expect(detail).toContainText('区市场监管局 → 区卫生健康局');
  await expect(detail).toContainText(`2026-11-16${RULE}`);

  // The written reply, late by four days, with the reply document.
  await page.getByRole('button', { name: '登记回复' }).click();
  const reply = page.getByRole('dialog', { name: '登记书面回复' });
  await reply.getByLabel('回复日期').fill('2026-11-20');
  await expect(reply.getByText('回复日期晚于回复期限 4 日，将记为逾期回复。')).toBeVisible();
  await reply.getByLabel('书面回复内容').fill('经调查情况属实，已立案查处，责令停止超范围执业。');
  await reply.getByLabel('回复文件').setInputFiles({
    name: '书面回复.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('关于转报事项的书面回复：已立案查处。'),
  });
  await reply.getByRole('button', { name: '保存回复' }).click();
  await expect(reply).toHaveCount(0);
  await expect(oldRow).toContainText('已回复');
  await expect(oldRow).toContainText('逾期 4 日回复');
  await expect(detail).toContainText('2026-11-20：经调查情况属实，已立案查处');
  const download = page.waitForEvent('download');
  await detail.getByRole('button', { name: '下载回复文件“书面回复.txt”' }).click();
  expect((await download).suggestedFilename()).toBe('书面回复.txt');

  // Received today by two departments: routed through 区卫生健康局, one record each, due 2026-12-07.
  await page.getByRole('button', { name: '登记转报' }).click();
  await add.getByLabel('转出单位').selectOption({ label: '区公安分局' });
  const to = add.getByRole('group', { name: '接收单位', exact: true });
  await to.getByLabel('区医保分局').check();
  await to.getByLabel('区市场监管局').check();
  await expect(add.getByLabel('经区卫生健康局转办')).toBeChecked();
  await expect(add.getByLabel('经区卫生健康局转办')).toBeDisabled();
  await add.getByLabel('转报事项').fill(NEW_MATTER);
  await add.getByLabel('转报文号').fill('越公转〔2026〕3号');
  await expect(add.getByLabel('收到日期')).toHaveValue('2026-11-22');
  await expect(add.getByLabel('回复期限')).toHaveText(`回复期限：2026-12-07${RULE}`);
  await add.getByRole('button', { name: '保存' }).click();
  await expect(add).toHaveCount(0);
  await expect(page.getByText('已登记转报：经区卫生健康局转办 2 个单位，回复期限 2026-12-07')).toBeVisible();
  const newRows = grid.getByRole('row').filter({ hasText: NEW_MATTER });
  await expect(newRows).toHaveCount(2);
  for (const name of ['区医保分局', '区市场监管局']) {
    const row = newRows.filter({ hasText: name });
    await expect(row).toContainText('经区卫生健康局转办');
    await expect(row).toContainText('待回复');
    await expect(row).toContainText('2026-12-07');
    await expect(row).toContainText('剩 15 日');
  }
  await expect(detail).toContainText(`2026-12-07${RULE}`);
  await expect(detail).toContainText('经区卫生健康局转办（同批：区医保分局、区市场监管局）');

  // The filters: the overdue list no longer holds the answered one.
  await page.getByLabel('状态').selectOption({ label: '逾期' });
  await expect(grid.getByRole('row').filter({ hasText: OLD_MATTER })).toHaveCount(0);
  await page.getByLabel('状态').selectOption({ label: '待回复' });
  await expect(grid.getByRole('row').filter({ hasText: NEW_MATTER })).toHaveCount(2);
  await page.getByLabel('单位').selectOption({ label: '区医保分局' });
  await expect(grid.getByRole('row').filter({ hasText: NEW_MATTER })).toHaveCount(1);
  await page.getByLabel('单位').selectOption({ label: '全部单位（转出或接收）' });
  await page.getByLabel('状态').selectOption({ label: '全部' });
  // The paged grid reloads its blocks after each filter (and once more when the counts come back): open the row
  // once it is drawn, again if a reload replaced it under the click.
  const oldAgain = grid.getByRole('row').filter({ hasText: OLD_MATTER });
  await expect(oldAgain).toHaveCount(1);
  await expect(async () => {
    await oldAgain.getByRole('gridcell').first().click();
    await expect(detail).toContainText('区市场监管局 → 区卫生健康局', { timeout: 2_000 });
  }).toPass();
  await expect(page.locator('.toast')).toHaveCount(0); // the page, not the notices over it
  await keepScreenshot(page, testInfo, 'enforcement-referrals');
});

test('12345 投诉: handling ends on 2026-11-20, feedback due 2026-11-27, then recorded', async ({
  page,
  seeded,
}, testInfo) => {
  test.setTimeout(120_000); // it also scrolls, sorts and searches every year's tickets
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  await openSection(page, '联合执法');
  await page.getByRole('tab', { name: '12345 投诉' }).click();
  await expect(page).toHaveURL(/#\/enforcement\/complaints$/);
  const grid = page.locator('[data-grid="enforcement-complaints"]');
  const detail = page.getByRole('region', { name: '投诉详情' });
  const TICKET = 'SXE2E202611150001';

  await page.getByRole('button', { name: '登记投诉' }).click();
  const add = page.getByRole('dialog', { name: '登记 12345 投诉' });
  await add.getByLabel('工单编号').fill(TICKET.toLowerCase());
  await add.getByLabel('受理日期').fill('2026-11-15');
  await add.getByLabel('投诉类别').selectOption({ label: '医疗美容' });
  await add.getByLabel('承办单位').selectOption({ label: '区卫生健康局' });
  await add.getByLabel('被投诉机构').fill('越城区不存在的美容诊所');
  await add.getByLabel('投诉内容').fill('鉴水测试：注射美容后红肿，怀疑操作人员无资质');
  await add.getByRole('button', { name: '保存' }).click();
  await expect(add.getByText('请从名录中选择监管对象（可输入名称或统一社会信用代码），或留空')).toBeVisible();
  await add.getByLabel('被投诉机构').fill('');
  await add.getByRole('button', { name: '保存' }).click();
  await expect(add).toHaveCount(0);
  await expect(page.getByText(`已登记投诉工单 ${TICKET}`)).toBeVisible();
  const row = grid.getByRole('row').filter({ hasText: '鉴水测试：注射美容后红肿' });
  await expect(row).toContainText('办理中');
  await expect(detail).toContainText(`工单 ${TICKET}（医疗美容）`);
  await expect(page.getByRole('button', { name: '登记反馈' })).toBeDisabled();

  // Handling ends: the feedback due date and its rule show as the date is typed.
  await page.getByRole('button', { name: '登记办结' }).click();
  const handle = page.getByRole('dialog', { name: '登记办结' });
  await handle.getByLabel('办结日期').fill('2026-11-20');
  await handle.getByLabel('办理结果').fill('经查属实，已责令整改并立案调查。');
  await handle.getByRole('button', { name: '保存办结' }).click();
  await expect(handle.getByText('请选择是否查实')).toBeVisible();
  await handle.getByLabel('查实（计入该机构的信用记录）').check();
  await expect(handle.getByLabel('反馈期限')).toHaveText(
    '反馈期限：2026-11-27办结后 7 日内反馈区卫生健康局（越政办发〔2020〕64号）',
  );
  await handle.getByRole('button', { name: '保存办结' }).click();
  await expect(handle).toHaveCount(0);
  await expect(row).toContainText('待反馈');
  await expect(row).toContainText('2026-11-27');
  await expect(row).toContainText('剩 5 日');
  await expect(detail).toContainText('2026-11-27办结后 7 日内反馈区卫生健康局（越政办发〔2020〕64号）');
  await expect(detail).toContainText('查实');

  // The feedback to 区卫生健康局, today: in time.
  await page.getByRole('button', { name: '登记反馈' }).click();
  const feedback = page.getByRole('dialog', { name: '登记反馈' });
  await expect(feedback.getByLabel('反馈日期')).toHaveValue('2026-11-22');
  await feedback.getByLabel('反馈说明').fill('已书面反馈');
  await feedback.getByRole('button', { name: '保存反馈' }).click();
  await expect(feedback).toHaveCount(0);
  await expect(row).toContainText('已反馈');
  await expect(row).toContainText('按期反馈');
  await expect(detail).toContainText('2026-11-22 反馈区卫生健康局：已书面反馈');

  // Filters the dashboard will use: 查实 and category.
  await page.getByLabel('是否查实').selectOption({ label: '未查实' });
  await expect(row).toHaveCount(0);
  await page.getByLabel('是否查实').selectOption({ label: '查实' });
  await page.getByLabel('类别').selectOption({ label: '医疗美容' });
  await expect(row).toHaveCount(1);
  await row.getByRole('gridcell').first().click();
  await expect(page.locator('.toast')).toHaveCount(0); // the page, not the notices over it
  await keepScreenshot(page, testInfo, 'enforcement-complaints');

  // Every year's tickets: the register pages on the server, a block of 100 at a time as the grid scrolls.
  await page.getByLabel('是否查实').selectOption({ label: '全部' });
  await page.getByLabel('类别').selectOption({ label: '全部' });
  await page.getByRole('combobox', { name: '年度', exact: true }).selectOption({ label: '全部年度' });
  const total = count(seeded.dataDir, 'select count(*) as n from complaints');
  expect(total).toBeGreaterThan(100); // more than one block
  await expect(page.getByText(new RegExp(`共 ${total} 件：`))).toBeVisible();
  // Each row is drawn twice (the pinned 序号 and 工单编号, and the rest): a row's cells are found by column.
  const cell = (i: number, col: string) =>
    grid.locator(`.ag-row[row-index="${i}"] .ag-cell[col-id="${col}"]`);
  await expect(cell(0, 'content')).toBeVisible();
  await expect(cell(total - 1, 'content')).toHaveCount(0); // not read yet: beyond the first block
  // Scrolled down with the mouse wheel, as a person does: the next block is read when its rows come into view.
  await cell(0, 'content').hover();
  await expect(async () => {
    await page.mouse.wheel(0, 1500);
    await expect(cell(total - 1, 'content')).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await expect(cell(total - 1, 'seq')).toHaveText(String(total));
  await keepScreenshot(page, testInfo, 'enforcement-complaints-scrolled');

  // Sorted by 受理日期 on the server: oldest first, then newest first.
  await page.mouse.wheel(0, -10_000);
  await expect(cell(0, 'content')).toBeVisible();
  const header = grid.getByRole('columnheader', { name: '受理日期' });
  const firstDate = cell(0, 'receivedOn');
  await header.click();
  await expect(firstDate).toHaveText(text(seeded.dataDir, 'select min(received_on) as v from complaints'));
  await header.click();
  await expect(firstDate).toHaveText(text(seeded.dataDir, 'select max(received_on) as v from complaints'));

  // Searched on the server: the ticket typed, wherever it sorts.
  await page.getByLabel('搜索投诉').fill(TICKET);
  await expect(page.getByText('共 1 件：')).toBeVisible();
  await expect(cell(0, 'content')).toContainText('鉴水测试：注射美容后红肿');
  await expect(cell(1, 'content')).toHaveCount(0);
  await page.getByLabel('搜索投诉').fill('');
  await expect(page.getByText(new RegExp(`共 ${total} 件：`))).toBeVisible();
});

function count(dataDir: string, sql: string): number {
  return Number(text(dataDir, sql.replace('count(*) as n', 'count(*) as v')));
}

function text(dataDir: string, sql: string): string {
  const db = new Database(join(dataDir, 'zongjian.db'), { readonly: true, fileMustExist: true });
  try {
    return String((db.prepare(sql).get() as { v: unknown }).v);
  } finally {
    db.close();
  }
}

test('业务规则: the office sets the reply rule to working days; new referrals follow it and say so', async ({
  page,
  seeded,
}, testInfo) => {
  await page.goto(seeded.url);
  await login(page, 'admin');
  await openSection(page, '系统设置');
  await page.getByRole('tab', { name: '业务规则' }).click();
  const referral = page.getByRole('group', { name: '转报书面回复期限' });
  const complaint = page.getByRole('group', { name: '12345 投诉反馈期限' });
  await expect(referral).toContainText(
    '依据：浙江省绍兴市越城区 越政办发〔2020〕64号 四（五）：收到转报文件后职能部门应在15天内',
  );
  await expect(complaint).toContainText(
    '依据：浙江省绍兴市越城区 越政办发〔2020〕64号 四（四）：各相关部门在办理结束后一周内',
  );
  await expect(referral).toContainText(`记录上显示为：${RULE}`);
  await expect(complaint).toContainText(
    '记录上显示为：办结后 7 日内反馈区卫生健康局（越政办发〔2020〕64号）',
  );
  await referral.getByLabel('收到转报后（天）').fill('0');
  await page.getByRole('button', { name: '保存业务规则' }).click();
  await expect(referral.getByText('转报回复期限应在 1–60 天之间')).toBeVisible();
  await referral.getByLabel('收到转报后（天）').fill('10');
  await referral.getByRole('radio', { name: /按工作日计算/ }).check();
  const working = '收到后 10 个工作日内书面回复（本单位设置；越政办发〔2020〕64号规定为 15 日）';
  await expect(referral).toContainText(`记录上显示为：${working}`);
  await keepScreenshot(page, testInfo, 'settings-deadline-rules');
  await page.getByRole('button', { name: '保存业务规则' }).click();
  await expect(page.getByText('业务规则已保存')).toBeVisible();

  // Received on Sunday 2026-11-22: the 10th working day after it is Friday 2026-12-04.
  await openSection(page, '联合执法');
  await page.getByRole('tab', { name: '转报移送' }).click();
  await expect(page.getByText(`相互转报；${working}。`)).toBeVisible();
  await page.getByRole('button', { name: '登记转报' }).click();
  const add = page.getByRole('dialog', { name: '登记转报' });
  await add.getByLabel('转出单位').selectOption({ label: '区卫生健康局' });
  await add.getByRole('group', { name: '接收单位', exact: true }).getByLabel('区生态环境分局').check();
  await add.getByLabel('转报事项').fill('鉴水测试：医疗废物暂存不规范');
  await expect(add.getByLabel('回复期限')).toHaveText(`回复期限：2026-12-04${working}`);
  await add.getByRole('button', { name: '保存' }).click();
  await expect(add).toHaveCount(0);
  await expect(page.getByRole('region', { name: '转报详情' })).toContainText(`2026-12-04${working}`);
});
