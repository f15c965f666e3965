// Validation of the repository configuration gwtopo.yaml: its schema, a few rules, then the model.

import { type Acceptance, readAcceptances } from '../diagnostics/accept.js';
import { positionOf, Reporter } from '../diagnostics/position.js';
import { type FieldPath, formatPath, hasErrors, type Problem } from '../diagnostics/problem.js';
import type { ParsedTopology } from '../parse/parsed.js';
import { validateSchema } from '../schema/schema.js';
import { type ChartConfig, CONFIG_DEFAULTS, type CrdsConfig, type Engine, fluxUrl, type RepoConfig, type SetRef } from '../topology/config.js';
import { MAX_FILE_NAME_BYTES } from '../topology/defaults.js';

type Raw = Record<string, unknown>;
const map = (v: unknown): Raw => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Raw) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** spec.crds of a valid gwtopo.yaml, each value with its position. */
function crdsConfig(parsed: ParsedTopology, crds: Raw): CrdsConfig {
  const ref = (value: string, path: FieldPath): SetRef => ({ value, file: parsed.file, ...positionOf(parsed.doc, parsed.lineCounter, path), path: formatPath(path) });
  const out: CrdsConfig = { clusters: [] };
  const fallback = str(crds.default);
  if (fallback !== undefined) out.default = ref(fallback, ['spec', 'crds', 'default']);
  for (const [pattern, value] of Object.entries(map(crds.clusters))) {
    if (typeof value === 'string') out.clusters.push({ pattern, set: ref(value, ['spec', 'crds', 'clusters', pattern]) });
  }
  return out;
}

/** spec.chart of a valid gwtopo.yaml: the values files by pattern, each with its position. */
function chartConfig(parsed: ParsedTopology, chart: Raw): ChartConfig {
  const ref = (value: string, path: FieldPath): SetRef => ({ value, file: parsed.file, ...positionOf(parsed.doc, parsed.lineCounter, path), path: formatPath(path) });
  const out: ChartConfig = { clusters: [] };
  for (const [pattern, values] of Object.entries(map(chart.clusters))) {
    if (Array.isArray(values)) out.clusters.push({ pattern, values: values.flatMap((v, i) => (typeof v === 'string' ? [ref(v, ['spec', 'chart', 'clusters', pattern, i])] : [])) });
  }
  return out;
}

export interface ValidatedConfig {
  problems: Problem[];
  /** spec.acceptWarnings: the repository's accepted warnings. */
  acceptances: Acceptance[];
  config?: RepoConfig;
}

export function validateConfig(parsed: ParsedTopology): ValidatedConfig {
  const r = new Reporter(parsed);
  validateSchema(parsed, r, 'gwtopo');
  const acceptances = readAcceptances(parsed, r);
  const spec = map(map(parsed.data).spec);
  // Stryker disable next-line ArrayDeclaration: equivalent: the filter drops every item that is not an engine, so the fallback list's content never reaches `engines`
  const engines = (Array.isArray(spec.engines) ? spec.engines : []).filter((e): e is Engine => e === 'argocd' || e === 'flux');
  const repository = map(spec.repository);
  if (engines.length > 0 && !('repository' in spec)) {
    r.error('config', ['spec', 'repository'], `required when engines are enabled (${engines.join(', ')})`, {
      at: ['spec'],
      hint: 'add repository: {url: <clone URL of this repository>, revision: main}',
    });
  }
  for (const engine of ['argocd', 'flux'] as const) {
    if (engine in spec && !engines.includes(engine)) {
      r.error('config', ['spec', engine], `settings for ${engine}, which spec.engines does not enable`, { anchor: 'key', hint: `add ${engine} to spec.engines, or remove spec.${engine}` });
    }
  }
  const argocd = map(spec.argocd);
  const controlPlane = map(argocd.controlPlane);
  if ('name' in controlPlane && 'server' in controlPlane) {
    r.error('config', ['spec', 'argocd', 'controlPlane'], 'give name or server, not both', { anchor: 'key', hint: 'Argo CD addresses a destination cluster by one of them' });
  }
  const flux = map(spec.flux);
  const sourceName = str(flux.sourceName);
  if (sourceName !== undefined && Buffer.byteLength(`${sourceName}.gitrepository.yaml`) > MAX_FILE_NAME_BYTES) {
    r.error('config', ['spec', 'flux', 'sourceName'], `too long: its file ${sourceName.slice(0, 20)}….gitrepository.yaml would exceed the ${MAX_FILE_NAME_BYTES} bytes of a file name`, {
      hint: 'use a shorter name',
    });
  }
  if (hasErrors(r.problems)) return { problems: r.problems, acceptances };
  const url = str(repository.url);
  const secretRef = str(flux.secretRef);
  // fluxUrl is what the GitRepository will hold: git@host:path has become ssh:// there.
  if (engines.includes('flux') && url !== undefined && secretRef === undefined && fluxUrl(url).startsWith('ssh://')) {
    r.warning('flux-ssh-credentials', ['spec', 'repository', 'url'], 'Flux clones SSH URLs only with credentials, and spec.flux.secretRef names none', {
      hint: 'create a Secret with the deploy key (identity, known_hosts) in the Flux namespace and set spec.flux.secretRef to its name, or use an https:// URL',
    });
  }
  const config: RepoConfig = {
    source: parsed.file,
    engines: [...engines].sort(),
    argocd: {
      namespace: str(argocd.namespace) ?? CONFIG_DEFAULTS.argocdNamespace,
      project: str(argocd.project) ?? CONFIG_DEFAULTS.argocdProject,
      controlPlane: str(controlPlane.name) !== undefined ? { name: str(controlPlane.name)! } : { server: str(controlPlane.server) ?? CONFIG_DEFAULTS.argocdControlPlaneServer },
      ordering: argocd.ordering === 'progressive' ? 'progressive' : CONFIG_DEFAULTS.argocdOrdering,
    },
    flux: {
      namespace: str(flux.namespace) ?? CONFIG_DEFAULTS.fluxNamespace,
      sourceName: str(flux.sourceName) ?? CONFIG_DEFAULTS.fluxSourceName,
      interval: str(flux.interval) ?? CONFIG_DEFAULTS.fluxInterval,
      ...(secretRef === undefined ? {} : { secretRef }),
    },
  };
  if ('crds' in spec) config.crds = crdsConfig(parsed, map(spec.crds));
  if ('chart' in spec) config.chart = chartConfig(parsed, map(spec.chart));
  if (url !== undefined) config.repository = { url, revision: str(repository.revision) ?? CONFIG_DEFAULTS.revision };
  return { problems: r.problems, acceptances, config };
}
