// The rules around a person's message: one per person, who receives it, what is never sent, and
// that untrusted text is escaped.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EventType } from '../../src/domain/accounts.js';
import {
  composePersonMail,
  escapeHtml,
  type Lang,
  type MailEvent,
  type PersonKind,
  type PersonMailInput,
} from '../../src/notify/templates/index.js';
import {
  ADMIN_SMP,
  combinedCase,
  DATES,
  DEATH_REASONS,
  event,
  GURU_SD,
  GURU_SMP,
  PROMOTE,
  PTK_EMAIL,
  RETIRE,
  SCHOOLS,
  SISWA_SD,
} from './template-cases.js';

function input(
  events: MailEvent[],
  over: Partial<PersonMailInput> & { kind?: PersonKind } = {},
): PersonMailInput {
  return {
    lang: over.lang ?? 'id',
    person: over.person ?? { kind: over.kind ?? 'ptk', nama: 'Siti Rahayu', personalEmail: PTK_EMAIL },
    events,
    schoolName: over.schoolName ?? ((npsn) => SCHOOLS[npsn] ?? ''),
    noticeDays: over.noticeDays ?? 30,
    retentionDays: over.retentionDays ?? 60,
  };
}

describe('one message per person', () => {
  const c = combinedCase;
  for (const lang of ['id', 'en'] as const) {
    test(`a teacher with two accounts changing gets one ${lang} message covering both`, () => {
      const mail = c.compose(lang);
      assert.ok(mail);
      assert.equal(mail.template, c.template);
      assert.equal(mail.subject, c.subject[lang]);
      assert.deepEqual(mail.to, c.to);
      for (const fact of [...c.facts, ...c.says[lang], ...c.dates.map((d) => DATES[lang][d])]) {
        assert.ok(mail.text.includes(fact), `text part lacks ${JSON.stringify(fact)}`);
        assert.ok(mail.html.includes(escapeHtml(fact)), `html part lacks ${JSON.stringify(fact)}`);
      }
      assert.equal(mail.html.match(/<h2[ >]/g)?.length, 2, 'one part per event');
    });
  }

  test('the parts follow the order of the events', () => {
    const mail = composePersonMail(input([PROMOTE, RETIRE]));
    assert.ok(mail);
    assert.ok(mail.text.indexOf('Alamat akun berubah') < mail.text.indexOf('akan dinonaktifkan'));
  });

  test('an account_created beside a deactivation adds only the personal email it needs', () => {
    const created = event({ type: 'account_created', to: GURU_SMP });
    const mail = composePersonMail(input([created, RETIRE]));
    assert.ok(mail);
    assert.deepEqual(mail.to, [PTK_EMAIL, GURU_SD.address]);
    assert.ok(!mail.to.includes(GURU_SMP.address));
  });
});

describe('deaths', () => {
  for (const reason of DEATH_REASONS) {
    test(`a death recorded as ${JSON.stringify(reason)} sends nothing to the person`, () => {
      assert.equal(
        composePersonMail(input([event({ type: 'ptk_deactivated', reason, from: GURU_SD })])),
        null,
      );
      const pupil = input([event({ type: 'pd_deactivated', reason, from: SISWA_SD })], { kind: 'pd' });
      assert.equal(composePersonMail(pupil), null);
    });
  }

  test('a death alongside another event still sends nothing', () => {
    const death = event({ type: 'ptk_deactivated', reason: 'meninggal', from: GURU_SD });
    assert.equal(composePersonMail(input([death, PROMOTE])), null);
  });
});

describe('recipients', () => {
  test('account_created goes only to the personal email, never to the new mailbox', () => {
    for (const lang of ['id', 'en'] as const) {
      const mail = composePersonMail(input([event({ type: 'account_created', to: GURU_SMP })], { lang }));
      assert.deepEqual(mail?.to, [PTK_EMAIL]);
    }
  });

  test('account_created with no usable personal email sends nothing', () => {
    for (const personalEmail of ['', '  ', '-', 'tidak ada']) {
      const mail = composePersonMail(
        input([event({ type: 'account_created', to: GURU_SMP })], {
          person: { kind: 'ptk', nama: 'Siti', personalEmail },
        }),
      );
      assert.equal(mail, null);
    }
  });

  test('a deactivation without a personal email still reaches the account', () => {
    const mail = composePersonMail(
      input([RETIRE], { person: { kind: 'ptk', nama: 'Siti', personalEmail: '' } }),
    );
    assert.deepEqual(mail?.to, [GURU_SD.address]);
  });

  test('a role change goes to the new primary address only', () => {
    assert.deepEqual(composePersonMail(input([PROMOTE]))?.to, [ADMIN_SMP.address]);
  });

  test('a jenjang move is inferred from the accounts when sameJenjang is unknown', () => {
    const mail = composePersonMail(input([event({ type: 'ptk_transferred', from: GURU_SD, to: GURU_SMP })]));
    assert.equal(mail?.template, 'ptk_transferred.other_jenjang');
    assert.deepEqual(mail?.to, [GURU_SD.address, PTK_EMAIL]);
  });

  test('the same address twice, in another case or with spaces, is sent to once', () => {
    const person = {
      kind: 'ptk' as const,
      nama: 'Siti',
      personalEmail: `  ${GURU_SD.address.toUpperCase()} `,
    };
    assert.deepEqual(composePersonMail(input([RETIRE], { person }))?.to, [GURU_SD.address]);
  });
});

