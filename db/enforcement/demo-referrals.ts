// The demo district's 转报移送 and 12345 complaints: the twelve months before the office's today (2026-11-22 in the
// tests), about three referrals a month between 越城区's departments (a few to several departments at once, routed
// through 区卫生健康局) and ten complaints a month about the district's institutions. Most are answered in time,
// some late, and a few are still open past their deadline, as a real register shows. It goes through the
// dispatcher, so each record has its audit row and its deadline from the office's rules. Needs the directories
// (seed-enforcement) first, and a session that may write records.
import type { ComplaintCategory, Department, Institution } from '../../shared/contract';
import { addCalendarDays, calendarDaysBetween, type IsoDate } from '../../shared/dates';
import type { SeededRandom } from '../core/demo-random';
import type { Call } from '../demo';

export interface ReferralSeedSummary {
  referrals: number;
  /** Unanswered past their due date on the office's today. */
  overdueReferrals: number;
  complaints: number;
  substantiated: number;
  overdueFeedback: number;
}

interface ReferralPlan {
  from: string;
  to: string[];
  matter: (institution: string) => string;
  /** Which institutions the matter is about; null = none named. */
  categories: Institution['category'][] | null;
}

const REFERRALS: ReferralPlan[] = [
  {
    from: '区市场监管局',
    to: ['区卫生健康局'],
    matter: (i) => `日常检查中发现${i}涉嫌超出备案范围开展医疗美容项目，属卫生健康部门职责，移送调查处理。`,
    categories: ['aesthetic', 'clinic', 'outpatient'],
  },
  {
    from: '区卫生健康局',
    to: ['区市场监管局'],
    matter: (i) => `${i}在微信公众号发布含“根治”“无效退款”等内容的医疗广告，涉嫌违法发布医疗广告，移送查处。`,
    categories: ['hospital', 'outpatient', 'aesthetic', 'dental'],
  },
  {
    from: '区卫生健康局',
    to: ['区医保分局'],
    matter: (i) => `监督检查发现${i}存在串换药品、虚记诊疗项目等涉嫌违规使用医保基金的情况，移送核查。`,
    categories: ['hospital', 'community', 'outpatient', 'clinic'],
  },
  {
    from: '区卫生健康局',
    to: ['区公安分局'],
    matter: (i) => `群众举报${i}附近有人员冒用医师名义非法行医、涉嫌非法行医罪，移送公安机关侦查。`,
    categories: ['clinic', 'tcm'],
  },
  {
    from: '区卫生健康局',
    to: ['区生态环境分局'],
    matter: (i) => `${i}医疗废物暂存点未按规定设置、交接记录不全，涉及危险废物管理，移送处理。`,
    categories: ['clinic', 'dental', 'outpatient', 'township'],
  },
  {
    from: '区医保分局',
    to: ['区卫生健康局'],
    matter: (i) => `医保飞行检查发现${i}部分医务人员超执业范围执业，移送卫生健康部门依法处理。`,
    categories: ['hospital', 'outpatient', 'community'],
  },
  {
    from: '区卫生健康局',
    to: ['区市场监管局'],
    matter: (i) => `${i}收费项目未按规定公示、部分项目未明码标价，涉嫌价格违法，移送查处。`,
    categories: ['checkup', 'aesthetic', 'dental'],
  },
  {
    from: '区综合执法局',
    to: ['区卫生健康局'],
    matter: (i) => `巡查中发现${i}在未取得执业许可的场所开展诊疗活动，移送卫生健康部门核查。`,
    categories: ['clinic', 'other'],
  },
  {
    from: '区卫生健康局',
    to: ['区综合执法局'],
    matter: (i) => `${i}违规设置户外医疗广告招牌、占用人行道，移送综合执法部门处理。`,
    categories: ['clinic', 'dental', 'aesthetic'],
  },
  {
    from: '区公安分局',
    to: ['区医保分局', '区市场监管局'],
    matter: (i) =>
      `办案中发现${i}涉嫌以“免费体检”名义诱导参保人员住院并虚假宣传，涉及多个部门职责，经区卫生健康局统一转报。`,
    categories: ['hospital', 'checkup'],
  },
  {
    from: '区市场监管局',
    to: ['区卫生健康局', '区医保分局'],
    matter: (i) =>
      `检查中发现${i}药品购进票据不全并存在医保结算异常，涉及多个部门职责，经区卫生健康局统一转报。`,
    categories: ['outpatient', 'clinic', 'community'],
  },
  {
    from: '区教体局',
    to: ['区卫生健康局'],
    matter: () => '学校反映周边有无证人员开展“视力矫正”收费服务，请卫生健康部门核查处理。',
    categories: null,
  },
];

