// Unit tests of the building blocks of validation: problems as data (paths, order, formatting),
// "did you mean" suggestions, and positions of field paths in the YAML source.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDocument } from 'yaml';
import { LineIndex } from '../generator/diagnostics/line-index.js';
import { abbreviate, locate, positionOf, Reporter } from '../generator/diagnostics/position.js';
import { clusterList, compareProblems, formatPath, formatProblem, hasErrors, mergeSharedProblems, type Problem, RUN_FILE, sortProblems } from '../generator/diagnostics/problem.js';
import type { Origin } from '../generator/diagnostics/provenance.js';
import { closest, editDistance } from '../generator/diagnostics/suggest.js';
import { parseTopology } from '../generator/parse/parse.js';
import type { ParsedTopology } from '../generator/parse/parsed.js';

function parsed(text: string): ParsedTopology {
  const r = parseTopology({ cluster: 'c', file: 'topologies/c/topology.yaml' }, text);
  assert.ok(r.ok, JSON.stringify(r.problems));
  return r.topology;
}

const problem = (over: Partial<Problem> = {}): Problem => ({ severity: 'error', file: 'f', line: 1, col: 1, path: '', message: 'm', rule: 'r', ...over });

describe('formatPath', () => {
  test('keys joined by dots, indexes in brackets', () => {
    assert.equal(formatPath(['spec', 'gateways', 0, 'listeners', 12, 'port']), 'spec.gateways[0].listeners[12].port');
    assert.equal(formatPath([]), '');
    assert.equal(formatPath([3, 'a']), '[3].a');
  });

  test('keys that are not identifiers are bracket-quoted, wherever they are', () => {
    assert.equal(formatPath(['service', 'labels', 'app.kubernetes.io/name']), 'service.labels["app.kubernetes.io/name"]');
    assert.equal(formatPath(['a b', 'c']), '["a b"].c');
    assert.equal(formatPath(['x', '1abc']), 'x["1abc"]', 'a leading digit');
    assert.equal(formatPath(['x', '-a']), 'x["-a"]', 'a leading dash');
    assert.equal(formatPath(['x', 'a:b']), 'x["a:b"]', 'a colon inside');
    assert.equal(formatPath(['x', 'ab:']), 'x["ab:"]', 'a colon at the end');
    assert.equal(formatPath(['x', '']), 'x[""]', 'the empty key');
    assert.equal(formatPath(['x', 'say "hi"']), 'x["say \\"hi\\""]');
  });

  test('identifiers may hold letters, digits, _ and - after a letter or _', () => {
    assert.equal(formatPath(['_a', 'B-9_z', 'Zed']), '_a.B-9_z.Zed');
  });
});

describe('problem order', () => {
  test('by file, line, column, severity, path, then message', () => {
    const ordered = [
      problem({ file: 'a', line: 9, col: 9 }),
      problem({ file: 'b', line: 1, col: 5 }),
      problem({ file: 'b', line: 2, col: 1 }),
      problem({ file: 'b', line: 2, col: 3, severity: 'error', path: 'z' }),
      problem({ file: 'b', line: 2, col: 3, severity: 'warning', path: 'a' }),
      problem({ file: 'b', line: 2, col: 3, severity: 'warning', path: 'b', message: 'a' }),
      problem({ file: 'b', line: 2, col: 3, severity: 'warning', path: 'b', message: 'b' }),
    ];
    for (let i = 0; i < ordered.length; i++) {
      for (let j = 0; j < ordered.length; j++) {
        const c = compareProblems(ordered[i]!, ordered[j]!);
        assert.equal(Math.sign(c), Math.sign(i - j), `${i} vs ${j}`);
      }
    }
    assert.deepEqual(sortProblems([...ordered].reverse()), ordered);
  });

  test('numbers compare as numbers (line 10 after line 9), files and text as code points', () => {
    assert.ok(compareProblems(problem({ line: 9 }), problem({ line: 10 })) < 0);
    assert.ok(compareProblems(problem({ col: 10 }), problem({ col: 9 })) > 0);
    assert.ok(compareProblems(problem({ file: 'B' }), problem({ file: 'a' })) < 0);
    // Files in code-point order, as a folder is read: U+FF41 before U+1F600 (a surrogate pair in UTF-16, which
    // JavaScript's < puts first), U+D7FF before both; a prefix first.
    const files = ['a', 'ab', '\uD7FF', '\uE000', '\uFF41.yaml', '\u{1F600}.yaml', '\u{1F600}.yaml2'];
    for (let i = 0; i < files.length; i++)
      for (let j = 0; j < files.length; j++) assert.equal(Math.sign(compareProblems(problem({ file: files[i]! }), problem({ file: files[j]! }))), Math.sign(i - j), `${files[i]} vs ${files[j]}`);
  });

  test('sortProblems returns a sorted copy and leaves its input alone', () => {
    const input = [problem({ line: 2 }), problem({ line: 1 })];
    const sorted = sortProblems(input);
    assert.deepEqual(
      sorted.map((p) => p.line),
      [1, 2],
    );
    assert.deepEqual(
      input.map((p) => p.line),
      [2, 1],
    );
  });
});

