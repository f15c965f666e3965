// Profiles (TOPOLOGY.md §8): topologies/_profiles/<name>.yaml merged under the topologies that list them.
// The merge rules one by one, the byte-for-byte equality with expanded topologies (a golden twin and a
// property over random topologies), and every problem positioned where its value was written.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { trace } from '../generator/diagnostics/provenance.js';
import { type Layer, mergeLayers } from '../generator/expand/merge.js';
import { defaultListenerName } from '../generator/topology/defaults.js';
import { PLAIN_STYLE, prng, toYamlText, validTopology } from './arbitraries.js';
import { copyTree, FIXTURES, problemLines, readTree, removeTemp, run, spawnCli, tempRepo, topologyYaml, which, writeFiles, yaml } from './helpers.js';

type Raw = Record<string, unknown>;

function merged(...specs: Raw[]): ReturnType<typeof mergeLayers> {
  const layers: Layer[] = specs.map((spec, i) => ({ src: i === specs.length - 1 ? 0 : i + 1, spec, path: ['spec'] }));
  return mergeLayers(layers);
}

describe('merge rules', () => {
  test('maps merge key by key, deeply; scalars are replaced by the later value', () => {
    const r = merged({ provider: 'aws', dataPlane: { kind: 'ClusterDataPlane', name: 'a' }, k3d: { clusterName: 'x' } }, { provider: 'gcp', dataPlane: { name: 'b' } });
    assert.deepEqual(r.spec, { provider: 'gcp', dataPlane: { kind: 'ClusterDataPlane', name: 'b' }, k3d: { clusterName: 'x' } });
    assert.deepEqual(r.notes, []);
    assert.deepEqual(trace(r.origin, ['dataPlane', 'kind']), { src: 1, path: ['spec', 'dataPlane', 'kind'] });
    assert.deepEqual(trace(r.origin, ['dataPlane', 'name']), { src: 0, path: ['spec', 'dataPlane', 'name'] });
    assert.deepEqual(trace(r.origin, ['provider']), { src: 0, path: ['spec', 'provider'] });
  });

  test('named lists merge entry by entry by name; new entries are appended in order of first appearance', () => {
    const r = merged(
      { environments: [{ name: 'a' }, { name: 'b', namespace: 'x' }], gatewayClasses: [{ name: 'c1', serviceType: 'NodePort' }] },
      { environments: [{ name: 'c' }, { name: 'b', namespace: 'y' }] },
      {
        environments: [{ name: 'd' }, { name: 'a', namespace: 'z' }],
        gatewayClasses: [
          { name: 'c1', serviceType: 'LoadBalancer' },
          { name: 'c2', serviceType: 'NodePort' },
        ],
      },
    );
    assert.deepEqual(r.spec.environments, [{ name: 'a', namespace: 'z' }, { name: 'b', namespace: 'y' }, { name: 'c' }, { name: 'd' }]);
    assert.deepEqual(r.spec.gatewayClasses, [
      { name: 'c1', serviceType: 'LoadBalancer' },
      { name: 'c2', serviceType: 'NodePort' },
    ]);
    assert.deepEqual(trace(r.origin, ['environments', 2, 'name']), { src: 2, path: ['spec', 'environments', 0, 'name'] });
    assert.deepEqual(trace(r.origin, ['environments', 0, 'name']), { src: 0, path: ['spec', 'environments', 1, 'name'] });
    assert.deepEqual(trace(r.origin, ['environments', 1, 'name']), { src: 2, path: ['spec', 'environments', 1, 'name'] });
  });

  test('gateways and their listeners merge by name; a listener without a name is keyed by its default name', () => {
    const r = merged(
      {
        gateways: [
          {
            name: 'g',
            direction: 'ingress',
            listeners: [
              { protocol: 'HTTP', port: 80 },
              { protocol: 'TLS', port: 8443 },
              { name: 'admin', protocol: 'HTTPS', port: 9443 },
            ],
          },
        ],
      },
      {
        gateways: [
          {
            name: 'g',
            listeners: [
              { protocol: 'TLS', host: 't.example.com' },
              { name: defaultListenerName('HTTP'), host: 'h.example.com' },
              { name: 'admin', port: 10443 },
            ],
          },
        ],
      },
    );
    assert.deepEqual(r.spec.gateways, [
      {
        name: 'g',
        direction: 'ingress',
        listeners: [
          { protocol: 'HTTP', port: 80, name: 'http', host: 'h.example.com' },
          { protocol: 'TLS', port: 8443, host: 't.example.com' },
          { name: 'admin', protocol: 'HTTPS', port: 10443 },
        ],
      },
    ]);
  });

  test('a listener is keyed by the one default-name function: a name written as the default matches an unnamed listener', () => {
    const r = merged(
      { gateways: [{ name: 'g', listeners: [{ protocol: 'TLS', port: 8443 }] }] },
      { gateways: [{ name: 'g', listeners: [{ name: defaultListenerName('TLS'), protocol: 'TLS', host: 'x.example.com' }] }] },
    );
    assert.deepEqual((r.spec.gateways as Raw[])[0]!.listeners, [{ protocol: 'TLS', port: 8443, name: defaultListenerName('TLS'), host: 'x.example.com' }]);
  });

  test('a TLS listener is keyed by the name it renders with: an unnamed terminating one is "tls", and an unnamed override finds it', () => {
    const terminate = { protocol: 'TLS', port: 8443, tls: { mode: 'Terminate', certificateRefs: [{ name: 'c' }] } };
    // Named as it renders (defaultListenerName('TLS', 'Terminate') is "tls", not "tls-passthrough").
    const byName = merged({ gateways: [{ name: 'g', listeners: [terminate] }] }, { gateways: [{ name: 'g', listeners: [{ name: 'tls', host: 'x.example.com' }] }] });
    assert.deepEqual(byName.notes, []);
    assert.deepEqual((byName.spec.gateways as Raw[])[0]!.listeners, [{ ...terminate, name: 'tls', host: 'x.example.com' }]);
    // An unnamed override of an inherited listener named "tls" that terminates: the name it has once merged.
    const named = merged({ gateways: [{ name: 'g', listeners: [{ name: 'tls', ...terminate }] }] }, { gateways: [{ name: 'g', listeners: [{ protocol: 'TLS', host: 'x.example.com' }] }] });
    assert.deepEqual((named.spec.gateways as Raw[])[0]!.listeners, [{ name: 'tls', ...terminate, host: 'x.example.com' }]);
    // Removing it by that name.
    const removed = merged({ gateways: [{ name: 'g', listeners: [terminate, { protocol: 'HTTP', port: 80 }] }] }, { gateways: [{ name: 'g', listeners: [{ name: 'tls', $patch: 'delete' }] }] });
    assert.deepEqual(removed.notes, []);
    assert.deepEqual((removed.spec.gateways as Raw[])[0]!.listeners, [{ protocol: 'HTTP', port: 80 }]);
    // Unnamed on both sides, the TLS listener of the gateway, whatever mode either side writes.
    const unnamed = merged(
      { gateways: [{ name: 'g', listeners: [{ protocol: 'TLS', port: 8443 }] }] },
      { gateways: [{ name: 'g', listeners: [{ protocol: 'TLS', tls: { mode: 'Terminate', certificateRefs: [{ name: 'c' }] } }] }] },
    );
    assert.deepEqual((unnamed.spec.gateways as Raw[])[0]!.listeners, [{ protocol: 'TLS', port: 8443, tls: { mode: 'Terminate', certificateRefs: [{ name: 'c' }] } }]);
  });

  test('other lists and scalars are replaced, also by a value of another type', () => {
    const r = merged(
      { gateways: [{ name: 'g', listeners: [{ protocol: 'HTTPS', port: 443, tls: { certificateRefs: [{ name: 'a' }, { name: 'b' }] } }] }], destination: { not: 'a string' } },
      { gateways: [{ name: 'g', listeners: [{ protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'c' }] } }] }], destination: 'in-cluster' },
    );
    assert.deepEqual((r.spec.gateways as Raw[])[0]!.listeners, [{ protocol: 'HTTPS', port: 443, tls: { certificateRefs: [{ name: 'c' }] } }]);
    assert.equal(r.spec.destination, 'in-cluster');
    assert.deepEqual(trace(r.origin, ['gateways', 0, 'listeners', 0, 'tls', 'certificateRefs', 0, 'name']), {
      src: 0,
      path: ['spec', 'gateways', 0, 'listeners', 0, 'tls', 'certificateRefs', 0, 'name'],
    });
  });

  test('{name: X, $patch: delete} removes the inherited entry X; deleting and listing X again replaces it', () => {
    const r = merged(
      {
        gateways: [
          { name: 'a', direction: 'ingress' },
          { name: 'b', direction: 'egress' },
          { name: 'c', direction: 'ingress', networking: 'internal' },
        ],
      },
      {
        gateways: [
          { name: 'b', $patch: 'delete' },
          { name: 'c', $patch: 'delete' },
          { name: 'c', direction: 'egress' },
        ],
      },
    );
    assert.deepEqual(r.spec.gateways, [
      { name: 'a', direction: 'ingress' },
      { name: 'c', direction: 'egress' },
    ]);
    assert.deepEqual(r.notes, []);
  });

  test('a map key set to null removes the inherited key', () => {
    const r = merged({ gateways: [{ name: 'g', service: { annotations: { a: '1', b: '2' }, type: 'NodePort' } }] }, { gateways: [{ name: 'g', service: { annotations: { a: null }, type: null } }] });
    assert.deepEqual(r.spec.gateways, [{ name: 'g', service: { annotations: { b: '2' } } }]);
  });

  test('two entries of one file with the same name stay two, for the rule on unique names to report', () => {
    const r = merged(
      { gateways: [{ name: 'g', direction: 'ingress' }] },
      {
        gateways: [
          { name: 'g', networking: 'internal' },
          { name: 'g', networking: 'external' },
        ],
      },
    );
    assert.deepEqual(r.spec.gateways, [
      { name: 'g', direction: 'ingress', networking: 'internal' },
      { name: 'g', networking: 'external' },
    ]);
  });

  test('directives that do nothing are warnings; ones that cannot be read are errors; each at its own place', () => {
    const r = merged(
      { gateways: [{ name: 'g' }] },
      { gateways: [{ name: 'x', $patch: 'delete' }, { name: 'g', $patch: 'remove' }, { name: 'g', $patch: 'delete', direction: 'ingress' }, { $patch: 'delete' }], provider: null },
    );
    assert.deepEqual(
      r.notes.map((n) => [n.severity, n.src, n.path.join('.'), n.message]),
      [
        ['warning', 0, 'spec.gateways.0', 'removes nothing: no gateway "x" is merged before this file'],
        ['error', 0, 'spec.gateways.1.$patch', 'must be delete (got "remove"): it is the only patch directive'],
        ['error', 0, 'spec.gateways.2.direction', 'an entry with $patch: delete holds only the name of the gateway it removes'],
        ['error', 0, 'spec.gateways.3', '$patch: delete needs the name of the gateway to remove'],
        ['warning', 0, 'spec.provider', 'null removes an inherited value, and nothing merged before this file sets it'],
      ],
    );
    assert.deepEqual(r.spec.gateways, [{ name: 'g' }]);
  });
});

