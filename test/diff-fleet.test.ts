// Review at fleet scale (TOPOLOGY.md §8) on real git repositories: 30 clusters share a profile; a change
// under topologies/_profiles/ alone re-renders every cluster that uses it on both sides (also with --cluster
// and --shard), the summaries name the profile and its 30 clusters, identical notes become one note listing
// ten clusters "+20 more", and the gate still needs every id (a glob acknowledges them all).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { NoteGroup, ProfileChange } from '../generator/diff/fleet.js';
import type { ImpactNote } from '../generator/diff/types.js';
import { commitAll, git, gitRepo, skip } from './git.js';
import { removeTemp, run, topologyYaml, writeFiles, yaml } from './helpers.js';

const CLUSTERS = Array.from({ length: 30 }, (_, i) => `c${String(i + 1).padStart(2, '0')}`);

function profile(name: string, port: number): string {
  return yaml`
    apiVersion: gwtopo/v1alpha1
    kind: GatewayProfile
    metadata:
      name: ${name}
    spec:
      provider: generic
      gateways:
        - name: edge
          direction: ingress
          networking: external
          scope: dataplane
          listeners:
            - {protocol: HTTP, port: ${port}, host: edge.example.com}
  `;
}

/** A cluster using `profiles`, registered on a data plane of its own (no registration conflict). */
function cluster(name: string, profiles: string[]): string {
  return topologyYaml(name, `profiles: [${profiles.join(', ')}]\ndataPlane: {name: ${name}}\n`);
}

function fleet(profileName = 'eks-standard', port = 80): Record<string, string> {
  const files: Record<string, string> = { [`topologies/_profiles/${profileName}.yaml`]: profile(profileName, port) };
  for (const c of CLUSTERS) files[`topologies/${c}/topology.yaml`] = cluster(c, [profileName]);
  return files;
}

interface Json {
  exitCode: number;
  problems: { severity: string; rule: string; message: string }[];
  clusters: string[];
  changed: boolean;
  summary: { cluster: string }[];
  profiles: ProfileChange[];
  notes: ImpactNote[];
  groups: NoteGroup[];
  gate: { destructive: number; unacknowledged: string[] };
}

async function json(root: string, ...argv: string[]): Promise<Json> {
  const r = await run(['diff', '--base', 'HEAD', ...argv, '--format', 'json'], root);
  assert.equal(r.stderr, '');
  return JSON.parse(r.stdout) as Json;
}

const PORT_IDS = CLUSTERS.map((c) => `listener-port-changed:${c}/edge`);

