// GB/T 9704 official documents printed by Chromium: the HTML of shared/print/official.ts with its print CSS,
// rendered without the app (the meetings print route does not exist yet) and read back from the PDF with
// poppler: text and numbering (pdftotext), page size (pdfinfo), the embedded CJK fonts (pdffonts), where the
// page numbers sit (pdftotext -bbox) and page 1 as a PNG in test-screens/ for a person to look at.
import { test, expect, type Page, type TestInfo } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  GB_PAGE,
  OFFICIAL_DOC_CSS,
  officialDocHtml,
  titleWords,
  type OfficialDoc,
} from '../../shared/print/official';
import { IMPRINT_SCRIPT } from '../../shared/print/official-layout';
import { withEmbeddedFonts } from '../../db/core/print-fonts';
import {
  TEXT_BOTTOM_MM,
  TEXT_TOP_MM,
  inkRows,
  isDark,
  isRed,
  pageImages,
  pageNumberDash,
  pdfFlatText,
  pdfFonts,
  pdfLines,
  pdfPageCount,
  pdfPageSizePt,
  rules,
} from '../pdf-measure';

const PT_PER_MM = 72 / 25.4;

const UNITS = ['区市场监管局', '区医保分局', '区公安分局', '区综合行政执法局', '区生态环境分局', '区民政局'];

/** A 会议通知 long enough for three pages: every heading level, a 回执 table, attachments and a 版记. */
const NOTICE: OfficialDoc = {
  kind: 'document',
  issuerMark: '绍兴市越城区卫生健康局文件',
  docNumber: '越卫健〔2026〕12号',
  title: '关于召开2026年第四季度医疗卫生行业综合监管联席会议的通知',
  addressee: '区级有关部门，各街道办事处',
  blocks: [
    {
      type: 'p',
      text: '为贯彻落实医疗卫生行业综合监管制度，通报第四季度综合监管工作清单落实情况，研究部署下一阶段重点工作，经研究，决定召开2026年第四季度医疗卫生行业综合监管联席会议。现将有关事项通知如下：',
    },
    { type: 'h1', text: '会议时间' },
    { type: 'p', text: '2026年11月27日（星期五）下午2:30，会期半天。请于下午2:15前到会议室报到。' },
    { type: 'h1', text: '会议地点' },
    { type: 'p', text: '越城区行政服务中心三楼第一会议室（越城区人民中路88号）。' },
    { type: 'h1', text: '参会人员' },
    { type: 'h2', text: '出席人员' },
    { type: 'p', text: '区政府分管副区长；联席会议各成员单位分管负责人。' },
    { type: 'h2', text: '列席人员' },
    { type: 'p', text: '各成员单位综合监管工作联络员；各街道办事处分管负责人。' },
    { type: 'h1', text: '会议议程' },
    { type: 'h3', text: '通报第四季度综合监管工作清单落实情况。' },
    { type: 'h3', text: '各成员单位汇报本单位牵头任务完成情况及存在问题。' },
    { type: 'h3', text: '研究部署2027年医疗卫生行业综合监管重点工作。' },
    { type: 'h1', text: '有关要求' },
    { type: 'h2', text: '准备材料' },
    { type: 'h3', text: '书面汇报材料请控制在1500字以内，于11月25日前报送区卫生健康局综合监督科。' },
    { type: 'h3', text: '对照任务清单逐项说明完成情况，未完成的说明原因和下一步措施。' },
    { type: 'h2', text: '报送回执' },
    {
      type: 'p',
      text: '请各单位于2026年11月25日下午5:00前将参会回执（附件1）报送区卫生健康局综合监督科。因故不能参会的，须书面请假并明确代为参会人员。联系人：王某某，联系电话：0575-88000000。',
    },
    {
      type: 'p',
      text: '会议期间请将手机调至静音状态。各单位要高度重视，按时参会，不得无故缺席；确需请假的，应当经单位主要负责人同意后报联席会议办公室备案。会议有关材料会后请妥善保管，未经同意不得对外提供。',
    },
    {
      type: 'table',
      columns: ['序号', '单位', '姓名', '职务', '联系电话', '签名'],
      widths: [1.5, 4.5, 2, 3.2, 3, 2],
      rowHeightMm: 12,
      rows: UNITS.flatMap((u, i) => [
        [String(2 * i + 1), u, '', '分管负责人', '', ''],
        [String(2 * i + 2), u, '', '联络员', '', ''],
      ]),
    },
  ],
  attachments: ['参会回执', '2026年第四季度医疗卫生行业综合监管联席会议议程'],
  signer: '绍兴市越城区卫生健康局',
  date: '2026-11-22',
  copyTo: '区委办，区政府办，区人大常委会办公室',
  printedBy: '绍兴市越城区卫生健康局办公室',
  printedOn: '2026-11-22',
};

