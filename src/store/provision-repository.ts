// Provisioning's own reads and writes: each account's standing at the target (provision_status),
// settled in the same transaction as its outbox row so the two never disagree, and the counts and
// lists `provision status` and the console show, each within an operator's scope.
import { type Kysely, type RawBuilder, type Selectable, type SqlBool, sql } from 'kysely';
import type { OperatorScope } from '../domain/operator-scope.js';
import type { ClaimedRow } from './outbox-repository.js';
import type { AccountsTable, Database, OutboxTable, ProvisionStatusTable } from './schema.js';
import { npsnInScope } from './scope-filter.js';

export const PROVISION_STATES = ['synced', 'retrying', 'failed'] as const;
export type ProvisionState = (typeof PROVISION_STATES)[number];

export type ProvisionStatusRow = ProvisionStatusTable;

/** How a claimed row ended, for the outbox row and the account's status together. */
export type Settlement =
  | { kind: 'applied'; at: string; remoteId: string | null; userName: string; accountStatus: string }
  | {
      kind: 'retry';
      at: string;
      nextAttemptAt: string;
      error: string;
      /** False for throttling (429): the claim is given back to the attempts budget. */
      countAttempt: boolean;
      userName: string;
      accountStatus: string;
    }
  | { kind: 'failed'; at: string; error: string; userName: string; accountStatus: string };

export interface ProvisionProblem {
  account_id: number;
  primary_address: string | null;
  nama: string | null;
  npsn: string | null;
  state: string;
  attempts: number;
  last_error: string | null;
  updated_at: string;
  next_attempt_at: string | null;
}

export interface ProvisionQueueRow {
  id: number;
  run_id: number;
  status: string;
  attempts: number;
  created_at: string;
  sent_at: string | null;
  last_error: string | null;
  payload_json: string;
}

const CHANNEL = 'provision';
const OPEN = ['pending', 'sending'];

function statusInScope(scope: OperatorScope): RawBuilder<SqlBool> {
  if (scope.role === 'nasional') return sql<SqlBool>`1 = 1`;
  return sql<SqlBool>`provision_status.account_id in (select accounts.id from accounts where ${npsnInScope('accounts.npsn', scope)})`;
}

function outboxInScope(scope: OperatorScope): RawBuilder<SqlBool> {
  if (scope.role === 'nasional') return sql<SqlBool>`1 = 1`;
  return sql<SqlBool>`outbox.account_id in (select accounts.id from accounts where ${npsnInScope('accounts.npsn', scope)})`;
}

