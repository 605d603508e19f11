// Transient confirmations ("已保存") and failures, announced to screen readers. They sit at the bottom left, over
// the navigation's empty foot, so they never cover a tab bar, a dialog or a preview; each goes by itself after a
// few seconds (or at once with its ×); the same message again only restarts its time instead of showing twice;
// at most three are shown.
import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from 'react';

interface Toast {
  id: number;
  kind: 'success' | 'error' | 'info';
  text: string;
}
const ToastContext = createContext<(kind: Toast['kind'], text: string) => void>(() => {});

let nextId = 1;
const MAX_SHOWN = 3;
const lifetime = (kind: Toast['kind']) => (kind === 'success' ? 4000 : 8000);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const shown = useRef<Toast[]>([]);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());
  const update = useCallback((next: Toast[]) => {
    for (const t of shown.current) {
      if (next.includes(t)) continue;
      clearTimeout(timers.current.get(t.id));
      timers.current.delete(t.id);
    }
    shown.current = next;
    setToasts(next);
  }, []);
  const dismiss = useCallback((id: number) => update(shown.current.filter((x) => x.id !== id)), [update]);
  const show = useCallback(
    (kind: Toast['kind'], text: string) => {
      const same = shown.current.find((x) => x.kind === kind && x.text === text);
      const toast = same ?? { id: nextId++, kind, text };
      clearTimeout(timers.current.get(toast.id));
      timers.current.set(
        toast.id,
        setTimeout(() => dismiss(toast.id), lifetime(kind)),
      );
      if (!same) update([...shown.current, toast].slice(-MAX_SHOWN));
    },
    [dismiss, update],
  );
  return (
    <ToastContext.Provider value={show}>
      {children}
      <div className="toasts" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'}>
            <span>{t.text}</span>
            <button type="button" className="toast-close" aria-label="关闭消息" onClick={() => dismiss(t.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast() {
  return useContext(ToastContext);
}