/** 转报文号 prefixes of the sending departments. */
const DOC_PREFIX: Record<string, string> = {
  区市场监管局: '越市监',
  区卫生健康局: '越卫健',
  区医保分局: '越医保',
  区公安分局: '越公',
  区综合执法局: '越综执',
  区教体局: '越教体',
};
const SOMEONE = '辖区某医疗机构';

const REPLIES = [
  '经调查，反映情况属实，已立案调查，责令其立即停止违法行为并限期整改。',
  '经现场核查，未发现所述问题，已告知转报单位并做好记录。',
  '已约谈机构负责人，责令限期整改；整改情况已于复查时确认完成。',
  '情况部分属实，已依法给予警告并责令改正，后续纳入重点监管。',
  '已立案查处，作出罚款的行政处罚决定，处罚信息已按规定公示。',
];

interface ComplaintPlan {
  category: ComplaintCategory;
  weight: number;
  departments: string[];
  categories: Institution['category'][] | null;
  content: (institution: string) => string;
}

const COMPLAINTS: ComplaintPlan[] = [
  {
    category: 'medical_service',
    weight: 34,
    departments: ['区卫生健康局'],
    categories: ['hospital', 'community', 'outpatient', 'township'],
    content: (i) => `来电人反映在${i}就诊排队时间过长、医生问诊草率，对诊疗结果有异议，要求核查。`,
  },
  {
    category: 'charges',
    weight: 20,
    departments: ['区医保分局', '区市场监管局', '区卫生健康局'],
    categories: ['hospital', 'outpatient', 'checkup', 'dental'],
    content: (i) => `来电人反映${i}收费明细中有未实施的检查项目，怀疑重复收费，要求退还并查处。`,
  },
  {
    category: 'aesthetic',
    weight: 12,
    departments: ['区卫生健康局', '区市场监管局'],
    categories: ['aesthetic'],
    content: (i) => `来电人反映在${i}做注射美容后出现红肿，怀疑操作人员无资质、所用产品来源不明。`,
  },
  {
    category: 'ethics',
    weight: 15,
    departments: ['区卫生健康局'],
    categories: ['hospital', 'community', 'township'],
    content: (i) => `来电人反映${i}医务人员服务态度恶劣，并暗示推荐到院外药店购药。`,
  },
  {
    category: 'infection_control',
    weight: 7,
    departments: ['区卫生健康局'],
    categories: ['clinic', 'dental', 'outpatient'],
    content: (i) => `来电人反映${i}器械消毒不规范、一次性用品疑似重复使用，担心交叉感染。`,
  },
  {
    category: 'other',
    weight: 12,
    departments: ['区卫生健康局', '区综合执法局'],
    categories: null,
    content: () => '来电人反映小区内有人员上门推销保健品并免费“测血压”，疑似非法行医，要求查处。',
  },
];

const HANDLING = {
  true: [
    '经核查，反映问题属实，已责令机构整改并依法处理，整改情况已复查。',
    '经调查情况属实，已对相关责任人进行约谈，并督促机构退还多收费用。',
  ],
  false: [
    '经核查，未发现反映的问题，已向来电人解释说明，来电人表示理解。',
    '经调取病历和收费记录，收费与诊疗项目相符，已电话回复来电人。',
  ],
};

function pickWeighted<T extends { weight: number }>(rng: SeededRandom, items: readonly T[]): T {
  const total = items.reduce((s, x) => s + x.weight, 0);
  let n = rng.next() * total;
  for (const x of items) {
    n -= x.weight;
    if (n < 0) return x;
  }
  return items[items.length - 1]!;
}

function byShortName(departments: Department[], name: string): Department {
  const d = departments.find((x) => x.shortName === name);
  if (!d) throw new Error(`demo: department ${name} is not on the directory`);
  return d;
}

function institutionFor(
  rng: SeededRandom,
  institutions: Institution[],
  categories: Institution['category'][] | null,
): Institution | null {
  if (!categories) return null;
  const fit = institutions.filter((i) => categories.includes(i.category) && i.status !== 'deregistered');
  return fit.length > 0 ? rng.pick(fit) : null;
}

/** A day in the twelve months before `today` (never today itself), in date order when called with rising k. */
const dayOfYear = (today: IsoDate, k: number, of: number, rng: SeededRandom): IsoDate =>
  addCalendarDays(
    today,
    -365 + Math.floor((365 * k) / of) + rng.int(0, Math.max(0, Math.floor(365 / of) - 1)),
  );

