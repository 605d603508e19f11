// 检查记录 and 结果公开 through the dispatcher: validation in Chinese (a team of ≥ 2, 回避, dates, amounts), the credit
// ledger written in the same transaction with the link kept on both sides (and nothing written when anything fails),
// edits and removal neutralising entries with 更正, the draw's "previous lead" read from inspection records, the
// publication deadline at its boundaries (holidays and a 调休 working day) on an injected clock, and the masking of
// natural persons in the public table and its xlsx.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { AppError } from '../../shared/errors';
import { createWorkCalendar, type IsoDate } from '../../shared/dates';
import {
  inspectionsEndedOn,
  maskCertificateNo,
  maskPersonName,
  publicationDue,
  publicationDueNote,
  publicationRuleText,
  publicationStatus,
  PUBLICATION_DEFAULT,
  type DrawDetail,
  type InspectionCreateInput,
  ruleCitation,
} from '../../shared/contract';
import { directorySnapshot } from '../../db/enforcement/draws';
import { publicResultsDoc } from '../../shared/print/inspections';
import { officialDocHtml } from '../../shared/print/official';
import { count, newSetupApp, type TestApp } from './helpers';
import { TEST_STORE } from './test-store';
import { ENTROPY, buildDistrict, planFor, type District } from './draw-fixtures';

let app: TestApp;
afterEach(async () => app?.close());

/** "Today" for the app: draws are made on 2026-01-05, the tests then run on 2026-11-22 unless they move it. */
let now = new Date('2026-11-22T01:00:00Z');
const clock = () => new Date(now);
const setToday = (iso: string) => (now = new Date(iso));
async function newInspectionApp(withFiles = false): Promise<TestApp> {
  setToday('2026-11-22T01:00:00Z');
  const a = await newSetupApp({
    clock,
    ...(withFiles ? { dataDir: mkdtempSync(join(tmpdir(), 'zj-insp-')) } : {}),
  });
  await a.call('settings.update', { idleLockMinutes: 0 }); // the clock jumps months: no idle lock
  return a;
}

/** 审核: a leader (never the author, the admin who recorded them) passes every pending result of a batch. */
async function passAll(planId: number, batchNumber = 1): Promise<void> {
  const users = await app.call('users.list', {});
  if (!users.some((u) => u.username === 'shenhe')) {
    await app.call('users.create', {
      username: 'shenhe',
      displayName: '审核人',
      role: 'leader',
      password: 'Demo@2026x',
    });
    await app.call('auth.login', { username: 'shenhe', password: 'Demo@2026x' }, 'reviewer');
  }
  for (const x of await app.call('inspections.list', { planId, batchNumber }))
    if (x.approvalStatus === 'pending')
      await app.call('inspections.approve', { id: x.id, decision: 'pass', reason: '' }, 'reviewer');
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}
const messages = (e: AppError) =>
  ((e.details as { issues?: { path: string; message: string }[] }).issues ?? []).map((i) => i.message);

/** A district of `n` D-tier institutions (all drawn), a joint plan over two departments, batch 1 drawn on
 *  2026-01-05; then today is `after`. */
async function drawnDistrict(
  n = 4,
  opts: { batch1?: { startDate: string; endDate: string }; after?: string } = {},
): Promise<{ district: District; planId: number; draw: DrawDetail }> {
  const after = now.toISOString();
  setToday('2026-01-05T01:00:00Z');
  const district = await buildDistrict(app.call, app.db, {
    institutions: n,
    tier: () => 'D',
    inspectors: [3, 3],
  });
  const plan = await app.call(
    'inspectionPlans.create',
    planFor(district, {
      batches: [
        { number: 1, name: '上半年', startDate: '2026-03-01', endDate: '2026-06-30', ...opts.batch1 },
        { number: 2, name: '下半年', startDate: '2026-09-01', endDate: '2026-12-15' },
      ],
    }),
  );
  // Sealed on 2026-01-03, drawn on the 5th with that day's lottery.
  setToday('2026-01-03T01:00:00Z');
  await app.call('draws.seal', { planId: plan.id, batchNumber: 1 });
  setToday('2026-01-05T01:00:00Z');
  const draw = await app.call('draws.run', {
    planId: plan.id,
    batchNumber: 1,
    entropy: { ...ENTROPY, date: '2026-01-05' },
    witnesses: ['王见证'],
  });
  setToday(opts.after ?? after);
  return { district, planId: plan.id, draw };
}

