// 转报 and 12345 complaints: the deadline rules at their boundaries (due today, due yesterday, a holiday in between
// when working days are chosen, a 调休 working day) with an injectable clock; then through the dispatcher — one
// record per receiving department routed through 区卫生健康局, the rule kept with each record, overdue by itself
// as the clock moves, written replies with a file, feedback after handling ends, filters, refusals in Chinese,
// who may write, the office's settings, and the demo generator.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkCalendar } from '../../shared/dates';
import {
  COMPLAINT_FEEDBACK_DEFAULT,
  REFERRAL_REPLY_DEFAULT,
  complaintFeedbackDue,
  complaintRuleText,
  complaintStatus,
  daysLate,
  dueNote,
  referralReplyDue,
  referralRuleText,
  referralStatus,
  todayOn,
  type Clock,
} from '../../shared/domain/enforcement-deadlines';
import { ruleCitation } from '../../shared/domain/rule-presets';
import { AppError } from '../../shared/errors';
import type { Department, Input } from '../../shared/contract';
import { seedEnforcementDirectories } from '../../db/enforcement/demo-directories';
import { seedReferralsAndComplaints } from '../../db/enforcement/demo-referrals';
import { SeededRandom } from '../../db/core/demo-random';
import type { Call } from '../../db/demo';
import { count, newSetupApp, type TestApp } from './helpers';

const cal = createWorkCalendar();
/** Noon in 越城区 on a date: the same date in any test machine's zone from UTC−11 to UTC+11. */
const at =
  (date: string): Clock =>
  () =>
    new Date(`${date}T12:00:00+08:00`);
const WORKING = { days: 15, unit: 'working' } as const;
/** The presets an office without a stated province uses (越政办发〔2020〕64号 for both). */
const REFERRAL = ruleCitation({ province: null }, 'referralReply');
const FEEDBACK = ruleCitation({ province: null }, 'complaintFeedback');

