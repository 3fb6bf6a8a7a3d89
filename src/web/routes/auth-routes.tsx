// /login and /logout. Failed logins are throttled per login name and per client address; a success
// always starts a new session (no fixation) and is audited like every other operator action.
import type { Hono } from 'hono';
import { DECOY_HASH, verifyPassword } from '../../security/password-hash.js';
import { createOperatorRepository } from '../../store/operator-repository.js';
import { RateLimiter } from '../security/rate-limiter.js';
import { endSession, startSession } from '../security/session.js';
import { LoginPage } from '../views/login-page.js';
import { frameOf } from '../views/render.js';
import type { AppEnv } from '../web-types.js';

const FIFTEEN_MINUTES = 15 * 60_000;

/** Only paths on this site: `next` must never send a signed-in operator elsewhere. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/';
}

export function registerAuth(app: Hono<AppEnv>): void {
  const perLogin = new RateLimiter({ limit: 5, windowMs: FIFTEEN_MINUTES });
  const perClient = new RateLimiter({ limit: 20, windowMs: FIFTEEN_MINUTES });

  app.get('/login', (c) => c.html(<LoginPage frame={frameOf(c)} next={safeNext(c.req.query('next'))} />));

  app.post('/login', async (c) => {
    const body = await c.req.parseBody();
    const login = typeof body.login === 'string' ? body.login.trim().slice(0, 200) : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = safeNext(body.next);
    const client = c.var.client;
    const loginKey = login.toLowerCase();
    if (!perLogin.allows(loginKey) || !perClient.allows(client)) {
      c.var.deps.log({ type: 'rate_limited', bucket: 'login', client });
      c.header('Retry-After', String(Math.max(perLogin.retryAfter(loginKey), perClient.retryAfter(client))));
      return c.html(<LoginPage frame={frameOf(c)} next={next} error="throttled" login={login} />, 429);
    }
    const operator = await createOperatorRepository(c.var.deps.store.db).operator(login);
    const valid = await verifyPassword(password, operator?.password_hash ?? DECOY_HASH);
    const ok = valid && operator !== undefined && operator.disabled === 0;
    c.var.deps.log({ type: 'login', login, ok, client });
    if (!ok) {
      perLogin.hit(loginKey);
      perClient.hit(client);
      return c.html(<LoginPage frame={frameOf(c)} next={next} error="failed" login={login} />, 401);
    }
    perLogin.reset(loginKey);
    await startSession(c, operator.login);
    return c.redirect(next, 303);
  });

  app.post('/logout', async (c) => {
    await endSession(c);
    return c.redirect('/login', 303);
  });
}
