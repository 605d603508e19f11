// 告诫谈话 (seed 004 四(三): 完善医疗执业告诫谈话) and the 自查结果公示 list. A talk is recorded with its reason linked
// to the record behind it (a points threshold warning, an inspection, a complaint found true, a 不实 self-inspection),
// enters the credit ledger (信用评价结果 with result code warning_talk, like a 红黑名单 decision: on the record,
// no deduction) and prints as the 执业告诫谈话记录; a talk for an open threshold warning is that warning's measure.
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type {
  SelfcheckPublicity,
  TalkReasonOptions,
  WarningTalk,
  warningTalkInput,
} from '../../shared/contract/selfcheck';
import { INSPECTION_OUTCOME_LABELS, type InspectionOutcome } from '../../shared/domain/inspections';
import { COMPLAINT_CATEGORY_LABELS, type ComplaintCategory } from '../../shared/domain/enforcement-deadlines';
import { TALK_REASON_LABELS, periodLabel, type TalkReasonKind } from '../../shared/domain/selfcheck';
import { WARNING_TALK_OUTCOME } from '../../shared/domain/credit-rules';
import { todayIso } from '../../shared/dates';
import { AppError } from '../../shared/errors';
import { publicityFileName, talkDoc, talkFileName } from '../../shared/print/selfcheck';
import { defineHandlers, nowIso, requireActor, type HandlerContext } from '../core/context';
import type { DB } from '../core/schema';
import { officialDocDocx } from '../core/official-docx';
import { XLSX_MIME, writeSheet } from '../core/xlsx';
import { getOffice } from '../system/users';
import { appendCreditEntry } from '../credit/credit';
import { loadSubject } from '../credit/state';
import { listSupervisions } from './supervision';

type TalkValues = z.output<typeof warningTalkInput>;

async function officeName(db: Kysely<DB>): Promise<string> {
  return (await getOffice(db))?.name ?? '';
}

export async function listTalks(
  db: Kysely<DB>,
  filter: { subjectKind?: 'institution' | 'practitioner'; subjectId?: number; id?: number },
): Promise<WarningTalk[]> {
  let q = db.selectFrom('warning_talks').selectAll();
  if (filter.subjectKind) q = q.where('subject_kind', '=', filter.subjectKind);
  if (filter.subjectId !== undefined) q = q.where('subject_id', '=', filter.subjectId);
  if (filter.id !== undefined) q = q.where('id', '=', filter.id);
  const rows = await q.orderBy('talk_on', 'desc').orderBy('id', 'desc').execute();
  const office = await officeName(db);
  const out: WarningTalk[] = [];
  for (const r of rows) {
    const kind = r.subject_kind as 'institution' | 'practitioner';
    const s = await loadSubject(db, kind, r.subject_id).catch(() => null);
    out.push({
      id: r.id,
      subjectKind: kind,
      subjectId: r.subject_id,
      subjectName: r.subject_name,
      subjectDetail: s ? (kind === 'institution' ? `统一社会信用代码：${s.code}` : s.detail) : '',
      talkOn: r.talk_on,
      place: r.place,
      talkers: r.talkers,
      attendees: r.attendees,
      reasonKind: r.reason_kind as TalkReasonKind,
      reasonId: r.reason_id,
      reasonRecord: await reasonRecord(db, r.reason_kind as TalkReasonKind, r.reason_id),
      reasonText: r.reason_text,
      content: r.content,
      commitments: r.commitments,
      followUpOn: r.follow_up_on,
      creditSeq: r.credit_seq,
      createdAt: r.created_at,
      createdBy: r.created_by,
      officeName: office,
    });
  }
  return out;
}

