// Browser mode's connection to the loopback host (electron/server/http-host.ts). No cookies: the launch token
// arrives in the address's fragment (http://127.0.0.1:PORT/#token=…), which the browser sends to no server; the
// page takes it at load, keeps it in this tab's sessionStorage, puts the route back in the fragment, and sends it
// in a header with every call. Each tab makes its own random session id (also per tab), so two tabs can be signed
// in as two different people, and nothing the app keeps is visible to another web server on this machine.
//
// A tab whose host has gone (the program was closed or restarted with a new token) must not keep calling: each
// refused request makes the next one wait longer, and after three in a row the tab stops calling altogether and
// shows a full-page 程序已重新启动，请使用新的访问地址. Pasting the new address into the tab starts it afresh.

const TOKEN_KEY = 'zongjian:launch-token';
const SESSION_KEY = 'zongjian:session-id';
export const TOKEN_HEADER = 'X-Zongjian-Token';
export const SESSION_HEADER = 'X-Zongjian-Session';

/** ready: calls go out; no-token: opened without the printed address; stale: the host refused this tab. */
export type TransportState = 'ready' | 'no-token' | 'stale';

export const STALE_MESSAGE = '程序已重新启动，请使用新的访问地址';
/** Refused requests in a row after which the tab stops calling. */
export const MAX_REFUSALS = 3;
const FIRST_BACKOFF_MS = 500;

let state: TransportState = 'ready';
let refusals = 0;
const listeners = new Set<() => void>();

function setState(next: TransportState): void {
  if (state === next) return;
  state = next;
  for (const l of listeners) l();
}

export function transportState(): TransportState {
  return state;
}

export function onTransportState(cb: () => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

/** `#token=T` (optionally `#token=T&route=/path`): the token, and the route to show instead. */
function tokenInFragment(hash: string): { token: string; route: string } | null {
  const m = /^#token=([A-Za-z0-9_-]{16,128})(?:&route=([^&]*))?$/.exec(hash);
  if (!m) return null;
  let route = '/dashboard';
  try {
    const asked = m[2] ? decodeURIComponent(m[2]) : '';
    if (asked.startsWith('/')) route = asked;
  } catch {
    // a malformed route: the 工作台
  }
  return { token: m[1]!, route };
}

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/**
 * Called once before the app renders: takes the launch token from the address (then drops it from the address
 * bar and history), or finds the one this tab took before (a reload). In Electron there is no token: IPC.
 */
export function adoptLaunchToken(): void {
  const found = tokenInFragment(window.location.hash);
  if (found) {
    sessionStorage.setItem(TOKEN_KEY, found.token);
    window.history.replaceState(
      null,
      '',
      `${window.location.pathname}${window.location.search}#${found.route}`,
    );
  }
  if (!sessionStorage.getItem(SESSION_KEY)) sessionStorage.setItem(SESSION_KEY, randomId());
  state = sessionStorage.getItem(TOKEN_KEY) ? 'ready' : 'no-token';
  // The new address pasted into an old tab changes only the fragment (no reload): start this tab afresh.
  window.addEventListener('hashchange', () => {
    const next = tokenInFragment(window.location.hash);
    if (!next) return;
    sessionStorage.setItem(TOKEN_KEY, next.token);
    sessionStorage.setItem(SESSION_KEY, randomId());
    window.history.replaceState(
      null,
      '',
      `${window.location.pathname}${window.location.search}#${next.route}`,
    );
    window.location.reload();
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A request to the host with this tab's token and session, or null when the tab has stopped calling. A refusal
 * (HTTP 401: the token is not this host's) or no answer at all counts towards the stop; any other answer resets
 * the count. The caller reads the Response as usual.
 */
export async function hostFetch(path: string, init: RequestInit = {}): Promise<Response | null> {
  if (state !== 'ready') return null;
  if (refusals > 0) await sleep(FIRST_BACKOFF_MS * 2 ** (refusals - 1));
  if (state !== 'ready') return null;
  const headers = new Headers(init.headers);
  headers.set(TOKEN_HEADER, sessionStorage.getItem(TOKEN_KEY) ?? '');
  headers.set(SESSION_HEADER, sessionStorage.getItem(SESSION_KEY) ?? '');
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers, credentials: 'omit', cache: 'no-store' });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    refused();
    return null;
  }
  if (res.status === 401) {
    refused();
    return null;
  }
  refusals = 0;
  return res;
}

function refused(): void {
  refusals++;
  if (refusals >= MAX_REFUSALS) setState('stale');
}
