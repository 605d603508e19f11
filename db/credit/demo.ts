// The demo district's 信用台账: a year of credit facts for some of the demo institutions and practitioners — 校验,
// inspections, a substantiated complaint (and one corrected after review), administrative penalties, commendations,
// commitments and 不良执业行为记分, including a private clinic whose points cross the 12-point threshold (its warning
// left open, one 记分通知书 issued, listed on the 黑名单 for the 一般 misconduct) and a physician past 8 points; a
// hospital with a commendation is on the 红名单. Dates are counted back from the app's today so the
// demo holds whenever it is generated; everything goes through the dispatcher (hash chain, tiers, audit rows).
// Expects a session that may write records (the 科员's).
import type { CreditBehaviour, CreditEntryInput, Institution, Practitioner } from '../../shared/contract';
import { addCalendarDays, calendarDaysBetween } from '../../shared/dates';
import { addMonths } from '../../shared/domain/credit-lists';
import type { SeededRandom } from '../core/demo-random';
import type { Call } from '../demo';

export interface CreditSeedSummary {
  entries: number;
  subjects: number;
  openWarnings: number;
  /** The clinic past 12 points (the demo's example of a warning). */
  warnedInstitution: string | null;
}

export async function seedCredit(call: Call, rng: SeededRandom): Promise<CreditSeedSummary> {
  const { today } = await call('calendar.status', {});
  const ago = (days: number) => addCalendarDays(today, -days);
  const behaviours = await call('credit.behaviours', { includeInactive: false });
  const institutions = (await call('institutions.list', { includeInactive: false })).filter(
    (i) => i.status === 'operating',
  );
  const practitioners = await call('practitioners.list', { includeInactive: false });
  const subjects = new Set<string>();
  let entries = 0;

  const behaviour = (kind: CreditBehaviour['subjectKind'], code: string): number => {
    const b = behaviours.find((x) => x.subjectKind === kind && x.code === code && x.active);
    if (!b) throw new Error(`演示数据需要记分条目 ${code}`);
    return b.id;
  };
  const record = async (
    i: { kind: 'institution' | 'practitioner'; id: number },
    e: Omit<CreditEntryInput, 'subjectKind' | 'subjectId'>,
  ) => {
    subjects.add(`${i.kind}-${i.id}`);
    entries++;
    return call('credit.record', { subjectKind: i.kind, subjectId: i.id, ...e });
  };
  const inst = (x: Institution) => ({ kind: 'institution' as const, id: x.id });
  const person = (x: Practitioner) => ({ kind: 'practitioner' as const, id: x.id });
  const pickOf = <T>(list: T[]): T => {
    const i = Math.floor(rng.next() * list.length);
    return list.splice(i, 1)[0]!;
  };
  const year = Number(today.slice(0, 4));
  let docNo = 1;
  const penaltyNo = () => `越卫医罚〔${year}〕${docNo++}号`;

  const hospitals = institutions.filter((i) => i.category === 'hospital');
  const clinics = institutions.filter((i) =>
    ['clinic', 'outpatient', 'aesthetic', 'dental'].includes(i.category),
  );
  const others = institutions.filter((i) => !hospitals.includes(i) && !clinics.includes(i));
  let warnedInstitution: string | null = null;

  // A private clinic past 12 points in its 校验期: a penalty, two 记分 within the year after its 校验.
  if (clinics.length > 0) {
    const c = pickOf(clinics);
    warnedInstitution = c.name;
    await record(inst(c), {
      type: 'verification',
      outcome: 'passed',
      factDate: ago(200),
      basis: `${year} 年度医疗机构校验`,
      text: '校验合格，准予继续执业。',
    });
    await record(inst(c), {
      type: 'penalty',
      outcome: 'general',
      factDate: ago(150),
      basis: penaltyNo(),
      sourceKind: 'case',
      text: '未按规定公示医疗服务价格，给予警告并处罚款人民币 3000 元。',
    });
    const ad = await record(inst(c), {
      type: 'demerit',
      behaviourId: behaviour('institution', 'JG-06-01'),
      factDate: ago(90),
      basis: penaltyNo(),
      sourceKind: 'inspection',
      text: '在网络平台发布未经审查的医疗美容广告，经调查核实。',
    });
    await call('credit.issueNotice', { seq: ad.entry.seq });
    await record(inst(c), {
      type: 'demerit',
      behaviourId: behaviour('institution', 'JG-08-01'),
      factDate: ago(40),
      basis: penaltyNo(),
      sourceKind: 'referral',
      text: '医保分局转报：串换药品收费项目，骗取医疗保障基金。',
    });
    // Listed on the 黑名单 (一般失信) for the fraud, disclosed for six months.
    entries++;
    await call('credit.createListing', {
      subjectKind: 'institution',
      subjectId: c.id,
      list: 'black',
      severity: 'general',
      basisNumber: penaltyNo(),
      basisText: '串换药品收费项目骗取医疗保障基金，经查证属实，情节一般',
      decisionDate: ago(30),
      disclosureStart: ago(28),
      disclosureEnd: addMonths(ago(28), 6),
    });
  }

  // Another clinic with a few points, and one with a complaint that review did not uphold (更正).
  if (clinics.length > 0) {
    const c = pickOf(clinics);
    await record(inst(c), {
      type: 'demerit',
      behaviourId: behaviour('institution', 'JG-04-02'),
      factDate: ago(120),
      text: '诊疗器械消毒记录缺失，现场检查发现。',
    });
    await record(inst(c), {
      type: 'demerit',
      behaviourId: behaviour('institution', 'JG-02-02'),
      factDate: ago(60),
      text: '未公示收费项目，责令改正后仍未改正。',
    });
  }
  if (clinics.length > 0) {
    const c = pickOf(clinics);
    const complaint = await record(inst(c), {
      type: 'complaint',
      factDate: ago(75),
      sourceKind: 'complaint',
      text: '12345 投诉：就诊时被收取未告知的检查费用，经核实属实。',
    });
    entries++;
    await call('credit.correct', {
      seq: complaint.entry.seq,
      factDate: ago(30),
      basis: '',
      reason: '复核后认定收费项目已事先告知并经患者签字确认，投诉不属实，予以更正。',
    });
    await record(inst(c), { type: 'commitment', factDate: ago(20), text: '签署依法执业信用承诺书。' });
  }

  // Hospitals: 校验, self-inspection, inspections, a commendation; one with an external evaluation of C.
  for (const h of hospitals.slice(0, 4)) {
    await record(inst(h), {
      type: 'verification',
      outcome: 'passed',
      factDate: ago(rng.int(150, 300)),
      basis: `${year} 年度医疗机构校验`,
    });
    await record(inst(h), {
      type: 'self_inspection',
      outcome: rng.next() < 0.5 ? 'compliant' : 'issues',
      factDate: ago(rng.int(60, 140)),
      text: '依法执业自查，发现问题已列出整改清单。',
    });
    await record(inst(h), {
      type: 'inspection',
      outcome: rng.pick(['qualified', 'qualified', 'rectify'] as const),
      factDate: ago(rng.int(10, 55)),
      sourceKind: 'inspection',
      text: '双随机抽查：医疗质量安全与传染病防治。',
    });
  }
  if (hospitals[0])
    await record(inst(hospitals[0]), {
      type: 'commendation',
      factDate: ago(45),
      basis: `绍卫发〔${year}〕18号`,
      text: '获评市级医疗质量安全管理先进单位。',
    });
  if (hospitals[0]) {
    entries++;
    await call('credit.createListing', {
      subjectKind: 'institution',
      subjectId: hospitals[0].id,
      list: 'red',
      severity: null,
      basisNumber: `绍卫发〔${year}〕18号`,
      basisText: '获评市级医疗质量安全管理先进单位，连续三年依法执业自查未发现问题',
      decisionDate: ago(40),
      disclosureStart: ago(40),
      disclosureEnd: addMonths(ago(40), 12),
    });
  }
  if (hospitals[1])
    await record(inst(hospitals[1]), {
      type: 'evaluation',
      outcome: 'C',
      factDate: ago(100),
      basis: '医保定点医药机构信用评价',
      text: '医保分局年度信用评价结果为 C 级。',
    });

  // Community centres and others: routine inspections.
  for (const o of others.slice(0, 6))
    await record(inst(o), {
      type: 'inspection',
      outcome: rng.pick(['qualified', 'qualified', 'qualified', 'unqualified'] as const),
      factDate: ago(rng.int(5, 180)),
      sourceKind: 'inspection',
      text: '日常监督检查。',
    });

  // Practitioners: a physician past 8 points in the current two-year cycle, and a nurse with 2.
  const cycleStartYear = 2024 + 2 * Math.floor((year - 2024) / 2);
  const sinceCycle = calendarDaysBetween(`${cycleStartYear}-01-01`, today);
  const within = (days: number) => ago(Math.min(days, sinceCycle));
  const physicians = practitioners.filter((p) => p.category === 'physician');
  const nurses = practitioners.filter((p) => p.category === 'nurse');
  if (physicians.length > 0) {
    const p = pickOf(physicians);
    await record(person(p), {
      type: 'demerit',
      behaviourId: behaviour('practitioner', 'RY-04-01'),
      factDate: within(160),
      text: '超出执业范围开具精神类药品处方。',
    });
    await record(person(p), {
      type: 'demerit',
      behaviourId: behaviour('practitioner', 'RY-06-01'),
      factDate: within(35),
      text: '对门诊患者重复开具检查项目，经病历抽查核实。',
    });
  }
  if (nurses.length > 0)
    await record(person(pickOf(nurses)), {
      type: 'demerit',
      behaviourId: behaviour('practitioner', 'RY-02-01'),
      factDate: within(25),
      text: '护理记录书写不及时，经指出后未改正。',
    });

  const grid = await call('credit.subjects', {});
  return {
    entries,
    subjects: subjects.size,
    openWarnings: grid.reduce((n, r) => n + r.openWarnings, 0),
    warnedInstitution,
  };
}
