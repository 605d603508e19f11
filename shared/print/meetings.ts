// The documents of a joint meeting as GB/T 9704 documents: 会议通知 (red-header, with its 发文字号 and a 回执),
// the agenda sheet, the 签到表, and the 会议纪要. One model each, rendered to print HTML in the app (PDF) and to
// DOCX by the main process, so the PDF and the Word file say the same thing.
import type { MeetingDetail, OfficeProfile } from '../contract';
import { ATTENDANCE_LABELS, type MeetingType } from '../contract/meetings';
import { formatChineseDate, weekdayZh } from '../dates';
import type { OfficialBlock, OfficialDoc } from './official';

const endTime = (start: string, minutes: number): string => {
  const total = Number(start.slice(0, 2)) * 60 + Number(start.slice(3, 5)) + minutes;
  return `${String(Math.floor(total / 60) % 24).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
};

/** 14:30—16:00: the 24-hour clock alone (never 下午14:30). */
export function meetingHours(m: Pick<MeetingDetail, 'startTime' | 'durationMinutes'>): string {
  return `${m.startTime}—${endTime(m.startTime, m.durationMinutes)}`;
}

/** 2026年1月6日（星期二）14:30—16:00, as printed documents write it (GB/T 9704 dates). */
export function meetingWhen(m: Pick<MeetingDetail, 'date' | 'startTime' | 'durationMinutes'>): string {
  return `${formatChineseDate(m.date)}（${weekdayZh(m.date)}）${meetingHours(m)}`;
}

export function meetingWhere(m: Pick<MeetingDetail, 'place' | 'room'>): string {
  return [m.place, m.room].filter(Boolean).join(' ');
}

/** 绍兴市越城区卫生健康局 → 绍兴市越城区: the district the joint meeting belongs to. */
export function districtOf(officeName: string): string {
  return officeName.replace(/(卫生健康(局|委员会|委)|卫健(局|委))$/, '') || officeName;
}

const attending = (m: MeetingDetail) => m.departments.filter((d) => d.role === 'attend');
const observing = (m: MeetingDetail) => m.departments.filter((d) => d.role === 'observe');

/** The member department that is the issuing office itself (the 卫生健康局 convenes its own joint meeting). */
export function isIssuingOffice(
  d: Pick<MeetingDetail['departments'][number], 'fullName' | 'shortName'>,
  office: Pick<OfficeProfile, 'name'>,
): boolean {
  const name = office.name.trim();
  const full = d.fullName.trim();
  const short = d.shortName.trim();
  return (
    full === name ||
    (full.length >= 4 && name.endsWith(full)) ||
    (short.length >= 4 && name.endsWith(short))
  );
}

/** 主送: the departments called to the meeting, without the office that sends the notice. */
export function noticeAddressees(m: MeetingDetail, office: Pick<OfficeProfile, 'name'>): string {
  return (
    [...attending(m), ...observing(m)]
      .filter((d) => !isIssuingOffice(d, office))
      .map((d) => d.fullName)
      .join('、') || '各成员单位'
  );
}

export function noticeDoc(m: MeetingDetail, office: OfficeProfile, issuedOn: string): OfficialDoc {
  const blocks: OfficialBlock[] = [
    {
      type: 'p',
      text: `为推进全区医疗卫生行业综合监管工作，经研究，定于${formatChineseDate(m.date)}召开${m.title}。现将有关事项通知如下：`,
    },
    { type: 'h1', text: '会议时间' },
    {
      type: 'p',
      text: `${meetingWhen(m)}，会期约 ${m.durationMinutes} 分钟。${m.checkInTime ? `报到时间：${m.checkInTime}。` : ''}`,
    },
    { type: 'h1', text: '会议地点' },
    { type: 'p', text: `${meetingWhere(m) || '另行通知'}。` },
    { type: 'h1', text: '参会人员' },
  ];
  const named = attending(m).map((d) =>
    d.attendeeNames ? `${d.fullName}（${d.attendeeNames}）` : d.fullName,
  );
  blocks.push({ type: 'p', text: `出席：${named.join('、')}${named.length ? '分管负责同志各1名' : ''}。` });
  if (observing(m).length)
    blocks.push({
      type: 'p',
      text: `列席：${observing(m)
        .map((d) => d.fullName)
        .join('、')}。`,
    });
  if (m.invitedLeaders) blocks.push({ type: 'p', text: `邀请出席：${m.invitedLeaders}。` });
  if (m.chair) blocks.push({ type: 'p', text: `会议由${m.chair}主持。` });
  blocks.push({ type: 'h1', text: '会议议程' });
  m.agenda.forEach((a, i) =>
    blocks.push({
      type: 'p',
      text: `${i + 1}. ${a.title}${a.presenterName ? `（${a.presenterName}汇报，${a.minutes}分钟）` : `（${a.minutes}分钟）`}`,
    }),
  );
  blocks.push({ type: 'h1', text: '有关要求' });
  if (m.whatToBring) blocks.push({ type: 'p', text: `请参会人员携带：${m.whatToBring}` });
  blocks.push({
    type: 'p',
    text: `请各单位${m.rsvpDeadline ? `于${formatChineseDate(m.rsvpDeadline)}前` : '在会前'}将参会回执（见附件）报送${office.name}，如不能出席，请提前说明原因并书面委托。`,
  });
  if (m.contactPerson || m.contactPhone) {
    blocks.push({
      type: 'p',
      text: `联系人：${m.contactPerson}${m.contactPhone ? `，联系电话：${m.contactPhone}` : ''}。`,
    });
  }
  // The 回执 is an 附件 (GB/T 9704 7.5): named in the 附件说明 under the body, printed after the 落款 and date on
  // a page of its own.
  const receipt: OfficialBlock = {
    type: 'table',
    columns: ['单位', '姓名', '职务', '联系电话', '备注'],
    widths: [3, 1.4, 1.6, 2, 1.4],
    rows: [...attending(m), ...observing(m)].map((d) => [
      d.fullName,
      '',
      '',
      '',
      d.role === 'observe' ? '列席' : '',
    ]),
    rowHeightMm: 12,
  };
  return {
    kind: 'document',
    issuerMark: `${office.name}文件`,
    ...(m.docNumber ? { docNumber: m.docNumber } : {}),
    title: `关于召开${m.title}的通知`,
    addressee: noticeAddressees(m, office),
    blocks,
    attachments: [`${m.title}参会回执`],
    annexes: [{ title: `${m.title}参会回执`, blocks: [receipt] }],
    signer: office.name,
    date: issuedOn,
    printedBy: office.name,
    printedOn: issuedOn,
  };
}

export function agendaDoc(m: MeetingDetail): OfficialDoc {
  return {
    kind: 'plain',
    title: `${m.title}议程`,
    subtitle: `${meetingWhen(m)}\u3000${meetingWhere(m)}`,
    blocks: [
      {
        type: 'table',
        // 时长（分钟） wraps between its words: the column holds （分钟） (4 characters and the padding).
        columns: ['序号', '议题', '汇报单位', '时长（分钟）', '关联清单任务'],
        widths: [0.8, 3.6, 1.8, 1.6, 2.4],
        rows: [
          ...m.agenda.map((a, i) => [
            String(i + 1),
            a.title,
            a.presenterName,
            String(a.minutes),
            a.checklistItems.map((c) => `第${c.seq}项 ${c.title}`).join('；'),
          ]),
          [
            '',
            '合计',
            '',
            String(m.agendaMinutes),
            m.agendaMinutes > m.durationMinutes
              ? `超出会议时长 ${m.agendaMinutes - m.durationMinutes} 分钟`
              : `会议时长 ${m.durationMinutes} 分钟`,
          ],
        ],
      },
      ...(m.chair ? [{ type: 'p' as const, text: `主持人：${m.chair}` }] : []),
    ],
  };
}

export function signInDoc(m: MeetingDetail): OfficialDoc {
  return {
    kind: 'plain',
    title: `${m.title}签到表`,
    subtitle: `${meetingWhen(m)}\u3000${meetingWhere(m)}`,
    blocks: [
      {
        type: 'table',
        columns: ['序号', '单位', '姓名', '职务', '签名'],
        widths: [0.8, 3.4, 1.6, 1.6, 2.6],
        rows: [...attending(m), ...observing(m)].map((d, i) => [
          String(i + 1),
          d.role === 'observe' ? `${d.shortName}（列席）` : d.shortName,
          '',
          '',
          '',
        ]),
        rowHeightMm: 14,
      },
    ],
  };
}

/** The 纪要 mark by the kind of meeting: a 专题会商 keeps 专题会商纪要, not 联席会议纪要. */
const MINUTES_MARK: Record<MeetingType, string> = {
  regular: '医疗卫生行业综合监管联席会议纪要',
  topic: '医疗卫生行业综合监管专题会商纪要',
  emergency: '医疗卫生行业综合监管应急协同会议纪要',
  enforcement: '医疗卫生行业综合监管联合执法部署会纪要',
};

export function minutesMark(m: Pick<MeetingDetail, 'type'>, office: Pick<OfficeProfile, 'name'>): string {
  return `${districtOf(office.name)}${MINUTES_MARK[m.type]}`;
}

/** '会议研究了3个议题，形成议定事项2项。': only what happened (no "研究了0个议题"). */
function minutesOutcome(agenda: number, decisions: number): string {
  const parts = [
    ...(agenda ? [`研究了${agenda}个议题`] : []),
    ...(decisions ? [`形成议定事项${decisions}项`] : []),
  ];
  return parts.length ? `会议${parts.join('，')}。` : '';
}

export function minutesDoc(m: MeetingDetail, office: OfficeProfile): OfficialDoc {
  const present = m.departments.filter((d) => d.attendance === 'present' || d.attendance === 'delegate');
  const names = (d: MeetingDetail['departments'][number]) =>
    d.attendance === 'delegate'
      ? `${d.shortName}${d.delegateName ? ` ${d.delegateName}` : ''}（${ATTENDANCE_LABELS.delegate}）`
      : `${d.shortName}${d.attendeeNames ? ` ${d.attendeeNames}` : ''}`;
  const blocks: OfficialBlock[] = [
    {
      type: 'p',
      text: `${formatChineseDate(m.date)}，${m.convener || office.name}在${meetingWhere(m) || '本单位'}召开${m.title}${m.chair ? `，会议由${m.chair}主持` : ''}。${minutesOutcome(m.agenda.length, m.decisions.length)}现纪要如下：`,
    },
  ];
  for (const para of m.minutesSummary.split(/\n+/).filter((s) => s.trim()))
    blocks.push({ type: 'p', text: para.trim() });
  for (const a of m.agenda) {
    blocks.push({ type: 'h1', text: a.title });
    if (a.discussion)
      for (const para of a.discussion.split(/\n+/).filter((s) => s.trim()))
        blocks.push({ type: 'p', text: para.trim() });
    if (a.conclusion) blocks.push({ type: 'p', text: `会议议定：${a.conclusion}` });
  }
  if (m.decisions.length) {
    blocks.push({ type: 'h1', text: '议定事项' });
    for (const d of m.decisions) {
      const lead = d.departments.find((x) => x.lead);
      const others = d.departments.filter((x) => !x.lead);
      blocks.push({
        type: 'h3',
        text: `${d.text}（牵头单位：${lead?.shortName ?? '—'}${others.length ? `；配合单位：${others.map((x) => x.shortName).join('、')}` : ''}；完成时限：${formatChineseDate(d.dueDate)}）`,
      });
    }
  }
  const observers = present.filter((d) => d.role === 'observe');
  const attendance: { label: string; names: string }[] = [
    {
      label: '出席',
      names:
        present
          .filter((d) => d.role === 'attend')
          .map(names)
          .join('，') || '—',
    },
  ];
  if (observers.length) attendance.push({ label: '列席', names: observers.map(names).join('，') });
  const leave = m.departments.filter((d) => d.attendance === 'leave');
  if (leave.length) {
    attendance.push({
      label: '请假',
      names: leave.map((d) => `${d.shortName}（${d.leaveReason}）`).join('，'),
    });
  }
  return {
    kind: 'minutes',
    issuerMark: minutesMark(m, office),
    ...(m.minutesNumber ? { minutesNumber: m.minutesNumber } : {}),
    title: '',
    blocks,
    signer: office.name,
    date: m.date,
    attendance,
    copyTo: '各成员单位',
    printedBy: office.name,
    printedOn: m.date,
  };
}
