// 上报期限规则: when a quarter's and a year's reports are due — the period's last working day (as the rule preset in
// force for the office says for the quarterly stage summary), or N working days after it ends, as the city asks.
import { useState } from 'react';
import type { DueRule, ReportDueRules } from '../../../../shared/contract';
import { api } from '../../api';
import { Button, Dialog, Notice } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { useToast } from '../../ui/toast';
import { StaleComparison, saveLabel, useStartedFrom } from '../../ui/conflict';

const ruleText = (r: DueRule, unit: string) =>
  r.rule === 'lastWorkingDay' ? `${unit}最后一个工作日` : `${unit}结束后第 ${r.days} 个工作日`;

function RuleFields(props: { label: string; unit: string; value: DueRule; onChange: (r: DueRule) => void }) {
  const days = props.value.rule === 'workingDaysAfter' ? props.value.days : 10;
  return (
    <fieldset className="choice-list">
      <legend>{props.label}</legend>
      <label>
        <input
          type="radio"
          checked={props.value.rule === 'lastWorkingDay'}
          onChange={() => props.onChange({ rule: 'lastWorkingDay' })}
        />{' '}
        {props.unit}最后一个工作日
      </label>
      <label>
        <input
          type="radio"
          checked={props.value.rule === 'workingDaysAfter'}
          onChange={() => props.onChange({ rule: 'workingDaysAfter', days })}
        />{' '}
        {props.unit}结束后第{' '}
        <input
          className="input narrow-input"
          type="number"
          min={1}
          max={60}
          aria-label={`${props.label}：结束后第几个工作日`}
          value={days}
          onChange={(e) => props.onChange({ rule: 'workingDaysAfter', days: Number(e.target.value) })}
        />{' '}
        个工作日
      </label>
    </fieldset>
  );
}

export function DueRulesDialog(props: {
  rules: ReportDueRules;
  source: string;
  provision: string;
  onClose: () => void;
}) {
  const toast = useToast();
  const form = useFormSubmit();
  const [rules, setRules] = useState(props.rules);
  // Saved against the rules this dialog was opened with: another seat's newer save is shown, not overwritten.
  const started = useStartedFrom(props.rules, (c) => c as ReportDueRules);
  const save = () =>
    void form.submit(async () => {
      await api
        .invoke('reports.updateDueRules', { ...rules, expected: started.expected() })
        .catch(started.adopt);
      toast('success', '上报期限规则已保存');
      props.onClose();
    });
  return (
    <Dialog
      title="上报期限规则"
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" disabled={form.busy} onClick={save}>
            {saveLabel(started.stale)}
          </Button>
        </>
      }
    >
      {form.failure ? <Notice kind="error">{form.failure}</Notice> : null}
      {started.stale ? (
        <StaleComparison
          stale={started.stale}
          fields={[
            {
              label: '季度报告',
              mine: ruleText(rules.quarter, '季度'),
              theirs: ruleText(started.expected().quarter, '季度'),
            },
            {
              label: '年度报告',
              mine: ruleText(rules.year, '年度'),
              theirs: ruleText(started.expected().year, '年度'),
            },
          ]}
        />
      ) : null}
      <p className="muted">
        默认：{props.provision}。本单位：{props.source}（可在“系统设置 →
        业务规则”中更换）。截止日期按“基础数据 → 工作日历”计算。
      </p>
      <RuleFields
        label="季度报告"
        unit="季度"
        value={rules.quarter}
        onChange={(quarter) => setRules({ ...rules, quarter })}
      />
      <RuleFields
        label="年度报告"
        unit="年度"
        value={rules.year}
        onChange={(year) => setRules({ ...rules, year })}
      />
    </Dialog>
  );
}
