// The conform engine against a corpus of manifests: test/fixtures/conform/cases/<kind>/<case>.yaml, one object
// per file, validated against both builtin schema sets (or the sets the header names). Header comments:
//   # sets: openchoreo-v1.1            only these builtin sets (comma-separated)
//   # crds: crds/widgets.example.com.yaml   a set made of these CRD files (relative to fixtures/conform)
//   # partial                          a server-side-apply partial object
//   # old: other.yaml                  an update from that object (relative to this file)
//   # expect: <finding>                a finding, as formatFinding prints it, in the engine's order
//   # expect[openchoreo-v1.1]: …       a finding for that set only
// A file without `expect` lines must validate clean. The findings are compared exactly (path and message).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { BUILTIN_SETS, type SchemaSet, validateObject } from '../generator/conform/index.js';
import { builtin, CONFORM_FIXTURES, fixtureSet, formatFinding, readYaml } from './conform-helpers.js';

const CASES = join(CONFORM_FIXTURES, 'cases');

interface Case {
  file: string;
  object: unknown;
  sets: { label: string; set: SchemaSet }[];
  partial: boolean;
  old?: unknown;
  expect: Map<string, string[]>;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => (statSync(join(dir, n)).isDirectory() ? yamlFiles(join(dir, n)) : n.endsWith('.yaml') ? [join(dir, n)] : []));
}

function readCase(file: string): Case {
  const text = readFileSync(file, 'utf8');
  const header = text.split('\n').filter((l) => l.startsWith('#'));
  const value = (key: string): string | undefined =>
    header
      .find((l) => l.startsWith(`# ${key}:`))
      ?.slice(key.length + 3)
      .trim();
  const docs = readYaml(file).filter((d) => d !== null);
  assert.equal(docs.length, 1, `${file}: one object per case`);
  const crds = value('crds');
  const sets =
    crds !== undefined
      ? [{ label: crds, set: fixtureSet(crds.split(',').map((s) => s.trim())) }]
      : (
          value('sets')
            ?.split(',')
            .map((s) => s.trim()) ?? [...BUILTIN_SETS]
        ).map((n) => ({ label: n, set: builtin(n) }));
  const expect = new Map<string, string[]>(sets.map((s) => [s.label, []]));
  for (const line of header) {
    const m = /^# expect(?:\[([^\]]+)\])?: (.*)$/.exec(line);
    if (m === null) continue;
    for (const s of sets) if (m[1] === undefined || m[1] === s.label) expect.get(s.label)!.push(m[2]!);
  }
  const oldFile = value('old');
  return {
    file,
    object: docs[0],
    sets,
    partial: header.some((l) => l.trim() === '# partial'),
    ...(oldFile === undefined ? {} : { old: readYaml(join(dirname(file), oldFile))[0] }),
    expect,
  };
}

describe('conform corpus', () => {
  const files = yamlFiles(CASES);
  test('the corpus has valid and invalid cases of every kind it covers', () => {
    const kinds = new Set(files.map((f) => relative(CASES, f).split('/')[0]));
    assert.ok(kinds.size >= 14, [...kinds].join(', '));
    for (const kind of kinds) {
      const mine = files.filter((f) => relative(CASES, f).startsWith(`${kind}/`)).map(readCase);
      assert.ok(
        mine.some((c) => [...c.expect.values()].every((e) => e.length === 0)),
        `${kind} has no valid case`,
      );
      assert.ok(
        mine.some((c) => [...c.expect.values()].some((e) => e.length > 0)),
        `${kind} has no invalid case`,
      );
    }
  });
  for (const file of files) {
    const name = relative(CASES, file);
    test(name, () => {
      const c = readCase(file);
      for (const { label, set } of c.sets) {
        const opts = { partial: c.partial, ...(c.old === undefined ? {} : { old: c.old }) };
        const actual = validateObject(set, c.object, opts).map(formatFinding);
        assert.deepEqual(actual, c.expect.get(label), `${name} against ${label}:\n${actual.map((l) => `# expect: ${l}`).join('\n')}`);
      }
    });
  }
});
