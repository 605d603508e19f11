// GB/T 9704 official documents: the numbering and layout rules, the escaped HTML with its print CSS, and the
// DOCX read back from its XML (page margins in twips, even/odd page number footers with a PAGE field, repeated
// table header, fonts). Where LibreOffice is installed the DOCX is also opened and converted to PDF by it.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import {
  OFFICIAL_DOC_CSS,
  attachmentLines,
  breakUnits,
  chineseNumber,
  markFit,
  numberBlocks,
  officialDocHtml,
  signatureLayout,
  textWidthEm,
  titleLines,
  titleWords,
  TITLE_LINE_EM,
  type OfficialBlock,
  type OfficialDoc,
} from '../../shared/print/official';
import { officialDocDocx } from '../../db/core/official-docx';

const NOTICE: OfficialDoc = {
  kind: 'document',
  issuerMark: '绍兴市越城区卫生健康局文件',
  docNumber: '越卫健〔2026〕12号',
  title: '关于召开2026年第四季度医疗卫生行业综合监管联席会议的通知',
  addressee: '区级有关部门，各街道办事处',
  blocks: [
    { type: 'p', text: '经研究，决定召开第四季度联席会议。现将有关事项通知如下：' },
    { type: 'h1', text: '会议时间' },
    { type: 'p', text: '2026年11月27日（星期五）下午2:30。' },
    { type: 'h1', text: '参会人员' },
    { type: 'h2', text: '出席人员' },
    { type: 'p', text: '联席会议各成员单位分管负责人。' },
    { type: 'h2', text: '列席人员' },
    { type: 'h3', text: '各成员单位联络员。' },
    { type: 'h3', text: '各街道办事处分管负责人。' },
    { type: 'pagebreak' },
    { type: 'h1', text: '有关要求' },
    { type: 'h2', text: '报送回执' },
    { type: 'h3', text: '请于11月25日前报送参会回执。' },
    {
      type: 'table',
      columns: ['序号', '单位', '姓名', '签名'],
      widths: [1, 4, 2, 2],
      rowHeightMm: 12,
      rows: [
        ['1', '区市场监管局'],
        ['2', '区医保分局', '', ''],
      ],
    },
  ],
  attachments: ['参会回执', '会议议程'],
  signer: '绍兴市越城区卫生健康局',
  date: '2026-11-22',
  copyTo: '区委办，区政府办',
  printedBy: '绍兴市越城区卫生健康局办公室',
  printedOn: '2026-11-22',
};

const MINUTES: OfficialDoc = {
  kind: 'minutes',
  issuerMark: '越城区医疗卫生行业综合监管联席会议纪要',
  minutesNumber: 3,
  signer: '越城区综合监管联席会议办公室',
  date: '2026-11-27',
  title: '',
  blocks: [
    { type: 'p', text: '现将会议议定事项纪要如下：' },
    { type: 'h1', text: '关于工作清单落实情况' },
  ],
  attendance: [
    { label: '出席', names: '副区长某某，区卫生健康局局长某某' },
    { label: '列席', names: '区卫生健康局综合监督科科长某某' },
    { label: '请假', names: '区综合行政执法局副局长某某（公务外出）' },
  ],
};

describe('numbering', () => {
  it('writes Chinese numerals as 公文 headings use them', () => {
    const cases: [number, string][] = [
      [1, '一'],
      [2, '二'],
      [9, '九'],
      [10, '十'],
      [11, '十一'],
      [19, '十九'],
      [20, '二十'],
      [21, '二十一'],
      [99, '九十九'],
      [100, '一百'],
      [101, '一百零一'],
      [110, '一百一十'],
      [1010, '一千零一十'],
    ];
    for (const [n, s] of cases) expect(chineseNumber(n), String(n)).toBe(s);
    for (const bad of [0, -1, 1.5, 10000, Number.NaN]) expect(() => chineseNumber(bad)).toThrow(RangeError);
  });

  it('numbers h1 一、…十一、; （一） restarts under each h1 and 1. under each h2 and h1', () => {
    const blocks: OfficialBlock[] = [];
    for (let i = 1; i <= 11; i++) {
      blocks.push({ type: 'h1', text: `第${i}部分` });
      if (i <= 2)
        for (let j = 1; j <= 2; j++) {
          blocks.push({ type: 'h2', text: `小节${j}` });
          blocks.push({ type: 'h3', text: '甲' }, { type: 'h3', text: '乙' }, { type: 'p', text: '正文' });
        }
    }
    blocks.push({ type: 'h3', text: '直接在一级标题下' });
    const numbers = numberBlocks(blocks)
      .filter((b) => b.type !== 'p')
      .map((b) => b.number);
    expect(numbers.slice(0, 8)).toEqual(['一、', '（一）', '1.', '2.', '（二）', '1.', '2.', '二、']);
    expect(numbers.slice(8, 14)).toEqual(['（一）', '1.', '2.', '（二）', '1.', '2.']);
    expect(numbers.filter((n) => n?.endsWith('、'))).toEqual(
      ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一'].map((n) => `${n}、`),
    );
    expect(numbers.at(-1)).toBe('1.'); // h3 after 十一、 starts again at 1.
    expect(numberBlocks([{ type: 'p', text: 'x' }])[0]!.number).toBeUndefined();
  });
});

