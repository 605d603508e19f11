// The PDF renderer the synthetic district's signed reports are made with: the app's own
// (electron/server/pdf-renderer.ts), its one Chromium kept open for the whole generation — 40 launches would only
// slow the set-up. Without a Chromium the reports carry a one-page placeholder PDF (said so).
import type { PdfRenderer } from '../../db/core/context';
import { chromiumPdfRenderer, findChromium } from '../../electron/server/pdf-renderer';

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
  if (!exe)
    return {
      engine: '占位 PDF（未找到 Chromium）',
      render: () => Promise.resolve(PLACEHOLDER_PDF),
      close: () => Promise.resolve(),
    };
  // The product's renderer, its browser kept open for the whole generation (closed by close()).
  const r = chromiumPdfRenderer(exe, { keepOpenMs: 3_600_000 });
  return {
    engine: `Chromium（${exe}，基准生成期间常驻）`,
    render: (html) => r.render(html),
    close: () => r.close(),
  };
}
