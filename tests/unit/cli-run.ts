// Runs the `zongjian` command in this process (electron/cli/run.ts), its output captured: what a script would see,
// without a process per command. The process itself (exit status, streams) is covered once, in cli.test.ts.
import { runCli } from '../../electron/cli/run';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export async function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env: { ...process.env, ...env },
  });
  return { code, out, err };
}
