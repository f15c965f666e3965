// The repository configuration (gwtopo.yaml), defaults resolved.

export const CONFIG_FILE = 'gwtopo.yaml';

export type Engine = 'argocd' | 'flux';

const ARGOCD_ORDERINGS = ['independent', 'progressive'] as const;
type ArgoCDOrdering = (typeof ARGOCD_ORDERINGS)[number];

/** A schema set as written in a file (spec.crds): its value, and where it is (for problems about it). */
export interface SetRef {
  value: string;
  file: string;
  line: number;
  col: number;
  /** The field, e.g. `spec.crds.clusters["prod-*"]`. */
  path: string;
}

/** gwtopo.yaml spec.crds: the set of clusters no pattern matches, and sets by cluster-name pattern. */
export interface CrdsConfig {
  default?: SetRef;
  /** In the order written. */
  clusters: { pattern: string; set: SetRef }[];
}

export interface RepoConfig {
  source: string;
  /** Set when an engine is enabled (the schema rules require it then). */
  repository?: { url: string; revision: string };
  engines: Engine[];
  argocd: {
    namespace: string;
    project: string;
    controlPlane: { name: string } | { server: string };
    /** independent: one ApplicationSet per plane; progressive: one ApplicationSet, data planes first (RollingSync). */
    ordering: ArgoCDOrdering;
  };
  /** secretRef: the Secret with the repository's credentials, when there is one. */
  flux: { namespace: string; sourceName: string; interval: string; secretRef?: string };
  /** spec.crds, when given. */
  crds?: CrdsConfig;
}

export const CONFIG_DEFAULTS = {
  revision: 'main',
  argocdNamespace: 'argocd',
  argocdProject: 'default',
  argocdControlPlaneServer: 'https://kubernetes.default.svc',
  argocdOrdering: 'independent',
  fluxNamespace: 'flux-system',
  fluxSourceName: 'gwtopo',
  fluxInterval: '10m',
} as const;

/**
 * Flux requires an http(s):// or ssh:// URL; the scp-like form git@host:path that Argo CD and git accept
 * becomes ssh://git@host/path.
 */
export function fluxUrl(url: string): string {
  const scp = /^([^@/:\s]+@[^:/\s]+):(?!\/\/)(.+)$/.exec(url);
  return scp === null ? url : `ssh://${scp[1]}/${scp[2]!.replace(/^\/+/, '')}`;
}
