// Official documents (GB/T 9704-2012) as Word files for offices that edit and seal them in Word or WPS: the same
// model and layout rules as the printed HTML (shared/print/official.ts), written with the `docx` library. Fonts
// are named as Chinese offices have them (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312, 宋体); Word and WPS
// substitute where one is missing.
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  HeightRule,
  LineRuleType,
  OverlapType,
  Packer,
  PageNumber,
  Paragraph,
  RelativeVerticalPosition,
  Table,
  TableAnchorType,
  TableCell,
  TableLayoutType,
  TableRow,
  Tab,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IBorderOptions,
  type IParagraphOptions,
  type IRunOptions,
} from 'docx';
import {
  GB_FONTS,
  GB_PAGE,
  ISSUED_BY_LABEL,
  addresseeText,
  annexLabel,
  attachmentLines,
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
  type NumberedBlock,
  type OfficialBlock,
  type OfficialDoc,
} from '../../shared/print/official';
import { tableCellLines, titleLineTexts } from '../../shared/ofd/layout';
import { ofdFonts } from './ofd/fonts';

/** Millimetres in twips (twentieths of a point), as Word rounds them (1 mm ≈ 56.7 twips). */
const mm = (v: number): number => Math.round(v * 56.7);

const PAGE_WIDTH = 11906; // A4 in twips
const PAGE_HEIGHT = 16838;
const MARGIN = {
  top: mm(GB_PAGE.marginTopMm),
  right: mm(GB_PAGE.marginRightMm),
  bottom: mm(GB_PAGE.marginBottomMm),
  left: mm(GB_PAGE.marginLeftMm),
};
const TEXT_WIDTH = PAGE_WIDTH - MARGIN.left - MARGIN.right;
/** Exact line spacing: 22 lines in the 225 mm text block (28.95 pt). */
const LINE = Math.round(GB_PAGE.lineHeightPt * 20);
/**
 * 28 characters to the line: 16 pt characters are a hair too wide for the 156 mm block (28 × 15.79 pt), so every
 * body run is set 0.3 pt tighter (w:spacing, in twips), which Word, WPS and LibreOffice all honour. The print CSS
 * needs only 0.21 pt; LibreOffice rounds each glyph's advance up on its layout device, and at 0.25 pt sets 27.
 */
const TRACKING = -6;
/** Advance of one body character, in twips. */
const PITCH = GB_PAGE.bodyPt * 20 + TRACKING;
/** `n` body characters, in twips: places text by characters as the standard does. */
const chars = (n: number): number => Math.round(n * PITCH);

const RED = GB_PAGE.red.replace('#', '').toUpperCase();
const BODY = GB_PAGE.bodyPt * 2; // half-points
const SMALL = GB_PAGE.imprintPt * 2;

/** One font name for every script of a run: Word picks eastAsia for CJK, ascii/hAnsi for digits and Latin. */
function font(name: string): { ascii: string; eastAsia: string; hAnsi: string; cs: string } {
  return { ascii: name, eastAsia: name, hAnsi: name, cs: name };
}
const FANGSONG = font(GB_FONTS.fangsong[0]);
const XIAOBIAOSONG = font(GB_FONTS.xiaobiaosong[0]);
const HEITI = font(GB_FONTS.heiti[0]);
const KAITI = font(GB_FONTS.kaiti[0]);
const SONGTI = font(GB_FONTS.songti[0]);

/**
 * A run of text. Body text (3号) carries the tracking on the run itself, not only in the document defaults, which
 * LibreOffice does not apply; other sizes (tables, 版记, the mark) are set without tracking, as in print.
 */
function run(text: string, options: Omit<IRunOptions, 'text' | 'children'> = {}): TextRun {
  const body = options.size === undefined || options.size === BODY;
  return new TextRun({ text, characterSpacing: body ? TRACKING : 0, ...options });
}

const exact = (line: number) => ({ line, lineRule: LineRuleType.EXACT });
/**
 * How far the glyphs of a 3号 line end above the bottom of its exact 28.95 pt line box, in pt: 4.6 on the page
 * LibreOffice prints (documents.spec measures it); about 3.9 in Word, if it seats the baseline of an exact line at
 * 0.8 of its height as published measurements of Word's PDFs (Latin faces) have it, not checked here. The rule is
 * placed for the mean of the two.
 */
