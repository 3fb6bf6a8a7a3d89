// Writes plans in batches: each batch is one transaction holding the persons' rows, their accounts,
// the addresses issued, the events and the batch marker — all of it or none of it (DESIGN 4).
// A plan is applied, held (its events recorded as held, its new addresses reserved, the plan itself
// pinned for approval), or only recorded as planned.
import { createHash, type Hash } from 'node:crypto';
import type { ControlledTransaction } from 'kysely';
import type { AccountRef, EventType } from '../domain/accounts.js';
import type { PersonPlan, PlannedEvent } from '../domain/classify.js';
import type { Notifier, OutboxRow } from '../notify/notifier.js';
import { provisionRows } from '../provision/provision-planner.js';
import type { CredentialVault } from '../security/credential-vault.js';
import type { BulkLoader, Executor } from '../store/bulk.js';
import { accountToRow } from '../store/person-repository.js';
import type {
  AccountCredentialsTable,
  AccountsTable,
  AddressesTable,
  Database,
  EventsTable,
  HeldPlansTable,
  PersonsTable,
} from '../store/schema.js';
import type { Store } from '../store/store.js';
import type { Allocation } from './address-book.js';
import { personHash } from './partitions.js';
import { createRepositories, type Repositories } from './repositories.js';
import { npsnList, rowsHashOfJson } from './row-hash.js';

export interface AllocationSource {
  get(personId: string, jenjang: string): Allocation;
}

export type Disposition =
  | { kind: 'apply' }
  | { kind: 'hold'; holdId: number }
  | { kind: 'plan'; held: boolean };

export interface RunStamp {
  runId: number;
  effectiveDate: string;
  snapshotId: string | null;
}

/** A held plan as pinned for approval: the plan with its addresses decided and its event ids. */
export interface PinnedPlan {
  plan: PersonPlan;
  allocations: Record<string, Allocation>;
  eventIds: number[];
}

interface Batch {
  /**
   * Whether its plans were made from what this run read of the store, so that a person not `known` is
   * not stored (not so for plans pinned by a hold earlier).
   */
  fresh: boolean;
  persons: Omit<PersonsTable, 'previous_id'>[];
  /** How many of `persons` the store already holds (an upsert); none: every one is inserted. */
  known: number;
  retired: string[];
  links: { personId: string; previousId: string }[];
  newAccounts: AccountsTable[];
  changedAccounts: AccountsTable[];
  addresses: AddressesTable[];
  aliases: string[];
  primaries: string[];
  claimed: { address: string; accountId: number }[];
  events: EventsTable[];
  heldPlans: HeldPlansTable[];
  approvedEvents: { id: number; accountId: number | null; toJson: string | null }[];
  outbox: OutboxRow[];
  /** Provisioning rows, queued after the batch's mail. */
  provision: OutboxRow[];
  persons_count: number;
}

function emptyBatch(fresh: boolean): Batch {
  return {
    fresh,
    persons: [],
    known: 0,
    retired: [],
    links: [],
    newAccounts: [],
    changedAccounts: [],
    addresses: [],
    aliases: [],
    primaries: [],
    claimed: [],
    events: [],
    heldPlans: [],
    approvedEvents: [],
    outbox: [],
    provision: [],
    persons_count: 0,
  };
}

/** The load writer of a plan writer, while it is in use. */
interface Loading {
  loader: BulkLoader;
  /** Repositories whose bulk rows go to the loader. */
  repos: Repositories;
  /** Whether the loader holds writes not yet committed. */
  writing: boolean;
  /** Its last commit, not yet awaited. */
  committing: Promise<void> | null;
}

export interface PlanWriter {
  /**
   * Queues the plans, writing full batches; returns the types of the events applied so far. `book` is
   * asked about these plans' persons now, never later.
   */
  write(plans: PersonPlan[], book: AllocationSource): Promise<EventType[]>;
  /** Writes what is still queued, and commits. */
  flush(): Promise<EventType[]>;
  /** Rolls back what was written and not yet committed (a run that stops on an error). */
  abandon(): Promise<void>;
  /** sha256 and event count of each hold's pinned plans, in the order they were written. */
  holdDigests(): Map<number, { hash: string; events: number }>;
}

