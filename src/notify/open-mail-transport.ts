// Wires the mail port to its adapter from the configuration, in one place (STYLE 4).
import { join } from 'node:path';
import type { MailTransport } from './mail-transport.js';
import { createMailboxTransport } from './mailbox-transport.js';
import { createSmtpTransport } from './smtp-transport.js';

export interface MailSettings {
  smtpUrl: string | undefined;
  dataDir: string;
  mailRatePerSecond: number | undefined;
  mailMaxConnections: number;
}

/** Chooses the adapter from the configuration: SMTP when a URL is set, the local mailbox otherwise. */
export function openMailTransport(settings: MailSettings): MailTransport {
  if (settings.smtpUrl !== undefined) {
    return createSmtpTransport({
      url: settings.smtpUrl,
      maxConnections: settings.mailMaxConnections,
      ratePerSecond: settings.mailRatePerSecond,
    });
  }
  return createMailboxTransport({ dir: mailboxDir(settings.dataDir) });
}

/** The local mailbox: one `.eml` per message. The web UI reads the same folder. */
export function mailboxDir(dataDir: string): string {
  return join(dataDir, 'mail');
}
