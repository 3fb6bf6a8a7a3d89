// Every mailed template and reason, in both languages, end to end: composed, queued as an outbox row in
// a fresh store, drained by the worker over SMTP to a server started in this process, and parsed back
// with mailparser. Each message must reach exactly its composed recipients (envelope and To), keep its
// subject, state its facts in both the text and the HTML part, declare utf-8 and its language, and
// carry the Message-ID stored on its row. A death gives no message at all.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { MAIL_CHANNEL, type MailPayload } from '../../src/notify/mail-payload.js';
import { type DrainResult, drainOutbox } from '../../src/notify/outbox-worker.js';
import { createSmtpTransport } from '../../src/notify/smtp-transport.js';
import {
  type ComposedMail,
  escapeHtml,
  LANGS,
  type Lang,
  NOTIFIED_EVENT_TYPES,
  PD_DEACTIVATION_REASONS,
  PTK_DEACTIVATION_REASONS,
} from '../../src/notify/templates/index.js';
import { createOutboxRepository, type OutboxRow } from '../../src/store/outbox-repository.js';
import type { Store } from '../../src/store/store.js';
import { type SunkMail, startSmtpSink } from '../fixtures/smtp-sink.js';
import { DIALECTS, type Dialect, skipReason, withFreshStore } from '../support/stores.js';
import {
  ADMIN_SMP,
  composeFor,
  DATES,
  DEATH_REASONS,
  event,
  GURU_SD,
  GURU_SMP,
  MAIL_CASES,
  type MailCase,
  SISWA_SD,
} from './template-cases.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

/** On PostgreSQL one case of each template family, in both languages, is enough for the round trip. */
const POSTGRES_TEMPLATES = new Set([
  'ptk_deactivated.pensiun',
  'pd_deactivated.lulus',
  'ptk_role_changed.to_admin',
  'ptk_transferred.other_jenjang',
  'account_created',
  'combined',
  'school_digest',
]);

const CASES_BY_DIALECT: Record<Dialect, MailCase[]> = {
  sqlite: [...MAIL_CASES],
  postgres: MAIL_CASES.filter((c, i) => {
    const first = MAIL_CASES.findIndex((other) => other.template === c.template);
    return POSTGRES_TEMPLATES.has(c.template) && first === i;
  }),
};

const WRITTEN_AT = '2026-08-15T01:00:00.000Z';

interface Queued {
  c: MailCase;
  lang: Lang;
  composed: ComposedMail;
}

interface Delivered extends Queued {
  row: OutboxRow;
  /** Every message the server accepted with the row's Message-ID. */
  arrived: SunkMail[];
}

interface RoundTrip {
  drained: DrainResult;
  received: SunkMail[];
  delivered: Delivered[];
  rows: OutboxRow[];
}

/**
 * Queues `mails` (one outbox row each, as the notifier writes them: no Message-ID yet), drains the outbox
 * over SMTP to a fresh in-process server and returns what the server got, row by row.
 */
async function roundTrip(dialect: Dialect, mails: Queued[]): Promise<RoundTrip> {
  const sink = await startSmtpSink();
  const transport = createSmtpTransport({ url: sink.url, maxConnections: 3 });
  try {
    let trip: RoundTrip | undefined;
    await withFreshStore(dialect, async (store) => {
      await enqueue(store, mails);
      const drained = await drainOutbox(store, transport, {
        now: () => new Date(Date.parse(WRITTEN_AT) + 1000),
        batchSize: 25,
        workers: 2,
      });
      const rows = await store.db.selectFrom('outbox').selectAll().orderBy('id').execute();
      const delivered = rows.map((row): Delivered => {
        const queued = mails[Number(row.event_id) - 1];
        assert.ok(queued, `row ${row.id} was queued by this test`);
        return { ...queued, row, arrived: sink.received.filter((m) => m.messageId === row.message_id) };
      });
      trip = { drained, received: [...sink.received], delivered, rows };
    });
    assert.ok(trip);
    return trip;
  } finally {
    await transport.close();
    await sink.close();
  }
}

async function enqueue(store: Store, mails: Queued[]): Promise<void> {
  const repo = createOutboxRepository(store.db, store.capabilities);
  await repo.enqueue(
    store.db,
    mails.map(({ composed, lang }, i) => {
      const payload: MailPayload = { ...composed, lang };
      return {
        run_id: 1,
        event_id: i + 1,
        account_id: i + 1,
        channel: MAIL_CHANNEL,
        payload_json: JSON.stringify(payload),
        next_attempt_at: WRITTEN_AT,
        created_at: WRITTEN_AT,
      };
    }),
  );
}

function composeAll(cases: readonly MailCase[]): Queued[] {
  return cases.flatMap((c) =>
    LANGS.map((lang): Queued => {
      const composed = c.compose(lang);
      assert.ok(composed, `${c.title} (${lang}) composes a message`);
      return { c, lang, composed };
    }),
  );
}

