// 联席会议 through the dispatcher: a quarterly series on the first working Tuesday, warnings (non-working day,
// room and chair clashes, agenda overrun), the agenda, the notice's 发文字号, attendance, minutes with decisions
// and their follow-up, the yearly count feeding checklist item 2, and the Word and ICS files read back.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import ICAL from 'ical.js';
import { AppError } from '../../shared/errors';
import { count, newSetupApp, type TestApp } from './helpers';

const NOW = '2026-11-22T09:00:00+08:00';

async function fails(p: Promise<unknown>, code: string, text?: string | RegExp): Promise<void> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  if (text) expect((e as AppError).message).toMatch(text);
}

async function deptIds(app: TestApp, ...names: string[]): Promise<number[]> {
  const all = await app.call('departments.list', {});
  return names.map((n) => {
    const d = all.find((x) => x.shortName === n);
    if (!d) throw new Error(`no department ${n}: ${all.map((x) => x.shortName).join(',')}`);
    return d.id;
  });
}

const base = {
  type: 'regular' as const,
  title: '医疗卫生行业综合监管联席会议',
  startTime: '09:00',
  durationMinutes: 120,
  place: '越城区人民大道 1 号区卫生健康局',
  room: '三楼会议室',
  chair: '王局长',
};

describe('meetings', () => {
  it('a quarterly series on the first working Tuesday, numbered per year and type, with warnings', async () => {
    const app = await newSetupApp({ now: NOW });
    const [police, market] = await deptIds(app, '区公安分局', '区市场监管局');
    const preview = await app.call('meetings.previewSeries', {
      rule: {
        frequency: 'quarterly',
        interval: 1,
        anchor: { kind: 'weekdayOrdinal', weekday: 2, ordinal: 1 },
        workingDayOnly: 'none',
        start: '2026-01-01',
        until: '2026-12-31',
      },
    });
    // Without the working-day rule, October's first Tuesday falls in the 国庆 holiday and is flagged.
    expect(preview.dates.map((d) => d.date)).toEqual([
      '2026-01-06',
      '2026-04-07',
      '2026-07-07',
      '2026-10-06',
    ]);
    expect(preview.dates[3]!.warning).toContain('国庆');

    const created = await app.call('meetings.createSeries', {
      rule: {
        frequency: 'quarterly',
        interval: 1,
        anchor: { kind: 'weekdayOrdinal', weekday: 2, ordinal: 1 },
        workingDayOnly: 'none',
        start: '2026-01-01',
        until: '2026-12-31',
      },
      meeting: base,
      departments: [
        { departmentId: police!, role: 'attend', attendeeNames: '' },
        { departmentId: market!, role: 'attend', attendeeNames: '' },
      ],
    });
    expect(created.description).toContain('每季度');
    expect(created.meetings.map((m) => [m.date, m.number])).toEqual([
      ['2026-01-06', 1],
      ['2026-04-07', 2],
      ['2026-07-07', 3],
      ['2026-10-06', 4],
    ]);
    expect(created.warnings).toEqual([
      expect.objectContaining({ date: '2026-10-06', message: expect.stringContaining('不是工作日') }),
    ]);

    // Moved off the holiday: the occurrence keeps its place in the series; the move is audited.
    const october = created.meetings[3]!;
    const moved = await app.call('meetings.move', { id: october.id, date: '2026-10-13', startTime: '09:30' });
    expect(moved.warnings).toEqual([]);
    expect(moved.meeting.originalDate).toBe('2026-10-06');
    expect(moved.meeting.sequence).toBe(1);
    const audit = await app.call('audit.list', { entity: 'meeting' });
    expect(audit[0]!.summary).toBe(
      '调整会议时间：“医疗卫生行业综合监管联席会议”由 2026-10-06 09:00 改为 2026-10-13 09:30',
    );

    // The same room and the same chair at an overlapping time are both reported.
    const other = await app.call('meetings.create', {
      ...base,
      type: 'topic',
      title: '医疗美容专项整治会商',
      date: '2026-10-13',
      startTime: '10:00',
      durationMinutes: 60,
    });
    expect(other.warnings.map((w) => w.kind).sort()).toEqual(['chairClash', 'roomClash']);
    expect(other.meeting.number).toBe(1); // first 专题会商 of the year
    // Cancelling one takes it out of the numbering and the clash.
    await app.call('meetings.cancel', { id: other.meeting.id, reason: '并入定期会议' });
    const again = await app.call('meetings.get', { id: october.id });
    expect(again.warnings).toEqual([]);
    await fails(
      app.call('meetings.move', { id: other.meeting.id, date: '2026-10-14', startTime: '09:00' }),
      'CONFLICT',
      '已取消',
    );
    await app.close();
  });

  it('agenda, notice number, attendance, minutes and follow-up; item 2 of the checklist counts the meeting', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'zj-meet-'));
    try {
      const app = await newSetupApp({ now: NOW, dataDir });
      await app.call('checklist.create', { year: 2026, templateId: 'yuecheng-2020', unresolved: [] });
      const list = (await app.call('checklist.get', { year: 2026 }))!;
      const item2 = list.items.find((i) => i.seq === 2)!;
      expect(item2.measure).toMatchObject({ requiredPerYear: 1, achieved: 0, counted: true });

      const [police, market, insurance, health] = await deptIds(
        app,
        '区公安分局',
        '区市场监管局',
        '区医保分局',
        '区卫生健康局',
      );
      const { meeting } = await app.call('meetings.create', {
        ...base,
        date: '2026-11-20',
        departments: [
          { departmentId: police!, role: 'attend', attendeeNames: '张警官' },
          { departmentId: market!, role: 'attend', attendeeNames: '' },
          { departmentId: insurance!, role: 'observe', attendeeNames: '' },
        ],
      });
      await fails(app.call('meetings.issueNotice', { id: meeting.id }), 'VALIDATION', '议程');

      const agenda = await app.call('meetings.saveAgenda', {
        meetingId: meeting.id,
        items: [
          {
            title: '通报全区综合监管工作进展',
            presenterDepartmentId: health!,
            minutes: 30,
            checklistItemIds: [item2.id],
          },
          {
            title: '研究医疗美容行业专项整治',
            presenterDepartmentId: market!,
            minutes: 40,
            checklistItemIds: [],
          },
          {
            title: '部署打击欺诈骗保工作',
            presenterDepartmentId: insurance!,
            minutes: 40,
            checklistItemIds: [],
          },
          { title: '讨论联合执法计划', presenterDepartmentId: police!, minutes: 30, checklistItemIds: [] },
        ],
      });
      expect(agenda.meeting.agendaMinutes).toBe(140);
      expect(agenda.warnings).toEqual([
        expect.objectContaining({
          kind: 'agendaOverrun',
          message: expect.stringContaining('超出会议时长 120 分钟 20 分钟'),
        }),
      ]);
      // Reordered and trimmed: the same rows, in the new order.
      const ids = agenda.meeting.agenda.map((a) => a.id);
      const trimmed = await app.call('meetings.saveAgenda', {
        meetingId: meeting.id,
        items: [3, 0, 1, 2].map((i) => ({
          id: ids[i]!,
          title: agenda.meeting.agenda[i]!.title,
          presenterDepartmentId: agenda.meeting.agenda[i]!.presenterDepartmentId,
          minutes: i === 2 ? 20 : agenda.meeting.agenda[i]!.minutes,
          checklistItemIds: agenda.meeting.agenda[i]!.checklistItems.map((c) => c.id),
        })),
      });
      expect(trimmed.meeting.agenda.map((a) => a.title)[0]).toBe('讨论联合执法计划');
      expect(trimmed.meeting.agenda.map((a) => a.id)).toEqual([ids[3], ids[0], ids[1], ids[2]]);
      expect(trimmed.warnings).toEqual([]);
      expect(trimmed.meeting.agenda[1]!.checklistItems).toEqual([
        { id: item2.id, seq: 2, title: item2.title },
      ]);

      const noticed = await app.call('meetings.issueNotice', { id: meeting.id });
      expect(noticed.meeting.docNumber).toBe('越卫健〔2026〕1号');
      expect(noticed.meeting.status).toBe('notified');
      expect((await app.call('meetings.issueNotice', { id: meeting.id })).meeting.docNumber).toBe(
        '越卫健〔2026〕1号',
      );
      const second = await app.call('meetings.create', {
        ...base,
        type: 'topic',
        title: '专题会商',
        date: '2026-12-10',
        departments: [{ departmentId: police!, role: 'attend', attendeeNames: '' }],
      });
      await app.call('meetings.saveAgenda', {
        meetingId: second.meeting.id,
        items: [{ title: '议题', presenterDepartmentId: null, minutes: 30, checklistItemIds: [] }],
      });
      expect((await app.call('meetings.issueNotice', { id: second.meeting.id })).meeting.docNumber).toBe(
        '越卫健〔2026〕2号',
      );
      await fails(
        app.call('meetings.recordAttendance', { meetingId: second.meeting.id, rows: [] }),
        'VALIDATION',
        '尚未召开',
      );

      await fails(
        app.call('meetings.recordAttendance', {
          meetingId: meeting.id,
          rows: [
            {
              departmentId: market!,
              attendance: 'leave',
              attendeeNames: '',
              leaveReason: '',
              delegateName: '',
            },
          ],
        }),
        'VALIDATION',
        '请假须填写原因',
      );
      const attended = await app.call('meetings.recordAttendance', {
        meetingId: meeting.id,
        rows: [
          {
            departmentId: police!,
            attendance: 'present',
            attendeeNames: '张警官',
            leaveReason: '',
            delegateName: '',
          },
          {
            departmentId: market!,
            attendance: 'leave',
            attendeeNames: '',
            leaveReason: '参加市局专项检查',
            delegateName: '',
          },
          {
            departmentId: insurance!,
            attendance: 'delegate',
            attendeeNames: '',
            leaveReason: '',
            delegateName: '李科长',
          },
        ],
      });
      expect(attended.meeting.status).toBe('held');

      const withMinutes = await app.call('meetings.saveMinutes', {
        meetingId: meeting.id,
        summary: '会议听取了各成员单位工作汇报。',
        topics: [
          { agendaItemId: ids[1]!, discussion: '各单位交流了整治情况。', conclusion: '年底前完成专项整治。' },
        ],
        decisions: [
          { text: '开展医疗美容机构联合检查', dueDate: '2026-11-21', departmentIds: [market!, police!] },
          { text: '建立欺诈骗保线索移送机制', dueDate: '2026-12-31', departmentIds: [insurance!] },
        ],
      });
      expect(withMinutes.meeting.minutesNumber).toBe(1);
      expect(withMinutes.meeting.decisions.map((d) => [d.text, d.overdue, d.departments[0]!.lead])).toEqual([
        ['开展医疗美容机构联合检查', true, true],
        ['建立欺诈骗保线索移送机制', false, true],
      ]);

      const forPolice = await app.call('decisions.list', { status: 'open', departmentId: police! });
      expect(forPolice.map((d) => d.text)).toEqual(['开展医疗美容机构联合检查']);
      const first = forPolice[0]!;
      await app.call('decisions.addUpdate', { decisionId: first.id, text: '已完成 12 家机构检查' });
      await fails(
        app.call('decisions.close', { decisionId: first.id, result: '' }),
        'VALIDATION',
        '办理结果',
      );
      const closed = await app.call('decisions.close', {
        decisionId: first.id,
        result: '检查 20 家，立案 2 起',
      });
      expect(closed.status).toBe('done');
      expect(closed.updates.map((u) => u.text)).toEqual(['已完成 12 家机构检查']);
      expect((await app.call('decisions.list', { status: 'open' })).map((d) => d.text)).toEqual([
        '建立欺诈骗保线索移送机制',
      ]);
      // 批量办结 of a batch holding the one just closed: refused whole, naming it; nothing is written.
      const openOne = withMinutes.meeting.decisions[1]!;
      const audits = await count(app.db, 'audit_log');
      await fails(
        app.call('decisions.closeMany', { decisionIds: [openOne.id, first.id], result: '一并办结' }),
        'CONFLICT',
        /^议定事项“开展医疗美容机构联合检查”已办结，不能再次办结；请取消选择该项后重试（未办结任何一项）$/,
      );
      await fails(
        app.call('decisions.closeMany', { decisionIds: [], result: '一并办结' }),
        'VALIDATION',
        '请先选择',
      );
      expect(await count(app.db, 'audit_log')).toBe(audits);
      expect((await app.call('decisions.list', { status: 'open' })).map((d) => d.id)).toEqual([openOne.id]);
      // A decision with follow-up cannot be deleted by saving the minutes without it.
      await fails(
        app.call('meetings.saveMinutes', { meetingId: meeting.id, summary: '', topics: [], decisions: [] }),
        'CONFLICT',
        '已有督办记录',
      );

      const listAfter = (await app.call('checklist.get', { year: 2026 }))!;
      expect(listAfter.items.find((i) => i.seq === 2)!.measure).toMatchObject({ achieved: 1 });
      const compliance = await app.call('meetings.compliance', { year: 2026 });
      expect(compliance).toMatchObject({ required: 1, held: 1 });

      // The Word files, read back as XML.
      const notice = await app.call('meetings.noticeDocx', { id: meeting.id });
      const xml = strFromU8(unzipSync(Buffer.from(notice.base64, 'base64'))['word/document.xml']!);
      // The text of the runs, as Word shows it (a two-line title is two runs with a break between them).
      const shown = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('');
      // The 回执 is an 附件 after the 落款: 附件说明 in the body, then a page headed 附件 with its title.
      const order = [
        '附件：医疗卫生行业综合监管联席会议参会回执',
        '越城区卫生健康局',
        '附件医疗卫生行业综合监管联席会议参会回执单位',
      ];
      let at = 0;
      for (const o of order) {
        const i = shown.indexOf(o, at);
        expect(i, o).toBeGreaterThan(at);
        at = i;
      }
      expect(shown).not.toContain('六、附件');
      for (const text of [
        '越卫健〔2026〕1号',
        '三楼会议室',
        '绍兴市公安局越城区分局',
        '讨论联合执法计划',
        '参会回执',
      ]) {
        expect(xml).toContain(text);
      }
      expect(shown).toContain('关于召开医疗卫生行业综合监管联席会议的通知');
      const minutes = await app.call('meetings.minutesDocx', { id: meeting.id });
      const mx = strFromU8(unzipSync(Buffer.from(minutes.base64, 'base64'))['word/document.xml']!);
      for (const text of [
        '联席会议纪要',
        '第1号',
        '请假',
        '参加市局专项检查',
        '李科长',
        '开展医疗美容机构联合检查',
      ])
        expect(mx).toContain(text);
      const signIn = await app.call('meetings.signInDocx', { id: meeting.id });
      expect(strFromU8(unzipSync(Buffer.from(signIn.base64, 'base64'))['word/document.xml']!)).toContain(
        '区医保分局（列席）',
      );

      // The calendar file, read by an independent parser.
      await app.call('meetings.cancel', { id: second.meeting.id, reason: '改期' });
      const ics = await app.call('meetings.exportIcs', { from: '2026-11-01', to: '2026-12-31' });
      const text = Buffer.from(ics.base64, 'base64').toString('utf8');
      const cal = new ICAL.Component(ICAL.parse(text));
      const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
      expect(events.map((e) => e.summary)).toEqual(['医疗卫生行业综合监管联席会议', '专题会商']);
      expect(events[0]!.startDate.toJSDate().toISOString()).toBe('2026-11-20T01:00:00.000Z');
      expect(events[0]!.endDate.toJSDate().toISOString()).toBe('2026-11-20T03:00:00.000Z');
      expect(events[0]!.location).toBe('越城区人民大道 1 号区卫生健康局 三楼会议室');
      expect(events[1]!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
      expect(Number(events[1]!.component.getFirstPropertyValue('sequence'))).toBeGreaterThan(0);
      // The UID carries this office's calendar id, created once by a migration and stored.
      const space = JSON.parse(
        (
          await app.db
            .selectFrom('settings')
            .select('value_json')
            .where('key', '=', 'calendar.officeId')
            .executeTakeFirstOrThrow()
        ).value_json,
      ) as string;
      expect(space).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(events[0]!.uid).toBe(`meeting-${meeting.id}@${space}.zongjian-desk.local`);
      expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH');
      // Exported on its own, the cancelled meeting is a cancellation of the same event, with its raised SEQUENCE.
      const one = await app.call('meetings.exportIcs', { id: second.meeting.id });
      const cancel = new ICAL.Component(ICAL.parse(Buffer.from(one.base64, 'base64').toString('utf8')));
      expect(cancel.getFirstPropertyValue('method')).toBe('CANCEL');
      const cancelled = new ICAL.Event(cancel.getFirstSubcomponent('vevent')!);
      expect(cancelled.uid).toBe(events[1]!.uid);
      expect(cancelled.component.getFirstPropertyValue('status')).toBe('CANCELLED');
      expect(Number(cancelled.component.getFirstPropertyValue('sequence'))).toBe(
        Number(events[1]!.component.getFirstPropertyValue('sequence')),
      );
      // Another office's meeting with the same row id is another event.
      const other = await newSetupApp();
      try {
        const row = await other.db
          .selectFrom('settings')
          .select('value_json')
          .where('key', '=', 'calendar.officeId')
          .executeTakeFirstOrThrow();
        expect(JSON.parse(row.value_json)).not.toBe(space);
      } finally {
        await other.close();
      }
      expect(await count(app.db, 'doc_numbers')).toBe(2);
      await app.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a clerk may read meetings but not change them; a secretary may', async () => {
    const app = await newSetupApp({ now: NOW });
    for (const [username, role] of [
      ['clerk1', 'clerk'],
      ['sec1', 'secretary'],
    ] as const) {
      await app.call('users.create', { username, displayName: username, role, password: 'Pass#2026x' });
    }
    await app.call('auth.login', { username: 'clerk1', password: 'Pass#2026x' }, 'c');
    await app.call('meetings.calendar', { from: '2026-01-01', to: '2026-12-31' }, 'c');
    await fails(
      app.call('meetings.create', { ...base, date: '2026-12-01' }, 'c'),
      'FORBIDDEN',
      '维护联席会议',
    );
    await app.call('auth.login', { username: 'sec1', password: 'Pass#2026x' }, 's');
    const { meeting } = await app.call('meetings.create', { ...base, date: '2026-12-01' }, 's');
    expect(meeting.convener).toBe('越城区卫生健康局');
    await app.close();
  });
});
