// The 10-year district's records beyond its directories: practitioners, joint meetings with agendas and decisions,
// referrals and 12345 complaints, inspections, joint actions, the credit ledger and the signed quarterly reports, at
// the sizes the performance issue names (scaled down for the smaller scales).
// Rows go in with plain inserts in batches: the benchmark measures reading them, not the handlers that write them.
// The exceptions: the ledger (written with the app's own hashing, credit.ts) and the signed reports, made through
// the app's own reports.create / reports.sign after every other record is in, so their figures, packages and
// signatures are real.
import type { Generator, Scale } from './district';
import { chineseName, type SeededRandom } from '../../db/core/demo-random';
import { PRACTITIONER_CATEGORIES } from '../../shared/domain/institutions';
import { COMPLAINT_CATEGORIES } from '../../shared/domain/enforcement-deadlines';
import { addCalendarDays, calendarDaysBetween } from '../../shared/dates';
import type { PenaltyKind } from '../../shared/domain/inspections';
import { Dispatcher } from '../../electron/server/dispatcher';
import { ledger } from './credit';
import { benchPdfRenderer } from './pdf';

/** Per-10-years sizes from the issue; smaller scales take their share by years. */
export const RECORD_SIZES = {
  meetings: 500,
  referrals: 8000,
  complaints: 60000,
  inspections: 40000,
  jointActions: 60,
  /** 操作日志: about 50 writes and sign-ins a working day in a five-person office. */
  auditLog: 120000,
} as const;

/** The office's signing passphrase and 统一社会信用代码 in the synthetic district (the reports are signed with them). */
export const BENCH_PASSPHRASE = 'Bench signing 2026';
export const BENCH_USCC = '12330602MB12345672';

const sized = (scale: Scale, tenYear: number): number =>
  scale.name === 'small'
    ? Math.round(tenYear / 100)
    : Math.round((tenYear * scale.years * scale.factor) / 10);

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

const INSPECTION_ITEMS = [
  '医疗机构及人员资质',
  '医疗废物管理',
  '传染病防治',
  '消毒隔离',
  '母婴保健与计划生育技术服务',
  '放射诊疗',
  '药品和医疗器械使用',
  '医疗广告与价格公示',
];
const TRANSFER_TO = ['区市场监管局', '区公安分局', '区医保局', '区生态环境分局'];
const PENALTY_SETS: PenaltyKind[][] = [['warning'], ['warning', 'fine'], ['fine'], ['fine', 'confiscation']];

/** 检查记录 over the years, ad hoc (no draw target), each with a two-person team of one department (lead first):
 *  most 合格; a fifth 责令整改 with a 30-day deadline, most of those reviewed (复查: rectified, or not and some
 *  escalated), the newest and a few older ones still open; some 立案查处 with penalties and a case number, a few
 *  移送; one in two hundred removed with its reason. */
