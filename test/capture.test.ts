// parse/capture.ts: captured cluster state (kubectl get -o yaml|json) as identified, positioned objects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readCapture } from '../generator/parse/capture.js';

test('a List, a multi-document stream and JSON are read object by object, with identity', () => {
  const list = [
    'apiVersion: v1',
    'kind: List',
    'items:',
    '- apiVersion: gateway.networking.k8s.io/v1',
    '  kind: Gateway',
    '  metadata: {name: gateway-default, namespace: openchoreo-data-plane}',
    '- apiVersion: v1',
    '  kind: Namespace',
    '  metadata: {name: x}',
  ].join('\n');
  const json = JSON.stringify({ apiVersion: 'openchoreo.dev/v1alpha1', kind: 'DataPlane', metadata: { name: 'default', namespace: 'default' } });
  const read = readCapture([
    { file: 'dp.yaml', text: list },
    { file: 'cp.json', text: json },
  ]);
  assert.deepEqual(read.problems, []);
  assert.deepEqual(
    read.objects.map((o) => [o.group, o.kind, o.namespace ?? '-', o.name, o.prefix.join('.')]),
    [
      ['gateway.networking.k8s.io', 'Gateway', 'openchoreo-data-plane', 'gateway-default', 'items.0'],
      ['', 'Namespace', '-', 'x', 'items.1'],
      ['openchoreo.dev', 'DataPlane', 'default', 'default', ''],
    ],
  );
});

test('an object without metadata.name is an error at it; one captured twice is read once, the later, with a warning', () => {
  const read = readCapture([
    {
      file: 'a.yaml',
      text: 'apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: n}\nspec: {type: ClusterIP}\n---\napiVersion: v1\nkind: Service\nmetadata: {namespace: n}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: n}\nspec: {type: LoadBalancer}\n',
    },
  ]);
  assert.deepEqual(
    read.problems.map((p) => [p.severity, p.line, p.col, p.rule, p.message]),
    [
      ['error', 6, 1, 'capture-input', 'not a Kubernetes object: a map with apiVersion, kind and metadata.name is expected'],
      ['warning', 12, 12, 'capture-duplicate', 'Service/s is captured twice; the later one is read'],
    ],
  );
  assert.deepEqual(
    read.objects.map((o) => (o.object.spec as { type: string }).type),
    ['LoadBalancer'],
  );
});
