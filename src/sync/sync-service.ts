// The pipeline (DESIGN 4): extract → records → classification per person → addresses → apply, one
// transaction per batch. Streaming and partitioned: rows are bucketed by a hash of the person id as
// they are read, and each partition is planned against its own slice of the store.
//
// Three passes over the partitions, each reading only one partition's state at a time:
//   0. re-key matching (light: ids and identifiers only),
//   1. plan: classify everyone, count events, collect the address requests,
//   2. apply: classify again (pure, so the same answer), fill in ids and addresses, write.
// Re-classifying costs less than keeping a national plan in memory, and it makes a crash harmless:
// a re-run plans again against what the committed batches left and finishes the job.
import { createHash, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { settleAppealsAfterSync } from '../appeals/appeal-settlement.js';
import type { EventType, PersonState } from '../domain/accounts.js';
import { type ClassifyContext, classifyPerson, type PersonPlan } from '../domain/classify.js';
import { type Hold, heldScopeOf } from '../domain/guards.js';
import type { Policy } from '../domain/policy.js';
import { roleOfPtk } from '../domain/policy.js';
import type { ExtractScope, Manifest, PersonRow, SchoolRecord } from '../domain/records.js';
import { PD_FILE, PTK_FILE } from '../extract/extract-files.js';
import {
  type ExtractHead,
  readExtract,
  readExtractHead,
  writeRejectsCsv,
} from '../extract/extract-reader.js';
import { Notifier, type OutboxRow } from '../notify/notifier.js';
import type { DigestAppeal, Lang } from '../notify/templates/index.js';
import type { CredentialVault } from '../security/credential-vault.js';
import type { WarmResult } from '../store/dialect/sqlite/page-warmer.js';
import { deferIndexes, LOADED_TABLES, restoreIndexes } from '../store/index-deferral.js';
import { statesByIds } from '../store/person-reads.js';
import type { Executor } from '../store/person-repository.js';
import type { Store } from '../store/store.js';
import { AddressBook } from './address-book.js';
import { createPlanWriter, type Disposition } from './apply.js';
import { ByteScreen } from './byte-screen.js';
import { covers, GuardTally, HoldRouter, supersede } from './holds.js';
import { DEFAULT_MEMORY_MB, estimatedPersons, heapGuard, heapShareMb, memorySizes } from './memory-budget.js';
import {
  type PartitionRange,
  type PartitionRows,
  partitionRanges,
  RowPartitions,
  readAhead,
} from './partitions.js';
import { type PartitionWork, type Rekeys, screen } from './rekey.js';
import { emptyCounts, type HeldScope, type SyncReport } from './report.js';
import { createRepositories, type Repositories } from './repositories.js';
import { buildContext, type SchoolView, unknownBentukSchools } from './sync-context.js';

/** A load into an empty store of at least this many persons builds its secondary indexes at the end. */
export const DEFER_INDEXES_FROM = 100_000;

/** Persons a first load writes between two commits (src/sync/apply.ts, groupBatch). */
export const FIRST_LOAD_COMMIT_EVERY = 250_000;

/**
 * A run that applies plans for at least this many persons writes them through the store's load writer
 * (apply.ts `WriterShape.loadWriter`), where the store has one. Below it, starting the writer's thread
 * (tens of milliseconds) costs more than the overlap saves.
 */
export const LOAD_WRITER_FROM = 5_000;

export interface Progress {
  start(label: string, total: number): void;
  tick(n?: number): void;
  stop(): void;
}

export interface SyncOptions {
  policy: Policy;
  plan: boolean;
  partitions: number;
  batchSize: number;
  /** Where rejects/<run_id>.csv are written. */
  dataDir: string;
  now: () => Date;
  /** Who runs it, for the audit log (the operating-system user on the CLI). */
  actor: string;
  /** Language of the mail this run queues. */
  lang: Lang;
  progress?: Progress;
  /**
   * The memory the run may use, in MiB (src/sync/memory-budget.ts); default 4096. It may raise the
   * partition count above `partitions`, which is then the least count.
   */
  memoryMb?: number;
  /** Seals each new account's initial password; without it passwords are made on first need. */
  vault?: CredentialVault;
  /**
   * A load into an empty store of at least this many changed persons drops the secondary indexes of
   * the tables it fills and builds them again at its end (src/store/index-deferral.ts). Default
   * DEFER_INDEXES_FROM.
   */
  deferIndexesFrom?: number;
  /** Persons such a first load writes between commits; default FIRST_LOAD_COMMIT_EVERY. */
  firstLoadCommitEvery?: number;
  /** Persons whose rows a grouped run hands to the writer at a time; default LOAD_CHUNK (apply.ts). */
  loadChunk?: number;
  /** Persons to write from which a run writes through the store's load writer; default LOAD_WRITER_FROM. */
  loadWriterFrom?: number;
  /**
   * Read every row with the streaming reader and keep them in memory, as for an extract the byte scan
   * cannot cut (a quoted line break, a duplicated row id): for comparing the two ways of reading.
   */
  careful?: boolean;
}

interface Prepared {
  manifest: Manifest;
  contentHash: string;
  rows: PartitionRows;
  view: SchoolView;
  ctx: ClassifyContext;
  hasRejects: (personId: string) => boolean;
  rejects: Awaited<ReturnType<typeof readExtract>>['rejects'];
  unknown: { bentuk_pendidikan: number; jenis_ptk: number };
  provinceOf: (npsn: string) => string;
  schoolName: (npsn: string) => string;
  files: { file: string; rows: number; rejected: number }[];
  /** Persons with an exit that waits: looked at every run. */
  waiting: Set<string>;
  /** The byte scan of the person files, and the state it keeps for the next run. */
  bytes: ByteScreen;
  /** Keeps V8's heap within its share of the memory budget, checked at each partition boundary. */
  heap?: { check(): void; readonly collections: number };
}

export async function syncExtract(store: Store, dir: string, options: SyncOptions): Promise<SyncReport> {
  const repos = createRepositories(store);
  const started = performance.now();
  lastTimings = null;
  laps.start(started);
  // A month reads pages of the store all over it: read in order meanwhile, if not cached yet.
  const warming = store.warm?.();
  try {
    return await syncWarming(store, dir, options, repos, started, warming?.done);
  } finally {
    const warmed = await warming?.stop();
    const timings = lastTimings as SyncTimings | null; // set by the run, after the null above
    if (timings && warmed) timings.store_warm = warmed;
  }
}

async function syncWarming(
  store: Store,
  dir: string,
  options: SyncOptions,
  repos: Repositories,
  started: number,
  warmed: Promise<unknown> | undefined,
): Promise<SyncReport> {
  // A first load that crashed left its indexes dropped: built again before anything reads.
  await restoreIndexes(store);
  const memoryMb = options.memoryMb ?? DEFAULT_MEMORY_MB;
  const sizes = memorySizes(memoryMb, await estimatedPersons(dir, [PTK_FILE, PD_FILE]), options.partitions);
  options = { ...options, partitions: sizes.partitions, memoryMb };
  laps.lap('setup');
  const prepared = await prepare(dir, store, repos, options, sizes.keptRows);
  prepared.heap = heapGuard(heapShareMb(memoryMb));
  // What the run spills besides the scan: address requests and answers, digest items.
  const spillDir = join(options.dataDir, 'scan', `${process.pid}-${randomBytes(4).toString('hex')}-run`);
  try {
    return await syncPrepared(store, repos, prepared, options, started, spillDir, sizes.keptPlans, warmed);
  } finally {
    await rm(spillDir, { recursive: true, force: true });
    await prepared.bytes.dispose();
  }
}

/** Seconds spent in each phase of the last sync of this process (`selaras sync --timings`). */
export interface SyncTimings {
  scan_s: number;
  screen_s: number;
  classify_s: number;
  plan_s: number;
  apply_s: number;
  total_s: number;
  changes: number;
  /**
   * V8 heap in use (MiB) at the end of each phase, and the most seen after any partition's apply: what
   * the run keeps per person shows here as growth with the extract's size (issue 7).
   */
  heap_mb: { scan: number; screen: number; plan: number; allocate: number; apply_max: number };
  /** The process's peak resident set (MiB) so far, SQLite's page cache and the workers included. */
  peak_rss_mb: number;
  /** The memory budget the run was sized for, and the partitions it chose. */
  memory_mb: number;
  partitions: number;
  /** Full collections asked for because the heap exceeded its share of the budget. */
  heap_collections: number;
  /** fast: the scan joined against the state; full: the scan, every row parsed; careful: the streaming reader. */
  path: 'fast' | 'full' | 'careful';
  /** Seconds of each step, in order (setup, head, byte_scan, … finish): where a phase's time went. */
  steps: Record<string, number>;
  /** What the store's page warmer did (SQLite): read the file in order, found it cached, or skipped it. */
  store_warm?: WarmResult;
}

/** The steps of the sync under way, timed one after the other. */
const laps = {
  at: 0,
  steps: {} as Record<string, number>,
  start(at: number) {
    this.at = at;
    this.steps = {};
  },
  lap(name: string) {
    const now = performance.now();
    this.steps[name] = Math.round(now - this.at) / 1000 + (this.steps[name] ?? 0);
    this.at = now;
  },
  seconds(): Record<string, number> {
    return { ...this.steps };
  },
};

let lastTimings: SyncTimings | null = null;

export function lastSyncTimings(): SyncTimings | null {
  return lastTimings;
}

async function syncPrepared(
  store: Store,
  repos: Repositories,
  prepared: Prepared,
  options: SyncOptions,
  started: number,
  spillDir: string,
  keptPlans: number,
  /** The store's file read in order (page-warmer.ts): the reads by id wait for it. */
  warmed: Promise<unknown> | undefined,
): Promise<SyncReport> {
  const seconds = (from: number) => (performance.now() - from) / 1000;
  const scanned = performance.now();
  const heap = { scan: heapMb(), screen: 0, plan: 0, allocate: 0, apply_max: 0 };
  const { manifest } = prepared;
  const snapshot = { id: manifest.snapshotId, taken_at: manifest.takenAt };
  const earlier = await repos.runs.latestOfSnapshot(manifest.snapshotId);
  if (earlier && earlier.content_hash === prepared.contentHash && earlier.status !== 'applying') {
    return { ...emptyReport(snapshot, prepared), run_id: earlier.id, status: 'unchanged' };
  }
  const refusal = refusalOf(earlier, prepared);
  if (refusal) {
    if (options.plan)
      return { ...emptyReport(snapshot, prepared), run_id: null, status: 'refused', message: refusal };
    const runId = await recordRefusal(repos, store, prepared, refusal, options);
    return { ...emptyReport(snapshot, prepared), run_id: runId, status: 'refused', message: refusal };
  }
  const ranges = partitionRanges(options.partitions);
  // The reads by id begin here. A cold store file read in order meanwhile is read sooner alone: reads
  // at random from all over it slowed that reading by half (5 M: 60 s against 31 s) and gained less.
  if (warmed) {
    await warmed;
    laps.lap('store_warm_wait');
  }
  // A store loaded without statistics (by an older version, with autovacuum off) gets them before
  // this run reads persons by id; after a run's own writes they are refreshed below.
  if (!prepared.bytes.storeWasEmpty) await store.refreshStatistics?.(LOADED_TABLES);
  const { rekeys, work } = await screen({
    persons: repos.persons,
    partitions: prepared.rows,
    ranges,
    inScope: prepared.ctx.inScope,
    hasRejects: prepared.hasRejects,
    waiting: prepared.waiting,
    storeEmpty: prepared.bytes.storeWasEmpty,
    partitionInput: prepared.bytes.fast ? prepared.bytes.partitionInput(prepared.rows) : undefined,
  });
  const screened = performance.now();
  laps.lap('screen');
  heap.screen = heapMb();
  const book = new AddressBook({ partitions: ranges.length, spillDir: join(spillDir, 'addresses') });
  const tally = new GuardTally();
  const changes = new Map<number, PartitionWork>();
  // A month's plans are few: kept from the planning pass, the applying pass need not read and
  // classify them again. A first national load's are many: those are classified again (pure, so
  // the same answer) one partition at a time.
  const kept = new Map<number, PersonPlan[]>();
  let keptCount = 0;
  let plannedPersons = 0;
  const planning = async (plans: PersonPlan[], range: PartitionRange) => {
    const screenedIds = work.get(range.index)?.ids;
    if (keptCount >= 0) {
      keptCount += plans.length;
      if (keptCount > keptPlans) {
        keptCount = -1;
        kept.clear();
      } else kept.set(range.index, plans);
    }
    plannedPersons += plans.length;
    const ids = new Set<string>();
    const known: string[] = [];
    for (const plan of plans) {
      book.collect(plan);
      tally.add(plan);
      if (screenedIds === 'all') continue;
      ids.add(plan.personId);
      if (plan.known) known.push(plan.personId);
    }
    // A partition of persons all new to the store is classified whole again: the same plans (pure),
    // without an id per person kept between the passes.
    changes.set(range.index, screenedIds === 'all' ? { ids: 'all', known: [] } : { ids, known });
  };
  // The planning pass writes nothing: its reads run ahead, on other cores where the store has them.
  const planReads = { load: (ids: string[]) => statesByIds(store, ids), ahead: PLAN_READ_AHEAD };
  await forEachPartition(ranges, prepared, planReads, rekeys, options, 'Merencanakan', planning, work);
  const planned = performance.now();
  laps.lap('classify');
  heap.plan = heapMb();
  const resumed = earlier?.status === 'applying' && !options.plan ? earlier : null;
  const holds = resumed
    ? await resumedHolds(store, repos, resumed.id)
    : await judgeRun(prepared, repos, tally, options);
  await book.allocate(repos.addresses, options.policy);
  laps.lap('judge_allocate');
  heap.allocate = heapMb();
  const router = new HoldRouter(holds.list, prepared.provinceOf);
  if (!options.plan) await prepared.bytes.distrust();
  const { runId, holdIds } = resumed
    ? { runId: resumed.id, holdIds: holds.ids }
    : await startRun(store, repos, prepared, options, holds.list);
  if (prepared.rejects.length > 0) {
    // Again when resuming: a crash may have come between the run's commit and this file.
    await writeRejectsCsv(join(options.dataDir, 'rejects', `${runId}.csv`), prepared.rejects);
  }
  const written = emptyCounts();
  const stamp = { runId, effectiveDate: manifest.takenAt, snapshotId: manifest.snapshotId };
  const notifier = options.plan
    ? undefined
    : new Notifier({
        lang: options.lang,
        policy: options.policy,
        runId,
        schoolName: prepared.schoolName,
        effectiveDate: manifest.takenAt,
        now: options.now,
        spillDir: join(spillDir, 'digests'),
      });
  if (resumed && notifier) await recallApplied(repos, runId, notifier, written);
  const dispose = (plan: PersonPlan): Disposition => {
    const index = router.route(plan);
    if (options.plan) return { kind: 'plan', held: index !== null };
    return index === null ? { kind: 'apply' } : { kind: 'hold', holdId: holdIds[index]! };
  };
  // A first load (an empty store, many persons) builds its indexes at its end and commits seldom.
  const firstLoad =
    !options.plan &&
    prepared.bytes.storeWasEmpty &&
    plannedPersons >= (options.deferIndexesFrom ?? DEFER_INDEXES_FROM);
  const deferring = firstLoad && (await deferIndexes(store, undefined, options.now)) > 0;
  const writer = await createPlanWriter(
    store,
    repos,
    stamp,
    options.batchSize,
    dispose,
    notifier,
    options.vault,
    {
      commitEvery: firstLoad
        ? Math.max(options.batchSize, options.firstLoadCommitEvery ?? FIRST_LOAD_COMMIT_EVERY)
        : undefined,
      loadChunk: options.loadChunk,
      loadWriter:
        !options.plan && (firstLoad || plannedPersons >= (options.loadWriterFrom ?? LOAD_WRITER_FROM)),
    },
  );
  const label = options.plan ? 'Mencatat' : 'Menerapkan';
  const rekeyedOld = new Set(rekeys.byOld.keys());
  try {
    // The applying pass reads through the store's connection, not ahead. Where the batches go to the
    // load writer, what it has not committed yet is not seen here; it never needs to be: a partition
    // reads only its own persons (and re-keyed ones' old ids, which their own partition skips), and
    // the writes queued are those of partitions before it.
    const applyReads = { load: (ids: string[]) => repos.persons.loadByIds(ids), ahead: 0 };
    await forEachPartition(
      ranges,
      prepared,
      applyReads,
      rekeys,
      options,
      label,
      async (plans, range) => {
        for (const event of await writer.write(plans, book)) written[event]++;
        await prepared.bytes.recordPartition(
          {
            range,
            plans,
            classified: changes.get(range.index)?.ids ?? new Set<string>(),
            rekeyedOld: rekeyedOld,
            isHeld: (plan) => plan.schools.some((npsn) => router.isHeld(npsn)),
            flagged: (id) => prepared.hasRejects(id) || prepared.waiting.has(id),
          },
          prepared.rows.byPerson(range.index),
        );
        heap.apply_max = Math.max(heap.apply_max, heapMb());
      },
      changes,
      keptCount >= 0 ? kept : undefined,
    );
    for (const event of await writer.flush()) written[event]++;
    laps.lap('write');
  } catch (error) {
    await writer.abandon(); // a transaction left open would hold the store's only SQLite connection
    throw error;
  }
  if (deferring) await restoreIndexes(store);
  // The next sync reads persons by id: on PostgreSQL that needs the statistics of what was written.
  if (!options.plan) await store.refreshStatistics?.(LOADED_TABLES);
  laps.lap('indexes');
  const held = router.heldList();
  const status = options.plan ? 'planned' : statusOf(held);
  const final: SyncReport = {
    ...emptyReport(snapshot, prepared),
    counts: written,
    held,
    run_id: runId,
    status,
  };
  if (options.plan) await recordPlan(store, repos, runId, final, options);
  else {
    const digests = writer.holdDigests();
    await finishHolds(store, repos, holdIds, router, digests, (hold) =>
      schoolsInHold(prepared, (npsn) => heldScopeOf(npsn, [hold], prepared.provinceOf) !== null),
    );
    // Appeals this run answered (issue 10), before the digests list the ones still waiting.
    const covers = (npsn: string) => prepared.ctx.inScope(npsn) && !router.isHeld(npsn);
    await settleAppealsAfterSync({ store, ...options }, { runId, covers, actor: options.actor });
    await finishRun(store, repos, prepared, runId, final, options, router, notifier!);
    await prepared.bytes.commitState();
  }
  const done = performance.now();
  laps.lap('finish');
  lastTimings = {
    scan_s: (scanned - started) / 1000,
    screen_s: (screened - scanned) / 1000,
    classify_s: (planned - screened) / 1000,
    plan_s: (planned - started) / 1000,
    apply_s: seconds(planned),
    total_s: (done - started) / 1000,
    changes: Object.values(written).reduce((n, c) => n + c, 0),
    heap_mb: heap,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    memory_mb: options.memoryMb ?? DEFAULT_MEMORY_MB,
    partitions: ranges.length,
    heap_collections: prepared.heap?.collections ?? 0,
    path: prepared.bytes.fast ? 'fast' : prepared.bytes.readable && !options.careful ? 'full' : 'careful',
    steps: laps.seconds(),
  };
  return final;
}

async function judgeRun(
  prepared: Prepared,
  repos: Repositories,
  tally: GuardTally,
  options: SyncOptions,
): Promise<{ list: Hold[]; ids: number[] }> {
  const activeBySchool = await repos.runs.activeBySchool();
  const { view, ctx } = prepared;
  const emptiedSchools = [...view.fresh.keys()].filter(
    (npsn) => ctx.inScope(npsn) && !view.named.has(npsn) && (activeBySchool.get(npsn) ?? 0) > 0,
  );
  const list = tally.judge(
    {
      activeBySchool,
      provinceOf: prepared.provinceOf,
      emptiedSchools,
      failedSchools: prepared.manifest.failedNpsn,
      files: prepared.files,
    },
    options.policy.guards,
  );
  return { list, ids: [] };
}

/** Partitions whose store reads run ahead of the one the planning pass classifies. */
const PLAN_READ_AHEAD = 4;

/** Events read back a page at a time by a resumed run. */
const RECALL_PAGE = 10_000;

/**
 * A run interrupted while applying is finished by a later process, which plans only what is left:
 * the events its earlier processes applied are read back, so that its school digests and its report
 * cover the whole run.
 */
async function recallApplied(
  repos: Repositories,
  runId: number,
  notifier: Notifier,
  written: Record<EventType, number>,
): Promise<void> {
  const ref = (json: string | null) =>
    json === null ? null : (JSON.parse(json) as { npsn: string; address: string });
  for (let after = 0; ; ) {
    const page = await repos.runs.appliedEvents(runId, after, RECALL_PAGE);
    if (page.length === 0) break;
    notifier.recall(
      page.map((e) => ({
        type: e.type,
        reason: e.reason,
        from: ref(e.from_json),
        to: ref(e.to_json),
        nama: e.nama ?? '',
      })),
    );
    for (const e of page) written[e.type as EventType]++;
    after = page[page.length - 1]!.seq;
  }
  notifier.recallCredentials(await repos.runs.createdBySchool(runId));
}

/** A run interrupted while applying keeps the holds it judged; what it had pinned is pinned again. */
async function resumedHolds(store: Store, repos: Repositories, runId: number) {
  const rows = (await repos.holds.ofRun(runId)).filter((h) => h.status === 'pending');
  await store.db.transaction().execute((trx) =>
    repos.holds.forgetPins(
      trx,
      runId,
      rows.map((h) => h.id),
    ),
  );
  return {
    list: rows.map((h) => ({ scope: h.scope, reason: h.reason as Hold['reason'] })),
    ids: rows.map((h) => h.id),
  };
}

export function statusOf(held: readonly { scope: string }[]): 'held' | 'partly_held' | 'applied' {
  if (held.some((h) => h.scope === 'run')) return 'held';
  return held.length > 0 ? 'partly_held' : 'applied';
}

export async function createHolds(store: Store, repos: Repositories, runId: number, holds: readonly Hold[]) {
  if (holds.length === 0) return [];
  return store.db.transaction().execute((trx) => repos.holds.create(trx, holdRows(runId, holds)));
}

function holdRows(runId: number, holds: readonly Hold[]) {
  return holds.map((h) => ({
    run_id: runId,
    scope: h.scope,
    reason: h.reason,
    count: 0,
    status: 'pending',
    plan_hash: '',
    summary_json: '{}',
    schools_json: '{}',
    decided_by: null,
    decided_at: null,
    decision_reason: null,
    superseded_by_run: null,
  }));
}

/** Pending holds of earlier runs inside this run's scope: this run plans them again and replaces them. */
async function coveredHolds(repos: Repositories, prepared: Prepared) {
  const covered: Awaited<ReturnType<Repositories['holds']['pending']>> = [];
  for (const hold of await repos.holds.pending()) {
    const run = await repos.runs.get(hold.run_id);
    const runScope = run?.scope_json ? (JSON.parse(run.scope_json) as ExtractScope) : null;
    if (covers(prepared.manifest.scope, hold, runScope, prepared.provinceOf)) covered.push(hold);
  }
  return covered;
}

export async function finishHolds(
  store: Store,
  repos: Repositories,
  holdIds: number[],
  router: HoldRouter,
  digests: Map<number, { hash: string; events: number }>,
  schoolsOf: (hold: Hold) => SchoolChanges,
): Promise<void> {
  if (holdIds.length === 0) return;
  await store.db.transaction().execute(async (trx) => {
    for (const [i, id] of holdIds.entries()) {
      await repos.holds.update(trx, id, {
        count: router.summaries[i]!.count,
        plan_hash: digests.get(id)?.hash ?? emptyHash(),
        summary_json: JSON.stringify(router.summaries[i]),
        schools_json: JSON.stringify(schoolsOf(router.holds[i]!)),
      });
    }
  });
}

/**
 * The V8 heap in use. Under `node --expose-gc` a full collection comes first, so the figure is what is
 * alive (how the per-person growth was measured); otherwise it includes garbage not yet collected.
 */
function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round(process.memoryUsage().heapUsed / 2 ** 20);
}

