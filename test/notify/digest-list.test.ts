// A run keeps, per school and group, only the digest items that can make the cut and how many there
// were (notifier.ts DigestList): the digest composed from that must be the very digest composed from
// every item, whatever the items and the order the run meets them in.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DigestList } from '../../src/notify/notifier.js';
import { composeSchoolDigest, type DigestItem, digestOrder } from '../../src/notify/templates/index.js';
import { digestInput } from './template-cases.js';

const item = fc.record({
  nama: fc.constantFrom('Siti', 'siti', 'Budi', 'Ani', 'Ánі', 'Rizki 2', 'Rizki 10', 'Zainal', 'Wati'),
  address: fc.constantFrom('a@sd.belajar.id', 'b@sd.belajar.id', 'c@smp.belajar.id'),
  type: fc.constantFrom('account_created' as const, 'account_reactivated' as const),
  reason: fc.constantFrom(null, 'mutasi'),
});

test('a kept digest list is the first items in digest order, and the digest reads the same', () => {
  fc.assert(
    fc.property(
      fc.array(item, { maxLength: 60 }),
      fc.integer({ min: 1, max: 8 }),
      fc.constantFrom('id' as const, 'en' as const),
      (items: DigestItem[], limit, lang) => {
        const list = new DigestList(digestOrder(lang), limit);
        for (const i of items) list.add(i);
        const all = [...items].sort(digestOrder(lang));
        assert.equal(list.total, items.length);
        assert.deepEqual(list.kept(), all.slice(0, limit));
        const whole = composeSchoolDigest(
          digestInput({ lang, joined: items, moved: [], left: [], listLimit: limit }),
        );
        const kept = composeSchoolDigest(
          digestInput({
            lang,
            joined: list.kept(),
            moved: [],
            left: [],
            listLimit: limit,
            totals: { joined: list.total, moved: 0, left: 0 },
          }),
        );
        assert.deepEqual(kept, whole);
      },
    ),
  );
});
