// The public results table of a 双随机 batch (一公开) as a GB/T 9704 plain document: what was inspected, by which
// departments and when, and one row per institution with its result and handling. Legal persons by name and
// 统一社会信用代码; natural persons only masked; no inspector is named. The rows come masked from the server
// (db/enforcement/publications.ts), which also writes the same rows to xlsx.
import type { InspectionPublicationBatch, PublicResultsTable } from '../contract/inspections';
import { formatChineseDate } from '../dates';
import type { OfficialBlock, OfficialDoc } from './official';

const planTitle = (b: Pick<InspectionPublicationBatch, 'year' | 'planName'>) =>
  b.planName.includes(String(b.year)) ? b.planName : `${b.year}年度${b.planName}`;

/** '2026年度医疗机构双随机抽查 第2批（第四季度）抽查结果' */
export function publicResultsTitle(
  b: Pick<InspectionPublicationBatch, 'year' | 'planName' | 'batchNumber' | 'batchName'>,
): string {
  return `${planTitle(b)} 第${b.batchNumber}批（${b.batchName}）抽查结果`;
}

export function publicResultsFileName(
  b: Pick<InspectionPublicationBatch, 'year' | 'planName' | 'batchNumber'>,
  ext: 'xlsx' | 'pdf',
): string {
  return `${planTitle(b)}第${b.batchNumber}批抽查结果公示表.${ext}`.replace(/[\\/:*?"<>|]/g, '_');
}

export const PUBLIC_NOTE =
  '本表公开被检查单位的名称、统一社会信用代码和检查结果；涉及自然人的姓名、证书编号已去标识化，执法检查人员个人信息不予公开。';

export function publicResultsDoc(t: PublicResultsTable, date: string): OfficialDoc {
  const b = t.batch;
  const departments = [...new Set(t.rows.flatMap((r) => r.departments.split('、')).filter(Boolean))];
  const items = [...new Set(t.rows.flatMap((r) => r.items.split('；')).filter(Boolean))];
  const blocks: OfficialBlock[] = [
    {
      type: 'p',
      text: `根据“双随机、一公开”监管要求，${departments.length ? departments.join('、') : t.officeName}于${formatChineseDate(b.startDate)}至${formatChineseDate(b.endDate)}对${planTitle(b)}第${b.batchNumber}批（${b.batchName}）随机抽取的 ${b.targetCount} 家监管对象开展抽查，抽查事项为：${items.map((x, i) => `${i + 1}. ${x}`).join('；')}。已完成检查 ${t.rows.length} 家，结果公示如下。`,
    },
    {
      type: 'table',
      // Widths in mm of the 156 mm text block, with 1.5 mm padding each side: in 4号 序号 needs 13.2 mm, a date
      // 28.3 and a 统一社会信用代码 up to 66 (W and M are wide), so that none of them is cut; the code follows the
      // name after a space, on a line of its own where the name is long. The departments are named above, the
      // rows' own in the Excel version.
      columns: ['序号', '机构名称（统一社会信用代码）', '检查日期', '检查结果及后续处置'],
      widths: [13.5, 66, 29.5, 47],
      rows: t.rows.map((r) => [
        String(r.no),
        `${r.institutionName} ${r.uscc}`,
        r.inspectedOn,
        `${r.outcome}：${r.handling}${r.persons !== '—' ? `；涉及人员：${r.persons}` : ''}`,
      ]),
    },
    { type: 'p', text: `说明：${PUBLIC_NOTE}如有异议，请向${t.officeName}反映。` },
  ];
  return {
    kind: 'plain',
    title: '双随机抽查结果公示',
    subtitle: `${planTitle(b)}\u3000第${b.batchNumber}批（${b.batchName}）`,
    blocks,
    signer: t.officeName,
    date,
  };
}
