// What a 'mail' outbox row carries: the message already composed when the row was written, in the same
// transaction as the account change. The worker only checks its shape and sends it.

export const MAIL_LANGS = ['id', 'en'] as const;
export type MailLang = (typeof MAIL_LANGS)[number];

export interface MailPayload {
  template: string;
  lang: MailLang;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** The outbox channel of mail rows (the other one, 'provision', belongs to the provisioning worker). */
export const MAIL_CHANNEL = 'mail';

export type PayloadCheck = { ok: true; payload: MailPayload } | { ok: false; problem: string };

/**
 * Parses `payload_json`. A problem names the field, never its value: payloads hold addresses and
 * message bodies, which stay out of logs and out of `last_error`.
 */
export function parseMailPayload(json: string): PayloadCheck {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, problem: 'payload is not valid JSON' };
  }
  if (typeof value !== 'object' || value === null) return { ok: false, problem: 'payload is not an object' };
  const p = value as Record<string, unknown>;
  for (const field of ['template', 'subject', 'text', 'html'] as const) {
    if (typeof p[field] !== 'string') return { ok: false, problem: `payload.${field} is not a string` };
  }
  if (!MAIL_LANGS.includes(p.lang as MailLang)) return { ok: false, problem: 'payload.lang is not id or en' };
  const to = p.to;
  if (!Array.isArray(to) || to.length === 0 || !to.every((a) => typeof a === 'string' && a !== '')) {
    return { ok: false, problem: 'payload.to is not a non-empty list of addresses' };
  }
  return { ok: true, payload: p as unknown as MailPayload };
}
