// Official documents in the format of GB/T 9704-2012 (党政机关公文格式): 红头文件, 会议纪要 and plain pages such as
// agendas, 签到表 and reports. This module holds the document model, the layout rules both renderers share
// (numbering, 落款 placement, the size of the red mark) and the HTML renderer with its print CSS. The DOCX
// renderer (db/core/official-docx.ts) uses the same rules. Pure: no DOM and no Node APIs.
import { chineseDate, esc } from './html';

/** A piece of the body. Headings are given without their numbers: the renderers number them. */
export type OfficialBlock =
  | { type: 'h1'; text: string } // 一、 黑体
  | { type: 'h2'; text: string } // （一） 楷体
  | { type: 'h3'; text: string } // 1. 仿宋 bold
  | { type: 'p'; text: string } // paragraph, first line indented two characters
  | {
      type: 'table';
      columns: string[];
      /** Rows may be shorter than `columns` (missing cells are blank); never longer. */
      rows: string[][];
      /** Relative column widths (e.g. [1, 4, 2]); equal widths when left out. */
      widths?: number[];
      /** Minimum height of the body rows, e.g. room for a signature in a 签到表. */
      rowHeightMm?: number;
      /** Tighter rows (line height and padding), for a summary that must keep to one sheet. */
      compact?: boolean;
    }
  | { type: 'pagebreak' };

/** An 附件 printed with the document, on pages of its own. */
export interface OfficialAnnex {
  title: string;
  blocks: OfficialBlock[];
}

export interface OfficialDoc {
  /** 'document' = 红头文件 (发文机关标志 + 发文字号); 'minutes' = 纪要 (mark + （第N号）); 'plain' = title only. */
  kind: 'document' | 'minutes' | 'plain';
  /** 发文机关标志 (e.g. 绍兴市越城区卫生健康局文件) or the 纪要 mark (e.g. ……联席会议纪要). */
  issuerMark?: string;
  /** 发文字号, e.g. 越卫健〔2026〕12号 (documents). */
  docNumber?: string;
  /**
   * 签发人 of a 上行文 (GB/T 9704 7.2.4): when given (even empty, for a draft not yet signed), the 发文字号 goes
   * left 空一字 and "签发人：" with the name right 空一字 on the same line, instead of the 发文字号 centred.
   */
  issuedBy?: string;
  /** 纪要 number, printed as （第N号）. */
  minutesNumber?: number;
  /** The title; may be empty for a 纪要 whose mark says it all. */
  title: string;
  subtitle?: string;
  /** 主送机关; a full-width colon is added when missing. */
  addressee?: string;
  blocks: OfficialBlock[];
  /** 附件说明: names of the attachments, without numbers or final punctuation. */
  attachments?: string[];
  /**
   * 附件 printed after the 落款 and date (GB/T 9704 7.5), each on a new page headed 附件 (or 附件1, 附件2…) with
   * its title centred; the 版记 follows the last of them. Name them in `attachments` too (the 附件说明).
   */
  annexes?: OfficialAnnex[];
  /** 落款 (issuing office). For minutes it is printed above the red rule, left, with the date on the right. */
  signer?: string;
  /** 成文日期, ISO yyyy-mm-dd; printed as 2026年11月22日. */
  date?: string;
  /** 出席 / 列席 / 请假 lines of a 纪要, after the body. */
  attendance?: { label: '出席' | '列席' | '请假' | string; names: string }[];
  /** 版记: 抄送机关 (a final 。 is added when missing), 印发机关 and 印发日期 (ISO). */
  copyTo?: string;
  printedBy?: string;
  printedOn?: string;
}

/** Page geometry of GB/T 9704-2012 (A4, 版心 156 × 225 mm, 22 lines of 28 characters in 3号). */
export const GB_PAGE = {
  widthMm: 210,
  heightMm: 297,
  marginTopMm: 37, // 天头
  marginLeftMm: 28, // 订口
  marginRightMm: 26,
  marginBottomMm: 35,
  textWidthMm: 156,
  textHeightMm: 225,
  /** 225 mm / 22 lines, as Word's exact line spacing writes it (579 twentieths of a point). */
  lineHeightPt: 28.95,
  bodyPt: 16, // 3号
  titlePt: 22, // 2号
  imprintPt: 14, // 4号: 版记 and page numbers
  /** Page numbers: 一字线 7 mm below the text block. */
  pageNumberGapMm: 7,
  /** 发文机关标志 / 纪要 mark: its top 35 mm below the top of the text block. */
  markTopMm: 35,
  /** The red rule 4 mm below the 发文字号. */
  ruleGapMm: 4,
  red: '#d40000',
} as const;

