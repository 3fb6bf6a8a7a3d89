// Helpers for the runs, dashboard and audit tests: signing operators in, reading the data attributes
// the pages carry, and asking the store what a decision changed.
import assert from 'node:assert/strict';
import type { Store } from '../../src/store/store.js';
import { LEAVING_C, WebClient, type WebWorld } from './web-support.js';

/** A client signed in as a new operator with this role. */
export async function signedIn(world: WebWorld, login: string, role: string): Promise<WebClient> {
  await world.addOperator(login, role);
  const client = new WebClient(world.url);
  const res = await client.login(login);
  assert.equal(res.status, 303, `${login} signs in`);
  return client;
}

/** The opening tag and content of the first element carrying `attr="value"` up to its closing `</tag>`. */
export function elementWith(html: string, tag: string, attr: string, value: string): string | undefined {
  const open = new RegExp(`<${tag}\\b[^>]*\\b${attr}="${escapeRe(value)}"[^>]*>`);
  const match = open.exec(html);
  if (!match) return undefined;
  const end = html.indexOf(`</${tag}>`, match.index);
  return html.slice(match.index, end === -1 ? undefined : end);
}

/** The number in the `<td … data-x="key">` cell of a row (digits only: 1.234 and 1,234 alike). */
export function cellNumber(row: string | undefined, attr: string, key: string): number {
  assert.ok(row, `row for ${attr}=${key} exists`);
  const match = new RegExp(`<td[^>]*\\b${attr}="${escapeRe(key)}"[^>]*>([^<]*)</td>`).exec(row);
  assert.ok(match, `cell ${attr}=${key} exists`);
  return Number(match[1]!.replace(/[^0-9]/g, ''));
}

/** Every value of `attr` in the page, in order. */
export function attrValues(html: string, attr: string): string[] {
  return [...html.matchAll(new RegExp(`\\b${attr}="([^"]*)"`, 'g'))].map((m) => m[1]!);
}

/** The JSON in `<script type="application/json" id="…">`. */
export function jsonBlock(html: string, id: string): unknown {
  const match = new RegExp(
    `<script type="application/json" id="${escapeRe(id)}"[^>]*>([\\s\\S]*?)</script>`,
  ).exec(html);
  assert.ok(match, `JSON block ${id} exists`);
  return JSON.parse(match[1]!);
}

/** Status of the accounts of the pupils month 2 takes out of SD_C, by person id. */
export async function leavingStatuses(store: Store): Promise<Map<string, string>> {
  const rows = await store.db
    .selectFrom('accounts')
    .select(['person_id', 'status'])
    .where('person_id', 'in', LEAVING_C)
    .execute();
  return new Map(rows.map((r) => [r.person_id, r.status]));
}

export async function holdOf(store: Store, runId: number, scope: string) {
  return store.db
    .selectFrom('holds')
    .selectAll()
    .where('run_id', '=', runId)
    .where('scope', '=', scope)
    .executeTakeFirstOrThrow();
}

export function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
