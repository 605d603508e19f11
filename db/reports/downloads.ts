// A report's files: the signed package exactly as signed (checked against its SHA-256), and report.docx,
// data.xlsx and data.json, taken from the package once signed or made fresh from a draft.
import { type ReportType } from '../../shared/contract/reports';
import { reportFileName } from '../../shared/print/reports';
import { AppError } from '../../shared/errors';
import { type HandlerContext } from '../core/context';
import type { Output, ParsedInput } from '../../shared/contract';
import { readStoredFile } from '../core/files';
import { DOCX_MIME, JSON_MIME, ZIP_MIME, packageFile, reportDocx, reportJson, reportXlsx } from './outputs';
import { docInput, loadReport, reportRow, type ReportRow } from './store';
import { XLSX_MIME } from '../core/xlsx';

/** The package of a signed report, checked against the SHA-256 signed into the report. */
async function storedPackage(ctx: HandlerContext, row: ReportRow): Promise<Buffer> {
  if (row.status !== 'signed' || !row.package_file_id)
    throw new AppError('VALIDATION', '报告尚未签发，还没有上报数据包');
  const { bytes, file } = await readStoredFile(ctx, row.package_file_id);
  if (file.sha256 !== row.package_sha256)
    throw new AppError('INTERNAL', '上报数据包文件与签发时记录的 SHA-256 不符，拒绝导出');
  return bytes;
}

/** One of the package's files for a signed report (exactly as signed), or freshly made for a draft. */
async function reportFile(
  ctx: HandlerContext,
  id: number,
  name: 'report.docx' | 'data.xlsx' | 'data.json',
): Promise<Buffer> {
  const row = await reportRow(ctx.db, id);
  if (row.status === 'signed') return packageFile(await storedPackage(ctx, row), name);
  const r = await loadReport(ctx.db, id, ctx.now());
  if (name === 'report.docx') return reportDocx(docInput(r));
  if (name === 'data.xlsx') return reportXlsx(r.data, r.title);
  return reportJson(r.data);
}

export async function downloadReportPackage(
  { id }: ParsedInput<'reports.package'>,
  ctx: HandlerContext,
): Promise<Output<'reports.package'>> {
  const row = await reportRow(ctx.db, id);
  const bytes = await storedPackage(ctx, row);
  return {
    fileName: reportFileName(
      { type: row.type as ReportType, period: row.period, version: row.version },
      'zip',
    ),
    mimeType: ZIP_MIME,
    base64: bytes.toString('base64'),
  };
}

export async function downloadReportDocx(
  { id }: ParsedInput<'reports.docx'>,
  ctx: HandlerContext,
): Promise<Output<'reports.docx'>> {
  const row = await reportRow(ctx.db, id);
  return {
    fileName: reportFileName(
      { type: row.type as ReportType, period: row.period, version: row.version },
      'docx',
    ),
    mimeType: DOCX_MIME,
    base64: (await reportFile(ctx, id, 'report.docx')).toString('base64'),
  };
}

export async function downloadReportXlsx(
  { id }: ParsedInput<'reports.xlsx'>,
  ctx: HandlerContext,
): Promise<Output<'reports.xlsx'>> {
  const row = await reportRow(ctx.db, id);
  return {
    fileName: reportFileName(
      { type: row.type as ReportType, period: row.period, version: row.version },
      'xlsx',
    ),
    mimeType: XLSX_MIME,
    base64: (await reportFile(ctx, id, 'data.xlsx')).toString('base64'),
  };
}

export async function downloadReportJson(
  { id }: ParsedInput<'reports.json'>,
  ctx: HandlerContext,
): Promise<Output<'reports.json'>> {
  const row = await reportRow(ctx.db, id);
  return {
    fileName: reportFileName(
      { type: row.type as ReportType, period: row.period, version: row.version },
      'json',
    ),
    mimeType: JSON_MIME,
    base64: (await reportFile(ctx, id, 'data.json')).toString('base64'),
  };
}
