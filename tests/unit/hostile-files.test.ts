// Hostile files at every import: truncated, enormous, zip-bombed, not a zip at all, or with the wrong columns.
// Each is refused with a Chinese IMPORT_INVALID/VALIDATION error before anything is unpacked into memory or
// applied, and the data is unchanged.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { crc32 } from 'node:zlib';
import { join, relative } from 'node:path';
import { Zip, ZipDeflate, deflateSync, unzipSync, zipSync, strToU8 } from 'fflate';
import ExcelJS from 'exceljs';
import { AppError } from '../../shared/errors';
import { assertSafeZip } from '../../db/core/zip-guard';
import { safeFileName } from '../../shared/domain/file-names';
import { usccCheckChar } from '../../shared/domain/uscc';
import { count, newSetupApp, type TestApp } from './helpers';
import { TEST_STORE } from './test-store';
import { craftHiddenEntryZip } from '../fixtures/hostile-zip';

const bombs = new Map<string, Uint8Array>();

/** A zip whose one entry inflates to `mb` MB of zeros, built as a stream (never held whole in memory), once. */
function bomb(mb: number, name = 'xl/worksheets/sheet1.xml'): Uint8Array {
  const key = `${mb}:${name}`;
  let hit = bombs.get(key);
  if (!hit) bombs.set(key, (hit = buildBomb(mb, name)));
  return hit;
}

function buildBomb(mb: number, name: string): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    parts.push(chunk);
  });
  const entry = new ZipDeflate(name, { level: 9 });
  zip.add(entry);
  const mbOfZeros = new Uint8Array(1024 * 1024);
  for (let i = 0; i < mb; i++) entry.push(mbOfZeros, i === mb - 1);
  zip.end();
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function refused(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  expect(['IMPORT_INVALID', 'VALIDATION']).toContain((e as AppError).code);
  expect((e as AppError).message).toMatch(/[\u4e00-\u9fff]/);
  return e as AppError;
}

async function snapshot(app: TestApp) {
  return {
    departments: await count(app.db, 'departments'),
    progress: await count(app.db, 'checklist_progress'),
    audit: await count(app.db, 'audit_log'),
  };
}

