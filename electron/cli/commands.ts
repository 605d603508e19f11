// Command line for IT staff and automation: the same dispatcher as the app, headless, against a data folder,
// acting as a named user. Messages are Chinese; exit codes are stable for scripts:
//   0 成功  1 操作失败  2 用法错误  3 数据文件检查未通过  4 导入文件有错误（未写入任何数据）
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { startAppCore, type AppCore } from '../server/app-core';
import { resolveDataDir } from '../server/data-dir';
import { APP_NAME, APP_VERSION } from '../server/version';
import { openDatabase, migrationState } from '../../db/open';
import { seedDemo, type Call } from '../../db/demo/seed-demo';
import { AppError } from '../../shared/errors';
import {
  BACKUP_REASON_LABELS,
  type BackupPreview,
  type Input,
  type MethodName,
  type Output,
} from '../../shared/contract';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { DB_FILE_NAME } from '../server/app-core';

export const EXIT = { ok: 0, failed: 1, usage: 2, checkFailed: 3, importInvalid: 4 } as const;

const USAGE = `${APP_NAME} ${APP_VERSION} 命令行
用法: zongjian <命令> [选项]            (开发时: npm run cli -- <命令> [选项])

命令:
  init                 初始化数据文件夹：单位信息 + 管理员账号
                       --office 单位名称 --prefix 发文字号前缀 --admin 用户名 [--admin-name 姓名]
                       [--password 密码 | 环境变量 ZONGJIAN_PASSWORD]
  check                检查数据文件完整性（integrity_check）与数据库版本
  import-departments FILE.xlsx
                       从 Excel 导入成员单位（有任何错误时不写入），需 --user 与密码
  backup               备份数据文件：--to 文件夹（如 U 盘，含附件；不带 --to 则备份到数据文件夹的 backups）
                       [--no-attachments]，需有“备份与恢复”权限的 --user 与密码
  restore              从备份恢复：--from 备份文件夹；先显示备份内容与检查结果，加 --yes 才执行，
                       执行前自动把当前数据安全备份到数据文件夹的 backups，需 --user 与密码
  seed-demo            在空数据文件夹中生成演示区县（可重复生成相同数据）
                       [--now 2026-11-22T09:00:00+08:00] 以此时刻为“现在”生成（测试用）
  help                 显示本说明

通用选项:
  --data DIR           数据文件夹（默认：本机用户的应用数据文件夹，或环境变量 ZONGJIAN_DATA）
  --user 用户名         以该用户身份执行；密码取 --password 或环境变量 ZONGJIAN_PASSWORD
  --json               以 JSON 输出结果

退出码: 0 成功  1 操作失败  2 用法错误  3 数据文件检查未通过  4 导入文件有错误`;

class UsageError extends Error {}

type Values = {
  data?: string;
  user?: string;
  password?: string;
  office?: string;
  prefix?: string;
  admin?: string;
  'admin-name'?: string;
  json?: boolean;
  to?: string;
  from?: string;
  yes?: boolean;
  'no-attachments'?: boolean;
  now?: string;
};

function need(v: string | undefined, what: string): string {
  if (!v) throw new UsageError(`缺少 ${what}`);
  return v;
}

function password(values: Values): string {
  return need(
    values.password ?? process.env.ZONGJIAN_PASSWORD,
    '密码（--password 或环境变量 ZONGJIAN_PASSWORD）',
  );
}

function binder(core: AppCore): Call {
  const key = 'cli';
  return <N extends MethodName>(name: N, args: Input<N>): Promise<Output<N>> =>
    core.dispatcher.call(name, args, key);
}

async function withCore<T>(
  values: Values,
  fn: (core: AppCore, call: Call) => Promise<T>,
  startupCare = false,
): Promise<T> {
  // --now: the app believes it is this moment when it starts (the demo for tests whose clock is fixed).
  const start = values.now ? new Date(values.now) : null;
  if (start && Number.isNaN(start.getTime())) throw new UsageError(`--now 不是有效的时间：${values.now}`);
  const offset = start ? start.getTime() - Date.now() : 0;
  const core = await startAppCore({
    dataDir: resolveDataDir({ explicit: values.data }),
    startupCare,
    ...(start ? { clock: () => new Date(Date.now() + offset) } : {}),
  });
  try {
    await core.background;
    return await fn(core, binder(core));
  } finally {
    await core.close();
  }
}

async function signIn(call: Call, values: Values): Promise<void> {
  await call('auth.login', { username: need(values.user, '--user 用户名'), password: password(values) });
}

