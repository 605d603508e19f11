// 工作日历 as a year: statutory holidays shaded, 调休 working days marked 班, the office's own adjustments
// outlined. Click a day to adjust it; enter a whole new year's table once the State Council publishes it.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { DayInfo } from '../../../../shared/dates';
import { api, errorMessage } from '../../api';
import { Button, Notice, Page } from '../../ui';
import { DayDialog } from './DayDialog';
import { YearEntryDialog } from './YearEntryDialog';
import { useCan } from '../../app/permissions';

const WEEK_HEAD = ['一', '二', '三', '四', '五', '六', '日'];
const KIND_LABEL = {
  workday: '工作日',
  weekend: '休息日',
  holiday: '节假日',
  makeup_workday: '调休上班',
} as const;

/** onPick: null for a role that may not adjust the calendar — its days are shown, not offered for editing. */
function Month({
  month,
  days,
  onPick,
}: {
  month: number;
  days: DayInfo[];
  onPick: ((d: DayInfo) => void) | null;
}) {
  const first = new Date(`${days[0]!.date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  const lead = (first + 6) % 7; // weeks start on Monday, as on Chinese office calendars
  return (
    <div className="cal-month">
      <div className="cal-month-title">{month}月</div>
      <div className="cal-grid">
        {WEEK_HEAD.map((w) => (
          <div key={w} className="cal-head">
            {w}
          </div>
        ))}
        {Array.from({ length: lead }, (_, i) => (
          <div key={`pad${i}`} />
        ))}
        {days.map((d) => {
          const props = {
            className: `cal-day cal-${d.kind}${d.source === 'office' ? ' cal-office' : ''}`,
            title: `${d.date} ${KIND_LABEL[d.kind]}${d.name ? `（${d.name}）` : ''}${d.source === 'office' ? ' · 本单位调整' : ''}`,
            'aria-label': `${d.date} ${KIND_LABEL[d.kind]}${d.name ? ` ${d.name}` : ''}`,
          };
          const content = (
            <>
              {Number(d.date.slice(8))}
              {d.kind === 'makeup_workday' ? <span className="cal-tag">班</span> : null}
              {d.kind === 'holiday' ? <span className="cal-tag">休</span> : null}
            </>
          );
          return onPick ? (
            <button type="button" key={d.date} {...props} onClick={() => onPick(d)}>
              {content}
            </button>
          ) : (
            <div key={d.date} role="note" {...props}>
              {content}
            </div>
          );
        })}
      </div>
    </div>
  );
}

export function CalendarPage() {
  const can = useCan();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const [picked, setPicked] = useState<DayInfo | null>(null);
  const [entering, setEntering] = useState(false);
  const data = useQuery({
    queryKey: ['calendar', 'year', year],
    queryFn: () => api.invoke('calendar.year', { year }),
  });

  const months = Array.from({ length: 12 }, (_, i) =>
    (data.data?.days ?? []).filter((d) => Number(d.date.slice(5, 7)) === i + 1),
  );
  return (
    <Page
      title={`工作日历 · ${year} 年`}
      subtitle="法定节假日与调休上班日来自内置的国务院放假安排；本单位可逐日调整，或录入新年度的安排。期限按此日历计算。"
      actions={
        <>
          <Button onClick={() => setYear(year - 1)}>上一年</Button>
          <Button onClick={() => setYear(new Date().getFullYear())}>今年</Button>
          <Button onClick={() => setYear(year + 1)}>下一年</Button>
          {can('records.write') ? (
            <Button variant="primary" disabled={!data.data} onClick={() => setEntering(true)}>
              录入 {year} 年放假安排
            </Button>
          ) : null}
        </>
      }
    >
      {data.isError ? <Notice kind="error">{errorMessage(data.error)}</Notice> : null}
      {data.data && !data.data.hasTable ? (
        <Notice kind="warning" title={`尚无 ${year} 年节假日安排`}>
          内置表不包含 {year}{' '}
          年，本单位也未录入。当前仅按周一至周五计算工作日。请在国务院办公厅发布放假安排后点击“录入 {year}
          年放假安排”。
        </Notice>
      ) : null}
      {data.data && data.data.hasTable && !data.data.builtin ? (
        <Notice kind="info">{year} 年的安排由本单位录入。</Notice>
      ) : null}
      <div className="cal-legend" aria-label="图例">
        <span className="cal-day cal-workday">1</span> 工作日
        <span className="cal-day cal-weekend">1</span> 休息日
        <span className="cal-day cal-holiday">1</span> 法定节假日
        <span className="cal-day cal-makeup_workday">1</span> 调休上班
        <span className="cal-day cal-workday cal-office">1</span> 本单位调整
      </div>
      <div className="cal-year">
        {months.map((days, i) =>
          days.length ? (
            <Month key={i} month={i + 1} days={days} onPick={can('records.write') ? setPicked : null} />
          ) : null,
        )}
      </div>
      {data.data && data.data.overrides.length > 0 ? (
        <>
          <h2 className="section-title">本单位调整（{data.data.overrides.length} 天）</h2>
          <table className="table" aria-label="本单位调整">
            <thead>
              <tr>
                <th>日期</th>
                <th>安排</th>
                <th>名称</th>
                <th>说明</th>
                <th>调整人</th>
              </tr>
            </thead>
            <tbody>
              {data.data.overrides.map((o) => (
                <tr key={o.date}>
                  <td>{o.date}</td>
                  <td>{o.kind === 'holiday' ? '放假' : '上班'}</td>
                  <td>{o.name}</td>
                  <td>{o.note}</td>
                  <td>{o.updatedBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {picked ? (
        <DayDialog
          day={picked}
          override={data.data?.overrides.find((o) => o.date === picked.date) ?? null}
          onClose={() => setPicked(null)}
          onSaved={() => setPicked(null)}
        />
      ) : null}
      {entering && data.data ? (
        <YearEntryDialog
          year={year}
          overrides={data.data.overrides}
          onClose={() => setEntering(false)}
          onSaved={() => setEntering(false)}
        />
      ) : null}
    </Page>
  );
}
