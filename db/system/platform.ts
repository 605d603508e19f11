// Desktop-only services behind the dispatcher. In browser mode they answer UNSUPPORTED with what to do instead.
import { AppError } from '../../shared/errors';
import { defineHandlers } from '../core/context';
import { withEmbeddedFonts } from '../core/print-fonts';
import { esc } from '../../shared/print/html';

export const platformHandlers = defineHandlers({
  'platform.printToPdf': async ({ fileName, page }, ctx) => {
    if (ctx.platform.printToPdf) {
      const bytes = await ctx.platform.printToPdf(ctx.sessionKey);
      return { fileName, mimeType: 'application/pdf', base64: bytes.toString('base64') };
    }
    // Browser mode: the preview's document, printed by the Chromium (or Edge) that renders signed reports, with the
    // bundled fonts inline and the 版记 placed as in the preview.
    if (!page || !ctx.pdf) {
      throw new AppError(
        'UNSUPPORTED',
        '此运行环境不能生成 PDF：请点击“打印”，在打印对话框中选择“另存为 PDF”。',
      );
    }
    const title = fileName.replace(/\.pdf$/i, '');
    const html = withEmbeddedFonts(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>${page.styles}</style>
<style>html, body { margin: 0; padding: 0; background: #fff; }</style>
</head><body>
${page.html}
</body></html>`,
      ctx.pdf,
    );
    const bytes = await ctx.pdf.render(html);
    if (bytes.subarray(0, 4).toString('latin1') !== '%PDF')
      throw new AppError('INTERNAL', `PDF 渲染失败（${ctx.pdf.engine}）：输出的不是 PDF 文件`);
    return { fileName, mimeType: 'application/pdf', base64: bytes.toString('base64') };
  },

  'platform.chooseFolder': async ({ title }, ctx) => {
    if (!ctx.platform.chooseFolder) {
      throw new AppError('UNSUPPORTED', '浏览器模式下无法弹出文件夹选择框，请直接填写文件夹路径。');
    }
    return { path: await ctx.platform.chooseFolder(ctx.sessionKey, title) };
  },
});
