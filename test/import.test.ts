// gwtopo import (contract §14) through the real executable: captures of OpenChoreo's real objects → a topology
// whose generate reproduces every managed field of the captured Gateways and parameters and every captured
// registration, with a warning naming object and field for everything else; never over an existing topology.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { MODULES } from '../generator/topology/modules/index.js';
import { PLAIN_STYLE, toYamlText, validTopology } from './arbitraries.js';
import { FIXTURES, problemLines, run, spawnCli, tempRepo } from './helpers.js';

const IMPORT = join(FIXTURES, 'import');

/** A temp repository holding topologies/ and the fixture's capture files. */
function repoWith(fixture: string, files: string[]): string {
  const root = tempRepo({ 'topologies/.keep': '' });
  for (const f of files) copyFileSync(join(IMPORT, fixture, f), join(root, f));
  return root;
}

type Obj = Record<string, unknown> & { kind: string; metadata: { name: string; namespace?: string } };

/** Every object of a capture file (List items one by one). */
function objects(path: string): Obj[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).flatMap((d) => {
    const o = d.toJS() as Obj | null;
    if (o === null) return [];
    return o.kind === 'List' ? ((o as unknown as { items: Obj[] }).items ?? []) : [o];
  });
}

const get = (o: unknown, ...path: string[]): unknown => path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);

describe('gwtopo import: the topology page on k3d (kgateway: Gateway + GatewayParameters + DataPlane/Environment registrations)', () => {
  test('writes the topology: gateway-default managed: false, the parameters keep their name, websocket false with a warning', () => {
    const root = repoWith('page-k3d', ['data-plane.yaml', 'control-plane.yaml']);
    const r = spawnCli(['import', 'data-plane.yaml', 'control-plane.yaml', '--cluster', 'k3d-local'], root);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^created topologies\/k3d-local\/topology\.yaml: 3 gateways \(2 managed, 1 managed: false\)$/m);
    const text = readFileSync(join(root, 'topologies/k3d-local/topology.yaml'), 'utf8');
    assert.match(text, /# Gateway openchoreo-data-plane\/gateway-default, captured at data-plane\.yaml:\d+; installed by OpenChoreo's data-plane Helm chart/);
    assert.match(text, /# registered on DataPlane default\/default gateway\.ingress\.internal, captured at control-plane\.yaml:\d+/);
    assert.match(text, /- name: gateway-default\n {6}direction: ingress\n {6}networking: external\n {6}scope: dataplane\n {6}managed: false\n/);
    assert.match(text, /parametersName: internal-gateway-params\n/);
    assert.match(text, /provider: k3d/);
    assert.match(text, /scope: environment\n {6}environment: production\n {6}websocket: false\n/);
    const lines = problemLines(r.stderr);
    assert.ok(
      lines.some((l) =>
        /^data-plane\.yaml:\d+:\d+: warning: Gateway\/gateway-internal: metadata\.name: no ListenerPolicy or HTTPListenerPolicy enables WebSocket upgrades on it: imported with websocket: false \[import-websocket\]$/.test(
          l,
        ),
      ),
      r.stderr,
    );
    // The page's Gateways lack the system-component label gwtopo always renders: named, field and object.
    assert.ok(
      lines.some((l) => /^data-plane\.yaml:\d+:\d+: warning: Gateway\/gateway-internal: spec\.infrastructure\.labels: does not round-trip/.test(l)),
      r.stderr,
    );
  });

  test('generate renders the captured Gateways, the GatewayParameters and the registrations', () => {
    const root = repoWith('page-k3d', ['data-plane.yaml', 'control-plane.yaml']);
    assert.equal(spawnCli(['import', 'data-plane.yaml', 'control-plane.yaml', '--cluster', 'k3d-local'], root).code, 0);
    const g = spawnCli(['generate'], root);
    assert.equal(g.code, 0, g.stderr);
    const captured = [...objects(join(root, 'data-plane.yaml')), ...objects(join(root, 'control-plane.yaml'))];
    const find = (kind: string, name: string): Obj => captured.find((o) => o.kind === kind && o.metadata.name === name)!;
    const out = (file: string): Obj => objects(join(root, 'overlays/k3d-local', file))[0]!;
    // Every managed field of the Gateways and parameters, as captured (the system-component label aside: warned).
    const internal = out('data-plane/gateway-internal.gateway.yaml');
    assert.deepEqual(get(internal, 'spec', 'listeners'), [{ name: 'http', port: 9080, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }]);
    assert.deepEqual(get(internal, 'spec', 'infrastructure', 'parametersRef'), get(find('Gateway', 'gateway-internal'), 'spec', 'infrastructure', 'parametersRef'));
    assert.deepEqual(get(out('data-plane/internal-gateway-params.gatewayparameters.yaml'), 'spec'), get(find('GatewayParameters', 'internal-gateway-params'), 'spec'));
    assert.deepEqual(get(out('data-plane/gateway-production.gateway.yaml'), 'spec', 'listeners'), get(find('Gateway', 'gateway-production'), 'spec', 'listeners'));
    assert.equal(existsSync(join(root, 'overlays/k3d-local/data-plane/gateway-default.gateway.yaml')), false);
    // The same registrations: the DataPlane's spec.gateway whole, and the Environment's own slot.
    assert.deepEqual(get(out('control-plane/default.dataplane.yaml'), 'spec', 'gateway'), get(find('DataPlane', 'default'), 'spec', 'gateway'));
    assert.deepEqual(get(out('control-plane/production.environment.yaml'), 'spec', 'gateway', 'ingress', 'external'), get(find('Environment', 'production'), 'spec', 'gateway', 'ingress', 'external'));
  });

  test('never overwrites a topology: exit 2, the file unchanged', () => {
    const root = repoWith('page-k3d', ['data-plane.yaml', 'control-plane.yaml']);
    assert.equal(spawnCli(['import', 'data-plane.yaml', 'control-plane.yaml', '--cluster', 'k3d-local'], root).code, 0);
    const before = readFileSync(join(root, 'topologies/k3d-local/topology.yaml'), 'utf8');
    const again = spawnCli(['import', 'data-plane.yaml', 'control-plane.yaml', '--cluster', 'k3d-local'], root);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /topologies\/k3d-local\/topology\.yaml:1:1: error: exists already; gwtopo import never overwrites a topology \[topology-exists\]/);
    assert.equal(readFileSync(join(root, 'topologies/k3d-local/topology.yaml'), 'utf8'), before);
  });
});

