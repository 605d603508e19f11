// Fonts for OFD files: the Noto faces the app already ships (@fontsource, split by Google into unicode-range
// pieces of WOFF 1.0 TrueType), measured for layout and merged into one small TrueType font per face holding only
// the characters a document uses. A WOFF 1.0 file is a TrueType font whose tables are zlib-compressed, so this
// needs no font library: decompress the tables, copy the used glyphs (with the components of composite glyphs),
// and write the tables a renderer needs (cmap, glyf/loca, hmtx, head, hhea, maxp, OS/2, name, post).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { AppError } from '../../../shared/errors';
import type { OfdFontKey, OfdMetrics } from '../../../shared/ofd/layout';

interface Piece {
  file: string;
  ranges: [number, number][];
}

interface Sfnt {
  tables: Map<string, Buffer>;
  unitsPerEm: number;
  numGlyphs: number;
  longLoca: boolean;
  numHMetrics: number;
  cmap: Map<number, number>;
}

/** Which package, weight and family name each face of the layout comes from. */
const FACES: Record<OfdFontKey, { pkg: string; weight: number; family: string }> = {
  serif: { pkg: '@fontsource/noto-serif-sc', weight: 400, family: 'Noto Serif SC' },
  serifBold: { pkg: '@fontsource/noto-serif-sc', weight: 700, family: 'Noto Serif SC' },
  sans: { pkg: '@fontsource/noto-sans-sc', weight: 400, family: 'Noto Sans SC' },
};

const require_ = createRequire(import.meta.url);

function packageDir(pkg: string): string {
  try {
    return dirname(require_.resolve(`${pkg}/package.json`));
  } catch {
    throw new AppError('UNSUPPORTED', `找不到字体包 ${pkg}，无法生成 OFD 文件（请重新安装程序）`);
  }
}

/** The pieces of one weight, from the package's CSS (its unicode-range lines name each piece's characters). */
function pieces(pkg: string, weight: number): { dir: string; pieces: Piece[] } {
  const dir = packageDir(pkg);
  const css = readFileSync(join(dir, `${weight}.css`), 'utf8');
  const out: Piece[] = [];
  for (const block of css.split('@font-face').slice(1)) {
    const file = /url\(\.\/files\/([^)]+\.woff)\)\s*format\('woff'\)/.exec(block)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
    if (!file || !range) continue;
    const ranges = range.split(',').map((r): [number, number] => {
      const [a, b] = r.trim().replace(/^U\+/i, '').split('-');
      const lo = parseInt(a!, 16);
      return [lo, b ? parseInt(b, 16) : lo];
    });
    out.push({ file, ranges });
  }
  if (!out.length) throw new AppError('UNSUPPORTED', `字体包 ${pkg} 中没有 ${weight} 字重的 WOFF 文件`);
  return { dir, pieces: out };
}

/** WOFF 1.0 → its sfnt tables, decompressed. */
export function readWoff(bytes: Buffer): Sfnt {
  if (bytes.toString('latin1', 0, 4) !== 'wOFF') throw new Error('不是 WOFF 字体文件');
  const numTables = bytes.readUInt16BE(12);
  const tables = new Map<string, Buffer>();
  for (let i = 0; i < numTables; i++) {
    const at = 44 + i * 20;
    const tag = bytes.toString('latin1', at, at + 4);
    const offset = bytes.readUInt32BE(at + 4);
    const compLength = bytes.readUInt32BE(at + 8);
    const origLength = bytes.readUInt32BE(at + 12);
    const raw = bytes.subarray(offset, offset + compLength);
    tables.set(tag, compLength < origLength ? inflateSync(raw) : Buffer.from(raw));
  }
  const head = tables.get('head')!;
  const maxp = tables.get('maxp')!;
  const hhea = tables.get('hhea')!;
  return {
    tables,
    unitsPerEm: head.readUInt16BE(18),
    longLoca: head.readInt16BE(50) === 1,
    numGlyphs: maxp.readUInt16BE(4),
    numHMetrics: hhea.readUInt16BE(34),
    cmap: readCmap(tables.get('cmap')!),
  };
}

