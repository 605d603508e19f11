// The demo district's 双随机 work: this year's joint plan (区卫生健康局 with 区市场监管局, clinics, 门诊部, 口腔 and
// 医疗美容), its first batch sealed and, after the next lottery, drawn in front of two witnesses (the clock is moved
// to those days, since seals and draws carry the app's own time), an inspection
// record for every target (mostly 合格; some 责令整改 with their 复查, one not rectified and taken on as a case; one
// case with a warning and a fine and a practitioner concerned), the batch's results published; and a few 日常监督检查,
// one of them a 责令整改 now past its deadline without a 复查. The second batch is left for the office to draw. Dates
// are counted back from the app's today; everything goes through the dispatcher (credit ledger, audit rows).
// Expects a session that may write records (the 科员's).
import {
  itemApplies,
  type DrawRecord,
  type Inspector,
  type InspectionCreateInput,
  type InspectionItemResult,
  type Practitioner,
} from '../../shared/contract';
import { addCalendarDays, calendarDaysBetween } from '../../shared/dates';
import { chineseName, type SeededRandom } from '../core/demo-random';
import type { Call } from '../demo';

export interface InspectionSeedSummary {
  /** Targets of the drawn batch, all inspected. */
  drawnInspections: number;
  adhocInspections: number;
  /** 责令整改 past the deadline without a 复查. */
  overdueRectifications: number;
  publishedBatches: number;
}

/** From the starter 随机抽查事项清单 (传染病防治 requires a qualified officer; 医疗美容服务 applies to 医美 only). */
const ITEMS = ['医疗机构执业资质', '医务人员执业资格', '医疗废物处置', '传染病防治', '医疗美容服务'];

/** The plan's items that apply to a drawn target, each checked on site or on paper; `problem` on the waste item. */
function itemResultsFor(
  record: DrawRecord,
  institutionId: number,
  problem: string | null,
): InspectionItemResult[] {
  const category = record.directory.institutions.find((e) => e.row.id === institutionId)?.row.category;
  return (record.inputs.plan.itemRules ?? [])
    .filter((i) => category === undefined || itemApplies(i, category))
    .map((i, n) => ({
      itemId: i.id,
      name: i.name,
      checked: true,
      method: n === 1 ? 'documents' : 'onsite',
      problems: problem && i.name === '医疗废物处置' ? problem : '',
      disposal: problem && i.name === '医疗废物处置' ? '现场责令改正' : '',
    }));
}
const QUALIFIED = [
  '执业许可证、医务人员资质与执业范围相符，未发现问题。',
  '医疗废物分类收集、交接登记规范，消毒隔离措施落实。',
  '价格公示、医疗广告审查手续齐全。',
];
const RECTIFY = [
  '医疗废物暂存点未设置警示标识，交接登记不全。',
  '消毒记录缺失 3 天，紫外线灯未定期监测强度。',
  '诊室未公示医疗服务价格，部分药品未明码标价。',
];

