// 红黑名单 and 信用修复: disclosure periods at and one day past the legal bounds (一般 3 months–1 year, 严重 1–3
// years, 轻微 not disclosed), each listing an entry of the hash chain, disclosure ending by itself after its last
// day (injected clock, no job), a repair refused before the minimum period with the reason and accepted once the
// clock has passed it, each unmet condition refused, approval by 领导 only, repaired and expired listings absent
// from the public list while staying in the ledger, natural persons masked in the xlsx, and the 信用报告.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import {
  addMonths,
  disclosureBounds,
  listingPeriodProblems,
  listingStatus,
  maskText,
  minimumPeriodProblem,
  type CreditListingInput,
  type Input,
  type MethodName,
  type Output,
} from '../../shared/contract';
import { creditReportDoc, publicListDoc, publicListRows } from '../../shared/print/credit-lists';
import { officialDocHtml } from '../../shared/print/official';
import { usccCheckChar } from '../../shared/domain/uscc';
import { AppError } from '../../shared/errors';
import { ADMIN, count, newSetupApp, type TestApp } from './helpers';

let app: TestApp | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await app?.close();
  app = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The app's clock, moved by the test (Beijing 09:00 of the given day). */
let today = '2026-02-01';
const clock = () => new Date(`${today}T09:00:00+08:00`);

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

const issuesOf = (e: AppError) =>
  Object.fromEntries(
    ((e.details as { issues?: { path: string; message: string }[] })?.issues ?? []).map((i) => [
      i.path,
      i.message,
    ]),
  );

let n = 0;
function uscc(): string {
  const first17 = `9133060${String(++n).padStart(10, '0')}`;
  return first17 + usccCheckChar(first17)!;
}

interface World {
  app: TestApp;
  inst: number;
  instName: string;
  instCode: string;
  person: number;
  /** Moves the clock and signs everyone in again (a jump of months is longer than any idle lock). */
  at(day: string): Promise<void>;
  call<N extends MethodName>(name: N, args: Input<N>, session?: string): Promise<Output<N>>;
}

async function world(): Promise<World> {
  today = '2026-02-01';
  const dir = mkdtempSync(join(tmpdir(), 'zj-lists-'));
  dirs.push(dir);
  app = await newSetupApp({ clock, dataDir: dir });
  const a = app;
  for (const [username, role] of [
    ['keyuan', 'clerk'],
    ['lingdao', 'leader'],
  ] as const)
    await a.call('users.create', { username, displayName: `${username}姓名`, role, password: 'Demo@2026x' });
  const login = async () => {
    await a.call('auth.login', { username: ADMIN.username, password: ADMIN.password }, 'test');
    await a.call('auth.login', { username: 'keyuan', password: 'Demo@2026x' }, 'clerk');
    await a.call('auth.login', { username: 'lingdao', password: 'Demo@2026x' }, 'leader');
  };
  await login();
  const instCode = uscc();
  const inst = await a.call('institutions.create', {
    name: '越城区名单测试诊所',
    uscc: instCode,
    category: 'clinic',
    ownership: 'private',
  });
  const person = await a.call('practitioners.create', {
    name: '张三丰',
    category: 'physician',
    certificateNo: '110330600012345',
    institutionId: inst.id,
  });
  return {
    app: a,
    inst: inst.id,
    instName: inst.name,
    instCode,
    person: person.id,
    at: async (day) => {
      today = day;
      await login();
    },
    call: (name, args, session = 'clerk') => a.call(name, args, session),
  };
}

const black = (w: World, extra: Partial<CreditListingInput> = {}): CreditListingInput => ({
  subjectKind: 'institution',
  subjectId: w.inst,
  list: 'black',
  severity: 'general',
  basisNumber: '越卫医罚〔2026〕5号',
  basisText: '使用非卫生技术人员从事医疗卫生技术工作，情节较重',
  decisionDate: '2026-02-01',
  disclosureStart: '2026-02-01',
  disclosureEnd: '2026-05-01',
  ...extra,
});