/** The inspection of drawn target `position` with the drawn team. */
function fromDraw(
  draw: DrawDetail,
  position: number,
  over: Partial<InspectionCreateInput> = {},
): InspectionCreateInput {
  const t = draw.record.result.targets[position]!;
  return {
    drawId: draw.id,
    drawPosition: position,
    institutionId: t.institutionId,
    inspectedOn: '2026-05-10',
    leadInspectorId: t.team[0]!.inspectorId,
    memberIds: t.team.slice(1).map((m) => m.inspectorId),
    items: draw.record.inputs.plan.items,
    outcome: 'qualified',
    ...over,
  };
}

describe('检查记录: validation', () => {
  it('refuses a team under two, 回避, bad deadlines and missing amounts, in Chinese, writing nothing', async () => {
    app = await newInspectionApp(true);
    const district = await buildDistrict(app.call, app.db, {
      institutions: 3,
      inspectors: [2, 2],
      conflicts: { 1: [0] }, // the second inspector declared a conflict with the first institution
    });
    const [inst] = district.institutionIds;
    const [a, b, c] = district.inspectorIds;
    const base: InspectionCreateInput = {
      institutionId: inst!,
      inspectedOn: '2026-11-20',
      leadInspectorId: a!,
      memberIds: [c!],
      items: ['医疗机构执业资质'],
      outcome: 'qualified',
    };
    const ledger = await count(app.db, 'credit_ledger');
    const audits = await count(app.db, 'audit_log');

    const alone = await failure(app.call('inspections.create', { ...base, memberIds: [] }));
    expect(alone.code).toBe('VALIDATION');
    expect(messages(alone)).toEqual(['检查组至少需要 2 名执法人员（行政处罚法第四十二条）']);

    const recused = await failure(app.call('inspections.create', { ...base, memberIds: [b!] }));
    expect(messages(recused)).toEqual([
      '执法人员“检查员002”已申报回避“越城测试第1诊所”（近亲属在该机构任职），不能参加对该机构的检查',
    ]);

    const due = await failure(
      app.call('inspections.create', { ...base, outcome: 'rectify', rectifyDue: '2026-11-20' }),
    );
    expect(messages(due)).toEqual(['整改期限应晚于检查日期（2026-11-20）']);
    const noDue = await failure(app.call('inspections.create', { ...base, outcome: 'rectify' }));
    expect(messages(noDue)).toEqual(['责令改正并跟踪须填写整改期限']);

    const fine = await failure(
      app.call('inspections.create', { ...base, outcome: 'case', penalties: ['warning', 'fine'] }),
    );
    expect(messages(fine)).toEqual(['请填写罚款金额（元）']);
    const cents = await failure(
      app.call('inspections.create', { ...base, outcome: 'case', penalties: ['fine'], fineYuan: 100.005 }),
    );
    expect(messages(cents)).toEqual(['罚款金额最多保留两位小数（分）']);
    const qualifiedPenalty = await failure(
      app.call('inspections.create', { ...base, penalties: ['warning'] }),
    );
    expect(messages(qualifiedPenalty)).toEqual(['检查结果为“合格”时不能有行政处罚']);
    const transfer = await failure(app.call('inspections.create', { ...base, outcome: 'transfer' }));
    expect(messages(transfer)).toEqual(['请填写移送单位']);
    const future = await failure(app.call('inspections.create', { ...base, inspectedOn: '2026-11-23' }));
    expect(messages(future)).toEqual(['检查日期不能晚于今天（2026-11-22）']);

    expect(await count(app.db, 'inspections')).toBe(0);
    expect(await count(app.db, 'credit_ledger')).toBe(ledger);
    expect(await count(app.db, 'audit_log')).toBe(audits);

    // A case number is free text, unique among live records.
    const first = await app.call('inspections.create', {
      ...base,
      outcome: 'case',
      caseNo: '越卫立〔2026〕8号',
      penalties: ['fine'],
      fineYuan: 5000,
    });
    expect(first.penaltyText).toBe('罚款 5,000.00 元');
    const dup = await failure(
      app.call('inspections.create', {
        ...base,
        institutionId: district.institutionIds[1]!,
        memberIds: [b!],
        outcome: 'case',
        caseNo: '越卫立〔2026〕8号',
      }),
    );
    expect(dup.code).toBe('CONFLICT');
    expect(dup.message).toBe(
      `立案号 越卫立〔2026〕8号 已用于检查记录第 ${first.id} 号（越城测试第1诊所，2026-11-20）`,
    );
  });

  it('keeps a drawn target to its draw: one record per target, the drawn team or a reason, a joint team', async () => {
    app = await newInspectionApp();
    const { district, draw } = await drawnDistrict(3);
    const x = await app.call('inspections.create', fromDraw(draw, 0));
    expect(x).toMatchObject({
      source: 'draw',
      planYear: 2026,
      batchNumber: 1,
      batchName: '上半年',
      drawPosition: 0,
    });
    expect(x.items).toEqual(['医疗机构执业资质', '医务人员执业资格', '医疗废物处置']);
    const again = await failure(app.call('inspections.create', fromDraw(draw, 0)));
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toBe(`该抽取对象已录入检查结果（检查记录第 ${x.id} 号）`);

    const t = draw.record.result.targets[1]!;
    const sameDept = district.inspectorIds.filter(
      (id) =>
        id !== t.team[0]!.inspectorId &&
        draw.record.directory.inspectors.find((r) => r.row.id === id)!.row.departmentId ===
          draw.record.directory.inspectors.find((r) => r.row.id === t.team[0]!.inspectorId)!.row.departmentId,
    );
    const changed = await failure(
      app.call('inspections.create', fromDraw(draw, 1, { memberIds: [sameDept[0]!] })),
    );
    expect(messages(changed)).toContain('联合抽查的检查组须来自至少两个单位');
    expect(
      messages(changed).some((m) => m.startsWith('检查组与抽取结果（') && m.endsWith('不同，请填写调整说明')),
    ).toBe(true);
    const wrongInstitution = await failure(
      app.call(
        'inspections.create',
        fromDraw(draw, 1, { institutionId: draw.record.result.targets[2]!.institutionId }),
      ),
    );
    expect(messages(wrongInstitution)).toContain('监管对象与抽取结果不符');
    const early = await failure(
      app.call('inspections.create', fromDraw(draw, 1, { inspectedOn: '2026-01-01' })),
    );
    expect(messages(early)).toEqual(['检查日期不能早于抽取所用公开随机数的开奖日期（2026-01-05）']);
  });
});

