// The credit ledger's hash chain: the canonical encoding of an entry, its SM3 hash, appending the next link, and
// walking the chain to find the first broken link. docs/credit-ledger.md specifies the encoding so that another
// program can verify a data file; this module is the reference implementation. SM3 is db/core/sm3.ts's: OpenSSL's
// (node:crypto) where the runtime has it — Node: the CLI, the browser host, tests, the bench — and WebAssembly
// (hash-wasm) in Electron, whose BoringSSL has no SM3; a unit test checks that they give the same digests. A long
// chain is verified on worker threads across the cores (ledger-workers.ts), reading raw rows.
import { performance } from 'node:perf_hooks';
import type { Kysely, Selectable } from 'kysely';
import { sm3Engine, sm3Of, sm3Ready, type Sm3Implementation } from '../core/sm3';
import { serverUrlOf, sqliteFileOf } from '../core/dialect';
import {
  attachmentState,
  folderAttachments,
  type AttachmentState,
  type AttachmentStore,
} from '../core/attachment-store';
import { ledgerSlices, verifySlicesInWorkers } from './ledger-workers';
import type {
  LedgerAttachmentProblem,
  LedgerBreak,
  LedgerHead,
  LedgerVerification,
} from '../../shared/contract';
import type { DB } from '../core/schema';
import { AppError } from '../../shared/errors';
import { checkAnchors, ledgerSize } from './ledger-tree';
import { dialectOf, serializeOn } from '../core/dialect';

export const LEDGER_FORMAT = 'ZJ-CREDIT-LEDGER/1';
export const GENESIS_HASH = '0'.repeat(64);

/** A row of credit_ledger as stored. */
export type LedgerRow = Selectable<DB['credit_ledger']>;

export type NewLedgerRow = Omit<LedgerRow, 'seq' | 'prev_hash' | 'hash'>;

type FieldType = 'int' | 'int?' | 'text' | 'text?' | 'attachments';

/** The hashed fields, in the order they are encoded (after the format tag), with their types. */
export const LEDGER_FIELDS: readonly (readonly [keyof LedgerRow, FieldType])[] = [
  ['seq', 'int'],
  ['prev_hash', 'text'],
  ['recorded_at', 'text'],
  ['recorder_id', 'int?'],
  ['recorder_name', 'text'],
  ['subject_kind', 'text'],
  ['subject_id', 'int'],
  ['subject_name', 'text'],
  ['subject_code', 'text'],
  ['type', 'text'],
  ['fact_date', 'text'],
  ['outcome', 'text?'],
  ['behaviour_code', 'text?'],
  ['behaviour_name', 'text?'],
  ['points', 'int?'],
  ['basis', 'text'],
  ['source_kind', 'text?'],
  ['source_id', 'int?'],
  ['amends_seq', 'int?'],
  ['text', 'text'],
  ['attachments', 'attachments'],
];

export class LedgerEncodingError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** What UTF-8 can carry: a lone surrogate becomes U+FFFD, as SQLite would store it anyway. */
export function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}

function attachmentTuples(json: unknown): [string, string, number][] {
  if (typeof json !== 'string') throw new LedgerEncodingError('attachments', '附件列表应为文本');
  if (json === '[]') return [];
  let list: unknown;
  try {
    list = JSON.parse(json);
  } catch {
    throw new LedgerEncodingError('attachments', '附件列表不是有效的 JSON');
  }
  if (!Array.isArray(list)) throw new LedgerEncodingError('attachments', '附件列表应为数组');
  const tuples = list.map((a: unknown): [string, string, number] => {
    const { name, sha256, size } = (a ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || typeof sha256 !== 'string' || !Number.isSafeInteger(size))
      throw new LedgerEncodingError('attachments', '附件项应有 name、sha256 和整数 size');
    if (!/^[0-9a-f]{64}$/.test(sha256) || (size as number) < 0)
      throw new LedgerEncodingError('attachments', '附件项的 sha256 应为 64 位小写十六进制，size 不小于 0');
    return [name, sha256, size as number];
  });
  // The column is covered byte for byte: the hash encodes the tuples, and the stored text must be exactly their
  // canonical JSON, so an extra key, another key order or added white space is a change the chain catches.
  const canonical = JSON.stringify(tuples.map(([name, sha256, size]) => ({ name, sha256, size })));
  if (json !== canonical) {
    throw new LedgerEncodingError(
      'attachments',
      '附件列表不是规范格式（含多余的键、键的顺序不符或多余的空白）',
    );
  }
  return tuples;
}

