// Excel exports of the long registers show their progress and may be stopped (issue 18 item 14): writeSheetFrom
// reports 第 k / n 行 after each block, rising to n / n; asked to stop it throws CANCELLED between blocks; and a
// real export (操作日志 of thousands of rows) does both through the dispatcher as the window calls it.
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { INSPECTION_OUTCOME_LABELS } from '../../shared/domain/inspections';
import type { OperationProgress } from '../../shared/contract';
import { ProgressBoard, type ProgressControl, type ProgressReport } from '../../db/core/progress';
import { writeSheetFrom, type SheetColumn } from '../../db/core/xlsx';
import { newSetupApp, type TestApp } from './helpers';

let app: TestApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

const COLUMNS: SheetColumn<number>[] = [{ header: '序号', width: 8, value: (n) => n }];

/** `n` numbers in blocks of `size`; `before(k)` runs as the block after the first k numbers is read. */
async function* blocks(n: number, size: number, before?: (k: number) => void): AsyncGenerator<number[]> {
  for (let start = 1; start <= n; start += size) {
    const block = Array.from({ length: Math.min(size, n - start + 1) }, (_, i) => start + i);
    before?.(start - 1);
    yield block;
  }
}

async function readBack(base64OrBytes: string | Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  const bytes = typeof base64OrBytes === 'string' ? Buffer.from(base64OrBytes, 'base64') : base64OrBytes;
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}

function caught(e: unknown): string {
  return e instanceof AppError ? e.code : String(e);
}

describe('an export built from blocks', () => {
  it('reports monotone progress after each block, ending at n / n, and writes every row', async () => {
    const reports: ProgressReport[] = [];
    const control: ProgressControl = {
      ...new ProgressBoard(0).begin('tab', null).control,
      report: (p) => reports.push(p),
    };
    const bytes = await writeSheetFrom('表', COLUMNS, blocks(5_500, 2_000), {
      progress: control,
      what: '正在导出测试表',
      total: 5_500,
    });
    expect(reports.map((r) => r.done)).toEqual([0, 2_000, 4_000, 5_500, 5_500]);
    for (const r of reports) {
      expect(r.total).toBe(5_500);
      expect(r.unit).toBe('行');
    }
    // 取消 is offered until the file is made (the dispatcher withdraws it when the call ends).
    expect(reports.every((r) => r.cancellable)).toBe(true);
    expect(reports.at(-1)).toMatchObject({
      done: 5_500,
      total: 5_500,
      what: '正在导出测试表（正在生成文件）',
    });
    const ws = await readBack(bytes);
    expect(ws.rowCount).toBe(5_501);
    expect(ws.getRow(5_501).getCell(1).value).toBe(5_500);
  });

  it('stops with CANCELLED between blocks once the window asked, reading no further block', async () => {
    const board = new ProgressBoard(0);
    const call = board.begin('tab', 'export0123456789');
    const control: ProgressControl = {
      ...call.control,
      report: (p) => {
        call.control.report(p);
        // The window's 取消 arrives once the second block is in (while the export lets the polls through).
        if (p.done === 2_000) expect(board.poll('tab', 'export0123456789', true)?.cancelled).toBe(true);
      },
    };
    let read = 0;
    const outcome = await writeSheetFrom(
      '表',
      COLUMNS,
      blocks(10_000, 1_000, (done) => (read = done)),
      { progress: control, what: '正在导出测试表', total: 10_000 },
    ).then(() => 'finished', caught);
    expect(outcome).toBe('CANCELLED');
    expect(read).toBe(1_000); // the generator was never resumed after the second block
    expect(board.poll('tab', 'export0123456789', false)).toMatchObject({
      done: 2_000,
      total: 10_000,
      cancelled: true,
    });
  });
});

describe('an export asked to stop while its file is made', () => {
  it('still stops with CANCELLED (every row was read, no file is answered)', async () => {
    const board = new ProgressBoard(0);
    const call = board.begin('tab', 'export9876543210');
    const control: ProgressControl = {
      ...call.control,
      report: (p) => {
        call.control.report(p);
        if (p.what.endsWith('（正在生成文件）')) board.poll('tab', 'export9876543210', true);
      },
    };
    const outcome = await writeSheetFrom('表', COLUMNS, blocks(3_000, 1_000), {
      progress: control,
      what: '正在导出测试表',
      total: 3_000,
    }).then(() => 'finished', caught);
    expect(outcome).toBe('CANCELLED');
    expect(board.poll('tab', 'export9876543210', false)).toMatchObject({ done: 3_000, cancelled: true });
  });
});

