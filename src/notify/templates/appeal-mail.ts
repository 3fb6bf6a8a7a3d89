// The appeal mails (issue 10). What the person wrote reaches the HTML only as text nodes, so it is
// escaped like every other value (mail-node.ts); its line breaks are kept as separate lines.

import { addDays } from '../../domain/dates.js';
import type { AccountRole, Jenjang } from '../../domain/policy.js';
import { type AppealMailOutcome, type AppealOutcomeContext, appealCopy } from './appeal-copy.js';
import { formatDate, jenjangLabel, type Lang, reasonLabel, roleLabel } from './mail-format.js';
import {
  bulletList,
  factTable,
  footnote,
  mailDocument,
  paragraph,
  section,
  signature,
  stepList,
  title,
} from './mail-layout.js';
import { h, type MailChild, renderHtml, renderText } from './mail-node.js';
import type { ComposedMail, PersonKind } from './mail-types.js';
import { personCopy } from './person-mail.js';
import { uniqueAddresses } from './recipients.js';

export interface AppealFiledMailInput {
  lang: Lang;
  school: { npsn: string; nama: string };
  adminAddresses: string[];
  noticeDays: number;
  appeal: {
    id: number;
    kind: PersonKind;
    nama: string;
    address: string;
    role: string;
    jenjang: string;
    accountStatus: string;
    reason: string | null;
    suspendOn: string | null;
    deleteOn: string | null;
    message: string;
    filedOn: string;
    holdUntil: string;
  };
}

export interface AppealOutcomeMailInput {
  lang: Lang;
  outcome: AppealMailOutcome;
  person: { kind: PersonKind; nama: string };
  /** The account address and the contact email the person gave, if any. */
  to: string[];
  address: string;
  schoolName: string;
  filedOn: string;
  holdUntil: string;
  /** The account's status and schedule from now on. */
  accountStatus: string;
  suspendOn: string | null;
  deleteOn: string | null;
  /** What the deciding operator wrote for the person, if anything. */
  note: string | null;
}

/** To the school's active admin accounts, at once: who appealed, what they wrote, what to check. */
export function composeAppealFiledMail(input: AppealFiledMailInput): ComposedMail | null {
  const to = uniqueAddresses(input.adminAddresses);
  if (to.length === 0) return null;
  const copy = appealCopy(input.lang).filed;
  const { appeal, lang } = input;
  const date = (d: string | null) => (d ? formatDate(d, lang) : '');
  const context = {
    ...appeal,
    school: input.school.nama,
    npsn: input.school.npsn,
    filedOn: date(appeal.filedOn),
    holdUntil: date(appeal.holdUntil),
    reason: reasonLabel(appeal.reason, lang),
    noticeDays: input.noticeDays,
  };
  const subject = copy.subject(appeal.nama, input.school.nama);
  const status = appeal.accountStatus === 'suspended' ? copy.statuses.suspended : copy.statuses.deactivating;
  const l = copy.labels;
  const doc = mailDocument({
    lang,
    title: subject,
    content: [
      title(subject),
      paragraph(copy.greeting),
      section(
        copy.heading(appeal.id),
        paragraph(copy.intro(context)),
        factTable([
          [l.nama, appeal.nama],
          [l.address, appeal.address],
          [l.role, roleWords(appeal.role, appeal.jenjang, lang)],
          [l.status, status],
          [l.reason, context.reason],
          [l.suspend, appeal.accountStatus === 'suspended' ? '' : date(appeal.suspendOn)],
          [l.remove, date(appeal.deleteOn)],
          [l.filedOn, context.filedOn],
          [l.holdUntil, context.holdUntil],
        ]),
      ),
      section(copy.wroteHeading, quoted(appeal.message)),
      section(copy.checkHeading, bulletList(copy.check(context))),
      section(
        copy.decideHeading,
        copy.decide(context).map((line) => paragraph(line)),
      ),
      signature(copy.signature),
      footnote(copy.footnote),
    ],
  });
  return { template: 'appeal_filed', to, subject, text: renderText(doc), html: renderHtml(doc) };
}

/** To the person (the account and the contact email they gave): how the appeal was decided or ended. */
export function composeAppealOutcomeMail(input: AppealOutcomeMailInput): ComposedMail | null {
  const to = uniqueAddresses(input.to);
  if (to.length === 0) return null;
  const { lang } = input;
  const copy = appealCopy(lang);
  const person = personCopy(lang);
  const date = (d: string | null) => (d ? formatDate(d, lang) : '');
  const context: AppealOutcomeContext = {
    kind: input.person.kind,
    address: input.address,
    school: input.schoolName,
    filedOn: date(input.filedOn),
    holdUntil: date(input.holdUntil),
    lastDay: input.suspendOn ? date(addDays(input.suspendOn, -1)) : '',
    suspend: date(input.suspendOn),
    remove: date(input.deleteOn),
    suspended: input.accountStatus === 'suspended',
  };
  const text = copy.outcome[input.outcome](context);
  const doc = mailDocument({
    lang,
    title: text.subject,
    content: [
      title(text.subject),
      paragraph(person.greeting(input.person.kind, input.person.nama)),
      section(
        text.heading,
        text.body.map((line) => paragraph(line)),
        input.note ? [paragraph(h('strong', null, `${copy.noteLabel}:`)), quoted(input.note)] : null,
        stepList(copy.nextSteps(input.person.kind), text.steps),
      ),
      signature(person.signature),
      footnote(person.footnote),
    ],
  });
  return {
    template: `appeal_outcome.${input.outcome}`,
    to,
    subject: text.subject,
    text: renderText(doc),
    html: renderHtml(doc),
  };
}

/** A person's own words: one paragraph per non-empty line, each only text. */
function quoted(message: string): MailChild {
  const lines = message
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return h(
    'div',
    { style: 'margin:0 0 16px;padding:8px 12px;background-color:#f3f4f6;' },
    lines.map((line) => h('p', { style: 'margin:0 0 8px;' }, line)),
  );
}

function roleWords(role: string, jenjang: string, lang: Lang): string {
  return `${roleLabel(role as AccountRole, lang)}, ${jenjangLabel(jenjang as Jenjang, lang)}`;
}
