// Runs as the console and the API show them: events counted inside the caller's scope, only the held
// scopes the caller covers, and decisions through the approval flow (sync/approval-service.ts) after a
// scope check — so a caller can neither see nor decide another area's hold, and the audit log records
// who decided.
import { EVENT_TYPES, type EventType } from '../../domain/accounts.js';
import { coversHeldScope, type OperatorScope } from '../../domain/operator-scope.js';
import { AppError } from '../../errors.js';
import { createHoldRepository } from '../../store/hold-repository.js';
import { createRunRepository, type RunRow } from '../../store/run-repository.js';
import { createRunViewRepository, type RunViewRepository } from '../../store/run-view-repository.js';
import { decide } from '../../sync/approval-service.js';
import { type EventView, eventView } from '../../sync/event-view.js';
import { type HoldView, holdView } from '../../sync/hold-view.js';
import type { SyncReport } from '../../sync/report.js';
import type { Caller, WebDeps } from '../web-types.js';

/** The states an event row can be in, in the order pages show them. */
export const EVENT_STATES = ['applied', 'held', 'rejected', 'superseded'] as const;

export interface RunFacts {
  id: number;
  kind: string;
  status: string;
  snapshot_id: string | null;
  taken_at: string | null;
  started_at: string;
  finished_at: string | null;
  message: string | null;
}

export interface RunListItem extends RunFacts {
  /** The run's events inside the caller's scope, by state. */
  events: Record<string, number>;
}

export interface RunPage {
  runs: RunListItem[];
  total: number;
}

/** state → count, per event type or per reason ('' for events without one). */
export type StateCounts = Record<string, Record<string, number>>;

export interface RunDetail {
  run: RunFacts;
  rejected_rows: number;
  by_type: StateCounts;
  by_reason: StateCounts;
  holds: HoldView[];
  /** Held scopes of this run outside the caller's area: counted, never shown. */
  hidden_holds: number;
  school_names: Record<string, string>;
}

export type DecisionOutcome =
  | { kind: 'decided'; report: SyncReport }
  | { kind: 'refused'; message: string; hold: HoldView | null };

export interface DecisionInput {
  decision: 'approve' | 'reject';
  scope: string;
  reason?: string;
}

function factsOf(run: RunRow): RunFacts {
  const { id, kind, status, snapshot_id, taken_at, started_at, finished_at, message } = run;
  return { id, kind, status, snapshot_id, taken_at, started_at, finished_at, message };
}

function schoolOf(heldScope: string): string | null {
  return heldScope.startsWith('sekolah:') ? heldScope.slice('sekolah:'.length) : null;
}

/** Which of these held scopes `scope` covers, judged with the schools' kode_wilayah. */
export async function coveredScopes(
  view: RunViewRepository,
  scope: OperatorScope,
  heldScopes: string[],
): Promise<Set<string>> {
  const npsns = heldScopes.flatMap((s) => schoolOf(s) ?? []);
  const kode = npsns.length > 0 && scope.role !== 'nasional' ? await view.kodeWilayahOf(npsns) : new Map();
  return new Set(heldScopes.filter((s) => coversHeldScope(scope, s, (npsn) => kode.get(npsn))));
}

export async function listRuns(
  deps: WebDeps,
  scope: OperatorScope,
  limit: number,
  offset: number,
): Promise<RunPage> {
  const view = createRunViewRepository(deps.store.db);
  const [rows, total] = await Promise.all([view.runsPage(limit, offset), view.countRuns()]);
  const states = await view.eventStates(
    rows.map((r) => r.id),
    scope,
  );
  const runs = rows.map((row) => {
    const events: Record<string, number> = Object.fromEntries(EVENT_STATES.map((s) => [s, 0]));
    for (const s of states) if (s.run_id === row.id) events[s.state] = (events[s.state] ?? 0) + s.n;
    return { ...factsOf(row), events };
  });
  return { runs, total };
}

async function runOrThrow(deps: WebDeps, runId: number): Promise<RunRow> {
  const run = await createRunRepository(deps.store.db, deps.store.bulk).get(runId);
  if (!run) throw new AppError('not_found', `run ${runId} does not exist`);
  return run;
}

export async function runDetail(deps: WebDeps, scope: OperatorScope, runId: number): Promise<RunDetail> {
  const run = await runOrThrow(deps, runId);
  const view = createRunViewRepository(deps.store.db);
  const holds = await createHoldRepository(deps.store.db, deps.store.bulk).ofRun(runId);
  const covered = await coveredScopes(
    view,
    scope,
    holds.map((h) => h.scope),
  );
  const visible = holds.filter((h) => covered.has(h.scope));
  const by_type: StateCounts = {};
  const by_reason: StateCounts = {};
  for (const c of await view.eventCounts(runId, scope)) {
    add(by_type, c.type, c.state, c.n);
    add(by_reason, c.reason ?? '', c.state, c.n);
  }
  const names = await view.schoolNames(visible.flatMap((h) => schoolOf(h.scope) ?? []));
  const report = run.report_json ? (JSON.parse(run.report_json) as Partial<SyncReport>) : null;
  return {
    run: factsOf(run),
    rejected_rows: report?.rejected_rows ?? 0,
    by_type,
    by_reason,
    holds: visible.map(holdView),
    hidden_holds: holds.length - visible.length,
    school_names: Object.fromEntries(names),
  };
}