describe('events without content', () => {
  const silent: EventType[] = [
    'pd_transferred',
    'pd_continuation_pending',
    'profile_updated',
    'account_suspended',
    'account_deleted',
  ];
  for (const type of silent) {
    test(`${type} alone produces no message`, () => {
      const mail = composePersonMail(input([event({ type, from: SISWA_SD, to: SISWA_SD })], { kind: 'pd' }));
      assert.equal(mail, null);
    });
  }

  test('silent events beside a notified one leave a single-event message', () => {
    const mail = composePersonMail(
      input([
        event({ type: 'profile_updated', from: GURU_SD, to: GURU_SD }),
        RETIRE,
        event({ type: 'account_deleted' }),
      ]),
    );
    assert.equal(mail?.template, 'ptk_deactivated.pensiun');
    assert.equal(mail?.subject, 'Akun belajar.id Anda akan dinonaktifkan');
  });

  test('no events at all produce no message', () => {
    assert.equal(composePersonMail(input([])), null);
  });
});

describe('dates', () => {
  test('given suspension and deletion dates win over the notice and retention defaults', () => {
    const mail = composePersonMail(
      input([{ ...RETIRE, suspendOn: '2026-10-01', deleteOn: '2027-01-05' }], { lang: 'en' }),
    );
    assert.ok(mail?.text.includes('Sign-in blocked from: 1 October 2026'));
    assert.ok(mail?.text.includes('Permanently deleted on: 5 January 2027'));
    assert.ok(mail?.text.includes('until 30 September 2026'));
  });

  test('noticeDays and retentionDays set the defaults', () => {
    const mail = composePersonMail(input([RETIRE], { noticeDays: 10, retentionDays: 5 }));
    assert.ok(mail?.text.includes('Tidak dapat masuk mulai: 25 Agustus 2026'));
    assert.ok(mail?.text.includes('Dihapus permanen pada: 30 Agustus 2026'));
  });

  test('a reminder without a suspension date assumes suspension 3 days later', () => {
    const mail = composePersonMail(
      input([event({ type: 'deactivation_reminder', from: GURU_SD, effectiveDate: '2026-12-30' })]),
    );
    assert.ok(mail?.subject.endsWith('2 Januari 2027'));
  });

  test('a school the caller cannot name is shown by its NPSN', () => {
    const mail = composePersonMail(input([RETIRE], { schoolName: () => '' }));
    assert.ok(mail?.text.includes('NPSN 20100001'));
  });
});

describe('HTML safety and accessibility', () => {
  const nasty = '<script>alert(1)</script> & "Siti"';

  for (const lang of ['id', 'en'] as Lang[]) {
    test(`a hostile name is escaped in the ${lang} HTML and intact in the text`, () => {
      const person = { kind: 'ptk' as const, nama: nasty, personalEmail: PTK_EMAIL };
      const mail = composePersonMail(
        input([RETIRE], { lang, person, schoolName: () => `SD <b>1</b> & 'Co'` }),
      );
      assert.ok(mail);
      assert.ok(mail.html.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Siti&quot;'));
      assert.ok(mail.html.includes('SD &lt;b&gt;1&lt;/b&gt; &amp; &#39;Co&#39;'));
      assert.ok(!mail.html.includes('<script') && !mail.html.includes('<b>'));
      assert.ok(mail.text.includes(nasty));
      assert.ok(mail.text.includes(`SD <b>1</b> & 'Co'`));
    });
  }

  test('the HTML is a full document with lang, charset, viewport and no images or scripts', () => {
    for (const lang of ['id', 'en'] as Lang[]) {
      const html = composePersonMail(input([RETIRE, PROMOTE], { lang }))?.html ?? '';
      assert.ok(html.startsWith('<!DOCTYPE html>\n'));
      assert.ok(html.includes(`<html lang="${lang}">`));
      assert.ok(html.includes('<meta charset="utf-8">'));
      assert.ok(html.includes('<meta name="viewport" content="width=device-width, initial-scale=1">'));
      assert.match(html, /<title>[^<]+<\/title>/);
      assert.ok(!/<img|<script|<style|<link/i.test(html));
      assert.ok(html.includes('max-width:600px'), 'a single column that fits a phone');
      for (const tag of ['div', 'p', 'table', 'tr', 'ul', 'li', 'h1', 'h2']) {
        const open = html.match(new RegExp(`<${tag}[ >]`, 'g'))?.length ?? 0;
        const close = html.match(new RegExp(`</${tag}>`, 'g'))?.length ?? 0;
        assert.equal(open, close, `<${tag}> is balanced`);
      }
    }
  });

  test('the text part has no markup and ends with a newline', () => {
    const text = composePersonMail(input([RETIRE, PROMOTE]))?.text ?? '';
    assert.ok(!/<[a-z]/i.test(text));
    assert.ok(text.endsWith('\n') && !text.endsWith('\n\n'));
    assert.ok(text.includes('- Cadangkan data penting'));
  });
});
