// What must hold in a store after any crash (issue 9 item 2), defined on the schema
// (src/store/schema.ts), and the state two stores must share once a crashed run is finished.
import assert from 'node:assert/strict';
import type { Store } from '../../src/store/store.js';
import { dumpStore, type Row, rowKey, type StoreDump, type TableName } from '../support/store-dump.js';

const FINISHED = new Set(['applied', 'partly_held', 'held', 'refused', 'unchanged', 'planned']);

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  return out;
}

/**
 * After a kill at any point:
 * - batches: a run's events (applied or held) and the persons its applied events change never
 *   outnumber what its committed batches counted (run_batches and the rows it counts commit in one
 *   transaction), and its batch numbers run 1..n without a gap;
 * - every change belongs to a recorded run: each run named by a person, account, address or outbox
 *   row exists, and has committed a batch unless it is finished (finishing writes the schools and
 *   the digests in the transaction that records the status);
 * - outbox: every mail or provisioning row announces an applied event of its own run, and a
 *   person's applied events have exactly the outbox rows the uninterrupted run gives them
 *   (`expectedOutbox`, by channel), so no event that needs a row lacks it;
 * - addresses: none issued twice, each account's primary is an address it owns, no two accounts
 *   share a primary, and no address names an account that does not exist;
 * - at most one applied event per account per run.
 */
export function checkInvariants(dump: StoreDump, expectedOutbox: OutboxExpectation): void {
  checkBatches(dump);
  checkRunsRecorded(dump);
  checkOutbox(dump, expectedOutbox);
  checkAddresses(dump);
  const perAccount = countBy(
    dump.events.filter((e) => e.state === 'applied' && e.account_id !== null),
    (e) => `${e.run_id}|${e.account_id}`,
  );
  for (const [key, n] of perAccount) assert.equal(n, 1, `run|account ${key} has ${n} applied events`);
}

function checkBatches(dump: StoreDump): void {
  const events = countBy(dump.events, (e) => String(e.run_id));
  const persons = new Map<string, Set<string>>();
  for (const e of dump.events.filter((e) => e.state === 'applied')) {
    const run = String(e.run_id);
    persons.set(run, (persons.get(run) ?? new Set()).add(String(e.person_id)));
  }
  const batches = new Map<string, number[]>();
  const counted = new Map<string, { events: number; persons: number }>();
  for (const b of dump.run_batches) {
    const run = String(b.run_id);
    batches.set(run, [...(batches.get(run) ?? []), Number(b.batch_no)]);
    const c = counted.get(run) ?? { events: 0, persons: 0 };
    counted.set(run, { events: c.events + Number(b.events), persons: c.persons + Number(b.persons) });
  }
  // A resumed run forgets the held events it had pinned and pins them again in new batches, so its
  // batches may count more events than remain; never fewer.
  for (const [run, n] of events) {
    const c = counted.get(run) ?? { events: 0, persons: 0 };
    assert.ok(n <= c.events, `run ${run}: ${n} events, but its committed batches hold ${c.events}`);
    const applied = persons.get(run)?.size ?? 0;
    assert.ok(
      applied <= c.persons,
      `run ${run}: ${applied} persons changed, its batches applied ${c.persons}`,
    );
  }
  for (const [run, numbers] of batches) {
    const sorted = numbers.sort((a, b) => a - b);
    assert.deepEqual(
      sorted,
      sorted.map((_, i) => i + 1),
      `run ${run}: batch numbers`,
    );
  }
}

function checkRunsRecorded(dump: StoreDump): void {
  const runs = new Map(dump.runs.map((r) => [String(r.id), String(r.status)]));
  const withBatch = new Set(dump.run_batches.map((b) => String(b.run_id)));
  const named: Array<[string, unknown]> = [
    ...dump.persons.map((p): [string, unknown] => ['persons.updated_run_id', p.updated_run_id]),
    ...dump.accounts.flatMap(
      (a): Array<[string, unknown]> => [
        ['accounts.created_run_id', a.created_run_id],
        ['accounts.updated_run_id', a.updated_run_id],
      ],
    ),
    ...dump.addresses.map((a): [string, unknown] => ['addresses.issued_run_id', a.issued_run_id]),
    ...dump.outbox.map((o): [string, unknown] => ['outbox.run_id', o.run_id]),
    ...dump.events.map((e): [string, unknown] => ['events.run_id', e.run_id]),
  ];
  for (const [where, id] of named) {
    const status = runs.get(String(id));
    assert.ok(status !== undefined, `${where} names run ${id}, which is not recorded`);
    assert.ok(
      withBatch.has(String(id)) || FINISHED.has(status),
      `${where} names run ${id} (${status}), which has no committed batch`,
    );
  }
}

/** The outbox rows each person's applied events of a snapshot come with: `${snapshot}|${person}` → channels. */
export type OutboxExpectation = Map<string, string[]>;

/** Person mail and provisioning rows (not digests), by the person whose event they announce. */
export function outboxByPerson(dump: StoreDump): OutboxExpectation {
  const events = new Map(dump.events.map((e) => [String(e.id), e]));
  const runs = new Map(dump.runs.map((r) => [String(r.id), r]));
  const out: OutboxExpectation = new Map();
  for (const o of dump.outbox) {
    if (o.event_id === null) continue;
    const event = events.get(String(o.event_id));
    if (!event) continue;
    const key = `${runs.get(String(event.run_id))?.snapshot_id}|${event.person_id}`;
    out.set(key, [...(out.get(key) ?? []), String(o.channel)].sort());
  }
  return out;
}

