// Constraint errors recognised by their code on each engine, never by message text (STYLE 6).

/** SQLite extended result codes (better-sqlite3 `code`) and PostgreSQL SQLSTATE for a duplicate key. */
const UNIQUE_VIOLATION_CODES = new Set(['SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE', '23505']);

export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNIQUE_VIOLATION_CODES.has(code);
}
