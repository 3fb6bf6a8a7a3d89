// The building blocks of every message: one column, inline styles (mail clients drop <style>),
// 16px text, colours with a contrast ratio of at least 7:1 on white, no images.
import type { Lang } from './mail-format.js';
import { constAttrs, h, type MailChild, type MailElement } from './mail-node.js';

const COLOR = {
  text: '#1f2937',
  heading: '#1e3a8a',
  muted: '#4b5563',
  rule: '#d1d5db',
  page: '#f3f4f6',
  panel: '#ffffff',
  accent: '#1e40af',
} as const;

const FONT = 'font-family:Arial,Helvetica,sans-serif;';

export interface MailDocument {
  lang: Lang;
  title: string;
  content: MailChild[];
}

// Attributes every message shares are frozen constants: rendered once per process (mail-node.ts).
const HEAD_META: readonly MailElement[] = [
  h('meta', constAttrs({ charset: 'utf-8' })),
  h('meta', constAttrs({ name: 'viewport', content: 'width=device-width, initial-scale=1' })),
  h('meta', constAttrs({ name: 'color-scheme', content: 'light' })),
];
const BODY = constAttrs({ style: `margin:0;padding:0;background-color:${COLOR.page};` });
const ARTICLE_STYLE =
  `max-width:600px;margin:0 auto;padding:24px 16px;background-color:${COLOR.panel};` +
  `color:${COLOR.text};${FONT}font-size:16px;line-height:1.5;`;
const TITLE = constAttrs({
  style: `margin:0 0 16px;font-size:22px;line-height:1.3;color:${COLOR.heading};word-break:break-word;`,
});
const PARAGRAPH = constAttrs({ style: 'margin:0 0 16px;' });
const SECTION = constAttrs({
  style: `margin:0 0 24px;padding:0 0 0 12px;border-left:4px solid ${COLOR.accent};`,
});
const SECTION_HEADING = constAttrs({
  style: `margin:0 0 12px;font-size:18px;line-height:1.3;color:${COLOR.heading};word-break:break-word;`,
});
const FACT_CELL = `padding:6px 0;border-bottom:1px solid ${COLOR.rule};vertical-align:top;`;
const FACT_TABLE = constAttrs({
  style: 'width:100%;margin:0 0 16px;border-collapse:collapse;font-size:15px;',
});
const FACT_LABEL = constAttrs({
  scope: 'row',
  style: `${FACT_CELL}width:40%;padding-right:12px;text-align:left;`,
});
const FACT_VALUE = constAttrs({ style: `${FACT_CELL}word-break:break-word;` });
const STEP_HEADING = constAttrs({ style: 'margin:0 0 8px;' });
const LIST = constAttrs({ style: 'margin:0 0 16px;padding-left:20px;' });
const STEP = constAttrs({ style: 'margin:0 0 8px;' });
const BULLET = constAttrs({ style: 'margin:0 0 6px;' });
const SIGNATURE = constAttrs({ style: 'margin:24px 0 16px;' });
const FOOTNOTE = constAttrs({
  style: `margin:24px 0 0;padding-top:12px;border-top:1px solid ${COLOR.rule};font-size:14px;color:${COLOR.muted};`,
});

export function mailDocument(doc: MailDocument): MailElement {
  return h(
    'html',
    { lang: doc.lang },
    h('head', null, ...HEAD_META, h('title', null, doc.title)),
    h(
      'body',
      BODY,
      h(
        'div',
        {
          role: 'article',
          'aria-label': doc.title,
          lang: doc.lang,
          style: ARTICLE_STYLE,
        },
        doc.content,
      ),
    ),
  );
}

export function title(text: string): MailElement {
  return h('h1', TITLE, text);
}

export function paragraph(...children: MailChild[]): MailElement {
  return h('p', PARAGRAPH, children);
}

/** One change inside a message, set off by a rule on its left. */
export function section(heading: string, ...children: MailChild[]): MailElement {
  return h('div', SECTION, h('h2', SECTION_HEADING, heading), children);
}

export type Fact = readonly [label: string, value: string];

/** Label/value pairs; long addresses wrap instead of widening the page on a phone. */
export function factTable(facts: readonly Fact[]): MailElement | null {
  const rows = facts.filter(([, value]) => value !== '');
  if (rows.length === 0) return null;
  return h(
    'table',
    FACT_TABLE,
    rows.map(([label, value]) =>
      h('tr', null, h('th', FACT_LABEL, label), h('td', FACT_VALUE, h('strong', null, value))),
    ),
  );
}

export function stepList(heading: string, steps: readonly string[]): MailChild[] {
  if (steps.length === 0) return [];
  return [
    h('p', STEP_HEADING, h('strong', null, heading)),
    h(
      'ul',
      LIST,
      steps.map((step) => h('li', STEP, step)),
    ),
  ];
}

export function bulletList(items: readonly MailChild[]): MailElement {
  return h(
    'ul',
    LIST,
    items.map((item) => h('li', BULLET, item)),
  );
}

export function strong(text: string): MailElement {
  return h('strong', null, text);
}

export function signature(lines: readonly string[]): MailElement {
  return h(
    'p',
    SIGNATURE,
    lines.flatMap((line, i) => (i === 0 ? [line] : [h('br', null), line])),
  );
}

export function footnote(text: string): MailElement {
  return h('p', FOOTNOTE, text);
}
