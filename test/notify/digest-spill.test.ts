// A national run's digest items wait on disk, filed by NPSN (notifier.ts): the digests read back from
// that spill must be exactly the digests composed at once from every item, in NPSN order, whatever
// the names (tabs, line breaks and '%' included) and however small the spill buffers are.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import type { PersonPlan } from '../../src/domain/classify.js';
import { DEFAULT_POLICY } from '../../src/domain/policy.js';
import { Notifier, type NotifierOptions } from '../../src/notify/notifier.js';
import { composeSchoolDigest, type DigestItem } from '../../src/notify/templates/index.js';

const SCHOOLS = ['20100001', '20100002', '20109999', '30500001', '1234', 'sekolah-x'];

interface Happening {
  kind: 'joined' | 'moved' | 'left';
  nama: string;
  from: number;
  to: number;
  reason: string | null;
}

/** A plan carrying one event, with what the notifier reads of it; no personal email, so no mail. */
function planOf(h: Happening, i: number): PersonPlan {
  const ref = (npsn: string) => ({ npsn, address: `p${i}@sd.belajar.id`, jenjang: 'sd', role: 'siswa' });
  const from = SCHOOLS[h.from % SCHOOLS.length]!;
  const to = SCHOOLS[h.to % SCHOOLS.length]!;
  const type = { joined: 'account_created', moved: 'pd_transferred', left: 'pd_deactivated' }[h.kind];
  const account = {
    id: i + 1,
    primaryAddress: `p${i}@sd.belajar.id`,
    suspendOn: null,
    deleteOn: null,
    continuationDeadline: null,
  };
  return {
    personId: `person-${i}`,
    kind: 'pd',
    profile: { nama: h.nama, email: '' },
    changes: [{ account, previous: h.kind === 'joined' ? null : { ...account } }],
    events: [
      {
        type,
        reason: h.reason,
        sameJenjang: null,
        subject: 0,
        toChange: h.kind === 'left' ? null : 0,
        from: h.kind === 'joined' ? null : ref(from),
        to: h.kind === 'left' ? null : ref(to),
      },
    ],
  } as unknown as PersonPlan;
}

function digestsOf(happenings: readonly Happening[], extra: Partial<NotifierOptions>) {
  const notifier = new Notifier({
    lang: 'id',
    policy: DEFAULT_POLICY,
    runId: 7,
    schoolName: (npsn) => `Sekolah ${npsn}`,
    effectiveDate: '2026-07-01',
    now: () => new Date('2026-07-02T00:00:00Z'),
    ...extra,
  });
  happenings.forEach((h, i) => {
    notifier.forPlan(planOf(h, i), null);
  });
  notifier.touch('20100003'); // a school only a hold concerns
  return notifier.digests((npsn) => [`admin@${npsn}.sch.id`], [
    { scope: 'sekolah:20100003', reason: 'x', count: 1 },
  ] as never);
}

const HOLD = { scope: 'sekolah:20100003', reason: 'x', count: 1 };

