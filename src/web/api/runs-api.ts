// /api/v1/runs: list, show, approve, reject. What a token sees is cut to its scope: events are counted
// inside it, and only the held scopes it covers are listed or may be decided (403 otherwise).
import type { Context, Hono } from 'hono';
import { AppError } from '../../errors.js';
import { RUN_STATUSES } from '../../sync/report.js';
import { runIdOf } from '../routes/runs-routes.js';
import { appliedCounts, decideHeld, EVENT_STATES, listRuns, runDetail } from '../services/run-service.js';
import type { AppEnv } from '../web-types.js';
import { errorResponses, type JsonSchema, jsonResponse, type OpenApiPaths } from './openapi-types.js';

const MAX_REASON = 500;
const STATUSES = [...RUN_STATUSES, 'applying', 'planning'];

/** An integer query parameter within [min, max], or `fallback` when absent; anything else is bad input. */
export function intQuery(
  c: Context<AppEnv>,
  name: string,
  fallback: number | undefined,
  min: number,
  max: number,
): number {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') {
    if (fallback === undefined) throw new AppError('bad_input', `${name} is required`);
    return fallback;
  }
  const n = /^[0-9]{1,10}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(n >= min && n <= max))
    throw new AppError('bad_input', `${name} must be an integer from ${min} to ${max}`);
  return n;
}

const nullable = (schema: JsonSchema): JsonSchema => ({ ...schema, nullable: true });
const counts = (description: string): JsonSchema => ({
  type: 'object',
  description,
  additionalProperties: { type: 'integer', minimum: 0 },
});

const RUN_FIELDS: Record<string, JsonSchema> = {
  id: { type: 'integer' },
  kind: { type: 'string', enum: ['sync', 'tick'] },
  status: { type: 'string', enum: STATUSES },
  snapshot_id: nullable({ type: 'string' }),
  taken_at: nullable({ type: 'string', format: 'date' }),
  started_at: { type: 'string', format: 'date-time' },
  finished_at: nullable({ type: 'string', format: 'date-time' }),
  message: nullable({ type: 'string', description: 'Why the run was refused or failed' }),
};

const RUN_SUMMARY: JsonSchema = {
  type: 'object',
  required: [...Object.keys(RUN_FIELDS), 'events'],
  properties: {
    ...RUN_FIELDS,
    events: counts("The run's events that concern schools in the token's scope, by state"),
  },
};

const HOLD: JsonSchema = {
  type: 'object',
  required: ['scope', 'reason', 'count', 'status'],
  properties: {
    scope: {
      type: 'string',
      example: 'sekolah:51000001',
      description: '`run`, `provinsi:NN` or `sekolah:NPSN`',
    },
    reason: {
      type: 'string',
      enum: ['threshold', 'seasonal_threshold', 'completeness', 'rejected_share', 'source_error'],
    },
    count: { type: 'integer', description: 'Events held in this scope' },
    status: { type: 'string', enum: ['pending', 'approved', 'rejected', 'superseded'] },
    plan_hash: { type: 'string', description: 'sha256 of the pinned plan: approving applies exactly it' },
    by_event: counts('Held events by type'),
    by_reason: counts('Held events by reason'),
    sample: {
      type: 'array',
      items: {
        type: 'object',
        properties: { person_id: { type: 'string' }, type: { type: 'string' }, address: { type: 'string' } },
      },
    },
    decided_by: nullable({ type: 'string' }),
    decided_at: nullable({ type: 'string', format: 'date-time' }),
    decision_reason: nullable({ type: 'string' }),
    superseded_by_run: nullable({ type: 'integer' }),
  },
};

const RUN_DETAIL: JsonSchema = {
  type: 'object',
  required: [...Object.keys(RUN_FIELDS), 'counts', 'by_reason', 'events_by_state', 'rejected_rows', 'held'],
  properties: {
    ...RUN_FIELDS,
    counts: counts(
      "Applied events by type (every type, zeros included) inside the token's scope; for a nasional token the run report's counts",
    ),
    by_reason: counts("Applied events by reason inside the token's scope"),
    events_by_state: counts(
      "The run's events inside the token's scope by state (applied, held, rejected, superseded)",
    ),
    rejected_rows: { type: 'integer', description: 'Rows of the extract rejected by validation (whole run)' },
    held: { type: 'array', items: HOLD, description: 'The held scopes the token covers' },
  },
};

const REPORT: JsonSchema = {
  type: 'object',
  description: 'The same object as `selaras runs approve --json`',
  required: ['run_id', 'status', 'snapshot', 'counts', 'held', 'rejected_rows'],
  properties: {
    run_id: nullable({ type: 'integer' }),
    status: { type: 'string', enum: [...RUN_STATUSES] },
    snapshot: nullable({
      type: 'object',
      properties: { id: { type: 'string' }, taken_at: { type: 'string', format: 'date' } },
    }),
    counts: counts('Events this decision applied, by type'),
    held: {
      type: 'array',
      description: 'Scopes of the run still held that the token covers',
      items: {
        type: 'object',
        properties: { scope: { type: 'string' }, reason: { type: 'string' }, count: { type: 'integer' } },
      },
    },
    rejected_rows: { type: 'integer' },
  },
};

