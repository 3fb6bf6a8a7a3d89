// The Dapodik Web Service as a source (DESIGN 3.1): per school, getSekolah, then getGtk, then
// getPesertaDidik, mapped to the rows of an extract with a `sekolah` scope. A school is all or
// nothing: if any of its answers is an error, empty, cut short or holds a row that cannot be
// mapped, none of its rows are written and it is listed in `failed_npsn`, so the sync holds it
// (`source_error`) with everyone as they were. An error answer is never read as "everyone left";
// for the same reason a pull can never close a school (closures come from a full extract).

import { AppError, assertThat } from '../errors.js';
import { type DapodikEndpoint, parseAnswer } from './dapodik-answer.js';
import { DapodikClient, DEFAULT_RETRY, type RetryEvent, type RetryPolicy, redact } from './dapodik-client.js';
import { ExtractWriter, type SchoolRows } from './dapodik-extract-writer.js';
import { mapRow, PD_MAPPING, PTK_MAPPING, type RecordMapping, SEKOLAH_MAPPING } from './dapodik-rows.js';
import { isCalendarDate, isDigits } from './field-rules.js';

/** Same shape as the sync's progress: the CLI passes its terminal bar. */
export interface PullProgress {
  start(label: string, total: number): void;
  tick(n?: number): void;
  stop(): void;
}

export interface PullOptions {
  /** Base URL of the service, e.g. http://host:5774. */
  url: string;
  token: string;
  npsn: readonly string[];
  /** Directory the extract is written to (created if needed). */
  out: string;
  /** taken_at of the extract, YYYY-MM-DD. */
  takenAt: string;
  timeoutMs?: number;
  /** Requests in flight per host. */
  concurrency?: number;
  retry?: RetryPolicy;
  progress?: PullProgress;
  onRetry?: (event: RetryEvent) => void;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

export interface SchoolOutcome {
  npsn: string;
  status: 'ok' | 'failed';
  /** Why the school could not be read; never holds the token. */
  reason?: string;
  ptk: number;
  peserta_didik: number;
}

export interface PullReport {
  out: string;
  snapshot: { id: string; taken_at: string };
  schools: SchoolOutcome[];
  failed_npsn: string[];
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_CONCURRENCY = 4;

interface SchoolPull extends SchoolRows {
  npsn: string;
  failure?: string;
}

type Read = { ok: true; rows: string[][] } | { ok: false; reason: string };

export async function pullDapodik(options: PullOptions): Promise<PullReport> {
  const npsns = checkedNpsnList(options.npsn);
  assertThat(isCalendarDate(options.takenAt), 'bad_input', `taken_at ${options.takenAt} is not YYYY-MM-DD`);
  assertThat(options.token.trim() !== '', 'bad_input', 'no Dapodik Web Service token was given');
  const client = new DapodikClient({
    url: serviceUrl(options.url),
    token: options.token,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    retry: options.retry ?? DEFAULT_RETRY,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
  });
  const writer = await ExtractWriter.open(options.out);
  try {
    options.progress?.start('Dapodik', npsns.length);
    const read = (npsn: string) => pullSchool(client, npsn, options.token);
    const schools = await pullInOrder(npsns, read, (s) => writer.add(s), options.progress);
    const failed = schools.filter((s) => s.status === 'failed').map((s) => s.npsn);
    const id = await writer.finish({ takenAt: options.takenAt, npsn: npsns, failedNpsn: failed });
    return { out: options.out, snapshot: { id, taken_at: options.takenAt }, schools, failed_npsn: failed };
  } catch (err) {
    await writer.abort();
    throw err;
  } finally {
    options.progress?.stop();
  }
}

/** Sorted and without repeats, so the same request always writes the same files. */
function checkedNpsnList(list: readonly string[]): string[] {
  assertThat(list.length > 0, 'bad_input', 'give at least one NPSN to pull');
  for (const npsn of list) {
    assertThat(isDigits(npsn, 8), 'bad_input', `NPSN ${JSON.stringify(npsn)} is not 8 digits`);
  }
  return [...new Set(list)].sort();
}

function serviceUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError('bad_input', 'the Dapodik Web Service URL is not a valid URL');
  }
  assertThat(
    url.protocol === 'http:' || url.protocol === 'https:',
    'bad_input',
    'the Dapodik Web Service URL must start with http:// or https://',
  );
  assertThat(
    url.username === '' && url.password === '',
    'bad_input',
    'the Dapodik Web Service URL must not hold credentials: give the token with --token',
  );
  return url;
}

