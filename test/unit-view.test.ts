// Unit tests of the lenient view of a topology (topology/view.ts): every field is read only when it has
// the right type, defaults are applied, and nothing throws on input the schema rejects.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { effectiveHost, type GatewayView, type ListenerView, readView } from '../generator/topology/view.js';

const spec = (s: Record<string, unknown>): unknown => ({ metadata: { name: 'c' }, spec: s });
const gatewayOf = (g: Record<string, unknown>, rest: Record<string, unknown> = {}): GatewayView => readView(spec({ ...rest, gateways: [g] })).gateways[0]!;
const listenerOf = (l: Record<string, unknown>): ListenerView => gatewayOf({ listeners: [l] }).listeners[0]!;

describe('readView: the cluster', () => {
  test('defaults for an empty spec', () => {
    const v = readView(spec({}));
    assert.deepEqual(v, {
      name: 'c',
      module: 'kgateway',
      provider: 'generic',
      gatewayClasses: [],
      gatewayNamespace: 'openchoreo-data-plane',
      envoyGatewayNamespace: 'envoy-gateway-system',
      hasEnvoyGateway: false,
      dataPlane: { kind: 'DataPlane', name: 'default', namespace: 'default', hasNamespace: false },
      environments: [],
      gateways: [],
      hasK3d: false,
      controlPlaneMode: 'apply',
      hasControlPlaneBase: false,
    });
  });

  test('anything that is not a document reads as an empty one', () => {
    for (const data of [null, undefined, 'text', 42, [], [{ spec: {} }]]) {
      const v = readView(data);
      assert.equal(v.name, undefined, JSON.stringify(data));
      assert.deepEqual(v.gateways, []);
      assert.equal(v.provider, 'generic');
    }
    assert.deepEqual(readView({ spec: null, metadata: [] }).gateways, []);
    assert.deepEqual(readView({ spec: [{ gateways: [{}] }] }).gateways, [], 'a list is not a map');
  });

  test('every setting is read', () => {
    const v = readView(
      spec({
        module: 'istio',
        provider: 'k3d',
        gatewayNamespace: 'gw',
        dataPlane: { kind: 'DataPlane', name: 'dp', namespace: 'dp-ns' },
        environments: [{ name: 'prod', namespace: 'p' }, { name: 'dev' }],
        k3d: { clusterName: 'k' },
        destination: 'dest',
        controlPlane: { mode: 'patch', base: 'b/c' },
        gatewayClasses: [{ name: 'np', serviceType: 'NodePort' }],
        envoyGateway: { namespace: 'eg' },
      }),
    );
    assert.deepEqual(v, {
      name: 'c',
      module: 'istio',
      provider: 'k3d',
      gatewayClasses: [{ path: ['spec', 'gatewayClasses', 0], name: 'np', serviceType: 'NodePort' }],
      gatewayNamespace: 'gw',
      envoyGatewayNamespace: 'eg',
      hasEnvoyGateway: true,
      dataPlane: { kind: 'DataPlane', name: 'dp', namespace: 'dp-ns', hasNamespace: true },
      environments: [
        { path: ['spec', 'environments', 0], name: 'prod', namespace: 'p' },
        { path: ['spec', 'environments', 1], name: 'dev', namespace: 'default' },
      ],
      gateways: [],
      k3d: { clusterName: 'k' },
      hasK3d: true,
      destination: 'dest',
      controlPlaneMode: 'patch',
      controlPlaneBase: 'b/c',
      hasControlPlaneBase: true,
    });
  });

  test('invalid values read as undefined (or the default when the schema default applies)', () => {
    const v = readView(
      spec({
        module: 'nope',
        provider: 'mars',
        gatewayNamespace: 5,
        dataPlane: { kind: 'Plane', name: '', namespace: 7 },
        environments: [{ name: 3, namespace: '' }, 'x'],
        controlPlane: { mode: 'push', base: '' },
        destination: '',
        gatewayClasses: [{ name: '', serviceType: 'ClusterIP' }, null],
        k3d: 'yes',
        envoyGateway: { namespace: 3 },
      }),
    );
    assert.equal(v.module, undefined);
    assert.equal(v.envoyGatewayNamespace, 'envoy-gateway-system');
    assert.equal(v.hasEnvoyGateway, true);
    assert.equal(v.provider, undefined);
    assert.equal(v.gatewayNamespace, 'openchoreo-data-plane');
    assert.deepEqual(v.dataPlane, { name: 'default', hasNamespace: true });
    assert.deepEqual(v.environments, [
      { path: ['spec', 'environments', 0], namespace: 'default' },
      { path: ['spec', 'environments', 1], namespace: 'default' },
    ]);
    assert.equal(v.controlPlaneMode, undefined);
    assert.equal(v.controlPlaneBase, undefined);
    assert.equal(v.hasControlPlaneBase, true);
    assert.equal(v.destination, undefined);
    assert.deepEqual(v.gatewayClasses, [{ path: ['spec', 'gatewayClasses', 0], serviceType: 'ClusterIP' }, { path: ['spec', 'gatewayClasses', 1] }]);
    assert.equal(v.hasK3d, true);
    assert.equal(v.k3d, undefined, 'provider is not k3d');
    assert.equal(readView({ metadata: { name: '' } }).name, undefined);
    assert.equal(readView({ metadata: { name: 7 } }).name, undefined);
  });

  test('a value that cannot be read leaves its field out (absent, not undefined)', () => {
    const v = readView({
      metadata: { name: 1 },
      spec: { module: 'x', provider: 'x', controlPlane: { mode: 'x' }, gateways: [{ name: 1, module: 'x', networking: 'x', listeners: [{ protocol: 'TLS', tls: { mode: 'x' } }] }] },
    });
    assert.deepEqual(Object.keys(v).sort(), [
      'dataPlane',
      'environments',
      'envoyGatewayNamespace',
      'gatewayClasses',
      'gatewayNamespace',
      'gateways',
      'hasControlPlaneBase',
      'hasEnvoyGateway',
      'hasK3d',
    ]);
    const g = v.gateways[0]!;
    assert.deepEqual(Object.keys(g).sort(), ['annotations', 'fields', 'hasEnvironment', 'hasModule', 'labels', 'listeners', 'managed', 'path', 'serviceFields', 'websocket']);
    assert.deepEqual(Object.keys(g.listeners[0]!.tls!).sort(), ['certificateRefs', 'hasCertificateRefs']);
    const noType = readView({ spec: { gateways: [{ name: 'g', networking: 'internal', gatewayClassName: 'c', service: { type: 'x' } }] } }).gateways[0]!;
    assert.equal('serviceType' in noType, false);
    assert.equal('explicitServiceType' in noType, false);
    assert.equal('gatewayClass' in readView({ spec: { module: 'x', gateways: [{}] } }).gateways[0]!, false);
  });

  test('a ClusterDataPlane has no namespace unless one is written', () => {
    assert.deepEqual(readView(spec({ dataPlane: { kind: 'ClusterDataPlane' } })).dataPlane, { kind: 'ClusterDataPlane', name: 'default', hasNamespace: false });
    assert.deepEqual(readView(spec({ dataPlane: { kind: 'ClusterDataPlane', namespace: 'x' } })).dataPlane, { kind: 'ClusterDataPlane', name: 'default', namespace: 'x', hasNamespace: true });
    assert.deepEqual(readView(spec({ dataPlane: { kind: 'Nope' } })).dataPlane, { name: 'default', hasNamespace: false }, 'an invalid kind has no default namespace');
    assert.deepEqual(readView(spec({ dataPlane: 'x' })).dataPlane, { kind: 'DataPlane', name: 'default', namespace: 'default', hasNamespace: false });
  });

  test('provider k3d gets the default cluster name; other providers none', () => {
    assert.deepEqual(readView(spec({ provider: 'k3d' })).k3d, { clusterName: 'openchoreo' });
    assert.deepEqual(readView(spec({ provider: 'k3d', k3d: { clusterName: '' } })).k3d, { clusterName: 'openchoreo' });
    assert.equal(readView(spec({ provider: 'aws', k3d: { clusterName: 'x' } })).k3d, undefined);
  });

  test('gatewayClasses: both fields needed to type a class, and only LoadBalancer/NodePort/ClusterIP are types', () => {
    const v = readView(
      spec({
        module: 'cilium',
        gatewayClasses: [{ name: 'a', serviceType: 'NodePort' }, { name: 'b' }, { serviceType: 'NodePort' }, { name: 'c', serviceType: 'Other' }],
        gateways: [
          { gatewayClassName: 'a', networking: 'internal' },
          { gatewayClassName: 'b', networking: 'internal' },
          { gatewayClassName: 'c', networking: 'external' },
        ],
      }),
    );
    assert.deepEqual(
      v.gatewayClasses.map((c) => [c.name, c.serviceType]),
      [
        ['a', 'NodePort'],
        ['b', undefined],
        [undefined, 'NodePort'],
        ['c', undefined],
      ],
    );
    assert.deepEqual(
      v.gateways.map((g) => g.serviceType),
      ['NodePort', 'ClusterIP', 'LoadBalancer'],
    );
  });
});

