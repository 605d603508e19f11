// Services of the desktop shell reached through the same dispatcher (so the preload stays two functions).
import { z } from 'zod';
import { can, query, result } from './define';
import type { FileDownload } from './common';

/** What a printed document never holds: scripts, frames, plugins, links to other files, and anything fetched from
 *  elsewhere (the renderer's Chromium runs no script and loads nothing but data: URLs anyway). Escaped text never
 *  holds '<', so only real tags and style sheets are looked at: a 纪要 that mentions "url(" still prints. */
const ACTIVE_TAG =
  /<\s*\/?\s*(script|iframe|frame|frameset|object|embed|applet|link|base|meta|portal|form|input|button|video|audio|source|track)\b/i;
const FOREIGN_ATTRIBUTE =
  /<[^>]*\s(src|href|srcset|action|poster|background|xlink:href)\s*=\s*["']?\s*(?!data:|#)[a-z][a-z0-9+.-]*:/i;
const FOREIGN_CSS = /@import|url\(\s*["']?\s*(?!data:)/i;
const STYLE_IN_HTML = /<style\b[^>]*>([\s\S]*?)<\/style>|<[^>]*\sstyle\s*=\s*("[^"]*"|'[^']*')/gi;

export function printableWithoutActiveContent(page: { html: string; styles: string }): boolean {
  if (ACTIVE_TAG.test(page.html) || FOREIGN_ATTRIBUTE.test(page.html) || FOREIGN_CSS.test(page.styles))
    return false;
  for (const m of page.html.matchAll(STYLE_IN_HTML)) if (FOREIGN_CSS.test(m[1] ?? m[2] ?? '')) return false;
  return !/<\/style/i.test(page.styles);
}

export const platformContract = {
  /** Save the print preview the caller is showing as PDF. The desktop prints its own window; in browser mode the
   *  server renders `page` (the preview's document and its print styles) with the Chromium that signs reports. */
  'platform.printToPdf': query(
    z.object({
      fileName: z
        .string()
        .trim()
        .min(1)
        .max(120)
        .regex(/\.pdf$/i, { error: '文件名应以 .pdf 结尾' }),
      page: z
        .object({
          html: z.string().min(1).max(8_000_000, { error: '要打印的文件过大' }),
          styles: z.string().max(500_000, { error: '打印样式过大' }),
        })
        .refine(printableWithoutActiveContent, {
          error: '要打印的内容含有脚本、框架或外部资源，不能生成 PDF',
        })
        .optional(),
    }),
    result<FileDownload>(),
    can('print'),
  ),
  /** A folder picked in the system dialog (desktop only), e.g. a USB stick for a backup. */
  'platform.chooseFolder': query(
    z.object({ title: z.string().trim().min(1).max(60) }),
    result<{ path: string | null }>(),
    can('backup.restore'),
  ),
};
