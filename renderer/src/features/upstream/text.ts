// The 市级汇总 section's words and small formatters.
import type { UpstreamPackageStatus } from '../../../../shared/contract';
import { formatDateTime } from '../../../../shared/format';

export const UPSTREAM_KEY = ['upstream'] as const;
export const SIGNING_KEY = ['signing'] as const;

export const STATUS_CLASS: Record<UpstreamPackageStatus, string> = {
  accepted: 'up-status up-accepted',
  rejected: 'up-status up-rejected',
  superseded: 'up-status up-superseded',
};

/** 2026-11-22T01:00:00.000Z → 2026-11-22 09:00, in Beijing time whatever the computer's zone. */
export const localTime = (iso: string | null): string => formatDateTime(iso);

export function periodText(period: string | null): string {
  if (!period) return '';
  const m = /^(\d{4})Q([1-4])$/.exec(period);
  if (m) return `${m[1]}年第${'一二三四'[Number(m[2]) - 1]}季度`;
  return /^\d{4}$/.test(period) ? `${period}年度` : period;
}
