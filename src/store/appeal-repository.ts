// Appeals (issue 10): filing and deciding them, the schedule they pause, and what the console, the API,
// Cek Akun and the digests read about them. Every listing for an operator takes a scope
// (scope-filter.ts); writes take the caller's executor so the appeal, the account, the audit entry and
// the mail commit together (STYLE 5).
import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { OperatorScope } from '../domain/operator-scope.js';
import type { Executor } from './person-repository.js';
import { activeAdmins } from './run-repository.js';
import type { AccountsTable, AppealsTable, Database } from './schema.js';
import { npsnInScope } from './scope-filter.js';

export type AppealRow = Selectable<AppealsTable>;
export type NewAppeal = Omit<Insertable<AppealsTable>, 'id'>;

/** An appeal with what an operator needs beside it: the account as it is now and its school. */
export interface AppealListRow extends AppealRow {
  primary_address: string;
  nama: string;
  person_kind: string;
  role: string;
  jenjang: string;
  account_status_now: string;
  deactivate_reason: string | null;
  suspend_on: string | null;
  delete_on: string | null;
  school_name: string | null;
}

export interface AppealFilter {
  statuses: readonly string[];
  npsn?: string;
  limit: number;
  offset: number;
}

/** Per school: appeals waiting, being corrected, the oldest filing date, and those that expired. */
export interface AppealSchoolCount {
  npsn: string;
  school_name: string | null;
  open: number;
  correcting: number;
  oldest_filed_on: string | null;
  expired: number;
}

/** A pausing appeal with the account's state now, for tick and the sync's follow-up. */
export interface PausingAppeal extends AppealRow {
  account: Selectable<AccountsTable>;
}

const PAUSING = ['open', 'correcting'] as const;

function listQuery(db: Executor) {
  return db
    .selectFrom('appeals')
    .innerJoin('accounts', 'accounts.id', 'appeals.account_id')
    .leftJoin('schools', 'schools.npsn', 'appeals.npsn')
    .selectAll('appeals')
    .select([
      'accounts.primary_address',
      'accounts.nama',
      'accounts.person_kind',
      'accounts.role',
      'accounts.jenjang',
      'accounts.status as account_status_now',
      'accounts.deactivate_reason',
      'accounts.suspend_on',
      'accounts.delete_on',
      'schools.nama as school_name',
    ]);
}

function numbered<T extends { id: number; account_id: number }>(row: T): T {
  return { ...row, id: Number(row.id), account_id: Number(row.account_id) };
}

