// One CSV file of an extract held as lines, with the edits a churn makes: rows removed, rows
// rewritten and rows appended. Untouched lines are written back byte for byte.

import { ChunkWriter, csvLine, parseCsvLine, readLines } from '../../src/generate/csv-lines.js';

export class RowFile {
  readonly removed = new Set<number>();
  readonly replaced = new Map<number, string>();
  readonly appended: string[] = [];
  /** Person id → indexes of that person's rows. */
  readonly rowsByPerson = new Map<string, number | number[]>();

  private constructor(readonly lines: string[]) {
    for (let i = 1; i < lines.length; i++) {
      const id = leadingField(lines[i]!, 1);
      const seen = this.rowsByPerson.get(id);
      if (seen === undefined) this.rowsByPerson.set(id, i);
      else if (typeof seen === 'number') this.rowsByPerson.set(id, [seen, i]);
      else seen.push(i);
    }
  }

  static async read(path: string): Promise<RowFile> {
    return new RowFile(await readLines(path));
  }

  get rowCount(): number {
    return this.lines.length - 1;
  }

  fields(index: number): string[] {
    return parseCsvLine(this.replaced.get(index) ?? this.lines[index]!);
  }

  rowsOf(personId: string): number[] {
    const rows = this.rowsByPerson.get(personId);
    if (rows === undefined) return [];
    return typeof rows === 'number' ? [rows] : rows;
  }

  isEdited(index: number): boolean {
    return this.removed.has(index) || this.replaced.has(index);
  }

  replace(index: number, fields: readonly string[]): void {
    this.replaced.set(index, csvLine(fields));
  }

  remove(index: number): void {
    this.removed.add(index);
  }

  append(fields: readonly string[]): void {
    this.appended.push(csvLine(fields));
  }

  async write(path: string): Promise<void> {
    const out = new ChunkWriter(path);
    for (let i = 0; i < this.lines.length; i++) {
      if (this.removed.has(i)) continue;
      out.line(this.replaced.get(i) ?? this.lines[i]!);
      if ((i & 0x3fff) === 0) await out.flushIfFull();
    }
    for (const line of this.appended) out.line(line);
    await out.close();
  }
}

/**
 * The n-th field of a line without splitting the whole line, when nothing before it is quoted
 * (ids and NISN never are); otherwise a full parse.
 */
export function leadingField(line: string, n: number): string {
  let start = 0;
  for (let k = 0; k < n; k++) {
    if (line.charCodeAt(start) === 34) return parseCsvLine(line)[n] ?? '';
    start = line.indexOf(',', start) + 1;
    if (start === 0) return '';
  }
  if (line.charCodeAt(start) === 34) return parseCsvLine(line)[n] ?? '';
  const end = line.indexOf(',', start);
  return end < 0 ? line.slice(start) : line.slice(start, end);
}
