// What the console and the API read about accounts and schools, always through the caller's scope
// (scope-filter.ts): a query that forgets the scope cannot be written here, because every listing
// takes one. Also the few writes of Unduh Akun, which must run inside the caller's transaction.
import { type Kysely, type Selectable, type SqlBool, sql } from 'kysely';
import type { OperatorScope } from '../domain/operator-scope.js';
import { accountMatches, likeNeedle } from './account-search.js';
import type { Executor } from './person-repository.js';
import type {
  AccountCredentialsTable,
  AccountsTable,
  AddressesTable,
  Database,
  EventsTable,
  SchoolsTable,
} from './schema.js';
import { npsnInScope } from './scope-filter.js';

export type AccountRow = Selectable<AccountsTable>;
export type SchoolRow = Selectable<SchoolsTable>;

export interface Page<T> {
  rows: T[];
  /** True when more rows matched than were returned. */
  more: boolean;
}

export interface SchoolListRow extends SchoolRow {
  active: number;
  total: number;
}

export interface StatusRoleCount {
  status: string;
  role: string;
  count: number;
}

export interface MailRow {
  id: number;
  run_id: number;
  payload_json: string;
  status: string;
  attempts: number;
  created_at: string;
  sent_at: string | null;
}

/** An account Unduh Akun may hand out, with its sealed initial password if it has one yet. */
export interface CredentialCandidate {
  id: number;
  nama: string;
  role: string;
  jenjang: string;
  primary_address: string;
  status: string;
  sealed: string | null;
  downloaded_at: string | null;
}

/** `%text%` for LIKE with the text's own wildcards taken literally (used with `escape '\'`). */

