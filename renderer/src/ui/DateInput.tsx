// Date and time inputs that read the same on every PC: 2026-12-05 and 14:30, never the browser language's
// 12/05/2026 or 02:30 PM (shared/dates/typed.ts). Typing accepts the usual ways of writing a date (2026/12/5,
// 2026年12月5日, 20261205) and shows them as 年-月-日 when the field is left; the calendar button opens the browser's calendar
// for picking. The value handed up is 'YYYY-MM-DD' (or 'HH:MM'), or '' while the text is not yet a date, as a native
// date input does; the field then says what it expects.
import { useEffect, useId, useRef, useState, type FocusEvent } from 'react';
import { parseDateText, parseTimeText } from '../../../shared/dates';

interface Props {
  value: string;
  onChange: (v: string) => void;
  id?: string;
  'aria-label'?: string;
  disabled?: boolean;
  /** The earliest and latest dates the calendar offers (typed dates are checked by the form and the server). */
  min?: string;
  max?: string;
  className?: string;
  autoFocus?: boolean;
  onFocus?: (e: FocusEvent<HTMLInputElement>) => void;
}

function useTextInput(value: string, onChange: (v: string) => void, parse: (t: string) => string | null) {
  const [text, setText] = useState(value);
  // A new value from outside (a reset, a picked date, another field) replaces the text; the value that the text
  // already stands for (or '' for unfinished text) leaves what the person is typing alone.
  useEffect(() => {
    setText((t) => ((parse(t) ?? '') === value ? t : value));
  }, [value, parse]);
  const parsed = parse(text);
  // Unfinished text is not an error while it is being typed; left unfinished, the field says what it expects.
  const [editing, setEditing] = useState(false);
  return {
    text,
    invalid: parsed === null && !editing,
    focus: () => setEditing(true),
    change: (t: string) => {
      setText(t);
      const v = parse(t) ?? '';
      if (v !== value) onChange(v);
    },
    blur: () => {
      setEditing(false);
      if (parsed) setText(parsed);
    },
  };
}

export function DateInput(props: Props) {
  const { text, invalid, focus, change, blur } = useTextInput(props.value, props.onChange, parseDateText);
  const native = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const openCalendar = () => {
    const el = native.current;
    if (!el) return;
    el.value = props.value;
    try {
      el.showPicker();
    } catch {
      el.focus();
    }
  };
  return (
    <span className={`date-input${props.className ? ` ${props.className}` : ''}`}>
      <input
        id={props.id}
        className={`input${invalid ? ' input-invalid' : ''}`}
        type="text"
        inputMode="numeric"
        placeholder="年-月-日"
        aria-label={props['aria-label']}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? hintId : undefined}
        title={invalid ? '日期应写作 年-月-日，如 2026-12-05' : undefined}
        value={text}
        disabled={props.disabled}
        autoFocus={props.autoFocus}
        autoComplete="off"
        maxLength={16}
        onFocus={(e) => {
          focus();
          props.onFocus?.(e);
        }}
        onChange={(e) => change(e.target.value)}
        onBlur={blur}
      />
      <button
        type="button"
        className="date-input-picker"
        aria-label="打开日历"
        title="打开日历"
        tabIndex={-1}
        disabled={props.disabled}
        onClick={openCalendar}
      >
        <svg viewBox="0 0 16 16" width="15" height="15" aria-hidden="true" focusable="false">
          <rect x="1.5" y="3" width="13" height="11.5" rx="1.5" fill="none" stroke="currentColor" />
          <path d="M1.5 6.5h13M5 1.5v3M11 1.5v3" stroke="currentColor" fill="none" />
          <path d="M4 9h2v2H4zM7 9h2v2H7zM10 9h2v2h-2z" fill="currentColor" />
        </svg>
      </button>
      <input
        ref={native}
        className="date-input-native"
        type="date"
        tabIndex={-1}
        aria-hidden="true"
        min={props.min}
        max={props.max}
        onChange={(e) => {
          if (e.target.value) change(e.target.value);
        }}
      />
      {invalid ? (
        <span id={hintId} className="date-input-hint" role="status">
          应写作 年-月-日，如 2026-12-05
        </span>
      ) : null}
    </span>
  );
}

/** 24-hour time, typed (14:30, 1430, 14点30) or picked from the half hours of a working day. */
export function TimeInput(props: Omit<Props, 'min' | 'max'>) {
  const { text, invalid, focus, change, blur } = useTextInput(props.value, props.onChange, parseTimeText);
  const listId = useId();
  const hintId = useId();
  return (
    <span className={`date-input time-input${props.className ? ` ${props.className}` : ''}`}>
      <input
        id={props.id}
        className={`input${invalid ? ' input-invalid' : ''}`}
        type="text"
        inputMode="numeric"
        placeholder="时:分"
        list={listId}
        aria-label={props['aria-label']}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? hintId : undefined}
        value={text}
        disabled={props.disabled}
        autoFocus={props.autoFocus}
        autoComplete="off"
        maxLength={8}
        onFocus={(e) => {
          focus();
          props.onFocus?.(e);
        }}
        onChange={(e) => change(e.target.value)}
        onBlur={blur}
      />
      <datalist id={listId}>
        {HALF_HOURS.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      {invalid ? (
        <span id={hintId} className="date-input-hint" role="status">
          应写作 24 小时制的 时:分，如 14:30
        </span>
      ) : null}
    </span>
  );
}

const HALF_HOURS = Array.from({ length: 25 }, (_, i) => {
  const minutes = 7 * 60 + i * 30; // 07:00 … 19:00
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${minutes % 60 ? '30' : '00'}`;
});
