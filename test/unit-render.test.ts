// Unit tests of render/: the Gateway, the control-plane partials, the GitOps engine objects, the k3d
// port commands and every module, called directly on hand-built models (fast enough to run for every
// mutant of `npm run mutation`).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { registrations } from '../generator/model/registrations.js';
import { gatewaySpec, OPENCHOREO_API_VERSION, PARTIAL_ANNOTATIONS, renderControlPlane } from '../generator/render/control-plane.js';
import { GATEWAY_LABELS, renderGateway } from '../generator/render/gateway.js';
import { IN_CLUSTER, renderArgoCD, renderFlux } from '../generator/render/gitops.js';
import { renderCluster } from '../generator/render/index.js';
import { k3dPortCommands } from '../generator/render/k3d.js';
import type { RepoConfig } from '../generator/topology/config.js';
import { fluxUrl } from '../generator/topology/config.js';
import { K3D_MAPPED_PORTS } from '../generator/topology/defaults.js';
import { GITOPS_DIR } from '../generator/topology/layout.js';
import { cilium } from '../generator/topology/modules/cilium.js';
import { envoyGateway } from '../generator/topology/modules/envoy-gateway.js';
import { MODULE_IDS, MODULES, moduleFor } from '../generator/topology/modules/index.js';
import { ISTIO_SERVICE_TYPE, istio } from '../generator/topology/modules/istio.js';
import { kgateway } from '../generator/topology/modules/kgateway.js';
import { kong } from '../generator/topology/modules/kong.js';
import { dnsLabelOrUndefined, infrastructureMetadata, isDefaultService, nonEmpty, type ServiceRequest } from '../generator/topology/modules/module.js';
import { nginxGatewayFabric } from '../generator/topology/modules/nginx-gateway-fabric.js';
import { traefik } from '../generator/topology/modules/traefik.js';
import { fileNameOf, PLANES } from '../generator/topology/resource.js';
import type { ClusterModel, GatewayModel, ListenerModel, ServiceType } from '../generator/topology/types.js';
import { REPO_ROOT } from './helpers.js';

const SYSTEM = { 'openchoreo.dev/system-component': 'gateway' };

function listener(over: Partial<ListenerModel> = {}): ListenerModel {
  const port = over.port ?? 80;
  return { name: 'http', protocol: 'HTTP', port, advertisedPort: port, host: 'a.example.com', allowedRoutes: 'All', path: ['spec', 'gateways', 0, 'listeners', 0], ...over };
}

function gw(over: Partial<GatewayModel> & { type?: ServiceType; annotations?: Record<string, string>; labels?: Record<string, string> } = {}): GatewayModel {
  const { type = 'LoadBalancer', annotations = {}, labels = {}, ...rest } = over;
  return {
    name: 'edge',
    module: 'kgateway',
    direction: 'ingress',
    networking: 'external',
    scope: 'dataplane',
    managed: true,
    websocket: true,
    gatewayClassName: 'kgateway',
    parametersName: `${rest.name ?? 'edge'}-params`,
    service: { type, annotations, labels },
    listeners: [listener()],
    path: ['spec', 'gateways', 0],
    ...rest,
  };
}

function model(over: Partial<ClusterModel> = {}): ClusterModel {
  return {
    cluster: 'c',
    source: 'topologies/c/topology.yaml',
    module: 'kgateway',
    provider: 'generic',
    gatewayNamespace: 'gw-ns',
    dataPlane: { kind: 'DataPlane', name: 'default', namespace: 'dp-ns' },
    environments: [],
    gateways: [],
    destination: 'c',
    controlPlane: { mode: 'apply' },
    gatewayClasses: [],
    ...over,
  };
}