/** Font families, best first. The DOCX writer names the first; the CSS lists them all plus fallbacks. */
export const GB_FONTS = {
  fangsong: ['仿宋_GB2312', 'FangSong_GB2312', '仿宋', 'FangSong', 'STFangsong'],
  xiaobiaosong: ['方正小标宋简体', 'FZXiaoBiaoSong-B05S', '方正小标宋_GBK'],
  heiti: ['黑体', 'SimHei', 'STHeiti'],
  kaiti: ['楷体_GB2312', 'KaiTi_GB2312', '楷体', 'KaiTi', 'STKaiti'],
  songti: ['宋体', 'SimSun', 'STSong'],
} as const;

const DIGITS = '零一二三四五六七八九';
const UNITS = ['', '十', '百', '千'];

/** 1 → 一, 10 → 十, 11 → 十一, 21 → 二十一, 101 → 一百零一 (1 … 9999), for 一、 and （一） numbering. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 9999) throw new RangeError(`无法用汉字编号：${n}`);
  const digits = String(n).split('').map(Number);
  let out = '';
  let pendingZero = false;
  digits.forEach((d, i) => {
    if (d === 0) {
      pendingZero = out !== '';
      return;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    out += DIGITS[d]! + UNITS[digits.length - 1 - i]!;
  });
  // 十一 rather than 一十一 when the number starts with the tens.
  return n >= 10 && n < 20 ? out.slice(1) : out;
}

export type NumberedBlock = OfficialBlock & { number?: string };

/**
 * Numbers the headings: h1 一、二、…; h2 （一）（二）… restarting under each h1; h3 1. 2. … restarting under
 * each h1 and h2.
 */
export function numberBlocks(blocks: readonly OfficialBlock[]): NumberedBlock[] {
  let h1 = 0;
  let h2 = 0;
  let h3 = 0;
  return blocks.map((b) => {
    if (b.type === 'h1') {
      h1 += 1;
      h2 = 0;
      h3 = 0;
      return { ...b, number: `${chineseNumber(h1)}、` };
    }
    if (b.type === 'h2') {
      h2 += 1;
      h3 = 0;
      return { ...b, number: `（${chineseNumber(h2)}）` };
    }
    if (b.type === 'h3') {
      h3 += 1;
      return { ...b, number: `${h3}.` };
    }
    return { ...b };
  });
}

/** An ISO date as 成文日期 / 印发日期 (2026年11月22日); anything else is a programming error. */
export function officialDate(iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new RangeError(`日期格式应为 yyyy-mm-dd：${iso}`);
  return chineseDate(iso);
}

/**
 * Width of a line in em of its font: CJK and full-width characters take one, ASCII (the half-width digits of a
 * date) half. Used where the standard places text by characters (落款, hanging indents).
 */
export function textWidthEm(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.codePointAt(0)! < 0x80 ? 0.5 : 1;
  return w;
}

/**
 * 落款 without a seal (GB/T 9704 7.3.5.2): the signer 右空二字; the date on the next line starts two characters
 * to the right of the signer's first character; when the date is the longer, the signer is placed by the date
 * instead. Returns each line's distance from the right edge of the text block, in em.
 */
export function signatureLayout(
  signer: string | undefined,
  date: string | undefined,
): {
  signerRightEm: number;
  dateRightEm: number;
} {
  const s = signer ? textWidthEm(signer) : 0;
  const d = date ? textWidthEm(date) : 0;
  if (!signer || !date) return { signerRightEm: 2, dateRightEm: 2 };
  if (d + 2 <= s) return { signerRightEm: 2, dateRightEm: 2 + s - 2 - d };
  const width = Math.max(d, s + 2);
  return { signerRightEm: 2 + width - 2 - s, dateRightEm: 2 + width - d };
}

/**
 * The red 发文机关标志 / 纪要 mark: 小标宋 at up to 42 pt, squeezed horizontally (as print shops set long marks)
 * so that it fits the 156 mm text block; below 60 % it gets smaller instead.
 */
