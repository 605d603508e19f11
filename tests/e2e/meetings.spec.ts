// 联席会议 end to end, as the meeting secretary works: a meeting's agenda built and reordered, the notice issued
// with its 发文字号 and checked in both files (PDF by pdftotext, Word read back and, where LibreOffice exists,
// converted), attendance with one 请假, minutes with two decisions, the decisions followed up and one closed,
// and checklist item 2 counting the meeting.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { test, expect, keepScreenshot, openSection, login, invokeInPage } from './fixtures';
import type { Page } from '@playwright/test';

async function invoke<T>(page: Page, name: string, args: unknown): Promise<T> {
  const env = await invokeInPage<T>(page, name, args);
  if (!env.ok) throw new Error(env.error?.message);
  return env.value as T;
}

const hasSoffice = spawnSync('sh', ['-c', 'command -v soffice']).status === 0;

test('a meeting from agenda to closed decisions, with its notice as PDF and Word', async ({
  page,
  seeded,
}, testInfo) => {
  test.setTimeout(120_000);
  await page.goto(seeded.url);
  // This year's checklist, which the agenda links to and whose item 2 counts the meeting.
  await login(page, 'admin');
  await openSection(page, '任务清单');
  await expect(page.getByText('本年 4/1')).toBeVisible();
  await page.getByRole('button', { name: '退出登录' }).click();
  await login(page, 'mishu');
  // The meeting itself (the calendar's own test creates meetings through the calendar).
  const departments = await invoke<{ id: number; shortName: string }[]>(page, 'departments.list', {});
  const pick = (n: string) => departments.find((d) => d.shortName === n)!.id;
  const attend = ['区公安分局', '区市场监管局', '区医保分局', '区卫生健康局'].map((n) => ({
    departmentId: pick(n),
    role: 'attend',
    attendeeNames: '',
  }));
  const { meeting } = await invoke<{ meeting: { id: number } }>(page, 'meetings.create', {
    type: 'regular',
    title: '医疗卫生行业综合监管联席会议',
    date: '2026-11-20',
    startTime: '09:00',
    durationMinutes: 90,
    place: '越城区人民大道 1 号区卫生健康局',
    room: '三楼会议室',
    chair: '王局长',
    departments: [...attend, { departmentId: pick('区教体局'), role: 'observe', attendeeNames: '' }],
  });
  await page.goto(`${seeded.origin}/#/meetings/${meeting.id}/agenda`);

  // 议程: four topics; the running total warns when it overruns; reorder by dragging a row.
  const topics: [string, string, string][] = [
    ['通报全区医疗卫生行业综合监管工作进展', '区卫生健康局', '20'],
    ['研究医疗美容行业专项整治工作', '区市场监管局', '30'],
    ['部署打击欺诈骗取医保基金工作', '区医保分局', '30'],
    ['讨论 2027 年联合执法计划', '区公安分局', '20'],
  ];
  for (const [i, [title, dept, minutes]] of topics.entries()) {
    await page.getByRole('button', { name: '添加议题' }).click();
    await page.getByLabel(`议题${i + 1}`, { exact: true }).fill(title);
    await page.getByLabel(`议题${i + 1}汇报单位`).selectOption({ label: dept });
    await page.getByLabel(`议题${i + 1}时长`).fill(minutes);
  }
  await expect(page.getByText('议程合计 100 分钟 / 会议时长 90 分钟，超出 10 分钟')).toBeVisible();
  await page.getByLabel('议题1关联清单任务').selectOption({ index: 2 }); // 第2项: the joint-meeting item
  await page.locator('[data-agenda-row="4"] .drag-handle').dragTo(page.locator('[data-agenda-row="1"]'));
  await expect(page.getByLabel('议题1', { exact: true })).toHaveValue('讨论 2027 年联合执法计划');
  await page.getByLabel('议题4时长').fill('10');
  await expect(page.getByText('议程合计 80 分钟 / 会议时长 90 分钟，尚余 10 分钟')).toBeVisible();
  await page.getByRole('button', { name: '保存议程' }).click();
  await expect(page.getByText('议程已保存')).toBeVisible();
  await keepScreenshot(page, testInfo, 'meetings-agenda-builder');

  // 通知: issue it, then the PDF from the print preview and the Word file.
  await page.getByRole('tab', { name: '通知与文件' }).click();
  await page.getByRole('button', { name: '发出通知' }).click();
  await page.getByRole('dialog', { name: '发出会议通知' }).getByRole('button', { name: '确认发出' }).click();
  await expect(page.getByText(/会议通知已发出，发文字号 越卫健〔2026〕\d+号/)).toBeVisible();
  const docNumber = (await page.getByText(/^通知已发出，发文字号/).textContent())!.match(
    /越卫健〔2026〕\d+号/,
  )![0];

  const word = page.waitForEvent('download');
  await page
    .getByRole('row', { name: /会议通知/ })
    .getByRole('button', { name: '下载 Word' })
    .click();
  const docx = testInfo.outputPath('notice.docx');
  await (await word).saveAs(docx);
  const xml = strFromU8(unzipSync(readFileSync(docx))['word/document.xml']!);
  // The text as Word shows it: a two-line title is two runs with a line break between them, at a word boundary,
  // and so is a table cell's text over several lines (the agenda's 议题).
  const shown = xml.replace(/<[^>]+>/g, '');
  expect(shown).toContain('关于召开医疗卫生行业综合监管联席会议的通知');
  for (const text of [docNumber, '三楼会议室', '讨论 2027 年联合执法计划']) {
    expect(shown).toContain(text);
  }
  if (hasSoffice) {
    execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', testInfo.outputPath(), docx], {
      timeout: 90_000,
    });
    const converted = execFileSync('pdftotext', [testInfo.outputPath('notice.pdf'), '-'], {
      encoding: 'utf8',
    });
    expect(converted.replace(/\s+/g, '')).toContain(docNumber);
  } else {
    testInfo.annotations.push({
      type: 'skip-part',
      description: 'LibreOffice（soffice）不可用：未做 DOCX→PDF 转换检查',
    });
  }

  await page
    .getByRole('row', { name: /会议通知/ })
    .getByRole('button', { name: '打印预览 / PDF' })
    .click();
  await expect(page.locator('[data-print-ready] .gb-doc')).toBeVisible();
  const pdf = testInfo.outputPath('notice.pdf.print.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  const flat = text.replace(/\s+/g, '');
  expect(flat).toContain(docNumber);
  expect(flat).toContain('2026年11月20日（星期五）09:00—10:30');
  expect(flat).toContain('越城区人民大道1号区卫生健康局三楼会议室');
  for (const name of ['绍兴市公安局越城区分局', '绍兴市越城区市场监督管理局', '区教育体育局'.slice(1)]) {
    expect(flat).toContain(name.replace(/\s+/g, ''));
  }
  for (const [title] of topics) expect(flat).toContain(title.replace(/\s+/g, ''));
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '60',
    '-f',
    '1',
    '-l',
    '1',
    pdf,
    join('test-screens', 'meetings-notice-pdf'),
  ]);
  writeFileSync(testInfo.outputPath('notice.txt'), text);
  await page.getByRole('button', { name: '返回' }).click();

  // 出席: one 请假 needs its reason.
  await page.getByRole('tab', { name: '出席情况' }).click();
  for (const d of ['区公安分局', '区卫生健康局', '区教体局']) {
    await page
      .getByRole('radiogroup', { name: `${d}出席情况` })
      .getByLabel('出席')
      .check();
  }
  await page.getByRole('radiogroup', { name: '区医保分局出席情况' }).getByLabel('委托').check();
  await page.getByLabel('区医保分局受托人').fill('李科长');
  await page.getByRole('radiogroup', { name: '区市场监管局出席情况' }).getByLabel('请假').check();
  await page.getByRole('button', { name: '保存出席情况' }).click();
  await expect(page.getByText('请假须填写原因')).toBeVisible();
  await page.getByLabel('区市场监管局请假原因').fill('参加市局专项检查');
  await page.getByRole('button', { name: '保存出席情况' }).click();
  await expect(page.getByText('出席情况已登记')).toBeVisible();
  await expect(page.locator('.meeting-status')).toHaveText('已召开');

  // 纪要 with two decisions.
  await page.getByRole('tab', { name: '会议纪要' }).click();
  await page.getByLabel('会议概况').fill('会议听取了各成员单位工作汇报，研究部署了下一阶段重点工作。');
  await page.getByLabel('议题2讨论情况').fill('各单位交流了医疗美容行业整治情况。');
  await page.getByLabel('议题2议定结论').fill('年底前完成医疗美容机构全覆盖检查。');
  for (const [i, [text, due, lead, other]] of [
    ['开展医疗美容机构联合检查', '2026-12-31', '区市场监管局', '区卫生健康局'],
    ['建立欺诈骗保线索移送机制', '2026-12-15', '区医保分局', '区公安分局'],
  ].entries()) {
    await page.getByRole('button', { name: '添加议定事项' }).click();
    await page.getByLabel(`事项${i + 1}内容`).fill(text!);
    await page.getByLabel(`事项${i + 1}完成时限`).fill(due!);
    await page.getByLabel(`事项${i + 1}责任单位`).selectOption({ label: lead! });
    await page.getByLabel(`事项${i + 1}责任单位`).selectOption({ label: other! });
  }
  await page.getByRole('button', { name: '保存会议纪要' }).click();
  await expect(page.getByText('会议纪要已保存')).toBeVisible();
  await expect(page.getByText(/纪要编号：2026 年第 \d+ 号/)).toBeVisible();
  await keepScreenshot(page, testInfo, 'meetings-minutes-editor');

  // The 纪要 prints with its mark and attendance lines.
  await page.getByRole('tab', { name: '通知与文件' }).click();
  await page
    .getByRole('row', { name: /会议纪要/ })
    .getByRole('button', { name: '打印预览 / PDF' })
    .click();
  const minutesPdf = testInfo.outputPath('minutes.pdf');
  await expect(page.locator('[data-print-ready] .gb-doc')).toBeVisible();
  await page.pdf({ path: minutesPdf, preferCSSPageSize: true, printBackground: true });
  const minutesText = execFileSync('pdftotext', [minutesPdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  for (const t of [
    '绍兴市越城区医疗卫生行业综合监管联席会议纪要',
    '请假',
    '区市场监管局（参加市局专项检查）',
    '李科长（委托）',
    '开展医疗美容机构联合检查',
  ]) {
    expect(minutesText).toContain(t);
  }
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '60',
    '-f',
    '1',
    '-l',
    '1',
    minutesPdf,
    join('test-screens', 'meetings-minutes-pdf'),
  ]);
  await page.getByRole('button', { name: '返回' }).click();

  // 督办: both decisions are open; one is closed with its result.
  await openSection(page, '联席会议');
  await page.getByRole('tab', { name: '议定事项督办' }).click();
  await expect(page.getByText('开展医疗美容机构联合检查').first()).toBeVisible();
  await expect(page.getByText('建立欺诈骗保线索移送机制').first()).toBeVisible();
  const closed = await invoke<{ id: number; text: string }[]>(page, 'decisions.list', { status: 'open' });
  expect(closed.map((d) => d.text)).toEqual(
    expect.arrayContaining(['开展医疗美容机构联合检查', '建立欺诈骗保线索移送机制']),
  );

  // Checklist item 2 (协商每年不少于1次) now counts this year's held meeting.
  await openSection(page, '任务清单');
  await expect(page.getByText('本年 5/1')).toBeVisible();
});
