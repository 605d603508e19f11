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
import { getOffice } from '../system/users';

/** The package of a signed report, checked against the SHA-256 signed into the report. */
async function storedPackage(ctx: HandlerContext, row: ReportRow): Promise<Buffer> {
  if (row.status !== 'signed' || !row.package_file_id)
    throw new AppError('VALIDATION', '报告尚未签发，还没有上报数据包');
  const { bytes, file } = await readStoredFile(ctx, row.package_file_id);
  if (file.sha256 !== row.package_sha256)
    throw new AppError('INTERNAL', '上报数据包文件与签发时记录的 SHA-256 不符，拒绝导出');
  return bytes;
}

const FILES = {
  'report.docx': { ext: 'docx', mimeType: DOCX_MIME },
  'data.xlsx': { ext: 'xlsx', mimeType: XLSX_MIME },
  'data.json': { ext: 'json', mimeType: JSON_MIME },
} as const;

/** The download's name carries the office (packages from several districts meet in one folder upstream). */
const fileNameOf = async (ctx: HandlerContext, row: ReportRow, ext: Parameters<typeof reportFileName>[1]) =>
  reportFileName(
    { type: row.type as ReportType, period: row.period, version: row.version },
    ext,
    (await getOffice(ctx.db))?.name,
  );

/** One of the package's files, as a download: for a signed report exactly as signed, for a draft made fresh. */
async function reportFileDownload(
  ctx: HandlerContext,
  id: number,
  name: keyof typeof FILES,
): Promise<Output<'reports.docx'>> {
  const row = await reportRow(ctx.db, id);
  let bytes: Buffer;
  if (row.status === 'signed') bytes = packageFile(await storedPackage(ctx, row), name);
  else {
    const r = await loadReport(ctx.db, id, ctx.now());
    bytes =
      name === 'report.docx'
        ? await reportDocx(docInput(r))
        : name === 'data.xlsx'
          ? await reportXlsx(r.data, r.title)
          : reportJson(r.data);
  }
  const { ext, mimeType } = FILES[name];
  return { fileName: await fileNameOf(ctx, row, ext), mimeType, base64: bytes.toString('base64') };
}

export async function downloadReportPackage(
  { id }: ParsedInput<'reports.package'>,
  ctx: HandlerContext,
): Promise<Output<'reports.package'>> {
  const row = await reportRow(ctx.db, id);
  const bytes = await storedPackage(ctx, row);
  return {
    fileName: await fileNameOf(ctx, row, 'zip'),
    mimeType: ZIP_MIME,
    base64: bytes.toString('base64'),
  };
}

export const downloadReportDocx = ({ id }: ParsedInput<'reports.docx'>, ctx: HandlerContext) =>
  reportFileDownload(ctx, id, 'report.docx');

export const downloadReportXlsx = ({ id }: ParsedInput<'reports.xlsx'>, ctx: HandlerContext) =>
  reportFileDownload(ctx, id, 'data.xlsx');

export const downloadReportJson = ({ id }: ParsedInput<'reports.json'>, ctx: HandlerContext) =>
  reportFileDownload(ctx, id, 'data.json');
