// The middleware that decides who is calling: a console session (pages) or a bearer token (API).
// Everything a route does after these runs with `c.var.caller`, whose scope every query filters by.
import type { Context, MiddlewareHandler } from 'hono';
import { type OperatorRole, parseOperatorScope } from '../../domain/operator-scope.js';
import { AppError } from '../../errors.js';
import { parseApiToken, secretMatches } from '../../security/api-token.js';
import { createOperatorRepository } from '../../store/operator-repository.js';
import type { AppEnv, Caller } from '../web-types.js';
import type { RateLimiter } from './rate-limiter.js';
import { sessionOperator } from './session.js';

function scopeOf(role: string, scope: string) {
  const parsed = parseOperatorScope(role, role === 'nasional' ? undefined : scope);
  if (!parsed.ok)
    throw new AppError('internal', `a stored credential has an invalid role: ${parsed.message}`);
  return parsed.value;
}

/** Pages: a valid session, or a redirect to the login page (a 401 for anything but GET). */
export const requireOperator: MiddlewareHandler<AppEnv> = async (c, next) => {
  const session = await sessionOperator(c);
  if (!session) {
    if (c.req.method !== 'GET') throw new AppError('unauthorized', 'sign in first');
    const next = new URL(c.req.url);
    return c.redirect(`/login?next=${encodeURIComponent(next.pathname + next.search)}`, 303);
  }
  const { operator } = session;
  c.set('caller', { kind: 'operator', name: operator.login, scope: scopeOf(operator.role, operator.scope) });
  await next();
};

/** API: `Authorization: Bearer slr_…`, a token neither unknown nor revoked; limited per token. */
export function requireToken(limiter: RateLimiter): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const parsed = match ? parseApiToken(match[1]!) : null;
    if (!parsed)
      throw new AppError('unauthorized', 'an API token is required: Authorization: Bearer <token>');
    const repo = createOperatorRepository(c.var.deps.store.db);
    const row = await repo.token(parsed.id);
    if (!row || row.revoked_at !== null || !secretMatches(parsed.secret, row.secret_hash)) {
      throw new AppError('unauthorized', 'the API token is not valid');
    }
    if (!limiter.hit(row.id)) {
      c.header('Retry-After', String(limiter.retryAfter(row.id)));
      throw new AppError('rate_limited', 'too many requests for this token');
    }
    // last_used_at is for operators ("is this token still used?"): a minute's precision is enough,
    // and not writing on every call keeps the API's reads from queuing behind writes.
    const now = c.var.deps.now();
    if (row.last_used_at === null || now.getTime() - Date.parse(row.last_used_at) > 60_000) {
      await repo.touchToken(row.id, now.toISOString());
    }
    c.set('caller', { kind: 'token', name: `token:${row.id}`, scope: scopeOf(row.role, row.scope) });
    await next();
  };
}

/** Refuses a caller whose role is not among `roles` (for actions only some roles may take). */
export function requireRole(c: Context<AppEnv>, ...roles: OperatorRole[]): Caller {
  const caller = c.var.caller;
  if (!roles.includes(caller.scope.role)) throw new AppError('forbidden', 'your role may not do this');
  return caller;
}