const F = 'topologies/c/topology.yaml';
const P = 'topologies/_profiles/edge.yaml';

/** A profile file `edge` with the given spec body (YAML, indented under spec:). */
function profile(body: string, name = 'edge'): string {
  return `apiVersion: gwtopo/v1alpha1\nkind: GatewayProfile\nmetadata:\n  name: ${name}\nspec:\n${body
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n`;
}

const EDGE = yaml`
  gateways:
    - name: edge
      direction: ingress
      networking: external
      scope: dataplane
      listeners:
        - protocol: HTTP
          port: 80
`;

/** EDGE with a host: valid as it is. */
const EDGE_HOSTED = EDGE.replace('port: 80', 'port: 80\n        host: e.example.com');

describe('profiles: byte-for-byte the expanded topology', () => {
  test('a profile-based fleet renders exactly what its expanded twin renders (golden fixture "profiles")', async () => {
    const root = tempRepo();
    try {
      copyTree(join(FIXTURES, 'profiles', 'expanded', 'topologies'), root, 'topologies');
      const r = await run(['generate'], root);
      assert.equal(r.code, 0, r.stderr);
      const twin = readTree(join(root, 'overlays'));
      const golden = readTree(join(FIXTURES, 'golden', 'profiles', 'expected', 'overlays'));
      assert.deepEqual([...twin.keys()], [...golden.keys()]);
      for (const [path, content] of golden) assert.equal(twin.get(path), content, path);
    } finally {
      removeTemp(root);
    }
  });

  test('property: a random topology split into two profiles and overrides renders the same bytes as the whole', async () => {
    await fc.assert(
      fc.asyncProperty(validTopology(fc.constant('c')), fc.integer(), async (whole, seed) => {
        const { profiles, topology } = split(whole.doc, prng(seed));
        const a = tempRepo({ [F]: toYamlText(whole.doc, PLAIN_STYLE) });
        const b = tempRepo({ [F]: toYamlText(topology, PLAIN_STYLE), ...Object.fromEntries(profiles.map((p, i) => [`topologies/_profiles/p${i}.yaml`, toYamlText(p, PLAIN_STYLE)])) });
        try {
          const ra = await run(['generate'], a);
          const rb = await run(['generate'], b);
          assert.equal(ra.code, 0, ra.stderr);
          assert.equal(rb.code, 0, `${rb.stderr}\n${toYamlText(topology, PLAIN_STYLE)}\n${profiles.map((p) => toYamlText(p, PLAIN_STYLE)).join('---\n')}`);
          assert.deepEqual(readTree(join(b, 'overlays')), readTree(join(a, 'overlays')));
        } finally {
          removeTemp(a);
          removeTemp(b);
        }
      }),
      { numRuns: 30, seed: Number(process.env.GWTOPO_FUZZ_SEED ?? 20260521), includeErrorInReport: true },
    );
  });
});

