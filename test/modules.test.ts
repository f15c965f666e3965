// Gateway modules: each renders exactly the requested Service settings where its `expresses` says,
// and the README and the golden fixtures keep up with the registry.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { MODULES } from '../generator/topology/modules/index.js';
import type { GatewayModule, ModuleOutput } from '../generator/topology/modules/module.js';
import type { Resource } from '../generator/topology/resource.js';
import type { GatewayModel, ServiceType } from '../generator/topology/types.js';
import { FIXTURES, REPO_ROOT } from './helpers.js';

function gateway(module: GatewayModule, type: ServiceType | undefined, annotations: Record<string, string>, labels: Record<string, string>): GatewayModel {
  return {
    name: 'g',
    module: module.id,
    direction: 'ingress',
    networking: 'internal',
    scope: 'dataplane',
    managed: true,
    websocket: true,
    gatewayClassName: module.defaultGatewayClass,
    parametersName: 'g-params',
    service: { ...(type === undefined ? {} : { type }), annotations, labels },
    listeners: [],
    path: [],
  };
}

/** The Service settings as the implementation will see them, read from where the module says it puts them. */
function expressed(module: GatewayModule, out: ModuleOutput): { type?: unknown; annotations?: unknown; labels?: unknown } {
  const params = out.resources[0] as (Resource & { spec: Record<string, any> }) | undefined;
  const fromParams = (what: 'type' | 'annotations' | 'labels'): unknown => {
    if (params === undefined) return undefined;
    switch (params.kind) {
      case 'GatewayParameters':
        return params.spec.kube.service[{ type: 'type', annotations: 'extraAnnotations', labels: 'extraLabels' }[what]];
      case 'EnvoyProxy':
        return params.spec.provider.kubernetes.envoyService[what];
      case 'NginxProxy':
        return what === 'type' ? params.spec.kubernetes.service.type : undefined;
      default:
        throw new Error(`unknown parameters kind ${params.kind}`);
    }
  };
  const read = (what: 'type' | 'annotations' | 'labels'): unknown => {
    const mechanism = module.expresses[what];
    if (mechanism === 'parameters') return fromParams(what);
    if (mechanism === 'infrastructure') return what === 'type' ? undefined : out.infrastructure[what];
    if (mechanism === 'gateway-annotation') return out.gatewayAnnotations?.['networking.istio.io/service-type'];
    return undefined;
  };
  return { type: read('type'), annotations: read('annotations'), labels: read('labels') };
}

describe('every module expresses exactly the requested Service settings', () => {
  for (const module of Object.values(MODULES)) {
    test(module.id, () => {
      if (module.defaultServiceType === undefined) {
        const out = module.render(gateway(module, undefined, {}, {}), 'ns');
        assert.deepEqual(out, { infrastructure: {}, resources: [] }, 'an install-provided Service gets nothing per gateway');
        assert.equal(module.refuse({ gateway: 'g', gatewayClassName: module.defaultGatewayClass, type: 'NodePort', annotations: true, labels: true, classes: new Map() }).length, 3);
        return;
      }
      const annotations = { 'example.com/a': 'true' };
      const labels = { tier: 'internal' };
      const type: ServiceType = module.expresses.type === 'gateway-class' ? 'LoadBalancer' : 'NodePort';
      const out = module.render(gateway(module, type, annotations, labels), 'ns');
      const got = expressed(module, out);
      if (module.expresses.type !== 'gateway-class') assert.equal(got.type, type, 'type');
      assert.deepEqual(got.annotations, annotations, 'annotations');
      assert.deepEqual(got.labels, labels, 'labels');
      // The default Service needs no parameters resource and no Gateway annotation.
      const plain = module.render(gateway(module, module.defaultServiceType, {}, {}), 'ns');
      assert.deepEqual(plain.resources, []);
      assert.equal(plain.gatewayAnnotations, undefined);
      assert.equal(plain.infrastructure.parametersRef, undefined);
      // A parameters resource is referenced by the Gateway, in its namespace.
      for (const r of out.resources) {
        assert.equal(r.metadata.namespace, 'ns');
        assert.deepEqual(out.infrastructure.parametersRef, { name: r.metadata.name, group: r.apiVersion.split('/')[0], kind: r.kind });
      }
    });
  }
});

describe('WebSocket upgrades', () => {
  for (const module of Object.values(MODULES)) {
    test(`${module.id}: ${module.websocket === 'policy' ? 'a policy attached to the Gateway, left out with websocket: false' : 'on by default, nothing rendered'}`, () => {
      const type = module.defaultServiceType;
      const on = module.render(gateway(module, type, {}, {}), 'ns');
      const off = module.render({ ...gateway(module, type, {}, {}), websocket: false }, 'ns');
      assert.equal(off.policies, undefined);
      if (module.websocket === 'always') {
        assert.equal(on.policies, undefined);
        return;
      }
      assert.equal(on.policies?.length, 1);
      const policy = on.policies![0] as Resource & { spec: { targetRefs: unknown[] } };
      assert.equal(policy.metadata.namespace, 'ns');
      assert.deepEqual(policy.spec.targetRefs, [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'g' }]);
      // The policy comes with or without a parameters resource.
      assert.equal(module.render(gateway(module, 'NodePort', {}, {}), 'ns').policies?.length, 1);
      assert.equal(module.render({ ...gateway(module, 'NodePort', {}, {}), websocket: false }, 'ns').policies, undefined);
    });
  }
});

describe('registry, README and fixtures stay in step', () => {
  const readme = readFileSync(join(REPO_ROOT, 'docs', 'modules.md'), 'utf8');
  for (const module of Object.values(MODULES)) {
    test(module.id, () => {
      assert.match(readme, new RegExp(`^\\| \`${module.id}\`( \\(default\\))? \\| \`${module.defaultGatewayClass}\` \\|`, 'm'), 'a row in the README capability matrix');
      for (const caveat of module.caveats) assert.ok(readme.includes(caveat), `README lists the caveat: ${caveat}`);
      assert.ok(existsSync(join(FIXTURES, 'golden', 'modules', 'topologies', module.id, 'topology.yaml')), 'a golden fixture cluster');
    });
  }
});
