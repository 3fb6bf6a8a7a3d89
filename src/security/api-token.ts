// API tokens look like `slr_<id>_<secret>`: the id finds the row, and only a SHA-256 of the secret is
// stored, compared in constant time. 256 random bits need no salt or slow hash; the token is shown
// once, when it is made.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN = /^slr_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewToken {
  id: string;
  token: string;
  secretHash: string;
}

export function newApiToken(): NewToken {
  const id = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `slr_${id}_${secret}`, secretHash: hashSecret(secret) };
}

export function parseApiToken(token: string): { id: string; secret: string } | null {
  const m = TOKEN.exec(token);
  return m ? { id: m[1]!, secret: m[2]! } : null;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
