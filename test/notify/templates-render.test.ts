// The template layer itself: escaping, the two renderers, and the shared vocabularies.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  escapeHtml,
  formatDate,
  h,
  jenjangLabel,
  normaliseReason,
  reasonLabel,
  renderHtml,
  renderText,
  roleLabel,
} from '../../src/notify/templates/index.js';

describe('renderHtml', () => {
  test('escapes the five characters that could open markup or an attribute', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  test('escapes text and attribute values and closes every element', () => {
    const html = renderHtml(h('p', { title: '"><script>' }, 'a < b', h('strong', null, '&')));
    assert.equal(html, '<p title="&quot;&gt;&lt;script&gt;">a &lt; b<strong>&amp;</strong></p>');
  });

  test('any text becomes inert HTML and survives in the plain text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const html = renderHtml(h('p', null, text));
        const inner = html.slice('<p>'.length, -'</p>'.length);
        assert.ok(!/[<>"']/.test(inner));
        const visible = (value: string) => value.replace(/\s+/g, '');
        assert.equal(visible(renderText(h('p', null, text))), visible(text));
      }),
    );
  });

  test('void elements have no closing tag and refuse children', () => {
    assert.equal(renderHtml(h('div', null, 'a', h('br', null), 'b')), '<div>a<br>b</div>');
    assert.throws(() => h('meta', null, 'x'), /cannot have children/);
  });

  test('only a tree rooted at html gets the doctype', () => {
    assert.ok(renderHtml(h('html', { lang: 'id' })).startsWith('<!DOCTYPE html>\n<html lang="id">'));
    assert.ok(!renderHtml(h('div', null)).includes('DOCTYPE'));
  });

  test('attribute names that are not plain names are refused', () => {
    assert.throws(() => renderHtml(h('p', { 'onclick="x"': '' })), /invalid attribute name/);
    assert.throws(() => renderHtml(h('p', { 'on load': 'x' })), /invalid attribute name/);
  });

  test('links accept only https and mailto', () => {
    assert.equal(
      renderHtml(h('a', { href: 'https://belajar.id/?a=1&b=2' }, 'x')),
      '<a href="https://belajar.id/?a=1&amp;b=2">x</a>',
    );
    assert.ok(renderHtml(h('a', { href: 'mailto:a@b.id' }, 'a@b.id')).includes('mailto:'));
    assert.throws(() => renderHtml(h('a', { href: 'javascript:alert(1)' }, 'x')), /href/);
    assert.throws(() => renderHtml(h('a', { href: ' data:text/html,x' }, 'x')), /href/);
  });

  test('h flattens nested children and skips absent ones', () => {
    const node = h('ul', null, [h('li', null, 'a'), [null, false, h('li', null, 'b')], undefined, '']);
    assert.equal(renderHtml(node), '<ul><li>a</li><li>b</li></ul>');
  });
});

describe('renderText', () => {
  test('underlines headings, separates blocks by a blank line and skips the head', () => {
    const doc = h(
      'html',
      null,
      h('head', null, h('title', null, 'hidden')),
      h(
        'body',
        null,
        h('h1', null, 'Judul'),
        h('p', null, 'Satu'),
        h('h2', null, 'Sub'),
        h('p', null, 'Dua'),
      ),
    );
    assert.equal(renderText(doc), 'Judul\n=====\n\nSatu\n\nSub\n---\n\nDua\n');
  });

  test('lists get dashes, line breaks stay, and key-value rows read as "label: value"', () => {
    const doc = h(
      'div',
      null,
      h('ul', null, h('li', null, 'satu'), h('li', null, 'dua', h('br', null), 'lanjut')),
      h('table', null, h('tr', null, h('th', null, 'Alamat'), h('td', null, h('strong', null, 'a@b.id')))),
      h('table', null, h('tr', null, h('td', null, 'x'), h('td', null, 'y'), h('td', null, 'z'))),
    );
    assert.equal(renderText(doc), '- satu\n- dua\n  lanjut\n\nAlamat: a@b.id\n\nx | y | z\n');
  });

  test('a link shows its address unless it is the text or a mailto', () => {
    assert.equal(
      renderText(h('p', null, h('a', { href: 'https://x.id' }, 'Cek Akun'))),
      'Cek Akun (https://x.id)\n',
    );
    assert.equal(renderText(h('p', null, h('a', { href: 'mailto:a@b.id' }, 'a@b.id'))), 'a@b.id\n');
  });

  test('inline text directly inside a container forms its own block', () => {
    assert.equal(
      renderText(h('div', null, 'awal ', h('strong', null, 'tebal'), h('p', null, 'akhir'))),
      'awal tebal\n\nakhir\n',
    );
  });
});

describe('formatDate', () => {
  const ID = [
    'Januari',
    'Februari',
    'Maret',
    'April',
    'Mei',
    'Juni',
    'Juli',
    'Agustus',
    'September',
    'Oktober',
    'November',
    'Desember',
  ];
  const EN = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ];

  test('names every month in Indonesian and English with the day without a leading zero', () => {
    for (let m = 1; m <= 12; m++) {
      const iso = `2026-${String(m).padStart(2, '0')}-05`;
      assert.equal(formatDate(iso, 'id'), `5 ${ID[m - 1]} 2026`);
      assert.equal(formatDate(iso, 'en'), `5 ${EN[m - 1]} 2026`);
    }
    assert.equal(formatDate('2026-08-15', 'id'), '15 Agustus 2026');
    assert.equal(formatDate('2026-08-15', 'en'), '15 August 2026');
  });

  test('shows anything that is not a calendar date as it is', () => {
    assert.equal(formatDate('2026-13-01', 'id'), '2026-13-01');
    assert.equal(formatDate('besok', 'en'), 'besok');
  });
});

describe('labels', () => {
  test('jenjang and roles read naturally in both languages', () => {
    assert.equal(jenjangLabel('smp', 'id'), 'SMP');
    assert.equal(jenjangLabel('smp', 'en'), 'lower secondary (SMP)');
    assert.equal(roleLabel('admin', 'id'), 'admin sekolah');
    assert.equal(roleLabel('siswa', 'en'), 'student');
  });

  test('reasons are normalised the way events record them', () => {
    assert.equal(normaliseReason('Mengundurkan diri'), 'mengundurkan_diri');
    assert.equal(normaliseReason(null), '');
    assert.equal(reasonLabel('Putus Sekolah', 'id'), 'Putus sekolah');
    assert.equal(reasonLabel('wafat', 'en'), 'Passed away');
  });

  test('an unknown reason is shown in words and no reason as nothing', () => {
    assert.equal(reasonLabel('pindah_ke_luar_negeri', 'id'), 'Pindah ke luar negeri');
    assert.equal(reasonLabel(null, 'en'), '');
  });
});
