// `gwtopo conform`: any Kubernetes YAML against a schema set — files, folders, standard input, multi-document
// streams, List kinds, kustomize output; `file:line:col: error: <kind>/<name>: <path>: <message>` at the
// offending field; kinds without a schema counted as not checked (--strict: errors); exit 0 or 2; never a
// stack trace, whatever the input.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { MAX_MANIFEST_BYTES, splitManifests } from '../generator/parse/manifests.js';
import { crd, crdList } from './crd.js';
import { problemLines, REPO_ROOT, removeTemp, run, spawnCli, tempRepo, which, yaml } from './helpers.js';

const GATEWAY = yaml`
  apiVersion: gateway.networking.k8s.io/v1
  kind: Gateway
  metadata:
    name: edge
    namespace: gateways
  spec:
    gatewayClassName: kgateway
    listeners:
      - name: http
        port: 80
        protocol: HTTP
`;

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n';

const NO_STACK = /\n\s+at [^\n]+:\d+:\d+/;

describe('gwtopo conform: inputs', () => {
  test('a folder: *.yaml and *.yml recursively, without kustomization files, hidden folders and node_modules', async () => {
    const root = tempRepo({
      'm/a.yaml': GATEWAY,
      'm/sub/b.yml': GATEWAY.replace('name: edge', 'name: edge2'),
      'm/kustomization.yaml': 'resources: [a.yaml]\n',
      'm/.git/x.yaml': 'not: [valid\n',
      'm/node_modules/y.yaml': 'not: [valid\n',
      'm/notes.txt': 'not yaml',
    });
    try {
      const r = await run(['conform', 'm'], root);
      assert.deepEqual([r.code, r.stdout, r.stderr], [0, 'gwtopo: conform: 2 resources in 2 files against openchoreo-v1.2: 2 valid, 0 invalid, 0 not checked\n', '']);
    } finally {
      removeTemp(root);
    }
  });

  test('crd-invalid: the offending field of each object of a multi-document stream and of a List, at its line', async () => {
    const list = yaml`
      apiVersion: v1
      kind: List
      items:
        - apiVersion: gateway.networking.k8s.io/v1
          kind: Gateway
          metadata: {name: listed, namespace: gateways}
          spec:
            gatewayClassName: kgateway
            listeners:
              - {name: http, port: 80, protocol: HTTP, portt: 1}
    `;
    const root = tempRepo({ 'all.yaml': `${GATEWAY}---\n${GATEWAY.replace('port: 80', 'port: "80"').replace('name: edge', 'name: second')}---\n${list}` });
    try {
      const r = await run(['conform', 'all.yaml'], root);
      assert.equal(r.code, 2);
      assert.deepEqual(problemLines(r.stderr), [
        'all.yaml:22:7: error: Gateway/second: spec.listeners[0].port: Invalid value: "string": must be of type integer [crd-invalid]',
        'all.yaml:34:50: error: Gateway/listed: spec.listeners[0].portt: unknown field "spec.listeners[0].portt" [crd-invalid]',
      ]);
      assert.match(r.stderr, /\ngwtopo: conform: 3 resources in 1 file against openchoreo-v1\.2: 1 valid, 2 invalid, 0 not checked\n$/);
    } finally {
      removeTemp(root);
    }
  });

  test('a missing required field points at its parent; a CEL rule reports its message where its fieldPath says', async () => {
    const root = tempRepo({
      'required.yaml': GATEWAY.replace('  gatewayClassName: kgateway\n', ''),
      'cel.yaml': GATEWAY.replace('    - name: http\n', '    - name: web\n      port: 81\n      protocol: HTTP\n    - name: web\n'),
    });
    try {
      const r = await run(['conform', 'required.yaml', 'cel.yaml'], root);
      assert.equal(r.code, 2);
      assert.deepEqual(problemLines(r.stderr), [
        'cel.yaml:8:3: error: Gateway/edge: spec.listeners: Listener name must be unique within the Gateway [crd-invalid]',
        'cel.yaml:12:7: error: Gateway/edge: spec.listeners[1]: Duplicate value: {"name":"web"} [crd-invalid]',
        'required.yaml:6:1: error: Gateway/edge: spec.gatewayClassName: Required value [crd-invalid]',
      ]);
    } finally {
      removeTemp(root);
    }
  });

  test('standard input (-), through the real executable', () => {
    const root = tempRepo();
    try {
      const ok = spawnCli(['conform', '-'], root, {}, GATEWAY);
      assert.deepEqual([ok.code, ok.stdout], [0, 'gwtopo: conform: 1 resource in 1 file against openchoreo-v1.2: 1 valid, 0 invalid, 0 not checked\n']);
      const bad = spawnCli(['conform', '-'], root, {}, GATEWAY.replace('      protocol: HTTP', '      protocol: HTTP\n      hostname: "Not A Host"'));
      assert.equal(bad.code, 2);
      assert.match(problemLines(bad.stderr)[0]!, /^<stdin>:12:7: error: Gateway\/edge: spec\.listeners\[0\]\.hostname: Invalid value: "Not A Host": /);
    } finally {
      removeTemp(root);
    }
  });

  test('kubectl kustomize output of the committed overlays conforms', { skip: which('kubectl') ? false : 'kubectl is not on PATH' }, () => {
    const stream = execFileSync('kubectl', ['kustomize', join(REPO_ROOT, 'overlays', 'aws-prod', 'data-plane')], { encoding: 'utf8' });
    const r = spawnCli(['conform', '-'], REPO_ROOT, {}, stream);
    assert.deepEqual([r.code, r.stderr], [0, '']);
    assert.match(r.stdout, /^gwtopo: conform: \d+ resources in 1 file against openchoreo-v1\.2: (\d+) valid, 0 invalid, 0 not checked\n$/);
  });

  test('the committed overlays conform against both shipped sets (control-plane partials by their server-side-apply annotations)', async () => {
    for (const set of ['openchoreo-v1.1', 'openchoreo-v1.2']) {
      const r = await run(['conform', 'overlays', '--crds', set, '--strict'], REPO_ROOT);
      assert.deepEqual([r.code, r.stderr], [0, ''], set);
    }
  });
});

