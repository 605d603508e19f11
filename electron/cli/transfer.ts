// `zongjian transfer --from DIR --to postgres://…` moves a single-desk office onto the office's database server
// (and `--from postgres://… --to DIR` back onto one desk). The target must be empty (what is there is named); the
// rows of every table, the id counters and the attachments go in ONE transaction, and before it commits the two
// sides are compared — rows per table, attachments (count and SHA-256), the credit ledger's chain head — and the
// ledger verified (db/system/store-copy.ts, the same copy the server-mode backup uses). Any difference rolls it all
// back. A data folder made by a failed transfer is left as it was found.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { AppError } from '../../shared/errors';
import { openDatabase, openPostgres, type OpenStore } from '../../db/core/open';
import { isPostgresUrl, redactUrl } from '../../db/core/postgres';
import { databaseAttachments, folderAttachments, type AttachmentStore } from '../../db/core/attachment-store';
import type { DB } from '../../db/core/schema';
import { schemaProblems } from '../../db/system/schema-check';
import {
  copyProgressLine,
  copyStore,
  describeOccupied,
  occupiedTables,
  type CopyOptions,
  type CopyProgress,
  type CopyReport,
} from '../../db/system/store-copy';
import { terminalProgress, writeLine, type CliIo } from './io';

const DB_FILE = 'zongjian.db';

export const TRANSFER_USAGE = `  transfer             把单机数据文件夹整体迁移到单位数据库服务器（或反向）：
                       --from 数据文件夹 --to postgres://用户名:密码@主机:端口/数据库
                       （反向：--from postgres://… --to 空的数据文件夹）；目标须为空库或空文件夹，
                       全部数据在一个事务中写入，核对每张表行数、附件（数量与 SHA-256）和信用台账链头一致后才提交，
                       否则全部撤销并列出不一致之处；迁移前请关闭所有正在使用源数据的程序 [--json]`;

interface Side {
  store: OpenStore;
  label: string;
  /** The attachment store, over `db` (the copy's transaction on the target). */
  attachments(db: Kysely<DB>): AttachmentStore;
  /** Undo what opening this side created (a new data file in an empty folder), after it is closed. */
  discard(): void;
}

function folderLabel(dir: string): string {
  return `数据文件夹 ${dir}`;
}

async function openSource(from: string): Promise<Side> {
  if (isPostgresUrl(from)) {
    const store = await openPostgres(from);
    return {
      store,
      label: `单位数据库服务器 ${redactUrl(from)}`,
      attachments: (db) => databaseAttachments(db),
      discard: () => undefined,
    };
  }
  const dir = resolve(from);
  const file = join(dir, DB_FILE);
  if (!existsSync(file))
    throw new AppError('NOT_FOUND', `“${dir}”中没有数据文件 ${DB_FILE}，不是本软件的数据文件夹`);
  const store = await openDatabase(file);
  // A file carrying objects this build never made is not moved onto the server.
  const foreign = await schemaProblems(store.sqlite);
  if (foreign.length) {
    await store.close();
    throw new AppError(
      'VALIDATION',
      `源数据文件的数据库结构与本软件不符（${foreign.slice(0, 3).join('；')}），未做任何改动`,
    );
  }
  const attachments = folderAttachments(join(dir, 'attachments'));
  return { store, label: folderLabel(dir), attachments: () => attachments, discard: () => undefined };
}

