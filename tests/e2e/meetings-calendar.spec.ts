// 会议日历 end to end, as the meeting secretary (会务秘书) works: a quarterly series of 定期联席会议 for 2026
// whose October occurrence falls in the 国庆 holiday (seen in the preview and warned about after creation),
// single meetings created by clicking a day and from the button, the holiday occurrence dragged onto a
// holiday (warning, 撤销) and then onto a day whose room is taken (warning, 仍然调整), the week view's holiday
// shading, the ICS export read back with ical.js, and the moves in the audit log. A 科员 only reads.
// "Today" is 2026-11-22 (a Sunday). The demo district may carry meetings of its own: assertions look only at
// what this test creates. Beside the calendar, 会议列表 lists a year's meetings at 1366×768: searched by title or
// place, with type, status and the notice's 文号; a double-click opens the meeting.
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import type { Locator, Page } from '@playwright/test';
import type { CalendarMeeting, MeetingDetail } from '../../shared/contract';
import { test, expect, invokeInPage, keepScreenshot, openSection, login } from './fixtures';

// Titles of our own: the demo district has its own 2026 series of 联席会议 (on the working-day Tuesdays).
const REGULAR = '综合监管季度联席会议';
const EMERGENCY = '节后院感防控应急协同会议';
const ENFORCEMENT = '医美机构联合执法部署会';

const dayCell = (page: Page, date: string) => page.locator(`.mcal td.fc-daygrid-day[data-date="${date}"]`);

/** A real pointer drag (FullCalendar's interaction plugin listens to mouse events on the document): press
 *  on the event, move past the drag threshold, travel to the middle of the target cell, release. */
async function drag(page: Page, source: Locator, target: Locator): Promise<void> {
  const from = (await source.boundingBox())!;
  const to = (await target.boundingBox())!;
  const x0 = from.x + from.width / 2;
  const y0 = from.y + from.height / 2;
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move(x0 + 8, y0 + 8, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height * 0.6, { steps: 20 });
  await page.mouse.up();
}