describe('gwtopo conform: read as kubectl reads it', () => {
  test('empty, comment-only and null documents are skipped and not counted (helm template, a trailing ---)', async () => {
    const helm = `---\n# Source: chart/templates/gateway.yaml\n${GATEWAY}---\n# Source: chart/templates/empty.yaml\n---\nnull\n---\n~\n---\n# the end\n`;
    const root = tempRepo({ 'helm.yaml': helm, 'bad.yaml': `---\n# Source: x\n---\n${GATEWAY.replace('port: 80', 'port: 0')}---\n` });
    try {
      const ok = await run(['conform', 'helm.yaml'], root);
      assert.deepEqual([ok.code, ok.stdout, ok.stderr], [0, 'gwtopo: conform: 1 resource in 1 file against openchoreo-v1.2: 1 valid, 0 invalid, 0 not checked\n', '']);
      const bad = await run(['conform', 'bad.yaml'], root);
      assert.equal(bad.code, 2);
      assert.deepEqual(problemLines(bad.stderr), ['bad.yaml:13:7: error: Gateway/edge: spec.listeners[0].port: Invalid value: 0: should be greater than or equal to 1 [crd-invalid]']);
      assert.match(bad.stderr, /\ngwtopo: conform: 1 resource in 1 file /);
    } finally {
      removeTemp(root);
    }
  });

  test('plain scalars as go-yaml v2 resolves them: e1 and 12:30 are text, 0x50 is 80; a name that is not a string is shown', async () => {
    const e1 = GATEWAY.replace('name: edge', 'name: e1').replace('gatewayClassName: kgateway', 'gatewayClassName: e1').replace('port: 80', 'port: 0x50');
    const clock = GATEWAY.replace('name: edge', 'name: 12').replace('port: 80', 'port: 1:20');
    const root = tempRepo({ 'e1.yaml': e1, 'clock.yaml': clock });
    try {
      const ok = await run(['conform', 'e1.yaml'], root);
      assert.deepEqual([ok.code, ok.stderr], [0, '']);
      const bad = await run(['conform', 'clock.yaml'], root);
      assert.equal(bad.code, 2);
      assert.deepEqual(problemLines(bad.stderr), [
        'clock.yaml:4:3: error: Gateway/12: metadata.name: Invalid value: "integer": must be of type string [crd-invalid]',
        'clock.yaml:4:3: error: Gateway/12: metadata.name: Required value: name or generateName is required [crd-invalid]',
        'clock.yaml:10:7: error: Gateway/12: spec.listeners[0].port: Invalid value: "string": must be of type integer [crd-invalid]',
      ]);
    } finally {
      removeTemp(root);
    }
  });

  test('UTF-16 with a byte-order mark is read (as kubectl reads it); without one, and UTF-32, are named', async () => {
    const root = tempRepo();
    const utf16 = (text: string) => Buffer.from(text, 'utf16le');
    writeFileSync(join(root, 'bom.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), utf16(GATEWAY.replace('port: 80', 'port: 0'))]));
    writeFileSync(join(root, 'plain16.yaml'), utf16(GATEWAY));
    const utf32 = Buffer.alloc((GATEWAY.length + 1) * 4);
    utf32.writeUInt32LE(0xfeff, 0);
    [...GATEWAY].forEach((c, i) => {
      utf32.writeUInt32LE(c.codePointAt(0)!, (i + 1) * 4);
    });
    writeFileSync(join(root, 'wide32.yaml'), utf32);
    try {
      const r = await run(['conform', 'bom.yaml', 'plain16.yaml', 'wide32.yaml'], root);
      assert.equal(r.code, 2);
      assert.deepEqual(problemLines(r.stderr), [
        'bom.yaml:10:7: error: Gateway/edge: spec.listeners[0].port: Invalid value: 0: should be greater than or equal to 1 [crd-invalid]',
        'plain16.yaml:1:1: error: is encoded as UTF-16 (little-endian, without a byte-order mark); gwtopo conform reads UTF-8, and UTF-16 with a byte-order mark (as kubectl does) [conform-input]',
        'wide32.yaml:1:1: error: is encoded as UTF-32 (little-endian, with a byte-order mark); gwtopo conform reads UTF-8, and UTF-16 with a byte-order mark (as kubectl does) [conform-input]',
      ]);
      assert.match(r.stderr, /\n {2}hint: convert it to UTF-8, e\.g\. iconv -f UTF-16LE -t UTF-8 plain16\.yaml > plain16\.yaml\.utf8\n/);
    } finally {
      removeTemp(root);
    }
  });

  test('a duplicate key names the line of its first occurrence', async () => {
    const root = tempRepo({ 'dup.yaml': `${SERVICE}---\n${GATEWAY.replace('  namespace: gateways\n', '  namespace: gateways\n  name: again\n')}` });
    try {
      const r = await run(['conform', 'dup.yaml'], root);
      assert.equal(r.code, 2);
      assert.deepEqual(problemLines(r.stderr), ['dup.yaml:11:3: error: duplicate key "name" (first on line 9) [conform-input]']);
      assert.match(r.stderr, /\n {2}hint: a key may appear only once in a map; remove or merge the repeated entry\n/);
    } finally {
      removeTemp(root);
    }
  });
});

describe('gwtopo conform: kinds without a schema', () => {
  test('are counted and listed as not checked; --strict makes them crd-missing errors; a version the CRD does not serve is always one', async () => {
    const root = tempRepo({ 'mixed.yaml': `${SERVICE}---\n${GATEWAY}---\n${SERVICE.replace('web', 'api')}`, 'old.yaml': GATEWAY.replace('/v1\n', '/v1alpha9\n') });
    try {
      const lenient = await run(['conform', 'mixed.yaml'], root);
      assert.deepEqual([lenient.code, lenient.stderr], [0, '']);
      assert.equal(
        lenient.stdout,
        'gwtopo: conform: 3 resources in 1 file against openchoreo-v1.2: 1 valid, 0 invalid, 2 not checked (no schema in the set: Service v1 ×2; --strict makes them errors)\n',
      );
      const strict = await run(['conform', 'mixed.yaml', '--strict'], root);
      assert.equal(strict.code, 2);
      assert.deepEqual(problemLines(strict.stderr), [
        'mixed.yaml:1:1: error: Service/web: schema set openchoreo-v1.2 has no CustomResourceDefinition for core/v1, Kind=Service (--strict) [crd-missing]',
        'mixed.yaml:18:1: error: Service/api: schema set openchoreo-v1.2 has no CustomResourceDefinition for core/v1, Kind=Service (--strict) [crd-missing]',
      ]);
      const old = await run(['conform', 'old.yaml'], root);
      assert.equal(old.code, 2);
      assert.deepEqual(problemLines(old.stderr), [
        'old.yaml:1:1: error: Gateway/edge: apiVersion: gateway.networking.k8s.io/v1alpha9, Kind=Gateway: v1alpha9 is not a version of the CustomResourceDefinition gateways.gateway.networking.k8s.io in schema set openchoreo-v1.2 (served: v1, v1beta1) [crd-missing]',
      ]);
    } finally {
      removeTemp(root);
    }
  });
});

describe('gwtopo conform: --field-validation', () => {
  test('Strict refuses an unknown field, Warn drops it with a warning, Ignore drops it; a wrong value stays an error', async () => {
    const unknown = GATEWAY.replace('gatewayClassName:', 'colour: blue\n  gatewayClassName:');
    const root = tempRepo({ 'gw.yaml': unknown, 'bad.yaml': unknown.replace('port: 80', 'port: 0') });
    const strict = await run(['conform', 'gw.yaml'], root);
    assert.equal(strict.code, 2);
    assert.match(strict.stderr, /error: Gateway\/edge: spec\.colour: unknown field "spec\.colour" \[crd-invalid\]/);
    const warn = await run(['conform', '--field-validation', 'Warn', 'gw.yaml'], root);
    assert.equal(warn.code, 0, warn.stderr);
    assert.match(warn.stderr, /warning: Gateway\/edge: spec\.colour: unknown field "spec\.colour": the API server drops it \(fieldValidation=Warn\) \[crd-unknown-field\]/);
    const ignore = await run(['conform', '--field-validation', 'Ignore', 'gw.yaml'], root);
    assert.equal(ignore.code, 0, ignore.stderr);
    assert.doesNotMatch(ignore.stderr, /colour/);
    assert.equal((await run(['conform', '--field-validation', 'Warn', 'bad.yaml'], root)).code, 2, 'a wrong value is still refused');
    // kubectl's --validate spellings (cmdutil.GetValidationDirective): true → Strict, false → Ignore, lower case.
    assert.equal((await run(['conform', '--field-validation', 'true', 'gw.yaml'], root)).code, 2, 'true is Strict');
    const off = await run(['conform', '--field-validation', 'false', 'gw.yaml'], root);
    assert.equal(off.code, 0, off.stderr);
    assert.doesNotMatch(off.stderr, /colour/, 'false is Ignore');
    const lower = await run(['conform', '--field-validation', 'warn', 'gw.yaml'], root);
    assert.equal(lower.code, 0, lower.stderr);
    assert.match(lower.stderr, /\[crd-unknown-field\]/, 'warn is Warn');
    const usage = await run(['conform', '--field-validation', 'loose', 'gw.yaml'], root);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--field-validation must be one of: Strict, Warn, Ignore \(got "loose"\)/);
  });
});

describe('gwtopo conform: --crds', () => {
  test('a path: the CRDs a cluster runs (a kubectl get crd -o yaml List); a rule it cannot compile is a warning', async () => {
    const gateway = crd({
      group: 'gateway.networking.k8s.io',
      kind: 'Gateway',
      version: 'v1',
      spec: {
        type: 'object',
        properties: {
          gatewayClassName: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self.frobnicate()', message: 'frobnicated' }] },
          listeners: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      },
    });
    const root = tempRepo({ 'crds/cluster.yaml': crdList([gateway]), 'gw.yaml': GATEWAY });
    try {
      const r = await run(['conform', 'gw.yaml', '--crds', 'crds/cluster.yaml'], root);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(problemLines(r.stderr), [
        'gw.yaml:7:3: warning: Gateway/edge: spec.gatewayClassName: rule not checked: the function frobnicate is not available offline (rule: self.frobnicate()) [crd-not-checked]',
      ]);
      assert.equal(r.stdout, 'gwtopo: conform: 1 resource in 1 file against crds/cluster.yaml: 1 valid, 0 invalid, 0 not checked\n');
    } finally {
      removeTemp(root);
    }
  });

  test('an unknown set or a missing path is an error before anything is read', async () => {
    const root = tempRepo({ 'gw.yaml': GATEWAY });
    try {
      const typo = await run(['conform', 'gw.yaml', '--crds', 'openchoreo-1.2'], root);
      assert.deepEqual([typo.code, typo.stdout], [2, '']);
      assert.equal(
        typo.stderr,
        'gwtopo: error: --crds: unknown schema set "openchoreo-1.2": not a builtin set (openchoreo-v1.1, openchoreo-v1.2), and no file or folder of that name [schema-set]\n  hint: did you mean "openchoreo-v1.2"?\ngwtopo: conform: 0 resources in 0 files against openchoreo-1.2: 0 valid, 0 invalid, 0 not checked\n',
      );
      const missing = await run(['conform', 'gw.yaml', '--crds', 'crds/none.yaml'], root);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /^gwtopo: error: --crds: no file or folder crds\/none\.yaml \[schema-set\]\n/);
    } finally {
      removeTemp(root);
    }
  });
});

describe('gwtopo conform: formats', () => {
  test('--format json: the summary and every problem as data, with the object it is in', async () => {
    const root = tempRepo({ 'gw.yaml': `${GATEWAY.replace('port: 80', 'port: 0')}---\n${SERVICE}` });
    try {
      const r = await run(['conform', 'gw.yaml', '--format', 'json'], root);
      assert.deepEqual([r.code, r.stderr], [2, '']);
      assert.deepEqual(JSON.parse(r.stdout), {
        command: 'conform',
        ok: false,
        exitCode: 2,
        clusters: [],
        problems: [
          {
            severity: 'error',
            file: 'gw.yaml',
            line: 10,
            col: 7,
            path: 'spec.listeners[0].port',
            rule: 'crd-invalid',
            message: 'Invalid value: 0: should be greater than or equal to 1',
            resource: 'Gateway/edge',
          },
        ],
        accepted: [],
        set: 'openchoreo-v1.2',
        files: 1,
        resources: 2,
        invalid: 1,
        notChecked: [{ apiVersion: 'v1', kind: 'Service', count: 1 }],
      });
    } finally {
      removeTemp(root);
    }
  });

  test('--format github: one annotation per problem, then the summary line', async () => {
    const root = tempRepo({ 'gw.yaml': GATEWAY.replace('port: 80', 'port: 0') });
    try {
      const r = await run(['conform', 'gw.yaml', '--format', 'github'], root);
      assert.equal(r.code, 2);
      assert.equal(
        r.stdout,
        '::error file=gw.yaml,line=10,col=7,title=gwtopo crd-invalid::Gateway/edge: spec.listeners[0].port: Invalid value: 0: should be greater than or equal to 1\n' +
          'gwtopo: conform: 1 resource in 1 file against openchoreo-v1.2: 0 valid, 1 invalid, 0 not checked\n',
      );
    } finally {
      removeTemp(root);
    }
  });
});

describe('gwtopo conform: CI formats', () => {
  test('--format gitlab and sarif name the object and the field of each problem', async () => {
    const root = tempRepo({ 'gw.yaml': GATEWAY.replace('port: 80', 'port: 0') });
    try {
      const gitlab = await run(['conform', 'gw.yaml', '--format', 'gitlab'], root);
      assert.equal(gitlab.code, 2);
      const issues = JSON.parse(gitlab.stdout) as { check_name: string; description: string; location: { path: string; lines: { begin: number } } }[];
      assert.deepEqual(
        issues.map((i) => [i.check_name, i.location.path, i.location.lines.begin, i.description.split('\n')[0]]),
        [['gwtopo/crd-invalid', 'gw.yaml', 10, 'Gateway/edge: spec.listeners[0].port: Invalid value: 0: should be greater than or equal to 1']],
      );
      const sarif = await run(['conform', 'gw.yaml', '--format', 'sarif'], root);
      const result = (JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string; message: { text: string } }[] }[] }).runs[0]!.results[0]!;
      assert.equal(result.ruleId, 'crd-invalid');
      assert.match(result.message.text, /^Gateway\/edge: spec\.listeners\[0\]\.port: Invalid value: 0/);
    } finally {
      removeTemp(root);
    }
  });
});

