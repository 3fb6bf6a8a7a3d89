// Mail templates: pure functions from events and people to finished messages (text and HTML).

export { APPEAL_MAIL_OUTCOMES, type AppealMailOutcome } from './appeal-copy.js';
export {
  type AppealFiledMailInput,
  type AppealOutcomeMailInput,
  composeAppealFiledMail,
  composeAppealOutcomeMail,
} from './appeal-mail.js';
export { type DigestCopy, digestCopy } from './digest-copy.js';
export { NOTIFIED_EVENT_TYPES } from './event-sections.js';
export {
  BRAND,
  DEFAULT_LANG,
  formatDate,
  isDeathReason,
  jenjangLabel,
  LANGS,
  type Lang,
  normaliseReason,
  reasonLabel,
  roleLabel,
} from './mail-format.js';
export {
  escapeHtml,
  h,
  MAIL_TAGS,
  type MailAttrs,
  type MailChild,
  type MailElement,
  type MailNode,
  type MailTag,
  renderHtml,
  renderText,
} from './mail-node.js';
export type {
  ComposedMail,
  DigestAppeal,
  DigestHold,
  DigestItem,
  MailEvent,
  PersonKind,
  PersonMailInput,
  SchoolDigestInput,
} from './mail-types.js';
export { PD_DEACTIVATION_REASONS, PTK_DEACTIVATION_REASONS } from './person-copy.js';
export { composePersonMail, type PersonMailHead, personMailHead } from './person-mail.js';
export { uniqueAddresses } from './recipients.js';
export { composeSchoolDigest, DIGEST_LIST_LIMIT, digestOrder } from './school-digest.js';
