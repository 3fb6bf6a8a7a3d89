// One message per person per run: every notified event of that person becomes a part of it, and
// the recipients are the union of what each part needs.
import { type PersonSection, sectionFor } from './event-sections.js';
import { isDeathReason, type Lang } from './mail-format.js';
import {
  factTable,
  footnote,
  mailDocument,
  paragraph,
  section,
  signature,
  stepList,
  title,
} from './mail-layout.js';
import { constNode, type MailElement, renderHtml, renderText } from './mail-node.js';
import type { ComposedMail, PersonKind, PersonMailInput } from './mail-types.js';
import type { PersonCopy } from './person-copy.js';
import { PERSON_COPY_EN } from './person-copy-en.js';
import { PERSON_COPY_ID } from './person-copy-id.js';
import { uniqueAddresses } from './recipients.js';

const COPY: Readonly<Record<Lang, PersonCopy>> = { id: PERSON_COPY_ID, en: PERSON_COPY_EN };

export function personCopy(lang: Lang): PersonCopy {
  return COPY[lang] ?? PERSON_COPY_ID;
}

/** Who a person's mail goes to, under which subject and main template: no rendering. */
export interface PersonMailHead {
  template: string;
  to: string[];
  subject: string;
}

interface Parts extends PersonMailHead {
  copy: PersonCopy;
  sections: PersonSection[];
}

function partsOf(input: PersonMailInput): Parts | null {
  if (input.events.some((event) => isDeathReason(event.reason))) return null;
  const copy = personCopy(input.lang);
  const env = {
    lang: input.lang,
    kind: input.person.kind,
    personalEmail: input.person.personalEmail,
    schoolName: input.schoolName,
    noticeDays: input.noticeDays,
    retentionDays: input.retentionDays,
    copy,
  };
  const sections = input.events
    .map((event) => sectionFor(event, env))
    .filter((part): part is PersonSection => part !== null);
  const to = uniqueAddresses(sections.flatMap((part) => part.recipients));
  const first = sections[0];
  if (!first || to.length === 0) return null;
  const single = sections.length === 1;
  return {
    template: single ? first.template : 'combined',
    to,
    subject: single ? first.text.subject : copy.combinedSubject,
    copy,
    sections,
  };
}

/**
 * Whether a person gets mail, and its recipients and subject, without rendering it: what a run
 * stores in the outbox beside the facts the body is rendered from at delivery (notify/mail-payload.ts).
 */
export function personMailHead(input: PersonMailInput): PersonMailHead | null {
  const parts = partsOf(input);
  return parts && { template: parts.template, to: parts.to, subject: parts.subject };
}

/**
 * The mail for one person, or null when there is nothing to tell them or nowhere to send it.
 * A death anywhere among the events sends nothing at all: only the school's digest mentions it.
 */
export function composePersonMail(input: PersonMailInput): ComposedMail | null {
  const parts = partsOf(input);
  if (!parts) return null;
  const { copy, sections, subject } = parts;
  const doc = mailDocument({
    lang: input.lang,
    title: subject,
    content: [
      title(subject),
      paragraph(copy.greeting(input.person.kind, input.person.nama)),
      paragraph(copy.intro(input.person.kind, sections.length)),
      sections.map((part) => sectionNode(part, copy, input.person.kind)),
      ...closingOf(copy),
    ],
  });
  return {
    template: parts.template,
    to: parts.to,
    subject,
    text: renderText(doc),
    html: renderHtml(doc),
  };
}

const closings = new WeakMap<PersonCopy, readonly MailElement[]>();

/** The signature and footnote are the same in every message of a language: built and rendered once. */
function closingOf(copy: PersonCopy): readonly MailElement[] {
  let closing = closings.get(copy);
  if (!closing) {
    closing = [constNode(signature(copy.signature)), constNode(footnote(copy.footnote))];
    closings.set(copy, closing);
  }
  return closing;
}

function sectionNode(part: PersonSection, copy: PersonCopy, kind: PersonKind): MailElement {
  return section(
    part.text.heading,
    part.text.body.map((line) => paragraph(line)),
    factTable(part.facts),
    stepList(copy.nextSteps(kind), part.text.steps),
  );
}
