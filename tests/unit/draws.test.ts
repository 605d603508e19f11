// 抽查计划 and the 双随机 draw through the dispatcher: plan validation and its audit, the preview, a witnessed draw
// stored once and immutably, the team rules on the stored result, last time's lead never leading again, an
// impossible draw refused with the institution named, the record as JSON (whose bytes hash to the SHA-256 shown),
// Word, and who may do what.
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { unzipSync, strFromU8 } from 'fflate';
import { AppError } from '../../shared/errors';
import { DEFAULT_TIER_RATIOS, type DrawDetail } from '../../shared/contract';
import { buildDrawRecord, canonicalJson, drawRecordSha256 } from '../../db/enforcement/draw-algorithm';
import { prepareSeal } from '../../db/enforcement/draws';
import { verifyDrawRecord } from '../../db/enforcement/draw-verify';
import { count, newSetupApp, type TestApp } from './helpers';
import { ENTROPY, buildDistrict, planFor } from './draw-fixtures';

let app: TestApp;
afterEach(async () => app?.close());

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}
const issues = (e: AppError) => (e.details as { issues: { path: string; message: string }[] }).issues;

/** Seals a batch on the morning of 2026-11-18 (Beijing), before ENTROPY's lottery, and comes back to the test's now. */
async function sealEarlier(
  planId: number,
  batchNumber: number,
  session = 'test',
  at = '2026-11-18T10:00:00+08:00',
) {
  // Sessions would lock over the days the clock moves.
  await app.call('settings.update', { idleLockMinutes: 0 });
  app.travel(new Date(at));
  try {
    return await app.call('draws.seal', { planId, batchNumber }, session);
  } finally {
    app.travel(null);
  }
}

function checkTeams(d: DrawDetail): void {
  const rows = new Map(d.record.directory.inspectors.map((e) => [e.row.id, e.row]));
  const joint = d.record.inputs.plan.departments.length >= 2;
  for (const t of d.record.result.targets) {
    expect(t.team.length).toBe(d.record.inputs.plan.teamSize);
    expect(t.team.length).toBeGreaterThanOrEqual(2);
    expect(new Set(t.team.map((m) => m.inspectorId)).size).toBe(t.team.length);
    expect(t.team.filter((m) => m.lead)).toHaveLength(1);
    expect(t.team[0]!.lead).toBe(true);
    for (const m of t.team) expect(rows.get(m.inspectorId)!.conflicts).not.toContain(t.institutionId);
    if (joint)
      expect(new Set(t.team.map((m) => rows.get(m.inspectorId)!.departmentId)).size).toBeGreaterThan(1);
  }
}

