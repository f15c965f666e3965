// Unit tests of the semantic rules (validate/rules/**) and of the checks that need the model
// (model/checks.ts): which inputs a rule accepts, which it refuses, and the exact problem — position,
// path, message and hint. Topologies are parsed and validated in memory.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatProblem, sortProblems } from '../generator/diagnostics/problem.js';
import { INFRASTRUCTURE_LIMIT } from '../generator/model/checks.js';
import { parseTopology } from '../generator/parse/parse.js';
import { type Validated, validateTopology } from '../generator/pipeline/cluster.js';
import type { BaseRead } from '../generator/repository/base.js';
import { eachDuplicate, groupBy } from '../generator/validate/rules/context.js';
import { RULES } from '../generator/validate/rules/index.js';
import { hostnameMatches } from '../generator/validate/rules/listeners.js';

const HEAD = 'apiVersion: gwtopo/v1alpha1\nkind: GatewayTopology\nmetadata:\n  name: c\nspec:\n';

function validated(body: string, base?: BaseRead, cluster = 'c'): Validated {
  const r = parseTopology({ cluster, file: 't.yaml' }, `${HEAD}${body.replace(/^(?=.)/gm, '  ')}`);
  assert.ok(r.ok, JSON.stringify(r.problems));
  return validateTopology(r.topology, base === undefined ? {} : { base });
}

/** `line:col: severity: path: message` and `  hint: …` lines, sorted like reports (the file name left out). */
function check(body: string, base?: BaseRead, cluster = 'c'): string[] {
  return sortProblems(validated(body, base, cluster).problems).flatMap((p) =>
    formatProblem(p)
      .replace(/^t\.yaml:/, '')
      .split('\n'),
  );
}

/** Only the problems of one rule (rule id as in Problem.rule). */
function only(rule: string, body: string, base?: BaseRead): string[] {
  return sortProblems(validated(body, base).problems.filter((p) => p.rule === rule)).flatMap((p) =>
    formatProblem(p)
      .replace(/^t\.yaml:/, '')
      .split('\n'),
  );
}

/** `line:col` of the start of the nth occurrence of `needle` in the topology document of `body`. */
function at(body: string, needle: string, nth = 0): string {
  const text = `${HEAD}${body.replace(/^(?=.)/gm, '  ')}`;
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = text.indexOf(needle, offset + 1);
    assert.ok(offset >= 0, `${needle} #${nth} not in\n${text}`);
  }
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

/** One gateway per line, given as flow-map entries. */
const gws = (...lines: string[]): string => `gateways:\n${lines.map((l) => `  - {${l}}\n`).join('')}`;
const L80 = 'listeners: [{protocol: HTTP, port: 80, host: a.example.com}]';
const G = (rest: string, listeners = L80): string => `name: g, direction: ingress, networking: external, scope: dataplane, ${listeners}${rest === '' ? '' : `, ${rest}`}`;

describe('rule helpers', () => {
  test('groupBy keeps input order and skips undefined keys', () => {
    const groups = groupBy(['b1', 'a1', 'x', 'b2', 'a2'], (s) => (s === 'x' ? undefined : s[0]));
    assert.deepEqual(
      [...groups],
      [
        ['b', ['b1', 'b2']],
        ['a', ['a1', 'a2']],
      ],
    );
  });

  test('eachDuplicate reports every later member of a group against the first', () => {
    const seen: string[] = [];
    eachDuplicate(
      ['a1', 'b1', 'a2', 'a3', 'c1'],
      (s) => s[0],
      (dup, first) => seen.push(`${dup}<${first}`),
    );
    assert.deepEqual(seen, ['a2<a1', 'a3<a1']);
  });

  test('every rule is registered once', () => {
    assert.equal(new Set(RULES).size, RULES.length);
  });
});

describe('a valid topology', () => {
  test('has no problems and a model', () => {
    const v = validated(gws(G('')));
    assert.deepEqual(v.problems, []);
    assert.equal(v.model?.gateways[0]?.name, 'g');
  });

  test('warnings keep the model', () => {
    const v = validated(gws(G('', 'listeners: [{protocol: HTTP, port: 80, host: a.example.com, hostname: "*.example.org"}]')));
    assert.deepEqual(
      v.problems.map((p) => p.severity),
      ['warning'],
    );
    assert.ok(v.model !== undefined);
  });

  test('errors drop the model', () => {
    assert.equal(validated(gws(G('service: {type: ClusterIP}'))).model, undefined);
  });
});

describe('follow-on problems', () => {
  test('managed: no is a schema error, and no helm-owned-gateway warning beside it', () => {
    const body = gws('name: gateway-default, direction: ingress, networking: external, scope: dataplane, managed: no, listeners: [{protocol: HTTP, port: 80, host: a.b}]');
    assert.deepEqual(
      validated(body).problems.map((p) => p.rule),
      ['schema'],
    );
  });
});

describe('cluster rules', () => {
  test('cluster-name: compared with the folder; nothing when metadata.name is missing', () => {
    assert.deepEqual(check(gws(G('')), undefined, 'other'), [
      '4:9: error: metadata.name: "c" must equal the folder name "other" [cluster-name]',
      '  hint: set metadata.name: other, or move the file to topologies/c/topology.yaml',
    ]);
    // A folder that is no cluster name is not offered as metadata.name.
    assert.deepEqual(check(gws(G('')), undefined, 'GKE-Prod'), [
      '4:9: error: metadata.name: "c" must equal the folder name "GKE-Prod" [cluster-name]',
      '  hint: move the file to topologies/c/topology.yaml (the folder name is no cluster name)',
    ]);
    const r = parseTopology({ cluster: 'x', file: 't.yaml' }, 'apiVersion: gwtopo/v1alpha1\nkind: GatewayTopology\nmetadata: {}\nspec: {gateways: []}\n');
    assert.ok(r.ok);
    assert.deepEqual(
      validateTopology(r.topology).problems.map((p) => p.rule),
      ['schema'],
    );
  });

  test('dataplane-namespace: only a ClusterDataPlane with a namespace', () => {
    const cdp = 'dataPlane: {kind: ClusterDataPlane, namespace: x}\ngateways: []\n';
    assert.deepEqual(check(cdp), [
      `${at(cdp, 'namespace: x')}: error: spec.dataPlane.namespace: not allowed: a ClusterDataPlane is cluster-scoped [dataplane-namespace]`,
      '  hint: remove spec.dataPlane.namespace (or use kind: DataPlane)',
    ]);
    assert.deepEqual(check('dataPlane: {kind: DataPlane, namespace: x}\ngateways: []\n'), []);
    assert.deepEqual(check('dataPlane: {kind: ClusterDataPlane}\ngateways: []\n'), []);
  });

  test('k3d-settings: spec.k3d with another valid provider', () => {
    assert.deepEqual(check('provider: aws\nk3d: {clusterName: x}\ngateways: []\n'), [
      '7:3: error: spec.k3d: only used with provider k3d (the provider is aws) [k3d-settings]',
      '  hint: remove spec.k3d, or set spec.provider: k3d',
    ]);
    assert.deepEqual(check('k3d: {}\ngateways: []\n'), [
      '6:3: error: spec.k3d: only used with provider k3d (the provider is generic) [k3d-settings]',
      '  hint: remove spec.k3d, or set spec.provider: k3d',
    ]);
    assert.deepEqual(check('provider: k3d\nk3d: {clusterName: x}\ngateways: []\n'), []);
    assert.deepEqual(only('k3d-settings', 'provider: mars\nk3d: {}\ngateways: []\n'), [], 'an invalid provider is reported by the schema alone');
  });

  test('unique-environments: every repeat, pointing at the first', () => {
    const envs = 'environments: [{name: a}, {name: b}, {name: a}, {name: a}]\ngateways: []\n';
    assert.deepEqual(check(envs), [
      `${at(envs, 'a}', 1)}: error: spec.environments[2].name: environment "a" is listed twice (first on line 6) [unique-environments]`,
      '  hint: remove one of the entries; environment names are unique within a cluster',
      `${at(envs, 'a}', 2)}: error: spec.environments[3].name: environment "a" is listed twice (first on line 6) [unique-environments]`,
      '  hint: remove one of the entries; environment names are unique within a cluster',
    ]);
  });

  test('control-plane-mode: base required in patch mode, refused in apply mode', () => {
    const missing = 'controlPlane: {mode: patch}\ngateways: []\n';
    assert.deepEqual(check(missing), [
      `${at(missing, '{mode')}: error: spec.controlPlane.base: required with mode patch [control-plane-mode]`,
      '  hint: add base: <folder of the kustomization holding your DataPlane/Environment objects>, relative to the repository root',
    ]);
    const implicit = 'controlPlane: {base: x}\ngateways: []\n';
    assert.deepEqual(check(implicit), [`${at(implicit, 'base')}: error: spec.controlPlane.base: only used with mode patch [control-plane-mode]`, '  hint: remove base, or set mode: patch']);
    const explicit = 'controlPlane: {mode: apply, base: x}\ngateways: []\n';
    assert.deepEqual(check(explicit), [`${at(explicit, 'base')}: error: spec.controlPlane.base: only used with mode patch [control-plane-mode]`, '  hint: remove base, or set mode: patch']);
    assert.deepEqual(only('control-plane-mode', 'controlPlane: {mode: other, base: x}\ngateways: []\n'), []);
  });
});