describe('检查记录 and the credit ledger', () => {
  // SQLite only: it simulates a failing write with a SQLite trigger (a data-file tamper or file-level step; the office server's own triggers are checked in
  // tests/unit/multi-seat.test.ts and the dialect test).
  it.skipIf(TEST_STORE === 'postgres')(
    'writes the result and the penalty to the ledger in the same transaction, linked both ways',
    async () => {
      app = await newInspectionApp(true);
      const { draw } = await drawnDistrict(3);
      const head = (await app.call('credit.chainHead', {})).seq;
      const x = await app.call(
        'inspections.create',
        fromDraw(draw, 0, {
          outcome: 'rectify',
          rectifyDue: '2026-06-10',
          findings: '医疗废物暂存点未上锁。',
          penalties: ['warning', 'fine'],
          fineYuan: 3000.5,
          caseNo: '越卫立〔2026〕21号',
          attachments: [{ fileName: '现场笔录.txt', base64: Buffer.from('现场检查笔录').toString('base64') }],
        }),
      );
      expect(x.credit).toEqual([
        { seq: head + 1, kind: 'result' },
        { seq: head + 2, kind: 'penalty' },
      ]);
      expect(x.penaltyText).toBe('警告；罚款 3,000.50 元');
      expect(x.fineFen).toBe(300050);
      expect(x.attachments.map((a) => a.name)).toEqual(['现场笔录.txt']);
      const file = await app.call('inspections.attachment', { id: x.id, index: 0 });
      expect(Buffer.from(file.base64, 'base64').toString()).toBe('现场检查笔录');

      const profile = await app.call('credit.profile', { kind: 'institution', id: x.institutionId });
      const [penalty, result] = profile.entries;
      expect(result).toMatchObject({
        seq: head + 1,
        type: 'inspection',
        outcome: 'rectify',
        factDate: '2026-05-10',
        sourceKind: 'inspection',
        sourceId: x.id,
      });
      expect(result!.text).toContain('第1批双随机抽查（检查记录第');
      expect(result!.text).toContain('责令限期整改（整改期限 2026-06-10）');
      expect(penalty).toMatchObject({
        seq: head + 2,
        type: 'penalty',
        outcome: 'general',
        basis: '越卫立〔2026〕21号',
        sourceKind: 'inspection',
        sourceId: x.id,
      });
      expect(profile.tier.summary).toContain('监督检查结果“责令整改”');

      // The same transaction: when the ledger refuses, no inspection, team or audit row remains.
      const before = {
        inspections: await count(app.db, 'inspections'),
        team: await count(app.db, 'inspection_team'),
        ledger: await count(app.db, 'credit_ledger'),
        audit: await count(app.db, 'audit_log'),
      };
      await sql`create trigger fail_ledger before insert on credit_ledger begin select raise(abort, '模拟台账写入失败'); end`.execute(
        app.db,
      );
      await expect(app.call('inspections.create', fromDraw(draw, 1))).rejects.toThrow();
      await sql`drop trigger fail_ledger`.execute(app.db);
      expect({
        inspections: await count(app.db, 'inspections'),
        team: await count(app.db, 'inspection_team'),
        ledger: await count(app.db, 'credit_ledger'),
        audit: await count(app.db, 'audit_log'),
      }).toEqual(before);
    },
  );

  it('复查, edits and removal: new facts appended, changed ones neutralised with 更正, the chain intact', async () => {
    app = await newInspectionApp();
    const { draw } = await drawnDistrict(3);
    const x = await app.call(
      'inspections.create',
      fromDraw(draw, 0, { outcome: 'rectify', rectifyDue: '2026-06-10' }),
    );
    expect(x.rectifyOverdue).toBe(true); // 2026-06-10 passed without a 复查
    const overdue = await app.call('inspections.list', { rectify: 'overdue' });
    expect(overdue.map((r) => r.id)).toEqual([x.id]);

    const notRectify = await app.call('inspections.create', fromDraw(draw, 1));
    expect(
      (
        await failure(
          app.call('inspections.review', { id: notRectify.id, reviewOn: '2026-06-01', result: 'rectified' }),
        )
      ).message,
    ).toBe(`检查记录第 ${notRectify.id} 号的后续处置措施为“无需后续处置”，只有“责令改正并跟踪”需要复查`);
    const escalateWrong = await failure(
      app.call('inspections.review', {
        id: x.id,
        reviewOn: '2026-06-11',
        result: 'rectified',
        escalate: true,
      }),
    );
    expect(messages(escalateWrong)).toEqual(['只有复查“未整改”时才转为立案查处']);

    const reviewed = await app.call('inspections.review', {
      id: x.id,
      reviewOn: '2026-06-11',
      result: 'unrectified',
      note: '仍未上锁',
      escalate: true,
      caseNo: '越卫立〔2026〕30号',
    });
    expect(reviewed.review).toEqual({
      on: '2026-06-11',
      result: 'unrectified',
      note: '仍未上锁',
      escalated: true,
    });
    expect(reviewed.caseNo).toBe('越卫立〔2026〕30号');
    expect(reviewed.rectifyOverdue).toBe(false);
    const reviewSeq = reviewed.credit.find((c) => c.kind === 'review')!.seq;
    let profile = await app.call('credit.profile', { kind: 'institution', id: x.institutionId });
    expect(profile.entries.find((e) => e.seq === reviewSeq)).toMatchObject({
      type: 'inspection',
      outcome: 'unqualified',
      factDate: '2026-06-11',
      sourceId: x.id,
    });

    // Changing the findings only leaves the ledger alone; changing the penalty re-records it.
    const resultSeq = reviewed.credit.find((c) => c.kind === 'result')!.seq;
    const edit = {
      ...fromDraw(draw, 0, {
        outcome: 'rectify',
        rectifyDue: '2026-06-10',
        findings: '补充：消毒记录不全',
        caseNo: '越卫立〔2026〕30号',
      }),
      id: x.id,
    };
    const quiet = await app.call('inspections.update', edit);
    expect(quiet.credit).toEqual(reviewed.credit);
    const fined = await app.call('inspections.update', { ...edit, penalties: ['fine'], fineYuan: 2000 });
    expect(fined.credit.find((c) => c.kind === 'result')!.seq).toBe(resultSeq);
    const penaltySeq = fined.credit.find((c) => c.kind === 'penalty')!.seq;
    const toCase = await failure(
      app.call('inspections.update', { ...edit, outcome: 'case', rectifyDue: null }),
    );
    expect(messages(toCase)).toEqual(['已于 2026-06-11 登记复查，检查结果只能是“责令整改”']);

    // Removal: every entry of the record neutralised by a 更正, the row kept with its reason.
    await app.call('inspections.remove', { id: x.id, reason: '录入对象错误' });
    profile = await app.call('credit.profile', { kind: 'institution', id: x.institutionId });
    for (const seq of [resultSeq, penaltySeq, reviewSeq])
      expect(profile.entries.find((e) => e.seq === seq)!.correctedBy).not.toBeNull();
    expect(
      profile.entries.filter((e) => e.type === 'correction').every((e) => e.text.includes('录入对象错误')),
    ).toBe(true);
    expect((await app.call('inspections.list', {})).map((r) => r.id)).toEqual([notRectify.id]);
    expect((await failure(app.call('inspections.get', { id: x.id }))).code).toBe('NOT_FOUND');
    // Its target may be recorded again, and its case number reused.
    await app.call(
      'inspections.create',
      fromDraw(draw, 0, { outcome: 'case', caseNo: '越卫立〔2026〕30号' }),
    );
    expect((await app.call('credit.verify', {})).ok).toBe(true);
  });

  it('keeps a published batch as published until the publication is withdrawn', async () => {
    app = await newInspectionApp();
    const { planId, draw } = await drawnDistrict(2);
    const a = await app.call('inspections.create', fromDraw(draw, 0));
    await app.call('inspections.create', fromDraw(draw, 1, { inspectedOn: '2026-05-12' }));
    await passAll(planId);
    await app.call('inspectionPublications.mark', {
      planId,
      batchNumber: 1,
      publishedOn: '2026-06-05',
      channel: '区政府网站',
    });
    const locked = await failure(
      app.call('inspections.update', { ...fromDraw(draw, 0), id: a.id, findings: '改' }),
    );
    expect(locked.message).toContain('的检查结果已于 2026-06-05 公开，检查记录不能修改');
    expect((await failure(app.call('inspections.remove', { id: a.id, reason: '误录' }))).message).toContain(
      '检查记录不能删除',
    );
    await app.call('inspectionPublications.unmark', { planId, batchNumber: 1, reason: '公开内容需更正' });
    await app.call('inspections.update', { ...fromDraw(draw, 0), id: a.id, findings: '改' });
  });
});

