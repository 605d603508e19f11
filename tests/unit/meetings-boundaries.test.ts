// The boundaries a secretary meets around a meeting's day: 请假/委托 reported on the 回执 may be entered before the
// day (出席 only from the day, and only that marks the meeting 已召开), and a decision's 完成时限 may not be
// before the meeting (it would be 逾期 the moment it is saved). Refusals are Chinese, land on the field, write
// nothing.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { ADMIN, count, newSetupApp, type TestApp } from './helpers';

const NOW = '2026-11-22T09:00:00+08:00';

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

async function deptIds(app: TestApp, ...names: string[]): Promise<number[]> {
  const all = await app.call('departments.list', {});
  return names.map((n) => all.find((x) => x.shortName === n)!.id);
}

const base = {
  type: 'regular' as const,
  title: '医疗卫生行业综合监管联席会议',
  startTime: '09:00',
  durationMinutes: 120,
  place: '区卫生健康局',
  room: '三楼会议室',
  chair: '王局长',
};

async function meetingOn(app: TestApp, date: string, departmentIds: number[]) {
  return (
    await app.call('meetings.create', {
      ...base,
      date,
      departments: departmentIds.map((departmentId) => ({
        departmentId,
        role: 'attend' as const,
        attendeeNames: '',
      })),
    })
  ).meeting;
}

const row = (departmentId: number, attendance: 'present' | 'leave' | 'delegate', text = '') => ({
  departmentId,
  attendance,
  attendeeNames: attendance === 'present' ? text : '',
  leaveReason: attendance === 'leave' ? text : '',
  delegateName: attendance === 'delegate' ? text : '',
});

describe('meeting boundaries', () => {
  it('请假 and 委托 before the day; 出席 only from the day', async () => {
    const app = await newSetupApp({ now: NOW });
    const [police, market, insurance] = await deptIds(app, '区公安分局', '区市场监管局', '区医保分局');
    const m = await meetingOn(app, '2026-12-10', [police!, market!, insurance!]);

    const audits = await count(app.db, 'audit_log');
    // 出席 before the day: refused on that row, nothing written (the 请假 beside it neither).
    const early = await refusal(
      app.call('meetings.recordAttendance', {
        meetingId: m.id,
        rows: [row(market!, 'leave', '参加市局检查'), row(police!, 'present', '张警官')],
      }),
    );
    expect(early.code).toBe('VALIDATION');
    expect(early.message).toContain('会前只能登记请假或委托');
    expect((early.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([
      'rows.1.attendance',
    ]);
    expect(await count(app.db, 'audit_log')).toBe(audits);
    expect(
      (await app.call('meetings.get', { id: m.id })).departments.every((d) => d.attendance === null),
    ).toBe(true);

    // 请假 and 委托 from the 回执, before the day: kept, and the meeting is still to be held.
    const ahead = await app.call('meetings.recordAttendance', {
      meetingId: m.id,
      rows: [row(market!, 'leave', '参加市局检查'), row(insurance!, 'delegate', '李科长')],
    });
    expect(ahead.meeting.status).toBe('planned');
    const byId = new Map(ahead.meeting.departments.map((d) => [d.departmentId, d]));
    expect(byId.get(market!)).toMatchObject({ attendance: 'leave', leaveReason: '参加市局检查' });
    expect(byId.get(insurance!)).toMatchObject({ attendance: 'delegate', delegateName: '李科长' });
    expect(byId.get(police!)!.attendance).toBeNull();
    expect(await count(app.db, 'audit_log')).toBe(audits + 1);

    // Nothing chosen before the day is refused rather than recorded as an empty change.
    expect(
      (await refusal(app.call('meetings.recordAttendance', { meetingId: m.id, rows: [] }))).message,
    ).toContain('尚未召开');

    // On the day: 出席 is recorded beside what was reported in advance, and the meeting is 已召开.
    app.travel(new Date('2026-12-10T09:30:00+08:00'));
    await app.call('auth.login', { username: ADMIN.username, password: ADMIN.password }); // after the idle lock
    const held = await app.call('meetings.recordAttendance', {
      meetingId: m.id,
      rows: [
        row(police!, 'present', '张警官'),
        row(market!, 'leave', '参加市局检查'),
        row(insurance!, 'delegate', '李科长'),
      ],
    });
    expect(held.meeting.status).toBe('held');
    expect(held.meeting.departments.map((d) => d.attendance).sort()).toEqual([
      'delegate',
      'leave',
      'present',
    ]);
  });

  it('a decision due before its meeting is refused on its field; on or after the day it is kept', async () => {
    const app = await newSetupApp({ now: NOW });
    const [police, market] = await deptIds(app, '区公安分局', '区市场监管局');
    const m = await meetingOn(app, '2026-11-20', [police!, market!]);
    const audits = await count(app.db, 'audit_log');
    const decisions = (first: string, second: string) => [
      { text: '开展医疗美容机构联合检查', dueDate: first, departmentIds: [market!, police!] },
      { text: '建立线索移送机制', dueDate: second, departmentIds: [police!] },
    ];
    const e = await refusal(
      app.call('meetings.saveMinutes', {
        meetingId: m.id,
        summary: '',
        topics: [],
        decisions: decisions('2026-12-31', '2026-11-19'),
      }),
    );
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toBe(
      '事项2的完成时限（2026-11-19）早于会议日期 2026-11-20，请填写会议当天或之后的日期',
    );
    expect((e.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([
      'decisions.1.dueDate',
    ]);
    expect(await count(app.db, 'audit_log')).toBe(audits);
    expect(await count(app.db, 'decisions')).toBe(0);

    // The meeting's own day is a valid 完成时限 (a matter settled on the spot), as is any later day.
    const saved = await app.call('meetings.saveMinutes', {
      meetingId: m.id,
      summary: '',
      topics: [],
      decisions: decisions('2026-12-31', '2026-11-20'),
    });
    expect(saved.meeting.decisions.map((d) => d.dueDate)).toEqual(['2026-12-31', '2026-11-20']);
  });
});
