import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { withDefaults } from '../conform/defaults.js';
import { DEFAULT_SET } from '../conform/index.js';
import { loadSchemaSet } from '../conform/schema-set.js';
import { hasErrors, type Problem, RUN_FILE, sortProblems } from '../diagnostics/problem.js';
import { capturedById, capturedFor, compareLive, liveTargets, unrenderedSlots } from '../diff/live.js';
import { resourcesOf } from '../diff/resources.js';
import { at, roleOf, sourceOf } from '../import/capture.js';
import { importCapture, parseDataPlaneRef } from '../import/import.js';
import { renderedHolds, roundTrip } from '../import/round-trip.js';
import { topologyText } from '../import/write.js';
import { type Captured, capturedId, readCapture } from '../parse/capture.js';
import { CAPTURE_READER, readManifests } from '../parse/manifests.js';
import { runPipeline } from '../pipeline/run.js';
import type { CommandOptions, ImportReport } from '../report/types.js';
import { KUSTOMIZATION_FILE } from '../serialize/files.js';
import { OVERLAYS_DIR, TOPOLOGIES_DIR, TOPOLOGY_FILE } from '../topology/layout.js';
import type { Resource } from '../topology/resource.js';
import type { ProviderId } from '../topology/types.js';
import { schemaPathFrom } from './init.js';

const DNS_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function runError(rule: string, message: string, hint: string, path = ''): Problem {
  return { severity: 'error', file: RUN_FILE, line: 1, col: 1, path, rule, message, hint };
}

/** A captured object with its CRD's defaults applied (as the API server stores it), so it compares with what generate renders. */
function defaulted(root: string, objects: readonly Captured[]): Captured[] {
  const set = loadSchemaSet(root, DEFAULT_SET, false);
  if (!set.ok) return [...objects];
  // Objects import does not read (ConfigMaps, …) are left as they are: a large capture is mostly those.
  return objects.map((c) => (roleOf(c) === 'other' ? c : { ...c, object: withDefaults(set.set, c.object as never) as Record<string, unknown> }));
}

/**
 * `gwtopo import FILE|- … [--cluster NAME] [--provider P] [--data-plane KIND/[NAMESPACE/]NAME]`: captured cluster
 * state → topologies/<cluster>/topology.yaml (never over an existing one), then the round trip: generate's render of
 * it, in memory, against the capture.
 */
