// Lays out an OfficialDoc (shared/print/official.ts) on A4 pages for OFD: the same model the print HTML and the
// Word file come from, placed by the same rules as OFFICIAL_DOC_CSS — the GB/T 9704 text block (28/26/37/35 mm
// margins), 3号 body on 28.95 pt lines with its -0.21 pt tracking, justified, two-character indents, the red mark
// squeezed by markFit, the red rule, tables with repeated heads, 落款 by signatureLayout, 版记 between rules and
// "— N —" page numbers 7 mm below the text block, odd pages right and even pages left. Lines break as Chromium
// breaks Chinese text (between characters; never before closing or after opening punctuation; not inside runs of
// Latin letters and digits) with advances measured in the very fonts the OFD embeds. The result is positioned
// glyphs and rules in millimetres, which shared/ofd/xml.ts writes as OFD. Pure: metrics come from the caller.
import {
  BODY_GLYPH_BOTTOM_EM,
  DASH_TOP_EM,
  GB_PAGE,
  ISSUED_BY_LABEL,
  MARK_GLYPH_TOP_EM,
  addresseeText,
  annexLabel,
  attachmentLines,
  breakUnits,
  copyToText,
  markFit,
  minutesNumberText,
  numberBlocks,
  officialDate,
  signatureLayout,
  tableColumnFractions,
  tableRowCells,
  tableRowHeightMm,
  textWidthEm,
  type OfficialBlock,
  type OfficialDoc,
} from '../print/official';

/** The faces the OFD embeds: 仿宋/楷体/宋体 fall back to the serif, 小标宋 and bold to its bold, 黑体 to the sans. */
export type OfdFontKey = 'serif' | 'serifBold' | 'sans';

export interface OfdMetrics {
  /** Advance of one character in em. */
  advance(font: OfdFontKey, ch: string): number;
  /** hhea ascent and descent in em (descent positive). */
  vertical(font: OfdFontKey): { ascent: number; descent: number };
}

export interface OfdTextRun {
  /** Origin of the first glyph: x and the baseline y, mm from the page's top left corner. */
  x: number;
  y: number;
  font: OfdFontKey;
  sizeMm: number;
  text: string;
  /** Distance from each glyph's origin to the next (one fewer than the characters), mm. */
  deltaX: number[];
  red?: boolean;
  /** Horizontal squeeze of the glyphs (the 发文机关标志), 1 when absent. */
  scaleX?: number;
}

export interface OfdRule {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  widthMm: number;
  red?: boolean;
}

export interface OfdPageLayout {
  texts: OfdTextRun[];
  rules: OfdRule[];
}

const PT = 25.4 / 72;
const BODY = GB_PAGE.bodyPt * PT;
const SMALL = GB_PAGE.imprintPt * PT;
const LINE = GB_PAGE.lineHeightPt * PT;
const TRACK = -0.21 * PT;
const LEFT = GB_PAGE.marginLeftMm;
const TOP = GB_PAGE.marginTopMm;
const WIDTH: number = GB_PAGE.textWidthMm;
const HEIGHT: number = GB_PAGE.textHeightMm;
const PX = 25.4 / 96;
/** Table borders: 1 CSS px; cells padded 1.5 mm left and right. */
const TABLE_BORDER = PX;
const CELL_PAD_H = 1.5;
/**
 * A length as Chromium's layout holds it: whole 64ths of a CSS pixel, the fraction dropped. A compact table's
 * 4号 line (1.1 × 18.67 px) is 20.531 px there and its 0.2 mm padding 0.75 px, a little less than the exact
 * figures; over a page of rows that adds up to half a pixel, and a last row that just fits in print must fit
 * here too (measured at 1.25 lines and 0.4 mm: rows of 23.328 px and 1.5 px padding).
 */
const layoutUnit = (mm: number): number => (Math.floor((mm / PX) * 64 + 1e-6) / 64) * PX;
const EPS = 0.01;

/** Characters that may not begin a line, and that may not end one (Chromium's line-break: auto for Chinese). */
const NO_START = new Set([...'，。、；：？！）》」』】〕〉”’…—％·,.;:?!)]}%']);
const NO_END = new Set([...'（《「『【〔〈“‘([{']);

interface StyledChar {
  ch: string;
  font: OfdFontKey;
}

