// /schools (search), /schools/:npsn (facts, counts, accounts, recent changes) and the Unduh Akun
// download, all within the caller's scope. Unduh Akun is a POST (it marks and audits) answered with a
// CSV attachment; it is a console action only, never in the API.
import type { Hono } from 'hono';
import { AppError } from '../../errors.js';
import {
  createCredentialService,
  mayDownloadCredentials,
  parseDownloadKind,
} from '../services/credential-service.js';
import { createDirectoryService } from '../services/directory-service.js';
import { frameOf } from '../views/render.js';
import { SchoolPage, SchoolsSearchPage } from '../views/schools-pages.js';
import type { AppEnv } from '../web-types.js';

/** Page numbers from the query; anything odd is the first page. */
function pageOf(raw: string | undefined): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

function npsnOf(raw: string): string {
  if (!/^[0-9A-Za-z]{8}$/.test(raw)) throw new AppError('not_found', 'no such school');
  return raw.toUpperCase();
}

export function registerSchools(app: Hono<AppEnv>): void {
  app.get('/schools', async (c) => {
    const service = createDirectoryService(c.var.deps.store);
    const found = await service.searchSchools(c.var.caller.scope, c.req.query('q') ?? '');
    return c.html(<SchoolsSearchPage frame={frameOf(c)} {...found} />);
  });

  app.get('/schools/:npsn', async (c) => {
    const npsn = npsnOf(c.req.param('npsn'));
    const scope = c.var.caller.scope;
    const detail = await createDirectoryService(c.var.deps.store).school(
      scope,
      npsn,
      pageOf(c.req.query('page')),
    );
    return c.html(
      <SchoolPage frame={frameOf(c)} detail={detail} mayDownload={mayDownloadCredentials(scope, npsn)} />,
    );
  });

  app.post('/schools/:npsn/unduh-akun', async (c) => {
    const npsn = npsnOf(c.req.param('npsn'));
    const body = await c.req.parseBody();
    const { deps, caller } = c.var;
    const download = await createCredentialService(deps.store, deps.vault).download({
      scope: caller.scope,
      actor: caller.name,
      npsn,
      which: parseDownloadKind(body.which),
      now: deps.now(),
    });
    return c.body(download.csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${download.filename}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
  });
}
