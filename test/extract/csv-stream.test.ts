import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../src/errors.js';
import { CsvSplitter } from '../../src/extract/csv-stream.js';

interface Seen {
  fields: string[];
  line: number;
  endLine: number;
  offset: number;
  terminated: boolean;
  malformedField: number;
  badUtf8: boolean;
}

/** Splits `input`, fed to the splitter `chunkSize` bytes at a time. */
function split(input: string | Buffer, chunkSize = Number.POSITIVE_INFINITY): Seen[] {
  const bytes = typeof input === 'string' ? Buffer.from(input) : input;
  const seen: Seen[] = [];
  const splitter = new CsvSplitter('t.csv', (rec) => {
    const { line, endLine, offset, terminated, malformedField, badUtf8 } = rec;
    seen.push({
      fields: rec.fields.slice(0, rec.count),
      line,
      endLine,
      offset,
      terminated,
      malformedField,
      badUtf8,
    });
    return true;
  });
  const size = Math.min(chunkSize, Math.max(bytes.length, 1));
  for (let at = 0; at < bytes.length; at += size) splitter.push(bytes.subarray(at, at + size));
  splitter.end();
  return seen;
}

/** Asserts the same records whatever the chunk size, and returns them. */
function splitEveryWay(input: string | Buffer): Seen[] {
  const whole = split(input);
  const length = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  for (let size = 1; size <= length; size++) assert.deepEqual(split(input, size), whole, `chunks of ${size}`);
  return whole;
}

const fieldsOf = (seen: Seen[]) => seen.map((s) => s.fields);

describe('CsvSplitter', () => {
  test('plain records split on commas, with physical line numbers and byte offsets', () => {
    const seen = splitEveryWay('a,b,c\n1,,3\n,,\n');
    assert.deepEqual(fieldsOf(seen), [
      ['a', 'b', 'c'],
      ['1', '', '3'],
      ['', '', ''],
    ]);
    assert.deepEqual(
      seen.map((s) => [s.line, s.offset, s.terminated]),
      [
        [1, 0, true],
        [2, 6, true],
        [3, 11, true],
      ],
    );
  });

  test('quoted fields hold commas, doubled quotes and line breaks', () => {
    const seen = splitEveryWay('h1,h2\n"a,b","say ""hi"""\n"x\ny\r\nz",""\nlast,"q"');
    assert.deepEqual(fieldsOf(seen), [
      ['h1', 'h2'],
      ['a,b', 'say "hi"'],
      ['x\ny\r\nz', ''],
      ['last', 'q'],
    ]);
    assert.deepEqual(
      seen.map((s) => [s.line, s.endLine]),
      [
        [1, 1],
        [2, 2],
        [3, 5],
        [6, 6],
      ],
    );
    assert.equal(seen[3]!.terminated, false);
  });

  test('a quote inside an unquoted field is an ordinary character', () => {
    assert.deepEqual(fieldsOf(splitEveryWay('a"b,c""\nd,e\n')), [
      ['a"b', 'c""'],
      ['d', 'e'],
    ]);
  });

  test('text after a closing quote marks the field malformed and the record still ends at its line', () => {
    const seen = splitEveryWay('"ab"c,d\n"x" ,y\nz,w\n');
    assert.deepEqual(
      seen.map((s) => [s.fields, s.malformedField]),
      [
        [['abc', 'd'], 0],
        [['x', 'y'], -1],
        [['z', 'w'], -1],
      ],
    );
  });

  test('a BOM is dropped and CRLF, LF and blank lines mix freely', () => {
    const seen = splitEveryWay('\uFEFFa,b\r\n\r\n1,2\n\n"3",4\r\n');
    assert.deepEqual(fieldsOf(seen), [
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
    assert.deepEqual(
      seen.map((s) => [s.line, s.offset]),
      [
        [1, 3],
        [3, 10],
        [5, 15],
      ],
    );
  });

  test('multi-byte characters survive any chunk boundary and bad UTF-8 is flagged', () => {
    const seen = splitEveryWay(Buffer.concat([Buffer.from('Ñoño,"Ä,ö"\n'), Buffer.from([0x61, 0xff, 0x0a])]));
    assert.deepEqual(fieldsOf(seen), [['Ñoño', 'Ä,ö'], ['a\uFFFD']]);
    assert.deepEqual(
      seen.map((s) => s.badUtf8),
      [false, true],
    );
  });

  test('a file ending inside a quoted field is bad input naming the line', () => {
    for (const size of [1, 3, 100]) {
      assert.throws(
        () => split('a,b\n1,"open\nstill open', size),
        (err: unknown) =>
          err instanceof AppError &&
          err.code === 'bad_input' &&
          /t\.csv is truncated.*line 2/.test(err.message),
      );
    }
  });

  test('a closing quote as the very last byte closes its field', () => {
    assert.deepEqual(fieldsOf(splitEveryWay('a,"b"')), [['a', 'b']]);
  });

  test('the handler can stop the splitter', () => {
    const lines: number[] = [];
    const splitter = new CsvSplitter('t.csv', (rec) => {
      lines.push(rec.line);
      return rec.line < 2;
    });
    splitter.push(Buffer.from('a\nb\nc\nd\n'));
    splitter.end();
    assert.deepEqual(lines, [1, 2]);
    assert.equal(splitter.isStopped, true);
  });

  test('a splitter started at a checkpoint numbers lines from there', () => {
    const lines: Array<[number, number]> = [];
    const splitter = new CsvSplitter(
      't.csv',
      (rec) => {
        lines.push([rec.line, rec.offset]);
        return true;
      },
      { line: 10, offset: 500 },
    );
    splitter.push(Buffer.from('x\ny\n'));
    splitter.end();
    assert.deepEqual(lines, [
      [10, 500],
      [11, 502],
    ]);
  });
});
