// The console's view of the outbox: counts, the oldest waiting row and the latest failures, each
// limited to the caller's scope. A row belongs to a scope through its account's school; rows about no
// account (school digests) are seen nationally only.
import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { OperatorScope } from '../domain/operator-scope.js';
import type { Database } from './schema.js';
import { npsnInScope } from './scope-filter.js';

export interface ChannelStatusCount {
  channel: string;
  status: string;
  count: number;
}

export interface OldestPending {
  channel: string;
  oldest: string;
}

export interface OutboxFailureRow {
  id: number;
  channel: string;
  status: string;
  attempts: number;
  last_error: string | null;
  created_at: string;
  next_attempt_at: string;
  /** Read from the payload in SQL, so message bodies and recipients never leave the database. */
  subject: string | null;
}

/** `json(payload_json) ->> 'subject'` reads on both engines (see outbox-repository.ts). */
const SUBJECT = sql<string | null>`json(outbox.payload_json) ->> 'subject'`;

function outboxInScope(scope: OperatorScope): RawBuilder<SqlBool> {
  if (scope.role === 'nasional') return sql<SqlBool>`1 = 1`;
  return sql<SqlBool>`outbox.account_id in (select accounts.id from accounts where ${npsnInScope('accounts.npsn', scope)})`;
}

export function createMailViewRepository(db: Kysely<Database>) {
  return {
    async countsByChannel(scope: OperatorScope): Promise<ChannelStatusCount[]> {
      const rows = await db
        .selectFrom('outbox')
        .select(['outbox.channel', 'outbox.status', (eb) => eb.fn.countAll<number>().as('count')])
        .where(outboxInScope(scope))
        .groupBy(['outbox.channel', 'outbox.status'])
        .execute();
      return rows.map((r) => ({ channel: r.channel, status: r.status, count: Number(r.count) }));
    },

    async oldestPending(scope: OperatorScope): Promise<OldestPending[]> {
      const rows = await db
        .selectFrom('outbox')
        .select(['outbox.channel', (eb) => eb.fn.min('outbox.created_at').as('oldest')])
        .where('outbox.status', '=', 'pending')
        .where(outboxInScope(scope))
        .groupBy('outbox.channel')
        .execute();
      return rows.flatMap((r) => (r.oldest ? [{ channel: r.channel, oldest: String(r.oldest) }] : []));
    },

    /** Given-up rows and rows waiting to be retried after an error, newest first. */
    async recentFailures(scope: OperatorScope, limit: number): Promise<OutboxFailureRow[]> {
      const rows = await db
        .selectFrom('outbox')
        .select([
          'outbox.id',
          'outbox.channel',
          'outbox.status',
          'outbox.attempts',
          'outbox.last_error',
          'outbox.created_at',
          'outbox.next_attempt_at',
          SUBJECT.as('subject'),
        ])
        .where((eb) =>
          eb.or([
            eb('outbox.status', '=', 'failed'),
            eb.and([eb('outbox.status', '=', 'pending'), eb('outbox.last_error', 'is not', null)]),
          ]),
        )
        .where(outboxInScope(scope))
        .orderBy('outbox.id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts) }));
    },
  };
}

export type MailViewRepository = ReturnType<typeof createMailViewRepository>;