describe('disclosure periods (信用修复管理办法)', () => {
  it('accepts exactly 3 months and 1 year for 一般, 1 and 3 years for 严重, and refuses a day outside', () => {
    const at = (severity: 'general' | 'serious', end: string) =>
      listingPeriodProblems({
        list: 'black',
        severity,
        decisionDate: '2026-02-01',
        disclosureStart: '2026-02-01',
        disclosureEnd: end,
      });
    expect(at('general', '2026-05-01')).toEqual([]);
    expect(at('general', '2027-02-01')).toEqual([]);
    expect(at('serious', '2027-02-01')).toEqual([]);
    expect(at('serious', '2029-02-01')).toEqual([]);
    expect(at('general', '2026-04-30')[0]!.message).toBe(
      '一般失信信息的公示期限为 3 个月至 1 年（信用修复管理办法）：自 2026-02-01 起公示，截止日期应在 2026-05-01 至 2027-02-01 之间，所填日期短于最短公示期',
    );
    expect(at('general', '2027-02-02')[0]!.message).toContain('所填日期超过最长公示期');
    expect(at('serious', '2027-01-31')[0]!.message).toContain(
      '严重失信信息的公示期限为 1 年至 3 年（信用修复管理办法）：自 2026-02-01 起公示，截止日期应在 2027-02-01 至 2029-02-01 之间',
    );
    expect(at('serious', '2029-02-02')[0]!.path).toBe('disclosureEnd');
    // 轻微: not disclosed at all.
    const minor = (start: string | null, end: string | null) =>
      listingPeriodProblems({
        list: 'black',
        severity: 'minor',
        decisionDate: '2026-02-01',
        disclosureStart: start,
        disclosureEnd: end,
      });
    expect(minor(null, null)).toEqual([]);
    expect(minor('2026-02-01', '2026-05-01')[0]!.message).toBe('轻微失信信息依法不予公示，不填写公示期限');
  });

  it('counts months as the civil code does: a missing day is the month’s last', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-02-28', 12)).toBe('2027-02-28');
    expect(disclosureBounds('black', 'general', '2026-01-31')).toMatchObject({
      earliestEnd: '2026-04-30',
      latestEnd: '2027-01-31',
    });
    expect(disclosureBounds('black', 'minor', '2026-01-31')).toBeNull();
  });

  it('refuses a listing outside the bounds with the reason, appending nothing; inside, one ledger entry', async () => {
    const w = await world();
    const ledger = await count(w.app.db, 'credit_ledger');
    for (const [severity, end] of [
      ['general', '2026-04-30'],
      ['general', '2027-02-02'],
      ['serious', '2027-01-31'],
      ['serious', '2029-02-02'],
    ] as const) {
      const e = await failure(w.call('credit.createListing', black(w, { severity, disclosureEnd: end })));
      expect(e.code).toBe('VALIDATION');
      expect(issuesOf(e).disclosureEnd).toMatch(/失信信息的公示期限为/);
    }
    expect(await count(w.app.db, 'credit_ledger')).toBe(ledger);
    expect(await count(w.app.db, 'credit_listings')).toBe(0);

    const boundaries = [
      ['general', '2026-05-01'],
      ['general', '2027-02-01'],
      ['serious', '2027-02-01'],
      ['serious', '2029-02-01'],
    ] as const;
    for (const [i, [severity, end]] of boundaries.entries()) {
      const r = await w.call(
        'credit.createListing',
        black(w, { severity, disclosureEnd: end, basisNumber: `越卫医罚〔2026〕${10 + i}号` }),
      );
      expect(r.listing.status).toBe('disclosed');
      expect(r.entry.entry).toMatchObject({
        type: 'evaluation',
        outcome: `black_${severity}`,
        basis: `越卫医罚〔2026〕${10 + i}号`,
        factDate: '2026-02-01',
      });
      expect(r.entry.entry.text).toContain(`公示期限：2026-02-01 至 ${end}`);
    }
    expect(await count(w.app.db, 'credit_ledger')).toBe(ledger + 4);
    expect((await w.call('credit.verify', {})).ok).toBe(true);
    // Other refusals: a future decision, a start before the decision, the same basis twice, a red list meanwhile.
    const e1 = await failure(
      w.call('credit.createListing', black(w, { decisionDate: '2026-02-02', disclosureStart: '2026-02-02' })),
    );
    expect(issuesOf(e1).decisionDate).toBe('列入决定日期不能晚于今天');
    const e2 = await failure(
      w.call('credit.createListing', black(w, { decisionDate: '2026-01-20', disclosureStart: '2026-01-19' })),
    );
    expect(issuesOf(e2).disclosureStart).toBe('公示起始日期不能早于列入决定日期 2026-01-20');
    const e3 = await failure(
      w.call('credit.createListing', black(w, { basisNumber: '越卫医罚〔2026〕10号' })),
    );
    expect(issuesOf(e3).basisNumber).toMatch(/^该主体已依据 越卫医罚〔2026〕10号 列入黑名单/);
    const e4 = await failure(
      w.call(
        'credit.createListing',
        black(w, { list: 'red', severity: null, basisNumber: '越卫表〔2026〕1号' }),
      ),
    );
    expect(issuesOf(e4).list).toMatch(/^该主体在黑名单公示中/);
  });

  it('a listing does not change the tier by itself and replaces no graded evaluation', async () => {
    const w = await world();
    await w.call('credit.record', {
      subjectKind: 'institution',
      subjectId: w.inst,
      type: 'evaluation',
      outcome: 'C',
      factDate: '2026-01-10',
    });
    const before = await w.call('credit.profile', { kind: 'institution', id: w.inst });
    expect(before.tier.summary).toBe('B：信用评价 C 级 2026-01-10（−15）');
    await w.call('credit.createListing', black(w));
    const after = await w.call('credit.profile', { kind: 'institution', id: w.inst });
    expect(after.tier.summary).toBe(before.tier.summary);
    expect(after.entries[0]).toMatchObject({ type: 'evaluation', outcome: 'black_general' });
  });
});

