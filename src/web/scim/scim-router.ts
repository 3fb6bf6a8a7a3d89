// /scim/v2: a read-only SCIM 2.0 service provider (RFC 7643, RFC 7644) over the directory. The
// discovery documents are public; Users and Groups need the same bearer tokens as /api/v1 and show
// only the token's scope. Dapodik is the source of truth, so every write is refused with a SCIM
// `mutability` error. Errors, including the shared token guard's, answer in SCIM's error body.
import { type Context, Hono } from 'hono';
import { API_RATE_LIMIT } from '../api/api-router.js';
import { requireToken } from '../security/guards.js';
import { RateLimiter } from '../security/rate-limiter.js';
import type { AppEnv, WebDeps } from '../web-types.js';
import { ScimError, scimErrorBody, scimErrorOf } from './scim-error.js';
import { createScimResources, groupProjection, type ScimQuery, userProjection } from './scim-resources.js';
import {
  RESOURCE_TYPES,
  resourceTypeDocument,
  SCHEMAS,
  SEARCH_SCHEMA,
  schemaDocument,
  serviceProviderConfig,
} from './scim-schemas.js';
import { type Projection, project, projectionShows, type ScimResource } from './scim-serializer.js';

export const SCIM_PATH = '/scim/v2';
export const SCIM_CONTENT_TYPE = 'application/scim+json';

type C = Context<AppEnv>;

function scimJson(c: C, body: unknown, status: 200 | 400 | 401 | 403 | 404 | 429 | 500 | 501 = 200) {
  return c.body(JSON.stringify(body), status, { 'content-type': SCIM_CONTENT_TYPE });
}

/** The absolute base of this service as the client reached it (through a trusted proxy, its host). */
function baseOf(c: C): string {
  const url = new URL(c.req.url);
  if (c.var.deps.config.trustProxy) {
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
    const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
    if (proto === 'http' || proto === 'https') url.protocol = `${proto}:`;
    if (host && /^[A-Za-z0-9.:[\]-]+$/.test(host)) url.host = host;
  }
  return `${url.origin}${SCIM_PATH}`;
}

function queryOf(c: C): ScimQuery {
  return {
    filter: c.req.query('filter'),
    startIndex: c.req.query('startIndex'),
    count: c.req.query('count'),
    attributes: c.req.queries('attributes'),
    excludedAttributes: c.req.queries('excludedAttributes'),
  };
}

/** RFC 7644 §4: a filter on a discovery endpoint is refused, lest a client think it was applied. */
function refuseFilter(c: C): void {
  if (c.req.query('filter') !== undefined) {
    throw new ScimError(403, 'filtering is not supported on discovery endpoints');
  }
}

/**
 * One resource with its version as ETag (of the whole resource, whatever the projection shows);
 * If-None-Match holding that version (weakly compared, or `*`) → 304 with no body.
 */
function answer(c: C, kind: string, resource: ScimResource | undefined, projection: Projection) {
  if (!resource) throw new ScimError(404, `${kind} ${c.req.param('id')} not found`);
  const version = (resource.meta as { version: string }).version;
  c.header('ETag', version);
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  const asked = c.req.header('if-none-match');
  if (asked?.split(',').some((t) => t.trim() === '*' || strip(t) === strip(version))) {
    return c.body(null, 304);
  }
  return scimJson(c, project(resource, projection));
}

export function registerScim(app: Hono<AppEnv>, deps: WebDeps): void {
  const scim = new Hono<AppEnv>();
  scim.onError((err, c) => {
    const error = scimErrorOf(err);
    if (error.status === 500) {
      deps.log({
        type: 'request_failed',
        method: c.req.method,
        path: c.req.path,
        code: 'internal',
        message: err instanceof Error ? err.message : String(err),
      });
    }
    if (error.status === 401) c.header('WWW-Authenticate', 'Bearer realm="selaras-scim"');
    return scimJson(c, scimErrorBody(error), error.status);
  });

  registerDiscovery(scim);
  scim.use('*', requireToken(new RateLimiter({ limit: API_RATE_LIMIT, windowMs: 60_000 })));
  registerResources(scim);
  scim.on(['POST', 'PUT', 'PATCH', 'DELETE'], '*', () => {
    throw new ScimError(
      403,
      'this directory is read-only: accounts and schools come from Dapodik and change only through a sync',
      'mutability',
    );
  });
  scim.all('*', () => {
    throw new ScimError(404, 'no such SCIM endpoint');
  });
  app.route(SCIM_PATH, scim);
}