/** How the talk's record names the record behind it. */
async function reasonRecord(db: Kysely<DB>, kind: TalkReasonKind, id: number | null): Promise<string> {
  if (id === null) return '';
  switch (kind) {
    case 'warning': {
      const w = await db
        .selectFrom('credit_warnings')
        .select(['cycle_start', 'threshold'])
        .where('id', '=', id)
        .executeTakeFirst();
      return w ? `${w.cycle_start} 起周期记分达到 ${w.threshold} 分的预警` : '';
    }
    case 'inspection':
      return `检查记录第 ${id} 号`;
    case 'complaint': {
      const c = await db.selectFrom('complaints').select('ticket_no').where('id', '=', id).executeTakeFirst();
      return c ? `12345 投诉工单 ${c.ticket_no}` : '';
    }
    case 'selfcheck': {
      const v = await db
        .selectFrom('selfcheck_supervisions')
        .select('inspection_id')
        .where('id', '=', id)
        .executeTakeFirst();
      return v ? `自查督导（检查记录第 ${v.inspection_id} 号）` : '';
    }
    default:
      return '';
  }
}

async function loadTalk(db: Kysely<DB>, id: number): Promise<WarningTalk> {
  const [t] = await listTalks(db, { id });
  if (!t) throw new AppError('NOT_FOUND', `告诫谈话记录第 ${id} 号不存在`);
  return t;
}

const LIMIT = 200;

/** The records a talk with this subject can name as its reason (what the form offers and all that recordTalk
 *  accepts): its points warnings; the inspections of the institution, or those naming the practitioner; the
 *  complaints about the institution (a practitioner's: about the institution they work at) that were found true;
 *  the 督导 that found the institution's self-inspection 不实. Newest first, at most 200 of each. */
export async function talkReasons(
  db: Kysely<DB>,
  subjectKind: 'institution' | 'practitioner',
  subjectId: number,
): Promise<TalkReasonOptions> {
  const institutionId =
    subjectKind === 'institution'
      ? subjectId
      : ((
          await db
            .selectFrom('practitioners')
            .select('institution_id')
            .where('id', '=', subjectId)
            .executeTakeFirst()
        )?.institution_id ?? null);
  const warnings = await db
    .selectFrom('credit_warnings')
    .select(['id', 'cycle_start', 'threshold', 'status'])
    .where('subject_kind', '=', subjectKind)
    .where('subject_id', '=', subjectId)
    .orderBy('id', 'desc')
    .limit(LIMIT)
    .execute();
  let inspections = db
    .selectFrom('inspections')
    .select(['id', 'inspected_on', 'outcome'])
    .where('removed_at', 'is', null);
  inspections =
    subjectKind === 'institution'
      ? inspections.where('institution_id', '=', subjectId)
      : inspections.where('id', 'in', (q) =>
          q
            .selectFrom('inspection_practitioners')
            .select('inspection_id')
            .where('practitioner_id', '=', subjectId),
        );
  const inspectionRows = await inspections
    .orderBy('inspected_on', 'desc')
    .orderBy('id', 'desc')
    .limit(LIMIT)
    .execute();
  const complaints =
    institutionId === null
      ? []
      : await db
          .selectFrom('complaints')
          .select(['id', 'ticket_no', 'received_on', 'category'])
          .where('institution_id', '=', institutionId)
          .where('substantiated', '=', 1)
          .orderBy('received_on', 'desc')
          .orderBy('id', 'desc')
          .limit(LIMIT)
          .execute();
  const supervisions =
    subjectKind === 'institution'
      ? (await listSupervisions(db, { institutionId: subjectId })).filter((x) => x.untrue).slice(0, LIMIT)
      : [];
  return {
    warning: warnings.map((w) => ({
      id: w.id,
      label: `${w.cycle_start} 起周期记分达到 ${w.threshold} 分（${w.status === 'open' ? '待处理' : '已处理'}）`,
    })),
    inspection: inspectionRows.map((x) => ({
      id: x.id,
      label: `检查记录第 ${x.id} 号（${x.inspected_on}，${INSPECTION_OUTCOME_LABELS[x.outcome as InspectionOutcome] ?? x.outcome}）`,
    })),
    complaint: complaints.map((c) => ({
      id: c.id,
      label: `投诉 ${c.ticket_no}（${c.received_on}，${COMPLAINT_CATEGORY_LABELS[c.category as ComplaintCategory] ?? c.category}，已查实）`,
    })),
    selfcheck: supervisions.map((x) => ({
      id: x.id,
      label: `${x.periodLabel}督导（${x.inspectedOn}，检查记录第 ${x.inspectionId} 号）：${x.summary}`,
    })),
  };
}