export function markFit(text: string): { sizePt: number; scale: number } {
  const available = (GB_PAGE.textWidthMm / 25.4) * 72 * 0.98; // text block in pt, with a little room
  const maxPt = 42;
  const minScale = 0.6;
  const natural = textWidthEm(text) * maxPt;
  if (natural <= available) return { sizePt: maxPt, scale: 1 };
  const scale = available / natural;
  if (scale >= minScale) return { sizePt: maxPt, scale: round2(scale) };
  return { sizePt: round2((maxPt * scale) / minScale), scale: minScale };
}

function round2(n: number): number {
  return Math.floor(n * 100) / 100;
}

/** 主送机关 ends with a full-width colon. */
export function addresseeText(addressee: string): string {
  return /[:：]$/.test(addressee) ? addressee.replace(/:$/, '：') : `${addressee}：`;
}

/** 抄送 line: the last office is followed by 。 */
export function copyToText(copyTo: string): string {
  return `抄送：${/[。.]$/.test(copyTo) ? copyTo.replace(/\.$/, '。') : `${copyTo}。`}`;
}

/**
 * 附件说明 (GB/T 9704 7.3.4): 左空二字 "附件：" and the name, or "附件：1.name" then "2.name" under "1." for
 * several. `hangEm` is how far a wrapped line starts right of the label's first character: under the name.
 */
export function attachmentLines(
  attachments: readonly string[],
): { text: string; indentEm: number; hangEm: number }[] {
  const label = '附件：';
  if (attachments.length === 1) return [{ text: `${label}${attachments[0]!}`, indentEm: 0, hangEm: 3 }];
  return attachments.map((a, i) => {
    const no = `${i + 1}.`; // as the standard's example "附件：1.××××": half-width, no space
    return {
      text: `${i === 0 ? label : ''}${no}${a}`,
      indentEm: i === 0 ? 0 : 3,
      hangEm: 3 + textWidthEm(no),
    };
  });
}

/** 附件 / 附件1, 附件2… (GB/T 9704 7.5: 3号黑体, 顶格 on the first line of the annex's first page). */
export function annexLabel(index: number, count: number): string {
  return count > 1 ? `附件${index + 1}` : '附件';
}

/** 签发人：name (the label in 仿宋, the name in 楷体). */
export const ISSUED_BY_LABEL = '签发人：';

/** （第3号） */
export function minutesNumberText(n: number): string {
  return `（第${n}号）`;
}

/** Table columns as fractions of the text block (equal when no widths are given). */
export function tableColumnFractions(columns: readonly string[], widths?: readonly number[]): number[] {
  if (columns.length === 0) throw new RangeError('表格至少需要一列');
  if (widths && widths.length !== columns.length)
    throw new RangeError(`表格列宽数（${widths.length}）与列数（${columns.length}）不一致`);
  const ws = widths ? widths.map(Number) : columns.map(() => 1);
  if (ws.some((w) => !Number.isFinite(w) || w <= 0)) throw new RangeError('表格列宽必须为正数');
  const sum = ws.reduce((a, b) => a + b, 0);
  return ws.map((w) => w / sum);
}

/** The minimum height of a table's body rows in mm, or undefined for rows as high as their text. */
export function tableRowHeightMm(b: { rowHeightMm?: number }): number | undefined {
  const mm = Number(b.rowHeightMm);
  return Number.isFinite(mm) && mm > 0 ? mm : undefined;
}

/** A row padded with blank cells to the number of columns; longer rows are a programming error. */
export function tableRowCells(columns: readonly string[], row: readonly string[]): string[] {
  if (row.length > columns.length)
    throw new RangeError(`表格行有 ${row.length} 格，多于 ${columns.length} 列`);
  return [...row, ...Array<string>(columns.length - row.length).fill('')];
}

// ---------------------------------------------------------------------------------------------------------------
// HTML

/** A CSS font-family list, every name quoted. */
function cssFamilies(names: readonly string[], ...fallbacks: string[]): string {
  return [...names.map((n) => `'${n}'`), ...fallbacks].join(', ');
}

/**
 * Where the ink of a line sits in its box, in em of its font (Noto Serif SC and the 仿宋/小标宋 faces draw CJK
 * within the same ideographic box): measured on pages printed by Chromium, so that the positions GB/T 9704 gives
 * for glyphs (not line boxes) come out on paper.
 */
export const MARK_GLYPH_TOP_EM = 0.155; // the 发文机关标志's glyph tops below its line box (line-height 1.2)
export const BODY_GLYPH_BOTTOM_EM = -0.025; // the 发文字号's glyph bottoms below the middle em box of its line
export const DASH_TOP_EM = 0.655; // the 一字线's top below the top of the page-number box (line-height 1)

