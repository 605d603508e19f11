// The CLI's progress line: rewritten in place in a terminal, never written into a pipe or a log.
import { describe, expect, it } from 'vitest';
import { terminalProgress } from '../../electron/cli/io';

describe('terminalProgress', () => {
  it('writes nothing where the stream is not a terminal', () => {
    let out = '';
    expect(terminalProgress({ write: (t: string) => (out += t) }, '正在校验信用台账')).toBeNull();
    expect(out).toBe('');
  });

  it('rewrites one line with the counts in a terminal and clears it at the end', () => {
    let out = '';
    const p = terminalProgress(
      { write: (t: string) => (out += t), isTTY: true } as never,
      '正在校验信用台账',
    )!;
    p.update(120_000, 200_000);
    expect(out).toBe('\r正在校验信用台账：第 120,000 / 200,000 条（60%）\x1b[K');
    p.update(130_000, 200_000); // too soon after the last: skipped
    p.update(200_000, 200_000); // the last one always shows
    expect(out).toContain('第 200,000 / 200,000 条（100%）');
    expect(out).not.toContain('130,000');
    p.end();
    expect(out.endsWith('\r\x1b[K')).toBe(true);
  });

  it('counts in another unit when a report says so (a transfer: rows, then attachments)', () => {
    let out = '';
    const p = terminalProgress({ write: (t: string) => (out += t), isTTY: true } as never, '正在迁移', '行')!;
    p.update(1_085, 5_583, '正在写入数据库服务器：第 33 / 71 张表（检查组成员）');
    expect(out).toBe(
      '\r正在写入数据库服务器：第 33 / 71 张表（检查组成员）：第 1,085 / 5,583 行（19%）\x1b[K',
    );
    p.update(15, 15, '正在复制附件到数据库服务器', '个');
    expect(out).toContain('\r正在复制附件到数据库服务器：第 15 / 15 个（100%）');
  });
});
