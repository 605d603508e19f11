// Lookup of a quarter's matrix cells and reports by item and department, shared by the views and the prints.
import type { ChecklistProgressView, MatrixCell, ProgressReport } from '../contract/checklist';

export interface ProgressIndex {
  cell(itemId: number, departmentId: number): MatrixCell | undefined;
  report(itemId: number, departmentId: number): ProgressReport | undefined;
}

export function indexProgress(p: Pick<ChecklistProgressView, 'cells' | 'reports'>): ProgressIndex {
  const key = (itemId: number, departmentId: number) => `${itemId}:${departmentId}`;
  const cells = new Map(p.cells.map((c) => [key(c.itemId, c.departmentId), c]));
  const reports = new Map(p.reports.map((r) => [key(r.itemId, r.departmentId), r]));
  return {
    cell: (itemId, departmentId) => cells.get(key(itemId, departmentId)),
    report: (itemId, departmentId) => reports.get(key(itemId, departmentId)),
  };
}
