// OFD (GB/T 33190-2016) package structure, checked against the standard's element names with an XML parser, and the
// embedded fonts checked as TrueType: every character drawn has a glyph in the font its TextObject names.
import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { DOMParser } from '@xmldom/xmldom';
import { officialDocOfd } from '../../db/core/ofd';
import { readWoff } from '../../db/core/ofd/fonts';
import type { OfficialDoc } from '../../shared/print/official';

const NS = 'http://www.ofdspec.org/2016';
const doc: OfficialDoc = {
  kind: 'document',
  issuerMark: '绍兴市越城区卫生健康局文件',
  docNumber: '越卫健〔2026〕12号',
  title: '关于召开2026年第四季度综合监管联席会议的通知',
  addressee: '各成员单位',
  blocks: [
    { type: 'p', text: '经研究，定于2026年11月25日召开第四季度联席会议。现将有关事项通知如下：' },
    { type: 'h1', text: '会议时间' },
    { type: 'table', columns: ['序号', '单位'], rows: [['1', '区市场监管局']], widths: [1, 4] },
  ],
  signer: '绍兴市越城区卫生健康局',
  date: '2026-11-20',
  copyTo: '区政府办公室',
  printedBy: '绍兴市越城区卫生健康局办公室',
  printedOn: '2026-11-20',
};

const xml = (b: Uint8Array | undefined) => {
  expect(b).toBeDefined();
  return new DOMParser().parseFromString(new TextDecoder().decode(b), 'text/xml');
};
const kids = (el: Element, name: string) =>
  Array.from(el.childNodes).filter(
    (n): n is Element => n.nodeType === 1 && (n as Element).localName === name,
  );

/** Wraps a bare TrueType font as WOFF 1.0 (uncompressed tables) so readWoff parses it. */
function asWoff(ttf: Uint8Array): Buffer {
  const b = Buffer.from(ttf);
  const n = b.readUInt16BE(4);
  const head = Buffer.alloc(44 + n * 20);
  head.write('wOFF', 0, 'latin1');
  head.writeUInt16BE(n, 12);
  for (let i = 0; i < n; i++) {
    const at = 12 + i * 16;
    b.copy(head, 44 + i * 20, at, at + 4);
    head.writeUInt32BE(b.readUInt32BE(at + 8), 44 + i * 20 + 4);
    head.writeUInt32BE(b.readUInt32BE(at + 12), 44 + i * 20 + 8);
    head.writeUInt32BE(b.readUInt32BE(at + 12), 44 + i * 20 + 12);
  }
  // Offsets point into the original font: place it after the header and shift them.
  for (let i = 0; i < n; i++)
    head.writeUInt32BE(head.readUInt32BE(44 + i * 20 + 4) + head.length, 44 + i * 20 + 4);
  return Buffer.concat([head, b]);
}

describe('OFD writer', () => {
  const bytes = officialDocOfd(doc, { title: doc.title, date: '2026-11-20' });
  const files = unzipSync(new Uint8Array(bytes));

  it('is the same bytes for the same document', () => {
    expect(officialDocOfd(doc, { title: doc.title, date: '2026-11-20' }).equals(bytes)).toBe(true);
  });

  it('has OFD.xml with DocBody, DocInfo and DocRoot, and a Document.xml with CommonData, an A4 PageArea, PublicRes and Pages', () => {
    const ofd = xml(files['OFD.xml']).documentElement!;
    expect(ofd.namespaceURI).toBe(NS);
    expect(ofd.localName).toBe('OFD');
    const body = kids(ofd, 'DocBody')[0]!;
    expect(kids(kids(body, 'DocInfo')[0]!, 'Title')[0]!.textContent).toBe(doc.title);
    const root = kids(body, 'DocRoot')[0]!.textContent!;
    expect(root).toBe('Doc_0/Document.xml');
    const document = xml(files[root]).documentElement!;
    const common = kids(document, 'CommonData')[0]!;
    expect(kids(kids(common, 'PageArea')[0]!, 'PhysicalBox')[0]!.textContent).toBe('0 0 210 297');
    expect(kids(common, 'PublicRes')[0]!.textContent).toBe('PublicRes.xml');
    const pages = kids(kids(document, 'Pages')[0]!, 'Page');
    expect(pages.length).toBeGreaterThanOrEqual(1);
    for (const p of pages) expect(files[`Doc_0/${p.getAttribute('BaseLoc')}`]).toBeDefined();
    const ids = [
      ...new TextDecoder().decode(files['Doc_0/Pages/Page_0/Content.xml']).matchAll(/ ID="(\d+)"/g),
    ].map((m) => Number(m[1]));
    expect(Math.max(...ids)).toBeLessThanOrEqual(Number(kids(common, 'MaxUnitID')[0]!.textContent));
  });

  it('embeds a subset font for every face used, with a glyph for every character drawn', () => {
    const res = xml(files['Doc_0/PublicRes.xml']).documentElement!;
    const base = res.getAttribute('BaseLoc');
    const fonts = new Map<string, Set<number>>();
    for (const f of kids(kids(res, 'Fonts')[0]!, 'Font')) {
      const file = files[`Doc_0/${base}/${kids(f, 'FontFile')[0]!.textContent}`];
      expect(file, 'font file').toBeDefined();
      expect(file!.length).toBeLessThan(200_000); // a subset, not the whole face
      fonts.set(f.getAttribute('ID')!, new Set(readWoff(asWoff(file!)).cmap.keys()));
    }
    let drawn = 0;
    for (const [name, b] of Object.entries(files)) {
      if (!/Content\.xml$/.test(name)) continue;
      const page = xml(b).documentElement!;
      for (const t of Array.from(page.getElementsByTagNameNS(NS, 'TextObject'))) {
        const glyphs = fonts.get(t.getAttribute('Font')!)!;
        const code = t.getElementsByTagNameNS(NS, 'TextCode')[0]!;
        const text = code.textContent!;
        expect(code.getAttribute('X')).not.toBeNull();
        expect(code.getAttribute('Y')).not.toBeNull();
        if ([...text].length > 1)
          expect(code.getAttribute('DeltaX')!.split(' ')).toHaveLength([...text].length - 1);
        for (const ch of text) expect(glyphs.has(ch.codePointAt(0)!), `${ch} in font`).toBe(true);
        drawn += text.length;
      }
    }
    expect(drawn).toBeGreaterThan(100);
  });

  it('draws the 发文机关标志 in red and the red rule as a PathObject 156 mm wide', () => {
    const page = xml(files['Doc_0/Pages/Page_0/Content.xml']).documentElement!;
    const mark = Array.from(page.getElementsByTagNameNS(NS, 'TextObject')).find(
      (t) => t.getElementsByTagNameNS(NS, 'TextCode')[0]!.textContent === doc.issuerMark,
    )!;
    expect(mark.getElementsByTagNameNS(NS, 'FillColor')[0]!.getAttribute('Value')).toBe('212 0 0');
    const red = Array.from(page.getElementsByTagNameNS(NS, 'PathObject')).filter(
      (p) => p.getElementsByTagNameNS(NS, 'StrokeColor')[0]?.getAttribute('Value') === '212 0 0',
    );
    expect(red).toHaveLength(1);
    const d = red[0]!.getElementsByTagNameNS(NS, 'AbbreviatedData')[0]!.textContent!.split(' ');
    expect(Number(d[4]) - Number(d[1])).toBeCloseTo(156, 1);
  });
});