const DOCNUM_GLYPH_GAP_PT = 4.2;
/**
 * How far below the top of its exact 1.2-line box the mark's glyph tops sit, in em: 0.124 on LibreOffice's page,
 * about 0.1 in Word by the same 0.8 rule; the space above the mark is 35 mm less this, so that the glyph tops are
 * at 35 mm.
 */
const DOCX_MARK_GLYPH_TOP_EM = 0.12;
/** How far the 一字线 of the page number sits below the top of its 4号 line, in mm. */
const DASH_IN_LINE_MM = 2.6;
/** The red rule: 2.25 pt (in eighths of a point), 4 mm (in points) below the text of its paragraph. */
const redRule: IBorderOptions = {
  style: BorderStyle.SINGLE,
  size: 18,
  color: RED,
  // The border is drawn this far below the line box, whose exact 28.95 pt height leaves DOCNUM_GLYPH_GAP_PT
  // under the glyphs: 4 mm from the glyphs is 7 pt from the box.
  space: Math.round((GB_PAGE.ruleGapMm / 25.4) * 72 - DOCNUM_GLYPH_GAP_PT),
};

/** 版头: 发文机关标志 or 纪要 mark, 发文字号 or （第N号）, and the red rule under the last of them. */
function head(doc: OfficialDoc, newPage = false): Paragraph[] {
  const lines: IParagraphOptions[] = [];
  if (doc.issuerMark) {
    const { sizePt, scale } = markFit(doc.issuerMark);
    lines.push({
      alignment: AlignmentType.CENTER,
      spacing: {
        before: mm(GB_PAGE.markTopMm - ((DOCX_MARK_GLYPH_TOP_EM * sizePt) / 72) * 25.4),
        ...exact(Math.round(sizePt * 1.2 * 20)),
      },
      children: [
        run(doc.issuerMark, {
          font: XIAOBIAOSONG,
          size: Math.round(sizePt * 2),
          color: RED,
          scale: Math.round(scale * 100),
        }),
      ],
    });
  }
  if (doc.kind === 'document' && doc.issuedBy !== undefined)
    // 上行文: the 发文字号 左空一字 and 签发人 右空一字 on one line (GB/T 9704 7.2.4), the name in 楷体.
    lines.push({
      spacing: { before: 2 * LINE },
      indent: { left: chars(1), right: chars(1) },
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH - chars(1) }],
      children: [
        new TextRun({
          children: [doc.docNumber ?? '', new Tab(), ISSUED_BY_LABEL],
          characterSpacing: TRACKING,
        }),
        run(doc.issuedBy, { font: KAITI }),
      ],
    });
  else if (doc.kind === 'document' && doc.docNumber)
    lines.push({
      alignment: AlignmentType.CENTER,
      spacing: { before: 2 * LINE },
      children: [run(doc.docNumber)],
    });
  if (doc.kind === 'minutes') {
    if (doc.minutesNumber !== undefined)
      lines.push({
        alignment: AlignmentType.CENTER,
        spacing: { before: 2 * LINE },
        children: [run(minutesNumberText(doc.minutesNumber))],
      });
    // The office 左空一字 and the date 右空一字 on one line, above the rule.
    if (doc.signer || doc.date)
      lines.push({
        indent: { left: chars(1), right: chars(1) },
        tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH - chars(1) }], // from the margin, not the indent
        children: [
          new TextRun({
            children: [doc.signer ?? '', new Tab(), doc.date ? officialDate(doc.date) : ''],
            characterSpacing: TRACKING,
          }),
        ],
      });
  }
  if (lines.length === 0) lines.push({ children: [] });
  const last = lines.length - 1;
  if (newPage) lines[0] = { ...lines[0], pageBreakBefore: true };
  return lines.map((p, i) => new Paragraph(i === last ? { ...p, border: { bottom: redRule } } : p));
}