function readCmap(t: Buffer): Map<number, number> {
  const map = new Map<number, number>();
  const n = t.readUInt16BE(2);
  for (let i = 0; i < n; i++) {
    const off = t.readUInt32BE(4 + i * 8 + 4);
    const format = t.readUInt16BE(off);
    if (format === 12) {
      const groups = t.readUInt32BE(off + 12);
      for (let g = 0; g < groups; g++) {
        const at = off + 16 + g * 12;
        const start = t.readUInt32BE(at);
        const end = t.readUInt32BE(at + 4);
        const gid = t.readUInt32BE(at + 8);
        for (let c = start; c <= end; c++) map.set(c, gid + c - start);
      }
    } else if (format === 4) {
      const segX2 = t.readUInt16BE(off + 6);
      const ends = off + 14;
      const starts = ends + segX2 + 2;
      const deltas = starts + segX2;
      const ranges = deltas + segX2;
      for (let s = 0; s < segX2 / 2; s++) {
        const end = t.readUInt16BE(ends + s * 2);
        const start = t.readUInt16BE(starts + s * 2);
        const delta = t.readInt16BE(deltas + s * 2);
        const ro = t.readUInt16BE(ranges + s * 2);
        for (let c = start; c <= end && c !== 0xffff; c++) {
          let gid: number;
          if (ro === 0) gid = (c + delta) & 0xffff;
          else {
            const g = t.readUInt16BE(ranges + s * 2 + ro + (c - start) * 2);
            gid = g === 0 ? 0 : (g + delta) & 0xffff;
          }
          if (gid && !map.has(c)) map.set(c, gid);
        }
      }
    }
  }
  return map;
}

function glyphData(f: Sfnt, gid: number): Buffer {
  const loca = f.tables.get('loca')!;
  const glyf = f.tables.get('glyf')!;
  const at = (i: number) => (f.longLoca ? loca.readUInt32BE(i * 4) : loca.readUInt16BE(i * 2) * 2);
  return glyf.subarray(at(gid), at(gid + 1));
}

function advance(f: Sfnt, gid: number): { aw: number; lsb: number } {
  const hmtx = f.tables.get('hmtx')!;
  const i = Math.min(gid, f.numHMetrics - 1);
  const aw = hmtx.readUInt16BE(i * 4);
  const lsb =
    gid < f.numHMetrics
      ? hmtx.readInt16BE(i * 4 + 2)
      : hmtx.readInt16BE(f.numHMetrics * 4 + (gid - f.numHMetrics) * 2);
  return { aw, lsb };
}

/** One face: its pieces, loaded when a character of theirs is first asked for. */
class Face {
  private readonly loaded = new Map<string, Sfnt>();
  private readonly where = new Map<number, { font: Sfnt; gid: number } | null>();
  readonly dir: string;
  readonly pieces: Piece[];
  constructor(
    readonly key: OfdFontKey,
    readonly family: string,
    pkg: string,
    weight: number,
  ) {
    const p = pieces(pkg, weight);
    this.dir = p.dir;
    this.pieces = p.pieces;
  }

  private load(file: string): Sfnt {
    let f = this.loaded.get(file);
    if (!f) {
      f = readWoff(readFileSync(join(this.dir, 'files', file)));
      this.loaded.set(file, f);
    }
    return f;
  }

  /** The font and glyph of a character, or null when the face lacks it. */
  glyph(cp: number): { font: Sfnt; gid: number } | null {
    if (this.where.has(cp)) return this.where.get(cp)!;
    let found: { font: Sfnt; gid: number } | null = null;
    for (const p of this.pieces) {
      if (!p.ranges.some(([a, b]) => cp >= a && cp <= b)) continue;
      const font = this.load(p.file);
      const gid = font.cmap.get(cp);
      if (gid) {
        found = { font, gid };
        break;
      }
    }
    this.where.set(cp, found);
    return found;
  }

  /** Any piece, for .notdef and the tables copied as they are. */
  first(): Sfnt {
    return this.load(
      this.pieces.find((p) => p.ranges.some(([a]) => a <= 0x41))?.file ?? this.pieces[0]!.file,
    );
  }

  metrics(): { ascent: number; descent: number } {
    const f = this.first();
    const hhea = f.tables.get('hhea')!;
    return { ascent: hhea.readInt16BE(4) / f.unitsPerEm, descent: -hhea.readInt16BE(6) / f.unitsPerEm };
  }

  advanceEm(cp: number): number {
    const g = this.glyph(cp);
    if (!g) return cp < 0x80 ? 0.5 : 1;
    return advance(g.font, g.gid).aw / g.font.unitsPerEm;
  }
}

/** Measures text in the faces the OFD embeds; one per process (the pieces are read once). */
export class OfdFonts implements OfdMetrics {
  private readonly faces = new Map<OfdFontKey, Face>();

  face(key: OfdFontKey): Face {
    let f = this.faces.get(key);
    if (!f) {
      const d = FACES[key];
      f = new Face(key, d.family, d.pkg, d.weight);
      this.faces.set(key, f);
    }
    return f;
  }