function emptyHash(): string {
  return createHash('sha256').digest('hex');
}

/** A plan is recorded as a run with its events in state `planned`; nothing else is written. */
export async function recordPlan(
  store: Store,
  repos: Repositories,
  runId: number,
  report: SyncReport,
  options: { now: () => Date },
) {
  await repos.runs.update(store.db, runId, {
    status: 'planned',
    finished_at: options.now().toISOString(),
    report_json: JSON.stringify(report),
  });
}

async function prepare(
  dir: string,
  store: Store,
  repos: Repositories,
  options: SyncOptions,
  keptRows: number,
): Promise<Prepared> {
  const head = await readExtractHead(dir);
  laps.lap('head');
  const bytes = await ByteScreen.start(dir, head, store, { ...options, keptRows });
  laps.lap('byte_scan');
  try {
    if (!options.plan) await bytes.openState();
    bytes.storeWasEmpty = !(await repos.persons.hasAnyPerson());
    const known = new Map((await repos.runs.loadSchools()).map((s) => [s.npsn, s]));
    laps.lap('store_reads');
    return bytes.readable && !options.careful
      ? await prepareBytes(head, bytes, known, repos, options)
      : await prepareCareful(dir, head, bytes, known, repos, options);
  } catch (err) {
    await bytes.dispose();
    throw err;
  }
}

