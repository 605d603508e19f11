// 业务规则: settings that change how deadlines are computed. Each shows its default and the rule it comes from.
import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { Button, Field, Notice, Page } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { useToast } from '../../ui/toast';

export function RulesSettings() {
  const qc = useQueryClient();
  const toast = useToast();
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => api.invoke('settings.get', {}) });
  const [rule, setRule] = useState<'lastWorkingDay' | 'workingDaysAfterQuarter'>('lastWorkingDay');
  const [days, setDays] = useState('5');
  const { errors, failure, submit } = useFormSubmit();
  useEffect(() => {
    const r = settings.data?.checklistReportDeadline;
    if (r) {
      setRule(r.rule);
      if (r.rule === 'workingDaysAfterQuarter') setDays(String(r.days));
    }
  }, [settings.data]);
  const save = () =>
    submit(async () => {
      await api.invoke('settings.update', {
        checklistReportDeadline: rule === 'lastWorkingDay' ? { rule } : { rule, days: Number(days) },
      });
      toast('success', '业务规则已保存');
      await qc.invalidateQueries({ queryKey: ['settings'] });
      await qc.invalidateQueries({ queryKey: ['checklist'] });
    });
  return (
    <Page title="业务规则" subtitle="期限按工作日历计算（法定节假日与调休）。">
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <fieldset className="choice-list">
        <legend>任务清单季度进展填报截止</legend>
        <label>
          <input
            type="radio"
            name="deadline"
            checked={rule === 'lastWorkingDay'}
            onChange={() => setRule('lastWorkingDay')}
          />
          季度最后一个工作日（默认，与季度阶段性工作总结上报日一致）
        </label>
        <label>
          <input
            type="radio"
            name="deadline"
            checked={rule === 'workingDaysAfterQuarter'}
            onChange={() => setRule('workingDaysAfterQuarter')}
          />
          季度结束后第 N 个工作日
        </label>
      </fieldset>
      {rule === 'workingDaysAfterQuarter' ? (
        <Field label="N（工作日）" error={errors['checklistReportDeadline.days']}>
          {(id) => (
            <input
              id={id}
              className="input narrow-input"
              type="number"
              min={1}
              max={30}
              value={days}
              onChange={(e) => setDays(e.target.value)}
            />
          )}
        </Field>
      ) : null}
      <div className="form-actions left">
        <Button variant="primary" onClick={() => void save()}>
          保存业务规则
        </Button>
      </div>
    </Page>
  );
}
