// The provisioning worker: claim loops over the 'provision' outbox rows, each row handed to the
// configured connector and its outcome written with the account's status in one transaction.
//
// Order per account: a claim takes a row only when no older row of its account is unfinished
// (outbox-repository `inAccountOrder`), so with any number of loops and processes an account's changes
// reach the target one after the other, oldest first. A loop works through its claimed rows one at a
// time and claims only as many as fit in half a lease, so a row is never still waiting in a loop when
// its lease runs out; a worker that dies leaves its row to be claimed again when the lease ends, and
// replaying a row is harmless because it carries the desired state.
//
// Retries: capped exponential backoff (notify/backoff.ts) for temporary failures, up to maxAttempts;
// a Retry-After is honoured exactly, and a 429 holds back every loop of the process until it passes
// without counting against the row's attempts. Loops never throw (STYLE 7).
import { setTimeout as sleep } from 'node:timers/promises';
import { type BackoffPolicy, DEFAULT_BACKOFF, retryDelayMs } from '../notify/backoff.js';
import { claimSize } from '../notify/outbox-worker.js';
import {
  type ClaimedRow,
  createOutboxRepository,
  type OutboxRepository,
} from '../store/outbox-repository.js';
import {
  createProvisionRepository,
  type ProvisionRepository,
  type Settlement,
} from '../store/provision-repository.js';
import type { Store } from '../store/store.js';
import { type ApplyAction, type ProvisionConnector, ProvisionError } from './provision-connector.js';
import { PROVISION_CHANNEL, type ProvisionPayload, parseProvisionPayload } from './provision-payload.js';

/** What the worker reports: ids, outcomes and the target's error text, never a credential. */
export type ProvisionEvent =
  | { type: 'applied'; id: number; accountId: number | null; action: ApplyAction; attempt: number }
  | {
      type: 'retry';
      id: number;
      accountId: number | null;
      attempt: number;
      nextAttemptAt: string;
      error: string;
    }
  | { type: 'failed'; id: number; accountId: number | null; attempt: number; error: string }
  | { type: 'throttled'; id: number; until: string }
  | { type: 'lease_lost'; id: number; attempt: number }
  | { type: 'error'; stage: 'claim' | 'mark'; id?: number; error: string };

export interface ProvisionDrainOptions {
  /** Concurrent claim loops in this process, each sending one request at a time; default 1. */
  workers?: number;
  /** Rows per claim, before the lease bound; default 10. */
  batchSize?: number;
  now?: () => Date;
  /** Attempts before a row that keeps failing temporarily is marked failed; default 10. */
  maxAttempts?: number;
  /** How long a claim holds its rows; default 10 minutes. */
  leaseMs?: number;
  /** The longest one row can take at the target (every request of it timing out); default 80 s. */
  rowBudgetMs?: number;
  backoff?: BackoffPolicy;
  /** Requests per second the target allows, if it says; claims shrink so rows fit their lease. */
  ratePerSecond?: number;
  /** A Retry-After longer than this puts claimed rows back instead of waiting with them; default 60 s. */
  maxPauseMs?: number;
  /** Polling interval when nothing is due and `once` is false; default 2 s. */
  idleMs?: number;
  /** Stop when nothing is due (default); false keeps polling until `signal` aborts. */
  once?: boolean;
  signal?: AbortSignal;
  onEvent?: (event: ProvisionEvent) => void;
}

export interface ProvisionDrainResult {
  applied: number;
  retried: number;
  failed: number;
  leaseLost: number;
  errors: number;
}

interface Worker {
  outbox: OutboxRepository;
  status: ProvisionRepository;
  connector: ProvisionConnector;
  now: () => Date;
  batchSize: number;
  maxAttempts: number;
  leaseMs: number;
  backoff: BackoffPolicy;
  maxPauseMs: number;
  idleMs: number;
  once: boolean;
  signal: AbortSignal | undefined;
  /** Until when (ms) every loop of this process holds back: the target's last Retry-After. */
  gate: { until: number };
  report: (event: ProvisionEvent) => void;
  totals: ProvisionDrainResult;
}

