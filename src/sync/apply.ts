// Writes plans in batches: each batch is one transaction holding the persons' rows, their accounts,
// the addresses issued, the events and the batch marker — all of it or none of it (DESIGN 4).
import type { EventType } from '../domain/accounts.js';
import type { PersonPlan, PlannedEvent } from '../domain/classify.js';
import type { Manifest } from '../domain/records.js';
import { accountToRow } from '../store/person-repository.js';
import type { AccountsTable, AddressesTable, EventsTable, PersonsTable } from '../store/schema.js';
import type { Store } from '../store/store.js';
import type { AddressBook } from './address-book.js';
import { personHash } from './partitions.js';
import type { Repositories } from './repositories.js';

interface Batch {
  persons: Omit<PersonsTable, 'previous_id'>[];
  rowOwners: string[];
  rows: { person_id: string; row_id: string; phash: number; npsn: string; row_json: string }[];
  retired: string[];
  links: { personId: string; previousId: string }[];
  newAccounts: AccountsTable[];
  changedAccounts: AccountsTable[];
  addresses: AddressesTable[];
  aliases: string[];
  primaries: string[];
  events: EventsTable[];
}

function emptyBatch(): Batch {
  return {
    persons: [],
    rowOwners: [],
    rows: [],
    retired: [],
    links: [],
    newAccounts: [],
    changedAccounts: [],
    addresses: [],
    aliases: [],
    primaries: [],
    events: [],
  };
}

export interface PlanWriter {
  /** Queues the plans, writing full batches; returns the types of the events written so far. */
  write(plans: PersonPlan[], book: AddressBook): Promise<EventType[]>;
  /** Writes what is still queued. */
  flush(book: AddressBook): Promise<EventType[]>;
}

export async function createPlanWriter(
  store: Store,
  repos: Repositories,
  runId: number,
  manifest: Manifest,
  batchSize: number,
  /** 'plan' records only the events, as `planned`: accounts, persons and addresses stay as they are. */
  mode: 'apply' | 'plan' = 'apply',
): Promise<PlanWriter> {
  let nextAccountId = (await repos.persons.maxAccountId(store.db)) + 1;
  let nextEventId = (await repos.runs.maxEventId(store.db)).id + 1;
  let seq = (await repos.runs.maxSeq(runId)) + 1;
  let batchNo = await repos.runs.nextBatchNo(runId);

  function addPlan(batch: Batch, plan: PersonPlan, book: AddressBook): void {
    const phash = personHash(plan.personId);
    if (plan.rowsChanged) addRows(batch, plan, phash, runId);
    if (plan.rekeyedFrom) {
      batch.retired.push(plan.rekeyedFrom);
      batch.links.push({ personId: plan.personId, previousId: plan.rekeyedFrom });
    }
    for (const change of plan.changes) {
      const account = change.account;
      if (change.previous === null && mode === 'apply') account.id = nextAccountId++;
      if (change.addressNeed) {
        const allocation = book.get(plan.personId, account.jenjang);
        if (change.previous) batch.aliases.push(change.previous.primaryAddress);
        account.primaryAddress = allocation.address;
        if (allocation.reused) batch.primaries.push(allocation.address);
        else
          batch.addresses.push({ ...addressRow(allocation), account_id: account.id, issued_run_id: runId });
      }
      const row = accountToRow(account, phash, runId, runId);
      if (change.previous === null) batch.newAccounts.push(row);
      else batch.changedAccounts.push(row);
    }
    for (const event of plan.events) batch.events.push(eventRow(event, plan, phash));
  }

  function eventRow(event: PlannedEvent, plan: PersonPlan, phash: number): EventsTable {
    const subject = plan.changes[event.subject]!.account;
    const toAddress = event.toChange !== null ? plan.changes[event.toChange]!.account.primaryAddress : null;
    const to = event.to ? { ...event.to, address: toAddress ?? event.to.address } : null;
    return {
      id: nextEventId++,
      run_id: runId,
      seq: seq++,
      type: event.type,
      state: mode === 'apply' ? 'applied' : 'planned',
      account_id: subject.id === 0 ? null : subject.id,
      person_kind: plan.kind,
      person_id: plan.personId,
      phash,
      reason: event.reason,
      same_jenjang: event.sameJenjang === null ? null : event.sameJenjang ? 1 : 0,
      from_json: event.from ? JSON.stringify(event.from) : null,
      to_json: to ? JSON.stringify(to) : null,
      effective_date: manifest.takenAt,
      snapshot_id: manifest.snapshotId,
      rule: event.rule,
      evidence_json: JSON.stringify(event.evidence),
    };
  }

  async function commit(batch: Batch, persons: number): Promise<void> {
    if (mode === 'plan') {
      await repos.runs.insertEvents(store.db, batch.events);
      return;
    }
    await store.db.transaction().execute(async (trx) => {
      await repos.persons.deletePersons(trx, batch.retired);
      await repos.persons.writePersons(trx, batch.persons);
      await repos.persons.linkRekeyed(trx, batch.links);
      await repos.persons.replaceRows(trx, batch.rowOwners, batch.rows);
      await repos.addresses.markAliases(trx, batch.aliases);
      await repos.addresses.insert(trx, batch.addresses);
      await repos.addresses.markPrimary(trx, batch.primaries);
      await repos.persons.insertAccounts(trx, batch.newAccounts);
      await repos.persons.writeAccounts(trx, batch.changedAccounts);
      await repos.runs.insertEvents(trx, batch.events);
      await repos.runs.addBatch(trx, {
        run_id: runId,
        batch_no: batchNo,
        persons,
        events: batch.events.length,
        committed_at: new Date().toISOString(),
      });
    });
    batchNo++;
  }

  let pending: PersonPlan[] = [];

  async function flushPending(book: AddressBook): Promise<EventType[]> {
    const chunk = pending;
    pending = [];
    if (chunk.length === 0) return [];
    const batch = emptyBatch();
    for (const plan of chunk) addPlan(batch, plan, book);
    await commit(batch, chunk.length);
    return batch.events.map((event) => event.type as EventType);
  }

  // Plans are gathered across partitions until a batch is full: the cost of a SQLite commit grows
  // with the pages it dirties, not with the rows, so fewer and larger commits are faster.
  return {
    async write(plans, book) {
      const written: EventType[] = [];
      for (const plan of plans) {
        pending.push(plan);
        if (pending.length >= batchSize) written.push(...(await flushPending(book)));
      }
      return written;
    },
    flush: (book) => flushPending(book),
  };
}

function addRows(batch: Batch, plan: PersonPlan, phash: number, runId: number): void {
  batch.persons.push({
    person_id: plan.personId,
    kind: plan.kind,
    phash,
    nama: plan.profile.nama,
    nik: plan.profile.nik,
    nisn: plan.profile.nisn,
    tanggal_lahir: plan.profile.tanggalLahir,
    email: plan.profile.email,
    updated_run_id: runId,
  });
  if (plan.known) batch.rowOwners.push(plan.personId);
  for (const row of plan.rows) {
    batch.rows.push({
      person_id: plan.personId,
      row_id: row.rowId,
      phash,
      npsn: row.npsn,
      row_json: JSON.stringify(row),
    });
  }
}

function addressRow(a: { address: string; domain: string; base: string; number: number }) {
  return { address: a.address, domain: a.domain, local_base: a.base, number: a.number, kind: 'primary' };
}
