// Unit tests of the schema layer of validation (schema/schema.ts) and of gwtopo.yaml's validation
// (repository/config.ts): every kind of schema failure becomes a positioned, readable problem with the
// right hint. Topologies are parsed and validated in memory.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Reporter } from '../generator/diagnostics/position.js';
import { formatProblem, type Problem, sortProblems } from '../generator/diagnostics/problem.js';
import { parseTopology } from '../generator/parse/parse.js';
import type { ParsedTopology } from '../generator/parse/parsed.js';
import { validateTopology } from '../generator/pipeline/cluster.js';
import { validateConfig } from '../generator/repository/config.js';
import { loadSchema, topologySchema, validateSchema } from '../generator/schema/schema.js';

function parsed(text: string, file = 'topologies/c/topology.yaml'): ParsedTopology {
  const r = parseTopology({ cluster: 'c', file }, text);
  assert.ok(r.ok, JSON.stringify(r.problems));
  return r.topology;
}

/** `line:col: severity: path: message` and `  hint: …` lines, sorted like reports. */
function text(problems: Problem[]): string[] {
  return sortProblems(problems).flatMap((p) =>
    formatProblem(p)
      .replace(/^[^:]+:/, '')
      .split('\n'),
  );
}

const HEAD = 'apiVersion: gwtopo/v1alpha1\nkind: GatewayTopology\nmetadata:\n  name: c\nspec:\n';

/** Problems of a topology whose spec body is given (indented under `spec:`, from line 6). */
function topology(body: string): string[] {
  return text(validateTopology(parsed(`${HEAD}${body.replace(/^(?=.)/gm, '  ')}`)).problems);
}

/** A spec with one gateway whose fields are given as flow-map entries. */
function gateway(fields: string, listeners = '[{protocol: HTTP, port: 80, host: a.example.com}]'): string {
  return `gateways:\n  - {name: g, direction: ingress, networking: external, scope: dataplane, listeners: ${listeners}${fields === '' ? '' : `, ${fields}`}}\n`;
}

describe('schema: type errors', () => {
  test('a string expected: booleans and numbers get a quoting hint', () => {
    assert.deepEqual(topology('gatewayNamespace: true\ngateways: []\n'), [
      '6:21: error: spec.gatewayNamespace: must be a string, not the boolean true [schema]',
      '  hint: quote the value so YAML reads it as a string: "true"',
    ]);
    assert.deepEqual(topology('gatewayNamespace: 12\ngateways: []\n'), [
      '6:21: error: spec.gatewayNamespace: must be a string, not the number 12 [schema]',
      '  hint: quote the value so YAML reads it as a string: "12"',
    ]);
  });

  test('a whole number expected: a quoted number gets a hint, other strings do not', () => {
    assert.deepEqual(topology(gateway('', '[{protocol: HTTP, port: "8080", host: a.example.com}]')).slice(0, 2), [
      '7:112: error: spec.gateways[0].listeners[0].port: must be a whole number, not the string "8080" [schema]',
      '  hint: remove the quotes: 8080',
    ]);
    const notNumeric = topology(gateway('', '[{protocol: HTTP, port: "80a", host: a.example.com}]'));
    assert.deepEqual(notNumeric.slice(0, 1), ['7:112: error: spec.gateways[0].listeners[0].port: must be a whole number, not the string "80a" [schema]']);
    assert.ok(!notNumeric.some((l) => l.startsWith('  hint:')));
    assert.ok(!topology(gateway('', '[{protocol: HTTP, port: "", host: a.example.com}]')).some((l) => l.includes('remove the quotes')), 'an empty string is no number');
    assert.deepEqual(topology(gateway('', '[{protocol: HTTP, port: 80.5, host: a.example.com}]')).slice(0, 1), [
      '7:112: error: spec.gateways[0].listeners[0].port: must be a whole number, not the number 80.5 [schema]',
    ]);
  });

  test('true or false expected: YAML 1.1 booleans are strings here', () => {
    assert.deepEqual(topology(gateway('managed: yes')).slice(0, 2), [
      '7:148: error: spec.gateways[0].managed: must be true or false, not the string "yes" [schema]',
      '  hint: write true or false (YAML 1.2: yes/no/on/off are strings)',
    ]);
    assert.deepEqual(topology(gateway('managed: 1')).slice(0, 1), ['7:148: error: spec.gateways[0].managed: must be true or false, not the number 1 [schema]']);
    assert.ok(!topology(gateway('managed: 1')).some((l) => l.startsWith('  hint:')));
  });

  test('a missing value is described as empty, with a hint', () => {
    assert.deepEqual(topology('gatewayNamespace:\ngateways: []\n'), ['6:20: error: spec.gatewayNamespace: must be a string, not empty [schema]', '  hint: the value is missing after the colon']);
    assert.deepEqual(topology('dataPlane:\ngateways: []\n'), ['6:13: error: spec.dataPlane: must be a map, not empty [schema]', '  hint: the value is missing after the colon']);
  });

  test('maps and lists in the wrong place', () => {
    assert.deepEqual(topology('gateways: {}\n'), ['6:13: error: spec.gateways: must be a list, not a map [schema]']);
    assert.deepEqual(topology('dataPlane: []\ngateways: []\n'), ['6:14: error: spec.dataPlane: must be a map, not a list [schema]']);
    assert.deepEqual(topology('gatewayNamespace: [a]\ngateways: []\n'), ['6:21: error: spec.gatewayNamespace: must be a string, not a list [schema]']);
    assert.deepEqual(topology('gatewayNamespace: {a: b}\ngateways: []\n'), ['6:21: error: spec.gatewayNamespace: must be a string, not a map [schema]']);
  });
});