const NOTO_SERIF = ["'Noto Serif SC'", "'Noto Serif CJK SC'", "'Source Han Serif SC'"];
const NOTO_SANS = ["'Noto Sans SC'", "'Noto Sans CJK SC'", "'Source Han Sans SC'"];

/**
 * Print CSS for officialDocHtml. The pages are a named page (`gb-a4`) so that these rules win over any other
 * @page rules of the page they are injected into. 小标宋 is a display face drawn bold; where it is missing the
 * title falls back to Noto Serif in bold, so the 小标宋 faces are declared as the bold of a family of their own.
 */
export const OFFICIAL_DOC_CSS = `
@font-face {
  font-family: 'GB XiaoBiaoSong';
  src: ${GB_FONTS.xiaobiaosong.map((n) => `local('${n}')`).join(', ')};
  font-weight: 700;
}
@page gb-a4 {
  size: A4;
  margin: ${GB_PAGE.marginTopMm}mm ${GB_PAGE.marginRightMm}mm ${GB_PAGE.marginBottomMm}mm ${GB_PAGE.marginLeftMm}mm;
}
/* Page numbers "— N —" in 4号 半角宋体, 7 mm below the text block: odd pages right, even pages left, 空一字. */
@page gb-a4:right {
  @bottom-right {
    content: '— ' counter(page) ' —';
    font-family: ${cssFamilies(GB_FONTS.songti, ...NOTO_SERIF, 'serif')};
    font-size: ${GB_PAGE.imprintPt}pt;
    font-weight: 400;
    color: #000;
    text-align: right;
    vertical-align: top;
    line-height: 1;
    padding: calc(${GB_PAGE.pageNumberGapMm}mm - ${DASH_TOP_EM}em) 1em 0 0;
  }
  @bottom-left {
    content: none;
  }
}
@page gb-a4:left {
  @bottom-left {
    content: '— ' counter(page) ' —';
    font-family: ${cssFamilies(GB_FONTS.songti, ...NOTO_SERIF, 'serif')};
    font-size: ${GB_PAGE.imprintPt}pt;
    font-weight: 400;
    color: #000;
    text-align: left;
    vertical-align: top;
    line-height: 1;
    padding: calc(${GB_PAGE.pageNumberGapMm}mm - ${DASH_TOP_EM}em) 0 0 1em;
  }
  @bottom-right {
    content: none;
  }
}
@media print {
  html,
  body {
    margin: 0;
    padding: 0;
  }
}
.gb-doc {
  --gb-red: ${GB_PAGE.red};
  --gb-line: ${GB_PAGE.lineHeightPt}pt;
  /* 28 characters of 16 pt in 156 mm: a hair narrower than the type size, as Word's character grid sets them. */
  --gb-tracking: -0.21pt;
  /* Two characters of body text (the indent of paragraphs and headings), tracking included. */
  --gb-indent: calc(2em + 2 * var(--gb-tracking));
  --gb-fangsong: ${cssFamilies(GB_FONTS.fangsong, ...NOTO_SERIF, 'serif')};
  --gb-xiaobiaosong: 'GB XiaoBiaoSong', ${cssFamilies(GB_FONTS.xiaobiaosong, ...NOTO_SERIF, 'serif')};
  --gb-heiti: ${cssFamilies(GB_FONTS.heiti, ...NOTO_SANS, 'sans-serif')};
  --gb-kaiti: ${cssFamilies(GB_FONTS.kaiti, ...NOTO_SERIF, 'serif')};
  page: gb-a4;
  box-sizing: border-box;
  width: ${GB_PAGE.textWidthMm}mm;
  color: #000;
  background: #fff;
  font-family: var(--gb-fangsong);
  font-size: ${GB_PAGE.bodyPt}pt;
  font-weight: 400;
  line-height: var(--gb-line);
  letter-spacing: var(--gb-tracking);
  text-align: justify;
  /* Punctuation full width everywhere and no extra space between Chinese and Latin text, as Word and WPS set
     a 公文 by default: the Word file and the OFD then break their lines where the printed page does. */
  text-spacing-trim: space-all;
  text-autospace: no-autospace;
  orphans: 2;
  widows: 2;
}
.gb-doc h1,
.gb-doc h2,
.gb-doc h3,
.gb-doc h4,
.gb-doc p {
  margin: 0;
  font-size: ${GB_PAGE.bodyPt}pt;
  font-weight: 400;
}
/* 版头 */
.gb-mark {
  display: flex;
  justify-content: center; /* centres a squeezed mark even while its unscaled box is wider than the page */
  /* The glyphs' tops (not the line box) 35 mm below the top of the text block. */
  margin-top: calc(${GB_PAGE.markTopMm}mm - ${MARK_GLYPH_TOP_EM}em);
  font-family: var(--gb-xiaobiaosong);
  font-weight: 700;
  color: var(--gb-red);
  line-height: 1.2;
  letter-spacing: 0;
  white-space: nowrap;
}
.gb-mark > span {
  display: inline-block;
  transform-origin: center;
}
.gb-doc p.gb-docnum,
.gb-doc p.gb-minutes-no {
  margin-top: calc(2 * var(--gb-line));
  text-align: center;
}
/* 上行文: 发文字号 左空一字, 签发人 右空一字 on the same line; the name in 楷体. */
.gb-doc p.gb-docnum-up {
  display: flex;
  justify-content: space-between;
  gap: 1em;
  padding: 0 ${chars(1)};
  text-align: left;
  white-space: nowrap;
}
.gb-issued-by {
  font-family: var(--gb-kaiti);
}
.gb-minutes-meta,
.gb-printed {
  display: flex;
  justify-content: space-between;
  gap: 1em;
  padding: 0 1em;
}
.gb-minutes-meta > span + span,
.gb-printed > span + span {
  flex: none;
  white-space: nowrap; /* the date stays on one line; a long office name wraps */
}
.gb-head {
  padding-bottom: var(--gb-line); /* with the title's own line: 红色分隔线下空二行 */
}
.gb-rule {
  /* 4 mm below the glyphs of the line above, not below its 28.95 pt line box. */
  margin-top: calc(${GB_PAGE.ruleGapMm}mm - (var(--gb-line) - 1em) / 2 + ${BODY_GLYPH_BOTTOM_EM}em);
  border-top: 2.25pt solid var(--gb-red);
  height: 0;
}
/* 主体 */
.gb-doc h1.gb-title {
  margin-top: var(--gb-line);
  margin-bottom: var(--gb-line);
  font-family: var(--gb-xiaobiaosong);
  font-size: ${GB_PAGE.titlePt}pt;
  font-weight: 700;
  text-align: center;
  letter-spacing: 0;
  /* A two-line title is split evenly (GB/T 9704 7.3.3: 梯形或菱形), never one character on its own line. */
  text-wrap: balance;
  /* Breaks only at the <wbr> between words (titleWords), never inside one. */
  word-break: keep-all;
  break-after: avoid;
}
.gb-plain h1.gb-title {
  margin-top: 0;
}
.gb-doc h1.gb-annex-title {
  margin-top: var(--gb-line);
}
.gb-doc h1.gb-title:has(+ .gb-subtitle) {
  margin-bottom: 0;
}
.gb-doc p.gb-subtitle {
  margin-bottom: var(--gb-line);
  font-family: var(--gb-kaiti);
  text-align: center;
}
.gb-doc h2.gb-h1,
.gb-doc h3.gb-h2,
.gb-doc h4.gb-h3,
.gb-p {
  text-indent: var(--gb-indent);
}
.gb-doc h2.gb-h1 {
  font-family: var(--gb-heiti);
  break-after: avoid;
}
.gb-doc h3.gb-h2 {
  font-family: var(--gb-kaiti);
  break-after: avoid;
}
.gb-doc h4.gb-h3 {
  font-family: var(--gb-fangsong);
  font-weight: 700;
  break-after: avoid;
}
/* 附件: "附件N" 顶格 in 黑体 on the first line, its title on the third. */
.gb-doc p.gb-annex-label {
  font-family: var(--gb-heiti);
}
.gb-pagebreak {
  break-after: page;
  height: 0;
}
.gb-table {
  width: 100%;
  border-collapse: collapse;
  table-layout: fixed;
  font-size: ${GB_PAGE.imprintPt}pt;
  line-height: 1.5;
  letter-spacing: 0;
  text-align: left;
}
.gb-table thead {
  display: table-header-group; /* repeated on every printed page */
}
.gb-table tr {
  break-inside: avoid;
}
.gb-table th,
.gb-table td {
  border: 1px solid #000;
  padding: 1mm 1.5mm;
  vertical-align: middle;
  /* Wraps between words (the <wbr> of wordsHtml); a word wider than its cell still breaks. */
  word-break: keep-all;
  overflow-wrap: anywhere;
}
/* Summaries that must keep to one sheet (the leader page holds a line for every due kind and indicator): 4号 on
   1.1 lines, 0.2 mm above and below; official-docx.ts sets the same. */
.gb-table-compact {
  line-height: 1.1;
}
.gb-table .gb-nobr {
  white-space: nowrap;
}
.gb-table-compact th,
.gb-table-compact td {
  padding: 0.2mm 1.5mm;
}
.gb-table th {
  font-family: var(--gb-heiti);
  font-weight: 400;
  text-align: center;
}
/* 附件说明, 落款, 出席 lines: one blank line after the body */
.gb-attachments,
.gb-signature,
.gb-attendance {
  margin-top: var(--gb-line);
  break-inside: avoid;
}
.gb-signature p {
  text-align: right;
}
.gb-attendance b {
  font-family: var(--gb-heiti);
  font-weight: 400;
}
/* 版记 between full-width rules: thick first and last, thin between. The rules are the lines' own borders so
   that the space placeImprints (official-layout.ts) adds above it to reach the foot of the page is not ruled. */
.gb-imprint {
  margin-top: var(--gb-line);
  padding-top: var(--gb-imprint-drop, 0);
  font-size: ${GB_PAGE.imprintPt}pt;
  letter-spacing: 0;
  break-inside: avoid;
}
.gb-imprint > p:first-child {
  border-top: 0.35mm solid #000;
}
.gb-imprint > p:last-child {
  border-bottom: 0.35mm solid #000;
}
.gb-doc .gb-imprint p {
  font-size: ${GB_PAGE.imprintPt}pt;
}
.gb-copyto {
  padding: 0 1em 0 4em;
  text-indent: -3em;
}
.gb-copyto + .gb-printed {
  border-top: 0.25mm solid #000;
}
/* On screen: the page as a sheet of A4 paper. */
@media screen {
  .gb-doc {
    width: ${GB_PAGE.widthMm}mm;
    min-height: ${GB_PAGE.heightMm}mm;
    margin: 0 auto;
    padding: ${GB_PAGE.marginTopMm}mm ${GB_PAGE.marginRightMm}mm ${GB_PAGE.marginBottomMm}mm ${GB_PAGE.marginLeftMm}mm;
    box-shadow: 0 2px 10px rgba(0, 0, 0, 0.25);
  }
  .gb-pagebreak {
    margin: 8mm -${GB_PAGE.marginRightMm}mm 8mm -${GB_PAGE.marginLeftMm}mm;
    border-top: 1px dashed #9aa3b2;
  }
}
`;

