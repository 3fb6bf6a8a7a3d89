// HTTP for the Dapodik Web Service: one GET per endpoint and school, `Authorization: Bearer`, a
// timeout per attempt, retries with capped exponential backoff on network errors, timeouts, 408,
// 429 and 5xx (honouring Retry-After), and a cap on requests in flight per host. Outcomes are
// values, not exceptions (STYLE 7): a school that cannot be read is a reason, and the caller holds
// that school. The token goes into the header and nowhere else; server text that echoes it is
// redacted before it can reach a report.

import type { DapodikEndpoint } from './dapodik-answer.js';
import { HostLimiter } from './host-limiter.js';

export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  /** Delay before the first retry; each further retry doubles it, up to capMs. */
  baseMs: number;
  capMs: number;
  /** A Retry-After longer than this gives up on the school instead of stalling the pull. */
  maxRetryAfterMs: number;
}

export interface DapodikClientOptions {
  /** Base URL of the service, e.g. http://host:5774. */
  url: URL;
  token: string;
  timeoutMs: number;
  /** Requests in flight per host. */
  concurrency: number;
  retry: RetryPolicy;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  onRetry?: (event: RetryEvent) => void;
}

export interface RetryEvent {
  endpoint: DapodikEndpoint;
  npsn: string;
  /** The attempt that failed, from 1. */
  attempt: number;
  delayMs: number;
  reason: string;
}

export type Fetched = { ok: true; body: string } | { ok: false; reason: string };

type Attempt = { done: Fetched } | { retry: string; afterMs?: number };

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

export const DEFAULT_RETRY: RetryPolicy = Object.freeze({
  retries: 3,
  baseMs: 500,
  capMs: 30_000,
  maxRetryAfterMs: 120_000,
});

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class DapodikClient {
  private readonly limiter: HostLimiter;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: DapodikClientOptions) {
    this.limiter = new HostLimiter(options.concurrency);
    this.fetchFn = options.fetch ?? fetch;
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
  }

  /** The body of `endpoint` for school `npsn`, after any retries; or why it could not be had. */
  async get(endpoint: DapodikEndpoint, npsn: string): Promise<Fetched> {
    const url = endpointUrl(this.options.url, endpoint, npsn);
    const { retry } = this.options;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.limiter.run(url, () => this.attempt(url));
      if ('done' in outcome) return this.redacted(outcome.done);
      const tries = attempt === 1 ? '' : ` (after ${attempt} attempts)`;
      if (attempt > retry.retries) return this.redacted({ ok: false, reason: `${outcome.retry}${tries}` });
      const delayMs = outcome.afterMs ?? backoffMs(attempt, retry, `${url.href}#${attempt}`);
      if (delayMs > retry.maxRetryAfterMs) {
        const wait = Math.ceil(delayMs / 1000);
        return this.redacted({ ok: false, reason: `${outcome.retry}; the server asked to wait ${wait} s` });
      }
      this.options.onRetry?.({ endpoint, npsn, attempt, delayMs, reason: outcome.retry });
      // Sleeping outside the limiter: a school waiting to retry does not hold a slot.
      await this.sleep(delayMs);
    }
  }

  private async attempt(url: URL): Promise<Attempt> {
    try {
      const response = await this.fetchFn(url, {
        headers: { Authorization: `Bearer ${this.options.token}`, Accept: 'application/json' },
        signal: AbortSignal.timeout(this.options.timeoutMs),
        // A redirect could carry the token to another host; the service has no reason to send one.
        redirect: 'manual',
      });
      const body = await response.text();
      return judgeResponse(response.status, response.headers.get('retry-after'), body, this.now());
    } catch (err) {
      return { retry: networkReason(err, this.options.timeoutMs) };
    }
  }

  private redacted(fetched: Fetched): Fetched {
    if (fetched.ok) return fetched;
    return { ok: false, reason: redact(fetched.reason, this.options.token) };
  }
}

/** `<base>/WebService/<endpoint>?npsn=<npsn>`, keeping any path prefix of the base. */
export function endpointUrl(base: URL, endpoint: DapodikEndpoint, npsn: string): URL {
  const url = new URL(base.href);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/WebService/${endpoint}`;
  url.search = `npsn=${encodeURIComponent(npsn)}`;
  url.hash = '';
  return url;
}

function judgeResponse(status: number, retryAfter: string | null, body: string, now: number): Attempt {
  // The service says "Access denied" in plain text, with 200 or 403 alike: retrying cannot help.
  if (/^\s*access denied/i.test(body)) return { done: { ok: false, reason: 'access denied' } };
  if (RETRYABLE.has(status)) {
    const afterMs = status === 429 || status === 503 ? retryAfterMs(retryAfter, now) : undefined;
    return afterMs === undefined ? { retry: `HTTP ${status}` } : { retry: `HTTP ${status}`, afterMs };
  }
  if (status < 200 || status > 299) return { done: { ok: false, reason: `HTTP ${status}` } };
  return { done: { ok: true, body } };
}

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 10.2.3); undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * min(cap, base·2^(attempt−1)) scaled by a jitter in [0.5, 1) drawn from a hash of the request, so
 * schools that failed together do not retry together, and a run is still reproducible.
 */
export function backoffMs(attempt: number, policy: RetryPolicy, seed: string): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt - 1, 30));
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) hash = Math.imul(hash ^ seed.charCodeAt(i), 0x01000193);
  return Math.round(ceiling * (0.5 + 0.5 * ((hash >>> 0) / 2 ** 32)));
}

function networkReason(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; cause?: { code?: unknown } } | null;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const code = e?.cause?.code;
  return typeof code === 'string' ? `network error (${code})` : 'network error';
}

/** Removes every copy of the token from text a server or a library wrote. */
export function redact(text: string, token: string): string {
  return token === '' ? text : text.split(token).join('[token]');
}
