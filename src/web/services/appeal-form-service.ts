// Input checking for appeals (issue 10): what a person writes on Cek Akun, and what an operator decides
// in the console or the API. A problem names the field only, so the page can say what to fix.
import type { AppealDeps } from '../../appeals/appeal-steps.js';
import {
  APPEAL_DECISIONS,
  APPEAL_MESSAGE_MAX,
  APPEAL_NOTE_MAX,
  type AppealDecision,
} from '../../domain/appeals.js';
import { AppError } from '../../errors.js';
import type { AppealField } from '../views/appeal-parts.js';
import type { WebDeps } from '../web-types.js';

export function appealDepsOf(deps: WebDeps): AppealDeps {
  return { store: deps.store, policy: deps.config.policy, lang: deps.config.lang, now: deps.now };
}

export type AppealFormCheck =
  | { ok: true; value: { message: string; contactEmail: string | null } }
  | { ok: false; errors: AppealField[]; typed: { message: string; email: string } };

/** Printable text, tabs and line breaks; any other control character (a NUL, an escape) is refused. */
function hasControl(text: string): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if ((code < 0x20 && code !== 0x0a && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}
/** A plain address: no spaces, quotes or brackets, a dotted domain. Stricter than RFC 5322 on purpose. */
const EMAIL = /^[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})+$/;

export function readAppealForm(body: Record<string, unknown>): AppealFormCheck {
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
  const message = text('isi').replace(/\r\n?/g, '\n').trim();
  const email = text('email').trim();
  const errors: AppealField[] = [];
  const length = [...message].length;
  if (length === 0 || length > APPEAL_MESSAGE_MAX || hasControl(message)) errors.push('message');
  if (email !== '' && (email.length > 254 || !EMAIL.test(email))) errors.push('email');
  if (errors.length > 0) {
    return {
      ok: false,
      errors,
      typed: { message: [...message].slice(0, APPEAL_MESSAGE_MAX).join(''), email: email.slice(0, 254) },
    };
  }
  return { ok: true, value: { message, contactEmail: email === '' ? null : email } };
}

export interface DecisionRequest {
  decision: AppealDecision;
  note: string | null;
}

/** A decision from a form or a JSON body: `decision` is data_correct or correcting, `note` optional. */
export function readDecision(decision: unknown, note: unknown): DecisionRequest {
  if (typeof decision !== 'string' || !(APPEAL_DECISIONS as readonly string[]).includes(decision)) {
    throw new AppError('bad_input', `decision must be one of ${APPEAL_DECISIONS.join(', ')}`);
  }
  if (note !== undefined && note !== null && typeof note !== 'string') {
    throw new AppError('bad_input', 'note must be text');
  }
  const text = typeof note === 'string' ? note.replace(/\r\n?/g, '\n').trim() : '';
  if ([...text].length > APPEAL_NOTE_MAX || hasControl(text)) {
    throw new AppError('bad_input', `note must be plain text of at most ${APPEAL_NOTE_MAX} characters`);
  }
  return { decision: decision as AppealDecision, note: text === '' ? null : text };
}
