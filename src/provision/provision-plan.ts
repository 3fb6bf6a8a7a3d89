// `selaras provision drain --plan`: the rows a drain would take now, in its order, and the writes the
// target would receive for each — found by reading the target (lookups only), never by writing to it.
import { createOutboxRepository } from '../store/outbox-repository.js';
import { createProvisionRepository } from '../store/provision-repository.js';
import type { Store } from '../store/store.js';
import type { PlannedCall, ProvisionConnector } from './provision-connector.js';
import { PROVISION_CHANNEL, type ProvisionChange, parseProvisionPayload } from './provision-payload.js';

export interface PlannedRow {
  id: number;
  account_id: number | null;
  user_name: string | null;
  changes: ProvisionChange[];
  /** Null without a target; an error text when the target could not be read. */
  calls: PlannedCall[] | null;
  error?: string;
}

export interface ProvisionPlan {
  target: string | null;
  /** Rows due now (all of them; `rows` lists the first `limit` a claim would take). */
  due: number;
  rows: PlannedRow[];
}

export async function provisionPlan(
  store: Store,
  connector: ProvisionConnector | null,
  options: { now: Date; limit: number },
): Promise<ProvisionPlan> {
  const outbox = createOutboxRepository(store.db, store.capabilities);
  const now = options.now.toISOString();
  const due = (await outbox.countDue(PROVISION_CHANNEL, now)).reduce((n, c) => n + c.count, 0);
  const peeked = await outbox.peekDue({
    channel: PROVISION_CHANNEL,
    now,
    limit: options.limit,
    inAccountOrder: true,
  });
  const known = await createProvisionRepository(store.db).remoteIds(
    peeked.flatMap((r) => (r.account_id === null ? [] : [Number(r.account_id)])),
  );
  const rows: PlannedRow[] = [];
  for (const row of peeked) {
    const accountId = row.account_id === null ? null : Number(row.account_id);
    const parsed = parseProvisionPayload(row.payload_json);
    const base = { id: Number(row.id), account_id: accountId };
    if (!parsed.ok) {
      rows.push({
        ...base,
        user_name: null,
        changes: [],
        calls: null,
        error: `invalid payload: ${parsed.problem}`,
      });
      continue;
    }
    const planned: PlannedRow = {
      ...base,
      user_name: parsed.payload.userName,
      changes: parsed.payload.changes,
      calls: null,
    };
    if (connector) {
      const remoteId = accountId === null ? undefined : known.get(accountId);
      try {
        planned.calls = await connector.plan(parsed.payload, remoteId === undefined ? null : { remoteId });
      } catch (error) {
        planned.error = error instanceof Error ? error.message : String(error);
      }
    }
    rows.push(planned);
  }
  return { target: connector?.description ?? null, due, rows };
}
