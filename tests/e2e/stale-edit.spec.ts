// No lost updates (多人协同), as two people at two windows meet it: 王丽 (秘书) opens a meeting and starts typing;
// meanwhile the administrator, in another browser, renames the meeting and saves. 王丽's save is refused with who
// saved first and when; the form still holds what she typed and shows the administrator's values beside it; her
// second save overwrites on purpose. The administrator's page, untouched since its save, follows without reload.
import type { Browser, Page } from '@playwright/test';
import { test, expect, invokeInPage, keepScreenshot, login, openSection, TEST_NOW } from './fixtures';

async function invoke<T>(page: Page, name: string, args: unknown): Promise<T> {
  const env = await invokeInPage<T>(page, name, args);
  if (!env.ok) throw new Error(env.error?.message);
  return env.value as T;
}

/** 王丽 (秘书) signed in, with a new 专题会商 of `title` on `date`; its id. */
async function secretaryWithMeeting(page: Page, url: string, title: string, date: string, startTime: string) {
  await page.goto(url);
  await login(page, 'mishu');
  const { meeting } = await invoke<{ meeting: { id: number } }>(page, 'meetings.create', {
    type: 'topic',
    title,
    date,
    startTime,
    durationMinutes: 90,
    place: '越城区人民大道 1 号区卫生健康局',
    room: '三楼会议室',
    chair: '王局长',
    departments: [],
  });
  return meeting.id;
}

/** The administrator in another browser (its own tab, token and session), on `route`. */
async function adminElsewhere(browser: Browser, url: string, route: string) {
  const other = await browser.newContext();
  const admin = await other.newPage();
  await admin.clock.setFixedTime(new Date(TEST_NOW));
  await admin.goto(url);
  await login(admin, 'admin');
  await admin.evaluate((r) => (location.hash = r), route);
  return { other, admin };
}

test('a stale save is refused with who saved first, keeps what was typed, and a second save overwrites', async ({
  page,
  browser,
  seeded,
}, testInfo) => {
  test.setTimeout(120_000);
  const id = await secretaryWithMeeting(page, seeded.url, '医疗美容专项整治会商', '2026-12-03', '14:30');
  const route = `#/meetings/${id}/info`;
  await page.evaluate((r) => (location.hash = r), route);
  const roomA = page.getByLabel('会议室');
  await expect(roomA).toHaveValue('三楼会议室');
  // 王丽 starts typing (not saved yet).
  await roomA.fill('五楼小会议室');

  // The administrator, in another browser (its own tab, token and session), renames the meeting and saves.
  const { other, admin } = await adminElsewhere(browser, seeded.url, route);
  await admin.getByLabel('会议名称').fill('医疗美容行业专项整治联合会商');
  await admin.getByRole('button', { name: '保存会议信息' }).click();
  await expect(admin.getByText('会议信息已保存')).toBeVisible();

  // 王丽 saves from her older copy: refused, naming the administrator and the time; her text stays.
  await page.getByRole('button', { name: '保存会议信息' }).click();
  const alert = page.getByRole('alert').filter({ hasText: '该记录已被' });
  await expect(alert).toContainText('该记录已被系统管理员于 09:00 修改');
  await expect(roomA).toHaveValue('五楼小会议室');
  const comparison = page.getByTestId('stale-comparison');
  await expect(comparison).toContainText('系统管理员（admin）');
  const titleRow = comparison.getByRole('row').filter({ hasText: '会议名称' });
  await expect(titleRow).toContainText('医疗美容行业专项整治联合会商');
  await expect(titleRow).toContainText('医疗美容专项整治会商');
  await expect(comparison.getByRole('row').filter({ hasText: '会议室' })).toContainText('五楼小会议室');
  await alert.scrollIntoViewIfNeeded();
  await keepScreenshot(page, testInfo, 'stale-edit-conflict');

  // Having compared, she keeps the administrator's title and her room, and saves knowingly.
  await page.getByLabel('会议名称').fill('医疗美容行业专项整治联合会商');
  await page.getByRole('button', { name: '仍以我的内容保存' }).click();
  await expect(page.getByText('会议信息已保存')).toBeVisible();
  await expect(comparison).toHaveCount(0);
  await expect(page.getByRole('button', { name: '保存会议信息' })).toBeVisible();

  // The administrator's page, untouched since its own save, follows the change without a reload.
  await expect(admin.getByLabel('会议室')).toHaveValue('五楼小会议室');
  await expect(admin.getByLabel('会议名称')).toHaveValue('医疗美容行业专项整治联合会商');
  await other.close();
});