function registerDiscovery(scim: Hono<AppEnv>): void {
  scim.get('/ServiceProviderConfig', (c) => {
    refuseFilter(c);
    return scimJson(c, serviceProviderConfig(baseOf(c)));
  });
  scim.get('/ResourceTypes', (c) => {
    refuseFilter(c);
    return scimJson(c, discoveryList(RESOURCE_TYPES.map((t) => resourceTypeDocument(baseOf(c), t))));
  });
  scim.get('/ResourceTypes/:id', (c) => {
    const type = RESOURCE_TYPES.find((t) => t.id === c.req.param('id'));
    if (!type) throw new ScimError(404, `no resource type ${c.req.param('id')}`);
    return scimJson(c, resourceTypeDocument(baseOf(c), type));
  });
  scim.get('/Schemas', (c) => {
    refuseFilter(c);
    return scimJson(c, discoveryList(SCHEMAS.map((s) => schemaDocument(baseOf(c), s))));
  });
  scim.get('/Schemas/:id', (c) => {
    const schema = SCHEMAS.find((s) => s.id === c.req.param('id'));
    if (!schema) throw new ScimError(404, `no schema ${c.req.param('id')}`);
    return scimJson(c, schemaDocument(baseOf(c), schema));
  });
}

function discoveryList(resources: unknown[]) {
  return {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
    totalResults: resources.length,
    startIndex: 1,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

function resourcesOf(c: C) {
  return createScimResources(c.var.deps.store, c.var.caller.scope, baseOf(c));
}

function registerResources(scim: Hono<AppEnv>): void {
  scim.get('/Users', async (c) => scimJson(c, await resourcesOf(c).listUsers(queryOf(c))));
  scim.post('/Users/.search', async (c) => scimJson(c, await resourcesOf(c).listUsers(await searchOf(c))));
  scim.get('/Users/:id', async (c) => {
    const projection = userProjection(queryOf(c));
    return answer(c, 'User', await resourcesOf(c).user(c.req.param('id')), projection);
  });
  scim.get('/Groups', async (c) => scimJson(c, await resourcesOf(c).listGroups(queryOf(c))));
  scim.post('/Groups/.search', async (c) => scimJson(c, await resourcesOf(c).listGroups(await searchOf(c))));
  scim.get('/Groups/:id', async (c) => {
    const projection = groupProjection(queryOf(c));
    const group = await resourcesOf(c).group(c.req.param('id'), projectionShows(projection, 'members'));
    return answer(c, 'Group', group, projection);
  });
  scim.get('/Me', () => {
    throw new ScimError(501, 'a token is not a User: /Me is not supported');
  });
}

/** A POST /.search body (RFC 7644 §3.4.3): the same query as GET parameters, as JSON. */
async function searchOf(c: C): Promise<ScimQuery> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ScimError(400, 'the search request is not JSON', 'invalidSyntax');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ScimError(400, 'the search request is a JSON object', 'invalidSyntax');
  }
  const b = body as Record<string, unknown>;
  if (!Array.isArray(b.schemas) || !b.schemas.includes(SEARCH_SCHEMA)) {
    throw new ScimError(400, `the search request names the schema ${SEARCH_SCHEMA}`, 'invalidSyntax');
  }
  const strings = (v: unknown, name: string) => {
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
      throw new ScimError(400, `${name} is an array of strings`, 'invalidSyntax');
    }
    return v as string[];
  };
  const scalar = (v: unknown, name: string, type: 'string' | 'number') => {
    if (v === undefined || typeof v === type) return v as string | number | undefined;
    throw new ScimError(400, `${name} is a ${type}`, 'invalidSyntax');
  };
  return {
    filter: scalar(b.filter, 'filter', 'string') as string | undefined,
    startIndex: scalar(b.startIndex, 'startIndex', 'number'),
    count: scalar(b.count, 'count', 'number'),
    attributes: strings(b.attributes, 'attributes'),
    excludedAttributes: strings(b.excludedAttributes, 'excludedAttributes'),
  };
}