function print(values: Values, human: string, data: unknown): void {
  console.log(values.json ? JSON.stringify(data, null, 2) : human);
}

async function cmdInit(values: Values): Promise<number> {
  return withCore(values, async (core, call) => {
    const { user } = await call('system.setup', {
      office: {
        name: need(values.office, '--office 单位名称'),
        docPrefix: need(values.prefix, '--prefix 发文字号前缀'),
      },
      admin: {
        username: need(values.admin, '--admin 管理员用户名'),
        displayName: values['admin-name'] ?? '系统管理员',
        password: password(values),
      },
    });
    await call('auth.logout', {});
    print(values, `已初始化：${values.office}（数据文件夹 ${core.dataDir}），管理员 ${user.username}`, {
      dataDir: core.dataDir,
      user,
    });
    return EXIT.ok;
  });
}

async function cmdCheck(values: Values): Promise<number> {
  const dataDir = resolveDataDir({ explicit: values.data });
  const file = join(dataDir, DB_FILE_NAME);
  if (!existsSync(file)) {
    print(values, `数据文件不存在：${file}`, { ok: false, file, problem: 'missing' });
    return EXIT.checkFailed;
  }
  // Opened without migrating: check reports the state as found, and must not change the file.
  const handle = await openDatabase(file, { migrate: false });
  try {
    const integrity = (
      await sql<{ integrity_check: string }>`pragma integrity_check`.execute(handle.db)
    ).rows.map((r) => r.integrity_check);
    const fk = (await sql<Record<string, unknown>>`pragma foreign_key_check`.execute(handle.db)).rows;
    const state = await migrationState(handle.db);
    const ok =
      integrity.length === 1 && integrity[0] === 'ok' && fk.length === 0 && state.unknown.length === 0;
    const lines = [
      `数据文件：${file}`,
      `完整性检查：${integrity.join('; ')}`,
      `外键检查：${fk.length === 0 ? 'ok' : `${fk.length} 处引用缺失`}`,
      `数据库版本：已应用 ${state.applied.length} 个，待升级 ${state.pending.length} 个${state.unknown.length ? `，未知（更高版本写入）${state.unknown.join('、')}` : ''}`,
      ok ? '结论：正常' : '结论：发现问题，请勿继续写入，并联系技术人员',
    ];
    print(values, lines.join('\n'), {
      ok,
      file,
      integrity,
      foreignKeyProblems: fk.length,
      migrations: state,
    });
    return ok ? EXIT.ok : EXIT.checkFailed;
  } finally {
    await handle.close();
  }
}

async function cmdImportDepartments(values: Values, file: string | undefined): Promise<number> {
  const path = resolve(need(file, '要导入的 .xlsx 文件'));
  const base64 = readFileSync(path).toString('base64');
  return withCore(values, async (_core, call) => {
    await signIn(call, values);
    try {
      const preview = await call('departments.importPreview', { fileName: basename(path), base64 });
      if (preview.errorCount > 0) {
        const lines = preview.rows
          .filter((r) => r.errors.length > 0)
          .map((r) => `第 ${r.rowNumber} 行（${r.shortName || r.fullName || '空'}）：${r.errors.join('；')}`);
        print(
          values,
          [`有 ${preview.errorCount} 行存在问题，未导入任何数据：`, ...lines].join('\n'),
          preview,
        );
        return EXIT.importInvalid;
      }
      const applied = await call('departments.importApply', { fileName: basename(path), base64 });
      print(
        values,
        `导入完成：新增 ${applied.createCount}，更新 ${applied.updateCount}，未变 ${applied.unchangedCount}`,
        applied,
      );
      return EXIT.ok;
    } finally {
      await call('auth.logout', {});
    }
  });
}

function formatPreview(p: BackupPreview): string {
  const m = p.manifest;
  return [
    `备份：${p.path}`,
    `生成于：${new Date(m.createdAt).toLocaleString('zh-CN', { hour12: false })}（${BACKUP_REASON_LABELS[m.reason]}，软件版本 ${m.appVersion}）`,
    `单位：${m.office ?? '（未初始化）'}`,
    `数据：${
      p.counts
        .filter((c) => c.rows > 0)
        .map((c) => `${c.label} ${c.rows}`)
        .join('，') || '（空）'
    }`,
    `附件：${m.attachments.included ? `${m.attachments.count} 个` : '未包含（使用数据文件夹中的附件）'}`,
    `检查：${p.ok ? '通过（SHA-256 一致，完整性检查 ok）' : `未通过：${p.problems.join('；')}`}`,
  ].join('\n');
}

