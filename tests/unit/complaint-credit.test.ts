// 12345 complaints → 信用台账: a complaint closed as 查实 about an institution on the directory appends one 投诉查实
// entry (source: the complaint) in the same transaction, and keeps its seq; the ledger being append-only, every
// later change of mind is a 更正 — closed again as 未查实, the institution changed or removed, the complaint deleted —
// and modifying or reopening a recorded complaint never records it twice. The chain verifies at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Department } from '../../shared/contract';
import { newSetupApp, type TestApp } from './helpers';

let app: TestApp | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await app?.close();
  app = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function office() {
  const dir = mkdtempSync(join(tmpdir(), 'zj-cc-'));
  dirs.push(dir);
  app = await newSetupApp({ now: '2026-11-22T04:00:00Z', dataDir: dir });
  const departments = await app.call('departments.list', { includeInactive: true });
  const dept = (n: string): Department => departments.find((d) => d.shortName === n)!;
  const clinic = await app.call('institutions.create', {
    name: '越城区美莱医疗美容诊所',
    uscc: '12330602MB0000011E',
    category: 'aesthetic',
    ownership: 'private',
  });
  const other = await app.call('institutions.create', {
    name: '绍兴仁和诊所',
    uscc: '91330602MA0000012A',
    category: 'clinic',
    ownership: 'private',
  });
  return { app, dept, clinic, other };
}

const ledger = async (a: TestApp) => a.db.selectFrom('credit_ledger').selectAll().orderBy('seq').execute();

