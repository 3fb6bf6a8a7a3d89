// Helpers for the accounts and schools tests: signing in, reading the data attributes of a table's
// rows from a page, and looking facts up in the store the pages must agree with.
import assert from 'node:assert/strict';
import type { Selectable } from 'kysely';
import type { AccountsTable } from '../../src/store/schema.js';
import { WebClient, type WebWorld } from './web-support.js';

export async function signedIn(world: WebWorld, login: string): Promise<WebClient> {
  const client = new WebClient(world.url);
  const res = await client.login(login);
  assert.equal(res.status, 303, `${login} signs in`);
  return client;
}

/** The `data-*` attributes of each row of the table with this id (rows without any are skipped). */
export function tableRows(html: string, id: string): Record<string, string>[] {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) return [];
  const end = html.indexOf('</table>', start);
  const body = html.slice(start, end < 0 ? undefined : end);
  const rows: Record<string, string>[] = [];
  for (const tr of body.matchAll(/<tr\b([^>]*)>/g)) {
    const attrs = dataAttributes(tr[1] ?? '');
    if (Object.keys(attrs).length > 0) rows.push(attrs);
  }
  return rows;
}

/** The `data-*` attributes of the `<li>` items of the list with this id. */
export function listItems(html: string, id: string): Record<string, string>[] {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) return [];
  const ends = [html.indexOf('</ol>', start), html.indexOf('</ul>', start)].filter((i) => i >= 0);
  const body = html.slice(start, ends.length === 0 ? undefined : Math.min(...ends));
  return [...body.matchAll(/<li\b([^>]*)>/g)].map((m) => dataAttributes(m[1] ?? ''));
}

function dataAttributes(attrs: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of attrs.matchAll(/data-([a-z-]+)="([^"]*)"/g)) out[m[1]!] = decodeEntities(m[2]!);
  return out;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The text inside the element with this id (tags removed, entities decoded). */
export function textOf(html: string, id: string): string | undefined {
  const m = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</`).exec(html);
  return m ? decodeEntities(m[1]!.replace(/<[^>]*>/g, '')).trim() : undefined;
}

export async function accountOf(world: WebWorld, personId: string): Promise<Selectable<AccountsTable>> {
  const row = await world.store.db
    .selectFrom('accounts')
    .selectAll()
    .where('person_id', '=', personId)
    .executeTakeFirstOrThrow();
  return row;
}

export async function accountsOfSchool(world: WebWorld, npsn: string, status?: string) {
  let query = world.store.db.selectFrom('accounts').selectAll().where('npsn', '=', npsn);
  if (status) query = query.where('status', '=', status);
  return query.orderBy('id').execute();
}
