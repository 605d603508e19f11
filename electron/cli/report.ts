// `zongjian report`: builds a report from the records, headless, through the same dispatcher and handlers as the
// app — the narrative from the saved draft of that type and period (or, when there is none, a new draft whose
// sections are printed as “（本节未填写）”) — and with --sign signs it into a submission package with the office key,
// rendering report.pdf with the same Chromium engine as the app (a system Chromium or Edge through playwright-core).
//   report --data DIR --type quarterly --period 2026Q3 --sign --passphrase-file FILE --out PACKAGE.zip
//   report --data DIR --type annual --period 2025 --out 报告.pdf|.docx|.xlsx|.json     (the draft's files, unsigned)
// Without --user the command acts as the first active administrator (the passphrase is what authorises signing);
// with --user it signs in with the password (--password or ZONGJIAN_PASSWORD) and needs the 审批与签发 permission.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startAppCore } from '../server/app-core';
import { resolveDataDir } from '../server/data-dir';
import { serverArg } from './session';
import { AppError } from '../../shared/errors';
import {
  REPORT_TYPES,
  REPORT_TYPE_LABELS,
  type ReportDetail,
  type ReportType,
} from '../../shared/contract/reports';
import { reportPdf } from '../../db/reports/outputs';
import { reportDocInput } from '../../shared/print/reports';
import { systemChromiumPdf } from '../server/pdf-renderer';
import { readPassphraseFile } from './signing';
import { EXIT } from './commands';
import { terminalProgress, writeLine, type CliIo } from './io';
import { actAsUserOrFirstAdmin, CliUsageError, exitOnError } from './session';

export const REPORT_USAGE = `  report               编制报告并签发上报数据包：--type ${REPORT_TYPES.join('|')}
                       --period 2026Q3（季度）或 2026（年度）；正文取已保存的草稿，没有草稿时各节标注“（本节未填写）”
                       --sign --passphrase-file 口令文件 --out 数据包.zip   用单位签名密钥签发（PDF 由 Chromium/Edge 生成）
                       不带 --sign 时 --out 报告.pdf|.docx|.xlsx|.json 导出草稿的文件（不签名）
                       [--user 用户名] 以该用户身份（需“审批与签发”权限）；默认以第一个管理员账号的名义，签名口令即授权`;

const UsageError = CliUsageError;

const TYPE_ALIASES: Record<string, ReportType> = Object.fromEntries([
  ...REPORT_TYPES.map((t) => [t, t] as const),
  ...REPORT_TYPES.map((t) => [REPORT_TYPE_LABELS[t], t] as const),
]);

export async function runReportCli(argv: string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    writeLine(io.stdout, REPORT_USAGE);
    return EXIT.ok;
  }
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        data: { type: 'string' },
        database: { type: 'string' },
        type: { type: 'string' },
        period: { type: 'string' },
        sign: { type: 'boolean', default: false },
        'passphrase-file': { type: 'string' },
        out: { type: 'string' },
        user: { type: 'string' },
        password: { type: 'string' },
        json: { type: 'boolean', default: false },
        now: { type: 'string' },
      },
    }).values;
  } catch (e) {
    writeLine(io.stderr, `用法错误：${(e as Error).message}\n\n${REPORT_USAGE}`);
    return EXIT.usage;
  }
  try {
    return await run(values, io);
  } catch (e) {
    return exitOnError(e, io, REPORT_USAGE);
  }
}

