// /api/v1/events?run=<id>: a run's events in the `selaras events` shape (DESIGN 3.2), only those that
// concern a school inside the token's scope. `run` is required, as it is for the CLI: events are read
// a run at a time, which keeps every page an indexed range.
import type { Hono } from 'hono';
import { runEvents } from '../services/run-service.js';
import type { AppEnv } from '../web-types.js';
import { errorResponses, type JsonSchema, jsonResponse, type OpenApiPaths } from './openapi-types.js';
import { intQuery } from './runs-api.js';

const MAX_LIMIT = 1000;

const ACCOUNT_REF: JsonSchema = {
  type: 'object',
  required: ['address', 'jenjang', 'role', 'npsn'],
  properties: {
    address: { type: 'string', example: 'siti.rahayu12@guru.smp.belajar.id' },
    jenjang: { type: 'string', enum: ['paud', 'sd', 'smp', 'sma', 'smk', 'slb', 'kesetaraan'] },
    role: { type: 'string', enum: ['guru', 'admin', 'siswa'] },
    npsn: { type: 'string' },
  },
};

export const EVENT_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'One event, as `selaras events --run <id>` prints it',
  required: ['type', 'run_id', 'account_id', 'state', 'person', 'effective_date'],
  properties: {
    type: { type: 'string', example: 'pd_deactivated' },
    run_id: { type: 'integer' },
    account_id: { type: 'integer', nullable: true },
    state: { type: 'string', enum: ['applied', 'held', 'rejected', 'superseded', 'planned'] },
    person: {
      type: 'object',
      required: ['kind', 'id'],
      properties: { kind: { type: 'string', enum: ['ptk', 'pd'] }, id: { type: 'string' } },
    },
    reason: { type: 'string', example: 'absent' },
    same_jenjang: { type: 'boolean' },
    from: ACCOUNT_REF,
    to: ACCOUNT_REF,
    effective_date: { type: 'string', format: 'date' },
  },
};

export const eventsApiPaths: OpenApiPaths = {
  '/events': {
    get: {
      summary: "A run's events that concern schools in the token's scope, in run order",
      operationId: 'listEvents',
      tags: ['events'],
      parameters: [
        {
          name: 'run',
          in: 'query',
          required: true,
          description: 'The run whose events to list',
          schema: { type: 'integer', minimum: 1 },
        },
        {
          name: 'limit',
          in: 'query',
          schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 100 },
        },
        { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
      ],
      responses: {
        '200': jsonResponse('A page of events', {
          type: 'object',
          required: ['run_id', 'total', 'limit', 'offset', 'events'],
          properties: {
            run_id: { type: 'integer' },
            total: { type: 'integer', description: "Events of the run inside the token's scope" },
            limit: { type: 'integer' },
            offset: { type: 'integer' },
            events: { type: 'array', items: EVENT_SCHEMA },
          },
        }),
        ...errorResponses(400, 401, 404, 429),
      },
    },
  },
};

export function registerEventsApi(api: Hono<AppEnv>): void {
  api.get('/events', async (c) => {
    const runId = intQuery(c, 'run', undefined, 1, 2_147_483_647);
    const limit = intQuery(c, 'limit', 100, 1, MAX_LIMIT);
    const offset = intQuery(c, 'offset', 0, 0, 1_000_000_000);
    const page = await runEvents(c.var.deps, c.var.caller.scope, runId, limit, offset);
    return c.json({ run_id: page.run_id, total: page.total, limit, offset, events: page.events });
  });
}
