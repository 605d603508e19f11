// 记分通知书: due within N working days of confirming the facts (the demerit entry's date), on the office's
// working-day calendar; issuing it takes the next 发文字号 of the year from the office's register (doc_numbers,
// kind 'credit-notice'); it is printed (PDF from the print preview) or saved as Word, both from one GB/T 9704 model
// (shared/print/credit.ts), with the subject's 陈述申辩 period and a 送达回证.
import type { Kysely } from 'kysely';
import { addWorkingDays, todayIso, type WorkCalendar } from '../../shared/dates';
import {
  correctionsOf,
  cycleAt,
  cycleTotals,
  liveFacts,
  noticeDueOn,
  verificationAnchors,
  type CreditNotice,
  type CreditNoticeState,
  type CreditRules,
  type CreditSubjectKind,
} from '../../shared/contract';
import { creditNoticeDoc, creditNoticeFileName, creditReceiptDoc } from '../../shared/print/credit';
import { AppError } from '../../shared/errors';
import { officialDocDocx } from '../core/official-docx';
import { defineHandlers } from '../core/context';
import { issuedNumbers, issueNumber, type IssuedNumber } from '../core/doc-numbers';
import type { DB } from '../core/schema';
import { loadWorkCalendar } from '../system/calendar';
import type { LedgerRow } from './ledger';
import { cycleView, loadRules, loadSubject, subjectLabel, subjectLedger, toEntry, toFact } from './state';
import { getOffice } from '../system/users';

export const NOTICE_KIND = 'credit-notice';
const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function noticeState(
  cal: WorkCalendar,
  rules: CreditRules,
  row: LedgerRow,
  issued: { docNumber: string; issuedOn: string } | undefined,
  today: string,
): CreditNoticeState {
  const dueOn = noticeDueOn(cal, row.fact_date, rules[row.subject_kind as CreditSubjectKind]);
  return {
    seq: row.seq,
    docNumber: issued?.docNumber ?? null,
    issuedOn: issued?.issuedOn ?? null,
    dueOn,
    overdue: !issued && today > dueOn,
  };
}

function issuedNotices(db: Kysely<DB>, seqs: number[]): Promise<Map<number, IssuedNumber>> {
  return issuedNumbers(db, NOTICE_KIND, seqs);
}

/** The numbers issued for a subject's 记分通知书, read beside its ledger (in the same round of reads). The ids are
 *  all the subject's entries (only demerits have notices): so SQLite reads them from the subject index alone. */
export function issuedNoticesOf(
  db: Kysely<DB>,
  kind: CreditSubjectKind,
  id: number,
): Promise<Map<number, IssuedNumber>> {
  return issuedNumbers(
    db,
    NOTICE_KIND,
    db
      .selectFrom('credit_ledger')
      .select('seq as id')
      .where('subject_kind', '=', kind)
      .where('subject_id', '=', id),
  );
}

/** The notice of every demerit entry of a subject that has not been corrected. */
export function noticeStates(
  cal: WorkCalendar,
  issued: Map<number, IssuedNumber>,
  rules: CreditRules,
  rows: LedgerRow[],
  corrected: Map<number, number>,
  today: string,
): CreditNoticeState[] {
  return rows
    .filter((r) => r.type === 'demerit' && !corrected.has(r.seq))
    .map((r) => noticeState(cal, rules, r, issued.get(r.seq), today));
}

export async function loadCreditNotice(db: Kysely<DB>, now: Date, seq: number): Promise<CreditNotice> {
  const row = await db.selectFrom('credit_ledger').selectAll().where('seq', '=', seq).executeTakeFirst();
  if (!row || row.type !== 'demerit')
    throw new AppError('NOT_FOUND', `第 ${seq} 条不是不良执业行为记分记录，没有记分通知书`);
  const kind = row.subject_kind as CreditSubjectKind;
  const rules = await loadRules(db);
  const rule = rules[kind];
  const subject = await loadSubject(db, kind, row.subject_id);
  const facts = (await subjectLedger(db, kind, row.subject_id)).map(toFact);
  const corrected = correctionsOf(facts);
  const live = liveFacts(facts);
  const cycle = cycleAt(
    rule,
    rule.cycle.type === 'verification' ? verificationAnchors(live) : [],
    row.fact_date,
  );
  const total = cycleTotals(rule, live).get(cycle.start) ?? { cycle, points: 0, seqs: [] };
  const cal = await loadWorkCalendar(db);
  const issued = (await issuedNotices(db, [seq])).get(seq);
  const notice = noticeState(cal, rules, row, issued, todayIso(now));
  const office = await getOffice(db);
  return {
    entry: toEntry(row, corrected.get(seq) ?? null),
    subject,
    notice,
    cycle: cycleView(rule, total),
    noticeWorkingDays: rule.noticeWorkingDays,
    statementWorkingDays: rule.statementWorkingDays,
    statementUntil: addWorkingDays(cal, notice.dueOn, rule.statementWorkingDays),
    officeName: office?.name ?? '',
  };
}

export const creditNoticeHandlers = defineHandlers({
  'credit.notice': async ({ seq }, ctx) => loadCreditNotice(ctx.db, ctx.now(), seq),

  'credit.issueNotice': async ({ seq }, ctx) => {
    const before = await loadCreditNotice(ctx.db, ctx.now(), seq);
    if (before.entry.correctedBy !== null)
      throw new AppError(
        'VALIDATION',
        `第 ${seq} 条记分已由第 ${before.entry.correctedBy} 条更正，不再发出记分通知书`,
      );
    if (before.notice.docNumber)
      throw new AppError(
        'VALIDATION',
        `该记分通知书已于 ${before.notice.issuedOn} 发出，发文字号 ${before.notice.docNumber}`,
      );
    await issueNumber(ctx, {
      kind: NOTICE_KIND,
      refId: seq,
      title: `${before.subject.name}不良执业行为记分通知书`,
    });
    const after = await loadCreditNotice(ctx.db, ctx.now(), seq);
    await ctx.audit({
      entity: 'credit_notice',
      entityId: seq,
      summary: `发出记分通知书 ${after.notice.docNumber}：${subjectLabel(after.subject)} 第 ${seq} 条记 ${after.entry.points} 分${after.notice.issuedOn && after.notice.issuedOn > after.notice.dueOn ? `（已超过送达期限 ${after.notice.dueOn}）` : ''}`,
      after: after.notice,
    });
    return after;
  },

  'credit.noticeDocx': async ({ seq }, ctx) => {
    const n = await loadCreditNotice(ctx.db, ctx.now(), seq);
    if (!n.notice.docNumber) throw new AppError('VALIDATION', '请先“发出记分通知书”取得发文字号，再导出');
    return {
      fileName: creditNoticeFileName(n, 'docx'),
      mimeType: DOCX_MIME,
      // The notice and its 送达回证 on a page of its own, as the print preview has them.
      base64: (await officialDocDocx([creditNoticeDoc(n), creditReceiptDoc(n)])).toString('base64'),
    };
  },
});
