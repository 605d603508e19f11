// 红黑名单 and 信用修复 handlers: a listing decision (checked against the legal disclosure bounds, and appended to
// the credit ledger as a 信用评价结果 with a listing outcome), a repair application (each unmet condition refused
// with its reason; a 信用承诺 made with it joins the ledger), the leader's approval (a 信用修复 entry: the listing
// leaves the public list and stays in the ledger as 已修复) or rejection, the public list (xlsx here, the printed
// list in the renderer from the same rows) and the data of a subject's 信用报告.
import type { z } from 'zod';
import {
  CREDIT_LIST_LABELS,
  LISTING_SEVERITY_LABELS,
  LISTING_STATUS_LABELS,
  correctionsOf,
  listingOutcome,
  listingPeriodProblems,
  minimumPeriodProblem,
  type CreditAttachment,
  type CreditListing,
  type CreditListKind,
  type CreditSubjectKind,
  type CreditSubjectRef,
  type PublicList,
  type creditListingInput,
  type creditRepairInput,
} from '../../shared/contract';
import { publicListFileName, publicListRows } from '../../shared/print/credit-lists';
import { todayIso } from '../../shared/dates';
import { AppError, type FieldIssue } from '../../shared/errors';
import { defineHandlers, nowIso, requireActor, type HandlerContext } from '../core/context';
import { downloadName, storeFile } from '../core/files';
import { writeSheet, XLSX_MIME } from '../core/xlsx';
import { loadCreditProfile, recordRow } from './credit';
import { ledgerHead, type NewLedgerRow } from './ledger';
import { currentlyDisclosed, loadListing, loadListings } from './lists-state';
import { loadRules, loadSubject, refreshStale, subjectLabel, subjectLedger, toFact } from './state';
import { getOffice } from '../system/users';
import { inclusionFileText, subjectInclusion } from './inclusion';
import { safeFileName } from '../../shared/domain/file-names';
import { formatDate } from '../../shared/format';

type ListingValues = z.output<typeof creditListingInput>;

/** The subject's entries proven against the latest signed tree root (inclusion.ts). */
async function inclusionOf(
  ctx: HandlerContext,
  s: { kind: CreditSubjectKind; id: number; name: string; code: string },
) {
  const office = await getOffice(ctx.db);
  return subjectInclusion(
    ctx.db,
    { kind: s.kind, id: s.id, name: s.name, code: s.code },
    { name: office?.name ?? '', uscc: office?.uscc ?? null },
  );
}
type RepairValues = z.output<typeof creditRepairInput>;

function refuse(issues: FieldIssue[]): never {
  throw new AppError('VALIDATION', issues.map((i) => i.message).join('；'), { issues });
}

const actorName = (ctx: HandlerContext) => {
  const a = requireActor(ctx);
  return `${a.displayName}（${a.username}）`;
};

/** The fields of a ledger row that say who recorded it about whom, now. */
function ledgerBase(ctx: HandlerContext, subject: CreditSubjectRef) {
  const actor = requireActor(ctx);
  return {
    recorded_at: nowIso(ctx),
    recorder_id: actor.id,
    recorder_name: `${actor.displayName}（${actor.username}）`,
    subject_kind: subject.kind,
    subject_id: subject.id,
    subject_name: subject.name,
    subject_code: subject.code,
    behaviour_code: null,
    behaviour_name: null,
    points: null,
    source_kind: null,
    source_id: null,
    amends_seq: null,
  } satisfies Partial<NewLedgerRow>;
}

/** 黑名单（严重失信） · 红名单 */
function listName(l: Pick<CreditListing, 'list' | 'severity'>): string {
  return `${CREDIT_LIST_LABELS[l.list]}${l.severity ? `（${LISTING_SEVERITY_LABELS[l.severity]}失信）` : ''}`;
}

async function mustListing(ctx: HandlerContext, id: number): Promise<CreditListing> {
  const l = await loadListing(ctx.db, todayIso(ctx.now()), id);
  if (!l) throw new AppError('NOT_FOUND', '该列入决定不存在');
  return l;
}

