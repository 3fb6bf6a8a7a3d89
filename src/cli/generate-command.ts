// selaras generate --out <dir> [--schools N] [--seed S] — a synthetic national extract; with
// --from <dir> [--months M], the same extract M months later. Both write truth.ndjson beside the
// extract: the events a correct sync must produce (docs/generator.md).
import type { Command } from 'commander';
import { AppError } from '../errors.js';
import { evolveExtract, MAX_MONTHS } from '../generate/extract-evolver.js';
import { DEFAULT_TAKEN_AT, generateExtract } from '../generate/population-builder.js';
import type { GlobalOptions } from './context.js';
import { printJson, printLine } from './output.js';

interface GenerateFlags extends GlobalOptions {
  out: string;
  from?: string;
  schools: string;
  seed: string;
  months: string;
  takenAt?: string;
  snapshotId?: string;
  pureRates?: boolean;
  json?: boolean;
}

function wholeNumber(value: string, name: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new AppError('bad_input', `--${name} must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return n;
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('write a synthetic Dapodik extract (or evolve one by some months) with its truth.ndjson')
    .requiredOption('--out <dir>', 'directory to write the extract to')
    .option('--from <dir>', 'evolve this extract instead of generating a new one')
    .option('--schools <n>', 'number of schools of a new extract', '200')
    .option('--seed <s>', 'random seed: the same seed gives the same files', '1')
    .option('--months <m>', 'months to evolve with --from', '1')
    .option('--taken-at <date>', `taken_at of a new extract, YYYY-MM-DD (default ${DEFAULT_TAKEN_AT})`)
    .option('--snapshot-id <id>', 'snapshot_id to write (default sintetis-<seed>-<taken_at>)')
    .option('--pure-rates', 'with --from: only the churn rates, no minimum of one change of each kind')
    .option('--json', 'print the summary as one JSON object')
    .action(async (_flags: GenerateFlags, cmd: Command) => {
      const flags = cmd.optsWithGlobals<GenerateFlags>();
      const seed = wholeNumber(flags.seed, 'seed', 0, 2 ** 32 - 1);
      const summary = await run(flags, seed).catch((err: unknown) => {
        if (isMissingFile(err)) throw new AppError('bad_input', (err as Error).message);
        throw err;
      });
      if (flags.json) {
        printJson(summary);
        return;
      }
      printLine(`${summary.dir}: ${summary.snapshot_id}, taken ${summary.taken_at}`);
      printLine(
        `  ${summary.schools} schools, ${summary.ptk_rows} ptk rows, ${summary.pd_rows} peserta_didik rows`,
      );
      for (const [type, n] of Object.entries(summary.truth).sort())
        printLine(`  truth ${type.padEnd(24)} ${n}`);
    });
}

function run(flags: GenerateFlags, seed: number) {
  const common = { outDir: flags.out, seed, ...(flags.snapshotId ? { snapshotId: flags.snapshotId } : {}) };
  if (flags.from) {
    const months = wholeNumber(flags.months, 'months', 1, MAX_MONTHS);
    return evolveExtract({ ...common, fromDir: flags.from, months, pureRates: flags.pureRates === true });
  }
  const schools = wholeNumber(flags.schools, 'schools', 1, 500_000);
  return generateExtract({ ...common, schools, ...(flags.takenAt ? { takenAt: flags.takenAt } : {}) });
}

function isMissingFile(err: unknown): boolean {
  return err instanceof Error && (err as NodeJS.ErrnoException).code === 'ENOENT';
}