describe('renderGateway', () => {
  test('a plain HTTP gateway: metadata, class, the system-component label, one listener', () => {
    const out = renderGateway(gw(), 'gw-ns', { infrastructure: {}, resources: [] });
    assert.deepEqual(JSON.parse(JSON.stringify(out)), {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: {
        name: 'edge',
        namespace: 'gw-ns',
        labels: { 'app.kubernetes.io/component': 'gateway', 'app.kubernetes.io/managed-by': 'gwtopo', 'app.kubernetes.io/part-of': 'openchoreo' },
      },
      spec: {
        gatewayClassName: 'kgateway',
        infrastructure: { labels: SYSTEM },
        listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }],
      },
    });
    assert.equal('annotations' in out.metadata, false);
  });

  test('the module output: Gateway annotations, infrastructure labels and annotations beside the system label, the parameters reference', () => {
    const out = renderGateway(gw(), 'ns', {
      infrastructure: { labels: { tier: 'x' }, annotations: { a: '1' }, parametersRef: { name: 'p', group: 'g', kind: 'K' } },
      gatewayAnnotations: { [ISTIO_SERVICE_TYPE]: 'NodePort' },
      resources: [],
    }) as unknown as { metadata: Record<string, unknown>; spec: { infrastructure: Record<string, unknown> } };
    assert.deepEqual(out.metadata.annotations, { [ISTIO_SERVICE_TYPE]: 'NodePort' });
    assert.deepEqual(out.spec.infrastructure, { labels: { tier: 'x', ...SYSTEM }, annotations: { a: '1' }, parametersRef: { name: 'p', group: 'g', kind: 'K' } });
  });

  test('the system-component label wins over a module label of the same key', () => {
    const out = renderGateway(gw(), 'ns', { infrastructure: { labels: { 'openchoreo.dev/system-component': 'other' } }, resources: [] }) as unknown as {
      spec: { infrastructure: { labels: unknown } };
    };
    assert.deepEqual(out.spec.infrastructure.labels, SYSTEM);
  });

  test('empty infrastructure annotations are left out', () => {
    const out = renderGateway(gw(), 'ns', { infrastructure: { annotations: {} }, resources: [] }) as unknown as { spec: { infrastructure: { annotations?: unknown } } };
    assert.equal(out.spec.infrastructure.annotations, undefined);
  });

  test('Gateway labels and annotations are copies, not the shared constants', () => {
    const gatewayAnnotations = { k: 'v' };
    const out = renderGateway(gw(), 'ns', { infrastructure: {}, gatewayAnnotations, resources: [] });
    assert.notEqual(out.metadata.labels, GATEWAY_LABELS);
    assert.notEqual(out.metadata.annotations, gatewayAnnotations);
  });

  test('listeners keep the model order, with hostname, TLS and allowed routes', () => {
    const out = renderGateway(
      gw({
        listeners: [
          listener({
            name: 'b-https',
            protocol: 'HTTPS',
            port: 443,
            hostname: '*.example.com',
            allowedRoutes: 'Same',
            tls: { mode: 'Terminate', certificateRefs: [{ name: 'cert' }, { name: 'other', namespace: 'certs' }] },
          }),
          listener({ name: 'a-tls', protocol: 'TLS', port: 8443, tls: { mode: 'Passthrough', certificateRefs: [] } }),
        ],
      }),
      'ns',
      { infrastructure: {}, resources: [] },
    ) as unknown as { spec: { listeners: unknown[] } };
    assert.deepEqual(JSON.parse(JSON.stringify(out.spec.listeners)), [
      {
        name: 'b-https',
        port: 443,
        protocol: 'HTTPS',
        hostname: '*.example.com',
        tls: { mode: 'Terminate', certificateRefs: [{ name: 'cert' }, { name: 'other', namespace: 'certs' }] },
        allowedRoutes: { namespaces: { from: 'Same' } },
      },
      { name: 'a-tls', port: 8443, protocol: 'TLS', tls: { mode: 'Passthrough' }, allowedRoutes: { namespaces: { from: 'All' } } },
    ]);
  });
});