/** The careful reader: every row parsed as it streams, kept in memory (an extract the scan cannot cut). */
async function prepareCareful(
  dir: string,
  head: ExtractHead,
  bytes: ByteScreen,
  known: SchoolView['known'],
  repos: Repositories,
  options: SyncOptions,
): Promise<Prepared> {
  const rows = new RowPartitions(options.partitions);
  const named = new Set<string>();
  let unknownJenisPtk = 0;
  const summary = await readExtract(
    dir,
    {
      add(row) {
        named.add(row.npsn);
        if (row.kind === 'ptk' && roleOfPtk(row.jenisPtk, options.policy) === 'unknown') unknownJenisPtk++;
        rows.add(row);
      },
    },
    head,
  );
  // A school is named by its rejected rows too (fine print 7): it is not empty, only unreadable.
  for (const reject of summary.rejects) if (reject.npsn) named.add(reject.npsn);
  const view: SchoolView = { fresh: summary.schools, known, named };
  const ctx = buildContext(summary.manifest, view, options.policy);
  const { ptk, pd } = summary.duplicateRowIds;
  rows.purge((row) => (row.kind === 'ptk' ? ptk : pd).has(row.rowId));
  return finishPrepared({
    manifest: summary.manifest,
    contentHash: summary.contentHash,
    rows,
    view,
    ctx,
    rejects: summary.rejects,
    files: summary.files,
    waiting: await repos.persons.waitingPersons(),
    unknownJenisPtk,
    bytes,
    options,
  });
}

