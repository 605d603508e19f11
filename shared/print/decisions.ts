// 议定事项督办 as printed from the list (A4 landscape, the same sheet as the printed 任务清单): the decisions the page
// shows with its filters, the most urgent first, with their due dates, meetings and latest progress. At the end the
// 督办催办通知 (GB/T 9704) of the decisions urged together, grouped by lead department.
import type { Decision } from '../contract';
import {
  DECISION_STATE_LABELS,
  byUrgency,
  decisionState,
  dueNote,
  leadOf,
  partnersOf,
  urgingSummary,
} from '../domain/decisions';
import { chineseDate, esc } from './html';
import type { PrintHeader } from './checklist';
import type { OfficialBlock, OfficialDoc } from './official';

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
  <td>${esc(last)}${d.urgings.length ? `<br><span class="due-note">${esc(urgingSummary(d))}</span>` : ''}</td>
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

// ---------------------------------------------------------------- 督办催办通知

export interface UrgingNoticeInput {
  officeName: string;
  /** 成文日期 (the day of the 催办), ISO. */
  date: string;
  decisions: Decision[];
}

/** The lead departments in the order their most urgent decision comes, each with its decisions (most urgent first). */
export function urgingGroups(decisions: Decision[]): { department: string; decisions: Decision[] }[] {
  const groups = new Map<string, Decision[]>();
  for (const d of [...decisions].sort(byUrgency)) {
    const lead = leadOf(d) || '未指定牵头单位';
    groups.set(lead, [...(groups.get(lead) ?? []), d]);
  }
  return [...groups].map(([department, list]) => ({ department, decisions: list }));
}

/** "逾期 12 日" / "今天到期" / "还剩 3 日" / "未到期" on the notice's day. */
export function overdueText(d: Decision, on: string): string {
  if (d.status === 'done') return '已办结';
  return dueNote(d, on)?.text ?? '未到期';
}

export function urgingNoticeFileName(n: Pick<UrgingNoticeInput, 'date' | 'decisions'>, ext: 'pdf'): string {
  return `督办催办通知（${n.date}，${n.decisions.length}项）.${ext}`;
}

/**
 * 督办催办通知 (GB/T 9704 plain document): to the lead departments of the selected decisions, one table per
 * department (序号, 议定事项 with its 配合单位, 来源会议, 完成时限, 逾期情况, 催办次数), asking for a written reply.
 */
export function urgingNoticeDoc(n: UrgingNoticeInput): OfficialDoc {
  const groups = urgingGroups(n.decisions);
  const overdue = n.decisions.filter((d) => d.status === 'open' && d.dueDate < n.date).length;
  const blocks: OfficialBlock[] = [
    {
      type: 'p',
      text: `截至${chineseDate(n.date)}，联席会议议定的以下 ${n.decisions.length} 项工作尚未办结${
        overdue ? `，其中 ${overdue} 项已超过完成时限` : ''
      }。请各牵头单位会同配合单位抓紧推进，于收到本通知后 3 个工作日内将办理进展书面反馈本局；已经完成的，请一并报送办结材料。`,
    },
  ];
  for (const g of groups) {
    blocks.push({ type: 'h1', text: `${g.department}（牵头 ${g.decisions.length} 项）` });
    blocks.push({
      type: 'table',
      columns: ['序号', '议定事项', '来源会议', '完成时限', '逾期情况', '已催办'],
      // In 4号 characters of the 156 mm block (31.6). Dates are written 2026年4月30日, which breaks between its
      // characters where an ISO date could not; 序号 and the count keep to two characters a line.
      widths: [2.4, 10.6, 7.2, 5.2, 3.4, 2.8],
      compact: true,
      rows: g.decisions.map((d, i) => {
        const partners = partnersOf(d);
        return [
          String(i + 1),
          `${d.text}${partners ? `（配合：${partners}）` : ''}`,
          `${d.meetingTitle}（${chineseDate(d.meetingDate)}）`,
          chineseDate(d.dueDate),
          overdueText(d, n.date),
          `${d.urgings.length} 次`,
        ];
      }),
    });
  }
  blocks.push({ type: 'p', text: '特此通知。' });
  return {
    kind: 'plain',
    title: '督办催办通知',
    addressee: groups.map((g) => g.department).join('、'),
    blocks,
    signer: n.officeName,
    date: n.date,
  };
}
