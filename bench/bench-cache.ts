// What the benchmarks keep in bench/.cache between runs: the synthetic extracts of a size, and the
// SQLite store the load benchmark serves (the sync benchmark leaves it there after its own run), and
// bench/results.json, where each part records its figures under its own key.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evolveExtract, generateExtract } from './extract-generator.js';

/** dist/bench → the repository. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE = join(ROOT, 'bench', '.cache');
export const RESULTS = join(ROOT, 'bench', 'results.json');

export async function cachedExtracts(
  persons: number,
  churn: number,
): Promise<{ first: string; next: string }> {
  const base = join(CACHE, `extract-${persons}`);
  const first = join(base, 'month-1');
  const next = join(base, 'month-2');
  if (!existsSync(join(first, 'manifest.json'))) {
    console.log(`generating ${persons} persons into ${first} …`);
    await generateExtract({ outDir: first, persons, seed: 42, takenAt: '2026-07-15', snapshotId: 'bench-1' });
  }
  if (!existsSync(join(next, 'manifest.json'))) {
    console.log(`evolving ${churn} churn into ${next} …`);
    await evolveExtract({
      fromDir: first,
      outDir: next,
      churn,
      seed: 43,
      takenAt: '2026-08-15',
      snapshotId: 'bench-2',
    });
  }
  return { first, next };
}

/** The SQLite store of `persons` the load benchmark serves. */
export function loadStorePath(persons: number): string {
  return join(CACHE, `store-${persons}`, 'selaras.db');
}

/** A store counts as built only once its sync finished: the marker is written after it. */
function markerOf(persons: number): string {
  return join(dirname(loadStorePath(persons)), 'synced.json');
}

export function loadStoreReady(persons: number): boolean {
  return existsSync(markerOf(persons)) && existsSync(loadStorePath(persons));
}

export async function markLoadStore(persons: number, snapshots: string[]): Promise<void> {
  await writeFile(
    markerOf(persons),
    `${JSON.stringify({ persons, snapshots, at: new Date().toISOString() })}\n`,
  );
}

/** Sets `key` in bench/results.json, keeping what other parts recorded there. */
export async function recordResults(key: string, value: unknown): Promise<void> {
  let current: Record<string, unknown> = {};
  if (existsSync(RESULTS)) {
    try {
      current = JSON.parse(await readFile(RESULTS, 'utf8')) as Record<string, unknown>;
    } catch {
      current = {}; // a broken file is replaced rather than stopping the benchmark
    }
  }
  current[key] = value;
  await writeFile(RESULTS, `${JSON.stringify(current, null, 2)}\n`);
}
