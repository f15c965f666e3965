// Review at fleet scale (contract §13), each point reproduced on a real git repository: the order of a review,
// one acknowledgement line per group (also when two groups share a glob), commands that run as printed, counts
// of a profile change at head, and a capped comment that keeps every note and acknowledgement line.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { commitAll, gitRepo, skip } from './git.js';
import { removeTemp, run, topologyYaml, writeFiles } from './helpers.js';

const CLUSTERS = Array.from({ length: 12 }, (_, i) => `c${String(i + 1).padStart(2, '0')}`);

function cluster(name: string, port: number, profiles = ''): string {
  return topologyYaml(
    name,
    `${profiles}dataPlane: {name: ${name}}\ngateways:\n  - name: edge\n    direction: ingress\n    networking: external\n    scope: dataplane\n    listeners:\n      - {protocol: HTTP, port: ${port}, host: edge.example.com}\n`,
  );
}

/** 12 clusters on port 80, committed; then c01–c06 move to 8080, c07–c10 to 8081, c11 and c12 are removed. */
function moved(): string {
  const root = gitRepo(Object.fromEntries(CLUSTERS.map((c) => [`topologies/${c}/topology.yaml`, cluster(c, 80)])));
  writeFiles(root, Object.fromEntries(CLUSTERS.slice(0, 10).map((c, i) => [`topologies/${c}/topology.yaml`, cluster(c, i < 6 ? 8080 : 8081)])));
  for (const c of ['c11', 'c12']) rmSync(join(root, 'topologies', c), { recursive: true });
  return root;
}

