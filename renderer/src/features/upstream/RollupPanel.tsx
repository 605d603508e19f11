// 汇总: for one report type and period, the accepted districts × the indicators of their data.json, with the totals
// of the indicators that add up, a chart of one indicator, and the table as xlsx or as a printed/PDF 汇总表.
import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { UpstreamRollup } from '../../../../shared/contract';
import { api, errorMessage, saveDownload } from '../../api';
import { navigate } from '../../app/router';
import { Button, Notice } from '../../ui';
import { useToast } from '../../ui/toast';
import { defaultChartKey, mountChart } from './chart';
import { YearSelect } from './PackagesPanel';
import { UPSTREAM_KEY, localTime, periodText } from './text';
import { WIDE_TABLE_INDICATORS } from '../../../../shared/print/upstream';
import { formatNumber } from '../../../../shared/format';

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatNumber(v, 4));

/** Districts as rows: for a few indicators. */
function ByDistrict({ r }: { r: UpstreamRollup }) {
  return (
    <table className="table up-table" aria-label="汇总表">
      <thead>
        <tr>
          <th>区县</th>
          <th>报送单位</th>
          <th>版本</th>
          <th>签署时间</th>
          {r.indicators.map((i) => (
            <th key={i.key} className="num">
              {i.label}
              {i.unit ? `（${i.unit}）` : ''}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {r.rows.map((row) => (
          <tr key={row.packageId}>
            <td className="nowrap">{row.district}</td>
            <td>{row.officeName}</td>
            <td className="nowrap">第{row.version}版</td>
            <td className="nowrap">{localTime(row.signedAt)}</td>
            {r.indicators.map((i) => (
              <td key={i.key} className="num">
                {fmt(row.values[i.key])}
              </td>
            ))}
          </tr>
        ))}
        <tr className="total">
          <td>合计</td>
          <td>{r.rows.length} 个区县</td>
          <td />
          <td />
          {r.indicators.map((i) => (
            <td key={i.key} className="num">
              {fmt(r.totals[i.key])}
            </td>
          ))}
        </tr>
      </tbody>
    </table>
  );
}

/** Indicators as rows, districts as columns: for the full reports' dozens of indicators. */
function ByIndicator({ r }: { r: UpstreamRollup }) {
  return (
    <table className="table up-table" aria-label="汇总表">
      <thead>
        <tr>
          <th>指标</th>
          <th>单位</th>
          {r.rows.map((row) => (
            <th
              key={row.packageId}
              className="num"
              title={`${row.officeName} 第${row.version}版，${localTime(row.signedAt)} 签署`}
            >
              {row.district}
            </th>
          ))}
          <th className="num">合计（{r.rows.length} 个区县）</th>
        </tr>
      </thead>
      <tbody>
        {r.indicators.map((i) => (
          <tr key={i.key}>
            <td>{i.label}</td>
            <td className="nowrap">{i.unit}</td>
            {r.rows.map((row) => (
              <td key={row.packageId} className="num">
                {fmt(row.values[i.key])}
              </td>
            ))}
            <td className="num total">{fmt(r.totals[i.key])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RollupChart({ rollup, chartKey }: { rollup: UpstreamRollup; chartKey: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => (el.current ? mountChart(el.current, rollup, chartKey) : undefined), [rollup, chartKey]);
  return <div ref={el} className="up-chart" role="img" aria-label="汇总图表" data-testid="rollup-chart" />;
}

export function RollupPanel(props: { year: number; onYear: (y: number) => void }) {
  const toast = useToast();
  const options = useQuery({
    queryKey: [...UPSTREAM_KEY, 'rollupOptions', props.year],
    queryFn: () => api.invoke('upstream.rollupOptions', { year: props.year }),
  });
  const [choice, setChoice] = useState('');
  const selected = options.data?.find((o) => `${o.reportType}|${o.period}` === choice) ?? options.data?.[0];
  const rollup = useQuery({
    queryKey: [...UPSTREAM_KEY, 'rollup', selected?.reportType, selected?.period],
    queryFn: () =>
      api.invoke('upstream.rollup', { reportType: selected!.reportType, period: selected!.period }),
    enabled: Boolean(selected),
  });
  const [chartChoice, setChartChoice] = useState('');
  const r = rollup.data;
  const chartKey = r?.indicators.some((i) => i.key === chartChoice)
    ? chartChoice
    : r
      ? defaultChartKey(r)
      : null;

  const exportXlsx = async () => {
    try {
      saveDownload(await api.invoke('upstream.rollupXlsx', { reportType: r!.reportType, period: r!.period }));
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };

  return (
    <section className="up-section" aria-label="汇总">
      <div className="up-toolbar">
        <YearSelect year={props.year} onChange={props.onYear} label="报告年度" />
        <label className="inline-field">
          报告与期间
          <select
            className="input"
            value={selected ? `${selected.reportType}|${selected.period}` : ''}
            onChange={(e) => setChoice(e.target.value)}
            disabled={!options.data?.length}
          >
            {options.data?.map((o) => (
              <option key={`${o.reportType}|${o.period}`} value={`${o.reportType}|${o.period}`}>
                {periodText(o.period)} {o.reportTypeLabel}（{o.accepted} 个区县）
              </option>
            ))}
          </select>
        </label>
        <span style={{ flex: 1 }} />
        {r && r.rows.length > 0 ? (
          <>
            <Button onClick={() => void exportXlsx()}>导出 Excel</Button>
            <Button
              onClick={() =>
                navigate(
                  `/print/upstream-rollup?type=${r.reportType}&period=${encodeURIComponent(r.period)}${chartKey ? `&chart=${encodeURIComponent(chartKey)}` : ''}`,
                )
              }
            >
              打印预览 / PDF
            </Button>
          </>
        ) : null}
      </div>
      {options.isError ? <Notice kind="error">{errorMessage(options.error)}</Notice> : null}
      {options.data && options.data.length === 0 ? (
        <Notice kind="info">
          {props.year} 年还没有已接收的数据包可供汇总。请先在“数据包”中导入并核验各区县的数据包。
        </Notice>
      ) : null}
      {rollup.isError ? <Notice kind="error">{errorMessage(rollup.error)}</Notice> : null}
      {r ? (
        <>
          <h2 className="up-section">
            {periodText(r.period)}
            {r.reportTypeLabel}汇总表
          </h2>
          <p className="muted">
            已接收 {r.rows.length}{' '}
            个区县的数据包（签名与文件摘要均已核验）；被拒收或已被更正版取代的数据包不计入。合计只计入可相加的指标，比率类指标只列各区县数值。
          </p>
          {r.warnings.length ? (
            <Notice kind="warning" title="数据说明">
              <ul className="up-reasons">
                {r.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </Notice>
          ) : null}
          <div className="table-scroll" style={{ maxHeight: 'none' }}>
            {r.indicators.length > WIDE_TABLE_INDICATORS ? (
              <>
                <p className="muted" data-testid="rollup-sources">
                  {r.rows
                    .map(
                      (row) =>
                        `${row.district}：${row.officeName}，第${row.version}版，${localTime(row.signedAt)} 签署`,
                    )
                    .join('；')}
                </p>
                <ByIndicator r={r} />
              </>
            ) : (
              <ByDistrict r={r} />
            )}
          </div>
          {r.tables.map((t) => (
            <section key={t.key} aria-label={t.title}>
              <h3>{t.title}（各区县合计）</h3>
              <div className="table-scroll" style={{ maxHeight: 'none' }}>
                <table className="table">
                  <thead>
                    <tr>
                      {t.columns.map((c) => (
                        <th key={c}>{c}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {t.rows.map((row) => (
                      <tr key={String(row[0])}>
                        {row.map((cell, i) => (
                          <td key={i}>{cell}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ))}
          {chartKey ? (
            <>
              <div className="up-toolbar" style={{ marginTop: 16 }}>
                <label className="inline-field">
                  图表指标
                  <select className="input" value={chartKey} onChange={(e) => setChartChoice(e.target.value)}>
                    {r.indicators.map((i) => (
                      <option key={i.key} value={i.key}>
                        {i.label}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              <RollupChart rollup={r} chartKey={chartKey} />
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
