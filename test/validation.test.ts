// One failing case per validation rule: exit code 2, the exact `file:line:col: error: path: message`
// lines, and nothing written by generate. Inline YAML keeps each input and its expected positions on one screen.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { problemLines, removeTemp, run, tempRepo, withCarets, yaml } from './helpers.js';

const HEAD = yaml`
  apiVersion: gwtopo/v1alpha1
  kind: GatewayTopology
  metadata:
    name: c
`;

/** A topology for cluster `c` whose spec is given (indented by two spaces under `spec:`). */
function spec(body: string): Record<string, string> {
  return { 'topologies/c/topology.yaml': `${HEAD}spec:\n${body.replace(/^/gm, '  ')}` };
}

const F = 'topologies/c/topology.yaml';

interface Case {
  name: string;
  files: Record<string, string | Uint8Array>;
  /** Exact problem lines (hints excluded), in output order. */
  lines: string[];
  /** Expected hint lines, when the case pins one. */
  hints?: string[];
  code?: number;
  argv?: string[];
}

const LISTENER = 'listeners: [{protocol: HTTP, port: 80, host: a.example.com}]';

const CASES: Case[] = [
  // ---- YAML and files
  { name: 'yaml-empty: an empty file', files: { [F]: '' }, lines: [`${F}:1:1: error: file is empty; expected a GatewayTopology document [yaml-empty]`] },
  { name: 'yaml-empty: only comments', files: { [F]: '# nothing yet\n' }, lines: [`${F}:1:1: error: file is empty; expected a GatewayTopology document [yaml-empty]`] },
  {
    name: 'yaml-documents: two documents',
    files: { [F]: `${HEAD}spec:\n  gateways: []\n---\n${HEAD}spec:\n  gateways: []\n` },
    lines: [`${F}:7:1: error: file holds 2 YAML documents; a topology file holds exactly one [yaml-documents]`],
  },
  {
    name: 'yaml-duplicate-key',
    files: { [F]: `${HEAD}spec:\n  gateways: []\n  provider: aws\n  provider: gcp\n` },
    lines: [`${F}:8:3: error: duplicate key "provider" (first on line 7) [yaml-duplicate-key]`],
    hints: ['  hint: a key may appear only once in a map; remove or merge the repeated entry'],
  },
  {
    name: 'yaml: an unclosed flow sequence, at its [ (not after the last line)',
    files: { [F]: `${HEAD}spec:\n  gateways: [\n` },
    lines: [`${F}:6:13: error: this [ opens a flow list that is never closed [yaml]`],
    hints: ['  hint: add the ] that ends it (on the same line, or indented more than its key)'],
  },
  {
    name: 'yaml: an unclosed flow map inside a list, one error at its {',
    files: { [F]: `${HEAD}spec:\n  gateways:\n    - {name: g, listeners: [{protocol: HTTP, port: 80}]\n  provider: aws\n` },
    lines: [`${F}:7:7: error: this { opens a flow map that is never closed [yaml]`],
    hints: ['  hint: add the } that ends it (on the same line, or indented more than its key)'],
  },
  {
    name: 'yaml-tab: a tab as indentation, one error at the tab however many lines have one',
    files: { [F]: `${HEAD}spec:\n  gateways:\n  \t- name: a\n  \t  direction: ingress\n` },
    lines: [`${F}:7:3: error: tab character: YAML indents with spaces [yaml-tab]`],
    hints: ['  hint: replace the tab with spaces (set your editor to insert spaces in YAML files); 1 more line is indented with tabs'],
  },
  { name: 'yaml-tab: after the dash of a list item', files: { [F]: `${HEAD}spec:\n  gateways:\n    -\tname: a\n` }, lines: [`${F}:7:6: error: tab character: YAML indents with spaces [yaml-tab]`] },
  {
    name: 'yaml-indentation: a key indented less than its siblings',
    files: { [F]: `${HEAD}spec:\n  gateways:\n    - name: a\n      direction: ingress\n     networking: internal\n      scope: dataplane\n` },
    lines: [`${F}:9:6: error: expected indentation of 6 spaces (a sibling of "direction" on line 8), found 5 [yaml-indentation]`],
    hints: ['  hint: YAML reads structure from indentation: indent line 9 by 6 spaces to line it up with line 8'],
  },
  {
    name: 'yaml-indentation: a key indented more than its siblings (the parser blames the line before)',
    files: { [F]: `${HEAD}spec:\n  provider: aws\n   gateways: []\n` },
    lines: [`${F}:7:4: error: expected indentation of 2 spaces (a sibling of "provider" on line 6), found 3 [yaml-indentation]`],
  },
  {
    name: 'yaml-indentation: a list item out of line',
    files: { [F]: `${HEAD}spec:\n  environments:\n    - name: a\n   - name: b\n  gateways: []\n` },
    lines: [`${F}:8:4: error: expected indentation of 4 spaces (a sibling of the list item on line 7), found 3 [yaml-indentation]`],
  },
  {
    name: 'yaml-indentation: an indented first line',
    files: { [F]: ` ${HEAD}spec:\n  gateways: []\n` },
    lines: [`${F}:1:1: error: expected indentation of 0 spaces (top-level keys start in column 1), found 1 space [yaml-indentation]`],
  },
  {
    name: 'yaml-aliases: an alias bomb',
    files: {
      [F]: `${HEAD}spec:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n  d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n  gateways: []\n`,
    },
    lines: [`${F}:7:10: error: YAML aliases expand to too many nodes (more than 100 expansions); this looks like an alias bomb [yaml-aliases]`],
  },
  { name: 'yaml: unknown tag', files: { [F]: `${HEAD}spec:\n  gateways: !include gateways.yaml\n` }, lines: [`${F}:6:13: error: YAML tags are not supported in a topology [yaml]`] },
  {
    name: 'yaml: a list as a map key (no Node.js warning on stderr)',
    files: { [F]: `${HEAD}spec:\n  ? [a]\n  : b\n  gateways: []\n` },
    lines: [`${F}:6:5: error: a map key must be a plain value, not a list or a map [yaml]`],
  },
  {
    name: 'yaml: a cascade of syntax errors is cut after the first five',
    files: { [F]: `${HEAD}spec:\n  gateways: ]]]]]] ]]] ]]]\n` },
    lines: [
      `${F}:6:13: error: YAML syntax error: Unexpected flow-seq-end token in YAML stream: "]" [yaml]`,
      `${F}:6:14: error: YAML syntax error: Unexpected flow-seq-end token in YAML stream: "]" [yaml]`,
      `${F}:6:15: error: YAML syntax error: Unexpected flow-seq-end token in YAML stream: "]" [yaml]`,
      `${F}:6:16: error: YAML syntax error: Unexpected flow-seq-end token in YAML stream: "]" [yaml]`,
      `${F}:6:17: error: YAML syntax error: Unexpected flow-seq-end token in YAML stream: "]" [yaml]`,
      `${F}:6:18: error: 7 more YAML errors from here on, most of them consequences of the ones above [yaml]`,
    ],
  },
  {
    name: 'encoding: UTF-16',
    files: { [F]: new Uint8Array([0xff, 0xfe, 0x61, 0x00]) },
    lines: [`${F}:1:1: error: file is encoded as UTF-16 (little-endian, with a byte-order mark); gwtopo reads UTF-8 [encoding]`],
  },
  {
    name: 'encoding: UTF-16 without a byte-order mark',
    files: { [F]: Buffer.from(`${HEAD}spec:\n  gateways: []\n`, 'utf16le').swap16() },
    lines: [`${F}:1:1: error: file is encoded as UTF-16 (big-endian, without a byte-order mark); gwtopo reads UTF-8 [encoding]`],
    hints: ['  hint: save the file as UTF-8, e.g. iconv -f UTF-16BE -t UTF-8 topology.yaml > topology.utf8 && mv topology.utf8 topology.yaml'],
  },
  {
    name: 'encoding: UTF-32',
    files: { [F]: new Uint8Array([...`${HEAD}spec: {gateways: []}\n`].flatMap((c) => [c.charCodeAt(0), 0, 0, 0])) },
    lines: [`${F}:1:1: error: file is encoded as UTF-32 (little-endian, without a byte-order mark); gwtopo reads UTF-8 [encoding]`],
  },
  { name: 'encoding: not UTF-8', files: { [F]: new Uint8Array([0x61, 0x3a, 0x20, 0xc3, 0x28, 0x0a]) }, lines: [`${F}:1:1: error: file is not valid UTF-8 [encoding]`] },
  {
    name: 'encoding: larger than 1 MiB',
    files: { [F]: `${HEAD}spec:\n  gateways: []\n${'#'.repeat(1024 * 1024)}\n` },
    lines: [`${F}:1:1: error: file is 1048668 bytes; topology files are limited to 1048576 bytes (1 MiB) [encoding]`],
  },
  {
    name: 'layout: topology.yml instead of topology.yaml',
    files: { 'topologies/c/topology.yml': `${HEAD}spec:\n  gateways: []\n` },
    lines: ['topologies/c/topology.yml:1:1: error: gwtopo reads topologies/c/topology.yaml, not topology.yml [layout]'],
    hints: ['  hint: rename it: git mv topologies/c/topology.yml topologies/c/topology.yaml'],
  },
  { name: 'layout: no topologies folder', files: { 'README.md': 'x' }, lines: ['gwtopo: error: no topologies/ folder in ROOT [layout]'] },
  {
    name: 'cluster-name: metadata.name differs from the folder',
    files: { 'topologies/prod/topology.yaml': `${HEAD}spec:\n  gateways: []\n` },
    lines: ['topologies/prod/topology.yaml:4:9: error: metadata.name: "c" must equal the folder name "prod" [cluster-name]'],
  },
  {
    name: 'cluster-name: the folder is not a DNS label',
    files: { 'topologies/Prod_EU/topology.yaml': `${HEAD}spec:\n  gateways: []\n` },
    lines: [
      'topologies/Prod_EU/topology.yaml:1:1: error: the folder name "Prod_EU" is not a DNS-1123 label; folders under topologies/ name clusters [cluster-name]',
      'topologies/Prod_EU/topology.yaml:4:9: error: metadata.name: "c" must equal the folder name "Prod_EU" [cluster-name]',
    ],
  },
  {
    name: 'cluster-not-found: --cluster names no topology',
    files: spec('gateways: []\n'),
    argv: ['--cluster', 'd'],
    lines: ['gwtopo: error: --cluster d: no such topology (topologies/d/topology.yaml does not exist) [cluster-not-found]'],
    hints: ['  hint: did you mean "c"?'],
  },

  // ---- schema
  {
    name: 'schema: unknown field with a suggestion',
    files: spec(`gateways:\n  - name: g\n    direction: ingress\n    netwrking: internal\n    networking: internal\n    scope: dataplane\n    ${LISTENER}\n`),
    lines: [`${F}:9:7: error: spec.gateways[0].netwrking: unknown field [schema]`],
    hints: ['  hint: did you mean "networking"?'],
  },
  {
    name: 'schema: unknown top-level field lists what is allowed',
    files: { [F]: `${HEAD}spec:\n  gateways: []\nstatus: {}\n` },
    lines: [`${F}:7:1: error: status: unknown field [schema]`],
    hints: ['  hint: allowed fields here: apiVersion, kind, metadata, spec'],
  },
  {
    name: 'schema: wrong apiVersion',
    files: { [F]: `${HEAD.replace('gwtopo/v1alpha1', 'gwtopo/v1')}spec:\n  gateways: []\n` },
    lines: [`${F}:1:13: error: apiVersion: must be "gwtopo/v1alpha1" (got the string "gwtopo/v1") [schema]`],
  },
  {
    name: 'schema: required field missing',
    files: spec(`gateways:\n  - name: g\n    direction: ingress\n    scope: dataplane\n    ${LISTENER}\n`),
    lines: [`${F}:7:7: error: spec.gateways[0].networking: required field is missing [schema]`],
    hints: ['  hint: add networking: external or networking: internal'],
  },
  {
    name: 'schema: enum value with a suggestion',
    files: spec(`provider: azrue\ngateways: []\n`),
    lines: [`${F}:6:13: error: spec.provider: must be one of: generic, k3d, aws, aws-lbc, gcp, azure, oci, digitalocean, ibm, alibaba, openstack (got the string "azrue") [schema]`],
    hints: ['  hint: did you mean "azure"?'],
  },
  {
    name: 'schema: quoted port',
    files: spec(`gateways:\n  - {name: g, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: "80", host: a.example.com}]}\n`),
    lines: [`${F}:7:112: error: spec.gateways[0].listeners[0].port: must be a whole number, not the string "80" [schema]`],
    hints: ['  hint: remove the quotes: 80'],
  },
  {
    name: 'schema: port out of range',
    files: spec(`gateways:\n  - {name: g, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 70000, host: a.example.com}]}\n`),
    lines: [`${F}:7:112: error: spec.gateways[0].listeners[0].port: must be at most 65535 (got 70000) [schema]`],
  },
  {
    name: 'schema: unquoted boolean annotation value',
    files: spec(`gateways:\n  - name: g\n    direction: ingress\n    networking: external\n    scope: dataplane\n    service:\n      annotations:\n        example.com/flag: true\n    ${LISTENER}\n`),
    lines: [`${F}:13:29: error: spec.gateways[0].service.annotations["example.com/flag"]: must be a string, not the boolean true [schema]`],
    hints: ['  hint: quote the value so YAML reads it as a string: "true"'],
  },
  {
    name: 'schema: gateway name is not a DNS label',
    files: spec(`gateways:\n  - name: Gateway_1\n    direction: ingress\n    networking: external\n    scope: dataplane\n    ${LISTENER}\n`),
    lines: [`${F}:7:13: error: spec.gateways[0].name: must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit (got "Gateway_1") [schema]`],
  },
  {
    name: 'schema: host is not a lower-case DNS name',
    files: spec(`gateways:\n  - {name: g, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 80, host: "https://API.example.com"}]}\n`),
    lines: [
      `${F}:7:122: error: spec.gateways[0].listeners[0].host: must be a lower-case DNS name such as api.example.com (no scheme, port, path or wildcard) (got "https://API.example.com") [schema]`,
    ],
  },
  {
    name: 'schema: a listener is required',
    files: spec(`gateways:\n  - {name: g, direction: ingress, networking: external, scope: dataplane, listeners: []}\n`),
    lines: [`${F}:7:88: error: spec.gateways[0].listeners: must have at least 1 item [schema]`],
  },
  {
    name: 'schema: label key is not a Kubernetes key',
    files: spec(`gateways:\n  - name: g\n    direction: ingress\n    networking: external\n    scope: dataplane\n    service:\n      labels:\n        "bad key": x\n    ${LISTENER}\n`),
    lines: [
      `${F}:13:11: error: spec.gateways[0].service.labels["bad key"]: key must be a Kubernetes key: an optional DNS-subdomain prefix (under 253 characters) and '/', then a name of up to 63 letters, digits, '-', '_' or '.' [schema]`,
    ],
  },

  {
    name: 'schema: an annotation key prefix of 253 characters (Gateway API allows fewer)',
    files: spec(
      `module: istio\ngateways:\n  - name: g\n    direction: ingress\n    networking: external\n    scope: dataplane\n    service:\n      annotations: {${'p'.repeat(253)}/x: v}\n    ${LISTENER}\n`,
    ),
    lines: [
      `${F}:13:23: error: spec.gateways[0].service.annotations["${'p'.repeat(60)}…"]: key must be a Kubernetes key: an optional DNS-subdomain prefix (under 253 characters) and '/', then a name of up to 63 letters, digits, '-', '_' or '.' [schema]`,
    ],
  },
  {
    name: 'name-length: an environment whose overlay file name would exceed 255 bytes',
    files: spec(`environments: [{name: ${'e'.repeat(63)}.${'e'.repeat(63)}.${'e'.repeat(63)}.${'e'.repeat(51)}}]\ngateways: []\n`),
    lines: [`${F}:6:25: error: spec.environments[0].name: too long: its overlay file eeeeeeeeeeeeeeeeeeee….environment.yaml would have 260 bytes, and file names are limited to 255 [name-length]`],
  },

  // ---- cluster rules
  {
    name: 'dataplane-namespace: ClusterDataPlane with a namespace',
    files: spec(`dataPlane: {kind: ClusterDataPlane, name: default, namespace: default}\ngateways: []\n`),
    lines: [`${F}:6:54: error: spec.dataPlane.namespace: not allowed: a ClusterDataPlane is cluster-scoped [dataplane-namespace]`],
  },
  {
    name: 'k3d-settings: spec.k3d without provider k3d',
    files: spec(`provider: aws\nk3d: {clusterName: dev}\ngateways: []\n`),
    lines: [`${F}:7:3: error: spec.k3d: only used with provider k3d (the provider is aws) [k3d-settings]`],
  },
  {
    name: 'unique-environments',
    files: spec(`environments:\n  - name: production\n  - name: production\ngateways: []\n`),
    lines: [`${F}:8:13: error: spec.environments[1].name: environment "production" is listed twice (first on line 7) [unique-environments]`],
  },

  // ---- gateway rules
  {
    name: 'unique-gateways',
    files: spec(
      `gateways:\n  - {name: g, direction: ingress, networking: external, scope: dataplane, ${LISTENER}}\n  - {name: g, direction: egress, networking: external, scope: dataplane, ${LISTENER}}\n`,
    ),
    lines: [`${F}:8:14: error: spec.gateways[1].name: gateway "g" is defined twice (first on line 7) [unique-gateways]`],
  },
  {
    name: 'parameters-name',
    files: spec(
      `gateways:\n  - {name: a, direction: ingress, networking: internal, scope: dataplane, ${LISTENER}}\n  - {name: b, direction: egress, networking: internal, scope: dataplane, parametersName: a-params, ${LISTENER}}\n`,
    ),
    lines: [`${F}:8:92: error: spec.gateways[1].parametersName: gateway "b" renders its GatewayParameters (gateway.kgateway.dev/v1alpha1) as "a-params", and so does gateway "a" [parameters-name]`],
    hints: ['  hint: give each gateway parameters of its own: change parametersName'],
  },
  {
    name: 'environment-scope: environment missing',
    files: spec(`environments: [{name: prod}]\ngateways:\n  - {name: g, direction: ingress, networking: external, scope: environment, ${LISTENER}}\n`),
    lines: [`${F}:8:7: error: spec.gateways[0].environment: required when scope is environment [environment-scope]`],
    hints: ['  hint: add environment: <name> (listed: prod)'],
  },
  {
    name: 'environment-scope: environment with scope dataplane',
    files: spec(`environments: [{name: prod}]\ngateways:\n  - {name: g, direction: ingress, networking: external, scope: dataplane, environment: prod, ${LISTENER}}\n`),
    lines: [`${F}:8:77: error: spec.gateways[0].environment: only allowed when scope is environment [environment-scope]`],
  },
  {
    name: 'environment-reference: an environment that is not listed',
    files: spec(`environments: [{name: production}]\ngateways:\n  - {name: g, direction: ingress, networking: external, scope: environment, environment: prodution, ${LISTENER}}\n`),
    lines: [`${F}:8:92: error: spec.gateways[0].environment: "prodution" is not listed in spec.environments [environment-reference]`],
    hints: ['  hint: did you mean "production"?'],
  },
  {
    name: 'gateway-slot: two gateways in one data-plane slot',
    files: spec(
      `gateways:\n  - {name: a, direction: ingress, networking: internal, scope: dataplane, listeners: [{protocol: HTTP, port: 80}]}\n  - {name: b, direction: ingress, networking: internal, scope: dataplane, listeners: [{protocol: HTTP, port: 81}]}\n`,
    ),
    lines: [
      `${F}:8:14: error: spec.gateways[1].name: ingress/internal slot of the data plane is already taken by gateway "a" (line 7); spec.gateway.ingress.internal holds one gateway [gateway-slot]`,
    ],
  },
  {
    name: 'gateway-slot: two gateways in one environment slot',
    files: spec(
      `environments: [{name: prod}]\ngateways:\n  - {name: a, direction: egress, networking: external, scope: environment, environment: prod, ${LISTENER}}\n  - {name: b, direction: egress, networking: external, scope: environment, environment: prod, ${LISTENER}}\n`,
    ),
    lines: [
      `${F}:9:14: error: spec.gateways[1].name: egress/external slot of environment "prod" is already taken by gateway "a" (line 8); spec.gateway.egress.external holds one gateway [gateway-slot]`,
    ],
  },
  {
    name: 'external-clusterip',
    files: spec(`gateways:\n  - {name: g, direction: ingress, networking: external, scope: dataplane, service: {type: ClusterIP}, ${LISTENER}}\n`),
    lines: [`${F}:7:93: error: spec.gateways[0].service.type: an external gateway must be reachable from outside the cluster, and a ClusterIP Service is not [external-clusterip]`],
  },
  {
    name: 'internal-lb-private: provider generic without an internal annotation',
    files: spec(`gateways:\n  - {name: g, direction: ingress, networking: internal, scope: dataplane, service: {type: LoadBalancer}, ${LISTENER}}\n`),
    lines: [
      `${F}:7:93: error: spec.gateways[0].service.type: an internal LoadBalancer needs a private load balancer, and provider generic adds no annotation for one: the cloud might create an internet-facing load balancer [internal-lb-private]`,
    ],
  },
  {
    name: 'lb-networking: an internal gateway whose annotation makes its load balancer internet-facing',
    files: spec(
      `provider: aws-lbc\ngateways:\n  - name: g\n    direction: ingress\n    networking: internal\n    scope: dataplane\n    service:\n      type: LoadBalancer\n      annotations: {service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing}\n    ${LISTENER}\n`,
    ),
    lines: [
      `${F}:14:23: error: spec.gateways[0].service.annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"]: gateway "g" is internal, but with this annotation ("internet-facing") provider aws-lbc's load balancer would be internet-facing: the AWS Load Balancer Controller takes the load balancer's scheme from service.beta.kubernetes.io/aws-load-balancer-scheme [lb-networking]`,
    ],
  },
  {
    name: 'lb-networking: an external gateway whose annotation makes its load balancer private',
    files: spec(
      `gateways:\n  - name: g\n    direction: ingress\n    networking: external\n    scope: dataplane\n    service:\n      annotations: {service.beta.kubernetes.io/azure-load-balancer-internal: "true"}\n    ${LISTENER}\n`,
    ),
    lines: [
      `${F}:12:23: error: spec.gateways[0].service.annotations["service.beta.kubernetes.io/azure-load-balancer-internal"]: gateway "g" is external, but this annotation ("true") makes its load balancer private (reachable only inside the network) [lb-networking]`,
    ],
  },
  {
    name: 'k3d-port-conflict: two LoadBalancer gateways on one port',
    files: spec(
      `provider: k3d\nenvironments: [{name: prod}]\ngateways:\n  - {name: a, direction: ingress, networking: external, scope: dataplane, ${LISTENER}}\n  - {name: b, direction: ingress, networking: external, scope: environment, environment: prod, listeners: [{protocol: HTTP, port: 80, host: b.example.com}]}\n`,
    ),
    lines: [
      `${F}:10:133: error: spec.gateways[1].listeners[0].port: LoadBalancer gateways "a" and "b" both listen on port 80; k3d's load balancer binds each port on the host once [k3d-port-conflict]`,
    ],
  },
  {
    name: 'k3d-port-conflict: two LoadBalancer gateways advertised on one host port',
    files: spec(
      `provider: k3d\nenvironments: [{name: prod}]\ngateways:\n  - {name: a, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 19080, advertisedPort: 29080, host: a.localhost}]}\n  - {name: b, direction: ingress, networking: external, scope: environment, environment: prod, listeners: [{protocol: HTTP, port: 19081, advertisedPort: 29080, host: b.localhost}]}\n`,
    ),
    lines: [
      `${F}:10:156: error: spec.gateways[1].listeners[0].advertisedPort: LoadBalancer gateways "a" and "b" are both advertised on port 29080; k3d's load balancer forwards each host port to one gateway [k3d-port-conflict]`,
    ],
    hints: ['  hint: give one of them another advertisedPort (gateway "a" is on line 9)'],
  },
  {
    name: 'advertised-port: two listeners of a gateway advertised on one port, listening on two',
    files: spec(
      `gateways:\n  - name: g\n    direction: ingress\n    networking: external\n    scope: dataplane\n    listeners:\n      - {protocol: HTTP, port: 8080, advertisedPort: 443, host: a.example.com}\n      - {protocol: HTTPS, port: 8443, advertisedPort: 443, host: a.example.com, tls: {certificateRefs: [{name: s}]}}\n`,
    ),
    lines: [
      `${F}:13:57: error: spec.gateways[0].listeners[1].advertisedPort: clients of listener "https" of gateway "g" would use port 443, like those of listener "http" (line 12), which listens on port 8080; one client port reaches one listener port [advertised-port]`,
    ],
    hints: ['  hint: give the listeners different advertised ports, or let them listen on one port (HTTPS or TLS with different hostnames)'],
  },
  {
    name: 'reserved-label: the system-component label',
    files: spec(
      `gateways:\n  - name: g\n    direction: ingress\n    networking: external\n    scope: dataplane\n    service:\n      labels: {openchoreo.dev/system-component: edge}\n    ${LISTENER}\n`,
    ),
    lines: [
      `${F}:12:18: error: spec.gateways[0].service.labels["openchoreo.dev/system-component"]: is set by gwtopo on every gateway (openchoreo.dev/system-component: gateway); OpenChoreo's NetworkPolicy admits gateway traffic by it [reserved-label]`,
    ],
  },

  // ---- listener rules
  {
    name: 'unique-listener-names',
    files: spec(
      `gateways:\n  - name: g\n    direction: ingress\n    networking: external\n    scope: dataplane\n    listeners:\n      - {protocol: HTTP, port: 80, host: a.example.com}\n      - {protocol: HTTPS, name: http, port: 443, host: a.example.com, tls: {certificateRefs: [{name: s}]}}\n`,
    ),
    lines: [`${F}:13:35: error: spec.gateways[0].listeners[1].name: listener name "http" is used twice in gateway "g" (line 12) [unique-listener-names]`],
  },
  {
    name: 'listener-protocol: two listeners of one protocol',
    files: spec(
      `gateways:\n  - name: g\n    direction: ingress\n    networking: external\n    scope: dataplane\n    listeners:\n      - {protocol: HTTP, port: 80, host: a.example.com}\n      - {protocol: HTTP, name: alt, port: 8080, host: a.example.com}\n`,
    ),
    lines: [
      `${F}:13:22: error: spec.gateways[0].listeners[1].protocol: gateway "g" already has a HTTP listener (line 12); OpenChoreo registers one listener per protocol (spec.gateway.*.http) [listener-protocol]`,
    ],
  },
  {
    name: 'listener-port: HTTP and HTTPS on one port',
    files: spec(
      `gateways:\n  - name: g\n    direction: ingress\n    networking: external\n    scope: dataplane\n    listeners:\n      - {protocol: HTTP, port: 443, host: a.example.com}\n      - {protocol: HTTPS, port: 443, host: a.example.com, tls: {certificateRefs: [{name: s}]}}\n`,
    ),
    lines: [
      `${F}:13:35: error: spec.gateways[0].listeners[1].port: port 443 is also used by listener "http" (line 12); two listeners may share a port only if both are HTTPS or TLS with different hostnames [listener-port]`,
    ],
  },
  {
    name: 'listener-port: HTTPS and TLS on one port without hostnames',
    files: spec(
      `gateways:\n  - name: g\n    direction: ingress\n    networking: external\n    scope: dataplane\n    listeners:\n      - {protocol: TLS, port: 443, host: a.example.com}\n      - {protocol: HTTPS, port: 443, host: a.example.com, tls: {certificateRefs: [{name: s}]}}\n`,
    ),
    lines: [
      `${F}:13:35: error: spec.gateways[0].listeners[1].port: port 443 is also used by listener "tls-passthrough" (line 12); two listeners may share a port only if both are HTTPS or TLS with different hostnames [listener-port]`,
    ],
    hints: ['  hint: give both listeners a hostname, and make them differ'],
  },
  {
    name: 'listener-tls: HTTPS without tls',
    files: spec(`gateways:\n  - {name: g, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTPS, port: 443, host: a.example.com}]}\n`),
    lines: [`${F}:7:89: error: spec.gateways[0].listeners[0].tls: required for listener "https" of gateway "g": an HTTPS listener terminates TLS with a certificate [listener-tls]`],
  },
  {
    name: 'listener-tls: HTTPS with mode Passthrough',
    files: spec(`gateways:\n  - {name: g, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTPS, port: 443, host: a.example.com, tls: {mode: Passthrough}}]}\n`),
    lines: [`${F}:7:151: error: spec.gateways[0].listeners[0].tls.mode: an HTTPS listener terminates TLS; mode must be Terminate [listener-tls]`],
  },
  {
    name: 'listener-tls: Terminate without certificateRefs',
    files: spec(`gateways:\n  - {name: g, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: TLS, port: 443, host: a.example.com, tls: {mode: Terminate}}]}\n`),
    lines: [`${F}:7:142: error: spec.gateways[0].listeners[0].tls.certificateRefs: required when TLS is terminated (mode Terminate) [listener-tls]`],
  },
  {
    name: 'listener-tls: Passthrough with certificateRefs',
    files: spec(
      `gateways:\n  - {name: g, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: TLS, port: 443, host: a.example.com, tls: {certificateRefs: [{name: s}]}}]}\n`,
    ),
    lines: [`${F}:7:143: error: spec.gateways[0].listeners[0].tls.certificateRefs: not allowed with mode Passthrough: the backend terminates TLS [listener-tls]`],
  },
  {
    name: 'listener-tls: HTTP with tls',
    files: spec(`gateways:\n  - {name: g, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 80, host: a.example.com, tls: {mode: Terminate}}]}\n`),
    lines: [`${F}:7:137: error: spec.gateways[0].listeners[0].tls: an HTTP listener does not take tls [listener-tls]`],
  },
  {
    name: 'host-required: external gateway',
    files: spec(`gateways:\n  - {name: g, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 80}]}\n`),
    lines: [`${F}:7:89: error: spec.gateways[0].listeners[0].host: required for listener "http" of gateway "g" (external, Service type LoadBalancer) [host-required]`],
    hints: ['  hint: set host to the public DNS name clients use to reach this gateway, e.g. api.example.com (the record that points at its load balancer)'],
  },
  {
    name: 'host-required: internal LoadBalancer gateway',
    files: spec(`provider: gcp\ngateways:\n  - {name: g, direction: ingress, networking: internal, scope: dataplane, service: {type: LoadBalancer}, listeners: [{protocol: HTTP, port: 80}]}\n`),
    lines: [`${F}:8:120: error: spec.gateways[0].listeners[0].host: required for listener "http" of gateway "g" (internal, Service type LoadBalancer) [host-required]`],
  },
  {
    name: 'host-required: unmanaged gateways are registered and need a host too',
    files: spec(`gateways:\n  - {name: gateway-default, direction: ingress, networking: external, scope: dataplane, managed: false, listeners: [{protocol: HTTP, port: 19080}]}\n`),
    lines: [`${F}:7:119: error: spec.gateways[0].listeners[0].host: required for listener "http" of gateway "gateway-default" (external, Service type LoadBalancer) [host-required]`],
  },

  // ---- gateway modules: what a module cannot express is refused
  {
    name: 'module-unsupported: cilium cannot give an internal gateway its default ClusterIP Service',
    files: spec(`module: cilium\ngateways:\n  - {name: g, direction: ingress, networking: internal, scope: dataplane, listeners: [{protocol: HTTP, port: 80, host: a.internal}]}\n`),
    lines: [
      `${F}:8:49: error: spec.gateways[0].networking: module cilium cannot give gateway "g" a ClusterIP Service (internal gateways default to ClusterIP): Cilium creates LoadBalancer or NodePort Services, chosen per GatewayClass [module-unsupported]`,
    ],
  },
  {
    name: 'module-unsupported: cilium with an explicit ClusterIP',
    files: spec(
      `module: cilium\ngateways:\n  - {name: g, direction: ingress, networking: internal, scope: dataplane, service: {type: ClusterIP}, listeners: [{protocol: HTTP, port: 80, host: a.internal}]}\n`,
    ),
    lines: [
      `${F}:8:93: error: spec.gateways[0].service.type: module cilium cannot give gateway "g" a ClusterIP Service: Cilium creates LoadBalancer or NodePort Services, chosen per GatewayClass [module-unsupported]`,
    ],
  },
  {
    name: 'module-unsupported: cilium NodePort on a LoadBalancer class',
    files: spec(
      `module: cilium\ngateways:\n  - {name: g, direction: ingress, networking: internal, scope: dataplane, service: {type: NodePort}, listeners: [{protocol: HTTP, port: 80, host: a.internal}]}\n`,
    ),
    lines: [
      `${F}:8:93: error: spec.gateways[0].service.type: module cilium sets the Service type per GatewayClass: GatewayClass "cilium" gives LoadBalancer Services, not NodePort (gateway "g") [module-unsupported]`,
    ],
    hints: ['  hint: set gatewayClassName to a GatewayClass whose CiliumGatewayClassConfig sets service.type NodePort, and declare it under spec.gatewayClasses'],
  },
  {
    name: 'module-unsupported: cilium type on an undeclared class',
    files: spec(`module: cilium\ngateways:\n  - {name: g, direction: ingress, networking: external, scope: dataplane, gatewayClassName: cilium-np, service: {type: NodePort}, ${LISTENER}}\n`),
    lines: [
      `${F}:8:122: error: spec.gateways[0].service.type: module cilium sets the Service type per GatewayClass, and GatewayClass "cilium-np" of gateway "g" is not declared in spec.gatewayClasses [module-unsupported]`,
    ],
    hints: ['  hint: declare it with the type its CiliumGatewayClassConfig sets: spec.gatewayClasses: [{name: cilium-np, serviceType: NodePort}]'],
  },
  {
    name: 'module-unsupported: traefik has no per-gateway Service type',
    files: spec(`module: traefik\ngateways:\n  - {name: g, direction: ingress, networking: external, scope: dataplane, service: {type: NodePort}, ${LISTENER}}\n`),
    lines: [
      `${F}:8:93: error: spec.gateways[0].service.type: module traefik serves every Gateway through the one Service of the Traefik install: gateway "g" cannot have its own Service type [module-unsupported]`,
    ],
    hints: [
      '  hint: set it in the Traefik Helm values (service.type, service.annotations, service.labels), or give this gateway a module that provisions a Service per Gateway (gateways[].module: kgateway, envoy-gateway, …)',
    ],
  },
  {
    name: 'module-unsupported: envoy-gateway upgrades WebSockets by itself; websocket: false is refused',
    files: spec(`module: envoy-gateway\ngateways:\n  - {name: g, direction: ingress, networking: external, scope: dataplane, websocket: false, ${LISTENER}}\n`),
    lines: [
      `${F}:8:88: error: spec.gateways[0].websocket: module envoy-gateway upgrades WebSocket connections on every Gateway by itself, and gwtopo has no setting that turns that off for gateway "g" [module-unsupported]`,
    ],
    hints: ["  hint: remove websocket: false (it only switches the ListenerPolicy gwtopo renders for kgateway gateways), or refuse upgrades in the implementation's own configuration"],
  },
  {
    name: "envoy-service-name: a gateway's EnvoyProxy would name its Service like Envoy Gateway's controller Service",
    files: spec(`module: envoy-gateway\ngateways:\n  - {name: envoy-gateway, direction: ingress, networking: internal, scope: dataplane, listeners: [{protocol: HTTP, port: 9080}]}\n`),
    lines: [
      `${F}:8:14: error: spec.gateways[0].name: an EnvoyProxy names gateway "envoy-gateway"'s Service after it, in namespace "envoy-gateway-system", where Envoy Gateway's own controller Service has that name [envoy-service-name]`,
    ],
    hints: ['  hint: rename the gateway'],
  },
  {
    name: 'module-unsupported: kong has no per-gateway Service annotations or labels',
    files: spec(
      `gateways:\n  - name: g\n    module: kong\n    direction: ingress\n    networking: external\n    scope: dataplane\n    service:\n      annotations: {a: b}\n      labels: {c: d}\n    ${LISTENER}\n`,
    ),
    lines: [
      `${F}:13:9: error: spec.gateways[0].service.annotations: module kong serves every Gateway through the one Service of the Kong install: gateway "g" cannot have its own Service annotations [module-unsupported]`,
      `${F}:14:9: error: spec.gateways[0].service.labels: module kong serves every Gateway through the one Service of the Kong install: gateway "g" cannot have its own Service labels [module-unsupported]`,
    ],
  },
  {
    name: 'infrastructure-limits: NGINX Gateway Fabric carries labels in spec.infrastructure (8 at most)',
    files: spec(
      `module: nginx-gateway-fabric\ngateways:\n  - name: g\n    direction: ingress\n    networking: external\n    scope: dataplane\n    service:\n      labels: {a: "1", b: "2", c: "3", d: "4", e: "5", f: "6", g: "7", h: "8"}\n    ${LISTENER}\n`,
    ),
    lines: [
      `${F}:13:9: error: spec.gateways[0].service.labels: module nginx-gateway-fabric puts the Service labels of gateway "g" in the Gateway's spec.infrastructure.labels, which Gateway API limits to 8: it would hold 9 (with openchoreo.dev/system-component) [infrastructure-limits]`,
    ],
  },
  {
    name: 'infrastructure-limits: Istio annotations with the provider preset (8 at most)',
    files: spec(
      `module: istio\nprovider: aws-lbc\ngateways:\n  - name: g\n    direction: ingress\n    networking: external\n    scope: dataplane\n    service:\n      annotations: {a: "1", b: "2", c: "3", d: "4", e: "5", f: "6"}\n    ${LISTENER}\n`,
    ),
    lines: [
      `${F}:14:9: error: spec.gateways[0].service.annotations: module istio puts the Service annotations of gateway "g" in the Gateway's spec.infrastructure.annotations, which Gateway API limits to 8: it would hold 9 (with provider aws-lbc's preset) [infrastructure-limits]`,
    ],
  },
  {
    name: 'gateway-classes: a class declared twice',
    files: spec(`module: cilium\ngatewayClasses:\n  - {name: np, serviceType: NodePort}\n  - {name: np, serviceType: LoadBalancer}\ngateways: []\n`),
    lines: [
      `${F}:8:14: warning: spec.gatewayClasses[0].name: GatewayClass "np" is not used by any cilium gateway; only modules that set the Service type per GatewayClass read spec.gatewayClasses [gateway-class-unused]`,
      `${F}:9:14: error: spec.gatewayClasses[1].name: GatewayClass "np" is declared twice [gateway-classes]`,
    ],
  },
  {
    name: 'schema: unknown gateway module',
    files: spec(`gateways:\n  - {name: g, module: envoy, direction: ingress, networking: external, scope: dataplane, ${LISTENER}}\n`),
    lines: [`${F}:7:25: error: spec.gateways[0].module: must be one of: kgateway, envoy-gateway, nginx-gateway-fabric, istio, cilium, traefik, kong (got the string "envoy") [schema]`],
  },
  {
    name: "host-required: an unmanaged Envoy Gateway gateway's Service is named by its installer",
    files: spec(`module: envoy-gateway\ngateways:\n  - {name: g, direction: ingress, networking: internal, scope: dataplane, managed: false, listeners: [{protocol: HTTP, port: 80}]}\n`),
    lines: [`${F}:8:105: error: spec.gateways[0].listeners[0].host: required for listener "http" of gateway "g" (internal, Service type ClusterIP) [host-required]`],
    hints: [
      "  hint: set host to the in-cluster DNS name of the gateway's Service (<service>.<namespace>): with managed: false its EnvoyProxy (gateway.envoyproxy.io/v1alpha1) is not gwtopo's, so neither is the Service's name",
    ],
  },
  {
    name: 'host-required: Traefik gateways share the install Service',
    files: spec(`module: traefik\ngateways:\n  - {name: g, direction: ingress, networking: internal, scope: dataplane, listeners: [{protocol: HTTP, port: 80}]}\n`),
    lines: [`${F}:8:89: error: spec.gateways[0].listeners[0].host: required for listener "http" of gateway "g" (internal, Service from the traefik install) [host-required]`],
  },

  // ---- patch mode (spec.controlPlane) and the repository configuration (gwtopo.yaml)
  {
    name: 'control-plane-mode: patch without a base',
    files: spec(`controlPlane: {mode: patch}\ngateways: []\n`),
    lines: [`${F}:6:17: error: spec.controlPlane.base: required with mode patch [control-plane-mode]`],
  },
  {
    name: 'control-plane-mode: a base in apply mode',
    files: spec(`controlPlane: {base: platform}\ngateways: []\n`),
    lines: [`${F}:6:18: error: spec.controlPlane.base: only used with mode patch [control-plane-mode]`],
  },
  {
    name: 'schema: a base that leaves the repository',
    files: spec(`controlPlane: {mode: patch, base: ../elsewhere}\ngateways: []\n`),
    lines: [`${F}:6:37: error: spec.controlPlane.base: must be a folder relative to the repository root, without '..' (e.g. namespaces/default/platform/infra) (got "../elsewhere") [schema]`],
  },
  {
    name: 'patch-base: the base folder does not exist',
    files: spec(
      `controlPlane: {mode: patch, base: platform/envs}\nenvironments: [{name: prod}]\ngateways:\n  - {name: g, direction: ingress, networking: external, scope: environment, environment: prod, ${LISTENER}}\n`,
    ),
    lines: [`${F}:6:37: error: spec.controlPlane.base: platform/envs is not a folder of the repository [patch-base]`],
  },
  {
    name: 'patch-base: the base has no kustomization.yaml',
    files: { ...spec(`controlPlane: {mode: patch, base: platform}\ngateways: []\n`), 'platform/prod.yaml': 'kind: Environment\n' },
    lines: [`${F}:6:37: error: spec.controlPlane.base: platform has no kustomization.yaml [patch-base]`],
  },
  {
    name: 'patch-base: an object the overlay patches is not in the base',
    files: {
      ...spec(
        `controlPlane: {mode: patch, base: platform}\nenvironments: [{name: prod, namespace: team-a}]\ngateways:\n  - {name: g, direction: ingress, networking: external, scope: environment, environment: prod, ${LISTENER}}\n`,
      ),
      'platform/kustomization.yaml': 'resources: [dev.yaml, prod.yaml]\n',
      'platform/dev.yaml': 'apiVersion: openchoreo.dev/v1alpha1\nkind: Environment\nmetadata: {name: dev, namespace: team-a}\n',
      'platform/prod.yaml': 'apiVersion: openchoreo.dev/v1alpha1\nkind: Environment\nmetadata: {name: prod, namespace: default}\n',
    },
    lines: [`${F}:6:37: error: spec.controlPlane.base: the base holds no Environment prod (namespace team-a), which gateways "g" register on [patch-base]`],
    hints: ['  hint: it holds: Environment dev (namespace team-a), Environment prod (namespace default); add the object there, or fix spec.dataPlane / spec.environments'],
  },
  {
    name: 'patch-base: remote resources are refused',
    files: { ...spec(`controlPlane: {mode: patch, base: platform}\ngateways: []\n`), 'platform/kustomization.yaml': 'resources: [https://github.com/acme/x//base]\n' },
    lines: [`${F}:6:37: error: spec.controlPlane.base: platform uses the remote resource https://github.com/acme/x//base [patch-base]`],
  },
  {
    name: 'yaml-empty: an empty gwtopo.yaml asks for a Repository',
    files: { ...spec('gateways: []\n'), 'gwtopo.yaml': '# engines later\n' },
    lines: ['gwtopo.yaml:1:1: error: file is empty; expected a Repository document [yaml-empty]'],
  },
  {
    name: 'yaml-documents: two documents in gwtopo.yaml, named as the repository configuration',
    files: { ...spec('gateways: []\n'), 'gwtopo.yaml': 'apiVersion: gwtopo/v1alpha1\nkind: Repository\nspec: {}\n---\napiVersion: gwtopo/v1alpha1\nkind: Repository\nspec: {}\n' },
    lines: ['gwtopo.yaml:4:1: error: file holds 2 YAML documents; the repository configuration file holds exactly one [yaml-documents]'],
    hints: ["  hint: remove the '---' separator: gwtopo.yaml holds the one Repository document of the repository"],
  },
  {
    name: 'config: engines without a repository',
    files: { ...spec('gateways: []\n'), 'gwtopo.yaml': 'apiVersion: gwtopo/v1alpha1\nkind: Repository\nspec:\n  engines: [flux]\n' },
    lines: ['gwtopo.yaml:4:3: error: spec.repository: required when engines are enabled (flux) [config]'],
  },
  {
    name: 'config: settings of an engine that is not enabled',
    files: {
      ...spec('gateways: []\n'),
      'gwtopo.yaml': 'apiVersion: gwtopo/v1alpha1\nkind: Repository\nspec:\n  repository: {url: https://example.com/r.git}\n  engines: [flux]\n  argocd: {namespace: argocd}\n',
    },
    lines: ['gwtopo.yaml:6:3: error: spec.argocd: settings for argocd, which spec.engines does not enable [config]'],
  },
  {
    name: 'config: unknown field with a suggestion, and a bad interval',
    files: {
      ...spec('gateways: []\n'),
      'gwtopo.yaml': 'apiVersion: gwtopo/v1alpha1\nkind: Repository\nspec:\n  repository: {url: https://example.com/r.git}\n  engine: [flux]\n  flux: {interval: 10 minutes}\n',
    },
    lines: [
      'gwtopo.yaml:5:3: error: spec.engine: unknown field [schema]',
      'gwtopo.yaml:6:3: error: spec.flux: settings for flux, which spec.engines does not enable [config]',
      `gwtopo.yaml:6:20: error: spec.flux.interval: must be a duration such as 30s, 10m or 1h30m (got "10 minutes") [schema]`,
    ],
    hints: ['  hint: did you mean "engines"?'],
  },
  {
    name: 'config: both a control-plane name and server',
    files: {
      ...spec('gateways: []\n'),
      'gwtopo.yaml':
        'apiVersion: gwtopo/v1alpha1\nkind: Repository\nspec:\n  repository: {url: https://example.com/r.git}\n  engines: [argocd]\n  argocd:\n    controlPlane: {name: cp, server: "https://cp.example.com"}\n',
    },
    lines: ['gwtopo.yaml:7:5: error: spec.argocd.controlPlane: give name or server, not both [config]'],
  },
  {
    name: 'schema: destination is a DNS subdomain',
    files: spec(`destination: EKS_Prod\ngateways: []\n`),
    lines: [
      `${F}:6:16: error: spec.destination: must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', each part starting and ending with a letter or digit (got "EKS_Prod") [schema]`,
    ],
  },
];