/**
 * The byte path: the scan joined against the state the store vouches for, and only candidates
 * parsed; without a state everyone is a candidate, parsed a partition at a time (bounded memory).
 */
async function prepareBytes(
  head: ExtractHead,
  bytes: ByteScreen,
  known: SchoolView['known'],
  repos: Repositories,
  options: SyncOptions,
): Promise<Prepared> {
  const view: SchoolView = { fresh: head.school.schools, known, named: new Set() };
  const ctx = buildContext(head.manifest, view, options.policy);
  const waiting = await repos.persons.waitingPersons();
  laps.lap('waiting');
  const scope = head.manifest.scope;
  const read = await bytes.read(ctx.inScope, waiting, [
    ...known.keys(),
    ...head.manifest.failedNpsn,
    ...(scope.kind === 'sekolah' ? scope.npsn : []),
  ]);
  laps.lap('join_parse');
  for (const npsn of read.named) view.named.add(npsn);
  for (const reject of head.school.rejects) if (reject.npsn) view.named.add(reject.npsn);
  return finishPrepared({
    manifest: head.manifest,
    contentHash: bytes.contentHash(),
    rows: read.rows,
    view,
    ctx,
    rejects: [...head.school.rejects, ...read.rejects],
    files: [head.school.summary, ...read.files],
    waiting,
    unknownJenisPtk: read.unknownJenisPtk,
    bytes,
    options,
  });
}

