// The load itself, with autocannon on loopback: Cek Akun look-ups through the real CSRF flow, and API
// calls with a bearer token. Each run is bounded in time and reports requests per second, latency
// percentiles and every status it saw, so a limit's 429 is counted apart from the answers.
import autocannon from 'autocannon';

export interface LoadFigures {
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
}

export interface CekAkunFigures extends LoadFigures {
  /** Answers by the page's data-result: found, not_found, limited (429), invalid. */
  answers: Record<string, number>;
}

/** One look-up as a person would type it. */
export interface LookUp {
  kind: 'ptk' | 'pd';
  npsn: string;
  nama: string;
  tanggalLahir: string;
}

export interface RunSettings {
  url: string;
  seconds: number;
  connections: number;
}

/** Seconds a request may take before autocannon counts it as a timeout: slow answers still measure. */
const TIMEOUT_SECONDS = 30;

/**
 * Waits until the server answers /healthz within 100 ms: requests of the previous run still queued
 * (each a synchronous SQLite query) would otherwise be charged to the next run.
 */
export async function settle(url: string, maxSeconds = 180): Promise<void> {
  const until = Date.now() + maxSeconds * 1000;
  while (Date.now() < until) {
    const started = Date.now();
    await fetch(new URL('/healthz', url));
    if (Date.now() - started < 100) return;
  }
}

function figuresOf(r: autocannon.Result): LoadFigures {
  const statuses: Record<string, number> = {};
  const byCode = (r as { statusCodeStats?: Record<string, { count?: number }> }).statusCodeStats ?? {};
  for (const [code, s] of Object.entries(byCode)) statuses[code] = s.count ?? 0;
  return {
    requests: r.requests.total,
    rps: Math.round((r.requests.total / r.duration) * 10) / 10,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    maxMs: r.latency.max,
    statuses,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}

/** The browser's side of the form: the pre-session cookie and the CSRF token bound to it. */
async function csrfOf(url: string): Promise<{ cookie: string; token: string }> {
  const res = await fetch(new URL('/cek-akun', url));
  const html = await res.text();
  const token = /<meta name="csrf-token" content="([^"]*)"/.exec(html)?.[1];
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (!token || !cookie) throw new Error('the Cek Akun page gave no CSRF token or cookie');
  return { cookie, token };
}

/** A client address per request from 10.0.0.0/16, so no client reaches the per-client limit. */
function clientAddress(i: number): string {
  return `10.0.${(i >> 8) & 255}.${i & 255}`;
}

/**
 * POST /cek-akun, cycling through `lookUps` (found and not-found mixed by the caller), each from its
 * own X-Forwarded-For address (the server runs with SELARAS_TRUST_PROXY=1).
 */
export async function cekAkunLoad(s: RunSettings, lookUps: LookUp[]): Promise<CekAkunFigures> {
  const { cookie, token } = await csrfOf(s.url);
  const answers: Record<string, number> = {};
  let i = 0;
  const result = await autocannon({
    url: s.url,
    connections: s.connections,
    duration: s.seconds,
    timeout: TIMEOUT_SECONDS,
    requests: [
      {
        method: 'POST',
        path: '/cek-akun',
        setupRequest: (req) => {
          const n = i++;
          const l = lookUps[n % lookUps.length]!;
          const body = new URLSearchParams({
            _csrf: token,
            kind: l.kind,
            npsn: l.npsn,
            nama: l.nama,
            tanggal_lahir: l.tanggalLahir,
          }).toString();
          return {
            ...req,
            body,
            headers: {
              ...req.headers,
              cookie,
              'content-type': 'application/x-www-form-urlencoded',
              'x-forwarded-for': clientAddress(n),
            },
          };
        },
        onResponse: (_status, body) => {
          const answer = /id="cek-akun-result" data-result="([a-z_]+)"/.exec(body)?.[1] ?? 'other';
          answers[answer] = (answers[answer] ?? 0) + 1;
        },
      },
    ],
  });
  return { ...figuresOf(result), answers };
}

/** GET requests to the API with a bearer token, cycling through `paths`. */
export async function apiLoad(s: RunSettings, token: string, paths: string[]): Promise<LoadFigures> {
  let i = 0;
  const result = await autocannon({
    url: s.url,
    connections: s.connections,
    duration: s.seconds,
    timeout: TIMEOUT_SECONDS,
    headers: { authorization: `Bearer ${token}` },
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }),
      },
    ],
  });
  return figuresOf(result);
}