/** A 纪要: red mark, （第3号）, office and date above the rule, 出席/列席/请假 after the body. */
const MINUTES: OfficialDoc = {
  kind: 'minutes',
  issuerMark: '越城区医疗卫生行业综合监管联席会议纪要',
  minutesNumber: 3,
  signer: '越城区综合监管联席会议办公室',
  date: '2026-11-27',
  title: '',
  blocks: [
    {
      type: 'p',
      text: '2026年11月27日下午，区政府副区长在区行政服务中心三楼第一会议室主持召开2026年第四季度医疗卫生行业综合监管联席会议，听取各成员单位工作汇报，研究部署下一阶段重点工作。现将会议议定事项纪要如下：',
    },
    { type: 'h1', text: '关于工作清单落实情况' },
    {
      type: 'p',
      text: '会议认为，今年以来各成员单位按照任务清单分工，密切协作，综合监管工作取得阶段性成效。25项任务中已完成21项，其余4项正在推进。',
    },
    { type: 'h1', text: '关于下一阶段重点工作' },
    { type: 'h2', text: '深化联合执法' },
    { type: 'p', text: '由区卫生健康局牵头，会同区市场监管局、区医保分局，于12月底前完成医疗机构联合检查。' },
    { type: 'h2', text: '加强信息共享' },
    { type: 'p', text: '各成员单位于每季度末将监管结果报送联席会议办公室，实现监管信息互通。' },
  ],
  attendance: [
    {
      label: '出席',
      names:
        '副区长某某，区卫生健康局局长某某，区市场监管局副局长某某，区医保分局局长某某，区公安分局副局长某某',
    },
    { label: '列席', names: '区卫生健康局综合监督科科长某某，各街道办事处分管负责人' },
    { label: '请假', names: '区综合行政执法局副局长某某（公务外出）' },
  ],
  copyTo: '联席会议各成员单位',
  printedBy: '越城区医疗卫生行业综合监管联席会议办公室',
  printedOn: '2026-11-27',
};

