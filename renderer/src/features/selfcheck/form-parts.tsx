// The pieces the 依法执业自查 forms share (登记自查, 承诺书, 督导检查, 告诫谈话, 专项, 自查领域): a select of records by
// id with a disabled 请选择 while none is chosen, a multi-line text box, and the errors no field shows under itself.
import { Notice } from '../../ui';

export interface IdOption {
  id: number;
  label: string;
}

/** A select of records by id; 0 is "none chosen" — shown as the disabled placeholder, or, when `noneLabel` is
 *  given, as a choice of its own (an optional link). */
export function IdSelect(props: {
  id: string;
  value: number;
  options: readonly IdOption[];
  onChange: (id: number) => void;
  placeholder?: string;
  noneLabel?: string;
}) {
  return (
    <select
      id={props.id}
      className="input"
      value={props.value}
      onChange={(e) => props.onChange(Number(e.target.value))}
    >
      {props.noneLabel !== undefined ? (
        <option value={0}>{props.noneLabel}</option>
      ) : (
        <option value={0} disabled>
          {props.placeholder ?? '请选择'}
        </option>
      )}
      {props.options.map((o) => (
        <option key={o.id} value={o.id}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

export function TextArea(props: { id: string; value: string; onChange: (v: string) => void; rows?: number }) {
  return (
    <textarea
      id={props.id}
      className="input"
      rows={props.rows ?? 2}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
    />
  );
}

/** The form's field errors that no field shows under itself (those in `shown` do), in one notice. */
export function FormErrors(props: { errors: Record<string, string>; shown?: readonly string[] }) {
  const rest = Object.entries(props.errors)
    .filter(([k]) => !(props.shown ?? []).includes(k))
    .map(([, v]) => v);
  return rest.length ? <Notice kind="error">{rest.join('；')}</Notice> : null;
}