const REASON_RECORD: Record<Exclude<TalkReasonKind, 'other'>, string> = {
  warning: '记分预警',
  inspection: '检查记录',
  complaint: '查实的投诉',
  selfcheck: '认定自查不实的督导记录',
};

/** The record behind the talk: required for a points warning, and when named it must be one of the subject's
 *  (a complaint found true, a 督导 that found the self-inspection 不实). */
async function checkReason(ctx: HandlerContext, v: TalkValues): Promise<{ warningId: number | null }> {
  if (v.reasonKind === 'other') {
    if (v.reasonId !== null) throw new AppError('VALIDATION', '事由为“其他”时不关联记录');
    return { warningId: null };
  }
  if (v.reasonId === null) {
    if (v.reasonKind === 'warning') throw new AppError('VALIDATION', '请选择所依据的记分预警');
    return { warningId: null };
  }
  const options = (await talkReasons(ctx.db, v.subjectKind, v.subjectId))[v.reasonKind];
  if (!options.some((o) => o.id === v.reasonId))
    throw new AppError(
      'VALIDATION',
      `所选${REASON_RECORD[v.reasonKind]}（第 ${v.reasonId} 号）不属于该谈话对象或不存在`,
    );
  return { warningId: v.reasonKind === 'warning' ? v.reasonId : null };
}