function finishPrepared(p: {
  manifest: Manifest;
  contentHash: string;
  rows: PartitionRows;
  view: SchoolView;
  ctx: ClassifyContext;
  rejects: Prepared['rejects'];
  files: Prepared['files'];
  waiting: Set<string>;
  unknownJenisPtk: number;
  bytes: ByteScreen;
  options: SyncOptions;
}): Prepared {
  const { view, ctx, options } = p;
  const known = view.known;
  const rejectedPersons = new Set(
    p.rejects.flatMap((r) => [...(r.personId ? [r.personId] : []), ...(r.maybePersonIds ?? [])]),
  );
  return {
    manifest: p.manifest,
    contentHash: p.contentHash,
    rows: p.rows,
    view,
    ctx,
    rejects: p.rejects,
    hasRejects: (personId) => rejectedPersons.has(personId),
    schoolName: (npsn) => view.fresh.get(npsn)?.nama ?? known.get(npsn)?.nama ?? npsn,
    provinceOf: (npsn) =>
      (view.fresh.get(npsn)?.kodeWilayah ?? known.get(npsn)?.kode_wilayah ?? '').slice(0, 2),
    files: p.files,
    waiting: p.waiting,
    unknown: {
      bentuk_pendidikan: unknownBentukSchools(view, options.policy).filter(ctx.inScope).length,
      jenis_ptk: p.unknownJenisPtk,
    },
    bytes: p.bytes,
  };
}