describe('control-plane partials', () => {
  test('gatewaySpec nests endpoints by direction then networking, one slot per protocol', () => {
    const spec = gatewaySpec(
      [
        gw({ name: 'in-ext', listeners: [listener({ name: 'web', port: 8080, host: 'x.example.com' }), listener({ name: 'sec', protocol: 'HTTPS', port: 443, host: 'y.example.com' })] }),
        gw({ name: 'in-int', networking: 'internal', listeners: [listener({ name: 'tls', protocol: 'TLS', port: 9443, host: 'z.internal' })] }),
        gw({ name: 'out-ext', direction: 'egress', listeners: [listener()] }),
      ],
      'gw-ns',
    );
    assert.deepEqual(spec, {
      ingress: {
        external: { name: 'in-ext', namespace: 'gw-ns', http: { listenerName: 'web', port: 8080, host: 'x.example.com' }, https: { listenerName: 'sec', port: 443, host: 'y.example.com' } },
        internal: { name: 'in-int', namespace: 'gw-ns', tls: { listenerName: 'tls', port: 9443, host: 'z.internal' } },
      },
      egress: { external: { name: 'out-ext', namespace: 'gw-ns', http: { listenerName: 'http', port: 80, host: 'a.example.com' } } },
    });
    assert.deepEqual(gatewaySpec([], 'ns'), {});
  });

  test('registrations: the data plane for shared gateways, then each environment with dedicated gateways, in model order', () => {
    const shared = gw({ name: 's' });
    const prod = gw({ name: 'p', scope: 'environment', environment: 'prod' });
    const dev = gw({ name: 'd', scope: 'environment', environment: 'dev' });
    const m = model({
      environments: [
        { name: 'dev', namespace: 'ns-dev' },
        { name: 'idle', namespace: 'ns-idle' },
        { name: 'prod', namespace: 'ns-prod' },
      ],
      gateways: [dev, prod, shared],
    });
    assert.deepEqual(registrations(m), [
      { kind: 'DataPlane', name: 'default', namespace: 'dp-ns', gateways: [shared], inherited: [], path: ['spec', 'dataPlane'] },
      { kind: 'Environment', name: 'dev', namespace: 'ns-dev', gateways: [dev], inherited: [], path: ['spec', 'environments'] },
      { kind: 'Environment', name: 'prod', namespace: 'ns-prod', gateways: [prod], inherited: [], path: ['spec', 'environments'] },
    ]);
  });

  test('registrations: a gateway goes by its scope: a shared one is never registered on an environment', () => {
    const shared = gw({ name: 's', environment: 'prod' });
    const dedicated = gw({ name: 'p', direction: 'egress', scope: 'environment', environment: 'prod' });
    const regs = registrations(model({ environments: [{ name: 'prod', namespace: 'n' }], gateways: [shared, dedicated] }));
    assert.deepEqual(
      regs.map((r) => [r.kind, r.gateways.map((g) => g.name)]),
      [
        ['DataPlane', ['s']],
        ['Environment', ['p']],
      ],
    );
  });

  test("registrations: an environment with an ingress gateway inherits the data plane's ingress gateways of the other networking", () => {
    const ext = gw({ name: 'ext' });
    const int = gw({ name: 'int', networking: 'internal', type: 'ClusterIP' });
    const out = gw({ name: 'out', direction: 'egress', networking: 'internal', type: 'ClusterIP' });
    const prodExt = gw({ name: 'prod-ext', scope: 'environment', environment: 'prod' });
    const devOut = gw({ name: 'dev-out', direction: 'egress', scope: 'environment', environment: 'dev' });
    const regs = registrations(
      model({
        environments: [
          { name: 'dev', namespace: 'n' },
          { name: 'prod', namespace: 'n' },
        ],
        gateways: [devOut, ext, int, out, prodExt],
      }),
    );
    assert.deepEqual(
      regs.map((r) => [r.name, r.gateways.map((g) => g.name), r.inherited.map((g) => g.name)]),
      [
        ['default', ['ext', 'int', 'out'], []],
        ['dev', ['dev-out'], []],
        ['prod', ['prod-ext'], ['int']],
      ],
    );
    const [, , prod] = renderControlPlane(
      model({
        environments: [
          { name: 'dev', namespace: 'n' },
          { name: 'prod', namespace: 'n' },
        ],
        gateways: [devOut, ext, int, out, prodExt],
      }),
    );
    assert.deepEqual(Object.keys((prod!.spec as { gateway: Record<string, Record<string, unknown>> }).gateway), ['ingress']);
    assert.deepEqual(Object.keys((prod!.spec as { gateway: Record<string, Record<string, unknown>> }).gateway.ingress!), ['external', 'internal']);
  });

  test('registrations: no data plane without shared gateways; a ClusterDataPlane has no namespace', () => {
    const env = gw({ name: 'p', scope: 'environment', environment: 'prod' });
    assert.deepEqual(
      registrations(model({ environments: [{ name: 'prod', namespace: 'n' }], gateways: [env] })).map((r) => r.kind),
      ['Environment'],
    );
    const [cdp] = registrations(model({ dataPlane: { kind: 'ClusterDataPlane', name: 'cdp' }, gateways: [gw()] }));
    assert.deepEqual(cdp, { kind: 'ClusterDataPlane', name: 'cdp', gateways: [gw()], inherited: [], path: ['spec', 'dataPlane'] });
    assert.equal('namespace' in cdp!, false);
    assert.deepEqual(registrations(model()), []);
  });

  test('apply mode: each partial holds only spec.gateway and the server-side-apply annotations', () => {
    const [dp, env] = renderControlPlane(model({ environments: [{ name: 'prod', namespace: 'ns-prod' }], gateways: [gw(), gw({ name: 'p', scope: 'environment', environment: 'prod' })] }));
    assert.deepEqual(dp, {
      apiVersion: 'openchoreo.dev/v1alpha1',
      kind: 'DataPlane',
      metadata: {
        name: 'default',
        namespace: 'dp-ns',
        annotations: {
          'argocd.argoproj.io/sync-options': 'ServerSideApply=true,Validate=false,Prune=false,Delete=false',
          'kustomize.toolkit.fluxcd.io/prune': 'disabled',
          'kustomize.toolkit.fluxcd.io/ssa': 'Merge',
        },
      },
      spec: { gateway: { ingress: { external: { name: 'edge', namespace: 'gw-ns', http: { listenerName: 'http', port: 80, host: 'a.example.com' } } } } },
    });
    assert.equal(env!.kind, 'Environment');
    assert.deepEqual(env!.metadata, { name: 'prod', namespace: 'ns-prod', annotations: { ...PARTIAL_ANNOTATIONS } });
    assert.equal(OPENCHOREO_API_VERSION, 'openchoreo.dev/v1alpha1');
    assert.notEqual(dp!.metadata.annotations, PARTIAL_ANNOTATIONS, 'a copy per object');
  });

  test('patch mode: no annotations (the base carries everything); a ClusterDataPlane partial has no namespace', () => {
    const [dp] = renderControlPlane(model({ controlPlane: { mode: 'patch', base: 'base' }, dataPlane: { kind: 'ClusterDataPlane', name: 'cdp' }, gateways: [gw()] }));
    assert.deepEqual(dp!.metadata, { name: 'cdp' });
  });
});

describe('renderCluster', () => {
  test('data plane: each managed gateway then its module resources; control plane: the partials; unmanaged gateways only register', () => {
    const m = model({
      gateways: [
        gw({ name: 'a', type: 'NodePort' }),
        gw({ name: 'b', managed: false, direction: 'egress' }),
        gw({ name: 'c', networking: 'internal', type: 'ClusterIP', direction: 'egress', module: 'nginx-gateway-fabric', gatewayClassName: 'nginx' }),
      ],
    });
    const placed = renderCluster(m);
    assert.deepEqual(
      placed.map((p) => [p.plane, p.resource.kind, p.resource.metadata.name, p.resource.metadata.namespace]),
      [
        ['data-plane', 'Gateway', 'a', 'gw-ns'],
        ['data-plane', 'GatewayParameters', 'a-params', 'gw-ns'],
        ['data-plane', 'ListenerPolicy', 'a-listeners', 'gw-ns'],
        ['data-plane', 'Gateway', 'c', 'gw-ns'],
        ['data-plane', 'NginxProxy', 'c-params', 'gw-ns'],
        ['control-plane', 'DataPlane', 'default', 'dp-ns'],
      ],
    );
    const gatewayC = placed[3]!.resource as unknown as { spec: { gatewayClassName: string; infrastructure: { parametersRef: unknown } } };
    assert.equal(gatewayC.spec.gatewayClassName, 'nginx');
    assert.deepEqual(gatewayC.spec.infrastructure.parametersRef, { name: 'c-params', group: 'gateway.nginx.org', kind: 'NginxProxy' });
    const registered = (placed[5]!.resource as unknown as { spec: { gateway: Record<string, Record<string, { name: string }>> } }).spec.gateway;
    assert.deepEqual([registered.ingress!.external!.name, registered.egress!.external!.name, registered.egress!.internal!.name], ['a', 'b', 'c']);
  });

  test('a cluster without gateways renders nothing', () => {
    assert.deepEqual(renderCluster(model()), []);
  });
});

