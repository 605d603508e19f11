// The OFD layout (shared/ofd/layout.ts) follows the print layout's rules for what this branch added: a 上行文's
// 发文字号 and 签发人 on one line 空一字 from each edge, titles and table cells broken only between words, each 附件
// on a new page after the 落款 (label on the first line, title on the third), and the 版记 at the foot of the
// last page. Measured on the laid-out glyph positions, in the fonts the OFD embeds.
import { describe, expect, it } from 'vitest';
import { officialDocPages } from '../../db/core/ofd';
import { ofdFonts } from '../../db/core/ofd/fonts';
import { tableCellLines, type OfdPageLayout } from '../../shared/ofd/layout';
import { publicityDoc } from '../../shared/print/selfcheck';
import { GB_PAGE, titleWords, type OfficialDoc } from '../../shared/print/official';

const PT = 25.4 / 72;
const LINE = GB_PAGE.lineHeightPt * PT;
const TOP = GB_PAGE.marginTopMm;
const BOTTOM = TOP + GB_PAGE.textHeightMm;

const base: OfficialDoc = {
  kind: 'document',
  issuerMark: '绍兴市越城区卫生健康局文件',
  docNumber: '越卫健〔2026〕15号',
  title: '关于召开2026年第四季度医疗卫生行业综合监管联席会议的通知',
  addressee: '区级有关部门',
  blocks: [{ type: 'p', text: '经研究，决定召开第四季度联席会议。' }],
  attachments: ['第四季度联席会议参会回执'],
  annexes: [
    {
      title: '第四季度联席会议参会回执',
      blocks: [
        {
          type: 'table',
          columns: ['单位', '姓名'],
          widths: [1, 4],
          rows: [['绍兴市越城区人力资源和社会保障局', '']],
        },
      ],
    },
  ],
  signer: '绍兴市越城区卫生健康局',
  date: '2026-11-22',
  copyTo: '区委办',
  printedBy: '绍兴市越城区卫生健康局办公室',
  printedOn: '2026-11-22',
};

const lines = (page: OfdPageLayout) => {
  const byY = new Map<number, { x: number; text: string; end: number }[]>();
  for (const t of page.texts) {
    const y = Math.round(t.y * 10) / 10;
    const end = t.x + t.deltaX.reduce((a, b) => a + b, 0) + t.sizeMm;
    byY.set(y, [...(byY.get(y) ?? []), { x: t.x, text: t.text, end }]);
  }
  return [...byY.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([y, ts]) => ({
      y,
      x: Math.min(...ts.map((t) => t.x)),
      end: Math.max(...ts.map((t) => t.end)),
      text: ts
        .sort((a, b) => a.x - b.x)
        .map((t) => t.text)
        .join(''),
    }));
};

describe('OFD layout of 上行文, titles and 附件', () => {
  it('puts the 发文字号 left and 签发人 right on one line', () => {
    const [p1] = officialDocPages([{ ...base, issuedBy: '李明' }]);
    const line = lines(p1!).find((l) => l.text.includes('签发人'))!;
    expect(line.text).toBe('越卫健〔2026〕15号签发人：李明');
    const oneChar = (GB_PAGE.bodyPt - 0.21) * PT;
    expect(Math.abs(line.x - (GB_PAGE.marginLeftMm + oneChar))).toBeLessThan(0.3);
    expect(Math.abs(line.end - (GB_PAGE.marginLeftMm + GB_PAGE.textWidthMm - oneChar))).toBeLessThan(0.5);
  });

  it('breaks the title and table cells only between words', () => {
    const pages = officialDocPages([base]);
    const title = lines(pages[0]!).filter((l) => base.title.includes(l.text) && l.text.length > 4);
    expect(title.map((l) => l.text).join('')).toBe(base.title);
    const ends = new Set<number>();
    let at = 0;
    for (const w of titleWords(base.title)) ends.add((at += w.length));
    expect(ends.has(title[0]!.text.length)).toBe(true);
    const cellLines = lines(pages.at(-1)!).filter(
      (l) => '绍兴市越城区人力资源和社会保障局'.includes(l.text) && l.text.length > 1,
    );
    expect(cellLines.length).toBeGreaterThan(1);
    let cell = 0;
    const cellEnds = new Set<number>();
    for (const w of titleWords('绍兴市越城区人力资源和社会保障局')) cellEnds.add((cell += w.length));
    expect(cellEnds.has(cellLines[0]!.text.length), cellLines[0]!.text).toBe(true);
  });

  it('puts the 附件 on a new page after the 落款, and the 版记 at the foot of the last page', () => {
    const pages = officialDocPages([base]);
    expect(pages).toHaveLength(2);
    const first = lines(pages[0]!).map((l) => l.text);
    expect(first.indexOf('附件：第四季度联席会议参会回执')).toBeLessThan(first.indexOf('2026年11月22日'));
    const annex = lines(pages[1]!);
    expect(annex[0]!.text).toBe('附件');
    expect(annex[0]!.y - TOP).toBeLessThan(LINE);
    expect(annex[1]!.text).toBe('第四季度联席会议参会回执');
    expect(annex[1]!.y - TOP).toBeGreaterThan(2 * LINE);
    expect(annex[1]!.y - TOP).toBeLessThan(3 * LINE);
    // The 版记's last rule on the bottom edge of the text block.
    const lastRule = pages[1]!.rules.reduce((a, r) => (r.y1 > a.y1 ? r : a));
    expect(Math.abs(lastRule.y1 + lastRule.widthMm / 2 - BOTTOM)).toBeLessThan(0.5);
    expect(annex.at(-2)!.text).toContain('印发'); // the last line is the page number
  });
});

