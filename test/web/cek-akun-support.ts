// Ground for the Cek Akun tests: a world whose server trusts X-Forwarded-For (so each test can be
// its own client and the per-client and per-school limits can be told apart), and a visitor that
// keeps its cookies and posts the form from a chosen client address.
import type { Dialect } from '../support/stores.js';
import { type WebWorld, webWorld } from './web-support.js';

/** The world of web-support.ts, its server counting clients by the first X-Forwarded-For address. */
export async function cekAkunWorld(dialect: Dialect): Promise<WebWorld> {
  return webWorld(dialect, 1, () => new Date(), { SELARAS_TRUST_PROXY: '1' });
}

export interface Answer {
  status: number;
  html: string;
  headers: Headers;
}

/** A browser on the public page: cookies (the pre-session CSRF binding, the language) and one address. */
export class Visitor {
  private readonly cookies = new Map<string, string>();
  private csrf = '';

  constructor(
    readonly base: string,
    readonly address: string,
  ) {}

  async open(path = '/cek-akun'): Promise<Answer> {
    const res = await fetch(new URL(path, this.base), { headers: this.headers(), redirect: 'manual' });
    const answer = await this.read(res);
    const token = /<meta name="csrf-token" content="([^"]*)"/.exec(answer.html)?.[1];
    if (token) this.csrf = token;
    return answer;
  }

  /** Posts the form; `_csrf: null` leaves the token out. */
  async ask(fields: Record<string, string | null>): Promise<Answer> {
    const body = new URLSearchParams();
    if (!('_csrf' in fields)) body.set('_csrf', this.csrf);
    for (const [k, v] of Object.entries(fields)) if (v !== null) body.set(k, v);
    const res = await fetch(new URL('/cek-akun', this.base), {
      method: 'POST',
      headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' },
      body,
      redirect: 'manual',
    });
    return this.read(res);
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = { 'x-forwarded-for': this.address };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return headers;
  }

  private async read(res: Response): Promise<Answer> {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    return { status: res.status, html: await res.text(), headers: res.headers };
  }
}

/** The answer's kind, from the data-result attribute of the result section. */
export function resultOf(html: string): string | undefined {
  return /id="cek-akun-result" data-result="([a-z_]+)"/.exec(html)?.[1];
}
