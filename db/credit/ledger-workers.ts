// The credit ledger's chain verified on worker threads across the cores: the seq range is cut into one slice per
// core, each worker opens the data file read-only (or the office server) on a connection of its own, reads its
// slice as raw rows (arrays, not objects; from the server in pages by seq), encodes each entry as docs/credit-ledger.md says and hashes it with the runtime's SM3 (OpenSSL, or
// WebAssembly where the runtime has none). The main thread stitches the slices (each slice's first prev_hash is the
// previous slice's last hash) and checks nothing is missing between them. Anything unexpected in any slice — a
// gap, a changed row, a value of the wrong type — makes verifyLedger walk the chain again on one thread, so the
// first broken link is reported exactly as the reference verifier words it. A worker can therefore only make the
// verification slower, never call a broken chain sound: its encoding (ENCODE_SOURCE) is the reference encoding
// rewritten in plain JavaScript, and a unit test compares the two on random entries.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { PG_SESSION_OPTIONS } from '../core/postgres';
import { LEDGER_FIELDS, LEDGER_FORMAT } from './ledger';

/**
 * `encode(row)`: the canonical encoding of a raw row (the LEDGER_FIELDS values in order), or null where the
 * reference encoding would refuse it. `types` are the LEDGER_FIELDS types, `format` the format tag.
 */
