// 并发: the multi-seat office — 20 people's browsers on the host at once over HTTP, each signed in on a session of its
// own, each asking again as soon as an answer comes: the dashboard, and a page of the 12345 register. Latencies are
// per request (p50, p95, max); the host process's resident set is sampled throughout and its peak (VmHWM) read at the
// end, in MB (10^6 bytes).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface ConcurrentFigures {
  latencies: number[];
  requests: number;
  errors: number;
}

async function invoke(
  origin: string,
  token: string,
  sid: string,
  name: string,
  args: unknown,
): Promise<unknown> {
  const res = await fetch(`${origin}/api/invoke`, {
    method: 'POST',
    // The tab's session id in its own header, as the page sends it (no cookies: electron/server/http-host.ts).
    headers: { 'content-type': 'application/json', 'x-zongjian-token': token, 'x-zongjian-session': sid },
    body: JSON.stringify({ name, args }),
    // An answer that has not come in a minute counts as an error, so a stalled host ends the row instead of the run.
    signal: AbortSignal.timeout(60_000),
  });
  const body = (await res.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
  if (!body.ok) throw new Error(`${name}: ${body.error?.message}`);
  return body.value;
}

/** Signs `clients` sessions in, then has each ask `name(args)` in a loop for `seconds`. */
export async function concurrentLoad(opts: {
  origin: string;
  token: string;
  username: string;
  password: string;
  clients: number;
  seconds: number;
  name: string;
  /** The client's i-th request, given its previous answer (a grid passes the last block's cursor and total on). */
  args: (client: number, i: number, previous: unknown) => unknown;
  /** Meanwhile one more person writes every `everyMs` (the office at work: each write makes shared answers, such
   *  as the 工作台's, be computed again). */
  writer?: { name: string; args: (i: number) => unknown; everyMs: number };
}): Promise<ConcurrentFigures & { writes: number }> {
  const sids = Array.from({ length: opts.clients }, (_, i) =>
    `bench-client-${i}-${opts.name.replace(/[^A-Za-z0-9_-]/g, '-')}`.slice(0, 64),
  );
  for (const sid of sids)
    await invoke(opts.origin, opts.token, sid, 'auth.login', {
      username: opts.username,
      password: opts.password,
    });
  const writerSid = `bench-writer-${opts.name.replace(/[^A-Za-z0-9_-]/g, '-')}`.slice(0, 64);
  if (opts.writer)
    await invoke(opts.origin, opts.token, writerSid, 'auth.login', {
      username: opts.username,
      password: opts.password,
    });
  const latencies: number[] = [];
  let errors = 0;
  let writes = 0;
  const until = performance.now() + opts.seconds * 1000;
  const writing = (async () => {
    const w = opts.writer;
    if (!w) return;
    for (let i = 0; performance.now() < until; i++) {
      await new Promise((r) => setTimeout(r, w.everyMs));
      if (performance.now() >= until) break;
      try {
        await invoke(opts.origin, opts.token, writerSid, w.name, w.args(i));
        writes++;
      } catch (e) {
        throw new Error(`并发基准中的写入失败：${(e as Error).message}`, { cause: e });
      }
    }
  })();
  await Promise.all([
    writing,
    ...sids.map(async (sid, c) => {
      let previous: unknown = null;
      for (let i = 0; performance.now() < until; i++) {
        const t0 = performance.now();
        try {
          previous = await invoke(opts.origin, opts.token, sid, opts.name, opts.args(c, i, previous));
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
          previous = null;
        }
      }
    }),
  ]);
  return { latencies, requests: latencies.length + errors, errors, writes };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

/** The process's peak resident set (VmHWM) in MB. */
export function peakMB(pid: number): number {
  const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  return (kb * 1024) / 1e6;
}
