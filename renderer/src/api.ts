// The renderer's one way to the app: `api.invoke(name, args)`, typed from the shared contract. In Electron it
// goes through the preload bridge; in a browser through the loopback host. Failures arrive as AppError.
import type { AppEventName, AppEvents, DataChanged, Input, MethodName, Output } from '../../shared/contract';
import { AppError, type Envelope } from '../../shared/errors';

interface Bridge {
  transport: 'electron';
  invoke(name: string, args: unknown): Promise<Envelope<unknown>>;
  on(event: string, cb: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    zongjian?: Bridge;
  }
}

async function httpInvoke(name: string, args: unknown): Promise<Envelope<unknown>> {
  let res: Response;
  try {
    res = await fetch('/api/invoke', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name, args }),
      credentials: 'same-origin',
    });
  } catch {
    return {
      ok: false,
      error: { code: 'INTERNAL', message: '无法连接到综合监管工作台服务，请确认程序仍在运行' },
    };
  }
  try {
    return (await res.json()) as Envelope<unknown>;
  } catch {
    return {
      ok: false,
      error: { code: 'INTERNAL', message: `服务返回了无法识别的内容（HTTP ${res.status}）` },
    };
  }
}

export const SESSION_ENDED = 'zongjian:session-ended';

// A write's own answer says what it touched; whoever keeps the data fresh (app/invalidation.ts) hears it here,
// and the caller goes on once what it shows has been read again, without waiting for the pushed event.
let ownChanges: ((changed: DataChanged) => Promise<void>) | null = null;
export function onOwnChanges(fn: ((changed: DataChanged) => Promise<void>) | null): void {
  ownChanges = fn;
}

// In a browser the server's events arrive over one EventSource per browser, not per tab or subscription: a
// browser keeps at most six connections to a host, and a stream held open by every tab would soon leave none for
// the calls themselves. The tab holding the 'zongjian-events' lock keeps the stream and passes each event to the
// other tabs over a BroadcastChannel; when it closes, the lock (and the stream) passes to another tab.
type Subscriber = (payload: unknown) => void;
const subscribers = new Map<string, Set<Subscriber>>();
/** Every server event, so the tab holding the stream relays those it does not itself listen to. */
const APP_EVENT_NAMES: Record<AppEventName, true> = {
  'menu.navigate': true,
  'session.ended': true,
  'data.changed': true,
  'server.connection': true,
};
let streamStarted = false;

function deliver(event: string, payload: unknown): void {
  for (const cb of subscribers.get(event) ?? []) cb(payload);
}

function openStream(relay: BroadcastChannel | null): void {
  const source = new EventSource('/api/events');
  for (const event of Object.keys(APP_EVENT_NAMES)) {
    source.addEventListener(event, (e) => {
      const payload = JSON.parse((e as MessageEvent<string>).data) as unknown;
      relay?.postMessage({ event, payload });
      deliver(event, payload);
    });
  }
}

function startStream(): void {
  if (streamStarted) return;
  streamStarted = true;
  if (typeof BroadcastChannel === 'undefined' || !navigator.locks) return openStream(null);
  const channel = new BroadcastChannel('zongjian-events');
  channel.onmessage = (m: MessageEvent<{ event: string; payload: unknown }>) =>
    deliver(m.data.event, m.data.payload);
  // Held until this tab closes: the promise never settles.
  void navigator.locks.request('zongjian-events', () => {
    openStream(channel);
    return new Promise<never>(() => {});
  });
}

function subscribeHttp(event: string, cb: Subscriber): () => void {
  let set = subscribers.get(event);
  if (!set) subscribers.set(event, (set = new Set()));
  set.add(cb);
  startStream();
  // The stream stays open for the next subscriber: subscriptions come and go with React effects.
  return () => set.delete(cb);
}

export const api = {
  transport: window.zongjian ? 'electron' : 'browser',

  async invoke<N extends MethodName>(name: N, args: Input<N>): Promise<Output<N>> {
    const env = window.zongjian ? await window.zongjian.invoke(name, args) : await httpInvoke(name, args);
    if (!env.ok) {
      // A session that ended (signed out elsewhere, idle lock, account disabled): back to the sign-in screen.
      if (env.error.code === 'UNAUTHENTICATED') {
        // Why, for the sign-in screen (the idle lock, a password reset elsewhere); not for a plain 请先登录.
        if (env.error.message !== '请先登录') sessionStorage.setItem(SESSION_ENDED, env.error.message);
        window.dispatchEvent(new Event(SESSION_ENDED));
      }
      throw AppError.from(env.error);
    }
    if (env.changed) await ownChanges?.(env.changed);
    return env.value as Output<N>;
  },

  on<E extends AppEventName>(event: E, cb: (payload: AppEvents[E]) => void): () => void {
    if (window.zongjian) return window.zongjian.on(event, (p) => cb(p as AppEvents[E]));
    return subscribeHttp(event, (p) => cb(p as AppEvents[E]));
  },
};

export function errorMessage(e: unknown): string {
  if (e instanceof AppError) return e.message;
  return e instanceof Error ? e.message : String(e);
}

/** Saves a file the app produced: an <a download> works in both browsers and Electron (save dialog). */
export function saveDownload(file: { fileName: string; mimeType: string; base64: string }): void {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function readFileAsBase64(file: File): Promise<string> {
  const buf = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < buf.length; i += 0x8000) binary += String.fromCharCode(...buf.subarray(i, i + 0x8000));
  return btoa(binary);
}