describe('resource', () => {
  test('file names are <name>.<lower-case kind>.yaml; planes are data-plane then control-plane', () => {
    assert.equal(fileNameOf({ apiVersion: 'v1', kind: 'GatewayParameters', metadata: { name: 'edge-params' } }), 'edge-params.gatewayparameters.yaml');
    assert.deepEqual(PLANES, ['data-plane', 'control-plane']);
  });
});

describe('k3d port commands', () => {
  test('none without provider k3d', () => {
    assert.deepEqual(k3dPortCommands(model({ gateways: [gw({ listeners: [listener({ port: 8080 })] })] })), []);
  });

  test('one command per unmapped LoadBalancer port, numerically sorted and deduplicated', () => {
    const m = model({
      k3d: { clusterName: 'dev' },
      gateways: [
        gw({ listeners: [listener({ port: 10000 }), listener({ port: 19080 }), listener({ port: 9000 })] }),
        gw({ name: 'b', listeners: [listener({ port: 9000 }), listener({ port: 19443 }), listener({ port: 443 })] }),
        gw({ name: 'np', type: 'NodePort', listeners: [listener({ port: 30000 })] }),
        gw({ name: 'cip', type: 'ClusterIP', networking: 'internal', listeners: [listener({ port: 7000 })] }),
      ],
    });
    assert.deepEqual(k3dPortCommands(m), [
      'k3d node edit k3d-dev-serverlb --port-add 443:443/tcp',
      'k3d node edit k3d-dev-serverlb --port-add 9000:9000/tcp',
      'k3d node edit k3d-dev-serverlb --port-add 10000:10000/tcp',
    ]);
    assert.deepEqual([...K3D_MAPPED_PORTS].sort(), [19080, 19443]);
  });

  test('none when every port is mapped', () => {
    assert.deepEqual(k3dPortCommands(model({ k3d: { clusterName: 'x' }, gateways: [gw({ listeners: [listener({ port: 19080 })] })] })), []);
  });
});

const CONFIG: RepoConfig = {
  source: 'gwtopo.yaml',
  repository: { url: 'https://git.example.com/r.git', revision: 'main' },
  engines: ['argocd', 'flux'],
  argocd: { namespace: 'argo', project: 'proj', controlPlane: { name: 'cp' }, ordering: 'independent' },
  flux: { namespace: 'flux-ns', sourceName: 'src', interval: '7m' },
};

const LABELS = { 'app.kubernetes.io/managed-by': 'gwtopo', 'app.kubernetes.io/part-of': 'openchoreo' };

describe('Argo CD ApplicationSets', () => {
  test('without renamed clusters: a git directory generator per plane, the control plane server-side applied, both diffed server-side', () => {
    const [data, control] = renderArgoCD(CONFIG, [{ cluster: 'a', destination: 'a' }]);
    assert.deepEqual(data, {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: 'gwtopo-data-plane', namespace: 'argo', labels: LABELS },
      spec: {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [{ git: { repoURL: 'https://git.example.com/r.git', revision: 'main', directories: [{ path: 'overlays/*/data-plane' }] } }],
        template: {
          metadata: { name: 'gwtopo-{{ index .path.segments 1 }}-data-plane', labels: LABELS, annotations: { 'argocd.argoproj.io/compare-options': 'ServerSideDiff=true' } },
          spec: {
            project: 'proj',
            source: { repoURL: 'https://git.example.com/r.git', targetRevision: 'main', path: '{{ .path.path }}' },
            destination: { name: '{{ index .path.segments 1 }}' },
            syncPolicy: { automated: { prune: true, selfHeal: true } },
          },
        },
      },
    });
    assert.deepEqual(control, {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: 'gwtopo-control-plane', namespace: 'argo', labels: LABELS },
      spec: {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [{ git: { repoURL: 'https://git.example.com/r.git', revision: 'main', directories: [{ path: 'overlays/*/control-plane' }] } }],
        template: {
          // Argo CD diffs the partials by a server-side dry run (Server-Side Diff), not the structured-merge diff.
          metadata: { name: 'gwtopo-{{ index .path.segments 1 }}-control-plane', labels: LABELS, annotations: { 'argocd.argoproj.io/compare-options': 'ServerSideDiff=true' } },
          spec: {
            project: 'proj',
            source: { repoURL: 'https://git.example.com/r.git', targetRevision: 'main', path: '{{ .path.path }}' },
            destination: { name: 'cp' },
            syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['ServerSideApply=true'] },
          },
        },
      },
    });
  });

  test('renamed clusters are excluded from the directory generator and listed with their destination', () => {
    const [data] = renderArgoCD({ ...CONFIG, argocd: { ...CONFIG.argocd, controlPlane: { server: 'https://cp' } } }, [
      { cluster: 'a', destination: 'a' },
      { cluster: 'b', destination: 'eks-b' },
      { cluster: 'l', destination: IN_CLUSTER },
    ]);
    const generators = (data!.spec as { generators: unknown[] }).generators;
    assert.deepEqual(generators, [
      {
        git: {
          repoURL: 'https://git.example.com/r.git',
          revision: 'main',
          directories: [{ path: 'overlays/*/data-plane' }, { path: 'overlays/b/data-plane', exclude: true }, { path: 'overlays/l/data-plane', exclude: true }],
        },
      },
      {
        list: {
          elements: [
            { path: { path: 'overlays/b/data-plane', segments: ['overlays', 'b', 'data-plane'] }, destination: 'eks-b' },
            { path: { path: 'overlays/l/data-plane', segments: ['overlays', 'l', 'data-plane'] }, destination: 'in-cluster' },
          ],
          template: { metadata: {}, spec: { project: 'proj', destination: { name: '{{ .destination }}' } } },
        },
      },
    ]);
    const [, control] = renderArgoCD({ ...CONFIG, argocd: { ...CONFIG.argocd, controlPlane: { server: 'https://cp' } } }, []);
    assert.deepEqual((control!.spec as { template: { spec: { destination: unknown } } }).template.spec.destination, { server: 'https://cp' });
    assert.equal(GITOPS_DIR, '_gitops');
  });
});

