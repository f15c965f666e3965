// Canonical YAML: the same object always yields the same bytes. Key order: apiVersion, kind, metadata,
// spec first at the top; inside every map name, then namespace, then the rest in code-point order.
// Strings that a YAML 1.1 or 1.2 parser would read as another type (true, yes, on, 0777, 1e3, ~, …)
// are double-quoted; LF line ends, two-space indentation, no line folding, one trailing newline.
import { Document, isScalar, parse, visit } from 'yaml';

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

/** A copy with keys in canonical order and undefined values dropped. */
export function canonicalize(value: unknown, top = true): unknown {
  if (Array.isArray(value)) return value.map((v) => canonicalize(v, false));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  const keys = Object.keys(value).sort(top ? topOrder : mapOrder);
  for (const k of keys) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = canonicalize(v, false);
  }
  return out;
}

const MAYBE_TYPED = /^(?:$|[-+.0-9~=<]|[nNyYtTfFoO][a-zA-Z]{0,4}$)/;
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
        // not a plain scalar at all: the emitter quotes it by itself
      }
    }
    typedCache.set(s, cached);
  }
  return cached;
}

/** The canonical YAML text of one object (no header). */
export function toYaml(value: unknown): string {
  const doc = new Document(canonicalize(value));
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && readsAsOtherType(node.value)) node.type = 'QUOTE_DOUBLE';
    },
    Pair(_key, pair) {
      if (isScalar(pair.key) && typeof pair.key.value === 'string' && readsAsOtherType(pair.key.value)) pair.key.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ indent: 2, indentSeq: true, lineWidth: 0, minContentWidth: 0 });
}
