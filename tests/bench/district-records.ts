// The 10-year district's records beyond its directories: practitioners, joint meetings with agendas and decisions,
// referrals and 12345 complaints, at the sizes the performance issue names (scaled down for the smaller scales).
// Rows go in with plain inserts in batches: the benchmark measures reading them, not the handlers that write them.
import type { Generator, Scale } from './district';
import { chineseName, type SeededRandom } from '../../db/demo/random';
import { PRACTITIONER_CATEGORIES } from '../../shared/domain/institutions';
import { COMPLAINT_CATEGORIES } from '../../shared/domain/enforcement-deadlines';
import { addCalendarDays, calendarDaysBetween } from '../../shared/dates';

/** Per-10-years sizes from the issue; smaller scales take their share by years. */
export const RECORD_SIZES = { meetings: 500, referrals: 8000, complaints: 60000 } as const;

const sized = (scale: Scale, tenYear: number): number =>
  scale.name === 'small' ? Math.round(tenYear / 100) : Math.round((tenYear * scale.years) / 10);

const LAST_DAY = '2026-11-20';

function dayIn(rng: SeededRandom, scale: Scale): string {
  const start = `${2026 - scale.years + 1}-01-01`;
  return addCalendarDays(start, rng.int(0, calendarDaysBetween(start, LAST_DAY)));
}

const later = (iso: string, days: number): string => addCalendarDays(iso, days);

async function insertBatched<T>(
  rows: T[],
  insert: (chunk: T[]) => Promise<unknown>,
  size = 500,
): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

function pickDistinct<T>(rng: SeededRandom, items: readonly T[], n: number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, n);
}

export const practitioners: Generator = {
  name: '从业人员',
  async run({ db, rng, scale, now }) {
    const rows = Array.from({ length: scale.practitioners }, (_, i) => ({
      name: chineseName(rng),
      category: PRACTITIONER_CATEGORIES[rng.int(0, PRACTITIONER_CATEGORIES.length - 1)]!,
      certificate_no: `${110330602}${String(i + 1).padStart(6, '0')}`,
      institution_id: rng.int(1, scale.institutions),
      active: rng.next() < 0.97 ? 1 : 0,
      created_at: now,
      updated_at: now,
    }));
    await insertBatched(rows, (c) => db.insertInto('practitioners').values(c).execute());
    return rows.length;
  },
};