export async function drainProvisioning(
  store: Store,
  connector: ProvisionConnector,
  options: ProvisionDrainOptions = {},
): Promise<ProvisionDrainResult> {
  const totals: ProvisionDrainResult = { applied: 0, retried: 0, failed: 0, leaseLost: 0, errors: 0 };
  const workers = Math.max(1, options.workers ?? 1);
  const leaseMs = options.leaseMs ?? 10 * 60_000;
  const fits = Math.max(1, Math.floor(leaseMs / 2 / (options.rowBudgetMs ?? 80_000)));
  const onEvent = options.onEvent;
  const worker: Worker = {
    outbox: createOutboxRepository(store.db, store.capabilities),
    status: createProvisionRepository(store.db),
    connector,
    now: options.now ?? (() => new Date()),
    batchSize: claimSize(Math.min(options.batchSize ?? 10, fits), workers, leaseMs, options.ratePerSecond),
    maxAttempts: options.maxAttempts ?? 10,
    leaseMs,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
    maxPauseMs: options.maxPauseMs ?? 60_000,
    idleMs: options.idleMs ?? 2000,
    once: options.once ?? true,
    signal: options.signal,
    gate: { until: 0 },
    report: (event) => {
      try {
        onEvent?.(event);
      } catch {
        // A failing listener must not stop provisioning.
      }
    },
    totals,
  };
  await Promise.all(Array.from({ length: workers }, () => claimLoop(worker)));
  return totals;
}

async function claimLoop(w: Worker): Promise<void> {
  let errorStreak = 0;
  while (!w.signal?.aborted) {
    if (!(await gateOpen(w))) {
      if (w.once) return; // a drain stops; the rows are due when the target allows
      continue;
    }
    let batch: ClaimedRow[];
    try {
      const at = w.now();
      batch = await w.outbox.claim({
        channel: PROVISION_CHANNEL,
        now: at.toISOString(),
        leaseUntil: new Date(at.getTime() + w.leaseMs).toISOString(),
        limit: w.batchSize,
        inAccountOrder: true,
      });
      errorStreak = 0;
    } catch (error) {
      w.totals.errors++;
      w.report({ type: 'error', stage: 'claim', error: errorText(error) });
      if (w.once) return;
      errorStreak++;
      await pause(Math.min(60_000, 1000 * 2 ** Math.min(errorStreak, 6)), w.signal);
      continue;
    }
    if (batch.length === 0) {
      if (w.once) return;
      await pause(w.idleMs, w.signal);
      continue;
    }
    let known: Map<number, string>;
    try {
      known = await w.status.remoteIds(batch.flatMap((r) => (r.account_id === null ? [] : [r.account_id])));
    } catch (error) {
      w.totals.errors++;
      w.report({ type: 'error', stage: 'claim', error: errorText(error) });
      continue; // the rows come back when their lease ends
    }
    for (const row of batch) await handle(w, row, known);
  }
}

/** No claim while the target asks to wait: sits out up to maxPauseMs; false while it still asks. */
async function gateOpen(w: Worker): Promise<boolean> {
  const wait = w.gate.until - w.now().getTime();
  if (wait <= 0) return true;
  if (w.once && wait > w.maxPauseMs) return false;
  await pause(Math.min(wait + TIMER_SLACK_MS, w.maxPauseMs), w.signal);
  return wait <= w.maxPauseMs;
}

/** Timers may fire a millisecond before the clock says they are due: wait a little past the gate. */
const TIMER_SLACK_MS = 5;

/** With rows in hand, sits out a short Retry-After; a long one puts the rows back (see handle). */
async function holdBack(w: Worker): Promise<void> {
  const wait = w.gate.until - w.now().getTime();
  if (wait > 0 && wait <= w.maxPauseMs) await pause(wait + TIMER_SLACK_MS, w.signal);
}

