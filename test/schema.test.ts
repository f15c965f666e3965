// The schema is the one source of truth for the file's shape: it compiles under ajv's strict mode,
// documents every field, and its documented defaults are the ones the model applies.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULTS } from '../generator/model/defaults.js';
import { PROVIDER_IDS } from '../generator/model/providers.js';
import { MODULES } from '../generator/render/modules/index.js';
import { topologySchema } from '../generator/validate/schema.js';

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
