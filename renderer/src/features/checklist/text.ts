// Strings and colours of the checklist feature.
import type { ProgressStatus } from '../../../../shared/domain/checklist';

export const STATUS_COLORS: Record<ProgressStatus, string> = {
  not_started: '#8a96a3',
  in_progress: '#1f5fa8',
  done: '#2f855a',
  behind: '#c05621',
  not_applicable: '#a0aec0',
};

export const QUARTER_LABELS = { 1: '第一季度', 2: '第二季度', 3: '第三季度', 4: '第四季度' } as const;

export const VIEW_LABELS = { items: '按任务', departments: '按单位', matrix: '矩阵' } as const;
export type ChecklistView = keyof typeof VIEW_LABELS;
