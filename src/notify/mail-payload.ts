// What a 'mail' outbox row carries, written in the same transaction as the account change. Two forms:
//   - rendered: the message itself (subject, text, html) — school digests and appeal mail;
//   - facts: a person's mail as what it says (the person, their events, the names of the schools
//     named), with its recipients and subject; the body is rendered when the row is read.
// A first national load queues one mail per person: rendered, each row held about 4.6 KB (70 % of
// the store) and rendering was a fifth of the load's time. The facts are about a seventh of that, and
// the templates are pure, so rendering at delivery gives the very same message.

import type { MailEvent, PersonKind, PersonMailInput } from './templates/mail-types.js';
import { composePersonMail } from './templates/person-mail.js';

export const MAIL_LANGS = ['id', 'en'] as const;
export type MailLang = (typeof MAIL_LANGS)[number];

/** A message ready to send. */
export interface MailPayload {
  template: string;
  lang: MailLang;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** What a person's mail is rendered from: PersonMailInput with the school names it needs, looked up. */
export interface PersonMailFacts {
  person: { kind: PersonKind; nama: string; personalEmail: string };
  events: MailEvent[];
  /** The name of every school the events name, by NPSN, as the run knew it. */
  schools: Record<string, string>;
  noticeDays: number;
  retentionDays: number;
}

/** The templates' input for these facts: the head is decided, and the body rendered, from the same. */
export function personMailInput(facts: PersonMailFacts, lang: MailLang): PersonMailInput {
  const { person, events, schools, noticeDays, retentionDays } = facts;
  return { lang, person, events, schoolName: (npsn) => schools[npsn] ?? npsn, noticeDays, retentionDays };
}

/** A person's mail as stored: its head (read by SQL for statistics and the mail views) and its facts. */
export interface MailFactsPayload {
  template: string;
  lang: MailLang;
  to: string[];
  subject: string;
  facts: PersonMailFacts;
}

/** The outbox channel of mail rows (the other one, 'provision', belongs to the provisioning worker). */
export const MAIL_CHANNEL = 'mail';

const HEAD = ['template', 'subject'] as const;

export type PayloadCheck = { ok: true; payload: MailPayload } | { ok: false; problem: string };

/**
 * Parses `payload_json`, rendering a payload stored as facts. A problem names the field, never its
 * value: payloads hold addresses and message bodies, which stay out of logs and out of `last_error`.
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
  const fields = p.facts === undefined ? (['template', 'subject', 'text', 'html'] as const) : HEAD;
  for (const field of fields) {
    if (typeof p[field] !== 'string') return { ok: false, problem: `payload.${field} is not a string` };
  }
  if (!MAIL_LANGS.includes(p.lang as MailLang)) return { ok: false, problem: 'payload.lang is not id or en' };
  const to = p.to;
  if (!Array.isArray(to) || to.length === 0 || !to.every((a) => typeof a === 'string' && a !== '')) {
    return { ok: false, problem: 'payload.to is not a non-empty list of addresses' };
  }
  if (p.facts !== undefined) return rendered(p as unknown as MailFactsPayload);
  return { ok: true, payload: p as unknown as MailPayload };
}

function rendered(stored: MailFactsPayload): PayloadCheck {
  const facts = stored.facts;
  if (typeof facts !== 'object' || facts === null)
    return { ok: false, problem: 'payload.facts is not an object' };
  const { person, events, schools } = facts;
  if (typeof person !== 'object' || person === null || typeof person.nama !== 'string') {
    return { ok: false, problem: 'payload.facts.person is not a person' };
  }
  if (!Array.isArray(events)) return { ok: false, problem: 'payload.facts.events is not a list' };
  if (typeof schools !== 'object' || schools === null) {
    return { ok: false, problem: 'payload.facts.schools is not an object' };
  }
  if (typeof facts.noticeDays !== 'number' || typeof facts.retentionDays !== 'number') {
    return { ok: false, problem: 'payload.facts notice or retention days are not numbers' };
  }
  const mail = composePersonMail(personMailInput(facts, stored.lang));
  if (!mail) return { ok: false, problem: 'payload.facts tell nothing to send' };
  // The head stored with the facts is what the run decided; the body is rendered under it.
  return {
    ok: true,
    payload: {
      template: stored.template,
      lang: stored.lang,
      to: stored.to,
      subject: stored.subject,
      text: mail.text,
      html: mail.html,
    },
  };
}