type Rnd = () => number;

/**
 * Splits a valid topology into two profiles and the topology's own spec that merge back into it: every
 * field goes to one of the three files or to several (the later one wins, so earlier copies may differ
 * where the schema lets them), named entries are split field by field keyed by their names, an extra
 * gateway and an extra annotation are inherited and then removed with $patch: delete and null.
 */
function split(doc: Raw, rnd: Rnd): { profiles: Raw[]; topology: Raw } {
  const spec = structuredClone(doc.spec) as Raw;
  const parts: Raw[] = [{}, {}, {}];
  const pick = (): number => Math.floor(rnd() * 3);
  for (const [key, value] of Object.entries(spec)) {
    if (['environments', 'gateways', 'gatewayClasses'].includes(key)) splitList(value as Raw[], parts, key, rnd);
    else if (isMap(value)) splitMap(value, parts, key, rnd);
    else parts[pick()]![key] = value;
  }
  // An inherited gateway the topology removes, and an inherited annotation it removes.
  if (rnd() < 0.5) {
    ((parts[0]!.gateways ??= []) as Raw[]).push({ name: 'zz-removed', direction: 'egress', networking: 'internal', scope: 'dataplane', listeners: [{ protocol: 'HTTP', port: 1 }] });
    ((parts[2]!.gateways ??= []) as Raw[]).push({ name: 'zz-removed', $patch: 'delete' });
  }
  // (Only where the gateway has annotations: an annotations map emptied by null is still there, as written.)
  const first = ((spec.gateways as Raw[] | undefined) ?? [])[0];
  if (first !== undefined && isMap(first.service) && isMap(first.service.annotations) && rnd() < 0.7) {
    const entry = (part: Raw): Raw => {
      const list = (part.gateways ??= []) as Raw[];
      let e = list.find((g) => g.name === first.name);
      if (e === undefined) list.push((e = { name: first.name }));
      return e;
    };
    const annotations = (e: Raw): Raw => (((e.service ??= {}) as Raw).annotations ??= {}) as Raw;
    annotations(entry(parts[1]!))['removed.example.com/key'] = 'x';
    annotations(entry(parts[2]!))['removed.example.com/key'] = null;
  }
  const envelope = (kind: string, name: string, s: Raw): Raw => ({ apiVersion: 'gwtopo/v1alpha1', kind, metadata: { name }, spec: s });
  return {
    profiles: [envelope('GatewayProfile', 'p0', parts[0]!), envelope('GatewayProfile', 'p1', parts[1]!)],
    topology: { ...envelope('GatewayTopology', (doc.metadata as Raw).name as string, { profiles: ['p0', 'p1'], ...parts[2]! }) },
  };
}

const isMap = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

function splitMap(value: Raw, parts: Raw[], key: string, rnd: Rnd): void {
  for (const [k, v] of Object.entries(value)) {
    const i = Math.floor(rnd() * 3);
    ((parts[i]![key] ??= {}) as Raw)[k] = v;
  }
  if (Object.keys(value).length === 0) parts[2]![key] = {};
}

/** Entries of a named list: whole into one file, or field by field (each part keyed by the entry's name). */
function splitList(entries: Raw[], parts: Raw[], key: string, rnd: Rnd): void {
  for (const entry of entries) {
    const pieces: Raw[] = [{}, {}, {}];
    for (const [k, v] of Object.entries(entry)) {
      if (k === 'name') continue;
      const i = Math.floor(rnd() * 3);
      if (k === 'listeners') splitListeners(v as Raw[], pieces, rnd);
      else if (k === 'service' && isMap(v)) splitMap(v, pieces, k, rnd);
      else pieces[i]![k] = v;
    }
    pieces.forEach((piece, i) => {
      if (Object.keys(piece).length > 0 || i === 2) ((parts[i]![key] ??= []) as Raw[]).push({ name: entry.name, ...piece });
    });
  }
  if (entries.length === 0) parts[2]![key] = [];
}

function splitListeners(listeners: Raw[], pieces: Raw[], rnd: Rnd): void {
  for (const l of listeners) {
    const keyed = 'name' in l ? { name: l.name } : { protocol: l.protocol };
    const parts: Raw[] = [{ ...keyed }, { ...keyed }, { ...keyed }];
    for (const [k, v] of Object.entries(l)) if (!(k in keyed)) parts[Math.floor(rnd() * 3)]![k] = v;
    parts.forEach((p, i) => {
      if (Object.keys(p).length > 1 || i === 2) ((pieces[i]!.listeners ??= []) as Raw[]).push(p);
    });
  }
}

