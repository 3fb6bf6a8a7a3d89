// Renders a page with the frame the request implies (language, CSRF token, caller, path).
import type { Context } from 'hono';
import type { ErrorCode } from '../../errors.js';
import type { AppEnv } from '../web-types.js';
import { ErrorPage } from './error-page.js';
import type { Frame } from './layout.js';

export function frameOf(c: Context<AppEnv>): Frame {
  const url = new URL(c.req.url);
  const frame: Frame = { lang: c.var.lang, csrf: c.var.csrf ?? '', path: url.pathname + url.search };
  const caller = c.get('caller');
  if (caller) frame.caller = caller;
  return frame;
}

export function renderError(c: Context<AppEnv>, code: ErrorCode | 'csrf', status: number, detail?: string) {
  const page = <ErrorPage frame={frameOf(c)} code={code} {...(detail ? { detail } : {})} />;
  return c.html(page, status as 400);
}
