// /api/v1/accounts: the scoped search and one account with its addresses and history. An account
// outside the token's scope is 404, like one that does not exist.
import type { Hono } from 'hono';
import { AppError } from '../../errors.js';
import {
  accountJson,
  createDirectoryService,
  parseAccountId,
  SEARCH_LIMIT,
} from '../services/directory-service.js';
import type { AppEnv } from '../web-types.js';
import { errorResponses, type JsonSchema, jsonResponse, type OpenApiPaths } from './openapi-types.js';

const NULLABLE_STRING: JsonSchema = { type: 'string', nullable: true };

const ACCOUNT_REF: JsonSchema = {
  type: 'object',
  required: ['address', 'jenjang', 'role', 'npsn'],
  properties: {
    address: { type: 'string' },
    jenjang: { type: 'string' },
    role: { type: 'string', enum: ['guru', 'admin', 'siswa'] },
    npsn: { type: 'string' },
  },
};

export const ACCOUNT_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['id', 'address', 'nama', 'person', 'status', 'role', 'jenjang', 'npsn', 'status_since'],
  properties: {
    id: { type: 'integer' },
    address: { type: 'string', description: 'The primary address' },
    nama: { type: 'string' },
    person: {
      type: 'object',
      required: ['kind', 'id'],
      properties: { kind: { type: 'string', enum: ['ptk', 'pd'] }, id: { type: 'string' } },
    },
    status: { type: 'string', enum: ['active', 'deactivating', 'suspended', 'deleted'] },
    role: { type: 'string', enum: ['guru', 'admin', 'siswa'] },
    jenjang: { type: 'string', enum: ['paud', 'sd', 'smp', 'sma', 'smk', 'slb', 'kesetaraan'] },
    npsn: { type: 'string' },
    status_since: { type: 'string', format: 'date' },
    deactivate_reason: NULLABLE_STRING,
    suspend_on: { type: 'string', format: 'date', nullable: true },
    delete_on: { type: 'string', format: 'date', nullable: true },
    continuation_deadline: { type: 'string', format: 'date', nullable: true },
  },
};

/** An event as `selaras events` prints it, with the rule and evidence of `accounts show --json`. */
export const EVENT_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['id', 'type', 'run_id', 'account_id', 'state', 'person', 'effective_date', 'rule'],
  properties: {
    id: { type: 'integer' },
    type: { type: 'string' },
    run_id: { type: 'integer' },
    account_id: { type: 'integer', nullable: true },
    state: { type: 'string', enum: ['planned', 'applied', 'held', 'rejected', 'superseded'] },
    person: {
      type: 'object',
      required: ['kind', 'id'],
      properties: { kind: { type: 'string' }, id: { type: 'string' } },
    },
    reason: { type: 'string' },
    same_jenjang: { type: 'boolean' },
    from: ACCOUNT_REF,
    to: ACCOUNT_REF,
    effective_date: { type: 'string', format: 'date' },
    snapshot_id: NULLABLE_STRING,
    rule: { type: 'string' },
    evidence: { type: 'object', nullable: true, additionalProperties: true },
  },
};

export const accountsApiPaths: OpenApiPaths = {
  '/accounts': {
    get: {
      summary: 'Find accounts by part of a name or address, a NISN or a NUPTK',
      operationId: 'searchAccounts',
      tags: ['accounts'],
      parameters: [
        {
          name: 'q',
          in: 'query',
          required: false,
          description:
            'Part of a name or of any address the account ever had; 10 digits also match a NISN, 16 a NUPTK. ' +
            'Without it, the first accounts in scope by id.',
          schema: { type: 'string', maxLength: 200 },
        },
      ],
      responses: {
        '200': jsonResponse(
          `At most ${SEARCH_LIMIT} accounts within the token's scope, by name (by id without q)`,
          {
            type: 'object',
            required: ['accounts', 'truncated'],
            properties: {
              accounts: { type: 'array', items: ACCOUNT_SCHEMA },
              truncated: { type: 'boolean', description: `More than ${SEARCH_LIMIT} accounts matched` },
            },
          },
        ),
        ...errorResponses(400, 401, 429),
      },
    },
  },
  '/accounts/{id}': {
    get: {
      summary: 'An account, every address it ever had, and its history',
      operationId: 'getAccount',
      tags: ['accounts'],
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
      responses: {
        '200': jsonResponse('The account; events newest first', {
          type: 'object',
          required: ['account', 'addresses', 'events'],
          properties: {
            account: ACCOUNT_SCHEMA,
            addresses: {
              type: 'array',
              items: {
                type: 'object',
                required: ['address', 'kind', 'issued_run_id'],
                properties: {
                  address: { type: 'string' },
                  kind: { type: 'string', enum: ['primary', 'alias'] },
                  issued_run_id: { type: 'integer' },
                },
              },
            },
            events: { type: 'array', items: EVENT_SCHEMA },
          },
        }),
        ...errorResponses(401, 404, 429),
      },
    },
  },
};

export function registerAccountsApi(api: Hono<AppEnv>): void {
  api.get('/accounts', async (c) => {
    const q = (c.req.query('q') ?? '').trim();
    if (q.length > 200) throw new AppError('bad_input', 'q is at most 200 characters');
    const service = createDirectoryService(c.var.deps.store);
    const scope = c.var.caller.scope;
    const found = q === '' ? await service.listAccounts(scope) : await service.searchAccounts(scope, q);
    return c.json({ accounts: found.accounts.map(accountJson), truncated: found.more });
  });

  api.get('/accounts/:id', async (c) => {
    const id = parseAccountId(c.req.param('id'));
    const detail = await createDirectoryService(c.var.deps.store).account(c.var.caller.scope, id);
    return c.json({
      account: accountJson(detail.account),
      addresses: detail.addresses.map((a) => ({
        address: a.address,
        kind: a.kind,
        issued_run_id: a.issued_run_id,
      })),
      events: detail.events,
    });
  });
}