async function handle(w: Worker, row: ClaimedRow, known: Map<number, string>): Promise<void> {
  await holdBack(w);
  const check = parseProvisionPayload(row.payload_json);
  const who = check.ok
    ? { userName: check.payload.userName, accountStatus: check.payload.status }
    : { userName: '', accountStatus: '' };
  let settlement: Settlement;
  const waitLeft = w.gate.until - w.now().getTime();
  if (!check.ok) {
    settlement = { kind: 'failed', at: iso(w), error: `invalid payload: ${check.problem}`, ...who };
  } else if (waitLeft > 0 || w.signal?.aborted) {
    // Still throttled (or stopping): give the row back untouched, due when the target allows.
    const nextAttemptAt = new Date(w.now().getTime() + Math.max(waitLeft, 0)).toISOString();
    const error = w.signal?.aborted
      ? 'put back: the worker is stopping'
      : 'put back: the target asked to wait';
    settlement = { kind: 'retry', at: iso(w), nextAttemptAt, error, countAttempt: false, ...who };
  } else {
    const remoteId = row.account_id === null ? undefined : known.get(row.account_id);
    settlement = await attempt(w, row, check.payload, remoteId);
  }
  await record(w, row, settlement);
}

async function attempt(
  w: Worker,
  row: ClaimedRow,
  payload: ProvisionPayload,
  remoteId?: string,
): Promise<Settlement> {
  const who = { userName: payload.userName, accountStatus: payload.status };
  try {
    const result = await w.connector.apply(payload, remoteId === undefined ? null : { remoteId });
    w.report({
      type: 'applied',
      id: row.id,
      accountId: row.account_id,
      action: result.action,
      attempt: row.attempts,
    });
    return { kind: 'applied', at: iso(w), remoteId: result.remoteId, ...who };
  } catch (error) {
    const failure =
      error instanceof ProvisionError ? error : new ProvisionError(errorText(error), { permanent: false });
    const at = w.now().getTime();
    if (failure.retryAfterMs !== undefined || failure.rateLimited) {
      const wait = failure.retryAfterMs ?? retryDelayMs(row.id, row.attempts, w.backoff);
      w.gate.until = Math.max(w.gate.until, at + wait);
      w.report({ type: 'throttled', id: row.id, until: new Date(w.gate.until).toISOString() });
    }
    if (failure.permanent) return { kind: 'failed', at: iso(w), error: failure.message, ...who };
    if (!failure.rateLimited && row.attempts >= w.maxAttempts)
      return {
        kind: 'failed',
        at: iso(w),
        error: `gave up after ${row.attempts} attempts: ${failure.message}`,
        ...who,
      };
    const delay = failure.retryAfterMs ?? retryDelayMs(row.id, row.attempts, w.backoff);
    return {
      kind: 'retry',
      at: iso(w),
      nextAttemptAt: new Date(at + delay).toISOString(),
      error: failure.message,
      countAttempt: !failure.rateLimited,
      ...who,
    };
  }
}

async function record(w: Worker, row: ClaimedRow, s: Settlement): Promise<void> {
  let held: boolean;
  try {
    held = await w.status.settle(row, w.connector.target, s);
  } catch (error) {
    w.totals.errors++;
    w.report({ type: 'error', stage: 'mark', id: row.id, error: errorText(error) });
    return;
  }
  if (!held) {
    w.totals.leaseLost++;
    w.report({ type: 'lease_lost', id: row.id, attempt: row.attempts });
    return;
  }
  if (s.kind === 'applied') w.totals.applied++;
  else if (s.kind === 'failed') {
    w.totals.failed++;
    w.report({
      type: 'failed',
      id: row.id,
      accountId: row.account_id,
      attempt: row.attempts,
      error: s.error,
    });
  } else {
    w.totals.retried++;
    const event = { id: row.id, accountId: row.account_id, attempt: row.attempts };
    w.report({ type: 'retry', ...event, nextAttemptAt: s.nextAttemptAt, error: s.error });
  }
}

function iso(w: Worker): string {
  return w.now().toISOString();
}

async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, undefined, signal ? { signal } : {});
  } catch {
    // Aborted: the loop condition sees it.
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
