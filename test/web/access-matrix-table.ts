// The access matrix: for every route the web app registers (keyed `METHOD path` exactly as Hono lists
// it in `app.routes`), the requests that exercise it and what each role must get back. Scoped routes
// are asked about a school in each province (SD_A in 32, SD_C in 51), so every role sees one answer
// from inside its scope and one from outside. A state-changing route is asked in a way that passes its
// access check and is then refused for a harmless reason (409), so the matrix changes nothing.

import {
  type Call,
  covers,
  type Place,
  ROLES,
  type Role,
  SCHOOL_A,
  SCHOOL_C,
  type Targets,
} from './access-support.js';
import { NPSN } from './web-support.js';

export type Expect = Record<Role, number>;

/** What a list answer holds: per row, the schools it belongs to (a row is in scope if one of them is). */
export type RowsOf = (text: string) => RowRef[];
export type RowRef = { npsns: string[] } | { accountId: number } | { auditScope: string };

export interface MatrixCase {
  call: (t: Targets, role: Role) => Call;
  expect: Expect;
  /** For list routes: the rows of a 200 answer, each checked against the caller's scope. */
  rows?: RowsOf;
  /**
   * A list whose national answer must hold rows of both provinces (so the scoped answers are narrower
   * for a reason); false for a first page that is legitimately one province's.
   */
  spans?: boolean;
}

const SEARCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

function table(f: (role: Role) => number): Expect {
  return Object.fromEntries(ROLES.map((r) => [r, f(r)])) as Expect;
}
/** The same answer for everyone, signed in or not (public routes). */
const all = (status: number) => table(() => status);
/** A console page: anonymous browsers are sent to the login page. */
const page = (status = 200) => table((r) => (r === 'anonymous' ? 303 : status));
/** An API or SCIM call: no token, no entry. */
const bearer = (status = 200) => table((r) => (r === 'anonymous' ? 401 : status));
/** Inside the caller's scope `inside`, else `outside`; anonymous gets `anon`. */
const scoped = (place: Place, inside: number, outside: number, anon: number) =>
  table((r) => (r === 'anonymous' ? anon : covers(r, place) ? inside : outside));
/** Unduh Akun: the school's own operator and national operators only (not a dinas office). */
const download = (place: Place) =>
  table((r) => (r === 'anonymous' ? 401 : r === 'nasional' || r === `sekolah:${place.npsn}` ? 200 : 403));

const get =
  (path: string, channel: Call['channel'] = 'page'): (() => Call) =>
  () => ({ channel, method: 'GET', path });

// Row readers: data attributes on pages, fields in JSON.
const attr = (re: RegExp) => (text: string) => [...text.matchAll(re)].map((m) => m[1]!);
const pageAccounts: RowsOf = (t) =>
  attr(/<tr data-account-id="(\d+)"/g)(t).map((id) => ({ accountId: Number(id) }));
const pageSchools: RowsOf = (t) => attr(/<tr data-npsn="([^"]+)"/g)(t).map((n) => ({ npsns: [n] }));
const pageAppeals: RowsOf = (t) =>
  attr(/<tr data-appeal-id="\d+"[^>]*data-npsn="([^"]+)"/g)(t).map((n) => ({ npsns: [n] }));
const pageAudit: RowsOf = (t) =>
  attr(/<tr data-id="\d+"[^>]*data-scope="([^"]*)"/g)(t).map((s) => ({ auditScope: s }));
const json = <T>(text: string) => JSON.parse(text) as T;
const apiAccounts: RowsOf = (t) =>
  json<{ accounts: { npsn: string }[] }>(t).accounts.map((a) => ({ npsns: [a.npsn] }));
const apiSchools: RowsOf = (t) =>
  json<{ schools: { npsn: string }[] }>(t).schools.map((s) => ({ npsns: [s.npsn] }));
const apiAppeals: RowsOf = (t) =>
  json<{ appeals: { npsn: string }[] }>(t).appeals.map((a) => ({ npsns: [a.npsn] }));
type End = { npsn: string } | null | undefined;
const apiEvents: RowsOf = (t) =>
  json<{ events: { from?: End; to?: End }[] }>(t).events.map((e) => ({
    npsns: [e.from?.npsn, e.to?.npsn].filter((n): n is string => typeof n === 'string'),
  }));
const scimUsers: RowsOf = (t) =>
  json<{ Resources: { id: string }[] }>(t).Resources.map((u) => ({ accountId: Number(u.id) }));
const scimGroups: RowsOf = (t) =>
  json<{ Resources: { id: string }[] }>(t).Resources.map((g) => ({ npsns: [g.id] }));

