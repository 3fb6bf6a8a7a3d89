// How appeals end without a decision: `tick` resumes the schedule of an appeal nobody answered within
// appealHoldDays (and flags it as expired), and after a sync run an appeal whose account is active again
// closes as `reactivated`, while one the school was "correcting" closes as `not_corrected` when the run
// covered the school and still takes the account away. Each appeal is its own transaction: one that
// fails leaves the others settled, and the next run tries it again.
import { appealable, holdEnded } from '../domain/appeals.js';
import type { PausingAppeal } from '../store/appeal-repository.js';
import { type AppealDeps, appealRepos, dayOf, type Ending, endAppeal } from './appeal-steps.js';

export interface Settled {
  expired: number;
  reactivated: number;
  notCorrected: number;
}

/** What `tick` does first: ends appeals whose account came back or whose hold is over on `today`. */
export async function expireAppeals(deps: AppealDeps, today: string, actor: string): Promise<Settled> {
  const settled: Settled = { expired: 0, reactivated: 0, notCorrected: 0 };
  for (const appeal of await appealRepos(deps.store).appeals.pausing()) {
    if (appeal.account.status === 'active') {
      if (await end(deps, appeal, { outcome: 'reactivated', today, actor, runId: null }))
        settled.reactivated++;
    } else if (appealable(appeal.account.status) && holdEnded(appeal.hold_until, today)) {
      if (await end(deps, appeal, { outcome: 'expired', today, actor, runId: null })) settled.expired++;
    }
  }
  return settled;
}

export interface SyncCoverage {
  runId: number;
  /** The run applied this school's data (in the extract's scope and not held). */
  covers: (npsn: string) => boolean;
  actor: string;
}

/** After a sync run has applied: the appeals it answered. */
export async function settleAppealsAfterSync(deps: AppealDeps, run: SyncCoverage): Promise<Settled> {
  const settled: Settled = { expired: 0, reactivated: 0, notCorrected: 0 };
  const today = dayOf(deps.now());
  for (const appeal of await appealRepos(deps.store).appeals.pausing()) {
    const base = { today, actor: run.actor, runId: run.runId };
    if (appeal.account.status === 'active') {
      if (await end(deps, appeal, { ...base, outcome: 'reactivated' })) settled.reactivated++;
    } else if (
      appeal.status === 'correcting' &&
      (appeal.waits_after_run ?? 0) < run.runId &&
      run.covers(appeal.account.npsn) &&
      appealable(appeal.account.status)
    ) {
      if (await end(deps, appeal, { ...base, outcome: 'not_corrected' })) settled.notCorrected++;
    }
  }
  return settled;
}

async function end(deps: AppealDeps, appeal: PausingAppeal, ending: Ending): Promise<boolean> {
  const { account, ...row } = appeal;
  return deps.store.db.transaction().execute((trx) => endAppeal(trx, deps, row, account, ending));
}
