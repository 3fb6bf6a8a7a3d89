// A SCIM filter from a request, checked against the attributes we serve and turned into the store's
// condition tree (store/scim-filter-sql.ts). The grammar is parsed by scim2-parse-filter; this file
// gives its tree meaning: which attribute path is which field, which operators and values fit it, and
// how a multi-valued attribute (`emails[type eq "work" and value co "x"]`) is tested. Anything we
// cannot answer exactly is a 400 invalidFilter, never a silent partial answer.
import { type Filter, parse } from 'scim2-parse-filter';
import { SCIM_OPS, type ScimCondition, type ScimOp } from '../../store/scim-filter-sql.js';
import type { GroupCondition, UserCondition } from '../../store/scim-repository.js';
import { ScimError } from './scim-error.js';
import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from './scim-schemas.js';

export const MAX_FILTER_LENGTH = 2000;
const MAX_FILTER_NODES = 100;

type Leaf =
  | { kind: 'text'; field: string; fold: 'lower' | 'upper' | 'none' }
  | { kind: 'bool'; field: string }
  | { kind: 'time'; field: string }
  | { kind: 'id'; field: string }
  /** An attribute every resource of the type has with the same value(s): decided without the store. */
  | { kind: 'const'; values: readonly string[] };

/** A multi-valued attribute: tested per value in the store (`some`), or folded into fields (`inline`). */
interface Multi {
  mode: 'some' | 'inline';
  sub: Record<string, Leaf>;
}

interface FilterSpec {
  coreUrn: string;
  extensionUrn?: string;
  leaves: Record<string, Leaf>;
  multi: Record<string, Multi>;
}

const USER_SPEC: FilterSpec = {
  coreUrn: USER_SCHEMA,
  extensionUrn: ENTERPRISE_SCHEMA,
  leaves: {
    id: { kind: 'id', field: 'id' },
    externalid: { kind: 'text', field: 'externalId', fold: 'none' },
    username: { kind: 'text', field: 'userName', fold: 'lower' },
    displayname: { kind: 'text', field: 'displayName', fold: 'lower' },
    'name.formatted': { kind: 'text', field: 'displayName', fold: 'lower' },
    usertype: { kind: 'text', field: 'userType', fold: 'lower' },
    active: { kind: 'bool', field: 'active' },
    'ext:organization': { kind: 'text', field: 'organization', fold: 'upper' },
    'ext:department': { kind: 'text', field: 'department', fold: 'lower' },
    'meta.created': { kind: 'time', field: 'created' },
    'meta.lastmodified': { kind: 'time', field: 'lastModified' },
    'meta.resourcetype': { kind: 'const', values: ['User'] },
    schemas: { kind: 'const', values: [USER_SCHEMA, ENTERPRISE_SCHEMA] },
  },
  multi: {
    emails: {
      mode: 'some',
      sub: {
        value: { kind: 'text', field: 'value', fold: 'lower' },
        primary: { kind: 'bool', field: 'primary' },
        type: { kind: 'const', values: ['work'] },
      },
    },
    // Every account has exactly one school, so a test on its groups is a test on that school.
    groups: {
      mode: 'inline',
      sub: {
        value: { kind: 'text', field: 'organization', fold: 'upper' },
        type: { kind: 'const', values: ['direct'] },
      },
    },
  },
};

const GROUP_SPEC: FilterSpec = {
  coreUrn: GROUP_SCHEMA,
  leaves: {
    id: { kind: 'text', field: 'id', fold: 'none' },
    externalid: { kind: 'text', field: 'externalId', fold: 'none' },
    displayname: { kind: 'text', field: 'displayName', fold: 'lower' },
    'meta.resourcetype': { kind: 'const', values: ['Group'] },
    schemas: { kind: 'const', values: [GROUP_SCHEMA] },
  },
  multi: {
    members: {
      mode: 'some',
      sub: {
        value: { kind: 'id', field: 'value' },
        display: { kind: 'text', field: 'display', fold: 'lower' },
        type: { kind: 'const', values: ['User'] },
      },
    },
  },
};

type Cond = ScimCondition<string, string>;
/** A condition on one value of a multi-valued attribute (it has no values of its own to test). */
type SubCond = ScimCondition<string>;
type Value = string | number | boolean | null;

const invalid = (detail: string) => new ScimError(400, detail, 'invalidFilter');

export function parseUserFilter(text: string | undefined): UserCondition {
  return parseWith(USER_SPEC, text) as UserCondition;
}

export function parseGroupFilter(text: string | undefined): GroupCondition {
  return parseWith(GROUP_SPEC, text) as GroupCondition;
}

