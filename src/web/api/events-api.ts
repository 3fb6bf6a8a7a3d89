// Placeholder until the events API lands; replaced by its own module.
import type { Hono } from 'hono';
import type { AppEnv } from '../web-types.js';
import type { OpenApiPaths } from './openapi-types.js';

export const eventsApiPaths: OpenApiPaths = {};

export function registerEventsApi(_api: Hono<AppEnv>): void {}