const RUN_ID = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };

function decisionPath(decision: 'approve' | 'reject') {
  const approve = decision === 'approve';
  return {
    post: {
      summary: approve
        ? 'Approve a held scope: apply exactly its pinned plan'
        : 'Reject a held scope: its accounts stay as they were',
      operationId: approve ? 'approveRun' : 'rejectRun',
      tags: ['runs'],
      parameters: [RUN_ID],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['scope'],
              additionalProperties: false,
              properties: {
                scope: {
                  type: 'string',
                  example: 'sekolah:51000001',
                  description: 'The held scope to decide',
                },
                reason: { type: 'string', maxLength: MAX_REASON, description: 'Kept in the audit log' },
              },
            },
          },
        },
      },
      responses: {
        '200': jsonResponse('Decided; the audit log records the token as the one who decided', REPORT),
        ...errorResponses(400, 401, 403, 404, 409, 429),
      },
    },
  };
}

export const runsApiPaths: OpenApiPaths = {
  '/runs': {
    get: {
      summary: 'List runs, newest first',
      operationId: 'listRuns',
      tags: ['runs'],
      parameters: [
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
        { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
      ],
      responses: {
        '200': jsonResponse('A page of runs', {
          type: 'object',
          required: ['runs', 'total', 'limit', 'offset'],
          properties: {
            runs: { type: 'array', items: RUN_SUMMARY },
            total: { type: 'integer' },
            limit: { type: 'integer' },
            offset: { type: 'integer' },
          },
        }),
        ...errorResponses(400, 401, 429),
      },
    },
  },
  '/runs/{id}': {
    get: {
      summary: 'A run with its counts and the held scopes the token covers',
      operationId: 'getRun',
      tags: ['runs'],
      parameters: [RUN_ID],
      responses: { '200': jsonResponse('The run', RUN_DETAIL), ...errorResponses(401, 404, 429) },
    },
  },
  '/runs/{id}/approve': decisionPath('approve'),
  '/runs/{id}/reject': decisionPath('reject'),
};

export function registerRunsApi(api: Hono<AppEnv>): void {
  api.get('/runs', async (c) => {
    const limit = intQuery(c, 'limit', 50, 1, 500);
    const offset = intQuery(c, 'offset', 0, 0, 1_000_000_000);
    const { runs, total } = await listRuns(c.var.deps, c.var.caller.scope, limit, offset);
    return c.json({ runs, total, limit, offset });
  });

  api.get('/runs/:id', async (c) => {
    const detail = await runDetail(c.var.deps, c.var.caller.scope, runIdOf(c.req.param('id')));
    const applied: Record<string, number> = {};
    const byState: Record<string, number> = Object.fromEntries(EVENT_STATES.map((s) => [s, 0]));
    for (const [reason, states] of Object.entries(detail.by_reason)) {
      for (const [state, n] of Object.entries(states)) byState[state] = (byState[state] ?? 0) + n;
      if (reason !== '' && states.applied) applied[reason] = states.applied;
    }
    return c.json({
      ...detail.run,
      counts: appliedCounts(detail),
      by_reason: applied,
      events_by_state: byState,
      rejected_rows: detail.rejected_rows,
      held: detail.holds,
    });
  });

  api.post('/runs/:id/approve', (c) => decision(c, 'approve'));
  api.post('/runs/:id/reject', (c) => decision(c, 'reject'));
}

async function decision(c: Context<AppEnv>, kind: 'approve' | 'reject') {
  const runId = runIdOf(c.req.param('id') ?? '');
  const body = await jsonBody(c);
  const { scope, reason } = body;
  if (typeof scope !== 'string' || scope.trim() === '') throw new AppError('bad_input', 'scope is required');
  if (reason !== undefined && (typeof reason !== 'string' || reason.length > MAX_REASON)) {
    throw new AppError('bad_input', `reason must be text of at most ${MAX_REASON} characters`);
  }
  const text = typeof reason === 'string' ? reason.trim() : '';
  const outcome = await decideHeld(c.var.deps, c.var.caller, runId, {
    decision: kind,
    scope: scope.trim(),
    ...(text ? { reason: text } : {}),
  });
  if (outcome.kind === 'refused') throw new AppError('refused', outcome.message);
  return c.json(outcome.report);
}

async function jsonBody(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new AppError('bad_input', 'the body must be JSON: {"scope": "...", "reason": "..."}');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('bad_input', 'the body must be a JSON object: {"scope": "...", "reason": "..."}');
  }
  return body as Record<string, unknown>;
}