describe('layout rules', () => {
  it('places the 落款: date two characters right of the signer, or the signer by a longer date', () => {
    // 11 characters of signer, a 7-em date: signer 右空二字, date starts two characters in.
    expect(signatureLayout('绍兴市越城区卫生健康局', '2026年11月22日')).toEqual({
      signerRightEm: 2,
      dateRightEm: 4,
    });
    // A 4-character signer is shorter than the date: the date is 右空二字 and the signer starts 2 in from it.
    expect(signatureLayout('区卫健局', '2026年11月22日')).toEqual({ signerRightEm: 3, dateRightEm: 2 });
    expect(signatureLayout(undefined, '2026年11月22日')).toEqual({ signerRightEm: 2, dateRightEm: 2 });
  });

  it('numbers several attachments and hangs wrapped lines under the name', () => {
    expect(attachmentLines(['参会回执'])).toEqual([{ text: '附件：参会回执', indentEm: 0, hangEm: 3 }]);
    expect(attachmentLines(['参会回执', '会议议程']).map((l) => l.text)).toEqual([
      '附件：1.参会回执',
      '2.会议议程',
    ]);
  });

  it('fits the red mark into the 156 mm text block', () => {
    const textBlockPt = (156 / 25.4) * 72;
    expect(markFit('越城区卫生健康局文件')).toEqual({ sizePt: 42, scale: 1 });
    for (const mark of [
      '绍兴市越城区卫生健康局文件',
      '越城区医疗卫生行业综合监管联席会议纪要',
      '很'.repeat(40),
    ]) {
      const { sizePt, scale } = markFit(mark);
      expect(mark.length * sizePt * scale, mark).toBeLessThanOrEqual(textBlockPt);
      expect(scale).toBeGreaterThanOrEqual(0.6);
    }
  });
});

