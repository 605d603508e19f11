// 部门职责任务清单: the vocabulary shared by the checklist's handlers, views and files.
export const PROGRESS_STATUSES = ['not_started', 'in_progress', 'done', 'behind', 'not_applicable'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];
export const PROGRESS_STATUS_LABELS: Record<ProgressStatus, string> = {
  not_started: '未启动',
  in_progress: '推进中',
  done: '已完成',
  behind: '滞后',
  not_applicable: '不适用',
};

export type UnitRole = 'lead' | 'participant';
export const UNIT_ROLE_LABELS: Record<UnitRole, string> = { lead: '牵头', participant: '参与' };

/** A template as shipped in resources/templates/ (transcribed from the policy documents). */
export interface ChecklistTemplate {
  id: string;
  name: string;
  document: string;
  issuer: string;
  leadRule: string;
  items: { seq: number; code: string; title: string; text: string; units: string[]; remark: string }[];
}

/** A remark such as 协商每年不少于1次 makes an item measurable: at least N a year. */
export function frequencyPerYear(remark: string): number | null {
  const m = /每年不少于\s*(\d+)\s*次/.exec(remark);
  return m ? Number(m[1]) : null;
}

/** Evidence files: what a department may attach to a progress report. */
export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;
export const EVIDENCE_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  wps: 'application/vnd.ms-works',
  ofd: 'application/ofd',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  txt: 'text/plain',
  zip: 'application/zip',
};
