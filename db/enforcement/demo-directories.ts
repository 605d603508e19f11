// The demo district's 联合执法 directories: about 120 监管对象 in 越城区 (public hospitals, the 社区卫生服务中心 of
// every 街道, private hospitals, 门诊部, clinics, 医疗美容, 体检, 口腔 and 中医), about 300 从业人员, and 24 执法检查人员
// from six member departments, a few with declared conflicts (回避). Every code is valid: the GB 32100-2015 check
// character is computed, never made up. It goes through the dispatcher, so each record has its audit row.
import type { InstitutionCategory, InstitutionInput, PractitionerCategory } from '../../shared/contract';
import { usccCheckChar } from '../../shared/domain/uscc';
import { chineseName, type SeededRandom } from '../core/demo-random';
import type { Call } from '../demo';

export interface EnforcementSeedSummary {
  institutions: number;
  practitioners: number;
  inspectors: number;
  conflicts: number;
  experts: number;
}

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const REGION = '330602'; // 越城区

/** 街道/镇 of 越城区, each with its 社区卫生服务中心 (富盛镇: 卫生院). */
const STREETS = [
  '府山街道',
  '塔山街道',
  '北海街道',
  '城南街道',
  '稽山街道',
  '迪荡街道',
  '灵芝街道',
  '东湖街道',
  '皋埠街道',
  '鉴湖街道',
  '东浦街道',
  '斗门街道',
  '马山街道',
  '孙端街道',
  '陶堰街道',
  '富盛镇',
];
const ROADS = [
  '解放北路',
  '解放南路',
  '中兴中路',
  '延安东路',
  '胜利东路',
  '人民中路',
  '环城西路',
  '越东路',
  '二环北路',
  '城南大道',
  '凤林西路',
  '群贤中路',
  '平江路',
  '镜湖大道',
  '世纪西街',
  '稽山路',
];
const SHOP_WORDS = [
  '康宁',
  '仁和',
  '益民',
  '安康',
  '惠民',
  '瑞康',
  '德仁',
  '颐和',
  '同心',
  '佳禾',
  '博爱',
  '正和',
  '百草',
  '济生',
  '明德',
  '永康',
  '华越',
  '稽山',
  '镜湖',
  '兰亭',
  '府山',
  '鉴湖',
  '越秀',
  '和美',
];

interface Plan {
  name: string;
  category: InstitutionCategory;
  ownership: 'public' | 'private';
  level: 'tertiary' | 'secondary' | 'primary' | 'unrated';
  street?: string;
  /** Staff to generate. */
  staff: [number, number];
  /** Clinics on 备案 may have no 执业许可证. */
  licence?: boolean;
}

function institutionPlans(rng: SeededRandom): Plan[] {
  const plans: Plan[] = [
    {
      name: '绍兴市越城区人民医院',
      category: 'hospital',
      ownership: 'public',
      level: 'secondary',
      staff: [18, 22],
    },
    { name: '绍兴市越城区中医院', category: 'tcm', ownership: 'public', level: 'secondary', staff: [10, 14] },
    {
      name: '绍兴市越城区妇幼保健院',
      category: 'hospital',
      ownership: 'public',
      level: 'secondary',
      staff: [8, 10],
    },
    {
      name: '绍兴市越城区第二人民医院',
      category: 'hospital',
      ownership: 'public',
      level: 'primary',
      staff: [6, 8],
    },
    {
      name: '绍兴市越城区精神康复医院',
      category: 'hospital',
      ownership: 'public',
      level: 'unrated',
      staff: [3, 5],
    },
  ];
  for (const street of STREETS) {
    const township = street.endsWith('镇');
    plans.push({
      name: township ? `绍兴市越城区${street}中心卫生院` : `绍兴市越城区${street}社区卫生服务中心`,
      category: township ? 'township' : 'community',
      ownership: 'public',
      level: 'primary',
      street,
      staff: [2, 4],
    });
  }
  const words = [...SHOP_WORDS];
  const word = () => words.splice(Math.floor(rng.next() * words.length), 1)[0] ?? rng.pick(SHOP_WORDS);
  const privateHospitals: [string, InstitutionCategory, Plan['level']][] = [
    ['绍兴越城康华医院', 'hospital', 'secondary'],
    ['绍兴仁爱医院', 'hospital', 'primary'],
    ['绍兴和美妇产医院', 'hospital', 'primary'],
    ['绍兴华康骨科医院', 'hospital', 'primary'],
    ['绍兴越城安康康复医院', 'hospital', 'unrated'],
    ['绍兴颐和护理院', 'other', 'unrated'],
  ];
  for (const [name, category, level] of privateHospitals)
    plans.push({ name, category, ownership: 'private', level, staff: [3, 6] });
  const add = (
    count: number,
    make: (i: number, street: string) => string,
    category: InstitutionCategory,
    staff: [number, number],
    licence = true,
  ) => {
    for (let i = 0; i < count; i++) {
      const street = rng.pick(STREETS);
      plans.push({
        name: make(i, street),
        category,
        ownership: 'private',
        level: 'unrated',
        street,
        staff,
        licence,
      });
    }
  };
  add(12, () => `绍兴越城${word()}门诊部`, 'outpatient', [2, 3]);
  add(
    40,
    (i, street) =>
      i % 3 === 0
        ? `越城${chineseName(rng).slice(0, 1)}氏${rng.pick(['内科', '全科', '儿科', '皮肤科'])}诊所`
        : `越城区${street.replace(/街道|镇/, '')}${rng.pick(['', '社区', '便民'])}诊所`,
    'clinic',
    [1, 2],
    false,
  );
  add(
    8,
    () => `绍兴${rng.pick(['美莱', '艺星', '华韩', '悦美', '伊美尔', '俪人', '丽都', '臻颜'])}医疗美容诊所`,
    'aesthetic',
    [2, 3],
  );
  add(4, (i) => `绍兴${['美年大健康', '爱康国宾', '瑞慈', '慈铭'][i]}越城体检中心`, 'checkup', [3, 4]);
  add(12, () => `越城${word()}口腔${rng.pick(['门诊部', '诊所'])}`, 'dental', [2, 3]);
  add(10, () => `越城${word()}中医${rng.pick(['诊所', '门诊部'])}`, 'tcm', [1, 3]);
  add(
    4,
    (i) => ['绍兴越城迪安医学检验实验室', '绍兴越城透析中心', '越城康乐护理站', '越城安宁疗护中心'][i]!,
    'other',
    [2, 3],
  );
  // Names must read as different places: number the repeats as the registry would (…第二诊所).
  const seen = new Map<string, number>();
  for (const p of plans) {
    const n = (seen.get(p.name) ?? 0) + 1;
    seen.set(p.name, n);
    if (n > 1) p.name = p.name.replace(/(诊所|门诊部)$/, `第${'一二三四五六七八九十'[n - 1] ?? n}$1`);
  }
  return plans;
}

