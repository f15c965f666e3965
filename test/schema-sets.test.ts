// The schema sets shipped in the package (schema-sets/) are exactly what scripts/build-schema-sets.ts makes
// of ../shared/crds. Without ../shared (a clone on its own) the build cannot be repeated: the test then
// rebuilds each set from its own CRD files and checks that nothing was edited by hand, and says so.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, test } from 'node:test';
import { BUILTIN_SETS } from '../generator/conform/index.js';
import { packedSetProblems, parseIndex } from '../generator/conform/schema/pack.js';
import { buildSchemaSets, SCHEMA_SETS, setSourcesDigest } from '../scripts/build-schema-sets.js';
import { SHARED } from './helpers.js';

const CRDS = join(SHARED, 'crds');

/** The files of one set, by path relative to the set. */
function setFiles(all: ReadonlyMap<string, string>, set: string): Map<string, string> {
  return new Map([...all].filter(([p]) => p.startsWith(`${set}/`)).map(([p, text]) => [p.slice(set.length + 1), text]));
}

function shippedFiles(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(relative(SCHEMA_SETS, full).split(sep).join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(SCHEMA_SETS);
  return out;
}

describe('shipped schema sets', () => {
  const shipped = shippedFiles();

  test('every builtin set is shipped with its index and provenance', () => {
    assert.ok(shipped.has('SOURCES.md'));
    for (const set of BUILTIN_SETS) assert.ok(shipped.has(`${set}/index.json`), set);
  });

  test('files are deterministic text: LF line ends and a final newline', () => {
    for (const [path, text] of shipped) {
      assert.ok(!text.includes('\r'), path);
      assert.ok(text.endsWith('\n'), path);
    }
  });

  test('the shipped sets are what the script builds from ../shared/crds', (t) => {
    if (existsSync(CRDS)) {
      const built = buildSchemaSets(CRDS);
      assert.deepEqual([...shipped.keys()].sort(), [...built.keys()].sort(), 'the files of schema-sets/ (run npm run schema-sets)');
      for (const [path, text] of built) assert.equal(shipped.get(path), text, `schema-sets/${path} differs from the build (run npm run schema-sets)`);
      for (const set of BUILTIN_SETS) assert.equal(parseIndex(shipped.get(`${set}/index.json`)!).sources, setSourcesDigest(CRDS, set));
      return;
    }
    t.diagnostic(`${CRDS} not found: the build cannot be repeated here; each shipped set is checked against the digests its index records instead`);
    for (const set of BUILTIN_SETS) {
      assert.match(parseIndex(shipped.get(`${set}/index.json`)!).sources, /^sha256:[0-9a-f]{64}$/);
      assert.deepEqual(packedSetProblems(set, setFiles(shipped, set)), []);
    }
  });

  test('a hand edit of a shipped set shows without the sources', () => {
    const files = setFiles(shipped, 'openchoreo-v1.2');
    const gateways = 'gateway.networking.k8s.io/gateways.json';
    const edited = new Map(files).set(gateways, files.get(gateways)!.replace('"gatewayClassName"', '"gatewayClass"'));
    assert.deepEqual(packedSetProblems('openchoreo-v1.2', edited), [`${gateways} does not match the digest in index.json (edited by hand?)`]);
    const extra = new Map(files).set('stray.json', '{}\n');
    assert.deepEqual(packedSetProblems('openchoreo-v1.2', extra), ["stray.json is not what the build makes of the set's CRD files"]);
  });
});