describe('validation rules', () => {
  for (const c of CASES) {
    test(c.name, async () => {
      const root = tempRepo(c.files as Record<string, string>);
      try {
        const result = await run(['validate', ...(c.argv ?? [])], root);
        assert.equal(result.code, c.code ?? 2, `exit code\n${result.stderr}`);
        const lines = problemLines(result.stderr.replaceAll(root, 'ROOT'));
        assert.deepEqual(lines, c.lines, withCarets(root, result.stderr));
        for (const hint of c.hints ?? []) assert.ok(result.stderr.split('\n').includes(hint), `missing hint line ${JSON.stringify(hint)} in\n${result.stderr}`);
        assert.doesNotMatch(result.stderr, /\n\s+at .+:\d+:\d+\)?\n/, 'no stack trace');
        const generated = await run(['generate', ...(c.argv ?? [])], root);
        assert.equal(generated.code, c.code ?? 2);
        assert.equal(existsSync(join(root, 'overlays')), false, 'generate wrote nothing');
      } finally {
        removeTemp(root);
      }
    });
  }
});

describe('warnings do not fail a run', () => {
  const WARNINGS: Case[] = [
    {
      name: 'unmanaged-unused: settings gwtopo would not render',
      files: spec(
        `gateways:\n  - name: gateway-default\n    direction: ingress\n    networking: external\n    scope: dataplane\n    managed: false\n    gatewayClassName: kgateway\n    websocket: false\n    listeners: [{protocol: HTTP, port: 80, host: a.example.com, allowedRoutes: All}]\n`,
      ),
      lines: [
        `${F}:12:7: warning: spec.gateways[0].gatewayClassName: has no effect: gateway "gateway-default" has managed: false, so gwtopo renders no Gateway for it [unmanaged-unused]`,
        `${F}:13:7: warning: spec.gateways[0].websocket: has no effect: gateway "gateway-default" has managed: false, so gwtopo renders no Gateway for it [unmanaged-unused]`,
        `${F}:14:67: warning: spec.gateways[0].listeners[0].allowedRoutes: has no effect: gateway "gateway-default" has managed: false, so gwtopo renders no Gateway for it [unmanaged-unused]`,
      ],
    },
    {
      name: 'host-hostname: the registered host is outside the listener hostname',
      files: spec(`gateways:\n  - {name: g, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 80, host: a.example.com, hostname: "*.example.org"}]}\n`),
      lines: [
        `${F}:7:147: warning: spec.gateways[0].listeners[0].hostname: the listener accepts only "*.example.org", but OpenChoreo registers host "a.example.com" on it: its routes would not match [host-hostname]`,
      ],
    },
    {
      name: 'certificate-namespace: a Secret in another namespace needs a ReferenceGrant',
      files: spec(
        `gateways:\n  - {name: g, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTPS, port: 443, host: a.example.com, tls: {certificateRefs: [{name: s, namespace: certs}]}}]}\n`,
      ),
      lines: [
        `${F}:7:184: warning: spec.gateways[0].listeners[0].tls.certificateRefs[0].namespace: the Secret is in namespace "certs", the Gateway in "openchoreo-data-plane": Gateway API requires a ReferenceGrant in "certs" for this reference [certificate-namespace]`,
      ],
    },
    {
      name: "environment-override: an Environment's own ingress gateway, and no data-plane gateway to copy",
      files: spec(`environments: [{name: prod}]\ngateways:\n  - {name: g, direction: ingress, networking: external, scope: environment, environment: prod, ${LISTENER}}\n`),
      lines: [
        `${F}:8:92: warning: spec.gateways[0].environment: gateway "g" gives environment "prod" an ingress slot of its own, so OpenChoreo resolves its endpoint URLs from the Environment's spec.gateway alone; this topology registers no data-plane gateway, so gwtopo has no ingress internal gateway of the data plane to copy onto it: if the data plane has one, the internal, namespace and project endpoint URLs of prod will be missing [environment-override]`,
      ],
    },
    {
      name: 'envoy-gateway-settings: spec.envoyGateway without an envoy-gateway gateway',
      files: spec(`envoyGateway: {namespace: eg}\ngateways:\n  - {name: g, direction: ingress, networking: external, scope: dataplane, ${LISTENER}}\n`),
      lines: [`${F}:6:3: warning: spec.envoyGateway: has no effect: no gateway of this topology uses module envoy-gateway [envoy-gateway-settings]`],
    },
    {
      name: "helm-owned-gateway: a managed gateway-default in the data-plane chart's namespace",
      files: spec(`gateways:\n  - {name: gateway-default, direction: ingress, networking: external, scope: dataplane, ${LISTENER}}\n`),
      lines: [
        `${F}:7:14: warning: spec.gateways[0].name: OpenChoreo's data-plane Helm chart installs Gateway gateway-default in namespace openchoreo-data-plane: gwtopo would render a second owner of it, and the two would overwrite each other [helm-owned-gateway]`,
      ],
    },
    {
      name: "preset-overridden: aws-lbc's aws-load-balancer-type replaced by nlb",
      files: spec(
        `provider: aws-lbc\ngateways:\n  - name: g\n    direction: ingress\n    networking: external\n    scope: dataplane\n    service:\n      annotations:\n        service.beta.kubernetes.io/aws-load-balancer-type: nlb\n    ${LISTENER}\n`,
      ),
      lines: [
        `${F}:14:11: warning: spec.gateways[0].service.annotations["service.beta.kubernetes.io/aws-load-balancer-type"]: provider aws-lbc's preset sets service.beta.kubernetes.io/aws-load-balancer-type: "external" for an external load balancer, and this annotation replaces it with "nlb": the AWS Load Balancer Controller provisions only Services annotated external (or given its loadBalancerClass): with "nlb" the in-tree cloud controller takes the Service back and creates a different load balancer, a Network Load Balancer with instance targets, which ignores the controller's nlb-target-type and scheme annotations [preset-overridden]`,
      ],
    },
    {
      name: 'k3d-default-port: advertised on a host port k3d maps to another load-balancer port',
      files: spec(
        `provider: k3d\ngateways:\n  - {name: g, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 18080, advertisedPort: 19080, host: a.localhost}]}\n`,
      ),
      lines: [
        `${F}:8:135: warning: spec.gateways[0].listeners[0].advertisedPort: OpenChoreo's k3d setup maps host port 19080 to port 19080 of the load balancer, but this listener listens on 18080: clients on 19080 would not reach it [k3d-default-port]`,
      ],
    },
    {
      name: 'advertised-port: a ClusterIP gateway is reached on its listener port',
      files: spec(`gateways:\n  - {name: g, direction: ingress, networking: internal, scope: dataplane, listeners: [{protocol: HTTP, port: 9080, advertisedPort: 80}]}\n`),
      lines: [
        `${F}:7:134: warning: spec.gateways[0].listeners[0].advertisedPort: gateway "g" has a ClusterIP Service, which in-cluster clients reach on the listener port 9080, not on the advertised port 80 [advertised-port-clusterip]`,
      ],
    },
    {
      name: 'preset-not-applied: a provider preset cannot reach the install Service of traefik',
      files: spec(`module: traefik\nprovider: aws-lbc\ngateways:\n  - {name: g, direction: ingress, networking: external, scope: dataplane, ${LISTENER}}\n`),
      lines: [
        `${F}:9:14: warning: spec.gateways[0].name: provider aws-lbc's annotations for an external load balancer are not applied: module traefik uses the Service of its install [preset-not-applied]`,
      ],
    },
  ];
  for (const c of WARNINGS) {
    test(c.name, async () => {
      const root = tempRepo(c.files as Record<string, string>);
      try {
        const result = await run(['generate'], root);
        assert.equal(result.code, 0, result.stderr);
        assert.deepEqual(problemLines(result.stderr), c.lines);
        assert.equal(existsSync(join(root, 'overlays', 'c')), true);
      } finally {
        removeTemp(root);
      }
    });
  }
});

