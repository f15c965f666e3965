// The per-cluster steps of the pipeline, in order: parse → expand → validate → model → render → default →
// serialize → conform. Each step is a function of the stage folder of the same name; processCluster runs them over one
// ClusterResult, the data structure every step adds to, and stops early where a step leaves nothing for the
// next. A cluster outside a --cluster or --shard selection is read only as far as its fleet identity.

import { chooseSet } from '../conform/choice.js';
import { defaulted } from '../conform/defaults.js';
import type { Finding } from '../conform/index.js';
import { loadSchemaSet } from '../conform/schema-set.js';
import type { SchemaSet } from '../conform/sets.js';
import { conformFile, setNotices, setProblem } from '../conform/stage.js';
import { type Acceptance, readAcceptances, settle } from '../diagnostics/accept.js';
import { Reporter } from '../diagnostics/position.js';
import { hasErrors, type Problem } from '../diagnostics/problem.js';
import type { Provenance } from '../diagnostics/provenance.js';
import { type Expanded, expandTopology } from '../expand/expand.js';
import type { ProfileSet } from '../expand/set.js';
import { type FleetIdentity, identityOf } from '../fleet/identity.js';
import { type ModelInputs, modelTopology } from '../model/checks.js';
import { loadTopology } from '../parse/parse.js';
import type { ParsedTopology } from '../parse/parsed.js';
import { renderCluster } from '../render/index.js';
import { k3dPortCommands } from '../render/k3d.js';
import { readBase } from '../repository/base.js';
import { type ChartValues, readChartValues } from '../repository/chart.js';
import { clusterFiles, type OutputFile, resourceFile } from '../serialize/files.js';
import { type ChartConfig, type CrdsConfig, clusterEntry } from '../topology/config.js';
import type { TopologyRef } from '../topology/layout.js';
import type { PlacedResource } from '../topology/resource.js';
import type { ClusterModel } from '../topology/types.js';
import { readView, type TopologyView } from '../topology/view.js';
import { validateView } from '../validate/index.js';
import type { Selection } from './selection.js';

export interface ClusterResult {
  cluster: string;
  problems: Problem[];
  /** Warnings the topology accepts. */
  accepted: Problem[];
  /** The rendered files (when the topology is valid). */
  files?: OutputFile[];
  /** k3d port-mapping commands, when there are any. */
  k3d?: string[];
  /** The cluster's name in the GitOps engines (topologies that could be read). */
  destination?: string;
  /** The schema set its resources were validated against (valid topologies). */
  set?: string;
  /** The model (only when asked for, in-process). */
  model?: ClusterModel;
  /** What the topology claims in the fleet (topologies that could be read). */
  identity?: FleetIdentity;
  /** The effective topology and its provenance (only when asked for, in-process). */
  expanded?: Expanded;
}

export interface PipelineOptions {
  /** Keep each cluster's model in the result (forces in-process work). */
  models?: boolean;
  /** Render the engine objects even when a topology is invalid (diff: a base may hold broken topologies). */
  partial?: boolean;
  /** Check the fleet (default true): read every topology's identity and report conflicts with the selected ones. */
  fleet?: boolean;
  /** Keep each selected cluster's effective topology in the result (forces in-process work). */
  expanded?: boolean;
  /**
   * The previous content of output files by path (diff: the base revision's render): a changed resource is
   * also checked against the transition rules of its CRD (those using oldSelf), as an update.
   */
  previous?: ReadonlyMap<string, string>;
  /** gwtopo.yaml's spec.crds (runPipeline passes it on to every cluster). */
  crds?: CrdsConfig;
  /** gwtopo.yaml's spec.chart (likewise). */
  chart?: ChartConfig;
  /**
   * Whether this run owns what the whole fleet owns (the engine objects, unused profiles), whatever its selection
   * (default: a run over all clusters, or shard 1). diff renders only the clusters whose inputs changed, yet owns
   * the fleet as the user's selection does.
   */
  ownsFleet?: boolean;
  /**
   * The clusters whose fleet conflicts are reported (default: the selected ones). diff renders only the clusters
   * whose inputs changed, but reports the conflicts of every cluster of the user's selection, as a full render does.
   */
  fleetScope?: Selection;
}

/** How far a cluster is processed: all the way, or only to its fleet identity (a cluster outside the selection). */
export type Work = 'full' | 'identity';

