// The hot queries use indexes: every SQL text a handler runs is checked with EXPLAIN QUERY PLAN, and none may
// scan a table that grows with the years (as Signal's migration tests do for their hot queries).
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../db/core/open';
import { Dispatcher } from '../../electron/server/dispatcher';
import type { Input, MethodName } from '../../shared/contract';

const GROWING = [
  'checklist_progress',
  'checklist_evidence',
  'checklist_summaries',
  'audit_log',
  'files',
  'meetings',
  'meeting_departments',
  'agenda_items',
  'agenda_item_checklist',
  'agenda_materials',
  'decisions',
  'decision_departments',
  'decision_updates',
  'decision_urgings',
  'doc_numbers',
  // 联合执法: each directory's own grid reads it whole (bounded by the district); elsewhere they are joined by index.
  'practitioners',
  'inspector_conflicts',
  // 转报 and 12345: read by year of receipt, by department, or through the open (unanswered) partial indexes.
  'referrals',
  'complaints',
  // 双随机: draw records and their targets grow with every batch; a plan's draws and an institution's last lead
  // are found by index.
  'draw_records',
  'draw_targets',
  // 信用台账: the ledger and what it implies grow with every entry; a subject's rows are found by index.
  'credit_ledger',
  'credit_subjects',
  'credit_tier_history',
  'credit_warnings',
  // 联合行动: a year's actions (and the checklist's count) are read through the end-date index; their departments,
  // targets and files by the action.
  'joint_actions',
  'joint_action_departments',
  'joint_action_targets',
  'joint_action_files',
  // 市级汇总: imported packages grow with every district's every report; read by year and by report/period.
  'upstream_packages',
  // 检查记录: read by year, batch, institution, the open 整改 (partial indexes over live records), and by id; an
  // institution's latest inspection (the draw's previous lead) is one index search.
  'inspections',
  'inspection_team',
  'inspection_practitioners',
  // 红黑名单: repair applications are read by listing. (credit_listings itself — a district's listing decisions —
  // is read whole by the 红黑名单 grid; a subject's and the public list's by index.)
  'credit_repairs',
  // 报告上报: the submission log is read by report. (reports itself — about ten a year, each version a row — is read
  // whole by the reports list; a report's figures come from the modules' tables by period, through their indexes.)
  'report_submissions',
];

let handle: OpenDatabase | null = null;
afterEach(async () => handle?.close());

let now = new Date('2026-11-22T01:00:00Z');

