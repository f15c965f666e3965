// The schema is the one source of truth for the file's shape: it compiles under ajv's strict mode,
// documents every field, and its documented defaults are the ones the model applies.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadSchema, profileSchema, topologySchema } from '../generator/schema/schema.js';
import { DEFAULTS } from '../generator/topology/defaults.js';
import { MODULES } from '../generator/topology/modules/index.js';
import { PROVIDER_IDS } from '../generator/topology/providers.js';
import { REPO_ROOT } from './helpers.js';

type Node = Record<string, unknown> & { properties?: Record<string, Node>; items?: Node; $ref?: string; definitions?: Record<string, Node> };
const schema = topologySchema() as Node;
const defs = schema.definitions!;

function at(path: string[]): Node {
  let node: Node = schema;
  for (const seg of path) {
    while (node.$ref !== undefined && node.properties === undefined && node.items === undefined) node = defs[node.$ref.replace('#/definitions/', '')]!;
    node = seg === '[]' ? node.items! : node.properties![seg]!;
    assert.ok(node, `no schema at ${path.join('.')}`);
  }
  return node;
}

describe('topology.schema.json', () => {
  test('documented defaults equal the model defaults', () => {
    assert.equal(at(['spec', 'module']).default, DEFAULTS.module);
    assert.equal(at(['spec', 'provider']).default, DEFAULTS.provider);
    assert.equal(at(['spec', 'gatewayNamespace']).default, DEFAULTS.gatewayNamespace);
    assert.equal(at(['spec', 'dataPlane', 'kind']).default, DEFAULTS.dataPlaneKind);
    assert.equal(at(['spec', 'dataPlane', 'name']).default, DEFAULTS.dataPlaneName);
    assert.equal(at(['spec', 'dataPlane', 'namespace']).default, DEFAULTS.dataPlaneNamespace);
    assert.equal(at(['spec', 'environments', '[]', 'namespace']).default, DEFAULTS.environmentNamespace);
    assert.equal(at(['spec', 'gateways', '[]', 'managed']).default, DEFAULTS.managed);
    assert.equal(at(['spec', 'gateways', '[]', 'websocket']).default, DEFAULTS.websocket);
    assert.equal(at(['spec', 'gateways', '[]', 'listeners', '[]', 'allowedRoutes']).default, DEFAULTS.allowedRoutes);
    assert.equal(at(['spec', 'k3d', 'clusterName']).default, DEFAULTS.k3dClusterName);
    assert.equal(at(['spec', 'envoyGateway', 'namespace']).default, DEFAULTS.envoyGatewayNamespace);
  });

  test('enums list exactly the providers and modules gwtopo implements', () => {
    assert.deepEqual([...(at(['spec', 'provider']).enum as string[])].sort(), [...PROVIDER_IDS].sort());
    assert.deepEqual([...(defs.module!.enum as string[])].sort(), Object.keys(MODULES).sort());
    assert.equal(at(['spec', 'module']).$ref, '#/definitions/module');
    assert.equal(at(['spec', 'gateways', '[]', 'module']).$ref, '#/definitions/module');
  });

  test('every field has a description (editors show it)', () => {
    const missing: string[] = [];
    const walk = (node: Node, path: string): void => {
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        if (typeof child.description !== 'string') missing.push(`${path}.${key}`);
        walk(child, `${path}.${key}`);
      }
      if (node.items !== undefined) walk(node.items, `${path}[]`);
    };
    walk(schema, '');
    for (const [name, def] of Object.entries(defs)) walk(def, `#${name}`);
    assert.deepEqual(missing, []);
  });
});

describe('profile.schema.json', () => {
  const derived = profileSchema(topologySchema()) as Node;

  test('the committed file is the one derived from topology.schema.json (UPDATE_GOLDEN=1 rewrites it)', () => {
    const file = join(REPO_ROOT, 'schemas', 'profile.schema.json');
    const text = `${JSON.stringify(derived, null, 2)}\n`;
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, text);
    assert.equal(readFileSync(file, 'utf8'), text, 'run UPDATE_GOLDEN=1 npm test and commit schemas/profile.schema.json');
    assert.deepEqual(loadSchema('profile'), derived);
  });

  test('a profile spec has every field of a topology spec with the same schema, nothing required, and no profiles', () => {
    const spec = derived.properties!.spec!;
    const topology = schema.properties!.spec!;
    assert.equal(spec.required, undefined);
    assert.deepEqual(Object.keys(spec.properties!).sort(), Object.keys(topology.properties!).sort());
    for (const [key, child] of Object.entries(topology.properties!)) if (key !== 'profiles') assert.deepEqual(spec.properties![key], child, key);
    assert.deepEqual(spec.properties!.profiles!.not, {});
    assert.equal(derived.properties!.kind!.const, 'GatewayProfile');
  });

  test("entries of named lists need only their name, may be {name, $patch: delete}, and are otherwise the topology's", () => {
    const named = derived.definitions!;
    for (const [def, required] of [
      ['environment', ['name']],
      ['gateway', ['name']],
      ['gatewayClass', ['name']],
      ['listener', undefined],
    ] as const) {
      assert.deepEqual(named[def]!.required, required, def);
      assert.deepEqual(
        named[def]!.properties!.$patch,
        { description: 'delete: removes the entry of this name inherited from an earlier profile; the entry then holds only its name.', const: 'delete' },
        def,
      );
      const { $patch: _patch, ...rest } = named[def]!.properties!;
      assert.deepEqual(rest, defs[def]!.properties, def);
    }
    for (const [name, def] of Object.entries(defs)) if (!['environment', 'gateway', 'gatewayClass', 'listener'].includes(name)) assert.deepEqual(named[name], def, name);
  });
});
