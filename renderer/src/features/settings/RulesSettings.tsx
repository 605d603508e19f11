// 业务规则: settings that change how deadlines are computed. Each shows its default and the rule it comes from.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { Button, Field, Notice, Page } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { useToast } from '../../ui/toast';

type Deadline = Awaited<ReturnType<typeof loadSettings>>['checklistReportDeadline'];
const loadSettings = () => api.invoke('settings.get', {});

// The form is shown only once the saved rules have loaded and starts from them, so a late answer can never
// overwrite what the user has already chosen or typed.
export function RulesSettings() {
  const settings = useQuery({ queryKey: ['settings'], queryFn: loadSettings });
  if (settings.error) return <Notice kind="error">业务规则读取失败：{String((settings.error as Error).message)}</Notice>;
  if (!settings.data) return <Page title="业务规则">正在读取…</Page>;
  return <RulesForm saved={settings.data.checklistReportDeadline} />;
}

function RulesForm({ saved }: { saved: Deadline }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [rule, setRule] = useState<Deadline['rule']>(saved.rule);
  const [days, setDays] = useState(saved.rule === 'workingDaysAfterQuarter' ? String(saved.days) : '5');
  const { errors, failure, submit } = useFormSubmit();
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
