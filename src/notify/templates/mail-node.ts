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
  const add = (child: MailChild): void => {
    if (child === null || child === undefined || child === false || child === '') return;
    if (Array.isArray(child)) for (const inner of child as readonly MailChild[]) add(inner);
    else flat.push(child as MailNode);
  };
  add(children);
  if (VOID_TAGS.has(tag) && flat.length > 0) throw new Error(`<${tag}> cannot have children`);
  return attrs ? { tag, attrs, children: flat } : { tag, children: flat };
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

/** The HTML of a tree; a tree rooted at `html` gets the doctype. */
export function renderHtml(node: MailNode): string {
  const html = htmlOf(node);
  return typeof node !== 'string' && node.tag === 'html' ? `<!DOCTYPE html>\n${html}` : html;
}

function htmlOf(node: MailNode): string {
  if (typeof node === 'string') return escapeHtml(node);
  const open = `<${node.tag}${attrsOf(node)}>`;
  if (VOID_TAGS.has(node.tag)) return open;
  return `${open}${node.children.map(htmlOf).join('')}</${node.tag}>`;
}

function attrsOf(node: MailElement): string {
  let out = '';
  for (const [name, value] of Object.entries(node.attrs ?? {})) {
    // Names come from template code, never from data; refuse anything that is not a plain name.
    if (!ATTR_NAME.test(name)) throw new Error(`invalid attribute name ${JSON.stringify(name)}`);
    if (name === 'href' && !SAFE_HREF.test(value)) throw new Error('href must be https: or mailto:');
    out += ` ${name}="${escapeHtml(value)}"`;
  }
  return out;
}

/** The plain-text part: blocks separated by a blank line, headings underlined, lists with dashes. */
export function renderText(node: MailNode): string {
  const text = blocksOf(node)
    .map((block) => block.replace(/[ \t]+$/gm, ''))
    .filter((block) => block.trim() !== '')
    .join('\n\n');
  return `${text}\n`;
}

function blocksOf(node: MailNode): string[] {
  if (typeof node === 'string') return [node];
  switch (node.tag) {
    case 'head':
    case 'title':
    case 'meta':
      return [];
    case 'h1':
      return [underline(inlineOf(node), '=')];
    case 'h2':
      return [underline(inlineOf(node), '-')];
    case 'p':
    case 'li':
      return [inlineOf(node)];
    case 'ul':
      return [node.children.map(listItemText).join('\n')];
    case 'table':
      return [node.children.map(rowText).join('\n')];
    case 'tr':
      return [rowText(node)];
    case 'html':
    case 'body':
    case 'div':
      return containerBlocks(node.children);
    default:
      return [inlineOf(node)];
  }
}

/** Consecutive inline children form one block; block children bring their own. */
function containerBlocks(children: readonly MailNode[]): string[] {
  const out: string[] = [];
  let run = '';
  for (const child of children) {
    if (typeof child === 'string' || INLINE_TAGS.has(child.tag)) {
      run += inlineOf(child);
      continue;
    }
    if (run.trim() !== '') out.push(run.trim());
    run = '';
    out.push(...blocksOf(child));
  }
  if (run.trim() !== '') out.push(run.trim());
  return out;
}

const INLINE_TAGS: ReadonlySet<MailTag> = new Set<MailTag>(['strong', 'a', 'span', 'br', 'td', 'th']);

function inlineOf(node: MailNode): string {
  if (typeof node === 'string') return node;
  if (node.tag === 'br') return '\n';
  const text = node.children.map(inlineOf).join('');
  const href = node.attrs?.href;
  if (node.tag === 'a' && href && !href.startsWith('mailto:') && href !== text) return `${text} (${href})`;
  return text;
}

function listItemText(item: MailNode): string {
  return `- ${inlineOf(item).trim().replace(/\n/g, '\n  ')}`;
}

function rowText(row: MailNode): string {
  if (typeof row === 'string') return row;
  const cells = row.children.filter((cell): cell is MailElement => typeof cell !== 'string');
  const texts = cells.map((cell) => inlineOf(cell).trim());
  if (cells.length === 2 && cells[0]?.tag === 'th') return `${texts[0]}: ${texts[1]}`;
  return texts.join(' | ');
}

function underline(text: string, mark: string): string {
  const line = text.trim();
  return `${line}\n${mark.repeat(line.length)}`;
}