const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** spec.controlPlane.base of a patch-mode topology, read before validation (its base is read from disk). */
function patchBaseOf(data: unknown): string | undefined {
  const spec = (data as { spec?: { controlPlane?: { mode?: unknown; base?: unknown } } } | null)?.spec;
  const cp = spec?.controlPlane;
  return cp?.mode === 'patch' && typeof cp.base === 'string' && cp.base !== '' ? cp.base : undefined;
}

/** The engine name of a topology: its spec.destination when it reads as one, else the cluster name. */
function destinationOf(cluster: string, destination: string | undefined): string {
  return destination !== undefined && DNS_SUBDOMAIN.test(destination) ? destination : cluster;
}

/** Problems found in a file several clusters share (a profile) name the cluster they were found for. */
function tagShared(problems: readonly Problem[], own: ParsedTopology): Problem[] {
  return problems.map((p) => (p.file === own.file ? p : { ...p, clusters: [own.cluster] }));
}

/** spec.chart.values of a topology, read before validation (its files are read from disk). */
function chartValuesOf(data: unknown): string[] | undefined {
  const values = (data as { spec?: { chart?: { values?: unknown } } } | null)?.spec?.chart?.values;
  // Only paths the schema accepts (relative, not empty): the schema reports the others.
  return Array.isArray(values) && values.every((v) => typeof v === 'string' && v !== '' && !v.startsWith('/')) ? (values as string[]) : undefined;
}

/**
 * The data-plane chart's values of a cluster: its topology's spec.chart.values, else gwtopo.yaml's
 * spec.chart.clusters entry for it, read from disk; a file that cannot be read is a problem where it is named.
 */
function chartOf(root: string, topology: ParsedTopology, provenance: Provenance, opts: PipelineOptions): { chart?: ChartValues; problems: Problem[] } {
  const own = chartValuesOf(topology.data);
  const entry = own === undefined ? clusterEntry(opts.chart?.clusters ?? [], topology.cluster) : undefined;
  const files = own ?? entry?.values.map((v) => v.value);
  if (files === undefined) return { problems: [] };
  const read = readChartValues(root, files);
  if (read.ok) return { chart: read.chart, problems: [] };
  const at = own !== undefined ? { ...new Reporter(topology, provenance).place(['spec', 'chart', 'values', read.index]) } : entry!.values[read.index]!;
  const problem: Problem = {
    severity: 'error',
    file: at.file,
    line: at.line,
    col: at.col,
    path: at.path,
    rule: 'chart-values',
    message: read.message,
    hint: read.hint,
    ...(own === undefined ? { clusters: [topology.cluster] } : {}),
  };
  return { problems: [problem] };
}

/** What the validate and model steps found in one topology. */
export interface Validated {
  problems: Problem[];
  /** Warnings the topology accepts (spec.acceptWarnings): counted, not printed. */
  accepted: Problem[];
  /** spec.acceptWarnings as read (the pipeline applies them to later stages' problems too). */
  acceptances: Acceptance[];
  /** Present when the topology has no errors. */
  model?: ClusterModel;
  /** The lenient reading of the document (also of an invalid one). */
  view: TopologyView;
}

/** What the validate and model steps need besides the topology. */
export interface ValidationInputs extends ModelInputs {
  /** A topology merged from profiles: where each value was written (expand/expand.ts). */
  provenance?: Provenance;
  /** false: return the problems before acceptance (the caller settles them with settle()). */
  settle?: boolean;
}

/**
 * The validate step (schema, rules), then — for a document without errors — the model step (the model and the
 * checks that need it), then the topology's acceptances. Also what `gwtopo explain FILE` runs.
 */
export function validateTopology(topology: ParsedTopology, inputs: ValidationInputs = {}): Validated {
  const r = new Reporter(topology, inputs.provenance);
  const view = validateView(topology, r);
  const model = hasErrors(r.problems) ? undefined : modelTopology(topology.cluster, topology.file, view, inputs, r);
  const acceptances = readAcceptances(topology, r, inputs.provenance);
  // The pipeline settles later, with the problems of the stages after validation (conform) included.
  const settled = inputs.settle === false ? { problems: r.problems, accepted: [] } : settle(r.problems, acceptances);
  return { ...settled, ...(model === undefined ? {} : { model }), view, acceptances };
}

