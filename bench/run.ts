// npm run bench — national scale, smallest size first. For each size, on the same synthetic files
// (month-1, then month-2 with ~3 % churn, cached in bench/.cache), in one run:
//  (a) the scan limit: a minimal Node program that reads month-2 and splits it into lines;
//  (b) the PostgreSQL baseline an engineer would write: month-1 already loaded, COPY month-2 and one
//      FULL OUTER JOIN per file (bench/pg-baseline.ts);
//  (c) Selaras sync on each dialect, a first load and then the month, each a real process under
//      /usr/bin/time -v (bench/sync-bench.ts).
// Then mail delivery, and the load on `selaras serve` over the 1M SQLite store the sync left in
// bench/.cache. Figures go to bench/results.json (`month_<size>`, `first_<size>`, `targets`, `mail`,
// `load`); missed targets are reported, never failing the process.
//
//   node dist/bench/run.js [--sizes 1000000,5000000] [--dialects sqlite,postgres] [--churn 0.03]
//     [--pg URL] [--mails 300] [--load-seconds 10] [--load-connections 10] [--skip-load] [--skip-mail]
import { parseArgs } from 'node:util';
import { cachedExtracts, recordResults } from './bench-cache.js';
import { benchLoad, printLoad } from './load.js';
import { benchMail } from './mail-bench.js';
import { DEFAULT_PG_URL, type PgBaseline, pgBaseline, printBaseline } from './pg-baseline.js';
import { scanLimit } from './scan-limit.js';
import { DIALECTS, type Dialect, syncBench, timingsSupported } from './sync-bench.js';
import { firstResult, monthResult, printSizeTable, type SizeRun, sizeLabel } from './sync-report.js';
import { checkTargets, printTargets } from './targets.js';

/** The size the load benchmark serves when the run includes it. */
const LOAD_PERSONS = 1_000_000;

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000000,5000000' },
    dialects: { type: 'string', default: 'sqlite,postgres' },
    churn: { type: 'string', default: '0.03' },
    pg: { type: 'string', default: process.env.SELARAS_TEST_PG_URL ?? DEFAULT_PG_URL },
    mails: { type: 'string', default: '300' },
    'load-seconds': { type: 'string', default: '10' },
    'load-connections': { type: 'string', default: '10' },
    'skip-load': { type: 'boolean', default: false },
    'skip-mail': { type: 'boolean', default: false },
  },
  strict: true,
});

const sizes = values.sizes
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
const dialects = values.dialects.split(',') as Dialect[];
const churn = Number(values.churn);

function validate(): void {
  const badSize = sizes.find((n) => !Number.isInteger(n) || n <= 0);
  if (badSize !== undefined) throw new Error(`--sizes takes positive integers, got ${values.sizes}`);
  const badDialect = dialects.find((d) => !DIALECTS.includes(d));
  if (badDialect) throw new Error(`--dialects takes ${DIALECTS.join(',')}, got ${badDialect}`);
  if (!(churn > 0 && churn < 1)) throw new Error(`--churn takes a fraction, got ${values.churn}`);
}

/** The baseline is a yardstick: without PostgreSQL the run goes on and its ratios are left out. */
async function baselineOf(first: string, next: string): Promise<PgBaseline | null> {
  try {
    const baseline = await pgBaseline(values.pg, first, next);
    printBaseline(baseline);
    return baseline;
  } catch (err) {
    console.log(`pg baseline failed, its ratios are left out: ${err instanceof Error ? err.message : err}`);
    return null;
  }
}

async function measureSize(persons: number, withTimings: boolean): Promise<SizeRun> {
  const { first, next } = await cachedExtracts(persons, churn);
  console.log(`\n## ${sizeLabel(persons)}: ${persons.toLocaleString('en-US')} persons`);
  const scanFirst = await scanLimit(first);
  const scanNext = await scanLimit(next);
  console.log(`scan limit (read + split lines), month-2: ${scanNext.seconds.toFixed(2)} s`);
  const baseline = await baselineOf(first, next);
  const run: SizeRun = { persons, scanFirst, scanNext, baseline, syncs: {} };
  for (const dialect of dialects) {
    console.log(`${dialect}: first load, then the month …`);
    run.syncs[dialect] = await syncBench({ persons, dialect, first, next, pgUrl: values.pg, withTimings });
    // Recorded as each dialect finishes: at 5M a dialect takes most of an hour, and a run stopped
    // before the next one ends must not lose what it measured.
    await recordSize(run);
  }
  return run;
}

async function recordSize(run: SizeRun): Promise<void> {
  await recordResults(`month_${sizeLabel(run.persons)}`, monthResult(run));
  await recordResults(`first_${sizeLabel(run.persons)}`, firstResult(run));
}

async function syncBenchmarks(): Promise<void> {
  validate();
  const withTimings = await timingsSupported();
  if (!withTimings)
    console.log('this build has no `sync --timings`: plan and apply figures are absent, wall time only');
  await recordResults('bench_run', {
    at: new Date().toISOString(),
    sizes,
    dialects,
    churn,
    timings: withTimings,
    node: process.version,
  });
  const runs: SizeRun[] = [];
  for (const persons of sizes) {
    const run = await measureSize(persons, withTimings);
    runs.push(run);
    printSizeTable(run);
  }
  const targets = checkTargets(runs);
  printTargets(targets);
  await recordResults('targets', targets);
}

async function mailBench(): Promise<void> {
  if (values['skip-mail']) return;
  const n = Number(values.mails);
  const mail = await benchMail(n);
  console.log(`\nmail: ${n} messages to a local SMTP server`);
  console.log('| path | messages/s | × baseline |');
  console.log('|---|---:|---:|');
  console.log(`| baseline: a minimal nodemailer loop, no pool | ${mail.baselinePerSecond.toFixed(0)} | 1 |`);
  console.log(
    `| Selaras outbox worker, pooled | ${mail.pooledPerSecond.toFixed(0)} | ${(mail.pooledPerSecond / mail.baselinePerSecond).toFixed(1)} |`,
  );
  await recordResults('mail', { messages: n, ...mail });
}

/** Over the 1M store the sync left, or the smallest size's when the run has no 1M. */
async function loadBench(): Promise<void> {
  if (values['skip-load']) return;
  const report = await benchLoad({
    persons: sizes.includes(LOAD_PERSONS) ? LOAD_PERSONS : sizes[0]!,
    seconds: Number(values['load-seconds']),
    connections: Number(values['load-connections']),
    churn,
  });
  printLoad(report);
  await recordResults('load', report);
}

syncBenchmarks()
  .then(mailBench)
  .then(loadBench)
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
