// Operators and API tokens: made from the command line, each creation audited. A password or token
// is returned to the caller once and never stored or logged in the clear.
import { randomBytes } from 'node:crypto';
import { formatOperatorScope, type OperatorScope, parseOperatorScope } from '../domain/operator-scope.js';
import { AppError } from '../errors.js';
import { newApiToken } from '../security/api-token.js';
import { hashPassword } from '../security/password-hash.js';
import { createHoldRepository } from '../store/hold-repository.js';
import { createOperatorRepository } from '../store/operator-repository.js';
import type { Store } from '../store/store.js';

export const MIN_PASSWORD_LENGTH = 10;

export function scopeFromFlags(role: string, scope?: string): OperatorScope {
  const parsed = parseOperatorScope(role, scope);
  if (!parsed.ok) throw new AppError('bad_input', parsed.message);
  return parsed.value;
}

/** A readable random password for an operator who did not choose one (about 95 bits). */
export function generatedPassword(): string {
  return randomBytes(12).toString('base64url').replace(/[-_]/g, 'x') + randomBytes(4).toString('hex');
}

export async function addOperator(
  store: Store,
  input: { login: string; scope: OperatorScope; password: string; actor: string; now: Date },
): Promise<void> {
  const login = input.login.trim();
  if (!/^[A-Za-z0-9._@-]{3,64}$/.test(login)) {
    throw new AppError('bad_input', 'a login is 3 to 64 letters, digits, dots, dashes, underscores or @');
  }
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('bad_input', `a password has at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const repo = createOperatorRepository(store.db);
  if (await repo.operator(login)) throw new AppError('conflict', `an operator ${login} already exists`);
  const at = input.now.toISOString();
  const passwordHash = await hashPassword(input.password);
  await store.db.transaction().execute(async (trx) => {
    await createOperatorRepository(trx).addOperator({
      login,
      password_hash: passwordHash,
      role: input.scope.role,
      scope: input.scope.scope,
      created_at: at,
      disabled: 0,
    });
    await createHoldRepository(store.db, store.bulk).audit(trx, {
      at,
      actor: input.actor,
      action: 'user_add',
      run_id: null,
      scope: formatOperatorScope(input.scope),
      details_json: JSON.stringify({ login }),
    });
  });
}

export async function addToken(
  store: Store,
  input: { scope: OperatorScope; label: string; actor: string; now: Date },
): Promise<{ id: string; token: string }> {
  const made = newApiToken();
  const at = input.now.toISOString();
  await store.db.transaction().execute(async (trx) => {
    await createOperatorRepository(trx).addToken({
      id: made.id,
      secret_hash: made.secretHash,
      role: input.scope.role,
      scope: input.scope.scope,
      label: input.label,
      created_at: at,
      last_used_at: null,
      revoked_at: null,
    });
    await createHoldRepository(store.db, store.bulk).audit(trx, {
      at,
      actor: input.actor,
      action: 'token_add',
      run_id: null,
      scope: formatOperatorScope(input.scope),
      details_json: JSON.stringify({ token_id: made.id, label: input.label }),
    });
  });
  return { id: made.id, token: made.token };
}
