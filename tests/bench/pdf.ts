// The PDF renderer the synthetic district's signed reports are made with: the app's own page settings
// (electron/server/pdf-renderer.ts: offline page, fonts awaited, CSS page size), but one Chromium kept open for the
// whole generation instead of one launched per report — 40 launches would only slow the set-up, and the launch is
// what the annual-report row measures. Without a Chromium the reports carry a one-page placeholder PDF (said so).
import type { Browser } from 'playwright-core';
import type { PdfRenderer } from '../../db/core/context';
import { findChromium } from '../../electron/server/pdf-renderer';

/** A minimal valid one-page PDF, for machines without a Chromium. */
const PLACEHOLDER_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

export interface BenchPdf extends PdfRenderer {
  close(): Promise<void>;
}

export function benchPdfRenderer(): BenchPdf {
  const exe = findChromium();
  let browser: Promise<Browser> | null = null;
  return {
    engine: exe ? `Chromium（${exe}，基准生成期间常驻）` : '占位 PDF（未找到 Chromium）',
    async render(html: string): Promise<Buffer> {
      if (!exe) return PLACEHOLDER_PDF;
      browser ??= import('playwright-core').then(({ chromium }) =>
        chromium.launch({
          executablePath: exe,
          headless: true,
          args: [
            '--disable-gpu',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
          ],
        }),
      );
      const context = await (await browser).newContext({ offline: true, locale: 'zh-CN' });
      try {
        const page = await context.newPage();
        await page.route('**/*', (route) =>
          route.request().url().startsWith('data:') ? route.continue() : route.abort(),
        );
        await page.setContent(html, { waitUntil: 'load' });
        await page.evaluate('void document.body.offsetHeight; document.fonts.ready.then(() => true)');
        return await page.pdf({ preferCSSPageSize: true, printBackground: true });
      } finally {
        await context.close();
      }
    },
    async close() {
      if (browser) await (await browser).close();
      browser = null;
    },
  };
}
