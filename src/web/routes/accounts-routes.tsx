// Placeholder until the accounts area lands; replaced by its own module.
import type { Hono } from 'hono';
import type { AppEnv } from '../web-types.js';

export function registerAccounts(_app: Hono<AppEnv>): void {}