describe('profiles: problems where the value was written', () => {
  const uses = (cluster: string, list = '[edge]', rest = `dataPlane: {name: ${cluster}}\n`): string => topologyYaml(cluster, `profiles: ${list}\n${rest}`);

  test('a problem inside a profile is reported once, in the profile, naming the clusters it concerns (real executable)', () => {
    const root = tempRepo({ [P]: profile(EDGE), 'topologies/a/topology.yaml': uses('a'), 'topologies/b/topology.yaml': uses('b') });
    try {
      const r = spawnCli(['validate'], root);
      assert.equal(r.code, 2);
      assert.deepEqual(problemLines(r.stderr), [
        `${P}:12:11: error: spec.gateways[0].listeners[0].host: required for listener "http" of gateway "edge" (external, Service type LoadBalancer) [host-required]`,
      ]);
      assert.match(r.stderr, /\n {2}2 clusters: a, b\n/);
      const json = JSON.parse(spawnCli(['validate', '--format', 'json'], root).stdout) as { problems: { file: string; clusters?: string[] }[] };
      assert.deepEqual(
        json.problems.map((p) => [p.file, p.clusters]),
        [[P, ['a', 'b']]],
      );
    } finally {
      removeTemp(root);
    }
  });

  test("a problem in a profile that arises only with one cluster's overrides names that cluster", async () => {
    const internal = EDGE.replace('networking: external', 'networking: internal').replace('port: 80', 'port: 9080');
    const root = tempRepo({
      [P]: profile(internal),
      'topologies/a/topology.yaml': uses('a', '[edge]', 'dataPlane: {name: a}\ngateways:\n  - {name: edge, networking: external}\n'),
      'topologies/b/topology.yaml': uses('b'),
    });
    try {
      const r = await run(['validate'], root);
      assert.equal(r.code, 2);
      assert.deepEqual(problemLines(r.stderr), [
        `${P}:12:11: error: spec.gateways[0].listeners[0].host: required for listener "http" of gateway "edge" (external, Service type LoadBalancer) [host-required]`,
      ]);
      assert.match(r.stderr, /\n {2}cluster: a\n/);
    } finally {
      removeTemp(root);
    }
  });

  test('a message that points at a second place names its file when that is another one', async () => {
    const root = tempRepo({
      [P]: profile(EDGE_HOSTED),
      'topologies/a/topology.yaml': uses(
        'a',
        '[edge]',
        'dataPlane: {name: a}\ngateways:\n  - name: edge\n    listeners:\n      - {protocol: HTTPS, port: 80, host: a.example.com, tls: {certificateRefs: [{name: t}]}}\n',
      ),
    });
    try {
      const r = await run(['validate'], root);
      assert.equal(r.code, 2);
      assert.deepEqual(problemLines(r.stderr), [
        'topologies/a/topology.yaml:11:35: error: spec.gateways[0].listeners[0].port: port 80 is also used by listener "http" (line 12 of topologies/_profiles/edge.yaml); two listeners may share a port only if both are HTTPS or TLS with different hostnames [listener-port]',
      ]);
    } finally {
      removeTemp(root);
    }
  });

  test("a data plane set by a profile for two clusters: the conflict is at the profile's line, once, naming both", async () => {
    const root = tempRepo({ [P]: profile(`dataPlane: {name: shared}\n${EDGE_HOSTED}`), 'topologies/a/topology.yaml': uses('a', '[edge]', ''), 'topologies/b/topology.yaml': uses('b', '[edge]', '') });
    try {
      const r = await run(['validate'], root);
      assert.equal(r.code, 2);
      const lines = problemLines(r.stderr);
      assert.equal(lines.length, 1);
      assert.match(lines[0]!, /^topologies\/_profiles\/edge\.yaml:6:21: error: spec\.dataPlane\.name: DataPlane default\/shared is registered by 2 clusters through this one value \(a, b\): /);
      assert.match(r.stderr, /\n {2}2 clusters: a, b\n/);
    } finally {
      removeTemp(root);
    }
  });

  const CASES: { name: string; files: Record<string, string>; lines: string[]; hints?: string[] }[] = [
    {
      name: 'profile yaml: a syntax error, in the profile',
      files: { [P]: 'apiVersion: gwtopo/v1alpha1\nkind: GatewayProfile\nmetadata: {name: edge\nspec: {}\n', [F]: uses('c') },
      lines: [`${P}:3:11: error: this { opens a flow map that is never closed [yaml]`],
    },
    {
      name: 'profile yaml: two documents in a profile file, named as a profile',
      files: { [P]: `${profile(EDGE_HOSTED)}---\n${profile(EDGE_HOSTED)}`, [F]: uses('c') },
      lines: [`${P}:15:1: error: file holds 2 YAML documents; a profile file holds exactly one [yaml-documents]`],
      hints: [`  hint: remove the '---' separator: ${P} is the one profile edge; another profile is a file of its own, topologies/_profiles/<name>.yaml`],
    },
    {
      name: 'profile schema: an unknown field, with a suggestion',
      files: { [P]: profile(EDGE_HOSTED.replace('scope: dataplane', 'scope: dataplane\n    lisenters: []')), [F]: uses('c') },
      lines: [`${P}:11:7: error: spec.gateways[0].lisenters: unknown field [schema]`],
      hints: ['  hint: did you mean "listeners"?'],
    },
    {
      name: 'profile schema: profiles inside a profile',
      files: { [P]: profile(`profiles: [other]\n${EDGE_HOSTED}`), [F]: uses('c') },
      lines: [`${P}:6:3: error: spec.profiles: not allowed here [schema]`],
      hints: ["  hint: Not allowed in a profile: profiles do not nest. List every profile in the topology's spec.profiles, in the order they apply."],
    },
    {
      name: 'profile schema: the kind',
      files: { [P]: profile(EDGE_HOSTED).replace('kind: GatewayProfile', 'kind: GatewayTopology'), [F]: uses('c') },
      lines: [`${P}:2:7: error: kind: must be "GatewayProfile" (got the string "GatewayTopology") [schema]`],
    },
    {
      name: 'profile schema: an empty spec, at the value (as in a topology)',
      files: { [P]: 'apiVersion: gwtopo/v1alpha1\nkind: GatewayProfile\nmetadata:\n  name: edge\nspec:\n', [F]: uses('c') },
      lines: [`${P}:5:6: error: spec: must be a map, not empty [schema]`],
      hints: ['  hint: the value is missing after the colon'],
    },
    {
      name: 'profile schema: an empty metadata, at the value',
      files: { [P]: `apiVersion: gwtopo/v1alpha1\nkind: GatewayProfile\nmetadata:\nspec:\n${EDGE_HOSTED.replace(/^/gm, '  ')}`, [F]: uses('c') },
      lines: [`${P}:3:10: error: metadata: must be a map, not empty [schema]`],
    },
    {
      name: 'profile-name: metadata.name is not the file name',
      files: { [P]: profile(EDGE_HOSTED, 'egde'), [F]: uses('c') },
      lines: [`${P}:4:9: error: metadata.name: "egde" must equal the file name "edge" [profile-name]`],
      hints: ['  hint: set metadata.name: edge, or rename the file to egde.yaml (and the topologies that list it)'],
    },
    {
      name: 'profile-name: a file name that is no DNS-1123 label',
      files: { 'topologies/_profiles/Edge.yaml': profile(EDGE_HOSTED, 'Edge'), [F]: uses('c', '[Edge]') },
      lines: [
        'topologies/_profiles/Edge.yaml:1:1: error: the file name "Edge" is not a DNS-1123 label; a profile is named by its file [profile-name]',
        `topologies/_profiles/Edge.yaml:4:9: error: metadata.name: must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit (got "Edge") [schema]`,
      ],
    },
    {
      name: 'layout: a profile named .yml',
      files: { 'topologies/_profiles/edge.yml': profile(EDGE), [F]: uses('c', '[]', `dataPlane: {name: c}\n${EDGE_HOSTED}`) },
      lines: ['topologies/_profiles/edge.yml:1:1: error: gwtopo reads profiles named <name>.yaml, not .yml [layout]'],
    },
    {
      name: 'profile: an unknown profile, with a suggestion',
      files: { [P]: profile(EDGE), [F]: uses('c', '[egde]') },
      lines: [
        `${P}:4:9: warning: metadata.name: profile "edge" is not used: no topology lists it in spec.profiles [profile-unused]`,
        `${F}:6:14: error: spec.profiles[0]: no profile "egde": there is no topologies/_profiles/egde.yaml [profile]`,
      ],
      hints: ['  hint: did you mean "edge"?'],
    },
    {
      name: 'profile: a value that is no profile name, even where such a file exists',
      files: { [P]: profile(EDGE_HOSTED), 'topologies/_profiles/sub/x.yaml': profile(EDGE_HOSTED, 'x'), [F]: uses('c', '[edge, sub/x, Edge]') },
      lines: [
        'topologies/_profiles/sub/:1:1: warning: not read: topologies/_profiles/ holds profiles, one <name>.yaml file each [layout]',
        `${F}:6:20: error: spec.profiles[1]: "sub/x" is not a profile name: a profile is named by a DNS-1123 label, its file name without .yaml (topologies/_profiles/<name>.yaml); no other file is read as a profile [profile]`,
        `${F}:6:27: error: spec.profiles[2]: "Edge" is not a profile name: a profile is named by a DNS-1123 label, its file name without .yaml (topologies/_profiles/<name>.yaml); no other file is read as a profile [profile]`,
      ],
      hints: ['  hint: profiles: edge', '  hint: did you mean "edge"?'],
    },
    {
      name: 'profile: an unknown profile whose file has another extension: the hint says to rename that file',
      files: { [P]: profile(EDGE_HOSTED), 'topologies/_profiles/c.yml': profile(EDGE_HOSTED, 'c'), 'topologies/_profiles/a.json': '{}\n', [F]: uses('c', '[edge, c, a]') },
      lines: [
        'topologies/_profiles/a.json:1:1: warning: not read: topologies/_profiles/ holds profiles, one <name>.yaml file each [layout]',
        'topologies/_profiles/c.yml:1:1: error: gwtopo reads profiles named <name>.yaml, not .yml [layout]',
        `${F}:6:20: error: spec.profiles[1]: no profile "c": there is no topologies/_profiles/c.yaml [profile]`,
        `${F}:6:23: error: spec.profiles[2]: no profile "a": there is no topologies/_profiles/a.yaml [profile]`,
      ],
      hints: [
        '  hint: topologies/_profiles/c.yml is not read (gwtopo reads profiles named <name>.yaml): rename it, git mv topologies/_profiles/c.yml topologies/_profiles/c.yaml',
        '  hint: topologies/_profiles/a.json is not read (gwtopo reads profiles named <name>.yaml): rename it, git mv topologies/_profiles/a.json topologies/_profiles/a.yaml',
      ],
    },
    {
      name: 'profile: not a list',
      files: { [P]: profile(EDGE), [F]: uses('c', 'edge') },
      lines: [
        `${P}:4:9: warning: metadata.name: profile "edge" is not used: no topology lists it in spec.profiles [profile-unused]`,
        `${F}:6:13: error: spec.profiles: must be a list of profile names (files in topologies/_profiles/) [profile]`,
      ],
    },
    {
      name: 'profile: listed twice',
      files: { [P]: profile(EDGE), [F]: uses('c', '[edge, edge]') },
      lines: [`${F}:6:20: error: spec.profiles[1]: profile "edge" is listed twice (first on line 6) [profile]`],
    },
    {
      name: 'profile-merge: $patch with another value, in the topology',
      files: { [P]: profile(EDGE_HOSTED), [F]: uses('c', '[edge]', 'gateways:\n  - {name: edge, $patch: replace}\n') },
      lines: [`${F}:8:28: error: spec.gateways[0]["$patch"]: must be delete (got "replace"): it is the only patch directive [profile-merge]`],
    },
    {
      name: 'schema: $patch in a topology without profiles',
      files: { [F]: topologyYaml('c', 'gateways:\n  - {name: edge, $patch: delete}\n') },
      lines: [
        `${F}:7:7: error: spec.gateways[0].direction: required field is missing [schema]`,
        `${F}:7:7: error: spec.gateways[0].listeners: required field is missing [schema]`,
        `${F}:7:7: error: spec.gateways[0].networking: required field is missing [schema]`,
        `${F}:7:7: error: spec.gateways[0].scope: required field is missing [schema]`,
        `${F}:7:20: error: spec.gateways[0]["$patch"]: unknown field [schema]`,
      ],
      hints: [
        '  hint: $patch: delete removes an inherited entry of a named list (environments, gateways, listeners, gatewayClasses), in a profile or in a topology that lists profiles (spec.profiles)',
      ],
    },
  ];

  for (const c of CASES) {
    test(c.name, async () => {
      const root = tempRepo(c.files);
      try {
        const r = await run(['validate'], root);
        assert.equal(r.code, 2, r.stderr);
        assert.deepEqual(problemLines(r.stderr), c.lines);
        for (const h of c.hints ?? []) assert.ok(r.stderr.split('\n').includes(h), `hint ${h} in\n${r.stderr}`);
      } finally {
        removeTemp(root);
      }
    });
  }

  test('profile-unused: a profile no topology lists is a warning (in runs that cover the fleet)', async () => {
    const root = tempRepo({
      [P]: profile(EDGE),
      'topologies/_profiles/spare.yaml': profile(EDGE, 'spare'),
      [F]: uses('c', '[edge]', 'dataPlane: {name: c}\ngateways:\n  - {name: edge, listeners: [{protocol: HTTP, host: c.example.com}]}\n'),
    });
    try {
      const r = await run(['validate'], root);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(problemLines(r.stderr), ['topologies/_profiles/spare.yaml:4:9: warning: metadata.name: profile "spare" is not used: no topology lists it in spec.profiles [profile-unused]']);
      assert.equal((await run(['validate', '--cluster', 'c'], root)).stderr, '', 'a --cluster run does not speak for the fleet');
    } finally {
      removeTemp(root);
    }
  });

  test('profile-merge: a $patch a profile cannot hold is reported as in a topology, once, and not also as a schema error', () => {
    const bad = '  - {name: a, $patch: replace}\n  - name: b\n    $patch: delete\n    port: 5\n  - $patch: delete\n';
    const listener = '      - {name: admin, $patch: delete, host: x.example.com}\n';
    const edge = EDGE_HOSTED.replace('host: e.example.com\n', `host: e.example.com\n${listener}`);
    const root = tempRepo({
      [P]: profile(`${edge}${bad}`),
      'topologies/a/topology.yaml': uses('a'),
      'topologies/b/topology.yaml': uses('b'),
      'topologies/_profiles/spare.yaml': profile(`gateways:\n${bad}`, 'spare'),
    });
    // The same entries in a topology that lists a profile.
    const mirror = tempRepo({
      [F]: uses('c', '[spare]', `dataPlane: {name: c}\ngateways:\n${bad}  - name: edge\n    listeners:\n${listener}`),
      'topologies/_profiles/spare.yaml': profile(EDGE_HOSTED, 'spare'),
    });
    try {
      const r = spawnCli(['validate'], root);
      assert.equal(r.code, 2);
      const S = 'topologies/_profiles/spare.yaml';
      assert.deepEqual(problemLines(r.stderr), [
        `${P}:15:41: error: spec.gateways[0].listeners[1].host: an entry with $patch: delete holds only the name of the listener it removes [profile-merge]`,
        `${P}:16:25: error: spec.gateways[1]["$patch"]: must be delete (got "replace"): it is the only patch directive [profile-merge]`,
        `${P}:19:7: error: spec.gateways[2].port: an entry with $patch: delete holds only the name of the gateway it removes [profile-merge]`,
        `${P}:20:7: error: spec.gateways[3]: $patch: delete needs the name of the gateway to remove [profile-merge]`,
        `${S}:4:9: warning: metadata.name: profile "spare" is not used: no topology lists it in spec.profiles [profile-unused]`,
        `${S}:7:25: error: spec.gateways[0]["$patch"]: must be delete (got "replace"): it is the only patch directive [profile-merge]`,
        `${S}:10:7: error: spec.gateways[1].port: an entry with $patch: delete holds only the name of the gateway it removes [profile-merge]`,
        `${S}:11:7: error: spec.gateways[2]: $patch: delete needs the name of the gateway to remove [profile-merge]`,
      ]);
      assert.match(r.stderr, /\[profile-merge\]\n {2}hint: write \{name: <gateway>, \$patch: delete\} to remove an inherited gateway\n {2}2 clusters: a, b\n/);
      const t = spawnCli(['validate'], mirror);
      assert.equal(t.code, 2);
      assert.deepEqual(problemLines(t.stderr), [
        `${F}:9:25: error: spec.gateways[0]["$patch"]: must be delete (got "replace"): it is the only patch directive [profile-merge]`,
        `${F}:12:7: error: spec.gateways[1].port: an entry with $patch: delete holds only the name of the gateway it removes [profile-merge]`,
        `${F}:13:7: error: spec.gateways[2]: $patch: delete needs the name of the gateway to remove [profile-merge]`,
        `${F}:16:41: error: spec.gateways[3].listeners[0].host: an entry with $patch: delete holds only the name of the listener it removes [profile-merge]`,
      ]);
    } finally {
      removeTemp(root);
      removeTemp(mirror);
    }
  });

  test('profile-merge: removing nothing is a warning at the directive', async () => {
    const root = tempRepo({
      [P]: profile(EDGE_HOSTED),
      [F]: uses('c', '[edge]', 'dataPlane: {name: c}\ngateways:\n  - {name: gone, $patch: delete}\n  - name: edge\n    service: {annotations: {a.example.com/b: null}}\n'),
    });
    try {
      const r = await run(['validate'], root);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(problemLines(r.stderr), [
        `${F}:9:7: warning: spec.gateways[0]: removes nothing: no gateway "gone" is merged before this file [profile-merge-noop]`,
        `${F}:11:31: warning: spec.gateways[1].service.annotations["a.example.com/b"]: null removes an inherited value, and nothing merged before this file sets it [profile-merge-noop]`,
      ]);
    } finally {
      removeTemp(root);
    }
  });
});

