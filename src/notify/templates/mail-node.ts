// A tiny typed template layer. Templates build a tree of nodes; text reaches the HTML only through
// `escapeHtml`, so a name or address from Dapodik can never become markup. The same tree renders
// the plain-text part, so the two parts cannot drift apart.

export const MAIL_TAGS = [
  'html',
  'head',
  'body',
  'meta',
  'title',
  'h1',
  'h2',
  'p',
  'ul',
  'li',
  'strong',
  'a',
  'table',
  'tr',
  'td',
  'th',
  'div',
  'span',
  'br',
] as const;
export type MailTag = (typeof MAIL_TAGS)[number];

export type MailAttrs = Readonly<Record<string, string>>;

export interface MailElement {
  readonly tag: MailTag;
  readonly attrs?: MailAttrs;
  readonly children: readonly MailNode[];
}

export type MailNode = string | MailElement;

/** What `h` accepts as children: nodes, nested arrays, and absent parts that are skipped. */
export type MailChild = MailNode | null | undefined | false | readonly MailChild[];

const VOID_TAGS: ReadonlySet<MailTag> = new Set<MailTag>(['meta', 'br']);
const ATTR_NAME = /^[a-z][a-z0-9-]*$/;
const SAFE_HREF = /^(https:|mailto:)/i;

export function h(tag: MailTag, attrs: MailAttrs | null, ...children: MailChild[]): MailElement {
  const flat: MailNode[] = [];
  addChildren(flat, children);
  if (flat.length > 0 && VOID_TAGS.has(tag)) throw new Error(`<${tag}> cannot have children`);
  return attrs ? { tag, attrs, children: flat } : { tag, children: flat };
}