describe('gateway rules', () => {
  test('unique-gateways: the hint and the line of the first', () => {
    assert.deepEqual(only('unique-gateways', gws(G(''), 'name: g, direction: egress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 81, host: b.example.com}]')), [
      '8:14: error: spec.gateways[1].name: gateway "g" is defined twice (first on line 7) [unique-gateways]',
      '  hint: gateway names are unique within a cluster: rename or remove one of them',
    ]);
  });

  test('environment-scope: the listed environments, sorted, or none yet', () => {
    assert.deepEqual(only('environment-scope', `environments: [{name: b}, {name: a}, {name: b}]\n${gws(G('').replace('scope: dataplane', 'scope: environment'))}`), [
      '8:7: error: spec.gateways[0].environment: required when scope is environment [environment-scope]',
      '  hint: add environment: <name> (listed: a, b)',
    ]);
    assert.deepEqual(only('environment-scope', gws(G('').replace('scope: dataplane', 'scope: environment'))), [
      '7:7: error: spec.gateways[0].environment: required when scope is environment [environment-scope]',
      '  hint: add environment: <name> (spec.environments lists none yet)',
    ]);
  });

  test('environment-scope: an environment on a dataplane gateway, at the key', () => {
    const body = `environments: [{name: a}]\n${gws(G('environment: a'))}`;
    assert.deepEqual(only('environment-scope', body), [
      `${at(body, 'environment: a')}: error: spec.gateways[0].environment: only allowed when scope is environment [environment-scope]`,
      '  hint: remove it, or set scope: environment to dedicate the gateway to that environment',
    ]);
  });

  test('environment-reference: a suggestion when close, else the listed ones', () => {
    const body = (name: string, listed: string) => `environments: [${listed}]\n${gws(G(`environment: ${name}`).replace('scope: dataplane', 'scope: environment'))}`;
    const env = (name: string, listed: string) => only('environment-reference', body(name, listed));
    assert.deepEqual(env('stagng', '{name: staging}, {name: prod}'), [
      `${at(body('stagng', ''), 'stagng')}: error: spec.gateways[0].environment: "stagng" is not listed in spec.environments [environment-reference]`,
      '  hint: did you mean "staging"?',
    ]);
    assert.deepEqual(env('qa', '{name: staging}, {name: prod}').slice(1), ['  hint: add it to spec.environments (- name: qa); listed: prod, staging']);
    assert.deepEqual(env('qa', ''), [
      `${at(body('qa', ''), 'qa}')}: error: spec.gateways[0].environment: "qa" is not listed in spec.environments [environment-reference]`,
      '  hint: add it to spec.environments (- name: qa); spec.environments lists none yet',
    ]);
    assert.deepEqual(env('prod', '{name: prod}'), []);
  });

  test('gateway-slot: the same direction and networking of one owner; other combinations are free', () => {
    const g = (name: string, direction: string, networking: string, scope = 'scope: dataplane') =>
      `name: ${name}, direction: ${direction}, networking: ${networking}, ${scope}, listeners: [{protocol: HTTP, port: 80, host: ${name}.example.com}]`;
    assert.deepEqual(
      only(
        'gateway-slot',
        `environments: [{name: p}, {name: q}]\n${gws(g('a', 'ingress', 'external'), g('b', 'egress', 'external'), g('c', 'ingress', 'internal'), g('d', 'ingress', 'external', 'scope: environment, environment: p'), g('e', 'ingress', 'external', 'scope: environment, environment: q'), g('f', 'ingress', 'external', 'scope: environment'))}`,
      ),
      [],
    );
    assert.deepEqual(only('gateway-slot', gws(g('a', 'ingress', 'external'), g('b', 'ingress', 'external'), g('c', 'ingress', 'external'))), [
      '8:14: error: spec.gateways[1].name: ingress/external slot of the data plane is already taken by gateway "a" (line 7); spec.gateway.ingress.external holds one gateway [gateway-slot]',
      '  hint: dedicate one of them to an environment (scope: environment), change its direction or networking, or remove it',
      '9:14: error: spec.gateways[2].name: ingress/external slot of the data plane is already taken by gateway "a" (line 7); spec.gateway.ingress.external holds one gateway [gateway-slot]',
      '  hint: dedicate one of them to an environment (scope: environment), change its direction or networking, or remove it',
    ]);
    assert.deepEqual(
      only('gateway-slot', gws(g('a', 'up', 'external'), g('b', 'up', 'external'), g('c', 'egress', 'out'), g('d', 'egress', 'out'))),
      [],
      'invalid directions and networkings are reported by the schema',
    );
  });

  test('external-clusterip: with its hint', () => {
    const body = gws(G('service: {type: ClusterIP}'));
    assert.deepEqual(only('external-clusterip', body), [
      `${at(body, 'ClusterIP')}: error: spec.gateways[0].service.type: an external gateway must be reachable from outside the cluster, and a ClusterIP Service is not [external-clusterip]`,
      '  hint: use type: LoadBalancer (or NodePort), or set networking: internal',
    ]);
    assert.deepEqual(only('external-clusterip', gws(G('service: {type: NodePort}'))), []);
  });

  test('internal-lb-private: only provider generic, only without a private annotation', () => {
    const internalLb = (annotations: string) => gws(G(`service: {type: LoadBalancer${annotations}}`).replace('networking: external', 'networking: internal'));
    assert.deepEqual(only('internal-lb-private', internalLb('')), [
      `${at(internalLb(''), 'LoadBalancer}')}: error: spec.gateways[0].service.type: an internal LoadBalancer needs a private load balancer, and provider generic adds no annotation for one: the cloud might create an internet-facing load balancer [internal-lb-private]`,
      '  hint: set spec.provider to your cloud (aws, aws-lbc, gcp, azure, oci, digitalocean, ibm, alibaba, openstack), or add its internal annotation under service.annotations, e.g. service.beta.kubernetes.io/aws-load-balancer-internal: "true"',
    ]);
    assert.deepEqual(only('internal-lb-private', internalLb(', annotations: {networking.gke.io/load-balancer-type: Internal}')), []);
    assert.deepEqual(only('internal-lb-private', internalLb(', annotations: {service.kubernetes.io/qcloud-loadbalancer-internal-subnetid: subnet-1}')), []);
    assert.deepEqual(only('internal-lb-private', `provider: aws\n${internalLb('')}`), []);
    assert.deepEqual(only('internal-lb-private', gws(G('service: {type: NodePort}').replace('networking: external', 'networking: internal'))), []);
    assert.deepEqual(only('internal-lb-private', gws(G('service: {type: LoadBalancer}'))), [], 'external');
  });

  test('lb-networking: annotations contrary to the networking, at the annotation key', () => {
    const external = gws(G('service: {annotations: {service.beta.kubernetes.io/aws-load-balancer-internal: "TRUE"}}'));
    assert.deepEqual(only('lb-networking', external), [
      `${at(external, 'service.beta')}: error: spec.gateways[0].service.annotations["service.beta.kubernetes.io/aws-load-balancer-internal"]: gateway "g" is external, but this annotation ("TRUE") makes its load balancer private (reachable only inside the network) [lb-networking]`,
      '  hint: remove the annotation, or set networking: internal',
    ]);
    const internalBody = (annotation: string) => `provider: aws\n${gws(G(`service: {type: LoadBalancer, annotations: {${annotation}}}`).replace('networking: external', 'networking: internal'))}`;
    const internal = (annotation: string) => only('lb-networking', internalBody(annotation));
    assert.deepEqual(internal('service.beta.kubernetes.io/aws-load-balancer-internal: "false"'), [
      `${at(internalBody('service.beta.kubernetes.io/aws-load-balancer-internal: "false"'), 'service.beta')}: error: spec.gateways[0].service.annotations["service.beta.kubernetes.io/aws-load-balancer-internal"]: gateway "g" is internal, but with this annotation ("false") provider aws's load balancer would be internet-facing: the in-tree AWS cloud controller makes a load balancer internal only when service.beta.kubernetes.io/aws-load-balancer-internal is set (to anything but "false") [lb-networking]`,
      '  hint: remove the annotation (the provider preset makes internal load balancers private), or set networking: external',
    ]);
    assert.deepEqual(internal('service.beta.kubernetes.io/aws-load-balancer-internal: "true"'), []);
    assert.deepEqual(only('lb-networking', gws(G('service: {type: NodePort, annotations: {service.beta.kubernetes.io/aws-load-balancer-internal: "true"}}'))), [], 'not a LoadBalancer');
    assert.deepEqual(only('lb-networking', gws(G('service: {annotations: {service.beta.kubernetes.io/aws-load-balancer-internal: "false"}}'))), [], 'public and external agree');
  });

  // Per provider: an annotation under which the cloud makes an internal gateway's load balancer internet-facing,
  // and one under which it makes an external one's private (docs/providers.md, "Internal stays internal").
  const TURNS: Readonly<Record<string, { internal: string; external: string }>> = {
    aws: { internal: 'service.beta.kubernetes.io/aws-load-balancer-internal: "false"', external: 'service.beta.kubernetes.io/aws-load-balancer-internal: "yes"' },
    'aws-lbc': { internal: 'service.beta.kubernetes.io/aws-load-balancer-type: nlb', external: 'service.beta.kubernetes.io/aws-load-balancer-scheme: internal' },
    gcp: { internal: 'networking.gke.io/load-balancer-type: External', external: 'networking.gke.io/load-balancer-type: Internal' },
    azure: { internal: 'service.beta.kubernetes.io/azure-load-balancer-internal: "false"', external: 'service.beta.kubernetes.io/azure-load-balancer-internal: "true"' },
    oci: { internal: 'oci.oraclecloud.com/load-balancer-type: nlb', external: 'service.beta.kubernetes.io/oci-load-balancer-internal: "true"' },
    digitalocean: { internal: 'service.beta.kubernetes.io/do-loadbalancer-network: EXTERNAL', external: 'service.beta.kubernetes.io/do-loadbalancer-network: INTERNAL' },
    ibm: { internal: 'service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type: public', external: 'service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type: private' },
    alibaba: { internal: 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type: internet', external: 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type: intranet' },
    openstack: { internal: 'service.beta.kubernetes.io/openstack-internal-load-balancer: "false"', external: 'service.beta.kubernetes.io/openstack-internal-load-balancer: "true"' },
  };
  const lbBody = (provider: string, networking: string, annotation: string, extra = '') =>
    `provider: ${provider}\n${extra}${gws(G(`service: {type: LoadBalancer, annotations: {${annotation}}}`).replace('networking: external', `networking: ${networking}`))}`;

  for (const [provider, turn] of Object.entries(TURNS)) {
    test(`lb-networking, provider ${provider}: both directions, at the annotation, as the cloud reads it`, () => {
      for (const networking of ['internal', 'external'] as const) {
        const annotation = turn[networking];
        const key = annotation.slice(0, annotation.indexOf(':'));
        const body = lbBody(provider, networking, annotation);
        const problems = only('lb-networking', body);
        const effect = networking === 'internal' ? 'internet-facing' : 'private (reachable only inside the network)';
        assert.equal(problems.length, 2, `${networking}: ${problems.join('\n')}`);
        assert.match(
          problems[0]!,
          new RegExp(
            `^${at(body, key)}: error: spec\\.gateways\\[0\\]\\.service\\.annotations\\["${key.replaceAll('.', '\\.')}"\\]: gateway "g" is ${networking}, but with this annotation \\(.*\\) provider ${provider}'s load balancer would be ${effect.replace(/[()]/g, '\\$&')}: .+ \\[lb-networking\\]$`,
          ),
        );
        // An error: no acceptance silences it, and preset-overridden does not repeat it as a warning.
        const accepted = validated(lbBody(provider, networking, annotation, 'acceptWarnings: [preset-overridden]\n'));
        assert.ok(accepted.problems.some((p) => p.rule === 'lb-networking' && p.severity === 'error'));
        assert.deepEqual(only('preset-overridden', body), []);
        // On a gateway of the other networking the same annotation agrees: nothing to refuse.
        assert.deepEqual(only('lb-networking', lbBody(provider, networking === 'internal' ? 'external' : 'internal', annotation)), [], annotation);
      }
    });
  }

  test("lb-networking: the cloud's own reading — what keeps the networking passes, what turns it is refused", () => {
    const none = (provider: string, networking: string, annotation: string) =>
      assert.deepEqual(only('lb-networking', lbBody(provider, networking, annotation)), [], `${provider} ${networking} ${annotation}`);
    const refused = (provider: string, networking: string, annotation: string) =>
      assert.equal(only('lb-networking', lbBody(provider, networking, annotation)).length, 2, `${provider} ${networking} ${annotation}`);
    // aws-lbc: nlb goes to the in-tree controller, private only with aws-load-balancer-internal; nlb-ip is still the controller's.
    none('aws-lbc', 'internal', 'service.beta.kubernetes.io/aws-load-balancer-type: nlb, service.beta.kubernetes.io/aws-load-balancer-internal: "true"');
    none('aws-lbc', 'internal', 'service.beta.kubernetes.io/aws-load-balancer-type: nlb-ip');
    none('aws-lbc', 'external', 'service.beta.kubernetes.io/aws-load-balancer-type: nlb');
    refused('aws-lbc', 'internal', 'service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing');
    refused('aws-lbc', 'external', 'service.beta.kubernetes.io/aws-load-balancer-type: nlb, service.beta.kubernetes.io/aws-load-balancer-internal: "true"');
    // The in-tree AWS controller: anything but exactly "false" is internal.
    none('aws', 'internal', 'service.beta.kubernetes.io/aws-load-balancer-internal: "0.0.0.0/0"');
    refused('aws', 'external', 'service.beta.kubernetes.io/aws-load-balancer-internal: "False"');
    // GKE: the older annotation counts too; OCI: the network load balancer with its own internal annotation.
    none('gcp', 'internal', 'cloud.google.com/load-balancer-type: Internal');
    none('oci', 'internal', 'oci.oraclecloud.com/load-balancer-type: nlb, oci-network-load-balancer.oraclecloud.com/internal: "true"');
    // Where the cloud compares exactly (found by a black-box review): "True" is not Azure's or OpenStack's "true",
    // INTERNAL is not GKE's Internal, External is not the AWS controllers' external.
    refused('aws-lbc', 'internal', 'service.beta.kubernetes.io/aws-load-balancer-type: External');
    refused('gcp', 'internal', 'networking.gke.io/load-balancer-type: INTERNAL');
    refused('azure', 'internal', 'service.beta.kubernetes.io/azure-load-balancer-internal: "True"');
    refused('openstack', 'internal', 'service.beta.kubernetes.io/openstack-internal-load-balancer: "True"');
    none('gcp', 'external', 'networking.gke.io/load-balancer-type: INTERNAL');
    none('azure', 'external', 'service.beta.kubernetes.io/azure-load-balancer-internal: "True"');
    none('openstack', 'external', 'service.beta.kubernetes.io/openstack-internal-load-balancer: "True"');
    // An override that keeps the networking stays preset-overridden's warning.
    assert.equal(only('preset-overridden', lbBody('aws-lbc', 'external', 'service.beta.kubernetes.io/aws-load-balancer-type: nlb')).length, 2);
    assert.equal(only('preset-overridden', lbBody('gcp', 'internal', 'networking.gke.io/load-balancer-type: internal')).length, 2);
  });

  test('k3d-port-conflict: LoadBalancer gateways only, each port once per gateway', () => {
    const g = (name: string, ports: number[], rest = '') =>
      `name: ${name}, direction: ${name === 'a' ? 'ingress' : 'egress'}, networking: external, scope: dataplane, listeners: [${ports.map((p, i) => `{protocol: ${['HTTP', 'HTTPS', 'TLS'][i]}, port: ${p}, host: ${name}.example.com${i === 1 ? ', tls: {certificateRefs: [{name: s}]}' : ''}}`).join(', ')}]${rest}`;
    const conflict = `provider: k3d\n${gws(g('a', [80, 80]), g('b', [81, 80]))}`;
    assert.deepEqual(only('k3d-port-conflict', conflict), [
      `${at(conflict, '80, host: b')}: error: spec.gateways[1].listeners[1].port: LoadBalancer gateways "a" and "b" both listen on port 80; k3d's load balancer binds each port on the host once [k3d-port-conflict]`,
      '  hint: give one of them another port (gateway "a" is on line 8)',
    ]);
    assert.deepEqual(only('k3d-port-conflict', `provider: k3d\n${gws(g('a', [80]), g('b', [80], ', service: {type: NodePort}'))}`), []);
    assert.deepEqual(only('k3d-port-conflict', gws(g('a', [80]), g('b', [80]))), [], 'not k3d');
  });

  test('reserved-label: at the label key', () => {
    const body = gws(G('service: {labels: {openchoreo.dev/system-component: gateway}}'));
    assert.deepEqual(only('reserved-label', body), [
      `${at(body, 'openchoreo.dev')}: error: spec.gateways[0].service.labels["openchoreo.dev/system-component"]: is set by gwtopo on every gateway (openchoreo.dev/system-component: gateway); OpenChoreo's NetworkPolicy admits gateway traffic by it [reserved-label]`,
      '  hint: remove this label',
    ]);
  });

  test('unmanaged-unused: every setting gwtopo would not render, at its key', () => {
    const body =
      'gateways:\n  - name: g\n    direction: ingress\n    networking: external\n    scope: dataplane\n    managed: false\n    gatewayClassName: x\n    service:\n      annotations: {a: b}\n      labels: {c: d}\n    listeners:\n      - {protocol: HTTPS, port: 443, host: a.example.com, hostname: a.example.com, allowedRoutes: Same, tls: {certificateRefs: [{name: s}]}}\n';
    const lines = check(body);
    const because = '  hint: remove it; configure the existing Gateway where it is installed (e.g. its Helm values)';
    const msg = 'has no effect: gateway "g" has managed: false, so gwtopo renders no Gateway for it';
    assert.deepEqual(lines, [
      `${at(body, 'gatewayClassName')}: warning: spec.gateways[0].gatewayClassName: ${msg} [unmanaged-unused]`,
      because,
      `${at(body, 'annotations')}: warning: spec.gateways[0].service.annotations: ${msg} [unmanaged-unused]`,
      because,
      `${at(body, 'labels')}: warning: spec.gateways[0].service.labels: ${msg} [unmanaged-unused]`,
      because,
      `${at(body, 'hostname')}: warning: spec.gateways[0].listeners[0].hostname: ${msg} [unmanaged-unused]`,
      because,
      `${at(body, 'allowedRoutes')}: warning: spec.gateways[0].listeners[0].allowedRoutes: ${msg} [unmanaged-unused]`,
      because,
      `${at(body, 'tls')}: warning: spec.gateways[0].listeners[0].tls: ${msg} [unmanaged-unused]`,
      because,
    ]);
    assert.deepEqual(only('unmanaged-unused', gws(G('managed: false'))), []);
    assert.deepEqual(only('unmanaged-unused', gws(G('gatewayClassName: x, service: {labels: {c: d}}'))), [], 'managed');
  });
});