function randomChars(rng: SeededRandom, n: number, digitsOnly = false): string {
  let s = '';
  for (let i = 0; i < n; i++) s += digitsOnly ? String(rng.int(0, 9)) : ALPHABET[rng.int(0, 30)]!;
  return s;
}

/** 统一社会信用代码: registration authority and kind (12 事业单位, 52 民办非企业, 91 企业, 92 个体工商户), the
 *  district code, a 9-character organisation code, and the computed check character. */
function makeUscc(rng: SeededRandom, plan: Plan): string {
  const kind =
    plan.ownership === 'public'
      ? '12'
      : plan.category === 'clinic'
        ? rng.pick(['92', '52'])
        : rng.pick(['91', '52']);
  const org = plan.ownership === 'public' ? `MB${randomChars(rng, 7, true)}` : `MA2D${randomChars(rng, 5)}`;
  const first17 = `${kind}${REGION}${org}`;
  return first17 + usccCheckChar(first17)!;
}

const LICENCE_KIND: Record<InstitutionCategory, string> = {
  hospital: '11',
  community: '31',
  township: '41',
  outpatient: '21',
  clinic: '22',
  aesthetic: '22',
  checkup: '92',
  dental: '21',
  tcm: '12',
  other: '99',
};

const CERTIFICATE: Record<PractitionerCategory, (rng: SeededRandom) => string> = {
  physician: (rng) => `1${rng.pick(['1', '2', '4'])}0${REGION}${randomChars(rng, 6, true)}`, // 15 位医师执业证书编码
  nurse: (rng) => `20${rng.int(10, 25)}33${randomChars(rng, 6, true)}`,
  pharmacist: (rng) => `ZY33${rng.int(2010, 2025)}${randomChars(rng, 5, true)}`,
  technician: (rng) => `JS${rng.int(2008, 2025)}33${randomChars(rng, 6, true)}`,
};

function staffCategory(rng: SeededRandom, plan: Plan): PractitionerCategory {
  const r = rng.next();
  if (plan.category === 'clinic' || plan.category === 'tcm') return r < 0.8 ? 'physician' : 'nurse';
  if (plan.category === 'checkup') return r < 0.4 ? 'physician' : r < 0.7 ? 'technician' : 'nurse';
  return r < 0.4 ? 'physician' : r < 0.8 ? 'nurse' : r < 0.9 ? 'pharmacist' : 'technician';
}

const INSPECTOR_DEPARTMENTS: [string, number, string][] = [
  ['区卫生健康局', 9, '01'],
  ['区市场监管局', 5, '09'],
  ['区医保分局', 4, '10'],
  ['区公安分局', 2, '03'],
  ['区生态环境分局', 2, '16'],
  ['区综合执法局', 2, '23'],
];
const CONFLICT_REASONS = [
  '配偶在该机构任职',
  '近亲属为该机构投资人',
  '曾在该机构工作，离职未满 3 年',
  '与该机构负责人系近亲属',
];

