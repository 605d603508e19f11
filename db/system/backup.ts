// 数据备份与恢复 handlers: thin, over the maintenance services of the app core that owns the data file.
import { AppError } from '../../shared/errors';
import { defineHandlers, requireActor, type HandlerContext, type MaintenanceServices } from '../core/context';
import { inspectBackup, latestGoodBackup, listBackups, type StepProgress } from './backup-engine';

function maintenance(ctx: HandlerContext): MaintenanceServices {
  if (!ctx.maintenance) throw new AppError('UNSUPPORTED', '此运行方式没有数据文件夹，无法备份或恢复');
  return ctx.maintenance;
}

/** The window's progress bar, by steps (第 2 / 5 步; a restore onto the server counts its rows and attachments as
 *  it writes them). Neither is stopped half-way: no 取消. */
function steps(ctx: HandlerContext): StepProgress {
  return (done, total, what, unit = '步') => ctx.progress.report({ what, done, total, unit });
}

export const backupHandlers = defineHandlers({
  'backup.overview': async (_input, ctx) => {
    const m = maintenance(ctx);
    const integrity = m.integrity();
    return {
      automaticDir: m.automaticDir,
      server: m.server ?? null,
      backups: listBackups(m.automaticDir),
      integrity,
      lastManualDir: m.lastManualDir(),
      latestGood: integrity.state === 'damaged' ? await latestGoodBackup(m.automaticDir) : null,
    };
  },

  'backup.create': async ({ destination, includeAttachments }, ctx) => {
    const summary = await maintenance(ctx).backup(destination ?? null, includeAttachments, steps(ctx));
    const m = summary.manifest;
    await ctx.audit({
      entity: 'backup',
      entityId: summary.name,
      summary: `${destination ? '手动备份到' : '备份到数据文件夹'} ${summary.path}（数据文件 ${(m.database.size / 1024).toFixed(0)} KB${m.attachments.included ? `，附件 ${m.attachments.count} 个` : ''}）`,
      after: { path: summary.path, sha256: m.database.sha256 },
    });
    return summary;
  },

  'backup.inspect': async ({ path }) => inspectBackup(path),

  // One audit row goes into the file being replaced (so the safety backup records who replaced it, unless that
  // file is damaged and must not be written), one into the restored file.
  'backup.restore': async ({ path }, ctx) => {
    const m = maintenance(ctx);
    const actor = requireActor(ctx);
    const preview = await inspectBackup(path);
    if (!preview.ok) {
      throw new AppError('VALIDATION', `此备份未通过检查，未做任何改动：${preview.problems.join('；')}`);
    }
    if (m.integrity().state !== 'damaged') {
      await ctx.audit({
        entity: 'backup',
        entityId: preview.name,
        summary: `${actor.displayName}即将从备份 ${preview.path} 恢复，当前数据先做安全备份`,
      });
    }
    const result = await m.restore(path, steps(ctx));
    await ctx.audit({
      entity: 'backup',
      entityId: preview.name,
      summary: `从备份恢复：${preview.path}（生成于 ${preview.manifest.createdAt}）${result.safety ? `；恢复前的数据已保存为 ${result.safety.path}` : ''}`,
      after: { sha256: preview.manifest.database.sha256, safety: result.safety?.path ?? null },
    });
    return result;
  },
});
