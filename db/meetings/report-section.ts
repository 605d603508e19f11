// 联席会议's section of a report's figures: meetings held in the period and the 议定事项 made, closed (on time) and
// still open at its end. Registered in ./index.ts; db/reports/figures.ts loops over the registered sections.
import { MEETING_TYPE_LABELS, type MeetingType } from '../../shared/contract';
import { count, ind, localDay, stock, type ReportSection } from '../core/report-sections';

// ------------------------------------------------------------------------------------- 联席会议与议定事项

const meetingsSection: ReportSection = {
  key: 'meetings',
  title: '联席会议与议定事项督办',
  order: 10,
  types: ['quarterly', 'annual'],
  tables: ['meetings', 'decisions', 'decision_departments', 'departments'],
  async collect({ db, period, asOf, startAt, asOfEndAt, openFrom }) {
    const meetings = await db
      .selectFrom('meetings')
      .select(['id', 'date', 'title', 'type', 'status'])
      .where('date', '>=', period.start)
      .where('date', '<=', asOf)
      .orderBy('date')
      .orderBy('start_time')
      .execute();
    const held = meetings.filter((m) => m.status === 'held');
    // The decisions to account for: made in the period, still open at its end, or closed during it.
    const made = await db
      .selectFrom('decisions as d')
      .innerJoin('meetings as m', 'm.id', 'd.meeting_id')
      .select('d.id')
      .where('m.date', '>=', period.start)
      .where('m.date', '<=', asOf)
      .execute();
    const open = await db.selectFrom('decisions').select('id').where('status', '=', 'open').execute();
    const closedLate = await db
      .selectFrom('decisions')
      .select('id')
      .where('closed_at', '>=', startAt)
      .execute();
    const ids = [...new Set([...made, ...open, ...closedLate].map((r) => r.id))];
    const decisions = ids.length
      ? await db
          .selectFrom('decisions as d')
          .innerJoin('meetings as m', 'm.id', 'd.meeting_id')
          .select([
            'd.id',
            'd.text',
            'd.due_date',
            'd.status',
            'd.closed_at',
            'm.date as meeting_date',
            'm.title as meeting_title',
          ])
          .where('d.id', 'in', ids)
          .orderBy('m.date')
          .orderBy('d.seq')
          .execute()
      : [];
    const leads = ids.length
      ? await db
          .selectFrom('decision_departments as dd')
          .innerJoin('departments as dep', 'dep.id', 'dd.department_id')
          .select(['dd.decision_id', 'dep.short_name'])
          .where('dd.decision_id', 'in', ids)
          .orderBy('dd.position')
          .execute()
      : [];
    const unitsOf = new Map<number, string[]>();
    for (const l of leads) unitsOf.set(l.decision_id, [...(unitsOf.get(l.decision_id) ?? []), l.short_name]);

    const madeIds = new Set(made.map((r) => r.id));
    const closedOn = (d: (typeof decisions)[number]) =>
      d.status === 'done' && d.closed_at && d.closed_at < asOfEndAt ? localDay(d.closed_at) : null;
    const relevant = decisions.filter((d) => d.meeting_date <= asOf);
    const closedIn = relevant.filter((d) => {
      const c = closedOn(d);
      return c !== null && c >= period.start;
    });
    const openAtEnd = relevant.filter((d) => closedOn(d) === null);
    // Overdue once its due day has ended (closing on the due day itself is on time).
    const overdue = openAtEnd.filter((d) => d.due_date < openFrom);
    const closedOnTime = closedIn.filter((d) => closedOn(d)! <= d.due_date);
    const rows = relevant.filter((d) => madeIds.has(d.id) || closedIn.includes(d) || openAtEnd.includes(d));
    const statusText = (d: (typeof decisions)[number]) => {
      const c = closedOn(d);
      if (c) return `已办结（${c}）`;
      return d.due_date < openFrom ? '逾期未办结' : '办理中';
    };
    const perType = (t: MeetingType) => held.filter((m) => m.type === t).length;
    const decisionsPerMeeting = new Map<number, number>();
    if (held.length) {
      const n = await db
        .selectFrom('decisions')
        .select(['meeting_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where(
          'meeting_id',
          'in',
          held.map((m) => m.id),
        )
        .groupBy('meeting_id')
        .execute();
      for (const r of n) decisionsPerMeeting.set(r.meeting_id, count(r.n));
    }
    return {
      indicators: [
        ind('meetings.held', '召开联席会议', held.length, '次'),
        ind('meetings.regularHeld', '其中定期联席会议', perType('regular'), '次'),
        ind('meetings.emergencyHeld', '其中应急协同会议', perType('emergency'), '次'),
        ind('decisions.made', '形成议定事项', madeIds.size, '项'),
        ind('decisions.closed', '办结议定事项', closedIn.length, '项'),
        ind('decisions.closedOnTime', '其中按期办结', closedOnTime.length, '项'),
        stock('decisions.open', '期末未办结议定事项', openAtEnd.length, '项'),
        stock('decisions.overdue', '其中逾期', overdue.length, '项'),
      ],
      tables: [
        {
          key: 'meetings',
          title: '联席会议召开情况',
          columns: ['日期', '会议名称', '类型', '议定事项（项）'],
          rows: held.map((m) => [
            m.date,
            m.title,
            MEETING_TYPE_LABELS[m.type as MeetingType] ?? m.type,
            decisionsPerMeeting.get(m.id) ?? 0,
          ]),
        },
        {
          key: 'decisions',
          title: '议定事项督办情况',
          columns: ['会议日期', '议定事项', '责任单位（牵头在前）', '完成时限', '办理情况'],
          rows: rows.map((d) => [
            d.meeting_date,
            d.text,
            (unitsOf.get(d.id) ?? []).join('、'),
            d.due_date,
            statusText(d),
          ]),
        },
      ],
    };
  },
};

export const meetingReportSections: ReportSection[] = [meetingsSection];