describe('listener rules', () => {
  const listeners = (...l: string[]) => gws(G('', `listeners: [${l.join(', ')}]`));
  /** The position of `needle` (its nth occurrence) in the document of listeners(...l). */
  const where = (l: string[], needle: string, nth = 0) => at(listeners(...l), needle, nth);

  test('unique-listener-names: an explicit name is the place; a protocol name is the listener', () => {
    const explicit = ['{protocol: HTTP, name: web, port: 80, host: a.example.com}', '{protocol: HTTPS, name: web, port: 443, host: a.example.com, tls: {certificateRefs: [{name: s}]}}'];
    assert.deepEqual(only('unique-listener-names', listeners(...explicit)), [
      `${where(explicit, 'web', 1)}: error: spec.gateways[0].listeners[1].name: listener name "web" is used twice in gateway "g" (line 7) [unique-listener-names]`,
      '  hint: give the listeners different names',
    ]);
    const implicit = ['{protocol: TLS, name: https, port: 8443, host: a.example.com}', '{protocol: HTTPS, port: 443, host: a.example.com, tls: {certificateRefs: [{name: s}]}}'];
    assert.deepEqual(only('unique-listener-names', listeners(...implicit)), [
      `${where(implicit, '{protocol: HTTPS')}: error: spec.gateways[0].listeners[1].name: listener name "https" is used twice in gateway "g" (line 7) [unique-listener-names]`,
      '  hint: this listener has its default name; give it a name: (e.g. name: https-2)',
    ]);
    assert.deepEqual(
      only('unique-listener-names', listeners('{protocol: HTTP, port: 80, host: a.example.com}', '{protocol: HTTP, port: 81, host: a.example.com}')),
      [],
      'reported as a second listener of the protocol',
    );
  });

  test('listener-protocol: one listener per protocol', () => {
    const two = [
      '{protocol: HTTPS, port: 443, host: a.example.com, tls: {certificateRefs: [{name: s}]}}',
      '{protocol: HTTPS, name: b, port: 8443, host: a.example.com, tls: {certificateRefs: [{name: s}]}}',
    ];
    assert.deepEqual(only('listener-protocol', listeners(...two)), [
      `${where(two, 'HTTPS', 1)}: error: spec.gateways[0].listeners[1].protocol: gateway "g" already has a HTTPS listener (line 7); OpenChoreo registers one listener per protocol (spec.gateway.*.https) [listener-protocol]`,
      '  hint: remove one of them, or move it to another gateway',
    ]);
  });

  test('listener-port: shared ports are for HTTPS/TLS with different hostnames only', () => {
    const https = (port: number, hostname?: string) =>
      `{protocol: HTTPS, port: ${port}, host: a.example.com${hostname === undefined ? '' : `, hostname: ${hostname}`}, tls: {certificateRefs: [{name: s}]}}`;
    const tls = (port: number, hostname?: string) => `{protocol: TLS, port: ${port}, host: a.example.com${hostname === undefined ? '' : `, hostname: ${hostname}`}}`;
    assert.deepEqual(only('listener-port', listeners(https(443, 'a.example.com'), tls(443, 'b.example.com'))), []);
    assert.deepEqual(only('listener-port', listeners(https(443, 'a.example.com'), tls(443, 'a.example.com'))), [
      `${where([https(443, 'a.example.com'), tls(443, 'a.example.com')], '443', 1)}: error: spec.gateways[0].listeners[1].port: port 443 is also used by listener "https" (line 7); two listeners may share a port only if both are HTTPS or TLS with different hostnames [listener-port]`,
      '  hint: give both listeners a hostname, and make them differ',
    ]);
    assert.deepEqual(only('listener-port', listeners(https(443), tls(443, 'b.example.com'))).length, 2, 'one hostname missing');
    assert.deepEqual(only('listener-port', listeners(https(443, 'a.example.com'), tls(443))).length, 2, 'the other hostname missing');
    assert.deepEqual(only('listener-port', listeners('{protocol: HTTP, port: 8443, host: a.example.com, hostname: x.example.com}', tls(8443, 'b.example.com'))), [
      `${where(['{protocol: HTTP, port: 8443, host: a.example.com, hostname: x.example.com}', tls(8443, 'b.example.com')], '8443', 1)}: error: spec.gateways[0].listeners[1].port: port 8443 is also used by listener "http" (line 7); two listeners may share a port only if both are HTTPS or TLS with different hostnames [listener-port]`,
      '  hint: use another port',
    ]);
    assert.deepEqual(only('listener-port', listeners(tls(443, 'b.example.com'), '{protocol: HTTP, port: 443, host: a.example.com}')), [
      `${where([tls(443, 'b.example.com'), '{protocol: HTTP, port: 443, host: a.example.com}'], '443', 1)}: error: spec.gateways[0].listeners[1].port: port 443 is also used by listener "tls-passthrough" (line 7); two listeners may share a port only if both are HTTPS or TLS with different hostnames [listener-port]`,
      '  hint: use another port',
    ]);
    assert.deepEqual(only('listener-port', listeners(https(443), https(443))), [], 'same protocol: reported as a second listener of the protocol');
    assert.deepEqual(only('listener-port', listeners(https(443), tls(8443), '{protocol: HTTP, port: 80, host: a.example.com}')), []);
    assert.deepEqual(only('listener-port', listeners('{protocol: HTTP, port: "80", host: a.example.com}', tls(80))), [], 'an invalid port is reported by the schema');
    assert.deepEqual(only('listener-port', listeners('{protocol: UDP, port: 80, host: a.example.com}', tls(80))), [], 'an invalid protocol is reported by the schema');
    assert.deepEqual(only('listener-port', listeners(tls(80), '{protocol: UDP, port: 80, host: a.example.com}')), [], 'either way round');
  });

  test('listener-port: a third listener is compared with the first one of its port', () => {
    const lines = only(
      'listener-port',
      listeners(
        '{protocol: HTTP, port: 80, host: a.example.com}',
        '{protocol: TLS, port: 80, host: a.example.com}',
        '{protocol: HTTPS, port: 80, host: a.example.com, tls: {certificateRefs: [{name: s}]}}',
      ),
    );
    assert.deepEqual(
      lines.filter((l) => !l.startsWith('  hint')).map((l) => l.replace(/^\S+ /, '').replace(/; two.*$/, '')),
      ['error: spec.gateways[0].listeners[1].port: port 80 is also used by listener "http" (line 7)', 'error: spec.gateways[0].listeners[2].port: port 80 is also used by listener "http" (line 7)'],
    );
  });

  test('listener-tls: each case with its position and hint', () => {
    const tlsOf = (l: string) => only('listener-tls', listeners(l));
    assert.deepEqual(tlsOf('{protocol: HTTP, port: 80, host: a.example.com, tls: {}}'), [
      `${where(['{protocol: HTTP, port: 80, host: a.example.com, tls: {}}'], 'tls')}: error: spec.gateways[0].listeners[0].tls: an HTTP listener does not take tls [listener-tls]`,
      '  hint: use protocol: HTTPS, or remove tls',
    ]);
    assert.deepEqual(tlsOf('{protocol: HTTPS, port: 443, host: a.example.com}'), [
      `${where(['{protocol: HTTPS, port: 443, host: a.example.com}'], '{protocol')}: error: spec.gateways[0].listeners[0].tls: required for listener "https" of gateway "g": an HTTPS listener terminates TLS with a certificate [listener-tls]`,
      '  hint: add tls: {certificateRefs: [{name: <secret with tls.crt and tls.key>}]}',
    ]);
    assert.deepEqual(tlsOf('{protocol: HTTPS, port: 443, host: a.example.com, tls: {mode: Passthrough, certificateRefs: [{name: s}]}}'), [
      `${where(['{protocol: HTTPS, port: 443, host: a.example.com, tls: {mode: Passthrough, certificateRefs: [{name: s}]}}'], 'Passthrough')}: error: spec.gateways[0].listeners[0].tls.mode: an HTTPS listener terminates TLS; mode must be Terminate [listener-tls]`,
      '  hint: use protocol: TLS to pass TLS through to the backend',
    ]);
    assert.deepEqual(tlsOf('{protocol: HTTPS, port: 443, host: a.example.com, tls: {}}'), [
      `${where(['{protocol: HTTPS, port: 443, host: a.example.com, tls: {}}'], '{}')}: error: spec.gateways[0].listeners[0].tls.certificateRefs: required when TLS is terminated (mode Terminate) [listener-tls]`,
      '  hint: add certificateRefs: [{name: <secret with tls.crt and tls.key>}]',
    ]);
    assert.deepEqual(tlsOf('{protocol: TLS, port: 443, host: a.example.com, tls: {certificateRefs: [{name: s}]}}'), [
      `${where(['{protocol: TLS, port: 443, host: a.example.com, tls: {certificateRefs: [{name: s}]}}'], 'certificateRefs')}: error: spec.gateways[0].listeners[0].tls.certificateRefs: not allowed with mode Passthrough: the backend terminates TLS [listener-tls]`,
      '  hint: remove certificateRefs, or set mode: Terminate',
    ]);
    assert.deepEqual(tlsOf('{protocol: TLS, port: 443, host: a.example.com}'), [], 'TLS passthrough needs no tls');
    assert.deepEqual(tlsOf('{protocol: TLS, port: 443, host: a.example.com, tls: {mode: Terminate, certificateRefs: [{name: s}]}}'), []);
    assert.deepEqual(tlsOf('{protocol: HTTPS, port: 443, host: a.example.com, tls: {certificateRefs: [{name: s}]}}'), []);
    assert.deepEqual(tlsOf('{protocol: TLS, port: 443, host: a.example.com, tls: {mode: Bad, certificateRefs: [{name: s}]}}'), [], 'an invalid mode is reported by the schema');
    assert.deepEqual(tlsOf('{protocol: Bad, port: 443, host: a.example.com, tls: {mode: Terminate}}'), [], 'an invalid protocol is reported by the schema');
    assert.deepEqual(
      only('listener-tls', gws(G('managed: false', 'listeners: [{protocol: HTTPS, port: 443, host: a.example.com}]'))),
      [],
      'the TLS of an unmanaged gateway is configured where it is installed',
    );
  });

  test('host-required: the explanation follows the networking, the Service and the module', () => {
    const hint = (lines: string[]) => lines.find((l) => l.startsWith('  hint:'));
    const noHost = 'listeners: [{protocol: HTTP, port: 80}]';
    const gw = (rest: string, networking = 'external', pre = '') => only('host-required', `${pre}${gws(G(rest, noHost).replace('networking: external', `networking: ${networking}`))}`);
    const listenerAt = at(gws(G('', noHost)), '{protocol');
    assert.deepEqual(gw(''), [
      `${listenerAt}: error: spec.gateways[0].listeners[0].host: required for listener "http" of gateway "g" (external, Service type LoadBalancer) [host-required]`,
      '  hint: set host to the public DNS name clients use to reach this gateway, e.g. api.example.com (the record that points at its load balancer)',
    ]);
    assert.deepEqual(gw('service: {type: NodePort}', 'internal'), [
      `${listenerAt}: error: spec.gateways[0].listeners[0].host: required for listener "http" of gateway "g" (internal, Service type NodePort) [host-required]`,
      '  hint: set host to a DNS name that resolves to the cluster nodes the NodePort Service is reachable on',
    ]);
    assert.equal(
      hint(gw('service: {type: LoadBalancer}', 'internal', 'provider: aws\n')),
      '  hint: set host to a private DNS name that resolves to the internal load balancer (cloud-assigned, or a record in a private zone; external-dns can manage it). Only internal ClusterIP gateways default to the in-cluster name of their Service',
    );
    assert.deepEqual(gw('module: envoy-gateway', 'internal'), [], 'the EnvoyProxy names the Service: <gateway>.<spec.envoyGateway.namespace>');
    const long = only(
      'host-required',
      gws(
        G('module: istio', noHost)
          .replace('networking: external', 'networking: internal')
          .replace('name: g,', `name: ${'g'.repeat(58)},`),
      ),
    );
    assert.equal(
      hint(long),
      "  hint: set host to the in-cluster DNS name of the gateway's Service (<service>.<namespace>): module istio does not name it predictably",
      'a Service name longer than a DNS label',
    );
    assert.deepEqual(gw('module: kong'), [
      `${listenerAt}: error: spec.gateways[0].listeners[0].host: required for listener "http" of gateway "g" (external, Service from the kong install) [host-required]`,
      '  hint: set host to the DNS name clients use to reach the shared Service of the kong install (for an internal gateway its in-cluster name, e.g. <service>.<namespace>)',
    ]);
    assert.deepEqual(gw('', 'internal'), [], 'an internal ClusterIP gateway defaults to its Service name');
    assert.deepEqual(gw('service: {type: Bad}'), [], 'an invalid Service type is reported by the schema');
    assert.deepEqual(gw('module: bad'), [], 'an invalid module is reported by the schema');
    assert.deepEqual(only('host-required', gws(G('', noHost).replace('name: g, ', ''))), [], 'a missing name is reported by the schema');
    assert.deepEqual(only('host-required', gws(G('', noHost).replace('networking: external, ', ''))), [], 'a missing networking is reported by the schema');
    assert.deepEqual(only('host-required', gws(G('', 'listeners: [{protocol: HTTP, port: 80, host: ""}]'))), [], 'a host written but invalid is reported by the schema');
    assert.deepEqual(
      only('host-required', gws(G('', 'listeners: [{port: 80}]'))),
      [
        `${at(gws(G('', 'listeners: [{port: 80}]')), '{port')}: error: spec.gateways[0].listeners[0].host: required for listener "?" of gateway "g" (external, Service type LoadBalancer) [host-required]`,
        '  hint: set host to the public DNS name clients use to reach this gateway, e.g. api.example.com (the record that points at its load balancer)',
      ],
      'a listener without name or protocol',
    );
  });

  test('hostname matching: exact, or a wildcard for one or more labels', () => {
    assert.equal(hostnameMatches('a.example.com', 'a.example.com'), true);
    assert.equal(hostnameMatches('a.example.com', 'b.example.com'), false);
    assert.equal(hostnameMatches('*.example.com', 'a.example.com'), true);
    assert.equal(hostnameMatches('*.example.com', 'a.b.example.com'), true);
    assert.equal(hostnameMatches('*.example.com', 'example.com'), false);
    assert.equal(hostnameMatches('*.example.com', '.example.com'), false);
    assert.equal(hostnameMatches('*.example.com', 'aexample.com'), false);
    assert.equal(hostnameMatches('*.example.com', '*.example.com'), true);
    assert.equal(hostnameMatches('x*.example.com', 'xa.example.com'), false, 'only a leading *. is a wildcard');
  });

  test('host-hostname: warns for managed gateways whose host misses the filter', () => {
    const lines = (listener: string, rest = '') => only('host-hostname', gws(G(rest, `listeners: [${listener}]`)));
    assert.deepEqual(lines('{protocol: HTTP, port: 80, host: a.example.com, hostname: "*.example.org"}'), [
      '7:147: warning: spec.gateways[0].listeners[0].hostname: the listener accepts only "*.example.org", but OpenChoreo registers host "a.example.com" on it: its routes would not match [host-hostname]',
      '  hint: make host match the hostname filter, or remove hostname',
    ]);
    assert.deepEqual(lines('{protocol: HTTP, port: 80, host: a.example.com, hostname: "*.example.com"}'), []);
    assert.deepEqual(lines('{protocol: HTTP, port: 80, host: a.example.com}'), []);
    assert.deepEqual(lines('{protocol: HTTP, port: 80, host: a.example.com, hostname: b.example.com}', 'managed: false'), []);
    assert.deepEqual(
      only('host-hostname', gws(G('', 'listeners: [{protocol: HTTP, port: 80, hostname: x.example.com}]').replace('networking: external', 'networking: internal'))).map((l) => l.replace(/^\S+ /, '')),
      [
        'warning: spec.gateways[0].listeners[0].hostname: the listener accepts only "x.example.com", but OpenChoreo registers host "g.openchoreo-data-plane" on it: its routes would not match [host-hostname]',
        '  hint: make host match the hostname filter, or remove hostname',
      ],
      'the default host counts',
    );
  });

  test('certificate-namespace: each reference outside the gateway namespace, by index', () => {
    const refsBody = (r: string, rest = '', pre = '') => `${pre}${gws(G(rest, `listeners: [{protocol: HTTPS, port: 443, host: a.example.com, tls: {certificateRefs: [${r}]}}]`))}`;
    const refs = (r: string, rest = '', pre = '') => only('certificate-namespace', refsBody(r, rest, pre));
    assert.deepEqual(refs('{name: a}, {name: b, namespace: certs}'), [
      `${at(refsBody('{name: a}, {name: b, namespace: certs}'), 'certs')}: warning: spec.gateways[0].listeners[0].tls.certificateRefs[1].namespace: the Secret is in namespace "certs", the Gateway in "openchoreo-data-plane": Gateway API requires a ReferenceGrant in "certs" for this reference [certificate-namespace]`,
      '  hint: create a ReferenceGrant in certs from Gateways in openchoreo-data-plane to Secrets, or move the Secret',
    ]);
    assert.deepEqual(refs('{name: a, namespace: gw}', '', 'gatewayNamespace: gw\n'), []);
    assert.deepEqual(refs('{name: a, namespace: certs}', 'managed: false'), []);
  });
});