describe('accepting warnings (spec.acceptWarnings)', () => {
  const HOSTNAME = `gateways:\n  - {name: g, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 80, host: a.example.com, hostname: "*.example.org"}]}\n`;
  const WARNING = `${F}:8:147: warning: spec.gateways[0].listeners[0].hostname: the listener accepts only "*.example.org", but OpenChoreo registers host "a.example.com" on it: its routes would not match [host-hostname]`;
  const CONFIG = 'apiVersion: gwtopo/v1alpha1\nkind: Repository\nspec:\n';

  test('a topology accepts its own warnings: counted, not printed; --verbose lists them; JSON has them apart', async () => {
    const root = tempRepo(spec(`acceptWarnings: [host-hostname]\n${HOSTNAME}`));
    try {
      const r = await run(['generate'], root);
      assert.deepEqual([r.code, r.stderr], [0, '']);
      assert.match(r.stdout, /^gwtopo: 1 cluster: 5 written, 0 unchanged, 0 removed \(changed: c\); 1 warning accepted$/m);
      const verbose = await run(['validate', '--verbose'], root);
      assert.equal(verbose.stderr, `gwtopo: accepted warnings (spec.acceptWarnings):\n  ${WARNING}\n    hint: make host match the hostname filter, or remove hostname\n`);
      assert.equal(verbose.stdout, 'gwtopo: 1 topology valid (c); 1 warning accepted\n');
      assert.deepEqual(problemLines(verbose.stderr), [], 'accepted warnings are not problem lines');
      const json = JSON.parse((await run(['validate', '--format', 'json'], root)).stdout) as { problems: unknown[]; accepted: { rule: string }[] };
      assert.deepEqual([json.problems, json.accepted.map((p) => p.rule)], [[], ['host-hostname']]);
      assert.equal((await run(['check'], root)).stdout, 'gwtopo: overlays/ is in sync (1 cluster, 5 files); 1 warning accepted\n');
    } finally {
      removeTemp(root);
    }
  });

  test('gwtopo.yaml accepts warnings in every file; unused acceptances are warnings (gwtopo.yaml: on full runs only)', async () => {
    const root = tempRepo({ ...spec(HOSTNAME), 'gwtopo.yaml': `${CONFIG}  acceptWarnings: [host-hostname, certificate-namespace]\n`, 'topologies/loose.yaml': 'x' });
    try {
      const r = await run(['validate'], root);
      assert.equal(r.code, 0);
      assert.deepEqual(problemLines(r.stderr), [
        'gwtopo.yaml:4:35: warning: spec.acceptWarnings[1]: accepts certificate-namespace, but there is no certificate-namespace warning to accept [accept-unused]',
        'topologies/loose.yaml:1:1: warning: not read: topologies/ holds one folder per cluster [layout-ignored]',
      ]);
      assert.equal(r.stdout, 'gwtopo: 1 topology valid (c); 1 warning accepted\n');
      const some = await run(['validate', '--cluster', 'c'], root);
      assert.deepEqual(problemLines(some.stderr), [], 'a --cluster run cannot know whether an acceptance matches nothing');
    } finally {
      removeTemp(root);
    }
  });

  test('errors cannot be accepted; unknown ids get a suggestion; accept-unused cannot be accepted', async () => {
    const root = tempRepo(spec(`acceptWarnings: [host-required, host-hostnme, accept-unused]\n${HOSTNAME.replace(', host: a.example.com', '')}`));
    try {
      const r = await run(['validate'], root);
      assert.equal(r.code, 2);
      assert.deepEqual(problemLines(r.stderr), [
        `${F}:6:20: error: spec.acceptWarnings[0]: host-required reports errors, and errors cannot be accepted: the output would be wrong [accept-invalid]`,
        `${F}:6:35: error: spec.acceptWarnings[1]: unknown rule "host-hostnme" [accept-invalid]`,
        `${F}:6:49: error: spec.acceptWarnings[2]: accept-unused cannot be accepted: it reports acceptances that match nothing [accept-invalid]`,
        `${F}:8:89: error: spec.gateways[0].listeners[0].host: required for listener "http" of gateway "g" (external, Service type LoadBalancer) [host-required]`,
      ]);
      assert.ok(r.stderr.includes('  hint: did you mean "host-hostname"? gwtopo explain lists every rule\n'), r.stderr);
      assert.ok(r.stderr.includes('  hint: fix what it reports (gwtopo explain host-required), and remove it from this list\n'), r.stderr);
    } finally {
      removeTemp(root);
    }
  });

  test('an acceptance matching nothing is reported once the topology has no errors', async () => {
    const root = tempRepo(spec('acceptWarnings: [unmanaged-unused]\ngateways: []\n'));
    try {
      const r = await run(['generate'], root);
      assert.equal(r.code, 0);
      assert.deepEqual(problemLines(r.stderr), [`${F}:6:20: warning: spec.acceptWarnings[0]: accepts unmanaged-unused, but there is no unmanaged-unused warning to accept [accept-unused]`]);
    } finally {
      removeTemp(root);
    }
  });
});

