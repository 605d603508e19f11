// 数据存储 handlers: thin, over the store services of the app core that owns the open store. Testing a server and
// switching to one before any office exists is first-run setup's business (anyone at this desk); afterwards only
// an administrator may test or change the store.
import { AppError } from '../../shared/errors';
import { roleCan } from '../../shared/domain/roles';
import { defineHandlers, type HandlerContext, type StoreServices } from '../core/context';
import { connectionReason } from '../core/postgres';
import { redactedTarget } from './store-text';
import { CA_FILE_MAX_BYTES, keepCaCertificate, readCaFile } from './ca-certificate';

function store(ctx: HandlerContext): StoreServices {
  if (!ctx.store) throw new AppError('UNSUPPORTED', '此运行方式不能更改数据存储');
  return ctx.store;
}

async function hasOffice(ctx: HandlerContext): Promise<boolean> {
  return !!(await ctx.db.selectFrom('office').select('id').executeTakeFirst());
}

/** Before setup, anyone at the desk; afterwards an administrator. */
async function setupOrAdmin(ctx: HandlerContext): Promise<void> {
  if (!(await hasOffice(ctx))) return;
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED', '请先登录');
  if (!roleCan(ctx.actor.role, 'settings.manage'))
    throw new AppError('FORBIDDEN', '只有管理员可以测试或更改数据存储');
}

export const storeHandlers = defineHandlers({
  'store.info': async (_input, ctx) => store(ctx).info(),

  'store.pending': async (_input, ctx) => ctx.store?.pending() ?? null,

  'store.test': async ({ server, password }, ctx) => {
    await setupOrAdmin(ctx);
    return store(ctx).test(server, password);
  },

  'store.caCertificate': async (input, ctx) => {
    await setupOrAdmin(ctx);
    const now = ctx.now();
    if (input.source === 'path') return readCaFile(input.path, now);
    if (input.source === 'content') {
      if (!ctx.dataDir) throw new AppError('UNSUPPORTED', '此运行方式没有数据文件夹，无法保存证书文件');
      if (Buffer.byteLength(input.text, 'utf8') > CA_FILE_MAX_BYTES)
        throw new AppError('VALIDATION', '所选文件过大（超过 256 KB），不是证书文件');
      return keepCaCertificate(ctx.dataDir, input.text, input.fileName, now);
    }
    if (!ctx.platform.chooseFile) {
      throw new AppError('UNSUPPORTED', '浏览器模式下无法弹出文件选择框，请用“选择证书文件”上传证书。');
    }
    const path = await ctx.platform.chooseFile(ctx.sessionKey, '选择单位 CA 证书文件', [
      { name: 'CA 证书（PEM）', extensions: ['crt', 'pem', 'cer'] },
      { name: '所有文件', extensions: ['*'] },
    ]);
    return path === null ? null : readCaFile(path, now);
  },

  'store.connect': async ({ server, password }, ctx) => {
    const s = store(ctx);
    if (await hasOffice(ctx)) {
      throw new AppError('ALREADY_INITIALIZED', '本机已设置单位：请在“系统设置 → 数据存储”中更改数据存储');
    }
    const result = await s.connect(server, password);
    // Into the server's audit log (ctx.db is the server's database now).
    await ctx.audit({
      entity: 'store',
      summary: `本机连接单位数据库服务器 ${redactedTarget(server)}${result.state === 'office' ? `，加入“${result.office}”` : '，建立本软件的数据表'}`,
      after: { ...server },
    });
    return result;
  },

  'store.save': async (input, ctx) => {
    const out = await store(ctx).save(input);
    // Saved for the next start even while the server is away (then the log row cannot be written there).
    await ctx
      .audit({
        entity: 'store',
        summary:
          input.kind === 'local'
            ? '数据存储改为单机使用（本机数据文件夹），重启后生效'
            : `数据存储改为单位数据库服务器 ${redactedTarget(input.server)}，重启后生效`,
        after: input.kind === 'local' ? { kind: 'local' } : { kind: 'server', ...input.server },
      })
      .catch((e: unknown) => {
        if (!(e instanceof AppError && e.code === 'DB_UNAVAILABLE') && !connectionReason(e)) throw e;
      });
    return out;
  },

  'store.unlock': async ({ password }, ctx) => {
    const result = await store(ctx).unlock(password);
    const p = ctx.store?.info().current;
    await ctx.audit({
      entity: 'store',
      summary: `本机输入密码后连接单位数据库服务器${p?.kind === 'server' ? ` ${redactedTarget(p.server)}` : ''}`,
    });
    return result;
  },
});