describe('module rules', () => {
  test('module-unsupported: an implicit refused type points at the networking value, an explicit one at the type', () => {
    const implicit = `module: cilium\n${gws(G('').replace('networking: external', 'networking: internal').replace('host: a.example.com', 'host: a.internal'))}`;
    assert.deepEqual(only('module-unsupported', implicit), [
      `${at(implicit, 'internal')}: error: spec.gateways[0].networking: module cilium cannot give gateway "g" a ClusterIP Service (internal gateways default to ClusterIP): Cilium creates LoadBalancer or NodePort Services, chosen per GatewayClass [module-unsupported]`,
      '  hint: set service.type: LoadBalancer (the provider preset makes it private), or NodePort with a GatewayClass configured for NodePort (declare it under spec.gatewayClasses)',
    ]);
    const labelled = `module: traefik\n${gws(G('service: {labels: {a: b}}'))}`;
    assert.deepEqual(
      only('module-unsupported', labelled).filter((l) => !l.startsWith('  hint')),
      [
        `${at(labelled, 'labels')}: error: spec.gateways[0].service.labels: module traefik serves every Gateway through the one Service of the Traefik install: gateway "g" cannot have its own Service labels [module-unsupported]`,
      ],
    );
    const typed = `module: traefik\n${gws(G('service: {type: NodePort}'))}`;
    assert.deepEqual(
      only('module-unsupported', typed).filter((l) => !l.startsWith('  hint')),
      [
        `${at(typed, 'NodePort')}: error: spec.gateways[0].service.type: module traefik serves every Gateway through the one Service of the Traefik install: gateway "g" cannot have its own Service type [module-unsupported]`,
      ],
    );
  });

  test('module-unsupported: unmanaged gateways, and gateways whose module is invalid, are not checked', () => {
    assert.deepEqual(only('module-unsupported', `module: traefik\n${gws(G('managed: false, service: {labels: {a: b}}'))}`), []);
    assert.deepEqual(only('module-unsupported', `module: nope\n${gws(G('service: {labels: {a: b}}'))}`), []);
  });

  test('module-unsupported: cilium reads declared classes', () => {
    const body = (type: string) => `module: cilium\ngatewayClasses: [{name: np, serviceType: NodePort}]\n${gws(G(`gatewayClassName: np, service: {type: ${type}}`))}`;
    assert.deepEqual(only('module-unsupported', body('NodePort')), []);
    assert.deepEqual(
      only('module-unsupported', body('LoadBalancer')).filter((l) => !l.startsWith('  hint')),
      [
        `${at(body('LoadBalancer'), 'LoadBalancer}')}: error: spec.gateways[0].service.type: module cilium sets the Service type per GatewayClass: GatewayClass "np" gives NodePort Services, not LoadBalancer (gateway "g") [module-unsupported]`,
      ],
    );
    const undeclared = `module: cilium\ngatewayClasses: [{name: np}]\n${gws(G('gatewayClassName: np, service: {type: NodePort}'))}`;
    assert.deepEqual(
      only('module-unsupported', undeclared).filter((l) => !l.startsWith('  hint')),
      [
        `${at(undeclared, 'NodePort}')}: error: spec.gateways[0].service.type: module cilium sets the Service type per GatewayClass, and GatewayClass "np" of gateway "g" is not declared in spec.gatewayClasses [module-unsupported]`,
      ],
    );
  });

  test('module-unsupported: websocket: false only where gwtopo renders the upgrade policy (kgateway)', () => {
    const refused = (module: string, rest: string): string[] => only('module-unsupported', `module: ${module}\n${gws(G(rest))}`);
    for (const module of ['envoy-gateway', 'nginx-gateway-fabric', 'istio', 'cilium', 'traefik', 'kong']) {
      const body = `module: ${module}\n${gws(G('websocket: false'))}`;
      assert.deepEqual(refused(module, 'websocket: false'), [
        `${at(body, 'false')}: error: spec.gateways[0].websocket: module ${module} upgrades WebSocket connections on every Gateway by itself, and gwtopo has no setting that turns that off for gateway "g" [module-unsupported]`,
        "  hint: remove websocket: false (it only switches the ListenerPolicy gwtopo renders for kgateway gateways), or refuse upgrades in the implementation's own configuration",
      ]);
      assert.deepEqual(refused(module, 'websocket: true'), [], `${module}: true is what it does`);
      assert.deepEqual(refused(module, 'websocket: false, managed: false'), [], `${module}: unmanaged (unmanaged-unused warns)`);
    }
    assert.deepEqual(refused('kgateway', 'websocket: false'), []);
    assert.deepEqual(only('module-unsupported', `module: envoy-gateway\n${gws(G('websocket: false, module: kgateway'))}`), [], "the gateway's own module decides");
    assert.deepEqual(only('module-unsupported', `module: kgateway\n${gws(G('websocket: false, module: istio'))}`).length, 2);
  });

  test('preset-not-applied: install Services of LoadBalancer gateways with a preset', () => {
    assert.deepEqual(only('preset-not-applied', `module: kong\nprovider: aws\n${gws(G('').replace('networking: external', 'networking: internal'))}`), [
      "9:14: warning: spec.gateways[0].name: provider aws's annotations for an internal load balancer are not applied: module kong uses the Service of its install [preset-not-applied]",
      '  hint: set them on that Service (its Helm values): service.beta.kubernetes.io/aws-load-balancer-internal: "true"',
    ]);
    assert.deepEqual(only('preset-not-applied', `module: kong\nprovider: aws-lbc\n${gws(G(''))}`).slice(1), [
      '  hint: set them on that Service (its Helm values): service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: "ip", service.beta.kubernetes.io/aws-load-balancer-type: "external", service.beta.kubernetes.io/aws-load-balancer-scheme: "internet-facing"',
    ]);
    assert.deepEqual(only('preset-not-applied', `module: kong\nprovider: aws\n${gws(G(''))}`), [], 'aws has no external preset');
    assert.deepEqual(only('preset-not-applied', `module: kong\n${gws(G('').replace('networking: external', 'networking: internal'))}`), [], 'generic has none');
    assert.deepEqual(only('preset-not-applied', `provider: aws\n${gws(G('').replace('networking: external', 'networking: internal'))}`), [], 'kgateway applies it');
    assert.deepEqual(only('preset-not-applied', `module: kong\nprovider: aws\n${gws(G('managed: false').replace('networking: external', 'networking: internal'))}`), []);
    assert.deepEqual(only('preset-not-applied', `module: kong\nprovider: mars\n${gws(G('').replace('networking: external', 'networking: internal'))}`), []);
    assert.deepEqual(only('preset-not-applied', `module: kong\nprovider: aws\n${gws(G('').replace('networking: external', 'networking: sideways'))}`), []);
    assert.deepEqual(only('preset-not-applied', `module: bad\nprovider: aws\n${gws(G('').replace('networking: external', 'networking: internal'))}`), []);
  });

  test('gateway-classes: duplicates are errors; gateway-class-unused: classes no cilium gateway uses are warned about once', () => {
    const classes = `gatewayClasses: [{name: a, serviceType: NodePort}, {name: a, serviceType: NodePort}, {name: b, serviceType: NodePort}]\n${gws(G('module: cilium, gatewayClassName: b'))}`;
    assert.deepEqual(
      sortProblems(validated(classes).problems.filter((p) => p.rule.startsWith('gateway-class'))).flatMap((p) =>
        formatProblem(p)
          .replace(/^t\.yaml:/, '')
          .split('\n'),
      ),
      [
        `${at(classes, 'a,')}: warning: spec.gatewayClasses[0].name: GatewayClass "a" is not used by any cilium gateway; only modules that set the Service type per GatewayClass read spec.gatewayClasses [gateway-class-unused]`,
        '  hint: remove it, or set gatewayClassName on the cilium gateway that should use it',
        `${at(classes, 'a,', 1)}: error: spec.gatewayClasses[1].name: GatewayClass "a" is declared twice [gateway-classes]`,
        '  hint: remove one of the entries',
      ],
    );
    assert.deepEqual(only('gateway-class-unused', `gatewayClasses: [{name: b, serviceType: NodePort}]\n${gws(G('gatewayClassName: b'))}`).length, 2, 'a kgateway gateway does not read it');
    assert.deepEqual(only('gateway-class-unused', `module: cilium\ngatewayClasses: [{name: cilium, serviceType: NodePort}]\n${gws(G(''))}`), [], 'the default class of cilium gateways');
    assert.deepEqual(only('gateway-class-unused', `gatewayClasses: [{serviceType: NodePort}]\n${gws(G(''))}`), []);
  });
});