function addChildren(flat: MailNode[], children: readonly MailChild[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false || child === '') continue;
    if (Array.isArray(child)) addChildren(flat, child as readonly MailChild[]);
    else flat.push(child as MailNode);
  }
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const NEEDS_ESCAPE = /[&<>"']/;

export function escapeHtml(text: string): string {
  // Most text (names, addresses, template copy) has nothing to escape: test before replacing.
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

/** The HTML of a tree; a tree rooted at `html` gets the doctype. */
export function renderHtml(node: MailNode): string {
  if (typeof node === 'string') return escapeHtml(node);
  const html = htmlOf(node);
  return node.tag === 'html' ? `<!DOCTYPE html>\n${html}` : html;
}

// Parts that are the same in every message (the layout's styles, a signature, a footnote) carry their
// rendering with them, made and checked once per process: a hidden, non-enumerable property set
// before the object is frozen, so a kept rendering can never disagree with its node.
const RENDERED_ATTRS = Symbol('renderedAttrs');
const RENDERED_HTML = Symbol('renderedHtml');
const RENDERED_BLOCKS = Symbol('renderedBlocks');

interface ConstAttrs {
  readonly [RENDERED_ATTRS]?: string;
}

interface ConstElement {
  readonly [RENDERED_HTML]?: string;
  readonly [RENDERED_BLOCKS]?: readonly string[];
}

/** Attributes shared by every message: checked and rendered now, frozen. */
export function constAttrs(attrs: Record<string, string>): MailAttrs {
  Object.defineProperty(attrs, RENDERED_ATTRS, { value: renderAttrs(attrs) });
  return Object.freeze(attrs);
}

/** A subtree shared by every message: its HTML and text rendered now, the node frozen. */
export function constNode(node: MailElement): MailElement {
  const blocks: string[] = [];
  elementBlocks(blocks, node);
  Object.defineProperty(node, RENDERED_HTML, { value: elementHtml(node) });
  Object.defineProperty(node, RENDERED_BLOCKS, { value: Object.freeze(blocks) });
  return Object.freeze(node);
}

function htmlOf(node: MailElement): string {
  return (node as ConstElement)[RENDERED_HTML] ?? elementHtml(node);
}

function elementHtml(node: MailElement): string {
  const attrs = node.attrs === undefined ? '' : attrsOf(node.attrs);
  if (VOID_TAGS.has(node.tag)) return `<${node.tag}${attrs}>`;
  let out = `<${node.tag}${attrs}>`;
  for (const child of node.children) out += typeof child === 'string' ? escapeHtml(child) : htmlOf(child);
  return `${out}</${node.tag}>`;
}

function attrsOf(attrs: MailAttrs): string {
  return (attrs as ConstAttrs)[RENDERED_ATTRS] ?? renderAttrs(attrs);
}

function renderAttrs(attrs: MailAttrs): string {
  let out = '';
  for (const [name, value] of Object.entries(attrs)) {
    // Names come from template code, never from data; refuse anything that is not a plain name.
    if (!ATTR_NAME.test(name)) throw new Error(`invalid attribute name ${JSON.stringify(name)}`);
    if (name === 'href' && !SAFE_HREF.test(value)) throw new Error('href must be https: or mailto:');
    out += ` ${name}="${escapeHtml(value)}"`;
  }
  return out;
}

/** The plain-text part: blocks separated by a blank line, headings underlined, lists with dashes. */
export function renderText(node: MailNode): string {
  const blocks: string[] = [];
  pushBlocks(blocks, node);
  const kept: string[] = [];
  for (const block of blocks) if (block.trim() !== '') kept.push(block);
  // One pass over the joined text strips the same blanks as one per block: a run of blanks never
  // crosses the line breaks that join the blocks, and a block's end is a line end either way.
  return `${withoutTrailingBlanks(kept.join('\n\n'))}\n`;
}

const TRAILING_BLANKS = /[ \t]+$/gm;

/** `text.replace(/[ \t]+$/gm, '')`, without running the regex over text that has no such blanks. */
function withoutTrailingBlanks(text: string): string {
  const last = text.charCodeAt(text.length - 1);
  const clean =
    last !== 32 &&
    last !== 9 &&
    !text.includes(' \n') &&
    !text.includes('\t\n') &&
    // Other line terminators end a line for `$` too; text with any of them takes the regex.
    !text.includes('\r') &&
    !text.includes('\u2028') &&
    !text.includes('\u2029');
  return clean ? text : text.replace(TRAILING_BLANKS, '');
}

function pushBlocks(out: string[], node: MailNode): void {
  if (typeof node === 'string') {
    out.push(node);
    return;
  }
  const kept = (node as ConstElement)[RENDERED_BLOCKS];
  if (kept === undefined) elementBlocks(out, node);
  else for (const block of kept) out.push(block);
}

function elementBlocks(out: string[], node: MailElement): void {
  switch (node.tag) {
    case 'head':
    case 'title':
    case 'meta':
      return;
    case 'h1':
      out.push(underline(inlineOf(node), '='));
      return;
    case 'h2':
      out.push(underline(inlineOf(node), '-'));
      return;
    case 'p':
    case 'li':
      out.push(inlineOf(node));
      return;
    case 'ul':
      out.push(joinedLines(node.children, listItemText));
      return;
    case 'table':
      out.push(joinedLines(node.children, rowText));
      return;
    case 'tr':
      out.push(rowText(node));
      return;
    case 'html':
    case 'body':
    case 'div':
      containerBlocks(out, node.children);
      return;
    default:
      out.push(inlineOf(node));
  }
}

function joinedLines(children: readonly MailNode[], line: (child: MailNode) => string): string {
  let out = '';
  for (let i = 0; i < children.length; i++) out += i === 0 ? line(children[i]!) : `\n${line(children[i]!)}`;
  return out;
}

/** Consecutive inline children form one block; block children bring their own. */
function containerBlocks(out: string[], children: readonly MailNode[]): void {
  let run = '';
  for (const child of children) {
    if (typeof child === 'string' || INLINE_TAGS.has(child.tag)) {
      run += inlineOf(child);
      continue;
    }
    if (run !== '') {
      const trimmed = run.trim();
      if (trimmed !== '') out.push(trimmed);
      run = '';
    }
    pushBlocks(out, child);
  }
  const trimmed = run.trim();
  if (trimmed !== '') out.push(trimmed);
}

const INLINE_TAGS: ReadonlySet<MailTag> = new Set<MailTag>(['strong', 'a', 'span', 'br', 'td', 'th']);

function inlineOf(node: MailNode): string {
  if (typeof node === 'string') return node;
  if (node.tag === 'br') return '\n';
  let text = '';
  for (const child of node.children) text += typeof child === 'string' ? child : inlineOf(child);
  if (node.tag !== 'a') return text;
  const href = node.attrs?.href;
  if (href && !href.startsWith('mailto:') && href !== text) return `${text} (${href})`;
  return text;
}

function listItemText(item: MailNode): string {
  return `- ${inlineOf(item).trim().replace(/\n/g, '\n  ')}`;
}

function rowText(row: MailNode): string {
  if (typeof row === 'string') return row;
  const texts: string[] = [];
  let first: MailElement | undefined;
  for (const cell of row.children) {
    if (typeof cell === 'string') continue;
    first ??= cell;
    texts.push(inlineOf(cell).trim());
  }
  if (texts.length === 2 && first?.tag === 'th') return `${texts[0]}: ${texts[1]}`;
  return texts.join(' | ');
}

function underline(text: string, mark: string): string {
  const line = text.trim();
  return `${line}\n${mark.repeat(line.length)}`;
}
