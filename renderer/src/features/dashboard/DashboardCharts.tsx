// The dashboard's charts (ECharts, offline, SVG). Each has its figures also as text beneath, so the numbers can be
// read without the drawing (and by tests).
import { useMemo } from 'react';
import type { DashboardCharts as Charts } from '../../../../shared/contract/dashboard';
import { Chart, type ChartOption } from '../../ui/chart';

function stacked(categories: string[], series: { label: string; data: number[] }[], rotate = 0): ChartOption {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: rotate ? 70 : 30 },
    xAxis: { type: 'category', data: categories, axisLabel: { rotate, interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((s) => ({ type: 'bar', stack: 'all', name: s.label, data: s.data })),
  };
}

function bars(items: { label: string; count: number }[]): ChartOption {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 40, right: 16, top: 16, bottom: 30 },
    xAxis: { type: 'category', data: items.map((i) => i.label), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: items.map((i) => i.count), label: { show: true, position: 'top' } }],
  };
}

const TIER_COLORS: Record<string, string> = {
  A: '#2e9e6b',
  B: '#1f5fa8',
  C: '#e0a030',
  D: '#c0392b',
  none: '#a0aec0',
};

function pie(items: { key: string; label: string; count: number }[]): ChartOption {
  return {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['30%', '55%'],
        label: { formatter: '{b} {c}', overflow: 'none' },
        data: items
          .filter((i) => i.count > 0)
          .map((i) => ({ name: i.label, value: i.count, itemStyle: { color: TIER_COLORS[i.key] } })),
      },
    ],
  };
}

function Figures({ items }: { items: { label: string; count: number }[] }) {
  return <p className="chart-figures">{items.map((i) => `${i.label} ${i.count}`).join('；')}</p>;
}

/** 检查户次, 发现问题户次 and 立案数 by one breakdown of the year's 双随机 work. */
function CountTable({
  label,
  head,
  rows,
}: {
  label: string;
  head: string;
  rows: { label: string; inspected: number; problems: number; cases: number }[];
}) {
  return (
    <table className="table" aria-label={label}>
      <thead>
        <tr>
          <th>{head}</th>
          <th>检查户次</th>
          <th>发现问题户次</th>
          <th>立案数</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}>
            <td>{r.label}</td>
            <td>{r.inspected}</td>
            <td>{r.problems}</td>
            <td>{r.cases}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DashboardCharts({ charts }: { charts: Charts }) {
  const checklist = useMemo(
    () =>
      charts.checklistByDepartment
        ? stacked(charts.checklistByDepartment.departments, charts.checklistByDepartment.series, 35)
        : null,
    [charts],
  );
  const inspections = useMemo(
    () =>
      charts.inspectionsByMonth
        ? stacked(charts.inspectionsByMonth.months, charts.inspectionsByMonth.series)
        : null,
    [charts],
  );
  const complaints = useMemo(() => bars(charts.complaintsByCategory), [charts]);
  const tiers = useMemo(() => pie(charts.tierDistribution), [charts]);
  const crossings = useMemo(() => bars(charts.thresholdCrossings), [charts]);
  return (
    <section aria-label="统计图表">
      <h2 className="section-title">统计图表</h2>
      <div className="chart-grid">
        {checklist && charts.checklistByDepartment ? (
          <figure className="chart-card chart-wide">
            <figcaption>
              任务清单进度（{charts.checklistByDepartment.year} 年第{charts.checklistByDepartment.quarter}
              季度，按责任单位）
            </figcaption>
            <Chart option={checklist} height={320} label="任务清单进度按责任单位堆叠柱状图" />
            <Figures
              items={charts.checklistByDepartment.series.map((s) => ({
                label: s.label,
                count: s.data.reduce((a, b) => a + b, 0),
              }))}
            />
          </figure>
        ) : null}
        {inspections && charts.inspectionsByMonth ? (
          <figure className="chart-card chart-wide">
            <figcaption>监督检查及结果（按月）</figcaption>
            <Chart option={inspections} height={300} label="监督检查结果按月堆叠柱状图" />
            <Figures
              items={charts.inspectionsByMonth.series.map((s) => ({
                label: s.label,
                count: s.data.reduce((a, b) => a + b, 0),
              }))}
            />
          </figure>
        ) : null}
        {charts.spotcheckCounts ? (
          <figure className="chart-card chart-wide" aria-label="双随机抽查工作量">
            <figcaption>本年双随机抽查（按部门、抽查事项、机构类别和街道/镇）</figcaption>
            <div className="spotcheck-counts">
              <CountTable label="按部门" head="部门" rows={charts.spotcheckCounts.byDepartment} />
              <table className="table" aria-label="按抽查事项">
                <thead>
                  <tr>
                    <th>抽查事项</th>
                    <th>检查数</th>
                    <th>不合格率</th>
                  </tr>
                </thead>
                <tbody>
                  {charts.spotcheckCounts.byItem.map((r) => (
                    <tr key={r.label}>
                      <td>{r.label}</td>
                      <td>{r.inspected}</td>
                      <td>{r.problemRate === null ? '—' : `${r.problemRate}%`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <CountTable label="按机构类别" head="机构类别" rows={charts.spotcheckCounts.byCategory} />
              <CountTable label="按街道/镇" head="街道/镇" rows={charts.spotcheckCounts.byStreet} />
            </div>
          </figure>
        ) : null}
        <figure className="chart-card">
          <figcaption>本年 12345 投诉（按类别）</figcaption>
          <Chart option={complaints} label="本年投诉按类别柱状图" />
          <Figures items={charts.complaintsByCategory} />
        </figure>
        <figure className="chart-card">
          <figcaption>医疗机构信用等级分布</figcaption>
          <Chart option={tiers} label="医疗机构信用等级分布饼图" />
          <Figures items={charts.tierDistribution} />
        </figure>
        <figure className="chart-card">
          <figcaption>本年记分达到预警分值</figcaption>
          {charts.thresholdCrossings.length ? (
            <>
              <Chart option={crossings} label="本年记分预警按分值柱状图" />
              <Figures items={charts.thresholdCrossings} />
            </>
          ) : (
            <p className="muted">本年尚无记分达到预警分值的主体。</p>
          )}
        </figure>
      </div>
    </section>
  );
}