/**
 * Persons whose rows are built and handed to the writer at a time while several batches share one
 * transaction (`grouped` below). Handed over 20,000 persons at a time, a batch's rows lived until all
 * of them were built, the load writer's thread (256 MiB of heap) spent 1.9 s collecting a 200 k load's
 * large messages, and it waited while the first batch was built and the main thread while the last
 * one was written. At 1,000: that thread's collections 0.2 s, the write step 19.3–22.1 s against
 * 24.7–30.0 s and the process's CPU time 49–57 s against 55–67 s (200 k persons, SQLite, three runs
 * each; README "National scale").
 */
export const LOAD_CHUNK = 1_000;

/**
 * Pages of write-ahead log (1 GiB of 4 KiB pages) past which a month's load writer waits, at its next
 * commit, for the log to be copied into the file whole, so that its next write starts the log over:
 * otherwise the log would grow all run long. The main thread learns the log's size from the checkpoint
 * after a commit, by when the next commit may be queued already, so the log may pass the mark by two
 * or three commits (a 5 M month: 838 k pages, 3.4 GB, then 146 k after the restart).
 */
const LOG_RESTART_PAGES = 262_144;

/** How a plan writer groups its batches. */
export interface WriterShape {
  /**
   * Persons a transaction holds at most: `batchSize` (the default) but for a first load. A first load
   * inserts into B-trees keyed by random ids (persons, addresses): every commit rewrites nearly every
   * leaf page of those, so at a million persons a commit per batch of 20,000 wrote the same pages
   * fifty times over. A crash loses what was not committed; the re-run plans it again.
   */
  commitEvery?: number;
  /** Persons handed to the writer at a time when batches are grouped (default LOAD_CHUNK). */
  loadChunk?: number;
  /**
   * Whether the batches go to the store's load writer, where it has one (SQLite): its statements run
   * on another thread while the next batch is built here. For runs with many persons to write.
   */
  loadWriter?: boolean;
}

