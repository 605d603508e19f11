// Imports are parsed in a worker thread with a memory ceiling (db/core/import/worker-pool.ts): the hostile file of
// issue #15 (1.3 MB that inflates to 370 MB through a central directory pointing inside a stored entry) is refused
// in Chinese by every import; a workbook that passes the zip guard but needs more memory to parse than the ceiling
// is refused in Chinese while the app carries on, with nothing written; and the app answers other calls while a
// parse runs.
import { afterEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { AppError } from '../../shared/errors';
import { activeParses, configureImportWorker } from '../../db/core/import/worker-pool';
import { hiddenSheetBomb } from '../fixtures/hostile-zip';
import { count, newSetupApp, type TestApp } from './helpers';

afterEach(() => configureImportWorker(null));

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe('IMPORT_INVALID');
  expect((e as AppError).message).toMatch(/[\u4e00-\u9fff]/);
  return e as AppError;
}

async function state(app: TestApp) {
  return {
    departments: await count(app.db, 'departments'),
    institutions: await count(app.db, 'institutions'),
    audit: await count(app.db, 'audit_log'),
  };
}

/** A departments workbook of `rows` rows and `extra` long text columns: within the zip guard's limits, but its
 *  cells take far more memory to parse than its size. */
async function bigDepartmentsWorkbook(rows: number, extra: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('成员单位');
  ws.addRow(['单位全称', '简称', ...Array.from({ length: extra }, (_, i) => `备注${i + 1}`)]);
  for (let r = 0; r < rows; r++)
    ws.addRow([
      `绍兴市越城区第${r}号单位`,
      `第${r}号单位`,
      ...Array.from(
        { length: extra },
        (_, i) => `第 ${r} 行第 ${i} 列的说明文字 ${(r * 7919 + i * 104729) % 1000003}`,
      ),
    ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('imports parsed in a worker thread', () => {
  it('refuses the 370 MB hidden-sheet file at every import, in Chinese, writing nothing', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('成员单位').addRow(['单位全称', '简称']);
    const bomb = hiddenSheetBomb(unzipSync(new Uint8Array(await wb.xlsx.writeBuffer())));
    expect(bomb.length).toBeLessThan(1.5 * 1024 * 1024);
    const app = await newSetupApp({ now: '2026-11-22T09:00:00+08:00' });
    await app.call('checklist.create', { year: 2026, templateId: 'yuecheng-2020', unresolved: [] });
    const before = await state(app);
    const upload = { fileName: '成员单位.xlsx', base64: Buffer.from(bomb).toString('base64') };
    // 成员单位, the 任务清单 fill-in workbook, the 监管对象 directory, and the import wizard (inspections, registers).
    for (const call of [
      () => app.call('departments.importPreview', upload),
      () => app.call('checklist.importPreview', upload),
      () => app.call('institutions.importPreview', upload),
      () => app.call('imports.inspect', { register: 'institutions', ...upload }),
    ])
      expect((await refusal(call())).message).toContain('恶意构造');
    expect(await state(app)).toEqual(before);
    await app.close();
  }, 120_000);

  it('refuses the hidden-sheet file before any worker starts or a parse slot is taken', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('成员单位').addRow(['单位全称', '简称']);
    const bomb = hiddenSheetBomb(unzipSync(new Uint8Array(await wb.xlsx.writeBuffer())));
    // A stand-in worker that leaves a mark when it is started (and refuses whatever it is sent).
    const dir = mkdtempSync(join(tmpdir(), 'zj-worker-'));
    const mark = join(dir, 'started');
    const script = join(dir, 'marking-worker.mjs');
    writeFileSync(
      script,
      `import { writeFileSync } from 'node:fs';
       import { parentPort } from 'node:worker_threads';
       writeFileSync(${JSON.stringify(mark)}, 'x');
       parentPort.on('message', () => parentPort.postMessage({ ok: false, error: { code: 'IMPORT_INVALID', message: '已启动' } }));`,
    );
    configureImportWorker({ script });
    const app = await newSetupApp({ now: '2026-11-22T09:00:00+08:00' });
    const upload = { fileName: '成员单位.xlsx', base64: Buffer.from(bomb).toString('base64') };
    const e = await refusal(app.call('departments.importPreview', upload));
    expect(e.message).toContain('本地文件头与中央目录不一致');
    expect(e.message).toContain('恶意构造');
    expect(existsSync(mark)).toBe(false);
    // A genuine workbook still goes to the worker.
    await refusal(
      app.call('departments.importPreview', {
        fileName: '成员单位.xlsx',
        base64: (await bigDepartmentsWorkbook(2, 0)).toString('base64'),
      }),
    );
    expect(existsSync(mark)).toBe(true);
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops a parse that needs more memory than the ceiling: a Chinese refusal, nothing written, the app carries on', async () => {
    const app = await newSetupApp({ now: '2026-11-22T09:00:00+08:00' });
    const before = await state(app);
    const heavy = await bigDepartmentsWorkbook(6000, 12);
    expect(heavy.length).toBeLessThan(20 * 1024 * 1024);
    configureImportWorker({ maxOldGenerationSizeMb: 16 });
    const upload = { fileName: '成员单位.xlsx', base64: heavy.toString('base64') };
    const e = await refusal(app.call('departments.importApply', upload));
    expect(e.message).toContain('解析该文件所需的内存超过上限（16 MB）');
    expect(e.message).toContain('未导入任何内容');
    expect(await state(app)).toEqual(before);
    // The app is unharmed: the same kind of import goes through with the usual ceiling.
    configureImportWorker(null);
    const small = await bigDepartmentsWorkbook(3, 0);
    const preview = await app.call('departments.importPreview', {
      fileName: '成员单位.xlsx',
      base64: small.toString('base64'),
    });
    expect(preview.rows.length).toBe(3);
    await app.close();
  }, 120_000);

  it('parses in the app’s own thread where no worker script can be loaded, so imports still work', async () => {
    const app = await newSetupApp({ now: '2026-11-22T09:00:00+08:00' });
    configureImportWorker({ script: '/nonexistent/import-worker.js' });
    const small = await bigDepartmentsWorkbook(2, 0);
    const preview = await app.call('departments.importPreview', {
      fileName: '成员单位.xlsx',
      base64: small.toString('base64'),
    });
    expect(preview.rows.length).toBe(2);
    await app.close();
  });

  it('answers another call while a large workbook is being parsed', async () => {
    const app = await newSetupApp({ now: '2026-11-22T09:00:00+08:00' });
    const big = await bigDepartmentsWorkbook(4000, 6);
    let parsed = false;
    const importing = app
      .call('imports.inspect', {
        register: 'institutions',
        fileName: '机构.xlsx',
        base64: big.toString('base64'),
      })
      .finally(() => (parsed = true));
    while (activeParses() === 0) await new Promise((r) => setTimeout(r, 5));
    const status = await app.call('system.status', {});
    expect(status.initialized).toBe(true);
    // Answered during the parse: the parse had not finished when the other call's answer came.
    expect(parsed).toBe(false);
    expect(activeParses()).toBe(1);
    await importing.catch(() => undefined);
    expect(activeParses()).toBe(0);
    await app.close();
  }, 120_000);
});
