// The renderer's one way to the app: `api.invoke(name, args)`, typed from the shared contract. In Electron it
// goes through the preload bridge; in a browser through the loopback host. Failures arrive as AppError.
import type { AppEventName, AppEvents, DataChanged, Input, MethodName, Output } from '../../shared/contract';
import { AppError, type Envelope } from '../../shared/errors';
import { hostFetch, STALE_MESSAGE, transportState } from './transport';

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
  const res = await hostFetch('/api/invoke', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, args }),
  });
  if (!res) {
    // Not UNAUTHENTICATED: that would send the tab to the sign-in screen, whose first call would be refused too.
    const message =
      transportState() === 'stale'
        ? STALE_MESSAGE
        : '无法连接到综合监管工作台服务，或访问令牌无效，请确认程序仍在运行';
    return { ok: false, error: { code: 'INTERNAL', message } };
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

/** The desktop app (Electron), where native dialogs hand over paths; false in a browser on the loopback host. */
export const isDesktop = (): boolean => window.zongjian?.transport === 'electron';

export const SESSION_ENDED = 'zongjian:session-ended';

/** Said after a write of this window succeeded (a form's save, a 添加进展 inside a dialog): ui/layers.ts. */
export const OWN_WRITE_SUCCEEDED = 'zongjian:own-write-succeeded';

// A write's own answer says what it touched; whoever keeps the data fresh (app/invalidation.ts) hears it here,
// and the caller goes on once what it shows has been read again, without waiting for the pushed event.
let ownChanges: ((changed: DataChanged) => Promise<void>) | null = null;
export function onOwnChanges(fn: ((changed: DataChanged) => Promise<void>) | null): void {
  ownChanges = fn;
}

// In a browser the server's events arrive over one stream per browser, not per tab or subscription: a browser
// keeps at most six connections to a host, and a stream held open by every tab would soon leave none for the
// calls themselves. The tab holding the 'zongjian-events' lock keeps the stream and passes each event to the
// other tabs over a BroadcastChannel; when it closes (or stops calling, see transport.ts), the lock (and the
// stream) passes to another tab. The stream is read with fetch, not EventSource, which cannot send the token
// header; a dropped stream is opened again after a pause that grows while the host does not answer.
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

/** Reads `event:`/`data:` blocks from the stream until it ends. */
async function readEvents(res: Response, relay: BroadcastChannel | null): Promise<void> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (!event || data === undefined || !(event in APP_EVENT_NAMES)) continue;
      const payload = JSON.parse(data) as unknown;
      relay?.postMessage({ event, payload });
      deliver(event, payload);
    }
  }
}

/** Keeps the stream open while this tab may call; resolves when it has stopped for good. */
async function runStream(relay: BroadcastChannel | null): Promise<void> {
  let pause = 1000;
  while (transportState() === 'ready') {
    const res = await hostFetch('/api/events', { headers: { Accept: 'text/event-stream' } });
    if (res?.ok && res.body) {
      pause = 1000;
      try {
        await readEvents(res, relay);
      } catch {
        // the connection dropped: open it again below
      }
    }
    if (transportState() !== 'ready') return;
    await new Promise((r) => setTimeout(r, pause));
    pause = Math.min(pause * 2, 60_000);
  }
}

function startStream(): void {
  if (streamStarted) return;
  streamStarted = true;
  if (typeof BroadcastChannel === 'undefined' || !navigator.locks) return void runStream(null);
  const channel = new BroadcastChannel('zongjian-events');
  channel.onmessage = (m: MessageEvent<{ event: string; payload: unknown }>) =>
    deliver(m.data.event, m.data.payload);
  // Held while this tab keeps the stream: until it closes, or stops calling.
  void navigator.locks.request('zongjian-events', () => runStream(channel));
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
    if (env.changed) {
      await ownChanges?.(env.changed);
      // The open form's edits are saved (ui/layers.ts: it no longer asks before closing).
      window.dispatchEvent(new Event(OWN_WRITE_SUCCEEDED));
    }
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
