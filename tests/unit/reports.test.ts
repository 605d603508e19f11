// 报告上报 on the demo district ("today" is 2026-11-22): the figures equal direct queries over the records; due dates
// at the boundaries (a quarter ending on a weekend, in a holiday, on a 调休 working Saturday; office overrides;
// the N-working-days rule); drafts saved with conflicts refused; signing with a wrong passphrase refused and with
// the right one producing a package that verifies with the app and with OpenSSL, whose PDF (pdftotext, PNG pages)
// and DOCX read back; the signed report frozen (handlers and triggers); 更正版 naming the package it replaces; the
// submission log; an audit row for every change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { seedDemo } from '../../db/demo';
import { startAppCore } from '../../electron/server/app-core';
import { verifyPackage } from '../../db/reports/package';
import { computeFigures, dayStartAt } from '../../db/reports/figures';
import {
  addWorkingDays,
  createWorkCalendar,
  lastWorkingDayOfQuarter,
  type WorkCalendar,
} from '../../shared/dates';
import {
  DEFAULT_DUE_RULES,
  EMPTY_SECTION_TEXT,
  dueStatus,
  emptySections,
  parsePeriod,
  periodDueOn,
  periodProblem,
  printedNarrative,
  requirePeriod,
  type NarrativeBlock,
  type ReportDetail,
} from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { newApp, type TestApp } from './helpers';
import { institutionTiers } from '../../db/credit/report-section';
import { loadRules, subjectLedger, toFact } from '../../db/credit/state';
import { computeTier } from '../../shared/domain/credit-rules';
import { cli } from './cli-run';
import { runCli } from '../../electron/cli/run';
import { SIGN_STEPS } from '../../shared/domain/report-package';

// The office's clock zone, as on its PCs (the manifest's createdAt carries the offset).
process.env.TZ = 'Asia/Shanghai';

const NOW = '2026-11-22T09:00:00+08:00';
const PASSPHRASE = 'Correct horse 2026';

async function expectAppError(p: Promise<unknown>, code: string): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  return e as AppError;
}

const value = (r: ReportDetail, key: string): number => {
  const i = r.data.indicators.find((x) => x.key === key);
  if (!i) throw new Error(`no indicator ${key}`);
  if (i.value === null) throw new Error(`indicator ${key} is null`);
  return i.value;
};

describe('report periods and due dates', () => {
  const cal: WorkCalendar = createWorkCalendar();
  const due = (code: string, rules = DEFAULT_DUE_RULES, c = cal) =>
    periodDueOn(c, requirePeriod(code), rules);

  it('parses periods and checks them against the type', () => {
    expect(parsePeriod('2026Q3')).toMatchObject({ kind: 'quarter', start: '2026-07-01', end: '2026-09-30' });
    expect(parsePeriod('2026')).toMatchObject({ kind: 'year', start: '2026-01-01', end: '2026-12-31' });
    expect(parsePeriod('2026Q5')).toBeNull();
    expect(periodProblem('quarterly', '2026')).toContain('按季度编制');
    expect(periodProblem('annual', '2026Q1')).toContain('按年度编制');
    expect(periodProblem('credit', '2026Q1')).toBeNull();
    expect(periodProblem('credit', '2026')).toBeNull();
  });

  it("the quarter's last working day: a working day, a weekend, a holiday, a 调休 Saturday", () => {
    expect(due('2026Q3')).toBe('2026-09-30'); // Wednesday
    expect(due('2024Q2')).toBe('2024-06-28'); // 06-30 is a Sunday: the Friday before
    expect(due('2023Q3')).toBe('2023-09-28'); // 09-29…10-06 中秋国庆 holiday: the Thursday before
    expect(cal.dayInfo('2017-09-30').kind).toBe('makeup_workday');
    expect(due('2017Q3')).toBe('2017-09-30'); // a Saturday, but a 调休 working day
    expect(due('2018Q3')).toBe('2018-09-30'); // a Sunday, 调休
    expect(due('2026Q3')).toBe(lastWorkingDayOfQuarter(cal, 2026, 3));
    // The office's own calendar wins: a day off entered for 09-30 moves the date back.
    const office = createWorkCalendar([{ date: '2026-09-30', kind: 'holiday', name: '本单位调整' }]);
    expect(due('2026Q3', DEFAULT_DUE_RULES, office)).toBe('2026-09-29');
    const saturday = createWorkCalendar([{ date: '2026-06-27', kind: 'workday', name: '调休上班' }]);
    expect(due('2026Q2', DEFAULT_DUE_RULES, saturday)).toBe('2026-06-30');
  });

  it('yearly reports: the last working day of the year, or N working days after the period', () => {
    expect(due('2026')).toBe('2026-12-31');
    expect(due('2023')).toBe('2023-12-29'); // 12-30…01-01 元旦
    // 5 working days after 2025-09-30: 10-01…10-08 off, 10-09 Thu, 10-10 Fri, 10-11 Sat (调休), 10-13 Mon, 10-14.
    expect(due('2025Q3', { ...DEFAULT_DUE_RULES, quarter: { rule: 'workingDaysAfter', days: 5 } })).toBe(
      '2025-10-14',
    );
    expect(due('2025', { ...DEFAULT_DUE_RULES, year: { rule: 'workingDaysAfter', days: 10 } })).toBe(
      '2026-01-15',
    );
  });

  it('due status: 未到期, 即将到期 within five working days, 已逾期 the day after, 已上报 once sent', () => {
    const d = '2026-12-31';
    expect(dueStatus(cal, d, '2026-12-24', null)).toBe('not_due'); // 5 working days left
    expect(dueStatus(cal, d, '2026-12-25', null)).toBe('due_soon');
    expect(dueStatus(cal, d, d, null)).toBe('due_soon');
    expect(dueStatus(cal, d, '2027-01-01', null)).toBe('overdue');
    expect(dueStatus(cal, d, '2027-01-05', '2027-01-04')).toBe('submitted');
  });

  it('empty sections are marked, filled ones and their parents are not', () => {
    const blocks: NarrativeBlock[] = [
      { type: 'h1', text: '基本情况' },
      { type: 'data' },
      { type: 'h1', text: '主要做法' },
      { type: 'h2', text: '会议' },
      { type: 'p', text: '召开了会议。' },
      { type: 'h2', text: '执法' },
      { type: 'p', text: '  ' },
      { type: 'h1', text: '问题' },
    ];
    expect(emptySections(blocks)).toEqual([5, 7]);
    const printed = printedNarrative(blocks);
    expect(printed.filter((b) => b.type === 'p' && b.text === EMPTY_SECTION_TEXT)).toHaveLength(2);
    expect(printed.some((b) => b.type === 'p' && b.text.trim() === '')).toBe(false);
  });
});

