// The object `sync --json` prints (DESIGN 3.2), kept with the run for `runs show`.
import { EVENT_TYPES, type EventType } from '../domain/accounts.js';

export const RUN_STATUSES = ['applied', 'unchanged', 'planned', 'held', 'partly_held', 'refused'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface HeldScope {
  scope: string;
  reason: string;
  count: number;
}

export interface SyncReport {
  run_id: number | null;
  status: RunStatus;
  snapshot: { id: string; taken_at: string } | null;
  counts: Record<EventType, number>;
  held: HeldScope[];
  rejected_rows: number;
  /** Codes not in the policy tables: counted, never deactivating (DESIGN fine print 2). */
  unknown_codes?: { bentuk_pendidikan: number; jenis_ptk: number };
  message?: string;
}

export function emptyCounts(): Record<EventType, number> {
  return Object.fromEntries(EVENT_TYPES.map((t) => [t, 0])) as Record<EventType, number>;
}

/** Exit codes of DESIGN 3.2. */
export function exitCodeOf(status: RunStatus): number {
  if (status === 'held' || status === 'partly_held') return 3;
  if (status === 'refused') return 2;
  return 0;
}