async function createListing(ctx: HandlerContext, v: ListingValues) {
  const createdBy = actorName(ctx);
  const today = todayIso(ctx.now());
  const rules = await loadRules(ctx.db);
  await refreshStale(ctx.db, ctx.now(), rules);
  const subject = await loadSubject(ctx.db, v.subjectKind, v.subjectId);
  const issues: FieldIssue[] = [];
  if (v.decisionDate > today) issues.push({ path: 'decisionDate', message: '列入决定日期不能晚于今天' });
  issues.push(...listingPeriodProblems(v));
  if (issues.length) refuse(issues);
  const existing = await loadListings(ctx.db, today, { kind: subject.kind, id: subject.id });
  const same = existing.find(
    (l) => l.list === v.list && l.basisNumber === v.basisNumber && l.status !== 'revoked',
  );
  if (same)
    refuse([
      {
        path: 'basisNumber',
        message: `该主体已依据 ${v.basisNumber} 列入${CREDIT_LIST_LABELS[v.list]}（${same.decisionDate}，${LISTING_STATUS_LABELS[same.status]}）`,
      },
    ]);
  if (v.list === 'red') {
    const black = existing.find((l) => l.list === 'black' && ['disclosed', 'pending'].includes(l.status));
    if (black)
      refuse([
        {
          path: 'list',
          message: `该主体在黑名单${LISTING_STATUS_LABELS[black.status]}（${black.basisNumber}），不能列入红名单`,
        },
      ]);
  }
  const period =
    v.disclosureStart && v.disclosureEnd
      ? `公示期限：${v.disclosureStart} 至 ${v.disclosureEnd}`
      : '轻微失信，依法不予公示';
  const name = listName(v);
  const entry = await recordRow(
    ctx,
    rules,
    {
      ...ledgerBase(ctx, subject),
      type: 'evaluation',
      fact_date: v.decisionDate,
      outcome: listingOutcome(v.list, v.severity),
      basis: v.basisNumber,
      text: `列入${name}。${v.basisText.replace(/[。.]$/, '')}。${period}。`,
      attachments: '[]',
    },
    `${subjectLabel(subject)} 列入${name}（${v.basisNumber}）`,
  );
  const inserted = await ctx.db
    .insertInto('credit_listings')
    .values({
      subject_kind: subject.kind,
      subject_id: subject.id,
      list: v.list,
      severity: v.severity,
      basis_number: v.basisNumber,
      basis_text: v.basisText,
      decision_date: v.decisionDate,
      disclosure_start: v.disclosureStart,
      disclosure_end: v.disclosureEnd,
      ledger_seq: entry.entry.seq,
      created_at: nowIso(ctx),
      created_by: createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const listing = await mustListing(ctx, inserted.id);
  await ctx.audit({
    entity: 'credit_listing',
    entityId: listing.id,
    summary: `${subjectLabel(subject)} 列入${name}，依据 ${v.basisNumber}；${period}（台账第 ${entry.entry.seq} 条）；${LISTING_STATUS_LABELS[listing.status]}`,
    after: listing,
  });
  return { listing, entry };
}

/** The 信用承诺 entries of a subject that stand, dated on or after `since`. */
async function commitmentsSince(
  ctx: HandlerContext,
  kind: CreditSubjectKind,
  id: number,
  since: string,
): Promise<number[]> {
  const rows = await subjectLedger(ctx.db, kind, id);
  const corrected = correctionsOf(rows.map(toFact));
  return rows
    .filter((r) => r.type === 'commitment' && !corrected.has(r.seq) && r.fact_date >= since)
    .map((r) => r.seq);
}

/** Why a listing cannot take a repair application at all (not the conditions), or null. */
function notRepairable(l: CreditListing): string | null {
  if (l.list !== 'black') return '红名单不适用信用修复';
  if (l.status === 'revoked') return `该列入决定已由第 ${l.revokedBySeq} 条更正撤销`;
  if (l.status === 'repaired') return `该列入决定已于 ${l.repairedOn} 完成信用修复`;
  if (l.status === 'undisclosed') return '轻微失信信息依法不予公示，无需申请信用修复';
  if (l.status === 'expired') return `公示期已于 ${l.disclosureEnd} 届满并自动停止公示，无需申请信用修复`;
  return null;
}

async function applyRepair(ctx: HandlerContext, v: RepairValues): Promise<CreditListing> {
  const appliedBy = actorName(ctx);
  const today = todayIso(ctx.now());
  const rules = await loadRules(ctx.db);
  await refreshStale(ctx.db, ctx.now(), rules);
  const l = await mustListing(ctx, v.listingId);
  const blocked = notRepairable(l);
  if (blocked) throw new AppError('VALIDATION', blocked);
  const pending = l.repairs.find((r) => r.status === 'pending');
  if (pending)
    throw new AppError(
      'VALIDATION',
      `该列入决定已有一份待审批的信用修复申请（${pending.appliedOn} 由${pending.appliedBy}提出）`,
    );
  // The conditions: every one that is not met is refused with its reason.
  const issues: FieldIssue[] = [];
  const period = minimumPeriodProblem(l.severity, l.disclosureStart, today);
  if (period) issues.push({ path: 'minimumPeriod', message: period });
  if (!v.rectificationConfirmed || (v.rectificationText === '' && v.attachments.length === 0))
    issues.push({
      path: 'rectification',
      message: '整改尚未确认完成：请确认失信行为已纠正、法定义务已履行，并填写整改情况或上传整改材料',
    });
  const onFile = await commitmentsSince(ctx, l.subject.kind, l.subject.id, l.decisionDate);
  if (v.commitmentText === '' && onFile.length === 0)
    issues.push({
      path: 'commitment',
      message: `尚无信用承诺：请在申请中填写信用承诺，或先登记一条 ${l.decisionDate} 以后的“信用承诺”记录`,
    });
  if (issues.length) refuse(issues);

  const subject = await loadSubject(ctx.db, l.subject.kind, l.subject.id);
  let commitmentSeq = onFile.at(-1)!;
  if (v.commitmentText !== '') {
    const c = await recordRow(
      ctx,
      rules,
      {
        ...ledgerBase(ctx, subject),
        type: 'commitment',
        fact_date: today,
        outcome: null,
        basis: '',
        text: v.commitmentText,
        attachments: '[]',
      },
      `${subjectLabel(subject)} 登记信用承诺（随信用修复申请）`,
    );
    commitmentSeq = c.entry.seq;
  }
  const attachments: CreditAttachment[] = [];
  for (const upload of v.attachments) {
    const file = await storeFile(ctx, upload);
    attachments.push({ name: downloadName(upload.fileName), sha256: file.sha256, size: file.size });
  }
  const inserted = await ctx.db
    .insertInto('credit_repairs')
    .values({
      listing_id: l.id,
      applied_on: today,
      applied_at: nowIso(ctx),
      applied_by: appliedBy,
      rectification_text: v.rectificationText,
      attachments: JSON.stringify(attachments),
      commitment_seq: commitmentSeq,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const after = await mustListing(ctx, l.id);
  await ctx.audit({
    entity: 'credit_repair',
    entityId: inserted.id,
    summary: `${subjectLabel(subject)} 申请信用修复：${listName(l)} ${l.basisNumber}（信用承诺第 ${commitmentSeq} 条），待审批`,
    after: after.repairs.find((r) => r.id === inserted.id),
  });
  return after;
}

async function pendingRepair(ctx: HandlerContext, id: number) {
  const r = await ctx.db.selectFrom('credit_repairs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND', '该信用修复申请不存在');
  if (r.status !== 'pending')
    throw new AppError(
      'VALIDATION',
      `该申请已于 ${formatDate(r.decided_at)} 由${r.decided_by}${r.status === 'approved' ? '批准' : '驳回'}`,
    );
  return r;
}

async function approveRepair(
  ctx: HandlerContext,
  v: { id: number; decisionNumber: string; opinion: string },
): Promise<CreditListing> {
  const decidedBy = actorName(ctx);
  const rules = await loadRules(ctx.db);
  await refreshStale(ctx.db, ctx.now(), rules);
  const r = await pendingRepair(ctx, v.id);
  const l = await mustListing(ctx, r.listing_id);
  if (l.status === 'revoked' || l.status === 'repaired') throw new AppError('VALIDATION', notRepairable(l)!);
  const commitment = await commitmentsSince(ctx, l.subject.kind, l.subject.id, l.decisionDate);
  if (!commitment.includes(r.commitment_seq))
    throw new AppError(
      'VALIDATION',
      `申请所附信用承诺（第 ${r.commitment_seq} 条）已被更正，请驳回后重新申请`,
    );
  const subject = await loadSubject(ctx.db, l.subject.kind, l.subject.id);
  const entry = await recordRow(
    ctx,
    rules,
    {
      ...ledgerBase(ctx, subject),
      type: 'repair',
      fact_date: todayIso(ctx.now()),
      outcome: null,
      basis: v.decisionNumber,
      text: `${listName(l)}列入决定 ${l.basisNumber}（第 ${l.ledgerSeq} 条）信用修复：已纠正失信行为并作出信用承诺（第 ${r.commitment_seq} 条），经审批同意修复，停止公示。${r.rectification_text ? `整改情况：${r.rectification_text.replace(/[。.]$/, '')}。` : ''}${v.opinion ? `审批意见：${v.opinion.replace(/[。.]$/, '')}。` : ''}`,
      attachments: r.attachments,
    },
    `${subjectLabel(subject)} 信用修复（${listName(l)} ${l.basisNumber}）`,
  );
  await ctx.db
    .updateTable('credit_repairs')
    .set({
      status: 'approved',
      decided_at: nowIso(ctx),
      decided_by: decidedBy,
      decision_number: v.decisionNumber,
      decision_note: v.opinion,
      repair_seq: entry.entry.seq,
    })
    .where('id', '=', r.id)
    .execute();
  const after = await mustListing(ctx, l.id);
  await ctx.audit({
    entity: 'credit_repair',
    entityId: r.id,
    summary: `批准 ${subjectLabel(subject)} 的信用修复申请：${listName(l)} ${l.basisNumber} 已修复，停止公示（台账第 ${entry.entry.seq} 条）`,
    before: { status: r.status },
    after: after.repairs.find((x) => x.id === r.id),
  });
  return after;
}

async function rejectRepair(ctx: HandlerContext, v: { id: number; reason: string }): Promise<CreditListing> {
  const decidedBy = actorName(ctx);
  const r = await pendingRepair(ctx, v.id);
  await ctx.db
    .updateTable('credit_repairs')
    .set({ status: 'rejected', decided_at: nowIso(ctx), decided_by: decidedBy, decision_note: v.reason })
    .where('id', '=', r.id)
    .execute();
  const after = await mustListing(ctx, r.listing_id);
  await ctx.audit({
    entity: 'credit_repair',
    entityId: r.id,
    summary: `驳回 ${subjectLabel(after.subject)} 的信用修复申请（${listName(after)} ${after.basisNumber}）：${v.reason}`,
    before: { status: r.status },
    after: after.repairs.find((x) => x.id === r.id),
  });
  return after;
}

export async function loadPublicList(ctx: HandlerContext, list: CreditListKind): Promise<PublicList> {
  const today = todayIso(ctx.now());
  const office = await getOffice(ctx.db);
  return {
    list,
    asOf: today,
    officeName: office?.name ?? '',
    rows: publicListRows(await currentlyDisclosed(ctx.db, today, list)),
  };
}

export const creditListHandlers = defineHandlers({
  'credit.listings': async ({ subjectKind, subjectId }, ctx) =>
    loadListings(
      ctx.db,
      todayIso(ctx.now()),
      subjectKind && subjectId ? { kind: subjectKind, id: subjectId } : undefined,
    ),
  'credit.createListing': async (input, ctx) => createListing(ctx, input),
  'credit.applyRepair': async (input, ctx) => applyRepair(ctx, input),
  'credit.approveRepair': async (input, ctx) => approveRepair(ctx, input),
  'credit.rejectRepair': async (input, ctx) => rejectRepair(ctx, input),
  'credit.publicList': async ({ list }, ctx) => loadPublicList(ctx, list),
  'credit.publicListXlsx': async ({ list }, ctx) => {
    const p = await loadPublicList(ctx, list);
    const bytes = await writeSheet(
      `${CREDIT_LIST_LABELS[list]}公示名单`,
      [
        { header: '序号', width: 6, value: (r) => r.no },
        { header: '主体类别', width: 10, value: (r) => r.kindLabel },
        { header: '名称/姓名', width: 30, value: (r) => r.name },
        { header: '统一社会信用代码/证书编号', width: 24, value: (r) => r.code },
        { header: '机构类别/执业机构', width: 24, value: (r) => r.detail },
        ...(list === 'black'
          ? [{ header: '失信程度', width: 10, value: (r: (typeof p.rows)[number]) => r.severity }]
          : []),
        { header: '列入依据（文号）', width: 24, value: (r) => r.basisNumber },
        { header: '主要事实', width: 50, value: (r) => r.basisText },
        { header: '列入日期', width: 12, value: (r) => r.decisionDate },
        { header: '公示起始日期', width: 12, value: (r) => r.disclosureStart },
        { header: '公示截止日期', width: 12, value: (r) => r.disclosureEnd },
        { header: '认定机关', width: 24, value: () => p.officeName },
      ],
      p.rows,
    );
    return {
      fileName: publicListFileName(p, 'xlsx'),
      mimeType: XLSX_MIME,
      base64: bytes.toString('base64'),
    };
  },
  'credit.report': async ({ kind, id }, ctx) => {
    const today = todayIso(ctx.now());
    const office = await getOffice(ctx.db);
    const profile = await loadCreditProfile(ctx.db, ctx.now(), kind, id);
    return {
      profile,
      listings: await loadListings(ctx.db, today, { kind, id }),
      head: await ledgerHead(ctx.db),
      officeName: office?.name ?? '',
      printedAt: nowIso(ctx),
      inclusion: await inclusionOf(ctx, profile.subject),
    };
  },
  'credit.inclusionProof': async ({ kind, id }, ctx) => {
    const profile = await loadCreditProfile(ctx.db, ctx.now(), kind, id);
    const inclusion = await inclusionOf(ctx, profile.subject);
    if (!inclusion.file) throw new AppError('VALIDATION', inclusion.note ?? '不能给出包含证明');
    return {
      fileName: safeFileName(`${profile.subject.name}信用记录包含证明（${inclusion.file.tree.size}）.json`),
      mimeType: 'application/json',
      base64: Buffer.from(inclusionFileText(inclusion.file), 'utf8').toString('base64'),
    };
  },
});
