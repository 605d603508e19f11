// 依法执业自查 and 告诫谈话 (issue 17): the indicators' rules (fast-check), the year's setup and scope, a full
// self-inspection on time entering the ledger, 登记未自查 only past the deadline, the workbook round trip written all
// or nothing (another year's file, an institution out of scope, more fixed than found: refused, nothing written), a
// 督导 inspection finding 不实 with its ledger entry and tier change, a warning talk on the record and as Word, and
// the section in the quarterly summary's figures.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { strFromU8, unzipSync } from 'fflate';
import type { Input, MethodName, Output } from '../../shared/contract';
import {
  areaCountProblems,
  computeIndicators,
  isUntrue,
  parsePeriodKey,
  periodKeyOf,
} from '../../shared/domain/selfcheck';
import { usccCheckChar } from '../../shared/domain/uscc';
import { outcomeLabel } from '../../shared/domain/credit-rules';
import { AppError } from '../../shared/errors';
import { ADMIN, count, newSetupApp, type TestApp } from './helpers';
import { computeRollup } from '../../db/upstream/upstream';
import { indicatorsAsOf, loadSetup } from '../../db/selfcheck/state';
import { overdueGroups } from '../../db/selfcheck/due';
import { calendarDaysBetween, createWorkCalendar } from '../../shared/dates';
import { compareText, compareZh } from '../../shared/collate';
import { rateInd, stock } from '../../db/core/report-sections';
import { DrawStream, partialShuffle } from '../../db/enforcement/draw-algorithm';
import type { ReportIndicator } from '../../shared/domain/report-package';
import { configureImportWorker } from '../../db/core/import/worker-pool';
import { hiddenSheetBomb } from '../fixtures/hostile-zip';

let app: TestApp | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await app?.close();
  app = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

let today = '2026-11-22';
const clock = () => new Date(`${today}T09:00:00+08:00`);

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

let n = 0;
const uscc = () => {
  const first17 = `9133060${String(++n).padStart(10, '0')}`;
  return first17 + usccCheckChar(first17)!;
};

describe('rules', () => {
  it('period keys round-trip', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('full', 'routine', 'special'),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 99999 }),
        (kind, q, c) => {
          const key = periodKeyOf(
            kind as 'full',
            kind === 'routine' ? q : null,
            kind === 'special' ? c : null,
          );
          const p = parsePeriodKey(key)!;
          expect(p.kind).toBe(kind);
          if (kind === 'routine') expect(p.quarter).toBe(q);
          if (kind === 'special') expect(p.campaignId).toBe(c);
        },
      ),
    );
    expect(parsePeriodKey('Q5')).toBeNull();
    expect(parsePeriodKey('C0')).toBeNull();
  });

  it('indicators stay within bounds and count only what is in scope and on or before the day', () => {
    const sub = fc.record({
      institutionId: fc.integer({ min: 1, max: 12 }),
      periodKey: fc.constantFrom('full', 'Q1', 'Q2', 'Q3', 'Q4'),
      submittedOn: fc.constantFrom('2026-03-01', '2026-04-02', '2026-07-01', '2026-10-09', '2026-12-30'),
      found: fc.integer({ min: 0, max: 5 }),
      fixedPart: fc.integer({ min: 0, max: 5 }),
    });
    fc.assert(
      fc.property(
        fc.array(sub, { maxLength: 40 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 10 })),
        (subs, scope) => {
          const x = computeIndicators({
            asOf: '2026-11-22',
            deadlines: {
              full: '2026-12-31',
              pledge: '2026-03-31',
              routine: { 1: '2026-03-31', 2: '2026-06-30', 3: '2026-09-30', 4: '2026-12-31' },
            },
            scope,
            submissions: subs.map((s) => ({ ...s, fixed: Math.min(s.fixedPart, s.found) })),
            pledges: [],
          });
          expect(x.scope).toBe(scope.length);
          expect(x.fullDone).toBeLessThanOrEqual(x.scope);
          expect(x.fullOnTime).toBeLessThanOrEqual(x.fullDone);
          expect(x.fixed).toBeLessThanOrEqual(x.found);
          if (x.fullCoverage !== null) expect(x.fullCoverage).toBeLessThanOrEqual(100);
          for (const q of x.quarters) expect(q.onTime).toBeLessThanOrEqual(q.submitted);
          const counted = subs.filter(
            (s) => scope.includes(s.institutionId) && s.submittedOn <= '2026-11-22',
          );
          expect(x.found).toBe(counted.reduce((a, s) => a + s.found, 0));
          expect(x.quarters.find((q) => q.quarter === 4)!.due).toBe(false);
        },
      ),
    );
  });

  it('a fixed count larger than found, an unknown or repeated area are problems; 不实 needs a finding', () => {
    const areas = ['资质', '人员'];
    expect(areaCountProblems([{ area: '资质', found: 2, fixed: 3 }], areas)[0]).toContain(
      '已整改数（3）大于发现问题数（2）',
    );
    expect(areaCountProblems([{ area: '外星', found: 0, fixed: 0 }], areas)[0]).toContain(
      '不在自查领域清单中',
    );
    expect(
      areaCountProblems(
        [
          { area: '资质', found: 1, fixed: 1 },
          { area: '资质', found: 0, fixed: 0 },
        ],
        areas,
      ),
    ).toHaveLength(1);
    expect(isUntrue([{ area: '资质', notReported: 0, fixedButNot: 0, note: '核实无误' }])).toBe(false);
    expect(isUntrue([{ area: '资质', notReported: 0, fixedButNot: 1, note: '' }])).toBe(true);
  });
});