describe('Flux repository URLs', () => {
  test('the scp-like form git@host:path becomes ssh://git@host/path', () => {
    assert.equal(fluxUrl('git@github.com:acme/platform.git'), 'ssh://git@github.com/acme/platform.git');
    assert.equal(fluxUrl('deploy@git.example.com:/srv/repo.git'), 'ssh://deploy@git.example.com/srv/repo.git', 'an absolute path keeps one slash');
  });

  test('URLs with a scheme are kept as they are', () => {
    for (const url of [
      'https://github.com/acme/platform.git',
      'https://user@git.example.com:8443/acme/platform.git',
      'ssh://git@git.example.com:2222/acme/platform.git',
      'http://git.example.com/r.git',
    ]) {
      assert.equal(fluxUrl(url), url);
    }
  });

  test('the GitRepository gets the Flux form', () => {
    const [repo] = renderFlux({ ...CONFIG, repository: { url: 'git@github.com:acme/platform.git', revision: 'main' } }, []);
    assert.equal((repo!.spec as { url: string }).url, 'ssh://git@github.com/acme/platform.git');
  });
});

describe('Flux objects', () => {
  test('a GitRepository, then per cluster a data-plane Kustomization and a control-plane one that depends on it', () => {
    const out = renderFlux(CONFIG, [
      { cluster: 'a', destination: 'a-remote' },
      { cluster: 'l', destination: 'in-cluster' },
    ]);
    const sourceRef = { kind: 'GitRepository', name: 'src' };
    assert.deepEqual(out, [
      {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'GitRepository',
        metadata: { name: 'src', namespace: 'flux-ns', labels: LABELS },
        spec: { interval: '7m', url: 'https://git.example.com/r.git', ref: { branch: 'main' } },
      },
      {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: 'gwtopo-a-data-plane', namespace: 'flux-ns', labels: LABELS },
        spec: { interval: '7m', path: './overlays/a/data-plane', prune: true, sourceRef, kubeConfig: { secretRef: { name: 'a-remote-kubeconfig' } } },
      },
      {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: 'gwtopo-a-control-plane', namespace: 'flux-ns', labels: LABELS },
        spec: { interval: '7m', path: './overlays/a/control-plane', prune: true, sourceRef, dependsOn: [{ name: 'gwtopo-a-data-plane' }] },
      },
      {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: 'gwtopo-l-data-plane', namespace: 'flux-ns', labels: LABELS },
        spec: { interval: '7m', path: './overlays/l/data-plane', prune: true, sourceRef },
      },
      {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: 'gwtopo-l-control-plane', namespace: 'flux-ns', labels: LABELS },
        spec: { interval: '7m', path: './overlays/l/control-plane', prune: true, sourceRef, dependsOn: [{ name: 'gwtopo-l-data-plane' }] },
      },
    ]);
  });

  test('the revision becomes a commit, a ref name or a branch', () => {
    const ref = (revision: string): unknown => (renderFlux({ ...CONFIG, repository: { url: 'u', revision } }, [])[0]!.spec as { ref: unknown }).ref;
    const sha = '0123456789abcdef0123456789abcdef01234567';
    assert.deepEqual(ref(sha), { commit: sha });
    assert.deepEqual(ref(sha.toUpperCase()), { branch: sha.toUpperCase() }, 'Git object names are lower case');
    assert.deepEqual(ref(`${sha}0`), { branch: `${sha}0` }, '41 characters');
    assert.deepEqual(ref(`x${sha}`), { branch: `x${sha}` });
    assert.deepEqual(ref(sha.slice(1)), { branch: sha.slice(1) }, '39 characters');
    assert.deepEqual(ref('refs/tags/v1'), { name: 'refs/tags/v1' });
    assert.deepEqual(ref('release/refs/x'), { branch: 'release/refs/x' });
    assert.deepEqual(ref('main'), { branch: 'main' });
  });
});