describe('hasErrors', () => {
  test('errors count, warnings do not', () => {
    assert.equal(hasErrors([]), false);
    assert.equal(hasErrors([problem({ severity: 'warning' })]), false);
    assert.equal(hasErrors([problem({ severity: 'warning' }), problem({ severity: 'error' })]), true);
  });
});

describe('formatProblem', () => {
  test('file:line:col: severity: path: message, then the hint on an indented line', () => {
    assert.equal(formatProblem(problem({ file: 't.yaml', line: 3, col: 7, path: 'spec.a', message: 'bad', hint: 'fix it' })), 't.yaml:3:7: error: spec.a: bad [r]\n  hint: fix it');
    assert.equal(formatProblem(problem({ file: 't.yaml', line: 3, col: 7, severity: 'warning', path: 'spec.a', message: 'odd' })), 't.yaml:3:7: warning: spec.a: odd [r]');
  });

  test('a problem of the whole run names no file and no position', () => {
    assert.equal(
      formatProblem(problem({ file: RUN_FILE, path: '--base', message: 'no such revision', rule: 'git', hint: 'fetch it' })),
      'gwtopo: error: --base: no such revision [git]\n  hint: fetch it',
    );
  });

  test('a whole-file problem has no path part', () => {
    assert.equal(formatProblem(problem({ file: 't.yaml', message: 'empty' })), 't.yaml:1:1: error: empty [r]');
  });

  test('a problem in a shared file: its clusters on a line of their own, after the hint', () => {
    assert.equal(formatProblem(problem({ file: 'p.yaml', hint: 'h', clusters: ['a'] })), 'p.yaml:1:1: error: m [r]\n  hint: h\n  cluster: a');
    assert.equal(formatProblem(problem({ file: 'p.yaml', clusters: ['a', 'b'] })), 'p.yaml:1:1: error: m [r]\n  2 clusters: a, b');
    assert.equal(formatProblem(problem({ file: 'p.yaml', clusters: [] })), 'p.yaml:1:1: error: m [r]');
  });
});

describe('clusterList', () => {
  test('the first ten names, then the count of the rest', () => {
    const names = Array.from({ length: 12 }, (_, i) => `c${String(i).padStart(2, '0')}`);
    assert.equal(clusterList(names.slice(0, 10)), names.slice(0, 10).join(', '));
    assert.equal(clusterList(names.slice(0, 11)), `${names.slice(0, 10).join(', ')} +1 more`);
    assert.equal(clusterList(names), `${names.slice(0, 10).join(', ')} +2 more`);
  });
});

