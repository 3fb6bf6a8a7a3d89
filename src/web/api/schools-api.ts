// Placeholder until the schools API lands; replaced by its own module.
import type { Hono } from 'hono';
import type { AppEnv } from '../web-types.js';
import type { OpenApiPaths } from './openapi-types.js';

export const schoolsApiPaths: OpenApiPaths = {};

export function registerSchoolsApi(_api: Hono<AppEnv>): void {}