describe('reporting', () => {
  test('all problems of all files are reported in one run, sorted by file and position', async () => {
    const root = tempRepo({
      'topologies/a/topology.yaml': `${HEAD.replace('name: c', 'name: a')}spec:\n  provider: nope\n  gateways: []\n`,
      'topologies/b/topology.yaml': `${HEAD.replace('name: c', 'name: b')}spec:\n  gateways:\n    - {name: g, direction: up, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 80}]}\n`,
    });
    try {
      const result = await run(['validate'], root);
      assert.equal(result.code, 2);
      // A schema error and a rule error in one file, and an error in another file, in one run.
      assert.deepEqual(
        problemLines(result.stderr).map((l) => /^[^ ]+ error: [^:]+/.exec(l)?.[0]),
        [
          'topologies/a/topology.yaml:6:13: error: spec.provider',
          'topologies/b/topology.yaml:7:28: error: spec.gateways[0].direction',
          'topologies/b/topology.yaml:7:84: error: spec.gateways[0].listeners[0].host',
        ],
      );
      assert.match(result.stderr, /gwtopo: 3 errors in 2 files\n$/);
    } finally {
      removeTemp(root);
    }
  });

  test('--format json carries every problem as data', async () => {
    const root = tempRepo(spec(`gateways:\n  - {name: g, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 80}]}\n`));
    try {
      const result = await run(['validate', '--format', 'json'], root);
      assert.equal(result.code, 2);
      assert.equal(result.stderr, '');
      const doc = JSON.parse(result.stdout) as { ok: boolean; exitCode: number; problems: Record<string, unknown>[] };
      assert.equal(doc.ok, false);
      assert.equal(doc.exitCode, 2);
      assert.deepEqual(doc.problems, [
        {
          severity: 'error',
          file: F,
          line: 7,
          col: 89,
          path: 'spec.gateways[0].listeners[0].host',
          message: 'required for listener "http" of gateway "g" (external, Service type LoadBalancer)',
          rule: 'host-required',
          hint: 'set host to the public DNS name clients use to reach this gateway, e.g. api.example.com (the record that points at its load balancer)',
        },
      ]);
    } finally {
      removeTemp(root);
    }
  });
});
