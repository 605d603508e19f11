// Measures a PDF the way a reader sees it: poppler renders each page to an image (pdftoppm at 150 dpi) and the
// positions of the red rule, the red mark, black rules and the page number's dash are found from the pixels, in
// mm from the top left edge of the page. Used by the end-to-end and unit tests of the printed documents; nothing
// here reads the app's own HTML.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DPI = 150;
const PX_PER_MM = DPI / 25.4;
export const pxToMm = (px: number): number => px / PX_PER_MM;

/** One page as RGB pixels. */
export interface PageImage {
  width: number;
  height: number;
  rgb: Uint8Array;
}

/** Parses a binary PPM (P6) as pdftoppm writes it. */
function parsePpm(buf: Buffer): PageImage {
  // Header: "P6\n<w> <h>\n<max>\n"
  let pos = 0;
  const tokens: string[] = [];
  while (tokens.length < 4) {
    while (/\s/.test(String.fromCharCode(buf[pos]!))) pos++;
    let t = '';
    while (!/\s/.test(String.fromCharCode(buf[pos]!))) t += String.fromCharCode(buf[pos++]!);
    tokens.push(t);
  }
  pos++; // the single whitespace after maxval
  if (tokens[0] !== 'P6') throw new Error(`not a PPM: ${tokens[0]}`);
  const width = Number(tokens[1]);
  const height = Number(tokens[2]);
  return { width, height, rgb: new Uint8Array(buf.buffer, buf.byteOffset + pos, width * height * 3) };
}