/** The values an entry is hashed over, in order: the format tag, then LEDGER_FIELDS. */
export function canonicalValues(row: Omit<LedgerRow, 'hash'>): unknown[] {
  const out: unknown[] = [LEDGER_FORMAT];
  for (const [name, type] of LEDGER_FIELDS) {
    const v = (row as Record<string, unknown>)[name];
    if (type === 'attachments') out.push(attachmentTuples(v));
    else if (v === null && (type === 'int?' || type === 'text?')) out.push(null);
    else if (type.startsWith('int')) {
      if (typeof v !== 'number' || !Number.isSafeInteger(v))
        throw new LedgerEncodingError(name, `字段 ${name} 应为整数`);
      out.push(v);
    } else {
      if (typeof v !== 'string') throw new LedgerEncodingError(name, `字段 ${name} 应为文本`);
      out.push(wellFormed(v));
    }
  }
  return out;
}

/** The canonical encoding: a JSON array without whitespace (ECMAScript JSON.stringify of well-formed strings and
 *  safe integers; identical to Python's json.dumps(…, ensure_ascii=False, separators=(",", ":"))). */
export function canonicalEncoding(row: Omit<LedgerRow, 'hash'>): string {
  return JSON.stringify(canonicalValues(row));
}

/** SM3 of a string's UTF-8 bytes, as 64 lower-case hex digits. */
export function sm3Hex(text: string, implementation: Sm3Implementation = 'auto'): string {
  return sm3Of(text, implementation);
}

/** SM3 over the UTF-8 bytes of the canonical encoding, as 64 lower-case hex digits. */
export function entryHash(row: Omit<LedgerRow, 'hash'>, implementation: Sm3Implementation = 'auto'): string {
  return sm3Hex(canonicalEncoding(row), implementation);
}

export async function ledgerHead(db: Kysely<DB>): Promise<LedgerHead> {
  // max(seq) is read from the end of the primary key: one lookup however long the ledger is.
  const r = await db
    .selectFrom('credit_ledger')
    .select(['seq', 'hash', 'recorded_at'])
    .where('seq', '=', (eb) => eb.selectFrom('credit_ledger').select((e) => e.fn.max('seq').as('m')))
    .executeTakeFirst();
  return r
    ? { seq: r.seq, hash: r.hash, recordedAt: r.recorded_at }
    : { seq: 0, hash: GENESIS_HASH, recordedAt: null };
}

/** The next link: seq one past the head, prev_hash the head's hash, and its own hash. Call it inside the
 *  transaction that writes whatever depends on the entry (the dispatcher's, for a mutation). */
export async function appendLedgerRow(db: Kysely<DB>, row: NewLedgerRow): Promise<LedgerRow> {
  // Many seats append at once on the office server: one at a time, each after the last one's commit.
  await serializeOn(db, 'credit_ledger:head');
  const head = await ledgerHead(db);
  const clean = Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k, typeof v === 'string' ? wellFormed(v) : v]),
  ) as NewLedgerRow;
  const unhashed = { ...clean, seq: head.seq + 1, prev_hash: head.hash };
  const full: LedgerRow = { ...unhashed, hash: entryHash(unhashed) };
  await db.insertInto('credit_ledger').values(full).execute();
  return full;
}

const short = (h: string) => (h.length > 16 ? `${h.slice(0, 16)}…` : h);

/** The ledger in seq order, 2,000 rows at a time (keyset pages: each page an index range scan). */
async function* ledgerPages(db: Kysely<DB>): AsyncGenerator<LedgerRow> {
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom('credit_ledger')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(2000)
      .execute();
    yield* page;
    if (page.length < 2000) return;
    after = page[page.length - 1]!.seq;
  }
}

/** Walks rows in seq order, one at a time, and stops at the first broken link. */
export class LedgerVerifier {
  constructor(private readonly implementation: Sm3Implementation = 'auto') {}
  private expectedSeq = 1;
  private prev = GENESIS_HASH;
  checked = 0;
  broken: LedgerBreak | null = null;