describe('review at fleet scale', { skip }, () => {
  test('text: summary, notes, acknowledgement lines, then resource diffs; two groups sharing a glob get one line each, and each acknowledges exactly its group', async () => {
    const root = moved();
    try {
      const text = (await run(['diff', '--base', 'HEAD'], root)).stdout;
      const at = (s: string): number => text.indexOf(s);
      assert.ok(at('gwtopo: 12 clusters changed') < at('\nimpact notes:\n') && at('\nimpact notes:\n') < at('\nto acknowledge') && at('\nto acknowledge') < at('\nchanged overlays/'), text);
      const lines = text.match(/^ {2}gwtopo-ack: .*$/gm) ?? [];
      assert.equal(lines.length, 3, lines.join('\n'));
      assert.ok(lines.includes('  gwtopo-ack: cluster-removed:*'));
      const narrowed = lines.filter((l) => /^ {2}gwtopo-ack: listener-port-changed:\*\/edge#[0-9a-f]{8}$/.test(l));
      assert.equal(narrowed.length, 2, 'the 8080 group and the 8081 group, each narrowed by its digest');
      const first = narrowed[0]!.trim().slice('gwtopo-ack: '.length);
      const gated = JSON.parse((await run(['diff', '--base', 'HEAD', '--format', 'json', '--fail-on', 'destructive', '--ack', first], root)).stdout) as { gate: { unacknowledged: string[] } };
      const left = gated.gate.unacknowledged.filter((id) => id.startsWith('listener-port-changed:'));
      assert.ok(left.length === 4 || left.length === 6, `one group acknowledged exactly: ${left.join(', ')}`);
      const all = await run(['diff', '--base', 'HEAD', '--fail-on', 'destructive', ...lines.flatMap((l) => ['--ack', l.trim().slice('gwtopo-ack: '.length)])], root);
      assert.equal(all.code, 0, 'the printed lines acknowledge everything');
      // --notes-only: no resource diff.
      const notes = (await run(['diff', '--base', 'HEAD', '--notes-only'], root)).stdout;
      assert.doesNotMatch(notes, /^changed overlays\//m);
      assert.match(notes, /\(\d+ resource diffs left out: --notes-only\)\n$/);
    } finally {
      removeTemp(root);
    }
  });

  test('a grouped command runs as printed: a loop over the clusters, no <cluster> placeholder', async () => {
    const root = moved();
    try {
      const text = (await run(['diff', '--base', 'HEAD'], root)).stdout;
      const command = /^ {4}run: (.*)$/m.exec(text)?.[1];
      assert.ok(command !== undefined, text);
      assert.doesNotMatch(text, /<cluster>[^/]*(kubectl|--type)/, 'no placeholder in a command');
      assert.match(command, /^for name in c11 c12; do kubectl patch dataplane "\$name" -n default --type json -p '.*'; done$/);
      // It is valid shell: bash parses it (kubectl is not run).
      const parsed = spawnSync('bash', ['-n', '-c', command], { encoding: 'utf8' });
      assert.equal(parsed.status, 0, parsed.stderr);
    } finally {
      removeTemp(root);
    }
  });

  test('markdown capped at 2000 characters keeps every note and acknowledgement line, and cuts resources', async () => {
    const root = moved();
    try {
      const md = (await run(['diff', '--base', 'HEAD', '--format', 'markdown', '--max-chars', '2000'], root)).stdout;
      assert.ok(md.length <= 2000, String(md.length));
      assert.equal(md.match(/^- \*\*(listener-port-changed|cluster-removed)\*\*/gm)?.length, 3, md);
      assert.equal(md.match(/^gwtopo-ack: /gm)?.length, 3, md);
      assert.match(md, /resources left out\*\* to stay under 2000 characters/);
    } finally {
      removeTemp(root);
    }
  });

  test('two groups of removed clusters that differ only in their commands: one exact line each, shown as the group', async () => {
    const cdp = (name: string): string =>
      topologyYaml(
        name,
        `dataPlane: {kind: ClusterDataPlane, name: ${name}}\ngateways:\n  - {name: gw, direction: ingress, networking: internal, scope: dataplane, listeners: [{protocol: HTTP, port: 9080}]}\n`,
      );
    const dp = (name: string): string =>
      topologyYaml(
        name,
        `dataPlane: {name: ${name}, namespace: team-b}\ngateways:\n  - {name: gw, direction: ingress, networking: internal, scope: dataplane, listeners: [{protocol: HTTP, port: 9080}]}\n`,
      );
    const root = gitRepo({ 'topologies/a1/topology.yaml': cdp('a1'), 'topologies/a2/topology.yaml': cdp('a2'), 'topologies/a3/topology.yaml': cdp('a3'), 'topologies/b1/topology.yaml': dp('b1') });
    try {
      for (const c of ['a1', 'a2', 'b1']) rmSync(join(root, 'topologies', c), { recursive: true });
      const text = (await run(['diff', '--base', 'HEAD', '--notes-only'], root)).stdout;
      const lines = (text.match(/^ {2}gwtopo-ack: .*$/gm) ?? []).map((l) => l.trim().slice('gwtopo-ack: '.length));
      assert.equal(lines.length, 2, text);
      assert.match(lines[0]!, /^cluster-removed:\*#[0-9a-f]{8}$/);
      assert.equal(lines[1], 'cluster-removed:b1');
      assert.match(text, new RegExp(`^ {2}${lines[0]!.replace(/[*]/g, '\\*')} \\[destructive, not acknowledged\\]: `, 'm'), 'the header is the exact pattern');
      const one = JSON.parse((await run(['diff', '--base', 'HEAD', '--format', 'json', '--ack', lines[0]!], root)).stdout) as { gate: { unacknowledged: string[] } };
      assert.deepEqual(one.gate.unacknowledged, ['cluster-removed:b1'], 'the group line acknowledges a1 and a2 only');
    } finally {
      removeTemp(root);
    }
  });

  test('a changed profile counts the clusters that list it at head', async () => {
    const profile = (port: number): string =>
      `apiVersion: gwtopo/v1alpha1\nkind: GatewayProfile\nmetadata:\n  name: base\nspec:\n  gateways:\n    - name: inner\n      direction: ingress\n      networking: internal\n      scope: dataplane\n      listeners:\n        - {protocol: HTTP, port: ${port}}\n`;
    const root = gitRepo({ 'topologies/_profiles/base.yaml': profile(9080), ...Object.fromEntries(CLUSTERS.map((c) => [`topologies/${c}/topology.yaml`, cluster(c, 80, 'profiles: [base]\n')])) });
    try {
      writeFiles(root, { 'topologies/_profiles/base.yaml': profile(9090), 'topologies/c01/topology.yaml': cluster('c01', 80) });
      rmSync(join(root, 'topologies', 'c02'), { recursive: true });
      commitAll(root, 'head');
      const text = (await run(['diff', '--base', 'HEAD~1', '--head', 'HEAD'], root)).stdout;
      assert.match(text, /^gwtopo: profile base changed: 10 clusters$/m, 'c01 no longer lists it, c02 is removed');
    } finally {
      removeTemp(root);
    }
  });
});
