// The embedded default (DESIGN 3.3): with no SMTP server configured, each message becomes one RFC 5322
// file `<dir>/<message id>.eml`, built by nodemailer's MailComposer exactly as it would go over SMTP.
// A file appears whole or not at all (temp file + rename), and a resend after a crash replaces the
// file of the same Message-ID instead of adding a second copy.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { MailSendError, type MailTransport, type OutgoingMail, type SendResult } from './mail-transport.js';

export interface MailboxTransportOptions {
  /** The mailbox folder, usually `<dataDir>/mail`; created on first use. */
  dir: string;
}

export function createMailboxTransport(options: MailboxTransportOptions): MailTransport {
  let ready: Promise<unknown> | undefined;
  return {
    description: `mailbox ${options.dir}`,
    async send(msg: OutgoingMail): Promise<SendResult> {
      const file = join(options.dir, emlFileName(msg.messageId));
      try {
        const raw = await composeMessage(msg);
        ready ??= mkdir(options.dir, { recursive: true });
        await ready;
        await writeAtomically(file, raw);
      } catch (error) {
        ready = undefined;
        const e = error as NodeJS.ErrnoException;
        throw new MailSendError(`${e.code ?? 'ERROR'}: cannot write ${file}`, false);
      }
      return { accepted: true, response: `written ${file}` };
    },
    close: () => Promise.resolve(),
  };
}

/** The whole message, headers and both parts, as it would travel over SMTP. */
export function composeMessage(msg: OutgoingMail): Promise<Buffer> {
  return new MailComposer({
    messageId: msg.messageId,
    from: msg.from,
    to: msg.to,
    subject: msg.subject,
    text: msg.text,
    html: msg.html,
    disableFileAccess: true,
    disableUrlAccess: true,
  })
    .compile()
    .build();
}

/** `<outbox-12@selaras.belajar.id>` → `outbox-12@selaras.belajar.id.eml`; anything unusual becomes `_`. */
export function emlFileName(messageId: string): string {
  const bare = messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._@+-]/g, '_');
  const safe = bare.replace(/^\.+/, '_') || 'message';
  return `${safe}.eml`;
}

async function writeAtomically(file: string, data: Buffer): Promise<void> {
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(data);
      // Durable before it is visible: a rename must never expose a file the disk has not got.
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
