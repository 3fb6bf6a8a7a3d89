// Placeholder until the dashboard area lands; replaced by its own module.
import type { Hono } from 'hono';
import type { AppEnv } from '../web-types.js';

export function registerDashboard(_app: Hono<AppEnv>): void {}
