// The load stage's fast path: plain YAML read with js-yaml, without a syntax tree.
//
// parse.ts's parseText tries this path first. It pays off because nothing on the path of a valid topology asks
// for a position: fleet identities carry field paths and are placed only for a conflict (fleet/place.ts), the
// validate and conform stages place only their findings, and profiles are checked on a lazy copy (withData).
// (Wired in before that, when the fleet identity placed every claim, it cost more than it saved: each
// topology was parsed twice.)
//
// The yaml package builds a concrete syntax tree with a position for every node; gwtopo needs those positions
// only to place a problem. A topology without problems is read ~4× faster by js-yaml, so a text that is plainly
// simple is read that way, and its yaml Document (and line index) is built only when something asks for a
// position (a warning, an error of a later stage, `gwtopo show`). Everything else — any character or construct
// where the two parsers could differ or where the yaml package reports a problem (anchors, aliases, tags, merge
// keys, complex keys, directives, several documents, tabs, CR, non-ASCII, very long lines), any text js-yaml
// refuses (duplicate keys, syntax errors), any document that is not a map and any map with a null key — takes the yaml path, which gives
// the precise problems. test/fast-yaml.test.ts checks that whenever this path is taken, the yaml path reports
// no problem and yields the same data.
import jsyaml from 'js-yaml';
import type { TopologyRef } from '../topology/layout.js';
import type { ParsedTopology, ParseResult } from './parsed.js';

/**
 * The YAML 1.2 core schema exactly as the yaml package resolves plain scalars (yaml/dist/schema/core): each
 * tag's forms in the yaml package's order, first match wins. (js-yaml keeps one type per tag, so the forms of
 * a tag are one type.)
 */
type Form = readonly [test: RegExp, construct: (s: string) => unknown];
/**
 * `first`: the characters a non-empty scalar of the tag can start with. js-yaml asks every implicit type about every
 * plain scalar, and most scalars are strings: the first character turns them away without a regular expression.
 */
const scalar = (tag: string, first: string, forms: readonly Form[]): jsyaml.Type =>
  new jsyaml.Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (s: string | null) => {
      const text = s ?? '';
      return (text === '' || first.includes(text[0]!)) && forms.some(([test]) => test.test(text));
    },
    construct: (s: string | null) => forms.find(([test]) => test.test(s ?? ''))![1](s ?? ''),
  });

const CORE_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    scalar('null', '~nN', [[/^(?:~|[Nn]ull|NULL)?$/, () => null]]),
    scalar('bool', 'tTfF', [[/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (s) => s[0] === 't' || s[0] === 'T']]),
    scalar('int', '-+0123456789', [
      [/^0o[0-7]+$/, (s) => parseInt(s.substring(2), 8)],
      [/^[-+]?[0-9]+$/, (s) => parseInt(s, 10)],
      [/^0x[0-9a-fA-F]+$/, (s) => parseInt(s.substring(2), 16)],
    ]),
    scalar('float', '-+.0123456789', [
      [/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, (s) => (s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity)],
      [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, (s) => parseFloat(s)],
      [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, (s) => parseFloat(s)],
    ]),
  ],
});

/**
 * Texts the fast path leaves to the yaml package: any character outside printable ASCII and LF (tabs, CR, BOM,
 * control and non-ASCII characters), anchors, aliases, tags and reserved indicators (`&*!@` and a backtick at
 * the start of a token; a quoted "*.example.com" is fine), directives, merge keys,
 * explicit (`?`) and collection keys (`]:`, `}:`), document markers, `__proto__`, and lines of 1,000 characters
 * or more (the yaml package limits implicit keys to 1,024).
 */
const NOT_SIMPLE = /[^\n\x20-\x7e]|(?:^|[\s[{,:])[&*!@`]|^%|<<|\?(?:[ \n]|$)|[\]}] *:|^(?:---|\.\.\.)|__proto__/m;

/** Lines this long or longer are left to the yaml package. */
const LONG_LINE = 1000;

/**
 * Whether the fast path may read this text. Long lines are found by a scan for line breaks: as a regular
 * expression (`[^\n]{1000}`, tried at every offset) that check alone took 20× as long as all the others.
 */
export function isSimpleYaml(text: string): boolean {
  if (NOT_SIMPLE.test(text)) return false;
  for (let start = 0; ; ) {
    const end = text.indexOf('\n', start);
    if ((end === -1 ? text.length : end) - start >= LONG_LINE) return false;
    if (end === -1) return true;
    start = end + 1;
  }
}

/**
 * Reads a simple text with js-yaml; undefined when the text is not simple, js-yaml refuses it, or it is not a
 * map (the caller then parses it with the yaml package). `slow` parses the text with the yaml package: it is
 * called the first time the topology's `doc` or `lineCounter` is read.
 */
export function parseFast(ref: TopologyRef, text: string, slow: (ref: TopologyRef, text: string) => ParseResult): ParseResult | undefined {
  if (!isSimpleYaml(text)) return undefined;
  let data: unknown;
  try {
    data = jsyaml.load(text, { schema: CORE_SCHEMA, json: false });
  } catch {
    return undefined;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data) || hasNullKey(data)) return undefined;
  return { ok: true, topology: lazyTopology(ref, text, data, slow), problems: [] };
}

/**
 * Whether a map anywhere holds the key "null" or "": js-yaml names a null key (`~:`, `null:`, `: x`) "null",
 * the yaml package "" — and from the data alone a null key cannot be told from a quoted "null".
 */
function hasNullKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasNullKey);
  if (value === null || typeof value !== 'object') return false;
  for (const key in value) {
    if (key === 'null' || key === '' || hasNullKey((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/** A parsed topology whose yaml Document and line index are built on first use. */
function lazyTopology(ref: TopologyRef, text: string, data: unknown, slow: (ref: TopologyRef, text: string) => ParseResult): ParsedTopology {
  let full: ParsedTopology | undefined;
  const parsed = (): ParsedTopology => {
    if (full === undefined) {
      const result = slow(ref, text);
      if (!result.ok) throw new Error(`gwtopo: the yaml package refused ${ref.file}, which js-yaml read: ${result.problems[0]?.message ?? ''}`);
      full = result.topology;
    }
    return full;
  };
  const topology = { ...ref, data } as ParsedTopology;
  Object.defineProperty(topology, 'doc', { get: () => parsed().doc, enumerable: true, configurable: true });
  Object.defineProperty(topology, 'lineCounter', { get: () => parsed().lineCounter, enumerable: true, configurable: true });
  return topology;
}

/** A copy of `topology` with other data, keeping a lazy document lazy (spreading it would build it). */
export function withData(topology: ParsedTopology, data: unknown): ParsedTopology {
  const copy = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(topology)) {
    const d = Object.getOwnPropertyDescriptor(topology, key)!;
    Object.defineProperty(copy, key, d);
  }
  Object.setPrototypeOf(copy, Object.prototype);
  copy.data = data;
  return copy as unknown as ParsedTopology;
}
