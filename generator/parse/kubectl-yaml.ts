// Plain YAML scalars read the way kubectl reads them. kubectl turns YAML into JSON with sigs.k8s.io/yaml,
// which decodes with its fork of go-yaml v2 (goyaml.v2, based on v2.4.0) into interface{} values. What a
// plain (unquoted, untagged) scalar becomes is decided by `resolve` in go-yaml v2's resolve.go, a table
// keyed by the scalar's first character:
//   - only a sign, a digit, one of `yYnNtTfFoO~` or a `.` can start a non-string; anything else is a string
//     (so `e1` is text);
//   - exact spellings: booleans (`y Y yes Yes YES true True TRUE on On ON`, and `n N no No NO false False
//     FALSE off Off OFF`), null (empty, `~ null Null NULL`), `.nan .NaN .NAN`, `[+-].inf .Inf .INF`;
//   - a `.` start: a float as Go's strconv.ParseFloat reads it (`.5`, `.5e3`, `_` only between digits);
//   - a sign or digit start: a timestamp first (`2024-01-01`; decoded into interface{} go-yaml v2 keeps its
//     text, so it stays a string), then, with every `_` removed, an integer as Go's strconv.ParseInt/
//     ParseUint with base 0 read it (`0x1F`, `0o17`, `017` octal, `0b101`, a sign; int64, or uint64 without
//     a sign), then a float matching `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$` that
//     ParseFloat accepts (finite); otherwise a string. There are no sexagesimal numbers (`12:30` is text).
// The yaml package's own YAML 1.1 schema differs on each of those points, so conform uses this tag set.
import { type ScalarTag, Schema, type Tags } from 'yaml';

export type Resolved = { type: 'null'; value: null } | { type: 'bool'; value: boolean } | { type: 'int' | 'float'; value: number } | { type: 'str'; value: string };

