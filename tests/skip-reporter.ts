// Prints why a test was skipped, in the run's own output (the list reporter shows only that it was):
// the Electron suite must say plainly that this machine has no Electron runtime.
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SkipReasonReporter implements Reporter {
  private readonly lines: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reason = test.annotations.find((a) => a.type === 'skip')?.description ?? '（未说明原因）';
    this.lines.push(
      `  跳过 skipped: ${test.titlePath().filter(Boolean).slice(1).join(' › ')}\n    原因 reason: ${reason}`,
    );
  }

  onEnd(): void {
    if (this.lines.length) console.log(`\n${this.lines.join('\n')}\n`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
