// A new year's holiday table, typed in from the State Council notice: holiday periods and 调休 working days.
// Saving replaces what the office entered for that year before, in one step — against the year's adjustments as
// the dialog opened them: a table or a day saved at another seat since is shown beside what was typed, which
// stays, and saving again overwrites it on purpose.
import { useState } from 'react';
import type { CalendarOverride } from '../../../../shared/contract';
import { addCalendarDays } from '../../../../shared/dates';
import { api, errorMessage } from '../../api';
import { Button, DateInput, Dialog, Notice } from '../../ui';
import { fieldErrors } from '../../ui/forms';
import { useToast } from '../../ui/toast';
import { StaleComparison, saveLabel, useStartedFrom, type ComparedField } from '../../ui/conflict';

const HOLIDAYS = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'];

type YearValues = { date: string; kind: 'holiday' | 'workday'; name: string; note: string }[];
const yearValues = (overrides: readonly CalendarOverride[]): YearValues =>
  overrides.map((o) => ({ date: o.date, kind: o.kind, name: o.name, note: o.note }));

interface Period {
  name: string;
  start: string;
  end: string;
}

/** A year's adjustments as this dialog's rows: consecutive holidays of one name as one period, and the 调休
 *  working days one by one. */
export function entryOf(values: YearValues): {
  holidays: Period[];
  workdays: { date: string; name: string }[];
} {
  const holidays: Period[] = [];
  const workdays: { date: string; name: string }[] = [];
  for (const v of [...values].sort((a, b) => a.date.localeCompare(b.date))) {
    if (v.kind === 'workday') {
      workdays.push({ date: v.date, name: v.name });
      continue;
    }
    const last = holidays[holidays.length - 1];
    if (last && last.name === v.name && addCalendarDays(last.end, 1) === v.date) last.end = v.date;
    else holidays.push({ name: v.name, start: v.date, end: v.date });
  }
  return { holidays, workdays };
}

const periodText = (p: Period) => (p.start === p.end ? p.start : `${p.start} 至 ${p.end}`);

/** What the other seat saved beside what was typed: each holiday's period(s), then the 调休 working days. */
function compareEntries(
  mine: { holidays: Period[]; workdays: { date: string; name: string }[] },
  theirs: { holidays: Period[]; workdays: { date: string; name: string }[] },
): ComparedField[] {
  const names = [...new Set([...mine.holidays, ...theirs.holidays].map((h) => h.name))];
  const periods = (list: Period[], name: string) =>
    list
      .filter((h) => h.name === name)
      .map(periodText)
      .join('、');
  const days = (list: { date: string; name: string }[]) =>
    list.map((w) => `${w.date}${w.name ? `（${w.name}）` : ''}`).join('、');
  return [
    ...names.map((name) => ({
      label: `${name}放假`,
      mine: periods(mine.holidays, name),
      theirs: periods(theirs.holidays, name),
    })),
    { label: '调休上班日', mine: days(mine.workdays), theirs: days(theirs.workdays) },
  ];
}

export function YearEntryDialog(props: {
  year: number;
  /** The office's adjustments of the year as the page shows them: the save is made against them. */
  overrides: readonly CalendarOverride[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const toast = useToast();
  const [holidays, setHolidays] = useState(HOLIDAYS.map((name) => ({ name, start: '', end: '' })));
  const [workdays, setWorkdays] = useState<{ date: string; name: string }[]>([{ date: '', name: '' }]);
  const [failure, setFailure] = useState('');
  const started = useStartedFrom<YearValues>(yearValues(props.overrides), (c) =>
    yearValues(c as CalendarOverride[]),
  );
  const typed = () => ({
    holidays: holidays.filter((h) => h.start || h.end).map((h) => ({ ...h, end: h.end || h.start })),
    workdays: workdays.filter((w) => w.date),
  });

  const save = async () => {
    setFailure('');
    try {
      const r = await api
        .invoke('calendar.enterYear', { year: props.year, ...typed(), expected: started.expected() })
        .catch(started.adopt);
      toast('success', `已录入 ${r.year} 年放假安排（${r.written} 天）`);
      props.onSaved();
    } catch (e) {
      const fe = Object.values(fieldErrors(e));
      setFailure(fe.length ? fe.join('；') : errorMessage(e));
    }
  };

  return (
    <Dialog
      wide
      title={`录入 ${props.year} 年放假安排`}
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" onClick={() => void save()}>
            {saveLabel(started.stale, '保存安排')}
          </Button>
        </>
      }
    >
      <p className="muted">
        按国务院办公厅关于 {props.year}{' '}
        年部分节假日安排的通知填写。放假期间填开始和结束日期；调休上班日逐日填写。保存后将替换本单位此前录入的{' '}
        {props.year} 年安排。
      </p>
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      {started.stale ? (
        <StaleComparison
          stale={started.stale}
          fields={compareEntries(typed(), entryOf(started.expected()))}
        />
      ) : null}
      <table className="table" aria-label="放假期间">
        <thead>
          <tr>
            <th>节日</th>
            <th>放假开始</th>
            <th>放假结束</th>
          </tr>
        </thead>
        <tbody>
          {holidays.map((h, i) => (
            <tr key={i}>
              <td>
                <input
                  className="input"
                  aria-label={`第${i + 1}个节日名称`}
                  value={h.name}
                  onChange={(e) =>
                    setHolidays(holidays.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))
                  }
                />
              </td>
              <td>
                <DateInput
                  aria-label={`${h.name}放假开始`}
                  value={h.start}
                  onChange={(picked) =>
                    setHolidays(holidays.map((x, j) => (j === i ? { ...x, start: picked } : x)))
                  }
                />
              </td>
              <td>
                <DateInput
                  aria-label={`${h.name}放假结束`}
                  value={h.end}
                  onChange={(picked) =>
                    setHolidays(holidays.map((x, j) => (j === i ? { ...x, end: picked } : x)))
                  }
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>调休上班日</h3>
      <table className="table" aria-label="调休上班日">
        <thead>
          <tr>
            <th>日期</th>
            <th>说明（如：春节调休）</th>
          </tr>
        </thead>
        <tbody>
          {workdays.map((w, i) => (
            <tr key={i}>
              <td>
                <DateInput
                  aria-label={`调休上班日${i + 1}`}
                  value={w.date}
                  onChange={(picked) =>
                    setWorkdays(workdays.map((x, j) => (j === i ? { ...x, date: picked } : x)))
                  }
                />
              </td>
              <td>
                <input
                  className="input"
                  aria-label={`调休上班日${i + 1}说明`}
                  value={w.name}
                  onChange={(e) =>
                    setWorkdays(workdays.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))
                  }
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Button onClick={() => setWorkdays([...workdays, { date: '', name: '' }])}>增加调休上班日</Button>
    </Dialog>
  );
}