/** Prints the document with the official print CSS and returns the PDF's path. */
async function printToPdf(page: Page, testInfo: TestInfo, doc: OfficialDoc, name: string): Promise<string> {
  // Nothing may be fetched: the fonts are the system's (fonts-noto-cjk), not a web font service.
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.setContent(
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${name}</title>` +
      `<style>${OFFICIAL_DOC_CSS}</style></head><body>${officialDocHtml(doc)}</body></html>`,
  );
  await page.evaluate(async () => {
    await (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts
      .ready;
  });
  const pdf = testInfo.outputPath(`${name}.pdf`);
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  expect(
    requests.filter((u) => !/^(about:|data:)/.test(u)),
    'requests outside the page',
  ).toEqual([]);
  return pdf;
}

function pdfText(pdf: string, pageNo?: number): string {
  const range = pageNo ? ['-f', String(pageNo), '-l', String(pageNo)] : [];
  return execFileSync('pdftotext', ['-layout', ...range, pdf, '-'], { encoding: 'utf8' });
}

const flat = (s: string) => s.replace(/\s+/g, '');

interface Word {
  page: number;
  xMin: number;
  xMax: number;
  /** Vertical centre of the word's box: poppler's boxes are the font's, much taller than the glyphs. */
  y: number;
  text: string;
}

/** Every word of the PDF with its box, in pt from the top left of its page. */
function pdfWords(pdf: string): Word[] {
  const xml = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' });
  const words: Word[] = [];
  xml.split(/<page /).forEach((chunk, i) => {
    const re = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
    for (const m of chunk.matchAll(re)) {
      const [xMin, yMin, xMax, yMax] = [m[1], m[2], m[3], m[4]].map(Number) as [
        number,
        number,
        number,
        number,
      ];
      words.push({ page: i, xMin, xMax, y: (yMin + yMax) / 2, text: m[5]! });
    }
  });
  return words;
}

/** The fonts Chromium drew an element's text with (PostScript names), from the DevTools protocol. */
async function platformFonts(page: Page, selector: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument');
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return fonts.filter((f) => f.glyphCount > 0).map((f) => f.postScriptName ?? f.familyName);
}

/** Page 1 as a PNG in test-screens/, attached to the report. */
async function keepPage1(pdf: string, testInfo: TestInfo, name: string): Promise<void> {
  mkdirSync('test-screens', { recursive: true });
  const base = join('test-screens', name);
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf, base]);
  await testInfo.attach(name, { path: `${base}.png`, contentType: 'image/png' });
}

test('红头文件: GB/T 9704 layout, numbering, table, page numbers odd right / even left', async ({
  page,
}, testInfo) => {
  const pdf = await printToPdf(page, testInfo, NOTICE, 'official-doc');

  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts/); // A4 portrait
  const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
  expect(pages).toBeGreaterThanOrEqual(2);

  const text = flat(pdfText(pdf));
  for (const s of [
    '绍兴市越城区卫生健康局文件',
    '越卫健〔2026〕12号',
    '关于召开2026年第四季度医疗卫生行业综合监管联席会议的通知',
    '区级有关部门，各街道办事处：',
    '一、会议时间',
    '二、会议地点',
    '三、参会人员',
    '（一）出席人员',
    '（二）列席人员',
    '四、会议议程',
    '1.通报第四季度综合监管工作清单落实情况。',
    '2.各成员单位汇报本单位牵头任务完成情况及存在问题。',
    '3.研究部署2027年医疗卫生行业综合监管重点工作。',
    '五、有关要求',
    '（一）准备材料',
    '1.书面汇报材料请控制在1500字以内',
    '2.对照任务清单逐项说明完成情况',
    '（二）报送回执',
    '序号单位姓名职务联系电话签名',
    '附件：1.参会回执',
    '2.2026年第四季度医疗卫生行业综合监管联席会议议程',
    '绍兴市越城区卫生健康局2026年11月22日',
    '抄送：区委办，区政府办，区人大常委会办公室。',
    '绍兴市越城区卫生健康局办公室2026年11月22日印发',
  ])
    expect(text, s).toContain(s);
  for (const u of UNITS) {
    expect(text).toContain(`${u}分管负责人`);
    expect(text).toContain(`${u}联络员`);
  }
  // The 回执 table runs onto another page: its header row is printed again there.
  const lastTablePage = Array.from({ length: pages }, (_, i) => i + 1).findLast((p) =>
    flat(pdfText(pdf, p)).includes('联络员'),
  )!;
  expect(lastTablePage).toBeGreaterThan(1);
  expect(flat(pdfText(pdf, lastTablePage))).toContain('序号单位姓名职务联系电话签名');

  // "— N —" on every page: 7 mm below the text block, odd pages on the right and even pages on the left.
  const words = pdfWords(pdf);
  const pageWidth = GB_PAGE.widthMm * PT_PER_MM;
  const textBottom = (GB_PAGE.heightMm - GB_PAGE.marginBottomMm) * PT_PER_MM;
  for (let p = 1; p <= pages; p++) {
    expect(pdfText(pdf, p), `page ${p}`).toMatch(new RegExp(`—\\s*${p}\\s*—`));
    const num = words.find((w) => w.page === p && w.text === String(p) && w.y > textBottom);
    expect(num, `page number of page ${p}`).toBeDefined();
    // Below the text block, within a line of the dash's 7 mm (measured to the pixel in the test below).
    expect(num!.y).toBeGreaterThan(textBottom + 3 * PT_PER_MM);
    expect(num!.y).toBeLessThan(textBottom + 7 * PT_PER_MM + 14);
    if (p % 2 === 1) expect(num!.xMin, `page ${p} numbered on the right`).toBeGreaterThan(pageWidth / 2);
    else expect(num!.xMax, `page ${p} numbered on the left`).toBeLessThan(pageWidth / 2);
  }

  // The text block starts at the 订口 (28 mm); a page of body text has 22 lines (28.95 pt apart) ...
  const left = GB_PAGE.marginLeftMm * PT_PER_MM;
  const addressee = words.find((w) => w.page === 1 && w.text.startsWith('区级有关部门'))!;
  expect(Math.abs(addressee.xMin - left)).toBeLessThan(2);
  const lines = [
    ...new Set(words.filter((w) => w.page === 2 && w.y < textBottom).map((w) => w.y.toFixed(0))),
  ];
  expect(lines).toHaveLength(22);
  // ... of 28 characters: the lines of a paragraph of Chinese text only (the first is indented two).
  const para = (
    NOTICE.blocks.find((b) => b.type === 'p' && b.text.startsWith('会议期间')) as { text: string }
  ).text;
  const paraLines = pdfText(pdf)
    .split('\n')
    .map(flat)
    .filter((l) => l.length > 4 && para.includes(l));
  expect(paraLines.join('')).toBe(para);
  expect(paraLines[0]!.length).toBe(26);
  for (const l of paraLines.slice(1, -1)) expect(l.length, l).toBeGreaterThanOrEqual(27);
  expect(paraLines.slice(1, -1).some((l) => l.length === 28)).toBe(true);

  // Without the office fonts every face falls back to the system's Noto CJK (no boxes): serif for 仿宋 and the
  // title (in bold, standing in for 小标宋), sans for the 黑体 headings.
  expect(await platformFonts(page, '.gb-p')).toEqual(['NotoSerifCJKsc-Regular']);
  expect(await platformFonts(page, '.gb-title')).toContain('NotoSerifCJKsc-Bold');
  expect(await platformFonts(page, '.gb-mark')).toContain('NotoSerifCJKsc-Bold');
  expect(await platformFonts(page, '.gb-h1')).toEqual(['NotoSansCJKsc-Regular']);

  await keepPage1(pdf, testInfo, 'official-doc-page1');
});

test('会议纪要: red mark, （第3号）, attendance lines and 版记', async ({ page }, testInfo) => {
  const pdf = await printToPdf(page, testInfo, MINUTES, 'official-minutes');
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts/);

  const text = flat(pdfText(pdf));
  for (const s of [
    '越城区医疗卫生行业综合监管联席会议纪要',
    '（第3号）',
    '越城区综合监管联席会议办公室2026年11月27日',
    '一、关于工作清单落实情况',
    '二、关于下一阶段重点工作',
    '（一）深化联合执法',
    '（二）加强信息共享',
    '出席：副区长某某',
    '列席：区卫生健康局综合监督科科长某某',
    '请假：区综合行政执法局副局长某某（公务外出）',
    '抄送：联席会议各成员单位。',
    '2026年11月27日印发',
  ])
    expect(text, s).toContain(s);
  expect(pdfText(pdf, 1)).toMatch(/—\s*1\s*—/);
  // The mark is above the number, which is above the body.
  const order = ['会议纪要', '（第3号）', '一、关于工作清单'].map((s) => text.indexOf(s));
  expect(order).toEqual([...order].sort((a, b) => a - b));

  await keepPage1(pdf, testInfo, 'official-minutes-page1');
});

test('签到表 (plain page): blank signature rows at least 14 mm, header repeated, page break before the agenda', async ({
  page,
}, testInfo) => {
  const units = [...UNITS, '区卫生健康局', '区教育体育局', '区财政局', '区人力社保局'];
  const doc: OfficialDoc = {
    kind: 'plain',
    title: '2026年第四季度医疗卫生行业综合监管联席会议签到表',
    subtitle: '2026年11月27日　越城区行政服务中心三楼第一会议室',
    blocks: [
      {
        type: 'table',
        columns: ['序号', '单位', '职务', '姓名', '签名'],
        widths: [1.5, 5, 3, 2.5, 3],
        rowHeightMm: 14,
        rows: units.flatMap((u, i) => [
          [String(2 * i + 1), u, '分管负责人'],
          [String(2 * i + 2), u, '联络员'],
        ]),
      },
      { type: 'pagebreak' },
      { type: 'h1', text: '会议议程' },
      { type: 'h3', text: '通报第四季度综合监管工作清单落实情况。' },
    ],
  };
  const pdf = await printToPdf(page, testInfo, doc, 'official-sign-in');
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
  // 20 rows of 14 mm do not fit on one page: the table runs onto page 2, the agenda starts page 3.
  expect(pages).toBe(3);
  const page1 = flat(pdfText(pdf, 1));
  expect(page1).toContain('2026年第四季度医疗卫生行业综合监管联席会议签到表');
  expect(page1).not.toContain('绍兴市'); // no red head on a plain page
  expect(flat(pdfText(pdf, 2))).toMatch(/^序号单位职务姓名签名/);
  expect(flat(pdfText(pdf, 2))).toContain('区人力社保局联络员');
  expect(flat(pdfText(pdf, 3))).toMatch(/^一、会议议程1\.通报第四季度/);
  // Body rows are the 14 mm asked for (their text is one line), so at most 225 / 14 of them fit on a page.
  const rowsOnPage1 = (page1.match(/(分管负责人|联络员)/g) ?? []).length;
  expect(rowsOnPage1).toBeLessThanOrEqual(Math.floor(GB_PAGE.textHeightMm / 14));
  expect(rowsOnPage1).toBeGreaterThanOrEqual(10);
  for (let p = 1; p <= pages; p++) expect(pdfText(pdf, p)).toMatch(new RegExp(`—\\s*${p}\\s*—`));
});

/** Prints a standalone page as the server-side renderer does: bundled fonts inline and the 版记 script. */
async function printStandalone(
  page: Page,
  testInfo: TestInfo,
  doc: OfficialDoc,
  name: string,
): Promise<string> {
  await page.setContent(
    withEmbeddedFonts(
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${name}</title>` +
        `<style>${OFFICIAL_DOC_CSS}</style>${IMPRINT_SCRIPT}</head><body>${officialDocHtml(doc)}</body></html>`,
    ),
  );
  await page.evaluate('void document.body.offsetHeight; document.fonts.ready.then(() => true)');
  const pdf = testInfo.outputPath(`${name}.pdf`);
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  return pdf;
}