describe('deadline rules (pure)', () => {
  it('15 calendar days after receipt, 7 after handling ends, and the rule as the office reads it', () => {
    expect(referralReplyDue(cal, '2026-11-22', REFERRAL_REPLY_DEFAULT)).toBe('2026-12-07');
    expect(referralReplyDue(cal, '2026-11-01', REFERRAL_REPLY_DEFAULT)).toBe('2026-11-16');
    expect(complaintFeedbackDue(cal, '2026-11-20', COMPLAINT_FEEDBACK_DEFAULT)).toBe('2026-11-27');
    // Calendar days run through holidays: received on the eve of 国庆, due in the middle of nothing special.
    expect(referralReplyDue(cal, '2026-09-30', REFERRAL_REPLY_DEFAULT)).toBe('2026-10-15');
    expect(referralRuleText(REFERRAL_REPLY_DEFAULT, REFERRAL)).toBe(
      '收到后 15 日内书面回复（越政办发〔2020〕64号）',
    );
    expect(complaintRuleText(COMPLAINT_FEEDBACK_DEFAULT, FEEDBACK)).toBe(
      '办结后 7 日内反馈区卫生健康局（越政办发〔2020〕64号）',
    );
    expect(referralRuleText(WORKING, REFERRAL)).toBe(
      '收到后 15 个工作日内书面回复（本单位设置；越政办发〔2020〕64号规定为 15 日）',
    );
    expect(complaintRuleText({ days: 5, unit: 'working' }, FEEDBACK)).toBe(
      '办结后 5 个工作日内反馈区卫生健康局（本单位设置；越政办发〔2020〕64号规定为 7 日）',
    );
  });

  it('working days skip the 国庆/中秋 holidays and count the 调休 Saturday', () => {
    // 2026-09-30 (Wed): 10-01…10-07 off; 10-08, 10-09, 10-10 (调休 Saturday), 10-12 … → the 15th is 10-27.
    expect(referralReplyDue(cal, '2026-09-30', WORKING)).toBe('2026-10-27');
    // One working day after Friday 10-09 is the 调休 Saturday 10-10, not Monday.
    expect(referralReplyDue(cal, '2026-10-09', { days: 1, unit: 'working' })).toBe('2026-10-10');
    // One working day after Friday 09-18: Saturday 09-19 is off, Sunday 09-20 is a 调休 working day.
    expect(complaintFeedbackDue(cal, '2026-09-18', { days: 1, unit: 'working' })).toBe('2026-09-20');
    // A receipt on a holiday: counting starts from the next working day.
    expect(referralReplyDue(cal, '2026-10-03', { days: 1, unit: 'working' })).toBe('2026-10-08');
    // The office's own day off (an override) moves a working-day deadline and leaves a calendar one alone.
    const office = createWorkCalendar([{ date: '2026-12-01', kind: 'holiday', name: '单位调整' }]);
    expect(referralReplyDue(cal, '2026-11-23', { days: 6, unit: 'working' })).toBe('2026-12-01');
    expect(referralReplyDue(office, '2026-11-23', { days: 6, unit: 'working' })).toBe('2026-12-02');
    expect(referralReplyDue(office, '2026-11-23', REFERRAL_REPLY_DEFAULT)).toBe('2026-12-08');
  });

  it('a deadline is met on its own day; overdue starts the day after (injectable clock)', () => {
    const r = { dueOn: '2026-12-07', replyOn: null };
    expect(referralStatus(r, todayOn(at('2026-12-06')))).toBe('pending');
    expect(referralStatus(r, todayOn(at('2026-12-07')))).toBe('pending'); // due today
    expect(referralStatus(r, todayOn(at('2026-12-08')))).toBe('overdue'); // due yesterday
    expect(referralStatus({ ...r, replyOn: '2026-12-20' }, todayOn(at('2026-12-30')))).toBe('replied');
    expect(dueNote('2026-12-07', '2026-12-04')).toBe('剩 3 日');
    expect(dueNote('2026-12-07', '2026-12-07')).toBe('今日到期');
    expect(dueNote('2026-12-07', '2026-12-08')).toBe('逾期 1 日');
    expect(daysLate('2026-12-07', '2026-12-07', '2026-12-30')).toBe(0); // replied on the due day
    expect(daysLate('2026-12-07', '2026-12-09', '2026-12-30')).toBe(2); // replied two days late
    expect(daysLate('2026-12-07', null, '2026-12-10')).toBe(3); // still open
    expect(daysLate('2026-12-07', null, '2026-12-01')).toBe(0);

    const handled = { handledOn: '2026-11-20', feedbackDue: '2026-11-27', feedbackOn: null };
    expect(complaintStatus({ handledOn: null, feedbackDue: null, feedbackOn: null }, '2026-12-31')).toBe(
      'handling',
    );
    expect(complaintStatus(handled, todayOn(at('2026-11-27')))).toBe('awaiting_feedback');
    expect(complaintStatus(handled, todayOn(at('2026-11-28')))).toBe('feedback_overdue');
    expect(complaintStatus({ ...handled, feedbackOn: '2026-11-28' }, '2026-11-28')).toBe('fed_back');
  });
});

let app: TestApp | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await app?.close();
  app = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}