async function openTarget(to: string): Promise<Side & { written: string[] }> {
  if (isPostgresUrl(to)) {
    const store = await openPostgres(to);
    return {
      store,
      label: `单位数据库服务器 ${redactUrl(to)}`,
      attachments: (db) => databaseAttachments(db),
      discard: () => undefined,
      written: [],
    };
  }
  const dir = resolve(to);
  const file = join(dir, DB_FILE);
  const created = !existsSync(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const store = await openDatabase(file);
  const folder = folderAttachments(join(dir, 'attachments'));
  const written: string[] = [];
  // Files put by a copy that then rolls back are removed again: the folder is left as it was found.
  const tracked: AttachmentStore = {
    ...folder,
    async put(sha256, bytes) {
      if (!(await folder.read(sha256))) written.push(join(dir, 'attachments', sha256.slice(0, 2), sha256));
      await folder.put(sha256, bytes);
    },
  };
  return {
    store,
    label: folderLabel(dir),
    attachments: () => tracked,
    written,
    discard: () => {
      for (const f of written) rmSync(f, { force: true });
      if (created)
        for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
    },
  };
}

export interface TransferOptions {
  /** What is moved where, once it starts. */
  progress?: (line: string) => void;
  /** How far the copy has got: 第 k / n 张表 and the rows copied, then the attachments, then the checks. */
  onProgress?: (progress: CopyProgress) => void;
  /** Tests: runs inside the target's transaction before each table (throwing interrupts the transfer). */
  beforeTable?: CopyOptions['beforeTable'];
}

export interface TransferResult extends CopyReport {
  from: string;
  to: string;
}

/** The transfer itself (the command prints around it): refuses a non-empty target, copies and checks. */
export async function transferOffice(
  from: string,
  to: string,
  options: TransferOptions = {},
): Promise<TransferResult> {
  const sameKind = isPostgresUrl(from) === isPostgresUrl(to);
  if (sameKind) {
    throw new AppError(
      'VALIDATION',
      isPostgresUrl(from)
        ? '两端都是数据库服务器：迁移只在数据文件夹与单位数据库服务器之间进行（服务器之间请用 pg_dump / pg_restore）'
        : '两端都是数据文件夹：迁移只在数据文件夹与单位数据库服务器之间进行（文件夹之间请用备份与恢复）',
    );
  }
  const source = await openSource(from);
  let target: Awaited<ReturnType<typeof openTarget>> | null = null;
  let ok = false;
  try {
    target = await openTarget(to);
    const there = await occupiedTables(target.store.db);
    if (there.length) {
      throw new AppError(
        'VALIDATION',
        `${target.label}不是空的（已有：${describeOccupied(there)}），迁移只写入空库，未做任何改动`,
        { occupied: there },
      );
    }
    const before = await occupiedTables(source.store.db);
    if (!before.some((t) => t.table === 'office')) {
      throw new AppError('VALIDATION', `${source.label}还没有初始化（没有单位信息），没有可迁移的数据`);
    }
    options.progress?.(`从 ${source.label} 迁移到 ${target.label}`);
    const report = await copyStore(
      { db: source.store.db, attachments: source.attachments(source.store.db), label: source.label },
      { db: target.store.db, attachments: (trx) => target!.attachments(trx), label: target.label },
      {
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.beforeTable ? { beforeTable: options.beforeTable } : {}),
      },
    );
    ok = true;
    return { ...report, from: source.label, to: target.label };
  } finally {
    await source.store.close().catch(() => undefined);
    if (target) {
      await target.store.close().catch(() => undefined);
      if (!ok) target.discard();
    }
  }
}

export async function runTransferCli(argv: string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    writeLine(io.stdout, TRANSFER_USAGE);
    return 0;
  }
  let values: { from?: string; to?: string; json?: boolean };
  try {
    values = parseArgs({
      args: argv,
      options: { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } },
    }).values;
  } catch (e) {
    writeLine(io.stderr, `用法错误：${(e as Error).message}\n\n${TRANSFER_USAGE}`);
    return 2;
  }
  if (!values.from || !values.to) {
    writeLine(io.stderr, `用法错误：缺少 ${!values.from ? '--from' : '--to'}\n\n${TRANSFER_USAGE}`);
    return 2;
  }
  // Progress only where a person watches (a terminal), and never into --json output: one line, rewritten in place
  // (第 3 / 40 张表（信用台账）：第 120,000 / 200,000 行), cleared before the result.
  const line = values.json ? null : terminalProgress(io.stdout, '正在迁移', '行');
  const into = isPostgresUrl(values.to) ? '数据库服务器' : '数据文件夹';
  try {
    const r = await transferOffice(values.from, values.to, {
      ...(line
        ? {
            progress: (text: string) => writeLine(io.stdout, text),
            onProgress: (p: CopyProgress) => {
              const shown = copyProgressLine(p, into);
              line.update(shown.done, shown.total, shown.what, shown.unit);
            },
          }
        : {}),
    }).finally(() => line?.end());
    const human = [
      `迁移完成：${r.from} → ${r.to}`,
      `数据表 ${r.tables.length} 张，共 ${r.rows} 行；附件 ${r.attachments?.count ?? 0} 个（${((r.attachments?.bytes ?? 0) / 1024).toFixed(0)} KB）`,
      `信用台账链头：第 ${r.head.seq} 条 ${r.head.hash}`,
      '已核对一致：每张表的行数、附件（数量与 SHA-256）、信用台账链头，台账校验通过',
    ].join('\n');
    writeLine(io.stdout, values.json ? JSON.stringify(r, null, 2) : human);
    return 0;
  } catch (e) {
    if (e instanceof AppError) {
      writeLine(io.stderr, `失败：${e.message}`);
      return e.details && 'differences' in (e.details as object) ? 3 : 1;
    }
    writeLine(io.stderr, e);
    return 1;
  }
}
