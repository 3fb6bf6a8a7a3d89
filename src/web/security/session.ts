// Console sessions: a random id in a signed, httpOnly, SameSite cookie; the store keeps only its
// SHA-256 with the operator and an expiry. Logging in always makes a new id (no session fixation),
// logging out deletes the row, so a stolen cookie dies with the session.
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { deriveKey } from '../../security/secret-key.js';
import { createOperatorRepository, type OperatorRow } from '../../store/operator-repository.js';
import type { AppEnv } from '../web-types.js';
import { newBinding } from './csrf.js';

export const SESSION_COOKIE = 'selaras_session';
export const PRE_SESSION_COOKIE = 'selaras_pre';
const SESSION_HOURS = 8;

type Ctx = Context<AppEnv>;

function cookieKey(c: Ctx): Buffer {
  return deriveKey(c.var.deps.masterKey, 'session-cookie');
}

function cookieOptions(c: Ctx, maxAge?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax' as const,
    secure: c.var.deps.config.secureCookies,
    ...(maxAge === undefined ? {} : { maxAge }),
  };
}

export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

export async function sessionIdOf(c: Ctx): Promise<string | undefined> {
  const value = await getSignedCookie(c, cookieKey(c), SESSION_COOKIE);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The operator of the request's session, if it is valid. */
export async function sessionOperator(c: Ctx): Promise<{ id: string; operator: OperatorRow } | undefined> {
  const id = await sessionIdOf(c);
  if (!id) return undefined;
  const operator = await createOperatorRepository(c.var.deps.store.db).sessionOperator(
    hashSessionId(id),
    c.var.deps.now().toISOString(),
  );
  return operator ? { id, operator } : undefined;
}

export async function startSession(c: Ctx, login: string): Promise<string> {
  await endSession(c);
  const repo = createOperatorRepository(c.var.deps.store.db);
  const now = c.var.deps.now();
  await repo.deleteExpiredSessions(now.toISOString());
  const id = randomBytes(32).toString('base64url');
  const expires = new Date(now.getTime() + SESSION_HOURS * 3600_000);
  await repo.addSession(hashSessionId(id), login, now.toISOString(), expires.toISOString());
  await setSignedCookie(c, SESSION_COOKIE, id, cookieKey(c), cookieOptions(c, SESSION_HOURS * 3600));
  deleteCookie(c, PRE_SESSION_COOKIE, { path: '/' });
  return id;
}

export async function endSession(c: Ctx): Promise<void> {
  const id = await sessionIdOf(c);
  if (id) await createOperatorRepository(c.var.deps.store.db).deleteSession(hashSessionId(id));
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/** The random value that binds a browser without a session to its forms (login, Cek Akun). */
export async function preSessionBinding(c: Ctx): Promise<string> {
  const existing = await getSignedCookie(c, cookieKey(c), PRE_SESSION_COOKIE);
  if (typeof existing === 'string' && existing !== '') return existing;
  const value = newBinding();
  await setSignedCookie(c, PRE_SESSION_COOKIE, value, cookieKey(c), cookieOptions(c));
  return value;
}
