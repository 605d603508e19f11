// Command line for IT staff and automation: the same dispatcher as the app, headless, against a data folder,
// acting as a named user. Messages are Chinese; exit codes are stable for scripts:
//   0 成功  1 操作失败  2 用法错误  3 数据文件检查未通过（或抽取记录核对不一致）  4 导入文件有错误（未写入任何数据）
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { startAppCore, type AppCore } from '../server/app-core';
import { resolveDataDir } from '../server/data-dir';
import { APP_NAME, APP_VERSION } from '../server/version';
import { schemaProblems } from '../../db/system/schema-check';
import {
  assertNotFromFuture,
  migrationState,
  openDatabase,
  openPostgres,
  openStore,
  type OpenStore,
} from '../../db/core/open';
import { isPostgresUrl, redactUrl } from '../../db/core/postgres';
import { seedDemo, type Call } from '../../db/demo';
import { DEMO_SIGNING_PASSPHRASE } from '../../db/reports/demo';
import { quarterCodeOf } from '../../shared/domain/reports';
import type { Province } from '../../shared/domain/rule-presets';
import { startQuarterLabel } from '../../shared/contract/settings';
import { travellingClock, type Travel } from '../../db/core/clock';
import { verifyLedger } from '../../db/credit/ledger';
import { attachmentStoreFor } from '../../db/core/attachment-store';
import { loadPlans } from '../../db/enforcement/plans';
import { archivedRecordJson, archivedSealJson } from '../../db/enforcement/draws';
import { verifyDrawRecord } from '../../db/enforcement/draw-verify';
import { beijingDateTime } from '../../shared/print/draws';
import { AppError } from '../../shared/errors';
import { beijingDate } from '../../shared/dates';
import {
  BACKUP_REASON_LABELS,
  DRAW_TIER_LABELS,
  type BackupPreview,
  type Input,
  type MethodName,
  type Output,
} from '../../shared/contract';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { DB_FILE_NAME } from '../server/app-core';
import { cmdKeygen, cmdVerifyInclusion, cmdVerifyPackage, type SigningCliContext } from './signing';
import { runDocumentCli } from './document';
import { runTransferCli, TRANSFER_USAGE } from './transfer';
import { terminalProgress, writeLine, type CliIo } from './io';
import { actAsUserOrFirstAdmin, cliPassword, CliUsageError } from './session';
import { formatDateTime } from '../../shared/format';

export const EXIT = { ok: 0, failed: 1, usage: 2, checkFailed: 3, importInvalid: 4 } as const;

