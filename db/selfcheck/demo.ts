// The demo district's 依法执业自查 for this year, collected the way the office collects it: the year set up (every
// supervised institution, the full self-inspection due about three weeks ago), a 专项 campaign for the aesthetic and
// dental clinics, the fill-in workbook exported, filled in as the institutions would (almost all on time, a few late,
// a handful missing, a few problems left under a rectification plan) and imported in one go; 承诺书 from all but three;
// two missing full self-inspections registered (登记未自查); two 督导 inspections, one finding the self-inspection
// 不实; two warning talks. Dates count back from the app's today. Expects the 科员's session.
import { addCalendarDays } from '../../shared/dates';
import { newWorkbook } from '../core/xlsx';
import type { SeededRandom } from '../core/demo-random';
import { chineseName } from '../core/demo-random';
import type { Call } from '../demo';

export interface SelfcheckSeedSummary {
  scope: number;
  submissions: number;
  pledges: number;
  missingRegistered: number;
  supervisions: number;
  untrue: number;
  talks: number;
}

export async function seedSelfcheck(call: Call, rng: SeededRandom): Promise<SelfcheckSeedSummary> {
  const { today } = await call('calendar.status', {});
  const year = Number(today.slice(0, 4));
  const inYear = (d: string, fallback: string) =>
    d.startsWith(String(year)) && d > `${year}-01-15` ? d : fallback;
  const clampPast = (d: string) => (d > today ? today : d < `${year}-01-02` ? `${year}-01-02` : d);
  const setup = await call('selfcheck.saveYear', {
    year,
    categories: [],
    streets: [],
    fullDeadline: inYear(addCalendarDays(today, -23), `${year}-12-31`),
    pledgeDeadline: `${year}-03-31`,
    routineAfterDays: 0,
  });
  const campaign = await call('selfcheck.saveCampaign', {
    year,
    topic: '医疗美容和口腔诊疗专项自查',
    categories: ['aesthetic', 'dental'],
    streets: [],
    deadline: inYear(addCalendarDays(today, -60), `${year}-12-31`),
    note: '针对群众投诉较多的超范围执业、医疗广告和消毒隔离问题',
  });
  const deadlineOf = (key: string) =>
    key === 'full'
      ? setup.fullDeadline
      : key.startsWith('Q')
        ? setup.routineDeadlines[Number(key.slice(1)) - 1]!.deadline
        : campaign.deadline;

  // What each institution did for each period, as a believable office sees it: almost all on time, a few late,
  // a handful missing. Six institutions skipped the full self-inspection (two of them are registered 未自查 below);
  // the routine quarters past their deadline and the campaign are each missed by one of the four others — offices
  // that skip one tend to skip more. So the 工作台 lists four institutions overdue (and three 承诺书), not one in ten
  // of the district.
  const scope = (await call('selfcheck.grid', { year })).rows;
  const periods = ['full', 'Q1', 'Q2', 'Q3', 'Q4', `C${campaign.id}`];
  const drawn = (from: readonly number[], n: number, except: ReadonlySet<number> = new Set()): number[] => {
    const left = from.filter((id) => !except.has(id));
    const out: number[] = [];
    while (out.length < n && left.length) out.push(left.splice(rng.int(0, left.length - 1), 1)[0]!);
    return out;
  };
  const everyone = scope.map((i) => i.institutionId);
  const skippedFull = drawn(everyone, 6);
  const laggards = skippedFull.slice(2);
  const missing = new Map<string, Set<number>>([['full', new Set(skippedFull)]]);
  const dueRoutine = periods.filter((k) => k.startsWith('Q') && deadlineOf(k) < today);
  for (const key of dueRoutine) missing.set(key, new Set([laggards[rng.int(0, laggards.length - 1)]!]));
  const inCampaign = scope.filter((i) => i.cells[`C${campaign.id}`]).map((i) => i.institutionId);
  const campaignLaggards = laggards.filter((id) => inCampaign.includes(id));
  missing.set(`C${campaign.id}`, new Set(drawn(campaignLaggards.length ? campaignLaggards : inCampaign, 1)));
  const missingFull: number[] = [];
  let submissions = 0;
  interface Planned {
    institutionId: number;
    key: string;
    on: string;
    areas: { area: string; found: number; fixed: number }[];
    open: number;
  }
  const planned: Planned[] = [];
  for (const i of scope) {
    for (const key of periods) {
      if (!i.cells[key]) continue; // a campaign's institutions only
      const deadline = deadlineOf(key);
      const due = deadline < today;
      const roll = rng.next();
      let on: string | null;
      if (!due) on = roll < 0.3 ? clampPast(addCalendarDays(today, -rng.int(1, 20))) : null;
      else if (missing.get(key)?.has(i.institutionId)) on = null;
      else if (roll < 0.95) on = clampPast(addCalendarDays(deadline, -rng.int(1, 25)));
      else on = clampPast(addCalendarDays(deadline, rng.int(1, 15)));
      if (!on) {
        if (key === 'full' && due) missingFull.push(i.institutionId);
        continue;
      }
      let open = 0;
      const areas = setup.areas.map((area) => {
        if (rng.next() >= (key === 'full' ? 0.12 : 0.04)) return { area, found: 0, fixed: 0 };
        const found = rng.int(1, 3);
        const fixed = rng.next() < 0.8 ? found : rng.int(0, found - 1);
        open += found - fixed;
        return { area, found, fixed };
      });
      planned.push({ institutionId: i.institutionId, key, on, areas, open });
      submissions++;
    }
  }
  const plan = (p: Planned) => ({
    rectifyPlan: p.open > 0 ? '制定整改方案，明确责任科室，逐项销号' : '',
    rectifyDue: p.open > 0 ? addCalendarDays(p.on, 30) : null,
  });

  // The 专项 campaign was collected with the fill-in workbook: sent out, filled in, imported in one go.
  const file = await call('selfcheck.exportWorkbook', { year, periods: [`C${campaign.id}`] });
  const wb = await newWorkbook();
  await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('自查填报表')!;
  const colOf = new Map<string, number>();
  ws.getRow(3).eachCell((c, i) => colOf.set(String(c.value), i));
  const col = (h: string) => colOf.get(h)!;
  const byKey = new Map(planned.map((p) => [`${p.institutionId}:${p.key}`, p]));
  for (let r = 4; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const p = byKey.get(
      `${String(row.getCell(col('机构标识')).value)}:${String(row.getCell(col('期间代码')).value)}`,
    );
    if (!p) continue;
    row.getCell(col('是否完成')).value = '已完成';
    row.getCell(col('自查日期')).value = p.on;
    for (const a of p.areas) {
      row.getCell(col(`${a.area}·发现问题`)).value = a.found;
      row.getCell(col(`${a.area}·已整改`)).value = a.fixed;
    }
    const { rectifyPlan, rectifyDue } = plan(p);
    if (rectifyDue) {
      row.getCell(col('整改计划')).value = rectifyPlan;
      row.getCell(col('整改期限')).value = rectifyDue;
    }
  }
  const filled = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
  await call('selfcheck.importApply', {
    year,
    fileName: `${campaign.topic}填报表（汇总）.xlsx`,
    base64: filled,
  });

  // The full and routine self-inspections, entered as they came in.
  for (const p of planned) {
    if (p.key.startsWith('C')) continue;
    await call('selfcheck.saveSubmission', {
      year,
      institutionId: p.institutionId,
      kind: p.key === 'full' ? 'full' : 'routine',
      quarter: p.key === 'full' ? null : Number(p.key.slice(1)),
      submittedOn: p.on,
      // The areas the institution checked: those with problems and most of the others.
      areas: p.areas.filter((a, k) => k === 0 || a.found > 0 || rng.next() < 0.6),
      ...plan(p),
    });
  }

  // Three institutions have not sent their 承诺书 (the deadline was in spring).
  let pledges = 0;
  const noPledge = new Set(drawn(everyone, 3));
  for (const i of scope) {
    if (noPledge.has(i.institutionId)) continue;
    pledges++;
    await call('selfcheck.savePledge', {
      year,
      institutionId: i.institutionId,
      submittedOn: clampPast(addCalendarDays(setup.pledgeDeadline, -rng.int(0, 40))),
      signer: chineseName(rng),
      practitionersSigned: rng.int(2, 30),
    });
  }

  const register = skippedFull.slice(0, 2).filter((id) => missingFull.includes(id));
  if (register.length)
    await call('selfcheck.registerMissing', {
      year,
      items: register.map((institutionId) => ({ institutionId, periodKey: 'full' })),
    });

  // Two 督导 inspections of full self-inspections that reported problems as fixed: one finds it 不实.
  const inspectors = (await call('inspectors.list', { includeInactive: false })).filter((i) => i.active);
  const subs = (await call('selfcheck.submissions', { year })).filter(
    (s) => s.kind === 'full' && s.fixed > 0 && s.submittedOn < addCalendarDays(today, -10),
  );
  let supervisions = 0;
  let untrueInstitution: { id: number; supervisionId: number; name: string } | null = null;
  for (const [k, s] of subs.slice(0, 2).entries()) {
    const area = s.areas.find((a) => a.fixed > 0)!;
    const lead = inspectors[(k * 2) % inspectors.length]!;
    const member =
      inspectors.find((i) => i.id !== lead.id && i.departmentId !== lead.departmentId) ?? inspectors[1]!;
    const untrue = k === 0;
    const r = await call('selfcheck.recordSupervision', {
      submissionId: s.id,
      inspection: {
        institutionId: s.institutionId,
        inspectedOn: addCalendarDays(today, -rng.int(3, 8)),
        leadInspectorId: lead.id,
        memberIds: [member.id],
        items: ['依法执业自查督导', `${area.area}核查`],
        findings: untrue
          ? `自查报告“${area.area}”问题已全部整改，现场核查仍有 1 项未整改；另发现未报告问题 1 项。`
          : '现场核查自查报告所列问题，均已整改，与报告一致。',
        outcome: untrue ? 'rectify' : 'qualified',
        rectifyDue: untrue ? addCalendarDays(today, 20) : null,
      },
      findings: [
        {
          area: area.area,
          notReported: untrue ? 1 : 0,
          fixedButNot: untrue ? 1 : 0,
          note: untrue ? '抽查相关记录 10 份' : '核查无误',
        },
      ],
    });
    supervisions++;
    if (untrue)
      untrueInstitution = { id: s.institutionId, supervisionId: r.supervision.id, name: s.institutionName };
  }

  // Two warning talks: the institution whose self-inspection was 不实, and one with a 责令整改 inspection result.
  let talks = 0;
  const talkers = '区卫生健康局 李明、张强';
  if (untrueInstitution) {
    await call('selfcheck.recordTalk', {
      subjectKind: 'institution',
      subjectId: untrueInstitution.id,
      talkOn: addCalendarDays(today, -1),
      place: '区卫生健康局 302 会议室',
      talkers,
      attendees: `${untrueInstitution.name}主要负责人、医务科负责人`,
      reasonKind: 'selfcheck',
      reasonId: untrueInstitution.supervisionId,
      reasonText: `${year}年全面自查经督导检查认定不实`,
      content:
        '通报督导检查发现的问题：自查报告中已整改的问题现场仍未整改，另有问题未如实报告。\n指出自查不实违反依法执业自查的有关规定，要求如实开展自查、立即整改。',
      commitments: '一个月内完成全部整改，重新开展全面自查并如实报告；完善院内依法执业自查制度。',
      followUpOn: addCalendarDays(today, 30),
    });
    talks++;
  }
  const rectified = (await call('inspections.list', {})).find(
    (x) => x.outcome === 'rectify' && x.institutionId !== untrueInstitution?.id,
  );
  if (rectified) {
    await call('selfcheck.recordTalk', {
      subjectKind: 'institution',
      subjectId: rectified.institutionId,
      talkOn: clampPast(addCalendarDays(rectified.inspectedOn, 5)),
      place: '区卫生健康局 302 会议室',
      talkers,
      attendees: `${rectified.institutionName}主要负责人`,
      reasonKind: 'inspection',
      reasonId: rectified.id,
      reasonText: `监督检查责令整改（检查记录第 ${rectified.id} 号）`,
      content: '通报检查发现的问题，告知责令整改的要求和逾期不改的后果。',
      commitments: '按期完成整改并书面报告整改情况。',
      followUpOn: rectified.rectifyDue,
    });
    talks++;
  }
  return {
    scope: scope.length,
    submissions,
    pledges,
    missingRegistered: register.length,
    supervisions,
    untrue: untrueInstitution ? 1 : 0,
    talks,
  };
}
