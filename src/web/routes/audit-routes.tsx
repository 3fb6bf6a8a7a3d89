// GET /audit: the append-only log, newest first, a page at a time, inside the caller's scope.
import type { Hono } from 'hono';
import { auditEntries } from '../services/audit-service.js';
import { AuditPage } from '../views/audit-page.js';
import { frameOf } from '../views/render.js';
import type { AppEnv } from '../web-types.js';
import { pageOf } from './runs-routes.js';

export const AUDIT_PAGE_SIZE = 50;

export function registerAudit(app: Hono<AppEnv>): void {
  app.get('/audit', async (c) => {
    const page = pageOf(c.req.query('page'));
    const { entries, total } = await auditEntries(
      c.var.deps,
      c.var.caller.scope,
      AUDIT_PAGE_SIZE,
      (page - 1) * AUDIT_PAGE_SIZE,
    );
    const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
    return c.html(<AuditPage frame={frameOf(c)} entries={entries} page={page} pages={pages} />);
  });
}
