// What `selaras provision status` and the console show: the provisioning queue by status, accounts by
// their standing at the target, the oldest waiting change, and the accounts that need an operator.
import type { OperatorScope } from '../domain/operator-scope.js';
import { createProvisionRepository, type ProvisionStatusRow } from '../store/provision-repository.js';
import type { Store } from '../store/store.js';
import { type ProvisionChange, parseProvisionPayload } from './provision-payload.js';

export const NATIONAL: OperatorScope = { role: 'nasional', scope: '' };
export const PROBLEMS_SHOWN = 20;

export interface ProvisionProblemView {
  account_id: number;
  address: string | null;
  npsn: string | null;
  state: string;
  attempts: number;
  last_error: string | null;
  updated_at: string;
  next_attempt_at: string | null;
}

export interface ProvisionStatusReport {
  /** The configured target (no credential), or null: changes queue up until one is configured. */
  target: string | null;
  queue: { pending: number; sending: number; sent: number; failed: number };
  /** Accounts with a change not yet at the target. */
  waiting_accounts: number;
  oldest_pending_at: string | null;
  oldest_pending_age_seconds: number | null;
  accounts: { synced: number; retrying: number; failed: number };
  problems: ProvisionProblemView[];
}

export async function provisionStatus(
  store: Store,
  options: { scope?: OperatorScope; now: Date; target: string | null },
): Promise<ProvisionStatusReport> {
  const scope = options.scope ?? NATIONAL;
  const repo = createProvisionRepository(store.db);
  const [queue, states, problems] = await Promise.all([
    repo.queue(scope),
    repo.stateCounts(scope),
    repo.problems(scope, PROBLEMS_SHOWN),
  ]);
  const count = (map: Map<string, number>, key: string) => map.get(key) ?? 0;
  const oldest = queue.oldest;
  return {
    target: options.target,
    queue: {
      pending: count(queue.counts, 'pending'),
      sending: count(queue.counts, 'sending'),
      sent: count(queue.counts, 'sent'),
      failed: count(queue.counts, 'failed'),
    },
    waiting_accounts: queue.waiting,
    oldest_pending_at: oldest,
    oldest_pending_age_seconds:
      oldest === null ? null : Math.max(0, Math.floor((options.now.getTime() - Date.parse(oldest)) / 1000)),
    accounts: {
      synced: count(states, 'synced'),
      retrying: count(states, 'retrying'),
      failed: count(states, 'failed'),
    },
    problems: problems.map((p) => ({
      account_id: p.account_id,
      address: p.primary_address,
      npsn: p.npsn,
      state: p.state,
      attempts: p.attempts,
      last_error: p.last_error,
      updated_at: p.updated_at,
      next_attempt_at: p.next_attempt_at,
    })),
  };
}

export interface QueuedChange {
  id: number;
  run_id: number;
  status: string;
  attempts: number;
  created_at: string;
  sent_at: string | null;
  last_error: string | null;
  changes: ProvisionChange[];
}

export interface AccountProvisioning {
  status: ProvisionStatusRow | null;
  /** Changes of this account not yet at the target. */
  waiting: number;
  changes: QueuedChange[];
}

/** One account's standing at the target and its latest provisioning rows (what changed, not the state). */
export async function accountProvisioning(
  store: Store,
  accountId: number,
  limit = 20,
): Promise<AccountProvisioning> {
  const repo = createProvisionRepository(store.db);
  const [status, rows] = await Promise.all([
    repo.ofAccount(accountId),
    repo.queueOfAccount(accountId, limit),
  ]);
  const changes = rows.map(({ payload_json, ...row }) => {
    const parsed = parseProvisionPayload(payload_json);
    return { ...row, changes: parsed.ok ? parsed.payload.changes : [] };
  });
  return {
    status: status ?? null,
    waiting: changes.filter((c) => c.status === 'pending' || c.status === 'sending').length,
    changes,
  };
}