describe('readView: gateways', () => {
  test('defaults: the cluster module and its class, managed, websocket, the networking Service type', () => {
    const g = gatewayOf({ name: 'g', networking: 'internal' });
    assert.deepEqual(g, {
      path: ['spec', 'gateways', 0],
      name: 'g',
      module: 'kgateway',
      hasModule: false,
      gatewayClass: 'kgateway',
      networking: 'internal',
      hasEnvironment: false,
      managed: true,
      websocket: true,
      serviceType: 'ClusterIP',
      annotations: {},
      labels: {},
      listeners: [],
      fields: new Set(['name', 'networking']),
      serviceFields: new Set(),
    });
    assert.equal(gatewayOf({ networking: 'external' }).serviceType, 'LoadBalancer');
    assert.equal(gatewayOf({}).serviceType, undefined, 'no networking, no default type');
  });

  test('every setting is read', () => {
    const g = gatewayOf({
      name: 'g',
      module: 'nginx-gateway-fabric',
      gatewayClassName: 'my-class',
      direction: 'egress',
      networking: 'external',
      scope: 'environment',
      environment: 'prod',
      managed: false,
      websocket: false,
      service: { type: 'NodePort', annotations: { a: '1', n: 2 }, labels: { l: 'x', b: true } },
      listeners: [{ protocol: 'HTTP', port: 80 }],
    });
    assert.deepEqual(
      { ...g, listeners: g.listeners.length },
      {
        path: ['spec', 'gateways', 0],
        name: 'g',
        module: 'nginx-gateway-fabric',
        hasModule: true,
        gatewayClass: 'my-class',
        gatewayClassName: 'my-class',
        direction: 'egress',
        networking: 'external',
        scope: 'environment',
        environment: 'prod',
        hasEnvironment: true,
        managed: false,
        websocket: false,
        serviceType: 'NodePort',
        explicitServiceType: 'NodePort',
        annotations: { a: '1' },
        labels: { l: 'x' },
        listeners: 1,
        fields: new Set(['name', 'module', 'gatewayClassName', 'direction', 'networking', 'scope', 'environment', 'managed', 'websocket', 'service', 'listeners']),
        serviceFields: new Set(['type', 'annotations', 'labels']),
      },
    );
  });

  test('invalid values read as undefined; the gateway module falls back to nothing, not the cluster module', () => {
    const g = gatewayOf({ name: '', module: 'x', gatewayClassName: 3, direction: 'up', networking: 'out', scope: 'all', environment: '', managed: 'yes', service: { type: 'Magic' }, listeners: 'l' });
    assert.equal(g.name, undefined);
    assert.equal(g.module, undefined);
    assert.equal(g.hasModule, true);
    assert.equal(g.gatewayClass, undefined);
    assert.equal(g.gatewayClassName, undefined);
    assert.equal(g.direction, undefined);
    assert.equal(g.networking, undefined);
    assert.equal(g.scope, undefined);
    assert.equal(g.environment, undefined);
    assert.equal(g.hasEnvironment, true);
    assert.equal(g.managed, true);
    assert.equal(g.serviceType, undefined);
    assert.equal(g.explicitServiceType, undefined);
    assert.deepEqual(g.listeners, []);
    assert.equal(gatewayOf({ name: 'g' }, { module: 'bad' }).module, undefined, 'an invalid cluster module');
    assert.equal(gatewayOf({ name: 'g' }, { module: 'bad' }).gatewayClass, undefined);
    assert.equal(gatewayOf({ name: 'g', module: 'istio' }, { module: 'bad' }).module, 'istio');
  });

  test('an invalid explicit Service type gives no type at all, not the default', () => {
    assert.equal(gatewayOf({ networking: 'external', service: { type: 'Magic' } }).serviceType, undefined);
    assert.equal(gatewayOf({ networking: 'external', service: { type: 5 } }).serviceType, undefined);
    assert.equal(gatewayOf({ networking: 'external', service: { annotations: {} } }).serviceType, 'LoadBalancer');
    assert.equal(gatewayOf({ networking: 'external', service: 'x' }).serviceType, 'LoadBalancer');
  });

  test('modules whose install provides the Service have no per-gateway type', () => {
    assert.equal(gatewayOf({ networking: 'external', module: 'traefik' }).serviceType, undefined);
    assert.equal(gatewayOf({ networking: 'external', module: 'kong', service: { type: 'NodePort' } }).serviceType, undefined);
    assert.equal(gatewayOf({ networking: 'external', module: 'kong', service: { type: 'NodePort' } }).explicitServiceType, 'NodePort');
    assert.equal(gatewayOf({ networking: 'internal' }, { module: 'traefik' }).gatewayClass, 'traefik');
  });

  test('a declared class type applies to cilium gateways only, and loses to an explicit type', () => {
    const classes = { gatewayClasses: [{ name: 'np', serviceType: 'NodePort' }] };
    assert.equal(gatewayOf({ networking: 'external', module: 'cilium', gatewayClassName: 'np' }, classes).serviceType, 'NodePort');
    assert.equal(gatewayOf({ networking: 'external', module: 'cilium', gatewayClassName: 'np', service: { type: 'LoadBalancer' } }, classes).serviceType, 'LoadBalancer');
    assert.equal(gatewayOf({ networking: 'external', module: 'istio', gatewayClassName: 'np' }, classes).serviceType, 'LoadBalancer');
    assert.equal(gatewayOf({ networking: 'internal', module: 'cilium' }, classes).serviceType, 'ClusterIP', 'the default class is not declared');
    assert.equal(gatewayOf({ networking: 'internal' }, { ...classes, module: 'cilium', gatewayClasses: [{ name: 'cilium', serviceType: 'NodePort' }] }).serviceType, 'NodePort');
  });

  test('managed reads booleans only', () => {
    assert.equal(gatewayOf({ managed: false }).managed, false);
    assert.equal(gatewayOf({ managed: true }).managed, true);
    assert.equal(gatewayOf({ managed: 0 }).managed, true);
    assert.equal(gatewayOf({ managed: 'false' }).managed, true);
  });

  test('gateways that are not maps read as empty gateways', () => {
    const [g] = readView(spec({ gateways: ['x'] })).gateways;
    assert.equal(g!.name, undefined);
    assert.equal(g!.module, 'kgateway');
    assert.deepEqual(g!.fields, new Set());
    assert.deepEqual(readView(spec({ gateways: { a: 1 } })).gateways, [], 'not a list');
  });
});

