// The repository configuration (gwtopo.yaml), defaults resolved.

export const CONFIG_FILE = 'gwtopo.yaml';

export type Engine = 'argocd' | 'flux';

export const ARGOCD_ORDERINGS = ['independent', 'progressive'] as const;
export type ArgoCDOrdering = (typeof ARGOCD_ORDERINGS)[number];

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