function emptyReport(snapshot: { id: string; taken_at: string }, prepared: Prepared): SyncReport {
  return {
    run_id: null,
    status: 'planned',
    snapshot,
    counts: emptyCounts(),
    held: [],
    rejected_rows: prepared.rejects.length,
    unknown_codes: prepared.unknown,
  };
}

/** DESIGN 2, "Snapshots": the same id with other content, or an extract older than what was applied. */
function refusalOf(
  earlier: { content_hash: string | null; status: string } | undefined,
  prepared: Prepared,
): string | null {
  if (earlier && earlier.content_hash !== prepared.contentHash) {
    return `snapshot ${prepared.manifest.snapshotId} was already imported with different content`;
  }
  if (earlier?.status === 'applying') return null;
  let latest = '';
  for (const school of prepared.view.known.values()) {
    if (prepared.ctx.inScope(school.npsn) && school.last_taken_at > latest) latest = school.last_taken_at;
  }
  if (latest > prepared.manifest.takenAt) {
    return `extract taken_at ${prepared.manifest.takenAt} is older than ${latest}, already applied for schools in its scope`;
  }
  return null;
}

async function recordRefusal(
  repos: Repositories,
  store: Store,
  prepared: Prepared,
  message: string,
  options: SyncOptions,
): Promise<number> {
  return store.db.transaction().execute((trx) =>
    repos.runs.create(trx, {
      ...runBase(prepared, options),
      status: 'refused',
      finished_at: options.now().toISOString(),
      message,
    }),
  );
}

