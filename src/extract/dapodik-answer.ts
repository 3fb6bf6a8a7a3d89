// Reading one answer body of the Dapodik Web Service (DESIGN 3.1) into its rows, or the reason the
// school cannot be read. The service answers HTTP 200 for almost everything, so the body decides:
// plain text "Access denied", `{success: false, message}` (also how it says "no data"), `rows` an
// object (getSekolah) or an array (elsewhere), and whatever Content-Type it likes (often text/html).
// Pure: no I/O. An answer that is not clearly a full list of rows is a failure, never "no one".

export const DAPODIK_ENDPOINTS = ['getSekolah', 'getGtk', 'getPesertaDidik'] as const;
export type DapodikEndpoint = (typeof DAPODIK_ENDPOINTS)[number];

export type DapodikAnswer = { ok: true; rows: unknown[] } | { ok: false; reason: string };

type Json = Record<string, unknown>;

/** Server text shown in a reason is cut short and stripped of control characters. */
const MAX_MESSAGE = 160;

export function isJsonObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(reason: string): DapodikAnswer {
  return { ok: false, reason };
}

/** What the service wrote in `message`, fit to show an operator. */
export function serviceMessage(value: unknown): string {
  const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  if (clean === '') return 'no message';
  return clean.length > MAX_MESSAGE ? `${clean.slice(0, MAX_MESSAGE)}…` : clean;
}

/**
 * JSON numbers cannot carry a 16-digit NIK or an 18-digit NIP exactly (they exceed 2^53), and the
 * service sends ids as numbers as often as strings. Integer literals of 16 digits or more, outside
 * strings, are turned into strings before JSON.parse so no digit is lost.
 */
export function quoteLongIntegers(text: string): string {
  let out = '';
  let from = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = endOfString(text, i);
      continue;
    }
    const startsNumber = (c >= 0x30 && c <= 0x39) || c === 0x2d;
    if (!startsNumber) {
      i++;
      continue;
    }
    let end = i + (c === 0x2d ? 1 : 0);
    while (end < text.length && isDigit(text.charCodeAt(end))) end++;
    const digits = end - i - (c === 0x2d ? 1 : 0);
    const next = text.charCodeAt(end);
    const plainInteger = next !== 0x2e && next !== 0x65 && next !== 0x45;
    if (digits >= 16 && plainInteger) {
      out += `${text.slice(from, i)}"${text.slice(i, end)}"`;
      from = end;
    }
    i = Math.max(end, i + 1);
  }
  return out + text.slice(from);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** The index just past the string literal that opens at `start`. */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i += 2;
    else if (c === 0x22) return i + 1;
    else i++;
  }
  return i;
}

/** The rows of an answer body, or why the school must be treated as unread. */
export function parseAnswer(body: string): DapodikAnswer {
  const text = body.replace(/^\uFEFF/, '').trim();
  if (text === '') return fail('empty answer');
  if (/^access denied/i.test(text)) return fail(`access denied (${serviceMessage(text)})`);
  let json: unknown;
  try {
    json = JSON.parse(quoteLongIntegers(text));
  } catch {
    // The body is not quoted: an HTML error page may hold personal data.
    return fail('answer is not JSON');
  }
  if (!isJsonObject(json)) return fail('answer is not a JSON object');
  if (json.success === false || json.success === 'false') {
    return fail(`service error: ${serviceMessage(json.message)}`);
  }
  return rowsOf(json);
}

function rowsOf(json: Json): DapodikAnswer {
  const rows = json.rows;
  if (rows === undefined || rows === null) return fail('answer has no rows');
  let list: unknown[];
  if (Array.isArray(rows)) list = rows;
  else if (isJsonObject(rows)) list = Object.keys(rows).length === 0 ? [] : [rows];
  else return fail('rows is neither an object nor an array');
  if (list.length === 0) return fail('no data (empty rows)');
  // `results` is the service's count of all rows; fewer in `rows` is a cut-off page, and the
  // missing people would look absent.
  const total = typeof json.results === 'string' ? Number(json.results) : json.results;
  if (typeof total === 'number' && Number.isFinite(total) && total > list.length) {
    return fail(`answer holds ${list.length} of ${total} rows`);
  }
  return { ok: true, rows: list };
}
