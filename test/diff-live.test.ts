// gwtopo diff --live (contract §14), through the real executable: a capture equal to what generate renders
// (turned into live objects: status, uid, resourceVersion, managedFields, fields other managers own) is unchanged
// everywhere; a port changed live is an update with that field; a missing object is created; a registration
// kubectl patch made that the topology does not render is an orphaned-registration note whose kubectl patch
// removes exactly that slot, gated by --fail-on destructive and acknowledged like any diff note; a capture
// without managedFields says that ownership was not checked. The captures are OpenChoreo's own objects: the
// chart's gateway-default, the installer's ClusterDataPlane default, the topology page's gateways and patches.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { CAPTURE_RULE } from '../generator/parse/capture.js';
import { copyTree, FIXTURES, type RunResult, removeTemp, spawnCli, tempRepo, writeFiles } from './helpers.js';

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const LIVE = join(FIXTURES, 'live');

/** A temp repository holding a fixture's topologies. */
function repo(fixture: 'page' | 'modules'): string {
  const root = tempRepo();
  copyTree(join(LIVE, fixture, 'topologies'), root, 'topologies');
  return root;
}

/** fieldsV1 of a value: every field of maps, lists atomic (what one manager owning all of it shows). */
function fieldsOf(value: unknown): Json {
  if (!isMap(value)) return {};
  const out: Json = { '.': {} };
  for (const [k, v] of Object.entries(value)) out[`f:${k}`] = fieldsOf(v);
  return out;
}

/**
 * A rendered object as the cluster shows it: server metadata, status, an annotation another tool owns, and
 * managedFields. Partials become whole objects: fields OpenChoreo's installer set (clusterAgent, dataPlaneRef),
 * spec.gateway owned by `slotManager` (kubectl-patch: the page's way of registering).
 */
