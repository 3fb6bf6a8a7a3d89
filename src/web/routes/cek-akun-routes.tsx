// /cek-akun: public, before the console's login check. Input is checked first (a 400 makes no
// look-up), then the limits per client address and per school, then the look-up. Answers are never
// cached: a found one shows an account, and a shared computer must not keep it. The appeal form of a
// found account posts to /cek-akun/banding (cek-akun-appeal-routes.tsx), counted by the same limits.
import type { Hono } from 'hono';
import { RateLimiter } from '../security/rate-limiter.js';
import { CEK_AKUN_LIMITS, lookUpAccounts, readCekAkunForm } from '../services/cek-akun-service.js';
import type { AppEnv } from '../web-types.js';
import { type CekAkunLimiters, cekAkunPage, limitOf } from './cek-akun-answers.js';
import { appealsOf, registerCekAkunAppeal } from './cek-akun-appeal-routes.js';

export function registerCekAkun(app: Hono<AppEnv>): void {
  const limiters: CekAkunLimiters = {
    perClient: new RateLimiter(CEK_AKUN_LIMITS.perClient),
    perNpsn: new RateLimiter(CEK_AKUN_LIMITS.perNpsn),
  };

  app.get('/cek-akun', (c) => cekAkunPage(c, { kind: 'form' }, 200));

  app.post('/cek-akun', async (c) => {
    const { deps } = c.var;
    const form = readCekAkunForm(await c.req.parseBody(), deps.config.policy.titles);
    if (!form.ok) return cekAkunPage(c, { kind: 'invalid', errors: form.errors, typed: form.typed }, 400);
    const limited = limitOf(c, limiters, form.value.npsn);
    if (limited) return limited;
    const result = await lookUpAccounts(deps.store, deps.config.policy, form.value);
    if (!result.found) return cekAkunPage(c, { kind: 'not_found' }, 200);
    const appeals = appealsOf(c, form.value, result.accounts);
    return cekAkunPage(c, { kind: 'found', accounts: result.accounts, appeals }, 200);
  });

  registerCekAkunAppeal(app, limiters);
}