/** The headers of each MIME part of a raw message, keyed by its content type. */
function partHeaders(raw: Buffer): Map<string, string> {
  const parts = new Map<string, string>();
  const source = raw.toString('utf8');
  for (const match of source.matchAll(
    /Content-Type:\s*([a-z]+\/[a-z0-9.+-]+)([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)/gi,
  )) {
    parts.set(match[1]!.toLowerCase(), match[2] ?? '');
  }
  return parts;
}

function assertStates(mail: SunkMail, fact: string): void {
  assert.ok(mail.text.includes(fact), `text part lacks ${JSON.stringify(fact)}`);
  assert.ok(mail.html.includes(escapeHtml(fact)), `html part lacks ${JSON.stringify(fact)}`);
}

function assertDelivered(d: Delivered): void {
  const { c, lang, composed, row } = d;
  assert.equal(composed.template, c.template, 'the composed template');
  assert.deepEqual(composed.to, c.to, 'the composed recipients');

  assert.equal(row.status, 'sent', `row ${row.id} is sent (last error: ${row.last_error ?? 'none'})`);
  assert.equal(row.attempts, 1);
  assert.match(row.message_id ?? '', /^<outbox-\d+@selaras\.belajar\.id>$/);
  assert.equal(d.arrived.length, 1, `exactly one message arrived with ${row.message_id}`);
  const mail = d.arrived[0]!;
  assert.equal(mail.messageId, row.message_id, 'the Message-ID stored on the outbox row');

  assert.deepEqual(mail.envelopeTo, composed.to, 'envelope recipients');
  assert.deepEqual(mail.to, composed.to, 'To recipients');
  assert.equal(mail.subject, c.subject[lang]);

  const parts = partHeaders(mail.raw);
  for (const type of ['text/plain', 'text/html']) {
    const params = parts.get(type);
    assert.ok(params !== undefined, `the message has a ${type} part`);
    assert.match(params, /charset="?utf-8"?/i, `${type} is declared utf-8`);
  }
  assert.ok(mail.html.includes(`<html lang="${lang}">`), `<html lang="${lang}">`);
  assert.ok(mail.html.includes('<meta charset="utf-8">'));

  for (const fact of [...c.facts, ...c.says[lang], ...c.dates.map((date) => DATES[lang][date])]) {
    assertStates(mail, fact);
  }
  // Nothing is lost or altered on the way: the parts read back as composed.
  assert.equal(mail.text.trimEnd(), composed.text.trimEnd(), 'text part as composed');
  assert.equal(mail.html.trimEnd(), composed.html.trimEnd(), 'html part as composed');
}

test('the case table covers every notified event type, every reason and both directions of each move', () => {
  const templates = new Set(MAIL_CASES.map((c) => c.template));
  const expected = [
    ...PTK_DEACTIVATION_REASONS.map((r) => `ptk_deactivated.${r}`),
    ...PD_DEACTIVATION_REASONS.map((r) => `pd_deactivated.${r}`),
    'ptk_role_changed.to_admin',
    'ptk_role_changed.to_guru',
    'ptk_transferred.same_jenjang',
    'ptk_transferred.other_jenjang',
    'pd_level_changed',
    'account_created',
    'account_reactivated',
    'deactivation_reminder',
    'combined',
    'school_digest',
  ];
  for (const template of expected) assert.ok(templates.has(template), `a case for ${template}`);
  for (const type of NOTIFIED_EVENT_TYPES) {
    assert.ok(
      [...templates].some((t) => t === type || t.startsWith(`${type}.`)),
      `a case for ${type}`,
    );
  }
});

for (const dialect of DIALECTS) {
  const cases = CASES_BY_DIALECT[dialect];
  describe(`every template delivered over SMTP and read back (${dialect})`, {
    skip: skips.get(dialect),
  }, () => {
    let trip: RoundTrip;
    let failure: unknown;

    before(async () => {
      try {
        trip = await roundTrip(dialect, composeAll(cases));
      } catch (error) {
        failure = error;
      }
    });

    test(`all ${cases.length * LANGS.length} messages are sent once each, nothing fails`, () => {
      if (failure) throw failure;
      assert.deepEqual(trip.drained, {
        sent: cases.length * LANGS.length,
        failed: 0,
        retried: 0,
        leaseLost: 0,
        errors: 0,
      });
      assert.equal(trip.rows.length, cases.length * LANGS.length);
      assert.equal(trip.received.length, cases.length * LANGS.length);
      assert.equal(new Set(trip.received.map((m) => m.messageId)).size, trip.received.length);
    });

    for (const [index, c] of cases.entries()) {
      for (const [l, lang] of LANGS.entries()) {
        test(`${c.template}: ${c.title} (${lang})`, () => {
          if (failure) throw failure;
          const d = trip.delivered.find((x) => Number(x.row.event_id) === index * LANGS.length + l + 1);
          assert.ok(d, 'its outbox row exists');
          assert.equal(d.c, c);
          assert.equal(d.lang, lang);
          assertDelivered(d);
        });
      }
    }
  });
}

describe('a death (sqlite)', () => {
  test('nothing is queued and nothing arrives for a person who died, alone or beside another event', async () => {
    const deaths = DEATH_REASONS.flatMap((reason) => [
      { kind: 'ptk' as const, events: [event({ type: 'ptk_deactivated', reason, from: GURU_SD })] },
      { kind: 'pd' as const, events: [event({ type: 'pd_deactivated', reason, from: SISWA_SD })] },
      {
        kind: 'ptk' as const,
        events: [
          event({ type: 'ptk_deactivated', reason, from: GURU_SD }),
          event({ type: 'ptk_role_changed', from: GURU_SMP, to: ADMIN_SMP }),
        ],
      },
    ]);
    const composed = deaths.flatMap((death) =>
      LANGS.map((lang) => ({ death, lang, mail: composeFor(death.kind, death.events, lang) })),
    );
    const queued = composed.flatMap(({ lang, mail }) =>
      mail ? [{ c: MAIL_CASES[0]!, lang, composed: mail }] : [],
    );

    const trip = await roundTrip('sqlite', queued);

    assert.deepEqual(
      composed.filter((x) => x.mail !== null).map((x) => `${x.death.events[0]?.reason} (${x.lang})`),
      [],
      'no message is composed for a death',
    );
    assert.equal(trip.rows.length, 0, 'nothing queued');
    assert.deepEqual(trip.drained, { sent: 0, failed: 0, retried: 0, leaseLost: 0, errors: 0 });
    assert.deepEqual(
      trip.received.map((m) => m.envelopeTo),
      [],
      'nothing received',
    );
  });
});
