// GitOps engine wiring (gwtopo.yaml spec.engines): the Argo CD ApplicationSets and the Flux GitRepository
// and Kustomizations that sync every cluster's overlays — data plane to the cluster, control plane to the
// OpenChoreo control plane, registrations after the gateways.
import type { RepoConfig } from '../topology/config.js';
import { fluxUrl } from '../topology/config.js';
import { OVERLAYS_DIR } from '../topology/layout.js';
import type { Resource } from '../topology/resource.js';

export interface ClusterTarget {
  cluster: string;
  /** The data-plane cluster's name in the engines. */
  destination: string;
}

/** Argo CD's name for the cluster it runs in; for Flux: apply without a kubeconfig. */
export const IN_CLUSTER = 'in-cluster';

const LABELS = { 'app.kubernetes.io/managed-by': 'gwtopo', 'app.kubernetes.io/part-of': 'openchoreo' };
const CLUSTER = '{{ index .path.segments 1 }}';
const PLANE = '{{ index .path.segments 2 }}';

function planePath(cluster: string, plane: string): string {
  return `${OVERLAYS_DIR}/${cluster}/${plane}`;
}

type GitopsPlane = 'data-plane' | 'control-plane';

/** How a plane's Applications sync (both orderings): automated with prune and self-heal; the control plane server-side. */
function planeSyncPolicy(plane: GitopsPlane): Record<string, unknown> {
  return { automated: { prune: true, selfHeal: true }, ...(plane === 'control-plane' ? { syncOptions: ['ServerSideApply=true'] } : {}) };
}

/**
 * Argo CD compares the Applications' objects by a server-side dry run (Server-Side Diff, Argo CD 2.10+, stable
 * since 3.1) instead of the structured-merge diff that the ServerSideApply sync option selects otherwise, which
 * Argo CD has discontinued and which mis-reads CRD defaults (docs/user-guide/diff-strategies.md).
 */
const SERVER_SIDE_DIFF = { 'argocd.argoproj.io/compare-options': 'ServerSideDiff=true' } as const;

/**
 * A plane's Application metadata beyond name and labels (both orderings): Server-Side Diff, on both planes. The
 * data plane's objects are whole, but their CRDs default fields the API server adds (§12): gwtopo renders those
 * defaults, and Server-Side Diff compares with the object as the server would store it, so a default the
 * rendered object lacks (a schema set older than the cluster's CRDs) cannot leave it OutOfSync either.
 */
function planeMetadata(_plane: GitopsPlane): Record<string, unknown> {
  return { annotations: { ...SERVER_SIDE_DIFF } };
}

/** The label that tells the planes' Applications apart (the RollingSync steps select on it). */
const PLANE_LABEL = 'gwtopo.dev/plane';

function applicationSet(config: RepoConfig, plane: GitopsPlane, extraGenerators: unknown[], directories: unknown[], destination: unknown): Resource {
  const repo = config.repository!;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: `gwtopo-${plane}`, namespace: config.argocd.namespace, labels: { ...LABELS } },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [{ git: { repoURL: repo.url, revision: repo.revision, directories } }, ...extraGenerators],
      template: {
        metadata: { name: `gwtopo-${CLUSTER}-${plane}`, labels: { ...LABELS }, ...planeMetadata(plane) },
        spec: {
          project: config.argocd.project,
          source: { repoURL: repo.url, targetRevision: repo.revision, path: '{{ .path.path }}' },
          destination,
          syncPolicy: planeSyncPolicy(plane),
        },
      },
    },
  };
}

/** The data plane's directories: every cluster's folder, except clusters synced to another destination. */
function dataPlaneDirectories(renamed: readonly ClusterTarget[]): unknown[] {
  return [{ path: `${OVERLAYS_DIR}/*/data-plane` }, ...renamed.map((c) => ({ path: planePath(c.cluster, 'data-plane'), exclude: true }))];
}

/** The clusters synced to another destination than their name, as list elements shaped like the directory generator's. */
function renamedElements(renamed: readonly ClusterTarget[]): unknown[] {
  return renamed.map((c) => ({ path: { path: planePath(c.cluster, 'data-plane'), segments: [OVERLAYS_DIR, c.cluster, 'data-plane'] }, destination: c.destination }));
}

/**
 * Two ApplicationSets with git directory generators: one over overlays/*\/data-plane (destination: the
 * cluster named by the folder), one over overlays/*\/control-plane (destination: the control plane,
 * server-side apply); both compared by Server-Side Diff. Clusters whose destination differs from their name are excluded from the directory
 * generator and listed by a list generator that sets their destination. With `ordering: progressive`, one
 * ApplicationSet instead (renderArgoCDProgressive).
 */