describe('schema: required fields', () => {
  const missing = (field: string): string[] => {
    const fields = {
      name: 'name: g',
      direction: 'direction: ingress',
      networking: 'networking: external',
      scope: 'scope: dataplane',
      listeners: 'listeners: [{protocol: HTTP, port: 80, host: a.example.com}]',
    };
    const rest = Object.entries(fields)
      .filter(([k]) => k !== field)
      .map(([, v]) => v)
      .join(', ');
    return topology(`gateways:\n  - {${rest}}\n`).filter((l) => l.includes('required field') || l.startsWith('  hint: add'));
  };

  test('a hint per field that says what to write', () => {
    assert.deepEqual(missing('direction'), ['7:7: error: spec.gateways[0].direction: required field is missing [schema]', '  hint: add direction: ingress or direction: egress']);
    assert.deepEqual(missing('networking'), ['7:7: error: spec.gateways[0].networking: required field is missing [schema]', '  hint: add networking: external or networking: internal']);
    assert.deepEqual(missing('scope'), [
      '7:7: error: spec.gateways[0].scope: required field is missing [schema]',
      '  hint: add scope: dataplane (shared) or scope: environment (dedicated, with environment: <name>)',
    ]);
    assert.deepEqual(missing('listeners'), [
      '7:7: error: spec.gateways[0].listeners: required field is missing [schema]',
      '  hint: add at least one listener, e.g. listeners: [{protocol: HTTP, port: 80, host: ...}]',
    ]);
    assert.deepEqual(missing('name'), ['7:7: error: spec.gateways[0].name: required field is missing [schema]', '  hint: add name: …']);
  });

  test('the document head', () => {
    const lines = text(validateTopology(parsed('spec:\n  gateways: []\n')).problems);
    assert.deepEqual(lines, [
      '1:1: error: apiVersion: required field is missing [schema]',
      '  hint: add apiVersion: gwtopo/v1alpha1',
      '1:1: error: kind: required field is missing [schema]',
      '  hint: add kind: GatewayTopology',
      '1:1: error: metadata: required field is missing [schema]',
      '  hint: add metadata: {name: <cluster>} (the folder name)',
    ]);
    assert.deepEqual(text(validateTopology(parsed('apiVersion: gwtopo/v1alpha1\nkind: GatewayTopology\nmetadata: {name: c}\nspec: {}\n')).problems), [
      '4:7: error: spec.gateways: required field is missing [schema]',
      '  hint: add gateways: …',
    ]);
  });
});

