// The hostile workbook of issue #15 (under 1.5 MB; its central directory points at a sheet hidden inside a stored
// entry, 370 MB inflated) offered to an import in a process of its own, as a person would upload it: opens the
// data file, signs the bench user in and times 成员单位 importPreview until it is refused; then reads the process's
// peak resident memory (VmHWM; maxRSS where /proc is absent). Target (issue #15 item 2): refused in under 2 s,
// peak under 600 MiB (629 MB). Prints JSON {ms, peakMB} (MB = 10^6 bytes, as the bench's other memory rows).
//   tsx tests/bench/hostile-import.ts FILE BOMB.xlsx
import { performance } from 'node:perf_hooks';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { openDatabase } from '../../db/core/open';
import { Dispatcher } from '../../electron/server/dispatcher';
import { AppError } from '../../shared/errors';
import { configureImportWorker } from '../../db/core/import/worker-pool';

function peakMB(): number {
  if (existsSync('/proc/self/status')) {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return (Number(m[1]) * 1024) / 1e6;
  }
  return (process.resourceUsage().maxRSS * 1024) / 1e6;
}

const [file, bombFile] = process.argv.slice(2);
// The product's worker: the built bundle (npm run build), not the TypeScript source run through tsx.
const built = resolve('out/main/import-worker.js');
if (existsSync(built)) configureImportWorker({ script: built });
const base64 = readFileSync(bombFile!).toString('base64');
const handle = await openDatabase(file!);
const d = new Dispatcher({
  db: handle.db,
  appVersion: 'bench',
  dataDir: dirname(file!),
  clock: () => new Date('2026-11-22T01:00:00Z'),
  log: () => {},
});
d.bindSession('bench', { id: 1, username: 'user0', displayName: 'bench', role: 'admin' });
const t0 = performance.now();
const answer = await d.call('departments.importPreview', { fileName: '成员单位.xlsx', base64 }, 'bench').then(
  () => null,
  (e: unknown) => e,
);
const ms = performance.now() - t0;
if (!(answer instanceof AppError) || answer.code !== 'IMPORT_INVALID')
  throw new Error(`隐藏工作表的文件未被拒绝：${String(answer)}`);
await handle.close();
console.log(JSON.stringify({ ms, peakMB: peakMB(), worker: existsSync(built) ? built : 'tsx' }));
process.exit(0); // the import worker pool keeps an idle worker for a while
