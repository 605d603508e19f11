// Desktop-only services behind the dispatcher. In browser mode they answer UNSUPPORTED with what to do instead.
import { AppError } from '../../shared/errors';
import { defineHandlers } from '../core/context';

export const platformHandlers = defineHandlers({
  'platform.printToPdf': async ({ fileName }, ctx) => {
    if (!ctx.platform.printToPdf) {
      throw new AppError('UNSUPPORTED', '浏览器模式下请点击“打印”，在打印对话框中选择“另存为 PDF”。');
    }
    const bytes = await ctx.platform.printToPdf(ctx.sessionKey);
    return { fileName, mimeType: 'application/pdf', base64: bytes.toString('base64') };
  },

  'platform.chooseFolder': async ({ title }, ctx) => {
    if (!ctx.platform.chooseFolder) {
      throw new AppError('UNSUPPORTED', '浏览器模式下无法弹出文件夹选择框，请直接填写文件夹路径。');
    }
    return { path: await ctx.platform.chooseFolder(ctx.sessionKey, title) };
  },
});
