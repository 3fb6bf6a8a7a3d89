// The only place that writes to the terminal (STYLE 8): results on stdout, progress on stderr.
import { SingleBar } from 'cli-progress';
import type { Progress } from '../sync/sync-service.js';

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

export function printLine(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function printError(message: string): void {
  process.stderr.write(`selaras: ${message}\n`);
}

/** A progress bar on stderr when it is a terminal; silent otherwise (scripts and CI). */
export function terminalProgress(unit = 'partisi'): Progress | undefined {
  if (!process.stderr.isTTY) return undefined;
  let bar: SingleBar | null = null;
  return {
    start(label, total) {
      bar = new SingleBar({
        stream: process.stderr,
        format: `${label.padEnd(12)} [{bar}] {percentage}% | {value}/{total} ${unit} | {duration_formatted}`,
        hideCursor: true,
        clearOnComplete: true,
      });
      bar.start(total, 0);
    },
    tick(n = 1) {
      bar?.increment(n);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
