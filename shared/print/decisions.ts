// 议定事项督办 as printed from the list (A4 landscape, the same sheet as the printed 任务清单): the decisions the page
// shows with its filters, the most urgent first, with their due dates, meetings and latest progress.
import type { Decision } from '../contract';
import {
  DECISION_STATE_LABELS,
  byUrgency,
  decisionState,
  dueNote,
  leadOf,
  partnersOf,
} from '../domain/decisions';
import { chineseDate, esc } from './html';
import type { PrintHeader } from './checklist';

export interface DecisionListFilter {
  status: 'open' | 'done' | 'all';
  /** The responsible department's short name, when the list is one department's. */
  department?: string;
  year?: number;
}

const STATUS_WORDS = { open: '未办结', done: '已办结', all: '全部' } as const;

/** "2026年度 · 区卫生健康局 · 未办结 共 5 项，其中逾期 2 项" */
export function decisionListSubtitle(f: DecisionListFilter, list: Decision[]): string {
  const overdue = list.filter((d) => d.overdue).length;
  return [
    f.year ? `${f.year}年度会议` : '全部年度会议',
    f.department ? `${f.department}（牵头或配合）` : '全部责任单位',
    `${STATUS_WORDS[f.status]}共 ${list.length} 项${overdue ? `，其中逾期 ${overdue} 项` : ''}`,
  ].join('\u3000');
}

export function decisionListHtml(
  decisions: Decision[],
  f: DecisionListFilter,
  h: PrintHeader,
  today: string,
): string {
  const list = [...decisions].sort(byUrgency);
  const rows = list
    .map((d, i) => {
      const note = dueNote(d, today);
      const last = d.status === 'done' ? `办结：${d.result}` : (d.updates.at(-1)?.text ?? '');
      return `<tr>
  <td class="c-seq">${i + 1}</td>
  <td class="c-state">${esc(DECISION_STATE_LABELS[decisionState(d)])}</td>
  <td>${esc(d.text)}</td>
  <td class="c-lead"><b>${esc(leadOf(d))}</b></td>
  <td>${esc(partnersOf(d))}</td>
  <td class="c-due">${esc(chineseDate(d.dueDate))}${note ? `<br><span class="due-note">${esc(note.text)}</span>` : ''}</td>
  <td>${esc(d.meetingTitle)}<br>${esc(chineseDate(d.meetingDate))}</td>
  <td>${esc(last)}</td>
</tr>`;
    })
    .join('\n');
  return `<article class="print-doc landscape decisions-print">
<header class="doc-head">
  <h1 class="doc-title">议定事项督办清单</h1>
  <p class="doc-subtitle">${esc(decisionListSubtitle(f, list))}</p>
  <p class="doc-meta"><span>${esc(h.office)}</span><span>${esc(chineseDate(h.date))}</span></p>
</header>
<table class="doc-table">
  <colgroup><col class="w-seq"><col class="w-state"><col class="w-text"><col class="w-lead"><col class="w-partners"><col class="w-due"><col class="w-meeting"><col class="w-progress"></colgroup>
  <thead><tr><th>序号</th><th>状态</th><th>议定事项</th><th>牵头单位</th><th>配合单位</th><th>完成时限</th><th>来源会议</th><th>最新进展</th></tr></thead>
  <tbody>
${rows || '<tr><td colspan="8" class="c-seq">没有符合条件的议定事项</td></tr>'}
  </tbody>
</table>
</article>`;
}
