// Canonical YAML: the same object always yields the same bytes. Key order: apiVersion, kind, metadata,
// spec first at the top; inside every map name, then namespace, then the rest in code-point order.
// Strings that a YAML 1.1 or 1.2 parser would read as another type (true, yes, on, 0777, 1e3, ~, …)
// or that are not safe as plain scalars are double-quoted; LF line ends, two-space indentation
// (sequences indented under their key), no line folding, one trailing newline.
//
// gwtopo emits only maps, lists, strings, integers and booleans, so the emitter is a small function
// rather than the yaml library's general stringifier: it is an order of magnitude faster on large
// repositories, and the canonical form is fully decided here. The tests check every output against
// the yaml library, parsing it back as YAML 1.1 and 1.2.
import { parse } from 'yaml';

const TOP_KEYS = ['apiVersion', 'kind', 'metadata', 'spec'];
const MAP_KEYS = ['name', 'namespace'];

function compareKeys(first: readonly string[]) {
  return (a: string, b: string): number => {
    const ia = first.indexOf(a);
    const ib = first.indexOf(b);
    if (ia !== -1 || ib !== -1) return (ia === -1 ? first.length : ia) - (ib === -1 ? first.length : ib);
    return a < b ? -1 : a > b ? 1 : 0;
  };
}
const topOrder = compareKeys(TOP_KEYS);
const mapOrder = compareKeys(MAP_KEYS);

function startsWithDigit(k: string): boolean {
  const c = k.charCodeAt(0);
  return c >= 48 && c <= 57;
}

/** An array index (as a property key): JavaScript objects list such keys first, in numeric order. */
const INDEX_KEY = /^(?:0|[1-9][0-9]{0,9})$/;

/**
 * The keys of a map whose values are defined, in canonical order — the order in which an object built
 * with its keys in that order lists them: array-index keys ('0', '7', '10') first, in numeric order.
 */
function orderedKeys(map: Record<string, unknown>, top: boolean): string[] {
  const keys = Object.keys(map).filter((k) => map[k] !== undefined);
  if (keys.length < 2) return keys;
  keys.sort(top ? topOrder : mapOrder);
  if (!keys.some(startsWithDigit)) return keys; // the common case: no key can be an index
  const index = (k: string): boolean => INDEX_KEY.test(k) && Number(k) < 2 ** 32 - 1;
  return [...keys.filter(index).sort((a, b) => Number(a) - Number(b)), ...keys.filter((k) => !index(k))];
}

/** A copy with keys in canonical order and undefined values dropped (what toYaml emits, as an object). */
export function canonicalize(value: unknown, top = true): unknown {
  if (Array.isArray(value)) return value.map((v) => canonicalize(v, false));
  if (value === null || typeof value !== 'object') return value;
  const map = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of orderedKeys(map, top)) out[k] = canonicalize(map[k], false);
  return out;
}

// What could read as a null, boolean or number: empty, a sign, a digit, '.', '~', '=', '<', an exponent
// ('e5' reads as a float in some YAML 1.1 schemas) or a short word such as yes/no/on/off/true/null.
const MAYBE_TYPED = /^(?:$|[-+.0-9~=<]|[eE][-+]?[0-9]|[nNyYtTfFoO][a-zA-Z]{0,4}$)/;
const typedCache = new Map<string, boolean>();

/** True when a plain scalar with this text would not be read back as the same string by YAML 1.1 or 1.2. */
export function readsAsOtherType(s: string): boolean {
  if (!MAYBE_TYPED.test(s)) return false;
  let cached = typedCache.get(s);
  if (cached === undefined) {
    cached = false;
    for (const version of ['1.1', '1.2'] as const) {
      try {
        if (parse(s, { version }) !== s) cached = true;
      } catch {
        cached = true; // not even a valid plain scalar
      }
    }
    typedCache.set(s, cached);
  }
  return cached;
}

/**
 * Plain scalars are limited to a conservative alphabet: letters, digits and `_ . / - = , + @ ( )`,
 * inner spaces, not starting with `-`, `.`… that YAML could take as an indicator, and no `:` or `#`.
 */
const PLAIN = /^[A-Za-z0-9_/(][A-Za-z0-9_./=,+@() -]*$/;

/**
 * Characters JSON leaves raw that YAML must not see raw: DEL, the C1 controls (NEL, U+0085, is a line break
 * to YAML 1.1 parsers), the line and paragraph separators, the byte-order mark and the non-characters.
 */
const UNSAFE_IN_YAML = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;

/** The scalar text of a string: plain when unambiguous, otherwise double-quoted (JSON escapes are valid YAML). */
export function scalar(s: string): string {
  if (PLAIN.test(s) && !s.endsWith(' ') && !s.includes('  ') && !readsAsOtherType(s)) return s;
  return JSON.stringify(s).replace(UNSAFE_IN_YAML, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function value(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return scalar(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(v)) throw new Error(`cannot serialize the number ${v}`);
      return String(v);
    default:
      if (v === null) return 'null';
      throw new Error(`cannot serialize a ${typeof v}`);
  }
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Keys repeat across every object (apiVersion, metadata, name, …): their scalar text is kept. */
const keyTexts = new Map<string, string>();

function keyText(key: string): string {
  let text = keyTexts.get(key);
  if (text === undefined) {
    if (keyTexts.size >= 10_000) keyTexts.clear();
    keyTexts.set(key, (text = scalar(key)));
  }
  return text;
}

/** Appends the lines of a map's entries (`keys`: its defined keys in canonical order) at `indent`. */
function emitMap(map: Record<string, unknown>, keys: readonly string[], indent: string, out: string[]): void {
  for (const key of keys) emitEntry(`${indent}${keyText(key)}:`, map[key], indent, out);
}

/** Appends `head` (a key with its colon, or a `-` marker) followed by the value. */
function emitEntry(head: string, v: unknown, indent: string, out: string[]): void {
  if (Array.isArray(v)) {
    if (v.length === 0) out.push(`${head} []`);
    else {
      out.push(head);
      emitList(v, `${indent}  `, out);
    }
  } else if (isMap(v)) {
    const keys = orderedKeys(v, false);
    if (keys.length === 0) out.push(`${head} {}`);
    else {
      out.push(head);
      emitMap(v, keys, `${indent}  `, out);
    }
  } else {
    out.push(`${head} ${value(v)}`);
  }
}

function emitList(list: readonly unknown[], indent: string, out: string[]): void {
  for (const item of list) {
    const keys = isMap(item) ? orderedKeys(item, false) : [];
    if (keys.length > 0) {
      // The first entry shares the line with the dash; the others align under it.
      const lines: string[] = [];
      emitMap(item as Record<string, unknown>, keys, `${indent}  `, lines);
      out.push(`${indent}- ${lines[0]!.slice(indent.length + 2)}`, ...lines.slice(1));
    } else if (Array.isArray(item) && item.length > 0) {
      throw new Error('cannot serialize a list directly inside a list');
    } else {
      emitEntry(`${indent}-`, item, indent, out);
    }
  }
}

/** The canonical YAML text of one object (no header). */
export function toYaml(obj: unknown): string {
  if (!isMap(obj)) throw new Error('a document must be a map');
  const out: string[] = [];
  // Keys are put in canonical order as they are emitted (no sorted copy of the object is made).
  emitMap(obj, orderedKeys(obj, true), '', out);
  return `${out.join('\n')}\n`;
}