const USAGE = `${APP_NAME} ${APP_VERSION} 命令行
用法: zongjian <命令> [选项]            (开发时: npm run cli -- <命令> [选项])

命令:
  init                 初始化数据文件夹：单位信息 + 管理员账号
                       --office 单位名称 --prefix 发文字号前缀 --admin 用户名 [--admin-name 姓名]
                       [--start 2026Q4] 从哪个季度开始使用本系统（默认当前季度；此前的报告与期限不计）
                       [--province 浙江省] 所在省份：选用本省的业务规则，没有的参照其他省份（可在系统设置中修改）
                       [--password 密码 | 环境变量 ZONGJIAN_PASSWORD]
  check                检查数据文件完整性（integrity_check）与数据库版本；带 --database 时检查服务器上的数据库
  migrate              把数据文件或服务器上的数据库升级到本版本（每次启动也会自动升级）；更高版本写入的拒绝
  import-departments FILE.xlsx
                       从 Excel 导入成员单位（有任何错误时不写入），需 --user 与密码
  backup               备份数据文件：--to 文件夹（如 U 盘，含附件；不带 --to 则备份到数据文件夹的 backups）
                       [--no-attachments]，需有“备份与恢复”权限的 --user 与密码
  restore              从备份恢复：--from 备份文件夹；先显示备份内容与检查结果，加 --yes 才执行，
                       执行前自动把当前数据安全备份到数据文件夹的 backups，需 --user 与密码
  verify-ledger        校验信用台账的哈希链（SM3），报告第一处断链；通过退出码 0，断链退出码 3
  seed-demo            在空数据文件夹中生成演示区县（可重复生成相同数据），按生成当天安排清单、会议和报告
                       [--no-reports] 不生成签名密钥和报告（从头演示报告上报）
                       [--now 2026-11-22T09:00:00+08:00] 以此时刻为“现在”生成（测试用）
  plans                列出抽查计划（每行以计划编号开头）及其批次和抽取情况
  draw                 双随机抽取，先封存、后抽取，需 --user 与密码：
                       1. 封存：--plan 计划编号 --batch 批次号 --seal [--out 封存记录.json]
                          固定名录快照与计划参数，输出封存记录 SHA-256，每个批次只能封存一次
                       2. 抽取：--plan 计划编号 --batch 批次号 --entropy 公开随机数（数字）
                          --witness 见证人 [--witness 见证人2] --out 记录.json
                          [--entropy-source 来源（如 双色球第2026136期开奖号码）] [--entropy-date 开奖日期]
                          按封存的名录抽取；开奖日期须晚于封存日期（北京时间）；同一批次只能抽取一次；
                          记录文件的 SHA-256 即程序中显示的 SHA-256
  verify-draw 记录.json
                       按 docs/draw-algorithm.md 重新计算抽取记录（含封存记录与日期），并与数据文件夹中的
                       抽取记录和封存记录逐字段核对；[--seal-sha256 封存记录打印件上的 SHA-256]
                       一致输出 MATCH（退出码 0），否则列出每一处不同（退出码 3）
  keygen               生成单位签名密钥（SM2）：--passphrase-file 口令文件（内容即签名口令，至少 10 个字符）
                       [--rotate] 更换密钥（原密钥停用并保留，用于核验其签署的数据包）；输出公钥与指纹
                       [--user 用户名] 以该用户身份（需“管理签名密钥”权限）；默认以第一个管理员账号的名义
                       （数据文件夹须已初始化；操作日志记为该用户）
  verify-package 数据包.zip
                       核验上报数据包：签名（SM2/SM3）、每个文件的 SM3 摘要与大小、清单格式；
                       [--trust 文件夹] 信任的区县公钥（.pem），签名者不在其中即不通过；
                       不带 --trust 只核对完整性并提示签名者未核实。通过退出码 0，未通过退出码 3
                       [--previous 上一个数据包.zip] 核对信用台账接续：本数据包的默克尔树一致性证明须从上一个
                       数据包的台账树出发（台账被回退、截短或改动即不通过）
  verify-inclusion     核验信用报告的包含证明（信用档案页“导出包含证明”所得的 .json）：--proof 证明文件.json
                       每条记录的内容与 SM3 哈希、RFC 9162 包含证明均须推出证明文件中的树根；
                       [--package 上报数据包.zip] 同时核验该数据包（签名与文件摘要），且其 manifest.json 签署的
                       台账树（大小与根）须与证明所用的相同。输出“通过”（退出码 0）或“不通过”及原因（退出码 3）
  report               编制报告并签发上报数据包（说明见 zongjian report --help 或 README）：
                       --type quarterly|annual|assessment|checklist|enforcement|credit --period 2026Q3 或 2026
                       --sign --passphrase-file 口令文件 --out 数据包.zip；不带 --sign 时 --out 报告.pdf|.docx|.xlsx|.json
${TRANSFER_USAGE}
  help                 显示本说明

通用选项:
  --data DIR           数据文件夹（默认：本机用户的应用数据文件夹，或环境变量 ZONGJIAN_DATA）
  --database URL       连接单位数据库服务器（多人协同）：postgres://用户名:密码@主机:端口/数据库
                       [?sslmode=verify-full&sslrootcert=单位CA.crt]（或环境变量 ZONGJIAN_DATABASE）；
                       凡接受 --data 的命令都接受它（backup 把服务器上的数据复制成与单机相同的备份文件夹，restore 可恢复到服务器）
  --user 用户名         以该用户身份执行；密码取 --password 或环境变量 ZONGJIAN_PASSWORD
  --json               以 JSON 输出结果

退出码: 0 成功  1 操作失败  2 用法错误  3 数据文件检查未通过或抽取记录不一致  4 导入文件有错误`;

const UsageError = CliUsageError;

type Values = {
  data?: string;
  database?: string;
  user?: string;
  password?: string;
  office?: string;
  prefix?: string;
  admin?: string;
  'admin-name'?: string;
  start?: string;
  province?: string;
  json?: boolean;
  to?: string;
  from?: string;
  yes?: boolean;
  'no-attachments'?: boolean;
  'no-reports'?: boolean;
  plan?: string;
  batch?: string;
  entropy?: string;
  'entropy-source'?: string;
  'entropy-date'?: string;
  witness?: string[];
  out?: string;
  now?: string;
  'passphrase-file'?: string;
  trust?: string;
  previous?: string;
  proof?: string;
  package?: string;
  rotate?: boolean;
  seal?: boolean;
  'seal-sha256'?: string;
};

function need(v: string | undefined, what: string): string {
  if (!v) throw new UsageError(`缺少 ${what}`);
  return v;
}

function password(values: Values, io: CliIo): string {
  return cliPassword(values.password, io.env);
}

function dataDirOf(values: Values, io: CliIo): string {
  return resolveDataDir({ explicit: values.data, env: io.env });
}

/** --database URL or ZONGJIAN_DATABASE: the office's server instead of the data folder's file. */
function serverOf(values: Values, io: CliIo): string | null {
  const url = (values.database ?? io.env.ZONGJIAN_DATABASE)?.trim();
  if (!url) return null;
  if (!isPostgresUrl(url)) throw new UsageError(`--database 应为 postgres:// 开头的地址：${redactUrl(url)}`);
  return url;
}

/** The store a read-only command looks at, opened as found (no migrations): the server, or the data file (null
 *  when the folder has none). */
async function openAsFound(values: Values, io: CliIo, readonly: boolean): Promise<OpenStore | null> {
  const url = serverOf(values, io);
  if (url) return openPostgres(url, { migrate: false, poolSize: 2 });
  const file = join(dataDirOf(values, io), DB_FILE_NAME);
  if (!existsSync(file)) return null;
  return openDatabase(file, { migrate: false, ...(readonly ? { readonly: true } : {}) });
}

