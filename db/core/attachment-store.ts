// Where attachment bytes live, behind one interface: a single desk keeps them in its data folder
// (<data>/attachments/<first two hex>/<sha256>, unchanged on disk), the office server in the database
// (attachment_contents, so every seat opens the same file). Both are content-addressed by SHA-256 and checked on
// every read: bytes that no longer match their name are refused. Everything that stores or opens an attachment
// (db/core/files.ts), verifies the ledger's files, backs up, restores or transfers goes through here.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { AppError } from '../../shared/errors';
import { dialectOf } from './dialect';
import type { DB } from './schema';

export interface AttachmentStore {
  readonly kind: 'folder' | 'database';
  /** Where the files are, for messages (a folder, or 单位数据库服务器). */
  readonly where: string;
  /** Keeps the bytes under their SHA-256 (the caller computed it); storing the same content again does nothing. */
  put(sha256: string, bytes: Buffer): Promise<void>;
  /** The bytes as stored, unchecked (readChecked checks them), or null when there is no such content. */
  read(sha256: string): Promise<Buffer | null>;
  /** Every digest stored (for copying and counting). */
  list(): Promise<string[]>;
}

export const SHA256_RE = /^[0-9a-f]{64}$/;

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The data folder's attachments/ (or a backup's): one file per content, written under a temporary name and
 *  renamed, so a file is never half-written under its final name. */
export function folderAttachments(dir: string): AttachmentStore {
  const pathOf = (sha256: string) => join(dir, sha256.slice(0, 2), sha256);
  return {
    kind: 'folder',
    where: dir,
    async put(sha256, bytes) {
      if (!SHA256_RE.test(sha256)) throw new AppError('INTERNAL', `附件摘要格式不对：${sha256}`);
      const path = pathOf(sha256);
      if (existsSync(path)) return;
      mkdirSync(join(dir, sha256.slice(0, 2)), { recursive: true, mode: 0o700 });
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, bytes, { mode: 0o600 });
      renameSync(tmp, path);
    },
    async read(sha256) {
      if (!SHA256_RE.test(sha256)) return null;
      const path = pathOf(sha256);
      return existsSync(path) ? readFileSync(path) : null;
    },
    async list() {
      if (!existsSync(dir)) return [];
      const out: string[] = [];
      for (const shard of readdirSync(dir)) {
        if (!/^[0-9a-f]{2}$/.test(shard)) continue;
        // leftovers such as *.tmp are not attachments
        for (const file of readdirSync(join(dir, shard))) if (SHA256_RE.test(file)) out.push(file);
      }
      return out.sort();
    },
  };
}

/** The office server's attachment_contents table, through `db` (inside a mutation: its transaction, so a file
 *  stored by a write that rolls back goes with it). Several seats storing the same content at once: one row. */
export function databaseAttachments(db: Kysely<DB>): AttachmentStore {
  return {
    kind: 'database',
    where: '单位数据库服务器',
    async put(sha256, bytes) {
      if (!SHA256_RE.test(sha256)) throw new AppError('INTERNAL', `附件摘要格式不对：${sha256}`);
      await db
        .insertInto('attachment_contents')
        .values({ sha256, size: bytes.length, content: bytes, created_at: new Date().toISOString() })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
    },
    async read(sha256) {
      const row = await db
        .selectFrom('attachment_contents')
        .select('content')
        .where('sha256', '=', sha256)
        .executeTakeFirst();
      return row ? Buffer.from(row.content) : null;
    },
    async list() {
      const rows = await db.selectFrom('attachment_contents').select('sha256').orderBy('sha256').execute();
      return rows.map((r) => r.sha256);
    },
  };
}

/** The store of an open database: the office server keeps attachments in itself; a data file in its folder. */
export function attachmentStoreFor(db: Kysely<DB>, dataDir: string | null): AttachmentStore {
  if (dialectOf(db) === 'postgres') return databaseAttachments(db);
  if (!dataDir) throw new AppError('INTERNAL', '未设置数据文件夹，无法保存或打开附件');
  return folderAttachments(join(dataDir, 'attachments'));
}

export type AttachmentState = 'ok' | 'missing' | 'altered';

/** Whether the content named `sha256` is there with exactly those bytes (and `size`, when given). */
export async function attachmentState(
  store: AttachmentStore,
  sha256: string,
  size?: number,
): Promise<{ state: AttachmentState; bytes: Buffer | null }> {
  const bytes = await store.read(sha256);
  if (!bytes) return { state: 'missing', bytes: null };
  if ((size !== undefined && bytes.length !== size) || sha256Of(bytes) !== sha256)
    return { state: 'altered', bytes: null };
  return { state: 'ok', bytes };
}

/** The bytes of a stored attachment, refused with a clear message when missing or no longer matching its hash. */
export async function readChecked(store: AttachmentStore, sha256: string): Promise<Buffer> {
  const { state, bytes } = await attachmentState(store, sha256);
  if (state === 'missing') {
    throw new AppError(
      'NOT_FOUND',
      store.kind === 'database'
        ? '附件内容在单位数据库服务器中已丢失，请从备份恢复'
        : '附件文件已丢失，请从备份中恢复数据文件夹',
    );
  }
  if (state === 'altered') {
    throw new AppError(
      'INTERNAL',
      store.kind === 'database'
        ? '单位数据库服务器中的附件内容已被改动（SHA-256 不符），拒绝打开'
        : '附件文件已被改动（SHA-256 不符），拒绝打开',
    );
  }
  return bytes!;
}

/**
 * Attachments an earlier server-mode seat kept in its own data folder (before attachments lived in the server's
 * database): every one the office's records name (a `files` row or a credit-ledger entry) that the server lacks is
 * copied in from `folder`, its bytes checked against its SHA-256 first; a file whose bytes do not match is left
 * out and counted. The desk's files stay where they are. Run by a seat at start in server mode; idempotent.
 */
export async function adoptFolderAttachments(
  db: Kysely<DB>,
  folder: AttachmentStore,
): Promise<{ adopted: number; altered: number }> {
  const onDisk = await folder.list();
  if (onDisk.length === 0) return { adopted: 0, altered: 0 };
  const server = databaseAttachments(db);
  const present = new Set(await server.list());
  const named = new Set((await db.selectFrom('files').select('sha256').execute()).map((r) => r.sha256));
  const ledger = await db
    .selectFrom('credit_ledger')
    .select('attachments')
    .where('attachments', '!=', '[]')
    .execute();
  for (const row of ledger) {
    try {
      for (const a of JSON.parse(row.attachments) as { sha256?: unknown }[])
        if (typeof a?.sha256 === 'string') named.add(a.sha256);
    } catch {
      // a malformed entry is the ledger check's to report
    }
  }
  let adopted = 0;
  let altered = 0;
  for (const sha256 of onDisk) {
    if (present.has(sha256) || !named.has(sha256)) continue;
    const { state, bytes } = await attachmentState(folder, sha256);
    if (state !== 'ok') {
      altered++;
      continue;
    }
    await server.put(sha256, bytes!);
    adopted++;
  }
  return { adopted, altered };
}
