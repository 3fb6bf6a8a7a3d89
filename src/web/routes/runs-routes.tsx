// /runs, /runs/:id and the decisions on a run's held scopes. A decision posts the held scope; the
// service checks the caller covers it before the approval flow runs, then the browser is sent back
// to the run's page (303) with a notice, or shown the page again with why the decision was refused.
import type { Context, Hono } from 'hono';
import { AppError } from '../../errors.js';
import { decideHeld, listRuns, runDetail } from '../services/run-service.js';
import { frameOf } from '../views/render.js';
import { RunDetailPage, type RunPageNotice, RunsListPage } from '../views/runs-pages.js';
import type { AppEnv } from '../web-types.js';

export const RUNS_PAGE_SIZE = 50;
/** Ids are integers in the store; anything larger cannot name a run (and PostgreSQL would refuse it). */
const MAX_ID = 2_147_483_647;
const MAX_REASON = 500;

/** `?page=N`, counted from 1; anything else is page 1. */
export function pageOf(value: string | undefined): number {
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

export function runIdOf(value: string): number {
  const id = /^[0-9]{1,10}$/.test(value) ? Number(value) : 0;
  if (id < 1 || id > MAX_ID) throw new AppError('not_found', `run ${value} does not exist`);
  return id;
}

export function registerRuns(app: Hono<AppEnv>): void {
  app.get('/runs', async (c) => {
    const page = pageOf(c.req.query('page'));
    const list = await listRuns(c.var.deps, c.var.caller.scope, RUNS_PAGE_SIZE, (page - 1) * RUNS_PAGE_SIZE);
    const pages = Math.max(1, Math.ceil(list.total / RUNS_PAGE_SIZE));
    return c.html(<RunsListPage frame={frameOf(c)} runs={list.runs} page={page} pages={pages} />);
  });

  app.get('/runs/:id{[0-9]+}', async (c) => {
    const detail = await runDetail(c.var.deps, c.var.caller.scope, runIdOf(c.req.param('id')));
    const done = c.req.query('done');
    const scope = c.req.query('scope') ?? '';
    // Only a notice the page can stand behind: the named scope is visible and was decided that way.
    const notice: RunPageNotice | undefined =
      (done === 'approved' || done === 'rejected') &&
      detail.holds.some((h) => h.scope === scope && h.status === done)
        ? { done, scope }
        : undefined;
    return c.html(<RunDetailPage frame={frameOf(c)} detail={detail} notice={notice} />);
  });

  app.post('/runs/:id{[0-9]+}/approve', (c) => decision(c, 'approve'));
  app.post('/runs/:id{[0-9]+}/reject', (c) => decision(c, 'reject'));
}

async function decision(c: Context<AppEnv>, kind: 'approve' | 'reject') {
  const runId = runIdOf(c.req.param('id') ?? '');
  const body = await c.req.parseBody();
  const scope = typeof body.scope === 'string' ? body.scope.trim() : '';
  if (scope === '') throw new AppError('bad_input', 'choose the held scope to decide');
  const reason = typeof body.reason === 'string' ? body.reason.trim().slice(0, MAX_REASON) : '';
  const outcome = await decideHeld(c.var.deps, c.var.caller, runId, {
    decision: kind,
    scope,
    ...(reason ? { reason } : {}),
  });
  if (outcome.kind === 'decided') {
    const done = kind === 'approve' ? 'approved' : 'rejected';
    return c.redirect(`/runs/${runId}?done=${done}&scope=${encodeURIComponent(scope)}`, 303);
  }
  const detail = await runDetail(c.var.deps, c.var.caller.scope, runId);
  const refusal = { scope, message: outcome.message, hold: outcome.hold };
  return c.html(<RunDetailPage frame={frameOf(c)} detail={detail} refusal={refusal} />, 409);
}
