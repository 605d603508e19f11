// 测试连接: what a desk finds when it tries the office's database server, before it uses it. Connects once (the
// reasons it cannot are worded in db/core/postgres.ts describePgError), then looks at the database: empty (this
// app will create its tables), this app's (an office already there is joined), another program's tables (refused:
// this app must not write into them), or written by a newer version (refused, as for a data file).
import pg from 'pg';
import { AppError } from '../../shared/errors';
import { migrationNames } from './migrations';
import { fromFutureError } from './open';
import { describePgError, describeServer } from './postgres';

export interface ServerProbe {
  state: 'empty' | 'new' | 'office';
  office: string | null;
  serverVersion: string;
}

export async function probeServer(url: string): Promise<ServerProbe> {
  const where = describeServer(url);
  let client: pg.Client;
  try {
    client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  } catch (e) {
    // The CA file is read while the URL is parsed.
    throw (
      describePgError(e, url) ?? new AppError('DB_UNAVAILABLE', `数据库地址无效：${(e as Error).message}`)
    );
  }
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    throw (
      describePgError(e, url) ?? new AppError('DB_UNAVAILABLE', `无法连接${where}：${(e as Error).message}`)
    );
  }
  try {
    const full =
      (await client.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v ?? '';
    const version = full.split(' ')[0] ?? full; // '15.18 (Debian 15.18-0+deb12u1)' → '15.18'
    const major = Number(/^(\d+)/.exec(version)?.[1] ?? 0);
    if (major > 0 && major < 13) {
      throw new AppError(
        'DB_UNAVAILABLE',
        `${where}的 PostgreSQL 版本为 ${version}，本软件需要 13 或更高版本。请服务器管理员升级 PostgreSQL。`,
        { reason: 'version' },
      );
    }
    const tables = (
      await client.query<{ name: string }>(
        `select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`,
      )
    ).rows.map((r) => r.name);
    if (tables.length === 0) {
      const may = (
        await client.query<{ ok: boolean }>(`select has_schema_privilege(current_schema(), 'CREATE') as ok`)
      ).rows[0]?.ok;
      if (!may) {
        throw new AppError(
          'DB_UNAVAILABLE',
          `数据库用户无权在${where}中建表。请服务器管理员把该数据库的所有权授予此用户（ALTER DATABASE … OWNER TO …），或在 PostgreSQL 15 及以上版本中授予 public 模式的 CREATE 权限。`,
          { reason: 'permission' },
        );
      }
      return { state: 'empty', office: null, serverVersion: version };
    }
    // Only the migrator's own bookkeeping (an earlier first start that stopped half-way): this app's, still empty.
    const ours = tables.every((t) => t.startsWith('kysely_migration'));
    if (!ours && (!tables.includes('kysely_migration') || !tables.includes('office'))) {
      const shown = tables.slice(0, 5).join('、');
      throw new AppError(
        'DB_NOT_EMPTY',
        `${where}中已有其他程序的数据表（${shown}${tables.length > 5 ? ` 等 ${tables.length} 张` : ''}），不是本软件的数据库，本软件不会写入其中。请在服务器上为本软件新建一个空数据库（CREATE DATABASE zongjian OWNER 用户名），或填写正确的数据库名称。`,
        { reason: 'not-empty', tables: tables.slice(0, 20) },
      );
    }
    const applied = tables.includes('kysely_migration')
      ? (await client.query<{ name: string }>('select name from kysely_migration')).rows.map((r) => r.name)
      : [];
    const known = new Set(migrationNames);
    const unknown = applied.filter((n) => !known.has(n));
    if (unknown.length) throw fromFutureError(unknown, where);
    const office = tables.includes('office')
      ? ((await client.query<{ name: string }>('select name from office limit 1')).rows[0]?.name ?? null)
      : null;
    return { state: office ? 'office' : 'new', office, serverVersion: version };
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw describePgError(e, url) ?? new AppError('DB_UNAVAILABLE', `${where}：${(e as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The sentence the setup and settings screens show after a successful test. */
export function probeMessage(p: ServerProbe, where: string): string {
  if (p.state === 'office')
    return `连接成功：${where}上已有“${p.office}”的数据，本机将加入该单位，请用您的账号登录。`;
  return `连接成功：${where}上的数据库为空（PostgreSQL ${p.serverVersion}），将在其中建立本软件的数据表，然后创建单位和管理员账号。`;
}
