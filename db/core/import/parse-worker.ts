// The import worker's entry (built to out/main/import-worker.js; run from source under tsx in tests and the
// CLI): it takes parse jobs one at a time from its parent and answers each with one message. An AppError keeps
// its code and Chinese message; anything else becomes a Chinese IMPORT_INVALID. The parent stops the worker when
// it exceeds its memory ceiling or time limit (worker-pool.ts).
import { parentPort } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { runParseJob, type ParseJob } from './parse-jobs';

parentPort!.on('message', (job: ParseJob) => {
  runParseJob(job).then(
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
});