describe('抽查计划', () => {
  it('validates in Chinese, refuses a duplicate name, and writes an audit row per change', async () => {
    app = await newSetupApp({ now: '2026-11-22T01:00:00Z' });
    const district = await buildDistrict(app.call, app.db, { institutions: 4, inspectors: [2, 2] });
    const bad = await failure(
      app.call(
        'inspectionPlans.create',
        planFor(district, {
          items: [],
          teamSize: 1,
          ratios: { A: 101, B: 0, C: 0, D: 0, none: 0 },
          batches: [{ number: 1, name: '一', startDate: '2026-05-01', endDate: '2026-04-01' }],
        }),
      ),
    );
    expect(bad.code).toBe('VALIDATION');
    const messages = issues(bad).map((i) => i.message);
    expect(messages).toContain('请至少从随机抽查事项清单中选择一项抽查事项');
    expect(messages).toContain('每组检查人员不少于 2 人（行政处罚法第四十二条）');
    expect(messages).toContain('A 级的抽查比例应为 0–100 的整数');
    expect(messages).toContain('第1批的结束日期早于开始日期');

    const plan = await app.call('inspectionPlans.create', planFor(district));
    expect(plan).toMatchObject({
      year: 2026,
      joint: true,
      teamSize: 2,
      ratios: DEFAULT_TIER_RATIOS,
      categories: [],
      streets: [],
    });
    expect(plan.batches.map((b) => [b.number, b.name, b.draw])).toEqual([
      [1, '上半年', null],
      [2, '下半年', null],
    ]);
    const dup = await failure(app.call('inspectionPlans.create', planFor(district)));
    expect(dup.code).toBe('CONFLICT');
    expect(dup.message).toBe('2026 年已有名为“2026年度医疗机构双随机抽查计划”的抽查计划');

    const updated = await app.call('inspectionPlans.update', {
      ...planFor(district, { categories: ['clinic'], streets: ['府山街道'], teamSize: 3 }),
      id: plan.id,
    });
    expect(updated).toMatchObject({ categories: ['clinic'], streets: ['府山街道'], teamSize: 3 });
    const audits = await app.db
      .selectFrom('audit_log')
      .select(['action', 'summary'])
      .where('entity', '=', 'inspection_plan')
      .orderBy('id')
      .execute();
    expect(audits.map((a) => a.action)).toEqual(['inspectionPlans.create', 'inspectionPlans.update']);
    expect(audits[0]!.summary).toBe('新建抽查计划 2026年“2026年度医疗机构双随机抽查计划”（2 个批次）');

    await app.call('inspectionPlans.delete', { id: plan.id });
    expect(await count(app.db, 'inspection_plans')).toBe(0);
    expect(await count(app.db, 'inspection_plan_batches')).toBe(0);
  });
});