  /** False once the chain is broken (the caller stops reading). */
  push(row: LedgerRow): boolean {
    if (this.broken) return false;
    const seq = this.expectedSeq;
    if (row.seq !== seq) {
      this.broken = {
        seq,
        field: 'seq',
        expected: String(seq),
        found: String(row.seq),
        message: `序号不连续：应为第 ${seq} 条，实为第 ${row.seq} 条（记录缺失或被插入）`,
      };
      return false;
    }
    if (row.prev_hash !== this.prev) {
      this.broken = {
        seq,
        field: 'prev_hash',
        expected: this.prev,
        found: String(row.prev_hash),
        message: `第 ${seq} 条记录的“前一条哈希”与${seq === 1 ? '起始值' : `第 ${seq - 1} 条的哈希`}不符（${short(this.prev)} ≠ ${short(String(row.prev_hash))}）`,
      };
      return false;
    }
    let actual: string;
    try {
      actual = entryHash(row, this.implementation);
    } catch (e) {
      const field = e instanceof LedgerEncodingError ? e.field : '?';
      this.broken = {
        seq,
        field: 'encoding',
        expected: '规范格式',
        found: field,
        message: `第 ${seq} 条记录的字段格式不符：${(e as Error).message}（记录已被改动）`,
      };
      return false;
    }
    if (actual !== row.hash) {
      this.broken = {
        seq,
        field: 'hash',
        expected: actual,
        found: String(row.hash),
        message: `第 ${seq} 条记录的内容与其哈希不符（记录已被改动）：按内容计算为 ${short(actual)}，记录中为 ${short(String(row.hash))}`,
      };
      return false;
    }
    this.prev = row.hash;
    this.expectedSeq++;
    this.checked++;
    return true;
  }
}

/** Chains shorter than this are walked on the calling thread: starting workers costs more than it saves. */
export const PARALLEL_FROM_ENTRIES = 20_000;

export interface VerifyOptions {
  /** The data folder's attachments/: every file an entry lists is also checked (present, size, SHA-256). */
  attachmentsDir?: string | null;
  /** The same check against any attachment store (the office server's database); wins over attachmentsDir. */
  attachments?: AttachmentStore | null;
  /** Worker threads: 'auto' (a long chain in a SQLite file: one per core), or a number (0: none). */
  workers?: 'auto' | number;
  /** Entries checked so far out of all of them, now and then while it runs (the CLI's progress line). */
  progress?: (checked: number, total: number) => void;
  /** How many entries the one-thread check walks between reports (default 10,000). With a report it also lets the
   *  event loop run then (a window's progress poll, its other calls), so the program stays responsive. */
  progressEvery?: number;
  /** 取消: the check stops at the next report (or its workers are stopped) and throws CANCELLED. */
  signal?: AbortSignal;
}

/** How often the one-thread check reports its progress. */
const PROGRESS_EVERY = 10_000;

function stopIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED', '已取消校验，台账未做任何改动');
}

/** The whole chain in seq order, stopping at the first broken link. A long chain (in a SQLite data file, or on the
 *  office server) is hashed on worker threads across the cores from raw rows (ledger-workers.ts); otherwise, or
 *  when a worker finds anything amiss, it is streamed and hashed one entry at a time on this thread (memory stays
 *  flat), which words the break.
 *  `implementation` forces one SM3 (the bench measures the desktop app's WebAssembly SM3 under Node with 'wasm'). */
