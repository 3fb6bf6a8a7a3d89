// Persons, their rows as last applied, and their accounts: read one partition at a time (a range of
// phash) and written in batches inside the caller's transaction (STYLE 5).
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Account, AccountStatus, PersonState } from '../domain/accounts.js';
import type { AccountRole, Jenjang } from '../domain/policy.js';
import type { PersonKind, PersonRow } from '../domain/records.js';
import { accountMatches } from './account-search.js';
import type { BulkWriter } from './bulk.js';
import type { AccountsTable, Database, PersonsTable } from './schema.js';

export type Executor = Kysely<Database> | Transaction<Database>;

export interface PersonKeys {
  personId: string;
  kind: PersonKind;
  nisn: string;
  nik: string;
  tanggalLahir: string;
  rowsHash: string;
  npsns: string[];
}

/**
 * Accounts whose exit waits, read by every sync. `>= ''` says `is not null` for a text column (every
 * text is at least the empty one) in a form SQLite's planner takes to the waiting_since index: for
 * `is not null` it scans the whole accounts table, seconds at a national store for a handful of rows.
 */
export function waitingQuery(db: Executor) {
  return db.selectFrom('accounts').select('person_id').where('waiting_since', '>=', '');
}

/** The screening's narrow view of a persons row. */
export function personKeysOf(
  p: Pick<
    Selectable<PersonsTable>,
    'person_id' | 'kind' | 'nisn' | 'nik' | 'tanggal_lahir' | 'rows_hash' | 'npsns'
  >,
): PersonKeys {
  return {
    personId: p.person_id,
    kind: p.kind as PersonKind,
    nisn: p.nisn,
    nik: p.nik,
    tanggalLahir: p.tanggal_lahir,
    rowsHash: p.rows_hash,
    npsns: p.npsns === '' ? [] : p.npsns.split(','),
  };
}

export function accountFromRow(row: Selectable<AccountsTable>): Account {
  return {
    id: row.id,
    personId: row.person_id,
    personKind: row.person_kind as PersonKind,
    jenjang: row.jenjang as Jenjang,
    role: row.role as AccountRole,
    npsn: row.npsn,
    status: row.status as AccountStatus,
    primaryAddress: row.primary_address,
    nama: row.nama,
    statusSince: row.status_since,
    deactivateReason: row.deactivate_reason,
    suspendOn: row.suspend_on,
    deleteOn: row.delete_on,
    continuationDeadline: row.continuation_deadline,
    waitingSince: row.waiting_since,
    waitingReason: row.waiting_reason,
    remindedOn: row.reminded_on,
  };
}

export function accountToRow(a: Account, phash: number, runId: number, createdRunId: number): AccountsTable {
  return {
    id: a.id,
    person_id: a.personId,
    person_kind: a.personKind,
    phash,
    jenjang: a.jenjang,
    role: a.role,
    npsn: a.npsn,
    status: a.status,
    primary_address: a.primaryAddress,
    nama: a.nama,
    created_run_id: createdRunId,
    updated_run_id: runId,
    status_since: a.statusSince,
    deactivate_reason: a.deactivateReason,
    suspend_on: a.suspendOn,
    delete_on: a.deleteOn,
    continuation_deadline: a.continuationDeadline,
    waiting_since: a.waitingSince,
    waiting_reason: a.waitingReason,
    reminded_on: a.remindedOn,
  };
}

function stateFrom(person: Selectable<PersonsTable>, rows: PersonRow[], accounts: Account[]): PersonState {
  return {
    kind: person.kind as PersonKind,
    personId: person.person_id,
    profile: {
      nama: person.nama,
      nik: person.nik,
      nisn: person.nisn,
      tanggalLahir: person.tanggal_lahir,
      email: person.email,
    },
    rows,
    accounts,
  };
}

/** Persons' states from their records and their accounts (accounts of other persons are ignored). */
export function assembleStates(
  persons: readonly Selectable<PersonsTable>[],
  accountRows: readonly Selectable<AccountsTable>[],
): Map<string, PersonState> {
  const accounts = new Map<string, Account[]>();
  for (const a of accountRows) {
    const list = accounts.get(a.person_id) ?? [];
    list.push(accountFromRow(a));
    accounts.set(a.person_id, list);
  }
  const out = new Map<string, PersonState>();
  for (const p of persons) {
    const rows = JSON.parse(p.rows_json) as PersonRow[];
    out.set(p.person_id, stateFrom(p, rows, accounts.get(p.person_id) ?? []));
  }
  return out;
}

