// Shared UI pieces: buttons, fields, dialogs, notices and page frames. Features compose these and keep
// their own strings; nothing here knows about a domain.
import {
  createContext,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
  type FormEvent,
  type ReactNode,
} from 'react';
import { enabledSaveButton, useLayer, type Shortcut } from './layers';
import { DateInput } from './DateInput';
export { DateInput, TimeInput } from './DateInput';

/** The open dialog's own close (as its parent passed it) and the close that asks first when the form is dirty. */
const DialogClose = createContext<{ onClose: () => void; requestClose: () => void } | null>(null);
import { PageNote } from './TechInfo';

export function Button(props: {
  children: ReactNode;
  onClick?: () => void;
  variant?: 'primary' | 'default' | 'danger' | 'link';
  type?: 'button' | 'submit';
  disabled?: boolean;
  title?: string;
  /** The key that presses this button: Ctrl+S for a form's 保存, Ctrl+P for a preview's 打印 (ui/layers.ts). */
  shortcut?: Shortcut;
}) {
  // A dialog's 取消/关闭 is the same function the dialog was given as onClose: it asks first when the form is dirty,
  // as × and Esc do, so every dialog behaves alike without each one wiring it.
  const dialog = useContext(DialogClose);
  const onClick =
    dialog && props.onClick !== undefined && props.onClick === dialog.onClose
      ? dialog.requestClose
      : props.onClick;
  return (
    <button
      type={props.type ?? 'button'}
      className={`btn btn-${props.variant ?? 'default'}`}
      onClick={onClick}
      disabled={props.disabled}
      title={props.title}
      data-shortcut={props.shortcut}
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
  if (props.type === 'date')
    return (
      <DateInput id={props.id} value={props.value} onChange={props.onChange} autoFocus={props.autoFocus} />
    );
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

/**
 * A modal dialog. Typing, choosing or picking a file inside it makes it dirty (until one of its writes succeeds);
 * then ×, Esc and its 取消 ask 放弃未保存的修改？ before closing, where its save button could be pressed (an export
 * dialog or a refused import has nothing to lose). A save that succeeds closes it through `onClose` directly. Esc
 * closes only the topmost dialog, and Ctrl+S presses its save button (ui/layers.ts).
 */
export function Dialog(props: {
  title: string;
  children: ReactNode;
  footer: ReactNode;
  onClose: () => void;
  wide?: boolean;
}) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const dirty = useRef(false);
  const [asking, setAsking] = useState(false);
  const requestClose = () => {
    // Edited since it was opened or last saved, and there is something that could be saved now.
    if (dirty.current && ref.current && enabledSaveButton(ref.current)) setAsking(true);
    else props.onClose();
  };
  useLayer(
    true,
    requestClose,
    () => ref.current,
    () => (dirty.current = false),
  );
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('input,select,textarea,button')?.focus();
  }, []);
  const markDirty = (e: FormEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    // Only this dialog's own fields (a dialog opened from it counts for itself), and not a search box.
    if (target.closest('.dialog') !== ref.current || target.closest('[data-no-dirty]')) return;
    if (target instanceof HTMLInputElement && target.type === 'search') return;
    dirty.current = true;
  };
  return (
    <div className="dialog-backdrop">
      <div
        ref={ref}
        className={`dialog${props.wide ? ' dialog-wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onInput={markDirty}
      >
        <DialogClose.Provider value={{ onClose: props.onClose, requestClose }}>
          <div className="dialog-header">
            <h2 id={titleId}>{props.title}</h2>
            <button type="button" className="dialog-close" aria-label="关闭" onClick={requestClose}>
              ×
            </button>
          </div>
          <div className="dialog-body">{props.children}</div>
          <div className="dialog-footer">{props.footer}</div>
        </DialogClose.Provider>
        {asking ? (
          <DiscardPrompt
            onKeep={() => setAsking(false)}
            onDiscard={() => {
              setAsking(false);
              props.onClose();
            }}
          />
        ) : null}
      </div>
    </div>
  );
}

/** 放弃未保存的修改？ over a dirty dialog: 继续编辑 (the default, also Esc) keeps the form as typed. */
export function DiscardPrompt(props: { onKeep: () => void; onDiscard: () => void; leaving?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const keepRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    keepRef.current?.focus();
    return () => {
      if (before && before.isConnected) before.focus();
    };
  }, []);
  useLayer(true, props.onKeep, () => ref.current);
  return (
    <div className="discard-backdrop">
      <div
        ref={ref}
        className="discard-prompt"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
      >
        <h3 id={titleId}>放弃未保存的修改？</h3>
        <p>已填写的内容尚未保存，{props.leaving ? '离开本页' : '关闭'}后将丢失。</p>
        <div className="dialog-footer">
          <button type="button" className="btn btn-danger" onClick={props.onDiscard}>
            放弃修改
          </button>
          <button ref={keepRef} type="button" className="btn btn-primary" onClick={props.onKeep}>
            继续编辑
          </button>
        </div>
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
  /** Shown under the failure: a stale save's comparison (renderer/src/ui/conflict.tsx). */
  stale?: ReactNode;
  saveLabel?: string;
}) {
  return (
    <Dialog
      wide={props.wide}
      title={props.title}
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button
            variant="primary"
            disabled={props.busy}
            onClick={props.onSave}
            shortcut="save"
            title="保存（Ctrl+S）"
          >
            {props.saveLabel ?? '保存'}
          </Button>
        </>
      }
    >
      {props.failure ? <Notice kind="error">{props.failure}</Notice> : null}
      {props.stale}
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
