// The targets of issue 7, checked against what this run measured. A missed target is reported, never
// turned into a failing exit: the figures and their ratios are the benchmark's output.

import { DIALECTS, type SyncMeasure } from './sync-bench.js';
import { type SizeRun, sizeLabel } from './sync-report.js';

export interface TargetCheck {
  target: string;
  /** The size whose figures were checked. */
  size: string;
  value: string;
  /** Null when the figure was not measured in this run. */
  met: boolean | null;
}

const FIRST_LOAD_PERSONS = 5_000_000;
const FIRST_LOAD_LIMIT_S = { sqlite: 300, postgres: 120 } as const;
const PLAN_VS_BASELINE = 5;
const PLAN_VS_SCAN = 4;
const APPLY_CHANGES_PER_S = 50_000;
const PEAK_RSS_MB = 4096;

function planSeconds(m: SyncMeasure): { seconds: number; note: string } {
  return m.timings
    ? { seconds: m.timings.plan_s, note: 'plan' }
    : { seconds: m.wall_s, note: 'wall, no timings' };
}

/** Month targets on the largest size of the run, first-load targets at 5M, RSS over every sync. */
export function checkTargets(runs: SizeRun[]): TargetCheck[] {
  const largest = runs.at(-1);
  if (!largest) return [];
  return [...monthTargets(largest), ...firstLoadTargets(runs), rssTarget(runs)];
}

function monthTargets(run: SizeRun): TargetCheck[] {
  const size = sizeLabel(run.persons);
  const checks: TargetCheck[] = [];
  for (const dialect of DIALECTS) {
    const month = run.syncs[dialect]?.month;
    if (!month) continue;
    const plan = planSeconds(month);
    const b = run.baseline;
    checks.push({
      target: `month plan ≥ ${PLAN_VS_BASELINE}× faster than the PG baseline (${dialect})`,
      size,
      value: b
        ? `${(b.seconds / plan.seconds).toFixed(1)}× (${plan.note} ${plan.seconds.toFixed(2)} s, baseline ${b.seconds.toFixed(2)} s)`
        : 'no PG baseline',
      met: b ? b.seconds / plan.seconds >= PLAN_VS_BASELINE : null,
    });
    checks.push({
      target: `month plan within ${PLAN_VS_SCAN}× of the scan limit (${dialect})`,
      size,
      value: `${(plan.seconds / run.scanNext.seconds).toFixed(1)}× (${plan.note} ${plan.seconds.toFixed(2)} s, scan ${run.scanNext.seconds.toFixed(2)} s)`,
      met: plan.seconds / run.scanNext.seconds <= PLAN_VS_SCAN,
    });
  }
  const sqlite = run.syncs.sqlite?.month?.timings;
  const rate = sqlite && sqlite.apply_s > 0 ? sqlite.changes / sqlite.apply_s : null;
  checks.push({
    target: `apply ≥ ${APPLY_CHANGES_PER_S.toLocaleString('en-US')} changes/s (sqlite month)`,
    size,
    value:
      rate === null
        ? 'not measured'
        : `${Math.round(rate).toLocaleString('en-US')} changes/s (${sqlite?.changes} in ${sqlite?.apply_s.toFixed(2)} s)`,
    met: rate === null ? null : rate >= APPLY_CHANGES_PER_S,
  });
  return checks;
}

function firstLoadTargets(runs: SizeRun[]): TargetCheck[] {
  const run = runs.find((r) => r.persons === FIRST_LOAD_PERSONS);
  const size = sizeLabel(FIRST_LOAD_PERSONS);
  return DIALECTS.map((dialect) => {
    const limit = FIRST_LOAD_LIMIT_S[dialect];
    const first = run?.syncs[dialect]?.first;
    const ok = first !== undefined && first.status !== 'crashed';
    return {
      target: `first load of 5M persons < ${limit} s (${dialect})`,
      size,
      value: first ? `${first.wall_s.toFixed(1)} s (${first.status})` : 'not run at 5M',
      met: first ? ok && first.wall_s < limit : null,
    };
  });
}

function rssTarget(runs: SizeRun[]): TargetCheck {
  const all = runs.flatMap((r) =>
    DIALECTS.flatMap((d) => [r.syncs[d]?.first, r.syncs[d]?.month]).filter(
      (m): m is SyncMeasure => m !== undefined && m !== null && Number.isFinite(m.peak_rss_mb),
    ),
  );
  const peak = Math.max(...all.map((m) => m.peak_rss_mb));
  return {
    target: `peak RSS < ${PEAK_RSS_MB} MB (every sync of the run)`,
    size: runs.map((r) => sizeLabel(r.persons)).join(','),
    value: all.length ? `${Math.round(peak)} MB` : 'not measured',
    met: all.length ? peak < PEAK_RSS_MB : null,
  };
}

export function printTargets(checks: TargetCheck[]): void {
  console.log('\ntargets (reported, never failing the run):');
  for (const c of checks) {
    const mark = c.met === null ? 'n/a' : c.met ? 'met' : 'MISSED';
    console.log(`- [${mark}] ${c.target} at ${c.size}: ${c.value}`);
  }
}