/**
 * A cell's lines as runs with line breaks between them: the lines the printed page sets (tableCellLines, broken
 * between words, in the fonts the PDF and OFD embed). Word and LibreOffice break Chinese anywhere, a place or an
 * institution name included, and honour no word joiner in Chinese text.
 */
function cellRuns(lines: readonly string[], options: Omit<IRunOptions, 'text' | 'children'>): TextRun[] {
  return lines.map((line, i) =>
    run(line, { characterSpacing: CELL_TRACKING, ...options, ...(i ? { break: 1 } : {}) }),
  );
}

/**
 * A hair tighter than print (0.15 pt a character), so that a line the printed page just fits into its cell
 * fits in LibreOffice too, which rounds each glyph's advance up; the lines themselves are fixed.
 */
const CELL_TRACKING = -3;

function table(b: Extract<OfficialBlock, { type: 'table' }>, pageBreakBefore: boolean): Table {
  const lines = tableCellLines(b, ofdFonts());
  const widths = tableColumnFractions(b.columns, b.widths).map((f) => Math.floor(f * TEXT_WIDTH));
  // As the print CSS sets .gb-table (and .gb-table-compact): 4号 on 1.5 (1.1) lines, 1 (0.2) mm above and
  // below the text of a cell, 1.5 mm beside it, 1 px (0.75 pt) rules.
  const cellLine = exact(Math.round(GB_PAGE.imprintPt * (b.compact ? 1.1 : 1.5) * 20));
  const padV = mm(b.compact ? 0.2 : 1);
  const margins = { left: mm(1.5), right: mm(1.5), top: padV, bottom: padV };
  const header = new TableRow({
    tableHeader: true, // repeated at the top of every page the table runs onto
    cantSplit: true,
    children: b.columns.map(
      (_, i) =>
        new TableCell({
          width: { size: widths[i]!, type: WidthType.DXA },
          verticalAlign: VerticalAlignTable.CENTER,
          margins,
          children: [
            new Paragraph({
              alignment: AlignmentType.CENTER,
              spacing: cellLine,
              pageBreakBefore: pageBreakBefore && i === 0,
              children: cellRuns(lines.head[i]!, { font: HEITI, size: SMALL }),
            }),
          ],
        }),
    ),
  });
  const rowMm = tableRowHeightMm(b);
  const height = rowMm ? { value: mm(rowMm), rule: HeightRule.ATLEAST } : undefined;
  const rows = b.rows.map(
    (r, k) =>
      new TableRow({
        cantSplit: true,
        ...(height ? { height } : {}),
        children: tableRowCells(b.columns, r).map(
          (_, i) =>
            new TableCell({
              width: { size: widths[i]!, type: WidthType.DXA },
              verticalAlign: VerticalAlignTable.CENTER,
              margins,
              children: [
                new Paragraph({ spacing: cellLine, children: cellRuns(lines.rows[k]![i]!, { size: SMALL }) }),
              ],
            }),
        ),
      }),
  );
  const line: IBorderOptions = { style: BorderStyle.SINGLE, size: 6, color: '000000' };
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: {
      top: line,
      bottom: line,
      left: line,
      right: line,
      insideHorizontal: line,
      insideVertical: line,
    },
    rows: [header, ...rows],
  });
}

function block(b: NumberedBlock, pageBreakBefore: boolean, before: number): Paragraph | Table {
  const indent = { firstLine: chars(2) };
  const spacing = before ? { before } : undefined;
  switch (b.type) {
    case 'h1':
      return new Paragraph({
        indent,
        keepNext: true,
        pageBreakBefore,
        spacing,
        children: [run(`${b.number}${b.text}`, { font: HEITI })],
      });
    case 'h2':
      return new Paragraph({
        indent,
        keepNext: true,
        pageBreakBefore,
        spacing,
        children: [run(`${b.number}${b.text}`, { font: KAITI })],
      });
    case 'h3': // often a whole point in bold rather than a heading: not kept with the next paragraph
      return new Paragraph({
        indent,
        pageBreakBefore,
        spacing,
        children: [run(`${b.number}${b.text}`, { bold: true })],
      });
    case 'p':
      return new Paragraph({
        indent,
        pageBreakBefore,
        spacing,
        alignment: AlignmentType.BOTH,
        children: [run(b.text)],
      });
    case 'table':
      return table(b, pageBreakBefore);
    case 'pagebreak':
      throw new Error('page breaks are applied to the block after them');
  }
}