describe('officialDocHtml', () => {
  it('renders the 版头, numbered headings, table, 落款 and 版记 in Chinese form', () => {
    const html = officialDocHtml(NOTICE).replace(/<wbr>/g, '');
    expect(html).toContain('<div class="gb-mark"');
    expect(html).toContain('>绍兴市越城区卫生健康局文件</span>');
    expect(html).toContain('<p class="gb-docnum">越卫健〔2026〕12号</p>');
    expect(html).toContain(
      '<h1 class="gb-title">关于召开2026年第四季度医疗卫生行业综合监管联席会议的通知</h1>',
    );
    expect(html).toContain('区级有关部门，各街道办事处：</p>'); // the colon is added
    expect(html).toContain('<h2 class="gb-h1">一、会议时间</h2>');
    expect(html).toContain('<h2 class="gb-h1">三、有关要求</h2>');
    expect(html).toContain('<h3 class="gb-h2">（二）列席人员</h3>');
    expect(html).toContain('<h4 class="gb-h3">2.各街道办事处分管负责人。</h4>');
    expect(html).toContain('<h3 class="gb-h2">（一）报送回执</h3>'); // restarted under 三、
    expect(html).toContain('<h4 class="gb-h3">1.请于11月25日前报送参会回执。</h4>');
    expect(html).toContain('<div class="gb-pagebreak"></div>');
    expect(html).toContain('<thead><tr><th>序号</th><th>单位</th><th>姓名</th><th>签名</th></tr></thead>');
    expect(html).toContain('<tr style="height: 12mm"><td>1</td><td>区市场监管局</td><td></td><td></td></tr>');
    expect(html).toMatch(/<col style="width: 11\.11%"><col style="width: 44\.44%">/);
    expect(html).toContain('附件：1.参会回执</p>');
    expect(html).toContain('>2026年11月22日</p>'); // 成文日期
    expect(html).not.toContain('2026-11-22');
    expect(html).toContain('<p class="gb-copyto">抄送：区委办，区政府办。</p>');
    expect(html).toContain('<span>2026年11月22日印发</span>');
  });

  it('renders a 纪要 with its number, office and date above the rule, and 出席 lines', () => {
    const html = officialDocHtml(MINUTES);
    expect(html).toContain('<p class="gb-minutes-no">（第3号）</p>');
    expect(html).toContain('<span>越城区综合监管联席会议办公室</span><span>2026年11月27日</span>');
    expect(html.indexOf('gb-minutes-no')).toBeLessThan(html.indexOf('gb-rule'));
    expect(html).not.toContain('gb-title');
    expect(html).not.toContain('gb-signature'); // no 落款 at the end of a 纪要
    expect(html).toContain('<b>出席：</b>副区长某某，区卫生健康局局长某某</p>');
    expect(html).toContain('<b>请假：</b>');
    expect(html).toContain('<h2 class="gb-h1">一、关于工作清单落实情况</h2>');
  });

  it('lets a title wrap only between words', () => {
    const html = officialDocHtml(NOTICE);
    const title = /<h1 class="gb-title">(.*?)<\/h1>/.exec(html)![1]!.split('<wbr>');
    expect(title.join('')).toBe(NOTICE.title);
    for (const word of ['季度', '卫生', '综合'])
      expect(
        title.some((w) => w.includes(word)),
        word,
      ).toBe(true);
    expect(OFFICIAL_DOC_CSS).toMatch(/\.gb-title \{[^}]*word-break: keep-all;/);
  });

  it('a plain page has no red head', () => {
    const html = officialDocHtml({ kind: 'plain', title: '签到表', blocks: [] });
    expect(html).toContain('<article class="gb-doc gb-plain"');
    expect(html).not.toContain('gb-rule');
    expect(html).not.toContain('gb-mark');
  });

  it('escapes every value that comes from data', () => {
    const evil = '<script>alert("x")</script>';
    const img = `<img src=x onerror='alert(1)'>&`;
    const html = officialDocHtml({
      kind: 'minutes',
      issuerMark: img,
      minutesNumber: 1,
      title: evil,
      subtitle: img,
      addressee: img,
      signer: img,
      date: '2026-11-22',
      blocks: [
        { type: 'h1', text: img },
        { type: 'h2', text: img },
        { type: 'h3', text: img },
        { type: 'p', text: img },
        { type: 'table', columns: [img], rows: [[img]] },
      ],
      attachments: [img],
      attendance: [{ label: img, names: img }],
      copyTo: img,
      printedBy: img,
      printedOn: '2026-11-22',
    }).replace(/<wbr>/g, ''); // the title's word breaks
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#39;)/);
    expect(html.match(/&lt;img src=x onerror=&#39;alert\(1\)&#39;&gt;&amp;/g)!.length).toBe(15);
  });

  it('rejects dates and tables it cannot print correctly', () => {
    expect(() => officialDocHtml({ ...NOTICE, date: '2026/11/22' })).toThrow(RangeError);
    const table = (t: Partial<Extract<OfficialBlock, { type: 'table' }>>): OfficialDoc => ({
      kind: 'plain',
      title: '表',
      blocks: [{ type: 'table', columns: ['甲', '乙'], rows: [], ...t }],
    });
    expect(() => officialDocHtml(table({ rows: [['1', '2', '3']] }))).toThrow(/多于 2 列/);
    expect(() => officialDocHtml(table({ widths: [1] }))).toThrow(/列宽数/);
    expect(() => officialDocHtml(table({ widths: [1, 0] }))).toThrow(/正数/);
  });

  it('comes with print CSS for A4 GB/T 9704 pages', () => {
    const css = OFFICIAL_DOC_CSS;
    expect(css).toContain('size: A4;');
    expect(css).toContain('margin: 37mm 26mm 35mm 28mm;');
    expect(css).toMatch(/@page gb-a4:right \{\s*@bottom-right \{\s*content: '— ' counter\(page\) ' —';/);
    expect(css).toMatch(/@page gb-a4:left \{\s*@bottom-left \{\s*content: '— ' counter\(page\) ' —';/);
    expect(css).toContain('--gb-line: 28.95pt;');
    expect(css).toContain('#d40000');
    for (const f of ['仿宋_GB2312', '方正小标宋简体', '黑体', '楷体_GB2312', '宋体'])
      expect(css).toContain(`'${f}'`);
    for (const f of ['Noto Serif SC', 'Noto Serif CJK SC', 'Noto Sans SC', 'Noto Sans CJK SC'])
      expect(css).toContain(`'${f}'`);
    expect(css).toContain('display: table-header-group');
  });
});

/** The parts of a .docx as text. */
function unzipDocx(buf: Buffer): Record<string, string> {
  const files = unzipSync(new Uint8Array(buf));
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]));
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The text of each paragraph of a WordprocessingML part, runs joined. */
function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) =>
    decode([...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')),
  );
}

describe('officialDocDocx', () => {
  it('writes the document with GB/T 9704 page, fonts, numbering and 版记', async () => {
    const parts = unzipDocx(await officialDocDocx(NOTICE));
    const doc = parts['word/document.xml']!;
    const texts = paragraphs(doc);
    for (const t of [
      '绍兴市越城区卫生健康局文件',
      '越卫健〔2026〕12号',
      '关于召开2026年第四季度医疗卫生行业综合监管联席会议的通知',
      '区级有关部门，各街道办事处：',
      '一、会议时间',
      '二、参会人员',
      '（一）出席人员',
      '（二）列席人员',
      '1.各成员单位联络员。',
      '2.各街道办事处分管负责人。',
      '三、有关要求',
      '（一）报送回执',
      '1.请于11月25日前报送参会回执。',
      '附件：1.参会回执',
      '2.会议议程',
      '绍兴市越城区卫生健康局',
      '2026年11月22日',
      '抄送：区委办，区政府办。',
      '绍兴市越城区卫生健康局办公室',
      '2026年11月22日印发',
      ...NOTICE.blocks.flatMap((b) => (b.type === 'p' ? [b.text] : [])),
    ])
      expect(texts, t).toContain(t);

    // A4 with 天头 37 mm, 订口 28 mm, right 26 mm, bottom 35 mm (1 mm = 56.7 twips).
    expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const margins = /<w:pgMar ([^>]*)\/>/.exec(doc)![1]!;
    expect(margins).toContain('w:top="2098"');
    expect(margins).toContain('w:left="1588"');
    expect(margins).toContain('w:right="1474"');
    expect(margins).toContain('w:bottom="1985"');

    // Red mark and the red rule under the 发文字号, 4 mm below its glyphs (7 pt below its line box; documents.spec measures it on LibreOffice's page).
    expect(doc).toMatch(/<w:color w:val="D40000"\/>[\s\S]*?<w:t[^>]*>绍兴市越城区卫生健康局文件</);
    expect(doc).toMatch(
      /<w:pBdr><w:bottom w:val="single" w:color="D40000" w:sz="18" w:space="7"\/><\/w:pBdr>/,
    );
    // The page break before 三、, and paragraphs indented by two characters (16 pt less the 0.3 pt tracking).
    expect(doc).toMatch(/<w:pageBreakBefore\/>[\s\S]*?三、有关要求/);
    expect(doc).toContain('<w:ind w:firstLine="628"/>');
    // Body runs carry the tracking themselves (LibreOffice ignores the defaults' w:spacing).
    expect(doc).toMatch(/<w:spacing w:val="-6"\/><\/w:rPr><w:t[^>]*>经研究/);

    // Fonts by name for Word/WPS; 3号 body, exact 28.95 pt lines in the defaults.
    for (const f of ['方正小标宋简体', '黑体', '楷体_GB2312']) expect(doc).toContain(`w:eastAsia="${f}"`);
    const styles = parts['word/styles.xml']!;
    expect(styles).toMatch(/<w:docDefaults>[\s\S]*w:eastAsia="仿宋_GB2312"[\s\S]*<\/w:docDefaults>/);
    expect(styles).toMatch(/<w:docDefaults>[\s\S]*<w:sz w:val="32"\/>[\s\S]*<\/w:docDefaults>/);
    expect(styles).toMatch(/<w:docDefaults>[\s\S]*<w:spacing [^>]*w:line="579" w:lineRule="exact"/);

    // The table's header row repeats on every page; body rows are at least 12 mm.
    const table = /<w:tbl>[\s\S]*?<\/w:tbl>/.exec(doc)![0];
    expect(table).toMatch(/<w:tr>\s*<w:trPr>(?:(?!<\/w:trPr>)[\s\S])*<w:tblHeader\/>[\s\S]*?序号/);
    expect(table).toContain('<w:trHeight w:val="680" w:hRule="atLeast"/>');
    expect(paragraphs(table)).toEqual([
      '序号',
      '单位',
      '姓名',
      '签名',
      '1',
      '区市场监管局',
      '',
      '',
      '2',
      '区医保分局',
      '',
      '',
    ]);
    // The 版记 floats at the foot of the text block, placed from the page's edge at the 订口 (28 mm = 1588 twips),
    // which LibreOffice floats too (documents.spec measures where it sets it).
    expect(doc).toMatch(/<w:tblpPr [^>]*w:tblpYSpec="bottom"/);
    expect(doc).toMatch(/<w:tblpPr [^>]*w:horzAnchor="page"/);
    expect(doc).toMatch(/<w:tblpPr [^>]*w:tblpX="1588"/);
  });

  it('names every face with its fallback in fontTable.xml and sets the 22-line document grid', async () => {
    const parts = unzipDocx(await officialDocDocx(NOTICE));
    const table = parts['word/fontTable.xml']!;
    const fonts = new Map(
      [...table.matchAll(/<w:font w:name="([^"]+)">([\s\S]*?)<\/w:font>/g)].map((m) => [m[1]!, m[2]!]),
    );
    for (const [face, alt] of [
      ['仿宋_GB2312', '仿宋'],
      ['楷体_GB2312', '楷体'],
      ['方正小标宋简体', '华文中宋'],
      ['黑体', 'SimHei'],
      ['宋体', 'SimSun'],
    ] as const) {
      const f = fonts.get(face);
      expect(f, face).toBeDefined();
      expect(f, face).toContain(`<w:altName w:val="${alt}"/>`);
      expect(f, face).toContain('<w:charset w:val="86"/>');
      expect(f, face).toMatch(/<w:panose1 w:val="[0-9A-F]{20}"\/>/);
    }
    // Every face a run names is in the table.
    const named = new Set(
      [
        ...Object.values(parts)
          .join('')
          .matchAll(/<w:rFonts [^>]*?w:eastAsia="([^"]+)"/g),
      ].map((m) => m[1]!),
    );
    for (const n of named) expect(fonts.has(n), n).toBe(true);
    // The grid: a line pitch of 579 twips (28.95 pt, 22 lines in 225 mm), typed.
    const grid = /<w:docGrid ([^>]*)\/>/.exec(parts['word/document.xml']!)![1]!;
    expect(grid).toContain('w:type="linesAndChars"');
    expect(grid).toContain('w:linePitch="579"');
    expect(Math.round((225 / 25.4) * 72 * 20) / 579).toBeCloseTo(22, 1);
    // …and 28 characters to the line: the pitch is 16 pt plus w:charSpace 4096ths of a point (ECMA-376 17.6.5).
    const charSpace = Number(/w:charSpace="(-?\d+)"/.exec(grid)![1]);
    expect(Math.floor(((156 / 25.4) * 72) / (16 + charSpace / 4096))).toBe(28);
    // The paragraphs do not snap to it (LibreOffice would give each 16 pt character two grid cells), and no
    // space is added between Chinese and Latin text, as on the printed page.
    expect(parts['word/styles.xml']).toMatch(
      /<w:pPrDefault><w:pPr><w:autoSpaceDE w:val="0"\/><w:autoSpaceDN w:val="0"\/><w:snapToGrid w:val="0"\/><w:spacing /,
    );
    // The 3号 size is the 正文 style's too.
    expect(parts['word/styles.xml']).toMatch(/w:styleId="Normal"[\s\S]*?<w:sz w:val="32"\/>/);
  });

  it('numbers pages "— N —" in footers, odd right and even left', async () => {
    const parts = unzipDocx(await officialDocDocx(NOTICE));
    expect(parts['word/settings.xml']).toContain('<w:evenAndOddHeaders/>');
    const doc = parts['word/document.xml']!;
    // Page 1 is numbered like every odd page: no separate first-page footer.
    expect(doc).not.toContain('<w:titlePg');
    const refs = [...doc.matchAll(/<w:footerReference w:type="(\w+)" r:id="(\w+)"\/>/g)];
    expect(refs.map((r) => r[1]).sort()).toEqual(['default', 'even']);
    const rels = parts['word/_rels/document.xml.rels']!;
    const footer = (type: string) => {
      const id = refs.find((r) => r[1] === type)![2]!;
      const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${id}"`).exec(
        rels,
      )!;
      return parts[`word/${target[1] ?? target[2]}`]!;
    };
    for (const [type, side] of [
      ['default', 'right'],
      ['even', 'left'],
    ] as const) {
      const xml = footer(type);
      expect(xml, type).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
      expect(xml, type).toContain('<w:fldChar w:fldCharType="begin"/>');
      expect(paragraphs(xml).join(''), type).toBe('—  —'); // "— " PAGE " —"
      expect(xml, type).toContain(`<w:jc w:val="${side}"/>`);
      expect(xml, type).toContain('w:eastAsia="宋体"');
      expect(xml, type).toContain('<w:sz w:val="28"/>');
    }
  });

  it('writes a 纪要 with its number, the office and date above the rule and the attendance lines', async () => {
    const parts = unzipDocx(await officialDocDocx(MINUTES));
    const doc = parts['word/document.xml']!;
    const texts = paragraphs(doc);
    expect(texts.slice(0, 3)).toEqual([
      '越城区医疗卫生行业综合监管联席会议纪要',
      '（第3号）',
      '越城区综合监管联席会议办公室2026年11月27日',
    ]);
    expect(texts).toContain('现将会议议定事项纪要如下：');
    expect(texts).toContain('一、关于工作清单落实情况');
    expect(texts).toContain('出席：副区长某某，区卫生健康局局长某某');
    expect(texts).toContain('请假：区综合行政执法局副局长某某（公务外出）');
    // The label in 黑体, the names in the body font.
    expect(doc).toMatch(/w:eastAsia="黑体"[\s\S]*?<w:t[^>]*>出席：<\/w:t>/);
    // The office left and the date at a right tab stop; the red rule is under this last line of the head.
    expect(doc).toMatch(
      /<w:tab w:val="right" w:pos="\d+"\/>[\s\S]*?办公室<\/w:t><w:tab\/><w:t[^>]*>2026年11月27日/,
    );
    expect(doc).toMatch(/<w:pBdr><w:bottom [^>]*w:color="D40000"[\s\S]*?2026年11月27日/);
  });

  it('escapes data in the XML', async () => {
    const parts = unzipDocx(await officialDocDocx({ kind: 'plain', title: '<w:p>&"', blocks: [] }));
    expect(parts['word/document.xml']).toContain('&lt;w:p&gt;&amp;');
    expect(paragraphs(parts['word/document.xml']!)).toContain('<w:p>&"');
  });

  const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!soffice)(
    soffice
      ? 'LibreOffice opens the DOCX and prints it on A4 pages'
      : 'LibreOffice opens the DOCX (skipped: LibreOffice `soffice` is not installed on this machine)',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'zj-docx-'));
      try {
        writeFileSync(join(dir, 'notice.docx'), await officialDocDocx(NOTICE));
        const r = spawnSync(
          'soffice',
          [
            `-env:UserInstallation=file://${dir}/profile`,
            '--headless',
            '--convert-to',
            'pdf',
            '--outdir',
            dir,
            join(dir, 'notice.docx'),
          ],
          { encoding: 'utf8', timeout: 90_000 },
        );
        expect(r.status, r.stderr).toBe(0);
        const pdf = join(dir, 'notice.pdf');
        expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
        const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
        expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts/);
        const text = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
        for (const s of [
          '越卫健〔2026〕12号',
          '一、会议时间',
          '（二）列席人员',
          '抄送：区委办，区政府办。',
          '—1—',
          '—2—',
        ])
          expect(text, s).toContain(s);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});

