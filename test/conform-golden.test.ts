// Every resource the golden fixtures emit (test/fixtures/golden/*/expected/overlays/**, kustomization.yaml
// excepted) validates clean against both builtin schema sets: schema, defaults, ObjectMeta and every CEL rule
// it reaches. Control-plane DataPlane/ClusterDataPlane/Environment objects are server-side-apply partials.
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { BUILTIN_SETS, validateObject } from '../generator/conform/index.js';
import { builtin, formatFinding, readYaml } from './conform-helpers.js';
import { FIXTURES } from './helpers.js';

const GOLDEN = join(FIXTURES, 'golden');
const PARTIAL_KINDS = new Set(['DataPlane', 'ClusterDataPlane', 'Environment']);

function resourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const full = join(dir, n);
      if (statSync(full).isDirectory()) return resourceFiles(full);
      return n.endsWith('.yaml') && n !== 'kustomization.yaml' ? [full] : [];
    });
}

describe('golden output conforms to both schema sets', () => {
  const files = readdirSync(GOLDEN)
    .sort()
    .flatMap((c) => resourceFiles(join(GOLDEN, c, 'expected', 'overlays')));

  test('there are emitted resources of the kinds gwtopo renders', () => {
    const kinds = new Set(files.flatMap((f) => readYaml(f).map((o) => (o as { kind: string }).kind)));
    for (const k of ['Gateway', 'GatewayParameters', 'EnvoyProxy', 'NginxProxy', 'DataPlane', 'Environment', 'ApplicationSet', 'Kustomization', 'GitRepository']) {
      assert.ok(kinds.has(k), k);
    }
  });

  for (const setName of BUILTIN_SETS) {
    test(setName, () => {
      const set = builtin(setName);
      const problems: string[] = [];
      for (const file of files) {
        for (const object of readYaml(file)) {
          const kind = (object as { kind?: unknown }).kind;
          const partial = file.includes('/control-plane/') && PARTIAL_KINDS.has(String(kind));
          for (const f of validateObject(set, object, { partial })) problems.push(`${relative(GOLDEN, file)}: ${formatFinding(f)}`);
        }
      }
      assert.deepEqual(problems, []);
    });
  }
});