describe('操作日志 export through the dispatcher', () => {
  it('counts its rows to n / n for the window, and 取消 stops it with CANCELLED', async () => {
    app = await newSetupApp();
    // A long log: 6,000 entries (three blocks and more), as a busy office's year of changes.
    const rows = Array.from({ length: 6_000 }, (_, i) => ({
      at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      actor_id: null,
      actor_name: '测试员',
      action: 'update',
      entity: 'institution',
      entity_id: String(i + 1),
      summary: `修改监管对象 ${i + 1}`,
      before_json: null,
      after_json: null,
    }));
    for (let i = 0; i < rows.length; i += 500)
      await app.db
        .insertInto('audit_log')
        .values(rows.slice(i, i + 500))
        .execute();
    const total = Number(
      (
        await app.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(total).toBeGreaterThanOrEqual(6_000);

    // Run to the end, polled as the window polls: the counts only rise, and end at n / n.
    const id = 'auditexport00001';
    const seen: OperationProgress[] = [];
    let over = false;
    const running = app.call('audit.exportXlsx', { progressId: id }).finally(() => (over = true));
    while (!over) {
      const p = await app.call('system.progress', { id });
      if (p) seen.push(p);
      await new Promise((r) => setImmediate(r));
    }
    const file = await running;
    const last = await app.call('system.progress', { id });
    expect(last).toMatchObject({ done: total, total, unit: '行', cancellable: false, cancelled: false });
    const dones = [...seen, last!].map((p) => p.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    // The window saw it part-way (the export let the polls through between blocks).
    expect(seen.some((p) => p.done > 0 && p.done < total && p.cancellable)).toBe(true);
    const ws = await readBack(file.base64);
    expect(ws.rowCount).toBe(total + 1);
    expect(ws.getRow(1).getCell(4).value).toBe('操作');

    // Again, and stopped as soon as it is under way: CANCELLED, nothing written to the log by the attempt.
    const stopId = 'auditexport00002';
    const stopping = app.call('audit.exportXlsx', { progressId: stopId }).then(() => 'finished', caught);
    let p = await app.call('system.progress', { id: stopId });
    while (!p?.cancellable) {
      await new Promise((r) => setImmediate(r));
      p = await app.call('system.progress', { id: stopId });
    }
    expect((await app.call('system.progress', { id: stopId, cancel: true }))?.cancelled).toBe(true);
    expect(await stopping).toBe('CANCELLED');
    const after = await app.call('system.progress', { id: stopId });
    expect(after!.done).toBeLessThan(total);
    const countNow = Number(
      (
        await app.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(countNow).toBe(total);
  });
});

describe('12345 投诉 and 检查记录 exports', () => {
  it('write the whole filtered, sorted list in the grid order with their own columns, counting to n / n, and stop when asked', async () => {
    app = await newSetupApp({ now: '2026-11-22T09:00:00+08:00' });
    const at = '2026-11-22T01:00:00.000Z';
    const department = (await app.call('departments.list', { includeInactive: false }))[0]!.id;
    const { usccCheckChar } = await import('../../shared/domain/uscc');
    const first17 = '91330602MA0000001';
    const institution = (
      await app.call('institutions.create', {
        name: '府山口腔诊所',
        uscc: first17 + usccCheckChar(first17)!,
        category: 'clinic',
        ownership: 'private',
      })
    ).id;
    // 4,500 tickets over two years (more than two blocks each year), half of them 查实.
    const tickets = Array.from({ length: 4_500 }, (_, i) => {
      const received = `${2025 + (i % 2)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      return {
        ticket_no: `12345-${String(100000 + i)}`,
        received_on: received,
        content: `反映服务态度问题（第${i}件）`,
        category: 'ethics' as const,
        institution_id: i % 3 === 0 ? null : institution,
        department_id: department,
        handling_result: '已处理',
        handled_on: `${received.slice(0, 8)}28`,
        substantiated: i % 2,
        feedback_due: `${received.slice(0, 8)}30`.replace('-02-30', '-02-28'),
        rule_days: 7,
        rule_unit: 'calendar',
        feedback_on: null,
        created_at: at,
        updated_at: at,
      };
    });
    for (let i = 0; i < tickets.length; i += 500)
      await app.db
        .insertInto('complaints')
        .values(tickets.slice(i, i + 500))
        .execute();
    const filter = {
      year: 2026,
      status: 'all' as const,
      sort: [{ colId: 'ticketNo' as const, sort: 'asc' as const }],
    };
    const total = (await app.call('complaints.page', { ...filter, startRow: 0, endRow: 0 })).total;
    expect(total).toBe(2_250);
    const id = 'complaintsexport1';
    const file = await app.call('complaints.exportXlsx', { ...filter, progressId: id });
    expect(file.fileName).toBe('12345投诉登记表（2026年）.xlsx');
    expect(await app.call('system.progress', { id })).toMatchObject({ done: total, total, unit: '行' });
    const ws = await readBack(file.base64);
    expect(ws.rowCount).toBe(total + 1);
    const header = ws.getRow(1).values as unknown[];
    expect(header.slice(1, 4)).toEqual(['序号', '工单编号', '受理日期']);
    const ticketsOut: string[] = [];
    ws.eachRow((row, n) => {
      if (n > 1) ticketsOut.push(String(row.getCell(2).value));
    });
    // The grid's order (工单编号 ascending), every ticket of 2026 once, numbered 1…n.
    expect(ticketsOut).toEqual([...ticketsOut].sort());
    expect(new Set(ticketsOut).size).toBe(total);
    expect(ws.getRow(total + 1).getCell(1).value).toBe(total);
    expect(ws.getRow(2).getCell(4).value).toBe('医德医风');

    // Stopped as soon as it is under way: CANCELLED.
    const stopId = 'complaintsexport2';
    const stopping = app
      .call('complaints.exportXlsx', { ...filter, progressId: stopId })
      .then(() => 'finished', caught);
    let p = await app.call('system.progress', { id: stopId });
    while (!p?.cancellable) {
      await new Promise((r) => setImmediate(r));
      p = await app.call('system.progress', { id: stopId });
    }
    await app.call('system.progress', { id: stopId, cancel: true });
    expect(await stopping).toBe('CANCELLED');

    // 检查记录: 2,100 records of 2026 (two blocks), each with its 检查组, through its own block reader.
    const inspector = await app.db
      .insertInto('inspectors')
      .values({
        name: '赵执法',
        department_id: department,
        badge_no: 'ZF-001',
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < 2_100; i++) {
      const on = `2026-${String(1 + (i % 10)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      const { id: inspectionId } = await app.db
        .insertInto('inspections')
        .values({
          institution_id: institution,
          plan_id: null,
          batch_number: null,
          draw_id: null,
          draw_position: null,
          inspected_on: on,
          lead_inspector_id: inspector.id,
          items_json: '["医疗机构执业资质"]',
          outcome: 'qualified',
          rectify_due: null,
          penalties_json: '[]',
          fine_fen: null,
          confiscation_fen: null,
          case_no: null,
          review_on: null,
          review_result: null,
          result_seq: null,
          penalty_seq: null,
          review_seq: null,
          removed_at: null,
          result_category: 'no_problem',
          followup: 'none',
          approval_status: 'passed',
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await app.db
        .insertInto('inspection_team')
        .values({ inspection_id: inspectionId, inspector_id: inspector.id, position: 0, lead: 1 })
        .execute();
    }
    const inspections = await app.call('inspections.exportXlsx', {
      year: 2026,
      progressId: 'inspectionsexport',
    });
    expect(inspections.fileName).toBe('检查记录（2026年）.xlsx');
    expect(await app.call('system.progress', { id: 'inspectionsexport' })).toMatchObject({
      done: 2_100,
      total: 2_100,
    });
    const sheet = await readBack(inspections.base64);
    expect(sheet.rowCount).toBe(2_101);
    const head = sheet.getRow(1).values as unknown[];
    expect(head.slice(1, 4)).toEqual(['序号', '检查日期', '监管对象']);
    const row = sheet.getRow(2);
    expect(row.getCell(3).value).toBe('府山口腔诊所');
    expect(row.getCell(head.indexOf('检查组')).value).toBe('赵执法（' + (await deptName()) + '，组长）');
    expect(row.getCell(head.indexOf('检查结论')).value).toBe(INSPECTION_OUTCOME_LABELS.qualified);
    expect(sheet.getRow(2_101).getCell(1).value).toBe(2_100);

    async function deptName(): Promise<string> {
      const d = (await app!.call('departments.list', { includeInactive: false })).find(
        (x) => x.id === department,
      )!;
      return d.shortName;
    }
  });
});
