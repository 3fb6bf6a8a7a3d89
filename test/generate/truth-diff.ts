// Compares the events of a run with a generator's truth.ndjson on what the truth can know: type,
// person, reason, same_jenjang, from/to jenjang, role and NPSN, and the effective date (addresses
// and run fields are left out). A difference reads as missing, unexpected and differing lines.

export interface EventSide {
  jenjang: string;
  role: string;
  npsn: string;
}

export interface ComparableEvent {
  type: string;
  person: { kind: string; id: string };
  reason?: string | null;
  same_jenjang?: boolean | null;
  from?: EventSide | null;
  to?: EventSide | null;
  effective_date: string;
}

export interface TruthDiff {
  matched: number;
  missing: string[];
  unexpected: string[];
  /** Pairs (truth, engine) for the same person that differ in some field. */
  differing: [string, string][];
}

function side(s: EventSide | null | undefined): string {
  return s ? `${s.role}@${s.jenjang}/${s.npsn}` : '-';
}

/** One event as one comparable line; the person first so that sorted lines group by person. */
export function eventLine(e: ComparableEvent): string {
  const same = e.same_jenjang === undefined || e.same_jenjang === null ? '-' : String(e.same_jenjang);
  return [
    `${e.person.kind}:${e.person.id}`,
    e.type,
    `reason=${e.reason ?? '-'}`,
    `same_jenjang=${same}`,
    `from=${side(e.from)}`,
    `to=${side(e.to)}`,
    `on=${e.effective_date}`,
  ].join(' ');
}

function countLines(events: readonly ComparableEvent[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of events) {
    const line = eventLine(e);
    out.set(line, (out.get(line) ?? 0) + 1);
  }
  return out;
}

/** Lines left over on one side after taking away what the other side has. */
function leftover(mine: Map<string, number>, theirs: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [line, n] of mine) for (let i = theirs.get(line) ?? 0; i < n; i++) out.push(line);
  return out.sort();
}

const personOf = (line: string) => line.slice(0, line.indexOf(' '));

export function diffTruth(truth: readonly ComparableEvent[], actual: readonly ComparableEvent[]): TruthDiff {
  const t = countLines(truth);
  const a = countLines(actual);
  const onlyTruth = leftover(t, a);
  const onlyActual = leftover(a, t);
  const differing: [string, string][] = [];
  const unexpected: string[] = [];
  const unmatched = [...onlyTruth];
  for (const line of onlyActual) {
    const at = unmatched.findIndex((other) => personOf(other) === personOf(line));
    if (at < 0) unexpected.push(line);
    else differing.push([unmatched.splice(at, 1)[0]!, line]);
  }
  return { matched: actual.length - onlyActual.length, missing: unmatched, unexpected, differing };
}

export function isEmptyDiff(d: TruthDiff): boolean {
  return d.missing.length === 0 && d.unexpected.length === 0 && d.differing.length === 0;
}

const SHOWN = 8;

/** A readable account of a difference, a handful of lines of each kind. */
export function formatDiff(label: string, d: TruthDiff): string {
  const out = [`${label}: ${d.matched} events agree`];
  const list = (title: string, lines: string[]) => {
    if (lines.length === 0) return;
    out.push(`  ${title} (${lines.length}):`);
    for (const line of lines.slice(0, SHOWN)) out.push(`    ${line}`);
    if (lines.length > SHOWN) out.push(`    … ${lines.length - SHOWN} more`);
  };
  list('missing — in truth.ndjson, not planned by the engine', d.missing);
  list('unexpected — planned by the engine, not in truth.ndjson', d.unexpected);
  if (d.differing.length > 0) {
    out.push(`  differing (${d.differing.length}):`);
    for (const [truth, engine] of d.differing.slice(0, SHOWN))
      out.push(`    truth  ${truth}`, `    engine ${engine}`);
    if (d.differing.length > SHOWN) out.push(`    … ${d.differing.length - SHOWN} more`);
  }
  return out.join('\n');
}

export function parseNdjson<T>(text: string): T[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}