/**
 * 版记 (抄送, 印发机关 and 印发日期) as a borderless table between full-width rules, floating at the foot of the
 * page as GB/T 9704 places it: its last rule on the bottom edge of the text block of the last page.
 */
function imprint(doc: OfficialDoc): Table | undefined {
  const thick: IBorderOptions = { style: BorderStyle.SINGLE, size: 8, color: '000000' }; // 0.35 mm
  const thin: IBorderOptions = { style: BorderStyle.SINGLE, size: 6, color: '000000' }; // 0.25 mm
  const none: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };
  const small = GB_PAGE.imprintPt * 20 + TRACKING; // one 4号 character
  const printed = doc.printedOn ? `${officialDate(doc.printedOn)}印发` : '';
  // The 印发日期 column is as wide as the date, so that a long 印发机关 wraps within its own column.
  const dateWidth = Math.round((textWidthEm(printed) + 3) * small); // room for Word's space around digits
  const widths = [TEXT_WIDTH - dateWidth, dateWidth];
  const cell = (p: Paragraph, column: 0 | 1 | 'both') =>
    new TableCell({
      width: { size: column === 'both' ? TEXT_WIDTH : widths[column]!, type: WidthType.DXA },
      columnSpan: column === 'both' ? 2 : 1,
      margins: { left: 0, right: 0 },
      children: [p],
    });
  const rows: TableRow[] = [];
  if (doc.copyTo)
    rows.push(
      new TableRow({
        children: [
          cell(
            new Paragraph({
              // 左右各空一字; wrapped lines line up with the first office after the colon.
              indent: { left: 4 * small, hanging: 3 * small, right: small },
              children: [run(copyToText(doc.copyTo), { size: SMALL })],
            }),
            'both',
          ),
        ],
      }),
    );
  if (doc.printedBy || doc.printedOn)
    rows.push(
      new TableRow({
        children: [
          cell(
            new Paragraph({ indent: { left: small }, children: [run(doc.printedBy ?? '', { size: SMALL })] }),
            0,
          ),
          cell(
            new Paragraph({
              alignment: AlignmentType.RIGHT,
              indent: { right: small },
              children: [run(printed, { size: SMALL })],
            }),
            1,
          ),
        ],
      }),
    );
  if (rows.length === 0) return undefined;
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: {
      top: thick,
      bottom: thick,
      left: none,
      right: none,
      insideHorizontal: thin,
      insideVertical: none,
    },
    float: {
      // Placed from the page's left edge at the 订口 (28 mm) rather than centred between the margins: the same
      // place in Word, and LibreOffice floats a table placed on the page to the foot, where it sets a full-width
      // one placed in the margins inline, right after the text (measured on its PDF, tests/e2e/documents.spec.ts).
      horizontalAnchor: TableAnchorType.PAGE,
      absoluteHorizontalPosition: MARGIN.left,
      verticalAnchor: TableAnchorType.MARGIN,
      relativeVerticalPosition: RelativeVerticalPosition.BOTTOM,
      overlap: OverlapType.NEVER,
      // A blank line between it and text above it, where an editor lets it move up into the flow.
      topFromText: LINE,
    },
    rows,
  });
}

/**
 * A title in 2号 小标宋 as the printed page sets it: balanced lines broken only between words, measured as the OFD
 * measures them (titleLineTexts), as explicit line breaks, since Word would otherwise break a Chinese title inside a word.
 */
function titleRuns(title: string): TextRun[] {
  return titleLineTexts(title, ofdFonts()).map(
    (line, i) =>
      new TextRun({
        text: line,
        font: XIAOBIAOSONG,
        size: GB_PAGE.titlePt * 2,
        characterSpacing: 0,
        ...(i ? { break: 1 } : {}),
      }),
  );
}