function runBase(prepared: Prepared, options: SyncOptions) {
  return {
    kind: 'sync',
    status: 'applying',
    snapshot_id: prepared.manifest.snapshotId,
    taken_at: prepared.manifest.takenAt,
    content_hash: prepared.contentHash,
    scope_json: JSON.stringify(prepared.manifest.scope),
    started_at: options.now().toISOString(),
    finished_at: null,
    report_json: null,
    message: null,
  };
}

/**
 * Records the run with its rejects, its holds and the holds it supersedes, in one transaction: a run
 * recorded without its holds would be resumed after a crash as if nothing were held.
 */
async function startRun(
  store: Store,
  repos: Repositories,
  prepared: Prepared,
  options: SyncOptions,
  holds: readonly Hold[],
): Promise<{ runId: number; holdIds: number[] }> {
  const covered = options.plan ? [] : await coveredHolds(repos, prepared);
  return store.db.transaction().execute(async (trx) => {
    const base = runBase(prepared, options);
    const runId = await repos.runs.create(trx, options.plan ? { ...base, status: 'planning' } : base);
    await repos.runs.insertRejects(trx, runId, prepared.rejects);
    const none = options.plan || holds.length === 0;
    const holdIds = none ? [] : await repos.holds.create(trx, holdRows(runId, holds));
    await supersede(trx, repos, covered, runId, options.actor, options.now().toISOString());
    return { runId, holdIds };
  });
}

async function finishRun(
  store: Store,
  repos: Repositories,
  prepared: Prepared,
  runId: number,
  report: SyncReport,
  options: SyncOptions,
  router: HoldRouter,
  notifier: Notifier,
): Promise<void> {
  const { fresh, gone } = schoolsInHold(prepared, (npsn) => !router.isHeld(npsn));
  await store.db.transaction().execute(async (trx) => {
    await applySchools(trx, repos, { fresh, gone }, runId, prepared.manifest.takenAt);
    await queueSchoolDigests(trx, repos, notifier, report.held);
    await repos.runs.update(trx, runId, {
      status: report.status,
      finished_at: options.now().toISOString(),
      report_json: JSON.stringify(report),
    });
    await repos.holds.audit(trx, {
      at: options.now().toISOString(),
      actor: options.actor,
      action: 'apply',
      run_id: runId,
      scope: null,
      details_json: JSON.stringify({
        status: report.status,
        counts: nonZero(report.counts),
        held: report.held,
      }),
    });
  });
}

/** One digest per school the run touched or holds, to its admin accounts (read before the commit). */
export async function schoolDigests(
  repos: Repositories,
  notifier: Notifier,
  held: HeldScope[],
): Promise<OutboxRow[]> {
  const rows: OutboxRow[] = [];
  for await (const batch of digestBatches(repos, notifier, held)) rows.push(...batch);
  return rows;
}

/**
 * The digests queued inside the run's last transaction, a batch of schools at a time: a national run
 * writes hundreds of thousands, and each is composed only once its batch is reached.
 */
async function queueSchoolDigests(trx: Executor, repos: Repositories, notifier: Notifier, held: HeldScope[]) {
  for await (const batch of digestBatches(repos, notifier, held, trx)) await repos.runs.queueMail(trx, batch);
}

async function* digestBatches(
  repos: Repositories,
  notifier: Notifier,
  held: HeldScope[],
  executor?: Executor,
): AsyncGenerator<OutboxRow[]> {
  for (const h of held) if (h.scope.startsWith('sekolah:')) notifier.touch(h.scope.slice('sekolah:'.length));
  for (const schools of notifier.digestBatches()) {
    const admins = await repos.runs.adminAddresses(schools, executor);
    const appeals = await waitingAppeals(repos, schools, executor);
    yield notifier.digestsOf(schools, held, {
      adminsOf: (npsn) => admins.get(npsn) ?? [],
      appealsOf: (npsn) => appeals.get(npsn) ?? [],
    });
  }
}

/** Appeals still open or being corrected at these schools, for their digests (issue 10). */
async function waitingAppeals(
  repos: Repositories,
  npsns: readonly string[],
  executor?: Executor,
): Promise<Map<string, DigestAppeal[]>> {
  const out = new Map<string, DigestAppeal[]>();
  for (const a of await repos.appeals.pausingOfSchools(npsns, executor)) {
    const item: DigestAppeal = {
      id: a.id,
      nama: a.nama,
      address: a.primary_address,
      status: a.status === 'correcting' ? 'correcting' : 'open',
      filedOn: a.filed_on,
      holdUntil: a.hold_until,
    };
    out.set(a.npsn, [...(out.get(a.npsn) ?? []), item]);
  }
  return out;
}

