// The XML parts of an OFD package (GB/T 33190-2016) for laid-out pages (shared/ofd/layout.ts): OFD.xml (the entry:
// DocBody with DocInfo and DocRoot), Doc_0/Document.xml (CommonData with MaxUnitID, the A4 PageArea and PublicRes,
// then Pages), Doc_0/PublicRes.xml (the embedded fonts, their files under Doc_0/Res) and one
// Doc_0/Pages/Page_N/Content.xml per page: TextObjects whose TextCode carries X, Y and DeltaX, and PathObjects for
// rules and table borders. Coordinates are millimetres from the page's top left, y downwards, as OFD defines them.
// Pure: the caller zips the parts and supplies the font files.
import type { OfdFontKey, OfdPageLayout, OfdRule, OfdTextRun } from './layout';
import { OFD_PAGE } from './layout';

export const OFD_NS = 'http://www.ofdspec.org/2016';
const RED = '212 0 0'; // #d40000, GB_PAGE.red

export interface OfdDocInfo {
  /** 32 hex digits, stable for the same document. */
  docId: string;
  title: string;
  author?: string;
  /** yyyy-mm-dd */
  creationDate: string;
  creator: string;
  creatorVersion: string;
}

export interface OfdFontRes {
  key: OfdFontKey;
  fontName: string;
  familyName: string;
  bold?: boolean;
  serif?: boolean;
  /** File name under Doc_0/Res. */
  file: string;
}

function xmlEsc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\p{Cc}/gu, (c) => (c === '\t' || c === '\n' || c === '\r' ? c : ''));
}

/** Millimetres with at most three decimals and no trailing zeros. */
function n(v: number): string {
  const r = Math.round(v * 1000) / 1000;
  return Object.is(r, -0) ? '0' : String(r);
}

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function ofdXml(info: OfdDocInfo): string {
  return `${HEAD}<ofd:OFD xmlns:ofd="${OFD_NS}" Version="1.0" DocType="OFD">
<ofd:DocBody>
<ofd:DocInfo>
<ofd:DocID>${xmlEsc(info.docId)}</ofd:DocID>
<ofd:Title>${xmlEsc(info.title)}</ofd:Title>
${info.author ? `<ofd:Author>${xmlEsc(info.author)}</ofd:Author>\n` : ''}<ofd:CreationDate>${xmlEsc(info.creationDate)}</ofd:CreationDate>
<ofd:Creator>${xmlEsc(info.creator)}</ofd:Creator>
<ofd:CreatorVersion>${xmlEsc(info.creatorVersion)}</ofd:CreatorVersion>
</ofd:DocInfo>
<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>
</ofd:DocBody>
</ofd:OFD>
`;
}

/** Unit IDs: fonts first (1…), then pages, then every layer and object, unique within the document. */
export class OfdIds {
  private next = 1;
  take(): number {
    return this.next++;
  }
  get max(): number {
    return this.next - 1;
  }
}

export function documentXml(pageIds: number[], maxUnitId: number): string {
  const pages = pageIds
    .map((id, i) => `<ofd:Page ID="${id}" BaseLoc="Pages/Page_${i}/Content.xml"/>`)
    .join('\n');
  return `${HEAD}<ofd:Document xmlns:ofd="${OFD_NS}">
<ofd:CommonData>
<ofd:MaxUnitID>${maxUnitId}</ofd:MaxUnitID>
<ofd:PageArea>
<ofd:PhysicalBox>0 0 ${OFD_PAGE.widthMm} ${OFD_PAGE.heightMm}</ofd:PhysicalBox>
</ofd:PageArea>
<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>
</ofd:CommonData>
<ofd:Pages>
${pages}
</ofd:Pages>
</ofd:Document>
`;
}

export function publicResXml(fonts: { id: number; res: OfdFontRes }[]): string {
  const items = fonts
    .map(
      ({ id, res }) =>
        `<ofd:Font ID="${id}" FontName="${xmlEsc(res.fontName)}" FamilyName="${xmlEsc(res.familyName)}"${res.bold ? ' Bold="true"' : ''}${res.serif ? ' Serif="true"' : ''}>
<ofd:FontFile>${xmlEsc(res.file)}</ofd:FontFile>
</ofd:Font>`,
    )
    .join('\n');
  return `${HEAD}<ofd:Res xmlns:ofd="${OFD_NS}" BaseLoc="Res">
<ofd:Fonts>
${items}
</ofd:Fonts>
</ofd:Res>
`;
}

function textObject(t: OfdTextRun, id: number, fontId: number): string {
  const scale = t.scaleX ?? 1;
  const width = (t.deltaX.reduce((a, b) => a + b, 0) + t.sizeMm) * 1;
  // The boundary holds the glyphs with room above and below the baseline.
  const bx = t.x;
  const by = t.y - t.sizeMm;
  const bw = width + t.sizeMm * 0.2;
  const bh = t.sizeMm * 1.5;
  const ctm = scale !== 1 ? ` CTM="${n(scale)} 0 0 1 0 0"` : '';
  const dx = t.deltaX.map((d) => n(d / scale));
  const color = t.red ? `\n<ofd:FillColor Value="${RED}"/>` : '';
  return `<ofd:TextObject ID="${id}" Boundary="${n(bx)} ${n(by)} ${n(bw)} ${n(bh)}" Font="${fontId}" Size="${n(t.sizeMm)}"${ctm}>${color}
<ofd:TextCode X="0" Y="${n(t.sizeMm)}"${dx.length ? ` DeltaX="${dx.join(' ')}"` : ''}>${xmlEsc(t.text)}</ofd:TextCode>
</ofd:TextObject>`;
}

function pathObject(r: OfdRule, id: number): string {
  const pad = r.widthMm;
  const bx = Math.min(r.x1, r.x2) - pad;
  const by = Math.min(r.y1, r.y2) - pad;
  const bw = Math.abs(r.x2 - r.x1) + 2 * pad;
  const bh = Math.abs(r.y2 - r.y1) + 2 * pad;
  const color = r.red ? `\n<ofd:StrokeColor Value="${RED}"/>` : '';
  return `<ofd:PathObject ID="${id}" Boundary="${n(bx)} ${n(by)} ${n(bw)} ${n(bh)}" LineWidth="${n(r.widthMm)}" Stroke="true" Fill="false">${color}
<ofd:AbbreviatedData>M ${n(r.x1 - bx)} ${n(r.y1 - by)} L ${n(r.x2 - bx)} ${n(r.y2 - by)}</ofd:AbbreviatedData>
</ofd:PathObject>`;
}

export function contentXml(page: OfdPageLayout, ids: OfdIds, fontIds: Record<OfdFontKey, number>): string {
  const layer = ids.take();
  const objects = [
    ...page.rules.map((r) => pathObject(r, ids.take())),
    ...page.texts.filter((t) => t.text).map((t) => textObject(t, ids.take(), fontIds[t.font])),
  ];
  return `${HEAD}<ofd:Page xmlns:ofd="${OFD_NS}">
<ofd:Content>
<ofd:Layer ID="${layer}" Type="Body">
${objects.join('\n')}
</ofd:Layer>
</ofd:Content>
</ofd:Page>
`;
}