describe('readView: listeners', () => {
  test('defaults: named after the protocol (TLS passthrough: tls-passthrough), All routes; paths by index', () => {
    const g = gatewayOf({
      listeners: [
        { protocol: 'HTTPS', port: 443 },
        { protocol: 'TLS' },
        { protocol: 'TLS', tls: { mode: 'Passthrough' } },
        { protocol: 'TLS', tls: { mode: 'Terminate' } },
        { protocol: 'HTTP' },
        { protocol: 'TLS', tls: { mode: 'Sideways' } },
      ],
    });
    assert.deepEqual(g.listeners[0], {
      path: ['spec', 'gateways', 0, 'listeners', 0],
      protocol: 'HTTPS',
      name: 'https',
      port: 443,
      allowedRoutes: 'All',
      hasHost: false,
      fields: new Set(['protocol', 'port']),
    });
    assert.deepEqual(g.listeners[1]!.path, ['spec', 'gateways', 0, 'listeners', 1]);
    assert.deepEqual(
      g.listeners.map((l) => l.name),
      ['https', 'tls-passthrough', 'tls-passthrough', 'tls', 'http', 'tls-passthrough'],
      'a TLS listener that terminates keeps the protocol name; an invalid mode (reported by the schema) reads as the default',
    );
  });

  test('every setting is read', () => {
    assert.deepEqual(
      listenerOf({
        protocol: 'HTTPS',
        name: 'web',
        port: 8443,
        host: 'a.example.com',
        hostname: '*.example.com',
        allowedRoutes: 'Same',
        tls: { mode: 'Terminate', certificateRefs: [{ name: 'c', namespace: 'n' }, { name: 'd' }] },
      }),
      {
        path: ['spec', 'gateways', 0, 'listeners', 0],
        protocol: 'HTTPS',
        name: 'web',
        port: 8443,
        host: 'a.example.com',
        hasHost: true,
        hostname: '*.example.com',
        allowedRoutes: 'Same',
        tls: { mode: 'Terminate', certificateRefs: [{ name: 'c', namespace: 'n' }, { name: 'd' }], hasCertificateRefs: true },
        fields: new Set(['protocol', 'name', 'port', 'host', 'hostname', 'allowedRoutes', 'tls']),
      },
    );
  });

  test('invalid values read as undefined; a written but invalid name is not replaced by the protocol', () => {
    const l = listenerOf({ protocol: 'UDP', name: '', port: '80', host: '', hostname: 5, allowedRoutes: 'None', tls: 'x' });
    assert.deepEqual(l, { path: ['spec', 'gateways', 0, 'listeners', 0], hasHost: true, fields: new Set(['protocol', 'name', 'port', 'host', 'hostname', 'allowedRoutes', 'tls']) });
    assert.equal(listenerOf({ protocol: 'HTTP', name: 3 }).name, undefined);
    assert.equal(listenerOf({ protocol: 'http' }).protocol, undefined, 'protocols are upper case');
  });

  test('ports are whole numbers from 1 to 65535', () => {
    assert.deepEqual(
      [1, 65535, 0, 65536, -1, 80.5, Number.NaN].map((port) => listenerOf({ port }).port),
      [1, 65535, undefined, undefined, undefined, undefined, undefined],
    );
  });

  test('TLS: the mode defaults by protocol; certificate refs are read leniently', () => {
    assert.equal(listenerOf({ protocol: 'HTTPS', tls: {} }).tls!.mode, 'Terminate');
    assert.equal(listenerOf({ protocol: 'TLS', tls: {} }).tls!.mode, 'Passthrough');
    assert.equal(listenerOf({ tls: {} }).tls!.mode, undefined, 'no protocol, no default');
    assert.equal(listenerOf({ protocol: 'TLS', tls: { mode: 'Bogus' } }).tls!.mode, undefined, 'an invalid mode is not replaced by the default');
    assert.equal(listenerOf({ protocol: 'TLS', tls: { mode: 'Terminate' } }).tls!.mode, 'Terminate');
    assert.deepEqual(listenerOf({ protocol: 'TLS', tls: {} }).tls, { mode: 'Passthrough', certificateRefs: [], hasCertificateRefs: false });
    assert.deepEqual(listenerOf({ protocol: 'TLS', tls: { certificateRefs: 'x' } }).tls, { mode: 'Passthrough', certificateRefs: [], hasCertificateRefs: true });
    assert.deepEqual(listenerOf({ protocol: 'TLS', tls: { certificateRefs: ['x', { name: '', namespace: '' }, { name: 1 }] } }).tls!.certificateRefs, [{}, {}, {}]);
    assert.equal(listenerOf({ protocol: 'TLS', tls: [] }).tls, undefined, 'a list is not a map');
  });

  test('listeners that are not maps read as empty listeners', () => {
    const l = listenerOf('x' as unknown as Record<string, unknown>);
    assert.deepEqual(l, { path: ['spec', 'gateways', 0, 'listeners', 0], allowedRoutes: 'All', hasHost: false, fields: new Set() });
  });
});