export const inspections: Generator = {
  name: '检查记录',
  async run({ db, rng, scale, now }) {
    const inspectors = await db
      .selectFrom('inspectors')
      .select(['id', 'department_id'])
      .orderBy('id')
      .execute();
    const byDept = new Map<number, number[]>();
    for (const i of inspectors) byDept.set(i.department_id, [...(byDept.get(i.department_id) ?? []), i.id]);
    const teams = [...byDept.values()].filter((ids) => ids.length >= 2);
    const n = sized(scale, RECORD_SIZES.inspections);
    const dates = Array.from({ length: n }, () => dayIn(rng, scale)).sort();
    const caseNumbers = new Map<string, number>();
    const rows = dates.map((inspectedOn) => {
      const roll = rng.next();
      const outcome = roll < 0.68 ? 'qualified' : roll < 0.9 ? 'rectify' : roll < 0.97 ? 'case' : 'transfer';
      const penalties: PenaltyKind[] =
        outcome === 'case'
          ? PENALTY_SETS[rng.int(0, PENALTY_SETS.length - 1)]!
          : outcome === 'rectify' && rng.next() < 0.3
            ? ['warning']
            : [];
      const year = inspectedOn.slice(0, 4);
      const caseNo =
        outcome === 'case'
          ? `基卫医罚〔${year}〕${caseNumbers.set(year, (caseNumbers.get(year) ?? 0) + 1).get(year)}号`
          : null;
      const rectifyDue = outcome === 'rectify' ? later(inspectedOn, 30) : null;
      const reviewed = rectifyDue !== null && rectifyDue < LAST_DAY && rng.next() < 0.96;
      const reviewOn = reviewed ? later(inspectedOn, rng.int(15, 40)) : null;
      const reviewResult = reviewed ? (rng.next() < 0.85 ? 'rectified' : 'unrectified') : null;
      const removed = rng.next() < 0.005;
      const team = teams[rng.int(0, teams.length - 1)]!;
      const lead = team[rng.int(0, team.length - 1)]!;
      let second = team[rng.int(0, team.length - 1)]!;
      if (second === lead) second = team[(team.indexOf(lead) + 1) % team.length]!;
      return {
        team: [lead, second],
        row: {
          institution_id: rng.int(1, scale.institutions),
          plan_id: null,
          batch_number: null,
          draw_id: null,
          draw_position: null,
          inspected_on: inspectedOn,
          lead_inspector_id: lead,
          items_json: JSON.stringify(pickDistinct(rng, INSPECTION_ITEMS, rng.int(2, 4))),
          findings: outcome === 'qualified' ? '' : '现场检查发现医疗废物暂存不规范、消毒记录不全。',
          outcome,
          rectify_due: rectifyDue,
          transfer_to: outcome === 'transfer' ? TRANSFER_TO[rng.int(0, TRANSFER_TO.length - 1)]! : '',
          penalties_json: JSON.stringify(penalties),
          fine_fen: penalties.includes('fine') ? rng.int(10, 300) * 10_000 : null,
          confiscation_fen: penalties.includes('confiscation') ? rng.int(5, 200) * 10_000 : null,
          case_no: caseNo,
          review_on: reviewOn,
          review_result: reviewResult,
          review_note: reviewed ? '复查时整改情况如上。' : '',
          escalated: reviewResult === 'unrectified' && rng.next() < 0.5 ? 1 : 0,
          result_seq: null,
          penalty_seq: null,
          review_seq: null,
          removed_at: removed ? `${later(inspectedOn, 2)}T02:00:00.000Z` : null,
          removed_reason: removed ? '重复录入，已删除' : '',
          created_at: now,
          updated_at: now,
        },
      };
    });
    const size = 400;
    for (let i = 0; i < rows.length; i += size) {
      const chunk = rows.slice(i, i + size);
      const ids = await db
        .insertInto('inspections')
        .values(chunk.map((c) => c.row))
        .returning('id')
        .execute();
      const team = chunk.flatMap((c, k) =>
        c.team.map((inspector_id, position) => ({
          inspection_id: ids[k]!.id,
          inspector_id,
          position,
          lead: position === 0 ? 1 : 0,
        })),
      );
      await db.insertInto('inspection_team').values(team).execute();
    }
    return rows.length; // inspections (each with its two-person team)
  },
};

/** 联合执法行动 and 专项整治, a few a year: a lead department with two to five others, a dozen target institutions,
 *  results once ended; the newest still under way. */