describe('查实 complaints flow into the credit ledger', () => {
  it('once per decision; reversals are 更正 entries; the ledger stays append-only and verifies', async () => {
    const { app, dept, clinic, other } = await office();
    const c = await app.call('complaints.create', {
      ticketNo: 'SX202611100001',
      receivedOn: '2026-11-10',
      content: '注射美容后红肿，怀疑操作人员无资质',
      category: 'aesthetic',
      institutionId: clinic.id,
      departmentId: dept('区卫生健康局').id,
    });
    expect(c).toMatchObject({ creditSeq: null, creditCorrectionSeq: null });
    const close = (substantiated: boolean, handledOn = '2026-11-20', result = '经查属实，已立案查处。') =>
      app.call('complaints.closeHandling', { id: c.id, handledOn, handlingResult: result, substantiated });

    // A refused close writes nothing to the ledger either (one transaction).
    await expect(close(true, '2026-11-09')).rejects.toThrow('办结日期不能早于受理日期');
    expect(await ledger(app)).toEqual([]);

    const closed = await close(true);
    expect(closed).toMatchObject({ substantiated: true, creditSeq: 1, creditCorrectionSeq: null });
    let rows = await ledger(app);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      seq: 1,
      subject_kind: 'institution',
      subject_id: clinic.id,
      subject_name: '越城区美莱医疗美容诊所',
      type: 'complaint',
      fact_date: '2026-11-20',
      basis: '12345 工单 SX202611100001',
      source_kind: 'complaint',
      source_id: c.id,
      amends_seq: null,
      recorder_name: '测试管理员（admin）',
    });
    expect(rows[0]!.text).toContain('注射美容后红肿');
    expect(rows[0]!.text).toContain('办理结果（2026-11-20 办结，查实）：经查属实，已立案查处。');
    let profile = await app.call('credit.profile', { kind: 'institution', id: clinic.id });
    expect(profile.entries[0]).toMatchObject({
      seq: 1,
      type: 'complaint',
      sourceKind: 'complaint',
      sourceId: c.id,
    });
    expect(profile.tier.summary).toContain('投诉查实');
    const summary = await app.db
      .selectFrom('audit_log')
      .select('summary')
      .where('action', '=', 'complaints.closeHandling')
      .where('entity', '=', 'complaint')
      .executeTakeFirstOrThrow();
    expect(summary.summary).toContain('；已记入信用台账第 1 条');

    // Modified handling (still 查实), feedback, reopen and 查实 again: nothing more is recorded.
    await close(true, '2026-11-21', '经查属实，已立案查处（补充处罚决定书文号）。');
    await app.call('complaints.recordFeedback', { id: c.id, feedbackOn: '2026-11-22' });
    const reopened = await app.call('complaints.reopen', { id: c.id, reason: '来电人不满意，重新核查' });
    expect(reopened).toMatchObject({ substantiated: null, creditSeq: 1, creditCorrectionSeq: null });
    await close(true, '2026-11-22');
    expect(await ledger(app)).toHaveLength(1);

    // Reopened and closed as 未查实: a 更正 neutralises entry 1; the tier's deduction goes with it.
    await app.call('complaints.reopen', { id: c.id, reason: '复核' });
    const reversed = await close(false, '2026-11-22', '复核后认定收费项目已事先告知，投诉不属实。');
    expect(reversed).toMatchObject({ substantiated: false, creditSeq: 1, creditCorrectionSeq: 2 });
    rows = await ledger(app);
    expect(rows[1]).toMatchObject({
      seq: 2,
      type: 'correction',
      amends_seq: 1,
      subject_id: clinic.id,
      basis: '12345 工单 SX202611100001',
    });
    expect(rows[1]!.text).toContain('认定投诉未查实');
    profile = await app.call('credit.profile', { kind: 'institution', id: clinic.id });
    expect(profile.entries.find((e) => e.seq === 1)!.correctedBy).toBe(2);
    expect(profile.tier.summary).not.toContain('投诉查实');
    // Closing it as 未查实 again changes nothing.
    await close(false, '2026-11-22', '维持未查实。');
    expect(await ledger(app)).toHaveLength(2);

    // 查实 after all: recorded anew (entry 3), the correction no longer the complaint's current state.
    const again = await close(true, '2026-11-22', '再次复核属实。');
    expect(again).toMatchObject({ creditSeq: 3, creditCorrectionSeq: null });

    // The institution was the wrong one: entry 3 is corrected, the complaint recorded against the right one.
    const moved = await app.call('complaints.update', {
      id: c.id,
      ticketNo: c.ticketNo,
      receivedOn: c.receivedOn,
      content: c.content,
      category: c.category,
      institutionId: other.id,
      departmentId: c.departmentId,
    });
    expect(moved).toMatchObject({ institutionName: '绍兴仁和诊所', creditSeq: 5, creditCorrectionSeq: null });
    rows = await ledger(app);
    expect(rows.slice(3).map((r) => [r.seq, r.type, r.subject_id, r.amends_seq])).toEqual([
      [4, 'correction', clinic.id, 3],
      [5, 'complaint', other.id, null],
    ]);
    // Editing the text only does not touch the ledger.
    await app.call('complaints.update', {
      id: c.id,
      ticketNo: c.ticketNo,
      receivedOn: c.receivedOn,
      content: `${c.content}（补充：已就医）`,
      category: c.category,
      institutionId: other.id,
      departmentId: c.departmentId,
    });
    expect(await ledger(app)).toHaveLength(5);

    // Deleted as a mistaken registration: its 查实 no longer stands.
    await app.call('complaints.remove', { id: c.id, reason: '工单号录错，重新登记' });
    rows = await ledger(app);
    expect(rows[5]).toMatchObject({ seq: 6, type: 'correction', amends_seq: 5, subject_id: other.id });
    expect(rows[5]!.text).toContain('已删除（工单号录错，重新登记）');

    // Append-only throughout, and the chain verifies.
    expect(await app.call('credit.verify', {})).toMatchObject({ ok: true, checked: 6 });
  });

  it('a complaint without an institution records nothing; naming one later while 查实 records it', async () => {
    const { app, dept, clinic } = await office();
    const base = {
      ticketNo: 'SX202611150009',
      receivedOn: '2026-11-15',
      content: '某诊所收费不透明',
      category: 'charges' as const,
      departmentId: dept('区市场监管局').id,
    };
    const c = await app.call('complaints.create', base);
    const closed = await app.call('complaints.closeHandling', {
      id: c.id,
      handledOn: '2026-11-18',
      handlingResult: '经查属实，责令公示收费项目。',
      substantiated: true,
    });
    expect(closed.creditSeq).toBeNull();
    expect(await ledger(app)).toEqual([]);
    // The institution named afterwards: the standing 查实 is recorded against it, dated when handling ended.
    const named = await app.call('complaints.update', { ...base, id: c.id, institutionId: clinic.id });
    expect(named.creditSeq).toBe(1);
    expect((await ledger(app))[0]).toMatchObject({
      type: 'complaint',
      subject_id: clinic.id,
      fact_date: '2026-11-18',
    });
    // Not 查实: naming an institution records nothing.
    const d = await app.call('complaints.create', { ...base, ticketNo: 'SX202611150010' });
    await app.call('complaints.closeHandling', {
      id: d.id,
      handledOn: '2026-11-18',
      handlingResult: '未查实。',
      substantiated: false,
    });
    await app.call('complaints.update', {
      ...base,
      ticketNo: 'SX202611150010',
      id: d.id,
      institutionId: clinic.id,
    });
    expect(await ledger(app)).toHaveLength(1);
  });

  it('a reopened complaint keeps its entry when its institution is unchanged, and corrects it when it moves', async () => {
    const { app, dept, clinic, other } = await office();
    const base = {
      ticketNo: 'SX202611160001',
      receivedOn: '2026-11-16',
      content: '护士无证上岗',
      category: 'medical_service' as const,
      institutionId: clinic.id,
      departmentId: dept('区卫生健康局').id,
    };
    const c = await app.call('complaints.create', base);
    await app.call('complaints.closeHandling', {
      id: c.id,
      handledOn: '2026-11-19',
      handlingResult: '查实。',
      substantiated: true,
    });
    await app.call('complaints.reopen', { id: c.id, reason: '补充调查' });
    await app.call('complaints.update', { ...base, id: c.id, content: '护士无证上岗（补充）' });
    expect(await ledger(app)).toHaveLength(1);
    const moved = await app.call('complaints.update', { ...base, id: c.id, institutionId: other.id });
    expect(moved).toMatchObject({ substantiated: null, creditSeq: 1, creditCorrectionSeq: 2 });
    expect((await ledger(app)).map((r) => [r.type, r.subject_id])).toEqual([
      ['complaint', clinic.id],
      ['correction', clinic.id],
    ]);
    const reclosed = await app.call('complaints.closeHandling', {
      id: c.id,
      handledOn: '2026-11-21',
      handlingResult: '查实。',
      substantiated: true,
    });
    expect(reclosed).toMatchObject({ creditSeq: 3, creditCorrectionSeq: null });
    expect((await ledger(app))[2]).toMatchObject({ type: 'complaint', subject_id: other.id });
  });
});
