// Prints why a test was skipped, in the run's own output (the list reporter shows only that it was):
// the Electron suite must say plainly that this machine has no Electron runtime. It also names every test that
// failed first and passed on its retry, with the first failure's message, so a flaky test is seen and fixed rather
// than silently retried.
import { stripVTControlCharacters } from 'node:util';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SkipReasonReporter implements Reporter {
  private readonly lines: string[] = [];
  private readonly flaky: string[] = [];
  private readonly firstFailure = new Map<string, string>();

  onTestEnd(test: TestCase, result: TestResult): void {
    const title = test.titlePath().filter(Boolean).slice(1).join(' › ');
    if (result.status === 'failed' || result.status === 'timedOut') {
      if (!this.firstFailure.has(test.id)) {
        const message = (result.error?.message ?? result.status).split('\n').slice(0, 3).join(' ');
        this.firstFailure.set(test.id, stripVTControlCharacters(message));
      }
      return;
    }
    if (result.status === 'passed' && result.retry > 0) {
      this.flaky.push(
        `  不稳定 flaky（第 ${result.retry + 1} 次才通过）: ${title}\n    首次失败 first failure: ${this.firstFailure.get(test.id) ?? ''}`,
      );
      return;
    }
    if (result.status !== 'skipped') return;
    const reason = test.annotations.find((a) => a.type === 'skip')?.description ?? '（未说明原因）';
    this.lines.push(`  跳过 skipped: ${title}\n    原因 reason: ${reason}`);
  }

  onEnd(): void {
    if (this.lines.length) console.log(`\n${this.lines.join('\n')}\n`);
    if (this.flaky.length) console.log(`\n${this.flaky.join('\n')}\n`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
