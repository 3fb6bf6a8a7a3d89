// Every notified template and reason, in both languages: recipients, subject, and the facts each
// part must state (dates, addresses, schools, the reason and the next step) in text and HTML. The
// cases and their expectations live in template-cases.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { escapeHtml, LANGS } from '../../src/notify/templates/index.js';
import { DATES, deactivationCases, moveCases, otherCases } from './template-cases.js';

function assertStates(mail: { text: string; html: string }, fact: string): void {
  assert.ok(mail.text.includes(fact), `text part lacks ${JSON.stringify(fact)}`);
  assert.ok(mail.html.includes(escapeHtml(fact)), `html part lacks ${JSON.stringify(fact)}`);
}

for (const [group, cases] of [
  ['deactivation templates', deactivationCases],
  ['move templates', moveCases],
  ['creation, reactivation and reminder templates', otherCases],
] as const) {
  describe(group, () => {
    for (const c of cases) {
      for (const lang of LANGS) {
        test(`${c.title} gets one ${lang} message with recipients, subject, dates, addresses and next step`, () => {
          const mail = c.compose(lang);
          assert.ok(mail, 'a message is composed');
          assert.equal(mail.template, c.template);
          assert.deepEqual(mail.to, c.to);
          assert.equal(mail.subject, c.subject[lang]);
          assert.ok(mail.html.includes(`<html lang="${lang}">`));
          for (const fact of [...c.facts, ...c.says[lang], ...c.dates.map((d) => DATES[lang][d])]) {
            assertStates(mail, fact);
          }
        });
      }
    }
  });
}
