// Every zip container the app is handed (xlsx imports today, submission packages later) is measured before any
// library unpacks it: a few hundred KB can expand to gigabytes (a zip bomb) and take the whole app down. The
// archive is inflated as a stream, counting bytes and throwing them away, and refused at the first limit crossed;
// sizes declared in the archive are not trusted.
import { Unzip, UnzipInflate } from 'fflate';
import { AppError } from '../../shared/errors';

export interface ZipLimits {
  /** Total bytes after decompression. */
  maxTotal: number;
  maxEntries: number;
  /** Decompressed / compressed, over the whole archive; office documents stay far below 100. */
  maxRatio: number;
}

export const XLSX_LIMITS: ZipLimits = { maxTotal: 200 * 1024 * 1024, maxEntries: 2000, maxRatio: 200 };

export function assertSafeZip(bytes: Uint8Array, what: string, limits: ZipLimits = XLSX_LIMITS): void {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) {
    throw new AppError('IMPORT_INVALID', `无法读取该文件：不是有效的 ${what}`);
  }
  let total = 0;
  let entries = 0;
  // fflate reports an exception thrown from a callback back into that callback as a stream error, so the first
  // refusal is kept here, further data ignored, and the refusal thrown once pushing stops.
  let refusal: AppError | null = null;
  let broken = false;
  const refuse = (why: string): void => {
    refusal ??= new AppError(
      'IMPORT_INVALID',
      `拒绝读取该文件：${why}，可能是恶意构造的压缩文件（“压缩炸弹”）`,
      {
        entries,
        total,
      },
    );
  };
  const unzip = new Unzip((file) => {
    if (refusal) return;
    entries++;
    if (entries > limits.maxEntries) {
      refuse(`包含的文件超过 ${limits.maxEntries} 个`);
      return;
    }
    file.ondata = (err, chunk) => {
      if (refusal) return;
      if (err) {
        broken = true;
        return;
      }
      total += chunk.length;
      if (total > limits.maxTotal) refuse(`解压后超过 ${Math.round(limits.maxTotal / 1024 / 1024)} MB`);
      if (total > 1024 * 1024 && total / bytes.length > limits.maxRatio)
        refuse(`压缩比超过 ${limits.maxRatio} 倍`);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    // Fed in slices so a bomb is stopped after the first slice that crosses a limit, not after inflating it all.
    const step = 64 * 1024;
    for (let i = 0; i < bytes.length && !refusal; i += step) {
      unzip.push(bytes.subarray(i, Math.min(bytes.length, i + step)), i + step >= bytes.length);
    }
  } catch {
    broken = true;
  }
  if (refusal) throw refusal;
  if (broken) throw new AppError('IMPORT_INVALID', `无法读取该文件：${what}已损坏或不完整`);
  if (entries === 0) throw new AppError('IMPORT_INVALID', `无法读取该文件：${what}中没有内容`);
}
