// Selaras sync as an operator runs it: `selaras sync <dir> --json --timings --db <db>` (bin/selaras.js
// with the node flags of its first line) as a real process under /usr/bin/time -v, for a first load
// into an empty store and then the next month into that store. Wall time and peak RSS come from
// time -v; the phases (plan, apply, changes applied, fast or full path) from the one `timings {json}`
// line the sync prints to stderr. A build without --timings is measured by wall time alone.
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { SyncTimings } from '../src/sync/sync-service.js';
import { loadStorePath, markLoadStore, ROOT } from './bench-cache.js';

const run = promisify(execFile);
const BIN = join(ROOT, 'bin', 'selaras.js');

/**
 * The node flags of the launcher's first line (`#!/usr/bin/env -S node <flags>`): the process measured
 * is the one `selaras` (or `npx selaras`) starts, whichever node runs the benchmark.
 */
export function launcherFlags(bin = BIN): string[] {
  const first = readFileSync(bin, 'utf8').split('\n', 1)[0] ?? '';
  const words = first
    .replace(/^#!\s*/, '')
    .split(/\s+/)
    .filter(Boolean);
  const node = words.findIndex((word) => word === 'node' || word.endsWith('/node'));
  return node < 0 ? [] : words.slice(node + 1).filter((word) => word.startsWith('--'));
}

/** Read once: every measured sync starts with them. */
const LAUNCHER_FLAGS = launcherFlags();

export const DIALECTS = ['sqlite', 'postgres'] as const;
export type Dialect = (typeof DIALECTS)[number];

/** What `sync --timings` prints to stderr as `timings {json}`. */
export type { SyncTimings } from '../src/sync/sync-service.js';

const TIMING_NUMBERS = [
  'scan_s',
  'screen_s',
  'classify_s',
  'plan_s',
  'apply_s',
  'total_s',
  'changes',
] as const;

export interface SyncMeasure {
  /** The report's status, or `crashed` when the process printed no report. */
  status: string;
  exitCode: number;
  wall_s: number;
  peak_rss_mb: number;
  timings: SyncTimings | null;
  /** The last stderr lines of a crashed sync. */
  error?: string;
}

export interface SyncPair {
  first: SyncMeasure;
  /** Not run when the first load crashed: a month on a half-built store measures nothing. */
  month: SyncMeasure | null;
}

/** Whether this build's `sync` knows --timings (passing an unknown flag would stop it). */
export async function timingsSupported(): Promise<boolean> {
  const { stdout } = await run(process.execPath, [BIN, 'sync', '--help'], { cwd: ROOT });
  return stdout.includes('--timings');
}

export function parseTimings(stderr: string): SyncTimings | null {
  const line = /^timings (\{.*\})\s*$/m.exec(stderr)?.[1];
  if (line === undefined) return null;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
  const complete =
    TIMING_NUMBERS.every((k) => typeof parsed[k] === 'number' && Number.isFinite(parsed[k])) &&
    typeof parsed.path === 'string';
  return complete ? (parsed as unknown as SyncTimings) : null;
}

/** Wall seconds and peak RSS in MB from the report of `/usr/bin/time -v`. */
export function parseTimeReport(stderr: string): { wall_s: number; peak_rss_mb: number } {
  const wall = /Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)/.exec(stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  return {
    wall_s: wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : Number.NaN,
    peak_rss_mb: rss ? Number(rss[1]) / 1024 : Number.NaN,
  };
}

export async function timedSync(dir: string, db: string, withTimings: boolean): Promise<SyncMeasure> {
  const args = [
    '-v',
    process.execPath,
    ...LAUNCHER_FLAGS,
    BIN,
    'sync',
    dir,
    '--json',
    ...(withTimings ? ['--timings'] : []),
  ];
  const started = process.hrtime.bigint();
  const { stdout, stderr, exitCode } = await captured('/usr/bin/time', [...args, '--db', db]);
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const { wall_s, peak_rss_mb } = parseTimeReport(stderr);
  const measure = {
    exitCode,
    wall_s: Number.isNaN(wall_s) ? elapsed : wall_s,
    peak_rss_mb,
    timings: withTimings ? parseTimings(stderr) : null,
  };
  try {
    return { ...measure, status: (JSON.parse(stdout) as { status: string }).status };
  } catch {
    const tail = stderr.trimEnd().split('\n').slice(-40).join('\n');
    return { ...measure, status: 'crashed', error: tail };
  }
}

/** Runs a process to its end, whatever its exit code: a held or refused sync still reports. */
function captured(
  command: string,
  args: string[],
): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        exitCode: code ?? -1,
      }),
    );
  });
}

/**
 * An empty store for one measurement. SQLite: the load benchmark's store of this size, made anew and
 * kept afterwards. PostgreSQL: schema `bench_<pid>_<persons>`, dropped after.
 */
async function freshStore(
  dialect: Dialect,
  persons: number,
  pgUrl: string,
): Promise<{ db: string; dispose: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const db = loadStorePath(persons);
    await rm(dirname(db), { recursive: true, force: true });
    await mkdir(dirname(db), { recursive: true });
    return { db, dispose: async () => {} };
  }
  const schema = `bench_${process.pid}_${persons}`;
  const dropSchema = async () => {
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await client.end();
    }
  };
  await dropSchema();
  const url = new URL(pgUrl);
  url.searchParams.set('schema', schema);
  return { db: url.toString(), dispose: dropSchema };
}

export interface SyncBenchOptions {
  persons: number;
  dialect: Dialect;
  first: string;
  next: string;
  pgUrl: string;
  withTimings: boolean;
}

/** The first load, then the month on top of it, in a fresh store. */
export async function syncBench(o: SyncBenchOptions): Promise<SyncPair> {
  const { db, dispose } = await freshStore(o.dialect, o.persons, o.pgUrl);
  try {
    const first = await timedSync(o.first, db, o.withTimings);
    if (first.status === 'crashed') return { first, month: null };
    const month = await timedSync(o.next, db, o.withTimings);
    if (o.dialect === 'sqlite' && month.status !== 'crashed') {
      await markLoadStore(o.persons, ['bench-1', 'bench-2']);
    }
    return { first, month };
  } finally {
    await dispose();
  }
}
