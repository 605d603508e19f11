// The credit ledger's rules as data (../shared/DOMAIN.md 信用台账, 不良执业行为记分): the demerit rule set for
// institutions (贵州 2019: events of 1/2/4/6/8/12 points, the 校验期 as the cycle, thresholds 12/18/24 or
// 36/54/72 over a three-year 校验期) and for practitioners (泰州 2024: two calendar years, 8 and 12 points), the
// credit-tier rule, and the behaviour catalogue the office starts from. The office chooses the institution cycle
// and may tune the tier rule (系统设置 in 信用台账 → 规则); the catalogue is theirs to edit.
import type { CreditBehaviourSeed, DemeritRuleSet, DemeritThreshold, TierRule } from './credit-rules';

/** Thresholds of the institution rule by the length of its 校验期 in years (贵州 2019). */
export const INSTITUTION_THRESHOLDS: Record<1 | 3, DemeritThreshold[]> = {
  1: [
    { points: 12, actions: ['列为重点监督对象', '下达依法执业管理建议书'], tierCap: 'B' },
    { points: 18, actions: ['约谈机构负责人', '取消当年评优评先资格', '向社会公示'], tierCap: 'C' },
    { points: 24, actions: ['暂缓校验 1–6 个月'], tierCap: 'D' },
  ],
  3: [
    { points: 36, actions: ['列为重点监督对象', '下达依法执业管理建议书'], tierCap: 'B' },
    { points: 54, actions: ['约谈机构负责人', '取消当年评优评先资格', '向社会公示'], tierCap: 'C' },
    { points: 72, actions: ['暂缓校验 1–6 个月'], tierCap: 'D' },
  ],
};

export const INSTITUTION_RULES: Omit<DemeritRuleSet, 'cycle' | 'thresholds'> = {
  kind: 'institution',
  title: '医疗机构不良执业行为记分',
  source: '参照《贵州省医疗机构不良执业行为记分管理办法》（2019）',
  pointValues: [1, 2, 4, 6, 8, 12],
  noticeWorkingDays: 10,
  statementWorkingDays: 5,
};

/** Before an institution's first recorded 校验通过 its cycle is the calendar period counted from this year. */
export const INSTITUTION_CALENDAR_ANCHOR_YEAR = 2026;

export const PRACTITIONER_RULES: DemeritRuleSet = {
  kind: 'practitioner',
  title: '医务人员不良执业行为记分',
  source: '参照《泰州市医务人员不良执业行为记分管理办法》（2024）',
  pointValues: [1, 2, 4, 6, 8, 12],
  // Two calendar years: 2024–2025, 2026–2027, …
  cycle: { type: 'calendar', years: 2, anchorYear: 2024 },
  thresholds: [
    { points: 8, actions: ['离岗参加法律法规培训'], tierCap: 'B' },
    {
      points: 12,
      actions: ['延迟晋升职称', '视情解聘', '纳入定期考核', '报送信用主管部门'],
      tierCap: 'C',
    },
  ],
  noticeWorkingDays: 10,
  statementWorkingDays: 5,
};

/** The documented default (docs/credit-ledger.md “信用等级规则”). */
export const DEFAULT_TIER_RULE: TierRule = {
  start: 100,
  bands: { A: 95, B: 80, C: 60 },
  deductions: {
    penaltyGeneral: 10,
    penaltySerious: 20,
    complaint: 3,
    inspectionRectify: 2,
    inspectionUnqualified: 5,
    selfInspectionIssues: 2,
    selfInspectionMissing: 5,
    selfInspectionUntrue: 10,
    verificationDeferred: 10,
    verificationFailed: 20,
    evaluationB: 5,
    evaluationC: 15,
    evaluationD: 30,
    perDemeritPoint: 1,
  },
  bonuses: { commendation: 5, commendationCap: 10, repair: 10, repairCap: 20 },
};