describe('schema: values', () => {
  test('enum: the allowed values, the value got, and a suggestion only when one is close', () => {
    assert.deepEqual(topology('module: istoi\ngateways: []\n'), [
      '6:11: error: spec.module: must be one of: kgateway, envoy-gateway, nginx-gateway-fabric, istio, cilium, traefik, kong (got the string "istoi") [schema]',
      '  hint: did you mean "istio"?',
    ]);
    assert.deepEqual(topology('module: haproxy\ngateways: []\n'), [
      '6:11: error: spec.module: must be one of: kgateway, envoy-gateway, nginx-gateway-fabric, istio, cilium, traefik, kong (got the string "haproxy") [schema]',
    ]);
    assert.deepEqual(topology('provider: 3\ngateways: []\n'), [
      '6:13: error: spec.provider: must be one of: generic, k3d, aws, aws-lbc, gcp, azure, oci, digitalocean, ibm, alibaba, openstack (got the number 3) [schema]',
    ]);
  });

  test('const: the value required and the value got', () => {
    assert.deepEqual(text(validateTopology(parsed(`${HEAD.replace('GatewayTopology', 'Topology')}  gateways: []\n`)).problems), [
      '2:7: error: kind: must be "GatewayTopology" (got the string "Topology") [schema]',
    ]);
    assert.deepEqual(text(validateTopology(parsed(`${HEAD.replace('gwtopo/v1alpha1', '1')}  gateways: []\n`)).problems), [
      '1:13: error: apiVersion: must be "gwtopo/v1alpha1" (got the number 1) [schema]',
    ]);
  });

  test('pattern: the schema message and the value got', () => {
    assert.deepEqual(topology('gatewayNamespace: Gw\ngateways: []\n'), [
      `6:21: error: spec.gatewayNamespace: must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit (got "Gw") [schema]`,
    ]);
  });

  test('lengths, bounds and list sizes', () => {
    assert.deepEqual(topology('gatewayNamespace: ""\ngateways: []\n'), [
      `6:21: error: spec.gatewayNamespace: must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit (got "") [schema]`,
      '6:21: error: spec.gatewayNamespace: must not be empty [schema]',
    ]);
    assert.deepEqual(topology(`gatewayNamespace: ${'a'.repeat(64)}\ngateways: []\n`), ['6:21: error: spec.gatewayNamespace: must be at most 63 characters long (it has 64) [schema]']);
    assert.deepEqual(topology(gateway('', '[{protocol: HTTP, port: 0, host: a.example.com}]')).slice(0, 1), ['7:112: error: spec.gateways[0].listeners[0].port: must be at least 1 (got 0) [schema]']);
    assert.deepEqual(topology(gateway('', '[]')), ['7:88: error: spec.gateways[0].listeners: must have at least 1 item [schema]']);
    const many = `[${Array.from({ length: 65 }, (_, i) => `{protocol: HTTP, name: l${i}, port: ${1000 + i}, host: a.example.com}`).join(', ')}]`;
    assert.deepEqual(
      topology(gateway('', many)).filter((l) => l.includes('at most')),
      ['7:88: error: spec.gateways[0].listeners: must have at most 64 items (it has 65) [schema]'],
    );
  });

  test('keys of Service labels and annotations: pattern and length, at the key', () => {
    assert.deepEqual(topology(gateway('service: {labels: {"-bad": x}}')), [
      "7:158: error: spec.gateways[0].service.labels[\"-bad\"]: key must be a Kubernetes key: an optional DNS-subdomain prefix (under 253 characters) and '/', then a name of up to 63 letters, digits, '-', '_' or '.' [schema]",
    ]);
    const long = `a.${'b'.repeat(320)}/c`;
    assert.deepEqual(
      topology(gateway(`service: {annotations: {${long}: x}}`)).filter((l) => l.includes('at most 317')),
      [`7:163: error: spec.gateways[0].service.annotations["${long.slice(0, 60)}…"]: key must be at most 317 characters long (it has 324) [schema]`],
    );
  });

  test('unknown fields: a suggestion when close, else the fields allowed there', () => {
    assert.deepEqual(topology('gateways: []\nprovidr: aws\n'), ['7:3: error: spec.providr: unknown field [schema]', '  hint: did you mean "provider"?']);
    assert.deepEqual(topology('gateways: []\nfoo: 1\n'), [
      '7:3: error: spec.foo: unknown field [schema]',
      '  hint: allowed fields here: acceptWarnings, chart, controlPlane, crds, dataPlane, destination, environments, envoyGateway, gatewayClasses, gatewayNamespace, gateways, k3d, module, profiles, provider',
    ]);
  });

  test('a bad key in each of two maps: each reported once', () => {
    const lines = topology(gateway('service: {labels: {"-a": x}, annotations: {"-c": y}}'));
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.deepEqual(
      lines.map((l) => l.split(': key must')[0]),
      ['7:158: error: spec.gateways[0].service.labels["-a"]', '7:182: error: spec.gateways[0].service.annotations["-c"]'],
    );
  });
});