function toLive(doc: Json, i: number, slotManager = 'kubectl-patch'): Json {
  const metadata = { ...(doc.metadata as Json) };
  const partial = doc.apiVersion === 'openchoreo.dev/v1alpha1';
  const spec = isMap(doc.spec) ? doc.spec : {};
  const managed: Json[] = [];
  let liveSpec: Json;
  if (partial) {
    const own = doc.kind === 'Environment' ? { dataPlaneRef: { kind: 'DataPlane', name: 'default' }, isProduction: false } : { clusterAgent: { clientCA: { value: 'ca' } }, planeID: 'default' };
    liveSpec = { ...own, ...spec };
    delete metadata.annotations;
    managed.push({ manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: doc.apiVersion, fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': fieldsOf(own) } });
    managed.push({ manager: slotManager, operation: 'Update', apiVersion: doc.apiVersion, fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:gateway': fieldsOf(spec.gateway) } } });
  } else {
    liveSpec = spec;
    metadata.annotations = { ...(isMap(metadata.annotations) ? metadata.annotations : {}), 'kubectl.kubernetes.io/last-applied-configuration': '{}' };
    managed.push({
      manager: 'kubectl-client-side-apply',
      operation: 'Update',
      apiVersion: doc.apiVersion,
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:metadata': fieldsOf(metadata), 'f:spec': fieldsOf(spec) },
    });
  }
  managed.push({ manager: 'some-controller', operation: 'Update', subresource: 'status', apiVersion: doc.apiVersion, fieldsType: 'FieldsV1', fieldsV1: { 'f:status': { '.': {} } } });
  return {
    apiVersion: doc.apiVersion,
    kind: doc.kind,
    metadata: {
      ...metadata,
      creationTimestamp: '2026-11-02T09:15:12Z',
      generation: 3,
      managedFields: managed,
      resourceVersion: String(1000 + i),
      uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    },
    spec: liveSpec,
    status: { conditions: [{ type: 'Ready', status: 'True', reason: 'Ready', message: '', lastTransitionTime: '2026-11-02T09:16:00Z' }] },
  };
}

/** What `gwtopo build` renders for the cluster, as a `kubectl get -o yaml` List of live objects. */
function captureOf(root: string, cluster: string, edit: (items: Json[]) => Json[] = (x) => x, slotManager?: string): string {
  const built = spawnCli(['build', cluster], root);
  assert.equal(built.code, 0, built.stderr);
  const items = parseAllDocuments(built.stdout).map((d, i) => toLive(d.toJSON() as Json, i, slotManager));
  return stringify({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: edit(items) });
}

interface LiveJson {
  command: string;
  ok: boolean;
  exitCode: number;
  problems: { severity: string; rule: string; message: string }[];
  notes: { kind: string; id: string; severity: string; acknowledged?: boolean; commands?: string[]; message: string }[];
  gate: { failOn: string; destructive: number; unacknowledged: string[] };
  resources: {
    cluster: string;
    plane: string;
    kind: string;
    namespace?: string;
    name: string;
    path: string;
    change: string;
    fields: { path: string; live?: unknown; rendered?: unknown }[];
    diff: string;
  }[];
  live: { inputs: string[]; captured: number; created: number; updated: number; unchanged: number; ownership: { checked: string[]; notChecked: string[] } };
}

function json(r: RunResult): LiveJson {
  return JSON.parse(r.stdout) as LiveJson;
}

const changes = (j: LiveJson): string[][] => j.resources.map((r) => [r.change, r.kind, r.namespace ?? '', r.name]);

describe('gwtopo diff --live', () => {
  test('a capture equal to what generate renders (as live objects): every object unchanged, no notes, exit 0', () => {
    const root = repo('page');
    try {
      writeFiles(root, { 'capture.yaml': captureOf(root, 'page') });
      const r = spawnCli(['diff', '--live', 'capture.yaml', '--fail-on', 'destructive', '--format', 'json'], root);
      assert.equal(r.code, 0, r.stderr);
      const j = json(r);
      assert.equal(j.resources.length, 7);
      assert.deepEqual(
        j.resources.filter((x) => x.change !== 'unchanged').map((x) => [x.change, x.name, x.fields]),
        [],
      );
      assert.deepEqual(j.notes, [], 'slots kubectl patch wrote that the topology renders are no orphans');
      assert.deepEqual(j.live.ownership, { checked: ['DataPlane default/default', 'Environment default/production'], notChecked: [] });
      const text = spawnCli(['diff', '--live', 'capture.yaml'], root);
      assert.equal(text.code, 0);
      assert.match(text.stdout, /^gwtopo: 7 rendered objects against 7 captured objects: 0 created, 0 updated, 7 unchanged; 0 impact notes$/m);
      assert.match(text.stdout, /^ {2}unchanged DataPlane default\/default \(overlays\/page\/control-plane\/default\.dataplane\.yaml\)$/m);
      assert.doesNotMatch(text.stdout, /ownership not checked/);
      assert.equal(spawnCli(['diff', '--live', 'capture.yaml', '--exit-code'], root).code, 0, 'nothing changes: --exit-code exits 0');
    } finally {
      removeTemp(root);
    }
  });

  test('Envoy Gateway and NGINX Gateway Fabric, the installer ClusterDataPlane default: unchanged from their own render, read from standard input', () => {
    const root = repo('modules');
    try {
      for (const cluster of ['envoy', 'nginx']) {
        const r = spawnCli(['diff', '--live', '-', '--cluster', cluster, '--format', 'json'], root, {}, captureOf(root, cluster));
        assert.equal(r.code, 0, r.stderr);
        const j = json(r);
        assert.ok(j.resources.length >= 3);
        assert.deepEqual(
          j.resources.filter((x) => x.change !== 'unchanged').map((x) => [x.name, x.fields]),
          [],
          cluster,
        );
        assert.deepEqual(j.live.inputs, ['<stdin>']);
      }
      const both = spawnCli(['diff', '--live', '-', '--cluster', 'envoy', '--format', 'json'], root, {}, captureOf(root, 'envoy'));
      assert.ok(
        json(both).resources.some((x) => x.kind === 'ClusterDataPlane' && x.name === 'default' && x.namespace === undefined && x.change === 'unchanged'),
        'the cluster-scoped ClusterDataPlane default is matched without a namespace',
      );
    } finally {
      removeTemp(root);
    }
  });

  test('defaults as in §12: a certificateRef written by hand as {name} is stored with group and kind; compared with the render, unchanged', () => {
    const root = repo('modules');
    try {
      // The topology writes only the Secret's name; the Gateway CRD defaults group "" and kind Secret on the server.
      const capture = captureOf(root, 'nginx');
      assert.match(capture, /certificateRefs:\n\s+- name: dev-tls\n\s+group: ""\n\s+kind: Secret/);
      writeFiles(root, { 'capture.yaml': capture });
      const j = json(spawnCli(['diff', '--live', 'capture.yaml', '--cluster', 'nginx', '--format', 'json'], root));
      assert.deepEqual(j.resources.find((x) => x.kind === 'Gateway' && x.name === 'gateway-development')?.change, 'unchanged');
    } finally {
      removeTemp(root);
    }
  });

  test('one port changed live: updated, with the field, its live and rendered value; fields only live are no change', () => {
    const root = repo('page');
    try {
      const capture = captureOf(root, 'page', (items) =>
        items.map((o) => {
          if (o.kind !== 'Gateway' || (o.metadata as Json).name !== 'gateway-internal') return o;
          const spec = o.spec as { listeners: Json[]; infrastructure: Json };
          // Another listener (another manager's) and an infrastructure annotation only live: merged, not changed.
          spec.listeners = [
            { ...spec.listeners[0]!, port: 9090 },
            { name: 'metrics', port: 9091, protocol: 'HTTP' },
          ];
          spec.infrastructure = { ...spec.infrastructure, annotations: { 'example.com/team': 'platform' } };
          return o;
        }),
      );
      writeFiles(root, { 'capture.yaml': capture });
      const r = spawnCli(['diff', '--live', 'capture.yaml', '--format', 'json'], root);
      assert.equal(r.code, 0, r.stderr);
      const updated = json(r).resources.filter((x) => x.change !== 'unchanged');
      assert.deepEqual(
        updated.map((x) => [x.change, x.kind, x.name, x.fields]),
        [['updated', 'Gateway', 'gateway-internal', [{ path: 'spec.listeners[name=http].port', live: 9090, rendered: 9080 }]]],
      );
      assert.match(updated[0]!.diff, /^-\s+port: 9090$/m);
      assert.match(updated[0]!.diff, /^\+\s+port: 9080$/m);
      assert.doesNotMatch(updated[0]!.diff, /metrics|example\.com\/team/, 'the diff shows what gwtopo renders, not what others own');
      const text = spawnCli(['diff', '--live', 'capture.yaml'], root);
      assert.match(
        text.stdout,
        /^ {2}updated Gateway openchoreo-data-plane\/gateway-internal \(overlays\/page\/data-plane\/gateway-internal\.gateway\.yaml\)\n {4}spec\.listeners\[name=http\]\.port: 9090 → 9080$/m,
      );
      assert.equal(spawnCli(['diff', '--live', 'capture.yaml', '--exit-code'], root).code, 1, '--exit-code: a change exits 1');
    } finally {
      removeTemp(root);
    }
  });

  test("an atomic list (a ListenerPolicy's targetRefs, no list type in its CRD) is compared whole: an extra item live is an update", () => {
    const root = repo('page');
    try {
      const capture = captureOf(root, 'page', (items) =>
        items.map((o) => {
          if (o.kind !== 'ListenerPolicy' || (o.metadata as Json).name !== 'gateway-internal-listeners') return o;
          const spec = o.spec as { targetRefs: Json[] };
          spec.targetRefs = [...spec.targetRefs, { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gateway-default' }];
          return o;
        }),
      );
      writeFiles(root, { 'capture.yaml': capture });
      const j = json(spawnCli(['diff', '--live', 'capture.yaml', '--format', 'json'], root));
      const changed = j.resources.filter((x) => x.change !== 'unchanged');
      assert.deepEqual(
        changed.map((x) => [x.kind, x.name, x.fields.map((f) => [f.path, (f.live as unknown[]).length, (f.rendered as unknown[]).length])]),
        [['ListenerPolicy', 'gateway-internal-listeners', [['spec.targetRefs', 2, 1]]]],
        'server-side apply replaces an atomic list: the sync drops gateway-default from it',
      );
    } finally {
      removeTemp(root);
    }
  });

  test('a label gwtopo adds counts as an update; a missing object is created', () => {
    const root = repo('page');
    try {
      const capture = captureOf(root, 'page', (items) =>
        items
          .filter((o) => o.kind !== 'GatewayParameters')
          .map((o) => {
            if (o.kind === 'Gateway' && (o.metadata as Json).name === 'gateway-production') delete ((o.metadata as Json).labels as Json)['app.kubernetes.io/managed-by'];
            return o;
          }),
      );
      writeFiles(root, { 'capture.yaml': capture });
      const j = json(spawnCli(['diff', '--live', 'capture.yaml', '--format', 'json'], root));
      assert.deepEqual(
        j.resources.filter((x) => x.change !== 'unchanged').map((x) => [x.change, x.kind, x.name, x.fields]),
        [
          ['updated', 'Gateway', 'gateway-production', [{ path: 'metadata.labels["app.kubernetes.io/managed-by"]', rendered: 'gwtopo' }]],
          ['created', 'GatewayParameters', 'gateway-internal-params', []],
        ],
      );
      assert.deepEqual([j.live.created, j.live.updated, j.live.unchanged], [1, 1, 5]);
    } finally {
      removeTemp(root);
    }
  });

  test('the topology page done by hand: a slot kubectl patch registered that the topology does not render is an orphaned-registration note', () => {
    const root = repo('page');
    try {
      copyTree(join(LIVE, 'page'), root, '');
      const r = spawnCli(['diff', '--live', 'capture.yaml', '--format', 'json'], root);
      assert.equal(r.code, 0, r.stderr);
      const j = json(r);
      const command = `kubectl patch dataplane default -n default --type=json -p '[{"op":"remove","path":"/spec/gateway/egress/external"}]'`;
      assert.deepEqual(
        j.notes.map((n) => [n.kind, n.id, n.severity, n.acknowledged, n.commands]),
        [['orphaned-registration', 'orphaned-registration:page/gateway-egress', 'destructive', false, [command]]],
      );
      assert.match(j.notes[0]!.message, /kubectl-patch owns it/);
      assert.deepEqual(
        changes(j),
        [
          ['updated', 'Gateway', 'openchoreo-data-plane', 'gateway-internal'],
          ['updated', 'Gateway', 'openchoreo-data-plane', 'gateway-production'],
          ['created', 'GatewayParameters', 'openchoreo-data-plane', 'gateway-internal-params'],
          ['created', 'ListenerPolicy', 'openchoreo-data-plane', 'gateway-internal-listeners'],
          ['created', 'ListenerPolicy', 'openchoreo-data-plane', 'gateway-production-listeners'],
          ['unchanged', 'DataPlane', 'default', 'default'],
          ['updated', 'Environment', 'default', 'production'],
        ],
        "the page's internal-gateway-params is another name: the Gateway's parametersRef changes, gwtopo's parameters are created",
      );
      // The command is valid shell, and its JSON patch removes exactly the orphaned slot from the captured object.
      assert.equal(spawnSync('bash', ['-n', '-c', command]).status, 0);
      const dataPlane = ((parse(readFileSync(join(root, 'capture.yaml'), 'utf8')) as { items: Json[] }).items.find((o) => o.kind === 'DataPlane') ?? {}) as Json;
      const patched = applyJsonPatch(dataPlane, patchOf(command));
      const expected = structuredClone(dataPlane) as { spec: { gateway: { egress: Json } } };
      delete expected.spec.gateway.egress.external;
      assert.deepEqual(patched, expected);
      assert.deepEqual(Object.keys((patched as { spec: { gateway: Json } }).spec.gateway).sort(), ['egress', 'ingress']);
      // Text: the note with its command, the acknowledgement line.
      const text = spawnCli(['diff', '--live', 'capture.yaml'], root);
      assert.ok(text.stdout.includes(`    run: ${command}\n`));
      assert.match(text.stdout, /^ {2}gwtopo-ack: orphaned-registration:page\/gateway-egress$/m);
    } finally {
      removeTemp(root);
    }
  });

  test('an Environment gwtopo renders no partial for: the slot kubectl patch set on it is orphaned too', () => {
    const root = repo('page');
    try {
      copyTree(join(LIVE, 'page'), root, '');
      // Production loses its dedicated gateway: gwtopo renders no Environment, the live one keeps gateway-production.
      const topology = readFileSync(join(root, 'topologies/page/topology.yaml'), 'utf8');
      writeFiles(root, { 'topologies/page/topology.yaml': topology.slice(0, topology.indexOf('    - name: gateway-production')) });
      const j = json(spawnCli(['diff', '--live', 'capture.yaml', '--format', 'json'], root));
      assert.deepEqual(
        j.notes.map((n) => [n.id, n.commands]),
        [
          ['orphaned-registration:page/gateway-egress', [`kubectl patch dataplane default -n default --type=json -p '[{"op":"remove","path":"/spec/gateway/egress/external"}]'`]],
          ['orphaned-registration:page/gateway-production', [`kubectl patch environment production -n default --type=json -p '[{"op":"remove","path":"/spec/gateway/ingress/external"}]'`]],
        ],
      );
      assert.ok(!j.resources.some((r) => r.kind === 'Environment'), 'gwtopo renders no Environment: it is not compared');
      assert.deepEqual(j.live.ownership.checked, ['DataPlane default/default', 'Environment default/production']);
    } finally {
      removeTemp(root);
    }
  });

  test("the installer's ClusterDataPlane default with an https slot the topology does not register: a listener-slot orphan, a patch without -n", () => {
    const root = repo('modules');
    try {
      copyTree(join(LIVE, 'modules'), root, '');
      const r = spawnCli(['diff', '--live', 'clusterdataplane-default.yaml', '--cluster', 'envoy', '--format', 'json'], root);
      assert.equal(r.code, 0, r.stderr);
      const j = json(r);
      const command = `kubectl patch clusterdataplane default --type=json -p '[{"op":"remove","path":"/spec/gateway/ingress/external/https"}]'`;
      assert.deepEqual(
        j.notes.map((n) => [n.id, n.commands]),
        [['orphaned-registration:envoy/gateway-default', [command]]],
      );
      assert.match(
        j.notes[0]!.message,
        /^spec\.gateway\.ingress\.external\.https of ClusterDataPlane default registers the https listener of gateway gateway-default, which the topology registers without one; kubectl-client-side-apply owns it/,
      );
      assert.equal(spawnSync('bash', ['-n', '-c', command]).status, 0);
      const captured = parse(readFileSync(join(root, 'clusterdataplane-default.yaml'), 'utf8')) as Json;
      const patched = applyJsonPatch(captured, patchOf(command)) as { spec: { gateway: { ingress: { external: Json } } } };
      assert.deepEqual(Object.keys(patched.spec.gateway.ingress.external).sort(), ['http', 'name', 'namespace'], 'only the https slot goes');
      const dp = j.resources.find((x) => x.kind === 'ClusterDataPlane')!;
      assert.deepEqual([dp.change, dp.namespace, dp.fields.map((f) => f.path)], ['updated', undefined, ['spec.gateway.ingress.internal']]);
      assert.equal(spawnCli(['diff', '--live', 'clusterdataplane-default.yaml', '--cluster', 'envoy', '--fail-on', 'destructive'], root).code, 1);
    } finally {
      removeTemp(root);
    }
  });

  test('the gate: --fail-on destructive exits 1 on an orphaned registration until it is acknowledged (--ack, --ack-file)', () => {
    const root = repo('page');
    try {
      copyTree(join(LIVE, 'page'), root, '');
      const blocked = spawnCli(['diff', '--live', 'capture.yaml', '--fail-on', 'destructive'], root);
      assert.equal(blocked.code, 1);
      assert.match(blocked.stdout, /--fail-on destructive: 1 destructive change not acknowledged/);
      const acked = spawnCli(['diff', '--live', 'capture.yaml', '--fail-on', 'destructive', '--ack', 'orphaned-registration:page/*', '--format', 'json'], root);
      assert.equal(acked.code, 0, acked.stdout);
      assert.deepEqual(json(acked).gate.unacknowledged, []);
      writeFiles(root, { 'pr.md': 'Adopting the page cluster.\n\ngwtopo-ack: orphaned-registration:page/gateway-egress\n' });
      assert.equal(spawnCli(['diff', '--live', 'capture.yaml', '--fail-on', 'destructive', '--ack-file', 'pr.md'], root).code, 0);
    } finally {
      removeTemp(root);
    }
  });

  test('a slot only the GitOps engine owns is removed by the sync: an update, not an orphan', () => {
    const root = repo('page');
    try {
      const capture = captureOf(
        root,
        'page',
        (items) =>
          items.map((o) => {
            if (o.kind !== 'DataPlane') return o;
            const gateway = (o.spec as { gateway: Json }).gateway;
            gateway.egress = { external: { name: 'gateway-egress', namespace: 'openchoreo-data-plane', http: { host: 'egress.local', listenerName: 'http', port: 8080 } } };
            const managed = (o.metadata as { managedFields: { manager: string; fieldsV1: Json }[] }).managedFields;
            managed.find((m) => m.manager === 'argocd-controller')!.fieldsV1 = { 'f:spec': { 'f:gateway': fieldsOf(gateway) } };
            return o;
          }),
        'argocd-controller',
      );
      writeFiles(root, { 'capture.yaml': capture });
      const j = json(spawnCli(['diff', '--live', 'capture.yaml', '--format', 'json'], root));
      assert.deepEqual(j.notes, []);
      const dp = j.resources.find((x) => x.kind === 'DataPlane')!;
      assert.equal(dp.change, 'updated');
      assert.deepEqual(dp.fields, [
        { path: 'spec.gateway.egress.external', live: { name: 'gateway-egress', namespace: 'openchoreo-data-plane', http: { host: 'egress.local', listenerName: 'http', port: 8080 } } },
      ]);
      assert.match(dp.diff, /^-\s+egress:$/m);
    } finally {
      removeTemp(root);
    }
  });

  test('without managedFields: no orphan notes, and one line says ownership was not checked and how to capture', () => {
    const root = repo('page');
    try {
      const page = parse(readFileSync(join(LIVE, 'page', 'capture.yaml'), 'utf8')) as { items: Json[] };
      for (const o of page.items) delete (o.metadata as Json).managedFields;
      writeFiles(root, { 'capture.yaml': stringify(page) });
      const r = spawnCli(['diff', '--live', 'capture.yaml', '--fail-on', 'destructive'], root);
      assert.equal(r.code, 0, 'no notes, nothing to acknowledge');
      const lines = r.stdout.split('\n').filter((l) => l.includes('ownership'));
      assert.deepEqual(lines, [
        'gwtopo: registration ownership not checked for DataPlane default/default, Environment default/production: the capture has no managedFields, so orphaned registrations cannot be found (capture with kubectl get … --show-managed-fields -o yaml)',
      ]);
      const j = json(spawnCli(['diff', '--live', 'capture.yaml', '--format', 'json'], root));
      assert.deepEqual(j.notes, []);
      assert.deepEqual(j.live.ownership, { checked: [], notChecked: ['DataPlane default/default', 'Environment default/production'] });
    } finally {
      removeTemp(root);
    }
  });

  test('JSON: every compared object in resources[] with kind, namespace, name and change; the counts and inputs in live', () => {
    const root = repo('page');
    try {
      copyTree(join(LIVE, 'page'), root, '');
      const j = json(spawnCli(['diff', '--live', 'capture.yaml', '--format', 'json'], root));
      assert.equal(j.command, 'diff');
      assert.equal(j.ok, true);
      for (const r of j.resources) {
        assert.deepEqual(Object.keys(r), ['cluster', 'plane', 'kind', ...(r.namespace === undefined ? [] : ['namespace']), 'name', 'path', 'change', 'fields', 'diff']);
        assert.ok(['created', 'updated', 'unchanged'].includes(r.change));
      }
      assert.deepEqual(j.live, {
        inputs: ['capture.yaml'],
        captured: 6,
        created: 3,
        updated: 3,
        unchanged: 1,
        ownership: { checked: ['DataPlane default/default', 'Environment default/production'], notChecked: [] },
      });
      const env = j.resources.find((r) => r.kind === 'Environment')!;
      assert.deepEqual(env.fields, [
        {
          path: 'spec.gateway.ingress.internal',
          rendered: { name: 'gateway-internal', namespace: 'openchoreo-data-plane', http: { host: 'gateway-internal.openchoreo-data-plane', listenerName: 'http', port: 9080 } },
        },
      ]);
    } finally {
      removeTemp(root);
    }
  });

  test('markdown and html: the preview, the note with its command, the changed objects with their fields, the unchanged ones named', () => {
    const root = repo('page');
    try {
      copyTree(join(LIVE, 'page'), root, '');
      const md = spawnCli(['diff', '--live', 'capture.yaml', '--format', 'markdown'], root);
      assert.equal(md.code, 0, md.stderr);
      assert.match(md.stdout, /^\*\*First-sync preview\*\* \(`gwtopo diff --live` capture\.yaml\): 7 rendered objects against 6 captured objects: 3 created, 3 updated, 1 unchanged/m);
      assert.ok(md.stdout.includes(`kubectl patch dataplane default -n default --type=json -p '[{"op":"remove","path":"/spec/gateway/egress/external"}]'`));
      assert.match(md.stdout, /^gwtopo-ack: orphaned-registration:page\/gateway-egress$/m);
      assert.match(md.stdout, /^- `spec\.infrastructure\.parametersRef\.name`: `internal-gateway-params` → `gateway-internal-params`$/m);
      assert.match(md.stdout, /^Unchanged \(1\): `DataPlane default\/default`\.$/m);
      assert.match(md.stdout, /#### Resources \(6\)/);
      const html = spawnCli(['diff', '--live', 'capture.yaml', '--format', 'html'], root);
      assert.equal(html.code, 0, html.stderr);
      assert.match(html.stdout, /<strong>First-sync preview<\/strong>/);
      assert.match(html.stdout, /<span class="change created">created<\/span>/);
      assert.match(html.stdout, /<section id="unchanged"><h2>Unchanged \(1\)<\/h2>/);
      assert.ok(html.stdout.includes('orphaned-registration:page/gateway-egress'));
    } finally {
      removeTemp(root);
    }
  });

  test('an object captured twice: a capture-duplicate warning naming it, the later copy compared', () => {
    const root = repo('page');
    try {
      copyTree(join(LIVE, 'page'), root, '');
      const page = parse(readFileSync(join(root, 'capture.yaml'), 'utf8')) as { items: Json[] };
      const gateway = structuredClone(page.items.find((o) => o.kind === 'Gateway' && (o.metadata as Json).name === 'gateway-production')!);
      (gateway.spec as { listeners: Json[] }).listeners[0]!.port = 19082;
      writeFiles(root, { 'again.yaml': stringify(gateway) });
      const r = spawnCli(['diff', '--live', 'capture.yaml', '--live', 'again.yaml', '--format', 'json'], root);
      assert.equal(r.code, 0);
      const j = json(r);
      assert.deepEqual(
        j.problems.map((p) => [p.severity, p.rule, p.message]),
        [['warning', 'capture-duplicate', 'Gateway/gateway-production is captured twice; the later one is read']],
      );
      assert.deepEqual(j.resources.find((x) => x.name === 'gateway-production')!.fields.at(-1), { path: 'spec.listeners[name=http].port', live: 19082, rendered: 19081 });
    } finally {
      removeTemp(root);
    }
  });

  test('a capture compared with several clusters that render the same data-plane object: a live-capture-shared warning at it', () => {
    const root = repo('modules');
    try {
      writeFiles(root, { 'capture.yaml': captureOf(root, 'nginx') });
      const all = spawnCli(['diff', '--live', 'capture.yaml'], root);
      assert.equal(all.code, 0);
      assert.match(
        all.stderr,
        /^capture\.yaml:\d+:\d+: warning: items\[\d+\]\.metadata\.name: Gateway openchoreo-data-plane\/gateway-internal is rendered for 2 clusters \(envoy, nginx\): this captured object is compared with each of them \[live-capture-shared\]\n {2}hint: a capture holds one cluster's data plane: compare it with that cluster alone \(--cluster NAME\)$/m,
      );
      const one = spawnCli(['diff', '--live', 'capture.yaml', '--cluster', 'nginx'], root);
      assert.equal(one.stderr, '', 'one cluster: no warning');
    } finally {
      removeTemp(root);
    }
  });

  test('usage: --live excludes --base and --head (exit 2, a precise message); a capture that is not Kubernetes objects is an error', () => {
    const root = repo('page');
    try {
      writeFiles(root, { 'capture.yaml': 'apiVersion: v1\nkind: List\nitems:\n  - just: a map\n' });
      const both = spawnCli(['diff', '--live', 'capture.yaml', '--base', 'HEAD'], root);
      assert.equal(both.code, 2);
      assert.match(both.stderr, /--live and --base exclude each other/);
      const head = spawnCli(['diff', '--live', 'capture.yaml', '--head', 'HEAD'], root);
      assert.equal(head.code, 2);
      assert.match(head.stderr, /--live and --head exclude each other/);
      const neither = spawnCli(['diff'], root);
      assert.equal(neither.code, 2);
      assert.match(neither.stderr, /diff needs --base REF/);
      const bad = spawnCli(['diff', '--live', 'capture.yaml'], root);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, new RegExp(`capture\\.yaml:4:5: error: items\\[0\\]: not a Kubernetes object.*\\[${CAPTURE_RULE}\\]`));
      const missing = spawnCli(['diff', '--live', 'nothing.yaml'], root);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /nothing\.yaml/);
    } finally {
      removeTemp(root);
    }
  });
});

/** The JSON patch in a printed `kubectl patch … -p '<json>'` command. */
function patchOf(command: string): { op: string; path: string }[] {
  const m = /-p '([^']*)'$/.exec(command);
  assert.ok(m !== null, command);
  return JSON.parse(m[1]!) as { op: string; path: string }[];
}

/** RFC 6902 `remove` (the only operation the notes print), on a copy. */
function applyJsonPatch(object: Json, ops: readonly { op: string; path: string }[]): Json {
  const out = structuredClone(object);
  for (const { op, path } of ops) {
    assert.equal(op, 'remove');
    const keys = path.split('/').slice(1);
    let at: unknown = out;
    for (const key of keys.slice(0, -1)) at = (at as Json)[key];
    assert.ok(isMap(at) && Object.hasOwn(at, keys.at(-1)!), `the path ${path} exists`);
    delete at[keys.at(-1)!];
  }
  return out;
}