/** A length of `n` body characters, tracking included: places text by characters as the standard does. */
function chars(n: number): string {
  return n === 0 ? '0' : `calc(${n}em + ${n} * var(--gb-tracking))`;
}

function markHtml(text: string): string {
  const { sizePt, scale } = markFit(text);
  const squeeze = scale < 1 ? ` style="transform: scaleX(${scale})"` : '';
  return `<div class="gb-mark" style="font-size: ${sizePt}pt"><span${squeeze}>${esc(text)}</span></div>`;
}

function headHtml(doc: OfficialDoc): string {
  if (doc.kind === 'plain') return '';
  const parts: string[] = [];
  if (doc.issuerMark) parts.push(markHtml(doc.issuerMark));
  if (doc.kind === 'document') {
    if (doc.issuedBy !== undefined)
      parts.push(
        `<p class="gb-docnum gb-docnum-up"><span>${esc(doc.docNumber)}</span><span>${ISSUED_BY_LABEL}<span class="gb-issued-by">${esc(doc.issuedBy)}</span></span></p>`,
      );
    else if (doc.docNumber) parts.push(`<p class="gb-docnum">${esc(doc.docNumber)}</p>`);
  } else {
    if (doc.minutesNumber !== undefined)
      parts.push(`<p class="gb-minutes-no">${esc(minutesNumberText(doc.minutesNumber))}</p>`);
    if (doc.signer || doc.date)
      parts.push(
        `<p class="gb-minutes-meta"><span>${esc(doc.signer)}</span><span>${esc(doc.date ? officialDate(doc.date) : '')}</span></p>`,
      );
  }
  parts.push('<div class="gb-rule" role="separator"></div>');
  return `<header class="gb-head">\n${parts.join('\n')}\n</header>`;
}