export async function seedEnforcementDirectories(
  call: Call,
  rng: SeededRandom,
): Promise<EnforcementSeedSummary> {
  const plans = institutionPlans(rng);
  const usccs = new Set<string>();
  const created: { id: number; plan: Plan }[] = [];
  for (const [i, plan] of plans.entries()) {
    let uscc = makeUscc(rng, plan);
    while (usccs.has(uscc)) uscc = makeUscc(rng, plan);
    usccs.add(uscc);
    const street = plan.street ?? rng.pick(STREETS);
    const hasLicence = plan.licence !== false || rng.next() < 0.6;
    const input: InstitutionInput = {
      name: plan.name,
      uscc,
      licenceNo: hasLicence
        ? `${uscc.slice(8, 17)}${REGION}${LICENCE_KIND[plan.category]}${plan.ownership === 'public' ? 'A' : 'B'}${String(1001 + i)}`
        : '',
      category: plan.category,
      ownership: plan.ownership,
      level: plan.level,
      address: `浙江省绍兴市越城区${rng.pick(ROADS)}${rng.int(1, 800)}号`,
      street,
      grid: `${street.replace(/街道|镇/, '')}第${rng.int(1, 12)}网格`,
      // Most are open; a few have stopped (and, below, closed) as a real register shows.
      status: i % 29 === 28 ? 'suspended' : 'operating',
    };
    const institution = await call('institutions.create', input);
    created.push({ id: institution.id, plan });
  }

  const certificates = new Set<string>();
  let practitioners = 0;
  for (const { id, plan } of created) {
    const n = rng.int(plan.staff[0], plan.staff[1]);
    for (let k = 0; k < n; k++) {
      const category = staffCategory(rng, plan);
      let certificateNo = CERTIFICATE[category](rng);
      while (certificates.has(`${category}|${certificateNo}`)) certificateNo = CERTIFICATE[category](rng);
      certificates.add(`${category}|${certificateNo}`);
      const p = await call('practitioners.create', {
        name: chineseName(rng),
        category,
        certificateNo,
        institutionId: id,
      });
      practitioners++;
      if (rng.next() < 0.05) await call('practitioners.setActive', { id: p.id, active: false });
    }
  }

  // Closed since: the register keeps them (注销), their staff no longer practise there.
  for (const { id } of created.filter((_c, i) => i % 41 === 40)) {
    await call('institutions.setStatus', { id, status: 'deregistered' });
    for (const p of await call('practitioners.list', { includeInactive: false, institutionId: id }))
      await call('practitioners.setActive', { id: p.id, active: false });
  }

  const departments = await call('departments.list', { includeInactive: true });
  const open = created.filter(
    (c, i) => i % 41 !== 40 && (c.plan.category !== 'community' || rng.next() < 0.5),
  );
  let inspectors = 0;
  let conflicts = 0;
  for (const [shortName, count, code] of INSPECTOR_DEPARTMENTS) {
    const department = departments.find((d) => d.shortName === shortName);
    if (!department) continue; // the office may have renamed it; the demo does without
    for (let k = 1; k <= count; k++) {
      const declared =
        inspectors % 5 === 2
          ? Array.from(new Set([rng.pick(open).id, rng.pick(open).id])).map((institutionId) => ({
              institutionId,
              reason: rng.pick(CONFLICT_REASONS),
            }))
          : [];
      await call('inspectors.create', {
        name: chineseName(rng),
        departmentId: department.id,
        badgeNo: `${REGION}${code}${String(k).padStart(3, '0')}`,
        conflicts: declared,
        // Qualification tags: every third officer 传染病防治, some 放射卫生 or 中医 (items that require one need a
        // qualified team member).
        qualifications: [
          ...(inspectors % 3 === 0 ? ['传染病防治'] : []),
          ...(inspectors % 7 === 1 ? ['放射卫生'] : []),
          ...(inspectors % 7 === 4 ? ['中医'] : []),
        ],
      });
      inspectors++;
      conflicts += declared.length;
    }
  }
  // 专家库: experts a plan may add to each team by lot; one declares a 回避.
  let experts = 0;
  for (const [name, unit, field] of EXPERTS) {
    await call('experts.create', {
      name,
      unit,
      field,
      conflicts: experts === 1 ? [{ institutionId: rng.pick(open).id, reason: '曾在该机构兼职' }] : [],
    });
    experts++;
  }
  return { institutions: created.length, practitioners, inspectors, conflicts, experts };
}

const EXPERTS: [string, string, string][] = [
  ['陈立群', '绍兴市人民医院', '医院感染管理'],
  ['周敏', '越城区疾病预防控制中心', '传染病防治'],
  ['沈建华', '绍兴市中医院', '中医'],
  ['钱文静', '越城区妇幼保健院', '护理管理'],
];
