// --format gitlab (GitLab Code Quality) and --format sarif (SARIF 2.1.0) for validate and check: valid
// against their schemas, paths from the repository root, stable fingerprints, golden outputs
// (test/fixtures/formats/expected; refresh with UPDATE_GOLDEN=1 npm test), help for every documented rule.
//
// SARIF: the OASIS 2.1.0 schema as @microsoft/jest-sarif ships it (sarif-2.1.0-rtm.5.json, JSON Schema
// draft-04, validated with ajv-draft-04). GitLab publishes no schema file for Code Quality reports; the one
// below is written from the field table of its documentation (https://docs.gitlab.com/ci/testing/code_quality/,
// "Code Quality report format": description, check_name, fingerprint, severity — one of info, minor, major,
// critical, blocker —, location.path, location.lines.begin, all required).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import AjvModule from 'ajv';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { CATALOG } from '../generator/diagnostics/catalog.js';
import { main } from '../generator/main.js';
import { ruleHelp } from '../generator/report/rule-help.js';
import { FIXTURES, type RunResult, removeTemp, tempRepo, writeFiles } from './helpers.js';

// CommonJS packages: their default export is the class.
const Ajv = AjvModule as unknown as typeof AjvModule.default;
const AjvDraft04 = AjvDraft04Module as unknown as typeof AjvDraft04Module.default;
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const require = createRequire(import.meta.url);
const SARIF_SCHEMA = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
// The schema's language pattern has a stray "]" that a unicode-mode RegExp refuses: compile it as the
// schema's draft-04 era did, without the u flag. Formats (uri, uri-reference, date-time) are checked.
const sarifAjv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(sarifAjv);
const validateSarif = sarifAjv.compile(SARIF_SCHEMA);

const GITLAB_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
    properties: {
      description: { type: 'string', minLength: 1 },
      check_name: { type: 'string', minLength: 1 },
      fingerprint: { type: 'string', minLength: 1 },
      severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
      location: {
        type: 'object',
        required: ['path', 'lines'],
        properties: {
          path: { type: 'string', minLength: 1, not: { pattern: '^/' } },
          lines: { type: 'object', required: ['begin'], properties: { begin: { type: 'integer', minimum: 1 } } },
        },
      },
    },
  },
};
const validateGitlab = new Ajv({ allErrors: true }).compile(GITLAB_SCHEMA);

const EXPECTED = join(FIXTURES, 'formats', 'expected');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function golden(name: string, actual: string): void {
  if (UPDATE) {
    writeFiles(EXPECTED, { [name]: actual });
    return;
  }
  assert.equal(actual, readFileSync(join(EXPECTED, name), 'utf8'), `${name} (refresh with UPDATE_GOLDEN=1 npm test and review the change)`);
}

/** An invalid topology (one error, one warning) under gitops/, in a repository checked out at `root`. */
const INVALID = `apiVersion: gwtopo/v1alpha1
kind: GatewayTopology
metadata:
  name: a
spec:
  gateways:
    - name: edge
      direction: ingress
      networking: external
      scope: dataplane
      service: {type: ClusterIP}
      listeners:
        - {protocol: HTTP, port: 80, host: a.example.com, hostname: "*.other.example.com"}
`;

const VALID = `apiVersion: gwtopo/v1alpha1
kind: GatewayTopology
metadata:
  name: a
spec:
  gateways:
    - name: edge
      direction: ingress
      networking: external
      scope: dataplane
      listeners:
        - {protocol: HTTP, port: 80, host: a.example.com}
`;

/** Runs in-process as CI would: from the checkout, with the CI's workspace variable. */
async function runCi(argv: string[], cwd: string, ci: { githubWorkspace?: string; gitlabProjectDir?: string } = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), interactive: false, cwd, ...ci });
  return { code, stdout, stderr };
}

type Sarif = {
  runs: {
    tool: { driver: { rules: { id: string; help: { text: string } }[] } };
    results: {
      ruleId: string;
      level: string;
      locations?: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn: number } } }[];
      partialFingerprints: Record<string, string>;
    }[];
  }[];
};
type Gitlab = { description: string; check_name: string; fingerprint: string; severity: string; location: { path: string; lines: { begin: number } } }[];