  advance(key: OfdFontKey, ch: string): number {
    return this.face(key).advanceEm(ch.codePointAt(0)!);
  }

  vertical(key: OfdFontKey): { ascent: number; descent: number } {
    return this.face(key).metrics();
  }

  family(key: OfdFontKey): string {
    return FACES[key].family;
  }

  /** A TrueType font of this face holding exactly these characters (and .notdef). */
  subset(key: OfdFontKey, chars: Iterable<string>): Buffer {
    return subsetFont(this.face(key), chars);
  }
}

let shared: OfdFonts | null = null;
export function ofdFonts(): OfdFonts {
  shared ??= new OfdFonts();
  return shared;
}

// --- writing TrueType ---------------------------------------------------------------------------------------------

function subsetFont(face: Face, chars: Iterable<string>): Buffer {
  const base = face.first();
  const upm = base.unitsPerEm;
  // New glyph list: .notdef, then one glyph per character, then the components composites need.
  const glyphs: { font: Sfnt; gid: number }[] = [{ font: base, gid: 0 }];
  const index = new Map<Sfnt, Map<number, number>>();
  const add = (font: Sfnt, gid: number): number => {
    let m = index.get(font);
    if (!m) index.set(font, (m = new Map()));
    const known = m.get(gid);
    if (known !== undefined) return known;
    const id = glyphs.length;
    m.set(gid, id);
    glyphs.push({ font, gid });
    return id;
  };
  index.set(base, new Map([[0, 0]]));
  const cmap = new Map<number, number>();
  const cps = [...new Set([...chars].map((c) => c.codePointAt(0)!))].sort((a, b) => a - b);
  for (const cp of cps) {
    const g = face.glyph(cp);
    if (g) cmap.set(cp, add(g.font, g.gid));
  }
  // Glyph data, components remapped (the list grows while walking it).
  const data: Buffer[] = [];
  for (let i = 0; i < glyphs.length; i++) {
    const { font, gid } = glyphs[i]!;
    let g = Buffer.from(glyphData(font, gid));
    if (g.length >= 10 && g.readInt16BE(0) < 0) {
      let at = 10;
      for (;;) {
        const flags = g.readUInt16BE(at);
        g.writeUInt16BE(add(font, g.readUInt16BE(at + 2)), at + 2);
        at += 4 + (flags & 1 ? 4 : 2);
        if (flags & 8) at += 2;
        else if (flags & 0x40) at += 4;
        else if (flags & 0x80) at += 8;
        if (!(flags & 0x20)) break;
      }
    }
    if (g.length % 2) g = Buffer.concat([g, Buffer.alloc(1)]);
    data.push(g);
  }
  const glyf = Buffer.concat(data);
  const loca = Buffer.alloc((glyphs.length + 1) * 4);
  let off = 0;
  data.forEach((d, i) => {
    loca.writeUInt32BE(off, i * 4);
    off += d.length;
  });
  loca.writeUInt32BE(off, glyphs.length * 4);
  const hmtx = Buffer.alloc(glyphs.length * 4);
  glyphs.forEach(({ font, gid }, i) => {
    const { aw, lsb } = advance(font, gid);
    hmtx.writeUInt16BE(Math.round((aw * upm) / font.unitsPerEm), i * 4);
    hmtx.writeInt16BE(lsb, i * 4 + 2);
  });

  const head = Buffer.from(base.tables.get('head')!);
  head.writeUInt32BE(0, 8); // checkSumAdjustment, set below
  head.writeInt16BE(1, 50); // long loca
  const hhea = Buffer.from(base.tables.get('hhea')!);
  hhea.writeUInt16BE(glyphs.length, 34);
  let maxAw = 0;
  for (let i = 0; i < glyphs.length; i++) maxAw = Math.max(maxAw, hmtx.readUInt16BE(i * 4));
  hhea.writeUInt16BE(maxAw, 10);
  const maxp = Buffer.from(base.tables.get('maxp')!);
  maxp.writeUInt16BE(glyphs.length, 4);
  // Components can nest deeper in a piece than in the first one: take the largest limits of the pieces used.
  for (const font of index.keys()) {
    const m = font.tables.get('maxp')!;
    if (m.length >= 32 && maxp.length >= 32)
      for (let at = 6; at < 32; at += 2)
        maxp.writeUInt16BE(Math.max(maxp.readUInt16BE(at), m.readUInt16BE(at)), at);
  }
  const post = Buffer.alloc(32);
  post.writeUInt32BE(0x00030000, 0);
  const src = base.tables.get('post');
  if (src) src.copy(post, 4, 4, 32);
  post.writeUInt32BE(0x00030000, 0);

  const tables: [string, Buffer][] = [
    ['OS/2', base.tables.get('OS/2')!],
    ['cmap', writeCmap(cmap)],
    ['glyf', glyf],
    ['head', head],
    ['hhea', hhea],
    ['hmtx', hmtx],
    ['loca', loca],
    ['maxp', maxp],
    ['name', base.tables.get('name')!],
    ['post', post],
  ];
  return writeSfnt(tables);
}