export function renderArgoCD(config: RepoConfig, clusters: readonly ClusterTarget[]): Resource[] {
  if (config.argocd.ordering === 'progressive') return [renderArgoCDProgressive(config, clusters)];
  const renamed = clusters.filter((c) => c.destination !== c.cluster);
  const dataPlane = applicationSet(
    config,
    'data-plane',
    renamed.length === 0
      ? []
      : [
          {
            list: {
              elements: renamedElements(renamed),
              template: { metadata: {}, spec: { project: config.argocd.project, destination: { name: '{{ .destination }}' } } },
            },
          },
        ],
    dataPlaneDirectories(renamed),
    { name: CLUSTER },
  );
  const controlPlane = applicationSet(config, 'control-plane', [], [{ path: `${OVERLAYS_DIR}/*/control-plane` }], { ...config.argocd.controlPlane });
  return [dataPlane, controlPlane];
}

/**
 * `spec.argocd.ordering: progressive`: ONE ApplicationSet `gwtopo` generating both planes' Applications
 * with the RollingSync strategy — step 1 the data-plane Applications, step 2 the control-plane ones, which
 * the ApplicationSet controller syncs only once every data-plane Application is Healthy (Argo CD's Gateway
 * health check waits for Programmed), so a gateway exists before it is registered. Each generator carries
 * the template fields of its plane (destination, sync policy); the ApplicationSet controller fills the rest
 * from spec.template (a generator's template wins field by field), so spec.template sets no destination.
 * Needs applicationsetcontroller.enable.progressive.syncs; the controller then turns automated sync off on
 * the Applications and syncs them itself, pruning as syncPolicy.automated.prune says (docs/gitops.md).
 */
function renderArgoCDProgressive(config: RepoConfig, clusters: readonly ClusterTarget[]): Resource {
  const repo = config.repository!;
  const renamed = clusters.filter((c) => c.destination !== c.cluster);
  const project = config.argocd.project;
  const planeTemplate = (plane: GitopsPlane, destination: unknown): unknown => ({ metadata: planeMetadata(plane), spec: { project, destination, syncPolicy: planeSyncPolicy(plane) } });
  const step = (plane: GitopsPlane): unknown => ({ matchExpressions: [{ key: PLANE_LABEL, operator: 'In', values: [plane] }] });
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: 'gwtopo', namespace: config.argocd.namespace, labels: { ...LABELS } },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [
        { git: { repoURL: repo.url, revision: repo.revision, directories: dataPlaneDirectories(renamed), template: planeTemplate('data-plane', { name: CLUSTER }) } },
        ...(renamed.length === 0 ? [] : [{ list: { elements: renamedElements(renamed), template: planeTemplate('data-plane', { name: '{{ .destination }}' }) } }]),
        {
          git: { repoURL: repo.url, revision: repo.revision, directories: [{ path: `${OVERLAYS_DIR}/*/control-plane` }], template: planeTemplate('control-plane', { ...config.argocd.controlPlane }) },
        },
      ],
      strategy: { type: 'RollingSync', rollingSync: { steps: [step('data-plane'), step('control-plane')] } },
      template: {
        metadata: { name: `gwtopo-${CLUSTER}-${PLANE}`, labels: { ...LABELS, [PLANE_LABEL]: PLANE } },
        spec: { project, source: { repoURL: repo.url, targetRevision: repo.revision, path: '{{ .path.path }}' }, destination: {} },
      },
    },
  };
}

/** Flux's GitRepository reference for a revision: a commit SHA, a full refs/… name, or a branch. */
function gitRef(revision: string): Record<string, string> {
  if (/^[0-9a-f]{40}$/.test(revision)) return { commit: revision };
  if (revision.startsWith('refs/')) return { name: revision };
  return { branch: revision };
}

/**
 * A GitRepository and, per cluster, a data-plane Kustomization applied to the remote cluster through its
 * kubeconfig Secret `<destination>-kubeconfig` (none for in-cluster), and a control-plane Kustomization
 * that depends on it, so a gateway exists before it is registered.
 */
export function renderFlux(config: RepoConfig, clusters: readonly ClusterTarget[]): Resource[] {
  const { namespace, sourceName, interval, secretRef } = config.flux;
  const sourceRef = { kind: 'GitRepository', name: sourceName };
  const out: Resource[] = [
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: sourceName, namespace, labels: { ...LABELS } },
      spec: { interval, url: fluxUrl(config.repository!.url), ref: gitRef(config.repository!.revision), ...(secretRef === undefined ? {} : { secretRef: { name: secretRef } }) },
    },
  ];
  for (const c of clusters) {
    const dataPlane = `gwtopo-${c.cluster}-data-plane`;
    out.push({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: dataPlane, namespace, labels: { ...LABELS } },
      spec: {
        interval,
        path: `./${planePath(c.cluster, 'data-plane')}`,
        prune: true,
        sourceRef,
        ...(c.destination === IN_CLUSTER ? {} : { kubeConfig: { secretRef: { name: `${c.destination}-kubeconfig` } } }),
      },
    });
    out.push({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: `gwtopo-${c.cluster}-control-plane`, namespace, labels: { ...LABELS } },
      spec: { interval, path: `./${planePath(c.cluster, 'control-plane')}`, prune: true, sourceRef, dependsOn: [{ name: dataPlane }] },
    });
  }
  return out;
}
