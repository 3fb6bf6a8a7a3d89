// pg hands int8 and numeric back as strings, because a JS number cannot hold every value. Ours fit: ids
// stay far below 2^53, and count(*) and sum() results are int8 or numeric. The parsers are set on this
// pool's own type table, never on pg's global one, so other pg users in the process are unaffected.
import pg from 'pg';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

export function numberTypes(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(INT8_OID, parseInt8);
  types.setTypeParser(NUMERIC_OID, parseNumeric);
  return types;
}

/** A value past 2^53 stays a string: better a loud type surprise downstream than a silently wrong id. */
export function parseInt8(text: string): number | string {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : text;
}

export function parseNumeric(text: string): number | string {
  const value = Number(text);
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) return text;
  return value;
}
