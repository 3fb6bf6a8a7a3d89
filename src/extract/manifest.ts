// manifest.json of an extract (DESIGN 3.1): which snapshot, when, and which schools it covers.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExtractScope, Manifest } from '../domain/records.js';
import { AppError } from '../errors.js';
import { fileReadError } from './csv-stream.js';
import { MANIFEST_FILE } from './extract-files.js';
import { hasControlChar, isCalendarDate, isDigits } from './field-rules.js';

const MAX_MANIFEST_BYTES = 1 << 20;

function invalid(message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError('bad_input', `${MANIFEST_FILE}: ${message}`, { file: MANIFEST_FILE, ...details });
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty array of strings each of `length` digits. */
function digitCodes(value: unknown, field: string, length: number, allowEmpty: boolean): string[] {
  if (!Array.isArray(value) || (!allowEmpty && value.length === 0)) {
    throw invalid(`${field} must be a ${allowEmpty ? '' : 'non-empty '}array of ${length}-digit strings`);
  }
  for (const code of value) {
    if (typeof code !== 'string' || !isDigits(code, length)) {
      throw invalid(`${field} holds ${JSON.stringify(code)}, not a ${length}-digit string`);
    }
  }
  return [...new Set(value as string[])];
}

function parseScope(value: unknown): ExtractScope {
  if (!isObject(value)) throw invalid('scope must be an object with a kind');
  switch (value.kind) {
    case 'national':
      return { kind: 'national' };
    case 'provinsi':
      return { kind: 'provinsi', codes: digitCodes(value.codes, 'scope.codes', 2, false) };
    case 'sekolah':
      return { kind: 'sekolah', npsn: digitCodes(value.npsn, 'scope.npsn', 8, false) };
    default:
      throw invalid(`scope.kind ${JSON.stringify(value.kind)} is not national, provinsi or sekolah`);
  }
}

/** Validates the parsed JSON of a manifest. */
export function parseManifest(value: unknown): Manifest {
  if (!isObject(value)) throw invalid('must be a JSON object');
  const { snapshot_id: snapshotId, taken_at: takenAt } = value;
  if (typeof snapshotId !== 'string' || snapshotId.trim() === '' || hasControlChar(snapshotId)) {
    throw invalid('snapshot_id must be a non-empty string');
  }
  if (typeof takenAt !== 'string' || !isCalendarDate(takenAt)) {
    throw invalid(`taken_at ${JSON.stringify(takenAt ?? null)} is not a valid YYYY-MM-DD date`);
  }
  const failed = value.failed_npsn;
  return {
    snapshotId,
    takenAt,
    scope: parseScope(value.scope),
    failedNpsn: failed === undefined || failed === null ? [] : digitCodes(failed, 'failed_npsn', 8, true),
  };
}

/** The bytes of manifest.json and the manifest they hold. */
export async function readManifestFile(dir: string): Promise<{ manifest: Manifest; bytes: Buffer }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dir, MANIFEST_FILE));
  } catch (err) {
    throw fileReadError(MANIFEST_FILE, err);
  }
  if (bytes.length > MAX_MANIFEST_BYTES) throw invalid(`is larger than ${MAX_MANIFEST_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    throw invalid(`is not valid JSON (${(err as Error).message})`);
  }
  return { manifest: parseManifest(json), bytes };
}

export async function readManifest(dir: string): Promise<Manifest> {
  return (await readManifestFile(dir)).manifest;
}
