// Where a CLI run writes and which environment it reads: the process's own streams and environment for the
// `zongjian` command, buffers for tests that run commands in-process (no process per command).
import { format } from 'node:util';
import type { OperationProgress } from '../../shared/contract';

export interface CliOutput {
  write(text: string): unknown;
}

export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  /** ZONGJIAN_PASSWORD and ZONGJIAN_DATA are read from here, never from process.env directly. */
  env: NodeJS.ProcessEnv;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** One line, as console.log / console.error would print it (an Error with its stack). */
export function writeLine(out: CliOutput, ...parts: unknown[]): void {
  out.write(`${format(...parts)}\n`);
}

/**
 * A progress line for a person watching a terminal: rewritten in place (第 120,000 / 200,000 条), at most a few
 * times a second, and cleared before the result is printed. Null where the stream is not a terminal (a pipe, a
 * log file, --json): nothing is written there.
 */
export function terminalProgress(
  out: CliOutput,
  label: string,
  unit: OperationProgress['unit'] = '条',
): {
  /** `as`: another unit for this report (a transfer counts rows, then attachments). */
  update(done: number, total: number, what?: string, as?: OperationProgress['unit']): void;
  end(): void;
} | null {
  if ((out as { isTTY?: boolean }).isTTY !== true) return null;
  let last = 0;
  let shown = false;
  const n = (v: number) => v.toLocaleString('en-US');
  return {
    update(done, total, what, as) {
      const now = Date.now();
      if (shown && now - last < 200 && done < total) return;
      last = now;
      shown = true;
      const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
      out.write(`\r${what ?? label}：第 ${n(done)} / ${n(total)} ${as ?? unit}（${pct}%）\x1b[K`);
    },
    end() {
      if (shown) out.write('\r\x1b[K');
    },
  };
}
