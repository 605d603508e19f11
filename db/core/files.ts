// Attached files, stored once by content: <data>/attachments/<first two hex>/<sha256>. The database keeps the
// digest, size and type; links (e.g. checklist evidence) keep the name the user gave the file. A file written
// by a transaction that later rolls back stays on disk unreferenced, which is harmless: same bytes, same name.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVIDENCE_MAX_BYTES, EVIDENCE_TYPES } from '../../shared/domain/checklist';
import { AppError } from '../../shared/errors';
import { safeFileName } from '../../shared/domain/file-names';
import type { HandlerContext } from './context';
import { nowIso } from './context';

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

function attachmentsDir(ctx: HandlerContext): string {
  if (!ctx.dataDir) throw new AppError('INTERNAL', '未设置数据文件夹，无法保存附件');
  return join(ctx.dataDir, 'attachments');
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
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const dir = join(attachmentsDir(ctx), sha256.slice(0, 2));
  const path = join(dir, sha256);
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes, { mode: 0o600 });
    renameSync(tmp, path); // never a half-written file under its final name
  }
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
  const path = join(attachmentsDir(ctx), row.sha256.slice(0, 2), row.sha256);
  if (!existsSync(path)) throw new AppError('NOT_FOUND', '附件文件已丢失，请从备份中恢复数据文件夹');
  const bytes = readFileSync(path);
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== row.sha256) throw new AppError('INTERNAL', '附件文件已被改动（SHA-256 不符），拒绝打开');
  return { bytes, file: { id: row.id, sha256: row.sha256, size: row.size, mimeType: row.mime_type } };
}

/** The name a stored file is handed out under (shared/domain/file-names.ts): the last path segment of the
 *  name it was given, without direction marks, characters Windows refuses or a device name, so no download can
 *  be steered into another folder or disguised. */
export function downloadName(given: string, fallback = '附件'): string {
  return safeFileName(given, fallback);
}