describe('schema: several problems and odd keys', () => {
  test('every schema problem of a document is reported, not only the first', () => {
    assert.deepEqual(topology('gatewayNamespace: 5\nprovider: mars\ngateways: []\n'), [
      '6:21: error: spec.gatewayNamespace: must be a string, not the number 5 [schema]',
      '  hint: quote the value so YAML reads it as a string: "5"',
      '7:13: error: spec.provider: must be one of: generic, k3d, aws, aws-lbc, gcp, azure, oci, digitalocean, ibm, alibaba, openstack (got the string "mars") [schema]',
    ]);
  });

  test('keys holding ~ and / are found again from the schema error', () => {
    const body = gateway('service: {annotations: {"example.com/a": 5, "b~c": 6}}');
    assert.deepEqual(
      topology(body).filter((l) => l.includes('must be a string')),
      [
        '7:180: error: spec.gateways[0].service.annotations["example.com/a"]: must be a string, not the number 5 [schema]',
        '7:190: error: spec.gateways[0].service.annotations["b~c"]: must be a string, not the number 6 [schema]',
      ],
    );
  });

  test('keys that end or start with digits are keys, not list indexes', () => {
    assert.deepEqual(
      topology(gateway('service: {labels: {app1: 5, 1a: 6}}')).filter((l) => l.includes('must be a string')),
      [
        '7:164: error: spec.gateways[0].service.labels.app1: must be a string, not the number 5 [schema]',
        '7:171: error: spec.gateways[0].service.labels["1a"]: must be a string, not the number 6 [schema]',
      ],
    );
  });

  test('hints about quotes only for a whole number written as a string', () => {
    const hints = (body: string) => topology(body).filter((l) => l.startsWith('  hint:'));
    assert.deepEqual(hints('dataPlane: "80"\ngateways: []\n'), [], 'a map expected');
    assert.deepEqual(hints(gateway('', '[{protocol: HTTP, port: [80], host: a.example.com}]')), [], 'a list is no quoted number');
    assert.deepEqual(hints(gateway('', '[{protocol: HTTP, port: "a80", host: a.example.com}]')), []);
    assert.deepEqual(hints(gateway('', '[{protocol: HTTP, port: "080", host: a.example.com}]')), ['  hint: remove the quotes: 080']);
  });

  test('validateSchema says whether the document holds', () => {
    const good = parsed(`${HEAD}  gateways: []\n`);
    assert.equal(validateSchema(good, new Reporter(good)), true);
    const bad = parsed(`${HEAD}  gateways: {}\n`);
    const r = new Reporter(bad);
    assert.equal(validateSchema(bad, r), false);
    assert.equal(r.problems.length, 1);
    const cfg = parsed('apiVersion: gwtopo/v1alpha1\nkind: Repository\nspec: {}\n', 'gwtopo.yaml');
    assert.equal(validateSchema(cfg, new Reporter(cfg), 'gwtopo'), true);
    assert.equal(validateSchema(cfg, new Reporter(cfg)), false, 'not a topology');
  });
});

describe('schema: the rule id', () => {
  test('every schema problem carries the rule id "schema"', () => {
    const inputs = [
      'gatewayNamespace: true\ngateways: []\n', // type
      'gateways: []\nfoo: 1\n', // additionalProperties
      'gateways:\n  - {name: g}\n', // required
      'module: istoi\ngateways: []\n', // enum
      'gatewayNamespace: Gw\ngateways: []\n', // pattern
      'gatewayNamespace: ""\ngateways: []\n', // minLength
      `gatewayNamespace: ${'a'.repeat(64)}\ngateways: []\n`, // maxLength
      gateway('', '[{protocol: HTTP, port: 0, host: a.example.com}]'), // minimum
      gateway('', '[{protocol: HTTP, port: 70000, host: a.example.com}]'), // maximum
      gateway('', '[]'), // minItems
      `${gateway('', `[${Array.from({ length: 65 }, (_, i) => `{protocol: HTTP, name: l${i}, port: ${1000 + i}, host: a.example.com}`).join(', ')}]`)}`, // maxItems
      gateway('service: {labels: {"-bad": x}}'), // propertyNames
    ];
    for (const body of inputs) {
      const problems = validateTopology(parsed(`${HEAD}${body.replace(/^(?=.)/gm, '  ')}`)).problems.filter(
        (p) => p.severity === 'error' && !['listener-protocol', 'unique-listener-names'].includes(p.rule),
      );
      assert.ok(problems.length > 0, body);
      assert.deepEqual([...new Set(problems.map((p) => p.rule))], ['schema'], body);
    }
    assert.deepEqual(
      validateTopology(parsed(`${HEAD.replace('GatewayTopology', 'X')}  gateways: []\n`)).problems.map((p) => p.rule),
      ['schema'],
      'const',
    );
    assert.deepEqual(
      config('engines: [flux, flux]\nrepository: {url: "https://x/r.git"}\n').problems.map((p) => p.rule),
      ['schema'],
      'uniqueItems',
    );
  });

  test('rules of gwtopo.yaml carry the rule id "config"', () => {
    assert.deepEqual(
      config('engines: [flux]\nargocd: {controlPlane: {name: a, server: "https://b"}}\n').problems.map((p) => p.rule),
      ['config', 'config', 'config'],
    );
  });
});

