// 多人协同, live: every seat on the office server hears what the others wrote. After a write commits, its
// data.changed goes to the server with NOTIFY; each seat LISTENs on a connection of its own and hands what
// other seats wrote to its dispatcher, which pushes it to its windows and tabs as if written there. While the
// listening connection is lost the seat refuses writes (a banner says so), and reconnects with back-off.
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DataChanged } from '../../shared/contract';
import type { DB } from '../../db/core/schema';
import type { Dispatcher } from './dispatcher';
import { describeServer } from '../../db/core/postgres';

export const CHANNEL = 'zongjian_changes';
/** NOTIFY payloads are limited to 8000 bytes: a longer change is sent without its row ids (whole lists refresh). */
const MAX_PAYLOAD = 7000;

export function serverLostMessage(url: string): string {
  return `与${describeServer(url)}的连接已中断，正在自动重新连接。连接恢复前只能查看，不能保存（已打开的内容不会丢失）。`;
}

export interface LiveChanges {
  /** True while the listening connection is up. */
  readonly connected: boolean;
  close(): Promise<void>;
}

export async function startLiveChanges(options: {
  url: string;
  db: Kysely<DB>;
  dispatcher: Dispatcher;
  log: (message: string, error?: unknown) => void;
  /** Back-off between reconnection attempts, in ms (default 1 s doubling to 30 s). */
  retry?: { first: number; max: number };
}): Promise<LiveChanges> {
  const { url, db, dispatcher, log } = options;
  const origin = randomBytes(8).toString('hex');
  const heard = new Set<string>();
  let client: pg.Client | null = null;
  let connected = false;
  let announcedLost = false;
  let closed = false;
  let delay = options.retry?.first ?? 1000;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const lostMessage = serverLostMessage(url);

  // What this seat commits goes to the others.
  const unsubscribe = dispatcher.onEvent((event, payload) => {
    if (event !== 'data.changed') return;
    const changed = payload as DataChanged;
    if (heard.delete(changed.id)) return; // heard from another seat: not sent back
    let text = JSON.stringify({ origin, changed });
    if (Buffer.byteLength(text) > MAX_PAYLOAD) {
      text = JSON.stringify({
        origin,
        changed: { ...changed, changes: changed.changes.map((c) => ({ entity: c.entity, ids: [] })) },
      });
    }
    sql`select pg_notify(${CHANNEL}, ${text})`.execute(db).catch((e: unknown) => log('无法通知其他电脑', e));
  });

  const lost = (e?: unknown) => {
    if (closed) return;
    if (connected) log('与数据库服务器的监听连接中断', e);
    connected = false;
    // Only this seat's own refusal is set or lifted here (a damaged-file refusal is not ours to lift).
    if (dispatcher.readOnly === null || dispatcher.readOnly === lostMessage)
      dispatcher.setReadOnly(lostMessage, 'DB_UNAVAILABLE');
    if (!announcedLost) {
      announcedLost = true;
      dispatcher.emit('server.connection', { connected: false, message: lostMessage });
    }
    const c = client;
    client = null;
    c?.end().catch(() => undefined);
    if (!timer) {
      timer = setTimeout(() => {
        timer = null;
        void connect();
      }, delay);
      timer.unref?.();
      delay = Math.min(delay * 2, options.retry?.max ?? 30_000);
    }
  };

  const connect = async (): Promise<void> => {
    if (closed) return;
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000, keepAlive: true });
    c.on('error', (e) => lost(e));
    c.on('end', () => {
      if (client === c) lost();
    });
    c.on('notification', (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      try {
        const msg = JSON.parse(n.payload) as { origin: string; changed: DataChanged };
        if (msg.origin === origin) return;
        heard.add(msg.changed.id);
        dispatcher.emit('data.changed', msg.changed);
      } catch (e) {
        log('收到无法识别的变更通知', e);
      }
    });
    try {
      await c.connect();
      await c.query(`listen ${CHANNEL}`);
    } catch (e) {
      client = c;
      lost(e);
      return;
    }
    client = c;
    const wasDown = !connected;
    connected = true;
    delay = options.retry?.first ?? 1000;
    if (dispatcher.readOnly === lostMessage) dispatcher.setReadOnly(null);
    if (announcedLost) {
      announcedLost = false;
      dispatcher.emit('server.connection', { connected: true, message: null });
    }
    if (wasDown) log('已连接数据库服务器，实时同步已开启');
  };

  await connect();
  return {
    get connected() {
      return connected;
    },
    close: async () => {
      closed = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => undefined);
    },
  };
}
