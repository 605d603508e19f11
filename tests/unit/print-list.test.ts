// 打印当前列表's sheet (shared/print/grid-list.ts): the title, filters in words, the count, the columns in order,
// escaped cells (codes and dates kept on one line), landscape only when the columns need it, and a sheet the PDF
// endpoint accepts.
import { describe, expect, it } from 'vitest';
import { printableWithoutActiveContent } from '../../shared/contract/platform';
import {
  describeColumnFilter,
  printListFileName,
  printListFilterLine,
  printListHtml,
  printListLandscape,
  printListTooLong,
  type PrintList,
} from '../../shared/print/grid-list';

const list = (over: Partial<PrintList> = {}): PrintList => ({
  title: '12345 投诉',
  filters: ['年度 2026 年', '搜索“诊所”'],
  columns: [
    { header: '序号', width: 72, align: 'right' },
    { header: '工单编号', width: 176 },
    { header: '被投诉机构', width: 170 },
  ],
  rows: [
    ['1', 'GD-001', '<b>某诊所</b> & 药房'],
    ['2', 'GD-002', '—'],
  ],
  printedAt: '2026-11-22 09:00',
  ...over,
});

describe('printed list', () => {
  it('writes the title, the filter line, the count, the time and every row under the shown headers', () => {
    const html = printListHtml(list());
    expect(html).toContain('<h1 class="doc-title">12345 投诉</h1>');
    expect(html).toContain('筛选：年度 2026 年；搜索“诊所”');
    expect(html).toContain('共 2 条');
    expect(html).toContain('打印时间：2026-11-22 09:00');
    expect(html).toContain('<thead><tr><th>序号</th><th>工单编号</th><th>被投诉机构</th></tr></thead>');
    expect(html.match(/<tr>/g)).toHaveLength(3); // header + 2 rows
    expect(html).toContain('&lt;b&gt;某诊所&lt;/b&gt; &amp; 药房'); // cells are text, never markup
    expect(html).toContain('<td class="c-num c-word">1</td>');
    // Codes and dates stay on one line; Chinese text wraps.
    expect(html).toContain('<td class="c-word">GD-001</td>');
    expect(html).toContain('<td class="c-word">—</td>');
    expect(html).toContain('<td>&lt;b&gt;某诊所&lt;/b&gt; &amp; 药房</td>');
    expect(printableWithoutActiveContent({ html, styles: '' })).toBe(true);
  });

  it('says when nothing filters, and when nothing matches', () => {
    expect(printListFilterLine([])).toBe('筛选：无（全部记录）');
    const html = printListHtml(list({ filters: [], rows: [] }));
    expect(html).toContain('筛选：无（全部记录）');
    expect(html).toContain('共 0 条');
    expect(html).toContain('<td colspan="3" class="c-seq">没有符合条件的记录</td>');
  });

  it('prints portrait for a few narrow columns and landscape when the columns need the width', () => {
    expect(printListLandscape(list().columns)).toBe(false);
    expect(printListHtml(list())).toContain('grid-list-print portrait');
    const many = Array.from({ length: 6 }, (_, i) => ({ header: `列${i}`, width: 100 }));
    expect(printListLandscape(many)).toBe(true);
    expect(
      printListLandscape([
        { header: '地址', width: 400 },
        { header: '名称', width: 400 },
      ]),
    ).toBe(true);
    expect(printListHtml(list({ columns: many, rows: [] }))).toContain('grid-list-print landscape');
  });

  it('names the file after the title and the day, without characters a file name cannot hold', () => {
    expect(printListFileName('12345 投诉', '2026-11-22')).toBe('12345投诉（2026-11-22）.pdf');
    expect(printListFileName('信用/台账:记录?', '2026-11-22')).toBe('信用台账记录（2026-11-22）.pdf');
    expect(printListFileName('  ', '2026-11-22')).toBe('列表（2026-11-22）.pdf');
  });

  it('puts the columns’ own filters in words', () => {
    expect(describeColumnFilter('名称', { filterType: 'text', type: 'contains', filter: '诊所' })).toBe(
      '名称 包含“诊所”',
    );
    expect(describeColumnFilter('在职人员', { filterType: 'number', type: 'greaterThan', filter: 0 })).toBe(
      '在职人员 大于 0',
    );
    expect(
      describeColumnFilter('收到日期', {
        filterType: 'date',
        type: 'inRange',
        dateFrom: '2026-01-01 00:00:00',
        dateTo: '2026-03-31 00:00:00',
      }),
    ).toBe('收到日期 介于 2026-01-01 至 2026-03-31');
    expect(
      describeColumnFilter('收到日期', { filterType: 'date', type: 'lessThan', dateFrom: '2026-05-01' }),
    ).toBe('收到日期 早于 2026-05-01');
    expect(describeColumnFilter('地址', { filterType: 'text', type: 'blank' })).toBe('地址 为空');
    expect(
      describeColumnFilter('操作人', {
        filterType: 'text',
        operator: 'OR',
        conditions: [
          { filterType: 'text', type: 'equals', filter: '张三' },
          { filterType: 'text', type: 'equals', filter: '李四' },
        ],
      }),
    ).toBe('操作人 等于“张三”或等于“李四”');
  });

  it('asks for a filter when the list is too long', () => {
    expect(printListTooLong(8123)).toBe('当前列表共 8123 行，超过 5000 行，请先筛选或导出 Excel');
  });
});
