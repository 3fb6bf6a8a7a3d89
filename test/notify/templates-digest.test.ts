// The school digest: who joined, moved and left, what is held, credentials to download, and when
// there is nothing to send.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { composeSchoolDigest, escapeHtml } from '../../src/notify/templates/index.js';
import { ADMINS, digestCase as c, DATES, digestInput as digest } from './template-cases.js';

function assertStates(mail: { text: string; html: string }, fact: string): void {
  assert.ok(mail.text.includes(fact), `text part lacks ${JSON.stringify(fact)}`);
  assert.ok(mail.html.includes(escapeHtml(fact)), `html part lacks ${JSON.stringify(fact)}`);
}

describe('school digest contents', () => {
  for (const lang of ['id', 'en'] as const) {
    test(`the ${lang} digest goes to the school's admins and lists joiners, movers, leavers, holds and credentials`, () => {
      const mail = c.compose(lang);
      assert.ok(mail);
      assert.equal(mail.template, c.template);
      assert.deepEqual(mail.to, c.to);
      assert.equal(mail.subject, c.subject[lang]);
      assert.ok(mail.html.includes(`<html lang="${lang}">`));
      assert.ok(mail.html.includes('name="viewport"'));
      // c.facts holds every listed person's name and address.
      for (const fact of [...c.says[lang], ...c.facts, ...c.dates.map((d) => DATES[lang][d])]) {
        assertStates(mail, fact);
      }
    });
  }

  test('a death is listed with its reason among the leavers', () => {
    const mail = composeSchoolDigest(digest({ joined: [], moved: [], held: [], newCredentials: 0 }));
    assert.ok(mail?.text.includes('- Ahmad Yani — ahmad.yani10@guru.sd.belajar.id · Meninggal dunia'));
  });

  test('empty groups are left out', () => {
    const mail = composeSchoolDigest(digest({ moved: [], held: [], newCredentials: 0 }));
    assert.ok(mail);
    assert.ok(
      !mail.text.includes('Pindah (') && !mail.text.includes('ditahan') && !mail.text.includes('Unduh Akun'),
    );
  });

  test('holds of the run, a province and another school are named', () => {
    const held = [
      { scope: 'run', reason: 'rejected_share', count: 1 },
      { scope: 'provinsi:32', reason: 'seasonal_threshold', count: 3 },
      { scope: 'sekolah:20999999', reason: 'source_error', count: 4 },
      { scope: 'sekolah:20100001', reason: 'completeness', count: 5 },
    ];
    const id = composeSchoolDigest(digest({ held }));
    assert.ok(
      id?.text.includes('1 perubahan untuk seluruh sinkronisasi ini ditahan karena terlalu banyak baris'),
    );
    assert.ok(id?.text.includes('provinsi dengan kode wilayah 32'));
    assert.ok(id?.text.includes('sekolah dengan NPSN 20999999'));
    assert.ok(id?.text.includes('data sekolah di Dapodik tampak tidak lengkap'));
    const en = composeSchoolDigest(digest({ lang: 'en', held }));
    assert.ok(en?.text.includes('1 change for this whole sync run is on hold because too many data rows'));
  });

  test('one new credential reads in the singular in English', () => {
    const mail = composeSchoolDigest(digest({ lang: 'en', newCredentials: 1 }));
    assert.ok(mail?.text.includes('1 new account is ready to download'));
  });

  test('a long group lists the first names and counts the rest', () => {
    const many = Array.from({ length: 5 }, (_, i) => ({
      nama: `Murid ${i}`,
      address: `murid${i}@sd.belajar.id`,
      type: 'account_created' as const,
      reason: null,
    }));
    const mail = composeSchoolDigest(digest({ joined: many, listLimit: 2 }));
    assert.ok(mail?.text.includes('Murid 1') && !mail.text.includes('Murid 2'));
    assert.ok(mail?.text.includes('Bergabung (5)'));
    assert.ok(mail?.text.includes('… dan 3 lainnya'));
  });

  test('each group is listed by name, so the order the run reached the persons in never shows', () => {
    const person = (nama: string, address: string) => ({
      nama,
      address: `${address}@sd.belajar.id`,
      type: 'account_created' as const,
      reason: null,
    });
    const people = [
      person('Wahyu', 'wahyu10'),
      person('ahmad', 'ahmad10'),
      person('Budi 10', 'budi10'),
      person('Budi 9', 'budi11'),
      person('Ahmad', 'ahmad11'),
    ];
    const one = composeSchoolDigest(digest({ joined: people, listLimit: 3 }));
    const other = composeSchoolDigest(digest({ joined: [...people].reverse(), listLimit: 3 }));
    assert.ok(one && other);
    assert.equal(other.text, one.text);
    assert.equal(other.html, one.html);
    const listed = one.text.split('\n').filter((line) => line.includes('@sd.belajar.id · Akun baru'));
    assert.deepEqual(listed, [
      '- Ahmad — ahmad11@sd.belajar.id · Akun baru',
      '- ahmad — ahmad10@sd.belajar.id · Akun baru',
      '- Budi 9 — budi11@sd.belajar.id · Akun baru',
    ]);
  });

  test('names in the digest are escaped in HTML and intact in text', () => {
    const nasty = '<script>alert(1)</script> & "Siti"';
    const mail = composeSchoolDigest(
      digest({ left: [{ nama: nasty, address: '', type: 'ptk_deactivated', reason: 'wafat' }] }),
    );
    assert.ok(mail?.html.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Siti&quot;'));
    assert.ok(!mail?.html.includes('<script'));
    assert.ok(mail?.text.includes(`- ${nasty} — Meninggal dunia`));
  });

  test('admin addresses are de-duplicated and blanks skipped', () => {
    const mail = composeSchoolDigest(
      digest({ adminAddresses: ['', ADMINS[0]!, ADMINS[0]!.toUpperCase(), ' '] }),
    );
    assert.deepEqual(mail?.to, [ADMINS[0]]);
  });
});

describe('school digest null cases', () => {
  test('nothing to say gives no digest', () => {
    assert.equal(
      composeSchoolDigest(digest({ joined: [], moved: [], left: [], held: [], newCredentials: 0 })),
      null,
    );
  });

  test('no admin address gives no digest', () => {
    assert.equal(composeSchoolDigest(digest({ adminAddresses: [] })), null);
    assert.equal(composeSchoolDigest(digest({ adminAddresses: ['', '  '] })), null);
  });

  test('credentials alone, or a hold alone, are worth a digest', () => {
    const empty = { joined: [], moved: [], left: [], held: [] };
    assert.ok(composeSchoolDigest(digest({ ...empty, newCredentials: 3 })));
    assert.ok(
      composeSchoolDigest(
        digest({ ...empty, newCredentials: 0, held: [{ scope: 'run', reason: 'threshold', count: 9 }] }),
      ),
    );
  });
});