export async function seedInspections(
  call: Call,
  rng: SeededRandom,
  /** Runs what follows at that moment (null: now again), signed in as the 科员. */
  at: (when: Date | null) => Promise<void>,
  /** Signs in as another demo user (the 领导 reviews the results; then the 科员 again). */
  signInAs: (username: string) => Promise<void>,
): Promise<InspectionSeedSummary> {
  const none = { drawnInspections: 0, adhocInspections: 0, overdueRectifications: 0, publishedBatches: 0 };
  const { today } = await call('calendar.status', {});
  const ago = (days: number) => addCalendarDays(today, -days);
  const departments = await call('departments.list', { includeInactive: false });
  const health = departments.find((d) => d.shortName === '区卫生健康局');
  const market = departments.find((d) => d.shortName === '区市场监管局');
  if (!health || !market) return none;

  // The first batch ran in the spring and early summer; the second runs now.
  const end = ago(150);
  const year = Number(end.slice(0, 4));
  const start = ago(260) < `${year}-01-05` ? `${year}-01-05` : ago(260);
  const second = ago(60) > `${year}-12-01` || ago(60) < `${year}-01-01` ? null : ago(60);
  const plan = await call('inspectionPlans.create', {
    year,
    name: `${year}年度医疗机构“双随机、一公开”联合抽查计划`,
    categories: ['clinic', 'outpatient', 'dental', 'aesthetic'],
    items: ITEMS,
    expertPerTeam: true,
    departmentIds: [health.id, market.id],
    notes: '第1批在开奖前一日封存名录，次日按开奖号码在见证人见证下抽取；检查结果随后录入。',
    batches: [
      { number: 1, name: '上半年', startDate: start, endDate: end },
      ...(second
        ? [{ number: 2, name: '下半年', startDate: second, endDate: addCalendarDays(today, 23) }]
        : []),
    ],
  });
  const entropyOn = addCalendarDays(start, -2);
  const digits = Array.from({ length: 7 }, (_, i) =>
    String(i < 6 ? rng.int(1, 33) : rng.int(1, 16)).padStart(2, '0'),
  ).join(' ');
  // Sealed the day before the lottery, drawn the morning after it (Beijing time).
  await at(new Date(`${addCalendarDays(entropyOn, -1)}T10:00:00+08:00`));
  await call('draws.seal', { planId: plan.id, batchNumber: 1 });
  await at(new Date(`${addCalendarDays(entropyOn, 1)}T09:30:00+08:00`));
  const draw = await call('draws.run', {
    planId: plan.id,
    batchNumber: 1,
    entropy: {
      source: `中国福利彩票双色球第${year}0${String(rng.int(20, 35))}期开奖号码`,
      date: entropyOn,
      digits,
    },
    witnesses: [chineseName(rng), chineseName(rng)],
  });
  await at(null);

  const targets = draw.record.result.targets;
  const span = Math.max(1, calendarDaysBetween(start, end) - 40);
  let last = start;
  let caseNo = 11;
  for (const [i, t] of targets.entries()) {
    const inspectedOn = addCalendarDays(start, 7 + Math.floor((i * span) / Math.max(1, targets.length)));
    last = inspectedOn > last ? inspectedOn : last;
    const base: InspectionCreateInput = {
      drawId: draw.id,
      drawPosition: i,
      institutionId: t.institutionId,
      inspectedOn,
      leadInspectorId: t.team[0]!.inspectorId,
      memberIds: t.team.slice(1).map((m) => m.inspectorId),
      itemResults: itemResultsFor(draw.record, t.institutionId, null),
      resultCategory: 'no_problem',
      followup: 'none',
      findings: rng.pick(QUALIFIED),
    };
    if (i === 3) {
      // A case: unlicensed practice by a physician of the clinic, a warning and a fine.
      const staff: Practitioner[] = await call('practitioners.list', {
        includeInactive: false,
        institutionId: t.institutionId,
      });
      const doctor = staff.find((p) => p.category === 'physician') ?? staff[0];
      await call('inspections.create', {
        ...base,
        resultCategory: 'pending_followup',
        followup: 'transfer_case',
        transferTo: '区卫生健康综合行政执法队',
        findings: '一名医师超出执业范围开展医疗美容项目，现场未能提供相应资质证明。',
        penalties: ['warning', 'fine'],
        fineYuan: 5000,
        caseNo: `越卫医立〔${year}〕${caseNo++}号`,
        practitionerIds: doctor ? [doctor.id] : [],
      });
    } else if (i % 5 === 1) {
      const rectifyDue = addCalendarDays(inspectedOn, 30);
      const finding = RECTIFY[i % RECTIFY.length]!;
      const x = await call('inspections.create', {
        ...base,
        itemResults: itemResultsFor(draw.record, t.institutionId, finding),
        resultCategory: 'rectified',
        followup: 'rectify_track',
        rectifyDue,
        findings: finding,
      });
      const unrectified = i % 10 === 6;
      await call('inspections.review', {
        id: x.id,
        reviewOn: addCalendarDays(rectifyDue, unrectified ? 2 : -3),
        result: unrectified ? 'unrectified' : 'rectified',
        note: unrectified ? '复查时问题仍未整改到位，转立案查处。' : '已按要求整改，提交整改报告及照片。',
        escalate: unrectified,
        ...(unrectified ? { caseNo: `越卫医立〔${year}〕${caseNo++}号` } : {}),
      });
    } else await call('inspections.create', base);
  }
  // 审核 before 公开: the 领导 passes every result (one is returned first and corrected), then the 科员 publishes.
  await signInAs('lingdao');
  const recorded = await call('inspections.list', { planId: plan.id, batchNumber: 1 });
  const returned = recorded[0];
  if (returned)
    await call('inspections.approve', {
      id: returned.id,
      decision: 'return',
      reason: '逐项检查情况中“检查方式”与现场记录不符，请核对后重新提交。',
    });
  await signInAs('keyuan');
  if (returned) {
    const { id, team, itemResults } = returned;
    await call('inspections.update', {
      id,
      drawId: returned.drawId,
      drawPosition: returned.drawPosition,
      institutionId: returned.institutionId,
      inspectedOn: returned.inspectedOn,
      leadInspectorId: team.find((m) => m.lead)!.inspectorId,
      memberIds: team.filter((m) => !m.lead).map((m) => m.inspectorId),
      itemResults: itemResults.map((r) => ({ ...r, method: 'onsite' as const })),
      resultCategory: returned.resultCategory,
      followup: returned.followup,
      rectifyDue: returned.rectifyDue,
      transferTo: returned.transferTo,
      penalties: returned.penalties,
      fineYuan: returned.fineFen === null ? null : returned.fineFen / 100,
      confiscationYuan: returned.confiscationFen === null ? null : returned.confiscationFen / 100,
      caseNo: returned.caseNo ?? '',
      practitionerIds: returned.practitioners.map((p) => p.id),
      findings: returned.findings,
      teamNote: returned.teamNote,
    });
  }
  await signInAs('lingdao');
  for (const x of await call('inspections.list', { planId: plan.id, batchNumber: 1 }))
    if (x.approvalStatus === 'pending')
      await call('inspections.approve', { id: x.id, decision: 'pass', reason: '' });
  await signInAs('keyuan');
  // Published on the district government's site, well within 20 working days of the last inspection.
  await call('inspectionPublications.mark', {
    planId: plan.id,
    batchNumber: 1,
    publishedOn: addCalendarDays(last, 21) < today ? addCalendarDays(last, 21) : today,
    channel: '绍兴市越城区人民政府网站（政府信息公开专栏）',
  });

  // 日常监督检查: a hospital (合格), a 中医 clinic told to rectify, its deadline now past without a 复查.
  const institutions = (await call('institutions.list', { includeInactive: false })).filter(
    (i) => i.status === 'operating',
  );
  const inspectors = (await call('inspectors.list', { includeInactive: false })).filter(
    (p) => p.departmentId === health.id,
  );
  const teamFor = (institutionId: number): [Inspector, Inspector] | null => {
    const free = inspectors.filter((p) => !p.conflicts.some((c) => c.institutionId === institutionId));
    return free.length >= 2 ? [free[0]!, free[1]!] : null;
  };
  let adhoc = 0;
  let overdue = 0;
  const adhocPlans: {
    category: string;
    outcome: 'qualified' | 'rectify';
    daysAgo: number;
    findings: string;
  }[] = [
    { category: 'hospital', outcome: 'qualified', daysAgo: 40, findings: '院感防控专项检查，未发现问题。' },
    { category: 'tcm', outcome: 'rectify', daysAgo: 35, findings: '中药饮片库房温湿度记录不全。' },
  ];
  for (const a of adhocPlans) {
    const inst = institutions.find((i) => i.category === a.category);
    const team = inst ? teamFor(inst.id) : null;
    if (!inst || !team) continue;
    const inspectedOn = ago(a.daysAgo);
    await call('inspections.create', {
      institutionId: inst.id,
      inspectedOn,
      leadInspectorId: team[0].id,
      memberIds: [team[1].id],
      itemResults: [
        {
          itemId: null,
          name: a.outcome === 'rectify' ? '中药饮片质量管理' : '消毒隔离与医院感染管理',
          checked: true,
          method: 'onsite',
          problems: a.outcome === 'rectify' ? a.findings : '',
          disposal: a.outcome === 'rectify' ? '责令限期改正' : '',
        },
      ],
      resultCategory: a.outcome === 'rectify' ? 'pending_followup' : 'no_problem',
      followup: a.outcome === 'rectify' ? 'rectify_track' : 'none',
      findings: a.findings,
      ...(a.outcome === 'rectify' ? { rectifyDue: ago(a.daysAgo - 20) } : {}),
    });
    adhoc++;
    if (a.outcome === 'rectify') overdue++;
  }
  return {
    drawnInspections: targets.length,
    adhocInspections: adhoc,
    overdueRectifications: overdue,
    publishedBatches: 1,
  };
}
