// The engine-objects step of the pipeline: the Argo CD and Flux objects of gwtopo.yaml for every cluster
// (render/gitops.ts), defaulted, serialized under overlays/_gitops/ and conformed against gwtopo.yaml's default set.

import { withDefaults } from '../conform/defaults.js';
import { DEFAULT_SET } from '../conform/index.js';
import { loadSchemaSet } from '../conform/schema-set.js';
import { conformFile } from '../conform/stage.js';
import type { Problem } from '../diagnostics/problem.js';
import { type ClusterTarget, renderArgoCD, renderFlux } from '../render/gitops.js';
import { folderFiles, type OutputFile } from '../serialize/files.js';
import type { RepoConfig } from '../topology/config.js';
import { GITOPS_DIR, OVERLAYS_DIR } from '../topology/layout.js';
import { fileNameOf, type Resource } from '../topology/resource.js';
import type { PipelineOptions } from './cluster.js';
import type { LoadedConfig } from './repository.js';

interface EngineFolder {
  engine: string;
  dir: string;
  resources: Resource[];
}

/** The engine objects of gwtopo.yaml for every cluster, by folder of overlays/_gitops/. */
function gitopsFolders(config: RepoConfig, clusters: ClusterTarget[]): EngineFolder[] {
  const dir = `${OVERLAYS_DIR}/${GITOPS_DIR}`;
  return [
    ...(config.engines.includes('argocd') ? [{ engine: 'argocd', dir: `${dir}/argocd`, resources: renderArgoCD(config, clusters) }] : []),
    ...(config.engines.includes('flux') ? [{ engine: 'flux', dir: `${dir}/flux`, resources: renderFlux(config, clusters) }] : []),
  ];
}

/** The engine objects against gwtopo.yaml's default set; problems at the engine in spec.engines. */
function conformGitops(root: string, folders: readonly EngineFolder[], files: readonly OutputFile[], loaded: LoadedConfig, opts: PipelineOptions): Problem[] {
  const { config, parsed } = loaded;
  const set = loadSchemaSet(root, config?.crds?.default?.value ?? DEFAULT_SET);
  if (!set.ok || parsed === undefined) return []; // a set gwtopo.yaml names is reported by configSetProblems
  const written = (parsed.data as { spec?: { engines?: unknown } }).spec?.engines;
  const items = folders.flatMap((folder) => {
    const index = Array.isArray(written) ? written.indexOf(folder.engine) : -1;
    const origin = { path: ['spec', 'engines', ...(index === -1 ? [] : [index])] };
    return folder.resources.map((resource) => ({ file: `${folder.dir}/${fileNameOf(resource)}`, resource, origin, partial: false }));
  });
  return conformFile(set.set, items, files, { parsed, subject: 'the engine objects', ...(opts.previous === undefined ? {} : { previous: opts.previous }) });
}

/** The engine objects' files and the problems conform finds in them. */
export function engineObjects(root: string, config: RepoConfig, targets: ClusterTarget[], loaded: LoadedConfig, opts: PipelineOptions): { files: OutputFile[]; problems: Problem[] } {
  // The engines' own CRDs' defaults, from gwtopo.yaml's default set, like every rendered object (§12).
  const set = loadSchemaSet(root, config.crds?.default?.value ?? DEFAULT_SET);
  const folders = gitopsFolders(config, targets).map((f) => (set.ok ? { ...f, resources: f.resources.map((r) => withDefaults(set.set, r)) } : f));
  const files = folders.flatMap((f) => folderFiles(f.dir, config.source, f.resources));
  return { files, problems: conformGitops(root, folders, files, loaded, opts) };
}
