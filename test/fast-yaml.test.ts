// The load stage's fast path (generator/parse/fast-yaml.ts) against the yaml package: whenever js-yaml reads a
// text, the yaml package must read it without any problem and yield the same data — over every YAML file of
// the fixtures and examples, generated topologies in every YAML style, mutated texts and plain scalars of every
// core-schema form. Texts the fast path leaves alone are not compared (the yaml path reads them, as before).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { isSimpleYaml, parseFast } from '../generator/parse/fast-yaml.js';
import { decodeTopology, parseTopology } from '../generator/parse/parse.js';
import type { ParsedTopology } from '../generator/parse/parsed.js';
import { mutatedYaml, PLAIN_STYLE, styleArb, TRICKY_LABELS, toYamlText, validTopology } from './arbitraries.js';
import { FIXTURES, REPO_ROOT } from './helpers.js';

const REF = { cluster: 'fuzz', file: 'topologies/fuzz/topology.yaml' };
fc.configureGlobal({ seed: Number(process.env.GWTOPO_FUZZ_SEED ?? 20260521) });

/** Compares the two paths on one text; whether the fast path took it. */
function agree(text: string): boolean {
  const fast = parseFast(REF, text, parseTopology);
  if (fast === undefined) return false;
  const slow = parseTopology(REF, text);
  assert.deepEqual(slow.problems, [], `the fast path read a text the yaml package reports problems in:\n${text.slice(0, 2000)}`);
  assert.ok(slow.ok && fast.ok);
  assert.deepStrictEqual(fast.topology.data, slow.topology.data, `data differs for:\n${text.slice(0, 2000)}`);
  assert.deepEqual(fast.problems, []);
  return true;
}

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yamlFiles(path, out);
    else if (/\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

function decoded(bytes: Uint8Array): string | undefined {
  const d = decodeTopology(REF, bytes);
  return 'text' in d ? d.text : undefined;
}

describe('fast YAML path', () => {
  test('every YAML file of the fixtures and examples: same data, or the yaml path', () => {
    const files = [...yamlFiles(FIXTURES), ...yamlFiles(join(REPO_ROOT, 'topologies'))];
    let taken = 0;
    for (const file of files) {
      const text = decoded(readFileSync(file));
      if (text !== undefined && agree(text)) taken++;
    }
    // The examples and most golden fixtures are plain YAML: if the fast path took none, it is broken.
    assert.ok(taken > files.length / 4, `fast path took ${taken} of ${files.length} files`);
  });

  test('generated valid topologies in every YAML style: same data; plain style always takes the fast path', () => {
    fc.assert(
      fc.property(validTopology(fc.constant('fuzz')), styleArb, (t, style) => {
        agree(toYamlText(t.doc, style));
        const plain = toYamlText(t.doc, PLAIN_STYLE);
        if (isSimpleYaml(plain)) assert.ok(agree(plain), `plain text not read by the fast path:\n${plain}`);
      }),
      { numRuns: 150 },
    );
  });

  test('mutated texts: same data, or the yaml path', () => {
    const seeds = fc.tuple(validTopology(fc.constant('fuzz')), styleArb).map(([t, style]) => toYamlText(t.doc, style));
    fc.assert(
      fc.property(mutatedYaml(seeds, { maxLong: 4_000, maxDepth: 200 }), ({ bytes }) => {
        const text = decoded(bytes);
        if (text !== undefined) agree(text);
      }),
      { numRuns: 400 },
    );
  });

  test('plain scalars of every core-schema form, as values and keys, resolve as the yaml package resolves them', () => {
    const forms = [
      ...TRICKY_LABELS,
      ...['~', 'null', 'Null', 'NULL', 'nULL', 'True', 'TRUE', 'tRUE', 'False', 'Yes', 'NO', 'On'],
      ...['0', '-0', '+0', '+12', '-12', '012', '0o17', '0o8', '0O17', '0x1F', '0X1f', '0x', '0b101', '1_000', '99999999999999999999'],
      ...['1.', '.5', '-.5', '+1.5', '1.0', '1.50', '1e3', '1E+3', '1.5e-3', '.5e1', '1e', 'e3', '1.2.3', '1,000', '1:20', '12:30:45'],
      ...['.inf', '.Inf', '.INF', '-.inf', '+.inf', '.iNF', '.nan', '.NaN', '.NAN', '-.nan', 'nan', 'inf', 'infinity'],
      ...['2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '=', '-', '--', 'a b', 'http://x.example/a?b=c'],
    ];
    for (const form of forms) {
      for (const text of [`value: ${form}\n`, `${form}: value\n`, `list:\n  - ${form}\n`, `flow: [${form}, x]\n`, `flow: {k: ${form}}\n`, `key: ${form} # comment\n`]) agree(text);
    }
    assert.ok(agree('value: 12\n') && agree('a:\n  b: [1, 2.5, true, null, ~, x]\n  c: "q"\n'), 'plain texts take the fast path');
    assert.ok(agree('hostname: "*.example.com"\nmail: a@b.example\nq: "a&b!"\n'), 'indicators inside a token or a quoted string do not stop the fast path');
  });

  test('texts the fast path leaves to the yaml package', () => {
    const refused = [
      'a: &x 1\nb: *x\n', // anchors and aliases
      'a: !!str 1\n', // tags
      'a: 1\nb: [2,*x]\n', // an alias in a flow sequence
      'a: @x\n', // a reserved indicator
      'a: 1\na: 2\n', // duplicate keys (js-yaml refuses them too)
      '%YAML 1.2\n---\na: 1\n', // directives
      'a: 1\n---\nb: 2\n', // several documents
      '? [a]\n: 1\n', // explicit and collection keys
      '[a]: 1\n',
      '<<: {a: 1}\n', // merge keys
      'a:\n\tb: 1\n', // tabs
      'a: 1\r\n', // CR
      '\ufeffa: 1\n', // BOM
      'a: é\n', // non-ASCII
      '- a\n', // not a map
      'a\n', // not a map
      '', // empty
      'a: b: c\n', // a syntax error
      `${'k'.repeat(1100)}: 1\n`, // a key over the yaml package's 1,024-character limit
      'a: {b: 1\n', // unclosed flow map
    ];
    for (const text of refused) assert.equal(parseFast(REF, text, parseTopology), undefined, JSON.stringify(text));
  });

  test('lines of 1,000 characters or more take the yaml path, on any line of the text', () => {
    const line = (n: number) => `a: ${'v'.repeat(n - 3)}`;
    assert.equal(isSimpleYaml(`${line(999)}\n`), true);
    assert.equal(isSimpleYaml(line(999)), true);
    assert.equal(isSimpleYaml(`${line(1000)}\n`), false);
    assert.equal(isSimpleYaml(`x: 1\n${line(1000)}`), false);
    assert.equal(isSimpleYaml(`x: 1\n${line(1000)}\ny: 2\n`), false);
    assert.equal(isSimpleYaml(`x: 1\n${line(999)}\n${line(999)}\n`), true);
  });

  test('the yaml document of a fast-path topology is built on first use, with positions', () => {
    const text = 'apiVersion: gwtopo/v1alpha1\nkind: GatewayTopology\nmetadata:\n  name: fuzz\n';
    const result = parseFast(REF, text, parseTopology)!;
    assert.ok(result.ok);
    const topology: ParsedTopology = result.topology;
    assert.deepEqual(topology.data, { apiVersion: 'gwtopo/v1alpha1', kind: 'GatewayTopology', metadata: { name: 'fuzz' } });
    assert.deepEqual(topology.doc.toJS(), topology.data);
    assert.equal(topology.doc, topology.doc, 'built once');
    assert.deepEqual(topology.lineCounter.linePos(text.indexOf('fuzz')), { line: 4, col: 9 });
  });
});
