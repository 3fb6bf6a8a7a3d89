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

/** What a mail or provisioning drain did; `done` names its successes (sent, applied). */
export interface DrainCounts {
  retried: number;
  failed: number;
  leaseLost: number;
  errors: number;
}

export function drainJson<K extends string>(done: K, n: number, r: DrainCounts) {
  return {
    [done]: n,
    retried: r.retried,
    failed: r.failed,
    lease_lost: r.leaseLost,
    errors: r.errors,
  } as Record<K | 'retried' | 'failed' | 'lease_lost' | 'errors', number>;
}

export function printDrainSummary(done: string, n: number, r: DrainCounts, where: string): void {
  const extra = [
    r.leaseLost > 0 ? `, ${r.leaseLost} taken over by another worker` : '',
    r.errors > 0 ? `, ${r.errors} store errors` : '',
  ].join('');
  printLine(`${done} ${n}, retried ${r.retried}, failed ${r.failed}${extra} (${where})`);
}