describe('diff at fleet scale', { skip }, () => {
  test('a port change in a profile of 30 clusters: every cluster re-rendered, one grouped note, the profile named', async () => {
    const root = gitRepo(fleet());
    try {
      writeFiles(root, { 'topologies/_profiles/eks-standard.yaml': profile('eks-standard', 8080) });
      const r = await json(root);
      assert.equal(r.exitCode, 0);
      assert.deepEqual(r.problems, []);
      assert.deepEqual([...new Set(r.summary.map((s) => s.cluster))], CLUSTERS, 'every cluster using the profile changes');
      assert.deepEqual(r.profiles, [{ name: 'eks-standard', status: 'changed', clusters: CLUSTERS }]);
      assert.deepEqual(
        r.notes.map((n) => n.id),
        PORT_IDS,
        'the notes and the gate stay per cluster',
      );
      assert.equal(r.groups.length, 1);
      const g = r.groups[0]!;
      assert.deepEqual([g.kind, g.severity, g.acknowledged, g.gateway, g.listener, g.from, g.to], ['listener-port-changed', 'destructive', false, 'edge', 'http', '80', '8080']);
      assert.deepEqual(g.clusters, CLUSTERS);
      assert.deepEqual(g.ids, PORT_IDS);
      assert.deepEqual(g.unacknowledged, PORT_IDS);
      assert.deepEqual(g.ack, ['listener-port-changed:*/edge']);
      assert.deepEqual(r.gate.unacknowledged, PORT_IDS);

      const text = await run(['diff', '--base', 'HEAD'], root);
      const notes = text.stdout.slice(text.stdout.indexOf('\nimpact notes:\n'));
      assert.equal(notes.match(/^ {2}listener-port-changed/gm)?.length, 1, notes);
      assert.match(notes, /^ {2}listener-port-changed:\*\/edge \(listener http\) \[destructive, not acknowledged\]: /m);
      assert.match(notes, /^ {4}30 clusters: c01, c02, c03, c04, c05, c06, c07, c08, c09, c10 \+20 more$/m);
      // One acknowledgement line for the group, after the notes and before the resource diffs.
      assert.equal(text.stdout.match(/gwtopo-ack: /g)?.length, 1);
      assert.match(
        notes,
        /\nto acknowledge the destructive notes after review, add these lines to the pull-request description:\n {2}gwtopo-ack: listener-port-changed:\*\/edge\n\nchanged overlays\//,
      );
      // The summary first.
      assert.match(
        text.stdout,
        /^gwtopo diff: HEAD \([0-9a-f]{7}\) → the working tree\n\ngwtopo: profile eks-standard changed: 30 clusters\ngwtopo: 30 clusters changed: \d+ resources \(0 added, 0 removed, \d+ changed\); 1 impact note \(30 across clusters\) \(30 destructive, 30 ids not acknowledged\)\n\nimpact notes:\n/,
      );

      const md = (await run(['diff', '--base', 'HEAD', '--format', 'markdown'], root)).stdout;
      assert.match(md, /\n- profile eks-standard changed: 30 clusters\n/);
      assert.match(md, /\n```text\ngwtopo-ack: listener-port-changed:\*\/edge\n```\n/, 'one line to paste');
      assert.equal(md.match(/^- \*\*listener-port-changed\*\*/gm)?.length, 1);
      assert.match(md, /- \*\*listener-port-changed\*\* — 30 clusters \(`c01`, .*`c10` \+20 more\), gateway `edge`, listener `http` — \*\*not acknowledged\*\*/);
    } finally {
      removeTemp(root);
    }
  });

  test('the gate fails until every id is acknowledged; the glob does it, a partial ack leaves the rest', async () => {
    const root = gitRepo(fleet());
    try {
      writeFiles(root, { 'topologies/_profiles/eks-standard.yaml': profile('eks-standard', 8080) });
      assert.equal((await run(['diff', '--base', 'HEAD', '--fail-on', 'destructive'], root)).code, 1);
      const partial = await json(root, '--fail-on', 'destructive', '--ack', 'listener-port-changed:c0?/edge');
      assert.equal(partial.exitCode, 1);
      assert.deepEqual(partial.gate.unacknowledged, PORT_IDS.slice(9));
      assert.deepEqual(partial.groups[0]!.unacknowledged, PORT_IDS.slice(9));
      assert.deepEqual(partial.groups[0]!.ack, ['listener-port-changed:*/edge'], 'the glob still covers exactly the group');
      const text = await run(['diff', '--base', 'HEAD', '--fail-on', 'destructive', '--ack', 'listener-port-changed:c0?/edge'], root);
      assert.match(text.stdout, /\[destructive, 21 of 30 not acknowledged\]/);
      const acked = await json(root, '--fail-on', 'destructive', '--ack', 'listener-port-changed:*/edge');
      assert.equal(acked.exitCode, 0);
      assert.deepEqual(acked.gate.unacknowledged, []);
      assert.equal(acked.groups[0]!.acknowledged, true);
    } finally {
      removeTemp(root);
    }
  });

  test('--cluster and --shard: the selected clusters using the changed profile are re-rendered and counted', async () => {
    const root = gitRepo(fleet());
    try {
      writeFiles(root, { 'topologies/_profiles/eks-standard.yaml': profile('eks-standard', 8080) });
      const one = await json(root, '--cluster', 'c07');
      assert.deepEqual(one.profiles, [{ name: 'eks-standard', status: 'changed', clusters: ['c07'] }]);
      assert.deepEqual(
        one.notes.map((n) => n.id),
        ['listener-port-changed:c07/edge'],
      );
      assert.deepEqual(one.groups[0]!.ack, ['listener-port-changed:c07/edge'], 'a group of one: its id');
      const shard = await json(root, '--shard', '2/3');
      assert.ok(shard.clusters.length > 0 && shard.clusters.length < 30);
      assert.deepEqual(shard.profiles[0]!.clusters, shard.clusters);
      assert.deepEqual(
        shard.notes.map((n) => n.cluster),
        shard.clusters,
      );
      // Committed on a branch: --base/--head both read from git objects.
      commitAll(root, 'port 8080');
      const heads = await json(root, '--cluster', 'c01', '--cluster', 'c02');
      assert.equal(heads.changed, false, 'the working tree equals HEAD now');
      const committed = JSON.parse((await run(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--cluster', 'c01', '--cluster', 'c02', '--format', 'json'], root)).stdout) as Json;
      assert.deepEqual(committed.profiles, [{ name: 'eks-standard', status: 'changed', clusters: ['c01', 'c02'] }]);
      assert.deepEqual(
        committed.groups.map((g) => g.clusters),
        [['c01', 'c02']],
      );
    } finally {
      removeTemp(root);
    }
  });

  test('a profile renamed (same spec), added and removed', async () => {
    const root = gitRepo(fleet());
    try {
      rmSync(join(root, 'topologies/_profiles/eks-standard.yaml'));
      const renamed = fleet('eks-base');
      writeFiles(root, renamed);
      const r = await json(root);
      assert.deepEqual(r.profiles, [{ name: 'eks-base', status: 'renamed', from: 'eks-standard', clusters: CLUSTERS }]);
      assert.equal(r.changed, false, 'the same spec under another name renders the same resources');
      assert.match((await run(['diff', '--base', 'HEAD'], root)).stdout, /\ngwtopo: profile eks-base renamed from eks-standard: 30 clusters\n/);

      git(root, 'checkout', '-q', '--', '.');
      rmSync(join(root, 'topologies/_profiles/eks-base.yaml'));
      // c01 and c02 move to a new profile with another port; the old profile stays for the rest.
      writeFiles(root, {
        'topologies/_profiles/eks-next.yaml': profile('eks-next', 8080),
        'topologies/c01/topology.yaml': cluster('c01', ['eks-next']),
        'topologies/c02/topology.yaml': cluster('c02', ['eks-next']),
      });
      const added = await json(root);
      assert.deepEqual(added.profiles, [{ name: 'eks-next', status: 'added', clusters: ['c01', 'c02'] }]);
      assert.deepEqual(
        added.groups.map((g) => [g.kind, g.clusters]),
        [['listener-port-changed', ['c01', 'c02']]],
      );

      git(root, 'checkout', '-q', '--', '.');
      rmSync(join(root, 'topologies/_profiles/eks-next.yaml'));
      const files = fleet('eks-other', 80);
      writeFiles(root, files);
      rmSync(join(root, 'topologies/_profiles/eks-standard.yaml'));
      // Not a rename: the spec differs (another port).
      writeFiles(root, { 'topologies/_profiles/eks-other.yaml': profile('eks-other', 9090) });
      const swapped = await json(root);
      assert.deepEqual(
        swapped.profiles.map((p) => [p.name, p.status, p.clusters.length]),
        [
          ['eks-other', 'added', 30],
          ['eks-standard', 'removed', 30],
        ],
      );
    } finally {
      removeTemp(root);
    }
  });
});

describe('grouped notes of clusters named like words of the note', { skip }, () => {
  // Clusters may be named "the", "a" or "gateway": words the notes' own text uses. Grouping must compare the
  // places that name the cluster, not every occurrence of the word.
  test('three new clusters named the, gateway and s: one cluster-added note listing all three', async () => {
    const root = gitRepo(fleet());
    try {
      const names = ['gateway', 's', 'the'];
      writeFiles(root, Object.fromEntries(names.map((c) => [`topologies/${c}/topology.yaml`, cluster(c, ['eks-standard'])])));
      const r = await json(root);
      assert.deepEqual(r.problems, []);
      assert.deepEqual(
        r.notes.map((n) => n.id),
        names.map((c) => `cluster-added:${c}`),
      );
      assert.deepEqual(
        r.groups.map((g) => g.clusters),
        [names],
      );
      const g = r.groups[0]!;
      assert.equal(g.message, 'new cluster <cluster>: 3 resources rendered into overlays/<cluster>/');
      assert.match(
        g.check,
        /^an Argo CD Application or Flux Kustomization syncs overlays\/<cluster>\/data-plane to the cluster and overlays\/<cluster>\/control-plane to the control plane, and the DataPlane and Environments it registers on exist/,
      );
      const text = (await run(['diff', '--base', 'HEAD'], root)).stdout;
      assert.match(text, /^ {2}cluster-added:\* \[info\]: new cluster <cluster>: 3 resources rendered into overlays\/<cluster>\/\n {4}3 clusters: gateway, s, the\n/m);
    } finally {
      removeTemp(root);
    }
  });
});
