import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PgBaseline } from './pg-baseline.js';
import { parseTimeReport, parseTimings, type SyncMeasure } from './sync-bench.js';
import { firstResult, monthResult, type SizeRun, sizeLabel } from './sync-report.js';
import { checkTargets } from './targets.js';

const TIMINGS = {
  scan_s: 0.4,
  screen_s: 0.2,
  classify_s: 0.3,
  plan_s: 1,
  apply_s: 2,
  total_s: 3.1,
  changes: 150_000,
  heap_mb: { scan: 80, screen: 90, plan: 250, allocate: 300, apply_max: 700 },
  peak_rss_mb: 1200,
  memory_mb: 4096,
  partitions: 64,
  heap_collections: 0,
  path: 'fast' as const,
  steps: { byte_scan: 0.2, join_parse: 0.3, screen: 0.1, classify: 0.4 },
};

const TIME_V = `Command being timed: "node bin/selaras.js sync"
	Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.50
	Maximum resident set size (kbytes): 524288`;

function measure(timings: SyncMeasure['timings'], wall_s = 4): SyncMeasure {
  return { status: 'applied', exitCode: 0, wall_s, peak_rss_mb: 512, timings };
}

function sizeRun(timings: SyncMeasure['timings']): SizeRun {
  const baseline: PgBaseline = { seconds: 10, copy_s: 4, diff_s: 6, rows: 100, files: [] };
  const pair = { first: measure(timings, 100), month: measure(timings) };
  return {
    persons: 5_000_000,
    scanFirst: { rows: 100, bytes: 1000, seconds: 0.5 },
    scanNext: { rows: 100, bytes: 1000, seconds: 0.5 },
    baseline,
    syncs: { sqlite: pair, postgres: pair },
  };
}

describe('sync benchmark figures', () => {
  it('finds the timings line among the other stderr lines', () => {
    const stderr = `warning: something\ntimings ${JSON.stringify(TIMINGS)}\n${TIME_V}\n`;
    assert.deepEqual(parseTimings(stderr), TIMINGS);
  });

  it('treats a missing or malformed timings line as absent', () => {
    assert.equal(parseTimings(TIME_V), null);
    assert.equal(parseTimings('timings {not json'), null);
    assert.equal(parseTimings(`timings ${JSON.stringify({ ...TIMINGS, plan_s: 'soon' })}`), null);
  });

  it('reads wall time and peak RSS from time -v', () => {
    assert.deepEqual(parseTimeReport(TIME_V), { wall_s: 62.5, peak_rss_mb: 512 });
  });

  it('names result keys by size', () => {
    assert.deepEqual([1_000_000, 5_000_000, 20_000, 50_000, 1234].map(sizeLabel), [
      '1m',
      '5m',
      '20k',
      '50k',
      '1234',
    ]);
  });

  it('records the month figures the issue asks for, from the SQLite run', () => {
    const month = monthResult(sizeRun(TIMINGS));
    assert.equal(month.plan_s, 1);
    assert.equal(month.scan_s, 0.5);
    assert.equal(month.pg_baseline_s, 10);
    assert.equal(month.apply_changes_per_s, 75_000);
    assert.equal(month.peak_rss_mb, 512);
    assert.equal(month.partitions, 64);
    assert.equal(month.heap_mb?.apply_max, 700);
    assert.equal(month.plan_vs_scan, 2);
    assert.equal(month.baseline_vs_plan, 10);
    assert.equal(month.postgres?.plan_s, 1);
    const first = firstResult(sizeRun(TIMINGS));
    assert.equal(first.sqlite_s, 100);
    assert.equal(first.postgres_s, 100);
  });

  it('falls back to wall time for the ratios when the build prints no timings', () => {
    const month = monthResult(sizeRun(null));
    assert.equal(month.plan_s, null);
    assert.equal(month.ratios_on, 'wall_s');
    assert.equal(month.plan_vs_scan, 8);
  });

  it('reports every target as met or missed without throwing', () => {
    const checks = checkTargets([sizeRun(TIMINGS)]);
    assert.ok(checks.every((c) => c.met !== null));
    const firstSqlite = checks.find((c) => c.target.includes('< 300 s'));
    assert.equal(firstSqlite?.met, true);
  });
});
