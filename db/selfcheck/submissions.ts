// 依法执业自查 handlers: the year's setup and 专项 campaigns, the submissions (by hand here, by workbook in
// workbook.ts, both through writeSubmission), 承诺书, the overdue list and the staff's explicit 登记未自查 (never at
// read time), and the year's summary. A full self-inspection submitted by its deadline, and each 登记未自查, enter
// the credit ledger in the same transaction (kind 依法执业自查结果, source the submission).
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type {
  SelfcheckGrid,
  SelfcheckPledge,
  SelfcheckGridRow,
  SelfcheckOverdue,
  SelfcheckSubmission,
  SelfcheckSummary,
  pledgeInput,
  selfcheckSubmissionInput,
} from '../../shared/contract/selfcheck';
import {
  areaCountProblems,
  parsePeriodKey,
  periodKeyOf,
  periodLabel,
  totalFixed,
  totalFound,
  type AreaCount,
  type SelfcheckKind,
} from '../../shared/domain/selfcheck';
import { calendarDaysBetween, todayIso, type IsoDate } from '../../shared/dates';
import { AppError } from '../../shared/errors';
import { defineHandlers, nowIso, requireActor, type HandlerContext } from '../core/context';
import { downloadName, readStoredFile, storeFile } from '../core/files';
import type { DB } from '../core/schema';
import { claimVersion, refuseIfChanged } from '../core/versions';
import { idListAgg, idsOf, serializeOn } from '../core/dialect';
import { loadWorkCalendar } from '../system/calendar';
import { loadSettings } from '../system/settings';
import { appendCreditEntry } from '../credit/credit';
import {
  campaignScope,
  deadlineOf,
  inScope,
  indicatorsAsOf,
  loadSetup,
  periodsOf,
  requireSetup,
  supervisedInstitutions,
  supervisedInstitutionsUnordered,
  toCampaign,
  yearView,
  type YearSetup,
} from './state';
import { compareText, compareZh } from '../../shared/collate';

export type SubmissionValues = z.output<typeof selfcheckSubmissionInput>;
type PledgeValues = z.output<typeof pledgeInput>;

const today = (ctx: HandlerContext): IsoDate => todayIso(ctx.now());

type SubmissionRow = Awaited<ReturnType<typeof submissionRows>>[number];

function submissionRows(db: Kysely<DB>, year: number) {
  return db
    .selectFrom('selfcheck_submissions as s')
    .innerJoin('institutions as i', 'i.id', 's.institution_id')
    .selectAll('s')
    .select('i.name as institution_name')
    .where('s.year', '=', year)
    .orderBy('i.name')
    .orderBy('s.period_key')
    .execute();
}

function parseAreas(json: string): AreaCount[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? (v as AreaCount[]) : [];
  } catch {
    return [];
  }
}