describe('安排告诫谈话 from a points warning', () => {
  it('records the talk as the measure taken for the warning, and refuses a warning of another subject', async () => {
    const w = await world();
    const b = (await w.call('credit.behaviours', { includeInactive: false })).find(
      (x) => x.code === 'JG-12-01',
    )!;
    const r = await w.call('credit.record', {
      subjectKind: 'institution',
      subjectId: w.a,
      type: 'demerit',
      factDate: '2026-11-02',
      behaviourId: b.id,
      text: '使用医托招揽患者',
    });
    const warning = r.warnings[0]!;
    expect(warning.status).toBe('open');
    const talk = {
      subjectKind: 'institution' as const,
      talkOn: '2026-11-20',
      place: '区卫生健康局',
      talkers: '李明',
      attendees: '负责人',
      reasonKind: 'warning' as const,
      reasonId: warning.id,
      reasonText: '本周期记分达到 12 分',
      content: '告诫。',
    };
    expect((await failure(w.call('selfcheck.recordTalk', { ...talk, subjectId: w.b }))).message).toContain(
      `所选记分预警（第 ${warning.id} 号）不属于该谈话对象或不存在`,
    );
    const t = await w.call('selfcheck.recordTalk', { ...talk, subjectId: w.a });
    const p = await w.call('credit.profile', { kind: 'institution', id: w.a });
    const after = p.warnings.find((x) => x.id === warning.id)!;
    expect(after.status).toBe('acknowledged');
    expect(after.actionTaken).toBe(`执业告诫谈话（2026-11-20，告诫谈话记录第 ${t.talk.id} 号）`);
  });
});

describe('告诫谈话 linked to the record behind it', () => {
  it("offers and accepts only the subject's own records: a complaint found true, its inspections, a 不实 督导", async () => {
    const w = await world();
    const depts = await w.app.call('departments.list', {}, 'clerk');
    const complaint = (institutionId: number, ticketNo: string) =>
      w.call('complaints.create', {
        ticketNo,
        receivedOn: '2026-10-08',
        content: '诊所使用过期药品',
        category: 'medical_service',
        institutionId,
        departmentId: depts[0]!.id,
      });
    const open = await complaint(w.a, 'GD-2026-0001');
    const elsewhere = await complaint(w.b, 'GD-2026-0002');
    const found = await complaint(w.a, 'GD-2026-0003');
    for (const c of [elsewhere, found])
      await w.call('complaints.closeHandling', {
        id: c.id,
        version: c.version,
        handledOn: '2026-10-20',
        handlingResult: '经查属实，已责令整改',
        substantiated: true,
      });
    const inspection = await w.call('inspections.create', {
      institutionId: w.a,
      inspectedOn: '2026-11-10',
      leadInspectorId: w.inspectors[0]!,
      memberIds: [w.inspectors[1]!],
      items: ['药品管理'],
      outcome: 'rectify',
      rectifyDue: '2026-12-10',
    });
    const reasons = await w.call('selfcheck.talkReasons', { subjectKind: 'institution', subjectId: w.a });
    expect(reasons.complaint.map((c) => c.id)).toEqual([found.id]); // not the open one, not another's
    expect(reasons.complaint[0]!.label).toContain('GD-2026-0003');
    expect(reasons.inspection.map((x) => x.id)).toEqual([inspection.id]);
    expect(reasons.inspection[0]!.label).toContain('责令整改');
    expect(reasons.selfcheck).toEqual([]);
    const talk = {
      subjectKind: 'institution' as const,
      subjectId: w.a,
      talkOn: '2026-11-20',
      place: '区卫生健康局',
      talkers: '李明',
      attendees: '负责人',
      reasonKind: 'complaint' as const,
      reasonText: '投诉查实',
      content: '告诫。',
    };
    const talksBefore = await count(w.app.db, 'warning_talks');
    const entriesBefore = await count(w.app.db, 'credit_ledger');
    for (const reasonId of [open.id, elsewhere.id, 99999])
      expect((await failure(w.call('selfcheck.recordTalk', { ...talk, reasonId }))).message).toContain(
        `所选查实的投诉（第 ${reasonId} 号）不属于该谈话对象或不存在`,
      );
    expect(
      (
        await failure(
          w.call('selfcheck.recordTalk', {
            ...talk,
            reasonKind: 'inspection',
            subjectId: w.b,
            reasonId: inspection.id,
          }),
        )
      ).message,
    ).toContain('所选检查记录');
    expect(
      (await failure(w.call('selfcheck.recordTalk', { ...talk, reasonKind: 'other', reasonId: found.id })))
        .message,
    ).toContain('事由为“其他”时不关联记录');
    expect(await count(w.app.db, 'warning_talks')).toBe(talksBefore);
    expect(await count(w.app.db, 'credit_ledger')).toBe(entriesBefore);
    const t = await w.call('selfcheck.recordTalk', { ...talk, reasonId: found.id });
    expect([t.talk.reasonKind, t.talk.reasonId]).toEqual(['complaint', found.id]);
    expect(t.talk.reasonRecord).toBe('12345 投诉工单 GD-2026-0003');
    // The printed record (Word) names it.
    const docx = await w.call('selfcheck.talkDocx', { id: t.talk.id });
    const xml = strFromU8(
      unzipSync(new Uint8Array(Buffer.from(docx.base64, 'base64')))['word/document.xml']!,
    );
    expect(xml.replace(/<[^>]+>/g, '')).toContain('投诉查实：投诉查实（依据：12345 投诉工单 GD-2026-0003）');
  });
});