describe('disclosure ends by itself', () => {
  it('待公示 before its start, 公示中 through its last day, 已到期 the day after — and off the public list', async () => {
    const w = await world();
    const { listing } = await w.call(
      'credit.createListing',
      black(w, { disclosureStart: '2026-02-10', disclosureEnd: '2026-05-10' }),
    );
    const status = async () =>
      (await w.call('credit.listings', { subjectKind: 'institution', subjectId: w.inst }))[0]!.status;
    const onPublic = async () =>
      (await w.call('credit.publicList', { list: 'black' })).rows.map((r) => r.name);
    expect(listing.status).toBe('pending');
    expect(await onPublic()).toEqual([]);
    await w.at('2026-02-10');
    expect(await status()).toBe('disclosed');
    expect(await onPublic()).toEqual([w.instName]);
    await w.at('2026-05-10');
    expect(await status()).toBe('disclosed');
    await w.at('2026-05-11');
    expect(await status()).toBe('expired');
    expect(await onPublic()).toEqual([]);
    // Nothing was written for it to end: the same rows, read on a later day.
    expect(await count(w.app.db, 'credit_ledger')).toBe(1);
    // And the subjects grid says so.
    const row = (await w.call('credit.subjects', {})).find(
      (r) => r.kind === 'institution' && r.id === w.inst,
    )!;
    expect(row.lists).toEqual([{ id: listing.id, list: 'black', severity: 'general', status: 'expired' }]);
  });

  it('pure: revoked and repaired win over the dates; 轻微 is never disclosed', () => {
    const base = {
      list: 'black' as const,
      severity: 'serious' as const,
      disclosureStart: '2026-02-01',
      disclosureEnd: '2027-02-01',
      revoked: false,
      repaired: false,
    };
    expect(listingStatus(base, '2026-06-01')).toBe('disclosed');
    expect(listingStatus({ ...base, repaired: true }, '2026-06-01')).toBe('repaired');
    expect(listingStatus({ ...base, revoked: true, repaired: true }, '2026-06-01')).toBe('revoked');
    expect(
      listingStatus({ ...base, severity: 'minor', disclosureStart: null, disclosureEnd: null }, '2026-06-01'),
    ).toBe('undisclosed');
  });
});