describe('profiles: null in a profile', () => {
  test('a later profile removes a key an earlier one wrote (null is a directive, not a value the schema refuses)', async () => {
    const labelled = EDGE_HOSTED.replace(/^( *)scope: dataplane\n/m, '$1scope: dataplane\n$1service: {labels: {tier: edge}, annotations: {a.example.com/one: "1", a.example.com/two: "2"}}\n');
    assert.notEqual(labelled, EDGE_HOSTED);
    const overlay = 'gateways:\n  - name: edge\n    service:\n      labels: null\n      annotations: {a.example.com/two: null}\n';
    const root = tempRepo({ [P]: profile(labelled), 'topologies/_profiles/lean.yaml': profile(overlay, 'lean'), [F]: topologyYaml('c', 'profiles: [edge, lean]\ndataPlane: {name: c}\n') });
    try {
      const r = await run(['validate'], root);
      assert.deepEqual([r.code, r.stderr], [0, '']);
      const shown = JSON.parse((await run(['show', 'c', '--format', 'json'], root)).stdout) as { topology: { spec: { gateways: { service?: unknown }[] } } };
      assert.deepEqual(shown.topology.spec.gateways[0]!.service, { annotations: { 'a.example.com/one': '1' } });
    } finally {
      removeTemp(root);
    }
  });
});

