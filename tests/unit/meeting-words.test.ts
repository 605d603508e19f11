// Meeting documents say what is true: the 纪要 is titled by the kind of meeting and counts only what it had;
// the notice is not addressed to the office that sends it; times are on the 24-hour clock alone.
import { describe, expect, it } from 'vitest';
import type { MeetingDetail, OfficeProfile } from '../../shared/contract';
import {
  isIssuingOffice,
  meetingWhen,
  minutesDoc,
  minutesMark,
  noticeAddressees,
} from '../../shared/print/meetings';

const office = { name: '绍兴市越城区卫生健康局' } as OfficeProfile;
const dept = (fullName: string, shortName: string) => ({
  fullName,
  shortName,
  role: 'attend' as const,
  attendance: 'present' as const,
  attendeeNames: '',
});
const meeting = (over: Partial<MeetingDetail>): MeetingDetail =>
  ({
    type: 'regular',
    title: '医疗卫生行业综合监管联席会议',
    date: '2026-11-20',
    startTime: '14:30',
    durationMinutes: 90,
    place: '区卫生健康局',
    room: '三楼会议室',
    chair: '王局长',
    convener: '',
    minutesSummary: '',
    agenda: [],
    decisions: [],
    departments: [
      dept('绍兴市越城区卫生健康局', '区卫生健康局'),
      dept('绍兴市越城区市场监督管理局', '区市场监管局'),
    ],
    ...over,
  }) as unknown as MeetingDetail;
const text = (d: ReturnType<typeof minutesDoc>) => d.blocks.map((b) => ('text' in b ? b.text : '')).join('');

describe('meeting documents', () => {
  it('titles the 纪要 by the kind of meeting', () => {
    expect(minutesMark({ type: 'regular' }, office)).toBe('绍兴市越城区医疗卫生行业综合监管联席会议纪要');
    expect(minutesMark({ type: 'topic' }, office)).toBe('绍兴市越城区医疗卫生行业综合监管专题会商纪要');
    expect(minutesDoc(meeting({ type: 'topic' }), office).issuerMark).not.toContain('联席会议');
    for (const type of ['emergency', 'enforcement'] as const)
      expect(minutesMark({ type }, office)).not.toContain('联席会议纪要');
  });

  it('counts only what the meeting had: no "研究了0个议题"', () => {
    const none = text(minutesDoc(meeting({}), office));
    expect(none).not.toMatch(/0个议题|议定事项0项/);
    expect(none).toContain('会议由王局长主持。现纪要如下：');
    const agenda = [{ title: '通报进展', discussion: '', conclusion: '' }] as MeetingDetail['agenda'];
    expect(text(minutesDoc(meeting({ agenda }), office))).toContain('会议研究了1个议题。现纪要如下：');
  });

  it('addresses the notice to the other departments, not to the issuing office', () => {
    expect(noticeAddressees(meeting({}), office)).toBe('绍兴市越城区市场监督管理局');
    expect(isIssuingOffice({ fullName: '越城区卫生健康局', shortName: '区卫健局' }, office)).toBe(true);
    expect(isIssuingOffice({ fullName: '绍兴市越城区市场监督管理局', shortName: '区市场监管局' }, office)).toBe(
      false,
    );
    // Only the office itself invited: the notice goes to 各成员单位.
    expect(
      noticeAddressees(meeting({ departments: [dept('绍兴市越城区卫生健康局', '区卫生健康局')] as never }), office),
    ).toBe('各成员单位');
  });

  it('writes the time on the 24-hour clock alone', () => {
    expect(meetingWhen(meeting({}))).toBe('2026年11月20日（星期五）14:30—16:00');
    expect(meetingWhen(meeting({ startTime: '09:00', durationMinutes: 60 }))).toBe('2026年11月20日（星期五）09:00—10:00');
  });
});
