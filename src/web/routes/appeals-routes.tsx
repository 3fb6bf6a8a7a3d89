// /appeals (the list inside the caller's scope), /appeals/:id and its decision (issue 10). An appeal
// outside the caller's scope answers 404 like one that does not exist. A decision sends the browser
// back to the appeal's page (303) with a notice; a decision the appeal no longer allows is a 409.
import type { Hono } from 'hono';
import { decideAppeal } from '../../appeals/appeal-service.js';
import { appealDepsOf, readDecision } from '../services/appeal-form-service.js';
import { appealDetail, appealFilterOf, listAppeals, parseAppealId } from '../services/appeal-view-service.js';
import { AppealDetailPage, AppealsListPage } from '../views/appeals-pages.js';
import { frameOf } from '../views/render.js';
import type { AppEnv } from '../web-types.js';
import { pageOf } from './runs-routes.js';

export const APPEALS_PAGE_SIZE = 50;

export function registerAppeals(app: Hono<AppEnv>): void {
  app.get('/appeals', async (c) => {
    const filter = appealFilterOf(c.req.query('status'));
    const npsn = /^[0-9A-Z]{8}$/.test(c.req.query('npsn') ?? '') ? c.req.query('npsn') : undefined;
    const page = pageOf(c.req.query('page'));
    const { appeals, total } = await listAppeals(c.var.deps, c.var.caller.scope, {
      name: filter,
      limit: APPEALS_PAGE_SIZE,
      offset: (page - 1) * APPEALS_PAGE_SIZE,
      ...(npsn ? { npsn } : {}),
    });
    const pages = Math.max(1, Math.ceil(total / APPEALS_PAGE_SIZE));
    const holdDays = c.var.deps.config.policy.appealHoldDays;
    const view = { appeals, total, filter, npsn, page, pages, holdDays };
    return c.html(<AppealsListPage frame={frameOf(c)} view={view} />);
  });

  app.get('/appeals/:id', async (c) => {
    const appeal = await appealDetail(c.var.deps, c.var.caller.scope, parseAppealId(c.req.param('id')));
    const done = c.req.query('done');
    // Only a notice the page can stand behind: the appeal was decided that way.
    const shown = done && appeal.decision === done ? done : undefined;
    const noticeDays = c.var.deps.config.policy.noticeDays;
    return c.html(
      <AppealDetailPage frame={frameOf(c)} appeal={appeal} noticeDays={noticeDays} done={shown} />,
    );
  });

  app.post('/appeals/:id/resolve', async (c) => {
    const id = parseAppealId(c.req.param('id'));
    const body = await c.req.parseBody();
    const request = readDecision(body.decision, body.note);
    const caller = c.var.caller;
    await decideAppeal(appealDepsOf(c.var.deps), {
      appealId: id,
      scope: caller.scope,
      actor: caller.name,
      ...request,
    });
    return c.redirect(`/appeals/${id}?done=${request.decision}`, 303);
  });
}
