// A new year's holiday table, typed in from the State Council notice: holiday periods and 调休 working days.
// Saving replaces what the office entered for that year before, in one step.
import { useState } from 'react';
import { api, errorMessage } from '../../api';
import { Button, DateInput, Dialog, Notice } from '../../ui';
import { fieldErrors } from '../../ui/forms';
import { useToast } from '../../ui/toast';

const HOLIDAYS = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'];

export function YearEntryDialog(props: { year: number; onClose: () => void; onSaved: () => void }) {
  const toast = useToast();
  const [holidays, setHolidays] = useState(HOLIDAYS.map((name) => ({ name, start: '', end: '' })));
  const [workdays, setWorkdays] = useState<{ date: string; name: string }[]>([{ date: '', name: '' }]);
  const [failure, setFailure] = useState('');

  const save = async () => {
    setFailure('');
    try {
      const r = await api.invoke('calendar.enterYear', {
        year: props.year,
        holidays: holidays.filter((h) => h.start || h.end).map((h) => ({ ...h, end: h.end || h.start })),
        workdays: workdays.filter((w) => w.date),
      });
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
            保存安排
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