export async function verifyLedger(
  db: Kysely<DB>,
  implementation: Sm3Implementation = 'auto',
  options: VerifyOptions = {},
): Promise<LedgerVerification> {
  const t0 = performance.now();
  await sm3Ready();
  const store =
    options.attachments ?? (options.attachmentsDir ? folderAttachments(options.attachmentsDir) : null);
  const files = store ? new AttachmentCheck(store) : null;
  let checked: number | null = null;
  if (options.workers !== 0) {
    const file = await sqliteFileOf(db);
    const pgUrl = serverUrlOf(db);
    // The last seq at once (the primary key's end); the count of entries (a scan: 15 ms on the office server for
    // 200,000) is read while the workers start, and compared when they are done.
    const maxSeq = await ledgerSize(db);
    const slices =
      options.workers === undefined || options.workers === 'auto'
        ? maxSeq >= PARALLEL_FROM_ENTRIES
          ? ledgerSlices(maxSeq)
          : 0
        : options.workers;
    const entries = maxSeq; // in a sound ledger seq runs 1…n: the bar's end (第 0 / 200,000 条) from the start
    if ((file || pgUrl) && slices > 0 && entries > 0) {
      const engine = implementation === 'auto' ? sm3Engine() : implementation;
      const counted = db
        .selectFrom('credit_ledger')
        .select((e) => e.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n));
      counted.catch(() => undefined); // awaited below; a failure is raised there
      // The workers report as they go.
      options.progress?.(0, entries);
      const sound = await verifySlicesInWorkers({
        file,
        pgUrl,
        maxSeq,
        entries: counted,
        engine,
        slices,
        genesis: GENESIS_HASH,
        ...(options.progress ? { onSlice: (done: number) => options.progress!(done, entries) } : {}),
        ...(options.progressEvery ? { progressEvery: options.progressEvery } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      stopIfCancelled(options.signal);
      if (sound) {
        checked = await counted;
        if (files) {
          const listed = db
            .selectFrom('credit_ledger')
            .select(['seq', 'attachments'])
            .where('attachments', '!=', '[]')
            .orderBy('seq')
            .stream(2000);
          for await (const row of listed) await files.check(row.seq, attachmentTuples(row.attachments));
        }
      }
    }
  }
  let verdict: { checked: number; broken: LedgerBreak | null } = { checked: checked ?? 0, broken: null };
  if (checked === null) {
    const verifier = new LedgerVerifier(implementation);
    const total = options.progress
      ? Number(
          (
            await db
              .selectFrom('credit_ledger')
              .select((e) => e.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        )
      : 0;
    const rows =
      dialectOf(db) === 'postgres'
        ? ledgerPages(db) // node-postgres streams only through pg-cursor: read by pages of the primary key instead
        : db.selectFrom('credit_ledger').selectAll().orderBy('seq').stream(2000);
    for await (const row of rows) {
      if (!verifier.push(row)) break;
      if (files && row.attachments !== '[]') await files.check(row.seq, attachmentTuples(row.attachments));
      if (verifier.checked % (options.progressEvery ?? PROGRESS_EVERY) === 0) {
        options.progress?.(verifier.checked, total);
        if (options.progress || options.signal) await new Promise<void>((r) => setImmediate(r));
        stopIfCancelled(options.signal);
      }
    }
    stopIfCancelled(options.signal);
    options.progress?.(verifier.checked, total);
    verdict = { checked: verifier.checked, broken: verifier.broken };
  }
  const attachments = files ? { checked: files.checked, problems: files.problems } : undefined;
  const anchors = await checkAnchors(db);
  return {
    ok: verdict.broken === null && (files?.problems.length ?? 0) === 0 && anchors.losses.length === 0,
    anchors,
    checked: verdict.checked,
    head: await ledgerHead(db),
    broken: verdict.broken,
    ...(attachments ? { attachments } : {}),
    elapsedMs: Math.round(performance.now() - t0),
  };
}

/** Each listed file once, from the attachment store (the data folder's <first two hex>/<sha256>, or the office
 *  server's database): present, with the size and SHA-256 the entry says. */
class AttachmentCheck {
  checked = 0;
  problems: LedgerAttachmentProblem[] = [];
  private readonly seen = new Map<string, AttachmentState>();
  constructor(private readonly store: AttachmentStore) {}

  async check(seq: number, tuples: [string, string, number][]): Promise<void> {
    for (const [name, sha256, size] of tuples) {
      this.checked++;
      let state = this.seen.get(sha256);
      if (!state) {
        state = (await attachmentState(this.store, sha256, size)).state;
        this.seen.set(sha256, state);
      }
      if (state !== 'ok') {
        const where = this.store.kind === 'database' ? '单位数据库服务器中' : '数据文件夹中';
        this.problems.push({
          seq,
          name,
          sha256,
          problem: state,
          message:
            state === 'missing'
              ? `第 ${seq} 条记录的附件“${name}”缺失（${where}没有该文件）`
              : `第 ${seq} 条记录的附件“${name}”已被改动（大小或 SHA-256 与台账不符）`,
        });
      }
    }
  }
}
