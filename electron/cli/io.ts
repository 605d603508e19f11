// Where a CLI run writes and which environment it reads: the process's own streams and environment for the
// `zongjian` command, buffers for tests that run commands in-process (no process per command).
import { format } from 'node:util';

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
