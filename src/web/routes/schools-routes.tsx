// Placeholder until the schools area lands; replaced by its own module.
import type { Hono } from 'hono';
import type { AppEnv } from '../web-types.js';

export function registerSchools(_app: Hono<AppEnv>): void {}