export function createPersonRepository(db: Kysely<Database>, bulk: BulkWriter) {
  return {
    async hasAnyPerson(): Promise<boolean> {
      const row = await db.selectFrom('persons').select('person_id').limit(1).executeTakeFirst();
      return row !== undefined;
    },

    /** The narrow view of a partition's persons: identity keys, the hash of their rows, their schools. */
    async screenRange(from: number, to: number): Promise<PersonKeys[]> {
      const persons = await db
        .selectFrom('persons')
        .select(['person_id', 'kind', 'nisn', 'nik', 'tanggal_lahir', 'rows_hash', 'npsns'])
        .where('phash', '>=', from)
        .where('phash', '<=', to - 1)
        .execute();
      return persons.map(personKeysOf);
    },

    /** Persons with an account whose exit waits (scoped extracts): they are always looked at. */
    async waitingPersons(): Promise<Set<string>> {
      const rows = await waitingQuery(db).execute();
      return new Set(rows.map((r) => r.person_id));
    },

    /** Every person of a partition with their accounts not yet deleted. */
    async loadRange(from: number, to: number): Promise<Map<string, PersonState>> {
      const persons = await db
        .selectFrom('persons')
        .selectAll()
        .where('phash', '>=', from)
        .where('phash', '<=', to - 1)
        .execute();
      const accounts = await db
        .selectFrom('accounts')
        .selectAll()
        .where('phash', '>=', from)
        .where('phash', '<=', to - 1)
        .where('status', '!=', 'deleted')
        .execute();
      return assembleStates(persons, accounts);
    },

    async loadByIds(ids: string[]): Promise<Map<string, PersonState>> {
      const out = new Map<string, PersonState>();
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const persons = await db.selectFrom('persons').selectAll().where('person_id', 'in', chunk).execute();
        const accounts = await db
          .selectFrom('accounts')
          .selectAll()
          .where('person_id', 'in', chunk)
          .where('status', '!=', 'deleted')
          .execute();
        for (const [id, state] of assembleStates(persons, accounts)) out.set(id, state);
      }
      return out;
    },

    /** Inserts persons the store does not hold. */
    async insertPersons(trx: Executor, persons: Omit<PersonsTable, 'previous_id'>[]): Promise<void> {
      await bulk.insert(trx, 'persons', persons);
    },

    /** Upserts persons; `previous_id` is left as it was (see linkRekeyed). */
    async writePersons(trx: Executor, persons: Omit<PersonsTable, 'previous_id'>[]): Promise<void> {
      await bulk.upsert(trx, 'persons', persons, ['person_id']);
    },

    /** Records the id a re-keyed person was known under: the evidence of the link. */
    async linkRekeyed(trx: Executor, links: { personId: string; previousId: string }[]): Promise<void> {
      for (const link of links) {
        await trx
          .updateTable('persons')
          .set({ previous_id: link.previousId })
          .where('person_id', '=', link.personId)
          .execute();
      }
    },

    async deletePersons(trx: Executor, ids: string[]): Promise<void> {
      if (ids.length === 0) return;
      await trx.deleteFrom('persons').where('person_id', 'in', ids).execute();
    },

    async insertAccounts(trx: Executor, rows: AccountsTable[]): Promise<void> {
      await bulk.insert(trx, 'accounts', rows);
    },

    /** Updates existing accounts; `created_run_id` stays as it was. */
    async writeAccounts(trx: Executor, rows: AccountsTable[]): Promise<void> {
      await bulk.upsert(trx, 'accounts', rows, ['id'], ['created_run_id']);
    },

    async personalEmails(ids: string[]): Promise<Map<string, string>> {
      const out = new Map<string, string>();
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await db
          .selectFrom('persons')
          .select(['person_id', 'email'])
          .where('person_id', 'in', ids.slice(i, i + 500))
          .execute();
        for (const r of rows) out.set(r.person_id, r.email);
      }
      return out;
    },

    async accountsByIds(ids: number[]): Promise<Map<number, Selectable<AccountsTable>>> {
      if (ids.length === 0) return new Map();
      const rows = await db.selectFrom('accounts').selectAll().where('id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.id, r]));
    },

    async findByAddress(address: string): Promise<Account | null> {
      const owner = await db
        .selectFrom('addresses')
        .select('account_id')
        .where('address', '=', address)
        .executeTakeFirst();
      if (!owner) return null;
      const row = await db
        .selectFrom('accounts')
        .selectAll()
        .where('id', '=', owner.account_id)
        .executeTakeFirst();
      return row ? accountFromRow(row) : null;
    },

    /**
     * Accounts whose name or any address (primary or alias) contains the text; a 10-digit text is
     * also a NISN, a 16-digit one a NUPTK. LIKE wildcards in the text are taken literally.
     */
    async search(text: string, limit = 50): Promise<Account[]> {
      const rows = await db
        .selectFrom('accounts')
        .selectAll()
        .where((eb) => accountMatches(eb, text))
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(accountFromRow);
    },

    async person(personId: string) {
      return db.selectFrom('persons').selectAll().where('person_id', '=', personId).executeTakeFirst();
    },

    async maxAccountId(trx: Executor): Promise<number> {
      const row = await trx
        .selectFrom('accounts')
        .select((eb) => eb.fn.max('id').as('max'))
        .executeTakeFirst();
      return Number(row?.max ?? 0);
    },
  };
}

export type PersonRepository = ReturnType<typeof createPersonRepository>;
