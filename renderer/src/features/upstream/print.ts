// The print preview of the 市级汇总表 (print kind 'upstream-rollup'): the same roll-up as the page, with the chart
// as inline SVG, in the A4-landscape table layout of print.css.
import { AppError } from '../../../../shared/errors';
import { REPORT_TYPES, type ReportType } from '../../../../shared/domain/report-package';
import { rollupFileName, rollupHtml, UPSTREAM_PRINT_CSS } from '../../../../shared/print/upstream';
import { todayIso } from '../../../../shared/dates';
import { api } from '../../api';
import { chartSvg, defaultChartKey } from './chart';

export async function loadUpstreamRollup(
  params: URLSearchParams,
): Promise<{ html: string; fileName: string }> {
  const type = params.get('type') as ReportType;
  if (!REPORT_TYPES.includes(type)) throw new AppError('NOT_FOUND', `未知的报告类型：${type}`);
  const r = await api.invoke('upstream.rollup', { reportType: type, period: params.get('period') ?? '' });
  if (r.rows.length === 0) throw new AppError('NOT_FOUND', '该期间还没有已接收的数据包');
  const office = await api.invoke('office.get', {});
  const wanted = params.get('chart');
  const key = r.indicators.some((i) => i.key === wanted) ? wanted : defaultChartKey(r);
  const svg = key ? chartSvg(r, key, 900, 260) : null;
  return {
    html: `<style>${UPSTREAM_PRINT_CSS}</style>${rollupHtml(r, { office: office.name, date: todayIso() }, svg)}`,
    fileName: rollupFileName(r, 'pdf'),
  };
}
