// Placeholder until the accounts API lands; replaced by its own module.
import type { Hono } from 'hono';
import type { AppEnv } from '../web-types.js';
import type { OpenApiPaths } from './openapi-types.js';

export const accountsApiPaths: OpenApiPaths = {};

export function registerAccountsApi(_api: Hono<AppEnv>): void {}