describe('OFD layout paginated as Chromium prints', () => {
  const plain = (blocks: OfficialDoc['blocks']): OfficialDoc => ({ kind: 'plain', title: '', blocks });
  const hRules = (page: OfdPageLayout) =>
    page.rules.filter((r) => r.y1 === r.y2 && r.x2 - r.x1 > 100).map((r) => r.y1);

  it('holds half of a collapsed table border above and below the table, on every page it runs onto', () => {
    const rows = Array.from({ length: 40 }, (_, i) => [`第${i + 1}行`, '内容']);
    const pages = officialDocPages([plain([{ type: 'table', columns: ['序号', '内容'], rows }])]);
    expect(pages.length).toBeGreaterThan(1);
    const half = 25.4 / 96 / 2;
    // Each page's table (its repeated head first) starts half a 1 px rule below the top of the text block.
    for (const p of pages) expect(Math.min(...hRules(p))).toBeCloseTo(TOP + half, 3);
  });

  it("sets a compact table's rows in Chromium's layout units: a 4号 line of 20.531 px, 0.75 px padding", () => {
    // Measured on the printed 自查结果公示 (then at 1.25 lines and 0.4 mm): three-line rows 74 px apart, where
    // exact figures gave 74.02; over a page of rows the difference decided whether its last row fitted.
    const rows = [
      ['1', '一行'],
      ['2', '两行两行两行两行两行两行两行两行两行两行两行两行两行两行两行两行两行两行'],
    ];
    const pages = officialDocPages([
      plain([{ type: 'table', columns: ['序号', '内容'], widths: [1, 3], compact: true, rows }]),
    ]);
    const ys = [...new Set(hRules(pages[0]!))].sort((a, b) => a - b);
    const px = 25.4 / 96;
    const heights = ys.slice(1).map((y, i) => (y - ys[i]!) / px);
    expect(heights.slice(1)).toHaveLength(2);
    expect(heights[1]).toBeCloseTo(1314 / 64 + 2.5, 3); // one line, 2 × 0.75 px padding, 1 px of rules
    expect(heights[2]).toBeCloseTo((2 * 1314) / 64 + 2.5, 3);
  });

  it('keeps a heading with only as much of what follows as there is (a one-line paragraph)', () => {
    // Twenty lines, then a heading and a one-line paragraph on the last two lines of the page: both fit.
    const fill = Array.from({ length: 20 }, () => ({ type: 'p' as const, text: '正文。' }));
    const pages = officialDocPages([
      plain([...fill, { type: 'h1', text: '主要做法' }, { type: 'p', text: '（本节未填写）' }]),
    ]);
    expect(pages).toHaveLength(1);
    const text = lines(pages[0]!).map((l) => l.text);
    expect(text).toContain('一、主要做法');
    expect(text).toContain('（本节未填写）');
    expect(lines(pages[0]!).at(-2)!.y).toBeLessThan(BOTTOM);
  });

  it('sets closing punctuation full width: it wraps with its word rather than squeeze into the line', () => {
    // A cell 14.5 characters of 4号 wide and 14 characters and a full stop: half a stop would fit, but Chromium
    // never squeezes it (text-spacing-trim: space-all), so the stop goes down with the character before it.
    const cellMm = 14.5 * GB_PAGE.imprintPt * PT + 3 + 25.4 / 96;
    const text = `${'一二三四五六七八九十'.repeat(2).slice(0, 13)}四。`;
    const pages = officialDocPages([
      plain([
        { type: 'table', columns: ['内容', '备注'], widths: [cellMm, 156 - cellMm], rows: [[text, '']] },
      ]),
    ]);
    const ls = lines(pages[0]!).filter((l) => l.y < BOTTOM && l.text !== '内容备注');
    expect(ls).toHaveLength(2);
    expect(ls[0]!.text + ls[1]!.text).toBe(text);
    expect(ls[1]!.text.endsWith('四。')).toBe(true);
  });
});

describe('自查结果公示 table', () => {
  it('holds each 自查日期 on one line and breaks heads and names only between words', () => {
    const doc = publicityDoc({
      year: 2026,
      asOf: '2026-11-22',
      officeName: '绍兴市越城区卫生健康局',
      rows: [
        {
          no: 128,
          institutionName: '绍兴伊美尔医疗美容诊所',
          uscc: '',
          periodLabel: '专项自查（医疗美容和口腔诊疗专项自查）',
          submittedOn: '2026-03-17',
          found: 12,
          fixed: 10,
          open: 2,
          rectifyDue: null,
        },
      ],
    });
    const table = doc.blocks.find((b) => b.type === 'table');
    if (table?.type !== 'table') throw new Error('no table');
    const lines = tableCellLines(table, ofdFonts());
    const row = lines.rows[0]!;
    expect(row[0]).toEqual(['128']);
    expect(row[3]).toEqual(['2026-03-17']);
    for (const cell of [...row, ...lines.head])
      for (const l of cell) expect(l.length, JSON.stringify(cell)).toBeGreaterThan(0);
    // 序号 and the counts' heads in two characters a line at least: 发现/问题, 已整/改.
    expect(lines.head[4]).toEqual(['发现', '问题']);
    expect(lines.head[0]).toEqual(['序号']);
  });
});