/** Every page of the PDF as an image at 150 dpi. */
export function pageImages(pdf: string): PageImage[] {
  const dir = mkdtempSync(join(tmpdir(), 'zj-ppm-'));
  try {
    execFileSync('pdftoppm', ['-r', String(DPI), pdf, join(dir, 'p')]);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.ppm'))
      .sort((a, b) => Number(/(\d+)\.ppm$/.exec(a)![1]) - Number(/(\d+)\.ppm$/.exec(b)![1]))
      .map((f) => parsePpm(readFileSync(join(dir, f))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Kind = (r: number, g: number, b: number) => boolean;
export const isRed: Kind = (r, g, b) => r > 150 && g < 110 && b < 110;
export const isDark: Kind = (r, g, b) => r < 110 && g < 110 && b < 110;

/** How many pixels of each row are of the kind, between columns x0 and x1 (mm). */
function rowCounts(img: PageImage, kind: Kind, x0Mm = 0, x1Mm = 210): number[] {
  const x0 = Math.max(0, Math.round(x0Mm * PX_PER_MM));
  const x1 = Math.min(img.width, Math.round(x1Mm * PX_PER_MM));
  const out: number[] = [];
  for (let y = 0; y < img.height; y++) {
    let n = 0;
    for (let x = x0; x < x1; x++) {
      const i = (y * img.width + x) * 3;
      if (kind(img.rgb[i]!, img.rgb[i + 1]!, img.rgb[i + 2]!)) n++;
    }
    out.push(n);
  }
  return out;
}

/** Horizontal rules of the kind at least `minWidthMm` long: their top, bottom and centre in mm. */
export function rules(
  img: PageImage,
  kind: Kind,
  minWidthMm = 140,
): { topMm: number; bottomMm: number; centreMm: number }[] {
  const counts = rowCounts(img, kind);
  const min = minWidthMm * PX_PER_MM;
  const out: { topMm: number; bottomMm: number; centreMm: number }[] = [];
  let start = -1;
  counts.forEach((n, y) => {
    if (n >= min && start < 0) start = y;
    if ((n < min || y === counts.length - 1) && start >= 0) {
      const end = n < min ? y : y + 1;
      out.push({ topMm: pxToMm(start), bottomMm: pxToMm(end), centreMm: pxToMm((start + end) / 2) });
      start = -1;
    }
  });
  return out;
}

/** Runs of rows with any pixel of the kind (text lines, the mark): top and bottom in mm. */
export function inkRows(
  img: PageImage,
  kind: Kind,
  fromMm = 0,
  toMm = 297,
  x0Mm = 0,
  x1Mm = 210,
): { topMm: number; bottomMm: number }[] {
  const counts = rowCounts(img, kind, x0Mm, x1Mm);
  const y0 = Math.round(fromMm * PX_PER_MM);
  const y1 = Math.min(counts.length, Math.round(toMm * PX_PER_MM));
  const out: { topMm: number; bottomMm: number }[] = [];
  let start = -1;
  for (let y = y0; y <= y1; y++) {
    const ink = y < y1 && counts[y]! > 0;
    if (ink && start < 0) start = y;
    if (!ink && start >= 0) {
      out.push({ topMm: pxToMm(start), bottomMm: pxToMm(y) });
      start = -1;
    }
  }
  return out;
}

/**
 * The page number's first 一字线 below the text block (its top edge in mm): the leftmost run of dark pixels
 * in the foot of the page, which is one dash of "— N —" (a thin horizontal stroke).
 */
export function pageNumberDash(img: PageImage): { topMm: number; leftMm: number } | undefined {
  // From 2 mm below the text block: a 版记 or table rule on the block's bottom edge is not the dash.
  const y0 = Math.round(264 * PX_PER_MM);
  let best: { x: number; y: number } | undefined;
  for (let y = y0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 3;
      if (isDark(img.rgb[i]!, img.rgb[i + 1]!, img.rgb[i + 2]!)) {
        if (!best || x < best.x) best = { x, y };
        break;
      }
    }
  if (!best) return undefined;
  // The dash's top: the first dark row in the dash's own columns.
  const xs = [best.x, best.x + Math.round(PX_PER_MM)];
  for (let y = y0; y < img.height; y++)
    for (const x of xs) {
      const i = (y * img.width + x) * 3;
      if (isDark(img.rgb[i]!, img.rgb[i + 1]!, img.rgb[i + 2]!))
        return { topMm: pxToMm(y), leftMm: pxToMm(best.x) };
    }
  return undefined;
}

/** The fonts of a PDF as pdffonts lists them: name and type. */
export function pdfFonts(pdf: string): { name: string; type: string; embedded: boolean }[] {
  const out = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2);
  return out
    .filter((l) => l.trim())
    .map((l) => {
      const m =
        /^(\S+)\s+(Type 3|Type 1C|Type 1|TrueType|CID TrueType|CID Type 0C|CID Type 0|Type 0C?)\s+\S+\s+(yes|no)/.exec(
          l,
        );
      return { name: m?.[1] ?? l, type: m?.[2] ?? '?', embedded: m?.[3] === 'yes' };
    });
}

export function pdfPageCount(pdf: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
}

export function pdfPageSizePt(pdf: string): [number, number] {
  const m = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(
    execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }),
  )!;
  return [Number(m[1]), Number(m[2])];
}

/** The text of the PDF (or one page), whitespace removed. */
export function pdfFlatText(pdf: string, pageNo?: number): string {
  const range = pageNo ? ['-f', String(pageNo), '-l', String(pageNo)] : [];
  return execFileSync('pdftotext', ['-layout', ...range, pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

/** The text lines of a page as pdftotext lays them out, whitespace removed, empty lines dropped. */
export function pdfLines(pdf: string, pageNo?: number): string[] {
  const range = pageNo ? ['-f', String(pageNo), '-l', String(pageNo)] : [];
  return execFileSync('pdftotext', ['-layout', ...range, pdf, '-'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.replace(/\s+/g, ''))
    .filter(Boolean);
}

/** The 版心 measured on a page: GB/T 9704 geometry in mm from the top left edge. */
export const TEXT_TOP_MM = 37;
export const TEXT_BOTTOM_MM = 262;
