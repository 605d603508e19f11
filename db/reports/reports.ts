// 报告上报: drafts made for a type and period with the type's default outline, edited and saved; signing
// (reports.sign) takes the office's passphrase, renders report.pdf with Chromium from the preview's HTML, adds
// report.docx, data.json and data.xlsx, builds and signs the package, stores it (files.ts) with its SHA-256 on the
// report and freezes the row (triggers in the migration refuse any later change); 更正版 is a new draft version
// naming the one it replaces; the submission log says how a signed report was sent. Reading: db/reports/store.ts.
import { todayIso } from '../../shared/dates';
import {
  DEFAULT_ADDRESSEE,
  REPORT_TYPE_LABELS,
  SUBMISSION_METHOD_LABELS,
  defaultOutline,
  defaultReportTitle,
  requirePeriod,
  versionLabel,
  type ReportType,
} from '../../shared/contract/reports';
import { PACKAGE_CONTENT_FILES } from '../../shared/domain/report-package';
import { reportFileName } from '../../shared/print/reports';
import { AppError } from '../../shared/errors';
import { defineHandlers, nowIso, requireActor, type HandlerContext } from '../core/context';
import { issuedNumbers, issueNumber } from '../core/doc-numbers';
import { readStoredFile, storeFile } from '../core/files';
import { buildPackage } from './package';
import { unlockActiveKey } from './signing-keys';
import { ledgerHead } from '../credit/ledger';
import { getOffice } from '../system/users';
import {
  DOCX_MIME,
  JSON_MIME,
  ZIP_MIME,
  packageFile,
  reportDocx,
  reportJson,
  reportOfd,
  reportPdf,
  reportXlsx,
} from './outputs';
import {
  DUE_RULES_KEY,
  REPORT_NUMBER_KIND,
  docInput,
  loadDueRules,
  loadReport,
  obligations,
  reportRow,
  summaries,
  type ReportRow,
} from './store';
import { XLSX_MIME } from '../core/xlsx';

const FROZEN = '已签发的报告不能修改；如需更改，请生成更正版';

function describe(r: Pick<ReportRow, 'type' | 'period' | 'version'>): string {
  return `${r.period} ${REPORT_TYPE_LABELS[r.type as ReportType]}（${versionLabel(r.version)}）`;
}