function styled(text: string, font: OfdFontKey): StyledChar[] {
  return [...text].map((ch) => ({ ch, font }));
}

/** Latin letters, digits and their punctuation: no line break between two of them (UAX #14 AL, NU, IS). */
function isWordChar(ch: string): boolean {
  return /[\x21-\x7e]/.test(ch);
}

/** A letter, digit or ideograph: what word-break: keep-all does not break between. */
function letterLike(ch: string): boolean {
  return /[\p{L}\p{N}]/u.test(ch);
}

/** May a line break between a and b? */
function breakable(a: string, b: string, anywhere: boolean): boolean {
  if (anywhere) return true;
  if (a === ' ') return b !== ' ';
  if (b === ' ') return false;
  if (NO_START.has(b) || NO_END.has(a)) return false;
  if (isWordChar(a) && isWordChar(b)) return false;
  return true;
}

interface LineOut {
  chars: StyledChar[];
  /** Advance of each char including tracking, mm. */
  adv: number[];
}

/**
 * Greedy line breaking over styled characters: each line's width from `width(i)`. Spaces at a line's end do not
 * count; a run that cannot break and does not fit breaks anywhere.
 */
function breakLines(
  chars: StyledChar[],
  sizeMm: number,
  tracking: number,
  m: OfdMetrics,
  width: (line: number) => number,
  anywhere = false,
  words?: Set<number>,
): LineOut[] {
  // word-break: keep-all (titles, table cells): no break between two letters or ideographs, only at spaces and
  // punctuation, and before the characters `words` holds (the <wbr> between words); a word too long for the
  // line breaks anywhere (overflow-wrap: anywhere).
  const ok = (i: number) => {
    const [a, b] = [chars[i - 1]!.ch, chars[i]!.ch];
    if (anywhere || words?.has(i)) return true; // a <wbr> breaks even where line breaking rules would not
    if (!breakable(a, b, false)) return false;
    return !words || !(letterLike(a) && letterLike(b));
  };
  const adv = chars.map((c) => m.advance(c.font, c.ch) * sizeMm + tracking);
  const lines: LineOut[] = [];
  let start = 0;
  while (start < chars.length) {
    const avail = width(lines.length);
    let w = 0;
    let end = start;
    let lastBreak = -1;
    while (end < chars.length) {
      const ch = chars[end]!.ch;
      if (ch === '\n') break;
      if (end > start && ok(end)) lastBreak = end;
      // Chromium (text-spacing-trim: normal) does not set closing punctuation half width to keep it at a line's
      // end: what does not fit wraps, with the word before it.
      if (w + adv[end]! > avail + EPS && ch !== ' ' && end > start) break;
      w += adv[end]!;
      end += 1;
    }
    if (end < chars.length && chars[end]!.ch !== '\n') {
      if (!ok(end)) end = lastBreak > start ? lastBreak : end;
    }
    let stop = end;
    while (stop > start && chars[stop - 1]!.ch === ' ') stop -= 1;
    lines.push({ chars: chars.slice(start, stop), adv: adv.slice(start, stop) });
    start = end;
    if (chars[start]?.ch === '\n') start += 1;
  }
  if (!lines.length) lines.push({ chars: [], adv: [] });
  return lines;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Where each word of the text starts, as indexes into its characters (breakUnits: Intl.Segmenter words). */
function wordStarts(text: string): Set<number> {
  const out = new Set<number>();
  let at = 0;
  for (const u of breakUnits(text)) {
    out.add(at);
    at += [...u].length;
  }
  return out;
}

function isCjk(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return c >= 0x2e80 && c < 0xa000 ? true : c >= 0xf900 && c < 0xfb00 ? true : c >= 0xff00 && c < 0xffef;
}

/** Runs of one font on a line placed from x, with extra space `extra` spread over its expansion gaps. */
function runs(
  line: LineOut,
  x: number,
  y: number,
  sizeMm: number,
  extra: number,
  red?: boolean,
): OfdTextRun[] {
  const gaps: number[] = line.chars.map((c, i) => {
    const next = line.chars[i + 1];
    if (!next) return 0;
    return isCjk(c.ch) || isCjk(next.ch) || c.ch === ' ' ? 1 : 0;
  });
  const count = sum(gaps);
  const each = count && extra > 0 ? extra / count : 0;
  const out: OfdTextRun[] = [];
  let pos = x;
  let cur: OfdTextRun | null = null;
  line.chars.forEach((c, i) => {
    const step = line.adv[i]! + gaps[i]! * each;
    if (c.ch === ' ' || c.ch === '\u3000') {
      pos += step;
      cur = null;
      return;
    }
    if (!cur || cur.font !== c.font) {
      cur = { x: pos, y, font: c.font, sizeMm, text: '', deltaX: [], ...(red ? { red } : {}) };
      out.push(cur);
    } else cur.deltaX.push(pos - (cur.x + sum(cur.deltaX)));
    cur.text += c.ch;
    pos += step;
  });
  return out;
}

/** A line box ready to place: its height and how to draw it at a given top. */
interface Box {
  height: number;
  draw: (top: number, page: OfdPageLayout) => void;
  /** Kept with the next box (headings: break-after avoid). */
  keepWithNext?: boolean;
}

class Pager {
  readonly pages: OfdPageLayout[] = [];
  private y = 0;
  /** At the top of a page that began by itself (margins there are dropped). */
  private freshUnforced = false;
  constructor() {
    this.newPage(true);
  }
  get page(): OfdPageLayout {
    return this.pages[this.pages.length - 1]!;
  }
  get used(): number {
    return this.y;
  }
  newPage(forced: boolean): void {
    this.pages.push({ texts: [], rules: [] });
    this.y = 0;
    this.freshUnforced = !forced;
  }
  space(mm: number): void {
    if (this.y === 0 && this.freshUnforced) return;
    this.y += mm;
  }
  /** Moves down to `y` on this page (the 版记's place at the foot), even at the top of a page. */
  /** Moves down so that `mm` ends at the foot of this page, when it fits after `gap`; else of the next page. */
  toFoot(mm: number, gap: number): void {
    if (!this.fits(gap + mm) && this.y > 0) this.newPage(false);
    this.y = Math.max(this.y, HEIGHT - mm);
  }

  /** Moves down by `mm`, at the top of a page too (unlike space, which a page that began by itself drops). */
  advance(mm: number): void {
    this.y += mm;
  }

  fits(mm: number): boolean {
    return this.y + mm <= HEIGHT + EPS;
  }
  /** Boxes of one block: orphans and widows of two, kept whole when `whole`. */
  place(boxes: Box[], opts: { whole?: boolean; orphans?: boolean } = {}): void {
    if (!boxes.length) return;
    const total = sum(boxes.map((b) => b.height));
    if (opts.whole && !this.fits(total) && this.y > 0 && total <= HEIGHT) this.newPage(false);
    let i = 0;
    while (i < boxes.length) {
      const b = boxes[i]!;
      if (!this.fits(b.height) && this.y > 0) {
        // Orphans: a block does not leave one line behind; widows: nor carry one line over.
        if (opts.orphans && i === 1 && boxes.length > 1) {
          this.undoLast(boxes[0]!);
          i = 0;
        } else if (opts.orphans && boxes.length - i === 1 && i >= 3) {
          this.undoLast(boxes[i - 1]!);
          i -= 1;
        }
        this.newPage(false);
        continue;
      }
      // A heading kept with the first two lines of what follows is handled by the caller's `keep`.
      b.draw(this.y, this.page);
      this.y += b.height;
      i += 1;
    }
  }
  private undoLast(b: Box): void {
    // Removes what the last box drew (its texts and rules were the last pushed) and steps back.
    this.y -= b.height;
    const page = this.page;
    const probe: OfdPageLayout = { texts: [], rules: [] };
    b.draw(this.y, probe);
    page.texts.splice(page.texts.length - probe.texts.length, probe.texts.length);
    page.rules.splice(page.rules.length - probe.rules.length, probe.rules.length);
  }
  /** Makes sure `mm` more fit on this page, or starts the next. */
  ensure(mm: number): void {
    if (!this.fits(mm) && this.y > 0) this.newPage(false);
  }
}

/** Baseline offset inside a line box of height `lineMm` for text of `sizeMm`, CSS half-leading. */
function baseline(m: OfdMetrics, font: OfdFontKey, sizeMm: number, lineMm: number): number {
  const { ascent, descent } = m.vertical(font);
  return (lineMm - (ascent + descent) * sizeMm) / 2 + ascent * sizeMm;
}

type Align = 'left' | 'right' | 'center' | 'justify';

/** A paragraph as line boxes: `indent` on the first line, `hang` on the others, padding left/right. */
function paragraph(
  chars: StyledChar[],
  m: OfdMetrics,
  o: {
    sizeMm?: number;
    tracking?: number;
    lineMm?: number;
    left?: number;
    right?: number;
    indent?: number;
    align?: Align;
    width?: number;
    anywhere?: boolean;
    red?: boolean;
    x0?: number;
    /** Break only between words (titles, table cells: the <wbr> of the print HTML, with keep-all). */
    words?: boolean;
  } = {},
): { boxes: Box[]; lines: LineOut[] } {
  const size = o.sizeMm ?? BODY;
  const tracking = o.tracking ?? TRACK;
  const lineMm = o.lineMm ?? LINE;
  const left = o.left ?? 0;
  const right = o.right ?? 0;
  const indent = o.indent ?? 0;
  const full = o.width ?? WIDTH;
  const x0 = o.x0 ?? LEFT;
  const align = o.align ?? 'justify';
  const avail = (i: number) => full - left - right - (i === 0 ? indent : 0);
  const words = o.words ? wordStarts(chars.map((c) => c.ch).join('')) : undefined;
  const lines = breakLines(chars, size, tracking, m, avail, o.anywhere, words);
  const font = chars[0]?.font ?? 'serif';
  const base = baseline(m, font, size, lineMm);
  const boxes = lines.map((line, i): Box => ({
    height: lineMm,
    draw: (top, page) => {
      const w = sum(line.adv);
      const room = avail(i) - w;
      const start = x0 + left + (i === 0 ? indent : 0);
      const last = i === lines.length - 1;
      let x = start;
      let extra = 0;
      if (align === 'center') x = start + room / 2;
      else if (align === 'right') x = start + room;
      else if (align === 'justify' && !last) extra = room;
      page.texts.push(...runs(line, x, TOP + top + base, size, extra, o.red));
    },
  }));
  return { boxes, lines };
}

/** Chromium's text-wrap: balance: the narrowest width that keeps the line count. */
function balancedWidth(chars: StyledChar[], size: number, m: OfdMetrics): number {
  const words = wordStarts(chars.map((c) => c.ch).join(''));
  const count = (w: number) => breakLines(chars, size, 0, m, () => w, false, words).length;
  const n = count(WIDTH);
  if (n <= 1) return WIDTH;
  let lo = WIDTH / n - size;
  let hi = WIDTH;
  while (hi - lo > 0.2) {
    const mid = (lo + hi) / 2;
    if (count(mid) <= n) hi = mid;
    else lo = mid;
  }
  return hi;
}

function rule(
  page: OfdPageLayout,
  y: number,
  widthMm: number,
  red?: boolean,
  x1 = LEFT,
  x2 = LEFT + WIDTH,
): void {
  page.rules.push({ x1, y1: TOP + y, x2, y2: TOP + y, widthMm, ...(red ? { red } : {}) });
}

/** Two texts on one line, one at each end (the 纪要's office and date, 印发机关 and 印发日期). */
function spread(
  leftText: string,
  rightText: string,
  m: OfdMetrics,
  size: number,
  tracking: number,
  pad: number,
): Box[] {
  const r = styled(rightText, 'serif');
  const rw = sum(r.map((c) => m.advance(c.font, c.ch) * size + tracking));
  const gap = size; // flex gap: 1em
  const left = paragraph(styled(leftText, 'serif'), m, {
    sizeMm: size,
    tracking,
    left: pad,
    right: pad + (rightText ? rw + gap : 0),
    align: 'left',
  });
  const base = baseline(m, 'serif', size, LINE);
  const first = left.boxes[0]!;
  const boxes = [...left.boxes];
  boxes[0] = {
    height: first.height,
    draw: (top, page) => {
      first.draw(top, page);
      if (rightText)
        page.texts.push(
          ...runs(
            { chars: r, adv: r.map((c) => m.advance(c.font, c.ch) * size + tracking) },
            LEFT + WIDTH - pad - rw,
            TOP + top + base,
            size,
            0,
          ),
        );
    },
  };
  return boxes;
}

/** A table cell's text in its column (`columnMm` wide, padding and rule inside), as the print CSS sets it. */
function cellParagraph(
  text: string,
  columnMm: number,
  head: boolean,
  lineMm: number,
  m: OfdMetrics,
): { boxes: Box[]; lines: LineOut[] } {
  return paragraph(styled(text, head ? 'sans' : 'serif'), m, {
    sizeMm: SMALL,
    tracking: 0,
    lineMm,
    width: columnMm - 2 * CELL_PAD_H - TABLE_BORDER,
    align: head ? 'center' : 'left',
    anywhere: false,
    words: true,
  });
}

/**
 * The lines of every cell of a table as the printed page breaks them (between words): the Word file writes them
 * with line breaks, since Word and LibreOffice would otherwise break
 * place and institution names anywhere.
 */
export function tableCellLines(
  b: Extract<OfficialBlock, { type: 'table' }>,
  m: OfdMetrics,
): { head: string[][]; rows: string[][][] } {
  const widths = tableColumnFractions(b.columns, b.widths).map((f) => f * WIDTH);
  const lineMm = SMALL * (b.compact ? 1.1 : 1.5);
  // Each line as a slice of the text, the space it breaks at kept at its end (the text reads the same).
  const lines = (cells: string[], head: boolean) =>
    cells.map((c, i) => {
      if (!c) return [];
      const laid = cellParagraph(c, widths[i]!, head, lineMm, m).lines.map((l) =>
        l.chars.map((x) => x.ch).join(''),
      );
      const starts: number[] = [];
      let at = 0;
      for (const l of laid) {
        const found = c.indexOf(l, at);
        starts.push(found < 0 ? at : found);
        at = (found < 0 ? at : found) + l.length;
      }
      return starts.map((s, k) => c.slice(k === 0 ? 0 : s, starts[k + 1] ?? c.length));
    });
  return {
    head: lines(b.columns, true),
    rows: b.rows.map((r) => lines(tableRowCells(b.columns, r), false)),
  };
}

function tableBoxes(b: Extract<OfficialBlock, { type: 'table' }>, m: OfdMetrics): { head: Box; rows: Box[] } {
  const fr = tableColumnFractions(b.columns, b.widths);
  const widths = fr.map((f) => f * WIDTH);
  const lineMm = layoutUnit(SMALL * (b.compact ? 1.1 : 1.5));
  const padV = layoutUnit(b.compact ? 0.2 : 1); // as .gb-table-compact in the print CSS (official.ts)
  const padH = CELL_PAD_H;
  const border = TABLE_BORDER;
  const minRow = tableRowHeightMm(b);
  const row = (cells: string[], head: boolean): Box => {
    const laid = cells.map((c, i) => cellParagraph(c, widths[i]!, head, lineMm, m));
    const content = Math.max(...laid.map((l) => l.boxes.length * lineMm));
    let height = content + 2 * padV + border;
    if (!head && minRow) height = Math.max(height, minRow);
    return {
      height,
      draw: (top, page) => {
        let x = LEFT;
        laid.forEach((l, i) => {
          const inner = l.boxes.length * lineMm;
          const y0 = top + (height - inner) / 2;
          const cellX = x + padH + border / 2;
          // Cells: the paragraph placed at its column.
          const sub: OfdPageLayout = { texts: [], rules: [] };
          l.boxes.forEach((bx, k) => bx.draw(y0 + k * lineMm, sub));
          for (const t of sub.texts) t.x += cellX - LEFT;
          page.texts.push(...sub.texts);
          x += widths[i]!;
        });
        // Borders: top and bottom of the row, and every column edge.
        rule(page, top, border, false);
        rule(page, top + height, border, false);
        let cx = LEFT;
        for (let i = 0; i <= widths.length; i++) {
          page.rules.push({ x1: cx, y1: TOP + top, x2: cx, y2: TOP + top + height, widthMm: border });
          cx += widths[i] ?? 0;
        }
      },
    };
  };
  return {
    head: row(b.columns, true),
    rows: b.rows.map((r) => row(tableRowCells(b.columns, r), false)),
  };
}

function headingChars(b: OfficialBlock & { number?: string }): StyledChar[] {
  if (b.type === 'h1') return styled(`${b.number ?? ''}${b.text}`, 'sans');
  if (b.type === 'h3') return styled(`${b.number ?? ''}${b.text}`, 'serifBold');
  if (b.type === 'h2' || b.type === 'p')
    return styled(`${'number' in b ? (b.number ?? '') : ''}${b.text}`, 'serif');
  return [];
}

/** Two body characters: the indent of paragraphs and headings, tracking included. */
const chars = (n: number) => n * (BODY + TRACK);

/** How much of the block at `i` must stand on the page of the heading before it (break-after: avoid). */
function leadHeight(
  blocks: readonly (OfficialBlock & { number?: string })[],
  i: number,
  m: OfdMetrics,
  tail: number,
): number {
  const b = blocks[i];
  // After the last block: what follows the body (the 落款 or another group, kept whole), given by the caller.
  if (!b) return tail;
  if (b.type === 'pagebreak') return 0;
  if (b.type === 'table') {
    const t = tableBoxes(b, m);
    return TABLE_BORDER / 2 + t.head.height + (t.rows[0]?.height ?? 0) + TABLE_BORDER / 2;
  }
  const lines = paragraph(headingChars(b), m, { indent: chars(2) }).boxes.length;
  if (b.type === 'p') return Math.min(2, lines) * LINE;
  return lines * LINE + leadHeight(blocks, i + 1, m, tail);
}

/** Body blocks in the flow: headings kept with what follows, tables with repeated heads, page breaks. */
function bodyBlocks(source: readonly OfficialBlock[], p: Pager, m: OfdMetrics, tail: number): void {
  const blocks = numberBlocks(source);
  blocks.forEach((b, i) => {
    if (b.type === 'pagebreak') {
      p.newPage(true);
      return;
    }
    if (b.type === 'table') {
      // border-collapse: the table's box holds half of its outer borders above the first row and below the
      // last, on every page it runs onto, as Chromium's table fragments do.
      const half = TABLE_BORDER / 2;
      const t = tableBoxes(b, m);
      const firstRow = t.rows[0]?.height ?? 0;
      p.ensure(half + t.head.height + firstRow + half);
      p.advance(half);
      p.place([t.head]);
      for (const r of t.rows) {
        if (!p.fits(r.height + half) && p.used > half + t.head.height) {
          p.newPage(false);
          p.advance(half);
          p.place([t.head]);
        }
        p.place([r]);
      }
      p.advance(half);
      return;
    }
    const para = paragraph(headingChars(b), m, { indent: chars(2) });
    if (b.type !== 'p') {
      // break-after: avoid — the heading stays with what follows it can be broken after: the first two lines of
      // a paragraph (orphans: 2), a heading with its own follower, a table's head and first row.
      p.ensure(para.boxes.length * LINE + leadHeight(blocks, i + 1, m, tail));
    }
    p.place(para.boxes, { orphans: true });
  });
}

/** A title in 2号 小标宋, centred and balanced like text-wrap: balance, broken only between words. */
function titleParagraph(title: string, m: OfdMetrics): ReturnType<typeof paragraph> {
  const size = GB_PAGE.titlePt * PT;
  const text = styled(title, 'serifBold');
  const w = balancedWidth(text, size, m);
  return paragraph(text, m, {
    sizeMm: size,
    tracking: 0,
    align: 'center',
    left: (WIDTH - w) / 2,
    right: (WIDTH - w) / 2,
    words: true,
  });
}

function titleBoxes(title: string, m: OfdMetrics): Box[] {
  return titleParagraph(title, m).boxes;
}

/**
 * A title's lines as the printed page breaks them, measured in the faces the OFD embeds (a title of exactly 20
 * characters' width wraps in print when its digits are wider than half an em): the Word file writes these lines,
 * since Word and LibreOffice would otherwise break a Chinese title inside a word.
 */
export function titleLineTexts(title: string, m: OfdMetrics): string[] {
  const laid = titleParagraph(title, m).lines.map((l) => l.chars.map((c) => c.ch).join(''));
  // Each line as a slice of the title (a space it breaks at kept at the end of its line), so they read as the title.
  const starts: number[] = [];
  let at = 0;
  for (const l of laid) {
    const found = title.indexOf(l, at);
    starts.push(found < 0 ? at : found);
    at = (found < 0 ? at : found) + l.length;
  }
  const out = starts.map((s, k) => title.slice(k === 0 ? 0 : s, starts[k + 1] ?? title.length));
  return out.length ? out : [title];
}

function layoutDoc(doc: OfficialDoc, p: Pager, m: OfdMetrics): void {
  // 版头
  if (doc.kind !== 'plain') {
    if (doc.issuerMark) {
      const { sizePt, scale } = markFit(doc.issuerMark);
      const size = sizePt * PT;
      const lineMm = size * 1.2;
      // The glyphs' tops (not the line box) 35 mm below the top of the text block, as the print CSS places them.
      p.space(GB_PAGE.markTopMm - MARK_GLYPH_TOP_EM * size);
      const text = styled(doc.issuerMark, 'serifBold');
      const adv = text.map((c) => m.advance(c.font, c.ch) * size);
      const w = sum(adv) * scale;
      const base = baseline(m, 'serifBold', size, lineMm);
      p.place([
        {
          height: lineMm,
          draw: (top, page) => {
            const [run] = runs({ chars: text, adv }, LEFT + (WIDTH - w) / 2, TOP + top + base, size, 0, true);
            if (run) {
              run.deltaX = run.deltaX.map((d) => d * scale);
              if (scale !== 1) run.scaleX = scale;
              page.texts.push(run);
            }
          },
        },
      ]);
    }
    if (doc.kind === 'document' && doc.issuedBy !== undefined) {
      // 上行文: 发文字号 左空一字, 签发人 右空一字 on one line.
      p.space(2 * LINE);
      p.place(spread(doc.docNumber ?? '', `${ISSUED_BY_LABEL}${doc.issuedBy}`, m, BODY, TRACK, chars(1)));
    } else if (doc.kind === 'document' && doc.docNumber) {
      p.space(2 * LINE);
      p.place(paragraph(styled(doc.docNumber, 'serif'), m, { align: 'center' }).boxes);
    }
    if (doc.kind === 'minutes') {
      if (doc.minutesNumber !== undefined) {
        p.space(2 * LINE);
        p.place(
          paragraph(styled(minutesNumberText(doc.minutesNumber), 'serif'), m, { align: 'center' }).boxes,
        );
      }
      if (doc.signer || doc.date)
        p.place(spread(doc.signer ?? '', doc.date ? officialDate(doc.date) : '', m, BODY, TRACK, BODY));
    }
    // 4 mm below the glyphs of the line above, not below its line box (the print CSS's .gb-rule).
    p.space(GB_PAGE.ruleGapMm - (LINE - BODY) / 2 + BODY_GLYPH_BOTTOM_EM * BODY);
    p.place([{ height: 2.25 * PT, draw: (top, page) => rule(page, top + (2.25 * PT) / 2, 2.25 * PT, true) }]);
    p.space(LINE);
  }
  // 标题
  if (doc.title) {
    if (doc.kind !== 'plain') p.space(LINE);
    p.place(titleBoxes(doc.title, m), { whole: true });
    if (!doc.subtitle) p.space(LINE);
  }
  if (doc.subtitle) {
    p.place(paragraph(styled(doc.subtitle, 'serif'), m, { align: 'center' }).boxes);
    p.space(LINE);
  }
  if (doc.addressee)
    p.place(paragraph(styled(addresseeText(doc.addressee), 'serif'), m).boxes, { orphans: true });

  // 附件说明, 落款 and 出席 lines: each group whole, one blank line below what comes before it.
  const groups: Box[][] = [];
  if (doc.attachments?.length)
    groups.push(
      attachmentLines(doc.attachments).flatMap(
        (l) =>
          paragraph(styled(l.text, 'serif'), m, {
            left: chars(2 + l.hangEm),
            indent: chars(l.indentEm - l.hangEm),
          }).boxes,
      ),
    );
  if (doc.kind !== 'minutes' && (doc.signer || doc.date)) {
    const date = doc.date ? officialDate(doc.date) : undefined;
    const { signerRightEm, dateRightEm } = signatureLayout(doc.signer, date);
    const boxes: Box[] = [];
    if (doc.signer)
      boxes.push(
        ...paragraph(styled(doc.signer, 'serif'), m, { align: 'right', right: chars(signerRightEm) }).boxes,
      );
    if (date)
      boxes.push(...paragraph(styled(date, 'serif'), m, { align: 'right', right: chars(dateRightEm) }).boxes);
    groups.push(boxes);
  }
  if (doc.attendance?.length)
    groups.push(
      doc.attendance.flatMap((a) => {
        const hang = textWidthEm(a.label) + 1;
        return paragraph([...styled(`${a.label}：`, 'sans'), ...styled(a.names, 'serif')], m, {
          left: chars(2 + hang),
          indent: chars(-hang),
        }).boxes;
      }),
    );

  // 正文, its last heading kept with the first of those groups (break-after: avoid before a whole group)
  bodyBlocks(doc.blocks, p, m, groups[0] ? LINE + sum(groups[0].map((g) => g.height)) : 0);
  for (const g of groups) {
    p.space(LINE);
    p.place(g, { whole: true });
  }
  // 附件: each on a new page, 附件N 顶格 in 黑体, the title on the third line, then its body.
  (doc.annexes ?? []).forEach((a, i, all) => {
    p.newPage(true);
    p.place(paragraph(styled(annexLabel(i, all.length), 'sans'), m, { align: 'left' }).boxes);
    p.space(LINE);
    p.place(titleBoxes(a.title, m), { whole: true });
    p.space(LINE);
    bodyBlocks(a.blocks, p, m, 0);
  });
  // 版记
  const imprint: Box[] = [];
  if (doc.copyTo)
    imprint.push(
      ...paragraph(styled(copyToText(doc.copyTo), 'serif'), m, {
        sizeMm: SMALL,
        tracking: 0,
        left: 4 * SMALL,
        right: SMALL,
        indent: -3 * SMALL,
      }).boxes,
    );
  const printed =
    doc.printedBy || doc.printedOn
      ? spread(
          doc.printedBy ?? '',
          doc.printedOn ? `${officialDate(doc.printedOn)}印发` : '',
          m,
          SMALL,
          0,
          SMALL,
        )
      : [];
  if (imprint.length || printed.length) {
    const thick = 0.35;
    const thin = 0.25;
    const all: Box[] = [
      { height: thick, draw: (top, page) => rule(page, top + thick / 2, thick) },
      ...imprint,
      ...(imprint.length && printed.length
        ? [{ height: thin, draw: (top: number, page: OfdPageLayout) => rule(page, top + thin / 2, thin) }]
        : []),
      ...printed,
      { height: thick, draw: (top, page) => rule(page, top + thick / 2, thick) },
    ];
    // At the foot of the last page (GB/T 9704 7.4: its last rule on the bottom edge of the 版心), as the printed
    // page places it (shared/print/official-layout.ts): a blank line after the text, else on a page of its own.
    p.toFoot(sum(all.map((b) => b.height)), LINE);
    p.place(all, { whole: true });
  }
}

/**
 * Page numbers "— N —": 4号 宋体, the 一字线's top 7 mm below the text block (not the top of its line: the dash
 * sits DASH_TOP_EM down a line as tall as the type), as the print CSS's @bottom box places it; 空一字 from the
 * outer edge.
 */
function pageNumbers(pages: OfdPageLayout[], m: OfdMetrics): void {
  const lineTop = TOP + HEIGHT + GB_PAGE.pageNumberGapMm - DASH_TOP_EM * SMALL;
  pages.forEach((page, i) => {
    const n = i + 1;
    const text = styled(`— ${n} —`, 'serif');
    const adv = text.map((c) => m.advance(c.font, c.ch) * SMALL);
    const w = sum(adv);
    const y = lineTop + baseline(m, 'serif', SMALL, SMALL);
    const x = n % 2 === 1 ? LEFT + WIDTH - SMALL - w : LEFT + SMALL;
    page.texts.push(...runs({ chars: text, adv }, x, y, SMALL, 0));
  });
}

/**
 * Lays out one or more documents (each after the first on a new page, as the 记分通知书 and its 送达回证 print),
 * numbering the pages throughout.
 */
export function layoutOfficialDocs(docs: readonly OfficialDoc[], m: OfdMetrics): OfdPageLayout[] {
  const p = new Pager();
  docs.forEach((doc, i) => {
    if (i > 0) p.newPage(true);
    layoutDoc(doc, p, m);
  });
  // A page left empty by a break at its very end is not printed.
  const pages = p.pages.filter((pg, i) => i === 0 || pg.texts.length || pg.rules.length);
  pageNumbers(pages, m);
  return pages;
}

export const OFD_PAGE = { widthMm: GB_PAGE.widthMm, heightMm: GB_PAGE.heightMm } as const;
