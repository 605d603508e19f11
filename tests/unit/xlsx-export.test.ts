// Exported workbooks read back with exceljs (and styles.xml, which exceljs does not read for quotePrefix): dates
// and times are real dates with a Chinese format, and text that could start a formula carries Excel's quote
// prefix instead of a stored apostrophe.
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import {
  EXCEL_DATE_FORMAT,
  EXCEL_DATETIME_FORMAT,
  excelDate,
  readSheet,
  writeSheet,
} from '../../db/core/xlsx';
import { cellStyle } from '../xlsx-style';
import { newSetupApp } from './helpers';

async function firstSheet(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}

describe('Excel exports', () => {
  it('reads ISO dates and times as Excel dates, Beijing time for instants, and nothing else', () => {
    expect(excelDate('2026-03-04')).toEqual({
      value: new Date(Date.UTC(2026, 2, 4)),
      numFmt: EXCEL_DATE_FORMAT,
    });
    expect(excelDate('2026-03-04 09:30')).toEqual({
      value: new Date(Date.UTC(2026, 2, 4, 9, 30)),
      numFmt: EXCEL_DATETIME_FORMAT,
    });
    // 01:30 UTC is 09:30 in Beijing: the sheet shows the office's own clock.
    expect(excelDate('2026-03-04T01:30:00.000Z')!.value).toEqual(new Date(Date.UTC(2026, 2, 4, 9, 30)));
    expect(excelDate('2026-03-04T09:30:00+08:00')!.value).toEqual(new Date(Date.UTC(2026, 2, 4, 9, 30)));
    for (const s of ['2026-02-30', '2026-03-04 至 2026-05-06', '第2026-03-04号', '2026-3-4', '20260304'])
      expect(excelDate(s), s).toBeNull();
  });

  it('writes dates, times and guarded text as Excel keeps them', async () => {
    const rows = [
      { on: '2026-11-22', at: '2026-11-22T01:03:00.000Z', text: '=1+2', plain: '开展抽查 =2 次' },
    ];
    const bytes = await writeSheet(
      '测试',
      [
        { header: '日期', width: 12, value: (r: (typeof rows)[number]) => r.on },
        { header: '时间', width: 18, value: (r) => r.at },
        { header: '公式样文字', width: 12, value: (r) => r.text },
        { header: '文字', width: 12, value: (r) => r.plain },
      ],
      rows,
    );
    const ws = await firstSheet(bytes);
    const [on, at, text, plain] = [1, 2, 3, 4].map((c) => ws.getRow(2).getCell(c));
    expect(on!.value).toBeInstanceOf(Date);
    expect((on!.value as Date).toISOString()).toBe('2026-11-22T00:00:00.000Z');
    expect(on!.numFmt).toBe(EXCEL_DATE_FORMAT);
    expect((at!.value as Date).toISOString()).toBe('2026-11-22T09:03:00.000Z');
    expect(at!.numFmt).toBe(EXCEL_DATETIME_FORMAT);
    expect(cellStyle(bytes, 1, 'A2').formatCode).toBe(EXCEL_DATE_FORMAT);
    // The text as typed, no apostrophe, and the quote prefix in its style.
    expect(text!.value).toBe('=1+2');
    expect(cellStyle(bytes, 1, 'C2').quotePrefix).toBe(true);
    expect(plain!.value).toBe('开展抽查 =2 次');
    expect(cellStyle(bytes, 1, 'D2').quotePrefix).toBe(false);
    expect(cellStyle(bytes, 1, 'A2').quotePrefix).toBe(false);
    // Read back by the app's own importer: the same text and the date as yyyy-mm-dd.
    const back = await readSheet(bytes, ['日期', '公式样文字']);
    expect(back[0]!.cells).toMatchObject({ 日期: '2026-11-22', 公式样文字: '=1+2' });
    // The same data gives the same bytes.
    expect(
      Buffer.compare(
        bytes,
        await writeSheet(
          '测试',
          [
            { header: '日期', width: 12, value: (r: (typeof rows)[number]) => r.on },
            { header: '时间', width: 18, value: (r) => r.at },
            { header: '公式样文字', width: 12, value: (r) => r.text },
            { header: '文字', width: 12, value: (r) => r.plain },
          ],
          rows,
        ),
      ),
    ).toBe(0);
  });

  it("the audit log's 时间 is a real time", async () => {
    const app = await newSetupApp({ now: '2026-11-22T01:03:00.000Z' });
    try {
      const file = await app.call('audit.exportXlsx', {});
      const ws = await firstSheet(Buffer.from(file.base64, 'base64'));
      expect(ws.getRow(1).getCell(2).value).toBe('时间');
      const cell = ws.getRow(2).getCell(2);
      expect(cell.value).toBeInstanceOf(Date);
      expect((cell.value as Date).toISOString()).toBe('2026-11-22T09:03:00.000Z');
      expect(cell.numFmt).toBe(EXCEL_DATETIME_FORMAT);
    } finally {
      await app.close();
    }
  });
});
