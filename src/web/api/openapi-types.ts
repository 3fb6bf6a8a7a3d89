// The slice of OpenAPI 3.0 each area writes for its own paths; openapi.ts merges them.
export type JsonSchema = Record<string, unknown>;

export interface OpenApiOperation {
  summary: string;
  operationId: string;
  tags: string[];
  parameters?: Record<string, unknown>[];
  requestBody?: Record<string, unknown>;
  responses: Record<string, Record<string, unknown>>;
}

export type OpenApiPaths = Record<string, Partial<Record<'get' | 'post', OpenApiOperation>>>;

/** The usual error answers, referring to the shared Error schema. */
export function errorResponses(
  ...statuses: (400 | 401 | 403 | 404 | 409 | 429)[]
): Record<string, Record<string, unknown>> {
  return Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/E${s}` }]));
}

export function jsonResponse(description: string, schema: JsonSchema): Record<string, unknown> {
  return { description, content: { 'application/json': { schema } } };
}