describe('checks on the model', () => {
  const labels = (n: number) => `{${Array.from({ length: n }, (_, i) => `l${i}: v`).join(', ')}}`;

  test('infrastructure-limits: labels count the system label; 8 fit', () => {
    assert.deepEqual(only('infrastructure-limits', `module: istio\n${gws(G(`service: {labels: ${labels(INFRASTRUCTURE_LIMIT - 1)}}`))}`), []);
    const many = `module: istio\n${gws(G(`service: {labels: ${labels(INFRASTRUCTURE_LIMIT)}}`))}`;
    assert.deepEqual(only('infrastructure-limits', many), [
      `${at(many, 'labels')}: error: spec.gateways[0].service.labels: module istio puts the Service labels of gateway "g" in the Gateway's spec.infrastructure.labels, which Gateway API limits to 8: it would hold 9 (with openchoreo.dev/system-component) [infrastructure-limits]`,
      '  hint: keep 8 or fewer, or use a module with a parameters resource for Service metadata (kgateway, envoy-gateway)',
    ]);
  });

  test('infrastructure-limits: annotations count the provider preset; 8 fit', () => {
    const annotations = (n: number) => `{${Array.from({ length: n }, (_, i) => `a${i}: v`).join(', ')}}`;
    assert.deepEqual(only('infrastructure-limits', `module: nginx-gateway-fabric\n${gws(G(`service: {annotations: ${annotations(8)}}`))}`), []);
    const nine = `module: nginx-gateway-fabric\n${gws(G(`service: {annotations: ${annotations(9)}}`))}`;
    assert.deepEqual(only('infrastructure-limits', nine), [
      `${at(nine, 'annotations')}: error: spec.gateways[0].service.annotations: module nginx-gateway-fabric puts the Service annotations of gateway "g" in the Gateway's spec.infrastructure.annotations, which Gateway API limits to 8: it would hold 9 (with provider generic's preset) [infrastructure-limits]`,
      '  hint: keep 8 or fewer, or use a module with a parameters resource for Service metadata (kgateway, envoy-gateway)',
    ]);
    assert.deepEqual(only('infrastructure-limits', `module: cilium\nprovider: aws-lbc\n${gws(G(`service: {annotations: ${annotations(6)}}`))}`).length, 2, '6 of the user and 3 of the preset');
  });

  test('infrastructure-limits: not for modules with a parameters resource, nor for unmanaged gateways', () => {
    assert.deepEqual(only('infrastructure-limits', gws(G(`service: {labels: ${labels(20)}}`))), []);
    assert.deepEqual(only('infrastructure-limits', `module: istio\n${gws(G(`managed: false, service: {labels: ${labels(20)}}`))}`), []);
  });

  const patch = 'controlPlane: {mode: patch, base: platform}\nenvironments: [{name: prod, namespace: team}]\n';
  const dedicated = G('').replace('scope: dataplane', 'scope: environment, environment: prod');
  /** check() without environment-override: prod's ingress gateway and no data-plane gateway raise it here (tested in parity.test.ts). */
  const checkPatch = (body: string, base?: BaseRead): string[] =>
    sortProblems(validated(body, base).problems.filter((p) => p.rule !== 'environment-override')).flatMap((p) =>
      formatProblem(p)
        .replace(/^t\.yaml:/, '')
        .split('\n'),
    );

  test('patch-base: every object the overlay patches must be in the base', () => {
    const base: BaseRead = { ok: true, objects: [{ kind: 'Environment', name: 'prod', namespace: 'team', object: {} }] };
    assert.deepEqual(checkPatch(`${patch}${gws(dedicated)}`, base), []);
    assert.deepEqual(checkPatch(`${patch}${gws(G(''))}`, base), [
      `${at(patch, 'platform')}: error: spec.controlPlane.base: the base holds no DataPlane default (namespace default), which gateways "g" register on [patch-base]`,
      '  hint: it holds: Environment prod (namespace team); add the object there, or fix spec.dataPlane / spec.environments',
    ]);
    const other: BaseRead = {
      ok: true,
      objects: [
        { kind: 'Environment', name: 'prod', namespace: 'other', object: {} },
        { kind: 'ConfigMap', name: 'x', object: {} },
        { kind: 'ClusterDataPlane', name: 'cdp', object: {} },
      ],
    };
    assert.deepEqual(checkPatch(`${patch}${gws(dedicated)}`, other), [
      `${at(patch, 'platform')}: error: spec.controlPlane.base: the base holds no Environment prod (namespace team), which gateways "g" register on [patch-base]`,
      '  hint: it holds: Environment prod (namespace other), ClusterDataPlane cdp; add the object there, or fix spec.dataPlane / spec.environments',
    ]);
    assert.deepEqual(checkPatch(`${patch}${gws(dedicated)}`, { ok: true, objects: [{ kind: 'DataPlane', name: 'prod', namespace: 'team', object: {} }] }).length, 2, 'the kind must match');
    assert.deepEqual(checkPatch(`${patch}${gws(dedicated)}`, { ok: true, objects: [{ kind: 'Environment', name: 'other', namespace: 'team', object: {} }] }).length, 2, 'the name must match');
    assert.deepEqual(checkPatch(`${patch}${gws(dedicated)}`, { ok: true, objects: [] }), [
      `${at(patch, 'platform')}: error: spec.controlPlane.base: the base holds no Environment prod (namespace team), which gateways "g" register on [patch-base]`,
      '  hint: the base holds no DataPlane, ClusterDataPlane or Environment at all',
    ]);
  });

  test('patch-base-kept: a registration the base holds in a slot no gateway takes is kept by the merge (a warning)', () => {
    const gateway = (slots: Record<string, Record<string, unknown>>): Record<string, unknown> => ({ spec: { gateway: slots } });
    const env = (object: Record<string, unknown>, namespace = 'team', name = 'prod') => ({ kind: 'Environment', name, namespace, object });
    const warning = (object: string, gatewayName: string, slot: string): string[] => [
      `${at(patch, 'platform')}: warning: spec.controlPlane.base: the base's ${object} registers gateway "${gatewayName}" at spec.gateway.${slot}, which no gateway of this topology takes: the strategic merge keeps it [patch-base-kept]`,
      `  hint: declare that gateway here (managed: false registers it without rendering it), or remove spec.gateway.${slot} from the base`,
    ];
    // The topology's own slot (ingress.external of prod) is taken; egress.internal and ingress.internal are not.
    const base: BaseRead = { ok: true, objects: [env(gateway({ ingress: { external: { name: 'old' }, internal: { name: 'in' } }, egress: { internal: {} } }))] };
    assert.deepEqual(checkPatch(`${patch}${gws(dedicated)}`, base), [...warning('Environment prod', '?', 'egress.internal'), ...warning('Environment prod', 'in', 'ingress.internal')]);
    assert.deepEqual(
      validated(`${patch}${gws(dedicated)}`, base)
        .problems.filter((p) => p.rule !== 'environment-override')
        .map((p) => [p.rule, p.severity]),
      [
        ['patch-base-kept', 'warning'],
        ['patch-base-kept', 'warning'],
      ],
    );
    // Objects of the base the topology does not name, and other namespaces, are not the topology's business.
    assert.deepEqual(
      checkPatch(`${patch}${gws(dedicated)}`, {
        ok: true,
        objects: [
          env(gateway({ ingress: { external: { name: 'old' } } })),
          env(gateway({ ingress: { internal: { name: 'x' } } }), 'other'),
          env(gateway({ ingress: { internal: { name: 'y' } } }), 'team', 'dev'),
        ],
      }),
      [],
    );
    // The data plane: its slots against the data-plane gateways (an environment's gateway does not count).
    const dp = { kind: 'DataPlane', name: 'default', namespace: 'default', object: gateway({ ingress: { external: { name: 'shared' } } }) };
    assert.deepEqual(checkPatch(`${patch}${gws(dedicated)}`, { ok: true, objects: [env({}), dp] }), warning('DataPlane default', 'shared', 'ingress.external'));
    // Shapes that hold no registration.
    for (const object of [
      {},
      { spec: {} },
      { spec: { gateway: null } },
      { spec: { gateway: 'x' } },
      gateway({ ingress: null as unknown as Record<string, unknown> }),
      gateway({ ingress: 'x' as unknown as Record<string, unknown> }),
    ]) {
      assert.deepEqual(checkPatch(`${patch}${gws(dedicated)}`, { ok: true, objects: [env(object)] }), [], JSON.stringify(object));
    }
    // Apply mode never reads a base.
    assert.deepEqual(checkPatch(gws(dedicated.replace('environment: prod', 'environment: prod')).replace('gateways:', 'environments: [{name: prod, namespace: team}]\ngateways:'), base), []);
  });

  test('patch-base: a ClusterDataPlane target has no namespace; several gateways are listed', () => {
    const lines = check(
      `controlPlane: {mode: patch, base: platform}\ndataPlane: {kind: ClusterDataPlane}\n${gws(G(''), G('').replace('name: g', 'name: h').replace('direction: ingress', 'direction: egress'))}`,
      { ok: true, objects: [{ kind: 'ClusterDataPlane', name: 'default', namespace: 'x', object: {} }] },
    );
    assert.deepEqual(lines, [
      `${at(patch, 'platform')}: error: spec.controlPlane.base: the base holds no ClusterDataPlane default, which gateways "g", "h" register on [patch-base]`,
      '  hint: it holds: ClusterDataPlane default (namespace x); add the object there, or fix spec.dataPlane / spec.environments',
    ]);
  });

  test('patch-base: a base that could not be read, or was not read', () => {
    assert.deepEqual(check(`${patch}${gws(dedicated)}`, { ok: false, message: 'platform is not a folder', hint: 'create it' }), [
      `${at(patch, 'platform')}: error: spec.controlPlane.base: platform is not a folder [patch-base]`,
      '  hint: create it',
    ]);
    assert.deepEqual(check(`${patch}${gws(dedicated)}`), [`${at(patch, 'platform')}: error: spec.controlPlane.base: the base could not be read [patch-base]`, '  hint: check the folder']);
    assert.deepEqual(check(gws(G('')), { ok: false, message: 'unused', hint: 'unused' }), [], 'apply mode reads no base');
  });

  test('model checks run only when the rules found no error', () => {
    assert.deepEqual(
      validated(`module: istio\n${gws(G(`service: {type: ClusterIP, labels: ${labels(20)}}`))}`).problems.map((p) => p.rule),
      ['external-clusterip'],
    );
  });
});

