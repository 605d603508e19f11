// Attached files, stored once by content (db/core/attachment-store.ts): on a single desk in
// <data>/attachments/<first two hex>/<sha256>, on the office server in the database. The `files` table keeps the
// digest, size and type; links (e.g. checklist evidence) keep the name the user gave the file. A file written to
// the folder by a transaction that later rolls back stays on disk unreferenced, which is harmless: same bytes,
// same name (on the server it rolls back with the transaction).
import { EVIDENCE_MAX_BYTES, EVIDENCE_TYPES } from '../../shared/domain/checklist';
import { AppError } from '../../shared/errors';
import { safeFileName } from '../../shared/domain/file-names';
import type { HandlerContext } from './context';
import { nowIso } from './context';
import { attachmentStoreFor, readChecked, sha256Of, type AttachmentStore } from './attachment-store';

export interface StoredFile {
  id: number;
  sha256: string;
  size: number;
  mimeType: string;
}

/** Content must match what the extension claims: a renamed .exe is not a PDF. */
function contentMatches(ext: string, bytes: Buffer): boolean {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  switch (ext) {
    case 'pdf':
      return starts(0x25, 0x50, 0x44, 0x46); // %PDF
    case 'png':
      return starts(0x89, 0x50, 0x4e, 0x47);
    case 'jpg':
    case 'jpeg':
      return starts(0xff, 0xd8, 0xff);
    case 'docx':
    case 'xlsx':
    case 'zip':
    case 'ofd':
      return starts(0x50, 0x4b, 0x03, 0x04); // zip container
    case 'doc':
    case 'xls':
    case 'wps':
      return starts(0xd0, 0xcf, 0x11, 0xe0); // OLE compound file
    case 'txt':
      return !bytes.includes(0);
    default:
      return false;
  }
}

/** Where this call's attachments live: the office server's database, or the desk's data folder. */
export function attachmentStore(ctx: HandlerContext): AttachmentStore {
  return attachmentStoreFor(ctx.db, ctx.dataDir);
}

export async function storeFile(
  ctx: HandlerContext,
  upload: { fileName: string; base64: string },
): Promise<StoredFile> {
  const ext = upload.fileName.toLowerCase().split('.').pop() ?? '';
  const mimeType = EVIDENCE_TYPES[ext];
  if (!mimeType || !upload.fileName.includes('.')) {
    throw new AppError(
      'VALIDATION',
      `不支持的附件类型“${upload.fileName}”，可上传：${Object.keys(EVIDENCE_TYPES).join('、')}`,
    );
  }
  const bytes = Buffer.from(upload.base64, 'base64');
  if (bytes.length === 0) throw new AppError('VALIDATION', `附件“${upload.fileName}”是空文件`);
  if (bytes.length > EVIDENCE_MAX_BYTES) {
    throw new AppError('VALIDATION', `附件“${upload.fileName}”超过 ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB`);
  }
  if (!contentMatches(ext, bytes)) {
    throw new AppError('VALIDATION', `附件“${upload.fileName}”的内容与扩展名 .${ext} 不符`);
  }
  const sha256 = sha256Of(bytes);
  await attachmentStore(ctx).put(sha256, bytes);
  const existing = await ctx.db
    .selectFrom('files')
    .selectAll()
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  if (existing) return { id: existing.id, sha256, size: existing.size, mimeType: existing.mime_type };
  const { id } = await ctx.db
    .insertInto('files')
    .values({ sha256, size: bytes.length, mime_type: mimeType, created_at: nowIso(ctx) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, sha256, size: bytes.length, mimeType };
}

export async function readStoredFile(
  ctx: HandlerContext,
  fileId: number,
): Promise<{ bytes: Buffer; file: StoredFile }> {
  const row = await ctx.db.selectFrom('files').selectAll().where('id', '=', fileId).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', '附件不存在');
  const bytes = await readChecked(attachmentStore(ctx), row.sha256);
  return { bytes, file: { id: row.id, sha256: row.sha256, size: row.size, mimeType: row.mime_type } };
}

/** The name a stored file is handed out under (shared/domain/file-names.ts): the last path segment of the
 *  name it was given, without direction marks, characters Windows refuses or a device name, so no download can
 *  be steered into another folder or disguised. */
export function downloadName(given: string, fallback = '附件'): string {
  return safeFileName(given, fallback);
}