async function plansOf<N extends MethodName>(
  name: N,
  args: Input<N>,
): Promise<{ sql: string; plan: string[] }[]> {
  const seen: string[] = [];
  handle = await openDatabase(':memory:', { onQuery: (sql) => seen.push(sql) });
  const d = new Dispatcher({
    db: handle.db,
    appVersion: 't',
    dataDir: null,
    log: () => {},
    clock: () => now,
  });
  await d.call(
    'system.setup',
    {
      office: { name: '越城区卫生健康局', docPrefix: '越卫健' },
      admin: { username: 'admin', displayName: '管理员', password: 'Admin#2026' },
    },
    's',
  );
  await d.call('checklist.create', { year: 2026, templateId: 'yuecheng-2020', unresolved: [] }, 's');
  const list = (await d.call('checklist.get', { year: 2026 }, 's'))!;
  await d.call(
    'checklist.report',
    {
      itemId: list.items[1]!.id,
      departmentId: list.items[1]!.units[0]!.departmentId,
      quarter: 4,
      status: 'done',
    },
    's',
  );
  const departments = await d.call('departments.list', {}, 's');
  const { meeting } = await d.call(
    'meetings.create',
    {
      type: 'regular',
      title: '联席会议',
      date: '2026-11-20',
      startTime: '09:00',
      durationMinutes: 60,
      room: '三楼会议室',
      departments: [{ departmentId: departments[0]!.id, role: 'attend', attendeeNames: '' }],
    },
    's',
  );
  await d.call(
    'meetings.saveAgenda',
    {
      meetingId: meeting.id,
      items: [
        { title: '议题', presenterDepartmentId: null, minutes: 30, checklistItemIds: [list.items[1]!.id] },
      ],
    },
    's',
  );
  await d.call(
    'meetings.saveMinutes',
    {
      meetingId: meeting.id,
      topics: [],
      decisions: [{ text: '落实', dueDate: '2026-12-31', departmentIds: [departments[0]!.id] }],
    },
    's',
  );
  // 抽查计划 with one drawn batch (plan 1, draw 1), for the plan and draw reads.
  await d.call(
    'institutions.create',
    { name: '越城区人民医院', uscc: '12330602MB0000011E', category: 'hospital', ownership: 'public' },
    's',
  );
  for (const badgeNo of ['33060201001', '33060201002'])
    await d.call(
      'inspectors.create',
      { name: `检查员${badgeNo}`, departmentId: departments[0]!.id, badgeNo },
      's',
    );
  await d.call(
    'inspectionPlans.create',
    {
      year: 2026,
      name: '双随机抽查计划',
      items: ['医疗机构执业资质'],
      departmentIds: [departments[0]!.id],
      ratios: { A: 5, B: 20, C: 60, D: 100, none: 100 },
      batches: [
        { number: 1, name: '第一批', startDate: '2026-03-01', endDate: '2026-06-30' },
        { number: 2, name: '第二批', startDate: '2026-09-01', endDate: '2026-11-30' },
      ],
    },
    's',
  );
  // Sealed the day before the lottery (the session's idle lock would fire over the day: the clock moves back).
  now = new Date('2026-11-19T01:00:00Z');
  await d.call('draws.seal', { planId: 1, batchNumber: 1 }, 's');
  now = new Date('2026-11-22T01:00:00Z');
  await d.call('auth.login', { username: 'admin', password: 'Admin#2026' }, 's');
  await d.call(
    'draws.run',
    {
      planId: 1,
      batchNumber: 1,
      entropy: { source: '双色球开奖号码', date: '2026-11-20', digits: '03121726293313' },
      witnesses: ['王见证'],
    },
    's',
  );
  // 信用台账: institution 1 and a practitioner with entries (a penalty, points, a warning, a notice, a correction).
  const person = await d.call(
    'practitioners.create',
    { name: '王伟', category: 'physician', certificateNo: '110330600012345', institutionId: 1 },
    's',
  );
  const behaviours = await d.call('credit.behaviours', {}, 's');
  const twelve = (kind: 'institution' | 'practitioner') =>
    behaviours.find((b) => b.subjectKind === kind && b.points === 12)!.id;
  await d.call(
    'credit.record',
    { subjectKind: 'institution', subjectId: 1, type: 'penalty', outcome: 'general', factDate: '2026-03-04' },
    's',
  );
  for (const [kind, id] of [
    ['institution', 1],
    ['practitioner', person.id],
  ] as const)
    await d.call(
      'credit.record',
      {
        subjectKind: kind,
        subjectId: id,
        type: 'demerit',
        behaviourId: twelve(kind),
        factDate: '2026-10-09',
      },
      's',
    );
  await d.call('credit.issueNotice', { seq: 2 }, 's');
  await d.call('credit.correct', { seq: 1, factDate: '2026-11-20', reason: '更正' }, 's');
  // 红黑名单: a black listing of institution 1 with a repair application, and one of the practitioner.
  const listing = await d.call(
    'credit.createListing',
    {
      subjectKind: 'institution',
      subjectId: 1,
      list: 'black',
      severity: 'general',
      basisNumber: '越卫医罚〔2026〕9号',
      basisText: '测试',
      decisionDate: '2026-01-10',
      disclosureStart: '2026-01-10',
      disclosureEnd: '2026-12-31',
    },
    's',
  );
  await d.call(
    'credit.applyRepair',
    {
      listingId: listing.listing.id,
      rectificationConfirmed: true,
      rectificationText: '已整改',
      commitmentText: '承诺',
    },
    's',
  );
  await d.call(
    'credit.createListing',
    {
      subjectKind: 'practitioner',
      subjectId: person.id,
      list: 'black',
      severity: 'serious',
      basisNumber: '越卫医罚〔2026〕10号',
      basisText: '测试',
      decisionDate: '2026-11-01',
      disclosureStart: '2026-11-01',
      disclosureEnd: '2027-11-01',
    },
    's',
  );
  // 检查记录 of the drawn target (责令整改, with its team) and the batch's publication reads.
  const drawn = (await d.call('draws.get', { id: 1 }, 's')).record.result.targets[0]!;
  await d.call(
    'inspections.create',
    {
      drawId: 1,
      drawPosition: 0,
      institutionId: drawn.institutionId,
      inspectedOn: '2026-11-22',
      leadInspectorId: drawn.team[0]!.inspectorId,
      memberIds: drawn.team.slice(1).map((m) => m.inspectorId),
      items: ['医疗机构执业资质'],
      outcome: 'rectify',
      rectifyDue: '2026-12-10',
      practitionerIds: [person.id],
    },
    's',
  );
  // 联合行动 of two departments with a target, for the year's list and count (checklist item 13).
  await d.call(
    'jointActions.create',
    {
      name: '联合执法行动',
      kind: 'joint',
      leadDepartmentId: departments[0]!.id,
      participantIds: [departments[1]!.id],
      startDate: '2026-06-01',
      endDate: '2026-06-30',
      targetIds: [1],
    },
    's',
  );
  // 报告上报: a quarterly draft (its figures read every module's records for the period) and a yearly one.
  await d.call('reports.create', { type: 'quarterly', period: '2026Q4' }, 's');
  await d.call('reports.create', { type: 'assessment', period: '2026' }, 's');
  // 依法执业自查 arranged for the whole district (no category or street named): the 工作台 reads its indicators.
  await d.call(
    'selfcheck.saveYear',
    {
      year: 2026,
      categories: [],
      streets: [],
      fullDeadline: '2026-09-30',
      pledgeDeadline: '2026-03-31',
      routineAfterDays: 0,
    },
    's',
  );
  seen.length = 0;
  await d.call(name, args, 's');
  return [...new Set(seen)].map((sql) => ({
    sql,
    plan: (
      handle!.sqlite
        .prepare(`explain query plan ${sql}`)
        .all(...Array(sql.split('?').length - 1).fill(1)) as { detail: string }[]
    ).map((r) => r.detail),
  }));
}

