// The 联合执法 directories' fixed vocabularies: 监管对象 categories, ownership, level, status and credit tier,
// and the 从业人员 categories. Codes are stored; the Chinese labels are what people read, type and import.
import { isValidUscc } from './uscc';

export const INSTITUTION_CATEGORIES = [
  'hospital',
  'community',
  'township',
  'outpatient',
  'clinic',
  'aesthetic',
  'checkup',
  'dental',
  'tcm',
  'other',
] as const;
export type InstitutionCategory = (typeof INSTITUTION_CATEGORIES)[number];
export const INSTITUTION_CATEGORY_LABELS: Record<InstitutionCategory, string> = {
  hospital: '医院',
  community: '社区卫生服务中心',
  township: '卫生院',
  outpatient: '门诊部',
  clinic: '诊所',
  aesthetic: '医疗美容',
  checkup: '健康体检',
  dental: '口腔',
  tcm: '中医',
  other: '其他',
};

export const OWNERSHIPS = ['public', 'private'] as const;
export type Ownership = (typeof OWNERSHIPS)[number];
export const OWNERSHIP_LABELS: Record<Ownership, string> = { public: '公立', private: '社会办' };

export const INSTITUTION_LEVELS = ['tertiary', 'secondary', 'primary', 'unrated'] as const;
export type InstitutionLevel = (typeof INSTITUTION_LEVELS)[number];
export const INSTITUTION_LEVEL_LABELS: Record<InstitutionLevel, string> = {
  tertiary: '三级',
  secondary: '二级',
  primary: '一级',
  unrated: '未定级',
};

export const INSTITUTION_STATUSES = ['operating', 'suspended', 'deregistered'] as const;
export type InstitutionStatus = (typeof INSTITUTION_STATUSES)[number];
export const INSTITUTION_STATUS_LABELS: Record<InstitutionStatus, string> = {
  operating: '在业',
  suspended: '停业',
  deregistered: '注销',
};
/** 注销: no longer supervised (left out of lists, pickers and the reports' 监管对象). */
export const INSTITUTION_DEREGISTERED: InstitutionStatus = 'deregistered';
/** Whether an institution in this status is supervised (在业、停业). */
export const isSupervised = (status: string): boolean => status !== INSTITUTION_DEREGISTERED;

/** Filled by the credit ledger (信用台账); null until an institution has been rated. Tiers are not published. */
export const CREDIT_TIERS = ['A', 'B', 'C', 'D'] as const;
export type CreditTier = (typeof CREDIT_TIERS)[number];

export const PRACTITIONER_CATEGORIES = ['physician', 'nurse', 'pharmacist', 'technician'] as const;
export type PractitionerCategory = (typeof PRACTITIONER_CATEGORIES)[number];
export const PRACTITIONER_CATEGORY_LABELS: Record<PractitionerCategory, string> = {
  physician: '医师',
  nurse: '护士',
  pharmacist: '药师',
  technician: '技师',
};

/** Label → code, for imports and pickers: `codeForLabel(OWNERSHIP_LABELS, '公立') === 'public'`. */
export function codeForLabel<K extends string>(labels: Record<K, string>, label: string): K | null {
  for (const [code, l] of Object.entries(labels) as [K, string][]) if (l === label) return code;
  return null;
}

/** The list of labels for a message: “医院、诊所 或 其他”. */
export function labelList(labels: Record<string, string>): string {
  const all = Object.values(labels);
  return all.length > 1 ? `${all.slice(0, -1).join('、')} 或 ${all.at(-1)}` : (all[0] ?? '');
}

/** A 统一社会信用代码 as people type it: spaces dropped, letters upper-cased. */
export function normalizeUscc(s: string): string {
  return s.replace(/\s+/g, '').toUpperCase();
}

/** What is wrong with a (normalised) 统一社会信用代码, in words; null when it is valid. */
export function usccProblem(code: string): string | null {
  if (code === '') return '请填写统一社会信用代码';
  if (code.length !== 18) return `统一社会信用代码应为 18 位（现为 ${code.length} 位）`;
  const bad = [...code].find((c) => !/^[0-9A-HJ-NPQRTUWXY]$/.test(c));
  if (bad) return `统一社会信用代码含有无效字符“${bad}”（不使用 I、O、Z、S、V）`;
  if (!isValidUscc(code)) return '统一社会信用代码校验码不符（GB 32100-2015），请核对后重新填写';
  return null;
}