describe('gwtopo show and the fleet', () => {
  test('a cluster the fleet rules refuse is shown with its problems and exit 2, as validate --cluster refuses it', async () => {
    const internal = 'gateways:\n  - {name: gi, direction: ingress, networking: internal, scope: dataplane, listeners: [{protocol: HTTP, port: 9080}]}\n';
    const root = tempRepo({ 'topologies/a/topology.yaml': topologyYaml('a', internal), 'topologies/b/topology.yaml': topologyYaml('b', internal) });
    try {
      const shown = await run(['show', 'a'], root);
      assert.equal(shown.code, 2);
      assert.match(shown.stderr, /^topologies\/a\/topology\.yaml:\d+:\d+: error: .*DataPlane default\/default is also registered by cluster b .*\[registration-conflict\]$/m);
      assert.equal((await run(['validate', '--cluster', 'a'], root)).code, 2);
    } finally {
      removeTemp(root);
    }
  });
});

describe('profiles in the fleet', () => {
  test('_profiles is never a cluster: not discovered as one, no overlays/_profiles, --cluster refuses the name', async () => {
    const root = tempRepo({ [P]: profile(EDGE_HOSTED), [F]: topologyYaml('c', 'profiles: [edge]\n') });
    try {
      const r = await run(['generate'], root);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      assert.equal(existsSync(join(root, 'overlays', '_profiles')), false);
      assert.deepEqual(
        [...readTree(join(root, 'overlays')).keys()].filter((p) => !p.startsWith('c/')),
        [],
      );
      assert.equal((await run(['validate', '--cluster', '_profiles'], root)).code, 2);
    } finally {
      removeTemp(root);
    }
  });

  test('worker threads read the profiles too: the same bytes and problems with and without them', () => {
    const files: Record<string, string> = { [P]: profile(EDGE_HOSTED), 'topologies/_profiles/bad.yaml': profile('gateways: [{name: x, lisenters: []}]', 'bad') };
    // GWTOPO_WORKERS forces threads also below the size that would start them on its own.
    for (let i = 0; i < 14; i++) files[`topologies/c${i}/topology.yaml`] = topologyYaml(`c${i}`, `profiles: [${i % 7 === 0 ? 'edge, bad' : 'edge'}]\ndataPlane: {name: c${i}}\n`);
    const root = tempRepo(files);
    try {
      const one = spawnCli(['validate', '--format', 'json'], root, { GWTOPO_WORKERS: '0' });
      const three = spawnCli(['validate', '--format', 'json'], root, { GWTOPO_WORKERS: '3' });
      assert.equal(one.code, 2);
      assert.equal(three.stdout, one.stdout);
      // The profile's own check and both clusters' checks find the unknown field: one problem, two clusters.
      const problems = (JSON.parse(one.stdout) as { problems: { file: string; path: string; message: string; clusters?: string[] }[] }).problems;
      const bad = 'topologies/_profiles/bad.yaml';
      assert.deepEqual(
        problems.map((p) => [p.file, p.path, p.message, p.clusters?.length]),
        [
          [bad, 'spec.gateways[0].direction', 'required field is missing', 2],
          [bad, 'spec.gateways[0].listeners', 'required field is missing', 2],
          [bad, 'spec.gateways[0].networking', 'required field is missing', 2],
          [bad, 'spec.gateways[0].scope', 'required field is missing', 2],
          [bad, 'spec.gateways[0].lisenters', 'unknown field', 2],
        ],
      );
      writeFiles(root, { 'topologies/_profiles/bad.yaml': profile('gateways: []', 'bad') });
      const g1 = spawnCli(['generate'], root, { GWTOPO_WORKERS: '0' });
      assert.equal(g1.code, 0, g1.stderr);
      const bytes = readTree(join(root, 'overlays'));
      removeTemp(join(root, 'overlays'));
      assert.equal(spawnCli(['generate'], root, { GWTOPO_WORKERS: '3' }).code, 0);
      assert.deepEqual(readTree(join(root, 'overlays')), bytes);
    } finally {
      removeTemp(root);
    }
  });
});

