// manifest.json of a synthetic extract (DESIGN 3.1).

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../errors.js';

export type ManifestScope = { kind: 'national' } | { kind: string; [key: string]: unknown };

export interface ManifestFile {
  snapshot_id: string;
  taken_at: string;
  scope: ManifestScope;
}

export async function writeManifest(dir: string, manifest: ManifestFile): Promise<void> {
  const { snapshot_id, taken_at, scope } = manifest;
  const text = `${JSON.stringify({ snapshot_id, taken_at, scope }, null, 2)}\n`;
  await writeFile(join(dir, 'manifest.json'), text, 'utf8');
}

export async function readManifest(dir: string): Promise<ManifestFile> {
  const parsed = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Partial<ManifestFile>;
  if (typeof parsed.taken_at !== 'string' || typeof parsed.snapshot_id !== 'string' || !parsed.scope) {
    throw new AppError('bad_input', `${dir}/manifest.json lacks snapshot_id, taken_at or scope`);
  }
  return { snapshot_id: parsed.snapshot_id, taken_at: parsed.taken_at, scope: parsed.scope };
}

export function assertIsoDate(value: string): void {
  const time = Date.parse(`${value}T00:00:00Z`);
  const ok =
    /^\d{4}-\d{2}-\d{2}$/.test(value) &&
    !Number.isNaN(time) &&
    new Date(time).toISOString().startsWith(value);
  if (!ok) throw new AppError('bad_input', `not a valid YYYY-MM-DD date: ${value}`);
}
