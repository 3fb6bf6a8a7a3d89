// npm run bench — measures a first load and a month with ~3 % churn on synthetic extracts, on both
// dialects, each as a real `selaras sync` process under /usr/bin/time -v (wall time and peak RSS).
// Figures are reported beside a baseline measured in the same run on the same files: the scan
// limit, a minimal Node program that reads the extract's files and counts their lines. Then mail
// delivery, and the load on `selaras serve` (bench/load.ts) over the SQLite store the sync left in
// bench/.cache. Every part's figures also go to bench/results.json.
//
//   node dist/bench/run.js [--persons 1000000] [--dialects sqlite,postgres] [--churn 0.03]
//                          [--load-seconds 10] [--load-connections 10]
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import pg from 'pg';
import { cachedExtracts, loadStorePath, markLoadStore, ROOT, recordResults } from './bench-cache.js';
import { benchLoad, printLoad } from './load.js';
import { benchMail } from './mail-bench.js';

const run = promisify(execFile);
const root = ROOT;
const FILES = ['sekolah.csv', 'ptk.csv', 'peserta_didik.csv'];

const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '1000000' },
    dialects: { type: 'string', default: 'sqlite,postgres' },
    churn: { type: 'string', default: '0.03' },
    pg: { type: 'string', default: process.env.SELARAS_TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/test' },
    mails: { type: 'string', default: '300' },
    'load-seconds': { type: 'string', default: '10' },
    'load-connections': { type: 'string', default: '10' },
  },
});
const persons = Number(values.persons);

async function countLines(dir: string): Promise<{ rows: number; bytes: number; seconds: number }> {
  const started = process.hrtime.bigint();
  let rows = 0;
  let bytes = 0;
  for (const file of FILES) {
    for await (const chunk of createReadStream(join(dir, file), {
      highWaterMark: 1 << 20,
    }) as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      let at = chunk.indexOf(10);
      while (at !== -1) {
        rows++;
        at = chunk.indexOf(10, at + 1);
      }
    }
    rows--; // header
  }
  return { rows, bytes, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

interface Measured {
  seconds: number;
  peakRssMb: number;
  status: string;
}

async function timedSync(dir: string, db: string): Promise<Measured> {
  const args = ['-v', process.execPath, join(root, 'bin', 'selaras.js'), 'sync', dir, '--json', '--db', db];
  const { stdout, stderr } = await run('/usr/bin/time', args, { maxBuffer: 1 << 26, cwd: root });
  const wall = /Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)/.exec(stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const seconds = wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : Number.NaN;
  const report = JSON.parse(stdout) as { status: string };
  return { seconds, peakRssMb: rss ? Number(rss[1]) / 1024 : Number.NaN, status: report.status };
}

async function freshDb(dialect: string): Promise<{ db: string; dispose: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    // Made anew for the measurement, then kept: the load benchmark serves this store.
    const db = loadStorePath(persons);
    await rm(dirname(db), { recursive: true, force: true });
    await mkdir(dirname(db), { recursive: true });
    return { db, dispose: async () => {} };
  }
  const schema = `bench_${process.pid}`;
  const client = new pg.Client({ connectionString: values.pg });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
  return {
    db: `${values.pg}?schema=${schema}`,
    dispose: async () => {
      const c = new pg.Client({ connectionString: values.pg });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

interface SyncFigure {
  dialect: string;
  step: string;
  status: string;
  seconds: number;
  rowsPerSecond: number;
  timesScan: number;
  peakRssMb: number;
}

async function main(): Promise<void> {
  const { first, next } = await cachedExtracts(persons, Number(values.churn));
  const scanFirst = await countLines(first);
  const scanNext = await countLines(next);
  const sizeMb =
    (await Promise.all(FILES.map((f) => stat(join(first, f))))).reduce((n, s) => n + s.size, 0) / 1e6;
  console.log(`\nextract: ${persons} persons, ${scanFirst.rows} rows, ${sizeMb.toFixed(0)} MB`);
  console.log(
    `baseline (scan limit: read + count lines): ${scanFirst.seconds.toFixed(2)} s, ${fmt(scanFirst.rows / scanFirst.seconds)} rows/s`,
  );
  console.log('\n| dialect | step | status | seconds | rows/s | × scan time | peak RSS MB |');
  console.log('|---|---|---|---:|---:|---:|---:|');
  const figures: SyncFigure[] = [];
  for (const dialect of values.dialects.split(',')) {
    const { db, dispose } = await freshDb(dialect);
    try {
      for (const [step, dir, scan] of [
        ['first load', first, scanFirst],
        ['month, churn', next, scanNext],
      ] as const) {
        const m = await timedSync(dir, db);
        const ratio = m.seconds / scan.seconds;
        figures.push({
          dialect,
          step,
          status: m.status,
          seconds: m.seconds,
          rowsPerSecond: Math.round(scan.rows / m.seconds),
          timesScan: Math.round(ratio),
          peakRssMb: Math.round(m.peakRssMb),
        });
        console.log(
          `| ${dialect} | ${step} | ${m.status} | ${m.seconds.toFixed(1)} | ${fmt(scan.rows / m.seconds)} | ${ratio.toFixed(0)} | ${m.peakRssMb.toFixed(0)} |`,
        );
      }
      if (dialect === 'sqlite') await markLoadStore(persons, ['bench-1', 'bench-2']);
    } finally {
      await dispose();
    }
  }
  await recordResults('sync', {
    persons,
    rows: scanFirst.rows,
    extractMb: Math.round(sizeMb),
    scanSeconds: scanFirst.seconds,
    steps: figures,
  });
}

async function mailBench(): Promise<void> {
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

async function loadBench(): Promise<void> {
  const report = await benchLoad({
    persons,
    seconds: Number(values['load-seconds']),
    connections: Number(values['load-connections']),
    churn: Number(values.churn),
  });
  printLoad(report);
  await recordResults('load', report);
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

main()
  .then(mailBench)
  .then(loadBench)
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
