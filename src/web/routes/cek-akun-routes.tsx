// /cek-akun: public, before the console's login check. Input is checked first (a 400 makes no
// look-up), then the limits per client address and per school, then the look-up. Answers are never
// cached: a found one shows an account, and a shared computer must not keep it.
import type { Context, Hono } from 'hono';
import { RateLimiter } from '../security/rate-limiter.js';
import { CEK_AKUN_LIMITS, lookUpAccounts, readCekAkunForm } from '../services/cek-akun-service.js';
import { type CekAkunAnswer, CekAkunPage } from '../views/cek-akun-page.js';
import { frameOf } from '../views/render.js';
import type { AppEnv } from '../web-types.js';

type Ctx = Context<AppEnv>;

export function registerCekAkun(app: Hono<AppEnv>): void {
  const perClient = new RateLimiter(CEK_AKUN_LIMITS.perClient);
  const perNpsn = new RateLimiter(CEK_AKUN_LIMITS.perNpsn);

  app.get('/cek-akun', (c) => page(c, { kind: 'form' }, 200));

  app.post('/cek-akun', async (c) => {
    const { deps } = c.var;
    const form = readCekAkunForm(await c.req.parseBody(), deps.config.policy.titles);
    if (!form.ok) return page(c, { kind: 'invalid', errors: form.errors, typed: form.typed }, 400);
    const client = c.var.client;
    // A client over its own limit does not use up the school's budget for everyone else.
    const limited = !perClient.hit(client)
      ? { bucket: 'cek_akun_client', wait: perClient.retryAfter(client) }
      : !perNpsn.hit(form.value.npsn)
        ? { bucket: 'cek_akun_npsn', wait: perNpsn.retryAfter(form.value.npsn) }
        : null;
    if (limited) {
      deps.log({ type: 'rate_limited', bucket: limited.bucket, client });
      c.header('Retry-After', String(limited.wait));
      return page(c, { kind: 'limited', retryAfterSeconds: limited.wait }, 429);
    }
    const result = await lookUpAccounts(deps.store, deps.config.policy, form.value);
    return page(c, result.found ? { kind: 'found', accounts: result.accounts } : { kind: 'not_found' }, 200);
  });
}

function page(c: Ctx, answer: CekAkunAnswer, status: 200 | 400 | 429) {
  c.header('Cache-Control', 'no-store');
  return c.html(<CekAkunPage frame={frameOf(c)} answer={answer} />, status);
}