describe('module helpers', () => {
  test('isDefaultService: the module default type and no annotations or labels', () => {
    assert.equal(isDefaultService(kgateway, gw()), true);
    assert.equal(isDefaultService(kgateway, gw({ type: 'NodePort' })), false);
    assert.equal(isDefaultService(kgateway, gw({ annotations: { a: 'b' } })), false);
    assert.equal(isDefaultService(kgateway, gw({ labels: { a: 'b' } })), false);
  });

  test('nonEmpty and infrastructureMetadata', () => {
    assert.equal(nonEmpty({}), undefined);
    assert.deepEqual(nonEmpty({ a: 'b' }), { a: 'b' });
    assert.deepEqual(infrastructureMetadata(gw()), {});
    assert.deepEqual(infrastructureMetadata(gw({ labels: { l: '1' } })), { labels: { l: '1' } });
    assert.deepEqual(infrastructureMetadata(gw({ annotations: { a: '1' } })), { annotations: { a: '1' } });
  });

  test('dnsLabelOrUndefined: at most 63 characters', () => {
    assert.equal(dnsLabelOrUndefined('x'.repeat(63)), 'x'.repeat(63));
    assert.equal(dnsLabelOrUndefined('x'.repeat(64)), undefined);
  });

  test('the registry lists every module under its id', () => {
    assert.deepEqual(MODULE_IDS, ['kgateway', 'envoy-gateway', 'nginx-gateway-fabric', 'istio', 'cilium', 'traefik', 'kong']);
    for (const id of MODULE_IDS) {
      assert.equal(moduleFor(id).id, id);
      assert.equal(MODULES[id], moduleFor(id));
    }
  });
});

