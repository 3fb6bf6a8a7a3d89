// A real SMTP server in the test process (smtp-server on 127.0.0.1, a free port). It parses every
// message it accepts with mailparser, can be told to refuse the next messages with given replies, and
// counts connections so tests can see the pool at work.
import type { AddressInfo } from 'node:net';
import { type AddressObject, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  messageId: string;
  /** RCPT TO of the envelope. */
  envelopeTo: string[];
  /** Addresses of the To header. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
}

export interface Reply {
  code: number;
  text: string;
}

export interface SmtpSink {
  url: string;
  port: number;
  received: ReceivedMail[];
  /** Replies for the next DATA commands, in order; once used up, messages are accepted with 250. */
  refuseNext(...replies: Reply[]): void;
  /** How many times each Message-ID was accepted. */
  countsByMessageId(): Map<string, number>;
  /** Connections opened so far, and the most open at once. */
  connections: { total: number; open: number; maxOpen: number };
  /** Times a DATA command was answered (accepted or refused). */
  dataCommands: number;
  close(): Promise<void>;
}

export interface SinkOptions {
  /** RCPT TO addresses starting with this are refused with 550. */
  unknownPrefix?: string;
}

export async function startSmtpSink(options: SinkOptions = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const pending: Reply[] = [];
  const connections = { total: 0, open: 0, maxOpen: 0 };
  const sink = { dataCommands: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    closeTimeout: 200,
    disableReverseLookup: true,
    onConnect(_session, callback) {
      connections.total++;
      connections.open++;
      connections.maxOpen = Math.max(connections.maxOpen, connections.open);
      callback();
    },
    onClose() {
      connections.open--;
    },
    onRcptTo(address, _session, callback) {
      if (options.unknownPrefix && address.address.startsWith(options.unknownPrefix)) {
        return callback(replyError({ code: 550, text: '5.1.1 No such user here' }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        sink.dataCommands++;
        const reply = pending.shift();
        if (reply) return callback(replyError(reply));
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        simpleParser(Buffer.concat(chunks)).then(
          (mail) => {
            received.push({
              messageId: mail.messageId ?? '',
              envelopeTo,
              to: addresses(mail.to),
              from: addresses(mail.from).join(','),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
            });
            callback(null, 'Queued');
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    connections,
    get dataCommands() {
      return sink.dataCommands;
    },
    refuseNext: (...replies) => pending.push(...replies),
    countsByMessageId() {
      const counts = new Map<string, number>();
      for (const m of received) counts.set(m.messageId, (counts.get(m.messageId) ?? 0) + 1);
      return counts;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function replyError(reply: Reply): Error {
  return Object.assign(new Error(reply.text), { responseCode: reply.code });
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return list.flatMap((a) => a.value.map((v) => v.address ?? ''));
}
