// The reports section's words and small helpers, in one place.
import {
  DUE_STATUS_LABELS,
  type FigureChange,
  REPORT_STATUS_LABELS,
  type DueStatus,
  type ReportStatus,
} from '../../../../shared/contract';
import { formatDateTime } from '../../../../shared/format';

export const REPORTS_KEY = ['reports'] as const;

export const reportPath = (id: number): string => `/reports/${id}`;
export const previewPath = (id: number): string => `/print/report?id=${id}`;

export const REPORTS_SCOPE =
  '报告的数字和表格由各模块的记录自动计算（不手工填写），正文由本单位撰写。预览为公文格式；签发时输入签名口令，生成 PDF（与预览同一版式）、Word 与 Excel，连同清单和本单位签名打成上报数据包，报告随即冻结；如需更改，生成更正版。';

export const DUE_BADGE_CLASS: Record<DueStatus, string> = {
  not_due: 'status-none',
  due_soon: 'report-due-soon',
  overdue: 'status-late',
  submitted: 'report-submitted',
};

export const dueLabel = (s: DueStatus): string => DUE_STATUS_LABELS[s];
export const statusLabel = (s: ReportStatus): string => REPORT_STATUS_LABELS[s];

/** 2026-11-22T01:00:00.000Z → 2026-11-22 09:00, in Beijing time whatever the computer's zone. */
export const localTime = (iso: string | null): string => formatDateTime(iso);

/** A SHA-256 in groups of 8, easier to read out and compare. */
export const groupedHash = (h: string | null): string => (h ? (h.match(/.{1,8}/g) ?? []).join(' ') : '');

const figureValue = (v: number | null, unit: string): string => (v === null ? '—' : `${v}${unit}`);

/** One changed figure: '召开联席会议 3次 → 4次'. */
export const figureChangeText = (c: FigureChange): string =>
  `${c.label} ${figureValue(c.signed, c.unit)} → ${figureValue(c.now, c.unit)}`;

/** The changed figures as an 更正原因 to start from (at most 500 characters). */
export function figureChangesReason(changes: FigureChange[] | null): string {
  if (!changes?.length) return '';
  const text = `签发后记录变化，数据更正：${changes.map(figureChangeText).join('；')}`;
  return text.length > 500 ? `${text.slice(0, 499)}…` : text;
}
