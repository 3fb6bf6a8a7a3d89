// The outbox as a work queue. A claim moves due rows to 'sending' with a lease (next_attempt_at is the
// lease's end while a row is 'sending'), so a row whose worker died becomes due again when the lease
// runs out. Each claim adds one to `attempts`, which also serves as the claim's fencing token: a worker
// whose lease ran out and whose row was claimed again cannot overwrite the newer claim's outcome.
import type { ExpressionBuilder, Insertable, Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Executor } from './person-repository.js';
import type { Database, OutboxTable } from './schema.js';
import type { StoreCapabilities } from './store.js';

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export type OutboxRow = Selectable<OutboxTable>;

/** A row as the sync writes it: pending, never tried. */
export type NewOutboxRow = Pick<
  Insertable<OutboxTable>,
  'run_id' | 'event_id' | 'account_id' | 'channel' | 'payload_json' | 'next_attempt_at' | 'created_at'
> & { message_id?: string | null };

/** What a worker holds after a claim: enough to send the row and to mark it. */
export type ClaimedRow = Pick<OutboxRow, 'id' | 'channel' | 'payload_json' | 'attempts' | 'account_id'> & {
  message_id: string;
};

export interface ClaimOptions {
  channel: string;
  /** ISO timestamp: rows with next_attempt_at at or before it are due. */
  now: string;
  /** ISO timestamp: until then no other worker takes the claimed rows. */
  leaseUntil: string;
  limit: number;
  /**
   * Take a row only when no older row of the same account is still unfinished (pending or sending).
   * Provisioning uses it so that changes to one account reach the target in the order they were made,
   * whatever the number of workers: a newer row waits until the older one is sent or failed, and a
   * claim never holds two rows of one account.
   */
  inAccountOrder?: boolean;
}

export interface OutboxCount {
  status: string;
  template: string | null;
  count: number;
}

/** Rows per INSERT: 12 columns each stays far below either engine's bind parameter limit. */
const ENQUEUE_CHUNK = 1000;

/** Rows the worker may take: waiting ones, and claimed ones whose lease has run out (a dead worker). */
const CLAIMABLE: OutboxStatus[] = ['pending', 'sending'];

/**
 * The stable Message-ID of a row, derived from its id and kept in `message_id` at its first claim so
 * every attempt (and a resend after a crash) carries the same one. A row written with a message_id
 * keeps it.
 */
const MESSAGE_ID = sql<string>`coalesce(message_id, '<outbox-' || cast(id as text) || '@selaras.belajar.id>')`;

/**
 * `payload_json ->> 'template'`, spelled so both engines read it: `json(text)` is SQLite's JSON function
 * and PostgreSQL's function-style cast to json, and both take `->> 'key'` on the result.
 */
const TEMPLATE = sql<string | null>`json(payload_json) ->> 'template'`;