function more<T>(rows: T[], limit: number): Page<T> {
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

export function createDirectoryRepository(db: Kysely<Database>) {
  return {
    /**
     * Accounts in scope whose name or any address they ever had contains the text; a text of 10
     * digits is also a NISN, of 16 digits a NUPTK (as `selaras accounts find`).
     */
    async searchAccounts(text: string, scope: OperatorScope, limit: number): Promise<Page<AccountRow>> {
      const rows = await db
        .selectFrom('accounts')
        .selectAll()
        .where(npsnInScope('accounts.npsn', scope))
        .where((eb) => accountMatches(eb, text))
        .orderBy('accounts.nama')
        .orderBy('accounts.id')
        .limit(limit + 1)
        .execute();
      return more(rows, limit);
    },

    /** The first accounts in scope by id (the API without a search text): cheap at any size. */
    async listAccounts(scope: OperatorScope, limit: number): Promise<Page<AccountRow>> {
      const rows = await db
        .selectFrom('accounts')
        .selectAll()
        .where(npsnInScope('accounts.npsn', scope))
        .orderBy('id')
        .limit(limit + 1)
        .execute();
      return more(rows, limit);
    },

    /** The account, or undefined when it does not exist or lies outside the scope (the same answer). */
    async account(id: number, scope: OperatorScope): Promise<AccountRow | undefined> {
      return db
        .selectFrom('accounts')
        .selectAll()
        .where('id', '=', id)
        .where(npsnInScope('accounts.npsn', scope))
        .executeTakeFirst();
    },

    /** Every address the account owns or owned; reserved ones (a held plan's) are not its yet. */
    async addressesOf(accountId: number): Promise<AddressesTable[]> {
      return db
        .selectFrom('addresses')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('kind', 'in', ['primary', 'alias'])
        .orderBy('issued_run_id')
        .orderBy('address')
        .execute();
    },

    async eventsOfAccount(accountId: number, limit = 500): Promise<EventsTable[]> {
      return db
        .selectFrom('events')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },

    async mailsOfAccount(accountId: number, limit = 200): Promise<MailRow[]> {
      return db
        .selectFrom('outbox')
        .select(['id', 'run_id', 'payload_json', 'status', 'attempts', 'created_at', 'sent_at'])
        .where('account_id', '=', accountId)
        .where('channel', '=', 'mail')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },

    async school(npsn: string, scope: OperatorScope): Promise<SchoolRow | undefined> {
      return db
        .selectFrom('schools')
        .selectAll()
        .where('npsn', '=', npsn)
        .where(npsnInScope('schools.npsn', scope))
        .executeTakeFirst();
    },

    /** Schools in scope by NPSN prefix or part of the name (all of them for an empty text). */
    async searchSchools(text: string, scope: OperatorScope, limit: number): Promise<Page<SchoolListRow>> {
      const query = text.trim();
      const needle = likeNeedle(query);
      let select = db.selectFrom('schools').selectAll().where(npsnInScope('schools.npsn', scope));
      if (query !== '') {
        select = select.where((eb) => {
          const byName = sql<SqlBool>`lower(schools.nama) like ${needle} escape '\\'`;
          // An NPSN is 8 letters or digits: only such a text can be the start of one.
          if (!/^[0-9A-Za-z]{1,8}$/.test(query)) return byName;
          return eb.or([byName, eb('schools.npsn', 'like', `${query.toUpperCase()}%`)]);
        });
      }
      const schools = await select
        .orderBy('npsn')
        .limit(limit + 1)
        .execute();
      const page = more(schools, limit);
      const counts = await countsBySchool(page.rows.map((s) => s.npsn));
      return {
        more: page.more,
        rows: page.rows.map((s) => ({ ...s, ...(counts.get(s.npsn) ?? { active: 0, total: 0 }) })),
      };
    },

    async countsOfSchool(npsn: string): Promise<StatusRoleCount[]> {
      const rows = await db
        .selectFrom('accounts')
        .select(['status', 'role', sql<number>`count(*)`.as('n')])
        .where('npsn', '=', npsn)
        .groupBy(['status', 'role'])
        .execute();
      return rows.map((r) => ({ status: r.status, role: r.role, count: Number(r.n) }));
    },

    /** One page of a school's accounts, by name. */
    async accountsOfSchool(npsn: string, offset: number, limit: number): Promise<Page<AccountRow>> {
      const rows = await db
        .selectFrom('accounts')
        .selectAll()
        .where('npsn', '=', npsn)
        .orderBy('nama')
        .orderBy('id')
        .offset(offset)
        .limit(limit + 1)
        .execute();
      return more(rows, limit);
    },

    /** Events that touched the school on either side, newest first. */
    async eventsOfSchool(npsn: string, limit: number): Promise<EventsTable[]> {
      return db
        .selectFrom('events')
        .selectAll()
        .where((eb) => eb.or([eb('from_npsn', '=', npsn), eb('to_npsn', '=', npsn)]))
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },

    /** Active accounts of one school whose password has not been downloaded yet (new accounts). */
    async undownloadedCount(npsn: string): Promise<number> {
      const row = await db
        .selectFrom('accounts')
        .leftJoin('account_credentials', 'account_credentials.account_id', 'accounts.id')
        .select(sql<number>`count(*)`.as('n'))
        .where('accounts.npsn', '=', npsn)
        .where('accounts.status', '=', 'active')
        .where('account_credentials.downloaded_at', 'is', null)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    /**
     * The active accounts of one school with their sealed passwords; `onlyNew` keeps those never
     * downloaded (including those without a password yet). Pass the transaction: on SQLite it holds
     * the only connection.
     */
    async credentialCandidates(
      trx: Executor,
      npsn: string,
      onlyNew: boolean,
    ): Promise<CredentialCandidate[]> {
      let select = trx
        .selectFrom('accounts')
        .leftJoin('account_credentials', 'account_credentials.account_id', 'accounts.id')
        .select([
          'accounts.id',
          'accounts.nama',
          'accounts.role',
          'accounts.jenjang',
          'accounts.primary_address',
          'accounts.status',
          'account_credentials.sealed',
          'account_credentials.downloaded_at',
        ])
        .where('accounts.npsn', '=', npsn)
        .where('accounts.status', '=', 'active');
      if (onlyNew) select = select.where('account_credentials.downloaded_at', 'is', null);
      return select.orderBy('accounts.nama').orderBy('accounts.id').execute();
    },

    /** "On first need": a password for an account made before passwords existed; a racing one wins. */
    async insertMissingCredentials(trx: Executor, rows: AccountCredentialsTable[]): Promise<void> {
      for (let i = 0; i < rows.length; i += 500) {
        await trx
          .insertInto('account_credentials')
          .values(rows.slice(i, i + 500))
          .onConflict((oc) => oc.column('account_id').doNothing())
          .execute();
      }
    },

    async sealedOf(trx: Executor, accountIds: readonly number[]): Promise<Map<number, string>> {
      const out = new Map<number, string>();
      for (let i = 0; i < accountIds.length; i += 500) {
        const rows = await trx
          .selectFrom('account_credentials')
          .select(['account_id', 'sealed'])
          .where('account_id', 'in', accountIds.slice(i, i + 500))
          .execute();
        for (const r of rows) out.set(r.account_id, r.sealed);
      }
      return out;
    },
  };

  async function countsBySchool(npsns: string[]): Promise<Map<string, { active: number; total: number }>> {
    const out = new Map<string, { active: number; total: number }>();
    if (npsns.length === 0) return out;
    const rows = await db
      .selectFrom('accounts')
      .select([
        'npsn',
        sql<number>`count(*)`.as('total'),
        sql<number>`sum(case when status = 'active' then 1 else 0 end)`.as('active'),
      ])
      .where('npsn', 'in', npsns)
      .groupBy('npsn')
      .execute();
    for (const r of rows) out.set(r.npsn, { active: Number(r.active), total: Number(r.total) });
    return out;
  }
}

export type DirectoryRepository = ReturnType<typeof createDirectoryRepository>;
