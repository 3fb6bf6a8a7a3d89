// SCIM answers errors in its own body (RFC 7644 §3.12), with an HTTP status and, for 400 and 403, a
// `scimType` a client can act on. The router turns these, and the AppErrors of the shared guards,
// into that body.
import { AppError } from '../../errors.js';

export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export const SCIM_TYPES = [
  'invalidFilter',
  'tooMany',
  'uniqueness',
  'mutability',
  'invalidSyntax',
  'invalidPath',
  'noTarget',
  'invalidValue',
  'invalidVers',
  'sensitive',
] as const;
export type ScimType = (typeof SCIM_TYPES)[number];

export class ScimError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 429 | 500 | 501,
    message: string,
    readonly scimType?: ScimType,
  ) {
    super(message);
    this.name = 'ScimError';
  }
}

export interface ScimErrorBody {
  schemas: [typeof SCIM_ERROR_SCHEMA];
  status: string;
  scimType?: ScimType;
  detail: string;
}

/** The SCIM form of any error a SCIM route can meet; an unexpected one says no more than that. */
export function scimErrorOf(err: unknown): ScimError {
  if (err instanceof ScimError) return err;
  if (err instanceof AppError) {
    switch (err.code) {
      case 'unauthorized':
        return new ScimError(401, err.message);
      case 'rate_limited':
        return new ScimError(429, err.message);
      case 'not_found':
        return new ScimError(404, err.message);
      case 'forbidden':
        return new ScimError(403, err.message);
      case 'bad_input':
        return new ScimError(400, err.message, 'invalidValue');
      default:
        break;
    }
  }
  return new ScimError(500, 'internal error');
}

export function scimErrorBody(err: ScimError): ScimErrorBody {
  return {
    schemas: [SCIM_ERROR_SCHEMA],
    status: String(err.status),
    ...(err.scimType === undefined ? {} : { scimType: err.scimType }),
    detail: err.message,
  };
}
