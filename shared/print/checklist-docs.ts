// The task lists and quarterly progress tables as OfficialDoc models (the same rows and columns as the landscape
// preview of shared/print/checklist.ts), so that they print headless and go to OFD like every other document.
import { indexProgress } from '../domain/progress-index';
import type { Checklist, ChecklistProgressView } from '../contract';
import { PROGRESS_STATUS_LABELS } from '../domain/checklist';
import type { OfficialDoc } from './official';
import type { PrintHeader } from './checklist';

const SP = '\u3000';

export function checklistDocs(
  list: Checklist,
  h: PrintHeader,
  o: { departmentId?: number; progress?: ChecklistProgressView },
): { title: string; doc: OfficialDoc } {
  const meta = { signer: h.office, date: h.date };
  if (o.progress) {
    const idx = indexProgress(o.progress);
    const rows = list.items
      .filter((i) => !i.retired)
      .map((i) => {
        const units = i.units
          .map((u) => {
            const c = idx.cell(i.id, u.departmentId);
            const r = idx.report(i.id, u.departmentId);
            const status = c?.status ? PROGRESS_STATUS_LABELS[c.status] : c?.late ? '逾期未报' : '未填报';
            return `${u.shortName}：${status}${r?.narrative ? `${SP}${r.narrative}` : ''}`;
          })
          .join('；');
        const done = i.units.filter((u) => idx.cell(i.id, u.departmentId)?.status === 'done').length;
        return [i.code, i.title, units, `${done}/${i.units.length} 已完成`];
      });
    const q = ['', '一', '二', '三', '四'][o.progress.quarter];
    const title = `${list.title}落实情况表`;
    return {
      title: `${o.progress.year}年第${q}季度${title}`,
      doc: {
        kind: 'plain',
        title,
        subtitle: `${o.progress.year}年第${q}季度`,
        blocks: [
          {
            type: 'table',
            columns: ['序号', '工作任务', '各责任单位落实情况', '完成情况'],
            rows,
            widths: [1.2, 3, 8, 2],
          },
        ],
        ...meta,
      },
    };
  }
  const dept = o.departmentId;
  const items = list.items.filter(
    (i) => !i.retired && (dept === undefined || i.units.some((u) => u.departmentId === dept)),
  );
  const deptName =
    dept === undefined
      ? undefined
      : list.items.flatMap((i) => i.units).find((u) => u.departmentId === dept)?.shortName;
  if (dept !== undefined && !deptName) throw new RangeError(`该清单中没有编号为 ${dept} 的单位`);
  const rows = items.map((i) => {
    const lead = i.units.find((u) => u.role === 'lead');
    const parts = i.units.filter((u) => u.role === 'participant').map((u) => u.shortName);
    const text = i.text.startsWith(i.title) ? i.text.slice(i.title.length + 1) : i.text;
    return [i.code, `${i.title}。${text}`, lead?.shortName ?? '', parts.join('、'), i.remark];
  });
  const subtitle = deptName
    ? `${deptName}责任清单（共 ${items.length} 项）`
    : `${list.document ? `依据${list.document}${SP}` : ''}共 ${items.length} 项`;
  return {
    title: `${list.title}${deptName ? `（${deptName}）` : ''}`,
    doc: {
      kind: 'plain',
      title: list.title,
      subtitle,
      blocks: [
        {
          type: 'table',
          columns: ['序号', '工作任务', '牵头单位', '参与单位', '备注'],
          rows,
          widths: [1.2, 8, 2, 3, 2],
        },
        { type: 'p', text: `注：${list.leadRule}` },
      ],
      ...meta,
    },
  };
}
