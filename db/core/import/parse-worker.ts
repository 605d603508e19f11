// The import worker's entry (built to out/main/import-worker.js; run from source under tsx in tests and the
// CLI): one job per worker, given in workerData, answered with one message. An AppError keeps its code and Chinese
// message; anything else becomes a Chinese IMPORT_INVALID.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { runParseJob, type ParseJob } from './parse-jobs';

runParseJob(workerData as ParseJob).then(
  (value) => parentPort!.postMessage({ ok: true, value }),
  (e: unknown) =>
    parentPort!.postMessage({
      ok: false,
      error:
        e instanceof AppError
          ? { code: e.code, message: e.message, details: e.details }
          : {
              code: 'IMPORT_INVALID',
              message: `无法读取该文件：${(e as Error)?.message ?? String(e)}`,
            },
    }),
);
