// Outbox rows and a settable clock for the worker tests. Rows go in through the repository, as the sync
// writes them; the clock makes retries and leases due without waiting.
import type { MailPayload } from '../../src/notify/mail-payload.js';
import { createOutboxRepository, type OutboxRow } from '../../src/store/outbox-repository.js';
import type { Store } from '../../src/store/store.js';

/** When the test rows were written. */
export const T0 = Date.parse('2026-03-02T01:00:00.000Z');
export const MINUTE = 60_000;

export interface TestClock {
  now: () => Date;
  advance(ms: number): void;
  iso(): string;
}

export function testClock(start = T0 + 1000): TestClock {
  let at = start;
  return {
    now: () => new Date(at),
    advance: (ms) => {
      at += ms;
    },
    iso: () => new Date(at).toISOString(),
  };
}

export function payload(n: number, over: Partial<MailPayload> = {}): MailPayload {
  return {
    template: n % 2 === 0 ? 'ptk_deactivated.pensiun' : 'account_created',
    lang: n % 3 === 0 ? 'en' : 'id',
    to: [`guru${n}@guru.sd.belajar.id`],
    subject: `Perubahan akun belajar.id nomor ${n}`,
    text: `Yth. Guru ${n}, akun Anda berubah.`,
    html: `<p>Yth. Guru ${n}, akun Anda <strong>berubah</strong>.</p>`,
    ...over,
  };
}

/** Writes one pending mail row per payload, due at `at`; returns the rows' ids in order. */
export async function insertMail(store: Store, payloads: MailPayload[], at = T0): Promise<number[]> {
  const repo = createOutboxRepository(store.db, store.capabilities);
  const iso = new Date(at).toISOString();
  const before = await maxId(store);
  await repo.enqueue(
    store.db,
    payloads.map((p, i) => ({
      run_id: 1,
      event_id: i + 1,
      account_id: i + 1,
      channel: 'mail',
      payload_json: JSON.stringify(p),
      next_attempt_at: iso,
      created_at: iso,
    })),
  );
  const rows = await store.db
    .selectFrom('outbox')
    .select('id')
    .where('id', '>', before)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function outboxRows(store: Store): Promise<OutboxRow[]> {
  return store.db.selectFrom('outbox').selectAll().orderBy('id').execute();
}

async function maxId(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirst();
  return Number(row?.max ?? 0);
}