async function run(
  values: {
    data?: string;
    database?: string;
    type?: string;
    period?: string;
    sign?: boolean;
    'passphrase-file'?: string;
    out?: string;
    user?: string;
    password?: string;
    json?: boolean;
    now?: string;
  },
  io: CliIo,
): Promise<number> {
  const type = TYPE_ALIASES[values.type ?? ''];
  if (!type) throw new UsageError(`--type 应为 ${REPORT_TYPES.join('、')} 之一`);
  if (!values.period) throw new UsageError('缺少 --period（例如 2026Q3 或 2026）');
  if (!values.out) throw new UsageError('缺少 --out 输出文件');
  const out = resolve(values.out);
  const ext = out.toLowerCase().split('.').pop() ?? '';
  if (values.sign && ext !== 'zip') throw new UsageError('签发时 --out 应为 .zip 数据包');
  if (!values.sign && !['pdf', 'docx', 'xlsx', 'json', 'zip'].includes(ext))
    throw new UsageError('--out 应以 .zip、.pdf、.docx、.xlsx 或 .json 结尾');
  const passphrase = values.sign
    ? readPassphraseFile(resolve(need(values['passphrase-file'], '--passphrase-file 口令文件')))
    : null;
  const start = values.now ? new Date(values.now) : null;
  if (start && Number.isNaN(start.getTime())) throw new UsageError(`--now 不是有效的时间：${values.now}`);
  const offset = start ? start.getTime() - Date.now() : 0;

  const core = await startAppCore({
    dataDir: resolveDataDir({ explicit: values.data, env: io.env }),
    // The office's server (--database or ZONGJIAN_DATABASE) instead of the folder's data file.
    ...(serverArg(values.database, io.env) ? { database: serverArg(values.database, io.env)! } : {}),
    startupCare: false,
    log: (m, e) => writeLine(io.stderr, m, e ?? ''),
    ...(start ? { clock: () => new Date(Date.now() + offset) } : {}),
  });
  const session = 'cli-report';
  const call = core.dispatcher.call.bind(core.dispatcher);
  const say = (line: string) => {
    if (!values.json) writeLine(io.stdout, line);
  };
  try {
    await core.background;
    const { actor, defaulted } = await actAsUserOrFirstAdmin(core, session, values, io.env);
    if (defaulted) say(`以管理员 ${actor.displayName}（${actor.username}）的名义操作`);

    const overview = await call('reports.overview', {}, session);
    const period = values.period.trim();
    const newest = overview.reports
      .filter((r) => r.type === type && r.period === period)
      .sort((a, b) => b.version - a.version)[0];
    let report: ReportDetail;
    if (newest) {
      report = await call('reports.get', { id: newest.id }, session);
      say(
        `使用已保存的${report.status === 'signed' ? '已签发报告' : '草稿'}：${report.title}（第${report.version}版）`,
      );
    } else {
      report = await call('reports.create', { type, period }, session);
      say(`没有已保存的草稿，已按默认提纲新建：${report.title}（正文各节标注“（本节未填写）”）`);
    }

    if (report.status === 'signed') {
      if (ext !== 'zip')
        throw new AppError('VALIDATION', '该报告已签发：只能导出其上报数据包（--out 应为 .zip）');
      const pkg = await call('reports.package', { id: report.id }, session);
      writeFileSync(out, Buffer.from(pkg.base64, 'base64'));
      say(
        `该报告已于 ${report.signedAt} 签发（${report.docNumber}），未重新签名；如需更改，请在程序中生成更正版。`,
      );
      return finish(io, values.json, report, out, false);
    }
    if (values.sign) {
      if (report.emptySections.length)
        say(`有 ${report.emptySections.length} 节未填写，签发的文件中标注“（本节未填写）”`);
      // In a terminal a progress line follows the steps (第 6 / 11 步：计算文件摘要…), as the window's bar does.
      const line = values.json ? null : terminalProgress(io.stderr, '正在签发', '步');
      const progressId = line ? randomBytes(12).toString('hex') : undefined;
      let signing = true;
      const poll = (async () => {
        while (line && signing) {
          const p = await call('system.progress', { id: progressId! }, session).catch(() => null);
          if (p && p.total > 0 && signing) line.update(p.done, p.total, p.what);
          await new Promise((r) => setTimeout(r, 200));
        }
      })();
      try {
        report = await call(
          'reports.sign',
          { id: report.id, passphrase: passphrase!, ...(progressId ? { progressId } : {}) },
          session,
        );
      } finally {
        signing = false;
        await poll;
        line?.end();
      }
      const pkg = await call('reports.package', { id: report.id }, session);
      writeFileSync(out, Buffer.from(pkg.base64, 'base64'));
      return finish(io, values.json, report, out, true);
    }
    if (ext === 'zip')
      throw new AppError(
        'VALIDATION',
        '未签发的报告没有数据包：请加 --sign 签发，或导出 .pdf/.docx/.xlsx/.json',
      );
    if (ext === 'pdf') {
      writeFileSync(out, await reportPdf(systemChromiumPdf(), reportDocInput(report)));
    } else {
      const method = ext === 'docx' ? 'reports.docx' : ext === 'xlsx' ? 'reports.xlsx' : 'reports.json';
      const file = await call(method, { id: report.id }, session);
      writeFileSync(out, Buffer.from(file.base64, 'base64'));
    }
    return finish(io, values.json, report, out, false);
  } finally {
    core.dispatcher.endSession(session);
    await core.close();
  }
}

function need(v: string | undefined, what: string): string {
  if (!v) throw new UsageError(`缺少 ${what}`);
  return v;
}

function finish(
  io: CliIo,
  json: boolean | undefined,
  r: ReportDetail,
  out: string,
  signedNow: boolean,
): number {
  const lines = [
    `${signedNow ? '已签发' : '已导出'}：${r.title}（第${r.version}版）`,
    ...(r.docNumber ? [`发文字号：${r.docNumber}`] : []),
    ...(r.packageSha256 ? [`数据包 SHA-256：${r.packageSha256}`] : []),
    ...(r.signerFingerprint ? [`签名密钥指纹：${r.signerFingerprint}`] : []),
    `输出文件：${out}`,
    ...(r.packageSha256
      ? [
          '核验：解压后运行 openssl dgst -sm3 -sigopt distid:1234567812345678 -verify signer.pub.pem -signature manifest.sig manifest.json，或 zongjian verify-package 数据包.zip',
        ]
      : []),
  ];
  writeLine(
    io.stdout,
    json
      ? JSON.stringify(
          {
            id: r.id,
            type: r.type,
            period: r.period,
            version: r.version,
            status: r.status,
            docNumber: r.docNumber,
            packageSha256: r.packageSha256,
            fingerprint: r.signerFingerprint,
            emptySections: r.emptySections.length,
            out,
          },
          null,
          2,
        )
      : lines.join('\n'),
  );
  return EXIT.ok;
}
