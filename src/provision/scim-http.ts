// HTTP for the SCIM client: one request at a time with a deadline, the bearer token added here and
// nowhere else (it never reaches a message, a log line or last_error), SCIM error bodies (RFC 7644
// §3.12) read into ProvisionErrors that say whether a retry can help and how long the server asked us
// to wait.
import { ProvisionError } from './provision-connector.js';

export interface ScimHttpOptions {
  /** The service provider's base URL, e.g. https://idp.example/scim/v2. */
  baseUrl: string;
  token: string | undefined;
  /** Per request, connection and body included. */
  timeoutMs: number;
  now?: () => number;
}

export interface ScimResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

const SCIM_JSON = 'application/scim+json';
const DETAIL_MAX = 300;

export class ScimHttp {
  private readonly base: string;
  private readonly now: () => number;

  constructor(private readonly options: ScimHttpOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.now = options.now ?? Date.now;
  }

  /** Where requests go, without any credential that may sit in the URL. */
  get description(): string {
    const url = new URL(this.base);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/+$/, '');
  }

  /** Sends one request; a network failure or a timeout is a temporary ProvisionError. */
  async send(method: string, path: string, body?: unknown): Promise<ScimResponse> {
    const headers: Record<string, string> = { accept: `${SCIM_JSON}, application/json` };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    if (body !== undefined) headers['content-type'] = SCIM_JSON;
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      throw new ProvisionError(`${method} ${path}: ${networkText(error, this.options.timeoutMs)}`, {
        permanent: false,
      });
    }
    return { status: res.status, body: await readBody(res, method, path), headers: res.headers };
  }

  /** The error for an answer the caller did not expect, classified by its status. */
  refusal(method: string, path: string, res: ScimResponse): ProvisionError {
    const text = `${method} ${path}: ${res.status}${scimDetail(res.body)}`;
    const retryAfter = retryAfterMs(res.headers.get('retry-after'), this.now());
    const waitable = res.status === 429 || res.status === 503;
    return new ProvisionError(text, {
      permanent: isPermanent(res.status),
      status: res.status,
      rateLimited: res.status === 429,
      ...(waitable && retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
    });
  }
}

/**
 * 4xx means the request itself is wrong, except: 401 (a token being rotated), 404 (handled by the
 * caller), 408 and 429 (time), 409 (handled by the caller), 412 (someone else changed the user first).
 */
function isPermanent(status: number): boolean {
  if (status >= 500) return false;
  return status >= 400 && ![401, 404, 408, 409, 412, 429].includes(status);
}

/** Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

async function readBody(res: Response, method: string, path: string): Promise<unknown> {
  let text: string;
  try {
    text = await res.text();
  } catch (error) {
    throw new ProvisionError(`${method} ${path}: reading the answer failed: ${errorText(error)}`, {
      permanent: false,
    });
  }
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `: <scimType> <detail>` from a SCIM error body, or the start of a text body. */
function scimDetail(body: unknown): string {
  if (typeof body === 'string') return body.trim() === '' ? '' : ` ${clip(body.trim())}`;
  if (typeof body !== 'object' || body === null) return '';
  const { scimType, detail } = body as { scimType?: unknown; detail?: unknown };
  const parts = [typeof scimType === 'string' ? scimType : '', typeof detail === 'string' ? detail : ''];
  const joined = parts.filter((p) => p !== '').join(' ');
  return joined === '' ? '' : ` ${clip(joined)}`;
}

function clip(text: string): string {
  return text.length > DETAIL_MAX ? `${text.slice(0, DETAIL_MAX)}…` : text;
}

function networkText(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `no answer within ${timeoutMs} ms`;
  return errorText(error);
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}
