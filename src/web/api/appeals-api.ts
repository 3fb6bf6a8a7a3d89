// /api/v1/appeals (issue 10): the appeals inside the token's scope, one appeal, and the school's
// decision on it. An appeal outside the scope is 404, like one that does not exist; a decision the
// appeal no longer allows is 409. The contact email a person gave is never returned.
import type { Context, Hono } from 'hono';
import { decideAppeal } from '../../appeals/appeal-service.js';
import { APPEAL_DECISIONS, APPEAL_NOTE_MAX, APPEAL_OUTCOMES, APPEAL_STATUSES } from '../../domain/appeals.js';
import { AppError } from '../../errors.js';
import { appealDepsOf, readDecision } from '../services/appeal-form-service.js';
import {
  APPEAL_FILTERS,
  appealDetail,
  appealFilterOf,
  appealJson,
  listAppeals,
  parseAppealId,
} from '../services/appeal-view-service.js';
import type { AppEnv } from '../web-types.js';
import { errorResponses, type JsonSchema, jsonResponse, type OpenApiPaths } from './openapi-types.js';

const DATE: JsonSchema = { type: 'string', format: 'date' };
const NULLABLE_DATE: JsonSchema = { type: 'string', format: 'date', nullable: true };
const NULLABLE_TEXT: JsonSchema = { type: 'string', nullable: true };

export const APPEAL_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['id', 'account', 'npsn', 'status', 'message', 'filed_at', 'hold_until', 'age_days'],
  properties: {
    id: { type: 'integer' },
    account: {
      type: 'object',
      required: ['id', 'address', 'nama', 'status'],
      properties: {
        id: { type: 'integer' },
        address: { type: 'string' },
        nama: { type: 'string' },
        person_kind: { type: 'string', enum: ['ptk', 'pd'] },
        role: { type: 'string' },
        jenjang: { type: 'string' },
        status: { type: 'string', enum: ['active', 'deactivating', 'suspended', 'deleted'] },
        deactivate_reason: NULLABLE_TEXT,
        suspend_on: NULLABLE_DATE,
        delete_on: NULLABLE_DATE,
      },
    },
    npsn: { type: 'string' },
    school_name: NULLABLE_TEXT,
    status: { type: 'string', enum: [...APPEAL_STATUSES] },
    outcome: { type: 'string', enum: [...APPEAL_OUTCOMES], nullable: true },
    message: { type: 'string', description: 'What the person wrote (plain text)' },
    filed_at: { type: 'string', format: 'date-time' },
    hold_until: { ...DATE, description: 'The schedule is paused until this day at the latest' },
    age_days: { type: 'integer' },
    days_left: { type: 'integer', nullable: true },
    decision: { type: 'string', enum: [...APPEAL_DECISIONS], nullable: true },
    decided_at: { type: 'string', format: 'date-time', nullable: true },
    decided_by: NULLABLE_TEXT,
    decision_note: NULLABLE_TEXT,
    closed_at: { type: 'string', format: 'date-time', nullable: true },
    closed_by: NULLABLE_TEXT,
    closed_run_id: { type: 'integer', nullable: true },
    closing_note: NULLABLE_TEXT,
    suspend_on_after: NULLABLE_DATE,
    delete_on_after: NULLABLE_DATE,
  },
};

const APPEAL_ID = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };

export const appealsApiPaths: OpenApiPaths = {
  '/appeals': {
    get: {
      summary: 'Appeals ("my data is wrong") inside the token’s scope, oldest first',
      operationId: 'listAppeals',
      tags: ['appeals'],
      parameters: [
        {
          name: 'status',
          in: 'query',
          description: 'waiting (open or correcting, the default), open, correcting, closed or all',
          schema: { type: 'string', enum: [...APPEAL_FILTERS], default: 'waiting' },
        },
        { name: 'npsn', in: 'query', schema: { type: 'string', pattern: '^[0-9A-Z]{8}$' } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
        { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
      ],
      responses: {
        '200': jsonResponse('A page of appeals', {
          type: 'object',
          required: ['appeals', 'total', 'limit', 'offset'],
          properties: {
            appeals: { type: 'array', items: APPEAL_SCHEMA },
            total: { type: 'integer' },
            limit: { type: 'integer' },
            offset: { type: 'integer' },
          },
        }),
        ...errorResponses(400, 401, 429),
      },
    },
  },
  '/appeals/{id}/resolve': {
    post: {
      summary: 'Decide an appeal: the data is correct, or it is being corrected in Dapodik',
      operationId: 'resolveAppeal',
      tags: ['appeals'],
      parameters: [APPEAL_ID],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['decision'],
              additionalProperties: false,
              properties: {
                decision: {
                  type: 'string',
                  enum: [...APPEAL_DECISIONS],
                  description:
                    'data_correct: the appeal closes and the schedule resumes with a fresh notice; correcting: ' +
                    'the schedule stays paused until the next extract covering the school',
                },
                note: {
                  type: 'string',
                  maxLength: APPEAL_NOTE_MAX,
                  description: 'Told to the person by email',
                },
              },
            },
          },
        },
      },
      responses: {
        '200': jsonResponse('The appeal after the decision; the audit log records the token', APPEAL_SCHEMA),
        ...errorResponses(400, 401, 404, 409, 429),
      },
    },
  },
};

export function registerAppealsApi(api: Hono<AppEnv>): void {
  api.get('/appeals', async (c) => {
    const status = c.req.query('status');
    if (status !== undefined && !(APPEAL_FILTERS as readonly string[]).includes(status)) {
      throw new AppError('bad_input', `status must be one of ${APPEAL_FILTERS.join(', ')}`);
    }
    const npsn = c.req.query('npsn');
    if (npsn !== undefined && !/^[0-9A-Z]{8}$/.test(npsn))
      throw new AppError('bad_input', 'npsn is 8 characters');
    const limit = intQuery(c, 'limit', 100, 1, 500);
    const offset = intQuery(c, 'offset', 0, 0, 1_000_000_000);
    const { appeals, total } = await listAppeals(c.var.deps, c.var.caller.scope, {
      name: appealFilterOf(status),
      limit,
      offset,
      ...(npsn ? { npsn } : {}),
    });
    return c.json({ appeals: appeals.map(appealJson), total, limit, offset });
  });

  api.post('/appeals/:id/resolve', async (c) => {
    const id = parseAppealId(c.req.param('id'));
    const body = await jsonObject(c);
    const unknown = Object.keys(body).filter((k) => k !== 'decision' && k !== 'note');
    if (unknown.length > 0) throw new AppError('bad_input', `unknown field ${unknown[0]}`);
    const request = readDecision(body.decision, body.note);
    const { caller, deps } = c.var;
    await decideAppeal(appealDepsOf(deps), {
      appealId: id,
      scope: caller.scope,
      actor: caller.name,
      ...request,
    });
    return c.json(appealJson(await appealDetail(deps, caller.scope, id)));
  });
}

function intQuery(c: Context<AppEnv>, name: string, fallback: number, min: number, max: number): number {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new AppError('bad_input', `${name} must be an integer from ${min} to ${max}`);
  }
  return n;
}

async function jsonObject(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new AppError(
      'bad_input',
      'the body must be JSON: {"decision": "data_correct" | "correcting", "note": "..."}',
    );
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('bad_input', 'the body must be a JSON object');
  }
  return body as Record<string, unknown>;
}
