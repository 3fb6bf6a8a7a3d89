// Hostile text in every search box and filter: the console's account and school searches and its
// list filters, the API's query parameters, SCIM filter strings and the Cek Akun form. Each answer must
// be an ordinary one (200, 400 or 404, never 500), carry no database error text, show typed markup as
// text (escaped) and treat LIKE wildcards as the characters they are; the server logs no failure.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS, skipReason } from '../support/stores.js';
import { PublicVisitor } from './access-support.js';
import { api, NPSN, PASSWORD, type WebWorld, webWorld } from './web-support.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

/** SQL that would change a query's meaning if pasted into it, markup that would run if not escaped. */
export const HOSTILE_INPUTS = [
  "' OR '1'='1",
  "' OR 1=1 --",
  '" OR ""="',
  "'; DROP TABLE accounts; --",
  '1); DELETE FROM operators; --',
  "' UNION SELECT login, password_hash FROM operators --",
  '%',
  '_',
  '\\',
  "%' OR 'x' LIKE '%",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '</textarea><script>alert(1)</script>',
  'javascript:alert(1)',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax is the input being tried
  '{{7*7}}${7*7}',
  'a\u0000b',
  '\u202Eevil',
  '𝓢𝓲𝓽𝓲 😀',
  'x'.repeat(3000),
] as const;

/** What an answer must never contain: a driver's error, a stack trace, a path into the code. */
const LEAK =
  /SQLITE_|SqliteError|syntax error|unterminated quoted|invalid byte sequence|relation "|column "|near "|node_modules|dist\/src|\bat [\w.<>]+ \(/;

/** Markup from the inputs that must not appear unescaped in a page. */
const RAW_MARKUP = /<script>alert|<img src=x|<svg onload|<\/textarea><script>/;

interface Answer {
  status: number;
  text: string;
  contentType: string;
  nosniff: boolean;
}

/**
 * What is wrong with one answer. A JSON error may quote the input back (it is data, served as JSON
 * with nosniff, never rendered); a page must show it escaped.
 */
function problemsOf(what: string, a: Answer): string[] {
  const problems: string[] = [];
  if (![200, 400, 404].includes(a.status)) problems.push(`${what}: status ${a.status}`);
  if (LEAK.test(a.text)) problems.push(`${what}: error text ${LEAK.exec(a.text)?.[0]}`);
  if (a.contentType.startsWith('text/html') && RAW_MARKUP.test(a.text)) problems.push(`${what}: raw markup`);
  if (!a.contentType.startsWith('text/html') && !/json/.test(a.contentType))
    problems.push(`${what}: ${a.contentType}`);
  if (!a.nosniff) problems.push(`${what}: no X-Content-Type-Options: nosniff`);
  return problems;
}

/** A POST to the API with a JSON body; 403 and 409 (a refused decision) count as ordinary answers. */
async function fetchJson(base: string, token: string, path: string, body: unknown): Promise<Answer> {
  const res = await fetch(new URL(`/api/v1${path}`, base), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: [403, 409].includes(res.status) ? 200 : res.status,
    text: await res.text(),
    contentType: res.headers.get('content-type') ?? '',
    nosniff: res.headers.get('x-content-type-options') === 'nosniff',
  };
}

async function fetchAnswer(url: URL, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, { headers, redirect: 'manual' });
  return {
    status: res.status,
    text: await res.text(),
    contentType: res.headers.get('content-type') ?? '',
    nosniff: res.headers.get('x-content-type-options') === 'nosniff',
  };
}

