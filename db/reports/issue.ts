// Signing (reports.sign) and the submission log. Signing takes the office's passphrase, renders report.pdf with
// Chromium from the preview's HTML, adds report.docx, data.json and data.xlsx, builds and signs the package, stores it
// (core/files.ts) with its SHA-256 on the report and freezes the row (triggers in the migration refuse any later
// change); the submission log says how a signed report was sent.
import { todayIso } from '../../shared/dates';
import { REPORT_TYPE_LABELS, SUBMISSION_METHOD_LABELS } from '../../shared/contract/reports';
import {
  PACKAGE_CONTENT_FILES,
  SIGN_STEPS,
  type LedgerTreeClaim,
  type PackageManifest,
  type ReportType,
} from '../../shared/domain/report-package';
import { reportFileName } from '../../shared/print/reports';
import { AppError } from '../../shared/errors';
import { nowIso, requireActor, type HandlerContext } from '../core/context';
import type { Output, ParsedInput } from '../../shared/contract';
import { issuedNumbers, issueNumber } from '../core/doc-numbers';
import { storeFile } from '../core/files';
import { buildPackageInSteps } from './package';
import { nextTurn } from '../core/progress';
import { unlockActiveKey, type UnlockedKey } from './signing-keys';
import { ledgerHead } from '../credit/ledger';
import { checkAnchors, ledgerConsistency, ledgerTreeHead } from '../credit/ledger-tree';
import { getOffice } from '../system/users';
import { reportDocx, reportJson, reportOfd, reportPdf, reportXlsx } from './outputs';
import { REPORT_NUMBER_KIND, docInput, loadReport, reportRow } from './store';
import { describe, draftRow } from './drafts';

/** ISO 8601 in Beijing time with its offset (2026-11-22T09:00:00+08:00), for the manifest: the office's time
 *  whatever zone the signing computer is set to. */