async function cmdBackup(values: Values): Promise<number> {
  return withCore(values, async (_core, call) => {
    await signIn(call, values);
    try {
      const summary = await call('backup.create', {
        ...(values.to ? { destination: resolve(values.to) } : {}),
        includeAttachments: !values['no-attachments'],
      });
      const m = summary.manifest;
      print(
        values,
        `备份完成：${summary.path}\n数据文件 ${m.database.size} 字节，SHA-256 ${m.database.sha256}${m.attachments.included ? `\n附件 ${m.attachments.count} 个，${m.attachments.bytes} 字节` : ''}`,
        summary,
      );
      return EXIT.ok;
    } finally {
      await call('auth.logout', {});
    }
  });
}

async function cmdRestore(values: Values): Promise<number> {
  const from = resolve(need(values.from, '--from 备份文件夹'));
  // With the start-up check: a damaged current file must not receive even the pre-restore audit row.
  return withCore(
    values,
    async (_core, call) => {
      await signIn(call, values);
      try {
        const preview = await call('backup.inspect', { path: from });
        if (!preview.ok) {
          print(values, `${formatPreview(preview)}\n未恢复。`, preview);
          return EXIT.checkFailed;
        }
        if (!values.yes) {
          print(
            values,
            `${formatPreview(preview)}\n\n确认无误后加 --yes 执行恢复（当前数据会先自动安全备份）。`,
            preview,
          );
          return EXIT.ok;
        }
        const done = await call('backup.restore', { path: from });
        print(
          values,
          `${formatPreview(done.restored)}\n\n已恢复。${done.safety ? `恢复前的数据已保存为 ${done.safety.path}` : ''}`,
          done,
        );
        return EXIT.ok;
      } finally {
        // The restore ended every session already; a logout then is harmless but may find no session.
        await call('auth.logout', {}).catch(() => undefined);
      }
    },
    true,
  );
}

async function cmdSeedDemo(values: Values): Promise<number> {
  return withCore(values, async (core, call) => {
    const status = await call('system.status', {});
    if (status.initialized)
      throw new AppError(
        'ALREADY_INITIALIZED',
        `数据文件夹 ${core.dataDir} 已有数据，演示数据只能生成到空文件夹中`,
      );
    const summary = await seedDemo(call);
    const human = [
      `演示区县已生成：${summary.office}（${summary.departments} 个成员单位，2025 年任务清单 ${summary.checklistReports} 条季度进展，联席会议 ${summary.meetings} 次，未办结议定事项 ${summary.openDecisions} 项，监管对象 ${summary.enforcement.institutions} 家、从业人员 ${summary.enforcement.practitioners} 人、执法人员 ${summary.enforcement.inspectors} 人）`,
      `数据文件夹：${core.dataDir}`,
      `账号（密码均为 ${summary.password}）：${summary.users.map((u) => `${u.username}（${u.displayName}）`).join('，')}`,
    ].join('\n');
    print(values, human, { dataDir: core.dataDir, ...summary });
    return EXIT.ok;
  });
}

export async function runCli(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        data: { type: 'string' },
        user: { type: 'string' },
        password: { type: 'string' },
        office: { type: 'string' },
        prefix: { type: 'string' },
        admin: { type: 'string' },
        'admin-name': { type: 'string' },
        json: { type: 'boolean' },
        to: { type: 'string' },
        from: { type: 'string' },
        yes: { type: 'boolean' },
        'no-attachments': { type: 'boolean' },
        now: { type: 'string' },
      },
    });
  } catch (e) {
    console.error(`用法错误：${(e as Error).message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const [command, ...rest] = parsed.positionals;
  const values = parsed.values as Values;
  try {
    switch (command) {
      case 'init':
        return await cmdInit(values);
      case 'check':
        return await cmdCheck(values);
      case 'import-departments':
        return await cmdImportDepartments(values, rest[0]);
      case 'seed-demo':
        return await cmdSeedDemo(values);
      case 'backup':
        return await cmdBackup(values);
      case 'restore':
        return await cmdRestore(values);
      case undefined:
      case 'help':
        console.log(USAGE);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        console.error(`未知命令：${command}\n\n${USAGE}`);
        return EXIT.usage;
    }
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`用法错误：${e.message}\n\n运行 zongjian help 查看说明`);
      return EXIT.usage;
    }
    if (e instanceof AppError) {
      console.error(`失败：${e.message}`);
      return e.code === 'DB_FROM_FUTURE' || e.code === 'DB_UNREADABLE' || e.code === 'DB_DAMAGED'
        ? EXIT.checkFailed
        : EXIT.failed;
    }
    console.error(e);
    return EXIT.failed;
  }
}
