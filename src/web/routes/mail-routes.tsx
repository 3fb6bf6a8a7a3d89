// Placeholder until the mail area lands; replaced by its own module.
import type { Hono } from 'hono';
import type { AppEnv } from '../web-types.js';

export function registerMail(_app: Hono<AppEnv>): void {}