describe('module caveats', () => {
  test('the README lists exactly the caveats of every module, in registry order', () => {
    const readme = readFileSync(join(REPO_ROOT, 'docs', 'modules.md'), 'utf8');
    const section = readme.slice(readme.indexOf('Caveats by module:'));
    const listed = [...section.slice(0, section.indexOf('\n\n', section.indexOf('- **'))).matchAll(/^- \*\*`([^`]+)`\*\*: (.+)$/gm)].map((m) => [m[1], m[2]]);
    const expected = MODULE_IDS.flatMap((id) => moduleFor(id).caveats.map((c) => [id, c]));
    for (const id of MODULE_IDS) assert.ok(moduleFor(id).caveats.length > 0, `module ${id} has caveats`);
    for (const [, caveat] of expected) assert.ok(caveat!.trim().length > 20, `a caveat says something: ${JSON.stringify(caveat)}`);
    assert.deepEqual(listed, expected);
  });
});

describe('modules: identity, Service names and what each expresses', () => {
  test('default classes, default Service types and mechanisms', () => {
    assert.deepEqual(
      MODULE_IDS.map((id) => [id, moduleFor(id).defaultGatewayClass, moduleFor(id).defaultServiceType, moduleFor(id).expresses]),
      [
        ['kgateway', 'kgateway', 'LoadBalancer', { type: 'parameters', annotations: 'parameters', labels: 'parameters', parametersKind: 'GatewayParameters (gateway.kgateway.dev/v1alpha1)' }],
        ['envoy-gateway', 'envoy-gateway', 'LoadBalancer', { type: 'parameters', annotations: 'parameters', labels: 'parameters', parametersKind: 'EnvoyProxy (gateway.envoyproxy.io/v1alpha1)' }],
        ['nginx-gateway-fabric', 'nginx', 'LoadBalancer', { type: 'parameters', annotations: 'infrastructure', labels: 'infrastructure', parametersKind: 'NginxProxy (gateway.nginx.org/v1alpha2)' }],
        ['istio', 'istio', 'LoadBalancer', { type: 'gateway-annotation', annotations: 'infrastructure', labels: 'infrastructure' }],
        ['cilium', 'cilium', 'LoadBalancer', { type: 'gateway-class', annotations: 'infrastructure', labels: 'infrastructure' }],
        ['traefik', 'traefik', undefined, { type: 'install', annotations: 'install', labels: 'install' }],
        ['kong', 'kong', undefined, { type: 'install', annotations: 'install', labels: 'install' }],
      ],
    );
  });

  test('Service names, and none when the name would be longer than a DNS label', () => {
    assert.equal(kgateway.serviceName('edge', 'kgateway'), 'edge');
    assert.equal(envoyGateway.serviceName('edge', 'envoy-gateway'), 'edge', 'named by the EnvoyProxy');
    assert.equal(nginxGatewayFabric.serviceName('edge', 'nginx'), 'edge-nginx');
    assert.equal(istio.serviceName('edge', 'istio'), 'edge-istio');
    assert.equal(cilium.serviceName('edge', 'cilium'), 'cilium-gateway-edge');
    assert.equal(traefik.serviceName('edge', 'traefik'), undefined);
    assert.equal(kong.serviceName('edge', 'kong'), undefined);
    const long = 'g'.repeat(57);
    assert.equal(istio.serviceName(`${long}x`, 'istio'), undefined);
    assert.equal(istio.serviceName(long, 'istio'), `${long}-istio`);
    assert.equal(nginxGatewayFabric.serviceName(long, 'nginx'), `${long}-nginx`);
    assert.equal(nginxGatewayFabric.serviceName(`${long}x`, 'nginx'), undefined);
    assert.equal(cilium.serviceName('g'.repeat(48), 'cilium'), `cilium-gateway-${'g'.repeat(48)}`);
    assert.equal(cilium.serviceName('g'.repeat(49), 'cilium'), undefined);
  });

  test('modules with a Service per Gateway refuse nothing (cilium aside)', () => {
    const req: ServiceRequest = { gateway: 'g', gatewayClassName: 'x', type: 'ClusterIP', effectiveType: 'ClusterIP', annotations: true, labels: true, classes: new Map() };
    for (const m of [kgateway, envoyGateway, nginxGatewayFabric, istio]) assert.deepEqual(m.refuse(req), [], m.id);
  });
});

describe('modules: rendering', () => {
  test('kgateway: the default Service needs nothing; otherwise a GatewayParameters that always states the type', () => {
    assert.deepEqual(kgateway.render(gw({ websocket: false }), 'ns'), { infrastructure: {}, resources: [] });
    const out = kgateway.render(gw({ annotations: { a: '1' }, websocket: false }), 'ns');
    assert.deepEqual(JSON.parse(JSON.stringify(out)), {
      infrastructure: { parametersRef: { name: 'edge-params', group: 'gateway.kgateway.dev', kind: 'GatewayParameters' } },
      resources: [
        {
          apiVersion: 'gateway.kgateway.dev/v1alpha1',
          kind: 'GatewayParameters',
          metadata: { name: 'edge-params', namespace: 'ns' },
          spec: { kube: { service: { type: 'LoadBalancer', extraAnnotations: { a: '1' } } } },
        },
      ],
    });
    const labelled = kgateway.render(gw({ type: 'ClusterIP', labels: { l: '2' } }), 'ns').resources[0] as unknown as { spec: unknown };
    assert.deepEqual(JSON.parse(JSON.stringify(labelled.spec)), { kube: { service: { type: 'ClusterIP', extraLabels: { l: '2' } } } });
  });

  test('kgateway: a ListenerPolicy <gateway>-listeners enables WebSocket upgrades, unless websocket is false', () => {
    const policy = {
      apiVersion: 'gateway.kgateway.dev/v1alpha1',
      kind: 'ListenerPolicy',
      metadata: { name: 'edge-listeners', namespace: 'ns' },
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }],
        default: { httpSettings: { upgradeConfig: { enabledUpgrades: ['websocket'] } } },
      },
    };
    assert.deepEqual(kgateway.render(gw(), 'ns'), { infrastructure: {}, resources: [], policies: [policy] });
    const withParams = kgateway.render(gw({ type: 'ClusterIP' }), 'ns');
    assert.deepEqual(withParams.policies, [policy]);
    assert.equal(withParams.resources.length, 1);
    assert.equal(kgateway.render(gw({ type: 'ClusterIP', websocket: false }), 'ns').policies, undefined);
  });

  test('envoy-gateway: the default Service needs nothing; otherwise an EnvoyProxy that names the Service after the gateway', () => {
    assert.deepEqual(envoyGateway.render(gw({ module: 'envoy-gateway' }), 'ns'), { infrastructure: {}, resources: [] });
    const out = envoyGateway.render(gw({ type: 'NodePort', labels: { l: '1' } }), 'ns');
    assert.deepEqual(JSON.parse(JSON.stringify(out)), {
      infrastructure: { parametersRef: { name: 'edge-params', group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy' } },
      resources: [
        {
          apiVersion: 'gateway.envoyproxy.io/v1alpha1',
          kind: 'EnvoyProxy',
          metadata: { name: 'edge-params', namespace: 'ns' },
          spec: { provider: { type: 'Kubernetes', kubernetes: { envoyService: { name: 'edge', type: 'NodePort', labels: { l: '1' } } } } },
        },
      ],
    });
    const annotated = envoyGateway.render(gw({ annotations: { a: '1' } }), 'ns').resources[0] as unknown as { spec: unknown };
    assert.deepEqual(JSON.parse(JSON.stringify(annotated.spec)), { provider: { type: 'Kubernetes', kubernetes: { envoyService: { name: 'edge', type: 'LoadBalancer', annotations: { a: '1' } } } } });
  });

  test('nginx-gateway-fabric: metadata through spec.infrastructure; an NginxProxy only for another type', () => {
    assert.deepEqual(nginxGatewayFabric.render(gw({ labels: { l: '1' }, annotations: { a: '2' } }), 'ns'), { infrastructure: { labels: { l: '1' }, annotations: { a: '2' } }, resources: [] });
    const out = nginxGatewayFabric.render(gw({ type: 'ClusterIP', labels: { l: '1' } }), 'ns');
    assert.deepEqual(out, {
      infrastructure: { labels: { l: '1' }, parametersRef: { name: 'edge-params', group: 'gateway.nginx.org', kind: 'NginxProxy' } },
      resources: [{ apiVersion: 'gateway.nginx.org/v1alpha2', kind: 'NginxProxy', metadata: { name: 'edge-params', namespace: 'ns' }, spec: { kubernetes: { service: { type: 'ClusterIP' } } } }],
    });
  });

  test('istio: metadata through spec.infrastructure; a service-type Gateway annotation only for another type', () => {
    assert.deepEqual(istio.render(gw({ annotations: { a: '1' } }), 'ns'), { infrastructure: { annotations: { a: '1' } }, resources: [] });
    assert.deepEqual(istio.render(gw({ type: 'ClusterIP' }), 'ns'), { infrastructure: {}, resources: [], gatewayAnnotations: { 'networking.istio.io/service-type': 'ClusterIP' } });
    assert.deepEqual(istio.render(gw({ type: 'NodePort', labels: { l: '1' } }), 'ns'), {
      infrastructure: { labels: { l: '1' } },
      resources: [],
      gatewayAnnotations: { [ISTIO_SERVICE_TYPE]: 'NodePort' },
    });
    const untyped = gw();
    delete untyped.service.type;
    assert.deepEqual(istio.render(untyped, 'ns'), { infrastructure: {}, resources: [] });
  });

  test('cilium: metadata through spec.infrastructure, nothing else', () => {
    assert.deepEqual(cilium.render(gw({ type: 'NodePort', labels: { l: '1' }, annotations: { a: '2' } }), 'ns'), { infrastructure: { labels: { l: '1' }, annotations: { a: '2' } }, resources: [] });
  });

  test('traefik and kong: nothing per gateway', () => {
    for (const m of [traefik, kong]) assert.deepEqual(m.render(gw({ module: m.id, type: 'NodePort', labels: { l: '1' } }), 'ns'), { infrastructure: {}, resources: [] });
  });
});

describe('modules: refusals', () => {
  const req = (over: Partial<ServiceRequest>): ServiceRequest => ({ gateway: 'g', gatewayClassName: 'cilium', annotations: false, labels: false, classes: new Map(), ...over });

  test('install-provided Services refuse every per-gateway setting, naming the product and its Helm values', () => {
    assert.deepEqual(traefik.refuse(req({ gatewayClassName: 'traefik' })), []);
    assert.deepEqual(traefik.refuse(req({ gatewayClassName: 'traefik', effectiveType: 'LoadBalancer' })), [], 'only an explicit type is refused');
    const instead =
      'set it in the Traefik Helm values (service.type, service.annotations, service.labels), or give this gateway a module that provisions a Service per Gateway (gateways[].module: kgateway, envoy-gateway, …)';
    assert.deepEqual(traefik.refuse(req({ type: 'NodePort', annotations: true, labels: true })), [
      { field: 'type', message: 'module traefik serves every Gateway through the one Service of the Traefik install: gateway "g" cannot have its own Service type', hint: instead },
      { field: 'annotations', message: 'module traefik serves every Gateway through the one Service of the Traefik install: gateway "g" cannot have its own Service annotations', hint: instead },
      { field: 'labels', message: 'module traefik serves every Gateway through the one Service of the Traefik install: gateway "g" cannot have its own Service labels', hint: instead },
    ]);
    assert.deepEqual(kong.refuse(req({ labels: true })), [
      {
        field: 'labels',
        message: 'module kong serves every Gateway through the one Service of the Kong install: gateway "g" cannot have its own Service labels',
        hint: 'set it in the Kong Helm values (gateway.proxy.type, gateway.proxy.annotations, gateway.proxy.labels), or give this gateway a module that provisions a Service per Gateway (gateways[].module: kgateway, envoy-gateway, …)',
      },
    ]);
    assert.deepEqual(
      kong.refuse(req({ annotations: true })).map((r) => r.field),
      ['annotations'],
    );
  });

  test('cilium: ClusterIP is refused, saying when it came from the internal default', () => {
    const hint = 'set service.type: LoadBalancer (the provider preset makes it private), or NodePort with a GatewayClass configured for NodePort (declare it under spec.gatewayClasses)';
    assert.deepEqual(cilium.refuse(req({ effectiveType: 'ClusterIP' })), [
      {
        field: 'type',
        message: 'module cilium cannot give gateway "g" a ClusterIP Service (internal gateways default to ClusterIP): Cilium creates LoadBalancer or NodePort Services, chosen per GatewayClass',
        hint,
      },
    ]);
    assert.deepEqual(cilium.refuse(req({ type: 'ClusterIP', effectiveType: 'ClusterIP' })), [
      { field: 'type', message: 'module cilium cannot give gateway "g" a ClusterIP Service: Cilium creates LoadBalancer or NodePort Services, chosen per GatewayClass', hint },
    ]);
  });

  test('cilium: an implicit type is never refused; an explicit one must match the class', () => {
    assert.deepEqual(cilium.refuse(req({ effectiveType: 'NodePort' })), [], 'from a declared class');
    assert.deepEqual(cilium.refuse(req({ type: 'LoadBalancer' })), [], 'no effective type: reported elsewhere');
    assert.deepEqual(cilium.refuse(req({ type: 'LoadBalancer', effectiveType: 'LoadBalancer' })), [], 'the default class gives LoadBalancer');
    assert.deepEqual(cilium.refuse(req({ type: 'NodePort', effectiveType: 'NodePort' })), [
      {
        field: 'type',
        message: 'module cilium sets the Service type per GatewayClass: GatewayClass "cilium" gives LoadBalancer Services, not NodePort (gateway "g")',
        hint: 'set gatewayClassName to a GatewayClass whose CiliumGatewayClassConfig sets service.type NodePort, and declare it under spec.gatewayClasses',
      },
    ]);
    const classes = new Map<string, ServiceType>([
      ['np', 'NodePort'],
      ['cilium', 'NodePort'],
    ]);
    assert.deepEqual(cilium.refuse(req({ gatewayClassName: 'np', type: 'NodePort', effectiveType: 'NodePort', classes })), []);
    assert.deepEqual(cilium.refuse(req({ type: 'NodePort', effectiveType: 'NodePort', classes })), [], 'a declaration overrides the default class');
    assert.deepEqual(
      cilium.refuse(req({ gatewayClassName: 'np', type: 'LoadBalancer', effectiveType: 'LoadBalancer', classes })).map((r) => r.message),
      ['module cilium sets the Service type per GatewayClass: GatewayClass "np" gives NodePort Services, not LoadBalancer (gateway "g")'],
    );
    assert.deepEqual(cilium.refuse(req({ gatewayClassName: 'other', type: 'NodePort', effectiveType: 'NodePort' })), [
      {
        field: 'type',
        message: 'module cilium sets the Service type per GatewayClass, and GatewayClass "other" of gateway "g" is not declared in spec.gatewayClasses',
        hint: 'declare it with the type its CiliumGatewayClassConfig sets: spec.gatewayClasses: [{name: other, serviceType: NodePort}]',
      },
    ]);
  });
});