describe("the draw's previous lead", () => {
  it('is the lead of the latest inspection record, by inspection date, else of the latest draw', async () => {
    app = await newInspectionApp();
    const { district, draw } = await drawnDistrict(4);
    const plan = (await app.call('inspectionPlans.list', {}))[0]!;
    const targets = draw.record.result.targets;
    const drawnLead = new Map(targets.map((t) => [t.institutionId, t.team[0]!.inspectorId]));
    // Target 0: inspected by a different lead (the team changed, with its reason).
    const t0 = targets[0]!;
    const others = t0.team.slice(1).map((m) => m.inspectorId);
    await app.call('inspections.create', {
      ...fromDraw(draw, 0),
      leadInspectorId: others[0]!,
      memberIds: [t0.team[0]!.inspectorId],
      teamNote: '原组长出差，组员互换',
    });
    // Target 1: an ad-hoc inspection dated later, then an earlier one entered afterwards: the later date wins.
    const t1 = targets[1]!;
    const free = district.inspectorIds.filter((id) => !t1.team.some((m) => m.inspectorId === id));
    await app.call('inspections.create', {
      institutionId: t1.institutionId,
      inspectedOn: '2026-08-01',
      leadInspectorId: free[0]!,
      memberIds: [free[1]!],
      items: ['传染病防治'],
      outcome: 'qualified',
    });
    await app.call('inspections.create', { ...fromDraw(draw, 1), inspectedOn: '2026-05-01' });

    const snapshot = await directorySnapshot(app.db, plan);
    const previous = new Map(snapshot.institutions.map((i) => [i.id, i.previousLead]));
    expect(previous.get(t0.institutionId)).toBe(others[0]);
    expect(previous.get(t1.institutionId)).toBe(free[0]);
    for (const t of targets.slice(2))
      expect(previous.get(t.institutionId)).toBe(drawnLead.get(t.institutionId));

    // The next draw honours it: nobody leads the institution they led last time (sealed before ENTROPY's lottery).
    const today = now;
    setToday('2026-11-18T01:00:00Z');
    await app.call('draws.seal', { planId: plan.id, batchNumber: 2 });
    now = today;
    const second = await app.call('draws.run', {
      planId: plan.id,
      batchNumber: 2,
      entropy: { ...ENTROPY, digits: '0512192230311' },
      witnesses: ['王见证'],
    });
    for (const row of second.record.directory.institutions)
      expect(row.row.previousLead).toBe(previous.get(row.row.id));
    for (const t of second.record.result.targets)
      expect(t.team[0]!.inspectorId).not.toBe(previous.get(t.institutionId));
  });
});

