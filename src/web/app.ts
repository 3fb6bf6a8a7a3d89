// The whole web surface wired in one place (STYLE 4): static assets, the public Cek Akun page, the
// login, the console behind a session, and the REST API behind bearer tokens. Hono's core only knows
// Request → Response; the Node server around it is in server.ts.
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { AppError } from '../errors.js';
import { deriveKey } from '../security/secret-key.js';
import { registerApi } from './api/api-router.js';
import { registerAccounts } from './routes/accounts-routes.js';
import { registerAppeals } from './routes/appeals-routes.js';
import { registerAudit } from './routes/audit-routes.js';
import { registerAuth } from './routes/auth-routes.js';
import { registerCekAkun } from './routes/cek-akun-routes.js';
import { registerDashboard } from './routes/dashboard-routes.js';
import { registerMail } from './routes/mail-routes.js';
import { registerProvision } from './routes/provision-routes.js';
import { registerRuns } from './routes/runs-routes.js';
import { registerSchools } from './routes/schools-routes.js';
import { registerScim } from './scim/scim-router.js';
import { loadAssets } from './security/assets.js';
import { clientAddress } from './security/client-address.js';
import { CSRF_FIELD, CSRF_HEADER, csrfMatches, csrfToken } from './security/csrf.js';
import { requireOperator } from './security/guards.js';
import { preSessionBinding, sessionIdOf } from './security/session.js';
import { renderError } from './views/render.js';
import type { AppEnv, Lang, WebDeps } from './web-types.js';

const LANG_COOKIE = 'selaras_lang';

export function createWebApp(deps: WebDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const assets = loadAssets();
  const csrfKey = deriveKey(deps.masterKey, 'csrf');

  app.use('*', async (c, next) => {
    c.set('deps', deps);
    c.set('client', clientAddress(c, deps.config.trustProxy));
    c.set('lang', langOf(c.req.query('lang'), c.req.header('cookie'), deps.config.lang));
    const asked = c.req.query('lang');
    if (asked === 'id' || asked === 'en') {
      c.header('Set-Cookie', `${LANG_COOKIE}=${asked}; Path=/; Max-Age=31536000; SameSite=Lax`, {
        append: true,
      });
    }
    await next();
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        frameSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'same-origin',
    }),
  );

  // PostgreSQL text cannot hold U+0000, and no field of ours has a use for it: refuse it at the door
  // (400) rather than let a query fail deep inside with a 500. Cek Akun and SCIM check their own
  // fields and answer in their own forms (the Cek Akun page, a SCIM invalidFilter).
  const ownChecks = (path: string) => path.startsWith('/scim/') || path.startsWith('/cek-akun');
  app.use('*', async (c, next) => {
    if (!ownChecks(c.req.path) && /%00/i.test(c.req.url)) {
      throw new AppError('bad_input', 'the request holds a NUL character');
    }
    await next();
  });

  app.get('/static/*', (c) => {
    const asset = assets.get(c.req.path);
    if (!asset) throw new AppError('not_found', `no asset ${c.req.path}`);
    if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304);
    return c.body(new Uint8Array(asset.body), 200, {
      'content-type': asset.type,
      etag: asset.etag,
      'cache-control': 'public, max-age=3600',
    });
  });
  app.get('/healthz', (c) => c.json({ ok: true }));

  registerApi(app, deps);
  registerScim(app, deps);

  // Every page form carries a CSRF token bound to the session, or before login to a pre-session
  // cookie; a POST without the right one is refused before any route sees it.
  app.use('*', async (c, next) => {
    if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/static/')) return next();
    const binding = (await sessionIdOf(c)) ?? (await preSessionBinding(c));
    c.set('csrf', csrfToken(csrfKey, binding));
    if (c.req.method === 'POST') {
      const body = await c.req.parseBody();
      if (
        !ownChecks(c.req.path) &&
        Object.values(body).some((v) => typeof v === 'string' && v.includes('\u0000'))
      ) {
        throw new AppError('bad_input', 'the form holds a NUL character');
      }
      const presented =
        c.req.header(CSRF_HEADER) ?? (typeof body[CSRF_FIELD] === 'string' ? body[CSRF_FIELD] : undefined);
      if (!csrfMatches(csrfKey, binding, presented)) {
        return renderError(c, 'csrf', 403);
      }
    }
    await next();
  });

  registerCekAkun(app);
  registerAuth(app);

  app.use('*', requireOperator);
  registerDashboard(app);
  registerRuns(app);
  registerAccounts(app);
  registerSchools(app);
  registerMail(app);
  registerProvision(app);
  registerAudit(app);
  registerAppeals(app);

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/'))
      return c.json({ code: 'not_found', message: 'no such endpoint' }, 404);
    return renderError(c, 'not_found', 404);
  });
  app.onError((err, c) => {
    const error = err instanceof AppError ? err : new AppError('internal', 'internal error');
    if (!(err instanceof AppError) || error.code === 'internal') {
      deps.log({
        type: 'request_failed',
        method: c.req.method,
        path: c.req.path,
        code: error.code,
        message: err instanceof Error ? err.message : String(err),
      });
    }
    if (c.req.path.startsWith('/api/')) {
      return c.json({ code: error.code, message: error.message }, error.status as 400);
    }
    return renderError(c, error.code, error.status, error.code === 'internal' ? undefined : error.message);
  });
  return app;
}

function langOf(query: string | undefined, cookies: string | undefined, fallback: Lang): Lang {
  if (query === 'id' || query === 'en') return query;
  const fromCookie = /(?:^|;\s*)selaras_lang=(id|en)\b/.exec(cookies ?? '')?.[1];
  return (fromCookie as Lang | undefined) ?? fallback;
}