export function createAppealRepository(db: Kysely<Database>) {
  return {
    /** Inserts inside the caller's transaction; a second pausing appeal for the account is a unique violation. */
    async insert(trx: Executor, appeal: NewAppeal): Promise<number> {
      const row = await trx.insertInto('appeals').values(appeal).returning('id').executeTakeFirstOrThrow();
      return Number(row.id);
    },

    async ofAccount(accountId: number, executor: Executor = db): Promise<AppealRow[]> {
      const rows = await executor
        .selectFrom('appeals')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('id')
        .execute();
      return rows.map(numbered);
    },

    async get(id: number, executor: Executor = db): Promise<AppealRow | undefined> {
      const row = await executor.selectFrom('appeals').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? numbered(row) : undefined;
    },

    /** One appeal with its account and school, if the scope covers its school. */
    async view(id: number, scope: OperatorScope): Promise<AppealListRow | undefined> {
      const row = await listQuery(db)
        .where('appeals.id', '=', id)
        .where(npsnInScope('appeals.npsn', scope))
        .executeTakeFirst();
      return row ? numbered(row) : undefined;
    },

    async list(
      scope: OperatorScope,
      filter: AppealFilter,
    ): Promise<{ rows: AppealListRow[]; total: number }> {
      let query = listQuery(db).where(npsnInScope('appeals.npsn', scope));
      let count = db
        .selectFrom('appeals')
        .select(sql<number>`count(*)`.as('n'))
        .where(npsnInScope('appeals.npsn', scope));
      if (filter.statuses.length > 0) {
        query = query.where('appeals.status', 'in', [...filter.statuses]);
        count = count.where('appeals.status', 'in', [...filter.statuses]);
      }
      if (filter.npsn) {
        query = query.where('appeals.npsn', '=', filter.npsn);
        count = count.where('appeals.npsn', '=', filter.npsn);
      }
      const [rows, total] = await Promise.all([
        query
          .orderBy('appeals.filed_at')
          .orderBy('appeals.id')
          .limit(filter.limit)
          .offset(filter.offset)
          .execute(),
        count.executeTakeFirst(),
      ]);
      return { rows: rows.map(numbered), total: Number(total?.n ?? 0) };
    },

    /** Appeals per school inside the scope that are pausing, or expired since `expiredSince`. */
    async countsBySchool(scope: OperatorScope, expiredSince: string): Promise<AppealSchoolCount[]> {
      const rows = await db
        .selectFrom('appeals')
        .leftJoin('schools', 'schools.npsn', 'appeals.npsn')
        .select([
          'appeals.npsn',
          'schools.nama as school_name',
          sql<number>`sum(case when appeals.status = 'open' then 1 else 0 end)`.as('open'),
          sql<number>`sum(case when appeals.status = 'correcting' then 1 else 0 end)`.as('correcting'),
          sql<
            string | null
          >`min(case when appeals.status in ('open', 'correcting') then appeals.filed_on end)`.as(
            'oldest_filed_on',
          ),
          sql<number>`sum(case when appeals.outcome = 'expired' then 1 else 0 end)`.as('expired'),
        ])
        .where(npsnInScope('appeals.npsn', scope))
        .where((eb) =>
          eb.or([
            eb('appeals.status', 'in', [...PAUSING]),
            eb.and([eb('appeals.outcome', '=', 'expired'), eb('appeals.closed_at', '>=', expiredSince)]),
          ]),
        )
        .groupBy(['appeals.npsn', 'schools.nama'])
        .orderBy('appeals.npsn')
        .execute();
      return rows.map((r) => ({
        npsn: r.npsn,
        school_name: r.school_name,
        open: Number(r.open),
        correcting: Number(r.correcting),
        oldest_filed_on: r.oldest_filed_on,
        expired: Number(r.expired),
      }));
    },

    /** Open and correcting appeals of these schools, oldest first (the digest's list). */
    async pausingOfSchools(npsns: readonly string[], executor: Executor = db): Promise<AppealListRow[]> {
      const out: AppealListRow[] = [];
      for (let i = 0; i < npsns.length; i += 500) {
        const rows = await listQuery(executor)
          .where('appeals.npsn', 'in', npsns.slice(i, i + 500))
          .where('appeals.status', 'in', [...PAUSING])
          .orderBy('appeals.filed_at')
          .orderBy('appeals.id')
          .execute();
        out.push(...rows.map(numbered));
      }
      return out;
    },

    /** Every appeal of these accounts, oldest first per account (Cek Akun shows the latest). */
    async allOfAccounts(accountIds: readonly number[]): Promise<Map<number, AppealRow[]>> {
      const out = new Map<number, AppealRow[]>();
      if (accountIds.length === 0) return out;
      const rows = await db
        .selectFrom('appeals')
        .selectAll()
        .where('account_id', 'in', [...accountIds])
        .orderBy('id')
        .execute();
      for (const row of rows.map(numbered))
        out.set(row.account_id, [...(out.get(row.account_id) ?? []), row]);
      return out;
    },

    /** Accounts whose schedule an appeal pauses now. */
    async pausedAccountIds(): Promise<Set<number>> {
      const rows = await db
        .selectFrom('appeals')
        .select('account_id')
        .where('status', 'in', [...PAUSING])
        .execute();
      return new Set(rows.map((r) => Number(r.account_id)));
    },

    /** Every pausing appeal with its account as it is now. */
    async pausing(): Promise<PausingAppeal[]> {
      const appeals = await db
        .selectFrom('appeals')
        .selectAll()
        .where('status', 'in', [...PAUSING])
        .orderBy('id')
        .execute();
      if (appeals.length === 0) return [];
      const accounts = await db
        .selectFrom('accounts')
        .selectAll()
        .where('id', 'in', [...new Set(appeals.map((a) => Number(a.account_id)))])
        .execute();
      const byId = new Map(accounts.map((a) => [Number(a.id), a]));
      return appeals.flatMap((a) => {
        const account = byId.get(Number(a.account_id));
        return account ? [{ ...numbered(a), account }] : [];
      });
    },

    /**
     * Moves an appeal on, only from the status it was read in: a decision racing another one, or the
     * tick, changes nothing and returns false.
     */
    async update(
      trx: Executor,
      id: number,
      from: readonly string[],
      patch: Partial<Omit<AppealsTable, 'id'>>,
    ): Promise<boolean> {
      const result = await trx
        .updateTable('appeals')
        .set(patch)
        .where('id', '=', id)
        .where('status', 'in', [...from])
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async account(id: number, executor: Executor = db): Promise<Selectable<AccountsTable> | undefined> {
      return executor.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** Puts a fresh schedule on an account that is still in the status the appeal saw. */
    async reschedule(
      trx: Executor,
      accountId: number,
      status: string,
      schedule: { suspend_on: string | null; delete_on: string | null; reminded_on: string | null },
    ): Promise<boolean> {
      const result = await trx
        .updateTable('accounts')
        .set(schedule)
        .where('id', '=', accountId)
        .where('status', '=', status)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** The highest run id so far: a correcting appeal waits for a sync run after it. */
    async latestRunId(executor: Executor = db): Promise<number> {
      const row = await executor
        .selectFrom('runs')
        .select((eb) => eb.fn.max('id').as('max'))
        .executeTakeFirst();
      return Number(row?.max ?? 0);
    },

    /** Primary addresses of the school's active admin accounts: who is told of an appeal at once. */
    async schoolAdmins(npsn: string, executor: Executor = db): Promise<string[]> {
      const rows = await executor
        .selectFrom('accounts')
        .select('primary_address')
        .where('npsn', '=', npsn)
        .$call(activeAdmins)
        .orderBy('primary_address')
        .execute();
      return rows.map((r) => r.primary_address);
    },

    async schoolName(npsn: string, executor: Executor = db): Promise<string | undefined> {
      const row = await executor
        .selectFrom('schools')
        .select('nama')
        .where('npsn', '=', npsn)
        .executeTakeFirst();
      return row?.nama;
    },
  };
}

export type AppealRepository = ReturnType<typeof createAppealRepository>;