/** Decide a run's held scope: run 1 holds nothing, so a caller whose scope covers it is refused (409). */
const decideRun = (channel: Call['channel'], kind: 'approve' | 'reject', place: Place) => (): Call => {
  const scope = `sekolah:${place.npsn}`;
  return channel === 'page'
    ? { channel, method: 'POST', path: `/runs/1/${kind}`, form: { scope } }
    : { channel, method: 'POST', path: `/api/v1/runs/1/${kind}`, json: { scope } };
};
/** Decide an appeal that is already closed: inside the scope that is a 409, outside it a 404. */
const resolveAppeal =
  (channel: Call['channel'], which: 'a' | 'c') =>
  (t: Targets): Call =>
    channel === 'page'
      ? {
          channel,
          method: 'POST',
          path: `/appeals/${t.appeal[which]}/resolve`,
          form: { decision: 'correcting' },
        }
      : {
          channel,
          method: 'POST',
          path: `/api/v1/appeals/${t.appeal[which]}/resolve`,
          json: { decision: 'correcting' },
        };

const cekAkunMiss = { kind: 'pd', npsn: NPSN.sdA, nama: 'Nama Yang Tidak Ada', tanggal_lahir: '2015-01-01' };

export const MATRIX: Record<string, MatrixCase[]> = {
  // Public: assets, health, Cek Akun, the login page, discovery documents.
  'GET /static/*': [{ call: get('/static/app.css'), expect: all(200) }],
  'GET /healthz': [{ call: get('/healthz'), expect: all(200) }],
  'GET /cek-akun': [{ call: get('/cek-akun'), expect: all(200) }],
  'POST /cek-akun': [
    {
      call: () => ({ channel: 'page', method: 'POST', path: '/cek-akun', form: cekAkunMiss }),
      expect: all(200),
    },
  ],
  'POST /cek-akun/banding': [
    {
      call: () => ({
        channel: 'page',
        method: 'POST',
        path: '/cek-akun/banding',
        form: { proof: 'x.y.z', isi: 'x' },
      }),
      expect: all(400),
    },
  ],
  'GET /login': [{ call: get('/login'), expect: all(200) }],
  // Each operator signs in with its own password; the anonymous browser with a wrong one.
  'POST /login': [
    {
      // A login of its own per role: five failures on one login would lock it (auth.test.ts).
      call: (_t, role) => ({
        channel: 'page',
        method: 'POST',
        path: '/login',
        form: { login: `nobody-${role}`, password: 'salah-sekali' },
      }),
      expect: all(401),
    },
  ],
  // Logging out is harmless without a session; with one it is tested on a throwaway session.
  'POST /logout': [
    { call: () => ({ channel: 'page', method: 'POST', path: '/logout', form: {} }), expect: all(303) },
  ],
  'GET /api/v1/openapi.json': [{ call: get('/api/v1/openapi.json', 'bearer'), expect: all(200) }],
  'GET /scim/v2/ServiceProviderConfig': [
    { call: get('/scim/v2/ServiceProviderConfig', 'bearer'), expect: all(200) },
  ],
  'GET /scim/v2/ResourceTypes': [{ call: get('/scim/v2/ResourceTypes', 'bearer'), expect: all(200) }],
  'GET /scim/v2/ResourceTypes/:id': [
    { call: get('/scim/v2/ResourceTypes/User', 'bearer'), expect: all(200) },
  ],
  'GET /scim/v2/Schemas': [{ call: get('/scim/v2/Schemas', 'bearer'), expect: all(200) }],
  'GET /scim/v2/Schemas/:id': [
    { call: get('/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User', 'bearer'), expect: all(200) },
  ],

  // The console.
  'GET /': [{ call: get('/'), expect: page() }],
  'GET /runs': [{ call: get('/runs'), expect: page() }],
  'GET /runs/:id{[0-9]+}': [
    { call: get('/runs/1'), expect: page() },
    { call: get('/runs/99999'), expect: page(404) },
  ],
  'POST /runs/:id{[0-9]+}/approve': [
    { call: decideRun('page', 'approve', SCHOOL_A), expect: scoped(SCHOOL_A, 409, 403, 401) },
    { call: decideRun('page', 'approve', SCHOOL_C), expect: scoped(SCHOOL_C, 409, 403, 401) },
  ],
  'POST /runs/:id{[0-9]+}/reject': [
    { call: decideRun('page', 'reject', SCHOOL_A), expect: scoped(SCHOOL_A, 409, 403, 401) },
    { call: decideRun('page', 'reject', SCHOOL_C), expect: scoped(SCHOOL_C, 409, 403, 401) },
  ],
  'GET /accounts': [{ call: get('/accounts?q=a'), expect: page(), rows: pageAccounts }],
  'GET /accounts/:id': [
    { call: (t) => get(`/accounts/${t.account.a}`)(), expect: scoped(SCHOOL_A, 200, 404, 303) },
    { call: (t) => get(`/accounts/${t.account.c}`)(), expect: scoped(SCHOOL_C, 200, 404, 303) },
    { call: get('/accounts/999999'), expect: page(404) },
  ],
  'GET /schools': [{ call: get('/schools?q='), expect: page(), rows: pageSchools }],
  'GET /schools/:npsn': [
    { call: get(`/schools/${SCHOOL_A.npsn}`), expect: scoped(SCHOOL_A, 200, 404, 303) },
    { call: get(`/schools/${SCHOOL_C.npsn}`), expect: scoped(SCHOOL_C, 200, 404, 303) },
  ],
  'POST /schools/:npsn/unduh-akun': [
    {
      call: () => ({
        channel: 'page',
        method: 'POST',
        path: `/schools/${SCHOOL_A.npsn}/unduh-akun`,
        form: { which: 'all' },
      }),
      expect: download(SCHOOL_A),
    },
    {
      call: () => ({
        channel: 'page',
        method: 'POST',
        path: `/schools/${SCHOOL_C.npsn}/unduh-akun`,
        form: { which: 'all' },
      }),
      expect: download(SCHOOL_C),
    },
  ],
  'GET /mail': [{ call: get('/mail'), expect: page() }],
  // Provisioning: every operator, within the caller's scope (test/provision/provision-console.test.ts).
  'GET /provision': [{ call: get('/provision'), expect: page() }],
  // The local mailbox holds the whole country's mail: national operators only.
  'GET /mail/kotak': [
    {
      call: get('/mail/kotak'),
      expect: table((r) => (r === 'anonymous' ? 303 : r === 'nasional' ? 200 : 403)),
    },
  ],
  'GET /mail/kotak/:file': [
    {
      call: (t) => get(`/mail/kotak/${encodeURIComponent(t.mailFile)}`)(),
      expect: table((r) => (r === 'anonymous' ? 303 : r === 'nasional' ? 200 : 403)),
    },
  ],
  'GET /audit': [{ call: get('/audit'), expect: page(), rows: pageAudit, spans: false }],
  'GET /appeals': [{ call: get('/appeals?status=all'), expect: page(), rows: pageAppeals }],
  'GET /appeals/:id': [
    { call: (t) => get(`/appeals/${t.appeal.a}`)(), expect: scoped(SCHOOL_A, 200, 404, 303) },
    { call: (t) => get(`/appeals/${t.appeal.c}`)(), expect: scoped(SCHOOL_C, 200, 404, 303) },
  ],
  'POST /appeals/:id/resolve': [
    { call: resolveAppeal('page', 'a'), expect: scoped(SCHOOL_A, 409, 404, 401) },
    { call: resolveAppeal('page', 'c'), expect: scoped(SCHOOL_C, 409, 404, 401) },
  ],

  // The REST API.
  'ALL /api/v1/*': [
    { call: get('/api/v1/no-such-thing', 'bearer'), expect: bearer(404) },
    {
      call: () => ({ channel: 'bearer', method: 'DELETE', path: '/api/v1/accounts/1' }),
      expect: bearer(404),
    },
  ],
  'GET /api/v1/runs': [{ call: get('/api/v1/runs', 'bearer'), expect: bearer() }],
  'GET /api/v1/runs/:id': [
    { call: get('/api/v1/runs/1', 'bearer'), expect: bearer() },
    { call: get('/api/v1/runs/99999', 'bearer'), expect: bearer(404) },
  ],
  'POST /api/v1/runs/:id/approve': [
    { call: decideRun('bearer', 'approve', SCHOOL_A), expect: scoped(SCHOOL_A, 409, 403, 401) },
    { call: decideRun('bearer', 'approve', SCHOOL_C), expect: scoped(SCHOOL_C, 409, 403, 401) },
  ],
  'POST /api/v1/runs/:id/reject': [
    { call: decideRun('bearer', 'reject', SCHOOL_A), expect: scoped(SCHOOL_A, 409, 403, 401) },
    { call: decideRun('bearer', 'reject', SCHOOL_C), expect: scoped(SCHOOL_C, 409, 403, 401) },
  ],
  'GET /api/v1/events': [
    { call: get('/api/v1/events?run=1&limit=1000', 'bearer'), expect: bearer(), rows: apiEvents },
    { call: get('/api/v1/events?run=2&limit=1000', 'bearer'), expect: bearer(), rows: apiEvents },
  ],
  'GET /api/v1/accounts': [
    // Without a search text: the first 100 accounts by id, all in province 32 in this world.
    { call: get('/api/v1/accounts', 'bearer'), expect: bearer(), rows: apiAccounts, spans: false },
    { call: get('/api/v1/accounts?q=a', 'bearer'), expect: bearer(), rows: apiAccounts },
  ],
  'GET /api/v1/accounts/:id': [
    {
      call: (t) => get(`/api/v1/accounts/${t.account.a}`, 'bearer')(),
      expect: scoped(SCHOOL_A, 200, 404, 401),
    },
    {
      call: (t) => get(`/api/v1/accounts/${t.account.c}`, 'bearer')(),
      expect: scoped(SCHOOL_C, 200, 404, 401),
    },
  ],
  'GET /api/v1/schools': [{ call: get('/api/v1/schools', 'bearer'), expect: bearer(), rows: apiSchools }],
  'GET /api/v1/schools/:npsn': [
    { call: get(`/api/v1/schools/${SCHOOL_A.npsn}`, 'bearer'), expect: scoped(SCHOOL_A, 200, 404, 401) },
    { call: get(`/api/v1/schools/${SCHOOL_C.npsn}`, 'bearer'), expect: scoped(SCHOOL_C, 200, 404, 401) },
  ],
  'GET /api/v1/appeals': [
    { call: get('/api/v1/appeals?status=all', 'bearer'), expect: bearer(), rows: apiAppeals },
  ],
  'POST /api/v1/appeals/:id/resolve': [
    { call: resolveAppeal('bearer', 'a'), expect: scoped(SCHOOL_A, 409, 404, 401) },
    { call: resolveAppeal('bearer', 'c'), expect: scoped(SCHOOL_C, 409, 404, 401) },
  ],

  // SCIM: read-only, scoped like the API.
  'ALL /scim/v2/*': [{ call: get('/scim/v2/NoSuchThing', 'bearer'), expect: bearer(404) }],
  'GET /scim/v2/Users': [
    { call: get('/scim/v2/Users?count=1000', 'bearer'), expect: bearer(), rows: scimUsers },
  ],
  'POST /scim/v2/Users/.search': [
    {
      call: () => ({
        channel: 'bearer',
        method: 'POST',
        path: '/scim/v2/Users/.search',
        json: { schemas: [SEARCH_SCHEMA], count: 1000 },
      }),
      expect: bearer(),
      rows: scimUsers,
    },
  ],
  'GET /scim/v2/Users/:id': [
    {
      call: (t) => get(`/scim/v2/Users/${t.account.a}`, 'bearer')(),
      expect: scoped(SCHOOL_A, 200, 404, 401),
    },
    {
      call: (t) => get(`/scim/v2/Users/${t.account.c}`, 'bearer')(),
      expect: scoped(SCHOOL_C, 200, 404, 401),
    },
  ],
  'GET /scim/v2/Groups': [{ call: get('/scim/v2/Groups', 'bearer'), expect: bearer(), rows: scimGroups }],
  'POST /scim/v2/Groups/.search': [
    {
      call: () => ({
        channel: 'bearer',
        method: 'POST',
        path: '/scim/v2/Groups/.search',
        json: { schemas: [SEARCH_SCHEMA] },
      }),
      expect: bearer(),
      rows: scimGroups,
    },
  ],
  'GET /scim/v2/Groups/:id': [
    { call: get(`/scim/v2/Groups/${SCHOOL_A.npsn}`, 'bearer'), expect: scoped(SCHOOL_A, 200, 404, 401) },
    { call: get(`/scim/v2/Groups/${SCHOOL_C.npsn}`, 'bearer'), expect: scoped(SCHOOL_C, 200, 404, 401) },
  ],
  'GET /scim/v2/Me': [{ call: get('/scim/v2/Me', 'bearer'), expect: bearer(501) }],
  // Every write is refused: the directory follows Dapodik only.
  'POST /scim/v2/*': [
    {
      call: () => ({ channel: 'bearer', method: 'POST', path: '/scim/v2/Users', json: { userName: 'x' } }),
      expect: bearer(403),
    },
  ],
  'PUT /scim/v2/*': [
    {
      call: (t) => ({ channel: 'bearer', method: 'PUT', path: `/scim/v2/Users/${t.account.a}`, json: {} }),
      expect: bearer(403),
    },
  ],
  'PATCH /scim/v2/*': [
    {
      call: (t) => ({ channel: 'bearer', method: 'PATCH', path: `/scim/v2/Users/${t.account.a}`, json: {} }),
      expect: bearer(403),
    },
  ],
  'DELETE /scim/v2/*': [
    {
      call: (t) => ({ channel: 'bearer', method: 'DELETE', path: `/scim/v2/Users/${t.account.a}` }),
      expect: bearer(403),
    },
  ],
};

/** Entries of `app.routes` that are middleware on every path, not routes a request ends at. */
export const MIDDLEWARE_KEYS = new Set(['ALL /*']);
