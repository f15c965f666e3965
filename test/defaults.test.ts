// Output is a fixed point of API-server defaulting (contract §12): every object gwtopo writes, and the spec.gateway
// of every control-plane partial, already holds every default its CRD would add, under the cluster's own schema
// set — so applying the defaults again changes nothing. Checked for the golden fixtures (every module, every
// provider, every listener kind, scopes and slots, profiles, patch mode, the Argo CD and Flux objects) under both
// shipped schema sets, and for random valid repositories (fast-check, seeded).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parse } from 'yaml';
import { withDefaults } from '../generator/conform/defaults.js';
import { BUILTIN_SETS, loadBuiltinSet, type SchemaSet } from '../generator/conform/index.js';
import { runPipeline } from '../generator/pipeline/run.js';
import type { OutputFile } from '../generator/serialize/files.js';
import type { CrdsConfig } from '../generator/topology/config.js';
import type { Resource } from '../generator/topology/resource.js';
import { PLAIN_STYLE, toYamlText, validRepo } from './arbitraries.js';
import { FIXTURES, removeTemp, tempRepo } from './helpers.js';

const GOLDEN = join(FIXTURES, 'golden');
const SEED = Number(process.env.GWTOPO_FUZZ_SEED ?? 20260521);

function setNamed(name: string): SchemaSet {
  const loaded = loadBuiltinSet(name);
  assert.ok(loaded.ok, name);
  return loaded.set;
}

/** gwtopo.yaml's spec.crds.default, as runPipeline passes it on: every cluster that names no set of its own. */
function defaultSet(name: string): CrdsConfig {
  return { default: { value: name, file: 'gwtopo.yaml', line: 1, col: 1, path: 'spec.crds.default' }, clusters: [] };
}

/** The rendered objects that are not fixed points: `file` and what defaulting would add, for the message. */
function notFixed(files: readonly OutputFile[], setOf: (path: string) => SchemaSet | undefined): string[] {
  const out: string[] = [];
  for (const f of files) {
    if (f.path.endsWith('/kustomization.yaml')) continue;
    const set = setOf(f.path);
    if (set === undefined) continue;
    const object = parse(f.content) as Resource;
    const partial = f.path.includes('/control-plane/');
    const again = withDefaults(set, object, partial);
    if (JSON.stringify(again) !== JSON.stringify(object)) out.push(`${f.path}: ${JSON.stringify(again)}`);
  }
  return out;
}

describe('output is a fixed point of API-server defaulting', () => {
  for (const name of BUILTIN_SETS) {
    const set = setNamed(name);
    test(`${name}: every golden fixture (modules, providers, listener kinds, scopes, profiles, patch mode, engines)`, async () => {
      let objects = 0;
      for (const fixture of readdirSync(GOLDEN)) {
        const root = join(GOLDEN, fixture);
        if (!readdirSync(root).includes('topologies')) continue;
        const result = await runPipeline(root, {}, { crds: defaultSet(name) });
        if (!result.ok) continue; // fixtures of problems (their output is not written)
        // Every cluster without a set of its own uses this one; the engine objects too.
        const setOf = (path: string): SchemaSet | undefined => {
          const cluster = path.split('/')[1]!;
          return cluster === '_gitops' || (result.sets[cluster] ?? name) === name ? set : undefined;
        };
        objects += result.files.filter((f) => setOf(f.path) !== undefined && !f.path.endsWith('/kustomization.yaml')).length;
        assert.deepEqual(notFixed(result.files, setOf), [], `${fixture} under ${name}`);
      }
      assert.ok(objects > 100, `only ${objects} objects checked`);
    });
  }

  test('random valid repositories (every module, provider and listener kind the generator draws), under both sets', async () => {
    const sets = BUILTIN_SETS.map((n) => [n, setNamed(n)] as const);
    await fc.assert(
      fc.asyncProperty(validRepo(), fc.constantFrom(...sets), async (repo, [name, set]) => {
        const files: Record<string, string> = {};
        for (const t of repo.topologies) files[`topologies/${t.cluster}/topology.yaml`] = toYamlText(t.doc, PLAIN_STYLE);
        if (repo.config !== undefined) files['gwtopo.yaml'] = toYamlText(repo.config, PLAIN_STYLE);
        const root = tempRepo(files);
        try {
          const result = await runPipeline(root, {}, { crds: defaultSet(name) });
          assert.ok(result.ok, JSON.stringify(result.problems.slice(0, 3)));
          const setOf = (path: string): SchemaSet | undefined => ((result.sets[path.split('/')[1]!] ?? name) === name || path.includes('/_gitops/') ? set : undefined);
          assert.deepEqual(notFixed(result.files, setOf), []);
        } finally {
          removeTemp(root);
        }
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});