export async function createPlanWriter(
  store: Store,
  repos: Repositories,
  stamp: RunStamp,
  batchSize: number,
  dispose: (plan: PersonPlan) => Disposition,
  notifier?: Notifier,
  vault?: CredentialVault,
  shape: WriterShape = {},
): Promise<PlanWriter> {
  const commitEvery = shape.commitEvery ?? batchSize;
  const viaLoader = (shape.loadWriter ?? false) && store.loader !== undefined;
  // Batches handed over a chunk at a time and committed `commitEvery` persons at a time, in one
  // transaction: on the load writer's connection, or left open on the store's (see `groupBatch`).
  const grouped = commitEvery > batchSize || viaLoader;
  // A month's load writer is the busier thread: this one builds the rows of a batch in less time than
  // the writer takes to write them, and then waits for room in its queue. So the writer's commits
  // leave the write-ahead log alone, and this thread copies it into the file (a checkpoint) while the
  // writer goes on. Not for a first load, whose rows keep this thread the busier one.
  const checkpointHere = viaLoader && commitEvery <= batchSize && store.checkpoint !== undefined;
  let logPages = 0;
  const ids = await nextIds(store, repos, stamp.runId);
  const digests = new Map<number, { hash: Hash; events: number; seq: number }>();
  const flushAt = grouped ? Math.min(batchSize, shape.loadChunk ?? LOAD_CHUNK) : batchSize;
  // Each plan with the addresses decided for it, asked of the book when the plan was handed over: the
  // book answers only for the partition being worked on (address-book.ts), and a batch spans several.
  let pending: { plan: PersonPlan; book: AllocationSource }[] = [];
  // Batches written since the last commit, in a transaction left open (see `commitEvery`) on the
  // store's connection, or in the load writer's (see `groupBatch`). One of the two at a time.
  let open: ControlledTransaction<Database> | null = null;
  let loading: Loading | null = null;
  let uncommitted = 0;

  function addPlan(batch: Batch, plan: PersonPlan, book: AllocationSource): void {
    resolveAddresses(plan, book); // before dispose: a held plan's summary shows its new addresses
    const disposition = dispose(plan);
    if (disposition.kind !== 'apply') {
      recordOnly(batch, plan, book, disposition);
      return;
    }
    const phash = personHash(plan.personId);
    writeAccounts(batch, plan, book, phash, stamp.runId, ids, 'issue');
    const first = batch.events.length;
    for (const event of plan.events)
      batch.events.push(eventRow(event, plan, phash, stamp, ids.event++, ids.seq++, 'applied'));
    const head = batch.events[first];
    // The notifier is there exactly when a plan is applied for real; the provisioning rows that ride
    // the same transaction are stamped by its clock, so both outboxes come due together.
    if (notifier) {
      batch.outbox.push(...notifier.forPlan(plan, head ? { id: head.id, accountId: head.account_id } : null));
      const eventIds = batch.events.slice(first).map((e) => e.id);
      batch.provision.push(...provisionRows(plan, eventIds, stamp.runId, notifier.now()));
    }
    batch.persons_count++;
  }

  function recordOnly(batch: Batch, plan: PersonPlan, book: AllocationSource, d: Disposition): void {
    const phash = personHash(plan.personId);
    const allocations = resolveAddresses(plan, book);
    const state = d.kind === 'hold' ? 'held' : d.kind === 'plan' && d.held ? 'held' : 'planned';
    const eventIds: number[] = [];
    for (const event of plan.events) {
      eventIds.push(ids.event);
      batch.events.push(eventRow(event, plan, phash, stamp, ids.event++, ids.seq++, state));
    }
    if (d.kind !== 'hold') return;
    for (const allocation of Object.values(allocations)) {
      if (!allocation.reused)
        batch.addresses.push({
          ...addressRow(allocation, 'reserved'),
          account_id: 0,
          issued_run_id: stamp.runId,
        });
    }
    const digest = digests.get(d.holdId) ?? { hash: createHash('sha256'), events: 0, seq: 0 };
    digests.set(d.holdId, digest);
    const pinned: PinnedPlan = { plan, allocations, eventIds };
    const json = JSON.stringify(pinned);
    digest.hash.update(json);
    digest.events += plan.events.length;
    batch.heldPlans.push({ hold_id: d.holdId, seq: ++digest.seq, person_id: plan.personId, plan_json: json });
  }

  async function flushPending(): Promise<EventType[]> {
    const chunk = pending;
    pending = [];
    if (chunk.length === 0) return [];
    const batch = emptyBatch(true);
    for (const { plan, book } of chunk) addPlan(batch, plan, book);
    if (grouped) await groupBatch(batch, chunk.length);
    else await commitBatch(store, repos, stamp.runId, batch, ids.batch++, vault);
    return batch.events
      .filter((e) => e.state === 'applied' || e.state === 'planned')
      .map((e) => e.type as EventType);
  }

  /** Writes a batch in the transaction open on the load writer or the store, committing at `commitEvery`. */
  async function groupBatch(batch: Batch, persons: number): Promise<void> {
    try {
      const loading = viaLoader ? loaderOf() : null;
      if (loading) {
        loading.writing = true;
        await writeBatch(loading.loader.db, loading.repos, stamp.runId, batch, ids.batch++, vault);
      } else {
        open ??= await store.db.startTransaction().execute();
        await writeBatch(open, repos, stamp.runId, batch, ids.batch++, vault);
      }
    } catch (error) {
      await abandon();
      throw error;
    }
    uncommitted += persons;
    if (uncommitted >= commitEvery) await commitOpen(false);
  }

  function loaderOf(): Loading | null {
    if (!loading && store.loader) {
      const loader = store.loader({ checkpoints: checkpointHere ? 'caller' : 'writer' });
      loading = {
        loader,
        repos: createRepositories({ ...store, bulk: loader }),
        writing: false,
        committing: null,
      };
    }
    return loading;
  }

  /**
   * Commits the open batches. The load writer's commit runs on its thread: unless `wait`, the next
   * batches are built meanwhile, and a failed commit shows at the next write (the loader keeps it).
   */
  async function commitOpen(wait = true): Promise<void> {
    uncommitted = 0;
    if (loading?.writing) {
      loading.writing = false;
      const committed = loading.loader.commit();
      loading.committing = checkpointHere ? committed.then(checkpoint) : committed;
      loading.committing.catch(() => {});
      // The log starts over from its beginning only when a write begins after a checkpoint that
      // copied all of it: past LOG_RESTART_PAGES this thread waits for that before it writes on.
      if (checkpointHere && logPages >= LOG_RESTART_PAGES) wait = true;
    }
    if (wait && loading?.committing) {
      const committing = loading.committing;
      loading.committing = null;
      await committing;
    }
    if (!open) return;
    const trx = open;
    open = null;
    await trx.commit().execute();
  }

  async function checkpoint(): Promise<void> {
    const state = await store.checkpoint?.();
    if (state) logPages = state.logPages;
  }

  async function closeLoader(): Promise<void> {
    const done = loading;
    loading = null;
    await done?.loader.close();
  }

  async function abandon(): Promise<void> {
    const trx = open;
    open = null;
    uncommitted = 0;
    try {
      await loading?.committing?.catch(() => {}); // a commit asked for lands, or fails, as a whole
      if (loading?.writing) await loading.loader.rollback();
    } finally {
      await closeLoader();
      await trx?.rollback().execute();
    }
  }

  // Plans are gathered across partitions until a batch is full (`flushAt` persons): the cost of a
  // SQLite commit grows with the pages it dirties, not with the rows, so fewer and larger commits are
  // faster.
  return {
    async write(plans, book) {
      const written: EventType[] = [];
      for (const plan of plans) {
        pending.push({ plan, book: answered(plan, book) });
        if (pending.length >= flushAt) written.push(...(await flushPending()));
      }
      return written;
    },
    async flush() {
      const written = await flushPending();
      try {
        await commitOpen();
      } catch (error) {
        await abandon();
        throw error;
      }
      await closeLoader();
      return written;
    },
    abandon,
    holdDigests: () =>
      new Map([...digests].map(([id, d]) => [id, { hash: d.hash.copy().digest('hex'), events: d.events }])),
  };
}