function nonZero(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}

export interface SchoolChanges {
  fresh: SchoolRecord[];
  gone: string[];
}

/** In-scope schools of the extract, and those gone from it, restricted to `include`. */
function schoolsInHold(prepared: Prepared, include: (npsn: string) => boolean): SchoolChanges {
  const { view, ctx } = prepared;
  const fresh = [...view.fresh.values()].filter((s) => ctx.inScope(s.npsn) && include(s.npsn));
  const gone = [...view.known.values()]
    .filter((s) => s.present === 1 && ctx.inScope(s.npsn) && !view.fresh.has(s.npsn) && include(s.npsn))
    .map((s) => s.npsn);
  return { fresh, gone };
}

export async function applySchools(
  trx: Executor,
  repos: Repositories,
  changes: SchoolChanges,
  runId: number,
  takenAt: string,
): Promise<void> {
  await repos.runs.upsertSchools(
    trx,
    changes.fresh.map((s) => ({
      npsn: s.npsn,
      sekolah_id: s.sekolahId,
      nama: s.nama,
      bentuk_pendidikan: s.bentukPendidikan,
      status_sekolah: s.statusSekolah,
      kode_wilayah: s.kodeWilayah,
      present: 1,
      last_taken_at: takenAt,
      last_run_id: runId,
    })),
  );
  await repos.runs.markSchoolsGone(trx, changes.gone, runId, takenAt);
}

/** How a pass reads the persons it classifies: ahead of need (a pass that writes nothing), or as it goes. */
interface PassReads {
  load: (ids: string[]) => Promise<Map<string, PersonState>>;
  /** Partitions read ahead of the one being classified; 0 when the pass writes as it goes. */
  ahead: number;
}

/** Loads each partition's state, classifies its persons, and hands the plans that change something on. */
async function forEachPartition(
  ranges: PartitionRange[],
  prepared: Prepared,
  reads: PassReads,
  rekeys: Rekeys,
  options: SyncOptions,
  label: string,
  consume: (plans: PersonPlan[], range: PartitionRange) => void | Promise<void>,
  work: Map<number, PartitionWork>,
  kept?: Map<number, PersonPlan[]>,
): Promise<void> {
  options.progress?.start(label, ranges.length);
  const workOf = (range: PartitionRange) => work.get(range.index) ?? { ids: new Set<string>(), known: [] };
  // Named persons are read ahead; a partition of `all` is read when its rows are (no id list kept).
  const loads = readAhead(
    ranges,
    async (range) => {
      const only = workOf(range);
      if (kept?.has(range.index) || only.ids === 'all' || only.ids.size === 0) return null;
      return loadStates(reads, rekeys, [...only.ids].sort(), only.known);
    },
    reads.ahead,
  );
  for (const [position, range] of ranges.entries()) {
    const ahead = await loads(position);
    let plans = kept?.get(range.index);
    if (!plans) {
      const only = workOf(range);
      const rows = prepared.rows.byPerson(range.index);
      const loaded =
        ahead ??
        (only.ids === 'all' && rows.size > 0
          ? await loadStates(reads, rekeys, [...rows.keys()].sort(), only.known)
          : null);
      plans = loaded ? classifyPartition(prepared, rekeys, rows, loaded) : [];
    }
    await consume(plans, range);
    prepared.heap?.check();
    options.progress?.tick();
  }
  options.progress?.stop();
}

/** What classifying a partition needs from the store: its persons' states, and re-keyed ones' old states. */
interface LoadedPartition {
  /** The persons to classify, sorted. */
  ids: string[];
  known: Map<string, PersonState>;
  olds: Map<string, PersonState>;
}

async function loadStates(
  reads: PassReads,
  rekeys: Rekeys,
  ids: string[],
  knownIds: string[],
): Promise<LoadedPartition> {
  const oldIds = ids.flatMap((id) => {
    const old = rekeys.byNew.get(id);
    return old ? [old] : [];
  });
  const [known, olds] = await Promise.all([reads.load(knownIds), reads.load(oldIds)]);
  return { ids, known, olds };
}

/** Classifies the persons of a partition that the screening (or the planning pass) singled out. */
function classifyPartition(
  prepared: Prepared,
  rekeys: Rekeys,
  rows: Map<string, PersonRow[]>,
  loaded: LoadedPartition,
): PersonPlan[] {
  const { ids, known, olds } = loaded;
  const plans: PersonPlan[] = [];
  for (const personId of ids) {
    if (rekeys.byOld.has(personId)) continue; // decided under the new id, in that id's partition
    const rekeyedFrom = rekeys.byNew.get(personId) ?? null;
    const prev = rekeyedFrom ? (olds.get(rekeyedFrom) ?? null) : (known.get(personId) ?? null);
    const newRows = rows.get(personId) ?? [];
    const kind = prev?.kind ?? newRows[0]!.kind;
    const plan = classifyPerson(
      { kind, personId, prev, newRows, hasRejects: prepared.hasRejects(personId), rekeyedFrom },
      prepared.ctx,
    );
    if (plan.rowsChanged || plan.changes.length > 0) plans.push(plan);
  }
  return plans;
}
