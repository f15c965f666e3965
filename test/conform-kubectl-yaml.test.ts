// Plain scalars in conform input read as kubectl reads them: sigs.k8s.io/yaml decodes with its fork of
// go-yaml v2 (vendor/sigs.k8s.io/yaml/goyaml.v2, v2.4.0) into interface{}; `resolve` in go-yaml v2's
// resolve.go decides each plain scalar (its resolveTable by first character, its resolveMap of exact
// spellings, Go's strconv.ParseInt/ParseUint/ParseFloat, yamlStyleFloat; timestamps kept as text when
// decoded into interface{}, no sexagesimal numbers). Each row: the scalar, what go-yaml v2 makes of it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Composer, Parser } from 'yaml';
import { KUBECTL_SCHEMA, type Resolved, resolvePlain } from '../generator/parse/kubectl-yaml.js';

const TABLE: [string, Resolved['type'], unknown][] = [
  // resolveMap: booleans, every spelling go-yaml v2 lists, and near misses.
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s) => [s, 'bool', true] as [string, Resolved['type'], unknown]),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((s) => [s, 'bool', false] as [string, Resolved['type'], unknown]),
  ['yEs', 'str', 'yEs'],
  ['tRUE', 'str', 'tRUE'],
  ['o', 'str', 'o'],
  ['nil', 'str', 'nil'],
  // resolveMap: null.
  ...['', '~', 'null', 'Null', 'NULL'].map((s) => [s, 'null', null] as [string, Resolved['type'], unknown]),
  ['nUll', 'str', 'nUll'],
  // resolveMap: special floats (.nan has no sign).
  ['.nan', 'float', Number.NaN],
  ['.NaN', 'float', Number.NaN],
  ['.NAN', 'float', Number.NaN],
  ['+.nan', 'str', '+.nan'],
  ['.inf', 'float', Number.POSITIVE_INFINITY],
  ['+.Inf', 'float', Number.POSITIVE_INFINITY],
  ['-.INF', 'float', Number.NEGATIVE_INFINITY],
  ['.iNf', 'str', '.iNf'],
  // A first character outside the table: always a string.
  ['e1', 'str', 'e1'],
  ['E5', 'str', 'E5'],
  ['_1', 'str', '_1'],
  ['inf', 'str', 'inf'],
  ['NaN', 'str', 'NaN'],
  // '.': ParseFloat of the text.
  ['.5', 'float', 0.5],
  ['.5e3', 'float', 500],
  ['.5_0', 'float', 0.5],
  ['.', 'str', '.'],
  ['.e1', 'str', '.e1'],
  ['.5e999', 'str', '.5e999'],
  // Sign or digit: ParseInt/ParseUint with base 0 after removing every '_'.
  ['0', 'int', 0],
  ['-0', 'int', 0],
  ['42', 'int', 42],
  ['+42', 'int', 42],
  ['-42', 'int', -42],
  ['1_000', 'int', 1000],
  ['1__0_', 'int', 10],
  ['0x1F', 'int', 31],
  ['0X1f', 'int', 31],
  ['-0x10', 'int', -16],
  ['0o17', 'int', 15],
  ['0O17', 'int', 15],
  ['017', 'int', 15],
  ['-017', 'int', -15],
  ['0b101', 'int', 5],
  ['-0b101', 'int', -5],
  ['0b2', 'str', '0b2'],
  ['0x', 'str', '0x'],
  ['9223372036854775807', 'int', 9223372036854775807],
  ['18446744073709551615', 'int', 18446744073709551615],
  ['0xffffffffffffffff', 'int', 18446744073709551615],
  ['0x10000000000000000', 'str', '0x10000000000000000'],
  ['-0x8000000000000001', 'str', '-0x8000000000000001'],
  // Not an int: yamlStyleFloat, then ParseFloat (finite).
  ['08', 'float', 8],
  ['1.5', 'float', 1.5],
  ['1.', 'float', 1],
  ['-1.5e3', 'float', -1500],
  ['1e3', 'float', 1000],
  ['1_000.5', 'float', 1000.5],
  ['99999999999999999999', 'float', 1e20],
  ['1e400', 'str', '1e400'],
  ['1e', 'str', '1e'],
  ['-', 'str', '-'],
  ['+', 'str', '+'],
  // No sexagesimal numbers; timestamps stay text.
  ['12:30', 'str', '12:30'],
  ['190:20:30', 'str', '190:20:30'],
  ['-1:30', 'str', '-1:30'],
  ['2024-01-01', 'str', '2024-01-01'],
  ['2001-12-14t21:59:43.10-05:00', 'str', '2001-12-14t21:59:43.10-05:00'],
  ['1.2.3', 'str', '1.2.3'],
  ['10.0.0.1', 'str', '10.0.0.1'],
  ['1Gi', 'str', '1Gi'],
];

describe("conform reads plain scalars as kubectl does (go-yaml v2's resolve)", () => {
  for (const [text, type, value] of TABLE) {
    test(`${JSON.stringify(text)} → ${type} ${String(value)}`, () => {
      const r = resolvePlain(text);
      assert.equal(r.type, type);
      if (typeof value === 'number' && Number.isNaN(value)) assert.ok(Number.isNaN(r.value));
      else assert.equal(r.value, value);
    });
  }

  test('in a document: plain scalars resolved by the table, quoted and explicitly tagged ones as written, keys too', () => {
    const text = 'a: e1\nb: 12:30\nc: 2024-01-01\nd: on\ne: "on"\nf: !!str 0x10\ng: !!int "0x10"\nh: !!float 1\ni: !!timestamp 2024-01-01\ny: 1\n80: http\nbase: &b {x: 1}\nm: {<<: *b, z: 2}\n';
    const [doc] = [...new Composer({ version: '1.1', schema: KUBECTL_SCHEMA }).compose(new Parser().parse(text))];
    assert.deepEqual([doc!.errors, doc!.warnings], [[], []]);
    assert.deepEqual(doc!.toJS(), { a: 'e1', b: '12:30', c: '2024-01-01', d: true, e: 'on', f: '0x10', g: 16, h: 1, i: '2024-01-01', true: 1, 80: 'http', base: { x: 1 }, m: { x: 1, z: 2 } });
  });

  test('an explicit tag the text does not resolve to is an error, as in go-yaml v2', () => {
    const [doc] = [...new Composer({ version: '1.1', schema: KUBECTL_SCHEMA }).compose(new Parser().parse('a: !!int e1\n'))];
    assert.deepEqual(
      doc!.errors.map((e) => [e.code, e.message.split('\n')[0]]),
      [['TAG_RESOLVE_FAILED', 'cannot decode "e1" as !!int']],
    );
  });
});
