// 多人协同: attachments an earlier server-mode seat kept in its own data folder are copied into the server's database
// at the seat's start — only those the office's records name and the server lacks, each checked against its SHA-256
// (a file whose bytes no longer match is left out and counted); running it again adopts nothing more.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  adoptFolderAttachments,
  databaseAttachments,
  folderAttachments,
  sha256Of,
} from '../../db/core/attachment-store';
import { openTestStore, TEST_STORE, type TestStore } from './test-store';

let store: TestStore | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await store?.close();
  store = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe(`a seat's folder attachments adopted by the server (${TEST_STORE})`, () => {
  it('copies what the records name and the server lacks, checked; leaves altered and unnamed files out', async () => {
    store = await openTestStore();
    const dir = mkdtempSync(join(tmpdir(), 'zj-adopt-'));
    dirs.push(dir);
    const folder = folderAttachments(join(dir, 'attachments'));
    const reply = Buffer.from('书面回复：已立案查处。');
    const evidence = Buffer.from('台账附件：处罚决定书扫描件');
    const stranger = Buffer.from('与本单位记录无关的文件');
    const changed = Buffer.from('原来的内容');
    for (const b of [reply, evidence, stranger, changed]) await folder.put(sha256Of(b), b);
    // One file's bytes were changed on disk after it was stored.
    const changedSha = sha256Of(changed);
    writeFileSync(join(dir, 'attachments', changedSha.slice(0, 2), changedSha), '被改过的内容');
    const now = new Date().toISOString();
    for (const b of [reply, changed])
      await store.db
        .insertInto('files')
        .values({ sha256: sha256Of(b), size: b.length, mime_type: 'text/plain', created_at: now })
        .execute();
    const named = () => adoptFolderAttachments(store!.db, folder);

    const first = await named();
    expect(first).toEqual({ adopted: 1, altered: 1 });
    const server = databaseAttachments(store.db);
    expect((await server.read(sha256Of(reply)))?.equals(reply)).toBe(true);
    expect(await server.read(sha256Of(stranger))).toBeNull();
    expect(await server.read(changedSha)).toBeNull();
    expect(await server.read(sha256Of(evidence))).toBeNull(); // no record names it

    // Again: nothing more to adopt (the altered one is counted again, still left out).
    expect(await named()).toEqual({ adopted: 0, altered: 1 });
  });
});
