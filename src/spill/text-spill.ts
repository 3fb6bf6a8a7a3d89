// Records of a run that must not stay in memory (issue 7: no growth per person beyond the partition
// being worked on), as lines of text in numbered files: appended in any order, read back one file at
// a time. A file's records wait in a buffer until it is large, so a small run never touches the disk,
// and without a directory nothing is written at all.
import { appendFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Characters all of a spill's buffers hold together before a buffer is appended to its file, unless
 * the spill sets a limit per buffer: about 32 Mi (32 to 64 MiB), spread over its files, at least
 * 64 Ki each so that a file is written in few large appends.
 */
const BUFFERED_CHARS = 1 << 25;
const MIN_BUFFER_CHARS = 1 << 16;
/** Records a buffer holds apart before they are joined into one string. */
const JOIN_EVERY = 64;

/**
 * Text buffers, each flushed to its own file once large. Fields are tab-separated and records end
 * with a newline; a field that holds either (an id read with control characters allowed) is escaped.
 */
export class TextSpill {
  private readonly buffers: string[][];
  private readonly sizes: number[];
  private readonly written: boolean[];
  /** Records appended to a buffer since its last records were joined into one string. */
  private readonly loose: number[];
  private madeDir = false;

  constructor(
    count: number,
    private readonly dir: string | undefined,
    private readonly prefix: string,
    private readonly limit = Math.max(MIN_BUFFER_CHARS, Math.floor(BUFFERED_CHARS / count)),
  ) {
    this.buffers = Array.from({ length: count }, () => []);
    this.sizes = new Array<number>(count).fill(0);
    this.written = new Array<boolean>(count).fill(false);
    this.loose = new Array<number>(count).fill(0);
  }

  append(index: number, record: string): void {
    const buffer = this.buffers[index]!;
    buffer.push(record);
    // A record built from fields sliced out of an extract's line keeps that whole line alive; joined,
    // the records are one flat string that holds their characters only.
    if (++this.loose[index]! === JOIN_EVERY) {
      buffer.push(buffer.splice(buffer.length - JOIN_EVERY).join(''));
      this.loose[index] = 0;
    }
    this.sizes[index]! += record.length;
    if (this.dir !== undefined && this.sizes[index]! >= this.limit) this.flush(index);
  }

  /** Every record of one file, in the order appended. */
  read(index: number): string[] {
    const text = this.written[index] ? readFileSync(this.path(index), 'utf8') : '';
    const tail = this.buffers[index]!;
    const records = text === '' ? [] : text.split('\n');
    records.pop(); // after the last newline
    return tail.length === 0 ? records : records.concat(tail.join('').split('\n').slice(0, -1));
  }

  /** Every record of one file, which is then emptied. */
  take(index: number): string[] {
    const records = this.read(index);
    this.buffers[index] = [];
    this.sizes[index] = 0;
    this.loose[index] = 0;
    if (this.written[index]) {
      rmSync(this.path(index), { force: true });
      this.written[index] = false;
    }
    return records;
  }

  private flush(index: number): void {
    if (!this.madeDir) mkdirSync(this.dir!, { recursive: true });
    this.madeDir = true;
    appendFileSync(this.path(index), this.buffers[index]!.join(''));
    this.written[index] = true;
    this.buffers[index] = [];
    this.sizes[index] = 0;
    this.loose[index] = 0;
  }

  private path(index: number): string {
    return join(this.dir ?? '', `${this.prefix}-${index}`);
  }
}

export function spillField(value: string): string {
  return /[\t\n%]/.test(value)
    ? value.replace(/[\t\n%]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    : value;
}

export function unspillField(value: string): string {
  return value.includes('%')
    ? value.replace(/%([0-9a-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    : value;
}