/** A table whose narrow first column holds long names: they must wrap between words only. */
const NAMES: OfficialDoc = {
  kind: 'plain',
  title: '检查对象名单',
  blocks: [
    {
      type: 'table',
      columns: ['检查对象', '检查结果'],
      widths: [70, 86],
      rows: [
        ['绍兴市越城区卫生健康局综合监督行政执法队', '合格'],
        ['越城区皋埠街道社区卫生服务中心 52330602MA2D01WTM4', '责令整改'],
      ],
    },
  ],
};

describe('table cells in Word', () => {
  const ends = (text: string) =>
    new Set(breakUnits(text).map((_, k, us) => us.slice(0, k + 1).join('').length));
  /** The lines of each cell (runs split at w:br) of the first table. */
  const cellLines = (xml: string) =>
    [.../<w:tbl>[\s\S]*?<\/w:tbl>/.exec(xml)![0].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) =>
      c[1]!
        .split('<w:br/>')
        .map((part) =>
          decode([...part.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')),
        ),
    );

  it('carries the printed lines, each ending between words, and reads as the whole text', async () => {
    const xml = unzipDocx(await officialDocDocx(NAMES))['word/document.xml']!;
    const cells = cellLines(xml);
    const long = cells.filter((c) => c.length > 1);
    expect(long.length).toBeGreaterThanOrEqual(2);
    for (const lines of long) {
      const text = lines.join('');
      let at = 0;
      for (const line of lines.slice(0, -1)) {
        at += line.length;
        expect(ends(text).has(at), `${line}|${text}`).toBe(true);
      }
    }
    expect(cells.map((c) => c.join(''))).toContain('绍兴市越城区卫生健康局综合监督行政执法队');
    expect(cells.map((c) => c.join(''))).toContain('越城区皋埠街道社区卫生服务中心 52330602MA2D01WTM4');
    // The code stays whole on a line of its own.
    expect(cells.flat()).toContain('52330602MA2D01WTM4');
  });

  const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!soffice)(
    soffice
      ? 'LibreOffice sets each of those lines whole'
      : 'LibreOffice sets the cell lines (skipped: LibreOffice `soffice` is not installed on this machine)',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'zj-cells-'));
      try {
        const docx = await officialDocDocx(NAMES);
        writeFileSync(join(dir, 'names.docx'), docx);
        const r = spawnSync(
          'soffice',
          [
            `-env:UserInstallation=file://${dir}/profile`,
            '--headless',
            '--convert-to',
            'pdf',
            '--outdir',
            dir,
            join(dir, 'names.docx'),
          ],
          { encoding: 'utf8', timeout: 90_000 },
        );
        expect(r.status, r.stderr).toBe(0);
        const lines = spawnSync('pdftotext', ['-layout', join(dir, 'names.pdf'), '-'], { encoding: 'utf8' })
          .stdout.split('\n')
          .map((l) =>
            l
              .trim()
              .split(/\s{2,}/)[0]!
              .replace(/\s+/g, ''),
          );
        for (const line of cellLines(unzipDocx(docx)['word/document.xml']!)
          .filter((c) => c.length > 1)
          .flatMap((c) => c.map((l) => l.replace(/\s+/g, ''))))
          expect(lines, line).toContain(line);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});

