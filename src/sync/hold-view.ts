// A held scope as `runs show`, the console and the API present it: the hold row with its summary
// (counts by event and reason, a sample of people) unpacked.
import type { HoldRow } from '../store/hold-repository.js';
import type { HoldSummary } from './holds.js';

export interface HoldView {
  scope: string;
  reason: string;
  count: number;
  status: string;
  plan_hash: string;
  by_event: Record<string, number>;
  by_reason: Record<string, number>;
  sample: HoldSummary['sample'];
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  superseded_by_run: number | null;
}

export function holdView(h: HoldRow): HoldView {
  const summary = JSON.parse(h.summary_json) as Partial<HoldSummary>;
  return {
    scope: h.scope,
    reason: h.reason,
    count: h.count,
    status: h.status,
    plan_hash: h.plan_hash,
    by_event: summary.by_event ?? {},
    by_reason: summary.by_reason ?? {},
    sample: summary.sample ?? [],
    decided_by: h.decided_by,
    decided_at: h.decided_at,
    decision_reason: h.decision_reason,
    superseded_by_run: h.superseded_by_run,
  };
}
