// The console's mail pages: outbox health in the caller's scope, and — when no SMTP server is
// configured — the local mailbox the MailboxTransport writes (`<dataDir>/mail/<message id>.eml`).
// A file name from the URL is accepted only in the exact shape emlFileName() produces, and must name
// a regular file directly inside the mailbox folder, so no path can reach anything else.
import { lstat, readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import type { OperatorScope } from '../../domain/operator-scope.js';
import { AppError } from '../../errors.js';
import { createMailViewRepository, type OutboxFailureRow } from '../../store/mail-view-repository.js';
import { OUTBOX_STATUSES, type OutboxStatus } from '../../store/outbox-repository.js';
import type { Store } from '../../store/store.js';

export { OUTBOX_STATUSES, type OutboxStatus };

export interface ChannelHealth {
  channel: string;
  counts: Record<OutboxStatus, number>;
  oldestPendingAt: string | null;
  oldestPendingAgeSeconds: number | null;
}

export interface OutboxOverview {
  channels: ChannelHealth[];
  failures: OutboxFailureRow[];
}

export const RECENT_FAILURES = 20;
export const MAILBOX_PAGE_SIZE = 50;

export async function outboxOverview(store: Store, scope: OperatorScope, now: Date): Promise<OutboxOverview> {
  const repo = createMailViewRepository(store.db);
  const [counts, oldest, failures] = await Promise.all([
    repo.countsByChannel(scope),
    repo.oldestPending(scope),
    repo.recentFailures(scope, RECENT_FAILURES),
  ]);
  const byChannel = new Map<string, ChannelHealth>();
  // 'mail' is always listed, so an empty outbox still shows its zeros.
  const channelOf = (channel: string) => {
    let health = byChannel.get(channel);
    if (!health) {
      health = {
        channel,
        counts: { pending: 0, sending: 0, sent: 0, failed: 0 },
        oldestPendingAt: null,
        oldestPendingAgeSeconds: null,
      };
      byChannel.set(channel, health);
    }
    return health;
  };
  channelOf('mail');
  for (const row of counts) {
    if ((OUTBOX_STATUSES as readonly string[]).includes(row.status))
      channelOf(row.channel).counts[row.status as OutboxStatus] += row.count;
  }
  for (const row of oldest) {
    const health = channelOf(row.channel);
    health.oldestPendingAt = row.oldest;
    health.oldestPendingAgeSeconds = Math.max(0, Math.floor((now.getTime() - Date.parse(row.oldest)) / 1000));
  }
  const channels = [...byChannel.values()].sort((a, b) => a.channel.localeCompare(b.channel));
  return { channels, failures };
}

/** What emlFileName() writes: no slash, no leading dot, no '..', ending in .eml. */
const MAILBOX_FILE = /^[A-Za-z0-9_@+-][A-Za-z0-9._@+-]{0,250}\.eml$/;

export function isMailboxFileName(name: string): boolean {
  return MAILBOX_FILE.test(name) && !name.includes('..');
}

export function mailboxDir(dataDir: string): string {
  return resolve(dataDir, 'mail');
}

export interface MailboxEntry {
  file: string;
  /** The Date header, or the file's time when the header is missing. */
  date: string;
  to: string;
  subject: string;
}

export interface MailboxPage {
  entries: MailboxEntry[];
  total: number;
  page: number;
  pages: number;
}

/** The mailbox's messages, newest first, one page at a time; only that page's files are parsed. */
export async function listMailbox(dataDir: string, page: number): Promise<MailboxPage> {
  const dir = mailboxDir(dataDir);
  const files = await mailboxFiles(dir);
  const pages = Math.max(1, Math.ceil(files.length / MAILBOX_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const slice = files.slice((current - 1) * MAILBOX_PAGE_SIZE, current * MAILBOX_PAGE_SIZE);
  const entries = await Promise.all(
    slice.map(async ({ name, mtime }) => {
      const mail = await parse(join(dir, name));
      return {
        file: name,
        date: (mail.date ?? mtime).toISOString(),
        to: addressText(mail.to),
        subject: mail.subject ?? '',
      };
    }),
  );
  return { entries, total: files.length, page: current, pages };
}

async function mailboxFiles(dir: string): Promise<{ name: string; mtime: Date }[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const stats = await Promise.all(
    names.filter(isMailboxFileName).map(async (name) => {
      const stat = await lstat(join(dir, name)).catch(() => null);
      return stat?.isFile() ? { name, mtime: stat.mtime } : null;
    }),
  );
  return stats
    .filter((s): s is { name: string; mtime: Date } => s !== null)
    .sort((a, b) => b.mtime.getTime() - a.mtime.getTime() || b.name.localeCompare(a.name));
}

export interface MailboxMessage {
  file: string;
  from: string;
  to: string;
  subject: string;
  date: string | null;
  messageId: string;
  text: string;
  html: string | null;
}

/** One message of the mailbox; not_found for any name that is not a mailbox file. */
export async function readMailboxMessage(dataDir: string, file: string): Promise<MailboxMessage> {
  const dir = mailboxDir(dataDir);
  const path = resolve(dir, file);
  if (!isMailboxFileName(file) || dirname(path) !== dir) throw new AppError('not_found', 'no such message');
  const stat = await lstat(path).catch(() => null);
  if (!stat?.isFile()) throw new AppError('not_found', 'no such message');
  const mail = await parse(path);
  return {
    file,
    from: addressText(mail.from),
    to: addressText(mail.to),
    subject: mail.subject ?? '',
    date: mail.date ? mail.date.toISOString() : null,
    messageId: mail.messageId ?? '',
    text: mail.text ?? '',
    html: typeof mail.html === 'string' ? mail.html : null,
  };
}

async function parse(path: string): Promise<ParsedMail> {
  return simpleParser(await readFile(path), { skipImageLinks: true, skipTextLinks: true });
}

function addressText(value: AddressObject | AddressObject[] | undefined): string {
  if (!value) return '';
  return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(', ');
}