describe('effectiveHost', () => {
  const view = (g: Record<string, unknown>, rest: Record<string, unknown> = {}) => readView(spec({ gatewayNamespace: 'gw', ...rest, gateways: [g] }));
  const host = (g: Record<string, unknown>, rest: Record<string, unknown> = {}): string | undefined => {
    const v = view(g, rest);
    return effectiveHost(v, v.gateways[0]!, v.gateways[0]!.listeners[0]!);
  };
  const L = [{ protocol: 'HTTP', port: 80 }];

  test('an explicit host wins', () => {
    assert.equal(host({ name: 'g', networking: 'external', listeners: [{ protocol: 'HTTP', host: 'h.example.com' }] }), 'h.example.com');
  });

  test('internal ClusterIP gateways default to <service>.<gateway namespace>', () => {
    assert.equal(host({ name: 'g', networking: 'internal', listeners: L }), 'g.gw');
    assert.equal(host({ name: 'g', networking: 'internal', module: 'istio', listeners: L }), 'g-istio.gw');
    assert.equal(host({ name: 'g', networking: 'internal', module: 'nginx-gateway-fabric', gatewayClassName: 'ngf', listeners: L }), 'g-ngf.gw');
  });

  test('no default host otherwise', () => {
    assert.equal(host({ name: 'g', networking: 'external', listeners: L }), undefined, 'external');
    assert.equal(host({ name: 'g', networking: 'internal', service: { type: 'LoadBalancer' }, listeners: L }), undefined, 'internal LoadBalancer');
    assert.equal(host({ name: 'g', networking: 'internal', service: { type: 'NodePort' }, listeners: L }), undefined, 'internal NodePort');
    assert.equal(
      host({ name: 'g', networking: 'internal', module: 'envoy-gateway', managed: false, listeners: L }),
      undefined,
      'a Service name that is not predictable: not named by an EnvoyProxy of gwtopo',
    );
    assert.equal(host({ name: 'g', networking: 'internal', module: 'envoy-gateway', listeners: L }), 'g.envoy-gateway-system', "named by the EnvoyProxy, in Envoy Gateway's namespace");
    assert.equal(host({ name: 'g', networking: 'internal', module: 'traefik', listeners: L }), undefined, 'an install Service');
    assert.equal(host({ name: 'g', networking: 'internal', listeners: [{ protocol: 'HTTP', host: '' }] }), undefined, 'a host written empty is not replaced');
    assert.equal(host({ networking: 'internal', listeners: L }), undefined, 'no gateway name');
    assert.equal(host({ networking: 'internal', module: 'istio', listeners: L }), undefined, 'no gateway name, with a module that would name the Service after it');
    assert.equal(host({ networking: 'internal', module: 'nginx-gateway-fabric', listeners: L }), undefined);
    assert.equal(host({ name: 'g', listeners: L }), undefined, 'no networking');
    assert.equal(host({ name: 'g', networking: 'internal', module: 'bad', listeners: L }), undefined, 'no module');
    assert.equal(host({ name: 'g', networking: 'internal', service: { type: 'Bad' }, listeners: L }), undefined, 'no Service type');
    assert.equal(host({ name: 'g', networking: 'internal', module: 'istio', listeners: L }, { module: 'bad' }), 'g-istio.gw', 'the gateway module counts');
    assert.equal(host({ name: 'x'.repeat(58), networking: 'internal', module: 'istio', listeners: L }), undefined, 'a Service name too long to predict');
  });

  test('with an invalid cluster module, a gateway without a module or class has no default host', () => {
    assert.equal(host({ name: 'g', networking: 'internal', listeners: L }, { module: 'bad' }), undefined);
    assert.equal(host({ name: 'g', networking: 'internal', gatewayClassName: 'c', listeners: L }, { module: 'bad' }), undefined);
  });
});