describe('rule ids', () => {
  test('each problem carries the id of the rule that found it (README, "Validation rules")', () => {
    const patch = 'controlPlane: {mode: patch, base: platform}\n';
    const cases: [string, string, string, BaseRead?, string?][] = [
      ['cluster-name', gws(G('')), 'metadata.name', undefined, 'other'],
      ['dataplane-namespace', 'dataPlane: {kind: ClusterDataPlane, namespace: x}\ngateways: []\n', 'spec.dataPlane.namespace'],
      ['k3d-settings', 'k3d: {}\ngateways: []\n', 'spec.k3d'],
      ['unique-environments', 'environments: [{name: a}, {name: a}]\ngateways: []\n', 'spec.environments[1].name'],
      ['control-plane-mode', 'controlPlane: {mode: patch}\ngateways: []\n', 'spec.controlPlane.base'],
      ['control-plane-mode', 'controlPlane: {base: x}\ngateways: []\n', 'spec.controlPlane.base'],
      ['unmanaged-unused', gws(G('managed: false, gatewayClassName: x')), 'spec.gateways[0].gatewayClassName'],
      ['unmanaged-unused', gws(G('managed: false, service: {labels: {a: b}}')), 'spec.gateways[0].service.labels'],
      ['unmanaged-unused', gws(G('managed: false', 'listeners: [{protocol: HTTP, port: 80, host: a.example.com, allowedRoutes: Same}]')), 'spec.gateways[0].listeners[0].allowedRoutes'],
      ['patch-base', `${patch}${gws(G(''))}`, 'spec.controlPlane.base', { ok: false, message: 'm', hint: 'h' }],
      ['patch-base', `${patch}${gws(G(''))}`, 'spec.controlPlane.base', { ok: true, objects: [] }],
      ['name-length', `dataPlane: {name: ${'d'.repeat(241)}}\ngateways: []\n`, 'spec.dataPlane.name'],
      ['name-length', `environments: [{name: ${'e'.repeat(239)}}]\ngateways: []\n`, 'spec.environments[0].name'],
    ];
    for (const [rule, body, path, base, cluster] of cases) {
      assert.deepEqual(
        validated(body, base, cluster)
          .problems.filter((p) => p.path === path)
          .map((p) => p.rule),
        [rule],
        `${rule} at ${path}`,
      );
    }
  });
});

