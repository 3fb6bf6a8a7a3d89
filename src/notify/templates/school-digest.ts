// The per-run digest to a school's admin accounts: who joined, moved and left (deaths included,
// since the person's own mail is never sent), what is held, and the credentials waiting.
import type { DigestCopy } from './digest-copy.js';
import { digestCopy } from './digest-copy.js';
import { formatDate, type Lang, reasonLabel } from './mail-format.js';
import {
  bulletList,
  footnote,
  mailDocument,
  paragraph,
  section,
  signature,
  strong,
  title,
} from './mail-layout.js';
import { type MailChild, renderHtml, renderText } from './mail-node.js';
import type { ComposedMail, DigestHold, DigestItem, SchoolDigestInput } from './mail-types.js';
import { uniqueAddresses } from './recipients.js';

/** Names listed per group before the rest are summarised by a count. */
export const DIGEST_LIST_LIMIT = 200;
const DEACTIVATIONS: ReadonlySet<string> = new Set(['ptk_deactivated', 'pd_deactivated']);

export function composeSchoolDigest(input: SchoolDigestInput): ComposedMail | null {
  const to = uniqueAddresses(input.adminAddresses);
  const totals = {
    joined: input.totals?.joined ?? input.joined.length,
    moved: input.totals?.moved ?? input.moved.length,
    left: input.totals?.left ?? input.left.length,
  };
  const quiet =
    totals.joined + totals.moved + totals.left + input.held.length === 0 && input.newCredentials <= 0;
  if (to.length === 0 || quiet) return null;
  const copy = digestCopy(input.lang);
  const date = formatDate(input.effectiveDate, input.lang);
  const subject = copy.subject(input.school.nama, date);
  const doc = mailDocument({
    lang: input.lang,
    title: subject,
    content: [
      title(subject),
      paragraph(copy.greeting),
      paragraph(copy.intro(input.school.nama, input.school.npsn, input.runId, date)),
      input.newCredentials > 0 &&
        section(copy.credentialsHeading, paragraph(copy.credentials(input.newCredentials))),
      heldPart(input, copy),
      appealsPart(input, copy),
      itemsPart(copy.joined(totals.joined), input.joined, totals.joined, input, copy),
      itemsPart(copy.moved(totals.moved), input.moved, totals.moved, input, copy),
      itemsPart(copy.left(totals.left), input.left, totals.left, input, copy),
      paragraph(copy.closing),
      signature(copy.signature),
      footnote(copy.footnote),
    ],
  });
  return { template: 'school_digest', to, subject, text: renderText(doc), html: renderHtml(doc) };
}

function heldPart(input: SchoolDigestInput, copy: DigestCopy): MailChild {
  if (input.held.length === 0) return null;
  const lines = input.held.map((hold) =>
    copy.held(
      hold.count,
      scopeLabel(hold, input.school.npsn, copy),
      copy.heldReasons[hold.reason] ?? hold.reason,
    ),
  );
  return section(copy.heldHeading, bulletList(lines), paragraph(copy.heldNote));
}

function appealsPart(input: SchoolDigestInput, copy: DigestCopy): MailChild {
  const appeals = input.appeals ?? [];
  if (appeals.length === 0) return null;
  const date = (d: string) => formatDate(d, input.lang);
  const lines = appeals.map((a): MailChild[] => [
    strong(a.nama),
    ` — ${a.address} · ${copy.appeal(a.id, a.status, date(a.filedOn), date(a.holdUntil))}`,
  ]);
  return section(copy.appealsHeading(appeals.length), bulletList(lines), paragraph(copy.appealsNote));
}

function scopeLabel(hold: DigestHold, npsn: string, copy: DigestCopy): string {
  const [kind, code = ''] = hold.scope.split(':', 2);
  if (kind === 'run') return copy.wholeRun;
  if (kind === 'provinsi') return copy.province(code);
  if (kind === 'sekolah') return code === npsn ? copy.thisSchool : copy.otherSchool(code);
  return hold.scope;
}

function itemsPart(
  heading: string,
  items: DigestItem[],
  total: number,
  input: SchoolDigestInput,
  copy: DigestCopy,
): MailChild {
  if (total === 0) return null;
  const limit = Math.max(1, input.listLimit ?? DIGEST_LIST_LIMIT);
  const listed = [...items].sort(digestOrder(input.lang));
  const shown: MailChild[] = listed.slice(0, limit).map((item) => itemLine(item, input.lang, copy));
  if (total > limit) shown.push(copy.more(total - limit));
  return section(heading, bulletList(shown));
}

/**
 * By name, then address: an admin finds a person at a glance, and the list (and which names make the
 * cut of a long one) does not depend on the order the run reached the persons in, which follows its
 * partitions (issue 7).
 */
export function digestOrder(lang: Lang): (a: DigestItem, b: DigestItem) => number {
  const collator = new Intl.Collator(lang, { sensitivity: 'base', numeric: true });
  const exact = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return (a, b) =>
    collator.compare(a.nama, b.nama) ||
    exact(a.nama, b.nama) ||
    exact(a.address, b.address) ||
    exact(a.type, b.type) ||
    exact(a.reason ?? '', b.reason ?? '') ||
    exact(a.detail ?? '', b.detail ?? '');
}

function itemLine(item: DigestItem, lang: Lang, copy: DigestCopy): MailChild[] {
  const parts = [item.address, itemLabel(item, lang, copy), item.detail ?? ''].filter((part) => part !== '');
  return [strong(item.nama), parts.length > 0 ? ` — ${parts.join(' · ')}` : ''];
}

/** A leaver is described by the reason; anyone else by what happened, and the reason if any. */
function itemLabel(item: DigestItem, lang: Lang, copy: DigestCopy): string {
  const type = copy.types[item.type] ?? '';
  const reason = reasonLabel(item.reason, lang);
  if (DEACTIVATIONS.has(item.type)) return reason || type;
  return [type, reason].filter((part) => part !== '').join(' · ');
}
