// A person's mail is stored as its facts and rendered when read (notify/mail-payload.ts): whatever is
// read back must be the very message composed at once from the same events, in both languages, for
// every mailed case; and a stored payload that is not what a run writes is refused by field.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_POLICY } from '../../src/domain/policy.js';
import { generateExtract } from '../../src/generate/population-builder.js';
import { type MailFactsPayload, parseMailPayload } from '../../src/notify/mail-payload.js';
import { type Lang, type MailEvent, personMailHead } from '../../src/notify/templates/index.js';
import { openStore } from '../../src/store/store.js';
import { syncExtract } from '../../src/sync/sync-service.js';
import {
  combinedCase,
  composeFor,
  deactivationCases,
  event,
  GURU_SD,
  type MailCase,
  moveCases,
  otherCases,
  PTK_EMAIL,
  SCHOOLS,
} from './template-cases.js';

const LANGS: Lang[] = ['id', 'en'];

/** What a run stores for this person's events (as Notifier.forPlan does), or null when nothing is sent. */
function stored(kind: 'ptk' | 'pd', events: MailEvent[], lang: Lang): MailFactsPayload | null {
  const person = {
    kind,
    nama: kind === 'ptk' ? 'Siti Rahayu' : 'Budi Santoso',
    personalEmail: kind === 'ptk' ? PTK_EMAIL : 'budi.santoso@yahoo.co.id',
  };
  const schools: Record<string, string> = {};
  for (const e of events)
    for (const ref of [e.from, e.to]) if (ref) schools[ref.npsn] = SCHOOLS[ref.npsn] ?? '';
  const head = personMailHead({
    lang,
    person,
    events,
    schoolName: (npsn) => schools[npsn] ?? npsn,
    noticeDays: 30,
    retentionDays: 60,
  });
  return head && { ...head, lang, facts: { person, events, schools, noticeDays: 30, retentionDays: 60 } };
}

const personCases: MailCase[] = [...deactivationCases, ...moveCases, ...otherCases, combinedCase].filter(
  (c) => c.input !== undefined,
);

describe('mail stored as facts', () => {
  test('reads back as the very message composed from the same events, for every case and language', () => {
    assert.ok(personCases.length >= 20, `${personCases.length} cases`);
    let rendered = 0;
    for (const c of personCases) {
      for (const lang of LANGS) {
        const { kind, events } = c.input!;
        const composed = composeFor(kind, events, lang);
        const payload = stored(kind, events, lang);
        if (composed === null) {
          assert.equal(payload, null, `${c.title} (${lang}): nothing is stored when nothing is sent`);
          continue;
        }
        assert.ok(payload, `${c.title} (${lang})`);
        const json = JSON.stringify(payload);
        const read = parseMailPayload(json);
        assert.ok(read.ok, `${c.title} (${lang}): ${read.ok ? '' : read.problem}`);
        assert.deepEqual(read.payload, { ...composed, lang }, `${c.title} (${lang})`);
        const whole = JSON.stringify({ ...composed, lang });
        assert.ok(
          json.length * 2 < whole.length,
          `${c.title}: ${json.length} bytes stored, ${whole.length} rendered`,
        );
        rendered++;
      }
    }
    assert.ok(rendered >= 40, `${rendered} messages compared`);
  });

  test('a rendered payload (a digest, an appeal mail) still reads as it is', () => {
    const composed = composeFor('ptk', [event({ type: 'account_created', to: GURU_SD })], 'id')!;
    const read = parseMailPayload(JSON.stringify({ ...composed, lang: 'id' }));
    assert.ok(read.ok);
    assert.deepEqual(read.payload, { ...composed, lang: 'id' });
  });

  test('broken facts are refused by field, never quoting what they hold', () => {
    const good = stored('ptk', [event({ type: 'account_created', to: GURU_SD })], 'id')!;
    const cases: Array<[unknown, string]> = [
      [{ ...good, facts: 'x' }, 'payload.facts is not an object'],
      [{ ...good, facts: { ...good.facts, events: null } }, 'payload.facts.events is not a list'],
      [{ ...good, facts: { ...good.facts, person: null } }, 'payload.facts.person is not a person'],
      [{ ...good, facts: { ...good.facts, schools: null } }, 'payload.facts.schools is not an object'],
      [{ ...good, facts: { ...good.facts, noticeDays: '30' } }, 'payload.facts notice or retention days'],
      [{ ...good, facts: { ...good.facts, events: [] } }, 'payload.facts tell nothing to send'],
      [{ ...good, subject: 7 }, 'payload.subject is not a string'],
      [{ ...good, to: [] }, 'payload.to is not a non-empty list'],
    ];
    for (const [payload, problem] of cases) {
      const read = parseMailPayload(JSON.stringify(payload));
      assert.equal(read.ok, false, problem);
      if (read.ok) continue;
      assert.ok(read.problem.startsWith(problem), `${read.problem} / ${problem}`);
      assert.ok(!read.problem.includes(GURU_SD.address) && !read.problem.includes('Siti'));
    }
  });

  test('a sync stores each mail to a person as facts, and every one reads back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'selaras-facts-'));
    try {
      await generateExtract({ outDir: join(dir, 'x'), schools: 4, seed: 5, takenAt: '2026-07-15' });
      const store = await openStore(join(dir, 's.db'));
      try {
        const report = await syncExtract(store, join(dir, 'x'), {
          policy: DEFAULT_POLICY,
          plan: false,
          partitions: 4,
          batchSize: 100,
          dataDir: dir,
          now: () => new Date('2026-07-20T00:00:00Z'),
          actor: 'mail-facts',
          lang: 'id',
        });
        assert.equal(report.status, 'applied');
        const rows = await store.db
          .selectFrom('outbox')
          .select(['event_id', 'payload_json'])
          .where('channel', '=', 'mail')
          .execute();
        const personal = rows.filter((r) => r.event_id !== null);
        assert.ok(personal.length > 50, `${personal.length} person mails`);
        for (const row of personal) {
          const raw = JSON.parse(row.payload_json) as Record<string, unknown>;
          assert.ok(raw.facts && raw.html === undefined && raw.text === undefined, 'stored as facts');
          const read = parseMailPayload(row.payload_json);
          assert.ok(read.ok && read.payload.html.includes('belajar.id') && read.payload.text.length > 200);
        }
      } finally {
        await store.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