describe('mergeSharedProblems', () => {
  test('one problem per place, rule, path and message in a shared file, its clusters united and sorted; the first hint kept', () => {
    const shared = (clusters: string[], over: Partial<Problem> = {}): Problem => problem({ file: 'p.yaml', line: 4, col: 2, path: 'spec.a', clusters, ...over });
    const merged = mergeSharedProblems([
      shared(['b', 'c'], { hint: 'first' }),
      problem({ file: 'own.yaml' }),
      shared(['a', 'b'], { hint: 'second' }),
      shared(['d'], { message: 'other' }),
      shared(['e'], { col: 3 }),
      shared(['f'], { severity: 'warning' }),
      shared(['g'], { rule: 'other' }),
      shared(['h'], { path: 'spec.b' }),
      shared(['i'], { line: 5 }),
      shared(['j'], { file: 'q.yaml' }),
      problem({ file: 'own.yaml' }),
    ]);
    assert.deepEqual(
      merged.map((p) => p.clusters),
      [['a', 'b', 'c'], undefined, ['d'], ['e'], ['f'], ['g'], ['h'], ['i'], ['j'], undefined],
    );
    assert.equal(merged[0]!.hint, 'first');
  });
});

describe('editDistance', () => {
  test('insertions, deletions and substitutions count one each', () => {
    assert.equal(editDistance('', ''), 0);
    assert.equal(editDistance('abc', 'abc'), 0);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('abc', ''), 3);
    assert.equal(editDistance('abc', 'abd'), 1);
    assert.equal(editDistance('abc', 'abcd'), 1);
    assert.equal(editDistance('abcd', 'acd'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });

  test('a transposition of neighbours counts one', () => {
    assert.equal(editDistance('azrue', 'azure'), 1);
    assert.equal(editDistance('ab', 'ba'), 1);
    assert.equal(editDistance('abcd', 'badc'), 2);
    assert.equal(editDistance('ca', 'abc'), 3, 'optimal string alignment: no edit of a transposed pair');
  });

  test('case is ignored', () => {
    assert.equal(editDistance('AzUrE', 'azure'), 0);
  });

  test('symmetric', () => {
    for (const [a, b] of [
      ['networking', 'netwrking'],
      ['ingress', 'egress'],
      ['x', 'yz'],
      ['gcp', 'aws-lbc'],
    ] as const)
      assert.equal(editDistance(a, b), editDistance(b, a));
  });
});

describe('closest', () => {
  test('the nearest candidate within a third of the word length (at least 1, at most 3 edits)', () => {
    assert.equal(closest('azrue', ['aws', 'azure', 'gcp']), 'azure');
    assert.equal(closest('ab', ['ac']), 'ac', 'short words allow one edit');
    assert.equal(closest('ab', ['cd']), undefined, 'but not two');
    assert.equal(closest('abcdef', ['abxxef']), 'abxxef', 'six letters allow two edits');
    assert.equal(closest('abcdef', ['axxxef']), undefined, 'but not three');
    assert.equal(closest('abcdefghijklmnop', ['abcdefghijklxxxp']), 'abcdefghijklxxxp', 'long words allow three edits');
    assert.equal(closest('abcdefghijklmnop', ['abcdefghijkxxxxp']), undefined, 'never four');
  });

  test('none without candidates; ties go to the first in code-point order', () => {
    assert.equal(closest('abc', []), undefined);
    assert.equal(closest('abc', ['abd', 'abb']), 'abb');
    assert.equal(closest('abc', ['abb', 'abd']), 'abb');
  });

  test('candidates as far in length as the limit still count', () => {
    assert.equal(closest('ab', ['abc']), 'abc');
    assert.equal(closest('abcdef', ['abcdefgh']), 'abcdefgh');
    assert.equal(closest('abcdef', ['abcdefghi']), undefined);
  });

  test('words of up to 100 characters get suggestions, longer ones none', () => {
    const w = 'x'.repeat(99);
    assert.equal(closest(`${w}y`, [`${w}x`]), `${w}x`);
    assert.equal(closest(`${w}yz`, [`${w}xz`]), undefined);
  });

  test('a nearer candidate wins over an earlier one', () => {
    assert.equal(closest('networkin', ['netwxxkin', 'networking']), 'networking');
  });

  test('the candidates are not reordered in place', () => {
    const candidates = ['b', 'a'];
    closest('a', candidates);
    assert.deepEqual(candidates, ['b', 'a']);
  });
});

const DOC = [
  'a:', // 1
  '  b: 1', // 2
  '  list:', // 3
  '    - x', // 4
  '    - {k: v}', // 5
  '  empty:', // 6
  '  anchor: &ref {inner: 2}', // 7
  '  alias: *ref', // 8
  '"quoted key": 3', // 9
  '5: five', // 10
  '',
].join('\n');

describe('locate and positionOf', () => {
  const t = parsed(DOC);
  const pos = (path: (string | number)[], anchor: 'key' | 'value' = 'value') => {
    const { line, col } = positionOf(t.doc, t.lineCounter, path, anchor);
    return `${line}:${col}`;
  };

  test('values and keys of nested maps', () => {
    assert.equal(pos(['a', 'b']), '2:6');
    assert.equal(pos(['a', 'b'], 'key'), '2:3');
    assert.equal(pos(['a']), '2:3');
    assert.equal(pos(['a'], 'key'), '1:1');
    assert.equal(pos([]), '1:1');
  });

  test('sequence items by index; a key inside a sequence item', () => {
    assert.equal(pos(['a', 'list', 0]), '4:7');
    assert.equal(pos(['a', 'list', 1, 'k']), '5:11');
    assert.equal(pos(['a', 'list', 1, 'k'], 'key'), '5:8');
    assert.equal(pos(['a', 'list', 0], 'key'), '4:7', 'an item has no key: its value');
  });

  test('a missing segment stops at the deepest node reached; a key anchor then falls back to it', () => {
    assert.equal(pos(['a', 'missing']), '2:3');
    assert.equal(pos(['a', 'missing'], 'key'), '2:3');
    assert.equal(pos(['a', 'list', 2]), '4:5', 'index past the end');
    assert.equal(pos(['a', 'list', 'x']), '4:5', 'a key on a sequence');
    assert.equal(pos(['a', 'b', 'deeper']), '2:6', 'a segment below a scalar');
    assert.equal(pos(['a', 'b', 'deeper'], 'key'), '2:6');
  });

  test('an empty value points just after the colon of its key', () => {
    assert.equal(pos(['a', 'empty']), '6:9');
    assert.equal(locate(t.doc, ['a', 'empty', 'below']).depth, 2);
  });

  test('a key without any value node ({b} in a flow map) points at the key, and counts as resolved', () => {
    const flow = parsed('a: {b, c: 1}\n');
    assert.deepEqual(positionOf(flow.doc, flow.lineCounter, ['a', 'b']), { line: 1, col: 5 });
    assert.deepEqual(positionOf(flow.doc, flow.lineCounter, ['a', 'b'], 'key'), { line: 1, col: 5 });
    const found = locate(flow.doc, ['a', 'b', 'deeper']);
    assert.equal(found.depth, 2);
    assert.equal(found.node, found.key);
    assert.equal(String((found.key as unknown as { value: unknown }).value), 'b');
    assert.deepEqual(positionOf(flow.doc, flow.lineCounter, ['a', 'c']), { line: 1, col: 11 });
  });

  test('aliases are followed to the anchored node', () => {
    assert.equal(pos(['a', 'alias', 'inner']), '7:24');
    assert.equal(pos(['a', 'alias', 'inner'], 'key'), '7:17');
    assert.equal(pos(['a', 'alias']), '7:16', 'the alias itself resolves to the anchored map');
  });

  test('keys that are not plain identifiers and numeric keys', () => {
    assert.equal(pos(['quoted key']), '9:15');
    assert.equal(pos(['quoted key'], 'key'), '9:1');
    assert.equal(pos([5]), '10:4', 'a number segment matches a map key of that text');
  });

  test('locate reports how deep the path resolved, and the last key', () => {
    const full = locate(t.doc, ['a', 'list', 1, 'k']);
    assert.equal(full.depth, 4);
    assert.equal(String((full.key as unknown as { value: unknown }).value), 'k');
    const item = locate(t.doc, ['a', 'list', 1]);
    assert.equal(item.depth, 3);
    assert.equal(item.key, null, 'a sequence item has no key');
    const partial = locate(t.doc, ['a', 'nope', 'x']);
    assert.equal(partial.depth, 1);
    assert.equal(partial.key, null);
  });

  test('a document that is a scalar or empty resolves nothing', () => {
    const scalarDoc = parsed('just text\n');
    assert.deepEqual(positionOf(scalarDoc.doc, scalarDoc.lineCounter, ['a']), { line: 1, col: 1 });
    assert.equal(locate(scalarDoc.doc, ['a']).depth, 0);
  });
});

describe('locate: what a path segment can match', () => {
  test('a string segment never indexes a sequence, a number never names a missing key', () => {
    const t = parsed('list:\n  - a\n  - b\n');
    assert.equal(locate(t.doc, ['list', 1]).depth, 2);
    assert.equal(locate(t.doc, ['list', '1']).depth, 1, 'the text "1" is not an index');
    assert.deepEqual(positionOf(t.doc, t.lineCounter, ['list', '1']), { line: 2, col: 3 });
  });

  test('a number segment below a scalar stops there', () => {
    const t = parsed('a: text\n');
    assert.deepEqual(locate(t.doc, ['a', 0]).depth, 1);
    assert.deepEqual(positionOf(t.doc, t.lineCounter, ['a', 0]), { line: 1, col: 4 });
  });

  test('a key that is a collection never matches a segment, whatever its text', () => {
    const doc = parseDocument('a:\n  ? [x]\n  : 1\n  undefined: 2\n');
    const lc = new LineIndex('a:\n  ? [x]\n  : 1\n  undefined: 2\n');
    assert.deepEqual(positionOf(doc, lc, ['a', 'undefined']), { line: 4, col: 14 });
    assert.deepEqual(positionOf(doc, lc, ['a', '[object Object]']), { line: 2, col: 3 }, 'not found: the map');
  });

  test('an empty document places every path at 1:1', () => {
    const doc = parseDocument('');
    assert.equal(doc.contents, null);
    assert.deepEqual(positionOf(doc, new LineIndex(''), ['a', 'b']), { line: 1, col: 1 });
    assert.deepEqual(positionOf(doc, new LineIndex(''), ['a'], 'key'), { line: 1, col: 1 });
  });
});

describe('abbreviate', () => {
  test('quoted values of up to 80 characters are kept; longer ones are cut to 60 and an ellipsis', () => {
    const q80 = `"${'x'.repeat(80)}"`;
    assert.equal(abbreviate(`value ${q80} here`), `value ${q80} here`);
    assert.equal(abbreviate(`value "${'y'.repeat(81)}" here`), `value "${'y'.repeat(60)}…" here`);
    assert.equal(abbreviate(`"${'a'.repeat(100)}" and "${'b'.repeat(90)}"`), `"${'a'.repeat(60)}…" and "${'b'.repeat(60)}…"`);
  });

  test('escaped quotes stay inside the quoted value', () => {
    const inner = `${'x'.repeat(50)}\\"${'z'.repeat(50)}`;
    assert.equal(abbreviate(`"${inner}"`), `"${inner.slice(0, 60)}…"`);
  });

  test('other words of more than 160 characters are cut to 120 and an ellipsis; spaces are never cut', () => {
    assert.equal(abbreviate(`a ${'w'.repeat(160)} b`), `a ${'w'.repeat(160)} b`);
    assert.equal(abbreviate(`a ${'w'.repeat(161)} b`), `a ${'w'.repeat(120)}… b`);
    const spaced = `a${' '.repeat(200)}b`;
    assert.equal(abbreviate(spaced), spaced);
    assert.equal(abbreviate('short message'), 'short message');
  });

  test('problems are abbreviated in path, message and hint', () => {
    const long = `a.${'k'.repeat(100)}`;
    const t = parsed(`labels:\n  "${long}": x\n`);
    const r = new Reporter(t);
    r.error('r', ['labels', long], `bad key "${long}"`, { hint: `rename "${long}"` });
    const [p] = r.problems;
    assert.equal(p!.path, `labels["${long.slice(0, 60)}…"]`);
    assert.equal(p!.message, `bad key "${long.slice(0, 60)}…"`);
    assert.equal(p!.hint, `rename "${long.slice(0, 60)}…"`);
    assert.deepEqual([p!.line, p!.col], [2, 109], 'positioned at the value, found by the full key');
  });
});

describe('Reporter', () => {
  test('positions problems from the source, with path, rule, severity and hint', () => {
    const t = parsed(DOC);
    const r = new Reporter(t);
    r.error('rule-a', ['a', 'b'], 'value problem', { hint: 'h' });
    r.warning('rule-b', ['a', 'b'], 'key problem', { anchor: 'key' });
    r.error('rule-c', ['a', 'missing'], 'elsewhere', { at: ['a', 'list', 1, 'k'] });
    r.report('warning', 'rule-d', ['quoted key'], 'via report');
    assert.deepEqual(r.problems, [
      { severity: 'error', file: 'topologies/c/topology.yaml', line: 2, col: 6, path: 'a.b', message: 'value problem', rule: 'rule-a', hint: 'h' },
      { severity: 'warning', file: 'topologies/c/topology.yaml', line: 2, col: 3, path: 'a.b', message: 'key problem', rule: 'rule-b' },
      { severity: 'error', file: 'topologies/c/topology.yaml', line: 5, col: 11, path: 'a.missing', message: 'elsewhere', rule: 'rule-c' },
      { severity: 'warning', file: 'topologies/c/topology.yaml', line: 9, col: 15, path: '["quoted key"]', message: 'via report', rule: 'rule-d' },
    ]);
    assert.equal('hint' in r.problems[1]!, false);
  });

  test('through a provenance: places, paths and second places in the file that wrote each value', () => {
    const own = parsed('spec:\n  a: 1\n  list: [x, y]\n');
    const other = parseTopology({ cluster: '', file: 'topologies/_profiles/p.yaml' }, 'spec:\n  b:\n    c: 2\n');
    assert.ok(other.ok);
    const origin = { src: 0, path: [], children: new Map([['spec', { src: 0, path: ['spec'], children: new Map<string | number, Origin>([['b', { src: 1, path: ['spec', 'b'] }]]) }]]) };
    const r = new Reporter(own, { sources: [own, other.topology], origin });
    assert.deepEqual(r.place(['spec', 'b', 'c']), { file: 'topologies/_profiles/p.yaml', line: 3, col: 8, path: 'spec.b.c' });
    assert.deepEqual(r.place(['spec', 'a'], 'key'), { file: 'topologies/c/topology.yaml', line: 2, col: 3, path: 'spec.a' });
    r.error('x', ['spec', 'b', 'missing'], 'm', { at: ['spec', 'b'] });
    r.reportIn(1, 'warning', 'y', ['spec', 'b'], 'n', { anchor: 'key', hint: 'h' });
    assert.deepEqual(
      r.problems.map((p) => [p.file, p.line, p.col, p.path, p.severity, p.rule, p.hint]),
      [
        ['topologies/_profiles/p.yaml', 3, 5, 'spec.b.missing', 'error', 'x', undefined],
        ['topologies/_profiles/p.yaml', 2, 3, 'spec.b', 'warning', 'y', 'h'],
      ],
    );
    assert.equal(r.lineOf(['spec', 'b', 'c']), '3 of topologies/_profiles/p.yaml', "another file than the document's own");
    assert.equal(r.lineOf(['spec', 'b', 'c'], ['spec', 'b']), '3', "the file of the problem's own path");
    assert.equal(r.lineOf(['spec', 'list', 1], ['spec', 'b']), '3 of topologies/c/topology.yaml');
  });

  test('lineOf gives the line of a value', () => {
    const r = new Reporter(parsed(DOC));
    assert.equal(r.lineOf(['a', 'list', 1]), '5');
    assert.equal(r.lineOf(['a', 'b']), '2');
  });
});