describe('双随机抽取', () => {
  it('previews, draws once with witnesses, and stores a record that verifies', async () => {
    app = await newSetupApp({ now: '2026-11-22T01:00:00Z' });
    const tiers = ['A', 'B', 'C', 'D', null] as const;
    const district = await buildDistrict(app.call, app.db, {
      institutions: 60,
      tier: (i) => tiers[i % 5]!,
      inspectors: [4, 3, 2],
      conflicts: { 0: [0, 1, 2], 4: [0, 5] },
    });
    // One closed institution is not drawn from.
    await app.call('institutions.setStatus', { id: district.institutionIds[59]!, status: 'suspended' });
    const plan = await app.call('inspectionPlans.create', planFor(district));
    const preview = await app.call('draws.preview', { planId: plan.id, batchNumber: 1 });
    expect(preview.tiers).toEqual([
      { tier: 'A', eligible: 12, ratio: 5, toDraw: 1 }, // 0.6 → 1
      { tier: 'B', eligible: 12, ratio: 20, toDraw: 2 }, // 2.4 → 2
      { tier: 'C', eligible: 12, ratio: 60, toDraw: 7 }, // 7.2 → 7
      { tier: 'D', eligible: 12, ratio: 100, toDraw: 12 },
      { tier: 'none', eligible: 11, ratio: 20, toDraw: 2 }, // 2.2 → 2
    ]);
    expect(preview).toMatchObject({
      eligibleInstitutions: 59,
      targetCount: 24,
      inspectors: 9,
      joint: true,
      problems: [],
      drawn: null,
    });
    expect(preview.departments.map((d) => d.inspectors)).toEqual([4, 3, 2]);

    const unsealed = await failure(
      app.call('draws.run', { planId: plan.id, batchNumber: 1, entropy: ENTROPY, witnesses: ['王见证'] }),
    );
    expect(unsealed.message).toBe(
      '“2026年度医疗机构双随机抽查计划”第1批尚未封存：请先封存名录和计划参数、打印封存记录交见证人签字，再用封存之后开奖的公开随机数抽取',
    );
    const seal = await sealEarlier(plan.id, 1);
    expect(seal).toMatchObject({ sealedOn: '2026-11-18', sealedAt: '2026-11-18T02:00:00.000Z' });
    expect(seal.seal.directory.institutions).toHaveLength(59);

    const future = await failure(
      app.call('draws.run', {
        planId: plan.id,
        batchNumber: 1,
        entropy: { ...ENTROPY, date: '2026-11-23' },
        witnesses: ['王见证'],
      }),
    );
    expect(future.message).toContain('开奖日期不能晚于今天');
    const noWitness = await failure(
      app.call('draws.run', { planId: plan.id, batchNumber: 1, entropy: ENTROPY, witnesses: [] }),
    );
    expect(noWitness.message).toBe('请至少填写一名见证人（建议两名）');

    const d = await app.call('draws.run', {
      planId: plan.id,
      batchNumber: 1,
      entropy: ENTROPY,
      witnesses: ['王见证', '李监督'],
    });
    expect(d.record.inputs.entropy.digits).toBe('03121726293313');
    expect(d.record.algorithm).toBe('zongjian-draw-v3');
    expect(d.record.seal).toEqual({ sha256: seal.sha256, record: seal.seal });
    expect(d.changesSinceSeal).toEqual([]);
    expect(d.record.inputs.witnesses).toEqual(['王见证', '李监督']);
    expect(d.record.inputs.drawnAt).toBe('2026-11-22T01:00:00.000Z');
    expect(d.record.inputs.drawnBy).toBe('测试管理员（admin）');
    expect(d.targetCount).toBe(24);
    expect(d.sha256).toBe(drawRecordSha256(d.record));
    expect(d.record.directory.institutions).toHaveLength(59);
    checkTeams(d);
    for (const t of d.record.result.targets) expect(t.institutionId).not.toBe(district.institutionIds[59]);

    // The answer's summary is made from what the handler wrote: the same as the stored record read back.
    const { record: _record, changesSinceSeal: _changes, ...summary } = d;
    const { record: _again, ...readBack } = await app.call('draws.get', { id: d.id });
    expect(summary).toEqual(readBack);
    const stored = await app.db.selectFrom('draw_records').selectAll().executeTakeFirstOrThrow();
    expect(stored.record_json).toBe(canonicalJson(d.record));
    expect(createHash('sha256').update(stored.record_json).digest('hex')).toBe(d.sha256);
    const storedSeal = await app.db.selectFrom('draw_seals').selectAll().executeTakeFirstOrThrow();
    expect(createHash('sha256').update(storedSeal.seal_json).digest('hex')).toBe(seal.sha256);
    expect(
      verifyDrawRecord(stored.record_json, stored.record_json, { archivedSeal: storedSeal.seal_json }),
    ).toMatchObject({
      match: true,
      archive: 'matched',
      sealArchive: 'matched',
      differences: [],
    });
    expect(await count(app.db, 'draw_targets')).toBe(24);
    const audit = await app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'draws.run')
      .executeTakeFirstOrThrow();
    expect(audit.summary).toBe(
      '双随机抽取 2026年“2026年度医疗机构双随机抽查计划”第1批：抽中 24 个监管对象，见证人 王见证、李监督',
    );
    expect(JSON.parse(audit.after_json!)).toMatchObject({ sha256: d.sha256, seed: d.seed });

    // Once per batch; the plan shows it; the plan can no longer be deleted or lose the batch.
    const again = await failure(
      app.call('draws.run', { planId: plan.id, batchNumber: 1, entropy: ENTROPY, witnesses: ['王见证'] }),
    );
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toContain('同一批次只能抽取一次');
    const withDraw = await app.call('inspectionPlans.get', { id: plan.id });
    expect(withDraw.batches[0]!.draw).toMatchObject({ id: d.id, sha256: d.sha256, targetCount: 24 });
    expect((await app.call('draws.preview', { planId: plan.id, batchNumber: 1 })).drawn?.id).toBe(d.id);
    const del = await failure(app.call('inspectionPlans.delete', { id: plan.id }));
    expect(del.message).toContain('已有 1 个批次完成抽取');
    const drop = await failure(
      app.call('inspectionPlans.update', {
        ...planFor(district, { batches: [planFor(district).batches[1]!] }),
        id: plan.id,
      }),
    );
    expect(drop.message).toBe('第1批已抽取，不能删除');
    const moved = planFor(district);
    moved.batches[0] = { ...moved.batches[0]!, endDate: '2026-07-31' };
    expect((await failure(app.call('inspectionPlans.update', { ...moved, id: plan.id }))).message).toBe(
      '第1批已抽取，其名称和日期已记入抽取记录，不能修改',
    );

    // Lists, the record as a file (its bytes hash to the SHA-256 shown) and as Word.
    expect((await app.call('draws.list', {})).map((x) => x.id)).toEqual([d.id]);
    const { changesSinceSeal: _c, ...stored2 } = d;
    expect(await app.call('draws.get', { id: d.id })).toEqual(stored2);
    const file = await app.call('draws.exportJson', { id: d.id });
    expect(file.fileName).toBe('2026年2026年度医疗机构双随机抽查计划第1批抽取记录.json');
    expect(createHash('sha256').update(Buffer.from(file.base64, 'base64')).digest('hex')).toBe(d.sha256);
    const docx = await app.call('draws.recordDocx', { id: d.id });
    const xml = strFromU8(unzipSync(Buffer.from(docx.base64, 'base64'))['word/document.xml']!);
    expect(xml).toContain('双随机抽查抽取记录');
    // The text, cells' line breaks aside (a cell carries the printed page's lines, broken between words).
    const text = xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
    expect(text).toContain(d.record.result.targets[0]!.name);
    expect(text).toContain(d.sha256);
  });

  it('the record tables refuse UPDATE and DELETE', async () => {
    app = await newSetupApp({ now: '2026-11-22T01:00:00Z' });
    const district = await buildDistrict(app.call, app.db, { institutions: 5, inspectors: [2, 2] });
    const plan = await app.call('inspectionPlans.create', planFor(district));
    await sealEarlier(plan.id, 1);
    await app.call('draws.run', { planId: plan.id, batchNumber: 1, entropy: ENTROPY, witnesses: ['王见证'] });
    for (const statement of [
      sql`update draw_seals set seal_json = '{}'`,
      sql`update draw_seals set sealed_at = '2026-01-01T00:00:00.000Z'`,
      sql`delete from draw_seals`,
    ])
      await expect(statement.execute(app.db)).rejects.toThrow('封存记录一经生成不可修改或删除');
    expect(await count(app.db, 'draw_seals')).toBe(1);
    for (const statement of [
      sql`update draw_records set record_json = '{}'`,
      sql`update draw_records set sha256 = 'x'`,
      sql`delete from draw_records`,
      sql`update draw_targets set lead_inspector_id = lead_inspector_id`,
      sql`delete from draw_targets`,
    ]) {
      await expect(statement.execute(app.db)).rejects.toThrow('抽取记录一经生成不可修改或删除');
    }
    expect(await count(app.db, 'draw_records')).toBe(1);
  });

  it("never makes last draw's lead the lead again", async () => {
    app = await newSetupApp({ now: '2026-11-22T01:00:00Z' });
    const district = await buildDistrict(app.call, app.db, {
      institutions: 30,
      tier: () => 'D', // 100 %: every institution is drawn in both batches
      inspectors: [2, 1], // three inspectors, so leads have little room
    });
    const plan = await app.call('inspectionPlans.create', planFor(district));
    await sealEarlier(plan.id, 1);
    const first = await app.call('draws.run', {
      planId: plan.id,
      batchNumber: 1,
      entropy: ENTROPY,
      witnesses: ['王见证'],
    });
    const lead1 = new Map(first.record.result.targets.map((t) => [t.institutionId, t.team[0]!.inspectorId]));
    // Batch 2 is sealed after the first draw (its previous leads are fixed then) and drawn on a later lottery.
    await sealEarlier(plan.id, 2, 'test', '2026-11-20T10:00:00+08:00');
    const second = await app.call('draws.run', {
      planId: plan.id,
      batchNumber: 2,
      entropy: { ...ENTROPY, date: '2026-11-21', digits: '0512192230311' },
      witnesses: ['王见证'],
    });
    expect(second.record.result.targets).toHaveLength(30);
    for (const row of second.record.directory.institutions)
      expect(row.row.previousLead).toBe(lead1.get(row.row.id));
    for (const t of second.record.result.targets)
      expect(t.team[0]!.inspectorId).not.toBe(lead1.get(t.institutionId));
    checkTeams(second);
  });

  it('refuses an impossible draw, naming the institution and what is missing', async () => {
    app = await newSetupApp({ now: '2026-11-22T01:00:00Z' });
    const district = await buildDistrict(app.call, app.db, {
      institutions: 6,
      tier: () => 'C',
      inspectors: [2, 1],
      // The only inspector of the second department declared a conflict with institution 2.
      conflicts: { 2: [2] },
    });
    const plan = await app.call('inspectionPlans.create', planFor(district));
    const preview = await app.call('draws.preview', { planId: plan.id, batchNumber: 1 });
    const departments = await app.call('departments.list', {});
    const first = departments.find((d) => d.id === district.departmentIds[0])!.shortName;
    expect(preview.problems).toEqual([
      `“越城测试第3诊所”（${(await app.call('institutions.list', {}))[2]!.uscc}）：联合抽查的检查组须来自至少两个单位，回避 1 名后只剩${first}的人员`,
    ]);
    const e = await failure(app.call('draws.seal', { planId: plan.id, batchNumber: 1 }));
    expect(e.code).toBe('VALIDATION');
    expect(await count(app.db, 'draw_seals')).toBe(0);
    expect(e.message).toContain('无法抽取：“越城测试第3诊所”');
    expect(e.message).toContain('只剩');
    expect((e.details as { problems: string[] }).problems).toEqual(preview.problems);
    expect(await count(app.db, 'draw_records')).toBe(0);

    // Single-department plans need two inspectors after 回避.
    const solo = await app.call('inspectionPlans.create', {
      ...planFor(district, { departmentIds: [district.departmentIds[1]!] }),
      name: '单部门计划',
    });
    const p2 = await app.call('draws.preview', { planId: solo.id, batchNumber: 1 });
    expect(p2.problems).toEqual(['每组需要 2 名检查人员，参与单位只有 1 名启用的执法检查人员']);
  });

  it('who may plan and draw: 科员 yes, 领导 reads only', async () => {
    app = await newSetupApp({ now: '2026-11-22T01:00:00Z' });
    const district = await buildDistrict(app.call, app.db, { institutions: 5, inspectors: [2, 2] });
    for (const [username, role] of [
      ['keyuan', 'clerk'],
      ['lingdao', 'leader'],
    ] as const)
      await app.call('users.create', { username, displayName: username, role, password: 'Demo@2026x' });
    await app.call('auth.login', { username: 'lingdao', password: 'Demo@2026x' }, 'leader');
    await app.call('auth.login', { username: 'keyuan', password: 'Demo@2026x' }, 'clerk');
    const forbidden = await failure(app.call('inspectionPlans.create', planFor(district), 'leader'));
    expect(forbidden.code).toBe('FORBIDDEN');
    const plan = await app.call('inspectionPlans.create', planFor(district), 'clerk');
    expect((await app.call('draws.preview', { planId: plan.id, batchNumber: 1 }, 'leader')).problems).toEqual(
      [],
    );
    const run = { planId: plan.id, batchNumber: 1, entropy: ENTROPY, witnesses: ['王见证'] };
    expect((await failure(app.call('draws.seal', { planId: plan.id, batchNumber: 1 }, 'leader'))).code).toBe(
      'FORBIDDEN',
    );
    await sealEarlier(plan.id, 1, 'clerk');
    expect((await app.call('draws.seals', { planId: plan.id }, 'leader'))[0]!.sealedBy).toBe(
      'keyuan（keyuan）',
    );
    expect((await failure(app.call('draws.run', run, 'leader'))).code).toBe('FORBIDDEN');
    const d = await app.call('draws.run', run, 'clerk');
    expect(d.drawnBy).toBe('keyuan（keyuan）');
    expect((await app.call('draws.list', { planId: plan.id }, 'leader'))[0]!.sha256).toBe(d.sha256);
  });
});

