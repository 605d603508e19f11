// The print preview: the document alone on a sheet, with 返回 / 打印 / 保存为 PDF above it (hidden when printing).
// Chromium paginates it with the @page rules of print.css: the same engine in the desktop app and in tests.
import './print.css';
import printCss from './print.css?raw';
import { useEffect, useRef, useState } from 'react';
import { OFFICIAL_DOC_CSS } from '../../../shared/print/official';
import { placeImprints } from '../../../shared/print/official-layout';
import { api, errorMessage, saveDownload } from '../api';
import { Button, Notice } from '../ui';
import { useToast } from '../ui/toast';
import { useLayer } from '../ui/layers';

/** What a preview shows: the document's HTML (print.css, or the GB/T 9704 sheet when `official`) and the file name
 *  保存为 PDF suggests. */
export interface PrintDocument {
  html: string;
  fileName: string;
  official?: true;
}

/** The preview itself: 返回 / 打印 / 保存为 PDF above the sheet. A route's preview (PrintPage) and a grid's
 *  打印当前列表 (ui/grid.tsx, over the page so 返回 finds the list as it was) both show it. */
export function PrintPreview(props: { doc: PrintDocument | undefined; error: unknown; onBack: () => void }) {
  const toast = useToast();
  const { doc, onBack } = props;
  // The CJK fonts load per glyph range once the document is on the page; printing before they have arrived lays
  // the text out in a fallback font. The page says it is ready (and offers 打印) only when every font is in.
  const [fontsIn, setFontsIn] = useState<string | null>(null);
  const html = doc?.html;
  useEffect(() => {
    if (!html) return;
    let live = true;
    // Layout first, so the browser knows which font files the text needs, then wait for them.
    void document.body.offsetHeight;
    const frame = requestAnimationFrame(() => {
      void document.fonts.ready.then(() => {
        if (!live) return;
        placeImprints(document); // 版记 at the foot of the last page, laid out with the fonts in
        setFontsIn(html);
      });
    });
    const beforePrint = () => placeImprints(document);
    window.addEventListener('beforeprint', beforePrint);
    return () => {
      live = false;
      cancelAnimationFrame(frame);
      window.removeEventListener('beforeprint', beforePrint);
    };
  }, [html]);
  const ready = Boolean(html) && fontsIn === html;
  // The desktop prints this window; in browser mode the server prints the same document and styles with its
  // Chromium (the fonts go inline there, so the print sheet's font imports are left out).
  const [savingPdf, setSavingPdf] = useState(false);
  const savePdf = async () => {
    const d = doc!;
    setSavingPdf(true);
    try {
      const styles = d.official ? OFFICIAL_DOC_CSS : printCss.replace(/^@import[^;]*;\s*$/gm, '');
      saveDownload(
        await api.invoke('platform.printToPdf', { fileName: d.fileName, page: { html: d.html, styles } }),
      );
      toast('success', `已生成 ${d.fileName}`);
    } catch (e) {
      toast('error', errorMessage(e));
    } finally {
      setSavingPdf(false);
    }
  };
  // Esc leaves the preview as 返回 does; Ctrl+P presses 打印 once the fonts are in (ui/layers.ts).
  const screen = useRef<HTMLDivElement>(null);
  useLayer(
    true,
    () => onBack(),
    () => screen.current,
  );
  return (
    <div className="print-screen" ref={screen}>
      <div className="print-toolbar" role="toolbar" aria-label="打印预览">
        <Button onClick={onBack} title="返回（Esc）">
          返回
        </Button>
        <Button
          variant="primary"
          disabled={!ready}
          onClick={() => window.print()}
          shortcut="print"
          title="打印（Ctrl+P）"
        >
          打印
        </Button>
        <Button disabled={!ready || savingPdf} onClick={() => void savePdf()}>
          {savingPdf ? '正在生成 PDF…' : '保存为 PDF'}
        </Button>
      </div>
      {props.error ? <Notice kind="error">{errorMessage(props.error)}</Notice> : null}
      {doc?.official ? <style>{OFFICIAL_DOC_CSS}</style> : null}
      {doc ? (
        <div data-print-ready={ready ? 'true' : undefined} dangerouslySetInnerHTML={{ __html: doc.html }} />
      ) : null}
    </div>
  );
}