describe('一公开: the publication deadline', () => {
  const cal = createWorkCalendar();
  const rule = PUBLICATION_DEFAULT;

  it('counts 20 working days on the holiday table: 中秋 and 国庆 skipped, the 调休 Sunday and Saturday counted', () => {
    // 2026-09-18 (Fri) + 20 working days: 09-20 (调休 Sunday) 1, 09-21…24 5, [09-25 中秋], 09-28…30 8,
    // [10-01…07 国庆], 10-08 9, 10-09 10, 10-10 (调休 Saturday) 11, 10-12…16 16, 10-19…22 20.
    expect(publicationDue(cal, '2026-09-18', rule)).toBe('2026-10-22');
    // Mon–Fri alone would say 10-16.
    expect(
      publicationDue(
        createWorkCalendar([
          { date: '2026-09-20', kind: 'holiday', name: '' },
          { date: '2026-09-25', kind: 'workday', name: '' },
          ...['01', '02', '05', '06', '07'].map((d) => ({
            date: `2026-10-${d}`,
            kind: 'workday' as const,
            name: '',
          })),
          { date: '2026-10-10', kind: 'holiday', name: '' },
        ]),
        '2026-09-18',
        rule,
      ),
    ).toBe('2026-10-16');
    expect(publicationRuleText(rule, ruleCitation({ province: null }, 'publication'))).toBe(
      '检查结束后 20 个工作日内公开（依据冀政办发〔2015〕22号）',
    );
    expect(
      publicationRuleText({ days: 15, unit: 'calendar' }, ruleCitation({ province: null }, 'publication')),
    ).toBe('检查结束后 15 日内公开（本单位设置；冀政办发〔2015〕22号规定为 20 个工作日）');
  });

  it('is 未到期, 即将到期 (5 working days), 已逾期 the day after, and 已公开', () => {
    const due = '2026-10-22';
    const at = (today: IsoDate, publishedOn: IsoDate | null = null) =>
      publicationStatus(cal, { dueOn: due, publishedOn }, today);
    expect(at('2026-10-14')).toBe('not_due'); // 6 working days left
    expect(at('2026-10-15')).toBe('due_soon'); // 5 left
    expect(publicationDueNote(cal, due, '2026-10-15')).toBe('剩 5 个工作日');
    expect(at(due)).toBe('due_soon');
    expect(publicationDueNote(cal, due, due)).toBe('今日到期');
    expect(at('2026-10-23')).toBe('overdue');
    expect(publicationDueNote(cal, due, '2026-10-25')).toBe('逾期 3 日');
    expect(at('2026-10-25', '2026-10-24')).toBe('published');
    expect(publicationStatus(cal, { dueOn: null, publishedOn: null }, '2026-10-25')).toBe('not_due');
  });

  it('starts when the last target is inspected, or when the planned period is over', () => {
    const p = { targets: 3, recorded: 3, lastInspectedOn: '2026-09-18', endDate: '2026-09-30' };
    expect(inspectionsEndedOn(p, '2026-09-19')).toBe('2026-09-18');
    expect(inspectionsEndedOn({ ...p, recorded: 2 }, '2026-09-30')).toBeNull();
    expect(inspectionsEndedOn({ ...p, recorded: 2 }, '2026-10-01')).toBe('2026-09-30');
    expect(inspectionsEndedOn({ ...p, recorded: 2, lastInspectedOn: '2026-10-09' }, '2026-10-12')).toBe(
      '2026-10-09',
    );
  });

  it('moves through its states with the clock, and keeps the deadline and rule it was published against', async () => {
    app = await newInspectionApp();
    const { planId, draw } = await drawnDistrict(2, {
      batch1: { startDate: '2026-09-01', endDate: '2026-09-30' },
      after: '2026-09-01T01:00:00Z',
    });
    const list = async () => (await app.call('inspectionPublications.list', { year: 2026 }))[0]!;
    expect(await list()).toMatchObject({
      status: 'not_due',
      endedOn: null,
      dueOn: null,
      progressText: '检查中：已录入 0/2 家',
    });
    setToday('2026-09-18T08:00:00Z');
    await app.call('inspections.create', fromDraw(draw, 0, { inspectedOn: '2026-09-16' }));
    await app.call('inspections.create', fromDraw(draw, 1, { inspectedOn: '2026-09-18' }));
    expect(await list()).toMatchObject({
      endedOn: '2026-09-18',
      dueOn: '2026-10-22',
      ruleText: '检查结束后 20 个工作日内公开（依据冀政办发〔2015〕22号）',
      status: 'not_due',
      progressText: '2 家全部检查完毕',
    });
    setToday('2026-10-15T02:00:00Z');
    expect(await list()).toMatchObject({ status: 'due_soon', dueNote: '剩 5 个工作日' });
    setToday('2026-10-23T02:00:00Z');
    expect(await list()).toMatchObject({ status: 'overdue', dueNote: '逾期 1 日' });
    // The office changes its rule: unpublished batches follow it, a published one keeps its own.
    await app.call('settings.update', { inspectionPublicationDays: 30 });
    expect((await list()).dueOn).toBe('2026-11-05'); // 10 more working days
    await passAll(planId);
    await app.call('inspectionPublications.mark', {
      planId,
      batchNumber: 1,
      publishedOn: '2026-10-23',
      channel: '区政府网站',
    });
    await app.call('settings.update', { inspectionPublicationDays: 20 });
    setToday('2026-11-30T02:00:00Z');
    expect(await list()).toMatchObject({
      status: 'published',
      dueOn: '2026-11-05',
      publication: { publishedOn: '2026-10-23', channel: '区政府网站', daysLate: 0 },
    });
    const late = await failure(
      app.call('inspectionPublications.mark', {
        planId,
        batchNumber: 1,
        publishedOn: '2026-09-17',
        channel: '区政府网站',
      }),
    );
    expect(messages(late)).toEqual(['公开日期不能早于该批次最后一次检查的日期（2026-09-18）']);
  });
});