describe('the areas list and the 公示', () => {
  it("the areas are the office's settings list: the form, the workbook and the checks follow it", async () => {
    const w = await world();
    await setUpYear(w);
    const admin = <N extends MethodName>(name: N, args: Input<N>) => w.app.call(name, args, 'test');
    // A bad list is refused in Chinese and changes nothing.
    expect((await failure(admin('settings.update', { selfcheckAreas: ['资质', '资质'] }))).message).toContain(
      '自查领域有重复',
    );
    expect((await failure(w.call('settings.update', { selfcheckAreas: ['资质'] }))).code).toBe('FORBIDDEN');
    expect((await w.call('selfcheck.year', { year: 2026 })).areas).toHaveLength(9);
    await admin('settings.update', { selfcheckAreas: ['资质', '人员', '消毒管理'] });
    expect((await w.call('selfcheck.year', { year: 2026 })).areas).toEqual(['资质', '人员', '消毒管理']);
    const file = await w.call('selfcheck.exportWorkbook', { year: 2026, periods: ['full'] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    const heads: string[] = [];
    wb.getWorksheet('自查填报表')!
      .getRow(3)
      .eachCell((c) => heads.push(String(c.value)));
    expect(heads).toContain('消毒管理·发现问题');
    expect(heads).not.toContain('放射诊疗·发现问题');
    const sub = {
      year: 2026,
      institutionId: w.a,
      kind: 'full' as const,
      submittedOn: '2026-09-01',
    };
    expect(
      (
        await failure(
          w.call('selfcheck.saveSubmission', { ...sub, areas: [{ area: '放射诊疗', found: 0, fixed: 0 }] }),
        )
      ).message,
    ).toContain('检查领域“放射诊疗”不在自查领域清单中');
    expect(await count(w.app.db, 'selfcheck_submissions')).toBe(0);
    const ok = await w.call('selfcheck.saveSubmission', {
      ...sub,
      areas: [{ area: '消毒管理', found: 2, fixed: 1 }],
      rectifyPlan: '更换消毒设备',
      rectifyDue: '2026-12-01',
    });
    expect(ok.areas).toEqual([{ area: '消毒管理', found: 2, fixed: 1 }]);
  });

  it('the 自查结果公示 lists institution, period, problems found and fixed, and reads back from its Excel file', async () => {
    const w = await world();
    await setUpYear(w);
    await w.call('selfcheck.saveSubmission', {
      year: 2026,
      institutionId: w.a,
      kind: 'routine',
      quarter: 3,
      submittedOn: '2026-09-20',
      areas: areasZero({ 医疗文书: [3, 2] }),
      rectifyPlan: '病历书写培训',
      rectifyDue: '2026-12-15',
    });
    await w.call('selfcheck.saveSubmission', {
      year: 2026,
      institutionId: w.b,
      kind: 'full',
      submittedOn: '2026-09-25',
      areas: areasZero(),
    });
    const p = await w.call('selfcheck.publicity', { year: 2026 });
    expect(
      p.rows.map((r) => [r.institutionName, r.periodLabel, r.found, r.fixed, r.open, r.rectifyDue]),
    ).toEqual([
      ['越城仁和诊所', '日常自查（第三季度）', 3, 2, 1, '2026-12-15'],
      ['越城康宁诊所', '全面自查', 0, 0, 0, null],
    ]);
    const x = await w.call('selfcheck.publicityXlsx', { year: 2026 });
    expect(x.fileName).toMatch(/2026.*自查结果公示.*\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const text = (v: ExcelJS.CellValue) =>
      v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined ? '' : String(v);
    const rows: string[][] = [];
    ws.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1).map(text)));
    const head = rows.findIndex((r) => r.includes('机构名称'));
    expect(rows[head]).toEqual([
      '序号',
      '机构名称',
      '统一社会信用代码',
      '自查期间',
      '自查日期',
      '发现问题数',
      '已整改数',
      '整改中',
      '整改期限',
    ]);
    const body = rows.slice(head + 1);
    expect(body.map((r) => [r[1], r[3], r[4], r[5], r[6], r[7], r[8] ?? ''])).toEqual([
      ['越城仁和诊所', '日常自查（第三季度）', '2026-09-20', '3', '2', '1', '2026-12-15'],
      ['越城康宁诊所', '全面自查', '2026-09-25', '0', '0', '0', ''],
    ]);
  });
});

