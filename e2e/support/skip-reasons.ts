/**
 * A Playwright reporter that prints why tests were skipped, one line per reason: the list
 * reporter shows a skipped test as `-` and nothing more, and the README promises that the
 * Electron test says why it did not run (no binary, no display).
 */
import { relative } from 'node:path';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SkipReasons implements Reporter {
  private readonly reasons = new Map<string, string>();

  printsToStdio(): boolean {
    return true;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const skip = [...result.annotations, ...test.annotations].find(
      (annotation) => annotation.type === 'skip' && annotation.description,
    );
    const file = relative(process.cwd(), test.location.file);
    const line = `${file}: skipped: ${skip?.description ?? 'no reason given'}`;
    this.reasons.set(line, line);
  }

  onEnd(): void {
    for (const line of this.reasons.values()) process.stdout.write(`${line}\n`);
  }
}
