// Placeholder until the runs API lands; replaced by its own module.
import type { Hono } from 'hono';
import type { AppEnv } from '../web-types.js';
import type { OpenApiPaths } from './openapi-types.js';

export const runsApiPaths: OpenApiPaths = {};

export function registerRunsApi(_api: Hono<AppEnv>): void {}