describe('reports on the demo district', () => {
  let app: TestApp;
  let dir: string;
  let q3: ReportDetail;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zj-reports-'));
    // A clock that starts at NOW and moves on a millisecond a reading: saves are told apart by their time.
    let tick = Date.parse(NOW);
    app = await newApp({ clock: () => new Date(tick++), dataDir: dir });
    const demo = await seedDemo(app.call, app.travel, undefined, { reports: false });
    await app.call('auth.login', { username: 'admin', password: demo.password });
    await app.call('signing.generate', { passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the figures equal direct queries over the records', async () => {
    q3 = await app.call('reports.create', { type: 'quarterly', period: '2026Q3' });
    expect(q3.status).toBe('draft');
    expect(q3.title).toBe('绍兴市越城区卫生健康局2026年第三季度医疗卫生行业综合监管阶段性工作总结');
    expect(q3.due).toMatchObject({ dueOn: '2026-09-30', status: 'overdue' });
    const one = async (q: ReturnType<typeof sql<{ n: number }>>) =>
      Number((await q.execute(app.db)).rows[0]!.n);
    const [from, to] = ['2026-07-01', '2026-09-30'];
    expect(value(q3, 'meetings.held')).toBe(
      await one(
        sql`select count(*) as n from meetings where status = 'held' and date between ${from} and ${to}`,
      ),
    );
    expect(value(q3, 'meetings.held')).toBeGreaterThan(0);
    expect(value(q3, 'decisions.made')).toBe(
      await one(
        sql`select count(*) as n from decisions d join meetings m on m.id = d.meeting_id where m.date between ${from} and ${to}`,
      ),
    );
    // Open at the period's end: made by then and not closed by then (the demo closes decisions "today").
    expect(value(q3, 'decisions.open')).toBe(
      await one(
        sql`select count(*) as n from decisions d join meetings m on m.id = d.meeting_id
            where m.date <= ${to} and (d.status = 'open' or d.closed_at >= ${dayStartAt('2026-10-01')})`,
      ),
    );
    expect(value(q3, 'referrals.received')).toBe(
      await one(sql`select count(*) as n from referrals where received_on between ${from} and ${to}`),
    );
    // Deadline figures by the period the deadline falls in (issue 21): a reply on the due day itself is on time.
    const onTime = await one(
      sql`select count(*) as n from referrals where due_on between ${from} and ${to}
          and reply_on is not null and reply_on <= due_on`,
    );
    const dueRefs = await one(
      sql`select count(*) as n from referrals where due_on between ${from} and ${to}`,
    );
    expect(value(q3, 'referrals.repliedOnTime')).toBe(onTime);
    expect(value(q3, 'referrals.due')).toBe(dueRefs);
    expect(value(q3, 'referrals.onTimeRate')).toBe(Math.round((onTime / dueRefs) * 1000) / 10);
    expect(value(q3, 'complaints.received')).toBe(
      await one(sql`select count(*) as n from complaints where received_on between ${from} and ${to}`),
    );
    expect(value(q3, 'complaints.substantiated')).toBe(
      await one(
        sql`select count(*) as n from complaints where handled_on between ${from} and ${to} and substantiated = 1`,
      ),
    );
    // Less the entries a 更正 dated within Q3 neutralised; a later 更正 leaves Q3 as it stood.
    expect(value(q3, 'credit.entries')).toBe(
      await one(
        sql`select count(*) as n from credit_ledger e where e.type != 'correction' and e.fact_date between ${from} and ${to}
            and not exists (select 1 from credit_ledger c where c.amends_seq = e.seq and c.fact_date <= ${to})`,
      ),
    );
    expect(value(q3, 'credit.demeritPoints')).toBe(
      await one(
        sql`select coalesce(sum(points), 0) as n from credit_ledger e where e.type = 'demerit' and e.fact_date between ${from} and ${to}
            and not exists (select 1 from credit_ledger c where c.amends_seq = e.seq and c.fact_date <= ${to})`,
      ),
    );
    // 注销 institutions are not supervised (the bug: a status 'closed' that does not exist was filtered on),
    // and the register is counted as it stood at the end of 9月30日 (Beijing): none added later.
    const q3End = '2026-09-30T15:59:59.999Z';
    expect(value(q3, 'institutions.active')).toBe(
      await one(
        sql`select count(*) as n from institutions where status != 'deregistered' and created_at <= ${q3End}`,
      ),
    );
    const deregistered = await one(sql`select count(*) as n from institutions where status = 'deregistered'`);
    expect(deregistered).toBeGreaterThan(0);
    // The current quarter is counted as of today: every institution in the register, with its status today.
    const q4 = await app.call('reports.create', { type: 'quarterly', period: '2026Q4' });
    const supervisedNow = await one(
      sql`select count(*) as n from institutions where status != 'deregistered'`,
    );
    expect(supervisedNow).toBeGreaterThan(0);
    expect(value(q4, 'institutions.active')).toBe(supervisedNow);
    await app.call('reports.deleteDraft', { id: q4.id });
    const byCategory = q3.data.tables.find((t) => t.key === 'tiers_by_category')!;
    expect(byCategory.rows.reduce((n, r) => n + Number(r[1]), 0)).toBe(value(q3, 'institutions.active'));
    expect(byCategory.rows.reduce((n, r) => n + Number(r[6]), 0)).toBe(value(q3, 'tiers.unrated'));
    const tiers = ['A', 'B', 'C', 'D', 'unrated'].reduce((n, t) => n + value(q3, `tiers.${t}`), 0);
    expect(tiers).toBe(value(q3, 'institutions.active'));
    // Every table a section reports, and its rows as the indicators count them.
    const meetingsTable = q3.data.tables.find((t) => t.key === 'meetings')!;
    expect(meetingsTable.rows).toHaveLength(value(q3, 'meetings.held'));

    // The 2025 checklist: its fourth quarter's progress by status, as the checklist module stores it.
    const annual = await app.call('reports.create', { type: 'annual', period: '2025' });
    const items = await one(
      sql`select count(*) as n from checklist_items i join checklists c on c.id = i.checklist_id where c.year = 2025 and i.retired = 0`,
    );
    expect(value(annual, 'checklist.items')).toBe(items);
    expect(items).toBeGreaterThan(0);
    for (const [key, status] of [
      ['checklist.done', 'done'],
      ['checklist.behind', 'behind'],
      ['checklist.inProgress', 'in_progress'],
    ] as const)
      expect(value(annual, key), key).toBe(
        await one(
          sql`select count(*) as n from checklist_progress p join checklist_item_units u on u.item_id = p.item_id and u.department_id = p.department_id
              join checklist_items i on i.id = p.item_id join checklists c on c.id = i.checklist_id
              where c.year = 2025 and i.retired = 0 and p.quarter = 4 and p.status = ${status}`,
        ),
      );
    expect(value(annual, 'checklist.assignments')).toBe(
      value(annual, 'checklist.reported') + value(annual, 'checklist.unreported'),
    );
    // A period before it starts has nothing in it yet.
    const ahead = await computeFigures(app.db, 'credit', requirePeriod('2027Q1'), '2026-11-22');
    expect(ahead.indicators.every((i) => i.value === (typeof i.periodRollup === 'object' ? null : 0))).toBe(
      true,
    );
    // Every indicator says how it combines across periods; a rate names two indicators of the same report.
    for (const i of q3.data.indicators) {
      expect(i.periodRollup, i.key).toBeDefined();
      const p = i.periodRollup!;
      if (typeof p === 'object') {
        expect(i.rollup).toBe('none');
        const keys = q3.data.indicators.map((x) => x.key);
        expect(keys).toContain(p.rate.numerator);
        expect(keys).toContain(p.rate.denominator);
      } else expect(i.rollup).toBe('sum');
    }
    await app.call('reports.deleteDraft', { id: annual.id });
  });

  it('saves drafts, refuses a save over a newer one, and a second draft for the same period', async () => {
    const narrative = q3.narrative.map((b) =>
      b.type === 'p' && q3.narrative.indexOf(b) === 2 ? { ...b, text: '本季度综合监管工作有序推进。' } : b,
    );
    const saved = await app.call('reports.saveDraft', {
      id: q3.id,
      updatedAt: q3.updatedAt,
      title: q3.title,
      addressee: '绍兴市卫生健康委员会',
      narrative,
    });
    expect(saved.narrative[2]).toEqual({ type: 'p', text: '本季度综合监管工作有序推进。' });
    expect(saved.addressee).toBe('绍兴市卫生健康委员会');
    expect(saved.emptySections.length).toBeGreaterThan(0);
    const stale = await expectAppError(
      app.call('reports.saveDraft', {
        id: q3.id,
        updatedAt: q3.updatedAt,
        title: 'x',
        addressee: '',
        narrative,
      }),
      'CONFLICT',
    );
    expect(stale.message).toContain('请重新打开后再编辑');
    const noData = await expectAppError(
      app.call('reports.saveDraft', {
        id: q3.id,
        updatedAt: saved.updatedAt,
        title: 'x',
        addressee: '',
        narrative: narrative.filter((b) => b.type !== 'data'),
      }),
      'VALIDATION',
    );
    expect(noData.message).toContain('自动生成的数据');
    const twice = await expectAppError(
      app.call('reports.create', { type: 'quarterly', period: '2026Q3' }),
      'CONFLICT',
    );
    expect(twice.message).toContain('已有草稿');
    await expectAppError(app.call('reports.create', { type: 'quarterly', period: '2026' }), 'VALIDATION');
    q3 = saved;
  });

  it('a wrong passphrase cannot sign; nothing is signed or numbered', async () => {
    const e = await expectAppError(
      app.call('reports.sign', { id: q3.id, passphrase: 'wrong passphrase!' }),
      'VALIDATION',
    );
    expect(e.message).toBe('签名口令不正确');
    const after = await app.call('reports.get', { id: q3.id });
    expect(after.status).toBe('draft');
    expect(after.docNumber).toBeNull();
    // A 科员 may write the draft but not sign it.
    await app.call('auth.logout', {});
    await app.call('auth.login', { username: 'keyuan', password: 'Demo@2026' });
    await expectAppError(app.call('reports.sign', { id: q3.id, passphrase: PASSPHRASE }), 'FORBIDDEN');
    await app.call('auth.logout', {});
    await app.call('auth.login', { username: 'admin', password: 'Demo@2026' });
  });

  it('signs: the package verifies with the app and OpenSSL; PDF and DOCX read back; the report is frozen', async () => {
    const signed = await app.call('reports.sign', { id: q3.id, passphrase: PASSPHRASE });
    expect(signed.status).toBe('signed');
    expect(signed.docNumber).toMatch(/^越卫健〔2026〕\d+号$/);
    expect(signed.packageSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(signed.signedBy).toBe('系统管理员');
    const pkg = Buffer.from((await app.call('reports.package', { id: q3.id })).base64, 'base64');
    const v = verifyPackage(new Uint8Array(pkg));
    expect(v.reasons).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.sha256).toBe(signed.packageSha256);
    expect(v.manifest).toMatchObject({
      reportType: 'quarterly',
      period: '2026Q3',
      version: 1,
      supersedes: null,
      title: signed.title,
      office: { name: '绍兴市越城区卫生健康局', uscc: '12330602MB12345672' },
    });
    expect(v.manifest!.createdAt).toMatch(/^2026-11-22T09:0\d:\d\d\+08:00$/);
    const head = await app.call('credit.chainHead', {});
    expect(v.manifest!.ledgerHead).toEqual({ seq: head.seq, hash: head.hash });
    expect(v.manifest!.files.map((f) => f.name)).toEqual([
      'report.pdf',
      'report.docx',
      'report.ofd',
      'data.json',
      'data.xlsx',
    ]);

    // OpenSSL, an independent implementation, over the unpacked files.
    const out = mkdtempSync(join(tmpdir(), 'zj-pkg-'));
    const files = unzipSync(new Uint8Array(pkg));
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(out, name), bytes);
    const ossl = execFileSync(
      'openssl',
      [
        'dgst',
        '-sm3',
        '-sigopt',
        'distid:1234567812345678',
        '-verify',
        'signer.pub.pem',
        '-signature',
        'manifest.sig',
        'manifest.json',
      ],
      { cwd: out, encoding: 'utf8' },
    );
    expect(ossl.trim()).toBe('Verified OK');
    for (const f of v.manifest!.files) {
      const d = execFileSync('openssl', ['dgst', '-sm3', '-r', f.name], { cwd: out, encoding: 'utf8' });
      expect(d.split(' ')[0]).toBe(f.sm3);
    }

    // data.json is the frozen snapshot.
    const data = JSON.parse(Buffer.from(files['data.json']!).toString('utf8')) as ReportDetail['data'];
    expect(data).toEqual(signed.data);
    expect(data.indicators.find((i) => i.key === 'meetings.held')!.value).toBe(
      value(signed, 'meetings.held'),
    );

    // report.pdf: title, 发文字号, figures, the narrative and the marked empty sections.
    const pdfText = execFileSync('pdftotext', [join(out, 'report.pdf'), '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      '',
    );
    expect(pdfText).toContain('绍兴市越城区卫生健康局文件');
    expect(pdfText).toContain(signed.docNumber!);
    expect(pdfText).toContain('医疗卫生行业综合监管阶段性工作总结');
    expect(pdfText).toContain('本季度综合监管工作有序推进。');
    expect(pdfText).toContain(`本季度召开联席会议${value(signed, 'meetings.held')}次`);
    expect(pdfText).toContain(`收到转报${value(signed, 'referrals.received')}件`);
    expect(pdfText).toContain('（本节未填写）');
    expect(pdfText).toContain('主要指标');
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '2',
      join(out, 'report.pdf'),
      join(out, 'page'),
    ]);
    const pngs = readdirSync(out).filter((f) => f.startsWith('page') && f.endsWith('.png'));
    expect(pngs.length).toBe(2);
    if (process.env.KEEP_REPORT_PAGES)
      for (const p of pngs) writeFileSync(join(process.env.KEEP_REPORT_PAGES, p), readFileSync(join(out, p)));

    // report.docx read back.
    const docx = unzipSync(files['report.docx']!);
    const xml = Buffer.from(docx['word/document.xml']!)
      .toString('utf8')
      .replace(/<[^>]+>/g, '');
    expect(xml).toContain(signed.docNumber!);
    expect(xml).toContain('本季度综合监管工作有序推进。');
    expect(xml).toContain('（本节未填写）');

    // data.xlsx read back.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(files['data.xlsx']!) as unknown as ArrayBuffer);
    const ind = wb.getWorksheet('主要指标')!;
    const row = ind.getRows(2, ind.rowCount - 1)!.find((r) => r.getCell(1).value === 'meetings.held')!;
    expect(row.getCell(3).value).toBe(value(signed, 'meetings.held'));

    // The exports of a signed report are the package's own files.
    const docxExport = Buffer.from((await app.call('reports.docx', { id: q3.id })).base64, 'base64');
    expect(docxExport.equals(Buffer.from(files['report.docx']!))).toBe(true);
    rmSync(out, { recursive: true, force: true });

    // Frozen: the handlers refuse, and so does the database.
    const e = await expectAppError(
      app.call('reports.saveDraft', {
        id: q3.id,
        updatedAt: signed.updatedAt,
        title: signed.title,
        addressee: '',
        narrative: signed.narrative,
      }),
      'CONFLICT',
    );
    expect(e.message).toBe('已签发的报告不能修改；如需更改，请生成更正版');
    await expectAppError(app.call('reports.deleteDraft', { id: q3.id }), 'CONFLICT');
    await expectAppError(app.call('reports.sign', { id: q3.id, passphrase: PASSPHRASE }), 'CONFLICT');
    await expect(sql`update reports set title = 'x' where id = ${q3.id}`.execute(app.db)).rejects.toThrow(
      '已签发的报告不能修改',
    );
    await expect(sql`delete from reports where id = ${q3.id}`.execute(app.db)).rejects.toThrow(
      '已签发的报告不能删除',
    );
    // The figures stay as signed when the records change.
    const institution = (await app.call('institutions.list', { includeInactive: false }))[0]!;
    await app.call('complaints.create', {
      ticketNo: 'SX202609150099',
      receivedOn: '2026-09-15',
      content: '签发后登记的投诉',
      category: 'medical_service',
      departmentId: (await app.call('departments.list', {}))[0]!.id,
      institutionId: institution.id,
    });
    const again = await app.call('reports.get', { id: q3.id });
    expect(value(again, 'complaints.received')).toBe(value(signed, 'complaints.received'));
    // …and what a recompilation would change is shown beside them (issue 21), by key, signed → now.
    expect(signed.figureChanges).toEqual([]);
    expect(again.figureChanges).toContainEqual({
      key: 'complaints.received',
      label: '受理 12345 投诉',
      unit: '件',
      signed: value(signed, 'complaints.received'),
      now: value(signed, 'complaints.received') + 1,
    });
    expect(again.figureChanges!.every((c) => c.signed !== c.now)).toBe(true);
    q3 = again;
  });

  it('更正版: version 2 names the package it replaces, and signs', async () => {
    await expectAppError(app.call('reports.correct', { id: q3.id, reason: '' }), 'VALIDATION');
    const v2 = await app.call('reports.correct', { id: q3.id, reason: '补录 9 月 15 日的投诉' });
    expect(v2).toMatchObject({
      version: 2,
      status: 'draft',
      supersedesId: q3.id,
      correctionReason: '补录 9 月 15 日的投诉',
    });
    expect(v2.supersedes).toMatchObject({
      id: q3.id,
      version: 1,
      packageSha256: q3.packageSha256,
      docNumber: q3.docNumber,
    });
    expect(v2.narrative).toEqual(q3.narrative);
    // The 更正版 lists its differences from the version it replaces.
    expect(v2.figureChanges).toEqual(q3.figureChanges);
    expect(value(v2, 'complaints.received')).toBe(value(q3, 'complaints.received') + 1); // live again
    const twice = await expectAppError(
      app.call('reports.correct', { id: q3.id, reason: '再次' }),
      'CONFLICT',
    );
    expect(twice.message).toContain('已有更正版');
    const signed = await app.call('reports.sign', { id: v2.id, passphrase: PASSPHRASE });
    expect(signed.docNumber).not.toBe(q3.docNumber);
    expect(signed.manifest).toMatchObject({ version: 2, supersedes: q3.packageSha256 });
    const pkg = Buffer.from((await app.call('reports.package', { id: v2.id })).base64, 'base64');
    const v = verifyPackage(new Uint8Array(pkg), { superseded: new Set() });
    expect(v.ok).toBe(true);
    const pdf = unzipSync(new Uint8Array(pkg))['report.pdf']!;
    const dir2 = mkdtempSync(join(tmpdir(), 'zj-pkg2-'));
    writeFileSync(join(dir2, 'r.pdf'), pdf);
    const text = execFileSync('pdftotext', [join(dir2, 'r.pdf'), '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      '',
    );
    expect(text).toContain(`更正版，替代${q3.docNumber}`);
    rmSync(dir2, { recursive: true, force: true });
    const overview = await app.call('reports.overview', {});
    expect(overview.reports.find((r) => r.id === q3.id)!.supersededById).toBe(v2.id);
  });

  it('submission log: after signing, how it was sent; the period shows 已上报', async () => {
    const draft = await app.call('reports.create', { type: 'credit', period: '2026Q3' });
    await expectAppError(
      app.call('reports.logSubmission', {
        reportId: draft.id,
        method: 'usb',
        recipient: '市卫健委',
        sentOn: '2026-11-22',
      }),
      'VALIDATION',
    );
    const v2 = (await app.call('reports.overview', {})).reports.find(
      (r) => r.type === 'quarterly' && r.version === 2,
    )!;
    const early = await expectAppError(
      app.call('reports.logSubmission', {
        reportId: v2.id,
        method: 'usb',
        recipient: '市卫健委',
        sentOn: '2026-11-01',
      }),
      'VALIDATION',
    );
    expect(early.message).toContain('不能早于签发日期');
    await expectAppError(
      app.call('reports.logSubmission', {
        reportId: v2.id,
        method: 'other',
        recipient: '市卫健委',
        sentOn: '2026-11-22',
      }),
      'VALIDATION',
    );
    const logged = await app.call('reports.logSubmission', {
      reportId: v2.id,
      method: 'mail',
      recipient: '绍兴市卫生健康委员会综合监督处',
      sentOn: '2026-11-22',
      note: '内网邮件',
    });
    expect(logged.submissionLog).toEqual([
      expect.objectContaining({
        method: 'mail',
        recipient: '绍兴市卫生健康委员会综合监督处',
        packageSha256: logged.packageSha256,
      }),
    ]);
    expect(logged.due).toMatchObject({ status: 'submitted', submittedOn: '2026-11-22' });
    const overview = await app.call('reports.overview', {});
    const q = overview.obligations.find((o) => o.type === 'quarterly' && o.period === '2026Q3')!;
    expect(q).toMatchObject({ reportId: v2.id, reportStatus: 'signed', due: { status: 'submitted' } });
    const q4 = overview.obligations.find((o) => o.type === 'quarterly' && o.period === '2026Q4')!;
    expect(q4).toMatchObject({ reportId: null, due: { dueOn: '2026-12-31', status: 'not_due' } });
    // The demo office started using the app in 2026Q1: 2025's reports are not owed, this year's unsent are late.
    expect(overview.obligations.find((o) => o.type === 'annual' && o.period === '2025')).toBeUndefined();
    expect(
      overview.obligations.find((o) => o.type === 'quarterly' && o.period === '2026Q1')!.due.status,
    ).toBe('overdue');
    await app.call('reports.deleteDraft', { id: draft.id });
  });

  it("a 更正 dated in November leaves Q3 as it stood and counts in Q4; tiers are those of the period's end", async () => {
    const q = (code: string) => computeFigures(app.db, 'credit', requirePeriod(code), '2026-11-22');
    const get = (f: Awaited<ReturnType<typeof q>>, key: string) =>
      f.indicators.find((i) => i.key === key)!.value;
    const entry = (
      await sql<{ seq: number }>`select e.seq from credit_ledger e where e.type != 'correction'
        and e.fact_date between '2026-07-01' and '2026-09-30'
        and not exists (select 1 from credit_ledger c where c.amends_seq = e.seq) order by e.seq limit 1`.execute(
        app.db,
      )
    ).rows[0]!;
    const [q3Before, q4Before, yearBefore] = [await q('2026Q3'), await q('2026Q4'), await q('2026')];
    await app.call('credit.correct', {
      seq: entry.seq,
      factDate: '2026-11-20',
      basis: '',
      reason: '处罚决定已撤销',
    });
    const [q3After, q4After, yearAfter] = [await q('2026Q3'), await q('2026Q4'), await q('2026')];
    expect(get(q3After, 'credit.entries')).toBe(get(q3Before, 'credit.entries'));
    expect(get(yearAfter, 'credit.entries')).toBe(get(yearBefore, 'credit.entries'));
    expect(get(q4After, 'credit.corrections')).toBe(get(q4Before, 'credit.corrections')! + 1);
    // Tiers as of each period's end, dated like the credit records, over the institutions in the register by
    // then (the demo enters its register on the day it is made, so Q1–Q3 count those entered by their end).
    const rated = (f: Awaited<ReturnType<typeof q>>) =>
      ['A', 'B', 'C', 'D'].reduce((n, t) => n + get(f, `tiers.${t}`)!, 0);
    expect(rated(q4After)).toBeGreaterThan(0);
    expect(rated(await q('2026Q1'))).toBeLessThanOrEqual(rated(q3After));
    expect(rated(q3After)).toBeLessThanOrEqual(rated(q4After));
    // A tier counts only institutions that were in the register by the period's end.
    for (const f of [q3After, q4After])
      expect(rated(f) + get(f, 'tiers.unrated')!).toBe(get(f, 'institutions.active'));
  });

  it('the 信用等级 section reads the ledger by batches of institutions and gives each the tier of its own entries', async () => {
    // The reference: each institution's own entries dated by the day, through the credit module's rule.
    const rules = await loadRules(app.db);
    const ids = (await app.db.selectFrom('institutions').select('id').orderBy('id').execute()).map(
      (r) => r.id,
    );
    for (const asOf of ['2025-12-31', '2026-09-30', '2026-11-22']) {
      const want = new Map<number, string | null>();
      for (const id of ids) {
        const facts = (await subjectLedger(app.db, 'institution', id))
          .filter((e) => e.fact_date <= asOf)
          .map(toFact);
        if (facts.length) want.set(id, computeTier(rules, 'institution', facts, asOf).tier);
      }
      if (asOf === '2026-11-22') expect(want.size).toBeGreaterThan(5);
      // Batches of one, of a few (an institution's entries never split between two), of all; and every other
      // institution only, as for a register that had fewer by then: those left out get no tier.
      for (const size of [1, 7, 1000]) expect(await institutionTiers(app.db, ids, asOf, size)).toEqual(want);
      const odd = ids.filter((_, i) => i % 2 === 1);
      expect(await institutionTiers(app.db, odd, asOf, 5)).toEqual(
        new Map([...want].filter(([id]) => odd.includes(id))),
      );
    }
  });

  it('writes an audit row for every change, and none with the passphrase', async () => {
    const rows = await app.db
      .selectFrom('audit_log')
      .select(['action', 'summary', 'after_json', 'actor_name'])
      .where('action', 'like', 'reports.%')
      .execute();
    const actions = new Set(rows.map((r) => r.action));
    for (const a of [
      'reports.create',
      'reports.saveDraft',
      'reports.deleteDraft',
      'reports.sign',
      'reports.correct',
      'reports.logSubmission',
    ])
      expect(actions, a).toContain(a);
    const signs = rows.filter((r) => r.action === 'reports.sign');
    expect(signs.some((r) => r.summary.includes('签发报告') && r.summary.includes(q3.packageSha256!))).toBe(
      true,
    );
    expect(
      rows.some((r) => r.summary.includes(PASSPHRASE) || (r.after_json ?? '').includes(PASSPHRASE)),
    ).toBe(false);
    // The rules for due dates are a setting with its own audit row.
    const rules = await app.call('reports.updateDueRules', {
      quarter: { rule: 'workingDaysAfter', days: 5 },
      year: { rule: 'lastWorkingDay' },
    });
    expect(rules.quarter).toEqual({ rule: 'workingDaysAfter', days: 5 });
    const o = await app.call('reports.overview', {});
    expect(o.obligations.find((x) => x.type === 'quarterly' && x.period === '2026Q4')!.due.dueOn).toBe(
      addWorkingDays(createWorkCalendar(), '2026-12-31', 5),
    );
    await app.call('reports.updateDueRules', DEFAULT_DUE_RULES);
  });
});

