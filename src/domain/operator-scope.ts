// Who may see and decide what: an operator or token is `nasional` (everything), `dinas` (schools
// whose kode_wilayah starts with a prefix) or `sekolah` (one NPSN). Pure rules; the store turns a
// scope into a filter and the web layer asks these functions before any decision.
export const OPERATOR_ROLES = ['nasional', 'dinas', 'sekolah'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

export interface OperatorScope {
  role: OperatorRole;
  /** '' for nasional, the kode_wilayah prefix for dinas, the NPSN for sekolah. */
  scope: string;
}

export interface SchoolPlace {
  npsn: string;
  kodeWilayah: string;
}

export type ScopeParse = { ok: true; value: OperatorScope } | { ok: false; message: string };

/**
 * Reads `nasional`, `dinas:32`, `sekolah:20100001`, or a role with its scope given apart
 * (`--role dinas --scope 32`).
 */
export function parseOperatorScope(role: string, scope?: string): ScopeParse {
  const [name = '', inline] = role.trim().split(':', 2) as [string, string | undefined];
  const code = (inline ?? scope ?? '').trim();
  if (inline !== undefined && scope !== undefined && scope !== inline) {
    return { ok: false, message: `role ${role} and scope ${scope} disagree` };
  }
  switch (name) {
    case 'nasional':
      return code === ''
        ? { ok: true, value: { role: 'nasional', scope: '' } }
        : { ok: false, message: 'a nasional role has no scope' };
    case 'dinas':
      return /^[0-9]{2,6}$/.test(code)
        ? { ok: true, value: { role: 'dinas', scope: code } }
        : { ok: false, message: 'a dinas role needs a kode_wilayah prefix of 2 to 6 digits (dinas:32)' };
    case 'sekolah':
      return /^[0-9A-Z]{8}$/.test(code)
        ? { ok: true, value: { role: 'sekolah', scope: code } }
        : { ok: false, message: 'a sekolah role needs an NPSN of 8 characters (sekolah:20100001)' };
    default:
      return {
        ok: false,
        message: `unknown role ${name || '(empty)'}: use nasional, dinas:<prefix> or sekolah:<NPSN>`,
      };
  }
}

export function formatOperatorScope(s: OperatorScope): string {
  return s.role === 'nasional' ? 'nasional' : `${s.role}:${s.scope}`;
}

export function coversSchool(s: OperatorScope, school: SchoolPlace): boolean {
  switch (s.role) {
    case 'nasional':
      return true;
    case 'dinas':
      return school.kodeWilayah.startsWith(s.scope);
    case 'sekolah':
      return school.npsn === s.scope;
  }
}

/**
 * A held scope (`run`, `provinsi:NN`, `sekolah:NPSN`) may be decided by someone whose area contains
 * all of it: a whole run only nationally, a province by a dinas whose prefix is that province or
 * shorter, a school by anyone whose area holds the school.
 */
export function coversHeldScope(
  s: OperatorScope,
  held: string,
  kodeWilayahOf: (npsn: string) => string | undefined,
): boolean {
  if (s.role === 'nasional') return true;
  const [kind, code = ''] = held.split(':', 2);
  if (kind === 'provinsi') return s.role === 'dinas' && code.startsWith(s.scope);
  if (kind === 'sekolah') {
    const kodeWilayah = kodeWilayahOf(code);
    return kodeWilayah !== undefined && coversSchool(s, { npsn: code, kodeWilayah });
  }
  return false;
}
