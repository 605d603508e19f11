// 数据迁入 at scale: an office roster of 20,000 institutions, shaped as offices have them (a merged title row, the
// header on row 3, their own header names and 类别 words), each file with codes no other file uses so every run
// adds them all.
import ExcelJS from 'exceljs';
import { usccCheckChar } from '../../shared/domain/uscc';

const CATEGORIES = ['综合医院', '社区卫生服务中心', '口腔诊所', '医疗美容诊所', '个体诊所', '中医诊所'];
const OWNERSHIP = ['政府办', '民营', '私营'];

export const IMPORT_ROWS = 20000;

export async function rosterBase64(file: number, rows = IMPORT_ROWS): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('医疗机构名录');
  ws.addRow(['基准区医疗机构基本情况登记表']);
  ws.mergeCells('A1:H1');
  ws.addRow([]);
  ws.addRow(['序号', '医疗机构名称', '社会信用代码', '登记号', '类别', '经营性质', '执业地址', '发证日期']);
  for (let i = 0; i < rows; i++) {
    const n = String(file * 100000 + i).padStart(7, '0');
    const first17 = `91330699MA${n}`;
    ws.addRow([
      i + 1,
      `基准迁入机构${file}-${i}`,
      first17 + usccCheckChar(first17)!,
      `PDYB${file}X${i}`,
      CATEGORIES[i % CATEGORIES.length],
      OWNERSHIP[i % OWNERSHIP.length],
      `基准路 ${i} 号`,
      43000 + (i % 3000),
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}
