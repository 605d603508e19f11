// 保存为 PDF in browser mode sends the preview's document to the server's Chromium: printed documents pass, anything
// that would run or fetch is refused before it reaches the renderer.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { contract } from '../../shared/contract';
import { printableWithoutActiveContent } from '../../shared/contract/platform';
import { OFFICIAL_DOC_CSS, officialDocHtml } from '../../shared/print/official';
import { esc } from '../../shared/print/html';

const printCss = readFileSync('renderer/src/print/print.css', 'utf8').replace(/^@import[^;]*;\s*$/gm, '');
const ok = (html: string, styles = OFFICIAL_DOC_CSS) => printableWithoutActiveContent({ html, styles });

describe('platform.printToPdf page', () => {
  it('passes the documents the app prints, and text that merely mentions links', () => {
    const doc = officialDocHtml({
      kind: 'plain',
      title: '关于 url(http://x) 与 <script> 的说明',
      blocks: [
        { type: 'p', text: '见 src=http://example.com 与 <iframe>' },
        { type: 'table', columns: ['名称', '网址'], rows: [['甲', 'href=https://example.com']] },
      ],
    });
    expect(doc).toContain(esc('<iframe>'));
    expect(ok(doc)).toBe(true);
    expect(ok('<table class="print-table"><tr><td>一</td></tr></table>', printCss)).toBe(true);
    expect(ok('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>')).toBe(true);
    expect(ok('<img src="data:image/png;base64,AAAA">')).toBe(true);
  });

  it.each([
    ['<script>alert(1)</script>', ''],
    ['<iframe src="file:///etc/passwd"></iframe>', ''],
    ['<IMG SRC="file:///etc/passwd">', ''],
    ['<img src=http://example.com/x.png>', ''],
    ['<a href="javascript:alert(1)">x</a>', ''],
    ['<object data="x"></object>', ''],
    ['<link rel="stylesheet" href="/x.css">', ''],
    ['<meta http-equiv="refresh" content="0;url=http://x">', ''],
    ['<div style="background: url(http://example.com/a.png)">x</div>', ''],
    ['<style>@import "http://example.com/a.css";</style>', ''],
    ['<p>x</p>', 'body { background: url(file:///etc/passwd) }'],
    ['<p>x</p>', '@import url(x.css);'],
    ['<p>x</p>', '</style><script>alert(1)</script>'],
  ])('refuses %s %s', (html, styles) => {
    expect(printableWithoutActiveContent({ html, styles })).toBe(false);
    const parsed = contract['platform.printToPdf'].input.safeParse({
      fileName: 'a.pdf',
      page: { html, styles },
    });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain('含有脚本、框架或外部资源');
  });
});
