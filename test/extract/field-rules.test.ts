import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  codePointLength,
  hasControlChar,
  isCalendarDate,
  isDigits,
  isEmailLike,
} from '../../src/extract/field-rules.js';

test('calendar dates follow the Gregorian leap-year rules', () => {
  for (const d of ['2024-02-29', '2000-02-29', '1999-12-31', '2025-01-31'])
    assert.equal(isCalendarDate(d), true, d);
  for (const d of [
    '1900-02-29',
    '2023-02-29',
    '2021-02-30',
    '2025-04-31',
    '2025-00-10',
    '2025-13-01',
    '2025-1-01',
  ]) {
    assert.equal(isCalendarDate(d), false, d);
  }
  for (const d of ['2025-01-1x', '2025/01/10', '20250110', ' 2025-01-10', '0000-01-01']) {
    assert.equal(isCalendarDate(d), false, d);
  }
});

test('digit strings must have exactly the length asked', () => {
  assert.equal(isDigits('12345678', 8), true);
  assert.equal(isDigits('1234567', 8), false);
  assert.equal(isDigits('1234567a', 8), false);
  assert.equal(isDigits('１２３４５６７８', 8), false);
});

test('control characters include tabs, C1 controls and line separators', () => {
  for (const s of ['a\tb', 'a\nb', '\u0000', 'x\u007f', 'x\u0085', 'x\u2028'])
    assert.equal(hasControlChar(s), true, s);
  assert.equal(hasControlChar('Siti Rahayu, S.Pd. — Ñ'), false);
});

test('names are measured in characters, not UTF-16 units', () => {
  assert.equal(codePointLength('𝓐𝓑'), 2);
  assert.equal(codePointLength('Ani'), 3);
});

test('an e-mail address needs a local part, an @ and a dotted domain', () => {
  for (const e of ['a@b.co', 'siti.rahayu+1@guru.sd.belajar.id']) assert.equal(isEmailLike(e), true, e);
  for (const e of ['a@b', '@b.co', 'a b@c.co', 'a@@b.co', 'a@b..co', 'a@.b.co', 'a,b@c.co']) {
    assert.equal(isEmailLike(e), false, e);
  }
});
