// A hash router: enough for a desktop app whose pages have no external links, and identical under file://
// (Electron) and http:// (browser host). A page whose form has typed changes guards leaving (useLeaveGuard): a
// route change — a link in the navigation, a tab, 返回 — then waits for 放弃未保存的修改？, and the page stays as
// typed unless the person discards (the Shell shows the question).
import { useEffect, useRef, useSyncExternalStore } from 'react';

function fromHash(): string {
  const h = window.location.hash.replace(/^#/, '');
  return h.startsWith('/') ? h : '/dashboard';
}

/** The route the pages show (read from the address on first use: after the launch token has left it);
 *  `pending` the one asked for while a guarded form had changes. */
let shown: string | null = null;
const accepted = (): string => (shown ??= fromHash());
let pending: string | null = null;
const listeners = new Set<() => void>();
const guards = new Set<() => boolean>();

const notify = () => {
  for (const l of listeners) l();
};

/** Puts `route` back in the address bar without another hashchange. */
function showInAddressBar(route: string): void {
  const url = new URL(window.location.href);
  url.hash = route;
  window.history.replaceState(window.history.state, '', url);
}

window.addEventListener('hashchange', () => {
  const next = fromHash();
  if (next === accepted()) return;
  if ([...guards].some((dirty) => dirty())) {
    pending = next;
    showInAddressBar(accepted());
  } else {
    shown = next;
    pending = null;
  }
  notify();
});

function subscribe(cb: () => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

export function useRoute(): string {
  return useSyncExternalStore(subscribe, accepted);
}

/** The route asked for while a form had typed changes (null when nothing waits). */
export function usePendingRoute(): string | null {
  return useSyncExternalStore(subscribe, () => pending);
}

/** 放弃修改: go where the person asked. */
export function leaveAnyway(): void {
  if (pending === null) return;
  shown = pending;
  pending = null;
  showInAddressBar(shown);
  notify();
}

/** 继续编辑: stay on the page as typed. */
export function stayHere(): void {
  pending = null;
  notify();
}

/** While `dirty`, leaving this page asks first. */
export function useLeaveGuard(dirty: boolean): void {
  const latest = useRef(dirty);
  latest.current = dirty;
  useEffect(() => {
    const guard = () => latest.current;
    guards.add(guard);
    return () => {
      guards.delete(guard);
    };
  }, []);
}

export function navigate(path: string): void {
  window.location.hash = path;
}
