import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { personNameKey, sameName } from './person-name.js';
import { DEFAULT_POLICY } from './policy.js';

const titles = DEFAULT_POLICY.titles;

describe('personNameKey', () => {
  test('ignores case, surrounding spaces and repeated spaces', () => {
    assert.equal(personNameKey('  SITI   aminah  ', titles), 'siti aminah');
  });

  test('drops the degrees after a comma and title tokens anywhere', () => {
    assert.equal(personNameKey('Dra. Hj. Dewi Lestari, S.Pd., M.Pd.', titles), 'dewi lestari');
    assert.equal(personNameKey('Dewi Lestari S.Pd', titles), 'dewi lestari');
  });

  test('ignores accents and punctuation inside a token but keeps digits', () => {
    assert.equal(personNameKey('Abdul-Rahman Ṣālih', titles), 'abdulrahman salih');
    assert.equal(personNameKey('Siti Aminah 00', titles), 'siti aminah 00');
  });

  test('is empty when only titles and punctuation remain', () => {
    assert.equal(personNameKey(' Dr. , S.Pd.', titles), '');
  });
});

describe('sameName', () => {
  test('matches a name typed without the degrees the operator entered', () => {
    assert.ok(sameName('dewi lestari', 'Dewi Lestari, S.Pd.', titles));
  });

  test('does not match a different, shorter or reordered name', () => {
    assert.ok(!sameName('Dewi', 'Dewi Lestari', titles));
    assert.ok(!sameName('Lestari Dewi', 'Dewi Lestari', titles));
    assert.ok(!sameName('Siti Aminah 01', 'Siti Aminah 00', titles));
  });

  test('never matches on an empty name, even against another empty one', () => {
    assert.ok(!sameName('', '', titles));
    assert.ok(!sameName('S.Pd.', 'Dr.', titles));
  });
});
