// The credit section's words and small formatters, in one place.
import type { CreditTier } from '../../../../shared/contract';
import type { CreditSubjectKind } from '../../../../shared/contract';

export const TIER_NAMES: Record<CreditTier, string> = {
  A: '守信',
  B: '一般',
  C: '失信',
  D: '严重失信',
};

export const tierText = (tier: CreditTier | null): string =>
  tier ? `${tier} 级（${TIER_NAMES[tier]}）` : '未评定';

/** What this version does not do yet, said plainly under the tabs. */
export const STILL_TO_COME =
  '红黑名单（列入决定、失信程度、公示期限与到期自动停止公示）和信用修复（申请、条件核对、审批）将在下一步提供；对外公示名单导出与信用报告 PDF 随后提供。';

export const profilePath = (kind: CreditSubjectKind, id: number): string => `/credit/${kind}/${id}`;

export const CREDIT_KEY = ['credit'] as const;

/** 2026-11-22T01:00:00.000Z → 2026-11-22 09:00 (the office's clock). */
export function localTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export const shortHash = (h: string): string => `${h.slice(0, 12)}…${h.slice(-6)}`;