// ---------------------------------------------------------------------------------------------------
// The round trip as a property: for random valid topologies, render → capture (the rendered objects as the cluster
// holds them, with the data plane and each Environment's dataPlaneRef that the live objects carry) → import →
// render gives the same objects.

/** The rendered objects of a cluster's overlays, by plane/kind/namespace/name (kustomization files aside). */
function renderedObjects(root: string, cluster: string): Map<string, Obj> {
  const out = new Map<string, Obj>();
  for (const plane of ['data-plane', 'control-plane']) {
    const dir = join(root, 'overlays', cluster, plane);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) {
      if (f === 'kustomization.yaml') continue;
      for (const o of objects(join(dir, f))) out.set(`${plane}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o);
    }
  }
  return out;
}

const CONTROLLER: Record<string, string> = {
  kgateway: 'kgateway.dev/kgateway',
  'envoy-gateway': 'gateway.envoyproxy.io/gatewayclass-controller',
  'nginx-gateway-fabric': 'gateway.nginx.org/nginx-gateway-controller',
  istio: 'istio.io/gateway-controller',
  cilium: 'io.cilium/gateway-controller',
  traefik: 'traefik.io/gateway-controller',
  kong: 'konghq.com/kic-gateway-controller',
};

/** What the cluster would return for these objects: control-plane objects as full objects (the data plane, dataPlaneRef). */
function captureOf(doc: Record<string, unknown>, rendered: Map<string, Obj>): string {
  const spec = (doc.spec ?? {}) as Record<string, unknown>;
  const dp = (spec.dataPlane ?? {}) as { kind?: string; name?: string; namespace?: string };
  const kind = dp.kind ?? 'DataPlane';
  const name = dp.name ?? 'default';
  const items: Obj[] = [];
  let planeSeen = false;
  for (const [key, o] of rendered) {
    const copy = JSON.parse(JSON.stringify(o)) as Obj;
    if (key.startsWith('control-plane/')) {
      // The engines' sync annotations belong to the partials, not to the live objects.
      delete (copy.metadata as Record<string, unknown>).annotations;
      if (copy.kind === kind) planeSeen = true;
      if (copy.kind === 'Environment') (copy as Record<string, unknown>).spec = { ...(copy.spec as object), dataPlaneRef: { kind, name } };
    }
    items.push(copy);
  }
  // The cluster's GatewayClasses, each naming its implementation's controller.
  const classes = new Map<string, string>();
  for (const g of (spec.gateways ?? []) as Record<string, unknown>[]) {
    const module = String(g.module ?? spec.module ?? 'kgateway');
    classes.set(String(g.gatewayClassName ?? MODULES[module as keyof typeof MODULES].defaultGatewayClass), CONTROLLER[module]!);
  }
  for (const [name, controllerName] of classes) items.push({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name }, spec: { controllerName } } as Obj);
  if (!planeSeen) items.push({ apiVersion: 'openchoreo.dev/v1alpha1', kind, metadata: { name, ...(kind === 'DataPlane' ? { namespace: dp.namespace ?? 'default' } : {}) }, spec: {} } as Obj);
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 1);
}

describe('gwtopo import: render → capture → import → render gives the same objects (property)', () => {
  test('random valid topologies of the kgateway, Envoy Gateway, NGINX, Istio, Traefik and Kong modules', async () => {
    let imported = 0;
    await fc.assert(
      fc.asyncProperty(validTopology(fc.constant('c')), async (t) => {
        const doc = t.doc as Record<string, unknown>;
        const spec = doc.spec as Record<string, unknown>;
        const gateways = spec.gateways as Record<string, unknown>[];
        // Cilium's Service type lives in its GatewayClass configuration (spec.gatewayClasses), which no captured object holds.
        const modules = new Set([spec.module ?? 'kgateway', ...gateways.map((g) => g.module).filter((m) => m !== undefined)]);
        // A DataPlane serves the Environments of its own namespace only (OpenChoreo resolves dataPlaneRef there): a topology
        // naming Environments elsewhere describes no cluster there is to capture.
        const planeRef = (spec.dataPlane ?? {}) as { kind?: string; namespace?: string };
        const envs = (spec.environments ?? []) as { namespace?: string }[];
        const reachable = planeRef.kind === 'ClusterDataPlane' || envs.every((e) => (e.namespace ?? 'default') === (planeRef.namespace ?? 'default'));
        fc.pre(gateways.length > 0 && !modules.has('cilium') && reachable);
        const a = tempRepo({ 'topologies/c/topology.yaml': toYamlText(t.doc, PLAIN_STYLE) });
        const generated = await run(['generate'], a);
        assert.equal(generated.code, 0, generated.stderr);
        const before = renderedObjects(a, 'c');
        const b = tempRepo({ 'topologies/.keep': '', 'capture.json': captureOf(doc, before) });
        const dataPlane = (spec.dataPlane ?? {}) as { kind?: string; name?: string; namespace?: string };
        const ref = dataPlane.kind === 'ClusterDataPlane' ? `ClusterDataPlane/${dataPlane.name ?? 'default'}` : `DataPlane/${dataPlane.namespace ?? 'default'}/${dataPlane.name ?? 'default'}`;
        const r = await run(['import', 'capture.json', '--cluster', 'c', '--provider', String(spec.provider ?? 'generic'), '--data-plane', ref], b);
        assert.equal(r.code, 0, r.stderr);
        assert.doesNotMatch(r.stderr, /\[import-(invalid|round-trip|listener|registration|unregistered)\]/, `${r.stderr}\n${readFileSync(join(b, 'topologies/c/topology.yaml'), 'utf8')}`);
        const again = await run(['generate'], b);
        assert.equal(again.code, 0, again.stderr);
        const after = renderedObjects(b, 'c');
        // Patch mode's partials carry no engine annotations; import writes apply mode: compare without them.
        const strip = (m: Map<string, Obj>): Record<string, unknown> =>
          Object.fromEntries([...m].map(([k, o]) => [k, k.startsWith('control-plane/') ? { ...o, metadata: { ...o.metadata, annotations: undefined } } : o]));
        assert.deepEqual(JSON.parse(JSON.stringify(strip(after))), JSON.parse(JSON.stringify(strip(before))), readFileSync(join(b, 'topologies/c/topology.yaml'), 'utf8'));
        imported++;
      }),
      { numRuns: Number(process.env.GWTOPO_IMPORT_RUNS ?? 60), seed: Number(process.env.GWTOPO_FUZZ_SEED ?? 20261207), includeErrorInReport: true },
    );
    assert.ok(imported >= 30, `${imported} topologies imported`);
  });
});
