// GET /: the dashboard, every number inside the caller's scope.
import type { Hono } from 'hono';
import { dashboard } from '../services/dashboard-service.js';
import { DashboardPage } from '../views/dashboard-page.js';
import { frameOf } from '../views/render.js';
import type { AppEnv } from '../web-types.js';

export function registerDashboard(app: Hono<AppEnv>): void {
  app.get('/', async (c) => {
    const data = await dashboard(c.var.deps, c.var.caller.scope);
    return c.html(<DashboardPage frame={frameOf(c)} data={data} />);
  });
}