const paths = (e: AppError) =>
  Object.fromEntries(
    ((e.details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? []).map((i) => [
      i.path,
      i.message,
    ]),
  );

/** A set-up office whose clock can be moved: `setNow('2026-12-08')`. */
async function office(): Promise<{
  app: TestApp;
  setNow: (date: string) => void;
  dept: (n: string) => Department;
}> {
  let now = at('2026-11-22')();
  const dir = mkdtempSync(join(tmpdir(), 'zj-ref-'));
  dirs.push(dir);
  app = await newSetupApp({ clock: () => new Date(now), dataDir: dir });
  await app.call('settings.update', { idleLockMinutes: 0 }); // the clock jumps by weeks below
  const departments = await app.call('departments.list', { includeInactive: true });
  return {
    app,
    setNow: (date) => (now = at(date)()),
    dept: (n) => departments.find((d) => d.shortName === n)!,
  };
}

const CODE = '12330602MB0000011E';

describe('转报 through the dispatcher', () => {
  it('one record per receiving department, routed through 区卫生健康局, overdue by itself, answered with a file', async () => {
    const { app, setNow, dept } = await office();
    const inst = await app.call('institutions.create', {
      name: '越城区人民医院',
      uscc: CODE,
      category: 'hospital',
      ownership: 'public',
    });
    // Received three weeks ago: 15 days have passed.
    const [old] = await app.call('referrals.create', {
      fromDepartmentId: dept('区市场监管局').id,
      toDepartmentIds: [dept('区卫生健康局').id],
      matter: '检查中发现某诊所超范围开展医疗美容项目',
      institutionId: inst.id,
      receivedOn: '2026-11-01',
    });
    expect(old).toMatchObject({
      dueOn: '2026-11-16',
      status: 'overdue',
      daysLate: 6,
      dueNote: '逾期 6 日',
      viaBureau: false,
      institutionName: '越城区人民医院',
      ruleText: '收到后 15 日内书面回复（越政办发〔2020〕64号）',
      groupDepartments: ['区卫生健康局'],
    });

    // Several departments: one record each, the same group, 经区卫生健康局转办 whatever the box said.
    const pair = await app.call('referrals.create', {
      fromDepartmentId: dept('区公安分局').id,
      toDepartmentIds: [dept('区医保分局').id, dept('区市场监管局').id],
      viaBureau: false,
      docNo: '越公转〔2026〕3号',
      matter: '涉嫌以免费体检名义诱导住院并虚假宣传',
      receivedOn: '2026-11-22',
    });
    expect(pair).toHaveLength(2);
    expect(pair.map((r) => r.toDepartmentName)).toEqual(['区医保分局', '区市场监管局']);
    for (const r of pair)
      expect(r).toMatchObject({
        groupId: pair[0]!.id,
        viaBureau: true,
        dueOn: '2026-12-07',
        status: 'pending',
        dueNote: '剩 15 日',
        groupDepartments: ['区医保分局', '区市场监管局'],
        docNo: '越公转〔2026〕3号',
      });

    // Filters: status, department (sending or receiving), year. The total is counted apart from the rows (from the
    // referrals alone): it must count the same ones.
    const list = (args: Omit<Input<'referrals.page'>, 'startRow' | 'endRow'>) =>
      app.call('referrals.page', { ...args, startRow: 0, endRow: 500 }).then((p) => {
        expect(p.total).toBe(p.rows.length);
        return p.rows.map((r) => r.id).sort((a, b) => a - b);
      });
    const ids = [old!.id, pair[0]!.id, pair[1]!.id];
    expect(await list({})).toEqual(ids);
    expect(await list({ status: 'overdue' })).toEqual([old!.id]);
    expect(await list({ status: 'pending' })).toEqual([pair[0]!.id, pair[1]!.id]);
    expect(await list({ status: 'open', departmentId: dept('区市场监管局').id })).toEqual([
      old!.id,
      pair[1]!.id,
    ]);
    expect(await list({ year: 2025 })).toEqual([]);
    expect(await list({ year: 2026, status: 'replied' })).toEqual([]);

    // The clock moves: due today is still in time, the day after is overdue.
    setNow('2026-12-07');
    expect(
      (await app.call('referrals.page', { status: 'pending', startRow: 0, endRow: 500 })).rows.map(
        (r) => r.dueNote,
      ),
    ).toEqual(['今日到期', '今日到期']);
    setNow('2026-12-08');
    expect(await list({ status: 'overdue' })).toEqual(ids);

    // A written reply with a file; the file comes back as it went in, under the name it was given.
    const text = Buffer.from('关于转报事项的书面回复：已立案调查。');
    const replied = await app.call('referrals.reply', {
      id: old!.id,
      replyOn: '2026-11-20',
      replyText: '经调查情况属实，已立案查处。',
      file: { fileName: '../书面回复.txt', base64: text.toString('base64') },
    });
    expect(replied).toMatchObject({
      status: 'replied',
      replyOn: '2026-11-20',
      daysLate: 4,
      dueNote: null,
      replyFileName: '书面回复.txt',
    });
    const file = await app.call('referrals.replyFile', { id: old!.id });
    expect(file.fileName).toBe('书面回复.txt');
    expect(Buffer.from(file.base64, 'base64').equals(text)).toBe(true);
    // Correcting the reply keeps the file unless told to drop it.
    expect(
      (await app.call('referrals.reply', { id: old!.id, replyOn: '2026-11-16', replyText: '更正：已立案。' }))
        .replyFileName,
    ).toBe('书面回复.txt');
    const corrected = await app.call('referrals.reply', {
      id: old!.id,
      replyOn: '2026-11-16',
      replyText: '更正：已立案。',
      removeFile: true,
    });
    expect(corrected).toMatchObject({ replyFileName: null, daysLate: 0, status: 'replied' });
    expect((await failure(app.call('referrals.replyFile', { id: old!.id }))).code).toBe('NOT_FOUND');
    expect(await list({ status: 'replied', year: 2026 })).toEqual([old!.id]);

    // Withdrawn (with a reason), it is overdue again.
    const withdrawn = await app.call('referrals.withdrawReply', { id: old!.id, reason: '登记错了记录' });
    expect(withdrawn).toMatchObject({ status: 'overdue', replyOn: null, replyText: '' });
    expect(
      (await failure(app.call('referrals.withdrawReply', { id: old!.id, reason: '再撤' }))).message,
    ).toBe('这条转报尚未登记回复');

    // Editing keeps the due date unless the receipt date changes; one record of a group stays in its group.
    const edited = await app.call('referrals.update', {
      id: pair[1]!.id,
      fromDepartmentId: dept('区公安分局').id,
      toDepartmentId: dept('区卫生健康局').id,
      matter: '涉嫌虚假宣传（已补充材料）',
      receivedOn: '2026-11-22',
    });
    expect(edited).toMatchObject({
      dueOn: '2026-12-07',
      viaBureau: true,
      toDepartmentName: '区卫生健康局',
      groupDepartments: ['区医保分局', '区卫生健康局'],
    });
    const moved = await app.call('referrals.update', {
      id: pair[1]!.id,
      fromDepartmentId: dept('区公安分局').id,
      toDepartmentId: dept('区卫生健康局').id,
      matter: '涉嫌虚假宣传（已补充材料）',
      receivedOn: '2026-11-23',
    });
    expect(moved.dueOn).toBe('2026-12-08');

    // Every change has its audit row; removal needs a reason and keeps the record in the log.
    await app.call('referrals.remove', { id: pair[0]!.id, reason: '重复登记' });
    expect(await count(app.db, 'referrals')).toBe(2);
    const audits = await app.db
      .selectFrom('audit_log')
      .select(['action', 'summary'])
      .where('entity', '=', 'referral')
      .orderBy('id')
      .execute();
    expect(audits.map((a) => a.action)).toEqual([
      'referrals.create',
      'referrals.create',
      'referrals.reply',
      'referrals.reply',
      'referrals.reply',
      'referrals.withdrawReply',
      'referrals.update',
      'referrals.update',
      'referrals.remove',
    ]);
    expect(audits[1]!.summary).toBe(
      '新增转报：区公安分局 → 区医保分局、区市场监管局（经区卫生健康局转办），涉嫌以免费体检名义诱导住院并虚假宣传，回复期限 2026-12-07',
    );
    expect(audits[2]!.summary).toContain('逾期 4 日');
    expect(audits.at(-1)!.summary).toContain('原因：重复登记');
  });

  it('refuses what cannot be, in Chinese, on the field it concerns', async () => {
    const { app, dept } = await office();
    const base = {
      fromDepartmentId: dept('区卫生健康局').id,
      toDepartmentIds: [dept('区市场监管局').id],
      matter: '违法医疗广告',
      receivedOn: '2026-11-20',
    };
    let e = await failure(app.call('referrals.create', { ...base, toDepartmentIds: [] }));
    expect(paths(e)).toEqual({ toDepartmentIds: '请选择接收单位' });
    e = await failure(app.call('referrals.create', { ...base, matter: '  ', receivedOn: '' }));
    expect(paths(e)).toEqual({ matter: '请填写转报事项', receivedOn: '请填写收到日期' });
    e = await failure(app.call('referrals.create', { ...base, receivedOn: '2026-02-30' }));
    expect(paths(e)).toEqual({ receivedOn: '收到日期应为真实存在的日期（YYYY-MM-DD）' });
    e = await failure(
      app.call('referrals.create', {
        ...base,
        toDepartmentIds: [dept('区卫生健康局').id, dept('区级相关部门').id],
        receivedOn: '2026-11-23',
        institutionId: 999,
      }),
    );
    expect(e.message).toBe(
      '请选择具体的接收单位，不能选统称“区级相关部门”；接收单位不能是转出单位本身；所选监管对象不在名录中；收到日期不能晚于今天（2026-11-22）',
    );
    await app.call('departments.setActive', { id: dept('区教体局').id, active: false });
    e = await failure(app.call('referrals.create', { ...base, toDepartmentIds: [dept('区教体局').id] }));
    expect(paths(e)).toEqual({ toDepartmentIds: '成员单位“区教体局”已停用' });

    const [r] = await app.call('referrals.create', base);
    e = await failure(app.call('referrals.reply', { id: r!.id, replyOn: '2026-11-19', replyText: '已查处' }));
    expect(paths(e)).toEqual({ replyOn: '回复日期不能早于收到日期（2026-11-20）' });
    e = await failure(app.call('referrals.reply', { id: r!.id, replyOn: '2026-11-25', replyText: '已查处' }));
    expect(paths(e)).toEqual({ replyOn: '回复日期不能晚于今天（2026-11-22）' });
    e = await failure(
      app.call('referrals.reply', {
        id: r!.id,
        replyOn: '2026-11-21',
        replyText: '已查处',
        file: { fileName: '回复.exe', base64: Buffer.from('MZ').toString('base64') },
      }),
    );
    expect(e.message).toContain('不支持的附件类型');
    await app.call('referrals.reply', { id: r!.id, replyOn: '2026-11-21', replyText: '已查处' });
    e = await failure(
      app.call('referrals.update', {
        id: r!.id,
        fromDepartmentId: base.fromDepartmentId,
        toDepartmentId: dept('区市场监管局').id,
        matter: base.matter,
        receivedOn: '2026-11-22',
      }),
    );
    expect(paths(e)).toEqual({ receivedOn: '收到日期不能晚于已登记的回复日期（2026-11-21）' });
    expect((await failure(app.call('referrals.remove', { id: r!.id, reason: '' }))).message).toBe(
      '请填写删除原因',
    );
    expect((await failure(app.call('referrals.update', { ...base, toDepartmentId: 1, id: 999 }))).code).toBe(
      'NOT_FOUND',
    );
  });

  it("follows the office's rule for new records and keeps the old records' rule; saving one setting keeps the others", async () => {
    const { app, dept } = await office();
    const base = {
      fromDepartmentId: dept('区卫生健康局').id,
      toDepartmentIds: [dept('区医保分局').id],
      matter: '违规使用医保基金线索',
    };
    const [before] = await app.call('referrals.create', { ...base, receivedOn: '2026-09-30' });
    expect(before!.dueOn).toBe('2026-10-15');
    const e = await failure(app.call('settings.update', { referralReplyDays: 0 }));
    expect(paths(e)).toEqual({ referralReplyDays: '转报回复期限应在 1–60 天之间' });
    const s = await app.call('settings.update', { referralReplyUnit: 'working' });
    expect(s).toMatchObject({ referralReplyDays: 15, referralReplyUnit: 'working', idleLockMinutes: 0 });
    const [after] = await app.call('referrals.create', { ...base, receivedOn: '2026-09-30' });
    expect(after).toMatchObject({
      dueOn: '2026-10-27',
      ruleText: '收到后 15 个工作日内书面回复（本单位设置；越政办发〔2020〕64号规定为 15 日）',
    });
    const kept = (await app.call('referrals.page', { startRow: 0, endRow: 500 })).rows.find(
      (r) => r.id === before!.id,
    )!;
    expect(kept).toMatchObject({
      dueOn: '2026-10-15',
      ruleText: '收到后 15 日内书面回复（越政办发〔2020〕64号）',
    });
    const preview = await app.call('referrals.deadlines', {
      referralReceivedOn: '2026-09-30',
      complaintHandledOn: '2026-11-20',
    });
    expect(preview.referralReply).toMatchObject({ due: '2026-10-27', rule: { days: 15, unit: 'working' } });
    expect(preview.complaintFeedback).toMatchObject({
      due: '2026-11-27',
      text: '办结后 7 日内反馈区卫生健康局（越政办发〔2020〕64号）',
    });
    expect(preview.referralReply.source).toContain('15天内以书面形式回复');
    expect((await app.call('referrals.deadlines', {})).referralReply.due).toBeNull();
  });
});

describe('12345 complaints through the dispatcher', () => {
  it('办理中 → 待反馈 (7 days after handling ends) → 反馈逾期 → 已反馈; 查实 kept for the credit ledger', async () => {
    const { app, setNow, dept } = await office();
    const inst = await app.call('institutions.create', {
      name: '越城区美莱医疗美容诊所',
      uscc: CODE,
      category: 'aesthetic',
      ownership: 'private',
    });
    const c = await app.call('complaints.create', {
      ticketNo: 'sx202611100001',
      receivedOn: '2026-11-10',
      content: '注射美容后红肿，怀疑操作人员无资质',
      category: 'aesthetic',
      institutionId: inst.id,
      departmentId: dept('区卫生健康局').id,
    });
    expect(c).toMatchObject({
      ticketNo: 'SX202611100001',
      status: 'handling',
      handledOn: null,
      substantiated: null,
      feedbackDue: null,
      ruleText: null,
      institutionName: '越城区美莱医疗美容诊所',
      departmentName: '区卫生健康局',
    });
    let e = await failure(
      app.call('complaints.create', {
        ticketNo: 'SX202611100001',
        receivedOn: '2026-11-11',
        content: '重复',
        category: 'other',
        departmentId: dept('区卫生健康局').id,
      }),
    );
    expect(e.code).toBe('CONFLICT');
    expect(paths(e)).toEqual({ ticketNo: '工单编号 SX202611100001 已登记（受理日期 2026-11-10）' });
    e = await failure(app.call('complaints.recordFeedback', { id: c.id, feedbackOn: '2026-11-21' }));
    expect(e.message).toBe('工单 SX202611100001 尚未办结：请先登记办结，再登记反馈');
    e = await failure(
      app.call('complaints.closeHandling', {
        id: c.id,
        handledOn: '2026-11-09',
        handlingResult: '已查处',
      } as never),
    );
    expect(paths(e)).toEqual({ substantiated: '请选择是否查实' });
    e = await failure(
      app.call('complaints.closeHandling', {
        id: c.id,
        handledOn: '2026-11-09',
        handlingResult: '已查处',
        substantiated: true,
      }),
    );
    expect(paths(e)).toEqual({ handledOn: '办结日期不能早于受理日期（2026-11-10）' });

    const closed = await app.call('complaints.closeHandling', {
      id: c.id,
      handledOn: '2026-11-20',
      handlingResult: '经查属实，已责令整改并立案调查。',
      substantiated: true,
    });
    expect(closed).toMatchObject({
      status: 'awaiting_feedback',
      feedbackDue: '2026-11-27',
      substantiated: true,
      ruleText: '办结后 7 日内反馈区卫生健康局（越政办发〔2020〕64号）',
      dueNote: '剩 5 日',
    });
    setNow('2026-11-27');
    expect(
      (await app.call('complaints.page', { status: 'awaiting_feedback', startRow: 0, endRow: 500 })).rows.map(
        (x) => x.id,
      ),
    ).toEqual([c.id]);
    setNow('2026-11-28');
    expect(
      (await app.call('complaints.page', { status: 'feedback_overdue', startRow: 0, endRow: 500 })).rows.map(
        (x) => x.id,
      ),
    ).toEqual([c.id]);
    e = await failure(app.call('complaints.recordFeedback', { id: c.id, feedbackOn: '2026-11-19' }));
    expect(paths(e)).toEqual({ feedbackOn: '反馈日期不能早于办结日期（2026-11-20）' });
    const fed = await app.call('complaints.recordFeedback', {
      id: c.id,
      feedbackOn: '2026-11-28',
      feedbackNote: '书面反馈',
    });
    expect(fed).toMatchObject({ status: 'fed_back', daysLate: 1, dueNote: null, feedbackNote: '书面反馈' });

    // Filters the dashboard and the credit ledger will use.
    const other = await app.call('complaints.create', {
      ticketNo: 'SX202611250002',
      receivedOn: '2026-11-25',
      content: '收费明细有未做的检查',
      category: 'charges',
      departmentId: dept('区医保分局').id,
    });
    const ids = async (args: Omit<Input<'complaints.page'>, 'startRow' | 'endRow'>) =>
      (await app.call('complaints.page', { ...args, startRow: 0, endRow: 500 })).rows.map((x) => x.id);
    expect(await ids({})).toEqual([other.id, c.id]); // newest first
    expect(await ids({ status: 'open' })).toEqual([other.id]);
    expect(await ids({ status: 'handling', year: 2026 })).toEqual([other.id]);
    expect(await ids({ status: 'fed_back', year: 2026 })).toEqual([c.id]);
    expect(await ids({ category: 'aesthetic', year: 2026 })).toEqual([c.id]);
    expect(await ids({ substantiated: true, year: 2026 })).toEqual([c.id]);
    expect(await ids({ departmentId: dept('区医保分局').id })).toEqual([other.id]);

    // Reopened with a reason: handling again, the 查实 decision and feedback cleared, the result text kept.
    const reopened = await app.call('complaints.reopen', { id: c.id, reason: '来电人不满意，重新核查' });
    expect(reopened).toMatchObject({
      status: 'handling',
      substantiated: null,
      feedbackOn: null,
      feedbackDue: null,
      handlingResult: '经查属实，已责令整改并立案调查。',
    });
    e = await failure(app.call('complaints.reopen', { id: c.id, reason: '再次' }));
    expect(e.message).toBe('工单 SX202611100001 正在办理中，无需重新办理');
    // Handling ends again later: the deadline follows the new date.
    const again = await app.call('complaints.closeHandling', {
      id: c.id,
      handledOn: '2026-11-28',
      handlingResult: '复核后维持原处理意见。',
      substantiated: false,
    });
    expect(again).toMatchObject({
      feedbackDue: '2026-12-05',
      substantiated: false,
      status: 'awaiting_feedback',
    });
    const updated = await app.call('complaints.update', {
      id: c.id,
      ticketNo: 'SX202611100001',
      receivedOn: '2026-11-10',
      content: '注射美容后红肿（补充：已就医）',
      category: 'aesthetic',
      institutionId: null,
      departmentId: dept('区卫生健康局').id,
    });
    expect(updated).toMatchObject({
      institutionName: null,
      status: 'awaiting_feedback',
      feedbackDue: '2026-12-05',
    });
    await app.call('complaints.remove', { id: other.id, reason: '工单号录错，重新登记' });
    const actions = (
      await app.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity', '=', 'complaint')
        .orderBy('id')
        .execute()
    ).map((a) => a.action);
    expect(actions).toEqual([
      'complaints.create',
      'complaints.closeHandling',
      'complaints.recordFeedback',
      'complaints.create',
      'complaints.reopen',
      'complaints.closeHandling',
      'complaints.update',
      'complaints.remove',
    ]);
  });

  it('only roles that keep records may write; everyone signed in may read', async () => {
    const { app, dept } = await office();
    await app.call('users.create', {
      username: 'lingdao',
      displayName: '李明',
      role: 'leader',
      password: 'Leader#2026',
    });
    await app.call('auth.login', { username: 'lingdao', password: 'Leader#2026' }, 'leader');
    const e = await failure(
      app.call(
        'complaints.create',
        {
          ticketNo: 'SX1',
          receivedOn: '2026-11-20',
          content: '投诉',
          category: 'other',
          departmentId: dept('区卫生健康局').id,
        },
        'leader',
      ),
    );
    expect(e.code).toBe('FORBIDDEN');
    expect((await app.call('complaints.page', { startRow: 0, endRow: 500 }, 'leader')).rows).toEqual([]);
    expect(
      (await app.call('referrals.page', { status: 'open', startRow: 0, endRow: 500 }, 'leader')).rows,
    ).toEqual([]);
  });
});

describe('demo generator', () => {
  it('a year of referrals and complaints for 越城区, some overdue on 2026-11-22, none in the future', async () => {
    const { app } = await office();
    const call: Call = (name, args) => app.call(name, args);
    await seedEnforcementDirectories(call, new SeededRandom(2027));
    const summary = await seedReferralsAndComplaints(call, new SeededRandom(2028));
    expect(summary.referrals).toBeGreaterThan(36); // some went to several departments
    expect(summary.complaints).toBe(120);
    expect(summary.overdueReferrals).toBeGreaterThan(0);
    expect(summary.overdueFeedback).toBeGreaterThan(0);
    expect(summary.substantiated).toBeGreaterThan(10);
    const referrals = (await app.call('referrals.page', { startRow: 0, endRow: 500 })).rows;
    const complaints = (await app.call('complaints.page', { startRow: 0, endRow: 500 })).rows;
    expect(referrals).toHaveLength(summary.referrals);
    expect(referrals.some((r) => r.viaBureau && r.groupDepartments.length > 1)).toBe(true);
    expect(new Set(referrals.map((r) => r.status))).toEqual(new Set(['pending', 'replied', 'overdue']));
    expect(new Set(complaints.map((c) => c.status))).toEqual(
      new Set(['handling', 'awaiting_feedback', 'fed_back', 'feedback_overdue']),
    );
    expect(new Set(complaints.map((c) => c.category)).size).toBe(6);
    for (const r of referrals) {
      expect(r.receivedOn >= '2025-11-22' && r.receivedOn < '2026-11-22', r.receivedOn).toBe(true);
      if (r.replyOn) expect(r.replyOn < '2026-11-22').toBe(true);
    }
    for (const c of complaints) if (c.feedbackOn) expect(c.feedbackOn < '2026-11-22').toBe(true);
    // Reproducible: the same seed gives the same register.
    const first = referrals.map((r) => [r.receivedOn, r.matter, r.replyOn]);
    await app.close();
    const { app: second } = await office();
    const call2: Call = (name, args) => second.call(name, args);
    await seedEnforcementDirectories(call2, new SeededRandom(2027));
    await seedReferralsAndComplaints(call2, new SeededRandom(2028));
    expect(
      (await second.call('referrals.page', { startRow: 0, endRow: 500 })).rows.map((r) => [
        r.receivedOn,
        r.matter,
        r.replyOn,
      ]),
    ).toEqual(first);
  });
});