export function createProvisionRepository(db: Kysely<Database>) {
  return {
    /** The ids the target gave these accounts, where known. */
    async remoteIds(accountIds: number[]): Promise<Map<number, string>> {
      if (accountIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('provision_status')
        .select(['account_id', 'remote_id'])
        .where('account_id', 'in', accountIds)
        .where('remote_id', 'is not', null)
        .execute();
      return new Map(rows.map((r) => [Number(r.account_id), r.remote_id!]));
    },

    /**
     * Marks the claimed row and writes the account's status in one transaction; false (and nothing
     * written) when the claim no longer holds the row.
     */
    async settle(claim: ClaimedRow, target: string, s: Settlement): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('outbox')
          .set(outboxPatch(claim, s))
          .where('id', '=', claim.id)
          .where('status', '=', 'sending')
          .where('attempts', '=', claim.attempts)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) return false;
        if (claim.account_id === null) return true;
        const { insert, update } = statusRow(claim, target, s);
        await trx
          .insertInto('provision_status')
          .values(insert)
          .onConflict((oc) => oc.column('account_id').doUpdateSet(update))
          .execute();
        return true;
      });
    },

    async ofAccount(accountId: number): Promise<ProvisionStatusRow | undefined> {
      return db
        .selectFrom('provision_status')
        .selectAll()
        .where('account_id', '=', accountId)
        .executeTakeFirst();
    },

    /** The account's provisioning rows, newest first. */
    async queueOfAccount(accountId: number, limit: number): Promise<ProvisionQueueRow[]> {
      const rows = await db
        .selectFrom('outbox')
        .select(['id', 'run_id', 'status', 'attempts', 'created_at', 'sent_at', 'last_error', 'payload_json'])
        .where('account_id', '=', accountId)
        .where('channel', '=', CHANNEL)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        ...r,
        id: Number(r.id),
        run_id: Number(r.run_id),
        attempts: Number(r.attempts),
      }));
    },

    /** Accounts by provisioning state. */
    async stateCounts(scope: OperatorScope): Promise<Map<string, number>> {
      const rows = await db
        .selectFrom('provision_status')
        .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
        .where(statusInScope(scope))
        .groupBy('state')
        .execute();
      return new Map(rows.map((r) => [r.state, Number(r.n)]));
    },

    /** Provisioning rows by outbox status, the accounts with some unfinished, and the oldest pending. */
    async queue(
      scope: OperatorScope,
    ): Promise<{ counts: Map<string, number>; waiting: number; oldest: string | null }> {
      const rows = await db
        .selectFrom('outbox')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('channel', '=', CHANNEL)
        .where(outboxInScope(scope))
        .groupBy('status')
        .execute();
      const open = await db
        .selectFrom('outbox')
        .select([
          (eb) => eb.fn.count<number>('account_id').distinct().as('accounts'),
          (eb) => eb.fn.min('created_at').as('oldest'),
        ])
        .where('channel', '=', CHANNEL)
        .where('status', 'in', OPEN)
        .where(outboxInScope(scope))
        .executeTakeFirst();
      return {
        counts: new Map(rows.map((r) => [r.status, Number(r.n)])),
        waiting: Number(open?.accounts ?? 0),
        oldest: open?.oldest ? String(open.oldest) : null,
      };
    },

    /** Accounts whose last row failed or waits for a retry, most recent first. */
    async problems(scope: OperatorScope, limit: number): Promise<ProvisionProblem[]> {
      const rows = await db
        .selectFrom('provision_status')
        .leftJoin('accounts', 'accounts.id', 'provision_status.account_id')
        .select([
          'provision_status.account_id',
          'accounts.primary_address',
          'accounts.nama',
          'accounts.npsn',
          'provision_status.state',
          'provision_status.attempts',
          'provision_status.last_error',
          'provision_status.updated_at',
          'provision_status.next_attempt_at',
        ])
        .where('provision_status.state', 'in', ['failed', 'retrying'])
        .where(statusInScope(scope))
        .orderBy('provision_status.updated_at', 'desc')
        .orderBy('provision_status.account_id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ ...r, account_id: Number(r.account_id), attempts: Number(r.attempts) }));
    },

    /**
     * Accounts after `afterId` (by id) that are not deleted and have never had a provisioning row,
     * optionally only those of schools in a province: what a backfill queues, a page at a time.
     */
    async neverQueued(
      afterId: number,
      limit: number,
      provinsi?: string,
    ): Promise<Selectable<AccountsTable>[]> {
      let query = db
        .selectFrom('accounts')
        .selectAll()
        .where('id', '>', afterId)
        .where('status', '!=', 'deleted')
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('outbox')
                .select('outbox.id')
                .whereRef('outbox.account_id', '=', 'accounts.id')
                .where('outbox.channel', '=', CHANNEL),
            ),
          ),
        )
        .orderBy('id')
        .limit(limit);
      if (provinsi !== undefined)
        query = query.where('npsn', 'in', (eb) =>
          eb.selectFrom('schools').select('npsn').where('kode_wilayah', 'like', `${provinsi}%`),
        );
      return query.execute();
    },

    /** The addresses these accounts gave up (aliases), by account. */
    async aliasesOf(accountIds: number[]): Promise<Map<number, string[]>> {
      const out = new Map<number, string[]>();
      if (accountIds.length === 0) return out;
      const rows = await db
        .selectFrom('addresses')
        .select(['account_id', 'address'])
        .where('account_id', 'in', accountIds)
        .where('kind', '=', 'alias')
        .orderBy('issued_run_id')
        .orderBy('address')
        .execute();
      for (const r of rows)
        out.set(Number(r.account_id), [...(out.get(Number(r.account_id)) ?? []), r.address]);
      return out;
    },

    /**
     * Queues again the latest row of every account whose latest row failed (or of one account), as a
     * new row: it is then the newest, so it cannot overtake a later change, and starts a fresh count
     * of attempts. Returns the new rows' account ids.
     */
    async requeueFailed(at: string, accountId?: number): Promise<number[]> {
      return db.transaction().execute(async (trx) => {
        let latest = trx
          .selectFrom('outbox')
          .select(['id', 'run_id', 'event_id', 'account_id', 'payload_json', 'status'])
          .where('channel', '=', CHANNEL)
          .where('id', 'in', (eb) =>
            eb
              .selectFrom('outbox as o')
              .select((x) => x.fn.max('o.id').as('id'))
              .where('o.channel', '=', CHANNEL)
              .groupBy('o.account_id'),
          );
        if (accountId !== undefined) latest = latest.where('account_id', '=', accountId);
        const failed = (await latest.execute()).filter((r) => r.status === 'failed');
        if (failed.length === 0) return [];
        await trx
          .insertInto('outbox')
          .values(
            failed.map((r) => ({
              run_id: r.run_id,
              event_id: r.event_id,
              account_id: r.account_id,
              channel: CHANNEL,
              message_id: null,
              payload_json: r.payload_json,
              status: 'pending',
              attempts: 0,
              next_attempt_at: at,
              created_at: at,
              sent_at: null,
              last_error: null,
            })),
          )
          .execute();
        return failed.map((r) => Number(r.account_id));
      });
    },
  };
}

function outboxPatch(claim: ClaimedRow, s: Settlement): Partial<Omit<OutboxTable, 'id'>> {
  switch (s.kind) {
    case 'applied':
      return { status: 'sent', sent_at: s.at, last_error: null };
    case 'retry':
      return {
        status: 'pending',
        next_attempt_at: s.nextAttemptAt,
        last_error: s.error,
        // Safe to hand back: this claim is the only holder of its attempts value (see outbox-repository).
        ...(s.countAttempt ? {} : { attempts: claim.attempts - 1 }),
      };
    case 'failed':
      return { status: 'failed', last_error: s.error };
  }
}

function statusRow(claim: ClaimedRow, target: string, s: Settlement) {
  const common = {
    target,
    user_name: s.userName,
    account_status: s.accountStatus,
    outbox_id: claim.id,
    attempts: s.kind === 'retry' && !s.countAttempt ? claim.attempts - 1 : claim.attempts,
    updated_at: s.at,
  };
  const update =
    s.kind === 'applied'
      ? {
          ...common,
          state: 'synced',
          remote_id: s.remoteId,
          last_error: null,
          next_attempt_at: null,
          synced_at: s.at,
        }
      : {
          ...common,
          state: s.kind === 'retry' ? 'retrying' : 'failed',
          last_error: s.error,
          next_attempt_at: s.kind === 'retry' ? s.nextAttemptAt : null,
        };
  const insert: ProvisionStatusTable = {
    account_id: claim.account_id!,
    remote_id: null,
    synced_at: null,
    ...update,
  };
  return { insert, update };
}

export type ProvisionRepository = ReturnType<typeof createProvisionRepository>;