describe('name-length', () => {
  const message = (name: string, kind: string, bytes: number) => `too long: its overlay file ${name.slice(0, 20)}….${kind}.yaml would have ${bytes} bytes, and file names are limited to 255`;

  test('the data plane object: <name>.<kind>.yaml of at most 255 bytes', () => {
    assert.deepEqual(only('name-length', `dataPlane: {name: ${'d'.repeat(240)}}\ngateways: []\n`), []);
    const body = `dataPlane: {name: ${'d'.repeat(241)}}\ngateways: []\n`;
    assert.deepEqual(only('name-length', body), [`${at(body, 'ddd')}: error: spec.dataPlane.name: ${message('d'.repeat(241), 'dataplane', 256)} [name-length]`, '  hint: use a shorter name']);
    const cluster = `dataPlane: {kind: ClusterDataPlane, name: ${'c'.repeat(234)}}\ngateways: []\n`;
    assert.deepEqual(
      only('name-length', cluster).filter((l) => !l.startsWith('  hint')),
      [`${at(cluster, 'ccc')}: error: spec.dataPlane.name: ${message('c'.repeat(234), 'clusterdataplane', 256)} [name-length]`],
    );
    assert.deepEqual(only('name-length', `dataPlane: {kind: ClusterDataPlane, name: ${'c'.repeat(233)}}\ngateways: []\n`), []);
  });

  test('environments: <name>.environment.yaml of at most 255 bytes, each one', () => {
    const body = `environments: [{name: ok}, {name: ${'e'.repeat(239)}}, {name: ${'f'.repeat(238)}}]\ngateways: []\n`;
    assert.deepEqual(only('name-length', body), [`${at(body, 'eee')}: error: spec.environments[1].name: ${message('e'.repeat(239), 'environment', 256)} [name-length]`, '  hint: use a shorter name']);
  });

  test('an invalid data plane kind or environment name is left to the schema', () => {
    assert.deepEqual(only('name-length', `dataPlane: {kind: Plane, name: ${'d'.repeat(250)}}\ngateways: []\n`), []);
    assert.deepEqual(only('name-length', 'dataPlane: {kind: Plane}\nenvironments: [{namespace: x}]\ngateways: []\n'), []);
  });
});