export async function seedReferralsAndComplaints(
  call: Call,
  rng: SeededRandom,
): Promise<ReferralSeedSummary> {
  const today = (await call('calendar.status', {})).today;
  const departments = await call('departments.list', { includeInactive: false });
  const institutions = await call('institutions.list', { includeInactive: false });
  const wasBefore = (d: IsoDate) => d < today;

  // ------------------------------------------------------------------------------------------- referrals
  const REFERRAL_COUNT = 36;
  let referrals = 0;
  for (let k = 0; k < REFERRAL_COUNT; k++) {
    const plan = rng.pick(REFERRALS);
    const subject = institutionFor(rng, institutions, plan.categories);
    const receivedOn = dayOfYear(today, k, REFERRAL_COUNT, rng);
    const created = await call('referrals.create', {
      fromDepartmentId: byShortName(departments, plan.from).id,
      toDepartmentIds: plan.to.map((n) => byShortName(departments, n).id),
      viaBureau: plan.to.length > 1,
      docNo:
        rng.next() < 0.7 ? `${DOC_PREFIX[plan.from] ?? '越'}转〔${receivedOn.slice(0, 4)}〕${k + 1}号` : '',
      matter: plan.matter(subject?.name ?? SOMEONE),
      institutionId: subject?.id ?? null,
      receivedOn,
    });
    referrals += created.length;
    for (const r of created) {
      // Answered mostly within the 15 days, some late, and about one in eight not at all (yet).
      const roll = rng.next();
      const delay = roll < 0.72 ? rng.int(3, 14) : roll < 0.87 ? rng.int(16, 30) : null;
      if (delay === null) continue;
      const replyOn = addCalendarDays(r.receivedOn, delay);
      if (!wasBefore(replyOn)) continue; // not answered yet: still within its days, or already overdue
      await call('referrals.reply', { id: r.id, replyOn, replyText: rng.pick(REPLIES) });
    }
  }

  // ------------------------------------------------------------------------------------------- 12345
  const COMPLAINT_COUNT = 120;
  let substantiated = 0;
  for (let k = 0; k < COMPLAINT_COUNT; k++) {
    const plan = pickWeighted(rng, COMPLAINTS);
    const subject = institutionFor(rng, institutions, plan.categories);
    const receivedOn = dayOfYear(today, k, COMPLAINT_COUNT, rng);
    const c = await call('complaints.create', {
      ticketNo: `SX${receivedOn.replaceAll('-', '')}${String(k + 1).padStart(4, '0')}`,
      receivedOn,
      content: plan.content(subject?.name ?? SOMEONE),
      category: plan.category,
      institutionId: subject?.id ?? null,
      departmentId: byShortName(departments, rng.pick(plan.departments)).id,
    });
    // Handled within three weeks, fed back within the week mostly; some late, a few not fed back at all.
    const recent = calendarDaysBetween(receivedOn, today) <= 21;
    const handledOn = addCalendarDays(receivedOn, recent ? rng.int(2, 8) : rng.int(3, 21));
    if (!wasBefore(handledOn)) continue;
    const isSubstantiated = rng.next() < 0.3;
    if (isSubstantiated) substantiated++;
    await call('complaints.closeHandling', {
      id: c.id,
      handledOn,
      handlingResult: rng.pick(HANDLING[isSubstantiated ? 'true' : 'false']),
      substantiated: isSubstantiated,
    });
    // Handled in the last week: most are still within their days and not fed back yet.
    if (calendarDaysBetween(handledOn, today) <= 7 && rng.next() < 0.7) continue;
    const roll = rng.next();
    const delay = roll < 0.85 ? rng.int(1, 7) : roll < 0.93 ? rng.int(8, 14) : null;
    if (delay === null) continue;
    const feedbackOn = addCalendarDays(handledOn, delay);
    if (!wasBefore(feedbackOn)) continue;
    await call('complaints.recordFeedback', {
      id: c.id,
      feedbackOn,
      feedbackNote: calendarDaysBetween(handledOn, feedbackOn) > 7 ? '因承办人员调整，反馈延迟。' : '',
    });
  }

  const overdueReferrals = await call('referrals.page', { status: 'overdue', startRow: 0, endRow: 0 });
  const overdueFeedback = await call('complaints.page', {
    status: 'feedback_overdue',
    startRow: 0,
    endRow: 0,
  });
  return {
    referrals,
    overdueReferrals: overdueReferrals.total,
    complaints: COMPLAINT_COUNT,
    substantiated,
    overdueFeedback: overdueFeedback.total,
  };
}