/** The behaviour catalogue a new data folder starts with; codes are the office's keys for them. */
export const DEFAULT_BEHAVIOURS: CreditBehaviourSeed[] = [
  // 医疗机构 (贵州 2019 分值: 1, 2, 4, 6, 8, 12)
  {
    kind: 'institution',
    code: 'JG-12-01',
    name: '使用“医托”招揽患者，或以虚假宣传、价格欺诈等方式诱导患者就医',
    points: 12,
    basis: '《医疗机构管理条例》第四十六条；《价格法》第十四条',
  },
  {
    kind: 'institution',
    code: 'JG-12-02',
    name: '出具虚假医学证明文件或虚假检查、诊断报告',
    points: 12,
    basis: '《医疗机构管理条例》第三十二条',
  },
  {
    kind: 'institution',
    code: 'JG-12-03',
    name: '使用非卫生技术人员从事医疗卫生技术工作',
    points: 12,
    basis: '《医疗机构管理条例》第二十七条',
  },
  {
    kind: 'institution',
    code: 'JG-08-01',
    name: '以欺诈、伪造证明材料等手段骗取医疗保障基金',
    points: 8,
    basis: '《医疗保障基金使用监督管理条例》第四十条',
  },
  {
    kind: 'institution',
    code: 'JG-08-02',
    name: '超出登记的诊疗科目范围开展诊疗活动',
    points: 8,
    basis: '《医疗机构管理条例》第二十六条',
  },
  {
    kind: 'institution',
    code: 'JG-06-01',
    name: '未经审查或不按审查内容发布医疗广告',
    points: 6,
    basis: '《医疗广告管理办法》第八条',
  },
  {
    kind: 'institution',
    code: 'JG-06-02',
    name: '医疗废物分类、暂存、交接不符合规定',
    points: 6,
    basis: '《医疗废物管理条例》第十六条',
  },
  {
    kind: 'institution',
    code: 'JG-04-01',
    name: '未按规定报告传染病疫情或突发公共卫生事件',
    points: 4,
    basis: '《传染病防治法》第三十条',
  },
  {
    kind: 'institution',
    code: 'JG-04-02',
    name: '未执行消毒隔离或医院感染管理制度',
    points: 4,
    basis: '《医院感染管理办法》第十二条',
  },
  {
    kind: 'institution',
    code: 'JG-02-01',
    name: '病历书写、处方管理不规范，经指出后未改正',
    points: 2,
    basis: '《医疗机构病历管理规定》；《处方管理办法》',
  },
  {
    kind: 'institution',
    code: 'JG-02-02',
    name: '未按规定公示医疗服务价格和收费项目',
    points: 2,
    basis: '《医疗机构管理条例实施细则》',
  },
  {
    kind: 'institution',
    code: 'JG-01-01',
    name: '未按规定悬挂执业许可证、诊疗科目、诊疗时间和收费标准',
    points: 1,
    basis: '《医疗机构管理条例》第二十一条',
  },
  // 医务人员 (泰州 2024)
  {
    kind: 'practitioner',
    code: 'RY-12-01',
    name: '收受患者“红包”或医药企业回扣',
    points: 12,
    basis: '《医疗机构工作人员廉洁从业九项准则》',
  },
  {
    kind: 'practitioner',
    code: 'RY-12-02',
    name: '出具虚假医学证明文件',
    points: 12,
    basis: '《医师法》第五十六条',
  },
  {
    kind: 'practitioner',
    code: 'RY-08-01',
    name: '参与虚构诊疗项目、骗取医疗保障基金',
    points: 8,
    basis: '《医疗保障基金使用监督管理条例》第四十条',
  },
  {
    kind: 'practitioner',
    code: 'RY-06-01',
    name: '违反诊疗规范过度检查、过度治疗',
    points: 6,
    basis: '《医师法》第二十三条',
  },
  {
    kind: 'practitioner',
    code: 'RY-04-01',
    name: '未取得处方权或超范围开具处方',
    points: 4,
    basis: '《处方管理办法》第四十七条',
  },
  {
    kind: 'practitioner',
    code: 'RY-02-01',
    name: '病历书写不及时、不规范，经指出后未改正',
    points: 2,
    basis: '《医疗机构病历管理规定》',
  },
  {
    kind: 'practitioner',
    code: 'RY-01-01',
    name: '执业时未按规定佩戴标明姓名、职称的工作牌',
    points: 1,
    basis: '《医疗机构管理条例实施细则》第八十六条',
  },
];