describe('gwtopo conform: garbage never yields a stack trace', () => {
  test('binary, NUL bytes, huge, not YAML, deeply nested, not objects, missing: exit 2, one positioned problem each (real executable)', () => {
    const root = tempRepo({
      'text.yaml': 'hello: [world\n',
      'nested.yaml': `${'['.repeat(20000)}${']'.repeat(20000)}\n`,
      'scalar.yaml': 'just some text\n',
      'nokind.yaml': 'apiVersion: v1\nmetadata: {name: x}\n',
    });
    writeFileSync(join(root, 'binary.yaml'), Buffer.from([0x81, 0x90, 0xc3, 0x28]));
    writeFileSync(join(root, 'nul.yaml'), Buffer.from('apiVersion: v1\u0000\n'));
    writeFileSync(join(root, 'huge.yaml'), '');
    truncateSync(join(root, 'huge.yaml'), MAX_MANIFEST_BYTES + 1);
    try {
      const r = spawnCli(['conform', 'binary.yaml', 'nul.yaml', 'huge.yaml', 'text.yaml', 'nested.yaml', 'scalar.yaml', 'nokind.yaml', 'absent.yaml'], root);
      assert.equal(r.code, 2);
      assert.doesNotMatch(r.stderr, NO_STACK);
      const lines = problemLines(r.stderr);
      const files = lines.map((l) => l.split(':')[0]);
      assert.deepEqual(files, ['absent.yaml', 'binary.yaml', 'huge.yaml', 'nested.yaml', 'nokind.yaml', 'nul.yaml', 'scalar.yaml', 'text.yaml'], r.stderr);
      assert.match(r.stderr, /^absent\.yaml:1:1: error: no such file or folder \[conform-input\]$/m);
      assert.match(r.stderr, /^binary\.yaml:1:1: error: is not UTF-8 text \(a binary file\?\) \[conform-input\]$/m);
      assert.match(r.stderr, /^huge\.yaml:1:1: error: is 268435457 bytes; gwtopo conform reads at most 256 MiB per input \[conform-input\]$/m);
      assert.match(r.stderr, /^nokind\.yaml:1:1: error: not a Kubernetes object: a map with apiVersion and kind is expected \[conform-input\]$/m);
      assert.match(r.stderr, /^scalar\.yaml:1:1: error: not a Kubernetes object: a map with apiVersion and kind is expected \[conform-input\]$/m);
      assert.match(r.stderr, /^text\.yaml:2:1: error: YAML syntax error: /m);
    } finally {
      removeTemp(root);
    }
  });

  test('usage errors: no input, stdin twice', async () => {
    const root = tempRepo();
    try {
      for (const [argv, message] of [
        [['conform'], 'gwtopo: error: conform needs a file, a folder or -: gwtopo conform PATH|-... [usage]\n  hint: files or folders of Kubernetes YAML; - reads standard input\n'],
        [['conform', '-', '-'], 'gwtopo: error: - (standard input) is given more than once [usage]\n  hint: standard input can be read once\n'],
        [['conform', 'x', '--cluster', 'a'], 'gwtopo: error: --cluster does not apply to conform [usage]\n  hint: --cluster is for generate, check, validate, diff, import\n'],
      ] as const) {
        const r = await run([...argv], root);
        assert.deepEqual([r.code, r.stderr], [2, message]);
      }
    } finally {
      removeTemp(root);
    }
  });
});

