// /mail: outbox health in the caller's scope for every operator. The local mailbox (/mail/kotak) exists
// only while no SMTP server is configured, and opens for national operators only: its files are the
// whole country's mail, not sorted by region.
import type { Context, Hono } from 'hono';
import { AppError } from '../../errors.js';
import { requireRole } from '../security/guards.js';
import { listMailbox, outboxOverview, readMailboxMessage } from '../services/mail-view-service.js';
import { type Delivery, MailboxPage, MailPage, MessagePage } from '../views/mail-pages.js';
import { frameOf } from '../views/render.js';
import type { AppEnv } from '../web-types.js';

type Ctx = Context<AppEnv>;

export function registerMail(app: Hono<AppEnv>): void {
  app.get('/mail', async (c) => {
    const { deps, caller } = c.var;
    const overview = await outboxOverview(deps.store, caller.scope, deps.now());
    return c.html(<MailPage frame={frameOf(c)} overview={overview} delivery={deliveryOf(c)} />);
  });

  app.get('/mail/kotak', async (c) => {
    const dataDir = mailboxOpenTo(c);
    const listing = await listMailbox(dataDir, pageNumber(c.req.query('page')));
    return c.html(<MailboxPage frame={frameOf(c)} listing={listing} />);
  });

  app.get('/mail/kotak/:file', async (c) => {
    const dataDir = mailboxOpenTo(c);
    const message = await readMailboxMessage(dataDir, c.req.param('file'));
    c.header('Cache-Control', 'no-store');
    return c.html(<MessagePage frame={frameOf(c)} message={message} />);
  });
}

function deliveryOf(c: Ctx): Delivery {
  const smtpUrl = c.var.deps.config.smtpUrl;
  if (smtpUrl !== undefined) return { kind: 'smtp', server: serverOf(smtpUrl) };
  return { kind: 'mailbox', canOpen: c.var.caller.scope.role === 'nasional' };
}

/** `smtp://user:secret@host:25` → `smtp://host:25`: credentials never reach a page. */
function serverOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'SMTP';
  }
}

/** The mailbox folder's data directory, for a national operator while no SMTP is configured. */
function mailboxOpenTo(c: Ctx): string {
  if (c.var.deps.config.smtpUrl !== undefined)
    throw new AppError('not_found', 'mail goes over SMTP; there is no local mailbox');
  requireRole(c, 'nasional');
  return c.var.deps.config.dataDir;
}

function pageNumber(value: string | undefined): number {
  const n = Number(value ?? '1');
  return Number.isInteger(n) && n >= 1 ? n : 1;
}