/** The cluster's schema set (its topology's spec.crds, gwtopo.yaml's patterns, or the default), or why not. */
function clusterSet(root: string, topology: ParsedTopology, provenance: Provenance, model: ClusterModel, opts: PipelineOptions, result: ClusterResult): { set?: SchemaSet; problems: Problem[] } {
  const own = model.crds === undefined ? undefined : { value: model.crds, ...new Reporter(topology, provenance).place(['spec', 'crds']) };
  const choice = chooseSet(model.cluster, own, opts.crds);
  result.set = choice.value;
  const loaded = loadSchemaSet(root, choice.value);
  // A set its topology (or one of its profiles) names that cannot be loaded is a problem there; one gwtopo.yaml
  // names is reported there, once.
  if (!loaded.ok) return { problems: choice.own ? [setProblem(choice.ref!, loaded.message, loaded.hint)] : [] };
  return { set: loaded.set, problems: choice.own ? setNotices(choice.ref!, loaded.notices) : [] };
}

/** The conform step of one cluster: its rendered resources against its schema set. */
function conformCluster(
  set: SchemaSet,
  topology: ParsedTopology,
  provenance: Provenance,
  model: ClusterModel,
  placed: readonly (PlacedResource & { findings?: readonly Finding[] })[],
  files: readonly OutputFile[],
  opts: PipelineOptions,
): Problem[] {
  const items = placed.map((p) => ({
    file: resourceFile(model.cluster, p.plane, p.resource),
    resource: p.resource,
    origin: p.origin,
    partial: p.plane === 'control-plane',
    ...(p.findings === undefined ? {} : { findings: p.findings }),
  }));
  return conformFile(set, items, files, { parsed: topology, provenance, subject: `cluster ${model.cluster}`, ...(opts.previous === undefined ? {} : { previous: opts.previous }) });
}

/**
 * Parse, expand, validate, model, render, serialize and conform one cluster — or, for work 'identity', only read
 * what it claims in the fleet. Never throws for bad input.
 */
export async function processCluster(root: string, ref: TopologyRef, opts: PipelineOptions, profiles: ProfileSet, work: Work = 'full'): Promise<ClusterResult> {
  // parse
  const loaded = await loadTopology(root, ref);
  const full = work === 'full';
  const result: ClusterResult = { cluster: ref.cluster, problems: full ? loaded.problems : [], accepted: [] };
  if (!loaded.ok) return result;
  // expand
  const expansion = expandTopology(loaded.topology, profiles);
  if (full) result.problems = tagShared([...result.problems, ...expansion.problems], loaded.topology);
  const expanded = expansion.expanded;
  if (expanded === undefined) {
    result.identity = { cluster: ref.cluster, profiles: expansion.listed, registrations: [], gateways: [] };
    return result;
  }
  if (full && opts.expanded === true) result.expanded = expanded;
  const topology = expanded.topology;
  const identify = (view: TopologyView): void => {
    result.identity = identityOf(ref.cluster, topology.data, view, expanded.provenance, expansion.listed);
    result.destination = destinationOf(ref.cluster, view.destination);
  };
  if (!full) {
    identify(readView(topology.data));
    return result;
  }
  // validate, model
  const base = patchBaseOf(topology.data);
  const chart = chartOf(root, topology, expanded.provenance, opts);
  const validated = validateTopology(topology, {
    ...(base === undefined ? {} : { base: readBase(root, base) }),
    ...(chart.chart === undefined ? {} : { chart: chart.chart }),
    provenance: expanded.provenance,
    settle: false,
  });
  identify(validated.view);
  const model = validated.model;
  let conformed: Problem[] = [];
  if (model !== undefined) {
    if (opts.models === true) result.model = model;
    // render, default (the API server's defaults, from the cluster's own schema set), serialize, conform
    const rendered = renderCluster(model);
    const { set, problems: setProblems } = clusterSet(root, topology, expanded.provenance, model, opts, result);
    const placed = set === undefined ? rendered : rendered.map((p) => ({ ...p, ...defaulted(set, p.resource, p.plane === 'control-plane') }));
    result.files = clusterFiles(model.cluster, model.source, placed, model.controlPlane.mode === 'patch' ? model.controlPlane.base : undefined);
    conformed = set === undefined ? setProblems : [...setProblems, ...conformCluster(set, topology, expanded.provenance, model, placed, result.files, opts)];
    const k3d = k3dPortCommands(model);
    if (k3d.length > 0) result.k3d = k3d;
  }
  // The topology's acceptances cover its warnings of every step, conform's included.
  const settled = settle([...validated.problems, ...chart.problems, ...conformed], validated.acceptances);
  result.problems = [...result.problems, ...tagShared(settled.problems, topology)];
  result.accepted = tagShared(settled.accepted, topology);
  return result;
}
