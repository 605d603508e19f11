// 告诫谈话 (seed 004 四(三): 完善医疗执业告诫谈话) and the 自查结果公示 list. A talk is recorded with its reason linked
// to the record behind it (a points threshold warning, an inspection, a complaint found true, a 不实 self-inspection),
// enters the credit ledger (信用评价结果 with result code warning_talk, like a 红黑名单 decision: on the record,
// no deduction) and prints as the 执业告诫谈话记录; a talk for an open threshold warning is that warning's measure.
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { SelfcheckPublicity, WarningTalk, warningTalkInput } from '../../shared/contract/selfcheck';
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

async function loadTalk(db: Kysely<DB>, id: number): Promise<WarningTalk> {
  const [t] = await listTalks(db, { id });
  if (!t) throw new AppError('NOT_FOUND', `告诫谈话记录第 ${id} 号不存在`);
  return t;
}

/** The record behind the talk must exist and concern the same subject. */
async function checkReason(ctx: HandlerContext, v: TalkValues): Promise<{ warningId: number | null }> {
  if (v.reasonId === null) {
    if (v.reasonKind === 'warning') throw new AppError('VALIDATION', '请选择所依据的记分预警');
    return { warningId: null };
  }
  const wrong = (what: string) => new AppError('VALIDATION', `所选${what}不属于该谈话对象或不存在`);
  switch (v.reasonKind) {
    case 'warning': {
      const w = await ctx.db
        .selectFrom('credit_warnings')
        .select(['id', 'subject_kind', 'subject_id'])
        .where('id', '=', v.reasonId)
        .executeTakeFirst();
      if (!w || w.subject_kind !== v.subjectKind || w.subject_id !== v.subjectId) throw wrong('记分预警');
      return { warningId: w.id };
    }
    case 'inspection': {
      const x = await ctx.db
        .selectFrom('inspections')
        .select(['institution_id'])
        .where('id', '=', v.reasonId)
        .executeTakeFirst();
      if (!x || v.subjectKind !== 'institution' || x.institution_id !== v.subjectId) throw wrong('检查记录');
      return { warningId: null };
    }
    case 'complaint': {
      const c = await ctx.db
        .selectFrom('complaints')
        .select('id')
        .where('id', '=', v.reasonId)
        .executeTakeFirst();
      if (!c) throw wrong('投诉');
      return { warningId: null };
    }
    case 'selfcheck': {
      const s = await ctx.db
        .selectFrom('selfcheck_supervisions as v')
        .innerJoin('selfcheck_submissions as s', 's.id', 'v.submission_id')
        .select('s.institution_id')
        .where('v.id', '=', v.reasonId)
        .executeTakeFirst();
      if (!s || v.subjectKind !== 'institution' || s.institution_id !== v.subjectId)
        throw wrong('自查督导记录');
      return { warningId: null };
    }
    default:
      return { warningId: null };
  }
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