describe('the seal before the lottery', () => {
  it('a seal and its record are built with their keys in canonical order (so JSON.stringify writes their text)', async () => {
    app = await newSetupApp({ now: '2026-11-22T01:00:00Z' });
    const district = await buildDistrict(app.call, app.db, {
      institutions: 12,
      tier: (i) => (['A', 'C', null] as const)[i % 3]!,
      inspectors: [3, 3],
    });
    const plan = await app.call('inspectionPlans.create', planFor(district));
    const seal = await prepareSeal(app.db, {
      planId: plan.id,
      batchNumber: 1,
      sealedAt: '2026-11-18T02:00:00.000Z',
      sealedBy: 'test',
    });
    expect(seal.directory.institutions).toHaveLength(12);
    expect(JSON.stringify(seal)).toBe(canonicalJson(seal));
    const record = buildDrawRecord(seal, {
      entropy: ENTROPY,
      witnesses: ['王见证'],
      drawnAt: '2026-11-22T01:00:00.000Z',
      drawnBy: 'test',
    });
    expect(record.result.targets.length).toBeGreaterThan(0);
    // All but the entropy, which is the caller's object as given.
    const { entropy: _e, ...inputs } = record.inputs;
    expect(JSON.stringify({ ...record, inputs })).toBe(canonicalJson({ ...record, inputs }));
  });

  it('draws from the sealed snapshot: changes after the seal do not count, and the draw says so', async () => {
    app = await newSetupApp({ now: '2026-11-22T01:00:00Z' });
    const district = await buildDistrict(app.call, app.db, {
      institutions: 20,
      tier: (i) => (['A', 'C', 'D', null] as const)[i % 4]!,
      inspectors: [3, 3],
    });
    const plan = await app.call('inspectionPlans.create', planFor(district));
    const seal = await sealEarlier(plan.id, 1);
    const again = await failure(sealEarlier(plan.id, 1));
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toContain('同一批次只能封存一次');

    // After the seal: an A institution becomes D (the whole group would be drawn), a new clinic opens, the plan's
    // ratios change.
    const lowered = district.institutionIds[0]!;
    await app.db.updateTable('institutions').set({ credit_tier: 'D' }).where('id', '=', lowered).execute();
    await buildDistrict(app.call, app.db, { institutions: 1, inspectors: [], startAt: 900 });
    await app.call('inspectionPlans.update', {
      ...planFor(district, { ratios: { A: 100, B: 100, C: 100, D: 100, none: 100 } }),
      id: plan.id,
    });
    const preview = await app.call('draws.preview', { planId: plan.id, batchNumber: 1 });
    expect(preview.seal?.sha256).toBe(seal.sha256);
    expect(preview.eligibleInstitutions).toBe(20);
    expect(preview.tiers.find((t) => t.tier === 'A')).toEqual({
      tier: 'A',
      eligible: 5,
      ratio: 5,
      toDraw: 0,
    });
    expect(preview.changesSinceSeal).toEqual([
      '抽查计划的各等级抽查比例在封存后有修改',
      '监管对象“越城测试第900诊所”在封存后进入抽取范围，本批次不抽取它',
      '监管对象“越城测试第1诊所”的信用等级封存时为A 级，现为D 级，抽取按封存时的等级',
    ]);

    // The lottery of the seal's own day is refused; the next day's is taken.
    const sameDay = await failure(
      app.call('draws.run', {
        planId: plan.id,
        batchNumber: 1,
        entropy: { ...ENTROPY, date: '2026-11-18' },
        witnesses: ['王见证'],
      }),
    );
    expect(sameDay.message).toBe(
      '开奖日期应晚于封存日期 2026-11-18（北京时间）：须使用封存之后开奖的公开随机数',
    );
    expect(issues(sameDay)).toEqual([{ path: 'entropy.date', message: sameDay.message }]);
    const d = await app.call('draws.run', {
      planId: plan.id,
      batchNumber: 1,
      entropy: ENTROPY,
      witnesses: ['王见证'],
    });
    expect(d.record.directory).toEqual(seal.seal.directory);
    expect(d.record.inputs.plan).toEqual(seal.seal.plan);
    expect(d.record.result.tiers.find((t) => t.tier === 'A')).toEqual({
      tier: 'A',
      eligible: 5,
      ratio: 5,
      drawn: 0,
    });
    expect(d.changesSinceSeal).toEqual(preview.changesSinceSeal);
    const audit = await app.db
      .selectFrom('audit_log')
      .select('summary')
      .where('action', '=', 'draws.run')
      .executeTakeFirstOrThrow();
    expect(audit.summary).toContain('按封存记录抽取，封存后名录或计划有 3 处变化未计入');
    // The drawn plan cannot be deleted.
    expect((await failure(app.call('inspectionPlans.delete', { id: plan.id }))).message).toContain(
      '已有 1 个批次完成抽取',
    );
  });

  it('a sealed batch cannot be renamed, and its plan cannot be deleted', async () => {
    app = await newSetupApp({ now: '2026-11-22T01:00:00Z' });
    const district = await buildDistrict(app.call, app.db, { institutions: 5, inspectors: [2, 2] });
    const plan = await app.call('inspectionPlans.create', planFor(district));
    await sealEarlier(plan.id, 2);
    expect((await app.call('inspectionPlans.get', { id: plan.id })).batches[1]!.seal).toMatchObject({
      sealedOn: '2026-11-18',
    });
    const renamed = planFor(district);
    renamed.batches[1] = { ...renamed.batches[1]!, name: '改名' };
    expect((await failure(app.call('inspectionPlans.update', { ...renamed, id: plan.id }))).message).toBe(
      '第2批已封存，其名称和日期已记入封存记录，不能修改',
    );
    expect((await failure(app.call('inspectionPlans.delete', { id: plan.id }))).message).toBe(
      '抽查计划“2026年度医疗机构双随机抽查计划”已有 1 个批次封存，封存记录须永久保存，计划不能删除',
    );
  });

  it("the draw day is Beijing time on a UTC machine: a 07:00 draw uses that morning's date", async () => {
    const saved = process.env.TZ;
    process.env.TZ = 'UTC';
    try {
      // 2026-03-05 07:00 in Beijing is 2026-03-04 23:00 on this machine's clock.
      app = await newSetupApp({ now: '2026-03-05T07:00:00+08:00' });
      const district = await buildDistrict(app.call, app.db, { institutions: 6, inspectors: [2, 2] });
      const plan = await app.call('inspectionPlans.create', planFor(district));
      await sealEarlier(plan.id, 1, 'test', '2026-03-04T20:00:00+08:00');
      const d = await app.call('draws.run', {
        planId: plan.id,
        batchNumber: 1,
        entropy: { ...ENTROPY, date: '2026-03-05' },
        witnesses: ['王见证'],
      });
      expect(d.record.inputs.drawnAt).toBe('2026-03-04T23:00:00.000Z');
      expect(d.record.seal!.record.sealedOn).toBe('2026-03-04');
      expect(verifyDrawRecord(canonicalJson(d.record)).match).toBe(true);
    } finally {
      process.env.TZ = saved;
    }
  });
});