function tableHtml(b: Extract<OfficialBlock, { type: 'table' }>): string {
  const fractions = tableColumnFractions(b.columns, b.widths);
  const cols = fractions.map((f) => `<col style="width: ${(f * 100).toFixed(2)}%">`).join('');
  const head = b.columns.map((c) => `<th>${wordsHtml(c)}</th>`).join('');
  const rowMm = tableRowHeightMm(b);
  const height = rowMm ? ` style="height: ${rowMm}mm"` : '';
  const rows = b.rows
    .map(
      (r) =>
        `<tr${height}>${tableRowCells(b.columns, r)
          .map((c) => `<td>${wordsHtml(c)}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  return `<table class="gb-table${b.compact ? ' gb-table-compact' : ''}"><colgroup>${cols}</colgroup>
<thead><tr>${head}</tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

/**
 * Text that wraps only between words (a <wbr> between them, word-break: keep-all on the element). A date, a
 * range or a code (2026-10-13, 1/2) is held on one line too: Chromium would break it after a hyphen or a slash,
 * where the OFD's breaker and the Word file's lines keep it whole; a unit longer than any column may hold
 * (a hash) still wraps.
 */
function wordsHtml(text: string): string {
  return text
    ? breakUnits(text)
        .map((u) =>
          /[0-9A-Za-z][-/][0-9A-Za-z]/.test(u) && [...u].length <= 24
            ? `<span class="gb-nobr">${esc(u)}</span>`
            : esc(u),
        )
        .join('<wbr>')
    : '';
}

function blockHtml(b: NumberedBlock): string {
  switch (b.type) {
    case 'h1':
      return `<h2 class="gb-h1">${esc(b.number)}${esc(b.text)}</h2>`;
    case 'h2':
      return `<h3 class="gb-h2">${esc(b.number)}${esc(b.text)}</h3>`;
    case 'h3':
      return `<h4 class="gb-h3">${esc(b.number)}${esc(b.text)}</h4>`;
    case 'p':
      return `<p class="gb-p">${esc(b.text)}</p>`;
    case 'table':
      return tableHtml(b);
    case 'pagebreak':
      return '<div class="gb-pagebreak"></div>';
  }
}

function signatureHtml(doc: OfficialDoc): string {
  // A 纪要 carries its office and date in the head instead.
  if (doc.kind === 'minutes' || (!doc.signer && !doc.date)) return '';
  const date = doc.date ? officialDate(doc.date) : undefined;
  const { signerRightEm, dateRightEm } = signatureLayout(doc.signer, date);
  const lines: string[] = [];
  if (doc.signer)
    lines.push(`<p class="gb-signer" style="padding-right: ${chars(signerRightEm)}">${esc(doc.signer)}</p>`);
  if (date) lines.push(`<p class="gb-date" style="padding-right: ${chars(dateRightEm)}">${esc(date)}</p>`);
  return `<div class="gb-signature">\n${lines.join('\n')}\n</div>`;
}

function attendanceHtml(doc: OfficialDoc): string {
  if (!doc.attendance?.length) return '';
  const lines = doc.attendance.map((a) => {
    // 左空二字, the label and its colon, and wrapped lines aligned with the first name.
    const hang = textWidthEm(a.label) + 1;
    return `<p style="padding-left: ${chars(2 + hang)}; text-indent: ${chars(-hang)}"><b>${esc(a.label)}：</b>${esc(a.names)}</p>`;
  });
  return `<div class="gb-attendance">\n${lines.join('\n')}\n</div>`;
}

function imprintHtml(doc: OfficialDoc): string {
  const lines: string[] = [];
  if (doc.copyTo) lines.push(`<p class="gb-copyto">${esc(copyToText(doc.copyTo))}</p>`);
  if (doc.printedBy || doc.printedOn)
    lines.push(
      `<p class="gb-printed"><span>${esc(doc.printedBy)}</span><span>${esc(doc.printedOn ? `${officialDate(doc.printedOn)}印发` : '')}</span></p>`,
    );
  return lines.length ? `<footer class="gb-imprint">\n${lines.join('\n')}\n</footer>` : '';
}

/**
 * The title cut into words (Intl.Segmenter, Chinese word granularity): a title wraps only between them, so a
 * two-line title never splits 季度 or 卫生 across its lines.
 */
export function titleWords(title: string): string[] {
  return [...new Intl.Segmenter('zh', { granularity: 'word' }).segment(title)].map((s) => s.segment);
}

/** How many 2号 title characters a line of the text block holds (156 mm of 22 pt). */
export const TITLE_LINE_EM = Math.floor(((GB_PAGE.textWidthMm / 25.4) * 72) / GB_PAGE.titlePt);

/**
 * Words as units a line may break between: closing punctuation stays with the word before it and opening
 * punctuation with the word after, as line breaking rules (禁则) want; a run of Latin letters, digits and their
 * punctuation (a date, an amount, a code: 2026-04-18, 5,000, SHA-256) is one unit.
 */
export function breakUnits(text: string): string[] {
  const out: string[] = [];
  let pendingOpen = '';
  for (const w of titleWords(text)) {
    const last = out[out.length - 1];
    if (last !== undefined && !pendingOpen && /[\x21-\x7e]$/.test(last) && /^[\x21-\x7e]/.test(w)) {
      out[out.length - 1] = last + w;
    } else if (/^[，。、；：？！）》」』】〕〉”’,.;:?!)\]]/.test(w) && out.length && !pendingOpen) {
      out[out.length - 1] += w;
    } else if (/^[（《「『【〔〈“‘([]+$/.test(w)) {
      pendingOpen += w;
    } else {
      out.push(pendingOpen + w);
      pendingOpen = '';
    }
  }
  if (pendingOpen) out.push(pendingOpen);
  return out;
}

/** Units laid greedily into lines of at most `maxEm` (textWidthEm); a unit wider than a line is cut. */
function wrapUnits(units: readonly string[], maxEm: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const u of units) {
    if (line && textWidthEm(line + u) > maxEm) {
      lines.push(line);
      line = '';
    }
    let rest = u;
    while (textWidthEm(rest) > maxEm) {
      let cut = '';
      for (const ch of rest) {
        if (textWidthEm(cut + ch) > maxEm) break;
        cut += ch;
      }
      lines.push(cut);
      rest = rest.slice(cut.length);
    }
    line += rest;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * A title's lines as the printed page sets them (text-wrap: balance over word breaks): the fewest lines that fit
 * `maxEm`, as even as that count allows, each break between words. The Word file writes these lines.
 */
export function titleLines(title: string, maxEm: number = TITLE_LINE_EM): string[] {
  const units = breakUnits(title);
  const n = wrapUnits(units, maxEm).length;
  if (n <= 1) return [title];
  let best = wrapUnits(units, maxEm);
  for (let w = maxEm - 0.5; w > 0; w -= 0.5) {
    const lines = wrapUnits(units, w);
    if (lines.length > n) break;
    best = lines;
  }
  return best;
}

/** 附件 after the 落款, each on a new page: 附件N 顶格 in 黑体, the title centred on the third line, the body. */
function annexesHtml(doc: OfficialDoc): string[] {
  const annexes = doc.annexes ?? [];
  return annexes.map(
    (a, i) =>
      `<div class="gb-pagebreak"></div>\n<section class="gb-annex">\n<p class="gb-annex-label">${esc(annexLabel(i, annexes.length))}</p>\n` +
      `<h1 class="gb-title gb-annex-title">${breakUnits(a.title).map(esc).join('<wbr>')}</h1>\n` +
      `${numberBlocks(a.blocks).map(blockHtml).join('\n')}\n</section>`,
  );
}

/** The document as an HTML fragment (one <article>), every value escaped; style it with OFFICIAL_DOC_CSS. */
export function officialDocHtml(doc: OfficialDoc): string {
  const parts = [headHtml(doc)];
  if (doc.title) parts.push(`<h1 class="gb-title">${breakUnits(doc.title).map(esc).join('<wbr>')}</h1>`);
  if (doc.subtitle) parts.push(`<p class="gb-subtitle">${esc(doc.subtitle)}</p>`);
  if (doc.addressee) parts.push(`<p class="gb-addressee">${esc(addresseeText(doc.addressee))}</p>`);
  parts.push(...numberBlocks(doc.blocks).map(blockHtml));
  if (doc.attachments?.length)
    parts.push(
      `<div class="gb-attachments">\n${attachmentLines(doc.attachments)
        .map(
          (l) =>
            `<p style="padding-left: ${chars(2 + l.hangEm)}; text-indent: ${chars(l.indentEm - l.hangEm)}">${esc(l.text)}</p>`,
        )
        .join('\n')}\n</div>`,
    );
  parts.push(signatureHtml(doc), attendanceHtml(doc), ...annexesHtml(doc), imprintHtml(doc));
  return `<article class="gb-doc gb-${doc.kind}" lang="zh-CN">\n${parts.filter(Boolean).join('\n')}\n</article>`;
}