export function toSubmission(r: SubmissionRow, setup: YearSetup): SelfcheckSubmission {
  const campaign = setup.campaigns.find((c) => `C${c.id}` === r.period_key);
  const deadline = deadlineOf(setup, r.period_key) ?? '';
  return {
    id: r.id,
    version: r.row_version,
    year: r.year,
    institutionId: r.institution_id,
    institutionName: r.institution_name,
    periodKey: r.period_key,
    periodLabel: periodLabel(r.period_key, campaign?.topic),
    kind: r.kind as SelfcheckKind,
    quarter: r.quarter,
    campaignId: r.campaign_id,
    submittedOn: r.submitted_on,
    deadline,
    late: deadline !== '' && r.submitted_on > deadline,
    areas: parseAreas(r.areas_json),
    found: r.found_count,
    fixed: r.fixed_count,
    rectifyPlan: r.rectify_plan,
    rectifyDue: r.rectify_due,
    report: r.report_file_id ? { name: r.report_file_name } : null,
    note: r.note,
    source: r.source === 'workbook' ? 'workbook' : 'manual',
    untrue: r.untrue === 1,
    creditSeq: r.credit_seq,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

export async function loadSubmission(
  db: Kysely<DB>,
  setup: YearSetup,
  id: number,
): Promise<SelfcheckSubmission> {
  const r = await db
    .selectFrom('selfcheck_submissions as s')
    .innerJoin('institutions as i', 'i.id', 's.institution_id')
    .selectAll('s')
    .select('i.name as institution_name')
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND', `自查记录第 ${id} 号不存在`);
  return toSubmission(r, setup);
}

/** Checks a submission against the year (scope, period, areas, dates) and writes it, with its ledger entry when
 *  it is a full self-inspection on time. Returns the problems instead of writing when `dryRun`. */
export async function checkSubmission(
  ctx: HandlerContext,
  setup: YearSetup,
  scopeIds: ReadonlySet<number>,
  areas: readonly string[],
  v: SubmissionValues,
): Promise<string[]> {
  const problems: string[] = [];
  if (v.year !== setup.year) problems.push(`自查属于 ${v.year} 年，与 ${setup.year} 年的安排不符`);
  if (!scopeIds.has(v.institutionId)) problems.push(`该机构不在 ${setup.year} 年依法执业自查的范围内`);
  if (v.kind === 'special') {
    const c = setup.campaigns.find((x) => x.id === v.campaignId);
    if (!c) problems.push(`专项自查（编号 ${v.campaignId}）不是 ${setup.year} 年的专项`);
    else {
      const i = await ctx.db
        .selectFrom('institutions')
        .select(['id', 'name', 'uscc', 'category', 'street'])
        .where('id', '=', v.institutionId)
        .executeTakeFirst();
      if (i && scopeIds.has(i.id) && campaignScope(c, [i]).length === 0)
        problems.push(`${i.name}不在专项自查“${c.topic}”的范围内`);
    }
  }
  if (v.submittedOn > today(ctx)) problems.push('自查日期不能晚于今天');
  if (
    v.submittedOn.slice(0, 4) !== String(setup.year) &&
    v.submittedOn.slice(0, 4) !== String(setup.year + 1)
  )
    problems.push(`自查日期 ${v.submittedOn} 不在 ${setup.year} 年度内`);
  problems.push(...areaCountProblems(v.areas, areas));
  return problems;
}

export async function writeSubmission(
  ctx: HandlerContext,
  setup: YearSetup,
  v: SubmissionValues,
  source: 'manual' | 'workbook',
  how: string,
): Promise<SelfcheckSubmission> {
  const actor = requireActor(ctx);
  const key = periodKeyOf(v.kind, v.quarter, v.campaignId);
  const at = nowIso(ctx);
  const existing = await ctx.db
    .selectFrom('selfcheck_submissions')
    .selectAll()
    .where('year', '=', v.year)
    .where('institution_id', '=', v.institutionId)
    .where('period_key', '=', key)
    .executeTakeFirst();
  const before = existing ? await loadSubmission(ctx.db, setup, existing.id) : null;
  // The period's submission saved from a stale copy (someone else saved it since) is refused, naming them.
  if (existing)
    await claimVersion(ctx, 'selfcheck_submissions', existing.id, v.version, () =>
      loadSubmission(ctx.db, setup, existing.id),
    );
  const file = v.report ? await storeFile(ctx, v.report) : null;
  const values = {
    submitted_on: v.submittedOn,
    areas_json: JSON.stringify(v.areas.map((a) => ({ area: a.area, found: a.found, fixed: a.fixed }))),
    found_count: totalFound(v.areas),
    fixed_count: totalFixed(v.areas),
    rectify_plan: v.rectifyPlan,
    rectify_due: v.rectifyDue,
    note: v.note,
    source,
    updated_at: at,
    updated_by: actor.displayName,
    ...(file ? { report_file_id: file.id, report_file_name: downloadName(v.report!.fileName) } : {}),
  };
  let id: number;
  if (existing) {
    await ctx.db.updateTable('selfcheck_submissions').set(values).where('id', '=', existing.id).execute();
    id = existing.id;
  } else {
    id = (
      await ctx.db
        .insertInto('selfcheck_submissions')
        .values({
          ...values,
          year: v.year,
          institution_id: v.institutionId,
          period_key: key,
          kind: v.kind,
          quarter: v.quarter,
          campaign_id: v.campaignId,
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }
  let after = await loadSubmission(ctx.db, setup, id);
  // A full self-inspection on time is on the institution's credit record once (the first time it is on time);
  // later edits of the counts stay on the submission, the ledger being append-only.
  if (after.kind === 'full' && !after.late && after.creditSeq === null) {
    const r = await appendCreditEntry(ctx, {
      subjectKind: 'institution',
      subjectId: after.institutionId,
      type: 'self_inspection',
      factDate: after.submittedOn,
      outcome: after.found > 0 ? 'issues' : 'compliant',
      behaviourId: null,
      basis: '',
      sourceKind: 'self_inspection',
      sourceId: id,
      text: `${setup.year}年全面自查按期完成（期限 ${after.deadline}）：${after.found === 0 ? '未发现问题' : `发现问题 ${after.found} 个，已整改 ${after.fixed} 个${after.found > after.fixed ? `，整改期限 ${after.rectifyDue ?? ''}` : ''}`}。`,
      attachments: [],
    });
    await ctx.db
      .updateTable('selfcheck_submissions')
      .set({ credit_seq: r.entry.seq })
      .where('id', '=', id)
      .execute();
    after = await loadSubmission(ctx.db, setup, id);
  }
  await ctx.audit({
    entity: 'selfcheck_submission',
    entityId: id,
    summary: `${before ? '修改' : '登记'}${after.institutionName} ${setup.year} 年${after.periodLabel}（${how}）：${after.submittedOn} 提交${after.late ? `，逾期（期限 ${after.deadline}）` : ''}，发现问题 ${after.found} 个、已整改 ${after.fixed} 个${after.creditSeq && !before?.creditSeq ? `；记入信用台账第 ${after.creditSeq} 条` : ''}`,
    before,
    after,
  });
  return after;
}

async function areasOf(ctx: HandlerContext): Promise<string[]> {
  return (await loadSettings(ctx.db)).selfcheckAreas;
}

async function saveSubmission(v: SubmissionValues, ctx: HandlerContext): Promise<SelfcheckSubmission> {
  const cal = await loadWorkCalendar(ctx.db);
  const setup = await requireSetup(ctx.db, cal, v.year);
  const scope = new Set(inScope(setup, await supervisedInstitutions(ctx.db)).map((i) => i.id));
  const problems = await checkSubmission(ctx, setup, scope, await areasOf(ctx), v);
  if (problems.length) throw new AppError('VALIDATION', problems.join('；'));
  return writeSubmission(ctx, setup, v, 'manual', '手工录入');
}

async function loadPledge(
  db: Kysely<DB>,
  year: number,
  institutionId: number,
): Promise<SelfcheckPledge | null> {
  const r = await db
    .selectFrom('selfcheck_pledges as p')
    .leftJoin('files as f', 'f.id', 'p.file_id')
    .select([
      'p.submitted_on',
      'p.signer',
      'p.practitioners_signed',
      'p.file_name',
      'f.size as file_size',
      'f.sha256 as file_sha256',
    ])
    .where('p.year', '=', year)
    .where('p.institution_id', '=', institutionId)
    .executeTakeFirst();
  return r
    ? {
        year,
        institutionId,
        submittedOn: r.submitted_on,
        signer: r.signer,
        practitionersSigned: r.practitioners_signed,
        fileName: r.file_name,
        file:
          r.file_sha256 !== null && r.file_size !== null
            ? { name: r.file_name, size: Number(r.file_size), sha256: r.file_sha256 }
            : null,
      }
    : null;
}

async function savePledge(v: PledgeValues, ctx: HandlerContext) {
  const actor = requireActor(ctx);
  const cal = await loadWorkCalendar(ctx.db);
  const setup = await requireSetup(ctx.db, cal, v.year);
  const all = await supervisedInstitutions(ctx.db);
  const inst = inScope(setup, all).find((i) => i.id === v.institutionId);
  if (!inst) throw new AppError('VALIDATION', `该机构不在 ${v.year} 年依法执业自查的范围内`);
  if (v.submittedOn > today(ctx)) throw new AppError('VALIDATION', '递交日期不能晚于今天');
  const entityId = `${v.year}:${v.institutionId}`;
  await serializeOn(ctx.db, `selfcheck_pledge:${entityId}`);
  const before = await ctx.db
    .selectFrom('selfcheck_pledges')
    .selectAll()
    .where('year', '=', v.year)
    .where('institution_id', '=', v.institutionId)
    .executeTakeFirst();
  // Saved from the 承诺书 the editor opened (or none): someone else's registration since is not overwritten unseen.
  const current = await loadPledge(ctx.db, v.year, v.institutionId);
  // The signed file too, when the editor says which one it opened (a file attached at another seat since is
  // shown beside the person's own choice, not replaced unseen).
  const stored = current && {
    submittedOn: current.submittedOn,
    signer: current.signer,
    practitionersSigned: current.practitionersSigned,
    ...(v.expected?.fileSha256 !== undefined ? { fileSha256: current.file?.sha256 ?? null } : {}),
  };
  await refuseIfChanged(ctx, { entity: 'selfcheck_pledge', entityId }, v.expected, stored, current);
  const file = v.file ? await storeFile(ctx, v.file) : null;
  const at = nowIso(ctx);
  const values = {
    submitted_on: v.submittedOn,
    signer: v.signer,
    practitioners_signed: v.practitionersSigned,
    updated_at: at,
    updated_by: actor.displayName,
    ...(file ? { file_id: file.id, file_name: downloadName(v.file!.fileName) } : {}),
  };
  if (before)
    await ctx.db
      .updateTable('selfcheck_pledges')
      .set(values)
      .where('year', '=', v.year)
      .where('institution_id', '=', v.institutionId)
      .execute();
  else
    await ctx.db
      .insertInto('selfcheck_pledges')
      .values({ ...values, year: v.year, institution_id: v.institutionId, created_at: at })
      .execute();
  const late = v.submittedOn > setup.pledgeDeadline;
  await ctx.audit({
    entity: 'selfcheck_pledge',
    entityId,
    summary: `登记${inst.name} ${v.year} 年《医疗机构依法执业承诺书》：${v.submittedOn} 递交，签署人 ${v.signer}${late ? `，逾期（期限 ${setup.pledgeDeadline}）` : ''}${file ? '，附签署件' : ''}`,
    before: before ?? null,
    after: { ...values, year: v.year, institutionId: v.institutionId },
  });
  return { year: v.year, institutionId: v.institutionId };
}

// ---------------------------------------------------------------------------------------------- reading

async function grid(ctx: HandlerContext, year: number): Promise<SelfcheckGrid> {
  const cal = await loadWorkCalendar(ctx.db);
  const setup = await loadSetup(ctx.db, cal, year);
  const scope = inScope(setup, await supervisedInstitutions(ctx.db));
  const periods = periodsOf(setup);
  const subs = await ctx.db
    .selectFrom('selfcheck_submissions')
    .select(['id', 'institution_id', 'period_key', 'submitted_on', 'untrue', 'found_count', 'fixed_count'])
    .where('year', '=', year)
    .execute();
  const missing = await ctx.db
    .selectFrom('selfcheck_missing')
    .select(['institution_id', 'period_key'])
    .where('year', '=', year)
    .execute();
  const pledges = await ctx.db
    .selectFrom('selfcheck_pledges')
    .select(['institution_id', 'submitted_on'])
    .where('year', '=', year)
    .execute();
  const subOf = new Map(subs.map((s) => [`${s.institution_id}:${s.period_key}`, s]));
  const missingSet = new Set(missing.map((m) => `${m.institution_id}:${m.period_key}`));
  const pledgeOf = new Map(pledges.map((p) => [p.institution_id, p.submitted_on]));
  const on = today(ctx);
  const campaignMembers = new Map(
    setup.campaigns.map((c) => [`C${c.id}`, new Set(campaignScope(c, scope).map((i) => i.id))]),
  );
  const rows: SelfcheckGridRow[] = scope.map((i) => {
    const cells: SelfcheckGridRow['cells'] = {};
    let found = 0;
    let fixed = 0;
    for (const p of periods) {
      if (p.campaign && !campaignMembers.get(p.key)!.has(i.id)) continue;
      const s = subOf.get(`${i.id}:${p.key}`);
      if (s) {
        found += s.found_count;
        fixed += s.fixed_count;
      }
      cells[p.key] = s
        ? {
            state: s.submitted_on <= p.deadline ? 'on_time' : 'late',
            submittedOn: s.submitted_on,
            submissionId: s.id,
            untrue: s.untrue === 1,
          }
        : {
            state: missingSet.has(`${i.id}:${p.key}`)
              ? 'missing_registered'
              : p.deadline < on
                ? 'overdue'
                : 'pending',
            submittedOn: null,
            submissionId: null,
            untrue: false,
          };
    }
    const pledgeOn = pledgeOf.get(i.id) ?? null;
    return {
      institutionId: i.id,
      name: i.name,
      category: i.category,
      street: i.street,
      cells,
      pledgeOn,
      pledgeOverdue: pledgeOn === null && setup.pledgeDeadline < on,
      found,
      fixed,
    };
  });
  return { year, periods: periods.map((p) => ({ key: p.key, label: p.label, deadline: p.deadline })), rows };
}

/** Who is past a deadline without a submission (or without a 承诺书), as of today. */
export async function overdueList(
  db: Kysely<DB>,
  cal: Awaited<ReturnType<typeof loadWorkCalendar>>,
  year: number,
  on: IsoDate,
  /** The year's setup when the caller has read it (the 工作台 reads it once for its items and indicators). */
  known?: YearSetup,
): Promise<SelfcheckOverdue[]> {
  const setup = known ?? (await loadSetup(db, cal, year));
  if (!setup.configured) return [];
  const scope = inScope(setup, await supervisedInstitutionsUnordered(db));
  // Who submitted, per period: the ids in one text per period (a year of a large district is ~19,000 rows).
  const submitted = await db
    .selectFrom('selfcheck_submissions')
    .select(['period_key', idListAgg(db, 'institution_id').as('ids')])
    .where('year', '=', year)
    .groupBy('period_key')
    .execute();
  const done = new Map(submitted.map((x) => [x.period_key, new Set(idsOf(x.ids))]));
  const registered = new Map(
    (
      await db
        .selectFrom('selfcheck_missing')
        .select(['institution_id', 'period_key', 'credit_seq'])
        .where('year', '=', year)
        .execute()
    ).map((m) => [`${m.institution_id}:${m.period_key}`, m.credit_seq]),
  );
  const pledged = new Set(
    (
      await db.selectFrom('selfcheck_pledges').select('institution_id').where('year', '=', year).execute()
    ).map((p) => p.institution_id),
  );
  // What is owed past its deadline, earliest deadline first and by name within a deadline, made in that order
  // (the periods sorted once, the institutions sorted once): a district of thousands of institutions with a
  // quarter unanswered owes tens of thousands of items, and sorting them one by one took seconds.
  const owed = [
    ...periodsOf(setup).map((p) => ({
      key: p.key,
      label: p.label,
      deadline: p.deadline,
      members: p.campaign ? new Set(campaignScope(p.campaign, scope).map((i) => i.id)) : null,
      done: done.get(p.key) ?? new Set<number>(),
    })),
    {
      key: 'pledge',
      label: '依法执业承诺书',
      deadline: setup.pledgeDeadline,
      members: null,
      done: pledged,
    },
  ]
    .filter((p) => p.deadline < on)
    .sort((a, b) => compareText(a.deadline, b.deadline));
  // Only the institutions that owe something are put in name order (in a November a third of a district's).
  const owes = (i: (typeof scope)[number]) =>
    owed.some((p) => (!p.members || p.members.has(i.id)) && !p.done.has(i.id));
  const byName = scope.filter(owes).sort((a, b) => compareZh(a.name, b.name));
  const out: SelfcheckOverdue[] = [];
  for (let g = 0; g < owed.length;) {
    let end = g;
    while (end < owed.length && owed[end]!.deadline === owed[g]!.deadline) end++;
    const group = owed.slice(g, end);
    const deadline = owed[g]!.deadline;
    const daysLate = calendarDaysBetween(deadline, on);
    for (const i of byName)
      for (const p of group) {
        if ((p.members && !p.members.has(i.id)) || p.done.has(i.id)) continue;
        out.push({
          institutionId: i.id,
          name: i.name,
          street: i.street,
          periodKey: p.key,
          label: p.label,
          deadline,
          daysLate,
          registeredSeq: p.key === 'pledge' ? null : (registered.get(`${i.id}:${p.key}`) ?? null),
        });
      }
    g = end;
  }
  return out;
}

/** 登记未自查: staff register, from the overdue list, the self-inspections not done by their deadline; each is
 *  one ledger entry (依法执业自查结果“未按期自查”) and counts in the tier rule. */
async function registerMissing(
  v: { year: number; items: { institutionId: number; periodKey: string }[] },
  ctx: HandlerContext,
) {
  const actor = requireActor(ctx);
  const cal = await loadWorkCalendar(ctx.db);
  const setup = await requireSetup(ctx.db, cal, v.year);
  const overdue = await overdueList(ctx.db, cal, v.year, today(ctx));
  const byKey = new Map(overdue.map((o) => [`${o.institutionId}:${o.periodKey}`, o]));
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const it of v.items) {
    const k = `${it.institutionId}:${it.periodKey}`;
    const o = byKey.get(k);
    if (seen.has(k)) problems.push(`重复选择：${o?.name ?? it.institutionId} ${o?.label ?? it.periodKey}`);
    seen.add(k);
    if (it.periodKey === 'pledge' || !parsePeriodKey(it.periodKey))
      problems.push('只有自查（全面、日常、专项）可以登记未自查');
    else if (!o)
      problems.push(
        `机构 ${it.institutionId} 的“${periodLabel(it.periodKey)}”未逾期或已提交，不能登记未自查`,
      );
    else if (o.registeredSeq !== null)
      problems.push(`${o.name}“${o.label}”已登记未自查（信用台账第 ${o.registeredSeq} 条）`);
  }
  if (problems.length) throw new AppError('VALIDATION', problems.join('；'));
  const seqs: number[] = [];
  for (const it of v.items) {
    const o = byKey.get(`${it.institutionId}:${it.periodKey}`)!;
    const r = await appendCreditEntry(ctx, {
      subjectKind: 'institution',
      subjectId: o.institutionId,
      type: 'self_inspection',
      factDate: o.deadline,
      outcome: 'missing',
      behaviourId: null,
      basis: '',
      sourceKind: 'self_inspection',
      sourceId: null,
      text: `${setup.year}年${o.label}：截至期限 ${o.deadline} 未提交自查（登记未自查）。`,
      attachments: [],
    });
    await ctx.db
      .insertInto('selfcheck_missing')
      .values({
        year: v.year,
        institution_id: o.institutionId,
        period_key: o.periodKey,
        deadline: o.deadline,
        credit_seq: r.entry.seq,
        recorded_at: nowIso(ctx),
        recorded_by: actor.displayName,
      })
      .execute();
    seqs.push(r.entry.seq);
    await ctx.audit({
      entity: 'selfcheck_submission',
      entityId: null,
      summary: `登记未自查：${o.name} ${setup.year} 年${o.label}（期限 ${o.deadline}），记入信用台账第 ${r.entry.seq} 条`,
      after: { ...o, registeredSeq: r.entry.seq },
    });
  }
  return { registered: seqs.length, seqs };
}

export async function yearSummary(ctx: HandlerContext, year: number): Promise<SelfcheckSummary> {
  const cal = await loadWorkCalendar(ctx.db);
  const setup = await loadSetup(ctx.db, cal, year);
  const on = today(ctx);
  const asOf = on < `${year}-12-31` ? on : `${year}-12-31`;
  const indicators = await indicatorsAsOf(ctx.db, setup, asOf);
  const n = async (q: Promise<{ n: unknown } | undefined>) => Number((await q)?.n ?? 0);
  return {
    year,
    asOf,
    indicators,
    untrue: await n(
      ctx.db
        .selectFrom('selfcheck_submissions')
        .select((e) => e.fn.countAll().as('n'))
        .where('year', '=', year)
        .where('untrue', '=', 1)
        .executeTakeFirst(),
    ),
    supervisions: await n(
      ctx.db
        .selectFrom('selfcheck_supervisions as v')
        .innerJoin('selfcheck_submissions as s', 's.id', 'v.submission_id')
        .select((e) => e.fn.countAll().as('n'))
        .where('s.year', '=', year)
        .executeTakeFirst(),
    ),
    talks: await n(
      ctx.db
        .selectFrom('warning_talks')
        .select((e) => e.fn.countAll().as('n'))
        .where('talk_on', '>=', `${year}-01-01`)
        .where('talk_on', '<=', `${year}-12-31`)
        .executeTakeFirst(),
    ),
    missingRegistered: await n(
      ctx.db
        .selectFrom('selfcheck_missing')
        .select((e) => e.fn.countAll().as('n'))
        .where('year', '=', year)
        .executeTakeFirst(),
    ),
  };
}

export const submissionHandlers = defineHandlers({
  'selfcheck.year': async ({ year }, ctx) =>
    yearView(ctx.db, await loadWorkCalendar(ctx.db), year, await areasOf(ctx)),

  'selfcheck.saveYear': async (v, ctx) => {
    const actor = requireActor(ctx);
    const y = String(v.year);
    const problems: string[] = [];
    if (!v.fullDeadline.startsWith(y)) problems.push(`全面自查期限应在 ${v.year} 年内`);
    if (!v.pledgeDeadline.startsWith(y)) problems.push(`承诺书递交期限应在 ${v.year} 年内`);
    if (problems.length) throw new AppError('VALIDATION', problems.join('；'));
    const cal = await loadWorkCalendar(ctx.db);
    const before = await loadSetup(ctx.db, cal, v.year);
    // The year's arrangement saved from a stale copy (someone else saved it since) is refused, naming them.
    if (before.configured)
      await claimVersion(ctx, 'selfcheck_years', v.year, v.version, async () =>
        yearView(ctx.db, cal, v.year, await areasOf(ctx)),
      );
    const row = {
      categories_json: JSON.stringify(v.categories),
      streets_json: JSON.stringify(v.streets),
      full_deadline: v.fullDeadline,
      pledge_deadline: v.pledgeDeadline,
      routine_after_days: v.routineAfterDays,
      updated_at: nowIso(ctx),
      updated_by: actor.displayName,
    };
    await ctx.db
      .insertInto('selfcheck_years')
      .values({ year: v.year, ...row })
      .onConflict((oc) => oc.column('year').doUpdateSet(row))
      .execute();
    const after = await yearView(ctx.db, cal, v.year, await areasOf(ctx));
    await ctx.audit({
      entity: 'selfcheck_year',
      entityId: v.year,
      summary: `${before.configured ? '修改' : '确定'} ${v.year} 年依法执业自查安排：范围 ${after.scopeCount} 家，全面自查期限 ${v.fullDeadline}，承诺书期限 ${v.pledgeDeadline}，日常自查${after.routineRule}`,
      before: before.configured ? before : null,
      after,
    });
    return after;
  },

  'selfcheck.saveCampaign': async (v, ctx) => {
    const cal = await loadWorkCalendar(ctx.db);
    const setup = await requireSetup(ctx.db, cal, v.year);
    if (!v.deadline.startsWith(String(v.year)))
      throw new AppError('VALIDATION', `专项自查期限应在 ${v.year} 年内`);
    const at = nowIso(ctx);
    const values = {
      topic: v.topic,
      categories_json: JSON.stringify(v.categories),
      streets_json: JSON.stringify(v.streets),
      deadline: v.deadline,
      note: v.note,
      updated_at: at,
    };
    let id: number;
    const before = v.id ? setup.campaigns.find((c) => c.id === v.id) : null;
    if (v.id) {
      if (!before) throw new AppError('NOT_FOUND', `${v.year} 年没有编号为 ${v.id} 的专项自查`);
      const campaignId = v.id;
      await claimVersion(ctx, 'selfcheck_campaigns', campaignId, v.version, async () =>
        toCampaign(before, inScope(setup, await supervisedInstitutions(ctx.db))),
      );
      await ctx.db.updateTable('selfcheck_campaigns').set(values).where('id', '=', v.id).execute();
      id = v.id;
    } else
      id = (
        await ctx.db
          .insertInto('selfcheck_campaigns')
          .values({ ...values, year: v.year, created_at: at })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const again = await loadSetup(ctx.db, cal, v.year);
    const scope = inScope(again, await supervisedInstitutions(ctx.db));
    const after = toCampaign(
      again.campaigns.find((c) => c.id === id)!,
      scope,
    );
    await ctx.audit({
      entity: 'selfcheck_campaign',
      entityId: id,
      summary: `${before ? '修改' : '新增'}专项自查“${v.topic}”：${after.scopeCount} 家，期限 ${v.deadline}`,
      before: before ?? null,
      after,
    });
    return after;
  },

  'selfcheck.grid': async ({ year }, ctx) => grid(ctx, year),

  'selfcheck.submissions': async ({ year, institutionId }, ctx) => {
    const setup = await loadSetup(ctx.db, await loadWorkCalendar(ctx.db), year);
    const rows = await submissionRows(ctx.db, year);
    return rows
      .filter((r) => institutionId === undefined || r.institution_id === institutionId)
      .map((r) => toSubmission(r, setup));
  },

  'selfcheck.saveSubmission': saveSubmission,
  'selfcheck.pledge': async ({ year, institutionId }, ctx) => loadPledge(ctx.db, year, institutionId),
  'selfcheck.savePledge': savePledge,

  'selfcheck.attachment': async (v, ctx) => {
    let fileId: number | null = null;
    let name = '';
    if (v.kind === 'report' && v.submissionId) {
      const r = await ctx.db
        .selectFrom('selfcheck_submissions')
        .select(['report_file_id', 'report_file_name'])
        .where('id', '=', v.submissionId)
        .executeTakeFirst();
      fileId = r?.report_file_id ?? null;
      name = r?.report_file_name ?? '';
    } else if (v.kind === 'pledge' && v.year && v.institutionId) {
      const r = await ctx.db
        .selectFrom('selfcheck_pledges')
        .select(['file_id', 'file_name'])
        .where('year', '=', v.year)
        .where('institution_id', '=', v.institutionId)
        .executeTakeFirst();
      fileId = r?.file_id ?? null;
      name = r?.file_name ?? '';
    }
    if (!fileId) throw new AppError('NOT_FOUND', '没有该附件');
    const { bytes, file } = await readStoredFile(ctx, fileId);
    return { fileName: downloadName(name), mimeType: file.mimeType, base64: bytes.toString('base64') };
  },

  'selfcheck.overdue': async ({ year }, ctx) =>
    overdueList(ctx.db, await loadWorkCalendar(ctx.db), year, today(ctx)),

  'selfcheck.registerMissing': registerMissing,

  'selfcheck.summary': async ({ year }, ctx) => yearSummary(ctx, year),
});
