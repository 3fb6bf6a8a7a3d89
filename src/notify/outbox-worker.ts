// The mail worker: claim loops that take due outbox rows, send them through the MailTransport port and
// record each outcome as soon as it is known. A worker that dies between sending and marking leaves its
// rows 'sending'; when their lease runs out another loop sends them again with the same Message-ID, so
// a message is sent at most twice and receivers can drop the copy. Loops never throw (STYLE 7): they
// count what happened, report typed events and, when watching, back off after errors.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type ClaimedRow,
  createOutboxRepository,
  type OutboxRepository,
} from '../store/outbox-repository.js';
import type { Store } from '../store/store.js';
import { type BackoffPolicy, DEFAULT_BACKOFF, retryDelayMs } from './backoff.js';
import { MAIL_CHANNEL, parseMailPayload } from './mail-payload.js';
import { MailSendError, type MailTransport } from './mail-transport.js';

export const DEFAULT_FROM = 'Selaras <noreply@belajar.id>';

/** What the worker reports; never a message body or an address list. */
export type OutboxEvent =
  | { type: 'sent'; id: number; messageId: string; attempt: number }
  | { type: 'retry'; id: number; attempt: number; nextAttemptAt: string; error: string }
  | { type: 'failed'; id: number; attempt: number; error: string }
  | { type: 'lease_lost'; id: number; attempt: number }
  | { type: 'error'; stage: 'claim' | 'mark'; id?: number; error: string };

export interface DrainOptions {
  /** Concurrent claim loops in this process; default 1. */
  workers?: number;
  /** Rows per claim; default 50. */
  batchSize?: number;
  now?: () => Date;
  /** Attempts before a temporarily failing message is given up; default 8. */
  maxAttempts?: number;
  /** Stop when nothing is due (default); false keeps polling until `signal` aborts. */
  once?: boolean;
  /** The From header; default `Selaras <noreply@belajar.id>`. */
  from?: string;
  /** How long a claim holds its rows before another worker may take them; default 5 minutes. */
  leaseMs?: number;
  backoff?: BackoffPolicy;
  /**
   * The transport's rate limit, if any. Claims are then kept small enough that every claimed row is sent
   * well within its lease: rows still queued behind the limiter when a lease ran out would go twice.
   */
  ratePerSecond?: number;
  /** Polling interval when nothing is due and `once` is false; default 1 s. */
  idleMs?: number;
  signal?: AbortSignal;
  onEvent?: (event: OutboxEvent) => void;
}

export interface DrainResult {
  sent: number;
  failed: number;
  retried: number;
  /** Sent, but another worker had taken the row over meanwhile: it will be sent once more. */
  leaseLost: number;
  /** Store errors while claiming or marking (the affected rows become due again after the lease). */
  errors: number;
}

interface Worker {
  repo: OutboxRepository;
  transport: MailTransport;
  now: () => Date;
  batchSize: number;
  maxAttempts: number;
  from: string;
  leaseMs: number;
  backoff: BackoffPolicy;
  idleMs: number;
  once: boolean;
  signal: AbortSignal | undefined;
  report: (event: OutboxEvent) => void;
  totals: DrainResult;
}

type Outcome =
  | { kind: 'sent' }
  | { kind: 'retry'; error: string; delayMs: number }
  | { kind: 'failed'; error: string };

export async function drainOutbox(
  store: Store,
  transport: MailTransport,
  options: DrainOptions = {},
): Promise<DrainResult> {
  const totals: DrainResult = { sent: 0, failed: 0, retried: 0, leaseLost: 0, errors: 0 };
  const onEvent = options.onEvent;
  const workers = Math.max(1, options.workers ?? 1);
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const worker: Worker = {
    repo: createOutboxRepository(store.db, store.capabilities),
    transport,
    now: options.now ?? (() => new Date()),
    batchSize: claimSize(options.batchSize ?? 50, workers, leaseMs, options.ratePerSecond),
    maxAttempts: options.maxAttempts ?? 8,
    from: options.from ?? DEFAULT_FROM,
    leaseMs,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
    idleMs: options.idleMs ?? 1000,
    once: options.once ?? true,
    signal: options.signal,
    report: (event) => {
      try {
        onEvent?.(event);
      } catch {
        // A failing listener must not stop delivery.
      }
    },
    totals,
  };
  const loops = Array.from({ length: workers }, () => claimLoop(worker));
  await Promise.all(loops);
  return totals;
}

/** All loops' claimed rows together take at most half a lease to pass the rate limiter. */
export function claimSize(
  batchSize: number,
  workers: number,
  leaseMs: number,
  ratePerSecond?: number,
): number {
  if (ratePerSecond === undefined) return batchSize;
  const fits = Math.floor((ratePerSecond * leaseMs) / 1000 / 2 / workers);
  return Math.max(1, Math.min(batchSize, fits));
}

async function claimLoop(w: Worker): Promise<void> {
  let errorStreak = 0;
  while (!w.signal?.aborted) {
    let batch: ClaimedRow[];
    try {
      const at = w.now();
      batch = await w.repo.claim({
        channel: MAIL_CHANNEL,
        now: at.toISOString(),
        leaseUntil: new Date(at.getTime() + w.leaseMs).toISOString(),
        limit: w.batchSize,
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
    await Promise.all(batch.map((row) => deliver(w, row)));
  }
}

async function deliver(w: Worker, row: ClaimedRow): Promise<void> {
  const outcome = await attempt(w, row);
  try {
    await record(w, row, outcome);
  } catch (error) {
    w.totals.errors++;
    w.report({ type: 'error', stage: 'mark', id: row.id, error: errorText(error) });
  }
}

async function attempt(w: Worker, row: ClaimedRow): Promise<Outcome> {
  const check = parseMailPayload(row.payload_json);
  if (!check.ok) return { kind: 'failed', error: `invalid payload: ${check.problem}` };
  const { to, subject, text, html } = check.payload;
  try {
    const result = await w.transport.send({
      messageId: row.message_id,
      from: w.from,
      to,
      subject,
      text,
      html,
    });
    return result.accepted ? { kind: 'sent' } : { kind: 'failed', error: result.response };
  } catch (error) {
    const failure = error instanceof MailSendError ? error : new MailSendError(errorText(error), false);
    if (failure.permanent || row.attempts >= w.maxAttempts)
      return { kind: 'failed', error: failure.response };
    return { kind: 'retry', error: failure.response, delayMs: retryDelayMs(row.id, row.attempts, w.backoff) };
  }
}

async function record(w: Worker, row: ClaimedRow, outcome: Outcome): Promise<void> {
  const at = w.now();
  const base = { id: row.id, attempt: row.attempts };
  if (outcome.kind === 'sent') {
    if (!(await w.repo.markSent(row, at.toISOString()))) return leaseLost(w, row);
    w.totals.sent++;
    w.report({ type: 'sent', ...base, messageId: row.message_id });
  } else if (outcome.kind === 'failed') {
    if (!(await w.repo.markFailed(row, outcome.error))) return leaseLost(w, row);
    w.totals.failed++;
    w.report({ type: 'failed', ...base, error: outcome.error });
  } else {
    const nextAttemptAt = new Date(at.getTime() + outcome.delayMs).toISOString();
    if (!(await w.repo.markRetry(row, nextAttemptAt, outcome.error))) return leaseLost(w, row);
    w.totals.retried++;
    w.report({ type: 'retry', ...base, nextAttemptAt, error: outcome.error });
  }
}

function leaseLost(w: Worker, row: ClaimedRow): void {
  w.totals.leaseLost++;
  w.report({ type: 'lease_lost', id: row.id, attempt: row.attempts });
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
