// 版记 at the foot of the last page (GB/T 9704 7.4: its last rule on the bottom edge of the 版心). CSS cannot
// say "the bottom of the last page", so the page fills the gap itself before it is printed: it lays a hidden
// copy of each document out in columns exactly one 版心 tall (156 × 225 mm), which Chromium breaks with the
// same fragmentation rules as printed pages (break-inside, orphans and widows, repeated table headers, forced
// breaks), reads where the 版记 ends in its column, and pushes the 版记 down by what is left of that page
// (`--gb-imprint-drop`, padding above its first rule). Runs in the page: the app's print preview calls
// placeImprints, and standalone pages printed by a headless Chromium carry IMPRINT_SCRIPT.

interface El {
  style: { setProperty(name: string, value: string): void; removeProperty(name: string): void };
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
  cloneNode(deep: boolean): El;
  appendChild(child: El): El;
  remove(): void;
  getBoundingClientRect(): { top: number; bottom: number; left: number };
  parentNode: { insertBefore(node: El, before: El): void } | null;
}
interface Doc {
  body: El;
  querySelectorAll(selector: string): ArrayLike<El>;
  createElement(tag: string): El;
}

/** Moves every document's 版记 to the foot of its last page. Safe to call again (after fonts load, on print). */
export function placeImprints(page: object): void {
  const document = page as Doc; // the browser's Document (this module is compiled without the DOM's types)
  const PX_PER_MM = 96 / 25.4;
  const WIDTH = 156 * PX_PER_MM;
  const HEIGHT = 225 * PX_PER_MM;
  const docs = document.querySelectorAll('article.gb-doc');
  for (let i = 0; i < docs.length; i++) {
    const article = docs[i]!;
    const imprint = article.querySelector('.gb-imprint');
    if (!imprint) continue;
    imprint.style.removeProperty('--gb-imprint-drop');
    const columns = document.createElement('div');
    const set = (el: El, css: Record<string, string>) => {
      for (const k of Object.keys(css)) el.style.setProperty(k, css[k]!);
    };
    set(columns, {
      position: 'absolute',
      left: '0',
      top: '0',
      visibility: 'hidden',
      width: `${WIDTH}px`,
      height: `${HEIGHT}px`,
      'column-width': `${WIDTH}px`,
      'column-gap': '0',
      'column-fill': 'auto',
      overflow: 'visible',
    });
    const copy = article.cloneNode(true);
    // The printed box: the 版心 itself, without the sheet-of-paper padding it has on screen.
    set(copy, {
      width: `${WIDTH}px`,
      'min-height': '0',
      margin: '0',
      padding: '0',
      'box-shadow': 'none',
    });
    const breaks = copy.querySelectorAll('.gb-pagebreak');
    for (let b = 0; b < breaks.length; b++)
      set(breaks[b]!, { margin: '0', border: '0', 'break-after': 'column' });
    columns.appendChild(copy);
    document.body.appendChild(columns);
    try {
      const box = columns.getBoundingClientRect();
      const columnOf = (el: El) => Math.floor((el.getBoundingClientRect().left - box.left + 1) / WIDTH);
      // A printed page repeats a table's header row where the table runs on; columns do not. Put a copy of the
      // header at the top of every column a table runs onto, one at a time as each shifts what follows.
      const tables = copy.querySelectorAll('table');
      for (let t = 0; t < tables.length; t++) {
        const head = tables[t]!.querySelector('thead tr');
        if (!head) continue;
        for (let guard = 0; guard < 1000; guard++) {
          const rows = tables[t]!.querySelectorAll('tbody tr');
          let at: El | null = null;
          let column = columnOf(head);
          for (let r = 0; r < rows.length; r++) {
            const c = columnOf(rows[r]!);
            if (c > column && !rows[r]!.querySelector('[data-gb-repeat]')) {
              at = rows[r]!;
              break;
            }
            column = c;
          }
          if (!at) break;
          const repeat = head.cloneNode(true);
          set(repeat, { 'break-before': 'column' });
          const cells = repeat.querySelectorAll('th');
          for (let k = 0; k < cells.length; k++) set(cells[k]!, { 'font-family': 'var(--gb-heiti)' });
          const marker = document.createElement('span');
          marker.style.setProperty('display', 'none');
          (marker as unknown as { setAttribute(n: string, v: string): void }).setAttribute(
            'data-gb-repeat',
            '',
          );
          cells[0]?.appendChild(marker);
          at.parentNode!.insertBefore(repeat, at);
        }
      }
      const end = copy.querySelector('.gb-imprint')!.getBoundingClientRect();
      // Which column (page) it ended in does not matter: only how far down that column it ends.
      const left = HEIGHT - (end.bottom - box.top) - 1; // a pixel to spare against rounding
      if (left > 0) imprint.style.setProperty('--gb-imprint-drop', `${left.toFixed(1)}px`);
    } finally {
      columns.remove();
    }
  }
}

/** The same placement as code for a renderer that runs pages with their own scripts disabled and evaluates only
 *  this (electron/server/pdf-renderer.ts): call it once the fonts are in. */
export const IMPRINT_EVALUATE = `(function () {
  var __name = function (f) { return f; };
  var place = ${placeImprints.toString()};
  place(document);
  return true;
})()`;

/**
 * The same as a <script> for a standalone page printed by a headless Chromium: runs once the fonts are in
 * (before the printer's own wait on document.fonts.ready resolves) and again just before printing.
 */
export const IMPRINT_SCRIPT = `<script>(function () {
  var __name = function (f) { return f; };
  var place = ${placeImprints.toString()};
  function run() { place(document); }
  window.addEventListener('load', function () {
    void document.body.offsetHeight;
    document.fonts.ready.then(run);
  });
  window.addEventListener('beforeprint', run);
})();</script>`;