const BOOLS = new Map<string, boolean>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s) => [s, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((s) => [s, false] as const),
]);
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const SPECIAL_FLOATS = new Map<string, number>([
  ...['.nan', '.NaN', '.NAN'].map((s) => [s, Number.NaN] as const),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((s) => [s, Number.POSITIVE_INFINITY] as const),
  ...['-.inf', '-.Inf', '-.INF'].map((s) => [s, Number.NEGATIVE_INFINITY] as const),
]);
/** First characters that may start something other than a string (go-yaml v2's resolveTable). */
const HINTED = /^[-+0-9yYnNtTfFoO~.]/;
/** A float Go's ParseFloat reads that starts with a dot (underscores only between digits). */
const DOT_FLOAT = /^\.[0-9](?:_?[0-9])*(?:[eE][-+]?[0-9](?:_?[0-9])*)?$/;
/** go-yaml v2's yamlStyleFloat. */
const YAML_STYLE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** Go integer literal syntax for ParseInt with base 0 (after go-yaml removed every underscore). */
const GO_INT = /^([-+]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

function goInt(plain: string): number | undefined {
  const m = GO_INT.exec(plain);
  if (m === null) return undefined;
  const [, sign, digits] = m as unknown as [string, string, string];
  const prefixed = /^0[xXbBoO]/.test(digits);
  // `0…` without x/b/o is octal in Go (`0` itself is zero).
  const octal = !prefixed && digits.length > 1 && digits.startsWith('0');
  const magnitude = prefixed ? BigInt(digits.slice(0, 2).toLowerCase() + digits.slice(2)) : octal ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
  const value = sign === '-' ? -magnitude : magnitude;
  // ParseInt: int64; ParseUint (no sign allowed): uint64.
  if ((value >= INT64_MIN && value <= INT64_MAX) || (sign === '' && value <= UINT64_MAX)) return Number(value);
  return undefined;
}

/** What go-yaml v2 makes of a plain scalar decoded into interface{} (and sigs.k8s.io/yaml then into JSON). */
export function resolvePlain(text: string): Resolved {
  if (!HINTED.test(text) && text !== '') return { type: 'str', value: text };
  if (BOOLS.has(text)) return { type: 'bool', value: BOOLS.get(text)! };
  if (NULLS.has(text)) return { type: 'null', value: null };
  const special = SPECIAL_FLOATS.get(text);
  if (special !== undefined) return { type: 'float', value: special };
  const first = text[0]!;
  if (first === '.') {
    if (DOT_FLOAT.test(text)) {
      const value = Number(text.replace(/_/g, ''));
      if (Number.isFinite(value)) return { type: 'float', value };
    }
    return { type: 'str', value: text };
  }
  if (first === '+' || first === '-' || (first >= '0' && first <= '9')) {
    // A timestamp would be tried here; decoded into interface{} go-yaml v2 keeps its text, a string.
    const plain = text.replace(/_/g, '');
    const int = goInt(plain);
    if (int !== undefined) return { type: 'int', value: int };
    if (YAML_STYLE_FLOAT.test(plain)) {
      const value = Number(plain);
      if (Number.isFinite(value)) return { type: 'float', value };
    }
  }
  return { type: 'str', value: text };
}

// The yaml package tests each default tag in turn against a plain scalar: remember the last scalar resolved
// so that it is classified once, whichever tag asks.
let lastText: string | undefined;
let lastResolved: Resolved = { type: 'null', value: null };
function cached(text: string): Resolved {
  if (text !== lastText) {
    lastResolved = resolvePlain(text);
    lastText = text;
  }
  return lastResolved;
}

/** A RegExp-shaped test (the yaml package calls only `.test`) matching the scalars go-yaml v2 resolves to `type`. */
function testFor(type: Resolved['type']): RegExp {
  return { test: (text: string) => cached(text).type === type } as unknown as RegExp;
}

const TAG = 'tag:yaml.org,2002:';

const identify = {
  null: (value: unknown) => value === null,
  bool: (value: unknown) => typeof value === 'boolean',
  int: (value: unknown) => Number.isInteger(value),
  float: (value: unknown) => typeof value === 'number',
};

/**
 * The tags of one of go-yaml v2's scalar types: the one plain scalars resolve to, and the one written
 * explicitly (`!!int "12"`), whose text must resolve to the type (go-yaml v2 takes an int for `!!float`).
 */
function scalarTags(type: 'null' | 'bool' | 'int' | 'float'): ScalarTag[] {
  return [
    { tag: `${TAG}${type}`, default: true, test: testFor(type), identify: identify[type], resolve: (text) => cached(text).value },
    {
      tag: `${TAG}${type}`,
      identify: identify[type],
      resolve(text, onError) {
        const r = cached(text);
        if (r.type === type || (type === 'float' && r.type === 'int')) return r.value;
        onError(`cannot decode ${JSON.stringify(text)} as !!${type}`);
        return text;
      },
    },
  ];
}

/** `!!str`, `!!timestamp` (kept as text, as go-yaml v2 does into interface{}) and `!!binary` (its bytes as text). */
const textTags: ScalarTag[] = [
  { tag: `${TAG}str`, identify: (v) => typeof v === 'string', resolve: (text) => text },
  { tag: `${TAG}timestamp`, identify: () => false, resolve: (text) => text },
  { tag: `${TAG}binary`, identify: () => false, resolve: (text) => Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8') },
];

/** The scalar tags of kubectl's reading; maps and sequences keep the yaml package's own; `<<` merge keys, as in go-yaml v2. */
export const KUBECTL_SCHEMA = new Schema({
  schema: 'core',
  resolveKnownTags: false,
  merge: true,
  customTags: (tags: Tags) => [
    ...tags.filter((t) => typeof t === 'object' && t.collection !== undefined),
    ...scalarTags('null'),
    ...scalarTags('bool'),
    ...scalarTags('int'),
    ...scalarTags('float'),
    ...textTags,
  ],
});