/** "— N —" in 4号 半角宋体: odd pages on the right, even pages on the left, 空一字. */
function pageNumberFooter(side: 'odd' | 'even'): Footer {
  const oneChar = GB_PAGE.imprintPt * 20;
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: oneChar } : { left: oneChar },
        spacing: exact(oneChar + 20),
        children: [
          new TextRun({
            children: ['— ', PageNumber.CURRENT, ' —'],
            font: SONGTI,
            size: SMALL,
            characterSpacing: 0,
          }),
        ],
      }),
    ],
  });
}

/** The document as a .docx file. */
export async function officialDocDocx(docOrDocs: OfficialDoc | readonly OfficialDoc[]): Promise<Buffer> {
  // Several documents print one after another, each from a new page (the 记分通知书 and its 送达回证).
  const docs: readonly OfficialDoc[] = Array.isArray(docOrDocs) ? docOrDocs : [docOrDocs as OfficialDoc];
  const doc = docs[0];
  if (!doc) throw new RangeError('没有要写入 Word 文件的公文');
  const children = docs.flatMap((d, i) => docChildren(d, i > 0));
  // The body ends with a paragraph (a floating table is anchored to the one after it).
  if (!(children.at(-1) instanceof Paragraph)) children.push(new Paragraph({ spacing: exact(20) }));
  return packDocx(doc, children);
}

/** One document's paragraphs and tables; `newPage` starts it on a new page. */
function docChildren(doc: OfficialDoc, newPage: boolean): (Paragraph | Table)[] {
  let pendingBreak = newPage;
  /** Whether the next paragraph written starts the new page (once). */
  const takeBreak = (): boolean => {
    const b = pendingBreak;
    pendingBreak = false;
    return b;
  };
  const children: (Paragraph | Table)[] = doc.kind === 'plain' ? [] : head(doc, takeBreak());
  // 标题 two lines below the red rule; the text one line below the title (or the rule, when there is none).
  let gap = doc.kind === 'plain' ? 0 : LINE;
  if (doc.title)
    children.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: gap + (doc.kind === 'plain' ? 0 : LINE), after: doc.subtitle ? 0 : LINE },
        keepNext: true,
        pageBreakBefore: takeBreak(),
        children: titleRuns(doc.title),
      }),
    );
  if (doc.subtitle)
    children.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: doc.title ? 0 : gap, after: LINE },
        pageBreakBefore: takeBreak(),
        children: [run(doc.subtitle, { font: KAITI })],
      }),
    );
  if (doc.title || doc.subtitle) gap = 0;
  /** The space before the next paragraph written, used once. */
  const takeGap = (): number => {
    const g = gap;
    gap = 0;
    return g;
  };

  if (doc.addressee)
    children.push(
      new Paragraph({
        spacing: { before: takeGap() },
        pageBreakBefore: takeBreak(),
        children: [run(addresseeText(doc.addressee))],
      }),
    );

  let breakNext = takeBreak();
  for (const b of numberBlocks(doc.blocks)) {
    if (b.type === 'pagebreak') {
      breakNext = true;
      continue;
    }
    const before = takeGap();
    if (before && b.type === 'table')
      children.push(new Paragraph({})); // a table's blank line above it
    // Two tables in a row would be merged into one by Word and LibreOffice (the second's head becoming a body
    // row, the first's head repeated over it): a hairline paragraph keeps them apart, as they print.
    else if (b.type === 'table' && children.at(-1) instanceof Table)
      children.push(new Paragraph({ spacing: exact(20) }));
    children.push(block(b, breakNext, b.type === 'table' ? 0 : before));
    breakNext = false;
  }

  // 附件说明, 落款 and 出席 lines: each group one blank line below what comes before it.
  const group = (paragraphs: IParagraphOptions[]) => {
    paragraphs.forEach((p, i) =>
      children.push(
        new Paragraph({
          ...p,
          pageBreakBefore: i === 0 && breakNext,
          spacing: { before: i === 0 ? LINE : 0 },
        }),
      ),
    );
    breakNext = false;
  };
  if (doc.attachments?.length)
    group(
      attachmentLines(doc.attachments).map((l) => ({
        indent: { left: chars(2 + l.hangEm), hanging: chars(l.hangEm - l.indentEm) },
        children: [run(l.text)],
      })),
    );
  if (doc.kind !== 'minutes' && (doc.signer || doc.date)) {
    const date = doc.date ? officialDate(doc.date) : undefined;
    const { signerRightEm, dateRightEm } = signatureLayout(doc.signer, date);
    const lines: IParagraphOptions[] = [];
    if (doc.signer)
      lines.push({
        alignment: AlignmentType.RIGHT,
        indent: { right: chars(signerRightEm) },
        children: [run(doc.signer)],
      });
    if (date)
      lines.push({
        alignment: AlignmentType.RIGHT,
        indent: { right: chars(dateRightEm) },
        children: [run(date)],
      });
    group(lines);
  }
  if (doc.attendance?.length)
    group(
      doc.attendance.map((a) => {
        const hang = textWidthEm(a.label) + 1;
        return {
          indent: { left: chars(2 + hang), hanging: chars(hang) },
          children: [run(`${a.label}：`, { font: HEITI }), run(a.names)],
        };
      }),
    );

  // 附件 (GB/T 9704 7.5): each on a new page, "附件N" 顶格 in 黑体 on its first line, the title centred on the
  // third, then its body; the 版记 comes after the last.
  (doc.annexes ?? []).forEach((a, i, all) => {
    children.push(
      new Paragraph({
        pageBreakBefore: true,
        children: [run(annexLabel(i, all.length), { font: HEITI })],
      }),
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: LINE, after: LINE },
        keepNext: true,
        children: titleRuns(a.title),
      }),
    );
    let breakAnnex = false;
    for (const b of numberBlocks(a.blocks)) {
      if (b.type === 'pagebreak') {
        breakAnnex = true;
        continue;
      }
      children.push(block(b, breakAnnex, 0));
      breakAnnex = false;
    }
  });

  const imprintTable = imprint(doc);
  // The 版记 floats to the foot of the page; no blank paragraph before it (one would be carried onto a page of its
  // own when the text above fills the page).
  // Anchored to the paragraph after it, which must stay in this document (not the next one's first page).
  if (imprintTable) children.push(imprintTable, new Paragraph({ spacing: exact(20) }));
  return children;
}