describe('zongjian report (command line)', () => {
  it('signs a package from the saved draft, or marks the sections of a new one; a wrong passphrase fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zj-report-cli-'));
    try {
      // The demo without its own key and reports: the office makes them here.
      expect((await cli(['seed-demo', '--data', dir, '--now', NOW, '--no-reports'])).code).toBe(0);
      const pass = join(dir, 'pass.txt');
      writeFileSync(pass, `${PASSPHRASE}\r\n`);
      expect((await cli(['keygen', '--data', dir, '--passphrase-file', pass])).code).toBe(0);
      // The office saved a draft of the third quarter in the app.
      const core = await startAppCore({ dataDir: dir, startupCare: false, clock: () => new Date(NOW) });
      await core.dispatcher.call('auth.login', { username: 'keyuan', password: 'Demo@2026' }, 's');
      const draft = await core.dispatcher.call(
        'reports.create',
        { type: 'quarterly', period: '2026Q3' },
        's',
      );
      await core.dispatcher.call(
        'reports.saveDraft',
        {
          id: draft.id,
          updatedAt: draft.updatedAt,
          title: draft.title,
          addressee: draft.addressee,
          narrative: draft.narrative.map((b, i) =>
            i === 2 ? { type: 'p', text: '命令行签发的季度总结。' } : b,
          ),
        },
        's',
      );
      await core.close();

      const usage = await cli([
        'report',
        '--data',
        dir,
        '--type',
        'quarterly',
        '--sign',
        '--out',
        join(dir, 'x.zip'),
      ]);
      expect(usage.code).toBe(2);
      expect(usage.err).toContain('缺少 --period');
      const wrong = join(dir, 'wrong.txt');
      writeFileSync(wrong, 'not the passphrase');
      const refused = await cli([
        'report',
        '--data',
        dir,
        '--type',
        'quarterly',
        '--period',
        '2026Q3',
        '--sign',
        '--passphrase-file',
        wrong,
        '--out',
        join(dir, 'x.zip'),
      ]);
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('签名口令不正确');

      const out = join(dir, 'q3.zip');
      const signed = await cli([
        'report',
        '--data',
        dir,
        '--type',
        'quarterly',
        '--period',
        '2026Q3',
        '--sign',
        '--passphrase-file',
        pass,
        '--out',
        out,
        '--json',
      ]);
      expect(signed.code, signed.err).toBe(0);
      const result = JSON.parse(signed.out) as { status: string; packageSha256: string; docNumber: string };
      expect(result.status).toBe('signed');
      const zip = new Uint8Array(readFileSync(out));
      const v = verifyPackage(zip);
      expect(v.ok, v.reasons.join('；')).toBe(true);
      expect(v.sha256).toBe(result.packageSha256);
      const pdfPath = join(dir, 'q3.pdf');
      writeFileSync(pdfPath, unzipSync(zip)['report.pdf']!);
      const text = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      expect(text).toContain('命令行签发的季度总结。');
      expect(text).toContain(result.docNumber);

      // No draft for the annual report: a new one, its sections marked; the verify-package command agrees.
      const annual = join(dir, 'annual.zip');
      // Signed in a terminal: a progress line on stderr follows the steps (第 k / n 步), cleared at the end.
      const made = { out: '', err: '', code: -1 };
      made.code = await runCli(
        [
          'report',
          '--data',
          dir,
          '--type',
          'annual',
          '--period',
          '2026',
          '--sign',
          '--passphrase-file',
          pass,
          '--out',
          annual,
        ],
        {
          stdout: { write: (t: string) => (made.out += t) },
          stderr: Object.assign({ write: (t: string) => (made.err += t) }, { isTTY: true }),
          env: { ...process.env },
        },
      );
      expect(made.code, made.err).toBe(0);
      expect(made.out).toContain('已按默认提纲新建');
      expect(made.err).toMatch(new RegExp(`\\r正在.+：第 \\d+ / ${SIGN_STEPS} 步（\\d+%）`));
      expect(made.err.endsWith('\r\x1b[K')).toBe(true);
      const annualPdf = join(dir, 'annual.pdf');
      writeFileSync(annualPdf, unzipSync(new Uint8Array(readFileSync(annual)))['report.pdf']!);
      expect(execFileSync('pdftotext', [annualPdf, '-'], { encoding: 'utf8' })).toContain('（本节未填写）');
      expect((await cli(['verify-package', annual])).code).toBe(0);
      // Asked again: the signed package is handed out, not signed twice.
      const again = await cli([
        'report',
        '--data',
        dir,
        '--type',
        'annual',
        '--period',
        '2026',
        '--sign',
        '--passphrase-file',
        pass,
        '--out',
        join(dir, 'again.zip'),
      ]);
      expect(again.code).toBe(0);
      expect(again.out).toContain('未重新签名');
      expect(readFileSync(join(dir, 'again.zip')).equals(readFileSync(annual))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
