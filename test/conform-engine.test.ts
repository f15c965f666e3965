// The kinds whose CEL rules test/crd.ts leaves to the product's own validator (CEL_BY_ENGINE there), and the
// objects gwtopo renders to configure a gateway's runtime (kgateway's ListenerPolicy, Envoy Gateway's EnvoyProxy),
// validated with generator/conform — the OpenAPI schema, defaults and every CEL rule they reach — against both
// shipped schema sets. Every such file of the golden fixtures and of the shipped overlays/ is checked.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { parseDocument } from 'yaml';
import { BUILTIN_SETS, loadBuiltinSet, validateObject, type SchemaSet } from '../generator/conform/index.js';
import { CEL_BY_ENGINE } from './crd.js';
import { FIXTURES, REPO_ROOT } from './helpers.js';

/** File-name suffixes of the rendered kinds checked here. */
const KINDS: Record<string, string> = { '.listenerpolicy.yaml': 'ListenerPolicy', '.envoyproxy.yaml': 'EnvoyProxy' };

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path));
    else if (Object.keys(KINDS).some((suffix) => name.endsWith(suffix))) out.push(path);
  }
  return out;
}

const roots = [join(REPO_ROOT, 'overlays'), ...readdirSync(join(FIXTURES, 'golden')).map((c) => join(FIXTURES, 'golden', c, 'expected', 'overlays'))];
const rendered = roots.flatMap(files);

function set(name: string): SchemaSet {
  const loaded = loadBuiltinSet(name);
  assert.ok(loaded.ok, loaded.ok ? '' : loaded.message);
  return loaded.set;
}

describe('every ListenerPolicy and EnvoyProxy the fixtures render is valid in both schema sets', () => {
  test('the fixtures render both kinds, and every kind test/crd.ts leaves to the engine is among them', () => {
    const kinds = new Set(rendered.map((f) => Object.entries(KINDS).find(([suffix]) => f.endsWith(suffix))![1]));
    assert.deepEqual([...kinds].sort(), ['EnvoyProxy', 'ListenerPolicy']);
    for (const key of CEL_BY_ENGINE.keys()) assert.ok(kinds.has(key.split('/')[1]!), `${key} is checked here`);
  });

  for (const name of BUILTIN_SETS) {
    test(name, () => {
      const schemas = set(name);
      const problems: string[] = [];
      for (const file of rendered) {
        const object = parseDocument(readFileSync(file, 'utf8')).toJS() as unknown;
        for (const f of validateObject(schemas, object)) problems.push(`${relative(REPO_ROOT, file)}: ${f.kind} ${f.path.join('.')}: ${f.message}`);
      }
      assert.deepEqual(problems, []);
    });
  }

  test('the engine evaluates the CEL rules these objects reach (a broken one is refused in both sets)', () => {
    const policy = {
      apiVersion: 'gateway.kgateway.dev/v1alpha1',
      kind: 'ListenerPolicy',
      metadata: { name: 'edge-listeners', namespace: 'gateways' },
      spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'edge' }], default: { httpSettings: { upgradeConfig: { enabledUpgrades: ['websocket'] } } } },
    };
    const proxy = {
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'EnvoyProxy',
      metadata: { name: 'edge-params', namespace: 'gateways' },
      spec: { provider: { type: 'Kubernetes', kubernetes: { envoyService: { name: 'edge', type: 'ClusterIP', loadBalancerIP: '10.0.0.1' } } } },
    };
    for (const name of BUILTIN_SETS) {
      const schemas = set(name);
      assert.deepEqual(validateObject(schemas, policy).map((f) => f.message), ['targetRefs may only reference Gateway resource'], name);
      assert.deepEqual(validateObject(schemas, proxy).map((f) => f.message), ['loadBalancerIP can only be set for LoadBalancer type'], name);
    }
  });
});