async function packDocx(doc: OfficialDoc, children: (Paragraph | Table)[]): Promise<Buffer> {
  const document = new Document({
    title: doc.title || doc.issuerMark || '公文',
    creator: doc.signer ?? '综合监管工作台',
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: {
            font: FANGSONG,
            size: BODY,
            characterSpacing: TRACKING,
            language: { value: 'zh-CN', eastAsia: 'zh-CN' },
          },
          paragraph: { spacing: { before: 0, after: 0, ...exact(LINE) } },
        },
      },
      // The 正文 style names the 3号 size too: LibreOffice takes the grid's character pitch from it.
      paragraphStyles: [
        { id: 'Normal', name: 'Normal', quickFormat: true, run: { size: BODY, characterSpacing: TRACKING } },
      ],
    },
    sections: [
      {
        properties: {
          // 文档网格 (页面设置 › 文档网格: 指定行和字符网格, 每页 22 行, 每行 28 字), shown to whoever edits the
          // file in Word or WPS. The paragraphs do not snap to it (w:snapToGrid off in the defaults, PARAGRAPH_
          // DEFAULTS): their exact 28.95 pt lines and the tracking already set 22 × 28, and LibreOffice, which
          // gives each 16 pt character two 15.8 pt grid cells where text snaps, lays them out the same way.
          grid: { type: DocumentGridType.LINES_AND_CHARS, linePitch: LINE, charSpace: GRID_CHAR_SPACE },
          page: {
            size: { width: PAGE_WIDTH, height: PAGE_HEIGHT },
            margin: {
              ...MARGIN,
              header: mm(15),
              // The 4号 page number line starts 7 mm below the text block, less the dash's place in it.
              footer:
                mm(GB_PAGE.marginBottomMm - GB_PAGE.pageNumberGapMm + DASH_IN_LINE_MM) -
                (GB_PAGE.imprintPt * 20 + 20),
            },
          },
        },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children,
      },
    ],
  });
  return withFontTable(await Packer.toBuffer(document));
}