/** The digests composed from every item at once, as a run that kept them all would: the reference. */
function expectedDigests(happenings: readonly Happening[]) {
  type News = Record<'joined' | 'moved' | 'left', DigestItem[]> & { newCredentials: number };
  const news = new Map<string, News>();
  const of = (npsn: string) => {
    if (!news.has(npsn)) news.set(npsn, { joined: [], moved: [], left: [], newCredentials: 0 });
    return news.get(npsn)!;
  };
  happenings.forEach((h, i) => {
    const from = SCHOOLS[h.from % SCHOOLS.length]!;
    const to = SCHOOLS[h.to % SCHOOLS.length]!;
    const item = (type: DigestItem['type']) => ({
      nama: h.nama,
      address: `p${i}@sd.belajar.id`,
      type,
      reason: h.reason,
    });
    if (h.kind === 'joined') {
      of(to).joined.push(item('account_created'));
      of(to).newCredentials++;
    } else if (h.kind === 'moved') {
      of(to).moved.push(item('pd_transferred'));
      if (from !== to) of(from).moved.push(item('pd_transferred'));
    } else of(from).left.push(item('pd_deactivated'));
  });
  of('20100003');
  // By the first four digits of the NPSN (other shapes last), then by NPSN.
  const file = (npsn: string) => (/^\d{4}/.test(npsn) ? Number(npsn.slice(0, 4)) : 10_000);
  const order = [...news.keys()].sort((a, b) => file(a) - file(b) || (a < b ? -1 : 1));
  return order.flatMap((npsn) => {
    const n = news.get(npsn)!;
    const mail = composeSchoolDigest({
      lang: 'id',
      school: { npsn, nama: `Sekolah ${npsn}` },
      adminAddresses: [`admin@${npsn}.sch.id`],
      runId: 7,
      effectiveDate: '2026-07-01',
      joined: n.joined,
      moved: n.moved,
      left: n.left,
      totals: { joined: n.joined.length, moved: n.moved.length, left: n.left.length },
      newCredentials: n.newCredentials,
      appeals: [],
      held: npsn === '20100003' ? [HOLD as never] : [],
    });
    return mail ? [{ ...mail, lang: 'id' }] : [];
  });
}

const happening = fc.record({
  kind: fc.constantFrom('joined' as const, 'moved' as const, 'left' as const),
  nama: fc.oneof(fc.constantFrom('Siti', 'Budi\tSantoso', 'Ani\n%41', 'Ánі'), fc.string({ maxLength: 12 })),
  from: fc.nat(),
  to: fc.nat(),
  reason: fc.constantFrom(null, '', 'mutasi', 'lulus\t%'),
});

test('digests read back from the spill are the digests composed from every item at once, in NPSN order', () => {
  const dir = mkdtempSync(join(tmpdir(), 'selaras-digest-'));
  try {
    fc.assert(
      fc.property(
        fc.array(happening, { maxLength: 500 }),
        fc.integer({ min: 1, max: 300 }),
        (list, chars) => {
          const spillDir = join(dir, 'digests');
          const expected = expectedDigests(list);
          const read = (rows: ReturnType<typeof digestsOf>) =>
            rows.map((row) => JSON.parse(row.payload_json));
          assert.deepEqual(read(digestsOf(list, {})), expected, 'in memory');
          assert.deepEqual(read(digestsOf(list, { spillDir, spillChars: chars })), expected, 'spilled');
          rmSync(spillDir, { recursive: true, force: true });
        },
      ),
      { numRuns: 60 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a run with many items writes them to disk and reads each file back once, emptied after', () => {
  const dir = mkdtempSync(join(tmpdir(), 'selaras-digest-'));
  const spillDir = join(dir, 'digests');
  try {
    const list: Happening[] = Array.from({ length: 3000 }, (_, i) => ({
      kind: 'joined',
      nama: `Nama ${String(i).padStart(4, '0')}`,
      from: 0,
      to: i % 4,
      reason: null,
    }));
    const notifier = new Notifier({
      lang: 'id',
      policy: DEFAULT_POLICY,
      runId: 7,
      schoolName: (npsn) => npsn,
      effectiveDate: '2026-07-01',
      now: () => new Date('2026-07-02T00:00:00Z'),
      spillDir,
      spillChars: 1024,
    });
    list.forEach((h, i) => {
      notifier.forPlan(planOf(h, i), null);
    });
    assert.ok(readdirSync(spillDir).length >= 2, 'items went to disk, filed by NPSN');
    const batches = [...notifier.digestBatches()];
    assert.deepEqual(
      batches,
      [['20100001', '20100002', '20109999'], ['30500001']],
      'by NPSN, a file at a time',
    );
    const rows = batches.flatMap((schools) =>
      notifier.digestsOf(schools, [], { adminsOf: () => ['a@x.sch.id'], appealsOf: () => [] }),
    );
    assert.equal(rows.length, 4, 'one digest per school');
    assert.equal(readdirSync(spillDir).length, 0, 'a file read back is removed');
    const text = rows.map((r) => r.payload_json).join('\n');
    assert.match(text, /Nama 0000/);
    assert.ok(existsSync(spillDir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
