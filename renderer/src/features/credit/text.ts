// The credit section's words and small formatters, in one place.
import type { CreditTier } from '../../../../shared/contract';
import {
  CREDIT_LIST_LABELS,
  LISTING_SEVERITY_LABELS,
  type CreditListKind,
  type CreditListing,
  type CreditSubjectKind,
} from '../../../../shared/contract';
import { formatDateTime } from '../../../../shared/format';

export const TIER_NAMES: Record<CreditTier, string> = {
  A: '守信',
  B: '一般',
  C: '失信',
  D: '严重失信',
};

export const tierText = (tier: CreditTier | null): string =>
  tier ? `${tier} 级（${TIER_NAMES[tier]}）` : '未评定';

/** What the section does, said plainly under the tabs. */
export const CREDIT_SCOPE =
  '防篡改的信用记录链、不良执业行为记分与阈值预警、信用等级（不对外公布）；红黑名单（公示期限按信用修复管理办法核对，到期自动停止公示）、信用修复申请与审批、对外公示名单（xlsx、PDF，自然人信息脱敏）和信用报告。';

export const profilePath = (kind: CreditSubjectKind, id: number): string => `/credit/${kind}/${id}`;

export const CREDIT_KEY = ['credit'] as const;

/** 2026-11-22T01:00:00.000Z → 2026-11-22 09:00, in Beijing time whatever the computer's zone. */
export const localTime = (iso: string): string => formatDateTime(iso);

export const shortHash = (h: string): string => `${h.slice(0, 12)}…${h.slice(-6)}`;

/** 黑名单（严重失信） · 红名单 */
export function listingName(l: Pick<CreditListing, 'list' | 'severity'>): string {
  return `${CREDIT_LIST_LABELS[l.list]}${l.severity ? `（${LISTING_SEVERITY_LABELS[l.severity]}失信）` : ''}`;
}

/** The print preview of the public list, and of a subject's 信用报告. */
export const publicListPrintPath = (list: CreditListKind): string => `/print/credit-public-list?list=${list}`;
export const creditReportPrintPath = (kind: CreditSubjectKind, id: number): string =>
  `/print/credit-report?kind=${kind}&id=${id}`;