export const jointActions: Generator = {
  name: '联合执法行动',
  async run({ db, rng, scale, now }) {
    const depts = (await db.selectFrom('departments').select('id').orderBy('sort_order').execute()).map(
      (d) => d.id,
    );
    const n = Math.max(1, sized(scale, RECORD_SIZES.jointActions));
    const starts = Array.from({ length: n }, () => dayIn(rng, scale)).sort();
    for (const [i, start] of starts.entries()) {
      const end = later(start, rng.int(10, 60));
      const ended = end < LAST_DAY;
      const kind = i % 3 === 0 ? 'campaign' : 'joint';
      const [lead, ...others] = pickDistinct(rng, depts, rng.int(3, 6));
      const checked = ended ? rng.int(20, 200) : 0;
      const issues = ended ? rng.int(0, Math.floor(checked / 4)) : 0;
      const cases = ended ? rng.int(0, Math.floor(issues / 3)) : 0;
      const { id } = await db
        .insertInto('joint_actions')
        .values({
          name: `${start.slice(0, 4)}年${kind === 'campaign' ? '医疗乱象专项整治' : '医疗卫生联合执法'}行动（第${i + 1}次）`,
          kind,
          lead_department_id: lead!,
          start_date: start,
          end_date: end,
          scope: '辖区内民营医疗机构、医疗美容机构',
          status_set: null,
          institutions_checked: checked,
          issues_found: issues,
          cases_filed: cases,
          fines_fen: cases * rng.int(1, 50) * 100_000,
          results_text: ended ? `共检查${checked}家，发现问题${issues}个，立案${cases}起。` : '',
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('joint_action_departments')
        .values(
          [lead!, ...others].map((department_id, position) => ({ action_id: id, department_id, position })),
        )
        .execute();
      const targets = [...new Set(Array.from({ length: 12 }, () => rng.int(1, scale.institutions)))];
      await db
        .insertInto('joint_action_targets')
        .values(targets.map((institution_id, position) => ({ action_id: id, institution_id, position })))
        .execute();
    }
    return starts.length;
  },
};

/** 季度报告, signed: every quarter of the district's years that has ended (2017Q1–2026Q3 at 10 years: 39), and a
 *  更正版 of the latest — 40 signed at 10 years. Made through the dispatcher as the office makes them
 *  (reports.create, reports.sign: figures from every module, report.docx, data.xlsx, data.json, the package signed
 *  with SM2 under the office's key, stored), each signed ten days after its quarter with the clock set then. The PDFs
 *  come from one Chromium kept open for the generation (pdf.ts). The office's key is generated here too. */
export const signedReports: Generator = {
  name: '已签发季度报告',
  outsideTransaction: true,
  async run({ db, scale, dataDir }) {
    let clock = new Date('2026-11-22T01:00:00Z');
    const pdf = benchPdfRenderer();
    const d = new Dispatcher({ db, appVersion: 'bench', dataDir, clock: () => clock, pdf });
    // The clock moves to each signing day; the session is renewed there (it would lock after the idle time).
    const at = (when: Date): void => {
      clock = when;
      d.bindSession('bench-gen', { id: 1, username: 'user0', displayName: '基准科员', role: 'admin' });
    };
    try {
      await db.updateTable('office').set({ uscc: BENCH_USCC }).execute();
      at(new Date(`${2026 - scale.years}-12-20T01:00:00Z`));
      await d.call(
        'signing.generate',
        { passphrase: BENCH_PASSPHRASE, passphraseConfirm: BENCH_PASSPHRASE },
        'bench-gen',
      );
      let signed = 0;
      let last = 0;
      for (let year = 2026 - scale.years + 1; year <= 2026; year++)
        for (let quarter = 1; quarter <= 4; quarter++) {
          const next =
            quarter === 4 ? `${year + 1}-01-10` : `${year}-${String(quarter * 3 + 1).padStart(2, '0')}-10`;
          if (next > LAST_DAY) continue;
          at(new Date(`${next}T01:00:00Z`));
          const { id } = await d.call(
            'reports.create',
            { type: 'quarterly', period: `${year}Q${quarter}` },
            'bench-gen',
          );
          await d.call('reports.sign', { id, passphrase: BENCH_PASSPHRASE }, 'bench-gen');
          last = id;
          signed++;
        }
      // The latest quarter's 更正版, signed a week later.
      at(new Date(clock.getTime() + 7 * 86_400_000));
      const { id } = await d.call('reports.correct', { id: last, reason: '第三部分数据更正' }, 'bench-gen');
      await d.call('reports.sign', { id, passphrase: BENCH_PASSPHRASE }, 'bench-gen');
      return signed + 1;
    } finally {
      await pdf.close();
    }
  },
};

const AUDIT_KINDS = [
  ['complaints.create', 'complaint', '登记投诉工单 12345-'],
  ['inspections.update', 'inspection', '修改检查记录第 '],
  ['referrals.reply', 'referral', '登记转报回复：'],
  ['auth.login', 'user', '登录成功：'],
  ['credit.record', 'credit_entry', '新增信用记录：'],
] as const;

/** 操作日志 over the years, oldest first (ids follow time as the dispatcher writes them), each with a small
 *  before/after copy. */
export const auditLog: Generator = {
  name: '操作日志',
  async run({ db, rng, scale }) {
    const n = sized(scale, RECORD_SIZES.auditLog);
    const start = Date.parse(`${2026 - scale.years + 1}-01-01T00:00:00Z`);
    const span = Date.parse(`${LAST_DAY}T00:00:00Z`) - start;
    const times = Array.from({ length: n }, () => start + Math.floor(rng.next() * span)).sort(
      (a, b) => a - b,
    );
    const rows = times.map((t, i) => {
      const [action, entity, text] = AUDIT_KINDS[rng.int(0, AUDIT_KINDS.length - 1)]!;
      const user = rng.int(0, scale.users - 1);
      return {
        at: new Date(t).toISOString(),
        actor_id: user + 1,
        actor_name: `科员${user}（user${user}）`,
        action,
        entity,
        entity_id: String(i + 1),
        summary: `${text}${i + 1}`,
        before_json: entity === 'user' ? null : JSON.stringify({ id: i + 1, status: 'open', note: '原记录' }),
        after_json:
          entity === 'user' ? null : JSON.stringify({ id: i + 1, status: 'done', note: '修改后的记录' }),
        seat: `PC-${user % 5}`,
      };
    });
    await insertBatched(rows, (c) => db.insertInto('audit_log').values(c).execute());
    return rows.length;
  },
};

export const RECORD_GENERATORS: Generator[] = [
  practitioners,
  meetings,
  referrals,
  complaints,
  inspections,
  jointActions,
  ledger,
  auditLog,
  signedReports,
];
