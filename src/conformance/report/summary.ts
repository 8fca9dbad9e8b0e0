// The line CI and people read: "N passed, N failed" (", N skipped" when any were), alone on its line.
import type { Result } from '../scenario.ts';

export function summaryLine(results: Result[]): string {
  const failed = results.filter((r) => !r.passed).length;
  const skipped = results.filter((r) => r.skipped).length;
  return `${results.length - failed - skipped} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

/** A progress bar redrawn in place (TTY only). */
export function progressBar(done: number, total: number, failed: number, width = 30): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${failed ? `, ${failed} failed` : ''}`;
}
