// ECharts for the whole app, offline: only the chart kinds and components used are bundled, drawn as SVG so they
// stay sharp when printed, in the app's bundled CJK font. Charts are decoration on figures that are also shown as
// text (tables, labels), so a screen reader and a test read the numbers, not the drawing.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  PieChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  SVGRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

export const CHART_FONT = '"Noto Sans SC", "Microsoft YaHei", sans-serif';
export const CHART_COLORS = ['#1f5fa8', '#2e9e6b', '#e0a030', '#c0392b', '#7d5ba6', '#8a94a6', '#3aa0c8'];

export function Chart(props: { option: ChartOption; height?: number; label: string }) {
  const ref = useRef<HTMLDivElement | null>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current, undefined, { renderer: 'svg' });
    chart.current = c;
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(ref.current);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(
      {
        color: CHART_COLORS,
        textStyle: { fontFamily: CHART_FONT },
        animation: false,
        ...props.option,
      },
      true,
    );
  }, [props.option]);
  return (
    <div
      ref={ref}
      role="img"
      aria-label={props.label}
      style={{ width: '100%', height: props.height ?? 280 }}
    />
  );
}
