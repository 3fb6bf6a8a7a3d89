// /api/v1: bearer tokens scoped like operators, JSON errors `{code, message}`, and the OpenAPI
// document assembled from each area's paths (api/openapi.ts).
import { Hono } from 'hono';
import { DEFAULT_API_RATE_PER_MINUTE } from '../../config/config.js';
import { AppError } from '../../errors.js';
import { requireToken } from '../security/guards.js';
import { RateLimiter } from '../security/rate-limiter.js';
import type { AppEnv, WebDeps } from '../web-types.js';
import { registerAccountsApi } from './accounts-api.js';
import { registerAppealsApi } from './appeals-api.js';
import { registerEventsApi } from './events-api.js';
import { openApiDocument } from './openapi.js';
import { registerRunsApi } from './runs-api.js';
import { registerSchoolsApi } from './schools-api.js';

/** Requests per token per minute unless configured otherwise (SELARAS_API_RATE_PER_MINUTE). */
export const API_RATE_LIMIT = DEFAULT_API_RATE_PER_MINUTE;

export function registerApi(app: Hono<AppEnv>, deps: WebDeps): void {
  const api = new Hono<AppEnv>();
  api.get('/openapi.json', (c) => c.json(openApiDocument()));
  api.use('*', requireToken(new RateLimiter({ limit: deps.config.apiRatePerMinute, windowMs: 60_000 })));
  registerRunsApi(api);
  registerEventsApi(api);
  registerAccountsApi(api);
  registerSchoolsApi(api);
  registerAppealsApi(api);
  // Nothing under /api/v1 may fall through to the console (its login redirect is not an API answer).
  api.all('*', () => {
    throw new AppError('not_found', 'no such endpoint');
  });
  app.route('/api/v1', api);
}