/** Joint meetings over the years, each with member departments, three agenda topics and two decisions. */
export const meetings: Generator = {
  name: '联席会议',
  async run({ db, rng, scale, now }) {
    const depts = (await db.selectFrom('departments').select('id').orderBy('sort_order').execute()).map(
      (d) => d.id,
    );
    const n = sized(scale, RECORD_SIZES.meetings);
    const dates = Array.from({ length: n }, () => dayIn(rng, scale)).sort();
    let rows = 0;
    for (const [i, date] of dates.entries()) {
      const held = date < '2026-11-01';
      const type = (['regular', 'topic', 'emergency', 'enforcement'] as const)[i % 4]!;
      const { id } = await db
        .insertInto('meetings')
        .values({
          series_id: null,
          original_date: null,
          type,
          title: `${date.slice(0, 4)}年第${i + 1}次医疗卫生行业综合监管联席会议`,
          date,
          start_time: '09:00',
          duration_minutes: 120,
          status: held ? 'held' : 'planned',
          rsvp_deadline: null,
          minutes_year: held ? Number(date.slice(0, 4)) : null,
          minutes_number: held ? i + 1 : null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const members = pickDistinct(rng, depts, 8);
      await db
        .insertInto('meeting_departments')
        .values(
          members.map((department_id, position) => ({
            meeting_id: id,
            department_id,
            role: position < 6 ? 'attend' : 'observe',
            position,
            attendance: held ? 'present' : null,
          })),
        )
        .execute();
      await db
        .insertInto('agenda_items')
        .values(
          [1, 2, 3].map((seq) => ({
            meeting_id: id,
            seq,
            title: `议题${seq}：第${rng.int(1, 25)}项监管任务推进情况`,
            presenter_department_id: members[seq - 1] ?? null,
            minutes: 20,
          })),
        )
        .execute();
      for (const seq of [1, 2]) {
        const due = later(date, 30 + rng.int(0, 60));
        const { id: decisionId } = await db
          .insertInto('decisions')
          .values({
            meeting_id: id,
            seq,
            text: `由牵头单位会同有关部门落实议定事项${seq}。`,
            due_date: due,
            status: held && due < '2026-10-01' ? 'done' : 'open',
            closed_at: held && due < '2026-10-01' ? `${due}T08:00:00.000Z` : null,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db
          .insertInto('decision_departments')
          .values({ decision_id: decisionId, department_id: members[seq - 1]!, position: 0 })
          .execute();
      }
      rows += 1 + members.length + 3 + 2;
    }
    return rows;
  },
};

/** 转报移送 between departments, most answered within the 15 days, some late, the newest still open. */
export const referrals: Generator = {
  name: '转报移送',
  async run({ db, rng, scale, now }) {
    const depts = (await db.selectFrom('departments').select('id').orderBy('sort_order').execute()).map(
      (d) => d.id,
    );
    const n = sized(scale, RECORD_SIZES.referrals);
    const rows = Array.from({ length: n }, (_, i) => {
      const received = dayIn(rng, scale);
      const from = depts[rng.int(0, depts.length - 1)]!;
      let to = depts[rng.int(0, depts.length - 1)]!;
      if (to === from) to = depts[(depts.indexOf(from) + 1) % depts.length]!;
      const replyAfter = rng.int(3, 20);
      const answered = later(received, replyAfter) < LAST_DAY;
      return {
        group_id: i + 1,
        from_department_id: from,
        to_department_id: to,
        doc_no: `基转〔${received.slice(0, 4)}〕${i + 1}号`,
        matter: `关于${chineseName(rng)}反映医疗机构执业问题的线索移送`,
        institution_id: rng.next() < 0.7 ? rng.int(1, scale.institutions) : null,
        received_on: received,
        due_on: later(received, 15),
        rule_days: 15,
        rule_unit: 'calendar',
        reply_text: answered ? '已核查处理，书面回复如下。' : '',
        reply_on: answered ? later(received, replyAfter) : null,
        reply_file_id: null,
        reply_file_name: null,
        created_at: now,
        updated_at: now,
      };
    });
    await insertBatched(rows, (c) => db.insertInto('referrals').values(c).execute());
    return rows.length;
  },
};

/** 12345 complaints: handled, fed back (mostly within 7 days), a fifth substantiated, the newest still open. */
export const complaints: Generator = {
  name: '12345投诉',
  async run({ db, rng, scale, now }) {
    const depts = (await db.selectFrom('departments').select('id').orderBy('sort_order').execute()).map(
      (d) => d.id,
    );
    const n = sized(scale, RECORD_SIZES.complaints);
    const rows = Array.from({ length: n }, (_, i) => {
      const received = dayIn(rng, scale);
      const handled = later(received, rng.int(2, 20));
      const done = handled < LAST_DAY;
      const feedback = later(handled, rng.int(1, 9));
      return {
        ticket_no: `12345-${received.replace(/-/g, '')}-${String(i + 1).padStart(6, '0')}`,
        received_on: received,
        content: `市民来电反映医疗机构${rng.int(1, scale.institutions)}号服务问题。`,
        category: COMPLAINT_CATEGORIES[rng.int(0, COMPLAINT_CATEGORIES.length - 1)]!,
        institution_id: rng.next() < 0.8 ? rng.int(1, scale.institutions) : null,
        department_id: depts[rng.int(0, depts.length - 1)]!,
        handling_result: done ? '已调查处理并答复来电人。' : '',
        handled_on: done ? handled : null,
        substantiated: done ? (rng.next() < 0.2 ? 1 : 0) : null,
        feedback_due: done ? later(handled, 7) : null,
        rule_days: done ? 7 : null,
        rule_unit: done ? 'calendar' : null,
        feedback_on: done && feedback < LAST_DAY ? feedback : null,
        created_at: now,
        updated_at: now,
      };
    });
    await insertBatched(rows, (c) => db.insertInto('complaints').values(c).execute(), 1000);
    return rows.length;
  },
};

export const RECORD_GENERATORS: Generator[] = [practitioners, meetings, referrals, complaints];
