import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  appealable,
  decisionAllowed,
  holdEnded,
  holdUntil,
  refilingRefused,
  resumedSchedule,
} from './appeals.js';
import { DEFAULT_POLICY } from './policy.js';

describe('appeal rules', () => {
  test('only an account being deactivated or suspended can be appealed', () => {
    assert.deepEqual(['active', 'deactivating', 'suspended', 'deleted'].map(appealable), [
      false,
      true,
      true,
      false,
    ]);
  });

  test('the hold lasts appealHoldDays from filing and ends on its last day', () => {
    assert.equal(holdUntil('2025-02-20', DEFAULT_POLICY), '2025-03-22');
    assert.equal(holdEnded('2025-03-22', '2025-03-21'), false);
    assert.equal(holdEnded('2025-03-22', '2025-03-22'), true);
  });

  test('a resumed deactivation gets a fresh notice from today and a new reminder', () => {
    const s = resumedSchedule(
      { status: 'deactivating', suspendOn: '2025-03-17', deleteOn: '2025-05-16' },
      '2025-03-18',
      DEFAULT_POLICY,
    );
    assert.deepEqual(s, { suspendOn: '2025-04-17', deleteOn: '2025-06-16', remindedOn: null });
  });

  test('a later date already on the account is kept', () => {
    const s = resumedSchedule(
      { status: 'deactivating', suspendOn: '2025-05-01', deleteOn: '2025-06-30' },
      '2025-03-01',
      DEFAULT_POLICY,
    );
    assert.equal(s.suspendOn, '2025-05-01');
    assert.equal(s.deleteOn, '2025-06-30');
  });

  test('a resumed suspension keeps its suspension date and gets a fresh notice before deletion', () => {
    const s = resumedSchedule(
      { status: 'suspended', suspendOn: '2025-03-17', deleteOn: '2025-05-16' },
      '2025-05-10',
      DEFAULT_POLICY,
    );
    assert.deepEqual(s, { suspendOn: '2025-03-17', deleteOn: '2025-06-09', remindedOn: null });
  });

  test('an open appeal takes either decision; one being corrected can only be found correct; a closed none', () => {
    assert.equal(decisionAllowed('open', 'correcting'), true);
    assert.equal(decisionAllowed('open', 'data_correct'), true);
    assert.equal(decisionAllowed('correcting', 'data_correct'), true);
    assert.equal(decisionAllowed('correcting', 'correcting'), false);
    assert.equal(decisionAllowed('closed', 'data_correct'), false);
  });

  test('a new appeal is refused while one is open, and after one about the same status period', () => {
    const account = { status: 'deactivating', statusSince: '2025-02-15' };
    const period = { account_status: 'deactivating', account_status_since: '2025-02-15' };
    assert.equal(refilingRefused([], account), null);
    assert.equal(refilingRefused([{ status: 'correcting', ...period }], account), 'open');
    assert.equal(refilingRefused([{ status: 'closed', ...period }], account), 'decided');
    const suspended = { status: 'suspended', statusSince: '2025-03-17' };
    assert.equal(refilingRefused([{ status: 'closed', ...period }], suspended), null, 'a new period');
  });
});
