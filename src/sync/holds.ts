// Holds in a run: the tallies the guards judge, which plans a held scope keeps back, what `runs show`
// summarises, and the pending holds a newer run replaces (DESIGN 2, "Safety").
import type { PersonPlan } from '../domain/classify.js';
import { type GuardLimits, type GuardTallies, type Hold, heldScopeOf, judge } from '../domain/guards.js';
import type { ExtractScope } from '../domain/records.js';
import type { HoldRow } from '../store/hold-repository.js';
import type { Executor } from '../store/person-repository.js';
import type { HeldScope } from './report.js';
import type { Repositories } from './repositories.js';

/** Leavers and seasonal leavers per school, gathered while planning. */
export class GuardTally {
  readonly leaversBySchool = new Map<string, number>();
  readonly seasonalBySchool = new Map<string, number>();

  add(plan: PersonPlan): void {
    for (const event of plan.events) {
      if (!event.leaver || !event.from) continue;
      const map = event.seasonal ? this.seasonalBySchool : this.leaversBySchool;
      map.set(event.from.npsn, (map.get(event.from.npsn) ?? 0) + 1);
    }
  }

  judge(rest: Omit<GuardTallies, 'leaversBySchool' | 'seasonalBySchool'>, limits: GuardLimits): Hold[] {
    return judge(
      { ...rest, leaversBySchool: this.leaversBySchool, seasonalBySchool: this.seasonalBySchool },
      limits,
    );
  }
}

export interface HoldSummary {
  count: number;
  by_event: Record<string, number>;
  by_reason: Record<string, number>;
  sample: { person_id: string; type: string; address: string }[];
}

const SAMPLE_SIZE = 10;

/** Which hold keeps a plan back, and a running summary of what each hold keeps. */
export class HoldRouter {
  readonly summaries: HoldSummary[];

  constructor(
    readonly holds: readonly Hold[],
    private readonly provinceOf: (npsn: string) => string,
  ) {
    this.summaries = holds.map(() => ({ count: 0, by_event: {}, by_reason: {}, sample: [] }));
  }

  /** The index of the hold that keeps this plan back, or null when it applies. */
  route(plan: PersonPlan): number | null {
    if (this.holds.length === 0) return null;
    let found: number | null = null;
    for (const npsn of plan.schools) {
      const hold = heldScopeOf(npsn, this.holds, this.provinceOf);
      const index = hold ? this.holds.indexOf(hold) : -1;
      if (index >= 0 && (found === null || index < found)) found = index;
    }
    if (found !== null) this.summarise(found, plan);
    return found;
  }

  private summarise(index: number, plan: PersonPlan): void {
    const s = this.summaries[index]!;
    for (const event of plan.events) {
      s.count++;
      s.by_event[event.type] = (s.by_event[event.type] ?? 0) + 1;
      const reason = event.reason ?? 'none';
      s.by_reason[reason] = (s.by_reason[reason] ?? 0) + 1;
      if (s.sample.length < SAMPLE_SIZE) {
        const to =
          event.toChange === null ? event.to?.address : plan.changes[event.toChange]?.account.primaryAddress;
        const address = event.from?.address ?? to ?? '';
        s.sample.push({ person_id: plan.personId, type: event.type, address });
      }
    }
  }

  heldList(): HeldScope[] {
    return this.holds.map((h, i) => ({ scope: h.scope, reason: h.reason, count: this.summaries[i]!.count }));
  }

  isHeld(npsn: string): boolean {
    return heldScopeOf(npsn, this.holds, this.provinceOf) !== null;
  }
}

/** Whether a run of this scope re-plans what a pending hold of an earlier run kept back. */
export function covers(
  scope: ExtractScope,
  hold: HoldRow,
  holdRunScope: ExtractScope | null,
  provinceOf: (npsn: string) => string,
): boolean {
  if (scope.kind === 'national') return true;
  const [kind, code = ''] = hold.scope.split(':');
  if (kind === 'run') return JSON.stringify(scope) === JSON.stringify(holdRunScope);
  if (scope.kind === 'provinsi') {
    const province = kind === 'provinsi' ? code : provinceOf(code);
    return scope.codes.some((c) => province.startsWith(c) || c.startsWith(province));
  }
  return kind === 'sekolah' && scope.npsn.includes(code);
}

/** Marks pending holds replaced: their events become superseded; approving them is refused. */
export async function supersede(
  trx: Executor,
  repos: Repositories,
  holds: HoldRow[],
  byRun: number,
  actor: string,
  at: string,
): Promise<void> {
  for (const hold of holds) {
    await repos.holds.update(trx, hold.id, { status: 'superseded', superseded_by_run: byRun });
    const plans = await repos.holds.plansOf(hold.id, trx);
    const eventIds = plans.flatMap((p) => (JSON.parse(p.plan_json) as { eventIds: number[] }).eventIds);
    await repos.holds.setEventStates(trx, eventIds, 'superseded');
    await repos.holds.audit(trx, {
      at,
      actor,
      action: 'supersede',
      run_id: hold.run_id,
      scope: hold.scope,
      details_json: JSON.stringify({ superseded_by_run: byRun, plan_hash: hold.plan_hash }),
    });
  }
}
