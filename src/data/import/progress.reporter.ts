/**
 * A one-line progress bar for long imports, redrawn in place at most every `intervalMs`. It writes only to the
 * stream it is given (the CLI gives stderr, and only when stderr is a terminal), so stdout stays machine-readable.
 */
export interface ProgressReporter {
  /** Rows read so far and the bytes of the file consumed (compressed bytes for .gz); `force` skips throttling. */
  update(rows: number, bytes: number, force?: boolean): void;
  /** Replaces the bar with a phase message ("writing to PostgreSQL…"). */
  phase(message: string): void;
  /** Clears the line. */
  done(): void;
}

const BAR_WIDTH = 24;

/** Formats the bar text; separate so it can be tested without a terminal. */
export function renderProgress(rows: number, bytes: number, totalBytes: number, elapsedMs: number): string {
  const fraction = totalBytes > 0 ? Math.min(1, bytes / totalBytes) : 0;
  const filled = Math.round(fraction * BAR_WIDTH);
  const rate = elapsedMs > 0 ? Math.round((rows * 1000) / elapsedMs) : 0;
  const percent = (fraction * 100).toFixed(1).padStart(5);
  const bar = '#'.repeat(filled) + '-'.repeat(BAR_WIDTH - filled);
  return `[${bar}] ${percent}%  ${rows.toLocaleString('en-US')} rows  ${rate.toLocaleString('en-US')} rows/s`;
}

/** A reporter drawing on `stream`; `totalBytes` is the 100 % mark. */
export function createProgressReporter(
  stream: NodeJS.WritableStream,
  totalBytes: number,
  intervalMs = 100,
  now: () => number = Date.now,
): ProgressReporter {
  const started = now();
  let last = 0;
  const draw = (text: string) => stream.write(`\r\x1b[2K${text}`);
  return {
    update(rows, bytes, force = false) {
      const t = now();
      if (t - last < intervalMs && !force) return;
      last = t;
      draw(renderProgress(rows, bytes, totalBytes, t - started));
    },
    phase(message) {
      draw(message);
    },
    done() {
      stream.write('\r\x1b[2K');
    },
  };
}

/** The reporter that draws nothing, used when progress is off. */
export const SILENT_PROGRESS: ProgressReporter = { update() {}, phase() {}, done() {} };