describe('信用修复', () => {
  it('refuses before the minimum period with the reason, and accepts once the clock has passed it', async () => {
    const w = await world();
    await w.call('credit.record', {
      subjectKind: 'institution',
      subjectId: w.inst,
      type: 'penalty',
      outcome: 'general',
      factDate: '2026-01-20',
      basis: '越卫医罚〔2026〕5号',
    });
    const { listing } = await w.call('credit.createListing', black(w, { disclosureEnd: '2026-11-01' }));
    const apply = () =>
      w.call('credit.applyRepair', {
        listingId: listing.id,
        rectificationConfirmed: true,
        rectificationText: '已辞退非卫生技术人员，完成全员培训',
        commitmentText: '本单位承诺依法执业，如有违反自愿接受惩戒。',
      });
    const ledger = await count(w.app.db, 'credit_ledger');
    const e = await failure(apply());
    expect(e.code).toBe('VALIDATION');
    expect(issuesOf(e)).toEqual({
      minimumPeriod:
        '最短公示期未满：2026-02-01 起公示，2026-05-01 后方可申请修复（一般失信信息最短公示 3 个月）',
    });
    expect(minimumPeriodProblem('serious', '2026-02-01', '2027-02-01')).toMatch(
      /^最短公示期未满：2026-02-01 起公示，2027-02-01 后方可申请修复/,
    );
    await w.at('2026-05-01'); // the last day of the minimum period: not yet
    expect(issuesOf(await failure(apply())).minimumPeriod).toMatch(/^最短公示期未满/);
    // Refusals wrote nothing: no commitment entry, no application.
    expect(await count(w.app.db, 'credit_ledger')).toBe(ledger);
    expect(await count(w.app.db, 'credit_repairs')).toBe(0);

    await w.at('2026-05-02');
    const applied = await apply();
    expect(applied.status).toBe('disclosed'); // still public until approved
    expect(applied.repairs).toHaveLength(1);
    const repair = applied.repairs[0]!;
    expect(repair).toMatchObject({
      status: 'pending',
      appliedOn: '2026-05-02',
      appliedBy: 'keyuan姓名（keyuan）',
    });
    // The 信用承诺 made with it joined the ledger.
    const profile = await w.call('credit.profile', { kind: 'institution', id: w.inst });
    expect(profile.entries[0]).toMatchObject({
      seq: repair.commitmentSeq,
      type: 'commitment',
      factDate: '2026-05-02',
      text: '本单位承诺依法执业，如有违反自愿接受惩戒。',
    });
    // One application at a time.
    expect((await failure(apply())).message).toMatch(/^该列入决定已有一份待审批的信用修复申请/);

    // 科员 may not approve; 领导 may.
    expect((await failure(w.call('credit.approveRepair', { id: repair.id }, 'clerk'))).code).toBe(
      'FORBIDDEN',
    );
    const tierBefore = profile.tier.score!;
    const approved = await w.call(
      'credit.approveRepair',
      { id: repair.id, decisionNumber: '越卫信修〔2026〕1号', opinion: '同意修复' },
      'leader',
    );
    expect(approved.status).toBe('repaired');
    expect(approved.repairedOn).toBe('2026-05-02');
    expect(approved.repairs[0]).toMatchObject({ status: 'approved', decidedBy: 'lingdao姓名（lingdao）' });
    const after = await w.call('credit.profile', { kind: 'institution', id: w.inst });
    const repairEntry = after.entries[0]!;
    expect(repairEntry).toMatchObject({
      type: 'repair',
      basis: '越卫信修〔2026〕1号',
      seq: approved.repairSeq,
    });
    expect(repairEntry.text).toContain('黑名单（一般失信）列入决定 越卫医罚〔2026〕5号');
    expect(tierBefore).toBe(90);
    expect(after.tier.score).toBe(100);
    expect(after.tier.summary).toBe('A：行政处罚 2026-01-20（−10），信用修复 2026-05-02（+10）');
    // Off the public list, still in the ledger and visible internally as 已修复.
    expect((await w.call('credit.publicList', { list: 'black' })).rows).toEqual([]);
    expect(after.entries.find((x) => x.seq === listing.ledgerSeq)?.correctedBy).toBeNull();
    expect((await w.call('credit.listings', {}))[0]!.status).toBe('repaired');
    expect((await w.call('credit.verify', {})).ok).toBe(true);
    // Decided once.
    expect(
      (await failure(w.call('credit.rejectRepair', { id: repair.id, reason: 'x' }, 'leader'))).message,
    ).toMatch(/^该申请已于 2026-05-02 由lingdao姓名（lingdao）批准/);
    expect((await failure(apply())).message).toBe('该列入决定已于 2026-05-02 完成信用修复');
  });

  it('refuses each unmet condition with its reason; an earlier 信用承诺 does not count; a rejection can be followed by a new application', async () => {
    const w = await world();
    await w.call('credit.record', {
      subjectKind: 'institution',
      subjectId: w.inst,
      type: 'commitment',
      factDate: '2026-01-15',
      text: '事前信用承诺',
    });
    const { listing } = await w.call(
      'credit.createListing',
      black(w, { severity: 'serious', disclosureEnd: '2027-08-01' }),
    );
    await w.at('2027-02-02');
    const e = await failure(w.call('credit.applyRepair', { listingId: listing.id }));
    expect(issuesOf(e)).toEqual({
      rectification: '整改尚未确认完成：请确认失信行为已纠正、法定义务已履行，并填写整改情况或上传整改材料',
      commitment: '尚无信用承诺：请在申请中填写信用承诺，或先登记一条 2026-02-01 以后的“信用承诺”记录',
    });
    // A confirmation without any evidence is not enough either.
    const e2 = await failure(
      w.call('credit.applyRepair', { listingId: listing.id, rectificationConfirmed: true }),
    );
    expect(Object.keys(issuesOf(e2))).toEqual(['rectification', 'commitment']);
    // A commitment on file after the decision, and evidence as an attachment only.
    const commitment = await w.call('credit.record', {
      subjectKind: 'institution',
      subjectId: w.inst,
      type: 'commitment',
      factDate: '2027-02-01',
      text: '信用修复承诺书',
    });
    const applied = await w.call('credit.applyRepair', {
      listingId: listing.id,
      rectificationConfirmed: true,
      attachments: [{ fileName: '整改报告.txt', base64: Buffer.from('整改完成').toString('base64') }],
    });
    const repair = applied.repairs[0]!;
    expect(repair.commitmentSeq).toBe(commitment.entry.seq);
    expect(repair.attachments[0]!.name).toBe('整改报告.txt');
    expect((await failure(w.call('credit.rejectRepair', { id: repair.id, reason: '' }, 'leader'))).code).toBe(
      'VALIDATION',
    );
    const rejected = await w.call(
      'credit.rejectRepair',
      { id: repair.id, reason: '整改材料不完整，缺少培训记录' },
      'leader',
    );
    expect(rejected.status).toBe('disclosed');
    expect(rejected.repairs[0]).toMatchObject({
      status: 'rejected',
      decisionNote: '整改材料不完整，缺少培训记录',
    });
    // A new application after the rejection; approval carries the evidence into the 信用修复 entry.
    const again = await w.call('credit.applyRepair', {
      listingId: listing.id,
      rectificationConfirmed: true,
      rectificationText: '补充培训记录',
    });
    const approved = await w.call('credit.approveRepair', { id: again.repairs.at(-1)!.id }, 'test');
    expect(approved.status).toBe('repaired');
  });

  it('refuses repair where it does not apply: red list, 轻微, expired, revoked', async () => {
    const w = await world();
    const red = await w.call('credit.createListing', {
      ...black(w),
      list: 'red',
      severity: null,
      basisNumber: '越卫表〔2026〕1号',
      basisText: '连续三年依法执业自查无问题',
    });
    expect((await failure(w.call('credit.applyRepair', { listingId: red.listing.id }))).message).toBe(
      '红名单不适用信用修复',
    );
    const minor = await w.call(
      'credit.createListing',
      black(w, { severity: 'minor', disclosureStart: null, disclosureEnd: null, basisNumber: 'A1' }),
    );
    expect(minor.listing.status).toBe('undisclosed');
    expect((await failure(w.call('credit.applyRepair', { listingId: minor.listing.id }))).message).toBe(
      '轻微失信信息依法不予公示，无需申请信用修复',
    );
    const general = await w.call('credit.createListing', {
      ...black(w, { basisNumber: 'A2' }),
      subjectKind: 'practitioner',
      subjectId: w.person,
    });
    // A 更正 of the listing's entry revokes it: off the public list, kept in the ledger.
    expect((await w.call('credit.publicList', { list: 'black' })).rows).toHaveLength(1);
    const corr = await w.call('credit.correct', {
      seq: general.listing.ledgerSeq,
      factDate: '2026-02-01',
      reason: '复议撤销处罚决定',
    });
    const revoked = (
      await w.call('credit.listings', { subjectKind: 'practitioner', subjectId: w.person })
    )[0]!;
    expect(revoked).toMatchObject({ status: 'revoked', revokedBySeq: corr.entry.seq });
    expect((await w.call('credit.publicList', { list: 'black' })).rows).toHaveLength(0);
    expect((await failure(w.call('credit.applyRepair', { listingId: revoked.id }))).message).toBe(
      `该列入决定已由第 ${corr.entry.seq} 条更正撤销`,
    );
    const expiring = await w.call('credit.createListing', black(w, { basisNumber: 'A3' }));
    await w.at('2026-05-02');
    expect((await failure(w.call('credit.applyRepair', { listingId: expiring.listing.id }))).message).toBe(
      '公示期已于 2026-05-01 届满并自动停止公示，无需申请信用修复',
    );
  });
});