describe('schemas', () => {
  test('both schemas load, and topologySchema is the topology one', () => {
    assert.equal(topologySchema().title, 'gwtopo GatewayTopology (gwtopo/v1alpha1)');
    assert.equal(loadSchema('gwtopo').title, 'gwtopo repository configuration (gwtopo/v1alpha1)');
  });
});

const CONFIG_HEAD = 'apiVersion: gwtopo/v1alpha1\nkind: Repository\n';

function config(spec: string): ReturnType<typeof validateConfig> {
  return validateConfig(parsed(`${CONFIG_HEAD}spec:\n${spec.replace(/^(?=.)/gm, '  ')}`, 'gwtopo.yaml'));
}

describe('gwtopo.yaml', () => {
  test('defaults for everything not set', () => {
    assert.deepEqual(config('engines: []\n'), {
      problems: [],
      acceptances: [],
      config: {
        source: 'gwtopo.yaml',
        engines: [],
        argocd: { namespace: 'argocd', project: 'default', controlPlane: { server: 'https://kubernetes.default.svc' }, ordering: 'independent' },
        flux: { namespace: 'flux-system', sourceName: 'gwtopo', interval: '10m' },
      },
    });
  });

  test('every setting is read; engines are sorted', () => {
    const r = config(
      'repository: {url: "https://example.com/r.git", revision: release}\nengines: [flux, argocd]\nargocd: {namespace: argo, project: p, controlPlane: {name: cp}, ordering: progressive}\nflux: {namespace: fx, sourceName: src, interval: 1h30m}\n',
    );
    assert.deepEqual(r, {
      problems: [],
      acceptances: [],
      config: {
        source: 'gwtopo.yaml',
        engines: ['argocd', 'flux'],
        repository: { url: 'https://example.com/r.git', revision: 'release' },
        argocd: { namespace: 'argo', project: 'p', controlPlane: { name: 'cp' }, ordering: 'progressive' },
        flux: { namespace: 'fx', sourceName: 'src', interval: '1h30m' },
      },
    });
  });

  test('the revision defaults to main; the server is kept when no name is given', () => {
    const r = config('repository: {url: "git@example.com:r.git"}\nengines: [argocd]\nargocd: {controlPlane: {server: "https://cp.example.com"}}\n');
    assert.deepEqual(r.config?.repository, { url: 'git@example.com:r.git', revision: 'main' });
    assert.deepEqual(r.config?.argocd.controlPlane, { server: 'https://cp.example.com' });
  });

  test('an enabled engine needs the repository', () => {
    const r = config('engines: [flux, argocd]\n');
    assert.equal(r.config, undefined);
    assert.deepEqual(text(r.problems), [
      '4:3: error: spec.repository: required when engines are enabled (flux, argocd) [config]',
      '  hint: add repository: {url: <clone URL of this repository>, revision: main}',
    ]);
  });

  test('settings of an engine that is not enabled are refused, at the key', () => {
    const r = config('repository: {url: "https://example.com/r.git"}\nengines: [flux]\nargocd: {project: p}\nflux: {interval: 5m}\n');
    assert.equal(r.config, undefined);
    assert.deepEqual(text(r.problems), ['6:3: error: spec.argocd: settings for argocd, which spec.engines does not enable [config]', '  hint: add argocd to spec.engines, or remove spec.argocd']);
    assert.deepEqual(text(config('argocd: {}\nflux: {}\n').problems), [
      '4:3: error: spec.argocd: settings for argocd, which spec.engines does not enable [config]',
      '  hint: add argocd to spec.engines, or remove spec.argocd',
      '5:3: error: spec.flux: settings for flux, which spec.engines does not enable [config]',
      '  hint: add flux to spec.engines, or remove spec.flux',
    ]);
  });

  test('a control plane has a name or a server, not both', () => {
    const r = config('repository: {url: "https://example.com/r.git"}\nengines: [argocd]\nargocd:\n  controlPlane: {name: cp, server: "https://cp.example.com"}\n');
    assert.equal(r.config, undefined);
    assert.deepEqual(text(r.problems), ['7:5: error: spec.argocd.controlPlane: give name or server, not both [config]', '  hint: Argo CD addresses a destination cluster by one of them']);
  });

  test('schema problems come with the rules, and nothing breaks on odd shapes', () => {
    assert.deepEqual(text(config('engines: [argocd, argocd]\n').problems), [
      '4:3: error: spec.repository: required when engines are enabled (argocd, argocd) [config]',
      '  hint: add repository: {url: <clone URL of this repository>, revision: main}',
      '4:12: error: spec.engines: must not list the same value twice (items 0 and 1) [schema]',
    ]);
    assert.deepEqual(text(config('engines: argocd\nargocd: {}\n').problems), [
      '4:12: error: spec.engines: must be a list, not the string "argocd" [schema]',
      '5:3: error: spec.argocd: settings for argocd, which spec.engines does not enable [config]',
      '  hint: add argocd to spec.engines, or remove spec.argocd',
    ]);
    assert.deepEqual(text(validateConfig(parsed(`${CONFIG_HEAD}spec:\n`, 'gwtopo.yaml')).problems), [
      '3:6: error: spec: must be a map, not empty [schema]',
      '  hint: the value is missing after the colon',
    ]);
    assert.deepEqual(text(validateConfig(parsed(`${CONFIG_HEAD}spec: [1]\n`, 'gwtopo.yaml')).problems), ['3:7: error: spec: must be a map, not a list [schema]']);
    assert.deepEqual(text(config('engines: [argocd]\nrepository: {url: "https://x/r.git"}\nargocd: {controlPlane: null}\n').problems), [
      '6:26: error: spec.argocd.controlPlane: must be a map, not empty [schema]',
      '  hint: the value is missing after the colon',
    ]);
    assert.deepEqual(text(config('engines: [argocd, 3]\nrepository: {url: "https://x/r.git"}\n').problems), ['4:21: error: spec.engines[1]: must be one of: argocd, flux (got the number 3) [schema]']);
  });

  test('invalid engines are left out of the message about the repository', () => {
    assert.deepEqual(text(config('engines: [nope, flux]\n').problems), [
      '4:3: error: spec.repository: required when engines are enabled (flux) [config]',
      '  hint: add repository: {url: <clone URL of this repository>, revision: main}',
      '4:13: error: spec.engines[0]: must be one of: argocd, flux (got the string "nope") [schema]',
    ]);
  });

  test('the Flux source name must fit a file name: <name>.gitrepository.yaml of at most 255 bytes', () => {
    const withName = (n: number) => config(`repository: {url: "https://x/r.git"}\nengines: [flux]\nflux: {sourceName: ${'s'.repeat(n)}}\n`);
    assert.equal(withName(236).config?.flux.sourceName, 's'.repeat(236));
    const r = withName(237);
    assert.equal(r.config, undefined);
    assert.deepEqual(text(r.problems), [
      `6:22: error: spec.flux.sourceName: too long: its file ${'s'.repeat(20)}….gitrepository.yaml would exceed the 255 bytes of a file name [config]`,
      '  hint: use a shorter name',
    ]);
    assert.deepEqual(
      r.problems.map((p) => p.rule),
      ['config'],
    );
  });

  test('a source name that is not a string is only a schema problem', () => {
    const r = config(`flux: {sourceName: [${Array.from({ length: 300 }, () => 'x').join(', ')}]}\n`);
    assert.deepEqual(
      r.problems.map((p) => [p.rule, p.path, p.message.slice(0, 20)]),
      [
        ['schema', 'spec.flux.sourceName', 'must be a string, no'],
        ['config', 'spec.flux', 'settings for flux, w'],
      ],
    );
  });

  test('a repository without engines is kept', () => {
    assert.deepEqual(config('repository: {url: "ssh://git@example.com/r.git"}\n').config?.repository, { url: 'ssh://git@example.com/r.git', revision: 'main' });
  });
});
