// Placeholder until the runs area lands; replaced by its own module.
import type { Hono } from 'hono';
import type { AppEnv } from '../web-types.js';

export function registerRuns(_app: Hono<AppEnv>): void {}