describe('the public list', () => {
  it('masks natural persons (name, certificate number, numbers and the name in the text) and never shows a tier', async () => {
    const w = await world();
    await w.call('credit.createListing', {
      ...black(w, { severity: 'serious', disclosureEnd: '2027-02-01', basisNumber: '越卫医罚〔2026〕8号' }),
      subjectKind: 'practitioner',
      subjectId: w.person,
      basisText: '张三丰（身份证号 330602198001011234，电话 13800001111）超范围执业，吊销执业证书',
    });
    await w.call('credit.createListing', black(w, { severity: 'general' }));
    await w.call('credit.createListing', {
      ...black(w, { basisNumber: '越卫表〔2026〕2号' }),
      subjectId: (
        await w.call('institutions.create', {
          name: '越城区守信社区卫生服务站',
          uscc: uscc(),
          category: 'community',
          ownership: 'public',
        })
      ).id,
      list: 'red',
      severity: null,
      basisText: '年度信用评价 A 级',
    });
    const p = await w.call('credit.publicList', { list: 'black' });
    expect(p.rows.map((r) => [r.name, r.code, r.severity])).toEqual([
      ['张**', '1103*********45', '严重'],
      ['越城区名单测试诊所', w.instCode, '一般'],
    ]);
    expect(p.rows[0]!.basisText).toBe(
      '张**（身份证号 3306************34，电话 1380*****11）超范围执业，吊销执业证书',
    );
    expect(p.rows[0]!.detail).toBe('越城区名单测试诊所');
    // The workbook, read back by another reader.
    const file = await w.call('credit.publicListXlsx', { list: 'black' });
    expect(file.fileName).toBe('黑名单公示名单（截至2026-02-01）.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const cells: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
    const all = cells.join('|');
    expect(ws.getRow(1).values).toContain('统一社会信用代码/证书编号');
    expect(all).toContain('张**');
    expect(all).toContain(w.instCode);
    for (const secret of [
      '张三丰',
      '110330600012345',
      '330602198001011234',
      '13800001111',
      '信用等级',
      '级（',
    ])
      expect(all).not.toContain(secret);
    expect(ws.rowCount).toBe(3);
    // The printed list: the same rows.
    const html = officialDocHtml(publicListDoc(p)).replace(/<wbr>/g, ''); // cells wrap between words
    expect(html).toContain('黑名单公示名单');
    expect(html).toContain('张**（越城区名单测试诊所）');
    expect(html).not.toContain('张三丰');
    const red = await w.call('credit.publicList', { list: 'red' });
    expect(red.rows.map((r) => r.name)).toEqual(['越城区守信社区卫生服务站']);
    expect(officialDocHtml(publicListDoc(red))).not.toContain('失信程度');
  });

  it('pure: only disclosed listings become rows; free text keeps short numbers', () => {
    expect(maskText('罚款 3000 元，2026 年第 12 号', ['王伟'])).toBe('罚款 3000 元，2026 年第 12 号');
    expect(maskText('王伟于2026-03-04违规', ['王伟'])).toBe('王*于2026-03-04违规');
    const listing = (status: 'disclosed' | 'repaired' | 'expired' | 'revoked') => ({
      id: 1,
      subject: { kind: 'institution' as const, id: 1, name: 'X', code: 'C', detail: '诊所', status: '在业' },
      list: 'black' as const,
      severity: 'general' as const,
      basisNumber: 'N',
      basisText: 'T',
      decisionDate: '2026-02-01',
      disclosureStart: '2026-02-01',
      disclosureEnd: '2026-05-01',
      status,
      ledgerSeq: 1,
      revokedBySeq: null,
      repairedOn: null,
      repairSeq: null,
      minimumPeriodEnd: null,
      recordedAt: '',
      recordedBy: '',
      repairs: [],
    });
    expect(
      publicListRows([listing('repaired'), listing('expired'), listing('revoked'), listing('disclosed')]),
    ).toHaveLength(1);
  });
});

describe('信用报告', () => {
  it('carries identity, tier with reasons, points, list status, the timeline with corrections and the chain head', async () => {
    const w = await world();
    const penalty = await w.call('credit.record', {
      subjectKind: 'institution',
      subjectId: w.inst,
      type: 'penalty',
      outcome: 'general',
      factDate: '2026-01-20',
      basis: '越卫医罚〔2026〕2号',
    });
    await w.call('credit.record', {
      subjectKind: 'institution',
      subjectId: w.inst,
      type: 'complaint',
      factDate: '2026-01-22',
    });
    await w.call('credit.correct', { seq: penalty.entry.seq, factDate: '2026-01-30', reason: '复议撤销' });
    await w.call('credit.createListing', black(w));
    const r = await w.call('credit.report', { kind: 'institution', id: w.inst }, 'leader');
    const head = await w.call('credit.chainHead', {});
    expect(r.head).toEqual(head);
    expect(r.listings).toHaveLength(1);
    const html = officialDocHtml(creditReportDoc(r)).replace(/<[^>]+>/g, '');
    for (const t of [
      '信用报告',
      '（越城区名单测试诊所）',
      w.instCode,
      '当前信用等级：A 级（守信），信用分 97',
      '投诉查实 2026-01-22（−3）',
      '本记分周期（2026年1月1日至2026年12月31日）累计记分 0 分',
      '越卫医罚〔2026〕5号',
      '公示中',
      `已由第 ${penalty.entry.seq + 2} 条更正，不计入`,
      `更正第 ${penalty.entry.seq} 条`,
      `生成时信用台账链头为第 ${head.seq} 条`,
      head.hash.slice(0, 16),
    ])
      expect(html).toContain(t);
  });
});