/** A 上行文 with its 签发人, and a notice whose 回执 is an 附件 after the 落款. */
const UPWARD: OfficialDoc = {
  kind: 'document',
  issuerMark: '绍兴市越城区卫生健康局文件',
  docNumber: '越卫健〔2026〕15号',
  issuedBy: '李明',
  title: '关于2026年第三季度医疗卫生行业综合监管工作情况的报告',
  addressee: '市卫生健康委',
  blocks: [{ type: 'p', text: '现将本季度工作情况报告如下。' }],
  signer: '绍兴市越城区卫生健康局',
  date: '2026-10-10',
};
const WITH_ANNEX: OfficialDoc = {
  ...NOTICE,
  blocks: NOTICE.blocks.filter((b) => b.type !== 'table' && b.type !== 'pagebreak'),
  attachments: ['参会回执'],
  annexes: [
    {
      title: '第四季度联席会议参会回执',
      blocks: [{ type: 'table', columns: ['单位', '姓名'], rows: [['区市场监管局', '']] }],
    },
  ],
};

describe('titles, 上行文 and 附件', () => {
  it('splits a title into balanced lines between words, as the printed page does', () => {
    const title = NOTICE.title;
    const lines = titleLines(title);
    expect(lines).toHaveLength(2);
    expect(lines.join('')).toBe(title);
    // Every break falls where a word ends.
    const ends = new Set<number>();
    let at = 0;
    for (const w of titleWords(title)) ends.add((at += w.length));
    expect(ends.has(lines[0]!.length)).toBe(true);
    for (const l of lines) expect(textWidthEm(l)).toBeLessThanOrEqual(TITLE_LINE_EM);
    // Balanced: the lines differ by less than a word or two, not a full line and a stub.
    expect(Math.abs(textWidthEm(lines[0]!) - textWidthEm(lines[1]!))).toBeLessThanOrEqual(4);
    expect(titleLines('不良执业行为记分通知书')).toEqual(['不良执业行为记分通知书']);
  });

  it('prints the 发文字号 left and 签发人 right on one line in HTML and Word', async () => {
    const html = officialDocHtml(UPWARD);
    expect(html).toContain(
      '<p class="gb-docnum gb-docnum-up"><span>越卫健〔2026〕15号</span><span>签发人：<span class="gb-issued-by">李明</span></span></p>',
    );
    expect(OFFICIAL_DOC_CSS).toMatch(/\.gb-issued-by \{\s*font-family: var\(--gb-kaiti\)/);
    // Without issuedBy the number stays centred.
    expect(officialDocHtml(NOTICE)).toContain('<p class="gb-docnum">越卫健〔2026〕12号</p>');

    const doc = unzipDocx(await officialDocDocx(UPWARD))['word/document.xml']!;
    const para = [...doc.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
      .map((m) => m[0])
      .find((p) => p.includes('签发人'))!;
    expect(paragraphs(para)[0]).toBe('越卫健〔2026〕15号签发人：李明');
    expect(para).toContain('<w:tab/>');
    expect(para).toMatch(/<w:tab w:val="right"/);
    expect(para).toMatch(/<w:rFonts[^>]*w:eastAsia="楷体_GB2312"[^>]*\/>(?:(?!<w:r>)[\s\S])*李明/);
    expect(para).toContain('w:val="single"'); // the red rule under it
    // The Word title breaks where the printed one does.
    const [first, second] = titleLines(UPWARD.title);
    expect(`${first}${second}`).toBe(UPWARD.title);
    expect(doc).toContain(`${first}</w:t>`);
    expect(doc).toMatch(new RegExp(`${first}</w:t>[\\s\\S]*?<w:br/>[\\s\\S]*?${second}`));
  });

  it('puts each 附件 on a new page after the 落款, headed 附件, with the 版记 after it', async () => {
    const html = officialDocHtml(WITH_ANNEX).replace(/<wbr>/g, '');
    const order = [
      '附件：参会回执',
      'class="gb-signature"',
      '<div class="gb-pagebreak"></div>',
      '<p class="gb-annex-label">附件</p>',
      '第四季度联席会议参会回执</h1>',
      '区市场监管局',
      'class="gb-imprint"',
    ].map((t) => html.indexOf(t));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const two = officialDocHtml({
      ...WITH_ANNEX,
      annexes: [WITH_ANNEX.annexes![0]!, { title: '会议议程', blocks: [{ type: 'p', text: '议程。' }] }],
    });
    expect(two).toContain('<p class="gb-annex-label">附件1</p>');
    expect(two).toContain('<p class="gb-annex-label">附件2</p>');

    const xml = unzipDocx(await officialDocDocx(WITH_ANNEX))['word/document.xml']!;
    const texts = paragraphs(xml);
    const i = texts.indexOf('附件');
    expect(i).toBeGreaterThan(texts.indexOf('2026年11月22日'));
    expect(texts[i + 1]).toBe('第四季度联席会议参会回执');
    const label = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
      .map((m) => m[0])
      .find((p) => paragraphs(p)[0] === '附件')!;
    expect(label).toContain('<w:pageBreakBefore/>');
    expect(label).toContain('w:eastAsia="黑体"');
    expect(texts.indexOf('抄送：区委办，区政府办。')).toBeGreaterThan(texts.indexOf('区市场监管局'));
  });

  it('writes several documents into one Word file, each from a new page', async () => {
    const xml = unzipDocx(await officialDocDocx([NOTICE, { kind: 'plain', title: '送达回证', blocks: [] }]))[
      'word/document.xml'
    ]!;
    const paras = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => m[0]);
    const second = paras.find((p) => paragraphs(p)[0] === '送达回证')!;
    expect(second).toContain('<w:pageBreakBefore/>');
    // The first document's 版记 stays with it: it comes before the second document.
    expect(xml.indexOf('抄送：')).toBeLessThan(xml.indexOf('送达回证'));
  });
});

describe('table cells in print', () => {
  it('hold a date whole (Chromium breaks after its hyphens) but let a hash longer than a column wrap', () => {
    const hash = 'd451783fdd44c09500a85dfb88c7ad3660c23004dd426466';
    const html = officialDocHtml({
      kind: 'plain',
      title: '信用报告',
      blocks: [
        {
          type: 'table',
          columns: ['内容', '备注'],
          rows: [[`公示期限：2026-10-13 至 2027-10-13。`, hash]],
        },
      ],
    });
    expect(html).toContain('<span class="gb-nobr">2026-10-13</span>');
    expect(html).toContain('<span class="gb-nobr">2027-10-13。</span>');
    expect(html).not.toContain(`<span class="gb-nobr">${hash}`);
    expect(OFFICIAL_DOC_CSS).toMatch(/\.gb-table \.gb-nobr \{\s*white-space: nowrap;/);
  });
});
