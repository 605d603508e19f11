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

// In a browser every subscription shares one EventSource: a browser keeps at most six connections to a host,
// so a stream per subscription per tab would soon leave none for the calls themselves.
type Subscriber = (payload: unknown) => void;
const subscribers = new Map<string, Set<Subscriber>>();
let source: EventSource | null = null;

function subscribeHttp(event: string, cb: Subscriber): () => void {
  let set = subscribers.get(event);
  if (!set) {
    subscribers.set(event, (set = new Set()));
    source?.addEventListener(event, (e) => dispatchHttp(event, e as MessageEvent<string>));
  }
  if (!source) {
    source = new EventSource('/api/events');
    for (const name of subscribers.keys()) {
      source.addEventListener(name, (e) => dispatchHttp(name, e as MessageEvent<string>));
    }
  }
  set.add(cb);
  return () => {
    set.delete(cb);
    // The stream stays open for the next subscriber: subscriptions come and go with React effects.
  };
}

function dispatchHttp(event: string, e: MessageEvent<string>): void {
  const payload = JSON.parse(e.data) as unknown;
  for (const cb of subscribers.get(event) ?? []) cb(payload);
}

export const api = {
  transport: window.zongjian ? 'electron' : 'browser',

  async invoke<N extends MethodName>(name: N, args: Input<N>): Promise<Output<N>> {
    const env = window.zongjian ? await window.zongjian.invoke(name, args) : await httpInvoke(name, args);
    if (!env.ok) {
      // A session that ended (signed out elsewhere, idle lock, account disabled): back to the sign-in screen.
      if (env.error.code === 'UNAUTHENTICATED') window.dispatchEvent(new Event(SESSION_ENDED));
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
