// The files a report is given out as: report.docx (the GB/T 9704 model of shared/print/reports.ts, for the office's
// own 签章 or editing in WPS), data.json (ReportData, what the city adds up), data.xlsx (the same figures for
// people), and report.pdf, which Chromium prints from the very HTML of the preview. Signing puts the four into a
// package with its manifest and signature (db/reports/package.ts).
import type ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import type { ReportData, ReportIndicator } from '../../shared/domain/report-package';
import { REPORT_TYPE_LABELS, requirePeriod } from '../../shared/domain/reports';
import { reportDoc, reportPdfHtml, type ReportDocInput } from '../../shared/print/reports';
import { officialDocDocx } from '../core/official-docx';
import { officialDocOfd } from '../core/ofd';
import type { PdfRenderer } from '../core/context';
import { newWorkbook, setCell, writeWorkbook, type CellInput } from '../core/xlsx';
import { withEmbeddedFonts } from '../core/print-fonts';
import { AppError } from '../../shared/errors';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const ZIP_MIME = 'application/zip';
export const JSON_MIME = 'application/json';

export function reportJson(data: ReportData): Buffer {
  return Buffer.from(`${JSON.stringify(data, null, 2)}\n`, 'utf8');
}

export async function reportDocx(input: ReportDocInput): Promise<Buffer> {
  return officialDocDocx(reportDoc(input));
}

/** report.ofd: the same model as report.docx and report.pdf, as OFD (GB/T 33190) for archiving. */
export function reportOfd(input: ReportDocInput, appVersion?: string): Buffer {
  const doc = reportDoc(input);
  return officialDocOfd(doc, {
    title: input.title,
    author: input.office.name,
    date: input.date,
    ...(appVersion ? { creatorVersion: appVersion } : {}),
  });
}

/** Excel forbids []:*?/\ in sheet names and allows 31 characters. */
function sheetName(s: string, used: Set<string>): string {
  let base = s.replace(/[[\]:*?/\\]/g, '_').slice(0, 31);
  let n = 2;
  while (used.has(base)) base = `${s.slice(0, 27)}（${n++}）`;
  used.add(base);
  return base;
}

/** A row of cells through setCell: dates as real dates, formula-like text with the quote prefix. */
function addRow(ws: ExcelJS.Worksheet, values: readonly CellInput[]): void {
  const row = ws.addRow([]);
  values.forEach((v, i) => setCell(row.getCell(i + 1), v));
}

export async function reportXlsx(data: ReportData, title: string): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = '综合监管工作台';
  wb.created = new Date(0); // the same figures give the same bytes
  wb.modified = new Date(0);
  const used = new Set<string>();
  const head = (ws: ExcelJS.Worksheet) => {
    const row = ws.getRow(1);
    row.font = { bold: true, name: '宋体' };
    row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  };
  const period = requirePeriod(data.period);
  const about = wb.addWorksheet(sheetName('说明', used));
  about.columns = [
    { header: '项目', width: 16 },
    { header: '内容', width: 70 },
  ];
  head(about);
  for (const [k, v] of [
    ['报告', title],
    ['报告类型', REPORT_TYPE_LABELS[data.reportType]],
    ['报告期', `${period.label}（${data.period}）`],
    ['起止日期', `${data.periodStart} 至 ${data.periodEnd}`],
    ['报送单位', data.office.name],
    ['统一社会信用代码', data.office.uscc],
    ['数据格式', data.format],
  ] as const)
    addRow(about, [k, v]);

  const ind = wb.addWorksheet(sheetName('主要指标', used), { views: [{ state: 'frozen', ySplit: 1 }] });
  ind.columns = [
    { header: '指标代码', width: 30 },
    { header: '指标', width: 36 },
    { header: '数值', width: 12 },
    { header: '单位', width: 8 },
    { header: '汇总方式', width: 12 },
    { header: '跨期合并', width: 28 },
  ];
  head(ind);
  for (const i of data.indicators)
    addRow(ind, [
      i.key,
      i.label,
      i.value ?? '—',
      i.unit,
      i.rollup === 'sum' ? '可累加' : '不累加（比率）',
      periodRollupText(i.periodRollup),
    ]);

  data.tables.forEach((t, n) => {
    const ws = wb.addWorksheet(sheetName(`表${n + 2} ${t.title}`, used), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    ws.columns = t.columns.map((c, i) => ({
      header: c,
      width: Math.min(
        60,
        Math.max(10, ...t.rows.slice(0, 200).map((r) => String(r[i] ?? '').length * 2), c.length * 2),
      ),
    }));
    head(ws);
    for (const r of t.rows) addRow(ws, r);
    ws.eachRow((row) => row.eachCell((c) => (c.alignment = { wrapText: true, vertical: 'top' })));
  });
  return writeWorkbook(wb);
}

export async function reportPdf(pdf: PdfRenderer | null, input: ReportDocInput): Promise<Buffer> {
  if (!pdf) throw new AppError('UNSUPPORTED', '此运行环境没有 PDF 渲染程序，不能生成 report.pdf');
  // The bundled fonts go inline: the machine's own CJK fonts would print as unnamed Type 3 glyphs.
  const bytes = await pdf.render(withEmbeddedFonts(reportPdfHtml(input), pdf));
  if (bytes.subarray(0, 4).toString('latin1') !== '%PDF')
    throw new AppError('INTERNAL', `PDF 渲染失败（${pdf.engine}）：输出的不是 PDF 文件`);
  return bytes;
}

/** One file out of a stored package (a signed report's files are handed out exactly as they were signed). */
export function packageFile(zip: Uint8Array, name: string): Buffer {
  const files = unzipSync(zip, { filter: (f) => f.name === name });
  const bytes = files[name];
  if (!bytes) throw new AppError('NOT_FOUND', `数据包中没有 ${name}`);
  return Buffer.from(bytes);
}

/** How an indicator combines across periods, in words (data.xlsx). */
function periodRollupText(p: ReportIndicator['periodRollup']): string {
  if (p === undefined) return '';
  if (p === 'sum') return '各季度相加得全年';
  if (p === 'end') return '期末数（全年取第四季度）';
  return `比率：${p.rate.numerator} ÷ ${p.rate.denominator}`;
}