describe('gwtopo show', () => {
  const golden = join(FIXTURES, 'golden', 'profiles', 'topologies');

  test('the effective topology as YAML, each value with the file and line it was written at, defaults marked (real executable)', () => {
    const root = tempRepo();
    try {
      copyTree(golden, root, 'topologies');
      const r = spawnCli(['show', 'eu-1'], root);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      const file = join(FIXTURES, 'profiles', 'show-eu-1.txt');
      if (process.env.UPDATE_GOLDEN === '1') writeFiles(join(FIXTURES, 'profiles'), { 'show-eu-1.txt': r.stdout });
      assert.equal(r.stdout, readTree(join(FIXTURES, 'profiles')).get('show-eu-1.txt'), `${file} (refresh with UPDATE_GOLDEN=1)`);
      assert.match(r.stdout, /^ {10}port: 9080 {2}# _profiles\/org\.yaml:19$/m);
      assert.match(r.stdout, /^ {10}host: internal\.eu-1\.example\.internal {2}# eu-1\/topology\.yaml:17$/m);
      assert.match(r.stdout, /^ {2}module: kgateway {2}# default$/m);
    } finally {
      removeTemp(root);
    }
  });

  test('--format json: the effective document, which is the expanded topology', async () => {
    const root = tempRepo();
    try {
      copyTree(golden, root, 'topologies');
      const r = await run(['show', 'eu-1', '--format', 'json'], root);
      assert.equal(r.code, 0, r.stderr);
      const shown = JSON.parse(r.stdout) as { profiles: string[]; topology: Raw; yaml?: string };
      assert.deepEqual(shown.profiles, ['org', 'eks']);
      assert.equal(shown.yaml, undefined);
      const twin = (await import('yaml')).parse(readTree(join(FIXTURES, 'profiles', 'expanded', 'topologies')).get('eu-1/topology.yaml')!) as Raw;
      assert.deepEqual(shown.topology, twin);
    } finally {
      removeTemp(root);
    }
  });

  test('a topology with errors: what the merge made (without defaults) and the problems, exit 2; an unknown cluster: exit 2', async () => {
    const root = tempRepo({ [P]: profile(EDGE), [F]: topologyYaml('c', 'profiles: [edge]\n') });
    try {
      const r = await run(['show', 'c'], root);
      assert.equal(r.code, 2);
      assert.match(r.stdout, /^# Each value names .*\(not shown: the topology has errors\)\.$/m);
      assert.match(r.stdout, /^ {8}- protocol: HTTP {2}# _profiles\/edge\.yaml:12$/m);
      assert.deepEqual(problemLines(r.stderr), [
        `${P}:12:11: error: spec.gateways[0].listeners[0].host: required for listener "http" of gateway "edge" (external, Service type LoadBalancer) [host-required]`,
      ]);
      const unknown = await run(['show', 'nope'], root);
      assert.equal(unknown.code, 2);
      assert.equal(unknown.stderr, 'gwtopo: error: no topology for cluster nope (topologies/nope/topology.yaml does not exist) [cluster-not-found]\n  hint: gwtopo init nope scaffolds one\n');
      const typo = await run(['show', 'cc'], root);
      assert.match(typo.stderr, /hint: did you mean "c"\? \(gwtopo init cc scaffolds a new one\)\n$/);
    } finally {
      removeTemp(root);
    }
  });
});

describe('a terminating TLS listener in a profile (real executable)', () => {
  const TLS_EDGE = yaml`
    gateways:
      - name: edge
        direction: ingress
        networking: external
        scope: dataplane
        listeners:
          - protocol: TLS
            port: 443
            tls:
              mode: Terminate
              certificateRefs: [{name: edge-tls}]
  `;
  const expanded = topologyYaml(
    'c',
    'dataPlane: {name: c}\ngateways:\n  - name: edge\n    direction: ingress\n    networking: external\n    scope: dataplane\n    listeners:\n      - protocol: TLS\n        port: 443\n        host: c.example.com\n        tls:\n          mode: Terminate\n          certificateRefs: [{name: edge-tls}]\n',
  );

  for (const [what, override] of [
    ['by the name it renders with (tls)', '- name: tls\n        host: c.example.com'],
    ['unnamed, by its protocol', '- protocol: TLS\n        host: c.example.com'],
  ] as const) {
    test(`a topology sets its host ${what}: valid, and byte for byte the expanded topology`, () => {
      const topology = topologyYaml('c', `profiles: [edge]\ndataPlane: {name: c}\ngateways:\n  - name: edge\n    listeners:\n      ${override}\n`);
      const a = tempRepo({ [P]: profile(TLS_EDGE), [F]: topology });
      const b = tempRepo({ [F]: expanded });
      try {
        const ra = spawnCli(['generate'], a);
        assert.equal(ra.code, 0, ra.stderr);
        assert.equal(spawnCli(['generate'], b).code, 0);
        assert.deepEqual(readTree(join(a, 'overlays')), readTree(join(b, 'overlays')));
      } finally {
        removeTemp(a);
        removeTemp(b);
      }
    });
  }

  test('the same with the profile naming it tls: an unnamed override finds it', () => {
    const named = TLS_EDGE.replace('- protocol: TLS', '- name: tls\n        protocol: TLS');
    const a = tempRepo({
      [P]: profile(named),
      [F]: topologyYaml('c', 'profiles: [edge]\ndataPlane: {name: c}\ngateways:\n  - name: edge\n    listeners:\n      - protocol: TLS\n        host: c.example.com\n'),
    });
    try {
      const r = spawnCli(['validate'], a);
      assert.equal(r.code, 0, r.stderr);
    } finally {
      removeTemp(a);
    }
  });

  test('gwtopo show marks the defaults of an unnamed terminating TLS listener (its name is tls)', () => {
    const root = tempRepo({ [F]: expanded });
    try {
      const r = spawnCli(['show', 'c'], root);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^ {10}name: tls {2}# default$/m);
      assert.match(r.stdout, /^ {10}allowedRoutes: All {2}# default$/m);
    } finally {
      removeTemp(root);
    }
  });
});

describe('profiles at a git revision', () => {
  test('diff reads the profiles of the base, and the patch-mode base a profile names', { skip: which('git') ? false : 'git is not installed' }, async () => {
    const git = (cwd: string, ...args: string[]): void => {
      const r = spawnSync('git', ['-c', 'commit.gpgsign=false', '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    };
    const root = tempRepo({
      [P]: profile(`controlPlane: {mode: patch, base: platform}\n${EDGE_HOSTED}`),
      [F]: topologyYaml('c', 'profiles: [edge]\n'),
      'platform/kustomization.yaml': 'resources:\n  - dataplane.yaml\n',
      'platform/dataplane.yaml': 'apiVersion: openchoreo.dev/v1alpha1\nkind: DataPlane\nmetadata:\n  name: default\n  namespace: default\nspec: {}\n',
    });
    try {
      git(root, 'init', '-q');
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '-m', 'base');
      writeFiles(root, { [P]: profile(`controlPlane: {mode: patch, base: platform}\n${EDGE_HOSTED.replace('port: 80', 'port: 8080')}`) });
      const r = JSON.parse((await run(['diff', '--base', 'HEAD', '--format', 'json'], root)).stdout) as { exitCode: number; baseProblems: unknown[]; resources: { path: string; change: string }[] };
      assert.equal(r.exitCode, 0);
      assert.deepEqual(r.baseProblems, []);
      assert.deepEqual(
        r.resources.map((c) => [c.change, c.path]),
        [
          ['changed', 'overlays/c/data-plane/edge.gateway.yaml'],
          ['changed', 'overlays/c/control-plane/default.dataplane.yaml'],
        ],
      );
    } finally {
      removeTemp(root);
    }
  });
});

describe('profile problems in CI formats', () => {
  test('--format github names the clusters of a problem in a profile on the annotation', async () => {
    const root = tempRepo({
      [P]: profile(EDGE),
      'topologies/a/topology.yaml': topologyYaml('a', 'profiles: [edge]\ndataPlane: {name: a}\n'),
      'topologies/b/topology.yaml': topologyYaml('b', 'profiles: [edge]\ndataPlane: {name: b}\n'),
    });
    try {
      const r = await run(['validate', '--format', 'github'], root);
      assert.equal(r.code, 2);
      assert.match(
        r.stdout,
        /^::error file=topologies\/_profiles\/edge\.yaml,line=12,col=11,title=gwtopo host-required::spec\.gateways\[0\]\.listeners\[0\]\.host: required for listener .*%0Ahint: .*%0Aclusters: a, b$/m,
      );
    } finally {
      removeTemp(root);
    }
  });
});