/** Applies pinned plans of an approved hold: the same writes as an apply, the held events turned applied. */
export async function applyPinnedPlans(
  store: Store,
  repos: Repositories,
  runId: number,
  pinned: PinnedPlan[],
  batchSize: number,
  notifier?: Notifier,
  vault?: CredentialVault,
): Promise<EventType[]> {
  const ids = await nextIds(store, repos, runId);
  const applied: EventType[] = [];
  for (let start = 0; start < pinned.length; start += batchSize) {
    const batch = emptyBatch(false);
    for (const { plan, allocations, eventIds } of pinned.slice(start, start + batchSize)) {
      const book: AllocationSource = { get: (personId, jenjang) => allocations[`${personId}|${jenjang}`]! };
      writeAccounts(batch, plan, book, personHash(plan.personId), runId, ids, 'claim');
      plan.events.forEach((event, i) => {
        const subject = plan.changes[event.subject]!.account;
        const to = toRef(event, plan);
        batch.approvedEvents.push({
          id: eventIds[i]!,
          accountId: subject.id,
          toJson: to === null ? null : JSON.stringify(to),
        });
        applied.push(event.type);
      });
      const head = plan.events[0]
        ? { id: eventIds[0]!, accountId: plan.changes[plan.events[0].subject]!.account.id }
        : null;
      if (notifier) {
        batch.outbox.push(...notifier.forPlan(plan, head));
        batch.provision.push(...provisionRows(plan, eventIds, runId, notifier.now()));
      }
      batch.persons_count++;
    }
    await commitBatch(store, repos, runId, batch, ids.batch++, vault);
  }
  return applied;
}