export async function importTopology(opts: CommandOptions): Promise<ImportReport> {
  const report: ImportReport = { command: 'import', outcome: 'invalid', clusters: [], problems: [], accepted: [], written: [], gateways: [], inputs: [...(opts.paths ?? [])] };
  const fail = (...problems: Problem[]): ImportReport => ({ ...report, problems: sortProblems([...report.problems, ...problems]) });
  const clusters = opts.selection.clusters ?? [];
  if (clusters.length > 1) return fail(runError('usage', `import writes one cluster: --cluster is given ${clusters.length} times`, 'give --cluster once'));
  const dataPlane = opts.dataPlane === undefined ? undefined : parseDataPlaneRef(opts.dataPlane);
  opts.progress?.('reading the capture');
  const read = await readManifests(opts.cwd ?? opts.root, opts.paths ?? [], opts.stdin ?? (async () => new Uint8Array()), CAPTURE_READER);
  const capture = readCapture(read.inputs);
  report.problems.push(...read.problems, ...capture.problems);
  if (hasErrors(report.problems)) return fail();
  const objects = defaulted(opts.root, capture.objects);
  const imported = importCapture(objects, {
    ...(clusters[0] === undefined ? {} : { cluster: clusters[0] }),
    ...(opts.provider === undefined ? {} : { provider: opts.provider as ProviderId }),
    ...(dataPlane === undefined ? {} : { dataPlane }),
  });
  report.problems.push(...imported.problems);
  const topology = imported.topology;
  if (topology === undefined || hasErrors(report.problems)) return fail();
  if (!DNS_LABEL.test(topology.cluster))
    return fail(runError('cluster-name', `the data plane's name ${JSON.stringify(topology.cluster)} is not a cluster name (a DNS-1123 label)`, 'name the cluster: --cluster NAME'));
  const file = `${TOPOLOGIES_DIR}/${topology.cluster}/${TOPOLOGY_FILE}`;
  report.clusters = [topology.cluster];
  report.file = file;
  report.dataPlane = topology.dataPlane;
  report.gateways = topology.gateways.map((g) => ({ name: g.name, managed: g.managed, registered: g.registered, ...(g.registeredOn === undefined ? {} : { registeredOn: g.registeredOn }) }));
  const path = join(opts.root, file);
  if (existsSync(path) || existsSync(join(opts.root, TOPOLOGIES_DIR, topology.cluster, 'topology.yml')))
    return fail({ ...runError('topology-exists', 'exists already; gwtopo import never overwrites a topology', 'import under another name (--cluster NAME), or delete the file first'), file });
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(
    path,
    topologyText(
      topology,
      schemaPathFrom(dirname(path), opts.root),
      read.inputs.map((i) => i.file),
    ),
    { flag: 'wx' },
  );
  report.written.push(file);
  // The round trip: render the written topology as generate would, in memory, and compare it with the capture.
  opts.progress?.('rendering the imported topology');
  const result = await runPipeline(opts.root, { clusters: [topology.cluster] }, {});
  for (const p of result.problems) {
    if (p.severity !== 'error') continue;
    report.problems.push({
      ...p,
      severity: 'warning',
      rule: 'import-invalid',
      message: `the imported topology does not validate yet: ${p.message} [${p.rule}]`,
      hint: p.hint ?? 'fix the topology, then run gwtopo validate',
    });
  }
  const prefix = `${OVERLAYS_DIR}/${topology.cluster}/`;
  const rendered = result.files.filter((f) => f.path.startsWith(prefix) && !f.path.endsWith(`/${KUSTOMIZATION_FILE}`)).map((f) => parse(f.content) as Resource);
  // A field only the CRD defaults put there (the capture does not hold it) is no captured field to warn about.
  const raw = new Map(capture.objects.map((c) => [capturedId(c), c]));
  const defaultedOnly = (p: Problem): boolean => {
    const source = p.rule === 'import-unmanaged-field' ? sourceOf(p) : undefined;
    const captured = source === undefined ? undefined : raw.get(capturedId(source.object));
    return captured !== undefined && at(captured.object, ...source!.path) === undefined;
  };
  report.problems = report.problems.filter((p) => !defaultedOnly(p));
  if (result.ok) {
    // A field import could not place that generate renders all the same (a CRD default) is no warning.
    report.problems = report.problems.filter((p) => {
      const source = p.rule === 'import-unmanaged-field' ? sourceOf(p) : undefined;
      return source === undefined || !renderedHolds(rendered, source.object, source.path);
    });
    // Compared as diff --live compares (diff/live.ts), against the capture as captured: the same updates it reports.
    const loaded = result.sets[topology.cluster] === undefined ? undefined : loadSchemaSet(opts.root, result.sets[topology.cluster]!);
    const set = loaded?.ok === true ? loaded.set : undefined;
    const byId = capturedById(capture.objects);
    const comparisons = liveTargets(resourcesOf(result.files).filter((r) => r.cluster === topology.cluster)).map((target) => {
      const captured = capturedFor(target, byId);
      const compared = compareLive(target, captured, set, undefined);
      const unrendered = captured === undefined || !target.partial ? [] : unrenderedSlots(target.object, captured.object);
      return { ...compared, unrendered };
    });
    const trip = roundTrip(comparisons, capture.objects, imported.registrations ?? []);
    report.roundTrip = { compared: trip.compared, equal: trip.equal, created: trip.created };
    report.problems.push(...trip.problems);
  }
  return { ...report, outcome: 'ok', problems: sortProblems(report.problems) };
}
