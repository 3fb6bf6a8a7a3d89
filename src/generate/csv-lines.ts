// Buffered CSV writing and line reading for synthetic extracts. Rows are joined into large chunks
// before they reach the stream: a write call per row would cost more than generating the row.

import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';

const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180: quote a field only when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(fields: readonly string[]): string {
  let out = csvField(fields[0] ?? '');
  for (let i = 1; i < fields.length; i++) out += `,${csvField(fields[i]!)}`;
  return out;
}

/** Splits one CSV line (no embedded line breaks) into fields, honouring quotes. */
export function parseCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) throw new Error(`unterminated quoted field: ${line.slice(0, 60)}`);
        value += line.slice(j, q);
        if (line[q + 1] === '"') {
          value += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      fields.push(value);
      i = j + 1; // skip the comma after the closing quote
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      fields.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return fields;
}

const CHUNK_BYTES = 1 << 21;

/**
 * Encodes lines straight into large buffers and hands full buffers to the stream, waiting when
 * the stream is full. Encoding line by line keeps every row string short-lived, which matters
 * more for speed than the encoding itself.
 */
export class ChunkWriter {
  private readonly stream: WriteStream;
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private offset = 0;
  private readonly full: Buffer[] = [];
  private failure: Error | null = null;

  constructor(path: string) {
    this.stream = createWriteStream(path, { highWaterMark: 4 * CHUNK_BYTES });
    this.stream.on('error', (err) => {
      this.failure = err;
    });
  }

  /** Adds one line; the caller awaits `flushIfFull` at convenient points. */
  line(text: string): void {
    // A UTF-16 code unit never needs more than 3 bytes of UTF-8.
    const worst = text.length * 3 + 1;
    if (this.offset + worst > this.buffer.length) {
      this.full.push(this.buffer.subarray(0, this.offset));
      this.buffer = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, worst));
      this.offset = 0;
    }
    this.offset += this.buffer.write(text, this.offset, 'utf8');
    this.buffer[this.offset++] = 10;
  }

  async flushIfFull(): Promise<void> {
    if (this.full.length > 0) await this.drainFull();
  }

  async close(): Promise<void> {
    if (this.offset > 0) this.full.push(this.buffer.subarray(0, this.offset));
    this.offset = 0;
    await this.drainFull();
    this.stream.end();
    await finished(this.stream);
  }

  private async drainFull(): Promise<void> {
    if (this.failure) throw this.failure;
    for (const chunk of this.full.splice(0)) {
      if (!this.stream.write(chunk)) await once(this.stream, 'drain');
    }
  }
}

/** Reads a UTF-8 text file as lines without holding it as one string; drops a final empty line. */
export async function readLines(path: string): Promise<string[]> {
  const lines: string[] = [];
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
    const text = rest + decoder.write(chunk as Buffer);
    const parts = text.split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts) lines.push(part.endsWith('\r') ? part.slice(0, -1) : part);
  }
  rest += decoder.end();
  if (rest.length > 0) lines.push(rest.endsWith('\r') ? rest.slice(0, -1) : rest);
  if (lines.length > 0 && lines[0]!.charCodeAt(0) === 0xfeff) lines[0] = lines[0]!.slice(1);
  return lines;
}
