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
  /** spec.chart, when given. */
  chart?: ChartConfig;
}

/** gwtopo.yaml spec.chart: the data-plane chart's values files by cluster-name pattern (each file with its place). */
export interface ChartConfig {
  /** In the order written. */
  clusters: { pattern: string; values: SetRef[] }[];
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

const WILDCARD = /[*?]/;

/** A cluster-name pattern: `*` any characters, `?` one character; everything else literal. */
export function patternMatches(pattern: string, name: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(name);
}

/** How specific a pattern is: names without wildcards first, then the most literal characters. */
function specificity(pattern: string): number {
  return WILDCARD.test(pattern) ? pattern.replace(/[*?]/g, '').length : Number.MAX_SAFE_INTEGER;
}

/** The entry of a by-cluster-pattern map for a cluster: the most specific match; on a tie the first written. */
export function clusterEntry<T extends { pattern: string }>(entries: readonly T[], cluster: string): T | undefined {
  let best: T | undefined;
  for (const entry of entries) {
    if (!patternMatches(entry.pattern, cluster)) continue;
    if (best === undefined || specificity(entry.pattern) > specificity(best.pattern)) best = entry;
  }
  return best;
}
