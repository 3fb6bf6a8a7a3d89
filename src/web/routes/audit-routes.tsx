// Placeholder until the audit area lands; replaced by its own module.
import type { Hono } from 'hono';
import type { AppEnv } from '../web-types.js';

export function registerAudit(_app: Hono<AppEnv>): void {}