describe('--format gitlab and sarif', () => {
  test('the schema validators reject broken reports (so the checks below can fail)', () => {
    assert.equal(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] }), false);
    assert.equal(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x', rules: [{ id: 'r', helpUri: 'not a uri' }] } } }] }), false);
    assert.equal(validateGitlab([{ description: 'd', check_name: 'c', fingerprint: 'f', severity: 'error', location: { path: 'p', lines: { begin: 1 } } }]), false);
    assert.equal(validateGitlab([{ description: 'd', check_name: 'c', fingerprint: 'f', severity: 'minor', location: { path: '/abs', lines: { begin: 1 } } }]), false);
  });

  test('validate: schema-valid, positioned, named from the repository root, the summary on stderr', async () => {
    const root = tempRepo({ 'gitops/topologies/a/topology.yaml': INVALID });
    try {
      const gitlab = await runCi(['validate', '--root', 'gitops', '--format', 'gitlab'], root);
      assert.equal(gitlab.code, 2);
      assert.equal(gitlab.stderr, 'gwtopo: 1 error in 1 file\n');
      const issues = JSON.parse(gitlab.stdout) as Gitlab;
      assert.ok(validateGitlab(issues), JSON.stringify(validateGitlab.errors));
      assert.deepEqual(
        issues.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin]),
        [
          ['gwtopo/external-clusterip', 'critical', 'gitops/topologies/a/topology.yaml', 11],
          ['gwtopo/host-hostname', 'minor', 'gitops/topologies/a/topology.yaml', 13],
        ],
      );
      golden('validate.gitlab.json', gitlab.stdout);

      const sarif = await runCi(['validate', '--root', 'gitops', '--format', 'sarif'], root);
      assert.equal(sarif.code, 2);
      const log = JSON.parse(sarif.stdout) as Sarif;
      assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors));
      const run = log.runs[0]!;
      assert.deepEqual(
        run.tool.driver.rules.map((r) => r.id),
        ['external-clusterip', 'host-hostname'],
      );
      assert.deepEqual(
        run.results.map((r) => [r.ruleId, r.level, r.locations![0]!.physicalLocation.artifactLocation.uri, r.locations![0]!.physicalLocation.region]),
        [
          ['external-clusterip', 'error', 'gitops/topologies/a/topology.yaml', { startLine: 11, startColumn: 23 }],
          ['host-hostname', 'warning', 'gitops/topologies/a/topology.yaml', { startLine: 13, startColumn: 69 }],
        ],
      );
      golden('validate.sarif.json', sarif.stdout.replace(/"semanticVersion": "[^"]*"/, '"semanticVersion": "<version>"'));

      // From inside the root, with the CI's checkout variable: the same paths.
      assert.equal((await runCi(['validate', '--format', 'gitlab'], join(root, 'gitops'), { gitlabProjectDir: root })).stdout, gitlab.stdout);
      assert.equal((await runCi(['validate', '--format', 'sarif'], join(root, 'gitops'), { githubWorkspace: root })).stdout, sarif.stdout);
    } finally {
      removeTemp(root);
    }
  });

  test('check: drifted, missing and stale files are results too; fingerprints survive moved lines', async () => {
    const root = tempRepo({ 'topologies/a/topology.yaml': VALID });
    try {
      assert.equal((await runCi(['generate'], root)).code, 0);
      const clean = await runCi(['check', '--format', 'gitlab'], root);
      assert.deepEqual([clean.code, clean.stdout], [0, '[]\n']);
      const empty = JSON.parse((await runCi(['check', '--format', 'sarif'], root)).stdout) as Sarif;
      assert.ok(validateSarif(empty), JSON.stringify(validateSarif.errors));
      assert.deepEqual(empty.runs[0]!.results, []);

      writeFiles(root, {
        'overlays/a/data-plane/edge.gateway.yaml': '# Code generated by gwtopo from topologies/a/topology.yaml. DO NOT EDIT.\nold: content\n',
        'overlays/a/data-plane/gone.gateway.yaml': '# Code generated by gwtopo from topologies/a/topology.yaml. DO NOT EDIT.\n',
        'overlays/a/data-plane/notes.md': 'mine\n',
      });
      const gitlab = await runCi(['check', '--format', 'gitlab'], root);
      assert.equal(gitlab.code, 1);
      assert.match(gitlab.stderr, /^gwtopo: overlays\/ is out of date: 1 changed, 0 missing, 1 stale\. Run gwtopo generate and commit the result\.\n$/);
      const issues = JSON.parse(gitlab.stdout) as Gitlab;
      assert.ok(validateGitlab(issues), JSON.stringify(validateGitlab.errors));
      assert.deepEqual(
        issues.map((i) => [i.check_name, i.severity, i.location.path]),
        [
          ['gwtopo/drift', 'critical', 'overlays/a/data-plane/edge.gateway.yaml'],
          ['gwtopo/drift', 'critical', 'overlays/a/data-plane/gone.gateway.yaml'],
          ['gwtopo/left-alone', 'minor', 'overlays/a/data-plane/notes.md'],
        ],
      );
      assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length, 'one fingerprint per issue');
      golden('check.gitlab.json', gitlab.stdout);
      const sarif = await runCi(['check', '--format', 'sarif'], root);
      const log = JSON.parse(sarif.stdout) as Sarif;
      assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors));
      assert.deepEqual(
        log.runs[0]!.tool.driver.rules.map((r) => r.id),
        ['drift', 'left-alone'],
      );
      assert.equal(log.runs[0]!.results[0]!.locations![0]!.physicalLocation.region, undefined, 'a drifted file has no position');
      golden('check.sarif.json', sarif.stdout.replace(/"semanticVersion": "[^"]*"/, '"semanticVersion": "<version>"'));
    } finally {
      removeTemp(root);
    }
  });

  test('fingerprints: the same problem on another line keeps its fingerprint; identical problems get distinct ones', async () => {
    const root = tempRepo({ 'topologies/a/topology.yaml': INVALID });
    try {
      const before = JSON.parse((await runCi(['validate', '--format', 'gitlab'], root)).stdout) as Gitlab;
      writeFiles(root, { 'topologies/a/topology.yaml': `# a comment moves every line\n\n${INVALID}` });
      const after = JSON.parse((await runCi(['validate', '--format', 'gitlab'], root)).stdout) as Gitlab;
      assert.deepEqual(
        after.map((i) => i.location.lines.begin),
        before.map((i) => i.location.lines.begin + 2),
      );
      assert.deepEqual(
        after.map((i) => i.fingerprint),
        before.map((i) => i.fingerprint),
      );
      const sarifBefore = JSON.parse((await runCi(['validate', '--format', 'sarif'], root)).stdout) as Sarif;
      writeFiles(root, { 'topologies/a/topology.yaml': INVALID });
      const sarifAfter = JSON.parse((await runCi(['validate', '--format', 'sarif'], root)).stdout) as Sarif;
      assert.deepEqual(
        sarifAfter.runs[0]!.results.map((r) => r.partialFingerprints),
        sarifBefore.runs[0]!.results.map((r) => r.partialFingerprints),
      );
      // Two clusters' folders with the same mistake in the same file name differ by path; a problem reported
      // twice at two places of one file with the same text gets an occurrence number.
      const twice = tempRepo({ 'topologies/b/topology.yaml': 'apiVersion: gwtopo/v1alpha1\nkind: GatewayTopology\nmetadata: {name: b}\nspec:\n  bogus: 1\n  gateways: []\n  bogus2: 2\n' });
      try {
        const issues = JSON.parse((await runCi(['validate', '--format', 'gitlab'], twice)).stdout) as Gitlab;
        assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length);
      } finally {
        removeTemp(twice);
      }
    } finally {
      removeTemp(root);
    }
  });

  test('the formats are offered where they make sense', async () => {
    const root = tempRepo({ 'topologies/a/topology.yaml': VALID });
    try {
      for (const command of ['generate', 'init x', 'build a']) {
        const r = await runCi([...command.split(' '), '--format', 'sarif'], root);
        assert.equal(r.code, 2, command);
        assert.match(r.stderr, /^gwtopo: error: --format for \w+ must be one of: /);
      }
    } finally {
      removeTemp(root);
    }
  });

  test('SARIF rule help comes from the rule catalog (what, how to fix, why); an unknown id points at explain', () => {
    const entry = CATALOG['host-required'];
    assert.deepEqual(ruleHelp('host-required'), {
      summary: `${entry.summary[0]!.toUpperCase()}${entry.summary.slice(1)}.`,
      help: `${entry.fix[0]!.toUpperCase()}${entry.fix.slice(1)}. ${entry.why[0]!.toUpperCase()}${entry.why.slice(1)}.`,
    });
    assert.deepEqual(ruleHelp('no-such-rule'), {
      summary: 'gwtopo rule no-such-rule.',
      help: 'See gwtopo explain no-such-rule, or https://github.com/gwtopo/gwtopo/blob/main/docs/topology.md#validation-rules.',
    });
  });
});
