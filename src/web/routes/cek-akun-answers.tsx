// What the Cek Akun routes share: the look-up's two limits (also counting the appeal that repeats the
// look-up) and the page answer, never cached.
import type { Context } from 'hono';
import type { RateLimiter } from '../security/rate-limiter.js';
import { type CekAkunAnswer, CekAkunPage } from '../views/cek-akun-page.js';
import { frameOf } from '../views/render.js';
import type { AppEnv } from '../web-types.js';

type Ctx = Context<AppEnv>;

export interface CekAkunLimiters {
  perClient: RateLimiter;
  perNpsn: RateLimiter;
}

/**
 * Counts one request against the client's limit, then (if given) the school's; a 429 page when either
 * is spent. A client over its own limit does not use up the school's budget for everyone else.
 */
export function limitOf(c: Ctx, limiters: CekAkunLimiters, npsn: string | null) {
  const { deps, client } = c.var;
  const { perClient, perNpsn } = limiters;
  const limited = !perClient.hit(client)
    ? { bucket: 'cek_akun_client', wait: perClient.retryAfter(client) }
    : npsn !== null && !perNpsn.hit(npsn)
      ? { bucket: 'cek_akun_npsn', wait: perNpsn.retryAfter(npsn) }
      : null;
  if (!limited) return null;
  deps.log({ type: 'rate_limited', bucket: limited.bucket, client });
  c.header('Retry-After', String(limited.wait));
  return cekAkunPage(c, { kind: 'limited', retryAfterSeconds: limited.wait }, 429);
}

export function cekAkunPage(c: Ctx, answer: CekAkunAnswer, status: 200 | 400 | 409 | 429) {
  c.header('Cache-Control', 'no-store');
  return c.html(<CekAkunPage frame={frameOf(c)} answer={answer} />, status);
}