function add(into: StateCounts, key: string, state: string, n: number): void {
  const row = into[key] ?? {};
  row[state] = (row[state] ?? 0) + n;
  into[key] = row;
}

/** Applied events by type, every type present: for a national caller, what the run's report counts. */
export function appliedCounts(detail: RunDetail): Record<EventType, number> {
  return Object.fromEntries(EVENT_TYPES.map((t) => [t, detail.by_type[t]?.applied ?? 0])) as Record<
    EventType,
    number
  >;
}

/**
 * Approves or rejects one held scope. The caller must cover it (checked here, before the approval
 * flow runs); a refusal of the flow (already decided, replaced by a newer run, accounts changed
 * since) comes back as `refused` with its message and the hold as it now stands.
 */
export async function decideHeld(
  deps: WebDeps,
  caller: Caller,
  runId: number,
  input: DecisionInput,
): Promise<DecisionOutcome> {
  await runOrThrow(deps, runId);
  const view = createRunViewRepository(deps.store.db);
  if (!(await coveredScopes(view, caller.scope, [input.scope])).has(input.scope)) {
    throw new AppError('forbidden', `your scope does not cover ${input.scope}`);
  }
  const holds = createHoldRepository(deps.store.db, deps.store.bulk);
  const all = await holds.ofRun(runId);
  if (!all.some((h) => h.scope === input.scope)) {
    const covered = await coveredScopes(
      view,
      caller.scope,
      all.map((h) => h.scope),
    );
    const listed = [...covered].join(', ') || 'none you cover';
    return {
      kind: 'refused',
      message: `run ${runId} holds no scope ${input.scope} (held: ${listed})`,
      hold: null,
    };
  }
  const report = await decideOrRefusal(deps, caller, runId, input);
  if (typeof report === 'string' || report.status === 'refused') {
    const hold = (await holds.ofRun(runId)).find((h) => h.scope === input.scope);
    const message = typeof report === 'string' ? report : (report.message ?? 'refused');
    return { kind: 'refused', message, hold: hold ? holdView(hold) : null };
  }
  const visible = await coveredScopes(
    view,
    caller.scope,
    report.held.map((h) => h.scope),
  );
  return { kind: 'decided', report: { ...report, held: report.held.filter((h) => visible.has(h.scope)) } };
}

/** The approval flow's report, or the message of a refusal it threw (hash or accounts changed). */
async function decideOrRefusal(
  deps: WebDeps,
  caller: Caller,
  runId: number,
  input: DecisionInput,
): Promise<SyncReport | string> {
  try {
    return await decide(deps.store, runId, {
      decision: input.decision,
      scope: input.scope,
      ...(input.reason ? { reason: input.reason } : {}),
      actor: caller.name,
      now: deps.now,
      batchSize: deps.config.batchSize,
      policy: deps.config.policy,
      lang: deps.config.lang,
      vault: deps.vault,
    });
  } catch (error) {
    if (error instanceof AppError && error.code === 'refused') return error.message;
    throw error;
  }
}

export interface EventPage {
  run_id: number;
  total: number;
  events: EventView[];
}

/** A run's events inside the caller's scope, in the `selaras events` shape, a page at a time. */
export async function runEvents(
  deps: WebDeps,
  scope: OperatorScope,
  runId: number,
  limit: number,
  offset: number,
): Promise<EventPage> {
  await runOrThrow(deps, runId);
  const view = createRunViewRepository(deps.store.db);
  const [rows, total] = await Promise.all([
    view.eventsPage(runId, scope, limit, offset),
    view.countEvents(runId, scope),
  ]);
  return { run_id: runId, total, events: rows.map(eventView) };
}

export type { HoldView };

export type PendingHoldView = HoldView & { run_id: number; taken_at: string | null; school: string | null };

/** Pending holds of any run that the caller may decide, newest run first (for the dashboard). */
export async function decidableHolds(deps: WebDeps, scope: OperatorScope): Promise<PendingHoldView[]> {
  const view = createRunViewRepository(deps.store.db);
  const pending = await view.pendingHolds();
  const covered = await coveredScopes(
    view,
    scope,
    pending.map((h) => h.scope),
  );
  const mine = pending.filter((h) => covered.has(h.scope));
  const names = await view.schoolNames(mine.flatMap((h) => schoolOf(h.scope) ?? []));
  return mine.map((h) => ({
    ...holdView(h),
    run_id: h.run_id,
    taken_at: h.taken_at,
    school: names.get(schoolOf(h.scope) ?? '') ?? null,
  }));
}
