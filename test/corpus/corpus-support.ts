// The corpus on disk (test/corpus/README.md) and one case run against a store that already holds
// the base month: what the sync did, and the whole store before and after.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY } from '../../src/domain/policy.js';
import type { Store } from '../../src/store/store.js';
import type { SyncReport } from '../../src/sync/report.js';
import { type SyncOptions, syncExtract } from '../../src/sync/sync-service.js';
import { REPO_ROOT } from '../fixtures/cli.js';
import { dumpStore, type StoreDump } from '../support/store-dump.js';
import { type Dialect, freshStore } from '../support/stores.js';

export const CORPUS_DIR = join(REPO_ROOT, 'test', 'corpus');
export const BASE_DIR = join(CORPUS_DIR, 'base');
export const CASES_DIR = join(CORPUS_DIR, 'cases');

export interface ExpectedReject {
  file: string;
  line: number;
  /** A part of the reason the reject must give. */
  reason: string;
}

/** expect.json of a case; see test/corpus/README.md. */
export interface Expectation {
  about: string;
  /** Also run on PostgreSQL: a representative subset (a case costs ~0.7 s there, ~0.1 s on SQLite). */
  postgres?: boolean;
  /** Bad input: the sync throws with a message matching this pattern and writes nothing. */
  refused?: string;
  status?: 'applied' | 'held' | 'partly_held' | 'refused';
  /** For status `refused`: a pattern the report's message matches. */
  message?: string;
  counts?: Record<string, number>;
  held?: Array<{ scope: string; reason: string }>;
  rejects?: ExpectedReject[];
  unknown_codes?: { bentuk_pendidikan: number; jenis_ptk: number };
  changed?: string[];
  unchanged?: string[];
  accounts_unchanged?: string[];
  no_account?: string[];
  names?: Record<string, string>;
  addresses?: Record<string, string>;
  mail_html_excludes?: string[];
  reasons_exclude?: string[];
}

export function caseNames(): string[] {
  return readdirSync(CASES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function expectationOf(name: string): Expectation {
  return JSON.parse(readFileSync(join(CASES_DIR, name, 'expect.json'), 'utf8')) as Expectation;
}

export interface CaseRun {
  store: Store;
  dataDir: string;
  before: StoreDump;
  after: StoreDump;
  report: SyncReport | null;
  error: unknown;
}

/** A fixed clock: the case's reports and mail do not depend on the day the test runs. */
const NOW = new Date('2025-02-20T08:00:00Z');

export function syncOptions(dataDir: string): SyncOptions {
  return {
    policy: DEFAULT_POLICY,
    plan: false,
    partitions: 4,
    batchSize: 4,
    dataDir,
    now: () => NOW,
    actor: 'corpus',
    lang: 'id',
  };
}

/**
 * Applies the base month to a fresh store, then the case, and hands both dumps and the outcome to
 * `check`; the store and its data directory are removed however `check` ends.
 */
export async function withCaseRun(
  dialect: Dialect,
  name: string,
  check: (run: CaseRun) => Promise<void>,
): Promise<void> {
  const fresh = await freshStore(dialect);
  const dataDir = await mkdtemp(join(tmpdir(), 'selaras-corpus-'));
  try {
    const options = syncOptions(dataDir);
    const base = await syncExtract(fresh.store, BASE_DIR, options);
    if (base.status !== 'applied') throw new Error(`the base month was ${base.status}, not applied`);
    const before = await dumpStore(fresh.store);
    let report: SyncReport | null = null;
    let error: unknown = null;
    try {
      report = await syncExtract(fresh.store, join(CASES_DIR, name), options);
    } catch (err) {
      error = err;
    }
    const after = await dumpStore(fresh.store);
    await check({ store: fresh.store, dataDir, before, after, report, error });
  } finally {
    await fresh.dispose();
    await rm(dataDir, { recursive: true, force: true });
  }
}
