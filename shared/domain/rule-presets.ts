// Business rules as presets named by the document they come from, and which ones an office in a given province
// uses. The project holds the rules of the documents it was built from (../shared/seeds/README.md) and the two
// scoring rules of credit-rules-data.ts; where the office's own province has no document here, the preset of another
// province is used as a reference and the office is told so, to confirm or change (系统设置 → 业务规则). Pure: the
// setup page, the settings page, the handlers and the dashboard all read the same table.
import {
  COMPLAINT_FEEDBACK_DEFAULT,
  REFERRAL_REPLY_DEFAULT,
  type DeadlineRule,
  type RuleCitation,
} from './enforcement-deadlines';
import { PUBLICATION_DEFAULT } from './inspections';

/** The 31 provincial-level divisions of the mainland, in the order of the national administrative codes. */
export const PROVINCES = [
  '北京市',
  '天津市',
  '河北省',
  '山西省',
  '内蒙古自治区',
  '辽宁省',
  '吉林省',
  '黑龙江省',
  '上海市',
  '江苏省',
  '浙江省',
  '安徽省',
  '福建省',
  '江西省',
  '山东省',
  '河南省',
  '湖北省',
  '湖南省',
  '广东省',
  '广西壮族自治区',
  '海南省',
  '重庆市',
  '四川省',
  '贵州省',
  '云南省',
  '西藏自治区',
  '陕西省',
  '甘肃省',
  '青海省',
  '宁夏回族自治区',
  '新疆维吾尔自治区',
] as const;
export type Province = (typeof PROVINCES)[number];

