// The roll-up chart (ECharts, SVG): one indicator across the accepted districts. The page draws it live; the print
// preview embeds the same chart as an SVG string (ECharts' server-side rendering mode, which also runs here).
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { UpstreamRollup } from '../../../../shared/contract';

echarts.use([BarChart, GridComponent, TitleComponent, TooltipComponent, SVGRenderer]);

const FONT = "'Noto Sans SC', 'Microsoft YaHei', sans-serif";

/** The indicator a chart shows by default: the first one that adds up across districts. */
export function defaultChartKey(r: UpstreamRollup): string | null {
  return (r.indicators.find((i) => i.rollup === 'sum') ?? r.indicators[0])?.key ?? null;
}

/** No animation: the figures are for reading (and old office PCs are spared the redraws). */
export function chartOption(r: UpstreamRollup, key: string): echarts.EChartsCoreOption {
  const ind = r.indicators.find((i) => i.key === key);
  return {
    animation: false,
    textStyle: { fontFamily: FONT },
    title: {
      text: ind ? `${ind.label}${ind.unit ? `（${ind.unit}）` : ''}` : '',
      left: 'center',
      textStyle: { fontFamily: FONT, fontSize: 15 },
    },
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 24, top: 48, bottom: 36 },
    xAxis: { type: 'category', data: r.rows.map((row) => row.district), axisLabel: { fontFamily: FONT } },
    yAxis: { type: 'value', axisLabel: { fontFamily: FONT } },
    series: [
      {
        type: 'bar',
        name: ind?.label ?? '',
        data: r.rows.map((row) => row.values[key] ?? 0),
        itemStyle: { color: '#1f5fa8' },
        barMaxWidth: 48,
        label: { show: true, position: 'top', fontFamily: FONT },
      },
    ],
  };
}

/** The chart as a standalone SVG document fragment, for the print preview. */
export function chartSvg(r: UpstreamRollup, key: string, width = 900, height = 320): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(chartOption(r, key));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Mounts a live chart in `el`; returns the function that removes it. */
export function mountChart(el: HTMLElement, r: UpstreamRollup, key: string): () => void {
  const chart = echarts.init(el, null, { renderer: 'svg' });
  chart.setOption(chartOption(r, key));
  const resize = () => chart.resize();
  window.addEventListener('resize', resize);
  return () => {
    window.removeEventListener('resize', resize);
    chart.dispose();
  };
}