export const ENCODE_SOURCE = `
function makeEncoder(types, format) {
  const HEX64 = /^[0-9a-f]{64}$/;
  const text = (v) => (v.isWellFormed() ? v : v.toWellFormed());
  const attachments = (v) => {
    if (typeof v !== 'string') return null;
    if (v === '[]') return [];
    let list;
    try { list = JSON.parse(v); } catch { return null; }
    if (!Array.isArray(list)) return null;
    const tuples = [];
    for (const a of list) {
      if (a === null) return null;
      if (typeof a !== 'object') return null;
      const { name, sha256, size } = a;
      if (typeof name !== 'string') return null;
      if (typeof sha256 !== 'string') return null;
      if (!Number.isSafeInteger(size)) return null;
      if (!HEX64.test(sha256)) return null;
      if (size < 0) return null;
      tuples.push([name, sha256, size]);
    }
    const canonical = JSON.stringify(tuples.map(([name, sha256, size]) => ({ name, sha256, size })));
    return canonical === v ? tuples : null;
  };
  return function encode(row) {
    const out = [format];
    for (let i = 0; i < types.length; i++) {
      const t = types[i];
      const v = row[i];
      if (t === 'attachments') {
        const tuples = attachments(v);
        if (tuples === null) return null;
        out.push(tuples);
      } else if (v === null && t.endsWith('?')) out.push(null);
      else if (t.startsWith('int')) {
        if (typeof v !== 'number') return null;
        if (!Number.isSafeInteger(v)) return null;
        out.push(v);
      } else {
        if (typeof v !== 'string') return null;
        out.push(text(v));
      }
    }
    return JSON.stringify(out);
  };
}
`;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
${ENCODE_SOURCE}
(async () => {
  let db;
  try {
    const w = workerData;
    let hash;
    if (w.engine === 'openssl') {
      const { createHash } = require('node:crypto');
      hash = (s) => createHash('sm3').update(s, 'utf8').digest('hex');
    } else if (w.engine === 'wasm') {
      const h = await require(w.hashWasmModule).createSM3();
      hash = (s) => { h.init(); h.update(s); return h.digest('hex'); };
    } else {
      const { sm3 } = require(w.smCryptoModule);
      hash = (s) => sm3(s);
    }
    const encode = makeEncoder(w.types, w.format);
    const hashAt = w.columns.length;
    let expected = (w.after ?? 0) + 1;
    let prev = null;
    let firstPrev = null;
    let count = 0;
    let sound = true;
    const check = (row) => {
      if (row[0] !== expected) return false;
      if (count === 0) firstPrev = row[1];
      else if (row[1] !== prev) return false;
      const e = encode(row);
      if (e === null) return false;
      if (hash(e) !== row[hashAt]) return false;
      prev = row[hashAt];
      expected++;
      count++;
      // How far this slice has got, for the window's bar (第 120,000 / 200,000 条) while the slices run.
      if (count % w.progressEvery === 0) parentPort.postMessage({ progress: count });
      return true;
    };
    const select = 'select ' + w.columns.join(', ') + ', hash from credit_ledger';
    if (w.pgUrl) {
      // The office server: a connection of this worker's own, the slice read in pages by seq (bigint arrives as a
      // JavaScript number, as the app's pool reads it).
      const pg = require(w.pgModule);
      const types = { getTypeParser: (typeId, format) => (typeId === 20 ? (v) => (v === null ? null : Number(v)) : pg.types.getTypeParser(typeId, format)) };
      db = new pg.Client({ connectionString: w.pgUrl, connectionTimeoutMillis: 5000, application_name: 'zongjian-desk ledger check', options: w.pgOptions, types });
      db.on('error', () => undefined);
      await db.connect();
      const pageAfter = (from) => {
        const args = [from];
        let text = select + ' where seq > $1';
        if (w.upTo !== null) { text += ' and seq <= $2'; args.push(w.upTo); }
        text += ' order by seq limit ' + w.pageSize;
        return db.query({ text, values: args, rowMode: 'array' });
      };
      // The next page is asked for before this one is hashed: the server reads and sends it meanwhile (one page
      // after the other, the worker and the server each waited for the other half of the time).
      let next = pageAfter(w.after ?? Number.MIN_SAFE_INTEGER);
      for (;;) {
        const page = await next;
        const full = page.rows.length === w.pageSize;
        if (full) next = pageAfter(page.rows[page.rows.length - 1][0]);
        for (const row of page.rows) if (!check(row)) { sound = false; break; }
        if (!(sound && full)) {
          if (full) await next.catch(() => undefined);
          break;
        }
      }
    } else {
      const Database = require(w.sqliteModule);
      db = new Database(w.file, { readonly: true, fileMustExist: true, timeout: 5000 });
      const conditions = [];
      const args = [];
      if (w.after !== null) { conditions.push('seq > ?'); args.push(w.after); }
      if (w.upTo !== null) { conditions.push('seq <= ?'); args.push(w.upTo); }
      const where = conditions.length ? ' where ' + conditions.join(' and ') : '';
      const stmt = db.prepare(select + where + ' order by seq').raw();
      for (const row of stmt.iterate(...args)) if (!check(row)) { sound = false; break; }
    }
    parentPort.postMessage({ ok: true, sound, count, firstPrev, lastHash: prev });
  } catch (e) {
    parentPort.postMessage({ ok: false, error: String(e && e.message ? e.message : e) });
  } finally {
    if (db) await (db.end ? db.end().catch(() => undefined) : db.close());
  }
})();
`;

interface SliceResult {
  ok: boolean;
  sound?: boolean;
  count?: number;
  firstPrev?: string | null;
  lastHash?: string | null;
  error?: string;
}

function runSlice(
  data: Record<string, unknown>,
  signal?: AbortSignal,
  onProgress?: (hashed: number) => void,
): Promise<SliceResult> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve({ ok: false, error: 'cancelled' });
      return;
    }
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: data });
    let settled = false;
    const stop = () => void worker.terminate();
    signal?.addEventListener('abort', stop, { once: true });
    const done = (r: SliceResult) => {
      if (!settled) resolve(r);
      settled = true;
      signal?.removeEventListener('abort', stop);
    };
    worker.on('message', (m: SliceResult | { progress: number }) => {
      if ('progress' in m) {
        if (!settled) onProgress?.(m.progress);
      } else done(m);
    });
    worker.once('error', (e) => done({ ok: false, error: e.message }));
    worker.once('exit', (code) => done({ ok: false, error: `worker exited with ${code}` }));
  });
}

/** How many slices: one per core the machine offers, at least two entries' worth of work each. */
export function ledgerSlices(entries: number): number {
  return Math.max(1, Math.min(availableParallelism(), Math.floor(entries / 10_000) || 1));
}

/**
 * Verifies seq 1…maxSeq of the data file on `slices` workers. True: every entry is in place, linked and hashes to
 * its stored hash, and the chain has exactly `entries` rows (the caller then reports the head). False: something is
 * wrong somewhere (or a worker could not run) — the caller walks the chain on one thread to say what and where.
 */
export async function verifySlicesInWorkers(args: {
  /** The SQLite data file, or the office server's postgres:// URL (each worker connects on its own). */
  file: string | null;
  pgUrl?: string | null;
  maxSeq: number;
  /** How many entries the ledger holds (may still be being counted). */
  entries: number | Promise<number>;
  engine: 'openssl' | 'wasm' | 'js';
  slices: number;
  genesis: string;
  /** Called with the entries hashed so far, across the slices (a progress line or bar): every `progressEvery`
   *  entries of a slice, and as each slice finishes. */
  onSlice?: (entriesDone: number) => void;
  progressEvery?: number;
  /** 取消: every worker still hashing is stopped (the answer is then false; the caller checks the signal). */
  signal?: AbortSignal;
}): Promise<boolean> {
  const require = createRequire(import.meta.url);
  const base = {
    file: args.file,
    pgUrl: args.pgUrl ?? null,
    pgModule: require.resolve('pg'),
    pgOptions: PG_SESSION_OPTIONS,
    pageSize: 5000,
    engine: args.engine,
    sqliteModule: require.resolve('better-sqlite3'),
    hashWasmModule: require.resolve('hash-wasm'),
    smCryptoModule: require.resolve('sm-crypto-v2'),
    columns: LEDGER_FIELDS.map(([name]) => name),
    types: LEDGER_FIELDS.map(([, type]) => type),
    format: LEDGER_FORMAT,
    progressEvery: Math.max(1, args.progressEvery ?? 5000),
  };
  const n = Math.max(1, args.slices);
  const bounds = Array.from({ length: n + 1 }, (_, i) => Math.floor((args.maxSeq * i) / n));
  // The first slice also takes any row below 1 and the last any row above maxSeq: both are breaks to find.
  const hashed = new Array<number>(n).fill(0);
  const report = (i: number, count: number) => {
    if (count <= hashed[i]!) return;
    hashed[i] = count;
    args.onSlice?.(hashed.reduce((a, b) => a + b, 0));
  };
  const results = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      runSlice(
        {
          ...base,
          after: i === 0 ? null : bounds[i]!,
          upTo: i === n - 1 ? null : bounds[i + 1]!,
        },
        args.signal,
        (count) => report(i, count),
      ).then((r) => {
        report(i, r.count ?? 0);
        return r;
      }),
    ),
  );
  let prev = args.genesis;
  let total = 0;
  for (const [i, r] of results.entries()) {
    if (!r.ok || !r.sound) return false;
    const expected = bounds[i + 1]! - bounds[i]!;
    if (i < n - 1 && r.count !== expected) return false; // a gap at a slice's end
    if (r.count === 0) continue;
    if (r.firstPrev !== prev) return false;
    prev = r.lastHash!;
    total += r.count!;
  }
  return total === (await args.entries);
}