/** A table's presence, in either store. */
async function hasTable(db: OpenStore['db'], name: string): Promise<boolean> {
  return (await db.introspection.getTables()).some((t) => t.name === name);
}

/** The one dispatcher session of a command run (each run starts its own core, so one key is enough). */
const CLI_SESSION = 'cli';

function binder(core: AppCore): Call {
  return <N extends MethodName>(name: N, args: Input<N>): Promise<Output<N>> =>
    core.dispatcher.call(name, args, CLI_SESSION);
}

async function withCore<T>(
  values: Values,
  io: CliIo,
  fn: (core: AppCore, call: Call, travel: Travel) => Promise<T>,
  startupCare = false,
): Promise<T> {
  // --now: the app believes it is this moment when it starts (the demo for tests whose clock is fixed).
  const start = values.now ? new Date(values.now) : null;
  if (start && Number.isNaN(start.getTime())) throw new UsageError(`--now 不是有效的时间：${values.now}`);
  const offset = start ? start.getTime() - Date.now() : 0;
  // Only seed-demo moves it (its drawn batch was sealed and drawn on days of their own).
  const clock = travellingClock(() => new Date(Date.now() + offset));
  const database = serverOf(values, io);
  const core = await startAppCore({
    dataDir: dataDirOf(values, io),
    ...(database ? { database } : {}),
    startupCare,
    log: (m, e) => writeLine(io.stderr, m, e ?? ''),
    clock: clock.now,
  });
  try {
    await core.background;
    return await fn(core, binder(core), clock.travel);
  } finally {
    await core.close();
  }
}

async function signIn(call: Call, values: Values, io: CliIo): Promise<void> {
  await call('auth.login', { username: need(values.user, '--user 用户名'), password: password(values, io) });
}

function print(io: CliIo, values: Values, human: string, data: unknown): void {
  writeLine(io.stdout, values.json ? JSON.stringify(data, null, 2) : human);
}

async function cmdInit(values: Values, io: CliIo): Promise<number> {
  return withCore(values, io, async (core, call) => {
    // 从哪个季度开始使用本系统: this quarter unless --start says otherwise (nothing is due before it).
    const start = {
      quarter: values.start ?? quarterCodeOf(beijingDate(values.now ? new Date(values.now) : new Date())),
      province: (values.province ?? null) as Province | null,
    };
    const { user } = await call('system.setup', {
      office: {
        name: need(values.office, '--office 单位名称'),
        docPrefix: need(values.prefix, '--prefix 发文字号前缀'),
      },
      admin: {
        username: need(values.admin, '--admin 管理员用户名'),
        displayName: values['admin-name'] ?? '系统管理员',
        password: password(values, io),
      },
      start,
    });
    await call('auth.logout', {});
    const from = `自${startQuarterLabel(start.quarter.toUpperCase())}起使用本系统，${start.province ?? '未填写所在省份（业务规则均为参照其他省份的规定，可在系统设置中修改）'}`;
    print(
      io,
      values,
      `已初始化：${values.office}（${from}；数据文件夹 ${core.dataDir}），管理员 ${user.username}`,
      { dataDir: core.dataDir, user, start },
    );
    return EXIT.ok;
  });
}

async function cmdCheck(values: Values, io: CliIo): Promise<number> {
  const url = serverOf(values, io);
  if (url) return checkServer(values, url, io);
  const dataDir = dataDirOf(values, io);
  const file = join(dataDir, DB_FILE_NAME);
  if (!existsSync(file)) {
    print(io, values, `数据文件不存在：${file}`, { ok: false, file, problem: 'missing' });
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
    const schema = state.unknown.length ? [] : await schemaProblems(handle.sqlite);
    const ok =
      integrity.length === 1 &&
      integrity[0] === 'ok' &&
      fk.length === 0 &&
      state.unknown.length === 0 &&
      schema.length === 0;
    const lines = [
      `数据文件：${file}`,
      `完整性检查：${integrity.join('; ')}`,
      `外键检查：${fk.length === 0 ? 'ok' : `${fk.length} 处引用缺失`}`,
      `数据库版本：已应用 ${state.applied.length} 个，待升级 ${state.pending.length} 个${state.unknown.length ? `，未知（更高版本写入）${state.unknown.join('、')}` : ''}`,
      `数据库结构：${schema.length === 0 ? '与本软件一致' : schema.map((p) => p.replace(/^数据库结构/, '')).join('；')}`,
      ok ? '结论：正常' : '结论：发现问题，请勿继续写入，并联系技术人员',
    ];
    print(io, values, lines.join('\n'), {
      ok,
      file,
      integrity,
      foreignKeyProblems: fk.length,
      migrations: state,
      schemaProblems: schema,
    });
    return ok ? EXIT.ok : EXIT.checkFailed;
  } finally {
    await handle.close();
  }
}

/** check --database: the server's database as found (it checks its own storage and keys; this app checks that it
 *  is reachable, its version, and that every table this version needs is there). */
