// The 市级汇总 adds the districts' 双随机抽查 counting tables up row by row (the rate recomputed from the sums), and
// the summed tables are in the roll-up's Excel (a sheet each, read back with exceljs) and in its print.
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { computeRollup, rollupWorkbook, type RollupInput } from '../../db/upstream/upstream';
import { rollupHtml } from '../../shared/print/upstream';
import { SPOTCHECK_COUNT_COLUMNS, type ReportData } from '../../shared/domain/report-package';

const district = (
  packageId: number,
  name: string,
  byItem: (string | number)[][],
  withTables = true,
): RollupInput => ({
  packageId,
  district: name,
  officeName: `绍兴市${name}卫生健康局`,
  version: 1,
  signedAt: '2027-01-10T02:00:00Z',
  data: {
    format: 'zongjian-report-data/1',
    reportType: 'enforcement',
    period: '2026',
    periodStart: '2026-01-01',
    periodEnd: '2026-12-31',
    office: { name: `绍兴市${name}卫生健康局`, uscc: '' },
    indicators: [
      { key: 'spotcheck.inspected', label: '双随机检查户次', unit: '户次', value: 1, rollup: 'sum' },
    ] as ReportData['indicators'],
    tables: withTables
      ? [
          {
            key: 'spotcheck_by_item',
            title: '双随机抽查情况（按抽查事项）',
            columns: ['抽查事项', ...SPOTCHECK_COUNT_COLUMNS],
            rows: byItem,
          },
        ]
      : [],
  },
});

describe('市级汇总 of the 双随机 counts', () => {
  it('sums rows of the same label, recomputes the rate, and writes the sums to Excel and the print', async () => {
    const r = computeRollup('enforcement', '2026', [
      district(1, '越城区', [
        ['医疗废物处置', 10, 2, 1, 20],
        ['传染病防治', 4, 0, 0, 0],
      ]),
      district(2, '柯桥区', [
        ['医疗废物处置', 6, 3, 0, 50],
        ['放射诊疗管理', 2, 1, 1, 50],
      ]),
      // A package signed before the tables existed adds nothing to them.
      district(3, '上虞区', [], false),
    ]);
    expect(r.tables).toHaveLength(1);
    const t = r.tables[0]!;
    expect(t.rows).toEqual([
      ['医疗废物处置', 16, 5, 1, 31.3],
      ['传染病防治', 4, 0, 0, 0],
      ['放射诊疗管理', 2, 1, 1, 50],
    ]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await rollupWorkbook(r)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['2026汇总', '双随机抽查情况（按抽查事项）（合计）']);
    const ws = wb.worksheets[1]!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['抽查事项', ...SPOTCHECK_COUNT_COLUMNS]);
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(['医疗废物处置', 16, 5, 1, 31.3]);
    expect(ws.actualRowCount).toBe(4);

    const html = rollupHtml(r, { office: '绍兴市卫生健康委员会', date: '2027-01-20' }, null);
    expect(html).toContain('双随机抽查情况（按抽查事项）（各区县合计）');
    expect(html.replace(/<[^>]+>/g, '|')).toMatch(/医疗废物处置\|+16\|+5\|+1\|+31\.3/);
  });
});