function parseWith(spec: FilterSpec, text: string | undefined): Cond {
  if (text === undefined || text.trim() === '') return { kind: 'const', value: true };
  if (text.length > MAX_FILTER_LENGTH) throw invalid(`a filter is at most ${MAX_FILTER_LENGTH} characters`);
  let tree: Filter;
  try {
    tree = parse(text);
  } catch (error) {
    throw invalid(`the filter is not valid SCIM filter syntax: ${(error as Error).message}`);
  }
  const walk = { spec, dotted: dottedValuePaths(text), next: 0, nodes: 0 };
  return convert(tree, walk);
}

interface Walk {
  spec: FilterSpec;
  /** Per `[`…`]` in the text, in order: whether a `.subAttr` follows the `]`. */
  dotted: boolean[];
  next: number;
  nodes: number;
}

/**
 * The parser reads `emails[type eq "work"].value eq "x"` as `emails[type eq "work"] and emails.value
 * eq "x"`, which could match the value on another email. Knowing which brackets were followed by a
 * dot lets us test both on the same email, as the path means.
 */
function dottedValuePaths(text: string): boolean[] {
  const out: boolean[] = [];
  const open: number[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === '[') {
      open.push(out.length);
      out.push(false);
    } else if (ch === ']') {
      const at = open.pop();
      if (at !== undefined) out[at] = text[i + 1] === '.';
    }
  }
  return out;
}

function convert(node: Filter, walk: Walk): Cond {
  if (++walk.nodes > MAX_FILTER_NODES) throw invalid(`a filter has at most ${MAX_FILTER_NODES} terms`);
  switch (node.op) {
    case 'and':
    case 'or': {
      const [first, second] = node.filters;
      if (node.op === 'and' && node.filters.length === 2 && first?.op === '[]' && walk.dotted[walk.next]) {
        return valuePath(first.attrPath, mergedValueFilter(first, second!), walk);
      }
      return { kind: node.op, items: node.filters.map((f) => convert(f, walk)) };
    }
    case 'not':
      return { kind: 'not', item: convert(node.filter, walk) };
    case '[]':
      return valuePath(node.attrPath, node.valFilter, walk);
    case 'pr':
      return attribute(node.attrPath, 'pr', null, walk.spec);
    default:
      return attribute(node.attrPath, node.op, node.compValue, walk.spec);
  }
}

function mergedValueFilter(path: Extract<Filter, { op: '[]' }>, sub: Filter): Filter {
  if (!('attrPath' in sub) || sub.op === '[]') throw invalid('a value path is followed by one comparison');
  const prefix = `${path.attrPath}.`;
  const attrPath = sub.attrPath.startsWith(prefix) ? sub.attrPath.slice(prefix.length) : sub.attrPath;
  return { op: 'and', filters: [path.valFilter, { ...sub, attrPath } as Filter] };
}

function valuePath(attrPath: string, valFilter: Filter, walk: Walk): Cond {
  walk.next++;
  const name = normalize(walk.spec, attrPath);
  const multi = walk.spec.multi[name];
  if (!multi) throw invalid(`${attrPath} is not a multi-valued attribute that can be filtered with [ ]`);
  const inner = convertSub(valFilter, multi, walk);
  return multi.mode === 'some' ? { kind: 'some', where: inner } : inner;
}

function convertSub(node: Filter, multi: Multi, walk: Walk): SubCond {
  if (++walk.nodes > MAX_FILTER_NODES) throw invalid(`a filter has at most ${MAX_FILTER_NODES} terms`);
  switch (node.op) {
    case 'and':
    case 'or':
      return { kind: node.op, items: node.filters.map((f) => convertSub(f, multi, walk)) };
    case 'not':
      return { kind: 'not', item: convertSub(node.filter, multi, walk) };
    case '[]':
      throw invalid('value paths cannot be nested');
    default: {
      const leaf = multi.sub[node.attrPath.toLowerCase()];
      if (!leaf) throw invalid(`unknown sub-attribute ${node.attrPath}`);
      return leafCondition(leaf, node.op, node.op === 'pr' ? null : node.compValue, node.attrPath);
    }
  }
}

function attribute(attrPath: string, op: ScimOp | 'pr', value: Value, spec: FilterSpec): Cond {
  const name = normalize(spec, attrPath);
  // An extension attribute is accepted without its URN where the name is not a core one.
  const leaf = spec.leaves[name] ?? spec.leaves[`ext:${name}`];
  if (leaf) return leafCondition(leaf, op, value, attrPath);
  const dot = name.indexOf('.');
  const multiName = dot < 0 ? name : name.slice(0, dot);
  const multi = spec.multi[multiName];
  if (!multi) throw invalid(`unknown or unsupported attribute ${attrPath}`);
  if (dot < 0 && op === 'pr') return multi.mode === 'some' ? { kind: 'some', where: TRUE } : TRUE;
  // A multi-valued attribute compared without a sub-attribute compares its `value`.
  const subName = dot < 0 ? 'value' : name.slice(dot + 1);
  const sub = multi.sub[subName];
  if (!sub) throw invalid(`unknown sub-attribute ${attrPath}`);
  const inner = leafCondition(sub, op, value, attrPath);
  return multi.mode === 'some' ? { kind: 'some', where: inner } : inner;
}