async function checkServer(values: Values, url: string, io: CliIo): Promise<number> {
  const server = redactUrl(url);
  let handle: OpenStore;
  try {
    handle = await openPostgres(url, { migrate: false, poolSize: 1 });
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'DB_FROM_FUTURE') throw e;
    const unknown = (e.details as { unknownMigrations?: string[] } | undefined)?.unknownMigrations ?? [];
    print(io, values, [`数据库服务器：${server}`, e.message, '结论：发现问题'].join('\n'), {
      ok: false,
      server,
      problem: 'from-future',
      migrations: { unknown },
    });
    return EXIT.checkFailed;
  }
  try {
    const state = await migrationState(handle.db);
    const tables = new Set((await handle.db.introspection.getTables()).map((t) => t.name));
    const needed = state.applied.length ? ['office', 'users', 'audit_log', 'settings'] : [];
    const missing = needed.filter((t) => !tables.has(t));
    const office = tables.has('office')
      ? ((await handle.db.selectFrom('office').select('name').executeTakeFirst())?.name ?? null)
      : null;
    const ok = missing.length === 0;
    const lines = [
      `数据库服务器：${server}`,
      `连接：正常`,
      `数据库版本：已应用 ${state.applied.length} 个，待升级 ${state.pending.length} 个${state.applied.length === 0 ? '（空数据库）' : ''}`,
      `数据表：${missing.length ? `缺少 ${missing.join('、')}` : '齐全'}`,
      `单位：${office ?? '（尚未设置）'}`,
      ok ? '结论：正常' : '结论：发现问题，请勿继续写入，并联系技术人员',
    ];
    print(io, values, lines.join('\n'), { ok, server, migrations: state, missingTables: missing, office });
    return ok ? EXIT.ok : EXIT.checkFailed;
  } finally {
    await handle.close();
  }
}

/** migrate: bring the data file or the server's database to this version's schema (what every start does), and
 *  say what ran. Refuses one written by a newer version. */
async function cmdMigrate(values: Values, io: CliIo): Promise<number> {
  const url = serverOf(values, io);
  const target = url ?? join(dataDirOf(values, io), DB_FILE_NAME);
  const shown = url ? redactUrl(url) : target;
  if (!url && !existsSync(target)) {
    print(io, values, `数据文件不存在：${target}`, { ok: false, target, problem: 'missing' });
    return EXIT.checkFailed;
  }
  const before = await openAsFound(values, io, false);
  let pending: string[] = [];
  try {
    if (before) {
      await assertNotFromFuture(before.db);
      pending = (await migrationState(before.db)).pending;
    }
  } finally {
    await before?.close();
  }
  const handle = await openStore(target);
  await handle.close();
  print(
    io,
    values,
    pending.length
      ? `已升级 ${shown}：${pending.length} 个数据库版本（${pending.join('、')}）`
      : `${shown} 已是最新的数据库版本，无需升级`,
    { ok: true, target: shown, ran: pending },
  );
  return EXIT.ok;
}

