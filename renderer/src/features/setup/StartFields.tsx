// The office's first-day choices on the setup form: 从哪个季度开始使用本系统 (nothing is due before it) and the
// province, with the rules that follow from it — the province's own where the project holds its document, another
// province's as a reference otherwise, which the office confirms here and may change later in 系统设置 → 业务规则.
import {
  PROVINCES,
  RULE_KINDS,
  RULE_KIND_LABELS,
  chosenPreset,
  isOwnProvince,
  presetStanding,
  presetsForProvince,
  startQuarterLabel,
  type Province,
} from '../../../../shared/contract';
import { quarterCodeOf } from '../../../../shared/domain/reports';
import { beijingDate } from '../../../../shared/dates';
import { Field, KeySelect } from '../../ui';

export interface StartChoice {
  quarter: string;
  province: Province | '';
  /** The office confirmed the rules taken from another province. */
  confirmed: boolean;
}

/** The quarters an office may start in: from the start of last year to next quarter; the current one first. */
export function startQuarterChoices(today: string): { current: string; codes: string[] } {
  const current = quarterCodeOf(today);
  const [y, q] = current.split('Q').map(Number) as [number, number];
  const codes: string[] = [];
  const next = q === 4 ? `${y + 1}Q1` : `${y}Q${q + 1}`;
  codes.push(next);
  for (let year = y; year >= y - 1; year--)
    for (let quarter = 4; quarter >= 1; quarter--) {
      const code = `${year}Q${quarter}`;
      if (code <= current) codes.push(code);
    }
  return { current, codes };
}

export const newStartChoice = (): StartChoice => ({
  quarter: quarterCodeOf(beijingDate(new Date())),
  province: '',
  confirmed: false,
});

/** The rules taken from other provinces' documents for this province (to be confirmed). */
export function referenceRules(province: Province | '') {
  if (!province) return [];
  const choice = presetsForProvince(province);
  return RULE_KINDS.filter((k) => !isOwnProvince(chosenPreset(choice, k), province));
}

export function StartFields(props: {
  value: StartChoice;
  onChange: (v: StartChoice) => void;
  errors: Record<string, string>;
}) {
  const { value, onChange } = props;
  const { current, codes } = startQuarterChoices(beijingDate(new Date()));
  const labels = Object.fromEntries(
    codes.map((c) => [c, `${startQuarterLabel(c)}${c === current ? '（本季度）' : ''}`]),
  );
  const province = value.province || null;
  const choice = presetsForProvince(province);
  const references = referenceRules(value.province);
  return (
    <>
      <Field
        label="从哪个季度开始使用本系统"
        required
        hint="此前的报告、进度和期限不计入待办，不会显示逾期；可在系统设置中修改"
        error={props.errors['start.quarter']}
      >
        {(id) => (
          <KeySelect
            id={id}
            value={value.quarter}
            options={codes}
            labels={labels}
            onChange={(quarter) => onChange({ ...value, quarter })}
          />
        )}
      </Field>
      <Field
        label="所在省份（自治区、直辖市）"
        required
        hint="按所在省份选用业务规则（报告期限、公开期限、投诉反馈、转报回复、记分）"
        error={props.errors['start.province']}
      >
        {(id) => (
          <KeySelect
            id={id}
            value={value.province}
            options={PROVINCES}
            labels={Object.fromEntries(PROVINCES.map((p) => [p, p])) as Record<Province, string>}
            placeholder="请选择"
            onChange={(p) => onChange({ ...value, province: p, confirmed: false })}
          />
        )}
      </Field>
      {province ? (
        <div className="rule-presets" aria-label="选用的业务规则">
          <div className="rule-presets-title">选用的业务规则</div>
          <ul>
            {RULE_KINDS.map((k) => {
              const p = chosenPreset(choice, k);
              return (
                <li key={k} className={isOwnProvince(p, province) ? 'own' : 'reference'}>
                  <span className="rule-kind">{RULE_KIND_LABELS[k]}</span>：{p.rule}
                  <div className="muted">{presetStanding(p, province)}</div>
                </li>
              );
            })}
          </ul>
          {references.length ? (
            <label className="confirm-line">
              <input
                type="checkbox"
                checked={value.confirmed}
                onChange={(e) => onChange({ ...value, confirmed: e.target.checked })}
              />
              确认暂按以上参照规定执行（{references.length} 项），以后可在“系统设置 → 业务规则”中修改
            </label>
          ) : null}
          {props.errors['start.confirmed'] ? (
            <div className="field-error" role="alert">
              {props.errors['start.confirmed']}
            </div>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
