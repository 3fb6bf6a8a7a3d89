// `selaras provision backfill`: queues the accounts that were made before provisioning existed (or
// before this store queued their changes), one create row each with the account as it is now and
// every address it gave up, so a target configured for an existing directory gets everyone. An
// account that already has a provisioning row is left alone; running it again queues nothing. Pages
// through the accounts by id, one transaction per page; `provinsi` phases a first load by province.
import { createOutboxRepository } from '../store/outbox-repository.js';
import { accountFromRow } from '../store/person-repository.js';
import { createProvisionRepository } from '../store/provision-repository.js';
import type { Store } from '../store/store.js';
import { PROVISION_CHANNEL } from './provision-payload.js';
import { provisionPayload } from './provision-planner.js';

export interface BackfillOptions {
  now: Date;
  /** Only accounts of schools whose kode_wilayah starts with this. */
  provinsi?: string;
  /** Count only; queue nothing. */
  plan: boolean;
  pageSize?: number;
}

export async function backfillProvisioning(
  store: Store,
  options: BackfillOptions,
): Promise<{ queued: number }> {
  const repo = createProvisionRepository(store.db);
  const outbox = createOutboxRepository(store.db, store.capabilities);
  const runId = await latestRunId(store);
  const at = options.now.toISOString();
  let after = 0;
  let queued = 0;
  for (;;) {
    const page = await repo.neverQueued(after, options.pageSize ?? 2000, options.provinsi);
    if (page.length === 0) return { queued };
    after = Number(page[page.length - 1]!.id);
    queued += page.length;
    if (options.plan) continue;
    const aliases = await repo.aliasesOf(page.map((a) => Number(a.id)));
    const rows = page.flatMap((row) => {
      const payload = provisionPayload(null, accountFromRow(row));
      if (!payload) return [];
      payload.aliases = aliases.get(Number(row.id)) ?? [];
      const json = JSON.stringify(payload);
      return [
        {
          run_id: runId,
          event_id: null,
          account_id: Number(row.id),
          channel: PROVISION_CHANNEL,
          payload_json: json,
          next_attempt_at: at,
          created_at: at,
        },
      ];
    });
    await store.db.transaction().execute((trx) => outbox.enqueue(trx, rows));
  }
}

/** The rows belong to the last run: the state they carry is the state after it. */
async function latestRunId(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('runs')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}
