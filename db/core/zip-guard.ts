// Every zip container the app is handed (xlsx imports, submission packages) is read here, once, before any
// library sees it. A few hundred KB can expand to gigabytes (a zip bomb), and a zip has two tables of contents:
// the local headers in front of each entry and the central directory at the end. Readers disagree about which
// to trust (exceljs/JSZip read the central directory; streaming readers walk the local headers), so a file whose
// two tables disagree can show one reader a harmless archive and another a bomb hidden inside a stored entry.
// So: the central directory is parsed, every entry's local header must match it exactly (name, method, sizes,
// offset), the entries must tile the archive with no gap, overlap or duplicate, and the entries are inflated
// here under size, ratio and count limits with their CRC checked. Other libraries are then given a zip rebuilt
// from the checked entries only (`rebuiltZip`), never the original bytes.
import { Inflate, zipSync } from 'fflate';
import { AppError } from '../../shared/errors';

export interface ZipLimits {
  /** Total bytes after decompression. */
  maxTotal: number;
  maxEntries: number;
  /** Decompressed / compressed, over the whole archive; office documents stay far below 100. */
  maxRatio: number;
}

/** How an uploaded workbook is named in the guard's refusals. */
export const XLSX_WHAT = 'Excel（.xlsx）文件';
export const XLSX_LIMITS: ZipLimits = { maxTotal: 200 * 1024 * 1024, maxEntries: 2000, maxRatio: 200 };

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const DESCRIPTOR = 0x08074b50;

