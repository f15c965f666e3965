// gwtopo diff at fleet scale on real git repositories: control-plane objects written by one topology at base
// and another at head (an Environment moving between clusters, a registration conflict being fixed) get
// notes that say what happens and no command removing what the head still writes; a rename whose default
// host follows the name; the text summary's counts; --ack-file warnings.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ImpactNote } from '../generator/diff/types.js';
import { gitRepo, skip } from './git.js';
import { removeTemp, run, topologyYaml, writeFiles, yaml } from './helpers.js';

async function notes(root: string, ...argv: string[]): Promise<ImpactNote[]> {
  const r = await run(['diff', '--base', 'HEAD', ...argv, '--format', 'json'], root);
  assert.equal(r.stderr, '');
  return (JSON.parse(r.stdout) as { notes: ImpactNote[] }).notes;
}

const prodGw = 'prod-gw.openchoreo-data-plane';
const sharedInt = yaml`
  - name: int
    direction: ingress
    networking: internal
    scope: dataplane
    listeners: [{protocol: HTTP, port: 80}]
`;
const prodGateway = yaml`
  - name: prod-gw
    direction: ingress
    networking: internal
    scope: environment
    environment: prod
    listeners: [{protocol: HTTP, port: 80}]
`;

describe('gwtopo diff: registrations across the fleet', { skip }, () => {
  test('an Environment moving from cluster ca to cb: no command unregisters what cb writes, no false "serves it instead"', async () => {
    const root = gitRepo({
      'topologies/ca/topology.yaml': topologyYaml('ca', `dataPlane: {name: ca}\nenvironments: [{name: prod}]\ngateways:\n${prodGateway}`),
      'topologies/cb/topology.yaml': topologyYaml('cb', `dataPlane: {name: cb}\ngateways:\n${sharedInt}`),
    });
    try {
      writeFiles(root, {
        'topologies/ca/topology.yaml': topologyYaml('ca', `dataPlane: {name: ca}\ngateways:\n${sharedInt}`),
        'topologies/cb/topology.yaml': topologyYaml('cb', `dataPlane: {name: cb}\nenvironments: [{name: prod}]\ngateways:\n${sharedInt}${prodGateway}`),
      });
      const all = await notes(root);
      assert.deepEqual(
        all.map((n) => [n.id, n.severity, n.environment ?? null, n.from ?? null, n.to ?? null, n.commands ?? null]),
        [
          ['gateway-deleted:ca/prod-gw', 'destructive', null, null, null, null],
          ['registration-released:ca', 'info', 'prod', null, null, null],
          ['registration-moved:cb/prod-gw', 'destructive', 'prod', 'ca/prod-gw', 'cb/prod-gw', null],
        ],
      );
      const [, released, moved] = all;
      assert.equal(
        released!.message,
        'Environment default/prod gets no partial from cluster ca any more, and cluster cb writes it at head (ingress/internal → prod-gw): its registration moves to cluster cb, so no slot is removed by hand',
      );
      assert.equal(
        moved!.message,
        `the registration of environment prod moves from cluster ca to cluster cb: for ingress/internal OpenChoreo publishes its endpoints on gateway prod-gw of cb (${prodGw}) instead of gateway prod-gw of ca`,
      );
      assert.match(moved!.check, /^the Environment's dataPlaneRef \(which gwtopo does not write\) names the data plane of cb \(DataPlane default\/cb\)/);
      assert.ok(
        all.every((n) => !/serves it instead|shared gateway int/.test(n.message)),
        'no note claims a shared gateway takes over',
      );
      // Notes belong to their cluster whatever the run selects: each side alone gives its own notes.
      assert.deepEqual(
        (await notes(root, '--cluster', 'ca')).map((n) => n.id),
        ['gateway-deleted:ca/prod-gw', 'registration-released:ca'],
      );
      assert.deepEqual(
        (await notes(root, '--cluster', 'cb')).map((n) => n.id),
        ['registration-moved:cb/prod-gw'],
      );
    } finally {
      removeTemp(root);
    }
  });

  test('a removed cluster whose Environment another cluster writes at head: the command leaves that slot', async () => {
    const root = gitRepo({
      'topologies/ca/topology.yaml': topologyYaml('ca', `dataPlane: {name: ca}\nenvironments: [{name: prod}]\ngateways:\n${prodGateway}`),
      'topologies/cb/topology.yaml': topologyYaml('cb', `dataPlane: {name: cb}\ngateways:\n${sharedInt}`),
    });
    try {
      writeFiles(root, { 'topologies/cb/topology.yaml': topologyYaml('cb', `dataPlane: {name: cb}\nenvironments: [{name: prod}]\ngateways:\n${sharedInt}${prodGateway}`) });
      const { rmSync } = await import('node:fs');
      rmSync(`${root}/topologies/ca`, { recursive: true });
      const removed = (await notes(root)).find((n) => n.kind === 'cluster-removed')!;
      assert.equal(removed.commands, undefined, 'nothing of ca is left that no topology writes');
      assert.match(removed.check, /Environment default\/prod is written by cluster cb at head \(ingress\/internal → prod-gw\), so no command removes ingress\/internal$/);
    } finally {
      removeTemp(root);
    }
  });

  test('fixing a registration conflict: no command removes the slots the other writer keeps', async () => {
    const gateways = yaml`
      gateways:
        - name: internal-a
          direction: ingress
          networking: internal
          scope: dataplane
          listeners: [{protocol: HTTP, port: 9080}]
    `;
    const root = gitRepo({ 'topologies/solo/topology.yaml': topologyYaml('solo', gateways), 'topologies/dup/topology.yaml': topologyYaml('dup', gateways) });
    try {
      writeFiles(root, { 'topologies/dup/topology.yaml': topologyYaml('dup', `dataPlane: {name: dup}\n${gateways}`) });
      const all = await notes(root);
      assert.deepEqual(
        all.map((n) => [n.id, n.severity, n.commands ?? null]),
        [['registration-released:dup', 'info', null]],
      );
      assert.equal(
        all[0]!.message,
        'DataPlane default/default gets no partial from cluster dup any more, and cluster solo writes it at head (ingress/internal → internal-a): at base cluster solo wrote it too (a registration conflict this change ends; until now the last sync won), so no slot is removed by hand',
      );
    } finally {
      removeTemp(root);
    }
  });

  test('a data plane whose slots the other writer keeps only in part: the command removes the rest only', async () => {
    const gw = (name: string, networking: string): string =>
      `  - {name: ${name}, direction: ingress, networking: ${networking}, scope: dataplane, listeners: [{protocol: HTTP, port: 80${networking === 'external' ? `, host: ${name}.example.com` : ''}}]}\n`;
    const root = gitRepo({
      'topologies/solo/topology.yaml': topologyYaml('solo', `gateways:\n${gw('int', 'internal')}`),
      'topologies/dup/topology.yaml': topologyYaml('dup', `gateways:\n${gw('int', 'internal')}${gw('ext', 'external')}`),
    });
    try {
      writeFiles(root, { 'topologies/dup/topology.yaml': topologyYaml('dup', `dataPlane: {name: dup}\ngateways:\n${gw('int', 'internal')}${gw('ext', 'external')}`) });
      const stale = (await notes(root)).filter((n) => n.kind === 'stale-registration');
      assert.deepEqual(
        stale.map((n) => [n.id, n.commands]),
        [['stale-registration:dup', [`kubectl patch dataplane default -n default --type json -p '[{"op":"remove","path":"/spec/gateway/ingress/external"}]'`]]],
      );
      assert.match(stale[0]!.message, /; cluster solo writes it at head \(ingress\/internal → int\), so only the slots it does not write are removed$/);
    } finally {
      removeTemp(root);
    }
  });

  test('renaming an internal ClusterIP gateway whose host is its default: one gateway-renamed note that says the host follows', async () => {
    const internal = (name: string): string =>
      topologyYaml('a', `gateways:\n  - {name: ${name}, direction: ingress, networking: internal, scope: dataplane, listeners: [{protocol: HTTP, port: 80}]}\n`);
    const root = gitRepo({ 'topologies/a/topology.yaml': internal('int-old') });
    try {
      writeFiles(root, { 'topologies/a/topology.yaml': internal('int-new') });
      const all = await notes(root);
      assert.deepEqual(
        all.map((n) => [n.id, n.from, n.to]),
        [['gateway-renamed:a/int-new', 'int-old', 'int-new']],
      );
      assert.equal(
        all[0]!.message,
        'gateway int-old is renamed to int-new: the GitOps engine deletes Gateway int-old (with its Service) and creates int-new with a new Service; the registration moves to int-new, and the default host follows the name: OpenChoreo publishes endpoints on int-new.openchoreo-data-plane instead of int-old.openchoreo-data-plane',
      );
      assert.match(all[0]!.check, /^in-cluster clients call int-new\.openchoreo-data-plane \(the Service is named after the gateway\); /);
      // An explicit host that differs is not a rename.
      writeFiles(root, {
        'topologies/a/topology.yaml': topologyYaml(
          'a',
          'gateways:\n  - {name: int-new, direction: ingress, networking: internal, scope: dataplane, listeners: [{protocol: HTTP, port: 80, host: other.example.internal}]}\n',
        ),
      });
      assert.deepEqual(
        (await notes(root)).map((n) => n.id),
        ['gateway-deleted:a/int-old'],
      );
    } finally {
      removeTemp(root);
    }
  });

  test('the text summary counts resources once, in agreement: "1 resource (0 added, 0 removed, 1 changed)"', async () => {
    // A Service label lives in the gateway's parameters only: one changed resource.
    const edge = (team: string): string =>
      topologyYaml(
        'a',
        `gateways:\n  - {name: edge, direction: egress, networking: internal, scope: dataplane, service: {labels: {team: ${team}}}, listeners: [{protocol: HTTP, port: 80, host: e.internal}]}\n`,
      );
    const root = gitRepo({ 'topologies/a/topology.yaml': edge('a') });
    try {
      writeFiles(root, { 'topologies/a/topology.yaml': edge('b') });
      const r = await run(['diff', '--base', 'HEAD'], root);
      assert.match(r.stdout, /\ngwtopo: 1 cluster changed: 1 resource \(0 added, 0 removed, 1 changed\); 0 impact notes\n/);
    } finally {
      removeTemp(root);
    }
  });
});