export function createOutboxRepository(
  db: Kysely<Database>,
  capabilities: Pick<StoreCapabilities, 'skipLocked'>,
) {
  return {
    /** Adds rows inside the caller's transaction, so they commit with the change they announce. */
    async enqueue(trx: Executor, rows: NewOutboxRow[]): Promise<void> {
      for (let start = 0; start < rows.length; start += ENQUEUE_CHUNK) {
        await trx
          .insertInto('outbox')
          .values(
            rows.slice(start, start + ENQUEUE_CHUNK).map((r) => ({
              ...r,
              message_id: r.message_id ?? null,
              status: 'pending',
              attempts: 0,
              sent_at: null,
              last_error: null,
            })),
          )
          .execute();
      }
    },

    /**
     * Takes up to `limit` due rows of a channel, oldest due first, and marks them 'sending' in the same
     * transaction. With SKIP LOCKED, concurrent claimers on other connections pass over each other's
     * rows instead of waiting for them; without it (SQLite) the write transaction serialises claimers.
     */
    async claim(options: ClaimOptions): Promise<ClaimedRow[]> {
      return db.transaction().execute(async (trx) => {
        let due = trx
          .selectFrom('outbox')
          .select('id')
          .where('channel', '=', options.channel)
          .where('status', 'in', CLAIMABLE)
          .where('next_attempt_at', '<=', options.now)
          .orderBy('next_attempt_at')
          .orderBy('id')
          .limit(options.limit);
        if (options.inAccountOrder)
          due = due.where((eb) => eb.not(eb.exists(olderUnfinished(eb, options.channel))));
        if (capabilities.skipLocked) due = due.forUpdate().skipLocked();
        const ids = (await due.execute()).map((r) => r.id);
        if (ids.length === 0) return [];
        const rows = await trx
          .updateTable('outbox')
          .set((eb) => ({
            status: 'sending',
            attempts: eb('attempts', '+', 1),
            next_attempt_at: options.leaseUntil,
            message_id: MESSAGE_ID,
          }))
          .where('id', 'in', ids)
          .returning(['id', 'channel', 'payload_json', 'attempts', 'account_id', 'message_id'])
          .execute();
        return rows
          .map((r) => ({ ...r, message_id: r.message_id ?? '' }))
          .sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
      });
    },

    /** The rows a claim at `now` would take, in its order, without taking them (`drain --plan`). */
    async peekDue(
      options: Omit<ClaimOptions, 'leaseUntil'>,
    ): Promise<Pick<OutboxRow, 'id' | 'account_id' | 'payload_json'>[]> {
      let due = db
        .selectFrom('outbox')
        .select(['id', 'account_id', 'payload_json'])
        .where('channel', '=', options.channel)
        .where('status', 'in', CLAIMABLE)
        .where('next_attempt_at', '<=', options.now)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(options.limit);
      if (options.inAccountOrder)
        due = due.where((eb) => eb.not(eb.exists(olderUnfinished(eb, options.channel))));
      return due.execute();
    },

    /** Records a delivery; false when this claim no longer holds the row (its lease ran out). */
    async markSent(claim: ClaimedRow, sentAt: string, note: string | null = null): Promise<boolean> {
      return settle(claim, { status: 'sent', sent_at: sentAt, last_error: note });
    },

    /** Puts the row back in the queue, due at `nextAttemptAt`. */
    async markRetry(claim: ClaimedRow, nextAttemptAt: string, error: string): Promise<boolean> {
      return settle(claim, { status: 'pending', next_attempt_at: nextAttemptAt, last_error: error });
    },

    /** Gives up on the row: a permanent refusal, an unreadable payload, or too many attempts. */
    async markFailed(claim: ClaimedRow, error: string): Promise<boolean> {
      return settle(claim, { status: 'failed', last_error: error });
    },

    /** Rows of a channel by status and template (read from the payload). */
    async countByTemplate(channel: string): Promise<OutboxCount[]> {
      const rows = await db
        .selectFrom('outbox')
        .select(['status', TEMPLATE.as('template'), (eb) => eb.fn.countAll<number>().as('count')])
        .where('channel', '=', channel)
        .groupBy(['status', TEMPLATE])
        .execute();
      return rows.map((r) => ({ status: r.status, template: r.template, count: Number(r.count) }));
    },

    /** How many rows a claim at `now` could take, by template: what a drain would send. */
    async countDue(channel: string, now: string): Promise<OutboxCount[]> {
      const rows = await db
        .selectFrom('outbox')
        .select(['status', TEMPLATE.as('template'), (eb) => eb.fn.countAll<number>().as('count')])
        .where('channel', '=', channel)
        .where('status', 'in', CLAIMABLE)
        .where('next_attempt_at', '<=', now)
        .groupBy(['status', TEMPLATE])
        .execute();
      return rows.map((r) => ({ status: r.status, template: r.template, count: Number(r.count) }));
    },

    /** created_at of the oldest pending row of a channel. */
    async oldestPending(channel: string): Promise<string | null> {
      const row = await db
        .selectFrom('outbox')
        .select((eb) => eb.fn.min('created_at').as('oldest'))
        .where('channel', '=', channel)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return row?.oldest ?? null;
    },

    async get(id: number): Promise<OutboxRow | undefined> {
      return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
    },
  };

  async function settle(claim: ClaimedRow, patch: Partial<Omit<OutboxTable, 'id'>>): Promise<boolean> {
    const result = await db
      .updateTable('outbox')
      .set(patch)
      .where('id', '=', claim.id)
      .where('status', '=', 'sending')
      .where('attempts', '=', claim.attempts)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

/** An unfinished row of the same channel and account as the candidate `outbox` row, and older. */
function olderUnfinished(eb: ExpressionBuilder<Database, 'outbox'>, channel: string) {
  return eb
    .selectFrom('outbox as older')
    .select('older.id')
    .whereRef('older.account_id', '=', 'outbox.account_id')
    .where('older.channel', '=', channel)
    .whereRef('older.id', '<', 'outbox.id')
    .where('older.status', 'in', CLAIMABLE);
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
