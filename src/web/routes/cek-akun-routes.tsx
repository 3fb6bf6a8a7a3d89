// Placeholder until the cek-akun area lands; replaced by its own module.
import type { Hono } from 'hono';
import type { AppEnv } from '../web-types.js';

export function registerCekAkun(_app: Hono<AppEnv>): void {}