export function localIsoWithOffset(d: Date): string {
  return `${new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

const SIGNING_FAILURES_KEY = 'signing_passphrase_failures';
export const SIGNING_ATTEMPTS = 5;
export const SIGNING_LOCK_MINUTES = 15;

/** Unlocks the office key with the passphrase; wrong passphrases are counted in the data file (so the CLI and
 *  every window share the count), 5 in a row lock signing for 15 minutes, and each is audited. */
async function unlockCounted(ctx: HandlerContext, passphrase: string): Promise<UnlockedKey> {
  const now = ctx.now().getTime();
  const row = await ctx.db
    .selectFrom('settings')
    .select('value_json')
    .where('key', '=', SIGNING_FAILURES_KEY)
    .executeTakeFirst();
  const state = row ? (JSON.parse(row.value_json) as { count: number; lockedUntil: string | null }) : null;
  if (state?.lockedUntil && Date.parse(state.lockedUntil) > now) {
    const minutes = Math.ceil((Date.parse(state.lockedUntil) - now) / 60_000);
    throw new AppError(
      'FORBIDDEN',
      `签名口令连续输错 ${SIGNING_ATTEMPTS} 次，签发已锁定，请 ${minutes} 分钟后再试`,
    );
  }
  const save = (value: { count: number; lockedUntil: string | null }) => {
    const by = ctx.actor?.displayName ?? '系统';
    return ctx.db
      .insertInto('settings')
      .values({
        key: SIGNING_FAILURES_KEY,
        value_json: JSON.stringify(value),
        updated_at: nowIso(ctx),
        updated_by: by,
      })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet({ value_json: JSON.stringify(value), updated_at: nowIso(ctx), updated_by: by }),
      )
      .execute();
  };
  try {
    const key = await unlockActiveKey(ctx.db, passphrase);
    if (state?.count) await save({ count: 0, lockedUntil: null });
    return key;
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'VALIDATION') throw e;
    const count = (state?.lockedUntil ? 0 : (state?.count ?? 0)) + 1;
    const lock = count >= SIGNING_ATTEMPTS;
    await save({
      count: lock ? 0 : count,
      lockedUntil: lock ? new Date(now + SIGNING_LOCK_MINUTES * 60_000).toISOString() : null,
    });
    await ctx.audit({
      entity: 'signing_key',
      summary: `签发报告时签名口令错误（连续第 ${count} 次）${lock ? `，签发已锁定 ${SIGNING_LOCK_MINUTES} 分钟` : ''}`,
    });
    if (lock)
      throw new AppError(
        'FORBIDDEN',
        `签名口令连续输错 ${SIGNING_ATTEMPTS} 次，签发已锁定 ${SIGNING_LOCK_MINUTES} 分钟`,
      );
    throw e;
  }
}

export async function signReport(
  { id, passphrase }: ParsedInput<'reports.sign'>,
  ctx: HandlerContext,
): Promise<Output<'reports.sign'>> {
  const actor = requireActor(ctx);
  // No 取消 here: signing is not safe to stop part-way. It writes as it goes — a wrong passphrase is counted and
  // audited, the 发文字号 is issued and audited before the documents are made, the ledger tree's nodes are
  // persisted, the package file is stored before the report row is frozen — and a stop between those would leave
  // a stored package no report names, or a number issued for nothing. The whole takes seconds; the bar shows it.
  const step = async (done: number, what: string) => {
    ctx.progress.report({ what, done, total: SIGN_STEPS, unit: '步' });
    await nextTurn();
  };
  await step(0, '正在核对签名口令与已上报的台账锚点');
  const row = await draftRow(ctx, id);
  const office = await getOffice(ctx.db);
  if (!office?.uscc)
    throw new AppError(
      'VALIDATION',
      '请先在“系统设置 → 单位信息”中填写本单位的统一社会信用代码：上级凭它识别报送单位',
    );
  if (!ctx.dataDir) throw new AppError('UNSUPPORTED', '未设置数据文件夹，无法保存上报数据包');
  // The passphrase first: a wrong one costs nothing else, but is counted and audited (never the passphrase).
  const key = await unlockCounted(ctx, passphrase);
  // Nothing is signed over a ledger that lost what an earlier package was signed over.
  const anchors = await checkAnchors(ctx.db);
  if (anchors.losses.length) {
    throw new AppError(
      'VALIDATION',
      `信用台账与已签署上报的数据包不一致，拒绝签发：${anchors.losses.map((l) => l.message).join('；')}。请联系技术人员从备份核对数据文件`,
    );
  }
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
  await step(1, '正在汇总报告数据');
  const now = ctx.now();
  const detail = await loadReport(ctx.db, id, now);
  // The signer is the 签发人 the documents print (detail.signedBy is set only once this succeeds).
  const input = { ...docInput(detail), issuedBy: actor.displayName };
  await step(2, '正在生成 PDF、Word、Excel 和 OFD 文件');
  const [pdf, docx, xlsx] = await Promise.all([
    reportPdf(ctx.pdf, input),
    reportDocx(input),
    reportXlsx(detail.data, detail.title),
  ]);
  const json = reportJson(detail.data);
  const head = await ledgerHead(ctx.db);
  await step(3, `正在计算信用台账默克尔根（共 ${head.seq.toLocaleString('zh-CN')} 条）`);
  const ledgerTree = await signedLedgerTree(ctx, head.seq);
  const bytes: Record<(typeof PACKAGE_CONTENT_FILES)[number], Buffer> = {
    'report.pdf': pdf,
    'report.docx': docx,
    'report.ofd': reportOfd(input, ctx.appVersion),
    'data.json': json,
    'data.xlsx': xlsx,
  };
  const built = await buildPackageInSteps(
    {
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
        ledgerTree,
        appVersion: ctx.appVersion,
        createdAt: localIsoWithOffset(now),
      },
      key,
    },
    (s) =>
      s.kind === 'digest'
        ? step(3 + s.index, `正在计算文件摘要（SM3）：第 ${s.index} / ${s.total} 个 ${s.name}`)
        : step(4 + PACKAGE_CONTENT_FILES.length, '正在用本单位密钥签名（SM2）并打包'),
  );
  await step(5 + PACKAGE_CONTENT_FILES.length, '正在保存数据包并冻结报告');
  const stored = await storeFile(ctx, {
    fileName: reportFileName(detail, 'zip', office.name),
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
  ctx.progress.report({ what: '签发完成', done: SIGN_STEPS, total: SIGN_STEPS, unit: '步' });
  return loadReport(ctx.db, id, ctx.now());
}

/** The ledger's tree over its first `size` entries for a new package, continuing the office's previous signed
 *  package: its tree must be a prefix of this one (checked here before anything is signed), and the manifest
 *  carries the consistency proof so upstream can check the same without seeing the ledger. */
async function signedLedgerTree(ctx: HandlerContext, size: number): Promise<LedgerTreeClaim> {
  const tree = await ledgerTreeHead(ctx.db, { size, persist: true });
  const rows = await ctx.db
    .selectFrom('reports')
    .select(['manifest_json', 'package_sha256', 'period', 'type', 'version'])
    .where('status', '=', 'signed')
    .where('manifest_json', 'is not', null)
    .orderBy('signed_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  for (const r of rows) {
    const claim = (JSON.parse(r.manifest_json!) as Partial<PackageManifest>).ledgerTree;
    if (!claim || !r.package_sha256) continue;
    const label = `${r.period} ${REPORT_TYPE_LABELS[r.type as ReportType] ?? r.type}（第${r.version}版）`;
    if (claim.size > size)
      throw new AppError(
        'VALIDATION',
        `${label}数据包签署时台账为 ${claim.size} 条，现为 ${size} 条，拒绝签发`,
      );
    const then = await ledgerTreeHead(ctx.db, { size: claim.size });
    if (then.root !== claim.root)
      throw new AppError(
        'VALIDATION',
        `${label}数据包签署后，其所含的台账记录被改动（默克尔树根不符），拒绝签发`,
      );
    return {
      ...tree,
      previous: {
        package: r.package_sha256,
        size: claim.size,
        root: claim.root,
        consistency: await ledgerConsistency(ctx.db, claim.size, size),
      },
    };
  }
  return { ...tree, previous: null };
}

export async function logSubmission(
  input: ParsedInput<'reports.logSubmission'>,
  ctx: HandlerContext,
): Promise<Output<'reports.logSubmission'>> {
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
}