/**
 * Reads every school (the client caps requests per host) and writes each in NPSN order as soon as
 * it and all before it are done, so only the few schools that finished early wait in memory.
 */
async function pullInOrder(
  npsns: readonly string[],
  read: (npsn: string) => Promise<SchoolPull>,
  write: (school: SchoolPull) => Promise<void>,
  progress: PullProgress | undefined,
): Promise<SchoolOutcome[]> {
  const outcomes: SchoolOutcome[] = [];
  const finished = new Map<number, SchoolPull>();
  let next = 0;
  let writing = Promise.resolve();
  const flush = () => {
    for (let school = finished.get(next); school; school = finished.get(next)) {
      finished.delete(next++);
      const pending = school;
      writing = writing.then(() => write(pending));
      // Handled here and rethrown by the final await: a failed write must not crash the process.
      writing.catch(() => {});
    }
  };
  await Promise.all(
    npsns.map(async (npsn, i) => {
      const school = await read(npsn);
      outcomes[i] = outcomeOf(school);
      finished.set(i, school);
      flush();
      progress?.tick();
    }),
  );
  await writing;
  return outcomes;
}

function outcomeOf(school: SchoolPull): SchoolOutcome {
  const counts = { ptk: school.ptk.length, peserta_didik: school.pd.length };
  if (school.failure === undefined) return { npsn: school.npsn, status: 'ok', ...counts };
  return { npsn: school.npsn, status: 'failed', reason: school.failure, ...counts };
}

async function pullSchool(client: DapodikClient, npsn: string, token: string): Promise<SchoolPull> {
  const failed = (reason: string): SchoolPull => ({
    npsn,
    failure: redact(reason, token),
    sekolah: [],
    ptk: [],
    pd: [],
  });
  const school = await readEndpoint(client, SEKOLAH_MAPPING, npsn);
  if (!school.ok) return failed(school.reason);
  const own = school.rows.filter((fields) => fields[1] === npsn);
  if (own.length !== 1) {
    const named = school.rows.map((fields) => fields[1]).join(', ');
    return failed(`getSekolah: answered for NPSN ${named}, not ${npsn}`);
  }
  const ptk = await readEndpoint(client, PTK_MAPPING, npsn);
  if (!ptk.ok) return failed(ptk.reason);
  const pd = await readEndpoint(client, PD_MAPPING, npsn);
  if (!pd.ok) return failed(pd.reason);
  return { npsn, sekolah: own, ptk: byRowId(ptk.rows), pd: byRowId(pd.rows) };
}

async function readEndpoint(client: DapodikClient, mapping: RecordMapping, npsn: string): Promise<Read> {
  const endpoint: DapodikEndpoint = mapping.endpoint;
  const fetched = await client.get(endpoint, npsn);
  if (!fetched.ok) return { ok: false, reason: `${endpoint}: ${fetched.reason}` };
  const answer = parseAnswer(fetched.body);
  if (!answer.ok) return { ok: false, reason: `${endpoint}: ${answer.reason}` };
  const rows: string[][] = [];
  const problems: string[] = [];
  answer.rows.forEach((raw, i) => {
    const mapped = mapRow(mapping, raw, npsn, i);
    if (mapped.ok) rows.push(mapped.fields);
    else problems.push(mapped.reason);
  });
  if (problems.length === 0) return { ok: true, rows };
  // A record that cannot be read may be a person who would then look absent: hold the school.
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return { ok: false, reason: `${problems[0]}${more}` };
}

/** The service's order varies between calls; sorting by row id keeps the files (and snapshot) stable. */
function byRowId(rows: string[][]): string[][] {
  return rows.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
}
