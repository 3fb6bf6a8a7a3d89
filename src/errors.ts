// Errors with a code (STYLE 6): one class, mapped once to an exit code by the CLI and to an HTTP
// status by the web layer. Never match on message text.

export const ERROR_CODES = [
  'bad_input', // a missing file or column, an invalid manifest, a truncated file: exit 2, nothing written
  'refused', // a snapshot that may not be applied: exit 2, the run is recorded
  'not_found',
  'conflict',
  'forbidden',
  'unauthorized', // no or a wrong credential (web and API)
  'rate_limited', // too many requests from one client, login or NPSN
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

const EXIT_CODES: Record<ErrorCode, number> = {
  bad_input: 2,
  refused: 2,
  not_found: 1,
  conflict: 1,
  forbidden: 1,
  unauthorized: 1,
  rate_limited: 1,
  internal: 1,
};

const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_input: 400,
  refused: 409,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthorized: 401,
  rate_limited: 429,
  internal: 500,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get exitCode(): number {
    return EXIT_CODES[this.code];
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }
}

export function assertThat(
  condition: unknown,
  code: ErrorCode,
  message: string,
  details?: Record<string, unknown>,
): asserts condition {
  if (!condition) throw new AppError(code, message, details);
}
