// The OpenAPI 3.0 document served at /api/v1/openapi.json: the shared parts here, each area's paths
// beside its routes (api/<area>-api.ts), so a route and its description change together.
import { accountsApiPaths } from './accounts-api.js';
import { appealsApiPaths } from './appeals-api.js';
import { eventsApiPaths } from './events-api.js';
import type { OpenApiPaths } from './openapi-types.js';
import { runsApiPaths } from './runs-api.js';
import { schoolsApiPaths } from './schools-api.js';

const ERRORS = {
  E400: 'The request is not valid (code bad_input).',
  E401: 'No API token, or one that is unknown or revoked (code unauthorized).',
  E403: "The token's scope does not cover this (code forbidden).",
  E404: "Not found, or outside the token's scope (code not_found).",
  E409: 'Refused or in conflict with the current state (code refused or conflict).',
  E429: 'Too many requests; see Retry-After (code rate_limited).',
} as const;

export function openApiDocument(): Record<string, unknown> {
  const paths: OpenApiPaths = {
    ...runsApiPaths,
    ...eventsApiPaths,
    ...accountsApiPaths,
    ...schoolsApiPaths,
    ...appealsApiPaths,
  };
  return {
    openapi: '3.0.3',
    info: {
      title: 'Selaras API',
      version: '1.0.0',
      description:
        'Runs, events, accounts, schools and appeals of Selaras. Every call needs `Authorization: Bearer <token>` ' +
        '(made with `selaras tokens add`); a token sees and decides only within its role and scope: ' +
        '`nasional`, `dinas:<kode_wilayah prefix>` or `sekolah:<NPSN>`.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    tags: [
      { name: 'runs', description: 'Sync and tick runs, and decisions on held scopes' },
      { name: 'events', description: 'What changed, per person and account' },
      { name: 'accounts', description: 'Accounts and their history' },
      { name: 'schools', description: 'Schools and their accounts' },
      { name: 'appeals', description: 'Appeals ("my data is wrong") and the school’s decisions' },
    ],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['code', 'message'],
          properties: {
            code: {
              type: 'string',
              enum: [
                'bad_input',
                'refused',
                'not_found',
                'conflict',
                'forbidden',
                'unauthorized',
                'rate_limited',
                'internal',
              ],
            },
            message: { type: 'string' },
          },
        },
      },
      responses: Object.fromEntries(
        Object.entries(ERRORS).map(([name, description]) => [
          name,
          {
            description,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        ]),
      ),
    },
  };
}
