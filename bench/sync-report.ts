// What the sync benchmark measured at one size, turned into the markdown table it prints, the objects
// it records in bench/results.json (`month_<size>`, `first_<size>`) and the targets of issue 7. Every
// figure is set against the baselines measured in the same run on the same files: the scan limit and
// the PostgreSQL diff an engineer would write.
import type { PgBaseline } from './pg-baseline.js';
import type { Scan } from './scan-limit.js';
import { DIALECTS, type Dialect, type SyncMeasure } from './sync-bench.js';

export interface SizeRun {
  persons: number;
  scanFirst: Scan;
  scanNext: Scan;
  /** Null when the baseline could not run (no PostgreSQL): the ratios to it are left out. */
  baseline: PgBaseline | null;
  syncs: Partial<Record<Dialect, { first: SyncMeasure; month: SyncMeasure | null }>>;
}

/** 1000000 → `1m`, 20000 → `20k`: the suffix of the result keys. */
export function sizeLabel(persons: number): string {
  if (persons % 1_000_000 === 0) return `${persons / 1_000_000}m`;
  if (persons % 1000 === 0) return `${persons / 1000}k`;
  return String(persons);
}

/** The month's figure compared with the baselines: plan_s, or the wall time of a build without timings. */
function planOf(m: SyncMeasure): { seconds: number; on: 'plan_s' | 'wall_s' } {
  return m.timings ? { seconds: m.timings.plan_s, on: 'plan_s' } : { seconds: m.wall_s, on: 'wall_s' };
}

function changesPerSecond(m: SyncMeasure): number | null {
  const t = m.timings;
  return t && t.apply_s > 0 ? t.changes / t.apply_s : null;
}

