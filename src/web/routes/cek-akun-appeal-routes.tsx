// POST /cek-akun/banding: "Data saya salah" from a found account on Cek Akun (issue 10). Public, like
// the look-up, and counted by the look-up's limits. The identity proof is the look-up itself: the form
// carries the look-up's facts sealed (security/appeal-proof.ts), and the look-up runs again on submit;
// the appeal is filed only for an account that look-up still finds.
import type { Context, Hono } from 'hono';
import { fileAppeal } from '../../appeals/appeal-service.js';
import { AppError } from '../../errors.js';
import { AppealProofs } from '../security/appeal-proof.js';
import { appealDepsOf, readAppealForm } from '../services/appeal-form-service.js';
import { type AccountStatusView, type CekAkunInput, lookUpAccounts } from '../services/cek-akun-service.js';
import type { FoundAppeals } from '../views/appeal-parts.js';
import type { AppEnv } from '../web-types.js';
import { type CekAkunLimiters, cekAkunPage, limitOf } from './cek-akun-answers.js';

type Ctx = Context<AppEnv>;

function proofsOf(c: Ctx): AppealProofs {
  return new AppealProofs(c.var.deps.masterKey, c.var.deps.now);
}

/** The appeal forms of a found answer: a proof for each account that may be appealed. */
export function appealsOf(c: Ctx, input: CekAkunInput, accounts: AccountStatusView[]): FoundAppeals {
  const proofs = proofsOf(c);
  const sealed: Record<number, string> = {};
  for (const a of accounts) if (a.canAppeal) sealed[a.id] = proofs.seal({ input, accountId: a.id });
  return { proofs: sealed, holdDays: c.var.deps.config.policy.appealHoldDays };
}

export function registerCekAkunAppeal(app: Hono<AppEnv>, limiters: CekAkunLimiters): void {
  app.post('/cek-akun/banding', async (c) => {
    const { deps } = c.var;
    const body = await c.req.parseBody();
    const proof = proofsOf(c).open(body.proof);
    const limited = limitOf(c, limiters, proof?.input.npsn ?? null);
    if (limited) return limited;
    if (!proof) return cekAkunPage(c, { kind: 'appeal_invalid' }, 400);
    const found = await lookUpAccounts(deps.store, deps.config.policy, proof.input);
    const account = found.found ? found.accounts.find((a) => a.id === proof.accountId) : undefined;
    if (!found.found || !account) return cekAkunPage(c, { kind: 'appeal_invalid' }, 400);
    const form = readAppealForm(body);
    if (!form.ok) {
      const appeals = appealsOf(c, proof.input, found.accounts);
      const shown = { accountId: account.id, errors: form.errors, typed: form.typed };
      return cekAkunPage(
        c,
        { kind: 'found', accounts: found.accounts, appeals: { ...appeals, form: shown } },
        400,
      );
    }
    try {
      await fileAppeal(appealDepsOf(deps), { accountId: account.id, ...form.value });
    } catch (error) {
      if (!(error instanceof AppError) || (error.code !== 'conflict' && error.code !== 'refused'))
        throw error;
      const reason =
        error.code === 'refused' ? 'not_pending' : error.details.reason === 'decided' ? 'decided' : 'open';
      return cekAkunPage(c, { kind: 'appeal_refused', reason }, 409);
    }
    const after = await lookUpAccounts(deps.store, deps.config.policy, proof.input);
    const accounts = after.found ? after.accounts : found.accounts;
    const appeals = { ...appealsOf(c, proof.input, accounts), filed: account.id };
    return cekAkunPage(c, { kind: 'found', accounts, appeals }, 200);
  });
}