describe('一公开: masking', () => {
  it('masks natural persons and leaves inspectors out of the public table, the xlsx and the print', async () => {
    expect(maskPersonName('张三丰')).toBe('张**');
    expect(maskPersonName('李四')).toBe('李*');
    expect(maskPersonName('欧阳娜娜')).toBe('欧***');
    expect(maskCertificateNo('110330600012345')).toBe('1103*********45');
    expect(maskCertificateNo('A12345')).toBe('******');

    app = await newInspectionApp();
    const { planId, draw } = await drawnDistrict(2);
    const t = draw.record.result.targets[0]!;
    const doctor = await app.call('practitioners.create', {
      name: '张三丰',
      category: 'physician',
      certificateNo: '110330600012345',
      institutionId: t.institutionId,
    });
    await app.call(
      'inspections.create',
      fromDraw(draw, 0, {
        outcome: 'case',
        findings: '医师张三丰超范围执业。',
        penalties: ['warning', 'fine', 'confiscation'],
        fineYuan: 10000,
        confiscationYuan: 1200,
        caseNo: '越卫立〔2026〕40号',
        practitionerIds: [doctor.id],
      }),
    );
    // Not yet reviewed: listed for the staff, kept out of the public table.
    const pending = await app.call('inspectionPublications.table', { planId, batchNumber: 1 });
    expect(pending.rows).toHaveLength(0);
    expect(pending.unreviewed).toEqual([expect.stringContaining('待审核')]);
    await passAll(planId);
    const table = await app.call('inspectionPublications.table', { planId, batchNumber: 1 });
    expect(table.rows).toHaveLength(1);
    expect(table.unrecorded).toEqual([draw.record.result.targets[1]!.name]);
    expect(table.rows[0]).toMatchObject({
      no: 1,
      institutionName: t.name,
      uscc: t.uscc,
      outcome: '发现问题待后续处理',
      handling:
        '后续处置措施：移送办案机构；立案号 越卫立〔2026〕40号；行政处罚：警告；罚款 10,000.00 元；没收违法所得 1,200.00 元',
      persons: '张**（医师，证书编号 1103*********45）',
    });
    const inspectorNames = draw.record.directory.inspectors.map((r) => r.row.name);
    const everything = JSON.stringify(table.rows);
    for (const name of [...inspectorNames, '张三丰', '110330600012345'])
      expect(everything).not.toContain(name);

    const file = await app.call('inspectionPublications.exportXlsx', { planId, batchNumber: 1 });
    expect(file.fileName).toBe('2026年度医疗机构双随机抽查计划第1批抽查结果公示表.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const cells: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
    expect(ws.getRow(1).values).toEqual([
      undefined,
      '序号',
      '机构名称',
      '统一社会信用代码',
      '抽查事项',
      '检查日期',
      '检查结果',
      '后续处置及处理情况',
      '涉及人员',
      '检查机关',
    ]);
    expect(ws.getRow(2).getCell(2).value).toBe(t.name);
    expect(ws.getRow(2).getCell(3).value).toBe(t.uscc);
    for (const name of [...inspectorNames, '张三丰']) expect(cells.join('|')).not.toContain(name);

    const html = officialDocHtml(publicResultsDoc(table, '2026-11-22')).replace(/<wbr>/g, ''); // cells wrap between words
    expect(html).toContain('张**');
    expect(html).toContain(t.uscc);
    for (const name of [...inspectorNames, '张三丰']) expect(html).not.toContain(name);
  });
});