function checkOutbox(dump: StoreDump, expected: OutboxExpectation): void {
  const events = new Map(dump.events.map((e) => [String(e.id), e]));
  for (const o of dump.outbox) {
    if (o.event_id === null) continue;
    const event = events.get(String(o.event_id));
    assert.ok(event, `outbox ${o.id} announces event ${o.event_id}, which does not exist`);
    assert.equal(String(event.run_id), String(o.run_id), `outbox ${o.id}: event of another run`);
    assert.equal(event.state, 'applied', `outbox ${o.id} announces a ${event.state} event`);
  }
  const got = outboxByPerson(dump);
  const snapshotOf = new Map(dump.runs.map((r) => [String(r.id), String(r.snapshot_id)]));
  const persons = new Set(
    dump.events
      .filter((e) => e.state === 'applied')
      .map((e) => `${snapshotOf.get(String(e.run_id))}|${e.person_id}`),
  );
  for (const key of persons) {
    assert.deepEqual(got.get(key) ?? [], expected.get(key) ?? [], `outbox rows of ${key}`);
  }
}

function checkAddresses(dump: StoreDump): void {
  const addresses = new Map(dump.addresses.map((a) => [String(a.address), a]));
  assert.equal(addresses.size, dump.addresses.length, 'an address issued twice');
  const accounts = new Set(dump.accounts.map((a) => String(a.id)));
  const primaries = countBy(dump.accounts, (a) => String(a.primary_address));
  for (const [address, n] of primaries) assert.equal(n, 1, `${address} is the primary of ${n} accounts`);
  for (const a of dump.accounts) {
    const owned = addresses.get(String(a.primary_address));
    assert.ok(owned, `account ${a.id}'s primary ${a.primary_address} was never issued`);
    assert.equal(String(owned.account_id), String(a.id), `account ${a.id}'s primary belongs to another`);
  }
  for (const a of dump.addresses) {
    if (Number(a.account_id) === 0) continue; // reserved for a held plan
    assert.ok(accounts.has(String(a.account_id)), `${a.address} names a missing account`);
  }
}

/** Columns left out of the comparison with an uninterrupted run, and why. */
const VOLATILE: Partial<Record<keyof StoreDump, string[]>> = {
  // Timestamps, and the report and audit details, which count what each process applied.
  runs: ['started_at', 'finished_at', 'report_json'],
  audit_log: ['id', 'at', 'details_json'],
  // Batches are cut differently when a run is resumed; the invariants check them instead.
  run_batches: ['*'],
  // Outbox ids are identity values (PostgreSQL sequences skip after a rollback); times are clocks.
  outbox: ['id', 'created_at', 'next_attempt_at'],
  account_credentials: ['sealed', 'created_at'],
  provision_status: ['updated_at', 'synced_at', 'next_attempt_at', 'outbox_id'],
};

/** A school digest: written when a run finishes, from what the finishing process applied. */
export function isDigest(row: Row): boolean {
  return row.event_id === null && String(row.payload_json).startsWith('{"template":"school_digest"');
}

function stable(dump: StoreDump): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [table, rows] of Object.entries(dump) as Array<[keyof StoreDump, Row[]]>) {
    const drop = VOLATILE[table] ?? [];
    if (drop.includes('*')) continue;
    out[table] = rows
      .filter((row) => table !== 'outbox' || !isDigest(row))
      .map((row) => rowKey(Object.fromEntries(Object.entries(row).filter(([k]) => !drop.includes(k)))))
      .sort();
  }
  return out;
}

const clip = (rows: string[]) => rows.slice(0, 3).map((r) => (r.length > 400 ? `${r.slice(0, 400)}…` : r));

/** Asserts that two stores hold the same state, table by table (see VOLATILE), digests aside. */
export function assertSameState(got: StoreDump, want: StoreDump, what: string): void {
  const [a, b] = [stable(got), stable(want)];
  for (const table of Object.keys(b)) {
    const missing = minus(b[table]!, a[table]!);
    const extra = minus(a[table]!, b[table]!);
    assert.ok(
      missing.length === 0 && extra.length === 0,
      `${what}: table ${table} differs (${missing.length} rows missing, ${extra.length} extra)\n  missing: ${clip(missing).join('\n    ')}\n  extra: ${clip(extra).join('\n    ')}`,
    );
  }
}

/** Whether the school digests of two stores say the same. */
export function sameDigests(got: StoreDump, want: StoreDump): boolean {
  const digests = (dump: StoreDump) =>
    dump.outbox
      .filter(isDigest)
      .map((row) => String(row.payload_json))
      .sort();
  return JSON.stringify(digests(got)) === JSON.stringify(digests(want));
}

/** The rows of `from` that `other` lacks, counting repeats. */
function minus(from: string[], other: string[]): string[] {
  const left = countBy(other, (row) => row);
  return from.filter((row) => {
    const n = left.get(row) ?? 0;
    if (n > 0) left.set(row, n - 1);
    return n === 0;
  });
}

/** The tables checkInvariants reads. */
export const INVARIANT_TABLES: TableName[] = [
  'runs',
  'run_batches',
  'events',
  'persons',
  'accounts',
  'addresses',
  'outbox',
];

/** The store's dump; with `only`, just those tables and without the outbox payloads (the rest empty). */
export async function dumpOf(openStore: () => Promise<Store>, only?: TableName[]): Promise<StoreDump> {
  const store = await openStore();
  try {
    if (!only) return await dumpStore(store);
    return await dumpStore(store, { outbox: ['payload_json'] }, only);
  } finally {
    await store.close();
  }
}