export const RULE_KINDS = [
  'reportDue',
  'publication',
  'complaintFeedback',
  'referralReply',
  'institutionScoring',
  'practitionerScoring',
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const RULE_KIND_LABELS: Record<RuleKind, string> = {
  reportDue: '季度阶段性工作总结上报期限',
  publication: '双随机抽查结果公开期限',
  complaintFeedback: '12345 投诉反馈期限',
  referralReply: '转报书面回复期限',
  institutionScoring: '医疗机构不良执业行为记分',
  practitionerScoring: '医务人员不良执业行为记分',
};

export interface RulePreset {
  id: string;
  kind: RuleKind;
  /** The province whose document it is. */
  province: Province;
  /** Where in the province, when the document is a city's or a district's ('绍兴市越城区'). */
  locality: string | null;
  /** The document's number or, for rules without one, its title: what the office sees as the rule's source. */
  document: string;
  /** What the document says, in one sentence (quoted or closely paraphrased; the wording of the rule is ours). */
  provision: string;
  /** The rule as the app applies it. */
  rule: string;
  /** The deadline it sets, for the rules that are deadlines the office may adjust. */
  deadline?: DeadlineRule;
}

const YUECHENG = '越政办发〔2020〕64号';

export const RULE_PRESETS: readonly RulePreset[] = [
  {
    id: 'beijing-jwjd-2019-37',
    kind: 'reportDue',
    province: '北京市',
    locality: null,
    document: '京卫监督〔2019〕37号',
    provision: '三：每季度进行一次阶段性总结，并于每季度的最后一个工作日将本季度阶段性工作总结报送。',
    rule: '季度最后一个工作日前报送（年度报告文件未作规定，默认年度最后一个工作日）',
  },
  {
    id: 'hebei-jzbf-2015-22',
    kind: 'publication',
    province: '河北省',
    locality: null,
    document: '冀政办发〔2015〕22号',
    provision: '抽查检查结果自检查结束之日起 20 个工作日内向社会公开；行政处罚决定 7 个工作日内公开。',
    rule: '检查结束后 20 个工作日内公开',
    deadline: PUBLICATION_DEFAULT,
  },
  // The project's domain guide (../shared/DOMAIN.md) gives the same 20 working days as 浙江 health practice, with
  // no document number: the preset says so rather than cite one.
  {
    id: 'zhejiang-practice-publication',
    kind: 'publication',
    province: '浙江省',
    locality: null,
    document: '浙江省卫生健康系统通行做法',
    provision:
      '双随机抽查检查结果自检查结束之日起 20 个工作日内向社会公开（卫生健康监督执法的通行做法，未见统一文件编号）。',
    rule: '检查结束后 20 个工作日内公开',
    deadline: PUBLICATION_DEFAULT,
  },
  {
    id: 'zhejiang-yuecheng-2020-64-feedback',
    kind: 'complaintFeedback',
    province: '浙江省',
    locality: '绍兴市越城区',
    document: YUECHENG,
    provision: '四（四）：各相关部门在办理结束后一周内将处理结果反馈给区卫生健康局。',
    rule: '办结后 7 日内反馈',
    deadline: COMPLAINT_FEEDBACK_DEFAULT,
  },
  {
    id: 'zhejiang-yuecheng-2020-64-referral',
    kind: 'referralReply',
    province: '浙江省',
    locality: '绍兴市越城区',
    document: YUECHENG,
    provision: '四（五）：收到转报文件后职能部门应在15天内以书面形式回复调查处理结果。',
    rule: '收到后 15 日内书面回复',
    deadline: REFERRAL_REPLY_DEFAULT,
  },
  {
    id: 'guizhou-2019-institution',
    kind: 'institutionScoring',
    province: '贵州省',
    locality: null,
    document: '《贵州省医疗机构不良执业行为记分管理办法》（2019）',
    provision: '记分分值 1、2、4、6、8、12 分，以校验期为记分周期，按累计分值分档处理。',
    rule: '校验期内累计 12/18/24 分（三年校验期 36/54/72 分）分档处理',
  },
  {
    id: 'jiangsu-taizhou-2024-practitioner',
    kind: 'practitionerScoring',
    province: '江苏省',
    locality: '泰州市',
    document: '《泰州市医务人员不良执业行为记分管理办法》（2024）',
    provision: '两个自然年为一个记分周期，累计 8 分、12 分分别处理。',
    rule: '两年周期内累计 8 分、12 分分档处理',
  },
];

export function presetById(id: string): RulePreset | undefined {
  return RULE_PRESETS.find((p) => p.id === id);
}

export function presetsOf(kind: RuleKind): RulePreset[] {
  return RULE_PRESETS.filter((p) => p.kind === kind);
}

/** The presets' ids by kind. */
export type RulePresetChoice = Record<RuleKind, string>;

/** For each kind: the province's own preset when the project has one, else the first preset held for it (the
 *  order of RULE_PRESETS: the first of a kind is the reference for provinces without their own). */
export function presetsForProvince(province: string | null): RulePresetChoice {
  const out = {} as RulePresetChoice;
  for (const kind of RULE_KINDS) {
    const all = presetsOf(kind);
    out[kind] = (all.find((p) => p.province === province) ?? all[0]!).id;
  }
  return out;
}

/** The presets the office uses before it chose (offices set up before provinces were asked). */
export const DEFAULT_RULE_PRESETS: RulePresetChoice = presetsForProvince(null);

/** '浙江省绍兴市越城区 越政办发〔2020〕64号' */
export function presetSourceName(p: RulePreset): string {
  return `${p.province}${p.locality ?? ''} ${p.document}`;
}

/** How a chosen preset stands for the office: its own province's rule, or another province's used as a reference.
 *  '本省规定：浙江省绍兴市越城区 越政办发〔2020〕64号' / '本省暂无收录的规定，参照北京市 京卫监督〔2019〕37号' */
export function presetStanding(p: RulePreset, province: string | null): string {
  if (province && p.province === province) return `本省规定：${presetSourceName(p)}`;
  return `${province ? `${province}暂无收录的规定，` : ''}参照${presetSourceName(p)}`;
}

/** Whether the office's province has its own preset of this kind. */
export function isOwnProvince(p: RulePreset, province: string | null): boolean {
  return province !== null && p.province === province;
}

/** The preset chosen for a kind, falling back to the default when the stored id is unknown or of another kind. */
export function chosenPreset(
  choice: Partial<Record<RuleKind, string>> | undefined,
  kind: RuleKind,
): RulePreset {
  const p = choice?.[kind] ? presetById(choice[kind]) : undefined;
  return p && p.kind === kind ? p : presetById(DEFAULT_RULE_PRESETS[kind])!;
}

/** What records cite for a rule (their 依据 beside a deadline): the preset in force for this office, with 参照 when it
 *  is another province's. An office that has not said its province (set up before it was asked) is cited plainly. */
export function ruleCitation(
  s: { province: string | null; rulePresets?: Partial<Record<RuleKind, string>> },
  kind: RuleKind,
): RuleCitation {
  const p = chosenPreset(s.rulePresets, kind);
  return {
    document: p.document,
    ...(p.deadline ? { deadline: p.deadline } : {}),
    reference: s.province !== null && p.province !== s.province,
  };
}

/** A rule's source as a sentence for a record or page: '依据《…》（2019）' or '参照《…》（2019）'. */
export function ruleSourceText(
  s: { province: string | null; rulePresets?: Partial<Record<RuleKind, string>> },
  kind: RuleKind,
): string {
  const c = ruleCitation(s, kind);
  return `${c.reference ? '参照' : '依据'}${c.document}`;
}

/** The provision a rule comes from, for the forms that explain a deadline: '越政办发〔2020〕64号 四（五）：…', with 参照
 *  when the preset is another province's. */
export function ruleProvisionText(
  s: { province: string | null; rulePresets?: Partial<Record<RuleKind, string>> },
  kind: RuleKind,
): string {
  const p = chosenPreset(s.rulePresets, kind);
  return `${ruleCitation(s, kind).reference ? '参照' : ''}${p.document} ${p.provision}`;
}
