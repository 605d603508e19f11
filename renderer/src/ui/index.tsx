// Shared UI pieces: buttons, fields, dialogs, notices and page frames. Features compose these and keep
// their own strings; nothing here knows about a domain.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { PageNote } from './TechInfo';

export function Button(props: {
  children: ReactNode;
  onClick?: () => void;
  variant?: 'primary' | 'default' | 'danger' | 'link';
  type?: 'button' | 'submit';
  disabled?: boolean;
  title?: string;
}) {
  return (
    <button
      type={props.type ?? 'button'}
      className={`btn btn-${props.variant ?? 'default'}`}
      onClick={props.onClick}
      disabled={props.disabled}
      title={props.title}
    >
      {props.children}
    </button>
  );
}

export function Field(props: {
  label: string;
  children: (id: string) => ReactNode;
  hint?: string;
  error?: string | undefined;
  required?: boolean;
}) {
  const id = useId();
  return (
    <div className={`field${props.error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {props.label}
        {props.required ? (
          <span className="required" aria-hidden="true">
            *
          </span>
        ) : null}
      </label>
      {props.children(id)}
      {props.hint && !props.error ? <div className="field-hint">{props.hint}</div> : null}
      {props.error ? (
        <div className="field-error" role="alert">
          {props.error}
        </div>
      ) : null}
    </div>
  );
}

export function TextInput(props: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  type?: 'text' | 'password' | 'date' | 'tel';
  placeholder?: string;
  autoFocus?: boolean;
  autoComplete?: string;
}) {
  return (
    <input
      id={props.id}
      className="input"
      type={props.type ?? 'text'}
      value={props.value}
      placeholder={props.placeholder}
      autoFocus={props.autoFocus}
      autoComplete={props.autoComplete ?? 'off'}
      onChange={(e) => props.onChange(e.target.value)}
    />
  );
}

export function Dialog(props: {
  title: string;
  children: ReactNode;
  footer: ReactNode;
  onClose: () => void;
  wide?: boolean;
}) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') props.onClose();
    };
    window.addEventListener('keydown', onKey);
    ref.current?.querySelector<HTMLElement>('input,select,textarea,button')?.focus();
    return () => window.removeEventListener('keydown', onKey);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <div className="dialog-backdrop">
      <div
        ref={ref}
        className={`dialog${props.wide ? ' dialog-wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
      >
        <div className="dialog-header">
          <h2 id={titleId}>{props.title}</h2>
          <button type="button" className="dialog-close" aria-label="关闭" onClick={props.onClose}>
            ×
          </button>
        </div>
        <div className="dialog-body">{props.children}</div>
        <div className="dialog-footer">{props.footer}</div>
      </div>
    </div>
  );
}

/** A select of keys shown by their labels (the contract's `X_LABELS` maps), with an optional disabled first
 *  choice (e.g. 请选择) while nothing is chosen. */
export function KeySelect<K extends string>(props: {
  id: string;
  value: K | '';
  options: readonly K[];
  labels: Record<K, string>;
  onChange: (v: K) => void;
  placeholder?: string;
}) {
  return (
    <select
      id={props.id}
      className="input"
      value={props.value}
      onChange={(e) => props.onChange(e.target.value as K)}
    >
      {props.placeholder !== undefined ? (
        <option value="" disabled>
          {props.placeholder}
        </option>
      ) : null}
      {props.options.map((k) => (
        <option key={k} value={k}>
          {props.labels[k]}
        </option>
      ))}
    </select>
  );
}

/** A dialog around a form: 取消 and 保存 (disabled while it saves), and a failure no field shows above the fields. */
export function FormDialog(props: {
  title: string;
  children: ReactNode;
  onClose: () => void;
  onSave: () => void;
  busy: boolean;
  failure: string;
  wide?: boolean;
}) {
  return (
    <Dialog
      wide={props.wide}
      title={props.title}
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" disabled={props.busy} onClick={props.onSave}>
            保存
          </Button>
        </>
      }
    >
      {props.failure ? <Notice kind="error">{props.failure}</Notice> : null}
      {props.children}
    </Dialog>
  );
}

export function Notice(props: {
  kind: 'info' | 'warning' | 'error' | 'success';
  children: ReactNode;
  title?: string;
}) {
  return (
    <div className={`notice notice-${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.title ? <strong className="notice-title">{props.title}</strong> : null}
      <div>{props.children}</div>
    </div>
  );
}

export function Page(props: { title: string; actions?: ReactNode; children: ReactNode; subtitle?: string }) {
  return (
    <section className="page">
      <header className="page-header">
        <div>
          <h1>{props.title}</h1>
          {props.subtitle ? (
            <div className="page-subtitle">
              <PageNote text={props.subtitle} />
            </div>
          ) : null}
        </div>
        <div className="page-actions">{props.actions}</div>
      </header>
      <div className="page-body">{props.children}</div>
    </section>
  );
}

export function Tabs<K extends string>(props: {
  tabs: { key: K; label: string }[];
  active: K;
  onChange: (k: K) => void;
}) {
  return (
    <div className="tabs" role="tablist">
      {props.tabs.map((t) => (
        <button
          key={t.key}
          type="button"
          role="tab"
          aria-selected={t.key === props.active}
          className={`tab${t.key === props.active ? ' tab-active' : ''}`}
          onClick={() => props.onChange(t.key)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