const CREDIT_LIKE: OfficialDoc = {
  kind: 'plain',
  title: '医疗机构不良执业行为记分通知书',
  addressee: '绍兴市越城区某某诊所',
  blocks: [
    {
      type: 'p',
      text: '经查，你单位存在下列不良执业行为，依据《医疗机构不良执业行为记分管理办法》予以记分：',
    },
    { type: 'table', columns: ['序号', '行为', '记分'], rows: [['1', '未按规定公示收费标准', '2']] },
  ],
  signer: '绍兴市越城区卫生健康局',
  date: '2026-11-22',
  copyTo: '区医保分局',
  printedBy: '绍兴市越城区卫生健康局',
  printedOn: '2026-11-22',
};

/** A 上行文 to the city: the 发文字号 left and 签发人 right on one line (GB/T 9704 7.2.4). */
const UPWARD: OfficialDoc = {
  ...NOTICE,
  docNumber: '越卫健〔2026〕15号',
  issuedBy: '李明',
  title: '关于2026年第三季度医疗卫生行业综合监管工作情况的报告',
  addressee: '市卫生健康委',
  attachments: [],
  blocks: NOTICE.blocks.filter((b) => b.type === 'p').slice(0, 3),
  copyTo: undefined,
};

/** The 回执 as an 附件: after the 落款 and date, on a new page headed 附件, then the 版记. */
const WITH_ANNEX: OfficialDoc = {
  ...NOTICE,
  blocks: NOTICE.blocks.filter((b) => b.type !== 'table' && b.type !== 'pagebreak'),
  attachments: ['2026年第四季度医疗卫生行业综合监管联席会议参会回执'],
  annexes: [
    {
      title: '2026年第四季度医疗卫生行业综合监管联席会议参会回执',
      blocks: [NOTICE.blocks.find((b) => b.type === 'table')!],
    },
  ],
};

