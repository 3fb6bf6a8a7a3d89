// /api/v1/schools: the scoped search with account counts, and one school with its accounts by status
// and role. A school outside the token's scope is 404. Unduh Akun is deliberately not in the API:
// initial passwords leave only through the console, to an operator who signed in.
import type { Hono } from 'hono';
import { AppError } from '../../errors.js';
import {
  countsJson,
  createDirectoryService,
  SEARCH_LIMIT,
  schoolJson,
} from '../services/directory-service.js';
import type { AppEnv } from '../web-types.js';
import { errorResponses, type JsonSchema, jsonResponse, type OpenApiPaths } from './openapi-types.js';

const SCHOOL_SCHEMA: JsonSchema = {
  type: 'object',
  required: [
    'npsn',
    'nama',
    'bentuk_pendidikan',
    'status_sekolah',
    'kode_wilayah',
    'present',
    'last_taken_at',
  ],
  properties: {
    npsn: { type: 'string' },
    nama: { type: 'string' },
    bentuk_pendidikan: { type: 'string' },
    status_sekolah: { type: 'string' },
    kode_wilayah: { type: 'string' },
    present: { type: 'boolean', description: 'false once the school is gone from sekolah.csv' },
    last_taken_at: { type: 'string', format: 'date' },
  },
};

const COUNTS_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'Accounts by status, then by role: {"active": {"guru": 2, "siswa": 12}}',
  additionalProperties: { type: 'object', additionalProperties: { type: 'integer' } },
};

export const schoolsApiPaths: OpenApiPaths = {
  '/schools': {
    get: {
      summary: "Find schools within the token's scope by NPSN or part of the name",
      operationId: 'searchSchools',
      tags: ['schools'],
      parameters: [
        {
          name: 'q',
          in: 'query',
          required: false,
          description: 'An NPSN prefix or part of the name; without it, the first schools in scope by NPSN.',
          schema: { type: 'string', maxLength: 100 },
        },
      ],
      responses: {
        '200': jsonResponse(`At most ${SEARCH_LIMIT} schools, by NPSN`, {
          type: 'object',
          required: ['schools', 'truncated'],
          properties: {
            schools: {
              type: 'array',
              items: {
                allOf: [
                  SCHOOL_SCHEMA,
                  {
                    type: 'object',
                    required: ['accounts'],
                    properties: {
                      accounts: {
                        type: 'object',
                        required: ['active', 'total'],
                        properties: { active: { type: 'integer' }, total: { type: 'integer' } },
                      },
                    },
                  },
                ],
              },
            },
            truncated: { type: 'boolean' },
          },
        }),
        ...errorResponses(400, 401, 429),
      },
    },
  },
  '/schools/{npsn}': {
    get: {
      summary: 'A school and its accounts by status and role',
      operationId: 'getSchool',
      tags: ['schools'],
      parameters: [
        { name: 'npsn', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9A-Z]{8}$' } },
      ],
      responses: {
        '200': jsonResponse('The school', {
          type: 'object',
          required: ['school', 'accounts'],
          properties: { school: SCHOOL_SCHEMA, accounts: COUNTS_SCHEMA },
        }),
        ...errorResponses(401, 404, 429),
      },
    },
  },
};

export function registerSchoolsApi(api: Hono<AppEnv>): void {
  api.get('/schools', async (c) => {
    const q = c.req.query('q') ?? '';
    if (q.length > 100) throw new AppError('bad_input', 'q is at most 100 characters');
    const found = await createDirectoryService(c.var.deps.store).searchSchools(c.var.caller.scope, q);
    return c.json({
      schools: found.schools.map((s) => ({
        ...schoolJson(s),
        accounts: { active: s.active, total: s.total },
      })),
      truncated: found.more,
    });
  });

  api.get('/schools/:npsn', async (c) => {
    const npsn = c.req.param('npsn').toUpperCase();
    if (!/^[0-9A-Z]{8}$/.test(npsn)) throw new AppError('not_found', 'no such school');
    const service = createDirectoryService(c.var.deps.store);
    const detail = await service.schoolSummary(c.var.caller.scope, npsn);
    return c.json({ school: schoolJson(detail.school), accounts: countsJson(detail.counts) });
  });
}
