// SMTP delivery through nodemailer's pool: a few long-lived connections shared by every concurrent send,
// and nodemailer's own rate limiter. Errors become MailSendError: a 5xx reply is permanent, a 4xx reply,
// a lost connection or a timeout is temporary.
import { createTransport } from 'nodemailer';
import { MailSendError, type MailTransport, type OutgoingMail, type SendResult } from './mail-transport.js';

export interface SmtpTransportOptions {
  /** `smtp://[user:pass@]host:port` or `smtps://…`; query options (e.g. `?tls.rejectUnauthorized=false`) pass through. */
  url: string;
  /** Connections the pool keeps open; default 5. */
  maxConnections?: number | undefined;
  /** Messages per second over all connections; undefined is unlimited. */
  ratePerSecond?: number | undefined;
}

/**
 * Failures that say nothing about the message: wrong credentials or settings. Retrying later (after an
 * operator fixes them) delivers it, so they are temporary even when the server answered 5xx (535 for a
 * bad password would otherwise fail every message in the outbox).
 */
const CONFIGURATION_CODES = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2', 'ECONFIG', 'ETLS', 'EREQUIRETLS']);

interface SmtpErrorShape {
  code?: string;
  message?: string;
  response?: string;
  responseCode?: number;
  permanent?: boolean;
  rejectedErrors?: SmtpErrorShape[];
}

export function createSmtpTransport(options: SmtpTransportOptions): MailTransport {
  const transporter = createTransport({
    url: options.url,
    pool: true,
    maxConnections: options.maxConnections ?? 5,
    ...rateOptions(options.ratePerSecond),
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 120_000,
    // Payloads are composed text; nothing in them may make the transport read files or fetch URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
    // nodemailer's debug log would print message bodies and addresses.
    logger: false,
    debug: false,
  });
  let closed = false;
  return {
    description: describeSmtpUrl(options.url),
    async send(msg: OutgoingMail): Promise<SendResult> {
      try {
        const info = await transporter.sendMail({
          messageId: msg.messageId,
          from: msg.from,
          to: msg.to,
          subject: msg.subject,
          text: msg.text,
          html: msg.html,
        });
        return sendResult(info);
      } catch (error) {
        throw classifySmtpError(error);
      }
    },
    close(): Promise<void> {
      if (!closed) {
        closed = true;
        transporter.close();
      }
      return Promise.resolve();
    },
  };
}

function sendResult(info: { accepted: unknown[]; rejected: unknown[]; response: string }): SendResult {
  const rejected = info.rejected.length;
  // Some recipients refused, the rest accepted: the message went out and must not be sent again.
  const note = rejected > 0 ? `; ${rejected} of ${rejected + info.accepted.length} recipients refused` : '';
  return { accepted: info.accepted.length > 0, response: `${info.response}${note}` };
}

/** nodemailer's rateLimit is a whole number of messages per rateDelta milliseconds. */
function rateOptions(perSecond: number | undefined): { rateLimit?: number; rateDelta?: number } {
  if (perSecond === undefined) return {};
  if (perSecond >= 1) return { rateLimit: Math.floor(perSecond), rateDelta: 1000 };
  return { rateLimit: 1, rateDelta: Math.round(1000 / perSecond) };
}

/** Maps whatever nodemailer threw to a MailSendError, by code and reply class, never by message text. */
export function classifySmtpError(error: unknown): MailSendError {
  if (error instanceof MailSendError) return error;
  const e = (
    typeof error === 'object' && error !== null ? error : { message: String(error) }
  ) as SmtpErrorShape;
  const replied = e.response !== undefined ? e : (e.rejectedErrors?.find((r) => r.response) ?? e);
  const code = replied.responseCode;
  const response = replied.response ?? `${e.code ?? 'ERROR'}: ${e.message ?? 'unknown error'}`;
  if (e.code !== undefined && CONFIGURATION_CODES.has(e.code))
    return new MailSendError(response, false, code);
  const permanent = replied.permanent ?? (code !== undefined && code >= 500 && code !== 503);
  return new MailSendError(response, permanent, code);
}

/** The URL without credentials or query, for logs and reports. */
export function describeSmtpUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}`;
  } catch {
    return 'smtp (unparsable URL)';
  }
}
