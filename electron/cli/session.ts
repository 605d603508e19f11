// Who a CLI command acts as. The CLI is one more transport of the dispatcher: every change goes through a
// contract method under a signed-in actor, so the dispatcher writes its audit row as it does for the app.
//   --user NAME   signs in with the password (--password or ZONGJIAN_PASSWORD), as the app's login does;
//   no --user     binds the first active administrator (only for commands whose own secret authorises them,
//                 such as the signing passphrase of keygen and report).
import { writeLine, type CliIo } from './io';
import type { Actor } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { AppCore } from '../server/app-core';
import { findActiveUser } from '../../db/system/users';

export interface CliActor {
  actor: Actor;
  /** True when no --user was given and the first administrator was bound. */
  defaulted: boolean;
}

export class CliUsageError extends Error {}

/** How a command that runs on its own (report, document) answers a failure: usage errors with its usage text
 *  (exit 2), the app's refusals in Chinese (exit 1), anything else as it came (exit 1). */
export function exitOnError(e: unknown, io: CliIo, usage: string): number {
  if (e instanceof CliUsageError) {
    writeLine(io.stderr, `用法错误：${e.message}\n\n${usage}`);
    return 2;
  }
  writeLine(io.stderr, e instanceof AppError ? `失败：${e.message}` : e);
  return 1;
}

export function cliPassword(password: string | undefined, env: NodeJS.ProcessEnv): string {
  const pw = password ?? env.ZONGJIAN_PASSWORD;
  if (!pw) throw new CliUsageError('缺少密码（--password 或环境变量 ZONGJIAN_PASSWORD）');
  return pw;
}

export async function actAsUserOrFirstAdmin(
  core: AppCore,
  session: string,
  who: { user?: string | undefined; password?: string | undefined },
  env: NodeJS.ProcessEnv,
): Promise<CliActor> {
  if (who.user) {
    const { user } = await core.dispatcher.call(
      'auth.login',
      { username: who.user, password: cliPassword(who.password, env) },
      session,
    );
    return { actor: user, defaulted: false };
  }
  const admin = await core.database.db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('active', '=', 1)
    .orderBy('id')
    .executeTakeFirst();
  const actor = admin ? await findActiveUser(core.database.db, admin.id) : null;
  if (!actor) throw new AppError('NOT_INITIALIZED', '数据文件夹尚未初始化（没有启用的管理员账号）');
  core.dispatcher.bindSession(session, actor);
  return { actor, defaulted: true };
}

/** --database URL or ZONGJIAN_DATABASE (the office's server), or null for the data folder's file. */
export function serverArg(option: string | undefined, env: NodeJS.ProcessEnv): string | null {
  return (option ?? env.ZONGJIAN_DATABASE)?.trim() || null;
}