/** A body of `n` paragraphs, for documents that end at different places on their last page. */
const longer = (doc: OfficialDoc, n: number): OfficialDoc => ({
  ...doc,
  blocks: [
    ...doc.blocks,
    ...Array.from({ length: n }, (_, i) => ({
      type: 'p' as const,
      text: `第${i + 1}段：各成员单位要按照任务清单分工，密切协作，按期报送工作进展情况，确保各项任务落到实处。`,
    })),
  ],
});

test('measured on the printed page: 版记 at the foot of the last page, red marks and page numbers in place, named fonts', async ({
  page,
}, testInfo) => {
  const table: string[] = ['document\tpages\tmark top\trule gap\tdash below\t版记 last rule\tfonts'];
  const cases: [string, OfficialDoc][] = [
    ['notice', NOTICE],
    ['notice-short', { ...NOTICE, blocks: NOTICE.blocks.slice(0, 3) }],
    ['minutes', MINUTES],
    ['minutes-long', longer(MINUTES, 14)],
    ['points-notice', CREDIT_LIKE],
    ['points-notice-long', longer(CREDIT_LIKE, 20)],
    ['report-upward', UPWARD],
    ['notice-annex', WITH_ANNEX],
  ];
  for (const [name, doc] of cases) {
    const pdf = await printStandalone(page, testInfo, doc, `measured-${name}`);
    const [w, h] = pdfPageSizePt(pdf);
    expect(Math.abs(w - 595.3), name).toBeLessThan(1); // A4
    expect(Math.abs(h - 841.9), name).toBeLessThan(1);
    const fonts = pdfFonts(pdf);
    expect(fonts.length, name).toBeGreaterThan(0);
    expect(
      fonts.filter((f) => f.type === 'Type 3' || f.name === '[none]' || !f.embedded),
      name,
    ).toEqual([]);

    const images = pageImages(pdf);
    expect(images.length, name).toBe(pdfPageCount(pdf));
    // "— N —": the dash's top 7 mm below the text block on every page.
    const dashes = images.map((img) => pageNumberDash(img)!.topMm - TEXT_BOTTOM_MM);
    for (const d of dashes) expect(Math.abs(d - 7), `${name}: dash ${d.toFixed(2)} mm`).toBeLessThan(0.5);

    let markTop = NaN;
    let ruleGap = NaN;
    if (doc.kind !== 'plain') {
      const first = images[0]!;
      const red = rules(first, isRed)[0]!;
      // The mark: the first red ink below the top of the text block; its glyph tops 35 mm further down.
      markTop = inkRows(first, isRed, TEXT_TOP_MM, red.topMm - 1)[0]!.topMm - TEXT_TOP_MM;
      expect(Math.abs(markTop - 35), `${name}: mark ${markTop.toFixed(2)} mm`).toBeLessThan(0.5);
      // The red rule 4 mm below the glyphs of the line above it (发文字号, or the 纪要's office and date).
      const above = inkRows(first, isDark, TEXT_TOP_MM, red.topMm - 0.2).at(-1)!;
      ruleGap = red.topMm - above.bottomMm;
      expect(Math.abs(ruleGap - 4), `${name}: rule gap ${ruleGap.toFixed(2)} mm`).toBeLessThan(0.5);
    }
    // A title of two lines breaks between words, the lines about as long as each other.
    if (doc.title) {
      const lines = pdfLines(pdf, 1);
      const i = lines.findIndex((l) => l.length > 0 && doc.title.startsWith(l));
      const first = lines[i]!;
      if (first !== doc.title) {
        expect(first + lines[i + 1], name).toBe(doc.title);
        const ends = titleWords(doc.title).map((_, k, ws) => ws.slice(0, k + 1).join('').length);
        expect(ends, `${name}: title broken after "${first}"`).toContain(first.length);
        expect(Math.abs(first.length - lines[i + 1]!.length), name).toBeLessThanOrEqual(4);
      }
    }
    // 版记: its last rule on the bottom edge of the text block of the last page (262 mm from the top).
    const last = rules(images.at(-1)!, isDark).at(-1)!;
    expect(
      Math.abs(last.centreMm - TEXT_BOTTOM_MM),
      `${name}: 版记 at ${last.centreMm.toFixed(2)} mm`,
    ).toBeLessThan(1);
    // ... and on no other page: the earlier pages end with text, not a 版记.
    expect(pdfFlatText(pdf, images.length)).toContain('印发');
    for (let p = 1; p < images.length; p++) expect(pdfFlatText(pdf, p), name).not.toContain('印发');

    table.push(
      [
        name,
        images.length,
        markTop.toFixed(1),
        ruleGap.toFixed(1),
        Math.max(...dashes).toFixed(1),
        last.centreMm.toFixed(1),
        [...new Set(fonts.map((f) => f.type))].join('/'),
      ].join('\t'),
    );
  }
  await testInfo.attach('measured.tsv', { body: table.join('\n'), contentType: 'text/plain' });
  console.log(table.join('\n'));
});

