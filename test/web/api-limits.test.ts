// The API's per-token rate limit: a token that keeps calling is told to wait, with Retry-After and
// a JSON error, while another token goes on being served.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { API_RATE_LIMIT } from '../../src/web/api/api-router.js';
import { DIALECTS, skipReason } from '../support/stores.js';
import { api, type WebWorld, webWorld } from './web-support.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

for (const dialect of DIALECTS) {
  describe(`the API rate limit on ${dialect}`, { skip: skips.get(dialect) }, () => {
    let world: WebWorld;
    before(async () => {
      world = await webWorld(dialect, 0);
    });
    after(() => world.close());

    test(`the call after ${API_RATE_LIMIT} in a minute is 429 for that token only`, async () => {
      const busy = await world.addToken('nasional');
      const calm = await world.addToken('dinas:32');
      for (let i = 0; i < API_RATE_LIMIT; i += 50) {
        const batch = Array.from({ length: Math.min(50, API_RATE_LIMIT - i) }, () =>
          api(world.url, busy, '/runs'),
        );
        for (const res of await Promise.all(batch)) assert.equal(res.status, 200);
      }
      const limited = await api(world.url, busy, '/runs');
      assert.equal(limited.status, 429);
      assert.deepEqual(limited.body, { code: 'rate_limited', message: 'too many requests for this token' });
      const wait = Number(limited.headers.get('retry-after'));
      assert.ok(wait >= 1 && wait <= 60, `Retry-After ${wait}`);
      assert.equal((await api(world.url, calm, '/runs')).status, 200, 'another token is not affected');
    });
  });
}