describe('the indicators in SQL', () => {
  it('equal the pure rule over the same records, whatever they are', async () => {
    const w = await world();
    await setUpYear(w);
    const setup = await loadSetup(w.app.db, createWorkCalendar(), 2026);
    // A clinic deregistered since: its records count in no scope.
    const gone = (
      await w.call('institutions.create', {
        name: '越城已注销诊所',
        uscc: uscc(),
        category: 'clinic',
        ownership: 'private',
        street: '府山街道',
      })
    ).id;
    await w.app.db
      .updateTable('institutions')
      .set({ status: 'deregistered' })
      .where('id', '=', gone)
      .execute();
    const rec = fc.record({
      institutionId: fc.constantFrom(w.a, w.b, w.out, gone),
      periodKey: fc.constantFrom('full', 'Q1', 'Q2', 'Q3', 'Q4'),
      submittedOn: fc.constantFrom(
        '2026-03-01',
        '2026-04-02',
        '2026-07-01',
        '2026-09-30',
        '2026-10-09',
        '2026-11-30',
      ),
      found: fc.integer({ min: 0, max: 4 }),
      fixedPart: fc.integer({ min: 0, max: 4 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(rec, { selector: (r) => `${r.institutionId}:${r.periodKey}`, maxLength: 15 }),
        fc.subarray([w.a, w.b, w.out, gone]),
        fc.constantFrom('2026-06-30', '2026-11-22'),
        async (subs, pledged, asOf) => {
          await w.app.db.deleteFrom('selfcheck_submissions').execute();
          await w.app.db.deleteFrom('selfcheck_pledges').execute();
          const rows = subs.map((x) => ({ ...x, fixed: Math.min(x.fixedPart, x.found) }));
          for (const x of rows)
            await w.app.db
              .insertInto('selfcheck_submissions')
              .values({
                year: 2026,
                institution_id: x.institutionId,
                period_key: x.periodKey,
                kind: x.periodKey === 'full' ? 'full' : 'routine',
                quarter: x.periodKey === 'full' ? null : Number(x.periodKey.slice(1)),
                campaign_id: null,
                submitted_on: x.submittedOn,
                found_count: x.found,
                fixed_count: x.fixed,
                rectify_due: null,
                report_file_id: null,
                credit_seq: null,
                created_at: 'x',
                updated_at: 'x',
                updated_by: 'x',
              })
              .execute();
          for (const id of pledged)
            await w.app.db
              .insertInto('selfcheck_pledges')
              .values({
                year: 2026,
                institution_id: id,
                submitted_on: '2026-03-20',
                file_id: null,
                created_at: 'x',
                updated_at: 'x',
                updated_by: 'x',
              })
              .execute();
          const pure = (scope: number[]) =>
            computeIndicators({
              asOf,
              deadlines: { full: setup.fullDeadline, pledge: setup.pledgeDeadline, routine: setup.routine },
              scope,
              submissions: rows.map((x) => ({ ...x })),
              pledges: pledged.map((id) => ({ institutionId: id, submittedOn: '2026-03-20' })),
            });
          // The year's clinics (the hospital is out of scope); and a year naming no category or street: every
          // institution still registered.
          expect(await indicatorsAsOf(w.app.db, setup, asOf)).toEqual(pure([w.a, w.b]));
          expect(await indicatorsAsOf(w.app.db, { ...setup, categories: [], streets: [] }, asOf)).toEqual(
            pure([w.a, w.b, w.out]),
          );
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);
});

describe('市级汇总', () => {
  it("adds the districts' counts and takes the city's coverage as the ratio of the totals, not an average", () => {
    const district = (name: string, id: number, done: number, scope: number) => {
      const s = stock('selfcheck.scope', '自查范围内医疗机构', scope, '家');
      const d = stock('selfcheck.fullDone', '已完成全面自查', done, '家');
      const indicators: ReportIndicator[] = [s, d, rateInd('selfcheck.fullCoverage', '全面自查覆盖率', d, s)];
      return {
        packageId: id,
        district: name,
        officeName: `${name}卫生健康局`,
        version: 1,
        signedAt: '2026-12-31',
        data: {
          format: 'zongjian-report-data/1' as const,
          reportType: 'quarterly' as const,
          period: '2026Q4',
          periodStart: '2026-10-01',
          periodEnd: '2026-12-31',
          office: { name: `${name}卫生健康局`, uscc: '' },
          indicators,
          tables: [],
        },
      };
    };
    const r = computeRollup('quarterly', '2026Q4', [
      district('越城区', 1, 90, 100),
      district('柯桥区', 2, 10, 100),
    ]);
    expect(r.totals['selfcheck.scope']).toBe(200);
    expect(r.totals['selfcheck.fullDone']).toBe(100);
    expect(r.totals['selfcheck.fullCoverage']).toBe(50);
    expect(r.rows.map((x) => x.values['selfcheck.fullCoverage'])).toEqual([10, 90]);
  });
});

interface World {
  app: TestApp;
  a: number;
  b: number;
  out: number;
  inspectors: number[];
  call<N extends MethodName>(name: N, args: Input<N>): Promise<Output<N>>;
}

async function world(): Promise<World> {
  today = '2026-11-22';
  const dir = mkdtempSync(join(tmpdir(), 'zj-selfcheck-'));
  dirs.push(dir);
  app = await newSetupApp({ clock, dataDir: dir });
  const t = app;
  await t.call('users.create', {
    username: 'keyuan',
    displayName: '张强',
    role: 'clerk',
    password: 'Demo@2026x',
  });
  await t.call('auth.login', { username: ADMIN.username, password: ADMIN.password }, 'test');
  await t.call('auth.login', { username: 'keyuan', password: 'Demo@2026x' }, 'clerk');
  const call = <N extends MethodName>(name: N, args: Input<N>) => t.call(name, args, 'clerk');
  const mk = (name: string, street: string, category: 'clinic' | 'hospital' = 'clinic') =>
    call('institutions.create', { name, uscc: uscc(), category, ownership: 'private', street });
  const a = await mk('越城仁和诊所', '府山街道');
  const b = await mk('越城康宁诊所', '府山街道');
  const out = await mk('越城第一医院', '北海街道', 'hospital');
  const depts = await t.call('departments.list', {}, 'clerk');
  const inspectors = [];
  for (const [i, name] of ['李执法', '王执法'].entries())
    inspectors.push(
      (await call('inspectors.create', { name, departmentId: depts[0]!.id, badgeNo: `ZF-00${i}` })).id,
    );
  return { app: t, a: a.id, b: b.id, out: out.id, inspectors, call };
}

const areasZero = (overrides: Record<string, [number, number]> = {}) =>
  [
    '资质',
    '人员',
    '执业行为',
    '医疗技术',
    '药品与器械',
    '医疗文书',
    '院感与传染病防治',
    '放射诊疗',
    '其他',
  ].map((area) => ({
    area,
    found: overrides[area]?.[0] ?? 0,
    fixed: overrides[area]?.[1] ?? 0,
  }));

async function setUpYear(w: World) {
  return w.call('selfcheck.saveYear', {
    year: 2026,
    categories: ['clinic'],
    streets: [],
    fullDeadline: '2026-09-30',
    pledgeDeadline: '2026-03-31',
    routineAfterDays: 0,
  });
}

describe('the year, submissions and the ledger', () => {
  it('scopes by category, writes a full self-inspection on time into the ledger and none when late', async () => {
    const w = await world();
    expect(
      (
        await failure(
          w.call('selfcheck.saveSubmission', {
            year: 2026,
            institutionId: w.a,
            kind: 'full',
            submittedOn: '2026-09-01',
            areas: areasZero(),
          }),
        )
      ).message,
    ).toContain('尚未安排');
    const y = await setUpYear(w);
    expect(y.scopeCount).toBe(2);
    expect(y.routineDeadlines.map((d) => d.deadline)).toEqual([
      '2026-03-31',
      '2026-06-30',
      '2026-09-30',
      '2026-12-31',
    ]);
    const onTime = await w.call('selfcheck.saveSubmission', {
      year: 2026,
      institutionId: w.a,
      kind: 'full',
      submittedOn: '2026-09-01',
      areas: areasZero({ 资质: [2, 1] }),
      rectifyPlan: '补办执业登记变更',
      rectifyDue: '2026-12-01',
    });
    expect(onTime.late).toBe(false);
    expect(onTime.creditSeq).not.toBeNull();
    const entry = (await w.call('credit.profile', { kind: 'institution', id: w.a })).entries.find(
      (e) => e.seq === onTime.creditSeq,
    )!;
    expect(entry.type).toBe('self_inspection');
    expect(entry.outcome).toBe('issues');
    const late = await w.call('selfcheck.saveSubmission', {
      year: 2026,
      institutionId: w.b,
      kind: 'full',
      submittedOn: '2026-10-10',
      areas: areasZero(),
    });
    expect(late.late).toBe(true);
    expect(late.creditSeq).toBeNull();
    // Out of scope, fixed > found: refused with the reason, nothing written.
    const before = await count(w.app.db, 'selfcheck_submissions');
    expect(
      (
        await failure(
          w.call('selfcheck.saveSubmission', {
            year: 2026,
            institutionId: w.out,
            kind: 'routine',
            quarter: 1,
            submittedOn: '2026-03-01',
            areas: areasZero(),
          }),
        )
      ).message,
    ).toContain('不在 2026 年依法执业自查的范围内');
    expect(
      (
        await failure(
          w.call('selfcheck.saveSubmission', {
            year: 2026,
            institutionId: w.a,
            kind: 'routine',
            quarter: 1,
            submittedOn: '2026-03-01',
            areas: areasZero({ 人员: [1, 2] }),
          }),
        )
      ).message,
    ).toContain('大于发现问题数');
    const campaign = await w.call('selfcheck.saveCampaign', {
      year: 2026,
      topic: '医院院感专项',
      categories: ['hospital'],
      deadline: '2026-12-20',
    });
    expect(campaign.scopeCount).toBe(0); // the hospital is outside the year's scope (clinics)
    const c2 = await w.call('selfcheck.saveCampaign', {
      year: 2026,
      topic: '诊所消毒专项',
      categories: ['clinic'],
      streets: ['北海街道'],
      deadline: '2026-12-20',
    });
    expect(
      (
        await failure(
          w.call('selfcheck.saveSubmission', {
            year: 2026,
            institutionId: w.a,
            kind: 'special',
            campaignId: c2.id,
            submittedOn: '2026-11-01',
            areas: areasZero(),
          }),
        )
      ).message,
    ).toContain('不在专项自查“诊所消毒专项”的范围内');
    expect(await count(w.app.db, 'selfcheck_submissions')).toBe(before);
  });

  it('lists the overdue and registers 未自查 only past the deadline, with a ledger entry that lowers the score', async () => {
    const w = await world();
    await setUpYear(w);
    const overdue = await w.call('selfcheck.overdue', { year: 2026 });
    expect(
      overdue
        .filter((o) => o.periodKey === 'full')
        .map((o) => o.institutionId)
        .sort(),
    ).toEqual([w.a, w.b].sort());
    expect(overdue.some((o) => o.periodKey === 'Q4')).toBe(false); // not due before 2026-12-31
    // Earliest deadline first, by name within a deadline, each with its days late.
    expect(overdue).toEqual(
      [...overdue].sort((x, y) => compareText(x.deadline, y.deadline) || compareZh(x.name, y.name)),
    );
    for (const o of overdue) expect(o.daysLate).toBe(calendarDaysBetween(o.deadline, today));
    expect(overdue.filter((o) => o.periodKey === 'pledge')).toHaveLength(2);
    expect(
      (
        await failure(
          w.call('selfcheck.registerMissing', {
            year: 2026,
            items: [{ institutionId: w.a, periodKey: 'Q4' }],
          }),
        )
      ).message,
    ).toContain('未逾期或已提交');
    const r = await w.call('selfcheck.registerMissing', {
      year: 2026,
      items: [{ institutionId: w.a, periodKey: 'full' }],
    });
    expect(r.registered).toBe(1);
    const p = await w.call('credit.profile', { kind: 'institution', id: w.a });
    expect(p.entries.find((e) => e.seq === r.seqs[0])!.outcome).toBe('missing');
    expect(p.tier.score).toBe(95);
    expect(
      (
        await failure(
          w.call('selfcheck.registerMissing', {
            year: 2026,
            items: [{ institutionId: w.a, periodKey: 'full' }],
          }),
        )
      ).message,
    ).toContain('已登记未自查');
    const dash = await w.app.call('dashboard.data', {}, 'clerk');
    const due = dash.dueItems.filter((d) => d.kind === 'selfcheck');
    expect(due.some((d) => d.title.includes('越城康宁诊所'))).toBe(true);
    expect(due.some((d) => d.title.includes('越城仁和诊所') && d.title.includes('全面自查'))).toBe(false); // registered
    expect(dash.obligations.find((o) => o.key === 'selfcheck_full')!.note).toContain('0/2');
    // The 承诺书 (due 2026-03-31, none handed in) is on the 工作台 for both, with its deadline; handing it in takes it off.
    const pledgeDue = dash.dueItems.filter((d) => d.kind === 'selfcheck_pledge');
    expect(pledgeDue.map((d) => d.title).join()).toMatch(
      /越城仁和诊所.*越城康宁诊所|越城康宁诊所.*越城仁和诊所/,
    );
    expect(pledgeDue.every((d) => d.dueOn === '2026-03-31')).toBe(true);
    await w.call('selfcheck.savePledge', {
      year: 2026,
      institutionId: w.a,
      submittedOn: '2026-11-20',
      signer: '王某',
      practitionersSigned: 6,
    });
    const after = (await w.app.call('dashboard.data', {}, 'clerk')).dueItems.filter(
      (d) => d.kind === 'selfcheck_pledge',
    );
    expect(after.map((d) => d.title).join()).not.toContain('越城仁和诊所');
    expect(after.map((d) => d.title).join()).toContain('越城康宁诊所');
  });
});

describe('the 工作台 items of the overdue list', () => {
  it('group each institution, missed full self-inspections first, then by earliest deadline and name', () => {
    const names = ['越城仁和诊所', '越城康宁诊所', '稽山卫生院', '阿里医院', 'Z 口腔', '越城仁和诊所'];
    const periods = fc.uniqueArray(
      fc.record({
        key: fc.constantFrom('full', 'Q1', 'Q2', 'Q3', 'pledge'),
        deadline: fc.constantFrom('2026-03-31', '2026-04-15', '2026-07-15'),
      }),
      { selector: (p) => p.key, minLength: 1 },
    );
    const owed = fc.array(
      fc.tuple(fc.nat(names.length - 1), fc.array(fc.boolean(), { minLength: 5, maxLength: 5 })),
      {
        maxLength: 12,
      },
    );
    fc.assert(
      fc.property(periods, owed, (ps, rows) => {
        const institutions = rows.map(([n, owes], i) => ({ id: i + 1, name: names[n]!, owes }));
        // overdueList's order: by deadline, then by name (pinyin; table order among equal names), the periods of
        // one deadline together for each institution.
        const byName = [...institutions].sort((a, b) => compareZh(a.name, b.name));
        const deadlines = [...new Set(ps.map((p) => p.deadline))].sort(compareText);
        const list = deadlines.flatMap((d) =>
          byName.flatMap((i) =>
            ps
              .map((p, k) => ({ p, k }))
              .filter(({ p, k }) => p.deadline === d && i.owes[k])
              .map(({ p }) => ({ institutionId: i.id, name: i.name, periodKey: p.key, deadline: d })),
          ),
        );
        // The order written out in full: grouped, each by deadline, full first, earliest deadline, name.
        const groups = new Map<number, typeof list>();
        for (const o of list) groups.set(o.institutionId, [...(groups.get(o.institutionId) ?? []), o]);
        const expected = [...groups.values()]
          .map((g) => [...g].sort((a, b) => compareText(a.deadline, b.deadline)))
          .sort(
            (a, b) =>
              Number(b.some((o) => o.periodKey === 'full')) - Number(a.some((o) => o.periodKey === 'full')) ||
              compareText(a[0]!.deadline, b[0]!.deadline) ||
              compareZh(a[0]!.name, b[0]!.name),
          );
        expect(overdueGroups(list)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});

async function fillWorkbook(
  base64: string,
  edit: (ws: ExcelJS.Worksheet, colOf: Map<string, number>) => void,
) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('自查填报表')!;
  const colOf = new Map<string, number>();
  ws.getRow(3).eachCell((c, i) => colOf.set(String(c.value), i));
  edit(ws, colOf);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

describe('the workbook', () => {
  it('is parsed in an import worker: a hostile file is refused, one too heavy for the ceiling stops its worker only', async () => {
    const w = await world();
    await setUpYear(w);
    const file = await w.call('selfcheck.exportWorkbook', { year: 2026, periods: ['full'] });
    // The hidden-sheet file of issue #15: refused by the zip guard, in Chinese.
    const real = unzipSync(new Uint8Array(Buffer.from(file.base64, 'base64')));
    const bomb = Buffer.from(hiddenSheetBomb(real)).toString('base64');
    const hostile = await failure(
      w.call('selfcheck.importPreview', { year: 2026, fileName: 'a.xlsx', base64: bomb }),
    );
    expect(hostile.message).toContain('恶意构造');
    // Within the zip limits, but its cells need more memory to parse than a 16 MB worker has.
    const heavy = await fillWorkbook(file.base64, (ws, colOf) => {
      for (let r = 0; r < 6000; r++)
        ws.addRow(
          [...colOf.values()].map(
            (c) => `第 ${r} 行第 ${c} 列的说明文字 ${(r * 7919 + c * 104729) % 1000003}`,
          ),
        );
    });
    configureImportWorker({ maxOldGenerationSizeMb: 16 });
    try {
      const e = await failure(
        w.call('selfcheck.importApply', { year: 2026, fileName: 'a.xlsx', base64: heavy }),
      );
      expect(e.message).toContain('解析该文件所需的内存超过上限（16 MB）');
    } finally {
      configureImportWorker(null);
    }
    expect(await count(w.app.db, 'selfcheck_submissions')).toBe(0);
    // The app carries on: the exported file itself reads back.
    const again = await w.call('selfcheck.importPreview', {
      year: 2026,
      fileName: 'b.xlsx',
      base64: file.base64,
    });
    expect(again.errorCount).toBe(0);
  }, 120_000);

  it('goes out with locked keys and a drop-down, and comes back all or nothing', async () => {
    const w = await world();
    await setUpYear(w);
    const file = await w.call('selfcheck.exportWorkbook', { year: 2026, periods: ['full', 'Q1'] });
    const xml = strFromU8(
      unzipSync(new Uint8Array(Buffer.from(file.base64, 'base64')))['xl/worksheets/sheet1.xml']!,
    );
    expect(xml).toContain('<sheetProtection');
    expect(xml).toContain('已完成,未完成');
    const rowOf = (ws: ExcelJS.Worksheet, colOf: Map<string, number>, id: number, key: string) => {
      for (let r = 4; r <= ws.rowCount; r++) {
        const row = ws.getRow(r);
        if (
          Number(row.getCell(colOf.get('机构标识')!).value) === id &&
          row.getCell(colOf.get('期间代码')!).value === key
        )
          return row;
      }
      throw new Error('row not found');
    };
    const fill = (bad: boolean) =>
      fillWorkbook(file.base64, (ws, colOf) => {
        const r1 = rowOf(ws, colOf, w.a, 'full');
        r1.getCell(colOf.get('是否完成')!).value = '已完成';
        r1.getCell(colOf.get('自查日期')!).value = '2026-08-20';
        r1.getCell(colOf.get('资质·发现问题')!).value = 3;
        r1.getCell(colOf.get('资质·已整改')!).value = bad ? 4 : 3;
        const r2 = rowOf(ws, colOf, w.b, 'Q1');
        r2.getCell(colOf.get('是否完成')!).value = '已完成';
        r2.getCell(colOf.get('自查日期')!).value = '2026/3/20';
      });
    const bad = await fill(true);
    const preview = await w.call('selfcheck.importPreview', { year: 2026, fileName: 'a.xlsx', base64: bad });
    expect(preview.errorCount).toBe(1);
    const e = await failure(w.call('selfcheck.importApply', { year: 2026, fileName: 'a.xlsx', base64: bad }));
    expect(e.message).toMatch(/第 \d+ 行（越城仁和诊所）：“资质”的已整改数（4）大于发现问题数（3）/);
    expect(await count(w.app.db, 'selfcheck_submissions')).toBe(0);
    // Another year's file: refused whole.
    expect(
      (await failure(w.call('selfcheck.importApply', { year: 2025, fileName: 'a.xlsx', base64: bad })))
        .message,
    ).toMatch(/2025 年/);
    const good = await fill(false);
    const ok = await w.call('selfcheck.importApply', { year: 2026, fileName: 'a.xlsx', base64: good });
    expect(ok.applyCount).toBe(2);
    const subs = await w.call('selfcheck.submissions', { year: 2026 });
    expect(subs.map((s) => [s.institutionName, s.periodKey, s.submittedOn, s.found, s.fixed]).sort()).toEqual(
      [
        ['越城仁和诊所', 'full', '2026-08-20', 3, 3],
        ['越城康宁诊所', 'Q1', '2026-03-20', 0, 0],
      ].sort(),
    );
    // Sent out again and returned unchanged: nothing to write.
    const again = await w.call('selfcheck.exportWorkbook', { year: 2026, periods: ['full', 'Q1'] });
    const same = await w.call('selfcheck.importPreview', {
      year: 2026,
      fileName: 'b.xlsx',
      base64: again.base64,
    });
    expect([same.applyCount, same.errorCount]).toEqual([0, 0]);
    expect(same.rows.filter((r) => r.note === '与已有登记相同')).toHaveLength(2);
    // A row of an institution taken out of scope since: named and refused.
    await w.call('selfcheck.saveYear', {
      year: 2026,
      categories: ['clinic'],
      streets: ['北海街道'],
      fullDeadline: '2026-09-30',
      pledgeDeadline: '2026-03-31',
    });
    const e2 = await failure(
      w.call('selfcheck.importApply', { year: 2026, fileName: 'a.xlsx', base64: good }),
    );
    expect(e2.message).toContain('不在 2026 年依法执业自查的范围内');
  });
});

describe('随机抽取督导对象', () => {
  it('draws from the submitted, not yet supervised, recomputably from the seed in the audit row; refuses too many', async () => {
    const w = await world();
    await setUpYear(w);
    const more = [];
    for (const [i, name] of ['越城安和诊所', '越城济民诊所', '越城惠民诊所'].entries())
      more.push(
        (
          await w.call('institutions.create', {
            name,
            uscc: uscc(),
            category: 'clinic',
            ownership: 'private',
            street: i === 0 ? '府山街道' : '北海街道',
          })
        ).id,
      );
    const subs = [];
    for (const id of [w.a, w.b, ...more])
      subs.push(
        await w.call('selfcheck.saveSubmission', {
          year: 2026,
          institutionId: id,
          kind: 'full',
          submittedOn: '2026-09-01',
          areas: areasZero(),
        }),
      );
    // One already supervised: not a candidate.
    await w.call('selfcheck.recordSupervision', {
      submissionId: subs[0]!.id,
      inspection: {
        institutionId: w.a,
        inspectedOn: '2026-11-10',
        leadInspectorId: w.inspectors[0]!,
        memberIds: [w.inspectors[1]!],
        items: ['依法执业自查督导'],
        outcome: 'qualified',
      },
      findings: [],
    });
    const auditBefore = await count(w.app.db, 'audit_log');
    for (const [args, message] of [
      [{ count: 5 }, '可抽取的自查只有 4 家（已提交且未督导），抽取数量不能超过此数'],
      [{ count: 1, periodKey: 'Q1' }, '日常自查（第一季度）没有可抽取的自查'],
      [{ count: 1, periodKey: 'C99' }, '“C99”不是 2026 年安排的自查期间'],
      [{ count: 0 }, '抽取数量至少为 1'],
    ] as const)
      expect((await failure(w.call('selfcheck.drawSupervision', { year: 2026, ...args }))).message).toContain(
        message,
      );
    expect(await count(w.app.db, 'audit_log')).toBe(auditBefore);
    const d = await w.call('selfcheck.drawSupervision', { year: 2026, count: 2 });
    expect(d.candidates).toEqual(subs.slice(1).map((x) => x.id));
    expect(d.drawn).toHaveLength(2);
    expect(new Set(d.drawn.map((x) => x.submissionId)).size).toBe(2);
    for (const x of d.drawn) expect(d.candidates).toContain(x.submissionId);
    const row = await w.app.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row.summary).toContain('随机抽取 2026 年全面自查督导对象 2 家（从已提交且未督导的 4 家中）');
    const kept = JSON.parse(row.after_json!) as {
      seed: string;
      candidates: number[];
      drawn: { submissionId: number }[];
    };
    expect(partialShuffle(kept.candidates, 2, new DrawStream(kept.seed))).toEqual(
      kept.drawn.map((x) => x.submissionId),
    );
    // Another draw has a fresh seed.
    expect((await w.call('selfcheck.drawSupervision', { year: 2026, count: 4 })).seed).not.toBe(d.seed);
  });
});

describe('督导, 告诫谈话 and the report', () => {
  it('a 督导 finding 不实 writes a ledger entry and lowers the tier; a warning talk enters the ledger; figures carry the section', async () => {
    const w = await world();
    await setUpYear(w);
    const s = await w.call('selfcheck.saveSubmission', {
      year: 2026,
      institutionId: w.a,
      kind: 'full',
      submittedOn: '2026-09-01',
      areas: areasZero({ 医疗文书: [3, 3] }),
    });
    const before = await w.call('credit.profile', { kind: 'institution', id: w.a });
    const inspection = {
      institutionId: w.a,
      inspectedOn: '2026-11-10',
      leadInspectorId: w.inspectors[0]!,
      memberIds: [w.inspectors[1]!],
      items: ['依法执业自查督导'],
      findings: '病历书写问题未整改',
      outcome: 'rectify' as const,
      rectifyDue: '2026-12-10',
    };
    const tooMany = await failure(
      w.call('selfcheck.recordSupervision', {
        submissionId: s.id,
        inspection,
        findings: [{ area: '医疗文书', notReported: 0, fixedButNot: 4 }],
      }),
    );
    expect(tooMany.message).toContain('报告已整改 3 个');
    const r = await w.call('selfcheck.recordSupervision', {
      submissionId: s.id,
      inspection,
      findings: [{ area: '医疗文书', notReported: 1, fixedButNot: 2, note: '抽查病历 10 份' }],
    });
    expect(r.supervision.untrue).toBe(true);
    expect(r.entry!.entry.outcome).toBe('untrue');
    expect(r.inspection.items).toContain('依法执业自查督导');
    const after = await w.call('credit.profile', { kind: 'institution', id: w.a });
    expect(after.tier.score).toBe(before.tier.score! - 2 - 10); // 责令整改 −2, 自查不实 −10
    expect((await w.call('selfcheck.submissions', { year: 2026 })).find((x) => x.id === s.id)!.untrue).toBe(
      true,
    );

    const talk = await w.call('selfcheck.recordTalk', {
      subjectKind: 'institution',
      subjectId: w.a,
      talkOn: '2026-11-20',
      place: '区卫生健康局 302 会议室',
      talkers: '李明、张强',
      attendees: '越城仁和诊所负责人 王某',
      reasonKind: 'selfcheck',
      reasonId: r.supervision.id,
      reasonText: '2026 年全面自查不实',
      content: '指出自查中隐瞒病历书写问题。',
      commitments: '一个月内完成整改并重新自查。',
      followUpOn: '2026-12-20',
    });
    const p = await w.call('credit.profile', { kind: 'institution', id: w.a });
    const talkEntry = p.entries.find((e) => e.seq === talk.talk.creditSeq)!;
    expect([talkEntry.type, talkEntry.sourceKind, outcomeLabel(talkEntry.type, talkEntry.outcome)]).toEqual([
      'evaluation',
      'warning_talk',
      '执业告诫谈话',
    ]);
    expect(p.tier.score).toBe(after.tier.score);
    const docx = await w.call('selfcheck.talkDocx', { id: talk.talk.id });
    const doc = strFromU8(
      unzipSync(new Uint8Array(Buffer.from(docx.base64, 'base64')))['word/document.xml']!,
    );
    expect(doc).toContain('执业告诫谈话记录');
    expect(doc).toContain('被谈话人（签名）');

    const report = await w.call('reports.create', { type: 'quarterly', period: '2026Q4' });
    const keys = report.data.indicators.map((i) => i.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'selfcheck.fullCoverage',
        'selfcheck.routineQ3.rate',
        'selfcheck.fixRate',
        'selfcheck.pledgeRate',
        'selfcheck.untrue',
      ]),
    );
    expect(report.data.indicators.find((i) => i.key === 'selfcheck.fullCoverage')!.value).toBe(50);
    expect(report.data.indicators.find((i) => i.key === 'selfcheck.untrue')!.value).toBe(1);
  });
});