test('会议纪要: typed minutes survive another seat saving the same meeting; the stale save names them and a second save overwrites', async ({
  page,
  browser,
  seeded,
}, testInfo) => {
  test.setTimeout(120_000);
  const id = await secretaryWithMeeting(page, seeded.url, '院感防控专题会商', '2026-11-20', '09:00');
  const route = `#/meetings/${id}/minutes`;
  await page.evaluate((r) => (location.hash = r), route);
  const summaryA = page.getByLabel('会议概况');
  await expect(summaryA).toHaveValue('');
  // 王丽 starts the minutes (not saved yet).
  await summaryA.fill('会议通报了院感防控检查情况，王局长作了部署。');

  // The administrator, at another window, writes the summary and saves first.
  const { other, admin } = await adminElsewhere(browser, seeded.url, route);
  await admin.getByLabel('会议概况').fill('会议由王局长主持，研究院感防控工作。');
  await admin.getByRole('button', { name: '保存会议纪要' }).click();
  await expect(admin.getByText('会议纪要已保存')).toBeVisible();

  // 王丽's page has heard of the change (the live update) and still holds what she typed.
  await expect(summaryA).toHaveValue('会议通报了院感防控检查情况，王局长作了部署。');
  await page.getByRole('button', { name: '保存会议纪要' }).click();
  const alert = page.getByRole('alert').filter({ hasText: '该记录已被' });
  await expect(alert).toContainText('该记录已被系统管理员于 09:00 修改');
  const comparison = page.getByTestId('stale-comparison');
  const row = comparison.getByRole('row').filter({ hasText: '会议概况' });
  await expect(row).toContainText('会议由王局长主持，研究院感防控工作。');
  await expect(row).toContainText('会议通报了院感防控检查情况，王局长作了部署。');
  await expect(summaryA).toHaveValue('会议通报了院感防控检查情况，王局长作了部署。');
  await keepScreenshot(page, testInfo, 'stale-minutes-conflict');

  // Having compared, she saves knowingly; the administrator's untouched page follows.
  await page.getByRole('button', { name: '仍以我的内容保存' }).click();
  await expect(page.getByText('会议纪要已保存')).toBeVisible();
  await expect(comparison).toHaveCount(0);
  await expect(admin.getByLabel('会议概况')).toHaveValue('会议通报了院感防控检查情况，王局长作了部署。');
  await other.close();
});

test('leaving a meeting tab with typed changes asks first: 继续编辑 keeps them, 放弃修改 leaves', async ({
  page,
  seeded,
}, testInfo) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const id = await secretaryWithMeeting(page, seeded.url, '医疗机构依法执业专题会商', '2026-11-20', '09:00');
  await page.evaluate((r) => (location.hash = r), `#/meetings/${id}/minutes`);
  const summary = page.getByLabel('会议概况');
  await summary.fill('会议研究了依法执业自查工作。');

  // To the 工作台 by the navigation: asked first; 继续编辑 stays with the text as typed.
  await openSection(page, '工作台');
  const ask = page.getByRole('alertdialog', { name: '放弃未保存的修改？' });
  await expect(ask).toContainText('已填写的内容尚未保存，离开本页后将丢失。');
  await keepScreenshot(page, testInfo, 'leave-guard-ask');
  await ask.getByRole('button', { name: '继续编辑' }).click();
  await expect(ask).toHaveCount(0);
  await expect(summary).toHaveValue('会议研究了依法执业自查工作。');
  await expect(page).toHaveURL(new RegExp(`#/meetings/${id}/minutes$`));

  // Another tab of the meeting: asked again; 放弃修改 goes there, and the minutes are as stored (empty).
  await page.getByRole('tab', { name: '议程' }).click();
  await ask.getByRole('button', { name: '放弃修改' }).click();
  await expect(page).toHaveURL(new RegExp(`#/meetings/${id}/agenda$`));
  await page.getByRole('tab', { name: '会议纪要' }).click();
  await expect(summary).toHaveValue('');
  // Nothing typed: leaving asks nothing.
  await openSection(page, '工作台');
  await expect(ask).toHaveCount(0);
  await expect(page).toHaveURL(/#\/dashboard$/);
});
