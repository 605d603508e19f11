// 市级汇总表 for printing (A4 landscape, the checklist tables' layout): the accepted districts × indicators with the
// totals, the chart, and a note of what was verified. Styles: renderer/src/print/print.css (doc-*) plus the few
// lines in UPSTREAM_PRINT_CSS. `chartSvg` is made by the renderer (ECharts) and inserted as is.
import type { UpstreamRollup } from '../contract';
import { chineseDate, esc } from './html';
import { formatNumber } from '../format';

export const UPSTREAM_PRINT_CSS = `
.rollup-chart { margin: 4mm 0 2mm; text-align: center; page-break-inside: avoid; }
.rollup-chart svg { width: 78%; height: auto; }
.doc-table td.num, .doc-table th.num { text-align: right; }
.doc-table tr.total td, .doc-table td.total { font-weight: 700; }
.rollup-table th { white-space: normal; }
.rollup-count-title { font-size: 12pt; font-weight: 700; margin: 5mm 0 2mm; page-break-after: avoid; }
`;

export function rollupPeriodLabel(period: string): string {
  const m = /^(\d{4})Q([1-4])$/.exec(period);
  if (m) return `${m[1]}年第${'一二三四'[Number(m[2]) - 1]}季度`;
  return /^\d{4}$/.test(period) ? `${period}年度` : period;
}

const num = (v: number | null | undefined): string =>
  v === null || v === undefined ? '—' : formatNumber(v, 4);

export function rollupFileName(r: UpstreamRollup, ext: 'pdf' | 'xlsx'): string {
  return `${rollupPeriodLabel(r.period)}${r.reportTypeLabel}汇总表.${ext}`;
}

/** More indicators than this and the table turns: one row per indicator, one column per district. */
export const WIDE_TABLE_INDICATORS = 8;

/** Districts as rows, indicators as columns: for a few indicators. */
function byDistrict(r: UpstreamRollup): string {
  const head = r.indicators
    .map((i) => `<th class="num">${esc(i.label)}${i.unit ? `<br>（${esc(i.unit)}）` : ''}</th>`)
    .join('');
  const body = r.rows
    .map(
      (row, n) => `<tr>
  <td>${n + 1}</td><td>${esc(row.district)}</td><td>${esc(row.officeName)}</td><td>第${row.version}版</td>
  ${r.indicators.map((i) => `<td class="num">${esc(num(row.values[i.key]))}</td>`).join('')}
</tr>`,
    )
    .join('\n');
  const total = `<tr class="total"><td></td><td>合计</td><td>${r.rows.length} 个区县</td><td></td>${r.indicators
    .map((i) => `<td class="num">${esc(num(r.totals[i.key]))}</td>`)
    .join('')}</tr>`;
  return `<table class="doc-table rollup-table">
  <colgroup><col style="width:5%"><col style="width:9%"><col style="width:${r.indicators.length > 6 ? 14 : 18}%"><col style="width:6%">${r.indicators
    .map(() => '<col>')
    .join('')}</colgroup>
  <thead><tr><th>序号</th><th>区县</th><th>报送单位</th><th>版本</th>${head}</tr></thead>
  <tbody>
${body}
${total}
  </tbody>
</table>`;
}

/** Indicators as rows, districts as columns (the header repeats on every page): for many indicators. */
function byIndicator(r: UpstreamRollup): string {
  const head = r.rows
    .map((row) => `<th class="num">${esc(row.district)}<br>（第${row.version}版）</th>`)
    .join('');
  const body = r.indicators
    .map(
      (i, n) => `<tr>
  <td>${n + 1}</td><td>${esc(i.label)}</td><td>${esc(i.unit)}</td>
  ${r.rows.map((row) => `<td class="num">${esc(num(row.values[i.key]))}</td>`).join('')}
  <td class="num total">${esc(num(r.totals[i.key]))}</td>
</tr>`,
    )
    .join('\n');
  return `<table class="doc-table rollup-table">
  <colgroup><col style="width:5%"><col style="width:24%"><col style="width:6%">${r.rows
    .map(() => '<col>')
    .join('')}<col></colgroup>
  <thead><tr><th>序号</th><th>指标</th><th>单位</th>${head}<th class="num">合计</th></tr></thead>
  <tbody>
${body}
  </tbody>
</table>`;
}

/** A detail table the districts' rows were summed into (双随机抽查 by department, item, category, street). */
function countTable(t: UpstreamRollup['tables'][number]): string {
  return `<h2 class="rollup-count-title">${esc(t.title)}（各区县合计）</h2>
<table class="doc-table rollup-table" aria-label="${esc(t.title)}">
  <thead><tr>${t.columns.map((c, i) => `<th${i ? ' class="num"' : ''}>${esc(c)}</th>`).join('')}</tr></thead>
  <tbody>
${t.rows
  .map(
    (row) => `<tr>${row.map((c, i) => `<td${i ? ' class="num"' : ''}>${esc(String(c))}</td>`).join('')}</tr>`,
  )
  .join('\n')}
  </tbody>
</table>`;
}

export function rollupHtml(
  r: UpstreamRollup,
  h: { office: string; date: string },
  chartSvg: string | null,
): string {
  const warnings = r.warnings.length
    ? `<p class="doc-note">数据说明：${r.warnings.map((w) => esc(w)).join('；')}。</p>`
    : '';
  return `<article class="print-doc landscape">
<header class="doc-head">
  <h1 class="doc-title">${esc(rollupPeriodLabel(r.period))}${esc(r.reportTypeLabel)}汇总表</h1>
  <p class="doc-subtitle">已接收 ${r.rows.length} 个区县的上报数据包（SM2 签名与文件摘要均已核验）</p>
  <p class="doc-meta"><span>${esc(h.office)}</span><span>${esc(chineseDate(h.date))}</span></p>
</header>
${r.indicators.length > WIDE_TABLE_INDICATORS ? byIndicator(r) : byDistrict(r)}
${chartSvg ? `<div class="rollup-chart">${chartSvg}</div>` : ''}
${r.tables.map(countTable).join('\n')}
${warnings}
<p class="doc-note">注：合计只计入各区县口径一致、可相加的指标（次数、件数等）；比率类指标只列各区县数值。被拒收或已被更正版取代的数据包不计入。</p>
</article>`;
}