for (const dialect of DIALECTS) {
  describe(`hostile search input on ${dialect}`, { skip: skips.get(dialect) }, () => {
    let world: WebWorld;
    let token: string;
    let operator: PublicVisitor;
    let visitors = 0;

    before(async () => {
      world = await webWorld(dialect, 2, () => new Date(), { SELARAS_TRUST_PROXY: '1' });
      await world.addOperator('nas', 'nasional');
      token = await world.addToken('nasional');
      operator = new PublicVisitor(world.url, '198.18.0.1');
      await operator.get('/login');
      const signed = await operator.postForm('/login', { login: 'nas', password: PASSWORD, next: '/' });
      assert.equal(signed.status, 303);
    });
    after(() => world.close());

    test('console searches and list filters answer normally and show typed markup as text', async () => {
      const problems: string[] = [];
      for (const input of HOSTILE_INPUTS) {
        const q = encodeURIComponent(input);
        for (const path of [
          `/accounts?q=${q}`,
          `/schools?q=${q}`,
          `/appeals?status=${q}&npsn=${q}&page=${q}`,
          `/runs?page=${q}`,
          `/audit?page=${q}`,
          `/mail/kotak?page=${q}`,
          `/schools/${NPSN.sdA}?page=${q}`,
          `/accounts/${q}`,
          `/schools/${q}`,
          `/appeals/${q}`,
          `/mail/kotak/${q}`,
        ]) {
          const out = await operator.get(path);
          problems.push(...problemsOf(`GET ${path.slice(0, 80)}`, out));
        }
      }
      assert.deepEqual(problems, []);
    });

    test('a search for markup echoes it escaped in the search box', async () => {
      const input = '"><img src=x onerror=alert(1)>';
      for (const path of ['/accounts', '/schools']) {
        const out = await operator.get(`${path}?q=${encodeURIComponent(input)}`);
        assert.equal(out.status, 200);
        assert.ok(
          out.text.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'),
          `${path} shows the text escaped`,
        );
      }
    });

    test('LIKE wildcards and quotes are searched for as characters, not patterns', async () => {
      for (const input of ['%', '_', "'", '\\', "%' OR 'x' LIKE '%"]) {
        const page = await operator.get(`/accounts?q=${encodeURIComponent(input)}`);
        assert.match(page.text, /id="account-count" data-count="0"/, `console accounts q=${input}`);
        const schools = await operator.get(`/schools?q=${encodeURIComponent(input)}`);
        assert.doesNotMatch(schools.text, /<tr data-npsn=/, `console schools q=${input}`);
        const found = await api(world.url, token, `/accounts?q=${encodeURIComponent(input)}`);
        assert.equal(found.status, 200);
        assert.deepEqual((found.body as { accounts: unknown[] }).accounts, [], `API accounts q=${input}`);
        const listed = await api(world.url, token, `/schools?q=${encodeURIComponent(input)}`);
        assert.deepEqual((listed.body as { schools: unknown[] }).schools, [], `API schools q=${input}`);
      }
      const some = await api(world.url, token, '/accounts?q=siti');
      assert.ok((some.body as { accounts: unknown[] }).accounts.length > 0, 'an ordinary search still finds');
    });

    test('API query parameters answer with JSON errors, never a failure', async () => {
      const problems: string[] = [];
      for (const input of HOSTILE_INPUTS) {
        const q = encodeURIComponent(input);
        for (const path of [
          `/accounts?q=${q}`,
          `/schools?q=${q}`,
          `/appeals?status=${q}`,
          `/appeals?npsn=${q}`,
          `/events?run=${q}`,
          `/events?run=1&limit=${q}&offset=${q}`,
          `/runs?limit=${q}&offset=${q}`,
          `/runs/${q}`,
          `/accounts/${q}`,
          `/schools/${q}`,
        ]) {
          const out = await fetchAnswer(new URL(`/api/v1${path}`, world.url), {
            authorization: `Bearer ${token}`,
          });
          problems.push(...problemsOf(`GET /api/v1${path.slice(0, 80)}`, out));
        }
      }
      assert.deepEqual(problems, []);
    });

    test('SCIM filters with injected text are refused as invalid filters or match literally', async () => {
      const filters = [
        ...HOSTILE_INPUTS.map((h) => `userName eq "${h.replace(/["\\]/g, (c) => `\\${c}`)}"`),
        ...HOSTILE_INPUTS.map((h) => `userName co "${h.replace(/["\\]/g, (c) => `\\${c}`)}"`),
        ...HOSTILE_INPUTS,
        'userName eq "x") or (1 eq 1',
        `userName eq "a" or ${'userName eq "a" or '.repeat(150)}userName eq "a"`,
        `${'('.repeat(500)}userName eq "a"${')'.repeat(500)}`,
        'emails[value co "\' OR 1=1 --"]',
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:organization eq \"32000001' OR '1'='1\"",
        'meta.lastModified gt "2020-01-01\' OR 1=1 --"',
        'id eq "1 OR 1=1"',
      ];
      const problems: string[] = [];
      for (const filter of filters) {
        for (const path of ['/scim/v2/Users', '/scim/v2/Groups']) {
          const what = `${path} filter ${filter.slice(0, 60)}`;
          const out = await fetchAnswer(new URL(`${path}?filter=${encodeURIComponent(filter)}`, world.url), {
            authorization: `Bearer ${token}`,
          });
          problems.push(...problemsOf(what, out));
          if (out.status === 400 && !/"scimType":"invalid(Filter|Value)"/.test(out.text)) {
            problems.push(`${what}: a 400 that is not invalidFilter`);
          }
          if (out.status === 200 && path === '/scim/v2/Users' && /^userName (eq|co) /.test(filter)) {
            if (JSON.parse(out.text).totalResults !== 0) problems.push(`${what}: matched something`);
          }
        }
      }
      assert.deepEqual(problems, []);
    });

    test('Cek Akun answers hostile fields with not-found or a form to fix, the typed name escaped', async () => {
      const problems: string[] = [];
      const valid = { kind: 'pd', npsn: NPSN.sdA, nama: 'Siti Aminah 00', tanggal_lahir: '2015-01-01' };
      for (const input of HOSTILE_INPUTS) {
        for (const field of ['kind', 'npsn', 'nama', 'tanggal_lahir'] as const) {
          visitors += 1; // a client of its own per look-up: the per-client limit is not what is tested here
          const v = new PublicVisitor(world.url, `198.19.${visitors >> 8}.${visitors & 255}`);
          await v.get('/cek-akun');
          const out = await v.postForm('/cek-akun', { ...valid, [field]: input });
          const what = `Cek Akun ${field}=${input.slice(0, 40)}`;
          problems.push(...problemsOf(what, out));
          if (!/id="cek-akun-result" data-result="(not_found|invalid)"/.test(out.text))
            problems.push(`${what}: no answer`);
        }
      }
      assert.deepEqual(problems, []);
      const v = new PublicVisitor(world.url, '198.19.255.1');
      await v.get('/cek-akun');
      const shown = await v.postForm('/cek-akun', { ...valid, nama: '<b>x</b>', npsn: '1' });
      assert.equal(shown.status, 400);
      assert.ok(shown.text.includes('value="&lt;b&gt;x&lt;/b&gt;"'), 'the typed name is kept, escaped');
    });

    test('sign-in and decision forms take hostile text as data: refused or not found, never a failure', async () => {
      const problems: string[] = [];
      let n = 0;
      for (const input of HOSTILE_INPUTS) {
        n += 1;
        const v = new PublicVisitor(world.url, `198.20.0.${n}`);
        await v.get('/login');
        const login = await v.postForm('/login', { login: input, password: input });
        problems.push(
          ...problemsOf(`login ${input.slice(0, 30)}`, {
            ...login,
            status: login.status === 401 ? 200 : login.status,
          }),
        );
        await operator.get('/runs/2');
        for (const path of ['/runs/2/approve', '/runs/2/reject']) {
          const out = await operator.postForm(path, { scope: input, reason: input });
          const status = [403, 409].includes(out.status) ? 200 : out.status;
          problems.push(...problemsOf(`POST ${path} scope ${input.slice(0, 30)}`, { ...out, status }));
        }
        const decided = await fetchJson(world.url, token, '/runs/2/approve', { scope: input, reason: input });
        problems.push(...problemsOf(`API approve scope ${input.slice(0, 30)}`, decided));
        const appeal = await fetchJson(world.url, token, '/appeals/1/resolve', {
          decision: input,
          note: input,
        });
        problems.push(...problemsOf(`API appeal decision ${input.slice(0, 30)}`, appeal));
      }
      assert.deepEqual(problems, []);
      const run = await world.store.db
        .selectFrom('holds')
        .select(['scope', 'status'])
        .where('run_id', '=', 2)
        .execute();
      assert.ok(
        run.every((h) => h.status === 'pending'),
        'no hostile scope decided anything',
      );
    });

    test('none of it made the server log a failure', () => {
      const failures = world.logged.filter((e) => e.type === 'request_failed');
      assert.deepEqual(failures, []);
    });
  });
}
