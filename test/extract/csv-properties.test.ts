// Property-based tests of the CSV reader (issue 9): any table an RFC 4180 writer can write reads
// back field for field, whatever the chunking, line ends and BOM; and any bytes at all either read
// or are refused as bad input with a reason, the same way however they arrive, through the splitter
// and through the whole extract reader.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { AppError } from '../../src/errors.js';
import { CsvSplitter } from '../../src/extract/csv-stream.js';
import { readExtract } from '../../src/extract/extract-reader.js';
import { PD_HEADER, PD_ROWS, scratchDirs, writeExtract } from './fixtures.js';

const fresh = scratchDirs({ before, after });

interface Read {
  records: Array<{ fields: string[]; line: number; terminated: boolean; badUtf8: boolean }>;
  /** The bad-input message, when the splitter refused the bytes. */
  refused: string | null;
}

/** Splits `bytes` fed in chunks of the given sizes (cycled); any error but bad input escapes. */
function split(bytes: Buffer, sizes: readonly number[]): Read {
  const records: Read['records'] = [];
  const splitter = new CsvSplitter('t.csv', (rec) => {
    records.push({
      fields: rec.fields.slice(0, rec.count),
      line: rec.line,
      terminated: rec.terminated,
      badUtf8: rec.badUtf8,
    });
    return true;
  });
  try {
    let at = 0;
    for (let i = 0; at < bytes.length; i++) {
      const size = Math.max(1, sizes[i % sizes.length] ?? bytes.length);
      splitter.push(bytes.subarray(at, at + size));
      at += size;
    }
    splitter.end();
    return { records, refused: null };
  } catch (err) {
    if (err instanceof AppError && err.code === 'bad_input') return { records, refused: err.message };
    throw err;
  }
}

/** A field as an RFC 4180 writer quotes it (a BOM-like first character too, which a reader strips). */
function quote(field: string): string {
  return /[",\r\n\uFEFF]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/** Characters the reader has rules for, plus any well-formed text (U+FFFD marks bad UTF-8 when read). */
const char = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(',', '"', '\n', '\r', ' ', '\t', ';', '\uFEFF', 'é', '佐') },
  { weight: 5, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
);
const field = fc.string({ unit: char, maxLength: 12 }).filter((f) => !f.includes('\uFFFD'));
const table = fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 });
const chunkSizes = fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 5 });

describe('the CSV reader, on what a writer writes', () => {
  test('every field reads back as written, with the physical line each record starts on', () => {
    fc.assert(
      fc.property(
        table,
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        chunkSizes,
        (rows, crlf, bom, last, sizes) => {
          const lines = rows.map((row) => {
            // A lone empty field would be a blank line, which readers skip: write it quoted.
            const cells = row.length === 1 && row[0] === '' ? ['""'] : row.map(quote);
            return cells.join(',');
          });
          const eol = crlf ? '\r\n' : '\n';
          const text = (bom ? '\uFEFF' : '') + lines.join(eol) + (last ? eol : '');
          const read = split(Buffer.from(text), sizes);
          assert.equal(read.refused, null);
          assert.deepEqual(
            read.records.map((r) => r.fields),
            rows,
          );
          let line = 1;
          read.records.forEach((r, i) => {
            assert.equal(r.line, line, `record ${i} starts on line ${line}`);
            assert.equal(r.badUtf8, false);
            line += (lines[i]!.match(/\n/g)?.length ?? 0) + 1;
          });
          assert.equal(read.records.at(-1)?.terminated, last);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('the CSV reader, on any bytes', () => {
  const valid = Buffer.from([PD_HEADER, ...PD_ROWS, ''].join('\n'));
  /** Random bytes, or a valid file with bytes inserted, deleted and replaced. */
  const garbage = fc.oneof(
    fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.from(a)),
    fc
      .array(fc.tuple(fc.nat(valid.length), fc.nat(3), fc.uint8Array({ maxLength: 4 })), { maxLength: 8 })
      .map((edits) => {
        let b = valid;
        for (const [at, cut, put] of edits) {
          const i = Math.min(at, b.length);
          b = Buffer.concat([b.subarray(0, i), Buffer.from(put), b.subarray(i + cut)]);
        }
        return b;
      }),
    fc.constantFrom('"', '"\n"', '\r\r\n', '""\n"', 'a,"b\n\n').map((s) => Buffer.from(s)),
  );

  test('the splitter reads or refuses with a reason, never otherwise, and the same in any chunks', () => {
    fc.assert(
      fc.property(garbage, chunkSizes, (bytes, sizes) => {
        const whole = split(bytes, [bytes.length]);
        assert.deepEqual(split(bytes, sizes), whole);
        if (whole.refused !== null) assert.match(whole.refused, /^t\.csv /);
      }),
      { numRuns: 2000 },
    );
  });

  test('the extract reader reads a damaged peserta_didik.csv with reasons for its rejects, or refuses it', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(garbage, async (bytes) => {
        const dir = await writeExtract(fresh(), {});
        await writeFile(
          join(dir, 'peserta_didik.csv'),
          Buffer.concat([Buffer.from(`${PD_HEADER}\n`), bytes]),
        );
        try {
          const rows: unknown[] = [];
          const summary = await readExtract(dir, { add: (row) => rows.push(row) });
          const pd = summary.files.find((f) => f.file === 'peserta_didik.csv')!;
          assert.equal(pd.accepted + pd.rejected, pd.rows);
          for (const r of summary.rejects) {
            assert.ok(r.line >= 2 && r.reason.trim() !== '', JSON.stringify(r));
          }
          n++;
        } catch (err) {
          assert.ok(err instanceof AppError, `not an AppError: ${String(err)}`);
          assert.equal(err.code, 'bad_input');
          assert.match(err.message, /peserta_didik\.csv/);
        }
      }),
      { numRuns: 300 },
    );
    assert.ok(n > 0, 'some damaged files are read, not refused');
  });
});