describe('the line of the first occurrence', () => {
  const lineOf = (body: string, needle: string) => at(body, needle).split(':')[0];

  test('a repeated environment names the line of the first name, not of its entry', () => {
    const body = 'environments:\n  - namespace: x\n    name: a\n  - name: a\ngateways: []\n';
    assert.equal(lineOf(body, 'name: a'), '8');
    assert.deepEqual(only('unique-environments', body).slice(0, 1), [
      `${at(body, 'a\n  gateways')}: error: spec.environments[1].name: environment "a" is listed twice (first on line 8) [unique-environments]`,
    ]);
  });

  test('a repeated gateway, a taken slot and a k3d port conflict name the line of the first gateway name', () => {
    const first = '  - direction: ingress\n    name: a\n    networking: external\n    scope: dataplane\n    listeners: [{protocol: HTTP, port: 80, host: a.example.com}]';
    const second = (name: string) => `  - {name: ${name}, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 80, host: b.example.com}]}`;
    const same = `gateways:\n${first}\n${second('a')}\n`;
    assert.equal(lineOf(same, 'name: a\n'), '8');
    assert.ok(only('unique-gateways', same)[0]!.endsWith('gateway "a" is defined twice (first on line 8) [unique-gateways]'), only('unique-gateways', same)[0]);
    const slot = `gateways:\n${first}\n${second('b')}\n`;
    assert.ok(only('gateway-slot', slot)[0]!.includes('already taken by gateway "a" (line 8)'), only('gateway-slot', slot)[0]);
    const k3d = `provider: k3d\nenvironments: [{name: p}]\ngateways:\n${first}\n${second('b').replace('scope: dataplane', 'scope: environment, environment: p')}\n`;
    assert.equal(lineOf(k3d, 'name: a\n'), '10');
    assert.deepEqual(only('k3d-port-conflict', k3d).slice(1), ['  hint: give one of them another port (gateway "a" is on line 10)']);
  });
});

describe('input the schema rejects does not mislead the rules', () => {
  test('environment-scope and environment-reference: environments without a name are not listed', () => {
    const body = `environments: [{name: b}, {namespace: x}]\n${gws(G('').replace('scope: dataplane', 'scope: environment'))}`;
    assert.deepEqual(only('environment-scope', body).slice(1), ['  hint: add environment: <name> (listed: b)']);
    const ref = `environments: [{namespace: x}]\n${gws(G('environment: qa').replace('scope: dataplane', 'scope: environment'))}`;
    assert.deepEqual(only('environment-reference', ref).slice(1), ['  hint: add it to spec.environments (- name: qa); spec.environments lists none yet']);
  });

  test('environment-reference: only for scope environment with a valid environment', () => {
    assert.deepEqual(only('environment-reference', `environments: [{name: p}]\n${gws(G('environment: qa').replace('scope: dataplane', 'scope: all'))}`), []);
    assert.deepEqual(only('environment-reference', `environments: [{name: p}]\n${gws(G('environment: 5').replace('scope: dataplane', 'scope: environment'))}`), []);
    assert.deepEqual(only('environment-reference', `environments: [{name: p}]\n${gws(G('environment: ""').replace('scope: dataplane', 'scope: environment'))}`), []);
  });

  test('gateway-slot: gateways without a valid owner take no slot', () => {
    const g = (name: string, scope: string) => `name: ${name}, direction: ingress, networking: external, ${scope}, listeners: [{protocol: HTTP, port: 80, host: ${name}.example.com}]`;
    assert.deepEqual(only('gateway-slot', `environments: [{name: p}]\n${gws(g('a', 'scope: environment'), g('b', 'scope: environment'))}`), [], 'no environment');
    assert.deepEqual(only('gateway-slot', `environments: [{name: p}]\n${gws(g('a', 'scope: all, environment: p'), g('b', 'scope: all, environment: p'))}`), [], 'an invalid scope');
    assert.deepEqual(only('gateway-slot', gws(g('a', 'scope: all'), g('b', 'scope: all'))), []);
  });

  test('lb-networking: not without a valid networking', () => {
    assert.deepEqual(
      only(
        'lb-networking',
        gws(G('service: {type: LoadBalancer, annotations: {service.beta.kubernetes.io/aws-load-balancer-internal: "true"}}').replace('networking: external', 'networking: sideways')),
      ),
      [],
    );
  });

  test('k3d-port-conflict and listener-port: invalid ports conflict with nothing', () => {
    const g = (name: string, direction: string) =>
      `name: ${name}, direction: ${direction}, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: "x", host: a.example.com}, {protocol: TLS, port: 0, host: a.example.com}]`;
    assert.deepEqual(only('k3d-port-conflict', `provider: k3d\n${gws(g('a', 'ingress'), g('b', 'egress'))}`), []);
    assert.deepEqual(only('listener-port', gws(g('a', 'ingress'))), []);
  });

  test('unique-listener-names: listeners of an invalid protocol with one name are still reported', () => {
    const body = gws(G('', 'listeners: [{protocol: UDP, name: x, port: 80, host: a.example.com}, {protocol: UDP, name: x, port: 81, host: a.example.com}]'));
    assert.deepEqual(
      only('unique-listener-names', body).filter((l) => !l.startsWith('  hint')),
      [`${at(body, 'x, port: 81')}: error: spec.gateways[0].listeners[1].name: listener name "x" is used twice in gateway "g" (line 7) [unique-listener-names]`],
    );
  });

  test('listener-tls: an invalid mode asks for nothing', () => {
    assert.deepEqual(only('listener-tls', gws(G('', 'listeners: [{protocol: TLS, port: 443, host: a.example.com, tls: {mode: Bad}}]'))), []);
  });

  test('listener-tls: a gateway without a name is "?"', () => {
    const body = gws(G('', 'listeners: [{protocol: HTTPS, port: 443, host: a.example.com}]').replace('name: g, ', ''));
    assert.deepEqual(
      only('listener-tls', body).filter((l) => !l.startsWith('  hint')),
      [`${at(body, '{protocol')}: error: spec.gateways[0].listeners[0].tls: required for listener "https" of gateway "?": an HTTPS listener terminates TLS with a certificate [listener-tls]`],
    );
  });

  test('host-required: not without a valid networking, whatever the Service type', () => {
    assert.deepEqual(only('host-required', gws(G('service: {type: NodePort}', 'listeners: [{protocol: HTTP, port: 80}]').replace('networking: external', 'networking: sideways'))), []);
  });

  test('host-hostname: nothing to compare without a host', () => {
    assert.deepEqual(only('host-hostname', gws(G('', 'listeners: [{protocol: HTTP, port: 80, hostname: x.example.com}]'))), []);
  });

  test('module-unsupported: an invalid gateway module with a class is left to the schema; a nameless gateway is "?"', () => {
    assert.deepEqual(only('module-unsupported', gws(G('module: nope, gatewayClassName: c, service: {labels: {a: b}}'))), []);
    const body = `module: kong\n${gws(G('service: {labels: {a: b}}').replace('name: g, ', ''))}`;
    assert.deepEqual(
      only('module-unsupported', body).filter((l) => !l.startsWith('  hint')),
      [
        `${at(body, 'labels')}: error: spec.gateways[0].service.labels: module kong serves every Gateway through the one Service of the Kong install: gateway "?" cannot have its own Service labels [module-unsupported]`,
      ],
    );
  });

  test('patch-base: DataPlanes of the base are listed in the hint', () => {
    const body = `controlPlane: {mode: patch, base: platform}\nenvironments: [{name: prod}]\n${gws(G('').replace('scope: dataplane', 'scope: environment, environment: prod'))}`;
    assert.deepEqual(only('patch-base', body, { ok: true, objects: [{ kind: 'DataPlane', name: 'dp', namespace: 'x', object: {} }] }).slice(1), [
      '  hint: it holds: DataPlane dp (namespace x); add the object there, or fix spec.dataPlane / spec.environments',
    ]);
  });

  test('errors of the model checks drop the model too', () => {
    const v = validated(`module: istio\n${gws(G(`service: {labels: {${Array.from({ length: 8 }, (_, i) => `l${i}: v`).join(', ')}}}`))}`);
    assert.deepEqual(
      v.problems.map((p) => p.rule),
      ['infrastructure-limits'],
    );
    assert.equal(v.model, undefined);
    const patch = validated(`controlPlane: {mode: patch, base: p}\n${gws(G(''))}`, { ok: true, objects: [] });
    assert.deepEqual(
      patch.problems.map((p) => p.rule),
      ['patch-base'],
    );
    assert.equal(patch.model, undefined);
  });
});
