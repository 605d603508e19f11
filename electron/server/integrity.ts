// PRAGMA quick_check of the data file on a worker thread, with its own read-only connection: on a file of
// several GB it takes seconds, and the first screen must not wait for it (the main thread keeps serving).
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Plain CommonJS evaluated in the worker; better-sqlite3 is loaded from the path the main thread resolved, so
// the same prebuilt binary serves both threads (also inside the packaged app).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let db;
try {
  const Database = require(workerData.module);
  db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const rows = db.prepare(workerData.full ? 'pragma integrity_check' : 'pragma quick_check').pluck().all();
  parentPort.postMessage({ ok: true, rows });
} catch (e) {
  parentPort.postMessage({ ok: false, error: String(e && e.message || e) });
} finally {
  if (db) db.close();
}
`;

/** The check's rows: ['ok'] for a sound file. A file that cannot even be read answers with its error. */
export function checkFileInWorker(file: string, full = false): Promise<string[]> {
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, file, full } });
    let settled = false;
    worker.once('message', (m: { ok: boolean; rows?: string[]; error?: string }) => {
      settled = true;
      resolve(m.ok ? m.rows! : [`无法读取：${m.error}`]);
    });
    worker.once('error', (e) => {
      if (!settled) resolve([`检查未能运行：${e.message}`]);
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) resolve([`检查意外结束（代码 ${code}）`]);
    });
  });
}

export const isSound = (rows: readonly string[]): boolean => rows.length === 1 && rows[0] === 'ok';
