// Uploaded workbooks are parsed in a worker thread (node:worker_threads), one file at a time per worker, with a
// memory ceiling and a time limit: a hostile or simply enormous file can exhaust only its worker, never the app's
// own heap, and the app keeps answering every other user's calls while it parses. The result is plain data; the
// handler then validates and applies it inside its transaction as before (all or nothing).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, type AppErrorShape } from '../../../shared/errors';
import { checkZipLayout, XLSX_WHAT } from '../zip-guard';
import type { ParseJob, ParseResults } from './parse-jobs';

export interface ImportWorkerLimits {
  /** The worker's V8 old-generation ceiling: past it, the worker (only) is stopped. */
  maxOldGenerationSizeMb: number;
  /** The longest a parse may take. */
  timeoutMs: number;
  /** Parses at the same time; later ones wait their turn. */
  concurrency: number;
  /** Another worker script (tests: one that cannot be loaded). */
  script?: string;
}

const DEFAULT_LIMITS: ImportWorkerLimits = {
  maxOldGenerationSizeMb: 512,
  timeoutMs: 120_000,
  concurrency: 2,
};
let limits: ImportWorkerLimits = { ...DEFAULT_LIMITS };
/** Set once a worker script could not be loaded: parses then run in this thread. */
let workersUnavailable = false;

/** Changes the limits (tests and the bench); `null` restores the defaults. */
export function configureImportWorker(next: Partial<ImportWorkerLimits> | null): void {
  limits = next ? { ...limits, ...next } : { ...DEFAULT_LIMITS };
  // Waiting workers were started with the old ceiling.
  for (const w of idle.splice(0)) void w.terminate();
  workersUnavailable = false;
}

let running = 0;
const waiting: (() => void)[] = [];

/** Parses running now (for tests: a call answered while this is non-zero was answered during a parse). */
export function activeParses(): number {
  return running;
}

/** The worker script: beside the built bundle (out/main/import-worker.js), or the source under tsx. */
function workerScript(): { file: string; execArgv: string[] } | null {
  if (limits.script) return { file: limits.script, execArgv: [] };
  const here = dirname(fileURLToPath(import.meta.url));
  if (import.meta.url.endsWith('.ts'))
    return { file: join(here, 'parse-worker.ts'), execArgv: ['--import', 'tsx'] };
  for (const dir of [here, join(here, '..')]) {
    const file = join(dir, 'import-worker.js');
    if (existsSync(file)) return { file, execArgv: [] };
  }
  return null;
}

const OUT_OF_MEMORY = () =>
  new AppError(
    'IMPORT_INVALID',
    `解析该文件所需的内存超过上限（${limits.maxOldGenerationSizeMb} MB），已停止解析，未导入任何内容。文件可能经过恶意构造，或数据过多，请检查文件或分成几个文件导入`,
  );

/** Started workers waiting for their next job (kept a short while: starting one costs more than a small parse). */
const idle: Worker[] = [];
const IDLE_MS = 30_000;
const idleTimers = new Map<Worker, NodeJS.Timeout>();

function startWorker(script: { file: string; execArgv: string[] }): Worker {
  return new Worker(script.file, {
    execArgv: script.execArgv,
    resourceLimits: {
      maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb,
      maxYoungGenerationSizeMb: 32,
      stackSizeMb: 4,
    },
    stdout: false,
    stderr: false,
  });
}

function park(worker: Worker): void {
  worker.removeAllListeners('message').removeAllListeners('error').removeAllListeners('exit');
  worker.on('error', () => undefined);
  worker.on('exit', () => {
    const i = idle.indexOf(worker);
    if (i >= 0) idle.splice(i, 1);
    clearTimeout(idleTimers.get(worker));
    idleTimers.delete(worker);
  });
  worker.unref();
  idle.push(worker);
  idleTimers.set(worker, setTimeout(() => void worker.terminate(), IDLE_MS).unref());
}

function takeIdle(): Worker | null {
  const worker = idle.pop() ?? null;
  if (worker) {
    clearTimeout(idleTimers.get(worker));
    idleTimers.delete(worker);
    worker.removeAllListeners('exit').removeAllListeners('error');
    worker.ref();
  }
  return worker;
}

function runInWorker<K extends ParseJob['kind']>(
  script: { file: string; execArgv: string[] },
  job: ParseJob,
): Promise<ParseResults[K]> {
  return new Promise((resolve, reject) => {
    const worker = takeIdle() ?? startWorker(script);
    let settled = false;
    const settle = (fn: () => void, keep: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      if (keep) park(worker);
      else void worker.terminate();
    };
    const timer = setTimeout(
      () =>
        settle(
          () =>
            reject(
              new AppError(
                'IMPORT_INVALID',
                `解析该文件超过 ${Math.round(limits.timeoutMs / 1000)} 秒，已停止，未导入任何内容。请检查文件或分成几个文件导入`,
              ),
            ),
          false,
        ),
      limits.timeoutMs,
    );
    worker.on('message', (m: { ok: true; value: ParseResults[K] } | { ok: false; error: AppErrorShape }) =>
      settle(() => (m.ok ? resolve(m.value) : reject(AppError.from(m.error))), true),
    );
    worker.on('error', (e: NodeJS.ErrnoException) =>
      settle(
        () =>
          reject(
            e.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? OUT_OF_MEMORY()
              : CANNOT_LOAD.test(String(e.code))
                ? new WorkerUnavailable(e.message)
                : new AppError('IMPORT_INVALID', `无法读取该文件：${e.message}`),
          ),
        false,
      ),
    );
    worker.on('exit', (code) =>
      settle(
        () =>
          reject(
            code === 1 || code === 134
              ? OUT_OF_MEMORY()
              : new AppError('IMPORT_INVALID', '解析该文件时出错，未导入任何内容'),
          ),
        false,
      ),
    );
    worker.postMessage(job);
  });
}

/** The worker script could not be loaded at all (e.g. a packaging that cannot run scripts from its archive). */
class WorkerUnavailable extends Error {}
const CANNOT_LOAD = /MODULE_NOT_FOUND|ENOENT|ERR_UNKNOWN_FILE_EXTENSION|ERR_REQUIRE/;

/** Runs one parse job in a worker; in this thread only where no worker can be loaded (said once on stderr). */
export async function parseInWorker<K extends ParseJob['kind']>(
  job: ParseJob & { kind: K },
): Promise<ParseResults[K]> {
  // A hostile archive (hidden or overlapping entries, sizes beyond the limits) is refused here, in microseconds,
  // before it waits for a parse slot or starts a worker; the worker checks again and inflates under the limits.
  checkZipLayout(job.bytes, XLSX_WHAT);
  while (running >= limits.concurrency) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    const script = workersUnavailable ? null : workerScript();
    if (script) {
      try {
        return await runInWorker(script, job);
      } catch (e) {
        if (!(e instanceof WorkerUnavailable)) throw e;
        workersUnavailable = true;
        console.warn(`导入解析线程无法启动，改在主线程中解析（无内存上限）：${e.message}`);
      }
    }
    const { runParseJob } = await import('./parse-jobs');
    return (await runParseJob(job)) as ParseResults[K];
  } finally {
    running--;
    waiting.shift()?.();
  }
}
