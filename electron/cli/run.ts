// The `zongjian` command as a function: argv in, exit code out, output to the given streams. electron/cli/index.ts
// runs it for the process; tests run it in-process, so only the tests about the process itself start one.
import { runCommands } from './commands';
import { processIo, type CliIo } from './io';
import { runReportCli } from './report';

export type { CliIo, CliOutput } from './io';

export function runCli(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const full: CliIo = { ...processIo(), ...io };
  const args = [...argv];
  return args[0] === 'report' ? runReportCli(args.slice(1), full) : runCommands(args, full);
}
