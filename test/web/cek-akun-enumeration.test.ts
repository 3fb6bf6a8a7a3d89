// What cek-akun.test.ts leaves out of enumeration: it shows that four kinds of miss get the same bytes
// and that the per-client and per-school limits hold. Here: a school that does not exist at all is
// one more identical miss, headers included, and hits and misses count alike against the limits, so
// neither the answer nor the remaining allowance tells whether a person or a school exists.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CEK_AKUN_LIMITS } from '../../src/web/services/cek-akun-service.js';
import { DIALECTS, skipReason } from '../support/stores.js';
import { cekAkunWorld, resultOf, Visitor } from './cek-akun-support.js';
import { NPSN, type WebWorld } from './web-support.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

/** The headers a page answer may differ in from one request to another. */
const VARYING = new Set(['date', 'set-cookie']);

/** A page without its CSRF token, which differs per browser by design. */
function withoutCsrf(html: string): string {
  return html.replace(/(name="csrf-token" content="|name="_csrf" value=")[^"]*/g, '$1');
}

function stableHeaders(h: Headers): Record<string, string> {
  return Object.fromEntries([...h].filter(([k]) => !VARYING.has(k)));
}

for (const dialect of DIALECTS) {
  describe(`Cek Akun enumeration on ${dialect}`, { skip: skips.get(dialect) }, () => {
    let world: WebWorld;
    let birth: string;
    let clients = 0;
    const visitor = async () => {
      clients += 1;
      const v = new Visitor(world.url, `100.64.0.${clients}`);
      await v.open();
      return v;
    };

    before(async () => {
      world = await cekAkunWorld(dialect);
      const pupil = await world.store.db
        .selectFrom('persons')
        .select('tanggal_lahir')
        .where('person_id', '=', 'pd-a-00')
        .executeTakeFirstOrThrow();
      birth = pupil.tanggal_lahir;
    });
    after(() => world.close());

    test('a miss about a school that does not exist is the same answer, headers included, as any other miss', async () => {
      const person = { kind: 'pd', nama: 'Siti Aminah 00', tanggal_lahir: birth };
      const answers = [];
      // One visitor: the CSRF binding (and so the page bytes) is the same for all three.
      const v = await visitor();
      for (const fields of [
        { ...person, npsn: '99999999' }, // no such school
        { ...person, npsn: NPSN.smpB }, // a real school, not hers
        { ...person, npsn: NPSN.sdA, tanggal_lahir: '2000-01-01' }, // her school, wrong birth date
      ]) {
        answers.push(await v.ask(fields));
      }
      for (const a of answers) {
        assert.equal(a.status, 200);
        assert.equal(resultOf(a.html), 'not_found');
      }
      const [first, ...rest] = answers;
      for (const other of rest) {
        assert.equal(other.html, first!.html);
        assert.deepEqual(stableHeaders(other.headers), stableHeaders(first!.headers));
      }
      const hit = await v.ask({ ...person, npsn: NPSN.sdA });
      assert.equal(
        resultOf(hit.html),
        'found',
        'the same visitor does find her: the misses were real misses',
      );
    });

    test('hits and misses use up the same allowance, so the limit reveals nothing', async () => {
      const limit = CEK_AKUN_LIMITS.perClient.limit;
      const hits = await visitor();
      const misses = await visitor();
      for (let i = 0; i < limit; i++) {
        const found = await hits.ask({
          kind: 'pd',
          npsn: NPSN.sdA,
          nama: 'Siti Aminah 00',
          tanggal_lahir: birth,
        });
        assert.equal(resultOf(found.html), 'found');
        const missed = await misses.ask({
          kind: 'pd',
          npsn: '99999998',
          nama: 'Tidak Ada',
          tanggal_lahir: birth,
        });
        assert.equal(resultOf(missed.html), 'not_found');
      }
      const a = await hits.ask({ kind: 'pd', npsn: NPSN.sdA, nama: 'Siti Aminah 00', tanggal_lahir: birth });
      const b = await misses.ask({ kind: 'pd', npsn: '99999998', nama: 'Tidak Ada', tanggal_lahir: birth });
      assert.equal(a.status, 429);
      assert.equal(b.status, 429);
      assert.equal(
        withoutCsrf(a.html),
        withoutCsrf(b.html),
        'the refusal does not say which kind of look-ups used the allowance',
      );
    });
  });
}
