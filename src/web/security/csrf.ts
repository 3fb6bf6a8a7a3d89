// CSRF: every form carries a token derived from what binds the browser to us — the session id once
// logged in, a random pre-session cookie before (login, Cek Akun). A POST whose token does not match
// is refused. The token is an HMAC, so nothing extra is stored.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function csrfToken(key: Buffer, binding: string): string {
  return createHmac('sha256', key).update(binding).digest('base64url');
}

export function csrfMatches(key: Buffer, binding: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfToken(key, binding));
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function newBinding(): string {
  return randomBytes(24).toString('base64url');
}