async function cmdImportDepartments(values: Values, io: CliIo, file: string | undefined): Promise<number> {
  const path = resolve(need(file, '要导入的 .xlsx 文件'));
  const base64 = readFileSync(path).toString('base64');
  return withCore(values, io, async (_core, call) => {
    await signIn(call, values, io);
    try {
      const preview = await call('departments.importPreview', { fileName: basename(path), base64 });
      if (preview.errorCount > 0) {
        const lines = preview.rows
          .filter((r) => r.errors.length > 0)
          .map((r) => `第 ${r.rowNumber} 行（${r.shortName || r.fullName || '空'}）：${r.errors.join('；')}`);
        print(
          io,
          values,
          [`有 ${preview.errorCount} 行存在问题，未导入任何数据：`, ...lines].join('\n'),
          preview,
        );
        return EXIT.importInvalid;
      }
      const applied = await call('departments.importApply', { fileName: basename(path), base64 });
      print(
        io,
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
    `生成于：${formatDateTime(m.createdAt)}（${BACKUP_REASON_LABELS[m.reason]}，软件版本 ${m.appVersion}）`,
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

/**
 * A backup or restore with a progress line in a terminal (never with --json or into a pipe): the call carries a
 * progressId and the same dispatcher's system.progress is polled meanwhile, as the window's progress bar does.
 */
async function withStepLine<T>(
  call: Call,
  values: Values,
  io: CliIo,
  label: string,
  run: (progressId: string | undefined) => Promise<T>,
): Promise<T> {
  const line = values.json ? null : terminalProgress(io.stderr, label, '步');
  if (!line) return run(undefined);
  const id = randomBytes(12).toString('hex');
  let over = false;
  const poll = (async () => {
    while (!over) {
      const p = await call('system.progress', { id }).catch(() => null);
      if (p && p.total > 0 && !over) line.update(p.done, p.total, p.what, p.unit);
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  try {
    return await run(id);
  } finally {
    over = true;
    await poll;
    line.end();
  }
}

async function cmdBackup(values: Values, io: CliIo): Promise<number> {
  return withCore(values, io, async (_core, call) => {
    await signIn(call, values, io);
    try {
      const summary = await withStepLine(call, values, io, '正在备份', (progressId) =>
        call('backup.create', {
          ...(values.to ? { destination: resolve(values.to) } : {}),
          includeAttachments: !values['no-attachments'],
          ...(progressId ? { progressId } : {}),
        }),
      );
      const m = summary.manifest;
      print(
        io,
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

async function cmdRestore(values: Values, io: CliIo): Promise<number> {
  const from = resolve(need(values.from, '--from 备份文件夹'));
  // With the start-up check: a damaged current file must not receive even the pre-restore audit row.
  return withCore(
    values,
    io,
    async (_core, call) => {
      await signIn(call, values, io);
      try {
        const preview = await call('backup.inspect', { path: from });
        if (!preview.ok) {
          print(io, values, `${formatPreview(preview)}\n未恢复。`, preview);
          return EXIT.checkFailed;
        }
        if (!values.yes) {
          print(
            io,
            values,
            `${formatPreview(preview)}\n\n确认无误后加 --yes 执行恢复（当前数据会先自动安全备份）。`,
            preview,
          );
          return EXIT.ok;
        }
        const done = await withStepLine(call, values, io, '正在恢复', (progressId) =>
          call('backup.restore', { path: from, ...(progressId ? { progressId } : {}) }),
        );
        print(
          io,
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

async function cmdVerifyLedger(values: Values, io: CliIo): Promise<number> {
  const dataDir = dataDirOf(values, io);
  const url = serverOf(values, io);
  const file = url ? redactUrl(url) : join(dataDir, DB_FILE_NAME);
  // Read-only and without migrating: the chain is checked as found in the file (or on the server).
  const handle = await openAsFound(values, io, true);
  if (!handle) {
    print(io, values, `数据文件不存在：${file}`, { ok: false, file, problem: 'missing' });
    return EXIT.checkFailed;
  }
  try {
    if (!(await hasTable(handle.db, 'credit_ledger'))) {
      print(
        io,
        values,
        `${url ? '数据库' : '数据文件'}中还没有信用台账（数据库版本早于信用台账模块）：${file}`,
        {
          ok: true,
          checked: 0,
          head: null,
        },
      );
      return EXIT.ok;
    }
    // The attachments where the store keeps them: the server's own table, or the data folder's attachments/.
    // In a terminal (never with --json or into a pipe) a progress line on stderr while the chain is hashed.
    const progress = values.json ? null : terminalProgress(io.stderr, '正在校验信用台账');
    let v;
    try {
      v = await verifyLedger(handle.db, 'auto', {
        attachments: attachmentStoreFor(handle.db, dataDir),
        ...(progress ? { progress: (done: number, total: number) => progress.update(done, total) } : {}),
      });
    } finally {
      progress?.end();
    }
    const head = `第 ${v.head.seq} 条  ${v.head.hash}`;
    const files = v.attachments
      ? v.attachments.problems.length === 0
        ? [`附件：${v.attachments.checked} 个，均存在且与台账一致`]
        : [
            `附件：${v.attachments.checked} 个，${v.attachments.problems.length} 个有问题`,
            ...v.attachments.problems.slice(0, 20).map((p) => `  ${p.message}`),
          ]
      : [];
    const lines = !v.broken
      ? [
          `信用台账校验：通过`,
          `已校验 ${v.checked} 条记录，用时 ${v.elapsedMs} ms`,
          `链头：${v.head.seq === 0 ? '（空台账）' : head}`,
        ]
      : [
          `信用台账校验：未通过`,
          `第一处断链：第 ${v.broken!.seq} 条（${v.broken!.field}）`,
          `应为：${v.broken!.expected}`,
          `实为：${v.broken!.found}`,
          `说明：${v.broken!.message}`,
          `此前 ${v.checked} 条记录校验通过；数据文件中的链头：${head}`,
        ];
    lines.push(...files);
    if (v.anchors.checked > 0) {
      lines.push(
        v.anchors.losses.length === 0
          ? `已签署上报的 ${v.anchors.checked} 个数据包的台账链头均在链上`
          : `已签署上报的数据包所记链头缺失：\n${v.anchors.losses.map((l) => `  ${l.message}`).join('\n')}`,
      );
    }
    if (!v.ok && !v.broken) {
      lines[0] = v.anchors.losses.length
        ? '信用台账校验：未通过（台账被截短或改动）'
        : '信用台账校验：未通过（附件）';
    }
    print(io, values, lines.join('\n'), { file, ...v });
    return v.ok ? EXIT.ok : EXIT.checkFailed;
  } finally {
    await handle.close();
  }
}

async function cmdSeedDemo(values: Values, io: CliIo): Promise<number> {
  return withCore(values, io, async (core, call, travel) => {
    const status = await call('system.status', {});
    if (status.initialized)
      throw new AppError(
        'ALREADY_INITIALIZED',
        core.server
          ? `数据库 ${core.server} 已有数据，演示数据只能生成到空数据库中`
          : `数据文件夹 ${core.dataDir} 已有数据，演示数据只能生成到空文件夹中`,
      );
    const summary = await seedDemo(call, travel, undefined, { reports: !values['no-reports'] });
    const human = [
      `演示区县已生成：${summary.office}（${summary.departments} 个成员单位，任务清单（去年和今年）${summary.checklistReports} 条季度进展，联席会议 ${summary.meetings} 次，未办结议定事项 ${summary.openDecisions} 项，监管对象 ${summary.enforcement.institutions} 家、从业人员 ${summary.enforcement.practitioners} 人、执法人员 ${summary.enforcement.inspectors} 人，转报 ${summary.cases.referrals} 件、12345 投诉 ${summary.cases.complaints} 件，信用记录 ${summary.credit.entries} 条，已签发上报的报告 ${summary.reports.signed} 份）`,
      `数据文件夹：${core.dataDir}`,
      `账号（密码均为 ${summary.password}）：${summary.users.map((u) => `${u.username}（${u.displayName}）`).join('，')}`,
      ...(summary.reports.signed ? [`单位签名口令：${DEMO_SIGNING_PASSPHRASE}`] : []),
    ].join('\n');
    print(io, values, human, { dataDir: core.dataDir, ...summary });
    return EXIT.ok;
  });
}

// ------------------------------------------------------------------------------------- 抽查计划与双随机抽取

function existingDataFile(values: Values, io: CliIo): string {
  const url = serverOf(values, io);
  if (url) return redactUrl(url); // the server's database: opened (and refused if unreachable) by withCore
  const file = join(dataDirOf(values, io), DB_FILE_NAME);
  if (!existsSync(file)) throw new AppError('NOT_FOUND', `数据文件不存在：${file}`);
  return file;
}

const positiveInt = (v: string | undefined, what: string): number => {
  const n = Number(need(v, what));
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${what} 应为正整数：${v}`);
  return n;
};

async function cmdPlans(values: Values, io: CliIo): Promise<number> {
  existingDataFile(values, io);
  return withCore(values, io, async (core) => {
    const plans = await loadPlans(core.database.db);
    const lines = plans.map((p) => {
      const batches = p.batches
        .map(
          (b) =>
            `第${b.number}批 ${b.name}（${b.startDate}—${b.endDate}，${b.draw ? `已抽取 ${b.draw.targetCount} 个对象，SHA-256 ${b.draw.sha256.slice(0, 16)}…` : '未抽取'}）`,
        )
        .join('；');
      return `${p.id}\t${p.year}年\t${p.name}\t${p.departments.map((d) => d.shortName).join('、')}${p.joint ? '（联合）' : ''}\t${batches}`;
    });
    print(io, values, lines.length ? lines.join('\n') : '（尚无抽查计划）', plans);
    return EXIT.ok;
  });
}

async function cmdSeal(values: Values, io: CliIo, planId: number, batchNumber: number): Promise<number> {
  const out = values.out ? resolve(values.out) : null;
  return withCore(values, io, async (_core, call) => {
    await signIn(call, values, io);
    try {
      const s = await call('draws.seal', { planId, batchNumber });
      if (out) writeFileSync(out, JSON.stringify(s.seal));
      const lines = [
        `封存完成：${s.year}年“${s.planName}”第${s.batchNumber}批（${s.batchName}），${beijingDateTime(s.sealedAt).text}（北京时间）`,
        `名录快照：监管对象 ${s.seal.directory.institutions.length} 家，执法人员 ${s.seal.directory.inspectors.length} 名`,
        `封存记录 SHA-256：${s.sha256}`,
        ...(out ? [`封存记录文件：${out}`] : []),
        `请打印封存记录交见证人签字；抽取须使用开奖日期晚于 ${s.sealedOn}（北京时间）的公开随机数。`,
      ];
      print(io, values, lines.join('\n'), s);
      return EXIT.ok;
    } catch (e) {
      const problems =
        e instanceof AppError ? (e.details as { problems?: string[] } | undefined)?.problems : undefined;
      if (!problems) throw e;
      writeLine(
        io.stderr,
        [`失败：无法封存（无法抽取），共 ${problems.length} 处：`, ...problems.map((p) => `  - ${p}`)].join(
          '\n',
        ),
      );
      return EXIT.failed;
    } finally {
      await call('auth.logout', {});
    }
  });
}

async function cmdDraw(values: Values, io: CliIo): Promise<number> {
  const planId = positiveInt(values.plan, '--plan 计划编号');
  const batchNumber = positiveInt(values.batch, '--batch 批次号');
  if (values.seal) {
    existingDataFile(values, io);
    return cmdSeal(values, io, planId, batchNumber);
  }
  const digits = need(values.entropy, '--entropy 公开随机数（尚未封存时先用 --seal 封存）');
  const witnesses = values.witness ?? [];
  if (witnesses.length === 0) throw new UsageError('缺少 --witness 见证人（至少一名，建议两名）');
  const out = resolve(need(values.out, '--out 记录文件'));
  existingDataFile(values, io);
  return withCore(values, io, async (_core, call) => {
    await signIn(call, values, io);
    try {
      const d = await call('draws.run', {
        planId,
        batchNumber,
        entropy: {
          source: values['entropy-source'] ?? '命令行录入的公开随机数',
          date: values['entropy-date'] ?? beijingDate(values.now ? new Date(values.now) : new Date()),
          digits,
        },
        witnesses,
      });
      const file = await call('draws.exportJson', { id: d.id });
      writeFileSync(out, Buffer.from(file.base64, 'base64'));
      const lines = [
        `抽取完成：${d.year}年“${d.planName}”第${d.batchNumber}批（${d.batchName}），抽中 ${d.targetCount} 个监管对象`,
        `封存记录 SHA-256：${d.record.seal?.sha256 ?? '（无）'}（按封存的名录与计划参数抽取）`,
        ...(d.changesSinceSeal.length
          ? ['封存后名录或计划的变化（本次抽取不计入）：', ...d.changesSinceSeal.map((c) => `  - ${c}`)]
          : []),
        `公开随机数：${d.record.inputs.entropy.source} ${d.record.inputs.entropy.digits}；见证人：${witnesses.join('、')}`,
        `种子：${d.seed}`,
        `记录 SHA-256：${d.sha256}`,
        `记录文件：${out}`,
        ...d.record.result.targets.map(
          (t, i) =>
            `${i + 1}. ${t.name}（${t.uscc}，${DRAW_TIER_LABELS[t.tier]}）：${t.team.map((m) => `${m.name}（${m.department}${m.lead ? '，组长' : ''}）`).join('、')}`,
        ),
      ];
      print(io, values, lines.join('\n'), { ...d, file: out });
      return EXIT.ok;
    } catch (e) {
      const problems =
        e instanceof AppError ? (e.details as { problems?: string[] } | undefined)?.problems : undefined;
      if (!problems) throw e;
      writeLine(
        io.stderr,
        [`失败：无法抽取，共 ${problems.length} 处：`, ...problems.map((p) => `  - ${p}`)].join('\n'),
      );
      return EXIT.failed;
    } finally {
      await call('auth.logout', {});
    }
  });
}

async function cmdVerifyDraw(values: Values, io: CliIo, file: string | undefined): Promise<number> {
  const path = resolve(need(file, '要核对的抽取记录文件（.json）'));
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new AppError('NOT_FOUND', `无法读取文件 ${path}：${(e as Error).message}`);
  }
  const server = serverOf(values, io);
  const dbFile = server ? redactUrl(server) : join(dataDirOf(values, io), DB_FILE_NAME);
  let archived: string | null | undefined;
  let archivedSeal: string | null | undefined;
  const sealSha256 = values['seal-sha256']?.trim();
  if (sealSha256 !== undefined && !/^[0-9a-fA-F]{64}$/.test(sealSha256))
    throw new UsageError(`--seal-sha256 应为 64 位十六进制：${sealSha256}`);
  // Read as found, without migrating: verification must not change the archive (the data file, or the server).
  const handle = await openAsFound(values, io, false);
  if (handle) {
    try {
      const key = (() => {
        try {
          const r = JSON.parse(text.replace(/^\uFEFF/, '')) as {
            inputs?: { plan?: { id?: unknown }; batch?: { number?: unknown } };
          };
          const planId = r.inputs?.plan?.id;
          const batch = r.inputs?.batch?.number;
          return typeof planId === 'number' && typeof batch === 'number' ? { planId, batch } : null;
        } catch {
          return null;
        }
      })();
      const records = await hasTable(handle.db, 'draw_records');
      const seals = await hasTable(handle.db, 'draw_seals');
      if (key) {
        archived = records ? await archivedRecordJson(handle.db, key.planId, key.batch) : null;
        archivedSeal = seals ? await archivedSealJson(handle.db, key.planId, key.batch) : null;
      }
    } finally {
      await handle.close();
    }
  }
  const v = verifyDrawRecord(text, archived, {
    ...(sealedRecord(text) && archivedSeal !== undefined ? { archivedSeal } : {}),
    ...(sealSha256 ? { sealSha256 } : {}),
  });
  const r = v.record;
  const about = r
    ? `抽取记录：${r.inputs.plan.year}年“${r.inputs.plan.name}”第${r.inputs.batch.number}批，${beijingDateTime(r.inputs.drawnAt).text}（北京时间），抽中 ${r.result.targets.length} 个对象`
    : `文件：${path}`;
  const human = v.match
    ? [
        'MATCH',
        about,
        `SHA-256：${v.sha256}`,
        `已按 ${r!.algorithm} 重新计算：名录行散列 ${r!.directory.institutions.length + r!.directory.inspectors.length} 个、种子与抽取结果均一致${v.archive === 'matched' ? '；与数据文件夹中的档案逐字段一致' : `；未与档案核对（数据文件不存在：${dbFile}）`}。`,
        r!.seal
          ? `封存记录 SHA-256：${r!.seal.sha256}（${beijingDateTime(r!.seal.record.sealedAt).text} 封存）；抽取所用的名录与参数与封存的一致，开奖日期 ${r!.inputs.entropy.date} 晚于封存日期${v.sealArchive === 'matched' ? '；与档案中的封存记录一致' : ''}${sealSha256 ? '；与封存记录打印件上的 SHA-256 一致' : ''}。`
          : '此记录为 zongjian-draw-v1（封存机制启用前的版本），没有封存记录。',
      ]
    : [
        'MISMATCH',
        about,
        ...(v.sha256 ? [`文件 SHA-256：${v.sha256}`] : []),
        `不一致之处：`,
        ...v.differences.map((d) => `  - ${d}`),
      ];
  print(io, values, human.join('\n'), {
    match: v.match,
    sha256: v.sha256,
    archive: v.archive,
    sealArchive: v.sealArchive,
    differences: v.differences,
  });
  return v.match ? EXIT.ok : EXIT.checkFailed;
}

/** Whether the file names the sealed version (only its archive seal is looked up and compared). */
/** v2 and later records carry a seal (v1 predates sealing), so the archived seal is compared for them. */
function sealedRecord(text: string): boolean {
  try {
    const algorithm = (JSON.parse(text.replace(/^\uFEFF/, '')) as { algorithm?: unknown }).algorithm;
    return (
      typeof algorithm === 'string' &&
      algorithm !== 'zongjian-draw-v1' &&
      algorithm.startsWith('zongjian-draw-v')
    );
  } catch {
    return false;
  }
}

function signingCli(values: Values, io: CliIo): SigningCliContext {
  return {
    values,
    print: (human, data) => print(io, values, human, data),
    asActor: (fn) =>
      withCore(values, io, async (core, call) => {
        const { actor, defaulted } = await actAsUserOrFirstAdmin(core, CLI_SESSION, values, io.env);
        try {
          return await fn(call, actor, defaulted);
        } finally {
          core.dispatcher.endSession(CLI_SESSION);
        }
      }),
    usage: (message) => {
      throw new UsageError(message);
    },
    exit: EXIT,
  };
}

/** The commands other than `report` (electron/cli/run.ts routes that one to report.ts). */
export async function runCommands(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === 'document') return runDocumentCli(argv.slice(1), io); // its own options: electron/cli/document.ts
  if (argv[0] === 'transfer') return runTransferCli(argv.slice(1), io); // its own options: electron/cli/transfer.ts
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        data: { type: 'string' },
        database: { type: 'string' },
        user: { type: 'string' },
        password: { type: 'string' },
        office: { type: 'string' },
        prefix: { type: 'string' },
        admin: { type: 'string' },
        'admin-name': { type: 'string' },
        start: { type: 'string' },
        province: { type: 'string' },
        json: { type: 'boolean' },
        to: { type: 'string' },
        from: { type: 'string' },
        yes: { type: 'boolean' },
        'no-attachments': { type: 'boolean' },
        'no-reports': { type: 'boolean' },
        plan: { type: 'string' },
        batch: { type: 'string' },
        entropy: { type: 'string' },
        'entropy-source': { type: 'string' },
        'entropy-date': { type: 'string' },
        witness: { type: 'string', multiple: true },
        out: { type: 'string' },
        now: { type: 'string' },
        'passphrase-file': { type: 'string' },
        trust: { type: 'string' },
        previous: { type: 'string' },
        proof: { type: 'string' },
        package: { type: 'string' },
        rotate: { type: 'boolean' },
        seal: { type: 'boolean' },
        'seal-sha256': { type: 'string' },
      },
    });
  } catch (e) {
    writeLine(io.stderr, `用法错误：${(e as Error).message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const [command, ...rest] = parsed.positionals;
  const values = parsed.values as Values;
  try {
    switch (command) {
      case 'init':
        return await cmdInit(values, io);
      case 'check':
        return await cmdCheck(values, io);
      case 'migrate':
        return await cmdMigrate(values, io);
      case 'import-departments':
        return await cmdImportDepartments(values, io, rest[0]);
      case 'verify-ledger':
        return await cmdVerifyLedger(values, io);
      case 'seed-demo':
        return await cmdSeedDemo(values, io);
      case 'backup':
        return await cmdBackup(values, io);
      case 'restore':
        return await cmdRestore(values, io);
      case 'plans':
        return await cmdPlans(values, io);
      case 'draw':
        return await cmdDraw(values, io);
      case 'verify-draw':
        return await cmdVerifyDraw(values, io, rest[0]);
      case 'keygen':
        return await cmdKeygen(signingCli(values, io));
      case 'verify-package':
        return await cmdVerifyPackage(signingCli(values, io), rest[0]);
      case 'verify-inclusion':
        return cmdVerifyInclusion(signingCli(values, io));
      case undefined:
      case 'help':
        writeLine(io.stdout, USAGE);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        writeLine(io.stderr, `未知命令：${command}\n\n${USAGE}`);
        return EXIT.usage;
    }
  } catch (e) {
    if (e instanceof UsageError) {
      writeLine(io.stderr, `用法错误：${e.message}\n\n运行 zongjian help 查看说明`);
      return EXIT.usage;
    }
    if (e instanceof AppError) {
      writeLine(io.stderr, `失败：${e.message}`);
      return e.code === 'DB_FROM_FUTURE' || e.code === 'DB_UNREADABLE' || e.code === 'DB_DAMAGED'
        ? EXIT.checkFailed
        : EXIT.failed;
    }
    writeLine(io.stderr, e);
    return EXIT.failed;
  }
}