/** cmap with a format 4 subtable (BMP) and a format 12 one (all), for platform 3 encodings 1 and 10. */
function writeCmap(map: Map<number, number>): Buffer {
  const entries = [...map.entries()].sort((a, b) => a[0] - b[0]);
  // Format 12: one group per run of consecutive characters with consecutive glyphs.
  const groups: [number, number, number][] = [];
  for (const [cp, gid] of entries) {
    const last = groups[groups.length - 1];
    if (last && cp === last[1] + 1 && gid === last[2] + (cp - last[0])) last[1] = cp;
    else groups.push([cp, cp, gid]);
  }
  const f12 = Buffer.alloc(16 + groups.length * 12);
  f12.writeUInt16BE(12, 0);
  f12.writeUInt32BE(f12.length, 4);
  f12.writeUInt32BE(groups.length, 12);
  groups.forEach(([a, b, g], i) => {
    f12.writeUInt32BE(a, 16 + i * 12);
    f12.writeUInt32BE(b, 20 + i * 12);
    f12.writeUInt32BE(g, 24 + i * 12);
  });
  // Format 4: the BMP groups as segments with an idDelta, plus the final 0xFFFF segment.
  const segs = groups.filter(([a]) => a <= 0xfffe).map(([a, b, g]) => [a, Math.min(b, 0xfffe), g] as const);
  const all = [...segs, [0xffff, 0xffff, 1] as const];
  const n = all.length;
  const f4 = Buffer.alloc(16 + n * 8);
  f4.writeUInt16BE(4, 0);
  f4.writeUInt16BE(f4.length, 2);
  f4.writeUInt16BE(n * 2, 6);
  const p2 = 2 ** Math.floor(Math.log2(n));
  f4.writeUInt16BE(p2 * 2, 8);
  f4.writeUInt16BE(Math.log2(p2), 10);
  f4.writeUInt16BE(n * 2 - p2 * 2, 12);
  all.forEach(([a, b, g], i) => {
    f4.writeUInt16BE(b, 14 + i * 2);
    f4.writeUInt16BE(a, 16 + n * 2 + i * 2);
    f4.writeUInt16BE((g - a) & 0xffff, 16 + n * 4 + i * 2);
    f4.writeUInt16BE(0, 16 + n * 6 + i * 2);
  });
  const header = Buffer.alloc(4 + 2 * 8);
  header.writeUInt16BE(2, 2);
  header.writeUInt16BE(3, 4);
  header.writeUInt16BE(1, 6);
  header.writeUInt32BE(header.length, 8);
  header.writeUInt16BE(3, 12);
  header.writeUInt16BE(10, 14);
  header.writeUInt32BE(header.length + f4.length, 16);
  return Buffer.concat([header, f4, f12]);
}

function checksum(b: Buffer): number {
  const padded = b.length % 4 ? Buffer.concat([b, Buffer.alloc(4 - (b.length % 4))]) : b;
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

function writeSfnt(tables: [string, Buffer][]): Buffer {
  const n = tables.length;
  const p2 = 2 ** Math.floor(Math.log2(n));
  const dir = Buffer.alloc(12 + n * 16);
  dir.writeUInt32BE(0x00010000, 0);
  dir.writeUInt16BE(n, 4);
  dir.writeUInt16BE(p2 * 16, 6);
  dir.writeUInt16BE(Math.log2(p2), 8);
  dir.writeUInt16BE(n * 16 - p2 * 16, 10);
  const body: Buffer[] = [];
  let offset = dir.length;
  let headAt = -1;
  tables.forEach(([tag, data], i) => {
    dir.write(tag, 12 + i * 16, 'latin1');
    dir.writeUInt32BE(checksum(data), 16 + i * 16);
    dir.writeUInt32BE(offset, 20 + i * 16);
    dir.writeUInt32BE(data.length, 24 + i * 16);
    if (tag === 'head') headAt = offset;
    const pad = (4 - (data.length % 4)) % 4;
    body.push(data, Buffer.alloc(pad));
    offset += data.length + pad;
  });
  const font = Buffer.concat([dir, ...body]);
  font.writeUInt32BE((0xb1b0afba - checksum(font)) >>> 0, headAt + 8);
  return font;
}
