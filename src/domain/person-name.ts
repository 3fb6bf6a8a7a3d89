// When a name typed by a visitor (Cek Akun) is the same name as the one Dapodik holds. People type
// names as they write them — in capitals, with double spaces, without the degrees an operator entered
// ("Dewi Lestari" for "Dewi Lestari, S.Pd.") — so both sides are reduced to the same key before they
// are compared. Everything else in a name must match: no fuzzy matching, since the page must not let a
// near guess find someone else's account. Pure.

const COMBINING_MARKS = /\p{M}+/gu;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;

// Titles are configuration (Policy.titles, e.g. 'S.Pd', 'Hj.'); they are compared the way tokens are.
const titleKeys = new WeakMap<readonly string[], ReadonlySet<string>>();

function titleSetOf(titles: readonly string[]): ReadonlySet<string> {
  let set = titleKeys.get(titles);
  if (set === undefined) {
    set = new Set(titles.map(tokenKey).filter((key) => key !== ''));
    titleKeys.set(titles, set);
  }
  return set;
}

/** 'S.Pd.' → 'spd', 'Abdul-Rahman' → 'abdulrahman', 'Ṣiti' → 'siti'. */
function tokenKey(token: string): string {
  return token.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase().replace(NOT_LETTER_OR_DIGIT, '');
}

/**
 * The comparable form of a name: what comes before the first comma (degrees follow it), split on
 * whitespace, each token lower-cased without accents or punctuation, title tokens dropped, joined by
 * one space. '' when nothing usable remains.
 */
export function personNameKey(nama: string, titles: readonly string[]): string {
  const beforeComma = nama.split(',', 1)[0] ?? '';
  const skip = titleSetOf(titles);
  return beforeComma
    .split(/\s+/u)
    .map(tokenKey)
    .filter((key) => key !== '' && !skip.has(key))
    .join(' ');
}

/** Both names reduce to the same non-empty key. */
export function sameName(typed: string, recorded: string, titles: readonly string[]): boolean {
  const key = personNameKey(typed, titles);
  return key !== '' && key === personNameKey(recorded, titles);
}
