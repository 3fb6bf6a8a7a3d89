// SELARAS_API_RATE_PER_MINUTE sets the per-token limit of /api/v1 (the load benchmark raises it; an
// operator may lower it). api-limits.test.ts covers the default; here a configured limit is the one
// enforced, and a value that is not a positive whole number is refused when the config is read.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_API_RATE_PER_MINUTE, loadConfig } from '../../src/config/config.js';
import { DIALECTS, skipReason } from '../support/stores.js';
import { api, type WebWorld, webWorld } from './web-support.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

test('the API rate setting defaults to 600 a minute and accepts only a positive whole number', () => {
  assert.equal(loadConfig({ db: 'x.db' }, {}).apiRatePerMinute, DEFAULT_API_RATE_PER_MINUTE);
  assert.equal(loadConfig({ db: 'x.db' }, { SELARAS_API_RATE_PER_MINUTE: '5000' }).apiRatePerMinute, 5000);
  for (const bad of ['0', '-1', '2.5', 'many']) {
    assert.throws(() => loadConfig({ db: 'x.db' }, { SELARAS_API_RATE_PER_MINUTE: bad }), /apiRatePerMinute/);
  }
});

for (const dialect of DIALECTS) {
  describe(`a configured API rate limit on ${dialect}`, { skip: skips.get(dialect) }, () => {
    let world: WebWorld;
    before(async () => {
      world = await webWorld(dialect, 0, () => new Date(), { SELARAS_API_RATE_PER_MINUTE: '3' });
    });
    after(() => world.close());

    test('with SELARAS_API_RATE_PER_MINUTE=3 the fourth call in a minute is 429', async () => {
      const token = await world.addToken('nasional');
      for (let i = 0; i < 3; i++)
        assert.equal((await api(world.url, token, '/runs')).status, 200, `call ${i + 1}`);
      const limited = await api(world.url, token, '/runs');
      assert.equal(limited.status, 429);
      assert.equal((limited.body as { code: string }).code, 'rate_limited');
    });
  });
}
