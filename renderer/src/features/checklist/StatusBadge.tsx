import type { ProgressStatus } from '../../../../shared/domain/checklist';
import { PROGRESS_STATUS_LABELS } from '../../../../shared/domain/checklist';
import { STATUS_COLORS } from './text';

export function StatusBadge({ status, late }: { status: ProgressStatus | null; late?: boolean }) {
  if (status) {
    return (
      <span className="status-badge" style={{ background: STATUS_COLORS[status] }}>
        {PROGRESS_STATUS_LABELS[status]}
      </span>
    );
  }
  return (
    <span className={`status-badge ${late ? 'status-late' : 'status-none'}`}>
      {late ? '逾期未报' : '未填报'}
    </span>
  );
}
