// The bundled Noto Serif SC / Noto Sans SC (@fontsource, TrueType outlines in WOFF2) as @font-face rules with
// the font files inline, for HTML that a headless Chromium prints to PDF outside the app (signing a report, the
// CLI, tests). Without them Chromium falls back to the machine's fonts: on Linux these are Noto CJK, whose CFF
// outlines Chromium's PDF writer can only draw as unnamed Type 3 fonts (no text to select or archive). With
// them the PDF embeds named CID TrueType subsets, like the PDFs the app prints itself.
//
// The faces are cut by @fontsource into ~100 unicode ranges each; only the files whose range holds a character
// of the document are named. A renderer that can read the files from disk itself (the system Chromium of the
// browser host and the CLI) gets file: URLs; otherwise they go inline, which for a report with many different
// characters is 3–4 MB of base64 that Chromium takes about half a second to take in.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PdfRenderer } from './context';

const requireFromHere = createRequire(import.meta.url);

/** The faces the print CSS names as fallbacks (shared/print/official.ts and the other print pages). */
const FACES = [
  { pkg: '@fontsource/noto-serif-sc', css: '400.css' },
  { pkg: '@fontsource/noto-serif-sc', css: '700.css' },
  { pkg: '@fontsource/noto-sans-sc', css: '400.css' },
  { pkg: '@fontsource/noto-sans-sc', css: '700.css' },
] as const;

interface Face {
  /** The @font-face rule with its url() still relative to the package. */
  rule: string;
  ranges: [number, number][];
  file: string;
}

let faces: Face[] | null = null;

function parseRanges(s: string): [number, number][] {
  return s.split(',').map((part) => {
    const [a, b] = part.trim().replace(/^U\+/i, '').split('-');
    const lo = parseInt(a!.replace(/\?/g, '0'), 16);
    const hi = b ? parseInt(b, 16) : parseInt(a!.replace(/\?/g, 'f'), 16);
    return [lo, hi];
  });
}

function loadFaces(): Face[] {
  if (faces) return faces;
  const out: Face[] = [];
  for (const { pkg, css } of FACES) {
    const path = requireFromHere.resolve(`${pkg}/${css}`);
    const text = readFileSync(path, 'utf8');
    for (const m of text.matchAll(/@font-face\s*\{[^}]*\}/g)) {
      const rule = m[0];
      const woff2 = /url\(([^)]+\.woff2)\)/.exec(rule)?.[1];
      const range = /unicode-range:\s*([^;]+);/.exec(rule)?.[1];
      if (!woff2) continue;
      out.push({
        rule,
        ranges: range ? parseRanges(range) : [[0, 0x10ffff]],
        file: join(dirname(path), woff2),
      });
    }
  }
  faces = out;
  return out;
}

/** Characters every official page prints besides its text: the page numbers "— 12 —". */
const ALWAYS = '— 0123456789';

/** A renderer that may read the font files itself (PdfRenderer.fontUrl). */
type FontReader = Pick<PdfRenderer, 'fontUrl'> | null | undefined;

/** The folders the bundled font files are in (a renderer that reads them itself allows these and nothing else). */
export function fontDirs(): string[] {
  return [...new Set(loadFaces().map((f) => dirname(f.file)))];
}

/**
 * @font-face rules for the bundled Noto faces, limited to the unicode ranges the given text uses: each WOFF2 at the
 * URL `fontUrl` gives it, else inline as a data: URL. Put them in the <style> of a page that Chromium prints without
 * network access.
 */
export function embeddedFontCss(text: string, renderer?: FontReader): string {
  const codes = new Set<number>();
  for (const ch of text + ALWAYS) codes.add(ch.codePointAt(0)!);
  const used = loadFaces().filter((f) =>
    [...codes].some((c) => f.ranges.some(([lo, hi]) => c >= lo && c <= hi)),
  );
  return used
    .map((f) => {
      const url = renderer?.fontUrl?.(f.file) ?? `data:font/woff2;base64,${readFileSync(f.file).toString('base64')}`;
      return f.rule
        .replace(/src:[^;]+;/, `src: url(${url}) format('woff2');`)
        .replace(/font-display:\s*\w+;/, 'font-display: block;');
    })
    .join('\n');
}

/** The text of an HTML page (tags dropped, the common entities decoded): what its fonts must cover. */
function htmlText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** A standalone HTML page with the bundled fonts it needs in its <head>: inline, or where `fontUrl` says the
 *  renderer that will print it reads them itself. */
export function withEmbeddedFonts(html: string, renderer?: FontReader): string {
  const css = `<style>${embeddedFontCss(htmlText(html), renderer)}</style>`;
  return /<\/head>/i.test(html) ? html.replace(/<\/head>/i, `${css}</head>`) : `${css}${html}`;
}
