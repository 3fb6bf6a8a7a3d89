// What `selaras outbox status` shows: mail rows by status, by template, and how long the oldest pending
// one has waited.
import { createOutboxRepository, OUTBOX_STATUSES, type OutboxStatus } from '../store/outbox-repository.js';
import type { Store } from '../store/store.js';
import { MAIL_CHANNEL } from './mail-payload.js';

export type StatusCounts = Record<OutboxStatus, number>;

export interface OutboxStatusReport extends StatusCounts {
  by_template: Record<string, StatusCounts>;
  oldest_pending_at: string | null;
  oldest_pending_age_seconds: number | null;
}

/** Shown for rows whose payload names no template. */
export const UNKNOWN_TEMPLATE = '(none)';

export async function outboxStatus(store: Store, now: () => Date): Promise<OutboxStatusReport> {
  const repo = createOutboxRepository(store.db, store.capabilities);
  const [counts, oldest] = await Promise.all([
    repo.countByTemplate(MAIL_CHANNEL),
    repo.oldestPending(MAIL_CHANNEL),
  ]);
  const totals = zeroCounts();
  const byTemplate: Record<string, StatusCounts> = {};
  for (const { status, template, count } of counts) {
    if (!isStatus(status)) continue;
    totals[status] += count;
    const key = template ?? UNKNOWN_TEMPLATE;
    byTemplate[key] ??= zeroCounts();
    byTemplate[key][status] += count;
  }
  const sorted = Object.fromEntries(Object.entries(byTemplate).sort(([a], [b]) => a.localeCompare(b)));
  const age = oldest === null ? null : Math.max(0, Math.floor((now().getTime() - Date.parse(oldest)) / 1000));
  return { ...totals, by_template: sorted, oldest_pending_at: oldest, oldest_pending_age_seconds: age };
}

function zeroCounts(): StatusCounts {
  return { pending: 0, sending: 0, sent: 0, failed: 0 };
}

function isStatus(value: string): value is OutboxStatus {
  return (OUTBOX_STATUSES as readonly string[]).includes(value);
}

export interface DuePlan {
  /** Rows a drain would take now: pending ones that are due, and claims whose lease ran out. */
  due: number;
  by_template: Record<string, number>;
}

/** What `outbox drain --plan` prints: the rows a drain would send now, without touching them. */
export async function dueNow(store: Store, now: () => Date): Promise<DuePlan> {
  const repo = createOutboxRepository(store.db, store.capabilities);
  const rows = await repo.countDue(MAIL_CHANNEL, now().toISOString());
  const byTemplate: Record<string, number> = {};
  let due = 0;
  for (const { template, count } of rows) {
    const key = template ?? UNKNOWN_TEMPLATE;
    byTemplate[key] = (byTemplate[key] ?? 0) + count;
    due += count;
  }
  return {
    due,
    by_template: Object.fromEntries(Object.entries(byTemplate).sort(([a], [b]) => a.localeCompare(b))),
  };
}