function round(n: number | null | undefined, digits = 3): number | null {
  if (n === null || n === undefined || !Number.isFinite(n)) return null;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function measured(m: SyncMeasure) {
  const t = m.timings;
  return {
    status: m.status,
    wall_s: round(m.wall_s),
    plan_s: round(t?.plan_s),
    apply_s: round(t?.apply_s),
    changes: t?.changes ?? null,
    apply_changes_per_s: round(changesPerSecond(m), 0),
    path: t?.path ?? null,
    peak_rss_mb: round(m.peak_rss_mb, 0),
    // What the run was sized for, and the heap it held (older builds print neither).
    memory_mb: t?.memory_mb ?? null,
    partitions: t?.partitions ?? null,
    heap_mb: t?.heap_mb ?? null,
    // Where the time went, step by step (sync-service's laps).
    steps_s: t?.steps ?? null,
  };
}

function monthFigures(m: SyncMeasure, run: SizeRun) {
  const plan = planOf(m);
  return {
    ...measured(m),
    plan_vs_scan: round(plan.seconds / run.scanNext.seconds),
    baseline_vs_plan: run.baseline ? round(run.baseline.seconds / plan.seconds) : null,
    ratios_on: plan.on,
  };
}

/** `month_<size>`: the SQLite month at the top (the figures), PostgreSQL's beside it. */
export function monthResult(run: SizeRun) {
  const sqlite = run.syncs.sqlite?.month;
  const postgres = run.syncs.postgres?.month;
  const s = sqlite ? monthFigures(sqlite, run) : null;
  const b = run.baseline;
  return {
    persons: run.persons,
    rows: run.scanNext.rows,
    plan_s: s?.plan_s ?? null,
    scan_s: round(run.scanNext.seconds),
    pg_baseline_s: round(b?.seconds),
    apply_changes_per_s: s?.apply_changes_per_s ?? null,
    peak_rss_mb: s?.peak_rss_mb ?? null,
    ...(s ?? {}),
    pg_baseline: b && {
      seconds: round(b.seconds),
      copy_s: round(b.copy_s),
      diff_s: round(b.diff_s),
      rows: b.rows,
      files: b.files.map((f) => ({ ...f, copy_s: round(f.copy_s), diff_s: round(f.diff_s) })),
    },
    postgres: postgres ? monthFigures(postgres, run) : null,
  };
}

/** `first_<size>`: wall seconds and peak RSS of the first load on each dialect. */
export function firstResult(run: SizeRun) {
  const sqlite = run.syncs.sqlite?.first;
  const postgres = run.syncs.postgres?.first;
  const detail = (m: SyncMeasure | undefined) =>
    m ? { ...measured(m), wall_vs_scan: round(m.wall_s / run.scanFirst.seconds, 2) } : null;
  return {
    persons: run.persons,
    rows: run.scanFirst.rows,
    scan_s: round(run.scanFirst.seconds),
    sqlite_s: round(sqlite?.wall_s),
    postgres_s: round(postgres?.wall_s),
    sqlite_peak_rss_mb: round(sqlite?.peak_rss_mb, 0),
    postgres_peak_rss_mb: round(postgres?.peak_rss_mb, 0),
    sqlite: detail(sqlite),
    postgres: detail(postgres),
  };
}

function fmt(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

const HEADER = [
  '| size | dialect | step | status | path | wall s | plan s | apply s | rows/s | changes/s | × scan | × pg baseline | peak RSS MB |',
  '|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
];

function syncRow(run: SizeRun, dialect: Dialect, step: 'first' | 'month', m: SyncMeasure): string {
  const scan = step === 'first' ? run.scanFirst : run.scanNext;
  const compared = step === 'first' ? { seconds: m.wall_s, on: 'wall_s' } : planOf(m);
  const mark = compared.on === 'wall_s' && step === 'month' ? ' (wall)' : '';
  const vsBaseline = step === 'month' && run.baseline ? compared.seconds / run.baseline.seconds : null;
  const t = m.timings;
  const cells = [
    sizeLabel(run.persons),
    dialect,
    step === 'first' ? 'first load (month-1)' : 'month (month-2)',
    m.status,
    t?.path ?? '—',
    fmt(m.wall_s, 2),
    fmt(t?.plan_s, 2),
    fmt(t?.apply_s, 2),
    fmt(scan.rows / m.wall_s),
    fmt(changesPerSecond(m)),
    `${fmt(compared.seconds / scan.seconds, 1)}${mark}`,
    `${fmt(vsBaseline, 2)}${vsBaseline === null ? '' : mark}`,
    fmt(m.peak_rss_mb),
  ];
  return `| ${cells.join(' | ')} |`;
}

function baselineRows(run: SizeRun): string[] {
  const size = sizeLabel(run.persons);
  const s = run.scanNext;
  const rows = [
    `| ${size} | node | scan limit (month-2) | — | — | ${fmt(s.seconds, 2)} | — | — | ${fmt(s.rows / s.seconds)} | — | 1.0 | — | — |`,
  ];
  const b = run.baseline;
  if (b) {
    rows.push(
      `| ${size} | postgres | pg baseline (month-2: COPY ${fmt(b.copy_s, 2)} s + FULL JOIN ${fmt(b.diff_s, 2)} s) | — | — | ` +
        `${fmt(b.seconds, 2)} | — | — | ${fmt(b.rows / b.seconds)} | — | ${fmt(b.seconds / s.seconds, 1)} | 1.00 | — |`,
    );
  }
  return rows;
}

export function printSizeTable(run: SizeRun): void {
  const mb = (run.scanNext.bytes / 1e6).toFixed(0);
  console.log(
    `\n${sizeLabel(run.persons)}: ${fmt(run.persons)} persons; month-1 ${fmt(run.scanFirst.rows)} rows, ` +
      `month-2 ${fmt(run.scanNext.rows)} rows (${mb} MB)`,
  );
  const lines = [...HEADER, ...baselineRows(run)];
  for (const dialect of DIALECTS) {
    const pair = run.syncs[dialect];
    if (!pair) continue;
    lines.push(syncRow(run, dialect, 'first', pair.first));
    if (pair.month) lines.push(syncRow(run, dialect, 'month', pair.month));
  }
  console.log(lines.join('\n'));
  console.log(
    'rows/s = rows of the extract ÷ wall s; changes/s = changes ÷ apply s; × scan = first: wall ÷ scan of ' +
      'month-1, month: plan ÷ scan of month-2; × pg baseline = month plan ÷ baseline ((wall) = no timings)',
  );
  for (const dialect of DIALECTS) {
    for (const m of [run.syncs[dialect]?.first, run.syncs[dialect]?.month]) {
      if (m?.error) console.log(`\n${dialect} sync crashed (exit ${m.exitCode}):\n${m.error}`);
    }
  }
}