describe('hostile import files', () => {
  it('the guard refuses bombs by total size and by ratio, and passes real workbooks', async () => {
    const big = bomb(300); // 300 MB of zeros in ~300 KB
    expect(big.length).toBeLessThan(1024 * 1024);
    expect(() => assertSafeZip(big, 'Excel 文件')).toThrow(/解压后超过 200 MB|压缩比超过/);
    const dense = bomb(20); // under the size limit, far over any office document's ratio
    expect(() => assertSafeZip(dense, 'Excel 文件')).toThrow(/压缩比超过 200 倍/);
    const many = zipSync(
      Object.fromEntries(Array.from({ length: 2500 }, (_, i) => [`f${i}.xml`, strToU8('<a/>')])),
    );
    expect(() => assertSafeZip(many, 'Excel 文件')).toThrow(/超过 2000 个/);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('成员单位').addRow(['单位全称', '简称']);
    const real = new Uint8Array(await wb.xlsx.writeBuffer());
    expect(() => assertSafeZip(real, 'Excel 文件')).not.toThrow();
    expect(() => assertSafeZip(real.subarray(0, real.length >> 1), 'Excel 文件')).toThrow(/已损坏或不完整/);
  }, 120_000); // building a 300 MB bomb is slow on a loaded machine; this bounds a hang only

  it('every import method refuses them, and nothing changes', async () => {
    const app = await newSetupApp({ now: '2026-11-22T09:00:00+08:00' });
    await app.call('checklist.create', { year: 2026, templateId: 'yuecheng-2020', unresolved: [] });
    const before = await snapshot(app);
    const good = await app.call('departments.exportXlsx', { includeInactive: true });
    const goodBytes = Buffer.from(good.base64, 'base64');
    const wrongColumns = new ExcelJS.Workbook();
    wrongColumns.addWorksheet('Sheet1').addRow(['姓名', '电话']);
    wrongColumns.getWorksheet('Sheet1')!.addRow(['张三', '123']);
    const files: Record<string, Buffer> = {
      truncated: goodBytes.subarray(0, Math.floor(goodBytes.length * 0.6)),
      bomb: Buffer.from(bomb(300)),
      notZip: Buffer.from('单位全称,简称\n区卫生健康局,区卫健局\n'),
      empty: Buffer.alloc(0),
      wrongColumns: Buffer.from(await wrongColumns.xlsx.writeBuffer()),
    };
    for (const [name, bytes] of Object.entries(files)) {
      const upload = { fileName: `${name}.xlsx`, base64: bytes.toString('base64') };
      for (const method of [
        'departments.importPreview',
        'departments.importApply',
        'checklist.importPreview',
        'checklist.importApply',
      ] as const) {
        const e = await refused(app.call(method, upload));
        if (name === 'bomb') expect(e.message).toContain('压缩炸弹');
        if (name === 'truncated') expect(e.message).toMatch(/不完整|已损坏/);
      }
    }
    // Enormous: over the 20 MB upload limit, refused by the schema before any decoding.
    const enormous = { fileName: 'big.xlsx', base64: 'A'.repeat(30 * 1024 * 1024) };
    const e = await refused(app.call('departments.importApply', enormous));
    expect(e.message).toContain('文件过大');
    expect(await snapshot(app)).toEqual(before);
    await app.close();
  }, 120_000); // building a 300 MB bomb is slow on a loaded machine; this bounds a hang only
  it('refuses a zip whose central directory points at an entry hidden inside another, before exceljs sees it', async () => {
    // The attack: readers that walk local headers see a harmless stored entry; exceljs (JSZip) reads the
    // central directory, which points at a deflated sheet hidden inside that entry's stored bytes.
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('成员单位').addRow(['单位全称', '简称']);
    const real = unzipSync(new Uint8Array(await wb.xlsx.writeBuffer()));
    const hiddenSheet = deflateSync(new Uint8Array(5 * 1024 * 1024), { level: 9 });
    const size = 5 * 1024 * 1024;
    const crafted = craftHiddenEntryZip(
      real,
      'xl/worksheets/sheet1.xml',
      hiddenSheet,
      size,
      crc32(new Uint8Array(size)),
    );
    // The local-header view is a valid, small archive: the old guard let it through.
    expect(crafted.length).toBeLessThan(64 * 1024);
    expect(() => assertSafeZip(crafted, 'Excel 文件')).toThrow(/本地文件头与中央目录不一致/);
    const app = await newSetupApp({ now: '2026-11-22T09:00:00+08:00' });
    const before = await snapshot(app);
    const upload = { fileName: '成员单位.xlsx', base64: Buffer.from(crafted).toString('base64') };
    for (const method of ['departments.importPreview', 'checklist.importPreview'] as const) {
      const e = await refused(app.call(method, upload));
      expect(e.message).toContain('恶意构造');
    }
    expect(await snapshot(app)).toEqual(before);
    await app.close();
  });

  it('the 依法执业自查 workbook import refuses them too, and writes nothing', async () => {
    const app = await newSetupApp({ now: '2026-11-22T09:00:00+08:00' });
    const first17 = '91330602990000777';
    await app.call('institutions.create', {
      name: '越城自查诊所',
      uscc: first17 + usccCheckChar(first17)!,
      category: 'clinic',
      ownership: 'private',
      street: '府山街道',
    });
    await app.call('selfcheck.saveYear', {
      year: 2026,
      categories: ['clinic'],
      streets: [],
      fullDeadline: '2026-10-30',
      pledgeDeadline: '2026-03-31',
      routineAfterDays: 0,
    });
    const state = async () => ({
      submissions: await count(app.db, 'selfcheck_submissions'),
      audit: await count(app.db, 'audit_log'),
      ledger: await count(app.db, 'credit_ledger'),
    });
    const before = await state();
    const good = Buffer.from(
      (await app.call('selfcheck.exportWorkbook', { year: 2026, periods: [] })).base64,
      'base64',
    );
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('成员单位').addRow(['单位全称', '简称']);
    const real = unzipSync(new Uint8Array(await wb.xlsx.writeBuffer()));
    const hiddenSheet = deflateSync(new Uint8Array(5 * 1024 * 1024), { level: 9 });
    const size = 5 * 1024 * 1024;
    const files: Record<string, Buffer> = {
      truncated: good.subarray(0, Math.floor(good.length * 0.6)),
      bomb: Buffer.from(bomb(300)),
      hidden: Buffer.from(
        craftHiddenEntryZip(real, 'xl/worksheets/sheet1.xml', hiddenSheet, size, crc32(new Uint8Array(size))),
      ),
      notZip: Buffer.from('机构名称,自查日期\n越城自查诊所,2026-10-01\n'),
      empty: Buffer.alloc(0),
    };
    for (const [name, bytes] of Object.entries(files))
      for (const method of ['selfcheck.importPreview', 'selfcheck.importApply'] as const) {
        const e = await refused(
          app.call(method, { year: 2026, fileName: `${name}.xlsx`, base64: bytes.toString('base64') }),
        );
        if (name === 'bomb') expect(e.message).toContain('压缩炸弹');
        if (name === 'hidden') expect(e.message).toContain('恶意构造');
        if (name === 'truncated') expect(e.message).toMatch(/不完整|已损坏/);
      }
    const enormous = { year: 2026, fileName: 'big.xlsx', base64: 'A'.repeat(30 * 1024 * 1024) };
    expect((await refused(app.call('selfcheck.importApply', enormous))).message).toContain('文件过大');
    expect(await state()).toEqual(before);
    await app.close();
  }, 120_000);

  it('refuses duplicate names, a size that disagrees between the two directories, and trailing junk', () => {
    const files = { 'a.xml': strToU8('<a/>'), 'b.xml': strToU8('<b/>') };
    const good = zipSync(files, { level: 0 });
    expect(() => assertSafeZip(good, 'Excel 文件')).not.toThrow();
    const duplicate = Buffer.from(good);
    // Rename b.xml to a.xml in both its local header and its central record.
    for (let i = duplicate.indexOf('b.xml'); i >= 0; i = duplicate.indexOf('b.xml', i + 1))
      duplicate[i] = 0x61;
    expect(() => assertSafeZip(duplicate, 'Excel 文件')).toThrow(/重名/);
    const sizes = Buffer.from(good);
    const central = sizes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    sizes.writeUInt32LE(sizes.readUInt32LE(central + 24) + 1, central + 24); // uncompressed size of a.xml
    expect(() => assertSafeZip(sizes, 'Excel 文件')).toThrow(/不一致/);
    const junk = Buffer.concat([good, Buffer.from('junk')]);
    expect(() => assertSafeZip(junk, 'Excel 文件')).toThrow(/已损坏或不完整/);
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

describe('attachment names', () => {
  it('cannot place a file outside the attachment folder: files are stored by content, names are only labels', async () => {
    const root = mkdtempSync(join(tmpdir(), 'zj-names-'));
    const dataDir = join(root, 'data');
    try {
      const app = await newSetupApp({ now: '2026-11-22T09:00:00+08:00', dataDir });
      const list = await app.call('checklist.create', {
        year: 2026,
        templateId: 'yuecheng-2020',
        unresolved: [],
      });
      const item = list.items[0]!;
      const names = [
        '../../逃逸.txt',
        '..\\..\\逃逸.txt',
        '/etc/passwd.txt',
        'C:\\Windows\\system.txt',
        'a/../../b.txt',
      ];
      const report = await app.call('checklist.report', {
        itemId: item.id,
        departmentId: item.units[0]!.departmentId,
        quarter: 4,
        status: 'done',
        evidence: names.map((fileName, i) => ({
          fileName,
          base64: Buffer.from(`佐证材料 ${i}`).toString('base64'),
        })),
      });
      // Kept as labels: the name people gave, without any folder part (neutralised at the boundary)…
      expect(report.evidence.map((e) => e.fileName).sort()).toEqual(names.map((n) => safeFileName(n)).sort());
      if (TEST_STORE === 'postgres') {
        // …while on the office server the bytes live in the database by SHA-256: nothing is written to disk.
        expect(filesUnder(root)).toEqual([]);
        expect(await count(app.db, 'attachment_contents')).toBe(names.length);
      } else {
        // …while every byte written lies under attachments/<xx>/<sha256>.
        expect(filesUnder(root).filter((f) => !f.startsWith('data/zongjian.db'))).toEqual(
          expect.arrayContaining([expect.stringMatching(/^data\/attachments\/[0-9a-f]{2}\/[0-9a-f]{64}$/)]),
        );
        for (const f of filesUnder(root))
          expect(f).toMatch(/^data\/(attachments\/[0-9a-f]{2}\/[0-9a-f]{64}|zongjian\.db.*)$/);
      }
      for (const e of report.evidence) {
        const file = await app.call('checklist.evidenceFile', { fileId: e.id });
        expect(file.fileName).toMatch(/^(逃逸|passwd|system|b)\.txt$/); // handed out without any folder part
      }
      await app.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('file names that disguise or trap', () => {
  it('refuses an upload whose name carries a right-to-left override, in Chinese, and neutralises device names', async () => {
    const { safeFileName, hasHiddenMarks } = await import('../../shared/domain/file-names');
    const { fileUpload } = await import('../../shared/contract/common');
    const disguised = '整改报告\u202Efdp.exe';
    expect(hasHiddenMarks(disguised)).toBe(true);
    const parsed = fileUpload.safeParse({ fileName: disguised, base64: 'JVBERi0=' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain('从右向左');
    for (const device of ['CON', 'con.pdf', 'NUL.txt', 'COM1.docx', 'lpt9', 'AUX.tar.gz', 'COM¹.pdf']) {
      expect(safeFileName(device)).toBe(`_${device}`);
    }
    expect(safeFileName('console.pdf')).toBe('console.pdf');
    expect(safeFileName('..\\..\\Windows\\报告.pdf')).toBe('报告.pdf');
    expect(safeFileName('名单\u200B.xlsx')).toBe('名单.xlsx');
    const ok = fileUpload.parse({ fileName: 'NUL.pdf', base64: 'JVBERi0=' });
    expect(ok.fileName).toBe('_NUL.pdf');
  });
});
