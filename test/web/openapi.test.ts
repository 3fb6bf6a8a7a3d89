// The API's OpenAPI document: served without a token, valid OpenAPI 3 by an independent validator,
// and true to the server — every documented operation exists, and every API route is documented.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { DIALECTS, skipReason } from '../support/stores.js';
import { api, NPSN, type WebWorld, webWorld } from './web-support.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

interface Doc {
  openapi: string;
  paths: Record<
    string,
    Record<string, { operationId: string; parameters?: { name: string; in: string; required?: boolean }[] }>
  >;
}

/** A real value for each path parameter the API documents. */
const PARAMS: Record<string, string> = { id: '1', npsn: NPSN.sdA };

for (const dialect of DIALECTS) {
  describe(`the OpenAPI document on ${dialect}`, { skip: skips.get(dialect) }, () => {
    let world: WebWorld;
    let doc: Doc;
    let token: string;
    before(async () => {
      world = await webWorld(dialect, 2);
      token = await world.addToken('nasional');
      const res = await fetch(`${world.url}/api/v1/openapi.json`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /application\/json/);
      doc = (await res.json()) as Doc;
    });
    after(() => world.close());

    test('validates as OpenAPI 3', async () => {
      assert.match(doc.openapi, /^3\./);
      const result = await new Validator().validate(doc as unknown as Parameters<Validator['validate']>[0]);
      assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
    });

    test('documents runs, events, accounts and schools, each operation with a unique id', () => {
      const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
      assert.equal(new Set(ids).size, ids.length);
      for (const path of [
        '/runs',
        '/runs/{id}',
        '/runs/{id}/approve',
        '/runs/{id}/reject',
        '/events',
        '/accounts',
        '/accounts/{id}',
        '/schools',
        '/schools/{npsn}',
      ]) {
        assert.ok(doc.paths[path], `${path} is documented`);
      }
    });

    test('every documented GET answers on the server, and an undocumented path is a JSON 404', async () => {
      for (const [path, item] of Object.entries(doc.paths)) {
        if (!item.get) continue;
        const concrete = path.replace(/\{(\w+)\}/g, (_, name: string) => PARAMS[name] ?? '1');
        const query = item.get.parameters?.some((p) => p.in === 'query' && p.name === 'run' && p.required)
          ? '?run=1'
          : '';
        const res = await api(world.url, token, `${concrete}${query}`);
        assert.equal(res.status, 200, `${concrete}${query}: ${JSON.stringify(res.body)}`);
      }
      const missing = await api(world.url, token, '/nothing-here');
      assert.equal(missing.status, 404);
      assert.deepEqual(Object.keys(missing.body as object).sort(), ['code', 'message']);
    });
  });
}