const TRUE: SubCond = { kind: 'const', value: true };
const FALSE: SubCond = { kind: 'const', value: false };

/** Lower-case, with the core schema's URN dropped and the extension's written `ext:`. */
function normalize(spec: FilterSpec, attrPath: string): string {
  const path = attrPath.toLowerCase();
  const core = `${spec.coreUrn.toLowerCase()}:`;
  if (path.startsWith(core)) return path.slice(core.length);
  const ext = spec.extensionUrn === undefined ? undefined : `${spec.extensionUrn.toLowerCase()}:`;
  if (ext !== undefined && path.startsWith(ext)) return `ext:${path.slice(ext.length)}`;
  return path;
}

function leafCondition(leaf: Leaf, op: ScimOp | 'pr', value: Value, path: string): SubCond {
  if (op === 'pr') return leaf.kind === 'text' ? { kind: 'present', field: leaf.field } : TRUE;
  if (!(SCIM_OPS as readonly string[]).includes(op)) throw invalid(`unknown operator ${op}`);
  switch (leaf.kind) {
    case 'const': {
      const wanted = stringValue(value, path);
      // `ne` holds when no value equals; every other operator when some value matches.
      if (op === 'ne') return leaf.values.some((v) => constCompare(v, 'eq', wanted)) ? FALSE : TRUE;
      return leaf.values.some((v) => constCompare(v, op, wanted)) ? TRUE : FALSE;
    }
    case 'text': {
      const v = stringValue(value, path);
      const folded = leaf.fold === 'lower' ? v.toLowerCase() : leaf.fold === 'upper' ? v.toUpperCase() : v;
      return { kind: 'compare', field: leaf.field, op, value: folded };
    }
    case 'bool':
      if (op !== 'eq' && op !== 'ne') throw invalid(`${path} is a boolean: use eq, ne or pr`);
      if (typeof value !== 'boolean') throw invalid(`${path} is compared with true or false`);
      return { kind: 'compare', field: leaf.field, op, value };
    case 'time':
      return timeCompare(leaf.field, op, value, path);
    case 'id':
      return idCompare(leaf.field, op, value, path);
  }
}

function stringValue(value: Value, path: string): string {
  if (typeof value !== 'string') throw invalid(`${path} is compared with a quoted string`);
  return value;
}

function constCompare(actual: string, op: ScimOp, wanted: string): boolean {
  const a = actual.toLowerCase();
  const w = wanted.toLowerCase();
  const table: Record<ScimOp, boolean> = {
    eq: a === w,
    ne: a !== w,
    co: a.includes(w),
    sw: a.startsWith(w),
    ew: a.endsWith(w),
    gt: a > w,
    ge: a >= w,
    lt: a < w,
    le: a <= w,
  };
  return table[op];
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function timeCompare(field: string, op: ScimOp, value: Value, path: string): SubCond {
  if (op === 'co' || op === 'sw' || op === 'ew')
    throw invalid(`${path} is a dateTime: use eq, ne, gt, ge, lt or le`);
  const text = stringValue(value, path);
  const at = ISO_DATE_TIME.test(text) ? new Date(text) : undefined;
  if (at === undefined || Number.isNaN(at.getTime()))
    throw invalid(`${path} is compared with an xsd:dateTime`);
  return { kind: 'compare', field, op, value: at.toISOString() };
}

/** Ids are strings in SCIM and integers here: a string that is no integer matches nothing. */
function idCompare(field: string, op: ScimOp, value: Value, path: string): SubCond {
  const text = typeof value === 'number' ? String(value) : stringValue(value, path);
  const numeric = /^[0-9]{1,15}$/.test(text);
  if (op === 'eq' || op === 'ne') {
    if (!numeric) return op === 'eq' ? FALSE : TRUE;
    return { kind: 'compare', field, op, value: Number(text) };
  }
  if (op === 'co' || op === 'sw' || op === 'ew')
    throw invalid(`${path} is compared with eq, ne, gt, ge, lt or le`);
  if (!numeric) throw invalid(`${path} is ordered only against a number`);
  return { kind: 'compare', field, op, value: Number(text) };
}