describe('query plans', () => {
  it.each([
    ['checklist.progress', { year: 2026, quarter: 4 }],
    ['checklist.get', { year: 2026 }],
    ['meetings.calendar', { from: '2026-11-01', to: '2026-12-31' }],
    ['meetings.list', { year: 2026, search: '联席' }],
    ['meetings.get', { id: 1 }],
    ['meetings.compliance', { year: 2026 }],
    ['decisions.list', { status: 'open', departmentId: 1 }],
    ['decisions.list', { status: 'all', year: 2026 }],
    ['decisions.exportXlsx', { status: 'open', year: 2026 }],
    ['checklist.exportXlsx', { year: 2026 }],
    ['institutions.list', { includeInactive: true }],
    ['practitioners.list', { includeInactive: false, institutionId: 1 }],
    ['inspectors.list', { includeInactive: true }],
    ['inspectionPlans.list', {}],
    ['inspectionPlans.get', { id: 1 }],
    ['draws.preview', { planId: 1, batchNumber: 2 }],
    ['draws.list', { planId: 1 }],
    ['draws.get', { id: 1 }],
    ['referrals.page', { year: 2026, startRow: 0, endRow: 100 }],
    ['referrals.page', { status: 'open', startRow: 0, endRow: 100 }],
    ['referrals.page', { status: 'overdue', departmentId: 1, startRow: 0, endRow: 100 }],
    ['referrals.page', { status: 'replied', year: 2026, startRow: 100, endRow: 200 }],
    ['complaints.page', { year: 2026, category: 'charges', startRow: 0, endRow: 100 }],
    ['complaints.page', { status: 'open', startRow: 0, endRow: 100 }],
    ['complaints.page', { status: 'feedback_overdue', startRow: 100, endRow: 200 }],
    ['complaints.page', { departmentId: 1, substantiated: true, startRow: 0, endRow: 100 }],
    ['inspections.page', { year: 2026, startRow: 0, endRow: 100 }],
    ['inspections.page', { rectify: 'overdue', startRow: 0, endRow: 5 }],
    ['inspections.page', { institutionId: 1, startRow: 0, endRow: 100 }],
    ['inspections.page', { planId: 1, batchNumber: 1, startRow: 100, endRow: 200 }],
    ['practitioners.page', { institutionId: 1, startRow: 0, endRow: 100 }],
    ['audit.page', { from: '2026-01-01', to: '2026-06-30', startRow: 0, endRow: 100 }],
    ['audit.page', { entity: 'complaint', entityId: '1', startRow: 0, endRow: 100 }],
    ['credit.entries', { year: 2026, startRow: 0, endRow: 100 }],
    ['credit.entries', { type: 'demerit', year: 2025, startRow: 100, endRow: 200 }],
    ['credit.subjects', {}],
    ['credit.profile', { kind: 'institution', id: 1 }],
    ['credit.profile', { kind: 'practitioner', id: 1 }],
    ['credit.notice', { seq: 2 }],
    ['credit.chainHead', {}],
    ['jointActions.list', { year: 2026 }],
    ['jointActions.list', { year: 2026, kind: 'joint', status: 'done' }],
    ['jointActions.year', { year: 2026 }],
    ['signing.keys', {}],
    ['upstream.trustedKeys', {}],
    ['upstream.packages', { year: 2026 }],
    ['upstream.rollupOptions', { year: 2026 }],
    ['upstream.rollup', { reportType: 'quarterly', period: '2026Q3' }],
    ['inspections.list', { year: 2026 }],
    ['inspections.list', { rectify: 'overdue' }],
    ['inspections.list', { rectify: 'pending', outcome: 'rectify' }],
    ['inspections.list', { planId: 1, batchNumber: 1 }],
    ['inspections.list', { institutionId: 1, year: 2026 }],
    ['inspections.get', { id: 1 }],
    ['inspectionPublications.list', { year: 2026 }],
    ['inspectionPublications.table', { planId: 1, batchNumber: 1 }],
    ['credit.listings', {}],
    ['credit.listings', { subjectKind: 'institution', subjectId: 1 }],
    ['credit.publicList', { list: 'black' }],
    ['credit.report', { kind: 'institution', id: 1 }],
    ['reports.overview', {}],
    ['reports.get', { id: 1 }],
    ['reports.get', { id: 2 }],
    ['dashboard.data', {}],
  ] as const)('%s scans no growing table', async (name, args) => {
    const plans = await plansOf(name, args as never);
    expect(plans.length).toBeGreaterThan(0);
    if (process.env.SHOW_PLANS) for (const p of plans) console.log(p.plan.join(' | '));
    for (const { sql, plan } of plans) {
      // Plans name aliased tables by their alias: map them back.
      const aliases = new Map([...sql.matchAll(/"(\w+)" as "(\w+)"/g)].map((m) => [m[2]!, m[1]!]));
      for (const step of plan) {
        const scanned = /^SCAN (\w+)/.exec(step)?.[1] ?? '';
        const table = aliases.get(scanned) ?? scanned;
        expect(GROWING.includes(table), `${step}\n  in ${sql}`).toBe(false);
      }
    }
  });

  it('a page of the whole 12345 register walks the received-date index in order and stops at the page', async () => {
    // Every year, oldest first, the third block: no filter narrows it, so the ids come from the index in its order
    // and LIMIT/OFFSET stop the walk; the total is one count.
    const plans = await plansOf('complaints.page', {
      startRow: 200,
      endRow: 300,
      sort: [{ colId: 'receivedOn', sort: 'asc' }],
    });
    // The rows skipped are counted by their ids alone from the index, in its order, leaving out the joins
    // (db/core/paging.ts); then only the block's rows are read whole by id and put in order (a sort of 100 rows).
    const rows = plans.find((p) => /limit \? offset \?/.test(p.sql))!;
    const plan = rows.plan.join(' | ');
    expect(plan).toMatch(
      /^SEARCH c USING INTEGER PRIMARY KEY \(rowid=\?\) \| LIST SUBQUERY \d+ \| SCAN c USING (COVERING )?INDEX complaints_received \|/,
    );
    // The department and the institution are joined once, for the block's rows: not for each row skipped.
    expect(plan.match(/SEARCH d /g)).toHaveLength(1);
    expect(plan.match(/SEARCH i /g)).toHaveLength(1);
  });

  it('the first block of the 12345 register counts its summary from the complaints_counts index, joining nothing', async () => {
    // The total and the five counts read four columns of every complaint: from the index that holds them, without
    // looking up each complaint's department and institution, which no count reads.
    const plans = await plansOf('complaints.page', { startRow: 0, endRow: 100 });
    const counts = plans.find((p) => /count\(\*\)/.test(p.sql) && /"complaints"/.test(p.sql))!;
    expect(counts.plan).toEqual(['SCAN c USING COVERING INDEX complaints_counts']);
    // A search matches the names through the sets of matching institutions and departments, found once: neither
    // is looked up for each complaint it counts.
    const searched = await plansOf('complaints.page', { search: '收费', startRow: 0, endRow: 100 });
    const searchCount = searched.find((p) => /count\(\*\)/.test(p.sql) && /"complaints"/.test(p.sql))!;
    expect(searchCount.plan.join(' | ')).not.toMatch(/SEARCH (d|i) /);
    expect(searchCount.sql).toMatch(/"institutions" as "si"/);
  });

  it('the first block of 检查记录 counts its summary from the inspections_counts index, joining nothing', async () => {
    // The total, 整改逾期 and 待审核 read three columns of every live record: from the index that holds them, without
    // looking up each record's institution, plan, batch and publication, which no count reads.
    const plans = await plansOf('inspections.page', { startRow: 0, endRow: 100 });
    const counts = plans.find((p) => /count\(\*\)/.test(p.sql) && /"inspections"/.test(p.sql))!;
    expect(counts.plan).toEqual(['SCAN x USING COVERING INDEX inspections_counts']);
    // A column filter may read a joined column (the institution's name): that count keeps the joins.
    const filtered = await plansOf('inspections.page', {
      startRow: 0,
      endRow: 100,
      filter: { institutionName: { filterType: 'text', type: 'contains', filter: '医院' } },
    });
    const filteredCount = filtered.find((p) => /count\(\*\)/.test(p.sql) && /"inspections"/.test(p.sql))!;
    expect(filteredCount.sql).toMatch(/"institutions" as "i"/);
  });

  it('the first block of 转报移送 counts its summary from the referrals alone, joining nothing without a search', async () => {
    // The total and the three counts read reply_on and due_on: from an index that holds them, without looking up
    // each referral's two departments and its institution, which no count reads.
    const plans = await plansOf('referrals.page', { startRow: 0, endRow: 100 });
    const counts = plans.find((p) => /count\(\*\)/.test(p.sql) && /"referrals"/.test(p.sql))!;
    expect(counts.plan).toEqual(['SCAN r USING COVERING INDEX referrals_due']);
    // A search reads the departments' and the institution's names: that count keeps the joins.
    const searched = await plansOf('referrals.page', { search: '卫生', startRow: 0, endRow: 100 });
    const searchCount = searched.find((p) => /count\(\*\)/.test(p.sql) && /"referrals"/.test(p.sql))!;
    expect(searchCount.sql).toMatch(/"departments" as "f"/);
  });

  it('the 操作日志 reads ids from narrow indexes: a far block by the id index, a day range and person by theirs', async () => {
    // A block far down counts the rows it skips from the ids alone, never walking the wide rows (before/after).
    const far = await plansOf('audit.page', { startRow: 200, endRow: 300 });
    const jump = far.find((p) => /offset \?/.test(p.sql))!;
    expect(jump.plan.join(' | ')).toContain('SCAN audit_log USING COVERING INDEX audit_log_order');
    // A day range with a person: counted, and the newest 100 found, from the index of the time and the person;
    // only those 100 rows are read whole.
    const plans = await plansOf('audit.page', {
      from: '2026-01-01',
      to: '2026-06-30',
      actor: '管理员',
      startRow: 0,
      endRow: 100,
    });
    const count = plans.find((p) => /count\(\*\)/.test(p.sql) && /"audit_log"/.test(p.sql))!;
    expect(count.plan).toEqual(['SEARCH audit_log USING COVERING INDEX audit_log_at_actor (at>? AND at<?)']);
    const block = plans.find((p) => /limit \?/.test(p.sql) && /"audit_log"/.test(p.sql))!;
    expect(block.plan.join(' | ')).toMatch(
      /^SEARCH audit_log USING INTEGER PRIMARY KEY \(rowid=\?\) \| LIST SUBQUERY \d+ \| SEARCH audit_log USING COVERING INDEX audit_log_at_actor/,
    );
  });

  it('the first block of the whole credit ledger counts its summary from the type-and-points index alone', async () => {
    // Every entry is counted (the total, those with points, the 更正): from the narrow index, never the wide rows;
    // the block itself walks the ledger's key from the newest entry and stops at the block.
    const plans = await plansOf('credit.entries', { startRow: 0, endRow: 100 });
    const counts = plans.find((p) => /count\(\*\)/.test(p.sql) && /"credit_ledger"/.test(p.sql))!;
    expect(counts.plan.join(' | ')).toContain('COVERING INDEX credit_ledger_type_points');
    const rows = plans.find((p) => /limit \?/.test(p.sql) && /"credit_ledger"/.test(p.sql))!;
    expect(rows.plan.join(' | ')).not.toContain('TEMP B-TREE');
  });
  it('a draw reads the previous lead of each institution from the latest-inspection index alone', async () => {
    // draws.run, draws.preview and the seal look up every eligible institution's latest inspection record: a table
    // read per institution made the lookup grow 7.4x for 3x the institutions (see the migration).
    const plans = await plansOf('draws.preview', { planId: 1, batchNumber: 2 });
    const directory = plans.find((p) => /as "previous_lead"/.test(p.sql))!;
    expect(directory.plan.join(' | ')).toContain('SEARCH x USING COVERING INDEX inspections_latest');
  });
  it('the 工作台 counts unissued 记分通知书 from an index alone and finds the deregistered by the status index', async () => {
    // The year's demerits counted per kind of subject and day: the index carries subject_kind, no row is read.
    const plans = await plansOf('dashboard.data', {});
    const notices = plans.find((p) => /count\(\*\)/.test(p.sql) && /"credit_ledger" as "l"/.test(p.sql))!;
    expect(notices.plan[0]).toContain('COVERING INDEX credit_ledger_type_fact_kind');
    // The self-inspection indicators and the 承诺书 count leave out the deregistered: found by index, not a scan.
    const selfcheck = plans.filter(
      (p) => /"selfcheck_(submissions|pledges)" as/.test(p.sql) && /"d"/.test(p.sql),
    );
    expect(selfcheck).toHaveLength(2);
    for (const p of selfcheck)
      expect(p.plan.join(' | ')).toContain('SEARCH d USING COVERING INDEX institutions_status');
    // The 信用等级 chart counts the tiers from the same index.
    const tiers = plans.find((p) => /"credit_tier", count\(\*\)/.test(p.sql))!;
    expect(tiers.plan.join(' | ')).toContain('COVERING INDEX institutions_status');
  });
});
