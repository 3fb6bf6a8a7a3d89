// selaras pull --url U --token T --npsn N [--npsn …] --out <dir> — read schools from the Dapodik
// Web Service and write them as an extract with a `sekolah` scope (DESIGN 3.1). Schools the
// service could not give are listed in the manifest's failed_npsn; `sync` holds them. Exit 0 when
// every school was read, 3 when some were not (the extract is written either way), 2 on bad input.
// The token is taken from the flag, SELARAS_DAPODIK_TOKEN or `dapodikToken`, and never printed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { type Config, loadConfig } from '../config/config.js';
import { AppError, assertThat } from '../errors.js';
import { DEFAULT_RETRY } from '../extract/dapodik-client.js';
import { type PullReport, pullDapodik } from '../extract/dapodik-source.js';
import type { GlobalOptions } from './context.js';
import { printJson, printLine, terminalProgress } from './output.js';

/** The options `pull` and `sync --from-dapodik` share. */
export interface DapodikFlags extends GlobalOptions {
  url?: string;
  token?: string;
  npsn?: string[];
  takenAt?: string;
  timeout?: string;
  concurrency?: string;
  retries?: string;
  json?: boolean;
}

interface PullFlags extends DapodikFlags {
  out: string;
}

/** Exit status of a pull in which some schools could not be read: as for a partly held sync. */
const SOME_FAILED = 3;

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim())];
}

export function addDapodikOptions(command: Command): Command {
  return command
    .option('--url <url>', 'Dapodik Web Service base URL, e.g. http://host:5774 (or SELARAS_DAPODIK_URL)')
    .option(
      '--token <token>',
      'Web Service token (better: SELARAS_DAPODIK_TOKEN or dapodikToken in the config file, not seen in ps)',
    )
    .option('--npsn <npsn>', 'a school to read; repeat, or separate with commas', collect)
    .option('--taken-at <date>', 'taken_at of the extract, YYYY-MM-DD (default today, UTC)')
    .option('--timeout <ms>', 'per request (default 30000, or SELARAS_DAPODIK_TIMEOUT_MS)')
    .option('--concurrency <n>', 'requests in flight per host (default 4, or SELARAS_DAPODIK_CONCURRENCY)')
    .option(
      '--retries <n>',
      'retries on network errors, 429 and 5xx (default 3, or SELARAS_DAPODIK_RETRIES)',
    );
}

export function registerPull(program: Command): void {
  const command = program
    .command('pull')
    .description('read schools from the Dapodik Web Service and write them as an extract (sekolah scope)')
    .requiredOption('--out <dir>', 'directory to write the extract to');
  addDapodikOptions(command)
    .option('--json', 'print the report as one JSON object')
    .action(async (_flags: PullFlags, cmd: Command) => {
      const flags = cmd.optsWithGlobals<PullFlags>();
      const report = await pullWithFlags(flags, loadConfig(flags, process.env), flags.out);
      if (flags.json) printJson(report);
      else printPullSummary(report);
      process.exitCode = report.failed_npsn.length > 0 ? SOME_FAILED : 0;
    });
}

function whole(value: string | undefined, fallback: number, name: string, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min) {
    throw new AppError('bad_input', `--${name} must be a whole number of at least ${min}`);
  }
  return n;
}

export function pullWithFlags(
  flags: DapodikFlags,
  config: Readonly<Config>,
  out: string,
): Promise<PullReport> {
  const settings = config.dapodik;
  const url = flags.url ?? settings.url;
  const token = flags.token ?? settings.token;
  assertThat(url, 'bad_input', 'no Dapodik Web Service URL: pass --url or set SELARAS_DAPODIK_URL');
  assertThat(
    token,
    'bad_input',
    'no Dapodik Web Service token: set SELARAS_DAPODIK_TOKEN, dapodikToken in the config file, or --token',
  );
  return pullDapodik({
    url,
    token,
    npsn: (flags.npsn ?? []).filter((n) => n !== ''),
    out,
    takenAt: flags.takenAt ?? new Date().toISOString().slice(0, 10),
    timeoutMs: whole(flags.timeout, settings.timeoutMs, 'timeout', 1),
    concurrency: whole(flags.concurrency, settings.concurrency, 'concurrency', 1),
    retry: {
      retries: whole(flags.retries, settings.retries, 'retries', 0),
      baseMs: settings.backoffMs,
      capMs: settings.backoffCapMs,
      maxRetryAfterMs: DEFAULT_RETRY.maxRetryAfterMs,
    },
    progress: flags.json ? undefined : terminalProgress('sekolah'),
  });
}

/**
 * `sync --from-dapodik`: pulls into a temporary directory, hands it to `body`, and removes it
 * afterwards; otherwise `body` gets the directory given on the command line.
 */
export async function withExtractDir<T>(
  dir: string | undefined,
  flags: DapodikFlags & { fromDapodik?: boolean },
  config: Readonly<Config>,
  body: (dir: string) => Promise<T>,
): Promise<T> {
  if (!flags.fromDapodik) {
    assertThat(dir, 'bad_input', 'give an extract directory, or --from-dapodik with --npsn');
    return body(dir);
  }
  assertThat(dir === undefined, 'bad_input', 'give either an extract directory or --from-dapodik, not both');
  const work = await mkdtemp(join(tmpdir(), 'selaras-pull-'));
  try {
    const out = join(work, 'extract');
    const report = await pullWithFlags(flags, config, out);
    if (!flags.json) printPullSummary(report);
    return await body(out);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export function printPullSummary(report: PullReport): void {
  const { schools, snapshot } = report;
  const read = schools.length - report.failed_npsn.length;
  printLine(
    `pulled ${read} of ${schools.length} schools: snapshot ${snapshot.id} taken ${snapshot.taken_at}`,
  );
  // One line per failure only: a district pulls hundreds of schools, and --json lists them all.
  for (const s of schools) if (s.status === 'failed') printLine(`  ${s.npsn} failed  ${s.reason}`);
  if (report.failed_npsn.length > 0) {
    printLine(
      '  failed schools are listed in failed_npsn: a sync holds them (source_error), changing no one',
    );
  }
}
