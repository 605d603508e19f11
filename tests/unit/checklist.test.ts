import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppError } from '../../shared/errors';
import { TEST_STORE } from './test-store';
import { newSetupApp, type TestApp } from './helpers';

let app: TestApp;
let dir: string | null = null;
afterEach(async () => {
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('checklist', () => {
  it('creates the 越城区 list from its template: 25 items, first unit leads, every name resolved', async () => {
    app = await newSetupApp();
    const preview = await app.call('checklist.previewTemplate', { templateId: 'yuecheng-2020' });
    expect(preview.unresolved).toEqual([]);
    const list = await app.call('checklist.create', {
      year: 2026,
      templateId: 'yuecheng-2020',
      unresolved: [],
    });
    expect(list.items).toHaveLength(25);
    expect(list.items[0]).toMatchObject({ code: '1', title: '加强医疗机构党建引领', remark: '持续推进' });
    expect(list.items[0]!.units).toEqual([
      expect.objectContaining({ shortName: '区卫生健康局', role: 'lead' }),
    ]);
    const item2 = list.items[1]!;
    expect(item2.remark).toBe('协商每年不少于1次');
    // measurable: at least once a year; no joint-meeting records exist yet, so 0 of 1, said to be uncounted
    expect(item2.measure).toEqual({
      requiredPerYear: 1,
      achieved: 0,
      source: '已召开的定期联席会议',
      counted: true,
    });
    expect(list.items[0]!.measure).toBeNull();
    expect(item2.units.map((u) => u.shortName)).toEqual([
      '区卫生健康局',
      '区发改局',
      '区公安分局',
      '区财政局',
      '区人社局',
      '区市场监管局',
      '区医保分局',
      '区生态环境分局',
      '各镇街',
    ]);
    expect(item2.units.filter((u) => u.role === 'lead')).toHaveLength(1);
    // 区市场监管局's own responsibilities
    const market = list.items
      .filter((i) => i.units.some((u) => u.shortName === '区市场监管局'))
      .map((i) => i.code);
    expect(market).toEqual(['2', '4', '5', '7', '8', '10', '11', '12', '13', '14', '16', '18', '23']);
    await expect(
      app.call('checklist.create', { year: 2026, templateId: null, unresolved: [] }),
    ).rejects.toThrow('已存在');
  });

  it('reports names the directory does not know, and creates or maps them only when told', async () => {
    app = await newSetupApp();
    const preview = await app.call('checklist.previewTemplate', { templateId: 'xicheng-2022' });
    const names = preview.unresolved.map((u) => u.name);
    expect(names).toContain('区卫生健康委');
    expect(names).toContain('西城公安分局');
    const e = await app
      .call('checklist.create', { year: 2026, templateId: 'xicheng-2022', unresolved: [] })
      .catch((x: unknown) => x);
    expect((e as AppError).code).toBe('VALIDATION');
    expect((e as AppError).message).toContain('区卫生健康委');
    expect(await app.call('checklist.get', { year: 2026 })).toBeNull();
    const depts = await app.call('departments.list', { includeInactive: true });
    const health = depts.find((d) => d.shortName === '区卫生健康局')!.id;
    const police = depts.find((d) => d.shortName === '区公安分局')!.id;
    const unresolved = preview.unresolved.map((u) => ({
      name: u.name,
      departmentId: u.name === '区卫生健康委' ? health : u.name === '西城公安分局' ? police : null,
    }));
    const list = await app.call('checklist.create', { year: 2026, templateId: 'xicheng-2022', unresolved });
    expect(list.items).toHaveLength(21);
    expect(list.items[0]!.units[1]).toMatchObject({ departmentId: health, role: 'participant' });
    const after = await app.call('departments.resolve', { names: ['区委组织部'] });
    expect(after[0]!.departmentId).not.toBeNull(); // created, not dropped
  });

  it('records quarterly progress with evidence stored by SHA-256, and marks missing reports late after the deadline', async () => {
    dir = mkdtempSync(join(tmpdir(), 'zj-cl-'));
    app = await newSetupApp({ dataDir: dir, now: '2026-11-22T01:00:00Z' });
    const list = await app.call('checklist.create', {
      year: 2026,
      templateId: 'yuecheng-2020',
      unresolved: [],
    });
    const item = list.items[12]!; // 13 双随机
    const market = item.units.find((u) => u.shortName === '区市场监管局')!;
    const report = await app.call('checklist.report', {
      itemId: item.id,
      departmentId: market.departmentId,
      quarter: 3,
      status: 'done',
      narrative: '开展双随机联合抽查 2 次',
      evidence: [{ fileName: '抽查记录.pdf', base64: PDF.toString('base64') }],
    });
    expect(report.evidence).toHaveLength(1);
    const sha = report.evidence[0]!.sha256;
    // A desk keeps the file in its data folder; the office server in the database (attachment_contents).
    const stored =
      TEST_STORE === 'postgres'
        ? (
            await app.db
              .selectFrom('attachment_contents')
              .select('content')
              .where('sha256', '=', sha)
              .executeTakeFirstOrThrow()
          ).content
        : readFileSync(join(dir, 'attachments', sha.slice(0, 2), sha));
    expect(existsSync(join(dir, 'attachments', sha.slice(0, 2), sha))).toBe(TEST_STORE === 'sqlite');
    const file = await app.call('checklist.evidenceFile', { fileId: report.evidence[0]!.id });
    expect(Buffer.from(file.base64, 'base64').equals(PDF)).toBe(true);
    expect(Buffer.from(stored).equals(PDF)).toBe(true);

    const q3 = await app.call('checklist.progress', { year: 2026, quarter: 3 });
    expect(q3.deadline).toBe('2026-09-30');
    expect(q3.deadlinePassed).toBe(true);
    const cell = q3.cells.find((c) => c.itemId === item.id && c.departmentId === market.departmentId)!;
    expect(cell).toMatchObject({ status: 'done', late: false });
    const missing = q3.cells.find((c) => c.itemId === item.id && c.departmentId !== market.departmentId)!;
    expect(missing).toMatchObject({ status: null, late: true });
    // The office may give departments N working days after the quarter instead (2026-10-01..07 is 国庆节).
    await app.call('settings.update', {
      checklistReportDeadline: { rule: 'workingDaysAfterQuarter', days: 5 },
    });
    const q3late = await app.call('checklist.progress', { year: 2026, quarter: 3 });
    expect(q3late.deadline).toBe('2026-10-13'); // 10-08, 10-09, 10-10 (调休 Saturday), 10-12, 10-13
    await app.call('settings.update', { checklistReportDeadline: { rule: 'lastWorkingDay' } });
    const q4 = await app.call('checklist.progress', { year: 2026, quarter: 4 });
    expect(q4.deadline).toBe('2026-12-31');
    expect(q4.cells.every((c) => !c.late)).toBe(true);
  });

  it('refuses evidence whose content does not match its type, and reports from units not on the item', async () => {
    dir = mkdtempSync(join(tmpdir(), 'zj-cl-'));
    app = await newSetupApp({ dataDir: dir });
    const list = await app.call('checklist.create', {
      year: 2026,
      templateId: 'yuecheng-2020',
      unresolved: [],
    });
    const item = list.items[0]!; // only 区卫生健康局
    const lead = item.units[0]!.departmentId;
    const fake = { fileName: '通知.pdf', base64: Buffer.from('MZ this is an exe').toString('base64') };
    await expect(
      app.call('checklist.report', {
        itemId: item.id,
        departmentId: lead,
        quarter: 1,
        status: 'done',
        evidence: [fake],
      }),
    ).rejects.toThrow('内容与扩展名 .pdf 不符');
    await expect(
      app.call('checklist.report', {
        itemId: item.id,
        departmentId: lead,
        quarter: 1,
        status: 'done',
        evidence: [{ fileName: 'a.exe', base64: 'TVo=' }],
      }),
    ).rejects.toThrow('不支持的附件类型');
    const other = list.items[1]!.units[1]!.departmentId;
    await expect(
      app.call('checklist.report', { itemId: item.id, departmentId: other, quarter: 1, status: 'done' }),
    ).rejects.toThrow('不是此项任务的责任单位');
    const q1 = await app.call('checklist.progress', { year: 2026, quarter: 1 });
    expect(q1.reports).toEqual([]);
  });

  it('edits, retires (keeping progress), reorders and copies forward', async () => {
    app = await newSetupApp();
    const list = await app.call('checklist.create', {
      year: 2026,
      templateId: 'yuecheng-2020',
      unresolved: [],
    });
    const [first, second] = list.items;
    await app.call('checklist.report', {
      itemId: first!.id,
      departmentId: first!.units[0]!.departmentId,
      quarter: 1,
      status: 'in_progress',
    });
    const e = await app
      .call('checklist.updateItem', {
        itemId: first!.id,
        title: first!.title,
        units: [
          { departmentId: first!.units[0]!.departmentId, role: 'lead' },
          { departmentId: second!.units[1]!.departmentId, role: 'lead' },
        ],
      })
      .catch((x: unknown) => x);
    expect((e as AppError).message).toBe('每项任务须有且只有一个牵头单位');
    const retired = await app.call('checklist.setRetired', { itemId: first!.id, retired: true });
    expect(retired.retired).toBe(true);
    expect((await app.call('checklist.progress', { year: 2026, quarter: 1 })).reports).toHaveLength(1);
    const reordered = await app.call('checklist.reorder', {
      checklistId: list.id,
      itemIds: [...list.items.map((i) => i.id)].reverse(),
    });
    expect(reordered.items[0]!.code).toBe('25');
    const next = await app.call('checklist.copyForward', { fromYear: 2026, toYear: 2027 });
    expect(next.items).toHaveLength(24); // the retired item stays behind
    expect(next.items[0]!.code).toBe('25');
    expect(next.items.find((i) => i.code === '2')!.units).toEqual(list.items[1]!.units);
  });
});