/**
 * Word's character pitch for 28 characters in the 156 mm line: the difference from the 16 pt default font in
 * 4096ths of a point (ECMA-376 17.6.5, w:charSpace of a linesAndChars grid).
 */
export const GRID_CHAR_SPACE = Math.round((((GB_PAGE.textWidthMm / 25.4) * 72) / 28 - GB_PAGE.bodyPt) * 4096);

/**
 * The faces the file names, each with what Word and WPS should use on a PC that lacks it (w:altName), its
 * character set (86 = GB2312), family and PANOSE, so that a stock Windows PC sets 仿宋_GB2312 in 仿宋 rather
 * than in whatever it picks. Panose values are those the faces themselves carry.
 */
export const DOCX_FONTS: {
  name: string;
  altName: string;
  family: 'roman' | 'modern' | 'script';
  panose: string;
}[] = [
  { name: GB_FONTS.fangsong[0], altName: '仿宋', family: 'modern', panose: '02010609030101010101' },
  { name: GB_FONTS.kaiti[0], altName: '楷体', family: 'modern', panose: '02010609030101010101' },
  { name: GB_FONTS.xiaobiaosong[0], altName: '华文中宋', family: 'script', panose: '02000000000000000000' },
  { name: GB_FONTS.heiti[0], altName: 'SimHei', family: 'modern', panose: '02010609060101010101' },
  { name: GB_FONTS.songti[0], altName: 'SimSun', family: 'roman', panose: '02010600030101010101' },
  // The alternates themselves, so that Word finds their metrics too.
  { name: '仿宋', altName: 'FangSong', family: 'modern', panose: '02010609060101010101' },
  { name: '楷体', altName: 'KaiTi', family: 'modern', panose: '02010609060101010101' },
  { name: '华文中宋', altName: 'STZhongsong', family: 'roman', panose: '02010600040101010101' },
];

function fontTableXml(): string {
  const fonts = DOCX_FONTS.map(
    (f) =>
      `<w:font w:name="${f.name}"><w:altName w:val="${f.altName}"/><w:panose1 w:val="${f.panose}"/>` +
      `<w:charset w:val="86"/><w:family w:val="${f.family}"/><w:pitch w:val="fixed"/>` +
      `<w:sig w:usb0="00000001" w:usb1="080E0000" w:usb2="00000010" w:usb3="00000000" w:csb0="00040000" w:csb1="00000000"/></w:font>`,
  ).join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    `${fonts}</w:fonts>`
  );
}

/**
 * Paragraph defaults the docx library cannot write (in the schema's order, before w:spacing): no extra space
 * between Chinese and Latin text or digits (autoSpaceDE/DN, on by default in Word; the printed page has none),
 * and no snapping to the document grid (see the section's grid).
 */
const PARAGRAPH_DEFAULTS = '<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:snapToGrid w:val="0"/>';

/** The docx library writes an empty font table: put the named faces with their fallbacks in it. */
function withFontTable(docx: Buffer): Buffer {
  const parts = unzipSync(new Uint8Array(docx));
  parts['word/fontTable.xml'] = strToU8(fontTableXml());
  const styles = strFromU8(parts['word/styles.xml']!);
  const withDefaults = styles.replace('<w:pPrDefault><w:pPr>', `<w:pPrDefault><w:pPr>${PARAGRAPH_DEFAULTS}`);
  if (withDefaults === styles) throw new Error('styles.xml has no paragraph defaults to extend');
  parts['word/styles.xml'] = strToU8(withDefaults);
  // The library's font table relationships point at embedded fonts, of which there are none.
  const rels = parts['word/_rels/fontTable.xml.rels'];
  if (rels && !strFromU8(rels).includes('<Relationship ')) delete parts['word/_rels/fontTable.xml.rels'];
  return Buffer.from(zipSync(parts, { level: 6 }));
}