interface Ids {
  account: number;
  event: number;
  seq: number;
  batch: number;
}

async function nextIds(store: Store, repos: Repositories, runId: number): Promise<Ids> {
  return {
    account: (await repos.persons.maxAccountId(store.db)) + 1,
    event: (await repos.runs.maxEventId(store.db)).id + 1,
    seq: (await repos.runs.maxSeq(runId)) + 1,
    batch: await repos.runs.nextBatchNo(runId),
  };
}

/** The plan's allocations, taken from `book` now, as a source of their own. */
function answered(plan: PersonPlan, book: AllocationSource): AllocationSource {
  if (!plan.changes.some((change) => change.addressNeed)) return book;
  const allocations = resolveAddresses(plan, book);
  return { get: (personId, jenjang) => allocations[`${personId}|${jenjang}`]! };
}

function resolveAddresses(plan: PersonPlan, book: AllocationSource): Record<string, Allocation> {
  const out: Record<string, Allocation> = {};
  for (const change of plan.changes) {
    if (!change.addressNeed) continue;
    const allocation = book.get(plan.personId, change.account.jenjang);
    change.account.primaryAddress = allocation.address;
    out[`${plan.personId}|${change.account.jenjang}`] = allocation;
  }
  return out;
}

/** `issue` inserts the addresses; `claim` takes over the ones reserved when the plan was held. */
function writeAccounts(
  batch: Batch,
  plan: PersonPlan,
  book: AllocationSource,
  phash: number,
  runId: number,
  ids: Ids,
  addresses: 'issue' | 'claim',
): void {
  if (plan.rowsChanged) addRows(batch, plan, phash, runId);
  if (plan.rekeyedFrom) {
    batch.retired.push(plan.rekeyedFrom);
    batch.links.push({ personId: plan.personId, previousId: plan.rekeyedFrom });
  }
  for (const change of plan.changes) {
    const account = change.account;
    if (change.previous === null) account.id = ids.account++;
    if (change.addressNeed) {
      const allocation = book.get(plan.personId, account.jenjang);
      if (change.previous) batch.aliases.push(change.previous.primaryAddress);
      account.primaryAddress = allocation.address;
      if (allocation.reused) batch.primaries.push(allocation.address);
      else if (addresses === 'claim')
        batch.claimed.push({ address: allocation.address, accountId: account.id });
      else
        batch.addresses.push({
          ...addressRow(allocation, 'primary'),
          account_id: account.id,
          issued_run_id: runId,
        });
    }
    const row = accountToRow(account, phash, runId, runId);
    if (change.previous === null) batch.newAccounts.push(row);
    else batch.changedAccounts.push(row);
  }
}

function toRef(event: PlannedEvent, plan: PersonPlan): AccountRef | null {
  const toAddress = event.toChange !== null ? plan.changes[event.toChange]!.account.primaryAddress : null;
  return event.to ? { ...event.to, address: toAddress ?? event.to.address } : null;
}

function eventRow(
  event: PlannedEvent,
  plan: PersonPlan,
  phash: number,
  stamp: RunStamp,
  id: number,
  seq: number,
  state: string,
): EventsTable {
  const subject = plan.changes[event.subject]!.account;
  const to = toRef(event, plan);
  return {
    id,
    run_id: stamp.runId,
    seq,
    type: event.type,
    state,
    account_id: subject.id === 0 ? null : subject.id,
    person_kind: plan.kind,
    person_id: plan.personId,
    phash,
    reason: event.reason,
    same_jenjang: event.sameJenjang === null ? null : event.sameJenjang ? 1 : 0,
    from_json: event.from ? JSON.stringify(event.from) : null,
    to_json: to === null ? null : JSON.stringify(to),
    effective_date: stamp.effectiveDate,
    from_npsn: event.from?.npsn ?? null,
    to_npsn: to?.npsn ?? null,
    snapshot_id: stamp.snapshotId,
    rule: event.rule,
    evidence_json: JSON.stringify(event.evidence),
  };
}

