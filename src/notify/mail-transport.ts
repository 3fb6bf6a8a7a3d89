// The narrow port the outbox worker sends through (STYLE 3). Two adapters: pooled SMTP when an SMTP URL
// is configured (smtp-transport.ts), and the local mailbox under `<dataDir>/mail` otherwise
// (mailbox-transport.ts); open-mail-transport.ts chooses between them.
export interface OutgoingMail {
  /** With angle brackets, e.g. `<outbox-12@selaras.belajar.id>`: the same on every attempt. */
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface SendResult {
  accepted: boolean;
  /** The server's final reply (SMTP) or where the message was written (mailbox). */
  response: string;
}

export interface MailTransport {
  /** Resolves once the message is accepted; rejects with a MailSendError otherwise. */
  send(msg: OutgoingMail): Promise<SendResult>;
  /** Closes pooled connections; calling it again does nothing. */
  close(): Promise<void>;
  /** Where mail goes, safe to print: `smtp://host:port` without credentials, or the mailbox folder. */
  readonly description: string;
}

/**
 * A delivery that did not happen. `permanent` means sending the same message again would be refused
 * again (an SMTP 5xx reply); otherwise the worker retries later. `response` is the server's reply, or
 * the error code and message when there was no reply (a refused connection, a full disk).
 */
export class MailSendError extends Error {
  readonly permanent: boolean;
  readonly response: string;
  /** The SMTP reply code, when the server answered. */
  readonly responseCode: number | undefined;

  constructor(response: string, permanent: boolean, responseCode?: number) {
    super(response);
    this.name = 'MailSendError';
    this.permanent = permanent;
    this.response = response;
    this.responseCode = responseCode;
  }
}
