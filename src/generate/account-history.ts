// What the generator remembers between calls, beside the extract (generator-state.json): the
// jenjang in which each person still in the extract has lost an account. The extract alone cannot
// tell — a row deleted last month leaves no trace — yet a sync would reactivate such an account
// rather than create one, so the generator never moves a person back into a jenjang they lost.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Jenjang } from '../domain/policy.js';
import type { PersonKind, TruthLog } from './truth-log.js';

export const STATE_FILE = 'generator-state.json';

interface StateFile {
  lost: Record<string, Jenjang[]>;
}

const LOSING = new Set(['ptk_deactivated', 'pd_deactivated', 'pd_level_changed']);

export class AccountHistory {
  private constructor(private readonly lost: Map<string, Set<Jenjang>>) {}

  static empty(): AccountHistory {
    return new AccountHistory(new Map());
  }

  /** The state beside an extract; none (a first or hand-made extract) means nothing lost. */
  static async read(dir: string): Promise<AccountHistory> {
    let text: string;
    try {
      text = await readFile(join(dir, STATE_FILE), 'utf8');
    } catch {
      return AccountHistory.empty();
    }
    const state = JSON.parse(text) as StateFile;
    return new AccountHistory(new Map(Object.entries(state.lost ?? {}).map(([k, v]) => [k, new Set(v)])));
  }

  hasLost(kind: PersonKind, id: string, jenjang: Jenjang | null): boolean {
    return jenjang !== null && (this.lost.get(`${kind}:${id}`)?.has(jenjang) ?? false);
  }

  /** Adds the accounts this call's truth ends, drops reactivated ones and people who left. */
  update(truth: TruthLog, present: (kind: PersonKind, id: string) => boolean): void {
    for (const { kind, id, events } of truth.entries()) {
      const key = `${kind}:${id}`;
      for (const e of events) {
        const ends = LOSING.has(e.type) || (e.type === 'ptk_transferred' && e.same_jenjang === false);
        if (ends && e.from) this.lost.set(key, (this.lost.get(key) ?? new Set()).add(e.from.jenjang));
        if (e.type === 'account_reactivated' && e.to) this.lost.get(key)?.delete(e.to.jenjang);
      }
    }
    for (const key of [...this.lost.keys()]) {
      const [kind, id] = key.split(':') as [PersonKind, string];
      if (!present(kind, id) || this.lost.get(key)!.size === 0) this.lost.delete(key);
    }
  }

  async write(dir: string): Promise<void> {
    const lost: Record<string, Jenjang[]> = {};
    for (const key of [...this.lost.keys()].sort()) lost[key] = [...this.lost.get(key)!].sort();
    await writeFile(join(dir, STATE_FILE), `${JSON.stringify({ lost } satisfies StateFile)}\n`, 'utf8');
  }
}