describe('gwtopo conform: large inputs in threads', () => {
  test('a stream is cut at document starts, each part knowing its first line', () => {
    const text = 'a: 1\n---\nb: 2\n---\nc: |\n  x\n---\nd: 4\n';
    const parts = splitManifests(
      [
        { file: 'f', text },
        { file: 'g', text: 'e: 5\n' },
      ],
      2,
    );
    const pieces = parts
      .flat()
      .filter((p) => p.file === 'f')
      .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    assert.equal(pieces.map((p) => p.text).join(''), text, 'the pieces are the whole text, in order');
    assert.ok(pieces.length > 1);
    for (const p of pieces) {
      assert.ok(p.text.startsWith('---') || p.line === 0, JSON.stringify(p));
      assert.equal(p.line, text.slice(0, text.indexOf(p.text)).split('\n').length - 1);
    }
    assert.deepEqual(splitManifests([{ file: 'f', text }], 1), [[{ file: 'f', text }]]);
  });

  test('threads report the same problems at the same positions as one thread (real executable)', () => {
    const docs = Array.from({ length: 1500 }, (_, i) => GATEWAY.replace('name: edge', `name: edge-${i}`));
    docs[1400] = docs[1400]!.replace('port: 80', 'port: 0');
    const root = tempRepo({ 'big.yaml': docs.join('---\n') });
    try {
      const one = spawnCli(['conform', 'big.yaml'], root, { GWTOPO_WORKERS: '0' });
      const two = spawnCli(['conform', 'big.yaml'], root, { GWTOPO_WORKERS: '1' });
      assert.equal(one.code, 2);
      assert.deepEqual(problemLines(one.stderr), ['big.yaml:16810:7: error: Gateway/edge-1400: spec.listeners[0].port: Invalid value: 0: should be greater than or equal to 1 [crd-invalid]']);
      assert.deepEqual([two.code, two.stdout, two.stderr], [one.code, one.stdout, one.stderr]);
    } finally {
      removeTemp(root);
    }
  });
});
