// 联席会议's deadlines on the 工作台 (议定事项督办: open decisions by their completion date) and its obligation
// of the year (定期联席会议 held, at least once a year).
import type { DueItem, Obligation } from '../../shared/contract/dashboard';
import {
  dueItem,
  type DueItemSource,
  type IndicatorSource,
  type SourceContext,
} from '../core/dashboard-sources';
import { recorders } from '../system/recorders';

async function decisions(s: SourceContext): Promise<DueItem[]> {
  const rows = await s.db
    .selectFrom('decisions as x')
    .innerJoin('meetings as m', 'm.id', 'x.meeting_id')
    .select(['x.id', 'x.seq', 'x.text', 'x.due_date', 'x.meeting_id', 'm.title', 'm.date'])
    .where('x.status', '=', 'open')
    .execute();
  if (rows.length === 0) return [];
  const units = await s.db
    .selectFrom('decision_departments as dd')
    .innerJoin('departments as d', 'd.id', 'dd.department_id')
    .select(['dd.decision_id', 'd.id', 'd.short_name'])
    .where(
      'dd.decision_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('dd.decision_id')
    .orderBy('dd.position')
    .execute();
  const byDecision = new Map<number, DueItem['departments']>();
  for (const u of units)
    byDecision.set(u.decision_id, [
      ...(byDecision.get(u.decision_id) ?? []),
      { id: u.id, name: u.short_name },
    ]);
  const who = await recorders(s.db, 'meeting', [...new Set(rows.map((r) => r.meeting_id))]);
  return rows.map((r) =>
    dueItem(s, {
      key: `decision:${r.id}`,
      kind: 'decision',
      title: r.text.length > 40 ? `${r.text.slice(0, 40)}…` : r.text,
      detail: `${r.title}（${r.date}）议定事项第 ${r.seq} 项`,
      dueOn: r.due_date,
      departments: byDecision.get(r.id) ?? [],
      person: who.get(r.meeting_id) ?? null,
      link: `/meetings/${r.meeting_id}/minutes`,
      rule: '会议议定事项由责任单位按期办结，区卫生健康局督办',
    }),
  );
}

export const meetingDueItems: DueItemSource[] = [{ kind: 'decision', order: 30, load: decisions }];

async function regularMeetingsHeld(s: SourceContext): Promise<Obligation[]> {
  const held = await s.db
    .selectFrom('meetings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('type', '=', 'regular')
    .where('status', '=', 'held')
    .where('date', '>=', `${s.year}-01-01`)
    .where('date', '<=', `${s.year}-12-31`)
    .executeTakeFirstOrThrow();
  return [
    {
      key: 'joint_meetings',
      label: '定期联席会议',
      actual: Number(held.n),
      required: 1,
      unit: '次',
      status: Number(held.n) >= 1 ? 'met' : 'pending',
      note: '联席会议每年至少召开 1 次（越政办发〔2020〕64号）',
      link: '/meetings',
    },
  ];
}

export const meetingIndicators: IndicatorSource[] = [{ order: 10, load: regularMeetingsHeld }];