interface CentralEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32Update(crc: number, chunk: Uint8Array): number {
  let c = crc ^ 0xffffffff;
  for (let i = 0; i < chunk.length; i++) c = CRC_TABLE[(c ^ chunk[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

class ZipReader {
  private readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    private readonly what: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  damaged(): AppError {
    return new AppError('IMPORT_INVALID', `无法读取该文件：${this.what}已损坏或不完整`);
  }
  malformed(why: string): AppError {
    return new AppError('IMPORT_INVALID', `拒绝读取该文件：${why}，可能是恶意构造的压缩文件`);
  }
  u16(at: number): number {
    if (at < 0 || at + 2 > this.bytes.length) throw this.damaged();
    return this.view.getUint16(at, true);
  }
  u32(at: number): number {
    if (at < 0 || at + 4 > this.bytes.length) throw this.damaged();
    return this.view.getUint32(at, true);
  }
  slice(at: number, length: number): Uint8Array {
    if (at < 0 || length < 0 || at + length > this.bytes.length) throw this.damaged();
    return this.bytes.subarray(at, at + length);
  }
}

/** The end-of-central-directory record: searched from the end, past an optional comment. */
function findEnd(r: ZipReader): number {
  const { bytes } = r;
  const earliest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= earliest; at--) {
    if (r.u32(at) === END && at + 22 + r.u16(at + 20) === bytes.length) return at;
  }
  throw r.damaged();
}

function centralDirectory(r: ZipReader, limits: ZipLimits): { entries: CentralEntry[]; start: number } {
  const end = findEnd(r);
  if (r.u16(end + 4) !== 0 || r.u16(end + 6) !== 0) throw r.malformed('分卷压缩文件不受支持');
  const count = r.u16(end + 10);
  if (r.u16(end + 8) !== count) throw r.malformed('目录记录数不一致');
  const size = r.u32(end + 12);
  const start = r.u32(end + 16);
  if (count === 0xffff || size === 0xffffffff || start === 0xffffffff) {
    throw r.malformed('不支持 Zip64 格式');
  }
  if (count > limits.maxEntries) throw bombRefusal(`包含的文件超过 ${limits.maxEntries} 个`);
  if (start + size !== end) throw r.malformed('中央目录的位置与大小不符');
  const entries: CentralEntry[] = [];
  const names = new Set<string>();
  let at = start;
  for (let i = 0; i < count; i++) {
    if (r.u32(at) !== CENTRAL) throw r.malformed('中央目录记录不完整');
    const flags = r.u16(at + 8);
    const method = r.u16(at + 10);
    const nameLength = r.u16(at + 28);
    const extraLength = r.u16(at + 30);
    const commentLength = r.u16(at + 32);
    const entry: CentralEntry = {
      flags,
      method,
      crc: r.u32(at + 16),
      compressedSize: r.u32(at + 20),
      size: r.u32(at + 24),
      offset: r.u32(at + 42),
      name: utf8.decode(r.slice(at + 46, nameLength)),
    };
    if (flags & 0x1) throw r.malformed(`“${entry.name}”已加密`);
    if (method !== 0 && method !== 8) throw r.malformed(`“${entry.name}”的压缩方式不受支持`);
    if (names.has(entry.name)) throw r.malformed(`有重名的文件“${entry.name}”`);
    names.add(entry.name);
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  if (at !== end) throw r.malformed('中央目录的记录数与大小不符');
  return { entries, start };
}

/** Where each entry's data lies, after checking its local header against the central directory and that the
 *  entries follow one another from the first byte to the central directory with nothing between them. */
function locate(r: ZipReader, entries: CentralEntry[], directoryStart: number): Map<CentralEntry, number> {
  const byOffset = new Map(entries.map((e) => [e.offset, e]));
  if (byOffset.size !== entries.length) throw r.malformed('两个文件指向同一位置');
  const dataAt = new Map<CentralEntry, number>();
  let at = 0;
  while (at < directoryStart) {
    const e = byOffset.get(at);
    if (!e || r.u32(at) !== LOCAL) throw r.malformed('本地文件头与中央目录不一致（有隐藏或重叠的内容）');
    const flags = r.u16(at + 6);
    const method = r.u16(at + 8);
    const nameLength = r.u16(at + 26);
    const extraLength = r.u16(at + 28);
    const name = utf8.decode(r.slice(at + 30, nameLength));
    const descriptor = (flags & 0x8) !== 0;
    const localCompressed = r.u32(at + 18);
    const localSize = r.u32(at + 22);
    const localCrc = r.u32(at + 14);
    if (name !== e.name || method !== e.method || (flags & 0x8) !== (e.flags & 0x8)) {
      throw r.malformed(`“${e.name}”的本地文件头与中央目录不一致`);
    }
    if (!descriptor && (localCompressed !== e.compressedSize || localSize !== e.size || localCrc !== e.crc)) {
      throw r.malformed(`“${e.name}”的大小记录前后不一致`);
    }
    const data = at + 30 + nameLength + extraLength;
    let next = data + e.compressedSize;
    if (next > directoryStart) throw r.malformed(`“${e.name}”超出了压缩文件的范围`);
    if (descriptor) {
      // Optional signature, then CRC and the two sizes (32-bit: Zip64 is refused above).
      const signed = r.u32(next) === DESCRIPTOR ? 4 : 0;
      if (
        r.u32(next + signed) !== e.crc ||
        r.u32(next + signed + 4) !== e.compressedSize ||
        r.u32(next + signed + 8) !== e.size
      ) {
        throw r.malformed(`“${e.name}”的数据描述与中央目录不一致`);
      }
      next += signed + 12;
    }
    dataAt.set(e, data);
    byOffset.delete(at);
    at = next;
  }
  if (at !== directoryStart || byOffset.size !== 0) {
    throw r.malformed('本地文件头与中央目录不一致（有隐藏或重叠的内容）');
  }
  return dataAt;
}

function bombRefusal(why: string, details?: Record<string, unknown>): AppError {
  return new AppError(
    'IMPORT_INVALID',
    `拒绝读取该文件：${why}，可能是恶意构造的压缩文件（“压缩炸弹”）`,
    details,
  );
}

/** Everything about a zip that can be checked without inflating it: the central directory, each local header
 *  against it (names, methods, sizes, CRCs, offsets, gaps, overlaps, duplicates) and the declared sizes against
 *  the limits. Microseconds for any upload, so it runs before a parse is queued for a worker. */
function layout(
  bytes: Uint8Array,
  what: string,
  limits: ZipLimits,
): { r: ZipReader; entries: CentralEntry[]; dataAt: Map<CentralEntry, number> } {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) {
    throw new AppError('IMPORT_INVALID', `无法读取该文件：不是有效的 ${what}`);
  }
  const r = new ZipReader(bytes, what);
  const { entries, start } = centralDirectory(r, limits);
  if (entries.length === 0) throw new AppError('IMPORT_INVALID', `无法读取该文件：${what}中没有内容`);
  const dataAt = locate(r, entries, start);
  // Declared sizes are checked against the limits first (cheap), then every byte actually produced is counted.
  const declared = entries.reduce((n, e) => n + e.size, 0);
  if (declared > limits.maxTotal) {
    throw bombRefusal(`解压后超过 ${Math.round(limits.maxTotal / 1024 / 1024)} MB`, { declared });
  }
  return { r, entries, dataAt };
}

/** The checks of readSafeZip that need no inflating (layout above); the same refusals, in the same words. */
export function checkZipLayout(bytes: Uint8Array, what: string, limits: ZipLimits = XLSX_LIMITS): void {
  layout(bytes, what, limits);
}

/** The checked, inflated entries of a zip, in archive order. Nothing is inflated past a limit: a bomb is
 *  stopped within 64 KB of input after the limit it crosses. */
export function readSafeZip(
  bytes: Uint8Array,
  what: string,
  limits: ZipLimits = XLSX_LIMITS,
): Map<string, Uint8Array> {
  const { r, entries, dataAt } = layout(bytes, what, limits);
  const out = new Map<string, Uint8Array>();
  let total = 0;
  for (const e of entries) {
    const raw = r.slice(dataAt.get(e)!, e.compressedSize);
    const parts: Uint8Array[] = [];
    let produced = 0;
    let crc = 0;
    const take = (chunk: Uint8Array): void => {
      produced += chunk.length;
      total += chunk.length;
      if (produced > e.size) throw r.malformed(`“${e.name}”解压后比声明的大`);
      if (total > limits.maxTotal) {
        throw bombRefusal(`解压后超过 ${Math.round(limits.maxTotal / 1024 / 1024)} MB`);
      }
      if (total > 1024 * 1024 && total / bytes.length > limits.maxRatio) {
        throw bombRefusal(`压缩比超过 ${limits.maxRatio} 倍`);
      }
      crc = crc32Update(crc, chunk);
      parts.push(chunk.slice());
    };
    if (e.method === 0) {
      take(raw);
    } else {
      let failure: unknown = null;
      const inflate = new Inflate((chunk) => {
        if (failure) return;
        try {
          take(chunk);
        } catch (x) {
          failure = x;
        }
      });
      const step = 64 * 1024;
      try {
        for (let i = 0; i < raw.length && !failure; i += step) {
          inflate.push(raw.subarray(i, Math.min(raw.length, i + step)), i + step >= raw.length);
        }
        if (raw.length === 0) inflate.push(new Uint8Array(0), true);
      } catch {
        if (!failure) throw r.damaged();
      }
      if (failure) throw failure;
    }
    if (produced !== e.size || crc !== e.crc) throw r.damaged();
    const whole = new Uint8Array(produced);
    let at = 0;
    for (const p of parts) {
      whole.set(p, at);
      at += p.length;
    }
    out.set(e.name, whole);
  }
  return out;
}

/** Measures a zip without keeping its contents (for callers that only need the verdict). */
export function assertSafeZip(bytes: Uint8Array, what: string, limits: ZipLimits = XLSX_LIMITS): void {
  readSafeZip(bytes, what, limits);
}

/** A new zip holding only the checked entries: what other libraries (exceljs) are given instead of the upload. */
export function rebuiltZip(entries: Map<string, Uint8Array>): Uint8Array {
  const files: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const [name, data] of entries) files[name] = [data, { level: 0 }];
  return zipSync(files);
}
