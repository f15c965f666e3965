// gwtopo import (contract §14) through the real executable: captures of OpenChoreo's real objects → a topology
// whose generate reproduces every managed field of the captured Gateways and parameters and every captured
// registration, with a warning naming object and field for everything else; never over an existing topology.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { FIXTURES, problemLines, spawnCli, tempRepo } from './helpers.js';

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
