#!/usr/bin/env node
// Entry of the `zongjian` command (see commands.ts for the commands and exit codes).
import { runCli } from './commands';

runCli(process.argv.slice(2)).then((code) => process.exit(code));
