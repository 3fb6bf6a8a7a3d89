// Splitting one decoded CSV record (no line terminator) into fields, RFC 4180: a field that starts
// with a double quote is quoted, "" inside it is one quote, and it may hold commas and line breaks.
// A quote anywhere else is an ordinary character. Text after a closing quote (other than spaces or
// tabs) makes the record malformed; it is then read as if unquoted up to the next comma. That is
// also how csv-stream's findQuotedRecordEnd walks bytes, so the two agree on where records end.

const QUOTE = 0x22;

/** Splits a record that holds no quote character. Returns the number of fields. */
export function splitPlainRecord(text: string, out: string[]): number {
  let count = 0;
  let from = 0;
  for (;;) {
    const comma = text.indexOf(',', from);
    if (comma === -1) {
      out[count++] = text.slice(from);
      return count;
    }
    out[count++] = text.slice(from, comma);
    from = comma + 1;
  }
}

export interface QuotedSplit {
  count: number;
  /** Index of the first field with text after its closing quote, or -1. */
  malformedField: number;
  /** The text ends inside a quoted field (the record goes on past this line). */
  open: boolean;
}

/** Splits a record that may hold quoted fields. */
export function splitQuotedRecord(text: string, out: string[]): QuotedSplit {
  let count = 0;
  let from = 0;
  let malformedField = -1;
  for (;;) {
    let value: string;
    let rest: number;
    if (text.charCodeAt(from) === QUOTE) {
      const close = closingQuote(text, from + 1);
      if (close.index === -1) return { count, malformedField, open: true };
      value = text.slice(from + 1, close.index);
      if (close.escaped) value = value.replaceAll('""', '"');
      rest = close.index + 1;
    } else {
      value = '';
      rest = from;
    }
    const comma = text.indexOf(',', rest);
    const fieldEnd = comma === -1 ? text.length : comma;
    if (rest === from) {
      value = text.slice(from, fieldEnd);
    } else if (malformedField === -1 && !onlyBlanks(text, rest, fieldEnd)) {
      malformedField = count;
      value += text.slice(rest, fieldEnd);
    }
    out[count++] = value;
    if (comma === -1) return { count, malformedField, open: false };
    from = comma + 1;
  }
}

/** The index of the quote closing a quoted field whose content starts at `from`, or -1. */
function closingQuote(text: string, from: number): { index: number; escaped: boolean } {
  let escaped = false;
  let at = from;
  for (;;) {
    const q = text.indexOf('"', at);
    if (q === -1 || text.charCodeAt(q + 1) !== QUOTE) return { index: q, escaped };
    escaped = true;
    at = q + 2;
  }
}

function onlyBlanks(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09) return false;
  }
  return true;
}

/**
 * A flat copy of `s`. Field strings are slices of their record's string (V8 sliced strings), so a
 * field kept alone for long keeps the whole record alive; keep a copy instead.
 */
export function detachString(s: string): string {
  return (' ' + s).slice(1);
}