async function commitBatch(
  store: Store,
  repos: Repositories,
  runId: number,
  batch: Batch,
  batchNo: number,
  vault: CredentialVault | undefined,
) {
  const onlyEvents =
    batch.persons_count === 0 && batch.heldPlans.length === 0 && batch.addresses.length === 0;
  if (onlyEvents && batch.approvedEvents.length === 0) {
    await repos.runs.insertEvents(store.db, batch.events);
    return;
  }
  await store.db.transaction().execute((trx) => writeBatch(trx, repos, runId, batch, batchNo, vault));
}

/**
 * Every write of a batch, in the caller's transaction: `trx` and `repos`' bulk writer write on the same
 * connection (the store's, or the load writer's and its `db`).
 */
async function writeBatch(
  trx: Executor,
  repos: Repositories,
  runId: number,
  batch: Batch,
  batchNo: number,
  vault: CredentialVault | undefined,
): Promise<void> {
  await repos.persons.deletePersons(trx, batch.retired);
  // Persons the store does not hold (every one of a first load's) are inserted: on PostgreSQL a first
  // load builds the persons' key only at its end (index-deferral.ts), and an upsert needs the key.
  if (batch.fresh && batch.known === 0) await repos.persons.insertPersons(trx, batch.persons);
  else await repos.persons.writePersons(trx, batch.persons);
  await repos.persons.linkRekeyed(trx, batch.links);
  await repos.addresses.markAliases(trx, batch.aliases);
  await repos.addresses.insert(trx, batch.addresses);
  await repos.addresses.markPrimary(trx, batch.primaries);
  await repos.addresses.claim(trx, batch.claimed);
  await repos.persons.insertAccounts(trx, batch.newAccounts);
  if (vault) await repos.credentials.insert(trx, sealedPasswords(vault, batch.newAccounts));
  await repos.persons.writeAccounts(trx, batch.changedAccounts);
  await repos.runs.insertEvents(trx, batch.events);
  await repos.runs.markEventsApplied(trx, batch.approvedEvents);
  await repos.holds.insertPlans(trx, batch.heldPlans);
  await repos.runs.queueMail(trx, batch.outbox);
  await repos.runs.queueMail(trx, batch.provision);
  await repos.runs.addBatch(trx, {
    run_id: runId,
    batch_no: batchNo,
    persons: batch.persons_count,
    events: batch.events.length + batch.approvedEvents.length,
    committed_at: new Date().toISOString(),
  });
}

/** Every account gets its initial password as it is created, sealed (issue 5, Unduh Akun). */
function sealedPasswords(vault: CredentialVault, accounts: AccountsTable[]): AccountCredentialsTable[] {
  const at = new Date().toISOString();
  const sealed = vault.issueSealed(accounts.map((a) => a.id));
  return accounts.map((a, i) => ({
    account_id: a.id,
    sealed: sealed[i]!,
    created_at: at,
    downloaded_at: null,
    downloaded_by: null,
  }));
}

function addRows(batch: Batch, plan: PersonPlan, phash: number, runId: number): void {
  const json = plan.rows.map((row) => JSON.stringify(row));
  batch.persons.push({
    person_id: plan.personId,
    kind: plan.kind,
    phash,
    nama: plan.profile.nama,
    nik: plan.profile.nik,
    nisn: plan.profile.nisn,
    tanggal_lahir: plan.profile.tanggalLahir,
    email: plan.profile.email,
    rows_hash: rowsHashOfJson(plan.rows, json),
    npsns: npsnList(plan.rows),
    // plan.rows are in row-id order (classify.ts effectiveRows).
    rows_json: `[${json.join(',')}]`,
    updated_run_id: runId,
  });
  if (plan.known) batch.known++;
}

function addressRow(a: Allocation, kind: 'primary' | 'reserved') {
  return { address: a.address, domain: a.domain, local_base: a.base, number: a.number, kind };
}
