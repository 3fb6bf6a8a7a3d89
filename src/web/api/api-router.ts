// /api/v1: bearer tokens scoped like operators, JSON errors `{code, message}`, and the OpenAPI
// document assembled from each area's paths (api/openapi.ts).
import { Hono } from 'hono';
import { AppError } from '../../errors.js';
import { requireToken } from '../security/guards.js';
import { RateLimiter } from '../security/rate-limiter.js';
import type { AppEnv, WebDeps } from '../web-types.js';
import { registerAccountsApi } from './accounts-api.js';
import { registerEventsApi } from './events-api.js';
import { openApiDocument } from './openapi.js';
import { registerRunsApi } from './runs-api.js';
import { registerSchoolsApi } from './schools-api.js';

/** Requests per token per minute. */
export const API_RATE_LIMIT = 600;

export function registerApi(app: Hono<AppEnv>, _deps: WebDeps): void {
  const api = new Hono<AppEnv>();
  api.get('/openapi.json', (c) => c.json(openApiDocument()));
  api.use('*', requireToken(new RateLimiter({ limit: API_RATE_LIMIT, windowMs: 60_000 })));
  registerRunsApi(api);
  registerEventsApi(api);
  registerAccountsApi(api);
  registerSchoolsApi(api);
  // Nothing under /api/v1 may fall through to the console (its login redirect is not an API answer).
  api.all('*', () => {
    throw new AppError('not_found', 'no such endpoint');
  });
  app.route('/api/v1', api);
}
