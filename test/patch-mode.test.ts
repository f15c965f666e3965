// Patch mode: the control-plane overlay is the user's own base (full DataPlane/Environment objects kept in
// git, laid out like OpenChoreo's sample GitOps repository) with strategic-merge patches that set only
// spec.gateway. kubectl kustomize must yield the base objects with exactly the gateway fields merged.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { copyTree, FIXTURES, removeTemp, requirement, run, tempRepo, which, writeFiles } from './helpers.js';

const CASE = join(FIXTURES, 'golden', 'patch-mode');
const BASE = 'namespaces/default/platform/infra/environments';

function patchRepo(): string {
  const root = tempRepo();
  for (const entry of readdirSync(CASE)) if (entry !== 'expected' && statSync(join(CASE, entry)).isDirectory()) copyTree(join(CASE, entry), root, entry);
  return root;
}

type Raw = Record<string, any>;
const docs = (text: string): Raw[] => parseAllDocuments(text).map((d) => d.toJS() as Raw);
const key = (o: Raw): string => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const withoutGateway = (o: Raw): Raw => ({ ...o, spec: Object.fromEntries(Object.entries(o.spec ?? {}).filter(([k]) => k !== 'gateway')) });

describe('patch mode', () => {
  const kubectl = requirement(which('kubectl'), 'kubectl is not on PATH (the patch-mode kustomize test needs it)');
  test('kubectl kustomize yields the base objects with exactly spec.gateway merged, and gwtopo build the same', { skip: kubectl }, async () => {
    const root = patchRepo();
    try {
      assert.equal((await run(['generate'], root)).code, 0);
      const built = docs(execFileSync('kubectl', ['kustomize', join(root, 'overlays/sample/control-plane')], { encoding: 'utf8' }));
      const base = readdirSync(join(root, BASE))
        .filter((f) => f !== 'kustomization.yaml')
        .flatMap((f) => docs(readFileSync(join(root, BASE, f), 'utf8')));
      const patches = readdirSync(join(root, 'overlays/sample/control-plane'))
        .filter((f) => f !== 'kustomization.yaml')
        .flatMap((f) => docs(readFileSync(join(root, 'overlays/sample/control-plane', f), 'utf8')));
      assert.deepEqual(built.map(key).sort(), base.map(key).sort(), 'the same objects as the base');
      for (const object of built) {
        const original = base.find((b) => key(b) === key(object))!;
        assert.deepEqual(withoutGateway(object), withoutGateway(original), `${key(object)}: nothing but spec.gateway changed`);
        const patch = patches.find((p) => key(p) === key(object));
        assert.deepEqual(object.spec.gateway, patch?.spec.gateway, `${key(object)}: spec.gateway is the patch's`);
      }
      const stream = await run(['build', 'sample', '--plane', 'control-plane'], root);
      assert.equal(stream.code, 0);
      assert.deepEqual(
        docs(stream.stdout).sort((a, b) => (key(a) < key(b) ? -1 : 1)),
        [...built].sort((a, b) => (key(a) < key(b) ? -1 : 1)),
        'gwtopo build = kubectl kustomize',
      );
    } finally {
      removeTemp(root);
    }
  });

  test('patches carry no server-side-apply annotations and only spec.gateway', async () => {
    const dir = join(CASE, 'expected/overlays/sample/control-plane');
    for (const f of readdirSync(dir).filter((f) => f !== 'kustomization.yaml')) {
      const [patch] = docs(readFileSync(join(dir, f), 'utf8'));
      assert.deepEqual(Object.keys(patch!.metadata), ['name', 'namespace']);
      assert.deepEqual(Object.keys(patch!.spec), ['gateway']);
    }
  });

  test('a registration the base holds and the topology does not declare is kept by the merge: a warning says so', async () => {
    const root = patchRepo();
    try {
      const staging = readFileSync(join(root, BASE, 'staging.yaml'), 'utf8');
      writeFiles(root, { [`${BASE}/staging.yaml`]: `${staging}  gateway:\n    ingress:\n      external: {name: old-edge, namespace: openchoreo-data-plane}\n` });
      const r = await run(['generate'], root);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(
        r.stderr,
        'topologies/sample/topology.yaml:10:11: warning: spec.controlPlane.base: the base\'s Environment staging registers gateway "old-edge" at spec.gateway.ingress.external, which no gateway of this topology takes: the strategic merge keeps it [patch-base-kept]\n' +
          '  hint: declare that gateway here (managed: false registers it without rendering it), or remove spec.gateway.ingress.external from the base\n' +
          // production still overrides ingress alone; staging's base Environment keeps old-edge for ingress.external, so the merged staging is complete
          'topologies/sample/topology.yaml:19:20: warning: spec.gateways[0].environment: gateway "gateway-production" gives environment "production" an ingress slot of its own, so OpenChoreo resolves its endpoint URLs from the Environment\'s spec.gateway alone; this topology registers no data-plane gateway, so gwtopo has no ingress internal gateway of the data plane to copy onto it: if the data plane has one, the internal, namespace and project endpoint URLs of production will be missing [environment-override]\n' +
          "  hint: declare the data plane's gateways here (managed: false registers an existing one, such as the chart's gateway-default, without rendering it): gwtopo then copies them onto the Environment\n",
      );
    } finally {
      removeTemp(root);
    }
  });

  test("the base's namespace and name transformers decide what an object is called", async () => {
    const root = patchRepo();
    try {
      writeFiles(root, { [`${BASE}/kustomization.yaml`]: 'namespace: team-a\nnamePrefix: acme-\nresources: [development.yaml, staging.yaml, production.yaml]\n' });
      const r = await run(['validate'], root);
      assert.equal(r.code, 2);
      assert.match(
        r.stderr,
        /the base holds no Environment production \(namespace default\), which gateways "gateway-production" register on \[patch-base\]\n {2}hint: it holds: Environment acme-development \(namespace team-a\), Environment acme-staging \(namespace team-a\), Environment acme-production \(namespace team-a\)/,
      );
      const topology = readFileSync(join(root, 'topologies/sample/topology.yaml'), 'utf8')
        .replace('    - name: staging\n    - name: production\n', '    - {name: acme-staging, namespace: team-a}\n    - {name: acme-production, namespace: team-a}\n')
        .replaceAll('environment: production', 'environment: acme-production')
        .replaceAll('environment: staging', 'environment: acme-staging');
      writeFiles(root, { 'topologies/sample/topology.yaml': topology });
      const ok = await run(['generate'], root);
      assert.equal(ok.code, 0, ok.stderr);
    } finally {
      removeTemp(root);
    }
  });
});
