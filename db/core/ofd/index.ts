// OFD (GB/T 33190-2016) files of official documents: the model of shared/print/official.ts laid out by
// shared/ofd/layout.ts, written as OFD XML by shared/ofd/xml.ts, with the fonts it uses subset and embedded
// (db/core/ofd/fonts.ts), zipped with fflate. The same input gives the same bytes.
import { createHash } from 'node:crypto';
import { zipSync, type Zippable } from 'fflate';
import type { OfficialDoc } from '../../../shared/print/official';
import { layoutOfficialDocs, type OfdFontKey, type OfdPageLayout } from '../../../shared/ofd/layout';
import {
  OfdIds,
  contentXml,
  documentXml,
  ofdXml,
  publicResXml,
  type OfdFontRes,
} from '../../../shared/ofd/xml';
import { ofdFonts } from './fonts';

export const OFD_MIME = 'application/ofd';

const utf8 = new TextEncoder();

export interface OfdOptions {
  title: string;
  author?: string;
  /** yyyy-mm-dd: DocInfo's CreationDate and the zip entries' time. */
  date: string;
  creatorVersion?: string;
}

/** The pages of the documents (each after the first on a new page), as the OFD draws them. */
export function officialDocPages(docs: readonly OfficialDoc[]): OfdPageLayout[] {
  return layoutOfficialDocs(docs, ofdFonts());
}

export function officialDocOfd(docs: OfficialDoc | readonly OfficialDoc[], o: OfdOptions): Buffer {
  const list = Array.isArray(docs) ? (docs as readonly OfficialDoc[]) : [docs as OfficialDoc];
  const fonts = ofdFonts();
  const pages = layoutOfficialDocs(list, fonts);

  // The faces used, each subset to its characters.
  const used = new Map<OfdFontKey, Set<string>>();
  for (const p of pages)
    for (const t of p.texts) {
      let s = used.get(t.font);
      if (!s) used.set(t.font, (s = new Set()));
      for (const ch of t.text) s.add(ch);
    }
  const ids = new OfdIds();
  const files: Zippable = {};
  const res: { id: number; res: OfdFontRes }[] = [];
  const fontIds = {} as Record<OfdFontKey, number>;
  const order: OfdFontKey[] = ['serif', 'serifBold', 'sans'];
  for (const key of order) {
    const chars = used.get(key);
    if (!chars) continue;
    const id = ids.take();
    fontIds[key] = id;
    const file = `font_${id}.ttf`;
    files[`Doc_0/Res/${file}`] = [new Uint8Array(fonts.subset(key, chars)), { level: 6 }];
    res.push({
      id,
      res: {
        key,
        fontName: fonts.family(key),
        familyName: fonts.family(key),
        bold: key === 'serifBold',
        serif: key !== 'sans',
        file,
      },
    });
  }
  const pageIds = pages.map(() => ids.take());
  pages.forEach((p, i) => {
    files[`Doc_0/Pages/Page_${i}/Content.xml`] = [utf8.encode(contentXml(p, ids, fontIds)), { level: 6 }];
  });
  files['Doc_0/PublicRes.xml'] = [utf8.encode(publicResXml(res)), { level: 6 }];
  files['Doc_0/Document.xml'] = [utf8.encode(documentXml(pageIds, ids.max)), { level: 6 }];
  const docId = createHash('sha256').update(JSON.stringify(list)).digest('hex').slice(0, 32);
  files['OFD.xml'] = [
    utf8.encode(
      ofdXml({
        docId,
        title: o.title,
        ...(o.author ? { author: o.author } : {}),
        creationDate: o.date,
        creator: '综合监管工作台',
        creatorVersion: o.creatorVersion ?? '1',
      }),
    ),
    { level: 6 },
  ];
  // OFD.xml first, as readers expect the entry near the start.
  const ordered: Zippable = { 'OFD.xml': files['OFD.xml']! };
  for (const [k, v] of Object.entries(files)) if (k !== 'OFD.xml') ordered[k] = v;
  const mtime = new Date(`${o.date}T00:00:00`);
  return Buffer.from(zipSync(ordered, { mtime }));
}
