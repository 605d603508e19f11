// Services of the desktop shell reached through the same dispatcher (so the preload stays two functions).
import { z } from 'zod';
import { can, query, result } from './define';
import type { FileDownload } from './common';

export const platformContract = {
  /** Save the page the caller is showing (a print preview) as PDF; desktop only. */
  'platform.printToPdf': query(
    z.object({
      fileName: z
        .string()
        .trim()
        .min(1)
        .max(120)
        .regex(/\.pdf$/i, { error: '文件名应以 .pdf 结尾' }),
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