test('measured on the printed page: a 上行文 puts 发文字号 and 签发人 on one line; the 附件 follows the 落款 on its own page', async ({
  page,
}, testInfo) => {
  const MM = 25.4 / 72;
  const up = await printStandalone(page, testInfo, UPWARD, 'upward');
  const words = pdfWords(up).filter((w) => w.page === 1); // chunk 0 is the header before the first page
  const num = words.find((w) => w.text.includes('越卫健'))!;
  const name = words.find((w) => w.text.includes('李明'))!;
  const label = words.find((w) => w.text.includes('签发人'))!;
  expect(Math.abs(num.y - name.y), 'same line').toBeLessThan(2);
  expect(Math.abs(num.y - label.y), 'same line').toBeLessThan(2);
  // 左空一字 and 右空一字: one 3号 character (5.6 mm) in from the text block's edges (28 mm and 184 mm).
  const oneChar = (16 - 0.21) * MM;
  expect(Math.abs(num.xMin * MM - (28 + oneChar)), `number at ${(num.xMin * MM).toFixed(1)} mm`).toBeLessThan(
    1,
  );
  expect(
    Math.abs(name.xMax * MM - (184 - oneChar)),
    `name ends ${(name.xMax * MM).toFixed(1)} mm`,
  ).toBeLessThan(1);
  expect(pdfFlatText(up, 1)).toContain('越卫健〔2026〕15号签发人：李明');

  const annex = await printStandalone(page, testInfo, WITH_ANNEX, 'annex');
  const pages = pdfPageCount(annex);
  // The body, 附件说明, 落款 and date; then a new page starting with 附件 and the 回执's title.
  const at = (t: string) =>
    [...Array(pages).keys()].map((i) => i + 1).find((p) => pdfFlatText(annex, p).includes(t));
  const sayPage = at('附件：2026年第四季度')!;
  const signPage = at('2026年11月22日')!; // the 落款's date (the 印发 date is on the last page)
  expect(sayPage).toBeLessThanOrEqual(signPage);
  const flatText = pdfFlatText(annex);
  expect(flatText.indexOf('附件：2026年第四季度')).toBeLessThan(flatText.indexOf('2026年11月22日'));
  const annexPage = [...Array(pages).keys()]
    .map((i) => i + 1)
    .find((p) => pdfFlatText(annex, p).startsWith('附件2026'))!;
  expect(annexPage, 'the 附件 starts a page').toBeGreaterThan(signPage);
  expect(pdfLines(annex, annexPage)[0]).toBe('附件');
  // The label on the first line of the text block, the title on the third.
  const img = pageImages(annex)[annexPage - 1]!;
  const ink = inkRows(img, isDark, TEXT_TOP_MM, TEXT_BOTTOM_MM);
  const line = GB_PAGE.lineHeightPt * MM;
  expect(ink[0]!.topMm - TEXT_TOP_MM, 'label on line 1').toBeLessThan(line);
  expect(ink[1]!.topMm - TEXT_TOP_MM, 'title on line 3').toBeGreaterThan(2 * line - 1);
  // Before it, no page is mostly empty but the one the 落款 ends.
  for (let p = 1; p < signPage; p++) {
    const rows = inkRows(pageImages(annex)[p - 1]!, isDark, TEXT_TOP_MM, TEXT_BOTTOM_MM);
    expect(TEXT_BOTTOM_MM - rows.at(-1)!.bottomMm, `page ${p} is full`).toBeLessThan(2 * line + 1);
  }
});