/** ISO 8601 in the office's local time with its offset (2026-11-22T09:00:00+08:00), for the manifest. */
export function localIsoWithOffset(d: Date): string {
  const p = (n: number) => String(Math.abs(n)).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${off >= 0 ? '+' : '-'}${p(Math.trunc(off / 60))}:${p(off % 60)}`;
}

async function draftRow(ctx: HandlerContext, id: number): Promise<ReportRow> {
  const row = await reportRow(ctx.db, id);
  if (row.status === 'signed') throw new AppError('CONFLICT', FROZEN);
  return row;
}

/** The package of a signed report, checked against the SHA-256 signed into the report. */
async function storedPackage(ctx: HandlerContext, row: ReportRow): Promise<Buffer> {
  if (row.status !== 'signed' || !row.package_file_id)
    throw new AppError('VALIDATION', '报告尚未签发，还没有上报数据包');
  const { bytes, file } = await readStoredFile(ctx, row.package_file_id);
  if (file.sha256 !== row.package_sha256)
    throw new AppError('INTERNAL', '上报数据包文件与签发时记录的 SHA-256 不符，拒绝导出');
  return bytes;
}

/** One of the package's files for a signed report (exactly as signed), or freshly made for a draft. */
async function reportFile(
  ctx: HandlerContext,
  id: number,
  name: 'report.docx' | 'data.xlsx' | 'data.json',
): Promise<Buffer> {
  const row = await reportRow(ctx.db, id);
  if (row.status === 'signed') return packageFile(await storedPackage(ctx, row), name);
  const r = await loadReport(ctx.db, id, ctx.now());
  if (name === 'report.docx') return reportDocx(docInput(r));
  if (name === 'data.xlsx') return reportXlsx(r.data, r.title);
  return reportJson(r.data);
}

export const reportHandlers = defineHandlers({
  'reports.overview': async (_input, ctx) => {
    const today = todayIso(ctx.now());
    const rows = await ctx.db
      .selectFrom('reports')
      .selectAll()
      .orderBy('period', 'desc')
      .orderBy('type')
      .orderBy('version', 'desc')
      .execute();
    const reports = await summaries(ctx.db, rows, today);
    return {
      today,
      rules: await loadDueRules(ctx.db),
      obligations: await obligations(ctx.db, reports, today),
      reports,
    };
  },

  'reports.get': async ({ id }, ctx) => loadReport(ctx.db, id, ctx.now()),

  'reports.create': async ({ type, period: code }, ctx) => {
    const actor = requireActor(ctx);
    const period = requirePeriod(code);
    const existing = await ctx.db
      .selectFrom('reports')
      .select(['id', 'version', 'status'])
      .where('type', '=', type)
      .where('period', '=', period.code)
      .orderBy('version', 'desc')
      .executeTakeFirst();
    if (existing?.status === 'draft')
      throw new AppError(
        'CONFLICT',
        `${period.label}的${REPORT_TYPE_LABELS[type]}已有草稿（${versionLabel(existing.version)}），请在列表中打开它继续编辑`,
      );
    if (existing)
      throw new AppError(
        'CONFLICT',
        `${period.label}的${REPORT_TYPE_LABELS[type]}已签发（${versionLabel(existing.version)}）；如需更改，请打开它并“生成更正版”`,
      );
    const office = await getOffice(ctx.db);
    const at = nowIso(ctx);
    const { id } = await ctx.db
      .insertInto('reports')
      .values({
        type,
        period: period.code,
        version: 1,
        title: defaultReportTitle(type, period, office?.name ?? ''),
        addressee: DEFAULT_ADDRESSEE,
        narrative_json: JSON.stringify(defaultOutline(type)),
        supersedes_id: null,
        created_at: at,
        created_by: actor.displayName,
        updated_at: at,
        updated_by: actor.displayName,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const r = await loadReport(ctx.db, id, ctx.now());
    await ctx.audit({
      entity: 'report',
      entityId: id,
      summary: `新建报告草稿：${describe({ type, period: period.code, version: 1 })}`,
      after: { type, period: period.code, title: r.title },
    });
    return r;
  },

  'reports.saveDraft': async (input, ctx) => {
    const actor = requireActor(ctx);
    const row = await draftRow(ctx, input.id);
    if (row.updated_at !== input.updatedAt)
      throw new AppError(
        'CONFLICT',
        `该报告已由${row.updated_by}于 ${row.updated_at.slice(0, 16).replace('T', ' ')} 保存过，请重新打开后再编辑（您的修改未保存）`,
      );
    await ctx.db
      .updateTable('reports')
      .set({
        title: input.title,
        addressee: input.addressee,
        narrative_json: JSON.stringify(input.narrative),
        updated_at: nowIso(ctx),
        updated_by: actor.displayName,
      })
      .where('id', '=', row.id)
      .execute();
    const before = JSON.parse(row.narrative_json) as unknown[];
    await ctx.audit({
      entity: 'report',
      entityId: row.id,
      summary: `保存报告草稿：${describe(row)}（正文 ${input.narrative.length} 段）`,
      before: { title: row.title, addressee: row.addressee, blocks: before.length },
      after: { title: input.title, addressee: input.addressee, narrative: input.narrative },
    });
    return loadReport(ctx.db, row.id, ctx.now());
  },

  'reports.deleteDraft': async ({ id }, ctx) => {
    const row = await draftRow(ctx, id);
    await ctx.db.deleteFrom('reports').where('id', '=', id).execute();
    await ctx.audit({
      entity: 'report',
      entityId: id,
      summary: `删除报告草稿：${describe(row)}`,
      before: { title: row.title, narrative: JSON.parse(row.narrative_json) as unknown },
    });
    return { id };
  },

  'reports.correct': async ({ id, reason }, ctx) => {
    const actor = requireActor(ctx);
    const row = await reportRow(ctx.db, id);
    if (row.status !== 'signed')
      throw new AppError('VALIDATION', '草稿可以直接修改；只有已签发的报告才需要生成更正版');
    const newer = await ctx.db
      .selectFrom('reports')
      .select(['id', 'version'])
      .where('type', '=', row.type)
      .where('period', '=', row.period)
      .where('version', '>', row.version)
      .orderBy('version', 'desc')
      .executeTakeFirst();
    if (newer)
      throw new AppError('CONFLICT', `该报告已有更正版（${versionLabel(newer.version)}），请打开最新版本`);
    const at = nowIso(ctx);
    const version = row.version + 1;
    const { id: newId } = await ctx.db
      .insertInto('reports')
      .values({
        type: row.type,
        period: row.period,
        version,
        title: row.title,
        addressee: row.addressee,
        narrative_json: row.narrative_json,
        supersedes_id: row.id,
        correction_reason: reason,
        created_at: at,
        created_by: actor.displayName,
        updated_at: at,
        updated_by: actor.displayName,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ctx.audit({
      entity: 'report',
      entityId: newId,
      summary: `生成更正版：${describe({ ...row, version })}，替代${versionLabel(row.version)}（数据包 SHA-256 ${row.package_sha256}）——${reason}`,
      after: { supersedes: row.id, supersedesPackage: row.package_sha256, reason },
    });
    return loadReport(ctx.db, newId, ctx.now());
  },

  'reports.sign': async ({ id, passphrase }, ctx) => {
    const actor = requireActor(ctx);
    const row = await draftRow(ctx, id);
    const office = await getOffice(ctx.db);
    if (!office?.uscc)
      throw new AppError(
        'VALIDATION',
        '请先在“系统设置 → 单位信息”中填写本单位的统一社会信用代码：上级凭它识别报送单位',
      );
    if (!ctx.dataDir) throw new AppError('UNSUPPORTED', '未设置数据文件夹，无法保存上报数据包');
    // The passphrase first: a wrong one costs nothing else.
    const key = await unlockActiveKey(ctx.db, passphrase);
    const previous = row.supersedes_id ? await reportRow(ctx.db, row.supersedes_id) : null;

    // The 发文字号 is taken once per version and stays with it (a failed signing keeps it for the next attempt).
    let number = (await issuedNumbers(ctx.db, REPORT_NUMBER_KIND, [id])).get(id) ?? null;
    if (!number) {
      number = await ctx.db
        .transaction()
        .execute((trx) =>
          issueNumber({ ...ctx, db: trx }, { kind: REPORT_NUMBER_KIND, refId: id, title: row.title }),
        );
      await ctx.audit({
        entity: 'report',
        entityId: id,
        summary: `报告签发取得发文字号 ${number.docNumber}：${describe(row)}`,
      });
    }

    // Everything signed is computed now, from the records as they are.
    const now = ctx.now();
    const detail = await loadReport(ctx.db, id, now);
    // The signer is the 签发人 the documents print (detail.signedBy is set only once this succeeds).
    const input = { ...docInput(detail), issuedBy: actor.displayName };
    const [pdf, docx, xlsx] = await Promise.all([
      reportPdf(ctx.pdf, input),
      reportDocx(input),
      reportXlsx(detail.data, detail.title),
    ]);
    const json = reportJson(detail.data);
    const ofd = reportOfd(input, ctx.appVersion);
    const head = await ledgerHead(ctx.db);
    const bytes: Record<(typeof PACKAGE_CONTENT_FILES)[number], Buffer> = {
      'report.pdf': pdf,
      'report.docx': docx,
      'report.ofd': ofd,
      'data.json': json,
      'data.xlsx': xlsx,
    };
    const built = buildPackage({
      files: PACKAGE_CONTENT_FILES.map((name) => ({ name, bytes: new Uint8Array(bytes[name]) })),
      manifest: {
        reportType: detail.type,
        reportTypeLabel: REPORT_TYPE_LABELS[detail.type],
        period: detail.period,
        title: detail.title,
        version: detail.version,
        supersedes: previous?.package_sha256 ?? null,
        office: { name: office.name, uscc: office.uscc },
        ledgerHead: { seq: head.seq, hash: head.hash },
        appVersion: ctx.appVersion,
        createdAt: localIsoWithOffset(now),
      },
      key,
    });
    const stored = await storeFile(ctx, {
      fileName: reportFileName(detail, 'zip'),
      base64: Buffer.from(built.zip).toString('base64'),
    });
    const at = now.toISOString();
    const changed = await ctx.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('reports')
        .set({
          status: 'signed',
          data_json: JSON.stringify(detail.data),
          manifest_json: built.manifestJson,
          package_file_id: stored.id,
          package_sha256: built.sha256,
          signer_fingerprint: key.fingerprint,
          signed_at: at,
          signed_by_id: actor.id,
          signed_by: actor.displayName,
          updated_at: at,
          updated_by: actor.displayName,
        })
        .where('id', '=', id)
        .where('status', '=', 'draft')
        .where('updated_at', '=', row.updated_at)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    });
    if (changed !== 1)
      throw new AppError('CONFLICT', '签发期间该报告已被他人修改或签发，未签发；请重新打开后再试');
    await ctx.audit({
      entity: 'report',
      entityId: id,
      summary: `签发报告 ${number.docNumber}：${describe(row)}；数据包 SHA-256 ${built.sha256}；签名密钥指纹 ${key.fingerprint}`,
      after: {
        docNumber: number.docNumber,
        packageSha256: built.sha256,
        fingerprint: key.fingerprint,
        supersedes: previous?.package_sha256 ?? null,
        ledgerHead: head,
      },
    });
    return loadReport(ctx.db, id, ctx.now());
  },

  'reports.logSubmission': async (input, ctx) => {
    const actor = requireActor(ctx);
    const row = await reportRow(ctx.db, input.reportId);
    if (row.status !== 'signed' || !row.package_sha256)
      throw new AppError('VALIDATION', '只有已签发的报告才能登记报送');
    const today = todayIso(ctx.now());
    const signedOn = todayIso(new Date(row.signed_at!));
    const issues: { path: string; message: string }[] = [];
    if (input.sentOn < signedOn)
      issues.push({ path: 'sentOn', message: `报送日期不能早于签发日期（${signedOn}）` });
    if (input.sentOn > today) issues.push({ path: 'sentOn', message: '报送日期不能晚于今天' });
    if (issues.length) throw new AppError('VALIDATION', issues.map((i) => i.message).join('；'), { issues });
    const { id } = await ctx.db
      .insertInto('report_submissions')
      .values({
        report_id: row.id,
        method: input.method,
        method_note: input.methodNote,
        recipient: input.recipient,
        sent_on: input.sentOn,
        note: input.note,
        package_sha256: row.package_sha256,
        recorded_at: nowIso(ctx),
        recorded_by: actor.displayName,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const how = input.method === 'other' ? input.methodNote : SUBMISSION_METHOD_LABELS[input.method];
    await ctx.audit({
      entity: 'report_submission',
      entityId: id,
      summary: `登记报送：${describe(row)} 于 ${input.sentOn} 经${how}报送${input.recipient}（数据包 SHA-256 ${row.package_sha256}）`,
      after: input,
    });
    return loadReport(ctx.db, row.id, ctx.now());
  },

  'reports.package': async ({ id }, ctx) => {
    const row = await reportRow(ctx.db, id);
    const bytes = await storedPackage(ctx, row);
    return {
      fileName: reportFileName(
        { type: row.type as ReportType, period: row.period, version: row.version },
        'zip',
      ),
      mimeType: ZIP_MIME,
      base64: bytes.toString('base64'),
    };
  },

  'reports.docx': async ({ id }, ctx) => {
    const row = await reportRow(ctx.db, id);
    return {
      fileName: reportFileName(
        { type: row.type as ReportType, period: row.period, version: row.version },
        'docx',
      ),
      mimeType: DOCX_MIME,
      base64: (await reportFile(ctx, id, 'report.docx')).toString('base64'),
    };
  },

  'reports.xlsx': async ({ id }, ctx) => {
    const row = await reportRow(ctx.db, id);
    return {
      fileName: reportFileName(
        { type: row.type as ReportType, period: row.period, version: row.version },
        'xlsx',
      ),
      mimeType: XLSX_MIME,
      base64: (await reportFile(ctx, id, 'data.xlsx')).toString('base64'),
    };
  },

  'reports.json': async ({ id }, ctx) => {
    const row = await reportRow(ctx.db, id);
    return {
      fileName: reportFileName(
        { type: row.type as ReportType, period: row.period, version: row.version },
        'json',
      ),
      mimeType: JSON_MIME,
      base64: (await reportFile(ctx, id, 'data.json')).toString('base64'),
    };
  },

  'reports.updateDueRules': async (input, ctx) => {
    const actor = requireActor(ctx);
    const before = await loadDueRules(ctx.db);
    const row = {
      key: DUE_RULES_KEY,
      value_json: JSON.stringify(input),
      updated_at: nowIso(ctx),
      updated_by: actor.displayName,
    };
    await ctx.db
      .insertInto('settings')
      .values(row)
      .onConflict((oc) => oc.column('key').doUpdateSet(row))
      .execute();
    await ctx.audit({
      entity: 'settings',
      entityId: DUE_RULES_KEY,
      summary: '修改报告上报期限规则',
      before,
      after: input,
    });
    return loadDueRules(ctx.db);
  },
});
