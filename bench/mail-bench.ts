// Mail delivery throughput: N messages through the outbox worker (claims, pooled SMTP connections,
// marks in the store) against a local smtp-server, beside the same N messages sent by a minimal
// nodemailer loop (one message at a time, a new connection each, no store) in the same run.
// smtp-server waits 100 ms before greeting each new connection (its early-talker check), much as real
// MTAs delay their greeting: the baseline pays it per message, the pool once per connection. The
// baseline therefore takes about n × 0.1 s; n of a few hundred is enough for a stable ratio.
//
//   node dist/bench/mail-bench.js [n]   (default 300)

import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import type { MailPayload } from '../src/notify/mail-payload.js';
import { drainOutbox } from '../src/notify/outbox-worker.js';
import { createSmtpTransport } from '../src/notify/smtp-transport.js';
import { createOutboxRepository } from '../src/store/outbox-repository.js';
import { openStore, type Store } from '../src/store/store.js';

const FROM = 'Selaras <noreply@belajar.id>';

export interface MailBenchResult {
  pooledPerSecond: number;
  baselinePerSecond: number;
}

export async function benchMail(n: number): Promise<MailBenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'selaras-mail-bench-'));
  const sink = await startCountingServer();
  const store = await openStore(join(dir, 'bench.db'));
  try {
    await enqueue(store, n);
    const pooledSeconds = await timed(async () => {
      const transport = createSmtpTransport({ url: `smtp://127.0.0.1:${sink.port}`, maxConnections: 5 });
      try {
        const result = await drainOutbox(store, transport, { workers: 2, batchSize: 100, from: FROM });
        if (result.sent !== n) throw new Error(`pooled run sent ${result.sent} of ${n}`);
      } finally {
        await transport.close();
      }
    });
    const baselineSeconds = await timed(() => minimalLoop(sink.port, n));
    if (sink.accepted() !== 2 * n) throw new Error(`server accepted ${sink.accepted()} of ${2 * n}`);
    return { pooledPerSecond: n / pooledSeconds, baselinePerSecond: n / baselineSeconds };
  } finally {
    await store.close();
    await sink.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** What most code does without a queue: await each sendMail on a fresh, unpooled transport. */
async function minimalLoop(port: number, n: number): Promise<void> {
  const transporter = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    for (let i = 0; i < n; i++) {
      const p = payload(i);
      await transporter.sendMail({ from: FROM, to: p.to, subject: p.subject, text: p.text, html: p.html });
    }
  } finally {
    transporter.close();
  }
}

function payload(i: number): MailPayload {
  return {
    template: 'account_created',
    lang: 'id',
    to: [`guru${i}@guru.sd.belajar.id`],
    subject: `Akun belajar.id Anda sudah dibuat (${i})`,
    text: `Yth. Bapak/Ibu Guru ${i},\n\nakun belajar.id Anda sudah dibuat. ${'Teks pemberitahuan. '.repeat(40)}`,
    html: `<p>Yth. Bapak/Ibu Guru ${i},</p><p>akun belajar.id Anda sudah dibuat. ${'Teks pemberitahuan. '.repeat(40)}</p>`,
  };
}

async function enqueue(store: Store, n: number): Promise<void> {
  const repo = createOutboxRepository(store.db, store.capabilities);
  const at = new Date(Date.now() - 1000).toISOString();
  await store.db.transaction().execute(async (trx) => {
    for (let start = 0; start < n; start += 500) {
      const rows = Array.from({ length: Math.min(500, n - start) }, (_, k) => ({
        run_id: 1,
        event_id: start + k + 1,
        account_id: start + k + 1,
        channel: 'mail',
        payload_json: JSON.stringify(payload(start + k)),
        next_attempt_at: at,
        created_at: at,
      }));
      await repo.enqueue(trx, rows);
    }
  });
}

async function timed(body: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await body();
  return (performance.now() - started) / 1000;
}

async function startCountingServer(): Promise<{ port: number; accepted(): number; close(): Promise<void> }> {
  let accepted = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    closeTimeout: 200,
    // A reverse DNS lookup per connection would make the connection-per-message baseline look slower than it is.
    disableReverseLookup: true,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        accepted++;
        callback(null, 'Queued');
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    accepted: () => accepted,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const n = Number(process.argv[2] ?? 300);
  const r = await benchMail(n);
  console.log(
    `mail: ${n} messages, pooled outbox worker ${r.pooledPerSecond.toFixed(0)}/s, ` +
      `minimal nodemailer loop ${r.baselinePerSecond.toFixed(0)}/s, ` +
      `× ${(r.pooledPerSecond / r.baselinePerSecond).toFixed(2)}`,
  );
}