async function recordTalk(v: TalkValues, ctx: HandlerContext) {
  const actor = requireActor(ctx);
  const today = todayIso(ctx.now());
  if (v.talkOn > today) throw new AppError('VALIDATION', '谈话日期不能晚于今天（请在谈话后登记）');
  if (v.followUpOn !== null && v.followUpOn <= v.talkOn)
    throw new AppError('VALIDATION', `跟踪复查日期应晚于谈话日期（${v.talkOn}）`);
  const subject = await loadSubject(ctx.db, v.subjectKind, v.subjectId);
  const { warningId } = await checkReason(ctx, v);
  // The talk first, so that its ledger entry names it as its source (the profile links to this talk); then the
  // entry's seq on the talk, in the same transaction.
  const { id } = await ctx.db
    .insertInto('warning_talks')
    .values({
      subject_kind: v.subjectKind,
      subject_id: v.subjectId,
      subject_name: subject.name,
      talk_on: v.talkOn,
      place: v.place,
      talkers: v.talkers,
      attendees: v.attendees,
      reason_kind: v.reasonKind,
      reason_id: v.reasonId,
      reason_text: v.reasonText,
      content: v.content,
      commitments: v.commitments,
      follow_up_on: v.followUpOn,
      credit_seq: 0, // the ledger entry's seq, set below once the entry (which names this talk) is written
      created_at: nowIso(ctx),
      created_by: actor.displayName,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const entry = await appendCreditEntry(ctx, {
    subjectKind: v.subjectKind,
    subjectId: v.subjectId,
    type: 'evaluation',
    factDate: v.talkOn,
    outcome: WARNING_TALK_OUTCOME,
    behaviourId: null,
    basis: '',
    sourceKind: 'warning_talk',
    sourceId: id,
    text: `执业告诫谈话（${TALK_REASON_LABELS[v.reasonKind]}：${v.reasonText}）。谈话人：${v.talkers}。${v.commitments ? `整改承诺：${v.commitments}` : ''}`.slice(
      0,
      2000,
    ),
    attachments: [],
  });
  await ctx.db
    .updateTable('warning_talks')
    .set({ credit_seq: entry.entry.seq })
    .where('id', '=', id)
    .execute();
  // A talk held for an open threshold warning is the measure taken for it.
  if (warningId !== null) {
    const w = await ctx.db
      .selectFrom('credit_warnings')
      .select(['status', 'threshold'])
      .where('id', '=', warningId)
      .executeTakeFirstOrThrow();
    if (w.status === 'open') {
      const actionTaken = `执业告诫谈话（${v.talkOn}，告诫谈话记录第 ${id} 号）`;
      await ctx.db
        .updateTable('credit_warnings')
        .set({
          status: 'acknowledged',
          acknowledged_at: nowIso(ctx),
          acknowledged_by: `${actor.displayName}（${actor.username}）`,
          action_taken: actionTaken,
        })
        .where('id', '=', warningId)
        .execute();
      await ctx.audit({
        entity: 'credit_warning',
        entityId: warningId,
        summary: `确认处理 ${subject.name} 记分 ${w.threshold} 分预警：${actionTaken}`,
        before: { status: 'open' },
        after: { status: 'acknowledged', actionTaken },
      });
    }
  }
  const talk = await loadTalk(ctx.db, id);
  await ctx.audit({
    entity: 'warning_talk',
    entityId: id,
    summary: `登记告诫谈话第 ${id} 号：${subject.name}，${v.talkOn}，事由“${TALK_REASON_LABELS[v.reasonKind]}”；记入信用台账第 ${entry.entry.seq} 条`,
    after: talk,
  });
  return { talk, entry };
}

export async function loadPublicity(ctx: HandlerContext, year: number): Promise<SelfcheckPublicity> {
  const today = todayIso(ctx.now());
  const rows = await ctx.db
    .selectFrom('selfcheck_submissions as s')
    .innerJoin('institutions as i', 'i.id', 's.institution_id')
    .leftJoin('selfcheck_campaigns as c', 'c.id', 's.campaign_id')
    .select([
      'i.name',
      'i.uscc',
      's.period_key',
      's.submitted_on',
      's.found_count',
      's.fixed_count',
      's.rectify_due',
      'c.topic',
    ])
    .where('s.year', '=', year)
    .where('s.submitted_on', '<=', today)
    .orderBy('i.name')
    .orderBy('s.submitted_on')
    .orderBy('s.period_key')
    .execute();
  return {
    year,
    asOf: today,
    officeName: await officeName(ctx.db),
    rows: rows.map((r, i) => ({
      no: i + 1,
      institutionName: r.name,
      uscc: r.uscc,
      periodLabel: periodLabel(r.period_key, r.topic ?? undefined),
      submittedOn: r.submitted_on,
      found: r.found_count,
      fixed: r.fixed_count,
      open: r.found_count - r.fixed_count,
      rectifyDue: r.found_count > r.fixed_count ? r.rectify_due : null,
    })),
  };
}

export const talkHandlers = defineHandlers({
  'selfcheck.talks': async (f, ctx) => listTalks(ctx.db, f),
  'selfcheck.talk': async ({ id }, ctx) => loadTalk(ctx.db, id),
  'selfcheck.talkReasons': async ({ subjectKind, subjectId }, ctx) =>
    talkReasons(ctx.db, subjectKind, subjectId),
  'selfcheck.recordTalk': recordTalk,
  'selfcheck.talkDocx': async ({ id }, ctx) => {
    const t = await loadTalk(ctx.db, id);
    const bytes = await officialDocDocx(talkDoc(t));
    return {
      fileName: talkFileName(t, 'docx'),
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      base64: bytes.toString('base64'),
    };
  },
  'selfcheck.publicity': async ({ year }, ctx) => loadPublicity(ctx, year),
  'selfcheck.publicityXlsx': async ({ year }, ctx) => {
    const p = await loadPublicity(ctx, year);
    const bytes = await writeSheet(
      '自查结果公示',
      [
        { header: '序号', width: 6, value: (r) => r.no },
        { header: '机构名称', width: 34, value: (r) => r.institutionName },
        { header: '统一社会信用代码', width: 22, value: (r) => r.uscc },
        { header: '自查期间', width: 24, value: (r) => r.periodLabel },
        { header: '自查日期', width: 12, value: (r) => r.submittedOn },
        { header: '发现问题数', width: 10, value: (r) => r.found },
        { header: '已整改数', width: 10, value: (r) => r.fixed },
        { header: '整改中', width: 8, value: (r) => r.open },
        { header: '整改期限', width: 12, value: (r) => r.rectifyDue },
      ],
      p.rows,
    );
    return { fileName: publicityFileName(p, 'xlsx'), mimeType: XLSX_MIME, base64: bytes.toString('base64') };
  },
});
