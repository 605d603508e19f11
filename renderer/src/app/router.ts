// A hash router: enough for a desktop app whose pages have no external links, and identical under file://
// (Electron) and http:// (browser host).
import { useSyncExternalStore } from 'react';

function current(): string {
  const h = window.location.hash.replace(/^#/, '');
  return h.startsWith('/') ? h : '/dashboard';
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

export function useRoute(): string {
  return useSyncExternalStore(subscribe, current);
}

export function navigate(path: string): void {
  window.location.hash = path;
}
