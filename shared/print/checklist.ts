// Printed responsibility lists and progress tables (A4 landscape, GB/T 9704 in spirit): one template that the
// app shows, prints and saves as PDF, and that the tests render to PDF too. Styles live in
// renderer/src/print/print.css; this module only produces escaped markup.
import { indexProgress } from '../domain/progress-index';
import type { Checklist, ChecklistProgressView } from '../contract';
import { PROGRESS_STATUS_LABELS } from '../domain/checklist';
import { chineseDate, esc } from './html';

/** 全角空格, the gap Chinese documents put between phrases on one line. */
const SP = '\u3000';

export interface PrintHeader {
  office: string;
  /** e.g. 2026年11月22日 */
  date: string;
}

function header(title: string, subtitle: string, h: PrintHeader): string {
  return `<header class="doc-head">
  <h1 class="doc-title">${esc(title)}</h1>
  <p class="doc-subtitle">${esc(subtitle)}</p>
  <p class="doc-meta"><span>${esc(h.office)}</span><span>${esc(chineseDate(h.date))}</span></p>
</header>`;
}

/** The whole list, or only the items of one department (`departmentId`). */
export function checklistListHtml(
  list: Checklist,
  h: PrintHeader,
  departmentId?: number,
  departmentName?: string,
): string {
  const items = list.items.filter(
    (i) => !i.retired && (departmentId === undefined || i.units.some((u) => u.departmentId === departmentId)),
  );
  const rows = items
    .map((i) => {
      const lead = i.units.find((u) => u.role === 'lead');
      const parts = i.units.filter((u) => u.role === 'participant').map((u) => u.shortName);
      const mark = (name: string | undefined) =>
        departmentId !== undefined && name === departmentName ? ' class="self"' : '';
      return `<tr>
  <td class="c-seq">${esc(i.code)}</td>
  <td class="c-task"><strong>${esc(i.title)}。</strong>${esc(i.text.startsWith(i.title) ? i.text.slice(i.title.length + 1) : i.text)}</td>
  <td class="c-lead"><b${mark(lead?.shortName)}>${esc(lead?.shortName ?? '')}</b></td>
  <td class="c-units">${parts.map((p) => `<span${mark(p)}>${esc(p)}</span>`).join('、')}</td>
  <td class="c-remark">${esc(i.remark)}</td>
</tr>`;
    })
    .join('\n');
  const subtitle = departmentName
    ? `${departmentName}责任清单（共 ${items.length} 项，其中牵头 ${items.filter((i) => i.units[0]?.departmentId === departmentId).length} 项）`
    : `${list.document ? `依据${list.document}${SP}` : ''}共 ${items.length} 项`;
  return `<article class="print-doc landscape">
${header(list.title, subtitle, h)}
<table class="doc-table">
  <colgroup><col class="w-seq"><col class="w-task"><col class="w-lead"><col class="w-units"><col class="w-remark"></colgroup>
  <thead><tr><th>序号</th><th>工作任务</th><th>牵头单位</th><th>参与单位</th><th>备注</th></tr></thead>
  <tbody>
${rows}
  </tbody>
</table>
<p class="doc-note">注：${esc(list.leadRule)}</p>
</article>`;
}

/** Item × department status for one quarter. */
export function checklistProgressHtml(
  list: Checklist,
  progress: ChecklistProgressView,
  h: PrintHeader,
): string {
  const idx = indexProgress(progress);
  const rows = list.items
    .filter((i) => !i.retired)
    .map((i) => {
      const units = i.units
        .map((u) => {
          const c = idx.cell(i.id, u.departmentId);
          const r = idx.report(i.id, u.departmentId);
          const status = c?.status ? PROGRESS_STATUS_LABELS[c.status] : c?.late ? '逾期未报' : '未填报';
          const name = u.role === 'lead' ? `<b>${esc(u.shortName)}</b>` : esc(u.shortName);
          return `<div class="unit-line">${name}：${esc(status)}${r?.narrative ? `${SP}${esc(r.narrative)}` : ''}</div>`;
        })
        .join('');
      const done = i.units.filter((u) => idx.cell(i.id, u.departmentId)?.status === 'done').length;
      return `<tr><td class="c-seq">${esc(i.code)}</td><td class="c-title">${esc(i.title)}</td><td class="c-status">${units}</td><td class="c-remark">${done}/${i.units.length} 已完成</td></tr>`;
    })
    .join('\n');
  const q = ['', '一', '二', '三', '四'][progress.quarter];
  return `<article class="print-doc landscape">
${header(`${list.title}落实情况表`, `${progress.year}年第${q}季度${SP}填报截止：${chineseDate(progress.deadline)}`, h)}
<table class="doc-table progress">
  <colgroup><col class="w-seq"><col class="w-title"><col class="w-status"><col class="w-remark"></colgroup>
  <thead><tr><th>序号</th><th>工作任务</th><th>各责任单位落实情况</th><th>完成情况</th></tr></thead>
  <tbody>
${rows}
  </tbody>
</table>
</article>`;
}