test('secretary: a series with a holiday occurrence, single meetings, drag to reschedule, ICS export', async ({
  page,
  seeded,
}, testInfo) => {
  test.setTimeout(180_000);
  await page.goto(seeded.url);
  await login(page, 'mishu');
  await openSection(page, '联席会议');
  await expect(page.getByRole('heading', { name: '2026年11月' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '2026 年定期联席会议：已召开' })).toContainText(
    /已召开 \d+ 次 \/ 要求不少于 \d+ 次/,
  );
  // Today (a Sunday) is marked; the legend names the four types.
  await expect(dayCell(page, '2026-11-22')).toHaveClass(/fc-day-today/);
  await expect(dayCell(page, '2026-11-22')).toHaveClass(/mcal-weekend/);
  const legend = page.getByRole('list', { name: '图例' });
  for (const label of [
    '定期联席会议',
    '专题会商',
    '应急协同会议',
    '联合执法部署会',
    '法定节假日',
    '调休上班',
  ])
    await expect(legend).toContainText(label);

  // 新建系列会议: every quarter, the first Tuesday of its first month, 2026, without the working-day rule.
  await page.getByRole('button', { name: '新建系列会议' }).click();
  const series = page.getByRole('dialog', { name: '新建系列会议' });
  await expect(series.getByLabel('会议名称')).toHaveValue('医疗卫生行业综合监管联席会议');
  await series.getByLabel('会议名称').fill(REGULAR);
  await series.getByLabel('会议室').fill('三楼会议室');
  await series.getByLabel('主持人').fill('王局长');
  await series.getByRole('checkbox', { name: '区公安分局' }).check();
  await series.getByRole('checkbox', { name: '区市场监管局' }).check();
  await series.getByLabel('重复频率').selectOption({ label: '每季度' });
  await series.getByLabel('季度中的月份').selectOption('1');
  await series.getByLabel('日期规则').selectOption({ label: '第几个星期几' });
  await series.getByLabel('第几个').selectOption({ label: '第一个' });
  await series.getByLabel('星期').selectOption({ label: '星期二' });
  await series.getByLabel('开始日期').fill('2026-01-01');
  const preview = series.getByRole('complementary', { name: '日期预览' });
  const dates = preview.getByRole('list', { name: '会议日期' }).getByRole('listitem');
  // With the default rule (only working-day Tuesdays) October's meeting skips the holiday: 10-13.
  await expect(preview).toContainText('每季度第一个月的第一个工作日星期二');
  await expect(dates).toHaveText([
    '2026-01-06 星期二',
    '2026-04-07 星期二',
    '2026-07-07 星期二',
    '2026-10-13 星期二',
  ]);
  // Without it, 10-06 is in the 国庆 holiday: the preview marks it.
  await series.getByLabel('节假日处理').selectOption('none');
  await expect(preview).toContainText('每季度第一个月的第一个星期二');
  await expect(dates).toHaveText([
    '2026-01-06 星期二',
    '2026-04-07 星期二',
    '2026-07-07 星期二',
    /^2026-10-06 星期二.*2026-10-06 是国庆节假日，不是工作日$/,
  ]);
  await expect(preview).toContainText('其中 1 次不在工作日');
  await expect(preview).toContainText('自2026-01-01起，至2026-12-31止；预览 4 次');
  await series.getByLabel('重复频率').scrollIntoViewIfNeeded();
  await keepScreenshot(page, testInfo, 'meetings-series-dialog');
  await series.getByRole('button', { name: '生成系列会议' }).click();
  await expect(series).toBeHidden();
  await expect(page.getByText(new RegExp(`已生成系列会议“${REGULAR}”：.*共 4 次`))).toBeVisible();
  const warning = page.getByRole('status').filter({ hasText: '新生成的系列会议中有 1 条提醒' });
  await expect(warning).toContainText('2026-10-06 是国庆节假日，不是工作日');
  // None of the series is in November: the calendar goes to its first meeting; the notice leads to October.
  await expect(page.getByRole('heading', { name: '2026年1月' })).toBeVisible();
  await expect(dayCell(page, '2026-01-06').locator('.fc-event', { hasText: REGULAR })).toBeVisible();
  await warning.getByRole('button', { name: '在日历中查看' }).click();
  await expect(page.getByRole('heading', { name: '2026年10月' })).toBeVisible();
  await warning.getByRole('button', { name: '知道了' }).click();
  await expect(warning).toBeHidden();

  // October: the holiday is shaded and labelled, the 调休 Saturday says 班, the occurrence is on 10-06.
  await expect(dayCell(page, '2026-10-01')).toHaveClass(/mcal-holiday/);
  await expect(dayCell(page, '2026-10-01').locator('.mcal-tag')).toHaveText('国庆节 休');
  await expect(dayCell(page, '2026-10-10')).toHaveClass(/mcal-makeup/);
  await expect(dayCell(page, '2026-10-10').locator('.mcal-tag')).toHaveText('班');
  const onHoliday = dayCell(page, '2026-10-06').locator('.fc-event', { hasText: REGULAR });
  await expect(onHoliday).toHaveCount(1);
  await expect(onHoliday).toContainText(new RegExp(`^09:00\\s*第\\d+次 ${REGULAR}$`));
  const regularId = await onHoliday.getAttribute('data-meeting-id');
  expect(regularId).toMatch(/^\d+$/);
  const regular = page.locator(`.mcal .fc-event[data-meeting-id="${regularId}"]`);

  // A single meeting by clicking an empty day: the dialog starts on that date.
  await dayCell(page, '2026-10-15').click({ position: { x: 40, y: 70 } });
  const single = page.getByRole('dialog', { name: '新建会议' });
  await expect(single.getByLabel('日期')).toHaveValue('2026-10-15');
  await single.getByLabel('会议类型').selectOption({ label: '联合执法部署会' });
  await expect(single.getByLabel('会议名称')).toHaveValue('医疗卫生行业联合执法部署会');
  await single.getByLabel('会议名称').fill(ENFORCEMENT);
  await single.getByLabel('会议室').fill('二楼小会议室');
  await single.getByRole('checkbox', { name: '区公安分局' }).check();
  await keepScreenshot(page, testInfo, 'meetings-new');
  await single.getByRole('button', { name: '保存并打开' }).click();
  await expect(page).toHaveURL(/#\/meetings\/\d+$/);
  await expect(page.getByText(`已新建会议“${ENFORCEMENT}”（2026-10-15 09:00）`)).toBeVisible();

  // Another from the button, on a holiday first (the dialog says so), then on 10-13 in the series' room.
  await openSection(page, '联席会议');
  await expect(page.getByRole('heading', { name: '2026年10月' })).toBeVisible(); // the calendar remembers
  await page.getByRole('button', { name: '新建会议', exact: true }).click();
  await single.getByLabel('会议类型').selectOption({ label: '应急协同会议' });
  await single.getByLabel('会议名称').fill(EMERGENCY);
  await single.getByLabel('日期').fill('2026-10-05');
  await expect(single.getByRole('status')).toContainText(
    '2026-10-05（星期一）是法定节假日（国庆节），不是工作日',
  );
  await single.getByLabel('日期').fill('2026-10-13');
  await expect(single.getByRole('status')).toHaveCount(0);
  await single.getByLabel('会议室').fill('三楼会议室');
  await single.getByRole('button', { name: '保存并打开' }).click();
  await expect(page).toHaveURL(/#\/meetings\/\d+$/);
  await openSection(page, '联席会议');
  await expect(page.getByRole('heading', { name: '2026年10月' })).toBeVisible();
  await expect(dayCell(page, '2026-10-13').locator('.fc-event', { hasText: EMERGENCY })).toBeVisible();
  await expect(dayCell(page, '2026-10-15').locator('.fc-event', { hasText: ENFORCEMENT })).toBeVisible();
  // Three types, three colours (MEETING_TYPE_COLORS).
  const event = (date: string, title: string) => dayCell(page, date).locator('.fc-event', { hasText: title });
  await expect(event('2026-10-06', REGULAR)).toHaveCSS('background-color', 'rgb(31, 95, 168)');
  await expect(event('2026-10-13', EMERGENCY)).toHaveCSS('background-color', 'rgb(179, 38, 30)');
  await expect(event('2026-10-15', ENFORCEMENT)).toHaveCSS('background-color', 'rgb(138, 90, 0)');
  await expect(page.locator('.toast')).toHaveCount(0); // the confirmations have faded
  await keepScreenshot(page, testInfo, 'meetings-month');

  // The list view marks the holiday too.
  const views = page.getByRole('group', { name: '视图' });
  await views.getByRole('button', { name: '列表' }).click();
  await expect(page.locator('.mcal tr.fc-list-day[data-date="2026-10-06"]')).toContainText(
    '2026年10月6日国庆节 休星期二',
  );
  await expect(page.locator('.mcal tr.fc-list-day[data-date="2026-10-06"]')).toHaveClass(/mcal-holiday/);
  await keepScreenshot(page, testInfo, 'meetings-list');
  await views.getByRole('button', { name: '月' }).click();

  // Drag the holiday occurrence onto 10-04, also a holiday: warned, and 撤销 puts it back.
  await drag(page, regular, dayCell(page, '2026-10-04'));
  const confirm = page.getByRole('dialog', { name: '调整会议时间：请确认' });
  await expect(confirm).toContainText('2026-10-04 是国庆节假日，不是工作日');
  await confirm.getByRole('button', { name: '撤销' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText(`已撤销调整，“${REGULAR}”仍在 2026-10-06 09:00`)).toBeVisible();
  await expect(dayCell(page, '2026-10-06').locator(`[data-meeting-id="${regularId}"]`)).toBeVisible();

  // Onto 10-13, where the emergency meeting has the same room at the same time: warned, 仍然调整.
  await drag(page, regular, dayCell(page, '2026-10-13'));
  await expect(confirm).toContainText(`三楼会议室 在 09:00 已安排“${EMERGENCY}”，时间重叠`);
  await keepScreenshot(page, testInfo, 'meetings-move-confirm');
  await confirm.getByRole('button', { name: '仍然调整' }).click();
  await expect(confirm).toBeHidden();
  await expect(dayCell(page, '2026-10-13').locator(`[data-meeting-id="${regularId}"]`)).toBeVisible();
  await expect(dayCell(page, '2026-10-06').locator(`[data-meeting-id="${regularId}"]`)).toHaveCount(0);

  // The week view: holiday columns shaded, their headers labelled.
  await views.getByRole('button', { name: '周' }).click();
  await expect(page.getByRole('button', { name: '下一周' })).toBeVisible();
  const holidayCol = page.locator('.mcal td.fc-timegrid-col[data-date="2026-10-01"]');
  await expect(holidayCol).toHaveClass(/mcal-holiday/);
  await expect(holidayCol).toHaveCSS('background-color', 'rgb(252, 235, 232)');
  await expect(page.locator('.mcal th.fc-col-header-cell[data-date="2026-10-01"]')).toContainText(
    '10月1日周四国庆节 休',
  );
  await expect(page.locator('.mcal td.fc-timegrid-col[data-date="2026-09-29"]')).not.toHaveClass(
    /mcal-holiday|mcal-weekend/,
  );
  await expect(page.locator('.toast')).toHaveCount(0);
  await keepScreenshot(page, testInfo, 'meetings-week');
  await page.getByRole('button', { name: '下一周' }).click();
  await page.getByRole('button', { name: '下一周' }).click();
  const oct13 = page.locator('.mcal td.fc-timegrid-col[data-date="2026-10-13"]');
  await expect(oct13.locator(`[data-meeting-id="${regularId}"]`)).toContainText('09:00 - 11:00');
  await expect(oct13.locator('.fc-event', { hasText: EMERGENCY })).toBeVisible();

  // The list view, then back to the month to export it.
  await views.getByRole('button', { name: '列表' }).click();
  await expect(page.locator('.mcal .fc-list-event', { hasText: REGULAR })).toHaveCount(1);
  await views.getByRole('button', { name: '月' }).click();
  await expect(page.getByRole('heading', { name: '2026年10月' })).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出日历 (ICS)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('联席会议 2026-10-01 至 2026-10-31.ics');
  const icsPath = testInfo.outputPath('october.ics');
  await file.saveAs(icsPath);
  const cal = new ICAL.Component(ICAL.parse(readFileSync(icsPath, 'utf8')));
  for (const vtz of cal.getAllSubcomponents('vtimezone'))
    ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
  const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  // UIDs carry the office's own id (meeting-N@<office uuid>.zongjian-desk.local): two districts never collide.
  const moved = events.find((e) =>
    new RegExp(`^meeting-${regularId}@[0-9a-f-]{36}\\.zongjian-desk\\.local$`).test(e.uid),
  )!;
  expect(moved, 'the moved meeting by its UID').toBeDefined();
  expect(moved.summary).toBe(REGULAR);
  expect(moved.startDate.zone.tzid).toBe('Asia/Shanghai');
  expect(moved.startDate.toString()).toBe('2026-10-13T09:00:00');
  expect(moved.startDate.toJSDate().toISOString()).toBe('2026-10-13T01:00:00.000Z');
  expect(moved.endDate.toJSDate().toISOString()).toBe('2026-10-13T03:00:00.000Z');
  expect(moved.location).toContain('三楼会议室');
  expect(moved.component.getFirstPropertyValue('categories')).toBe('定期联席会议');
  const enforcement = events.find((e) => e.summary === ENFORCEMENT)!;
  expect(enforcement.startDate.toJSDate().toISOString()).toBe('2026-10-15T01:00:00.000Z');
  const emergency = events.find((e) => e.summary === EMERGENCY)!;
  expect(emergency.startDate.toJSDate().toISOString()).toBe('2026-10-13T01:00:00.000Z');
  // Only October: the series' other occurrences are not in the file.
  expect(events.every((e) => e.startDate.toString().startsWith('2026-10-'))).toBe(true);

  // Every move is in the audit log.
  await page.getByRole('button', { name: '退出登录' }).click();
  await login(page, 'admin');
  await openSection(page, '系统设置');
  await page.getByRole('tab', { name: '操作日志' }).click();
  for (const [a, b] of [
    ['2026-10-06', '2026-10-04'],
    ['2026-10-04', '2026-10-06'],
    ['2026-10-06', '2026-10-13'],
  ])
    await expect(
      page.getByRole('gridcell', { name: `调整会议时间：“${REGULAR}”由 ${a} 09:00 改为 ${b} 09:00` }),
    ).toBeVisible();
});

test('a 科员 reads the calendar but creates and moves nothing', async ({ page, seeded }) => {
  await page.goto(seeded.url);
  await login(page, 'mishu');
  await openSection(page, '联席会议');
  // One meeting this month for the clerk to see.
  await dayCell(page, '2026-11-26').click({ position: { x: 40, y: 70 } });
  const single = page.getByRole('dialog', { name: '新建会议' });
  await single.getByLabel('会议类型').selectOption({ label: '专题会商' });
  await single.getByRole('button', { name: '保存并打开' }).click();
  await expect(page).toHaveURL(/#\/meetings\/\d+$/);
  await page.getByRole('button', { name: '退出登录' }).click();

  await login(page, 'keyuan');
  await openSection(page, '联席会议');
  await expect(page.getByRole('heading', { name: '2026年11月' })).toBeVisible();
  const topic = dayCell(page, '2026-11-26').locator('.fc-event', { hasText: '医疗卫生行业综合监管专题会商' });
  await expect(topic).toBeVisible();
  await expect(page.getByRole('button', { name: '新建会议', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '新建系列会议' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '导出日历 (ICS)' })).toBeVisible();
  await expect(page.locator('.mcal .fc-event-draggable')).toHaveCount(0);
  await page.getByLabel('转到月份').selectOption({ label: '10月' });
  await expect(page.getByRole('heading', { name: '2026年10月' })).toBeVisible();
  await expect(page.locator('.mcal td.fc-daygrid-day[data-date="2026-10-01"] .mcal-tag')).toHaveText(
    '国庆节 休',
  );
  await page.getByRole('button', { name: '今天' }).click();
  // A click on a day opens nothing; a click on the meeting opens its page.
  await dayCell(page, '2026-11-25').click({ position: { x: 40, y: 70 } });
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await topic.click();
  await expect(page).toHaveURL(/#\/meetings\/\d+$/);
});

test('会议列表 at 1366×768: a year of meetings, searched by title or place, 文号 shown, opened by double-click', async ({
  page,
  seeded,
}, testInfo) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(seeded.url);
  await login(page, 'keyuan');
  await openSection(page, '联席会议');
  await page.getByRole('tab', { name: '会议列表' }).click();
  await expect(page).toHaveURL(/#\/meetings\/list$/);
  const grid = page.locator('[data-grid="meeting-list"]');
  const year = async (y: number) =>
    (
      await invokeInPage<CalendarMeeting[]>(page, 'meetings.calendar', {
        from: `${y}-01-01`,
        to: `${y}-12-31`,
      })
    ).value!;

  // 2025: every meeting of the year is counted (cancelled ones too), and 2026 the same.
  await page.getByLabel('会议年度').selectOption({ label: '2025 年' });
  const of2025 = await year(2025);
  expect(of2025.length).toBeGreaterThan(0);
  await expect(page.getByText(`2025 年共 ${of2025.length} 次会议`)).toBeVisible();
  await page.getByLabel('会议年度').selectOption({ label: '2026 年' });
  const of2026 = await year(2026);
  await expect(page.getByText(`2026 年共 ${of2026.length} 次会议`)).toBeVisible();

  // Search by title: only the meetings whose title or place contains the word.
  await page.getByLabel('会议年度').selectOption({ label: '2025 年' });
  const search = page.getByRole('searchbox', { name: '搜索会议' });
  await search.fill('会商');
  const consult = of2025.filter((m) => `${m.title}${m.place}${m.room}`.includes('会商'));
  expect(consult.length).toBeGreaterThan(0);
  expect(consult.length).toBeLessThan(of2025.length);
  await expect(page.getByText(`2025 年找到 ${consult.length} 次会议`)).toBeVisible();
  await expect(grid.locator('.ag-row')).toHaveCount(consult.length);
  for (const m of consult) await expect(grid.getByRole('row').filter({ hasText: m.title })).toHaveCount(1);
  // By place: a word of one meeting's place finds it.
  const placed = of2025.find((m) => m.place)!;
  await search.fill(placed.place);
  await expect(grid.getByRole('row').filter({ hasText: placed.title }).first()).toBeVisible();
  await search.fill('没有这样的会议');
  await expect(page.getByText('2025 年找到 0 次会议')).toBeVisible();
  await expect(grid.locator('.ag-row')).toHaveCount(0);

  // A meeting whose notice was issued shows its 文号, type and status; a double-click opens it.
  await page.getByLabel('会议年度').selectOption({ label: '2026 年' });
  let issued: MeetingDetail | null = null;
  for (const m of of2026) {
    const d = (await invokeInPage<MeetingDetail>(page, 'meetings.get', { id: m.id })).value!;
    if (d.docNumber) {
      issued = d;
      break;
    }
  }
  expect(issued).not.toBeNull();
  await search.fill(issued!.title);
  const row = grid.getByRole('row').filter({ hasText: issued!.title }).first();
  await expect(row.locator('[col-id="docNumber"]')).toHaveText(issued!.docNumber!);
  await expect(row.locator('[col-id="date"]')).toContainText(issued!.date);
  await expect(row.locator('[col-id="status"]')).not.toBeEmpty();
  await keepScreenshot(page, testInfo, 'meetings-list');
  await row.locator('[col-id="title"]').dblclick();
  await expect(page).toHaveURL(new RegExp(`#/meetings/${issued!.id}$`));
  await expect(page.getByRole('heading', { name: new RegExp(issued!.title) })).toBeVisible();
});
